//! A theme's marks on laid-out pages: its accent colour in place of the bundled
//! accent and link colours, and its logo at the head of the cover.
//!
//! Runs after finalize, on positioned items, so flowing and pagination never depend
//! on the theme (a theme changes no line break and no page count, only colour and the
//! logo in the cover's top space, which the cover keeps empty for it).

use super::style::{ACCENT, LINK};
use super::{Color, Frame, Item, Page, Pt};
use crate::document::Document;

/// The logo's box on the cover: at most this wide and this tall, aspect kept.
const LOGO_W: Pt = 200.0;
const LOGO_H: Pt = 64.0;

/// The theme's marks on page `index` (0-based) of a document in `frame`.
pub(super) fn apply(doc: &Document, frame: &Frame, index: usize, page: &mut Page) {
    recolor(doc, &mut page.items);
    let Some(theme) = &doc.theme else {
        return;
    };
    if let (Some(logo), 0) = (&theme.logo, index) {
        let (w, h) = (logo.width as Pt, logo.height as Pt);
        let scale = (LOGO_W / w).min(LOGO_H / h);
        page.items.push(Item::Image {
            x: frame.left,
            y: frame.top,
            w: w * scale,
            h: h * scale,
        });
    }
}

/// The theme's accent colour in place of the bundled accent and link colours among
/// `items`.
pub(super) fn recolor(doc: &Document, items: &mut [Item]) {
    let Some(theme) = &doc.theme else {
        return;
    };
    if theme.accent == crate::theme::Theme::bundled().accent {
        return;
    }
    let (r, g, b) = theme.accent_rgb();
    let accent = Color(r, g, b);
    let recolor = |c: &mut Color| {
        if *c == ACCENT || *c == LINK {
            *c = accent;
        }
    };
    for item in items.iter_mut() {
        match item {
            Item::Text(t) => recolor(&mut t.color),
            Item::Rule { color, .. } | Item::Rect { color, .. } => recolor(color),
            _ => {}
        }
    }
}

/// The image the cover's [`Item::Image`] draws: the theme's logo, if it has one.
pub(super) fn logo(doc: &Document) -> Option<std::sync::Arc<crate::theme::Image>> {
    doc.theme.as_ref().and_then(|t| t.logo.clone())
}
