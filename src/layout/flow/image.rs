//! An image in the column: one item, drawn whole, kept with its caption.
//!
//! Placed as a diagram is (see [`super::figure`]): centred on the measure less a
//! list's indent, at its natural size (pixels at 96 per inch, an SVG's own size)
//! or smaller, scaled down, aspect kept, to fit the measure and a page with its
//! caption. Never enlarged: a small screenshot blown up to the measure looks blurred.

use super::figure::CAPTION;
use super::{break_text, Flow, FlowItem};
use crate::document::Tags;
use crate::layout::style::LIST_INDENT;
use crate::layout::{GroupKind, Item, Pt};
use crate::model::picture::Picture;
use crate::model::Span;

/// Room above and below an image, inside its item (as for a diagram).
const PAD: Pt = 6.0;

impl Flow<'_> {
    /// Flows an image at list depth `depth`, then its caption.
    pub(super) fn image(&mut self, p: &Picture, depth: u8, tags: &Tags) {
        // Parsing fails a role whose image could not be loaded; nothing to draw.
        let Some(data) = &p.data else { return };
        let left = self.frame.left + LIST_INDENT * Pt::from(depth);
        let width = self.frame.right - left;
        let spans: Vec<Span> = p.caption.iter().map(|c| Span::plain(c.clone())).collect();
        let caption = break_text(self.fonts, &spans, &[], &CAPTION, width);
        let room = self.frame.body_height() - 2.0 * PAD - CAPTION.leading * caption.len() as Pt;
        let (w, h) = fit(data.natural_size(), width, room);
        let (x, y) = (left + (width - w) / 2.0, PAD);
        let picture = Item::Picture {
            x,
            y,
            w,
            h,
            image: data.clone(),
        };
        let kind = match tags.text {
            Some(elem) => GroupKind::Element { elem, x, y, w, h },
            None => GroupKind::Artifact,
        };
        self.push(FlowItem {
            height: h + 2.0 * PAD,
            keep_with_next: !caption.is_empty(),
            contents: vec![Item::Group {
                kind,
                items: vec![picture],
            }],
            ..Default::default()
        });
        self.caption_lines(&caption, left, width, tags);
    }
}

/// A size scaled down, aspect kept, to at most `width` by `height`; never up.
/// Each side keeps at least a point, so a one-pixel line still shows.
fn fit((w, h): (Pt, Pt), width: Pt, height: Pt) -> (Pt, Pt) {
    let scale = (width / w).min(height / h).min(1.0);
    ((w * scale).max(1.0), (h * scale).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn images_shrink_to_fit_and_never_grow() {
        assert_eq!(fit((100.0, 50.0), 400.0, 600.0), (100.0, 50.0));
        assert_eq!(fit((800.0, 400.0), 400.0, 600.0), (400.0, 200.0));
        assert_eq!(fit((300.0, 1200.0), 400.0, 600.0), (150.0, 600.0));
    }
}
