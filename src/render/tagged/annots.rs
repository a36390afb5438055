//! Link annotations and figure boxes: each page's links become `/Link`
//! annotations with their rectangle and action (a URI in ASCII, or a jump to a
//! place) and a `/StructParent` tying them to their `Link` element; figures' boxes
//! become `Layout` attributes. Also sealing a finished page with its annotations.

use lopdf::{Dictionary, Object, ObjectId};

use super::{Kid, Tree};
use crate::document::structure::{ElemId, Role};
use crate::error::Error;
use crate::layout::{GroupKind, Item, Laid, Target};
use crate::render::objects::{landing_top, text_string, xyz_destination};
use crate::render::pack::Packed;

/// `v` to 1/100 pt, as the page contents write their numbers.
fn hundredths(v: f32) -> Object {
    Object::Real(crate::render::ops::round_hundredth(v))
}

/// A box from layout's top-left, y-down corner as PDF's `[left bottom right top]`, to
/// 1/100 pt.
fn pdf_rect(page_height: f32, x: f32, y: f32, w: f32, h: f32) -> Vec<Object> {
    let bottom = page_height - y - h;
    vec![
        hundredths(x),
        hundredths(bottom),
        hundredths(x + w),
        hundredths(bottom + h),
    ]
}

/// What the pages' links and figures add to the tree beside their marked content.
pub(super) struct Annotations {
    /// The parent tree's next key: after one a page, one an annotation.
    pub(super) next_key: i64,
    /// Each link annotation's parent-tree key and its `Link` element.
    pub(super) entries: Vec<(i64, ElemId)>,
    /// Figures' boxes on the page they are drawn on: a `Layout` attribute.
    pub(super) bboxes: std::collections::BTreeMap<ElemId, Vec<Object>>,
}

impl Annotations {
    /// Takes page `index`'s figure boxes and writes its link annotations into
    /// `packed`, each tied to its `Link` element; returns the annotations' references
    /// for the page's `/Annots`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn page(
        &mut self,
        doc: &mut lopdf::Document,
        tree: &mut Tree,
        packed: &mut Packed,
        laid: &Laid,
        page_ids: &[ObjectId],
        index: usize,
        links: &[Item],
    ) -> Result<Vec<Object>, Error> {
        let structure = tree.structure;
        let mut refs = Vec::new();
        for item in links {
            if let Item::Group {
                kind: GroupKind::Element { elem, x, y, w, h },
                ..
            } = item
            {
                let bbox = pdf_rect(laid.frame.height, *x, *y, *w, *h);
                self.bboxes.entry(*elem).or_insert(bbox);
                continue;
            }
            let Item::Link { elem, .. } = item else {
                continue;
            };
            let Some(mut a) = link_annotation(item, laid.frame.height, page_ids)? else {
                continue;
            };
            let link = elem.and_then(|e| structure.ancestor(e, Role::Link));
            if let Some(link) = link {
                if let Some(alt) = &structure[link].alt {
                    a.set("Contents", text_string(alt));
                }
                a.set("StructParent", self.next_key);
                self.entries.push((self.next_key, link));
                self.next_key += 1;
            }
            // Serialised at once, like the elements: a long document has thousands.
            let id = doc.new_object_id();
            packed.push(id, &Object::Dictionary(a));
            if let Some(link) = link {
                let (page, annot) = (index as u32, id.0);
                tree.add(doc, link, Kid::Annot { page, annot });
            }
            refs.push(Object::Reference(id));
        }
        Ok(refs)
    }
}

/// The annotation of a link item: its rectangle and its action, a URI or a jump to
/// a place. `None` for a link whose target was never resolved (a bug upstream; a
/// dead link is harmless) or an item that is not a link.
fn link_annotation(
    item: &Item,
    page_height: f32,
    page_ids: &[ObjectId],
) -> Result<Option<Dictionary>, Error> {
    let Item::Link {
        x, y, w, h, target, ..
    } = item
    else {
        return Ok(None);
    };
    let mut a = Dictionary::new();
    a.set("Type", "Annot");
    a.set("Subtype", "Link");
    a.set("Rect", pdf_rect(page_height, *x, *y, *w, *h));
    a.set("Border", vec![0.into(), 0.into(), 0.into()]);
    // Printable (PDF/A asks for it on every annotation).
    a.set("F", 4);
    let mut action = Dictionary::new();
    match target {
        Target::Url(u) => {
            action.set("S", "URI");
            action.set("URI", Object::string_literal(ascii_uri(u).as_bytes()));
        }
        Target::Place { page, y } => {
            let page = *page_ids
                .get(*page)
                .ok_or_else(|| Error::Render("link past the last page".into()))?;
            let top = (landing_top(page_height, *y) * 100.0).round() / 100.0;
            action.set("S", "GoTo");
            action.set("D", xyz_destination(page, top));
        }
        Target::Anchor(_) => return Ok(None),
    }
    a.set("A", action);
    Ok(Some(a))
}

/// Finishes page `index`: its `/StructParents`, tab order and annotations set, then
/// serialised into `packed` and dropped from `doc`, so a long book's thousands of
/// page dictionaries are not all held as lopdf objects until the file is written.
pub(super) fn seal_page(
    doc: &mut lopdf::Document,
    packed: &mut Packed,
    page_id: ObjectId,
    index: usize,
    annots: Vec<Object>,
) -> Result<(), Error> {
    let mut page = match doc.objects.remove(&page_id) {
        Some(Object::Dictionary(d)) => d,
        _ => return Err(Error::Render("page is not a dictionary".into())),
    };
    page.set("StructParents", index as i64);
    page.set("Tabs", "S");
    if !annots.is_empty() {
        page.set("Annots", annots);
    }
    packed.push(page_id, &Object::Dictionary(page));
    Ok(())
}

/// A URI as PDF's `/URI` takes it: 7-bit ASCII (ISO 32000-1, 12.6.4.7). A URL with
/// non-ASCII characters is written as its ASCII form: the host in punycode, the rest
/// percent-encoded, as a browser sends it.
fn ascii_uri(u: &str) -> String {
    if u.is_ascii() {
        return u.to_string();
    }
    match url::Url::parse(u) {
        Ok(parsed) => parsed.as_str().to_string(),
        Err(_) => u
            .bytes()
            .map(|b| {
                if b.is_ascii() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod uri_tests {
    #[test]
    fn non_ascii_urls_become_ascii() {
        use super::ascii_uri;
        assert_eq!(ascii_uri("https://example.com/a"), "https://example.com/a");
        assert_eq!(
            ascii_uri("https://bücher.example/straße?q=é"),
            "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A9"
        );
        assert!(ascii_uri("mailto:josé@example.com").is_ascii());
    }
}
