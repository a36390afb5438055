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
//!
//! `write` walks the pages, adding their content to the tree; `annots` turns their
//! links into annotations and their figures into boxes, and `elements` writes the
//! elements and the parent tree once every page is done.

use lopdf::{Dictionary, Object, ObjectId};

mod annots;
mod elements;

use super::pack::Packed;
use crate::document::structure::{ElemId, Structure};
use crate::error::Error;
use crate::layout::{Item, Laid};
use annots::{seal_page, Annotations};
use elements::{element, parent_tree_bytes};

/// A kid of an element. Numbers are `u32`s: a long book has half a million kids.
#[derive(Clone, Copy)]
enum Kid {
    /// An element, by its index in the tree's tables ([`Structure::index`]).
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

/// The tree as it is written. Its tables are kept per element in
/// [`Structure::index`] order (the root, the cover's elements, the body's), and an
/// element in a kid or in `kids` is its index there.
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

impl<'s> Tree<'s> {
    fn new(structure: &'s Structure) -> Self {
        let n = structure.count();
        Tree {
            structure,
            ids: vec![None; n],
            kids: Vec::new(),
            page: vec![None; n],
        }
    }

    /// A reference to element `e`'s object, or `null` if it has no content.
    fn elem_ref(&self, e: ElemId) -> Object {
        self.ref_at(self.structure.index(e))
    }

    /// [`Tree::elem_ref`] of the element at `index`.
    fn ref_at(&self, index: usize) -> Object {
        self.ids[index].map_or(Object::Null, Object::Reference)
    }

    /// A stamped cover's "Prepared for" is drawn in a stream of its own after the
    /// rest of the cover, so its MCID comes last; the cover's elements are put in the
    /// tree in document order (their ids) first, so a screen reader meets the stamp
    /// where it stands, between the cover's facts and its note.
    fn attach_stamped_cover(&mut self, doc: &mut lopdf::Document, mcids: &[Vec<ElemId>]) {
        let Some(stamp) = self.structure.stamp else {
            return;
        };
        if let Some(cover) = mcids.iter().find(|m| m.contains(&stamp)) {
            let mut elems = cover.clone();
            elems.sort_unstable();
            elems.dedup();
            elems.into_iter().for_each(|e| self.attach(doc, e));
        }
    }

    /// Makes sure `e` and its ancestors are in the tree, each listed by its parent.
    fn attach(&mut self, doc: &mut lopdf::Document, e: ElemId) {
        let at = self.structure.index(e);
        if self.ids[at].is_some() {
            return;
        }
        self.ids[at] = Some(doc.new_object_id());
        if e != Structure::ROOT {
            let parent = self.structure[e].parent;
            self.attach(doc, parent);
            let parent_at = self.structure.index(parent);
            self.kids.push((parent_at as u32, Kid::Elem(at as u32)));
        }
    }

    fn add(&mut self, doc: &mut lopdf::Document, e: ElemId, kid: Kid) {
        self.attach(doc, e);
        let at = self.structure.index(e);
        if let Kid::Mcid { page, .. } | Kid::Annot { page, .. } = kid {
            self.page[at].get_or_insert(page);
        }
        self.kids.push((at as u32, kid));
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
/// they would be over half of a long document's peak memory, and as bytes they are
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
    let mut tree = Tree::new(structure);
    tree.attach(doc, Structure::ROOT);
    tree.attach_stamped_cover(doc, mcids);
    // Parent tree: one array of elements per page (keys 0..pages), then one key per
    // annotation.
    let mut annots = Annotations {
        next_key: page_ids.len() as i64,
        entries: Vec::new(),
        bboxes: Default::default(),
    };
    for (index, (&page_id, page_mcids)) in page_ids.iter().zip(mcids).enumerate() {
        for (mcid, &e) in page_mcids.iter().enumerate() {
            let (page, mcid) = (index as u32, mcid as u32);
            tree.add(doc, e, Kid::Mcid { page, mcid });
        }
        let page_links = links.get(index).map_or(&[][..], Vec::as_slice);
        let on_page = annots.page(doc, &mut tree, packed, laid, page_ids, index, page_links)?;
        seal_page(doc, packed, page_id, index, on_page)?;
    }
    let (kids, starts) = tree.grouped();
    let parent_tree = doc.new_object_id();
    packed.push_bytes(
        parent_tree,
        parent_tree_bytes(&tree, mcids, &annots.entries),
    );
    let root_id = doc.new_object_id();
    for (at, e) in structure.ids().enumerate() {
        let Some(id) = tree.ids[at] else { continue };
        let kids = &kids[starts[at]..starts[at + 1]];
        let bbox = annots.bboxes.remove(&e);
        let d = element(&tree, e, kids, bbox, page_ids, root_id);
        packed.push(id, &Object::Dictionary(d));
    }
    let mut root = Dictionary::new();
    root.set("Type", "StructTreeRoot");
    root.set("K", tree.elem_ref(Structure::ROOT));
    root.set("ParentTree", parent_tree);
    root.set("ParentTreeNextKey", annots.next_key);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Ok(root_id)
}
