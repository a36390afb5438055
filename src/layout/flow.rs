//! Blocks → a column of items: line-high boxes that carry keep rules.
//!
//! Pagination only ever breaks *between* items, and never after an item that says
//! `keep_with_next`. Flow sets those flags to encode the rules a typesetter follows:
//! - a heading keeps with the next item, and the first line of a paragraph keeps with
//!   its second, so a heading always has two lines of what follows under it;
//! - a paragraph of four lines or more keeps its first two lines together (no orphan
//!   at the foot of a page) and its last two (no widow at the head of the next);
//! - a list item and a code block shorter than a third of the body are kept whole.
//!
//! A chain of kept items taller than a page is broken anyway: see [`super::paginate`].

use super::inline::{fragments, split_long};
use super::linebreak::{break_lines, Line};
use super::style::{self, TextStyle, CODE, CODE_PAD, LIST_INDENT, MUTED, RULE};
use super::{Frame, Item, Pt, Target, TextBox};
use crate::document::{AnchorId, Block, ListMark, ParaKind};
use crate::fonts::{Face, FontSet};

/// One line-high box of content, positioned relative to its own top edge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowItem {
    pub height: Pt,
    /// Space above that disappears at the top of a page.
    pub space_before: Pt,
    /// Space above that stays even at the top of a page (an explicit `Space`).
    pub fixed_before: Pt,
    pub keep_with_next: bool,
    pub break_before: bool,
    /// Contents with y relative to the item's top.
    pub contents: Vec<Item>,
    pub anchor: Option<(AnchorId, Option<String>)>,
    /// The code block this line belongs to, for its shading.
    pub shade: Option<Shade>,
    /// The index of the block this item came from, and of the line within it: for
    /// tests and layout dumps.
    pub source: (usize, usize),
}

/// A code block's shading: one rectangle per page the block spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shade {
    pub group: usize,
    pub x: Pt,
    pub w: Pt,
}

/// Where text of a style sits in a line box of its leading: centred on the box,
/// then lowered so the x-height, not the em box, looks centred.
pub fn baseline(style: &TextStyle) -> Pt {
    (style.leading + style.size) / 2.0 - 0.22 * style.size
}

struct Flow<'f> {
    frame: &'f Frame,
    items: Vec<FlowItem>,
    pending_space: Pt,
    pending_fixed: Pt,
    pending_break: bool,
    pending_anchor: Vec<(AnchorId, Option<String>)>,
    shade_groups: usize,
    /// The block being flowed and the items it has produced so far.
    block: usize,
    first_item: usize,
}

/// Flows blocks into items for a column as wide as the frame's body.
pub fn flow(blocks: &[Block], frame: &Frame) -> Vec<FlowItem> {
    let mut f = Flow {
        frame,
        items: Vec::new(),
        pending_space: 0.0,
        pending_fixed: 0.0,
        pending_break: false,
        pending_anchor: Vec::new(),
        shade_groups: 0,
        block: 0,
        first_item: 0,
    };
    let mut prev_space_after = 0.0;
    for (index, block) in blocks.iter().enumerate() {
        f.block = index;
        f.first_item = f.items.len();
        match block {
            Block::Space(s) => f.pending_fixed += s,
            Block::PageBreak => f.pending_break = true,
            Block::Anchor { id, outline } => f.pending_anchor.push((id.clone(), outline.clone())),
            Block::Heading { kind, text } => {
                let st = style::heading(*kind);
                f.pending_space += prev_space_after + st.space_before;
                let spans = vec![crate::content::Span::plain(text.clone())];
                let lines = f.lines(&spans, &st, frame.body_width());
                f.text_lines(&lines, &st, frame.left, true);
                prev_space_after = st.space_after;
            }
            Block::Paragraph { kind, spans, list } => {
                // "Why they ask this" belongs with the prompt above it: a reader
                // should never turn the page to find why a question is asked.
                if *kind == ParaKind::Why
                    && matches!(
                        blocks.get(index.wrapping_sub(1)),
                        Some(Block::Paragraph {
                            kind: ParaKind::Prompt,
                            ..
                        })
                    )
                {
                    if let Some(last) = f.items.last_mut() {
                        last.keep_with_next = true;
                    }
                }
                let st = style::paragraph(*kind);
                f.pending_space += prev_space_after + st.space_before;
                f.paragraph(spans, &st, list.as_ref());
                // A question's category line belongs to its heading, and a paragraph
                // that ends with a colon introduces what follows (usually code): both
                // stay with the next block.
                let introduces = crate::content::markdown::plain_text(spans)
                    .trim_end()
                    .ends_with(':');
                // The last item of a list never stands alone at the head of a page.
                let item_at = |i: usize| match blocks.get(i) {
                    Some(Block::Paragraph { list: Some(m), .. }) => Some(m.depth),
                    _ => None,
                };
                let depth = list.as_ref().map(|m| m.depth);
                let before_last_item =
                    depth.is_some() && item_at(index + 1) == depth && item_at(index + 2) != depth;
                if *kind == ParaKind::Meta || introduces || before_last_item {
                    if let Some(last) = f.items.last_mut() {
                        last.keep_with_next = true;
                    }
                }
                prev_space_after = st.space_after;
            }
            Block::Code { text, depth } => {
                f.pending_space += prev_space_after + CODE.space_before;
                f.code(text, *depth);
                prev_space_after = CODE.space_after;
            }
            Block::TocEntry {
                label,
                title,
                detail,
                target,
            } => {
                f.pending_space += prev_space_after + 4.0;
                f.toc_entry(label, title, detail, target);
                prev_space_after = 0.0;
            }
            Block::Rule => {
                f.pending_space += prev_space_after + 6.0;
                f.push(FlowItem {
                    height: 6.0,
                    contents: vec![Item::Rule {
                        x1: frame.left,
                        x2: frame.left + 120.0,
                        y: 3.0,
                        thickness: 1.2,
                        color: style::ACCENT,
                    }],
                    ..Default::default()
                });
                prev_space_after = 0.0;
            }
        }
    }
    // Anchors at the very end still need a place.
    if !f.pending_anchor.is_empty() {
        f.push(FlowItem::default());
    }
    f.items
}

impl Flow<'_> {
    fn push(&mut self, mut item: FlowItem) {
        item.space_before += std::mem::take(&mut self.pending_space);
        item.fixed_before += std::mem::take(&mut self.pending_fixed);
        item.break_before |= std::mem::take(&mut self.pending_break);
        item.source = (self.block, self.items.len() - self.first_item);
        if !self.pending_anchor.is_empty() {
            // An anchor names the item after it; if several wait, emit the extra ones
            // as empty items kept with this one.
            let mut anchors = std::mem::take(&mut self.pending_anchor);
            let last = anchors.pop();
            for a in anchors {
                self.items.push(FlowItem {
                    keep_with_next: true,
                    break_before: std::mem::take(&mut item.break_before),
                    anchor: Some(a),
                    ..Default::default()
                });
            }
            item.anchor = last;
        }
        self.items.push(item);
    }

    fn lines(&self, spans: &[crate::content::Span], st: &TextStyle, width: Pt) -> Vec<Line> {
        break_lines(&split_long(fragments(spans, st), width), width)
    }

    /// Pushes one item per line; `keep_all` keeps every line with the next item.
    fn text_lines(&mut self, lines: &[Line], st: &TextStyle, x: Pt, keep_all: bool) {
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            // Widow and orphan control (see the module docs).
            let keep = keep_all || (n <= 3 && i + 1 < n) || (n >= 4 && (i == 0 || i == n - 2));
            let mut contents = Vec::new();
            line_items(&mut contents, line, st, x);
            self.push(FlowItem {
                height: st.leading,
                keep_with_next: keep,
                contents,
                ..Default::default()
            });
        }
    }

    fn paragraph(
        &mut self,
        spans: &[crate::content::Span],
        st: &TextStyle,
        list: Option<&ListMark>,
    ) {
        let indent = list.map_or(0.0, |m| LIST_INDENT * f32::from(m.depth + 1));
        let x = self.frame.left + indent;
        let lines = self.lines(spans, st, self.frame.body_width() - indent);
        let first = self.items.len();
        // A list item is a short block: it is kept whole.
        self.text_lines(&lines, st, x, list.is_some());
        if let Some(last) = self.items.last_mut().filter(|_| list.is_some()) {
            last.keep_with_next = false;
        }
        if let (Some(mark), Some(item)) = (list, self.items.get_mut(first)) {
            if !mark.label.is_empty() {
                let face = FontSet::get().face(st.face);
                let shaped = face.shape(&mark.label, st.size);
                // The label hangs in the indent, right-aligned 5 pt before the text;
                // it goes first in the content stream so it is read first.
                item.contents.insert(
                    0,
                    Item::Text(TextBox {
                        x: x - 5.0 - shaped.width,
                        baseline: baseline(st),
                        face: st.face,
                        size: st.size,
                        color: st.color,
                        pieces: shaped.pieces,
                        width: shaped.width,
                    }),
                );
            }
        }
    }

    fn code(&mut self, text: &str, depth: u8) {
        let fonts = FontSet::get();
        let mono = fonts.face(Face::Mono);
        let char_w = mono.measure("0", CODE.size);
        let x0 = self.frame.left + LIST_INDENT * f32::from(depth);
        let w = self.frame.right - x0;
        // The left padding is wider than the right: continuation marks hang in it.
        let text_x = x0 + CODE_PAD + 6.0;
        let cols = (((self.frame.right - CODE_PAD - text_x) / char_w).floor() as usize).max(10);
        let mut rows: Vec<(String, bool)> = Vec::new();
        for raw in text.split('\n') {
            let line = raw.replace('\t', "    ");
            let chars: Vec<char> = line.trim_end().chars().collect();
            if chars.is_empty() {
                rows.push((String::new(), false));
            }
            for (k, chunk) in chars.chunks(cols).enumerate() {
                rows.push((chunk.iter().collect(), k > 0));
            }
        }
        let group = self.shade_groups;
        self.shade_groups += 1;
        let shade = Shade { group, x: x0, w };
        let total = rows.len() as Pt * CODE.leading + 2.0 * CODE_PAD;
        let short = total < self.frame.body_height() / 3.0;
        let n = rows.len();
        for (i, (row, continued)) in rows.into_iter().enumerate() {
            let mut contents = Vec::new();
            let base = baseline(&CODE);
            if continued {
                let mark = mono.shape("→", CODE.size * 0.8);
                contents.push(Item::Text(TextBox {
                    x: x0 + 2.5,
                    baseline: base,
                    face: Face::Mono,
                    size: CODE.size * 0.8,
                    color: MUTED,
                    width: mark.width,
                    pieces: mark.pieces,
                }));
            }
            if !row.is_empty() {
                // Code is set in the mono face alone: it is the fallback face too, so
                // every character the loader accepts that prose could draw, it draws.
                let shaped = mono.shape(&row, CODE.size);
                contents.push(Item::Text(TextBox {
                    x: text_x,
                    baseline: base,
                    face: Face::Mono,
                    size: CODE.size,
                    color: CODE.color,
                    width: shaped.width,
                    pieces: shaped.pieces,
                }));
            }
            let keep = (short && i + 1 < n) || i == 0 || (i + 2 == n);
            self.push(FlowItem {
                height: CODE.leading,
                // The shading's padding: above the first line, below the last.
                fixed_before: if i == 0 { CODE_PAD } else { 0.0 },
                keep_with_next: keep && i + 1 < n,
                contents,
                shade: Some(shade),
                ..Default::default()
            });
        }
        self.pending_fixed += CODE_PAD;
    }

    fn toc_entry(&mut self, label: &str, title: &str, detail: &str, target: &AnchorId) {
        let st = style::BODY;
        let fonts = FontSet::get();
        let label_w = 24.0;
        let num_w = 28.0;
        let detail_st = style::paragraph(crate::document::ParaKind::Meta);
        let detail_shaped = fonts.face(detail_st.face).shape(detail, detail_st.size);
        let detail_x = self.frame.right - num_w - detail_shaped.width;
        let title_x = self.frame.left + label_w;
        let title_w = detail_x - 14.0 - title_x;
        let spans = vec![crate::content::Span::plain(title)];
        let lines = self.lines(&spans, &st, title_w);
        let first = self.items.len();
        self.text_lines(&lines, &st, title_x, true);
        if let Some(last) = self.items.last_mut() {
            last.keep_with_next = false;
        }
        let height = lines.len() as Pt * st.leading;
        let base = baseline(&st);
        let item = &mut self.items[first];
        if !label.is_empty() {
            let l = fonts.face(Face::Bold).shape(label, st.size);
            // First in the stream, so the entry reads "1. Title", as it looks.
            item.contents.insert(
                0,
                Item::Text(TextBox {
                    x: self.frame.left,
                    baseline: base,
                    face: Face::Bold,
                    size: st.size,
                    color: style::ACCENT,
                    width: l.width,
                    pieces: l.pieces,
                }),
            );
        }
        item.contents.push(Item::Text(TextBox {
            x: detail_x,
            baseline: base,
            face: detail_st.face,
            size: detail_st.size,
            color: detail_st.color,
            width: detail_shaped.width,
            pieces: detail_shaped.pieces,
        }));
        item.contents.push(Item::PageRef {
            anchor: target.clone(),
            right: self.frame.right,
            baseline: base,
            face: Face::Regular,
            size: st.size,
            color: st.color,
        });
        item.contents.push(Item::Link {
            x: self.frame.left,
            y: 0.0,
            w: self.frame.body_width(),
            h: height,
            target: Target::Anchor(target.clone()),
        });
        item.contents.push(Item::Rule {
            x1: title_x,
            x2: self.frame.right,
            y: height + 2.0,
            thickness: 0.3,
            color: RULE,
        });
    }
}

/// A line's runs as text boxes (and link areas) at `x`, relative to the line's top.
pub fn line_items(out: &mut Vec<Item>, line: &Line, st: &TextStyle, x: Pt) {
    let base = baseline(st);
    for run in &line.runs {
        out.push(Item::Text(TextBox {
            x: x + run.x,
            baseline: base,
            face: run.face,
            size: run.size,
            color: run.color,
            pieces: run.pieces.clone(),
            width: run.width,
        }));
        if let Some(url) = &run.link {
            out.push(Item::Link {
                x: x + run.x,
                y: 0.0,
                w: run.width,
                h: st.leading,
                target: Target::Url(url.clone()),
            });
        }
    }
}
