//! The structure tree: elements, the parent tree, and link annotations tied to them.
//!
//! `content` has numbered each page's marked-content sequences (MCIDs) and said which
//! element each belongs to. Here every element that has content becomes a structure
//! element, and its kids are listed in the order their content is drawn, which is
//! the order a person reads: an element joins its parent where its first content
//! appears. Elements with no content are left out. Each page gets `/StructParents`
//! and `/Tabs /S`; each link annotation a `/Contents` description and a
//! `/StructParent`, and its `Link` element an `OBJR` kid that points back at it; the
//! `ParentTree` number tree maps both back to elements, as ISO 32000-1 14.7.4 asks.

use lopdf::{Dictionary, Object, ObjectId};

use super::finish::text_string;
use super::pack::{self, Packed};
use crate::document::structure::{ElemId, Role, Structure};
use crate::error::Error;
use crate::layout::{GroupKind, Item, Laid, Target};
use std::io::Write as _;

/// A kid of an element. Numbers are `u32`s: a long book has half a million kids.
#[derive(Clone, Copy)]
enum Kid {
    Elem(u32),
    Mcid {
        page: u32,
        mcid: u32,
    },
    /// A link annotation, by object number (its generation is 0).
    Annot {
        page: u32,
        annot: u32,
    },
}

struct Tree<'s> {
    structure: &'s Structure,
    ids: Vec<Option<ObjectId>>,
    /// Every element's kids, as (element, kid) in the order they were added: one
    /// list, not a list an element, which was a quarter of a million small
    /// allocations in a long book. [`Tree::grouped`] sorts them by element.
    kids: Vec<(u32, Kid)>,
    /// The first page an element has content of its own on: its `/Pg`.
    page: Vec<Option<u32>>,
}

impl Tree<'_> {
    /// Makes sure `e` and its ancestors are in the tree, each listed by its parent.
    fn attach(&mut self, doc: &mut lopdf::Document, e: ElemId) {
        if self.ids[e].is_some() {
            return;
        }
        self.ids[e] = Some(doc.new_object_id());
        if e != Structure::ROOT {
            let parent = self.structure.elems[e].parent;
            self.attach(doc, parent);
            self.kids.push((parent as u32, Kid::Elem(e as u32)));
        }
    }

    fn add(&mut self, doc: &mut lopdf::Document, e: ElemId, kid: Kid) {
        self.attach(doc, e);
        if let Kid::Mcid { page, .. } | Kid::Annot { page, .. } = kid {
            self.page[e].get_or_insert(page);
        }
        self.kids.push((e as u32, kid));
    }

    /// The kids grouped by element, each element's in the order they were added
    /// (a counting sort), and where each element's start: element `e`'s kids are
    /// `kids[starts[e]..starts[e + 1]]`.
    fn grouped(&mut self) -> (Vec<Kid>, Vec<usize>) {
        let kids = std::mem::take(&mut self.kids);
        let mut starts = vec![0usize; self.ids.len() + 1];
        for (e, _) in &kids {
            starts[*e as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut out = vec![Kid::Elem(0); kids.len()];
        for (e, kid) in kids {
            out[fill[e as usize]] = kid;
            fill[e as usize] += 1;
        }
        (out, starts)
    }
}

/// Writes the structure tree for pages `page_ids` whose MCIDs belong to `mcids`, and
/// the annotations of each page's `links`; returns the `StructTreeRoot`.
///
/// The elements and the parent tree go into `packed` already serialised, not into
/// `doc`: as lopdf dictionaries (an index map an element, a heap allocation a key)
/// they were over half of a long document's peak memory, and as bytes they are
/// about 60 bytes an element. `pack::save` writes them into the object stream in
/// object-number order, so the file is the same either way.
pub(super) fn write(
    doc: &mut lopdf::Document,
    laid: &Laid,
    links: &[Vec<Item>],
    page_ids: &[ObjectId],
    mcids: &[Vec<ElemId>],
    packed: &mut Packed,
) -> Result<ObjectId, Error> {
    let structure = &laid.structure;
    let n = structure.elems.len();
    let mut tree = Tree {
        structure,
        ids: vec![None; n],
        kids: Vec::new(),
        page: vec![None; n],
    };
    tree.attach(doc, Structure::ROOT);
    // A stamped cover's "Prepared for" is drawn in a stream of its own after the rest
    // of the cover, so its MCID comes last; the cover's elements are put in the tree
    // in document order (their ids) first, so a screen reader meets the stamp where
    // it stands, between the cover's facts and its note.
    if let Some(stamp) = structure.stamp {
        if let Some(cover) = mcids.iter().find(|m| m.contains(&stamp)) {
            let mut elems = cover.clone();
            elems.sort_unstable();
            elems.dedup();
            elems.into_iter().for_each(|e| tree.attach(doc, e));
        }
    }
    // Parent tree: one array of elements per page (keys 0..pages), then one key per
    // annotation.
    let mut next_key = page_ids.len() as i64;
    let mut annot_entries: Vec<(i64, ElemId)> = Vec::new();
    // Figures' boxes on the page they are drawn on: a `Layout` attribute.
    let mut bboxes: std::collections::BTreeMap<ElemId, Vec<Object>> = Default::default();
    for (index, (&page_id, page_mcids)) in page_ids.iter().zip(mcids).enumerate() {
        for (mcid, &e) in page_mcids.iter().enumerate() {
            let (page, mcid) = (index as u32, mcid as u32);
            tree.add(doc, e, Kid::Mcid { page, mcid });
        }
        let mut annots = Vec::new();
        for item in links.get(index).into_iter().flatten() {
            if let Item::Group {
                kind: GroupKind::Element { elem, x, y, w, h },
                ..
            } = item
            {
                // To 1/100 pt, like the page contents; PDF's y runs up.
                let r = |v: f32| Object::Real((v * 100.0).round() / 100.0);
                let bottom = laid.frame.height - y - h;
                let bbox = vec![r(*x), r(bottom), r(x + w), r(bottom + h)];
                bboxes.entry(*elem).or_insert(bbox);
                continue;
            }
            let Item::Link {
                x,
                y,
                w,
                h,
                target,
                elem,
            } = item
            else {
                continue;
            };
            let mut a = Dictionary::new();
            a.set("Type", "Annot");
            a.set("Subtype", "Link");
            // To 1/100 pt, like the page contents.
            let r = |v: f32| Object::Real((v * 100.0).round() / 100.0);
            let bottom = laid.frame.height - y - h;
            a.set("Rect", vec![r(*x), r(bottom), r(x + w), r(bottom + h)]);
            a.set("Border", vec![0.into(), 0.into(), 0.into()]);
            // Printable (PDF/A asks for it on every annotation).
            a.set("F", 4);
            match target {
                Target::Url(u) => {
                    let mut action = Dictionary::new();
                    action.set("S", "URI");
                    action.set("URI", Object::string_literal(ascii_uri(u).as_bytes()));
                    a.set("A", action);
                }
                Target::Place { page, y } => {
                    let page = *page_ids
                        .get(*page)
                        .ok_or_else(|| Error::Render("link past the last page".into()))?;
                    // Land a little above the place so it is not flush with the window.
                    let top = ((laid.frame.height - y + 12.0) * 100.0).round() / 100.0;
                    let mut action = Dictionary::new();
                    action.set("S", "GoTo");
                    action.set(
                        "D",
                        vec![
                            page.into(),
                            "XYZ".into(),
                            0.into(),
                            top.into(),
                            Object::Null,
                        ],
                    );
                    a.set("A", action);
                }
                // Unresolved anchors are a bug upstream; a dead link is harmless.
                Target::Anchor(_) => continue,
            }
            let link = elem.and_then(|e| structure.ancestor(e, Role::Link));
            if let Some(link) = link {
                if let Some(alt) = &structure.elems[link].alt {
                    a.set("Contents", text_string(alt));
                }
                a.set("StructParent", next_key);
                annot_entries.push((next_key, link));
                next_key += 1;
            }
            // Serialised at once, like the elements: a long document has thousands.
            let id = doc.new_object_id();
            packed.push(id, &Object::Dictionary(a));
            if let Some(link) = link {
                tree.add(
                    doc,
                    link,
                    Kid::Annot {
                        page: index as u32,
                        annot: id.0,
                    },
                );
            }
            annots.push(Object::Reference(id));
        }
        // The page is finished: serialised now and dropped from `doc`, which held a
        // long book's six thousand page dictionaries as lopdf objects until it was
        // written.
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
    }
    let (kids, starts) = tree.grouped();
    let elem_ref = |e: ElemId| tree.ids[e].map_or(Object::Null, Object::Reference);
    // Written as bytes, not built as objects: a long book has a quarter of a million
    // entries, and as lopdf objects they were 13 MB more at the peak. The bytes are
    // what `pack` would write for `<</Nums [...]>>`.
    let mut nums = Vec::with_capacity(mcids.iter().map(|m| m.len() * 10 + 8).sum::<usize>());
    nums.extend_from_slice(b"<</Nums[");
    let mut first = true;
    let mut entry = |nums: &mut Vec<u8>, key: usize, value: Object| {
        if !std::mem::take(&mut first) {
            nums.push(b' ');
        }
        let _ = write!(nums, "{key} ");
        pack::write_object(nums, &value);
    };
    for (index, page_mcids) in mcids.iter().enumerate() {
        let refs = Object::Array(page_mcids.iter().map(|&e| elem_ref(e)).collect());
        entry(&mut nums, index, refs);
    }
    for (key, e) in &annot_entries {
        entry(&mut nums, *key as usize, elem_ref(*e));
    }
    nums.extend_from_slice(b"]>>");
    let parent_tree_id = doc.new_object_id();
    packed.push_bytes(parent_tree_id, nums);
    let parent_tree = parent_tree_id;

    let root_id = doc.new_object_id();
    for e in 0..n {
        let Some(id) = tree.ids[e] else { continue };
        let pg = tree.page[e];
        let mut kids: Vec<Object> = kids[starts[e]..starts[e + 1]]
            .iter()
            .map(|k| match *k {
                Kid::Elem(c) => elem_ref(c as usize),
                // Content on the element's own page is a bare MCID; elsewhere a
                // marked-content reference names its page.
                Kid::Mcid { page, mcid } if Some(page) == pg => (mcid as i64).into(),
                Kid::Mcid { page, mcid } => {
                    let mut r = Dictionary::new();
                    r.set("Type", "MCR");
                    r.set("Pg", page_ids[page as usize]);
                    r.set("MCID", mcid as i64);
                    r.into()
                }
                Kid::Annot { page, annot } => {
                    let mut r = Dictionary::new();
                    r.set("Type", "OBJR");
                    r.set("Pg", page_ids[page as usize]);
                    r.set("Obj", (annot, 0));
                    r.into()
                }
            })
            .collect();
        let elem = &structure.elems[e];
        let mut d = Dictionary::new();
        // `/Type /StructElem` is optional and would be repeated a thousand times.
        d.set("S", elem.role.name());
        if let Some(numbering) = elem.numbering {
            let mut a = Dictionary::new();
            a.set("O", "List");
            a.set("ListNumbering", numbering);
            d.set("A", a);
        }
        if let Some(scope) = elem.scope {
            let mut a = Dictionary::new();
            a.set("O", "Table");
            a.set("Scope", scope);
            d.set("A", a);
        }
        if let Some(bbox) = bboxes.remove(&e) {
            let mut a = Dictionary::new();
            a.set("O", "Layout");
            a.set("BBox", bbox);
            d.set("A", a);
        }
        d.set(
            "P",
            if e == Structure::ROOT {
                root_id
            } else {
                tree.ids[elem.parent].unwrap_or(root_id)
            },
        );
        if let Some(pg) = pg {
            d.set("Pg", page_ids[pg as usize]);
        }
        let described = matches!(elem.role, Role::Link | Role::Figure);
        if let Some(alt) = elem.alt.as_ref().filter(|_| described) {
            d.set("Alt", text_string(alt));
        }
        d.set(
            "K",
            if kids.len() == 1 {
                kids.remove(0)
            } else {
                Object::Array(kids)
            },
        );
        packed.push(id, &Object::Dictionary(d));
    }
    let mut root = Dictionary::new();
    root.set("Type", "StructTreeRoot");
    root.set("K", elem_ref(Structure::ROOT));
    root.set("ParentTree", parent_tree);
    root.set("ParentTreeNextKey", next_key);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Ok(root_id)
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
