//! Lines → items: a broken line's runs as positioned text boxes and link areas,
//! where a style's baseline sits in its line box, the space that ends a line so text
//! reads back with its breaks, and the breaking of styled text into lines of a
//! width (measured fragments, then optimal fit). Every kind of block that sets text
//! (paragraphs, headings, tables, contents, panels) goes through here, and
//! [`Flow::text_lines`] turns lines into line-high items with the widow and orphan rules.

use super::{Flow, FlowItem};
use crate::document::{ElemId, ListMark, Mark};
use crate::fonts::FontSet;
use crate::layout::inline::{split_long, tagged_fragments};
use crate::layout::linebreak::{break_lines, Line};
use crate::layout::style::{TextStyle, LIST_INDENT};
use crate::layout::{Item, Pt, Target, TextBox};

/// How far a list item's text is indented.
pub(super) fn list_indent(list: Option<&ListMark>) -> Pt {
    list.map_or(0.0, |m| LIST_INDENT * f32::from(m.depth + 1))
}

/// Breaks styled text into lines of `width`: measured fragments, optimal fit.
pub(super) fn break_text(
    fonts: &FontSet,
    spans: &[crate::model::Span],
    elems: &[Option<ElemId>],
    st: &TextStyle,
    width: Pt,
) -> Vec<Line> {
    let frags = split_long(fonts, tagged_fragments(fonts, spans, elems, st), width);
    break_lines(fonts, &frags, width)
}

/// Where text of a style sits in a line box of its leading: centred on the box,
/// then lowered so the x-height, not the em box, looks centred.
pub fn baseline(style: &TextStyle) -> Pt {
    (style.leading + style.size) / 2.0 - 0.22 * style.size
}

impl Flow<'_> {
    /// Pushes one item per line; `keep_all` keeps every line with the next item.
    pub(super) fn text_lines(
        &mut self,
        lines: &[Line],
        st: &TextStyle,
        x: Pt,
        keep_all: bool,
        mark: Mark,
    ) {
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            // Widow and orphan control (see the docs of `flow`, the parent module).
            let keep = keep_all || (n <= 3 && i + 1 < n) || (n >= 4 && (i == 0 || i == n - 2));
            let mut contents = Vec::new();
            line_items(&mut contents, line, st, x, mark);
            if line.space_after {
                end_with_space(self.fonts, &mut contents);
            }
            self.push(FlowItem {
                height: st.leading,
                keep_with_next: keep,
                contents,
                ..Default::default()
            });
        }
    }
}

/// Ends a line's last text with a space, drawn past the line's end where it shows
/// nothing: text read back (copied, searched, or read aloud from the tags) then
/// keeps the break between the line's last word and the next line's first.
pub fn end_with_space(fonts: &FontSet, contents: &mut [Item]) {
    let last = contents.iter_mut().rev().find_map(|c| match c {
        Item::Text(t) => Some(t),
        _ => None,
    });
    if let Some(t) = last.filter(|t| !t.glyphs.ends_with_space()) {
        let space = fonts.measure(t.face, " ", t.size);
        // Boxes are kept until their page is rendered: no spare capacity.
        t.glyphs.reserve_exact(1);
        t.glyphs.push_space(fonts, t.face, space, t.size);
    }
}

/// A line's runs as text boxes (and link areas) at `x`, relative to the line's top,
/// marked as belonging to the run's inline element or else to `mark`.
pub fn line_items(out: &mut Vec<Item>, line: &Line, st: &TextStyle, x: Pt, mark: Mark) {
    let base = baseline(st);
    for (i, run) in line.runs.iter().enumerate() {
        // The last run gets the space that ends the line (see `end_with_space`).
        let room = usize::from(i + 1 == line.runs.len() && line.space_after);
        out.push(Item::Text(TextBox {
            x: x + run.x,
            baseline: base - run.rise,
            face: run.face,
            size: run.size,
            color: run.color,
            glyphs: run.glyphs.clone_with_room(room),
            width: run.width,
            mark: run.elem.map_or(mark, Mark::Elem),
        }));
        if let Some(url) = &run.link {
            out.push(Item::Link {
                x: x + run.x,
                y: 0.0,
                w: run.width,
                h: st.leading,
                target: Target::Url(url.clone()),
                elem: run.elem,
            });
        }
    }
}
