//! The structure elements' dictionaries and the parent tree, written once every
//! page has added its kids.

use lopdf::{Dictionary, Object, ObjectId};
use std::io::Write as _;

use super::{Kid, Tree};
use crate::document::structure::{Elem, ElemId, Role, Structure};
use crate::render::objects::text_string;
use crate::render::pack;

/// The parent tree, `<</Nums [...]>>`, as the bytes `pack` would write for it: each
/// page's key with its elements in MCID order, then each annotation's key with its
/// `Link` element. Written as bytes, not built as objects: a long book has a quarter
/// of a million entries (see `docs/benchmarks.md`).
pub(super) fn parent_tree_bytes(
    tree: &Tree,
    mcids: &[Vec<ElemId>],
    annots: &[(i64, ElemId)],
) -> Vec<u8> {
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
        let refs = Object::Array(page_mcids.iter().map(|&e| tree.elem_ref(e)).collect());
        entry(&mut nums, index, refs);
    }
    for (key, e) in annots {
        entry(&mut nums, *key as usize, tree.elem_ref(*e));
    }
    nums.extend_from_slice(b"]>>");
    nums
}

/// Element `e`'s `StructElem` dictionary: its role, attributes, parent, page,
/// alternative text and kids.
pub(super) fn element(
    tree: &Tree,
    e: ElemId,
    kids: &[Kid],
    bbox: Option<Vec<Object>>,
    page_ids: &[ObjectId],
    root_id: ObjectId,
) -> Dictionary {
    let pg = tree.page[tree.structure.index(e)];
    let mut kids: Vec<Object> = kids
        .iter()
        .map(|k| match *k {
            Kid::Elem(c) => tree.ref_at(c as usize),
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
    let elem = &tree.structure[e];
    let mut d = Dictionary::new();
    // `/Type /StructElem` is optional and would be repeated a thousand times.
    d.set("S", elem.role.name());
    set_attributes(&mut d, elem, bbox);
    d.set(
        "P",
        if e == Structure::ROOT {
            root_id
        } else {
            tree.ids[tree.structure.index(elem.parent)].unwrap_or(root_id)
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
    d
}

/// An element's `/A`: a list's numbering, a table header's scope or a figure's box.
/// An element has at most one of them; were it to have more, the last would win.
fn set_attributes(d: &mut Dictionary, elem: &Elem, bbox: Option<Vec<Object>>) {
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
    if let Some(bbox) = bbox {
        let mut a = Dictionary::new();
        a.set("O", "Layout");
        a.set("BBox", bbox);
        d.set("A", a);
    }
}
