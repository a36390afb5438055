//! Contents entries: number, title (wrapped), category and difficulty, and a page
//! number that finalize fills in, the whole entry a link to its question. In an
//! interviewer's copy (`--answers end`) a second column gives, and links to, the page
//! of each question's answer guide.

use super::{baseline, break_text, Flow, FlowItem};
use crate::document::{AnchorId, Mark, Tags};
use crate::fonts::{Face, Shaped};
use crate::layout::style::{self, TextStyle, RULE};
use crate::layout::{Item, Pt, Target, TextBox};

/// Width of a page-number column: room for three digits and a gap.
const NUM_W: Pt = 34.0;

/// Width of the entry's number ("12."), before the title.
const LABEL_W: Pt = 24.0;

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

    /// One contents entry: label, wrapped title, detail and page numbers, all a link.
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
        let num_w = if guide.is_some() {
            2.0 * NUM_W
        } else {
            NUM_W - 6.0
        };
        let (detail_st, detail_shaped) = self.toc_detail(detail);
        let detail_x = self.frame.right - num_w - detail_shaped.width;
        let title_x = self.frame.left + LABEL_W;
        let title_w = detail_x - 14.0 - title_x;
        let (first, lines) = self.toc_title(title, title_x, title_w, link);
        let height = lines as Pt * st.leading;
        let base = baseline(&st);
        if let Some(label) = self.toc_label(label, base, tags) {
            // First in the stream, so the entry reads "1. Title", as it looks.
            self.items[first].contents.insert(0, label);
        }
        // The detail and page numbers sit on the first line but are read after the
        // whole title: they go with the last line's item, lifted to the first line.
        // The lines are kept together, so the last is exactly this far below.
        let lift = (lines.max(1) - 1) as Pt * st.leading;
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
        let (refs, links) = self.toc_pages((target, guide), base - lift, height, tags);
        after.extend(refs);
        let item = &mut self.items[first];
        item.contents.extend(links);
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

    /// The entry's detail (category, difficulty) in the meta style, shaped.
    fn toc_detail(&self, detail: &str) -> (TextStyle, Shaped) {
        let fonts = self.fonts;
        let detail_st = style::paragraph(crate::document::ParaKind::Meta);
        let mut shaped = fonts.shape(detail_st.face, detail, detail_st.size);
        // A space after the detail keeps it apart from the page number in the text
        // read back; drawn past the detail's end, it shows nothing.
        let space = fonts.measure(detail_st.face, " ", detail_st.size);
        shaped
            .glyphs
            .push_space(fonts, detail_st.face, space, detail_st.size);
        (detail_st, shaped)
    }

    /// Flows the title's lines at `x`, kept together; returns the index of the first
    /// line's item and how many lines there are.
    fn toc_title(&mut self, title: &str, x: Pt, width: Pt, link: Mark) -> (usize, usize) {
        let st = style::BODY;
        let spans = vec![crate::model::Span::plain(title)];
        let lines = break_text(self.fonts, &spans, &[], &st, width);
        let first = self.items.len();
        self.text_lines(&lines, &st, x, true, link);
        if let Some(last) = self.items.last_mut() {
            last.keep_with_next = false;
        }
        (first, lines.len())
    }

    /// The entry's number ("1."), bold in the accent, at the frame's left edge.
    fn toc_label(&self, label: &str, base: Pt, tags: &Tags) -> Option<Item> {
        if label.is_empty() {
            return None;
        }
        let st = style::BODY;
        let l = self.fonts.shape(Face::Bold, label, st.size);
        Some(Item::Text(TextBox {
            x: self.frame.left,
            baseline: base,
            face: Face::Bold,
            size: st.size,
            color: style::ACCENT,
            width: l.width,
            glyphs: l.glyphs,
            mark: Mark::of(tags.label),
        }))
    }

    /// The page numbers of the question and, in an interviewer's copy, its guide, at
    /// `base`; and the link areas, `height` tall, that lead to each.
    fn toc_pages(
        &self,
        (target, guide): (&AnchorId, Option<&AnchorId>),
        base: Pt,
        height: Pt,
        tags: &Tags,
    ) -> (Vec<Item>, Vec<Item>) {
        let st = style::BODY;
        let link = Mark::of(tags.text);
        let question_right = if guide.is_some() {
            self.frame.right - NUM_W
        } else {
            self.frame.right
        };
        let mut refs = vec![Item::PageRef {
            anchor: target.clone(),
            right: question_right,
            baseline: base,
            face: Face::Regular,
            size: st.size,
            color: st.color,
            mark: link,
        }];
        let mut links = vec![Item::Link {
            x: self.frame.left,
            y: 0.0,
            w: question_right - self.frame.left,
            h: height,
            target: Target::Anchor(target.clone()),
            elem: tags.text,
        }];
        if let Some(guide) = guide {
            refs.push(Item::PageRef {
                anchor: guide.clone(),
                right: self.frame.right,
                baseline: base,
                face: Face::Regular,
                size: st.size,
                color: st.color,
                mark: Mark::of(tags.guide),
            });
            links.push(Item::Link {
                x: question_right + 4.0,
                y: 0.0,
                w: self.frame.right - question_right - 4.0,
                h: height,
                target: Target::Anchor(guide.clone()),
                elem: tags.guide,
            });
        }
        (refs, links)
    }
}
