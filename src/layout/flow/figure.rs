//! A diagram in the column: one item, drawn whole, kept with its caption.
//!
//! The drawing is a single flow item, so pagination moves it to the next page
//! rather than split it; the caption's first line keeps with it. The drawing is
//! centred on the measure (less a list's indent), scaled down to fit it and to
//! fit a page with its caption, and its contents are one [`GroupKind::Element`]:
//! render marks them all as the `Figure` element's and gives it their box.

use super::{break_text, Flow, FlowItem};
use crate::document::{Mark, Tags};
use crate::layout::diagram;
use crate::layout::linebreak::Line;
use crate::layout::style::{self, TextStyle, LIST_INDENT};
use crate::layout::{GroupKind, Item, Pt};
use crate::model::diagram::Diagram;
use crate::model::Span;

/// Room above and below a drawing, inside its item.
const PAD: Pt = 6.0;

/// The caption's type: small italics, like the text under a figure in a book.
pub const CAPTION: TextStyle = TextStyle {
    face: crate::fonts::Face::Italic,
    size: 9.0,
    leading: 12.0,
    color: style::MUTED,
    space_before: 2.0,
    space_after: 6.0,
};

impl Flow<'_> {
    /// Flows a diagram at list depth `depth`, then its caption.
    pub(super) fn figure(&mut self, d: &Diagram, depth: u8, tags: &Tags) {
        let left = self.frame.left + LIST_INDENT * Pt::from(depth);
        let width = self.frame.right - left;
        let spans = d
            .caption
            .iter()
            .map(|c| Span::plain(c.clone()))
            .collect::<Vec<_>>();
        let caption = break_text(self.fonts, &spans, &[], &CAPTION, width);
        let room = self.frame.body_height() - 2.0 * PAD - CAPTION.leading * caption.len() as Pt;
        let drawn = diagram::draw(self.fonts, &d.graph, width, room, Mark::of(tags.text));
        let (dx, dy) = (left + (width - drawn.width) / 2.0, PAD);
        let items = drawn
            .items
            .into_iter()
            .map(|i| shifted(i, dx, dy))
            .collect();
        let kind = match tags.text {
            Some(elem) => GroupKind::Element {
                elem,
                x: dx,
                y: dy,
                w: drawn.width,
                h: drawn.height,
            },
            None => GroupKind::Artifact,
        };
        self.push(FlowItem {
            height: drawn.height + 2.0 * PAD,
            keep_with_next: !caption.is_empty(),
            contents: vec![Item::Group { kind, items }],
            ..Default::default()
        });
        self.caption_lines(&caption, left, width, tags);
    }

    /// Flows a figure's caption lines, centred under it, each kept with the next.
    pub(super) fn caption_lines(&mut self, caption: &[Line], left: Pt, width: Pt, tags: &Tags) {
        let n = caption.len();
        for (i, line) in caption.iter().enumerate() {
            let mut contents = Vec::new();
            let x = left + (width - line.width) / 2.0;
            super::line_items(&mut contents, line, &CAPTION, x, Mark::of(tags.caption));
            if line.space_after {
                super::end_with_space(self.fonts, &mut contents);
            }
            self.push(FlowItem {
                height: CAPTION.leading,
                keep_with_next: i + 1 < n,
                space_before: if i == 0 { CAPTION.space_before } else { 0.0 },
                contents,
                ..Default::default()
            });
        }
    }
}

/// An item of a drawing moved right by `dx` and down by `dy`.
fn shifted(item: Item, dx: Pt, dy: Pt) -> Item {
    match item {
        Item::Text(mut t) => {
            t.x += dx;
            t.baseline += dy;
            Item::Text(t)
        }
        Item::Path(p) => Item::Path(Box::new((*p).shifted(dx, dy))),
        Item::Picture { x, y, w, h, image } => Item::Picture {
            x: x + dx,
            y: y + dy,
            w,
            h,
            image,
        },
        other => other,
    }
}
