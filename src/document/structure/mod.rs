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

use super::{Block, ListMark, ParaKind};
use crate::content::Span;

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

/// An open list: its depth, its `L`, and the `LBody` of its latest item.
struct OpenList {
    depth: u8,
    list: ElemId,
    body: Option<ElemId>,
}

/// Gives every block of `blocks` (in reading order) its elements in `s`.
pub fn assign(s: &mut Structure, blocks: &mut [Block]) {
    let mut lists: Vec<OpenList> = Vec::new();
    let mut toc: Option<ElemId> = None;
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { level, tags, .. } => {
                lists.clear();
                toc = None;
                tags.text = Some(s.add(Role::heading(*level), Structure::ROOT));
            }
            Block::Paragraph {
                kind,
                spans,
                list,
                tags,
            } => {
                toc = None;
                let parent = match list {
                    None => {
                        lists.clear();
                        Structure::ROOT
                    }
                    Some(mark) => match list_item(s, &mut lists, mark, spans, tags) {
                        Some(parent) => parent,
                        None => continue,
                    },
                };
                let role = if *kind == ParaKind::CoverTitle {
                    Role::H1
                } else {
                    Role::P
                };
                let p = s.add(role, parent);
                tags.text = Some(p);
                tags.spans = inline(s, p, spans);
            }
            // A resource with its QR code reads as the bulleted item it is drawn as.
            Block::Resource { spans, tags, .. } => {
                toc = None;
                let mark = ListMark {
                    label: "•".into(),
                    depth: 0,
                };
                if let Some(parent) = list_item(s, &mut lists, &mark, spans, tags) {
                    let p = s.add(Role::P, parent);
                    tags.text = Some(p);
                    tags.spans = inline(s, p, spans);
                }
            }
            Block::Code { depth, tags, .. } => {
                toc = None;
                tags.text = Some(s.add(Role::Code, nested_parent(&mut lists, *depth)));
            }
            Block::Table { table, depth, tags } => {
                toc = None;
                let parent = nested_parent(&mut lists, *depth);
                tags.text = Some(s.add(Role::Table, parent));
                tags.cells = table_cells(s, tags.text.unwrap_or(parent), table);
            }
            // A figure is read as its alt text; its caption is read after it, beside
            // it rather than inside (a reader skips what is inside a figure with alt).
            Block::Figure {
                diagram: d,
                depth,
                tags,
            } => {
                toc = None;
                let parent = nested_parent(&mut lists, *depth);
                *tags = figure(s, parent, &d.alt, d.caption.is_some());
            }
            Block::Image {
                picture: p,
                depth,
                tags,
            } => {
                toc = None;
                let parent = nested_parent(&mut lists, *depth);
                *tags = figure(s, parent, &p.alt, p.caption.is_some());
            }
            Block::TocEntry(entry) => {
                let super::TocEntry {
                    label,
                    title,
                    guide,
                    guide_alt,
                    tags,
                    ..
                } = &mut **entry;
                lists.clear();
                let first = toc.is_none();
                if first && guide.is_some() {
                    tags.heads = Some(s.add(Role::P, Structure::ROOT));
                }
                let t = *toc.get_or_insert_with(|| s.add(Role::TOC, Structure::ROOT));
                let item = s.add(Role::TOCI, t);
                if !label.is_empty() {
                    tags.label = Some(s.add(Role::Lbl, item));
                }
                // An entry's children are labels and references (ISO 32000-1,
                // 14.8.4.3.2): each link is a `Reference` to its page.
                let reference = s.add(Role::Reference, item);
                let link = s.add(Role::Link, reference);
                s.elems[link].alt = Some(title.clone());
                tags.text = Some(link);
                if guide.is_some() {
                    let reference = s.add(Role::Reference, item);
                    let g = s.add(Role::Link, reference);
                    s.elems[g].alt = Some(guide_alt.clone());
                    tags.guide = Some(g);
                }
            }
            Block::Locked(panel) => {
                lists.clear();
                toc = None;
                super::sample::assign(s, panel);
            }
            // Answer space is drawn for a pen, not read: render marks it an artifact.
            Block::Anchor { .. }
            | Block::Space(_)
            | Block::Rule
            | Block::PageBreak
            | Block::Answer { .. } => {}
        }
    }
}

/// The element a block at list depth `depth` (code, a figure) goes under: a list
/// item's body one level out, or the root.
/// A `Figure` under `parent` described by `alt`, and its `Caption` beside it.
fn figure(s: &mut Structure, parent: ElemId, alt: &str, caption: bool) -> Tags {
    let figure = s.add(Role::Figure, parent);
    s.elems[figure].alt = Some(alt.to_string());
    Tags {
        text: Some(figure),
        caption: caption.then(|| s.add(Role::Caption, parent)),
        ..Tags::default()
    }
}

fn nested_parent(lists: &mut Vec<OpenList>, depth: u8) -> ElemId {
    while lists.last().is_some_and(|l| l.depth + 1 > depth) {
        lists.pop();
    }
    lists
        .last()
        .filter(|l| l.depth + 1 == depth)
        .and_then(|l| l.body)
        .unwrap_or(Structure::ROOT)
}

/// A table's rows and cells under its `Table` element `t`: the header row's `TH`s
/// (each scoped to its column) in a `THead`, the others' `TD`s in a `TBody`.
fn table_cells(s: &mut Structure, t: ElemId, table: &crate::content::markdown::Table) -> Vec<Tags> {
    let mut cells = Vec::new();
    let head = s.add(Role::THead, t);
    let body = (!table.rows.is_empty()).then(|| s.add(Role::TBody, t));
    let rows = std::iter::once((head, &table.head))
        .chain(table.rows.iter().map(|r| (body.unwrap_or(t), r)));
    for (i, (group, row)) in rows.enumerate() {
        let tr = s.add(Role::TR, group);
        for spans in row {
            let cell = s.add(if i == 0 { Role::TH } else { Role::TD }, tr);
            if i == 0 {
                s.elems[cell].scope = Some("Column");
            }
            cells.push(Tags {
                text: Some(cell),
                spans: inline(s, cell, spans),
                ..Tags::default()
            });
        }
    }
    cells
}

/// Inline elements of a paragraph `p`: one `Link` per run of spans with the same
/// target, described by its text; a `Code` per code span, inside its link if any.
pub(crate) fn inline(
    s: &mut Structure,
    p: ElemId,
    spans: &[crate::content::Span],
) -> Vec<Option<ElemId>> {
    let mut out = Vec::with_capacity(spans.len());
    let mut link: Option<(ElemId, &str)> = None;
    for (i, span) in spans.iter().enumerate() {
        // Plain text between two spans that go to the same place (a resource's
        // title and its printed URL) belongs to the one link: one element, read
        // whole, with both annotations.
        let next = spans[i + 1..].iter().find_map(|t| t.link.as_deref());
        let bridged = link.filter(|(_, open)| span.link.is_none() && next == Some(*open));
        let url = span.link.as_deref().or(bridged.map(|(_, open)| open));
        link = match (url, link) {
            (Some(url), Some((id, prev))) if prev == url => Some((id, prev)),
            (Some(url), _) => Some((s.add(Role::Link, p), url)),
            (None, _) => None,
        };
        if let Some((id, _)) = link {
            let alt = s.elems[id].alt.get_or_insert_with(String::new);
            alt.push_str(&span.text);
        }
        // A code span in a link is a URL set in mono, read as part of the link.
        out.push(match link {
            Some((id, _)) => Some(id),
            None if span.code => Some(s.add(Role::Code, p)),
            None => None,
        });
    }
    // Descriptions read as the link's words, without the spaces around them.
    for e in &mut s.elems[p..] {
        if let Some(alt) = e.alt.as_mut().filter(|_| e.role == Role::Link) {
            *alt = alt.trim().to_string();
        }
    }
    out
}

/// Places a list item's paragraph in `lists`: `None` when it opened an item and became
/// that item's body (`tags` filled in), or the element to put a further paragraph of
/// the current item under.
fn list_item(
    s: &mut Structure,
    lists: &mut Vec<OpenList>,
    mark: &ListMark,
    spans: &[Span],
    tags: &mut Tags,
) -> Option<ElemId> {
    while lists.last().is_some_and(|l| l.depth > mark.depth) {
        lists.pop();
    }
    let open = lists.last().filter(|l| l.depth == mark.depth);
    if mark.label.is_empty() {
        // A further paragraph of the current item.
        return Some(open.and_then(|l| l.body).unwrap_or(Structure::ROOT));
    }
    if open.is_none() {
        let under = lists.last().and_then(|l| l.body).unwrap_or(Structure::ROOT);
        let l = s.add(Role::L, under);
        s.elems[l].numbering = Some(match mark.label.as_str() {
            "•" => "Disc",
            "–" => "Circle",
            _ => "Decimal",
        });
        lists.push(OpenList {
            depth: mark.depth,
            list: l,
            body: None,
        });
    }
    let open = lists.last_mut().expect("pushed above");
    let li = s.add(Role::LI, open.list);
    // A number is read (`Lbl`); a bullet is decoration the list's ListNumbering
    // already conveys: an artifact.
    if mark.label.chars().any(|c| c.is_alphanumeric()) {
        tags.label = Some(s.add(Role::Lbl, li));
    }
    let body = s.add(Role::LBody, li);
    open.body = Some(body);
    // The item's first paragraph is its body's own text: a `P` in every `LBody` would
    // add an element per item.
    tags.text = Some(body);
    tags.spans = inline(s, body, spans);
    None
}

#[cfg(test)]
mod tests;
