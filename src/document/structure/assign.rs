//! The walk that gives a document's blocks their elements, in reading order: lists
//! opened and closed as items come and go, the contents' entries gathered under one
//! `TOC`, tables' cells, figures with their captions, and the inline links and code
//! inside a paragraph.

use super::{ElemId, Elems, Role, Structure, Tags};
use crate::document::{Block, ListMark, ParaKind, TocEntry};
use crate::model::Span;

/// An open list: its depth, its `L`, and the `LBody` of its latest item.
struct OpenList {
    depth: u8,
    list: ElemId,
    body: Option<ElemId>,
}

/// Gives every block of `blocks` (one region's, in reading order) its elements in
/// `s`, that region's.
pub fn assign(s: &mut Elems, blocks: &mut [Block]) {
    let mut walk = Walk {
        s,
        lists: Vec::new(),
        toc: None,
    };
    for block in blocks.iter_mut() {
        walk.block(block);
    }
}

/// The walk's place: the lists open at this point, and the contents' `TOC` while
/// its entries go on.
struct Walk<'s> {
    s: &'s mut Elems,
    lists: Vec<OpenList>,
    toc: Option<ElemId>,
}

impl Walk<'_> {
    fn block(&mut self, block: &mut Block) {
        let s = &mut *self.s;
        let lists = &mut self.lists;
        match block {
            Block::Heading { level, tags, .. } => {
                lists.clear();
                self.toc = None;
                tags.text = Some(s.add(Role::heading(*level), Structure::ROOT));
            }
            Block::Paragraph {
                kind,
                spans,
                list,
                tags,
                ..
            } => {
                self.toc = None;
                self.paragraph(*kind, spans, list.as_ref(), tags);
            }
            // A resource with its QR code reads as the bulleted item it is drawn as.
            Block::Resource { spans, tags, .. } => {
                self.toc = None;
                let mark = ListMark {
                    label: "•".into(),
                    depth: 0,
                };
                if let Some(parent) = list_item(s, lists, &mark, spans, tags) {
                    let p = s.add(Role::P, parent);
                    tags.text = Some(p);
                    tags.spans = inline(s, p, spans);
                }
            }
            Block::Code { depth, tags, .. } => {
                self.toc = None;
                tags.text = Some(s.add(Role::Code, nested_parent(lists, *depth)));
            }
            Block::Table { table, depth, tags } => {
                self.toc = None;
                let parent = nested_parent(lists, *depth);
                tags.text = Some(s.add(Role::Table, parent));
                tags.cells = table_cells(s, tags.text.unwrap_or(parent), table);
            }
            // A figure is read as its alt text; its caption is read after it, beside
            // it rather than inside (a reader skips what is inside a figure with alt).
            Block::Figure {
                diagram: d,
                depth,
                tags,
            } => *tags = self.figure(*depth, &d.alt, d.caption.is_some()),
            Block::Image {
                picture: p,
                depth,
                tags,
            } => *tags = self.figure(*depth, &p.alt, p.caption.is_some()),
            Block::TocEntry(entry) => {
                lists.clear();
                self.toc_entry(entry);
            }
            Block::Locked(panel) => {
                lists.clear();
                self.toc = None;
                crate::document::sample::assign(s, panel);
            }
            // Answer space is drawn for a pen, not read: render marks it an artifact.
            Block::Anchor { .. }
            | Block::Space(_)
            | Block::Rule
            | Block::PageBreak
            | Block::Answer { .. } => {}
        }
    }

    /// A diagram or an image at list depth `depth`, described by `alt`.
    fn figure(&mut self, depth: u8, alt: &str, caption: bool) -> Tags {
        self.toc = None;
        let parent = nested_parent(&mut self.lists, depth);
        figure(self.s, parent, alt, caption)
    }

    /// A paragraph: a `P` (the cover's title an `H1`) under the root, or in a list
    /// item, where its first paragraph becomes the item's body.
    fn paragraph(
        &mut self,
        kind: ParaKind,
        spans: &[Span],
        list: Option<&ListMark>,
        tags: &mut Tags,
    ) {
        let s = &mut *self.s;
        let parent = match list {
            None => {
                self.lists.clear();
                Structure::ROOT
            }
            Some(mark) => match list_item(s, &mut self.lists, mark, spans, tags) {
                Some(parent) => parent,
                None => return,
            },
        };
        let role = if kind == ParaKind::CoverTitle {
            Role::H1
        } else {
            Role::P
        };
        let p = s.add(role, parent);
        tags.text = Some(p);
        tags.spans = inline(s, p, spans);
    }

    /// A contents line: a `TOCI` in the contents' `TOC` (opened by the first line),
    /// with its label and a `Reference` holding a `Link` to the question, and one to
    /// its guide when the guides are at the end (the first such line also gets the
    /// column heads' paragraph).
    fn toc_entry(&mut self, entry: &mut TocEntry) {
        let s = &mut *self.s;
        let TocEntry {
            label,
            title,
            guide,
            guide_alt,
            tags,
            ..
        } = entry;
        let first = self.toc.is_none();
        if first && guide.is_some() {
            tags.heads = Some(s.add(Role::P, Structure::ROOT));
        }
        let t = *self
            .toc
            .get_or_insert_with(|| s.add(Role::TOC, Structure::ROOT));
        let item = s.add(Role::TOCI, t);
        if !label.is_empty() {
            tags.label = Some(s.add(Role::Lbl, item));
        }
        // An entry's children are labels and references (ISO 32000-1,
        // 14.8.4.3.2): each link is a `Reference` to its page.
        let reference = s.add(Role::Reference, item);
        let link = s.add(Role::Link, reference);
        s[link].alt = Some(title.clone());
        tags.text = Some(link);
        if guide.is_some() {
            let reference = s.add(Role::Reference, item);
            let g = s.add(Role::Link, reference);
            s[g].alt = Some(guide_alt.clone());
            tags.guide = Some(g);
        }
    }
}

/// A `Figure` under `parent` described by `alt`, and its `Caption` beside it.
fn figure(s: &mut Elems, parent: ElemId, alt: &str, caption: bool) -> Tags {
    let figure = s.add(Role::Figure, parent);
    s[figure].alt = Some(alt.to_string());
    Tags {
        text: Some(figure),
        caption: caption.then(|| s.add(Role::Caption, parent)),
        ..Tags::default()
    }
}

/// The element a block at list depth `depth` (code, a figure) goes under: a list
/// item's body one level out, or the root.
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
fn table_cells(s: &mut Elems, t: ElemId, table: &crate::content::markdown::Table) -> Vec<Tags> {
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
                s[cell].scope = Some("Column");
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
    s: &mut Elems,
    p: ElemId,
    spans: &[crate::model::Span],
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
            let alt = s[id].alt.get_or_insert_with(String::new);
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
    for e in s.since_mut(p) {
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
    s: &mut Elems,
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
        s[l].numbering = Some(match mark.label.as_str() {
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
