//! Tables in the column: one item a row, rows never split, the header repeated.
//!
//! Column widths come from the content: each column wants its cells' longest
//! unbroken text and needs at least its longest word; when the wants do not fit
//! the measure, each column gets what it needs and the room left is shared in
//! proportion to how much more each wants. Cells are broken into lines like any
//! paragraph, aligned as the delimiter row says. A row is one flow item, so a page
//! break falls only between rows; the header keeps with the first row, and each
//! body row carries a copy of the header (an artifact, not read twice) that
//! pagination draws first when the row opens a page.

use std::sync::Arc;

use super::{baseline, break_text, line_items, Flow, FlowItem};
use crate::document::{ElemId, Mark, Tags};
use crate::fonts::{FontSet, Glyphs};
use crate::layout::inline::tagged_fragments;
use crate::layout::linebreak::Line;
use crate::layout::style::{self, TextStyle, LIST_INDENT};
use crate::layout::{Item, Pt, TextBox};
use crate::model::{Align, Inlines, Table};

/// Table text: a little smaller than the body, so a few columns fit.
const CELL: TextStyle = TextStyle {
    size: 9.5,
    leading: 13.0,
    space_before: 7.0,
    space_after: 7.0,
    ..style::BODY
};
const HEAD: TextStyle = TextStyle {
    face: crate::fonts::Face::Bold,
    ..CELL
};
/// Padding inside a cell, across and above/below its text.
const PAD_X: Pt = 5.0;
const PAD_Y: Pt = 3.0;

/// Each column's width, text only (no padding), for a table `width` wide at most.
fn widths(fonts: &FontSet, table: &Table, tags: &[Tags], width: Pt) -> Vec<Pt> {
    let cols = table.align.len();
    let mut want = vec![0.0f32; cols];
    let mut need = vec![0.0f32; cols];
    let rows = std::iter::once(&table.head).chain(&table.rows);
    for (r, row) in rows.enumerate() {
        let st = if r == 0 { &HEAD } else { &CELL };
        for (c, spans) in row.iter().enumerate().take(cols) {
            let elems = &tags.get(r * cols + c).map_or(&[][..], |t| &t.spans[..]);
            let frags = tagged_fragments(fonts, spans, elems, st);
            let whole: Pt = frags.iter().map(|f| f.width + f.space).sum::<Pt>()
                - frags.last().map_or(0.0, |f| f.space);
            let word = frags.iter().map(|f| f.width).fold(0.0, Pt::max);
            want[c] = want[c].max(whole);
            need[c] = need[c].max(word);
        }
    }
    let room = width - 2.0 * PAD_X * cols as Pt;
    let (sum_want, sum_need) = (want.iter().sum::<Pt>(), need.iter().sum::<Pt>());
    if sum_want <= room {
        return want;
    }
    if sum_need >= room {
        // Even the longest words do not fit: each column in proportion to its
        // longest word (words are split to fit).
        return need.iter().map(|n| n * room / sum_need.max(1.0)).collect();
    }
    let share = (room - sum_need) / (sum_want - sum_need).max(1.0);
    want.iter()
        .zip(&need)
        .map(|(w, n)| n + (w - n) * share)
        .collect()
}

impl Flow<'_> {
    /// Flows a table at list depth `depth`.
    pub(super) fn table(&mut self, table: &Table, depth: u8, tags: &Tags) {
        let left = self.frame.left + LIST_INDENT * Pt::from(depth);
        let cols = table.align.len();
        let widths = widths(self.fonts, table, &tags.cells, self.frame.right - left);
        let total: Pt = widths.iter().map(|w| w + 2.0 * PAD_X).sum();
        let lay = |r: usize, row: &[Inlines], st: &TextStyle| -> FlowItem {
            let cells = (0..cols).map(|c| {
                let spans = row.get(c).map_or(&[][..], |s| &s[..]);
                let cell = tags.cells.get(r * cols + c);
                let elems = cell.map_or(&[][..], |t| &t.spans[..]);
                (
                    break_text(self.fonts, spans, elems, st, widths[c]),
                    cell.and_then(|t| t.text),
                )
            });
            let cells: Vec<(Vec<Line>, Option<ElemId>)> = cells.collect();
            let grid = Grid {
                align: &table.align,
                widths: &widths,
                left,
                total,
            };
            row_item(self.fonts, &cells, &grid, st, r == 0)
        };
        let mut head = lay(0, &table.head, &HEAD);
        head.keep_with_next = !table.rows.is_empty();
        let repeat = Arc::new(artifact(&head));
        self.push(head);
        for (i, row) in table.rows.iter().enumerate() {
            let mut item = lay(i + 1, row, &CELL);
            item.header = Some(repeat.clone());
            self.push(item);
        }
    }
}

/// Where a table's columns stand: each one's alignment and text width, the table's
/// left edge and its whole width (padding included).
struct Grid<'a> {
    align: &'a [Align],
    widths: &'a [Pt],
    left: Pt,
    total: Pt,
}

/// One row's item: its cells' lines side by side, aligned, with a rule below (and
/// above the header).
fn row_item(
    fonts: &FontSet,
    cells: &[(Vec<Line>, Option<ElemId>)],
    grid: &Grid,
    st: &TextStyle,
    head: bool,
) -> FlowItem {
    let Grid {
        align,
        widths,
        left,
        total,
    } = *grid;
    let lines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1).max(1);
    let height = lines as Pt * st.leading + 2.0 * PAD_Y;
    let mut contents = Vec::new();
    let mut x = left;
    for (c, (cell, elem)) in cells.iter().enumerate() {
        if let (true, Some(elem)) = (cell.is_empty(), elem) {
            // An empty cell still has its element in the tree (an empty marked
            // sequence), so a reader's columns stay in step with the header's.
            contents.push(Item::Text(TextBox {
                x: x + PAD_X,
                baseline: PAD_Y + baseline(st),
                face: st.face,
                size: st.size,
                color: st.color,
                glyphs: Glyphs::default(),
                width: 0.0,
                mark: Mark::Elem(*elem),
            }));
        }
        for (i, line) in cell.iter().enumerate() {
            let slack = widths[c] - line.width;
            let dx = match align[c] {
                Align::Left => 0.0,
                Align::Center => slack / 2.0,
                Align::Right => slack,
            };
            let mut items = Vec::new();
            line_items(&mut items, line, st, x + PAD_X + dx, Mark::of(*elem));
            if i + 1 < cell.len() || line.space_after {
                super::end_with_space(fonts, &mut items);
            }
            let top = PAD_Y + i as Pt * st.leading;
            contents.extend(items.into_iter().map(|item| down(item, top)));
        }
        x += widths[c] + 2.0 * PAD_X;
    }
    let rule = |y: Pt, thickness: Pt| Item::Rule {
        x1: left,
        x2: left + total,
        y,
        thickness,
        color: if head { style::INK } else { style::RULE },
    };
    if head {
        contents.push(rule(0.0, 0.8));
    }
    contents.push(rule(height, if head { 0.6 } else { 0.4 }));
    FlowItem {
        height,
        space_before: if head { CELL.space_before } else { 0.0 },
        contents,
        ..Default::default()
    }
}

/// An item moved down by `dy` within its row.
fn down(item: Item, dy: Pt) -> Item {
    match item {
        Item::Text(mut t) => {
            t.baseline += dy;
            Item::Text(t)
        }
        Item::Link {
            x,
            y,
            w,
            h,
            target,
            elem,
        } => Item::Link {
            x,
            y: y + dy,
            w,
            h,
            target,
            elem,
        },
        other => other,
    }
}

/// The header row as drawn again on a later page: the same text, read once, so
/// marked an artifact, without links.
fn artifact(head: &FlowItem) -> FlowItem {
    let contents = head
        .contents
        .iter()
        .filter(|i| !matches!(i, Item::Link { .. }))
        .cloned()
        .map(|i| match i {
            Item::Text(mut t) => {
                t.mark = Mark::Artifact;
                Item::Text(t)
            }
            other => other,
        })
        .collect();
    FlowItem {
        height: head.height,
        contents,
        ..Default::default()
    }
}
