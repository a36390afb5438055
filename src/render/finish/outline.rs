//! The outline (bookmarks), in document order. printpdf sorts its entries by title
//! within a page; this writes them as the document has them, each landing a little
//! above its heading.

use lopdf::{Dictionary, Object, ObjectId};

use crate::error::Error;
use crate::layout::Laid;
use crate::render::objects::{landing_top, text_string, xyz_destination};

/// Writes `laid`'s outline entries, one a heading, and their root; `None` when the
/// document has no headings to list.
pub(super) fn outline(
    doc: &mut lopdf::Document,
    laid: &Laid,
    page_ids: &[ObjectId],
) -> Result<Option<ObjectId>, Error> {
    if laid.outline.is_empty() {
        return Ok(None);
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = laid.outline.iter().map(|_| doc.new_object_id()).collect();
    for (i, entry) in laid.outline.iter().enumerate() {
        let page = *page_ids
            .get(entry.page)
            .ok_or_else(|| Error::Render("outline entry past the last page".into()))?;
        let mut d = Dictionary::new();
        d.set("Title", text_string(&entry.title));
        d.set("Parent", root);
        // Not rounded, unlike a link's destination: the bytes have always been so.
        let top = landing_top(laid.frame.height, entry.y);
        d.set("Dest", xyz_destination(page, top));
        if i > 0 {
            d.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            d.set("Next", ids[i + 1]);
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", ids[0]);
    r.set("Last", ids[ids.len() - 1]);
    r.set("Count", ids.len() as i64);
    doc.objects.insert(root, Object::Dictionary(r));
    Ok(Some(root))
}
