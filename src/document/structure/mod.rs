//! Structure: the logical tree a screen reader follows, decided here as data.
//!
//! ```
//! use prep_pdf::document::structure::{Role, Structure};
//! let mut s = Structure::new();
//! let h = s.add(Role::H1, Structure::ROOT);
//! assert_eq!(s.elems[h].role.name(), "H1");
//! ```
//!
//! [`assign`] walks a document's blocks once, in reading order, and gives each block
//! the elements its content belongs to ([`Tags`]): a heading its `H1`–`H3`, a list
//! item its `LI` with `Lbl` and `LBody`, a contents line its `TOCI` and `Link`s, a
//! link or code span its own inline element. Layout copies these ids onto every
//! positioned box ([`Mark`]); render alone turns them into marked content and
//! structure elements. Whatever carries no element (rules, shading, running heads,
//! page numbers) is an artifact.

/// An element: its index in [`Structure::elems`].
pub type ElemId = usize;

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

/// The element tree of a document. Children are not listed: their order is the
/// order their content is read, which render finds from the pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    pub elems: Vec<Elem>,
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
    pub const ROOT: ElemId = 0;

    pub fn new() -> Structure {
        Structure {
            elems: vec![Elem {
                role: Role::Document,
                parent: Structure::ROOT,
                alt: None,
                numbering: None,
                scope: None,
            }],
            stamp: None,
        }
    }

    /// Whether `mark` is copy-specific text: the footer's stamp, or the cover's.
    pub fn is_stamp(&self, mark: Mark) -> bool {
        mark.is_stamp(self.stamp)
    }

    /// Adds an element under `parent`.
    pub fn add(&mut self, role: Role, parent: ElemId) -> ElemId {
        self.elems.push(Elem {
            role,
            parent,
            alt: None,
            numbering: None,
            scope: None,
        });
        self.elems.len() - 1
    }

    /// The nearest element at or above `id` with `role`.
    pub fn ancestor(&self, mut id: ElemId, role: Role) -> Option<ElemId> {
        loop {
            let e = self.elems.get(id)?;
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
