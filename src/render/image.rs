//! The theme's logo as an image XObject, written once per PDF and named in the
//! pages' shared resources (printpdf gives every page the same resource dictionary).
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
    let first_page = *doc.get_pages().values().next()?;
    let page = doc.get_object(first_page).ok()?.as_dict().ok()?;
    let resources = page.get(b"Resources").ok()?.as_reference().ok()?;
    let res = doc.get_object_mut(resources).ok()?.as_dict_mut().ok()?;
    let mut xobjects = match res.get(b"XObject") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    xobjects.set(LOGO, Object::Reference(id));
    res.set("XObject", xobjects);
    Some(())
}
