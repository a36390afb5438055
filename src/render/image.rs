//! Images as XObjects: the theme's logo, and the content's figures (PNG and JPEG
//! as image XObjects, SVG as form XObjects), each written once per PDF and named
//! in the XObject dictionary all pages' resources share.
//!
//! Raster streams hold the raw RGB pixels; `finish` deflates them with every other
//! stream at a fixed level, so the same image always gives the same bytes. A figure
//! is named after its contents' hash ([`name`]), so pages written in parallel agree
//! on its name without talking, and it is embedded once however often it is drawn.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::ops::num;
use crate::layout::{Item, Pt};
use crate::model::picture::{ImageData, ImageKind, Svg};
use crate::theme::Image;

/// The resource name of the logo image.
pub(super) const LOGO: &str = "Im1";

/// Adds the image and names it in the resources. `None` if the resources are not
/// where printpdf puts them.
pub(super) fn embed(doc: &mut lopdf::Document, img: &Image) -> Option<()> {
    let id = raster(doc, img);
    name_xobjects(doc, vec![(LOGO.to_string(), id)])
}

/// The resource name of a figure's image.
pub(super) fn name(image: &ImageData) -> String {
    format!("Fig{:016x}", image.id)
}

/// Draws a figure's image into the box with top-left corner (`x`, `y`) on a page
/// of `height` points: an image, and svg2pdf's form alike, fill the unit square,
/// which is mapped onto the box.
pub(super) fn draw(s: &mut String, (x, y, w, h): (Pt, Pt, Pt, Pt), height: Pt, image: &ImageData) {
    s.push_str("q ");
    for v in [w, 0.0, 0.0, h, x, height - y - h] {
        num(s, v);
        s.push(' ');
    }
    let _ = writeln!(s, "cm /{} Do Q", name(image));
}

/// Embeds every figure image the pages draw (their [`Item::Picture`]s are among
/// `kept`, each page's items kept past writing), once each, in order of name.
pub(super) fn embed_figures(doc: &mut lopdf::Document, kept: &[Vec<Item>]) -> Result<(), String> {
    let mut images: BTreeMap<String, Arc<ImageData>> = BTreeMap::new();
    for item in kept.iter().flatten() {
        if let Item::Picture { image, .. } = item {
            images.entry(name(image)).or_insert_with(|| image.clone());
        }
    }
    if images.is_empty() {
        return Ok(());
    }
    let mut entries = Vec::new();
    for (name, image) in images {
        let id = match &image.kind {
            ImageKind::Raster(img) => raster(doc, img),
            ImageKind::Vector(svg) => vector(doc, svg)?,
        };
        entries.push((name, id));
    }
    name_xobjects(doc, entries).ok_or("page resources not where printpdf puts them".into())
}

/// An image XObject of 8-bit RGB pixels.
fn raster(doc: &mut lopdf::Document, img: &Image) -> ObjectId {
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Image");
    dict.set("Width", i64::from(img.width));
    dict.set("Height", i64::from(img.height));
    dict.set("ColorSpace", "DeviceRGB");
    dict.set("BitsPerComponent", 8);
    doc.add_object(Stream::new(dict, img.rgb.clone()))
}

/// An SVG's form XObject, copied with everything it refers to out of the PDF
/// svg2pdf wrote it into.
fn vector(doc: &mut lopdf::Document, svg: &Svg) -> Result<ObjectId, String> {
    let src = lopdf::Document::load_mem(&svg.pdf).map_err(|e| format!("an SVG's drawing: {e}"))?;
    let mut copied = HashMap::new();
    match import(&src, &Object::Reference((svg.form, 0)), doc, &mut copied) {
        Object::Reference(id) => Ok(id),
        _ => Err("an SVG's drawing is not an object".into()),
    }
}

/// `obj` from `src`, with every object it refers to copied into `dst` once
/// (`copied` maps `src`'s ids to `dst`'s).
fn import(
    src: &lopdf::Document,
    obj: &Object,
    dst: &mut lopdf::Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
) -> Object {
    match obj {
        Object::Reference(id) => {
            if let Some(new) = copied.get(id) {
                return Object::Reference(*new);
            }
            let new = dst.new_object_id();
            copied.insert(*id, new);
            let target = src.get_object(*id).cloned().unwrap_or(Object::Null);
            let value = import(src, &target, dst, copied);
            dst.objects.insert(new, value);
            Object::Reference(new)
        }
        Object::Array(items) => {
            Object::Array(items.iter().map(|o| import(src, o, dst, copied)).collect())
        }
        Object::Dictionary(d) => Object::Dictionary(import_dict(src, d, dst, copied)),
        Object::Stream(s) => {
            let dict = import_dict(src, &s.dict, dst, copied);
            let mut stream = Stream::new(dict, s.content.clone());
            stream.allows_compression = s.allows_compression;
            Object::Stream(stream)
        }
        other => other.clone(),
    }
}

fn import_dict(
    src: &lopdf::Document,
    d: &Dictionary,
    dst: &mut lopdf::Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
) -> Dictionary {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        out.set(k.clone(), import(src, v, dst, copied));
    }
    out
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
