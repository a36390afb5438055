//! Structure: the logical tree a screen reader follows, decided here as data.
//!
//! ```
//! use prep_pdf::document::structure::{ElemId, Elems, Region, Role, Structure};
//! let mut body = Elems::new(Region::Body);
//! let h = body.add(Role::H1, Structure::ROOT);
//! assert_eq!(h, ElemId::Body(0));
//! assert_eq!(body[h].role.name(), "H1");
//! ```
//!
//! [`assign`] walks a region's blocks once, in reading order, and gives each block
//! the elements its content belongs to ([`Tags`]): a heading its `H1`–`H3`, a list
//! item its `LI` with `Lbl` and `LBody`, a contents line its `TOCI` and `Link`s, a
//! link or code span its own inline element. Layout copies these ids onto every
//! positioned box ([`Mark`]); render alone turns them into marked content and
//! structure elements. Whatever carries no element (rules, shading, running heads,
//! page numbers) is an artifact.
//!
//! The cover and the body number their elements apart ([`Region`]), so the body's
//! ids do not depend on what the cover holds: a mail merge lays a body out once,
//! unstamped, and every recipient's cover, with or without its "Prepared for"
//! line, is numbered on its own beside it.

use std::ops::{Index, IndexMut};
use std::sync::Arc;

/// An element: the root, or the `n`th element (from 0, in reading order) of the
/// cover or of the body. Ordered as the document reads: the root, the cover's
/// elements, the body's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ElemId {
    Root,
    Cover(u32),
    Body(u32),
}

/// The part of a document that numbers its own elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// The cover page: the one part that differs from copy to copy of a merge.
    Cover,
    /// Everything after the cover.
    Body,
}

/// The standard structure types (ISO 32000-1, 14.8.4) the documents use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    Div,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Code,
    Link,
    TOC,
    TOCI,
    Reference,
    Figure,
    Caption,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
}

impl Role {
    /// The structure type's name, as written in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Code => "Code",
            Role::Link => "Link",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Reference => "Reference",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
        }
    }

    /// The heading role of `level` (1–3; deeper levels are H3).
    pub fn heading(level: u8) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }
}

/// One element of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Elem {
    pub role: Role,
    /// The parent element; the root is its own parent.
    pub parent: ElemId,
    /// What a link does, in words: written on its annotations (`/Contents`); what a
    /// figure shows, in words (`/Alt`).
    pub alt: Option<String>,
    /// A list's `ListNumbering` attribute: `Disc`, `Circle` or `Decimal`.
    pub numbering: Option<&'static str>,
    /// A table header cell's `Scope` attribute: `Column`.
    pub scope: Option<&'static str>,
}

/// The root element: the `Document` every other element descends from.
static ROOT_ELEM: Elem = Elem {
    role: Role::Document,
    parent: ElemId::Root,
    alt: None,
    numbering: None,
    scope: None,
};

/// One region's elements, in the order [`Elems::add`] numbered them.
#[derive(Clone, Debug, PartialEq)]
pub struct Elems {
    region: Region,
    list: Vec<Elem>,
}

impl Elems {
    pub fn new(region: Region) -> Elems {
        Elems {
            region,
            list: Vec::new(),
        }
    }

    /// Adds an element under `parent` (the root, or an element of this region).
    pub fn add(&mut self, role: Role, parent: ElemId) -> ElemId {
        let n = u32::try_from(self.list.len()).expect("fewer than 2^32 elements");
        self.list.push(Elem {
            role,
            parent,
            alt: None,
            numbering: None,
            scope: None,
        });
        match self.region {
            Region::Cover => ElemId::Cover(n),
            Region::Body => ElemId::Body(n),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Where `id` is in this region's list, if it is one of this region's.
    fn position(&self, id: ElemId) -> Option<usize> {
        match (self.region, id) {
            (Region::Cover, ElemId::Cover(n)) | (Region::Body, ElemId::Body(n)) => Some(n as usize),
            _ => None,
        }
    }

    /// Element `id`, if it is one of this region's.
    pub fn get(&self, id: ElemId) -> Option<&Elem> {
        self.list.get(self.position(id)?)
    }

    /// The elements from `id` (one of this region's) to the last one added.
    pub(crate) fn since_mut(&mut self, id: ElemId) -> &mut [Elem] {
        let at = self.position(id).expect("an element of this region");
        &mut self.list[at..]
    }

    /// Gives back the room the list grew into; a long document keeps it until it is
    /// rendered.
    pub fn shrink_to_fit(&mut self) {
        self.list.shrink_to_fit();
    }
}

impl Index<ElemId> for Elems {
    type Output = Elem;
    fn index(&self, id: ElemId) -> &Elem {
        self.get(id).expect("an element of this region")
    }
}

impl IndexMut<ElemId> for Elems {
    fn index_mut(&mut self, id: ElemId) -> &mut Elem {
        let at = self.position(id).expect("an element of this region");
        &mut self.list[at]
    }
}

/// The element tree of a document: the root, the cover's elements and the body's.
/// Children are not listed: their order is the order their content is read, which
/// render finds from the pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    pub cover: Elems,
    /// Shared by every copy of a mail merge, whose covers differ (a long document
    /// has hundreds of thousands).
    pub body: Arc<Elems>,
    /// The cover's "Prepared for" paragraph, when the document is stamped: the one
    /// element whose text differs from copy to copy, drawn in a font subset of its own
    /// so the body's glyph codes (and its content streams) are the same in every copy.
    pub stamp: Option<ElemId>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure::new()
    }
}

impl Structure {
    /// The `Document` element every other element descends from.
    pub const ROOT: ElemId = ElemId::Root;

    /// A tree of the root alone.
    pub fn new() -> Structure {
        Structure {
            cover: Elems::new(Region::Cover),
            body: Arc::new(Elems::new(Region::Body)),
            stamp: None,
        }
    }

    /// Whether `mark` is copy-specific text: the footer's stamp, or the cover's.
    pub fn is_stamp(&self, mark: Mark) -> bool {
        mark.is_stamp(self.stamp)
    }

    /// Element `id`, if the tree has it.
    pub fn get(&self, id: ElemId) -> Option<&Elem> {
        match id {
            ElemId::Root => Some(&ROOT_ELEM),
            ElemId::Cover(_) => self.cover.get(id),
            ElemId::Body(_) => self.body.get(id),
        }
    }

    /// How many elements the tree has, the root included.
    pub fn count(&self) -> usize {
        1 + self.cover.len() + self.body.len()
    }

    /// Element `id`'s place in [`Structure::ids`]: the root 0, then the cover's
    /// elements, then the body's, as one numbering of the whole document would
    /// have it. Render keeps its per-element tables in this order.
    pub fn index(&self, id: ElemId) -> usize {
        match id {
            ElemId::Root => 0,
            ElemId::Cover(n) => 1 + n as usize,
            ElemId::Body(n) => 1 + self.cover.len() + n as usize,
        }
    }

    /// Every element's id, in [`Structure::index`] order.
    pub fn ids(&self) -> impl Iterator<Item = ElemId> {
        let (cover, body) = (self.cover.len() as u32, self.body.len() as u32);
        std::iter::once(ElemId::Root)
            .chain((0..cover).map(ElemId::Cover))
            .chain((0..body).map(ElemId::Body))
    }

    /// The nearest element at or above `id` with `role`.
    pub fn ancestor(&self, mut id: ElemId, role: Role) -> Option<ElemId> {
        loop {
            let e = self.get(id)?;
            if e.role == role {
                return Some(id);
            }
            if id == Structure::ROOT {
                return None;
            }
            id = e.parent;
        }
    }
}

impl Index<ElemId> for Structure {
    type Output = Elem;
    fn index(&self, id: ElemId) -> &Elem {
        self.get(id).expect("an element of the tree")
    }
}

/// Which element a positioned box belongs to, or which kind of artifact it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    Elem(ElemId),
    /// Decoration that is not content (rules, shading, continuation marks).
    #[default]
    Artifact,
    /// The running head.
    Header,
    /// The footer: "Page X of Y", and the theme's footer line when not stamped.
    Footer,
    /// The part of a footer that differs from copy to copy: the "Prepared for" stamp,
    /// and the theme's footer line beside it, which moves with the stamp's width. A
    /// footer artifact like the rest, drawn in a content stream of its own, so a merge
    /// renders each page's body once and only this per recipient (`render`).
    Stamp,
}

impl Mark {
    /// The element, or an artifact when there is none.
    pub fn of(elem: Option<ElemId>) -> Mark {
        elem.map_or(Mark::Artifact, Mark::Elem)
    }

    /// Whether this is copy-specific text: [`Mark::Stamp`], or `stamp`, the cover's
    /// "Prepared for" element ([`Structure::stamp`]).
    pub fn is_stamp(self, stamp: Option<ElemId>) -> bool {
        self == Mark::Stamp || (stamp.is_some() && self == Mark::of(stamp))
    }
}

/// The elements one block's content belongs to. All `None` (the default) makes the
/// block an artifact.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tags {
    /// The element of the block's text: a heading, `P`, `Code`, or a contents
    /// entry's `Link`.
    pub text: Option<ElemId>,
    /// A list item's or contents entry's label (`Lbl`).
    pub label: Option<ElemId>,
    /// Per span of a paragraph: the inline element (`Link`, `Code`) it belongs to.
    pub spans: Vec<Option<ElemId>>,
    /// A contents entry's second link, to the answer guide.
    pub guide: Option<ElemId>,
    /// The contents' column heads, on the first entry that has them.
    pub heads: Option<ElemId>,
    /// A figure's caption.
    pub caption: Option<ElemId>,
    /// A table's cells (`TH`, `TD`) with their inline elements, the header's
    /// first, row by row.
    pub cells: Vec<Tags>,
}

mod assign;
pub use assign::assign;
pub(crate) use assign::inline;

#[cfg(test)]
mod tests;
