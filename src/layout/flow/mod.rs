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

mod code;
mod contents;
mod figure;
mod image;
mod lines;
mod locked;
pub mod practice;
mod resource;
mod table;

use super::linebreak::Line;
use super::style::{self, TextStyle, CODE};
use super::{Frame, Item, Pt, TextBox};
use crate::document::{AnchorId, Block, ListMark, Mark, ParaKind, Tags};
use crate::fonts::FontSet;
pub use lines::{baseline, end_with_space, line_items};
use lines::{break_text, list_indent};
use rayon::prelude::*;

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
    /// What to draw first when this item opens a page: a table's header row.
    pub header: Option<std::sync::Arc<FlowItem>>,
}

/// A code block's shading: one rectangle per page the block spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shade {
    pub group: usize,
    pub x: Pt,
    pub w: Pt,
}

/// How many blocks have their paragraphs broken into lines together: enough to
/// keep both cores busy (a question is 30 to 60 blocks), few enough that the lines
/// waiting to be flowed stay small.
const BREAK_AHEAD: usize = 128;

struct Flow<'f> {
    frame: &'f Frame,
    fonts: &'f FontSet,
    items: Vec<FlowItem>,
    pending_space: Pt,
    pending_fixed: Pt,
    pending_break: bool,
    pending_anchor: Vec<(AnchorId, Option<String>)>,
    shade_groups: usize,
    /// The block being flowed and the items it has produced so far.
    block: usize,
    first_item: usize,
    /// How tall the end of a question is kept: the least a page it runs onto holds.
    tail: Pt,
    /// The space the last block asks for after it, added to the next one's.
    space_after: Pt,
}

/// Flows blocks into items for a column as wide as the frame's body.
pub fn flow(blocks: &[Block], frame: &Frame, fonts: &FontSet) -> Vec<FlowItem> {
    let mut items = Vec::new();
    flow_into(blocks, frame, fonts, &mut |item| items.push(item));
    items
}

/// Flows blocks into items, handing each to `sink` once it is final. Flowing a block
/// may still change the item before it (a heading's last line keeps with what
/// follows, say), never one further back: so at each block all items but the last
/// are handed over, and a long document never holds its whole column.
pub fn flow_into(blocks: &[Block], frame: &Frame, fonts: &FontSet, sink: &mut dyn FnMut(FlowItem)) {
    let mut f = Flow {
        frame,
        fonts,
        items: Vec::new(),
        pending_space: 0.0,
        pending_fixed: 0.0,
        pending_break: false,
        pending_anchor: Vec::new(),
        shade_groups: 0,
        block: 0,
        first_item: 0,
        // A sixth of the text block, and a line for the space the tail's first item
        // loses at the top of a page.
        tail: frame.body_height() / 6.0 + style::BODY.leading,
        space_after: 0.0,
    };
    let mut broken: Vec<Option<Vec<Line>>> = Vec::new();
    for index in 0..blocks.len() {
        if index % BREAK_AHEAD == 0 {
            let end = blocks.len().min(index + BREAK_AHEAD);
            broken = break_ahead(&blocks[index..end], frame, fonts);
        }
        // The items of a page's worth of tail are held back: `keep_tail` may yet
        // tie them together when the question ends.
        let held = f.tail_start(f.tail);
        if held > 0 {
            f.items.drain(..held).for_each(&mut *sink);
        }
        f.block = index;
        f.first_item = f.items.len();
        let lines = broken[index % BREAK_AHEAD].take();
        f.flow_block(blocks, index, lines);
    }
    // Anchors at the very end still need a place.
    if !f.pending_anchor.is_empty() {
        f.push(FlowItem::default());
    }
    f.keep_tail();
    f.items.into_iter().for_each(sink);
}

/// The lines of every paragraph in `stretch`, broken on the thread pool.
///
/// A paragraph's lines depend only on its own text, style and width, and breaking
/// them (measuring every word, then optimal fit) is most of layout's work: each
/// stretch of blocks has its paragraphs broken in parallel, then flowed in order.
/// Stretches, not the whole document at once, so a long document never holds every
/// paragraph's lines beside every flowed box.
fn break_ahead(stretch: &[Block], frame: &Frame, fonts: &FontSet) -> Vec<Option<Vec<Line>>> {
    let lines = |block: &Block| match block {
        Block::Paragraph {
            kind,
            spans,
            list,
            tags,
            ..
        } => {
            let st = style::paragraph(*kind);
            let width = frame.body_width() - list_indent(list.as_ref());
            Some(break_text(fonts, spans, &tags.spans, &st, width))
        }
        _ => None,
    };
    // A cover (a stamped copy lays out only its cover) has a handful of short
    // paragraphs: waking the pool's threads for them costs more than breaking them.
    if stretch.len() < PARALLEL_FROM {
        return stretch.iter().map(lines).collect();
    }
    stretch.par_iter().map(lines).collect()
}

/// The fewest blocks broken on the thread pool (see [`break_ahead`]). A cover has
/// about twenty blocks, a question's part of the body a hundred or more.
const PARALLEL_FROM: usize = 32;

impl Flow<'_> {
    /// Flows `blocks[index]`; a paragraph's `lines` come broken (see [`break_ahead`]).
    fn flow_block(&mut self, blocks: &[Block], index: usize, lines: Option<Vec<Line>>) {
        match &blocks[index] {
            Block::Space(s) => self.pending_fixed += s,
            Block::PageBreak => {
                self.keep_tail();
                self.pending_break = true;
            }
            Block::Anchor { id, outline } => {
                self.pending_anchor.push((id.clone(), outline.clone()))
            }
            Block::Heading {
                kind, text, tags, ..
            } => self.heading(*kind, text, tags),
            Block::Paragraph { kind, .. } => {
                let st = style::paragraph(*kind);
                self.space(st.space_before);
                self.paragraph_block(blocks, index, &lines.unwrap_or_default());
                self.space_after = st.space_after;
            }
            Block::Code {
                text,
                depth,
                tags,
                lang,
            } => {
                self.space(CODE.space_before);
                self.code(text, *depth, Mark::of(tags.text), lang.as_deref());
                self.space_after = CODE.space_after;
            }
            Block::Figure {
                diagram,
                depth,
                tags,
            } => {
                self.space(CODE.space_before);
                self.figure(diagram, *depth, tags);
                self.space_after = caption_space(diagram.caption.is_some());
            }
            Block::Image {
                picture,
                depth,
                tags,
            } => {
                self.space(CODE.space_before);
                self.image(picture, *depth, tags);
                self.space_after = caption_space(picture.caption.is_some());
            }
            Block::Table { table, depth, tags } => {
                self.space(0.0);
                self.table(table, *depth, tags);
                self.space_after = 7.0;
            }
            Block::Answer { label, area } => {
                self.space(0.0);
                self.answer(label.as_deref(), *area);
                self.space_after = 0.0;
            }
            Block::Resource { spans, url, tags } => {
                self.space(style::BODY.space_before);
                self.resource(spans, url, tags);
                self.space_after = 0.0;
            }
            Block::Locked(panel) => {
                // The panel stands where the guide would: with its question, never
                // alone at the head of a page.
                self.keep_last_with_next();
                self.space(16.0);
                self.locked(panel);
                self.space_after = 0.0;
            }
            Block::TocEntry(entry) => self.toc_block(entry),
            Block::Rule => self.rule(),
        }
    }

    /// Adds the space the last block leaves after it and `before` this one's.
    fn space(&mut self, before: Pt) {
        self.pending_space += std::mem::take(&mut self.space_after) + before;
    }

    /// Keeps the last item so far with whatever comes next.
    fn keep_last_with_next(&mut self) {
        if let Some(last) = self.items.last_mut() {
            last.keep_with_next = true;
        }
    }

    fn heading(&mut self, kind: crate::document::HeadingKind, text: &str, tags: &Tags) {
        let st = style::heading(kind);
        self.space(st.space_before);
        let spans = vec![crate::model::Span::plain(text.to_string())];
        let lines = break_text(self.fonts, &spans, &[], &st, self.frame.body_width());
        self.text_lines(&lines, &st, self.frame.left, true, Mark::of(tags.text));
        self.space_after = st.space_after;
    }

    /// A paragraph block, with the keep rules that depend on its neighbours.
    fn paragraph_block(&mut self, blocks: &[Block], index: usize, lines: &[Line]) {
        let Block::Paragraph {
            kind,
            list,
            tags,
            keep,
            ..
        } = &blocks[index]
        else {
            return;
        };
        // "Why they ask this" belongs with the prompt above it: a reader should never
        // turn the page to find why a question is asked.
        let after_prompt = matches!(
            blocks.get(index.wrapping_sub(1)),
            Some(Block::Paragraph {
                kind: ParaKind::Prompt,
                ..
            })
        );
        if *kind == ParaKind::Why && after_prompt {
            self.keep_last_with_next();
        }
        let st = style::paragraph(*kind);
        let first_line = self.items.len();
        self.paragraph(lines, &st, list.as_ref(), tags);
        // A short last item of a list (one or two lines, like a resource) never
        // stands alone at the head of a page: it keeps the item before it. A longer
        // one may, as any paragraph of three lines may.
        let item_at = |i: usize| match blocks.get(i) {
            Some(Block::Paragraph { list: Some(m), .. }) => Some(m.depth),
            _ => None,
        };
        let depth = list.as_ref().map(|m| m.depth);
        let last_item = depth.is_some()
            && item_at(index.wrapping_sub(1)) == depth
            && item_at(index + 1) != depth;
        if last_item && self.items.len() - first_line <= 2 && first_line > 0 {
            self.items[first_line - 1].keep_with_next = true;
        }
        // The document says which paragraphs belong with the block after them (a
        // question's category line, a paragraph introducing code), and why.
        if keep.keeps() {
            self.keep_last_with_next();
        }
    }

    fn toc_block(&mut self, entry: &crate::document::TocEntry) {
        let crate::document::TocEntry {
            label,
            title,
            detail,
            target,
            guide,
            heads,
            tags,
            ..
        } = entry;
        self.space(4.0);
        if let Some(heads) = heads {
            self.toc_columns(heads, Mark::of(tags.heads));
        }
        self.toc_entry(label, title, detail, (target, guide.as_ref()), tags);
        self.space_after = 0.0;
    }

    /// A short accent rule (under the cover's title).
    fn rule(&mut self) {
        self.space(6.0);
        self.push(FlowItem {
            height: 6.0,
            contents: vec![Item::Rule {
                x1: self.frame.left,
                x2: self.frame.left + 120.0,
                y: 3.0,
                thickness: 1.2,
                color: style::ACCENT,
            }],
            ..Default::default()
        });
        self.space_after = 0.0;
    }
}

/// The space after a figure or an image: its caption's, or a code block's.
fn caption_space(captioned: bool) -> Pt {
    if captioned {
        figure::CAPTION.space_after
    } else {
        CODE.space_after
    }
}

impl Flow<'_> {
    /// Where the last items at least `height` tall start (at least the last item).
    fn tail_start(&self, height: Pt) -> usize {
        let mut sum = 0.0;
        let mut at = self.items.len();
        while at > 0 && (sum < height || at == self.items.len()) {
            at -= 1;
            sum +=
                self.items[at].height + self.items[at].space_before + self.items[at].fixed_before;
            if self.items[at].break_before {
                break;
            }
        }
        at
    }

    /// Ties the last items, a sixth of a page or so, into one chain: a question
    /// (or the document) never ends with a line or two alone on a page, the
    /// page before having been able to take them (the chain moves whole).
    fn keep_tail(&mut self) {
        let start = self.tail_start(self.tail);
        let end = self.items.len().saturating_sub(1);
        for item in &mut self.items[start..end] {
            item.keep_with_next = true;
        }
    }

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

    /// Flows a paragraph broken into `lines` (see [`break_text`]).
    fn paragraph(&mut self, lines: &[Line], st: &TextStyle, list: Option<&ListMark>, tags: &Tags) {
        let x = self.frame.left + list_indent(list);
        let first = self.items.len();
        // A list item is a short block: it is kept whole.
        self.text_lines(lines, st, x, list.is_some(), Mark::of(tags.text));
        if let Some(last) = self.items.last_mut().filter(|_| list.is_some()) {
            last.keep_with_next = false;
        }
        if let (Some(mark), Some(item)) = (list, self.items.get_mut(first)) {
            if !mark.label.is_empty() {
                let shaped = self.fonts.shape(st.face, &mark.label, st.size);
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
                        glyphs: shaped.glyphs,
                        width: shaped.width,
                        mark: Mark::of(tags.label),
                    }),
                );
            }
        }
    }
}
