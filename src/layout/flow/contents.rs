//! Contents entries: number, title (wrapped), category and difficulty, and a page
//! number that finalize fills in, the whole entry a link to its question. In an
//! interviewer's copy (`--answers end`) a second column gives, and links to, the page
//! of each question's answer guide.

use super::{baseline, break_text, Flow, FlowItem};
use crate::document::{AnchorId, Mark, Tags};
use crate::fonts::Face;
use crate::layout::style::{self, RULE};
use crate::layout::{Item, Pt, Target, TextBox};

/// Width of a page-number column: room for three digits and a gap.
const NUM_W: Pt = 34.0;

impl Flow<'_> {
    /// The heads of the two page-number columns.
    pub(super) fn toc_columns(&mut self, heads: &[String; 2], mark: Mark) {
        let st = style::paragraph(crate::document::ParaKind::Meta);
        let fonts = self.fonts;
        let mut contents = Vec::new();
        for (i, (name, right)) in [
            (&heads[0], self.frame.right - NUM_W),
            (&heads[1], self.frame.right),
        ]
        .into_iter()
        .enumerate()
        {
            let mut shaped = fonts.shape(st.face, name, st.size);
            // Read back as two words: a space drawn past the first head's end.
            if i == 0 {
                let space = fonts.measure(st.face, " ", st.size);
                shaped.glyphs.push_space(fonts, st.face, space, st.size);
            }
            contents.push(Item::Text(TextBox {
                x: right - shaped.width,
                baseline: baseline(&st),
                face: st.face,
                size: st.size,
                color: st.color,
                width: shaped.width,
                glyphs: shaped.glyphs,
                mark,
            }));
        }
        self.push(FlowItem {
            height: st.leading,
            keep_with_next: true,
            contents,
            ..Default::default()
        });
    }

    pub(super) fn toc_entry(
        &mut self,
        label: &str,
        title: &str,
        detail: &str,
        (target, guide): (&AnchorId, Option<&AnchorId>),
        tags: &Tags,
    ) {
        let link = Mark::of(tags.text);
        let st = style::BODY;
        let fonts = self.fonts;
        let label_w = 24.0;
        let num_w = if guide.is_some() {
            2.0 * NUM_W
        } else {
            NUM_W - 6.0
        };
        let detail_st = style::paragraph(crate::document::ParaKind::Meta);
        let mut detail_shaped = fonts.shape(detail_st.face, detail, detail_st.size);
        // A space after the detail keeps it apart from the page number in the text
        // read back; drawn past the detail's end, it shows nothing.
        let space = fonts.measure(detail_st.face, " ", detail_st.size);
        detail_shaped
            .glyphs
            .push_space(fonts, detail_st.face, space, detail_st.size);
        let detail_x = self.frame.right - num_w - detail_shaped.width;
        let title_x = self.frame.left + label_w;
        let title_w = detail_x - 14.0 - title_x;
        let spans = vec![crate::content::Span::plain(title)];
        let lines = break_text(self.fonts, &spans, &[], &st, title_w);
        let first = self.items.len();
        self.text_lines(&lines, &st, title_x, true, link);
        if let Some(last) = self.items.last_mut() {
            last.keep_with_next = false;
        }
        let height = lines.len() as Pt * st.leading;
        let base = baseline(&st);
        let item = &mut self.items[first];
        if !label.is_empty() {
            let l = fonts.shape(Face::Bold, label, st.size);
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
                    glyphs: l.glyphs,
                    mark: Mark::of(tags.label),
                }),
            );
        }
        // The detail and page numbers sit on the first line but are read after the
        // whole title: they go with the last line's item, lifted to the first line.
        // The lines are kept together, so the last is exactly this far below.
        let lift = (lines.len().max(1) - 1) as Pt * st.leading;
        let mut after = vec![Item::Text(TextBox {
            x: detail_x,
            baseline: base - lift,
            face: detail_st.face,
            size: detail_st.size,
            color: detail_st.color,
            width: detail_shaped.width,
            glyphs: detail_shaped.glyphs,
            mark: link,
        })];
        let question_right = if guide.is_some() {
            self.frame.right - NUM_W
        } else {
            self.frame.right
        };
        after.push(Item::PageRef {
            anchor: target.clone(),
            right: question_right,
            baseline: base - lift,
            face: Face::Regular,
            size: st.size,
            color: st.color,
            mark: link,
        });
        item.contents.push(Item::Link {
            x: self.frame.left,
            y: 0.0,
            w: question_right - self.frame.left,
            h: height,
            target: Target::Anchor(target.clone()),
            elem: tags.text,
        });
        if let Some(guide) = guide {
            after.push(Item::PageRef {
                anchor: guide.clone(),
                right: self.frame.right,
                baseline: base - lift,
                face: Face::Regular,
                size: st.size,
                color: st.color,
                mark: Mark::of(tags.guide),
            });
            item.contents.push(Item::Link {
                x: question_right + 4.0,
                y: 0.0,
                w: self.frame.right - question_right - 4.0,
                h: height,
                target: Target::Anchor(guide.clone()),
                elem: tags.guide,
            });
        }
        item.contents.push(Item::Rule {
            x1: title_x,
            x2: self.frame.right,
            y: height + 2.0,
            thickness: 0.3,
            color: RULE,
        });
        if let Some(last) = self.items.last_mut() {
            last.contents.extend(after);
        }
    }
}
