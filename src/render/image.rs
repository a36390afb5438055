//! The theme's logo as an image XObject, written once per PDF and named in the
//! XObject dictionary all pages' resources share.
//!
//! The stream holds the raw RGB pixels; `finish` deflates it with every other stream
//! at a fixed level, so the same logo always gives the same bytes.

use lopdf::{Dictionary, Object, Stream};

use super::content::LOGO;
use crate::theme::Image;

/// Adds the image and names it in the resources. `None` if the resources are not
/// where printpdf puts them.
pub(super) fn embed(doc: &mut lopdf::Document, img: &Image) -> Option<()> {
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Image");
    dict.set("Width", i64::from(img.width));
    dict.set("Height", i64::from(img.height));
    dict.set("ColorSpace", "DeviceRGB");
    dict.set("BitsPerComponent", 8);
    let id = doc.add_object(Stream::new(dict, img.rgb.clone()));
    name_xobjects(doc, vec![(LOGO.to_string(), id)])
}

/// Names `entries` in the XObject dictionary every page's resources share. printpdf
/// gives each page a resource dictionary of its own, all pointing at one XObject
/// dictionary; that one is extended, so every page can draw every image.
pub(super) fn name_xobjects(
    doc: &mut lopdf::Document,
    entries: Vec<(String, lopdf::ObjectId)>,
) -> Option<()> {
    let first_page = *doc.get_pages().values().next()?;
    let page = doc.get_object(first_page).ok()?.as_dict().ok()?;
    let resources = page.get(b"Resources").ok()?.as_reference().ok()?;
    let shared = match doc
        .get_object(resources)
        .ok()?
        .as_dict()
        .ok()?
        .get(b"XObject")
    {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let target = match shared {
        Some(id) => doc.get_object_mut(id).ok()?.as_dict_mut().ok()?,
        None => {
            let res = doc.get_object_mut(resources).ok()?.as_dict_mut().ok()?;
            if res.get(b"XObject").is_err() {
                res.set("XObject", Dictionary::new());
            }
            res.get_mut(b"XObject").ok()?.as_dict_mut().ok()?
        }
    };
    for (name, id) in entries {
        target.set(name, Object::Reference(id));
    }
    Some(())
}
