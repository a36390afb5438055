//! A resource entry with its QR code: the bulleted text wraps in a narrower measure
//! and the code stands at the right edge of the body, its top level with the text's.
//! The whole entry is one item, so the code never parts from its link.

use super::{baseline, break_text, line_items, Flow, FlowItem};
use crate::document::{Mark, Tags};
use crate::layout::qr::Code;
use crate::layout::style::{BODY, LIST_INDENT};
use crate::layout::{Item, Pt, TextBox};
use crate::model::Span;

/// Room between the text and the code's quiet zone.
const GAP: Pt = 6.0;

impl Flow<'_> {
    pub(super) fn resource(&mut self, spans: &[Span], url: &str, tags: &Tags) {
        let st = BODY;
        let x = self.frame.left + LIST_INDENT;
        let code = Code::new(url);
        let side = code.as_ref().map_or(0.0, Code::side);
        let width = self.frame.body_width() - LIST_INDENT - side - GAP;
        let lines = break_text(self.fonts, spans, &tags.spans, &st, width);
        let mut contents = Vec::new();
        let bullet = self.fonts.shape(st.face, "•", st.size);
        contents.push(Item::Text(TextBox {
            x: x - 5.0 - bullet.width,
            baseline: baseline(&st),
            face: st.face,
            size: st.size,
            color: st.color,
            glyphs: bullet.glyphs,
            width: bullet.width,
            // The list's ListNumbering says it is bulleted (see document::structure).
            mark: Mark::Artifact,
        }));
        for (i, line) in lines.iter().enumerate() {
            let dy = i as Pt * st.leading;
            let from = contents.len();
            line_items(&mut contents, line, &st, x, Mark::of(tags.text));
            if line.space_after {
                super::end_with_space(self.fonts, &mut contents[from..]);
            }
            for item in &mut contents[from..] {
                match item {
                    Item::Text(t) => t.baseline += dy,
                    Item::Link { y, .. } => *y += dy,
                    _ => {}
                }
            }
        }
        if let Some(code) = &code {
            contents.push(code.item(self.frame.right - side, 0.0));
        }
        self.push(FlowItem {
            height: (lines.len() as Pt * st.leading).max(side),
            contents,
            ..Default::default()
        });
    }
}
