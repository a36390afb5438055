//! A theme's marks on laid-out pages: its accent colour in place of the bundled
//! accent and link colours, and its logo at the head of the cover.
//!
//! Runs after finalize, on positioned items, so flowing and pagination never depend
//! on the theme (a theme changes no line break and no page count, only colour and the
//! logo in the cover's top space, which the cover keeps empty for it).

use super::style::{ACCENT, LINK};
use super::{Color, Item, Laid, Pt};
use crate::document::Document;

/// The logo's box on the cover: at most this wide and this tall, aspect kept.
const LOGO_W: Pt = 200.0;
const LOGO_H: Pt = 64.0;

pub(super) fn apply(doc: &Document, laid: &mut Laid) {
    let Some(theme) = &doc.theme else {
        return;
    };
    let (r, g, b) = theme.accent_rgb();
    let accent = Color(r, g, b);
    if theme.accent != crate::theme::Theme::bundled().accent {
        let recolor = |c: &mut Color| {
            if *c == ACCENT || *c == LINK {
                *c = accent;
            }
        };
        for item in laid.pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
            match item {
                Item::Text(t) => recolor(&mut t.color),
                Item::Rule { color, .. } | Item::Rect { color, .. } => recolor(color),
                _ => {}
            }
        }
    }
    if let (Some(logo), Some(cover)) = (&theme.logo, laid.pages.first_mut()) {
        let (w, h) = (logo.width as Pt, logo.height as Pt);
        let scale = (LOGO_W / w).min(LOGO_H / h);
        cover.items.push(Item::Image {
            x: laid.frame.left,
            y: laid.frame.top,
            w: w * scale,
            h: h * scale,
        });
        laid.logo = Some(logo.clone());
    }
}
