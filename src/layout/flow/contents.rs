//! Contents entries: number, title (wrapped), category and difficulty, and a page
//! number that finalize fills in, the whole entry a link to its question.

use super::{baseline, Flow};
use crate::document::AnchorId;
use crate::fonts::{Face, FontSet};
use crate::layout::style::{self, RULE};
use crate::layout::{Item, Pt, Target, TextBox};

impl Flow<'_> {
    pub(super) fn toc_entry(&mut self, label: &str, title: &str, detail: &str, target: &AnchorId) {
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
