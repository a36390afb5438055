//! Page content streams, written directly.
//!
//! printpdf encodes every glyph as a four-digit hex string and positions every line
//! with an absolute six-number text matrix at full float precision: about twice the
//! bytes, before compression, of what is needed. So the page contents are written
//! here: glyph codes as binary literal strings, line starts as relative `Td` moves
//! (the same short `0 -14.5 Td` repeats down a paragraph and compresses to almost
//! nothing), numbers to 1/100 pt. printpdf still builds the fonts' dictionaries with
//! their widths, and the pages; `finish` writes the ToUnicode maps, the structure
//! tree, the annotations and the file.

use std::fmt::Write as _;

use super::glyphs::{draw_glyphs, hex_text};
pub use super::glyphs::{Codes, FaceCodes};
use super::image::LOGO;
use super::ops::{color, num, path, round_hundredth};
use crate::document::{ElemId, Mark, Structure};
use crate::fonts::Face;
use crate::layout::{Color, GroupKind, Item, Page, Pt, TextBox};

/// A page's content stream, and the element each of its MCIDs belongs to.
#[derive(Clone)]
pub struct PageContent {
    pub bytes: Vec<u8>,
    pub mcids: Vec<ElemId>,
    /// Whether `bytes` are deflated already.
    pub deflated: bool,
}

/// Which of a page's items a content stream draws: everything but the stamp (the
/// footer's, [`Mark::Stamp`], and the cover's, [`Structure::stamp`]), or only that. A
/// stamped copy's pages are the body's stream, the same in every copy, followed by a
/// short stream of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Body,
    Stamp,
}

/// The glyph codes a page's text is drawn with: the body's subsets, and the stamp's
/// (for [`Mark::Stamp`] and the cover's "Prepared for", [`Structure::stamp`]).
#[derive(Clone, Copy)]
pub struct PageCodes<'a> {
    pub body: &'a Codes,
    pub stamp: &'a Codes,
}

/// The MCIDs a stream numbers: from `first` (a page's second stream goes on from its
/// first), the element of each.
struct Mcids {
    first: usize,
    elems: Vec<ElemId>,
}

/// Opens a marked-content sequence for `mark`; an element's gets the next MCID.
fn open_mark(s: &mut String, mark: Mark, structure: &Structure, mcids: &mut Mcids) {
    match mark {
        Mark::Elem(e) => {
            let role = structure.get(e).map_or("Span", |e| e.role.name());
            let _ = writeln!(
                s,
                "/{role} <</MCID {}>> BDC",
                mcids.first + mcids.elems.len()
            );
            mcids.elems.push(e);
        }
        Mark::Artifact => s.push_str("/Artifact BMC\n"),
        Mark::Header => {
            s.push_str("/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
        }
        Mark::Footer | Mark::Stamp => {
            s.push_str("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
        }
    }
}

/// How everything in a group is marked: answer space and QR codes are drawn, not
/// read (a QR code repeats the link printed, and tagged, beside it), so artifacts;
/// a diagram is its `Figure` element's content. `None` for an item not in a group.
fn group_mark(item: &Item) -> Option<Mark> {
    match item {
        Item::Group {
            kind: GroupKind::Element { elem, .. },
            ..
        } => Some(Mark::Elem(*elem)),
        Item::Group { .. } => Some(Mark::Artifact),
        _ => None,
    }
}

/// Whether `item` is drawn in `part`'s stream: the footer's stamp is a top-level text.
fn in_part(item: &Item, part: Part, structure: &Structure) -> bool {
    let stamp = matches!(item, Item::Text(t) if structure.is_stamp(t.mark));
    stamp == (part == Part::Stamp)
}

/// The content stream of `part` of one page of `height` points.
pub fn page_content(
    page: &Page,
    height: Pt,
    codes: PageCodes,
    structure: &Structure,
    part: Part,
    first_mcid: usize,
) -> PageContent {
    let mut w = Writer {
        height,
        codes,
        structure,
        out: Vec::with_capacity(8 * 1024),
        s: String::new(),
        mcids: Mcids {
            first: first_mcid,
            elems: Vec::new(),
        },
        open: None,
        tj: Vec::with_capacity(1024),
        in_text: false,
        font: None,
        stamp_font: false,
        fill: None,
        line_start: (0.0, 0.0),
    };
    for group in page.drawn().filter(|item| in_part(item, part, structure)) {
        let group_mark = group_mark(group);
        if let Some(mark) = group_mark {
            w.end_text();
            w.mark(mark);
        }
        for item in group.flat() {
            let mark = match (item, group_mark) {
                (Item::Link { .. } | Item::PageRef { .. } | Item::Group { .. }, _) => continue,
                (_, Some(mark)) => mark,
                (Item::Text(t), None) => t.mark,
                // The logo is decoration: the theme's name is printed as text too.
                (_, None) => Mark::Artifact,
            };
            w.item(item, mark);
        }
    }
    w.close();
    if w.in_text {
        w.s.push_str("ET\n");
    }
    w.flush();
    PageContent {
        bytes: w.out,
        mcids: w.mcids.elems,
        deflated: false,
    }
}

/// A content stream being written, and the graphics and text state it has set.
struct Writer<'a> {
    height: Pt,
    codes: PageCodes<'a>,
    structure: &'a Structure,
    /// The stream so far; operators collect in `s` until glyphs (bytes) follow.
    out: Vec<u8>,
    s: String,
    mcids: Mcids,
    /// The open marked-content sequence, if any.
    open: Option<Mark>,
    /// Scratch for each text's TJ array.
    tj: Vec<u8>,
    in_text: bool,
    /// The font and size set, while a text object is open.
    font: Option<(Face, Pt)>,
    /// Whether `font` is one of the stamp's subsets (the same face, other codes).
    stamp_font: bool,
    fill: Option<Color>,
    /// Where the current text line starts, for relative `Td` moves.
    line_start: (f32, f32),
}

impl Writer<'_> {
    fn flush(&mut self) {
        self.out.extend_from_slice(self.s.as_bytes());
        self.s.clear();
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.s.push_str("EMC\n");
        }
    }

    /// Closes an open text object (a group's sequence opens outside text).
    fn end_text(&mut self) {
        if self.in_text {
            self.close();
            self.s.push_str("ET\n");
            self.in_text = false;
        }
    }

    /// Makes `mark` the open marked-content sequence.
    fn mark(&mut self, mark: Mark) {
        if self.open != Some(mark) {
            self.close();
            open_mark(&mut self.s, mark, self.structure, &mut self.mcids);
            self.open = Some(mark);
        }
    }

    /// Draws `item` inside a sequence for `mark`, in or out of a text object.
    fn item(&mut self, item: &Item, mark: Mark) {
        let text = matches!(item, Item::Text(_));
        if self.in_text != text {
            // Sequences open inside a text object close inside it, and vice versa.
            self.close();
            self.s.push_str(if text { "BT\n" } else { "ET\n" });
            self.in_text = text;
            if text {
                self.line_start = (0.0, 0.0);
                self.font = None;
            }
        }
        self.mark(mark);
        match item {
            Item::Text(t) => self.text(t),
            other => self.shape(other),
        }
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            color(&mut self.s, c, "rg");
            self.fill = Some(c);
        }
    }

    fn text(&mut self, t: &TextBox) {
        self.set_fill(t.color);
        // Round the target first, so relative moves never accumulate error.
        let (x, y) = (
            round_hundredth(t.x),
            round_hundredth(self.height - t.baseline),
        );
        num(&mut self.s, x - self.line_start.0);
        self.s.push(' ');
        num(&mut self.s, y - self.line_start.1);
        self.s.push_str(" Td\n");
        self.line_start = (x, y);
        self.flush();
        let stamp = t.mark.is_stamp(self.structure.stamp);
        let codes = if stamp {
            self.codes.stamp
        } else {
            self.codes.body
        };
        if stamp != self.stamp_font {
            self.font = None;
            self.stamp_font = stamp;
        }
        let actual = !codes.extracts_as_written(&t.glyphs);
        if actual {
            // Extractors read this span's text from here, in logical order.
            self.out.extend_from_slice(b"/Span <</ActualText ");
            hex_text(&mut self.out, t.glyphs.text());
            self.out.extend_from_slice(b">> BDC\n");
        }
        draw_glyphs(
            &mut self.out,
            &t.glyphs,
            t.size,
            codes,
            &mut self.font,
            &mut self.tj,
        );
        if actual {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    /// Everything but text: rectangles, rules, images, QR masks, paths.
    fn shape(&mut self, item: &Item) {
        let height = self.height;
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                self.set_fill(*c);
                for v in [*x, height - y - h, *w, *h] {
                    num(&mut self.s, v);
                    self.s.push(' ');
                }
                self.s.push_str("re f\n");
            }
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
                color: c,
            } => rule(&mut self.s, (*x1, *x2, height - y), *thickness, *c),
            Item::Image { x, y, w, h } => {
                self.s.push_str("q ");
                for v in [*w, 0.0, 0.0, *h, *x, height - y - h] {
                    num(&mut self.s, v);
                    self.s.push(' ');
                }
                let _ = writeln!(self.s, "cm /{LOGO} Do Q");
            }
            Item::Picture { x, y, w, h, image } => {
                super::image::draw(&mut self.s, (*x, *y, *w, *h), height, image)
            }
            Item::Mask {
                x,
                y,
                w,
                h,
                color: c,
                bits,
            } => {
                // `Q` restores the fill colour, so `fill` stays right.
                self.s.push_str("q ");
                color(&mut self.s, *c, "rg");
                for v in [*w, 0.0, 0.0, *h, *x, height - y - h] {
                    num(&mut self.s, v);
                    self.s.push(' ');
                }
                self.s.push_str("cm\n");
                super::mask::inline(&mut self.s, bits);
                self.s.push_str(" Q\n");
            }
            Item::Path(p) => path(&mut self.s, p, height),
            Item::Text(_) | Item::Link { .. } | Item::PageRef { .. } | Item::Group { .. } => {}
        }
    }
}

/// A stroked line from `x1` to `x2` at PDF height `y`.
fn rule(s: &mut String, (x1, x2, y): (Pt, Pt, Pt), thickness: Pt, c: Color) {
    color(s, c, "RG");
    num(s, thickness);
    s.push_str(" w ");
    for (v, op) in [(x1, ""), (y, " m "), (x2, ""), (y, " l S\n")] {
        num(s, v);
        s.push_str(if op.is_empty() { " " } else { op });
    }
}

#[cfg(test)]
mod tests {
    use super::super::glyphs::{codes_for, glyph_code};
    use super::*;
    use crate::fonts::Glyphs;

    #[test]
    fn numbers_are_short() {
        let mut s = String::new();
        for v in [
            56.692913, -14.5, 0.0, 10.0, 0.004, 612.0, -0.001, 0.05, -3.07,
        ] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "56.69 -14.5 0 10 0 612 0 0.05 -3.07 ");
    }

    fn page_of(glyphs: Glyphs) -> Page {
        Page::of(vec![Item::Text(crate::layout::TextBox {
            x: 10.0,
            baseline: 20.0,
            face: Face::Regular,
            size: 10.0,
            color: Color(0.0, 0.0, 0.0),
            width: glyphs.width(10.0),
            glyphs,
            mark: Mark::Elem(crate::document::ElemId::Root),
        })])
    }

    #[test]
    fn runs_draw_the_ligature_glyphs_they_were_measured_with() {
        let glyphs = crate::fonts::FontSet::bundled()
            .shape(Face::Regular, "office", 10.0)
            .glyphs;
        let codes = codes_for(&glyphs);
        let content = page_content(
            &page_of(glyphs),
            100.0,
            PageCodes {
                body: &codes,
                stamp: &codes,
            },
            &Structure::new(),
            Part::Body,
            0,
        );
        assert_eq!(content.mcids, [crate::document::ElemId::Root]);
        let out = content.bytes;
        let tagged = b"BT\n/Document <</MCID 0>> BDC\n";
        assert!(out.starts_with(tagged), "{}", String::from_utf8_lossy(&out));
        assert!(out.ends_with(b"EMC\nET\n"));
        // o, ffi, c, e: four glyphs, no kerning between them, no ActualText (the
        // ligature's ToUnicode entry spells it out).
        let want: &[u8] = b"/Regular 10 Tf\n(\x00\x01\x00\x02\x00\x03\x00\x04) Tj";
        assert!(
            out.windows(want.len()).any(|w| w == want),
            "{}",
            String::from_utf8_lossy(&out)
        );
        assert!(!out.windows(10).any(|w| w == b"ActualText"));
    }

    #[test]
    fn kerning_is_a_tj_adjustment() {
        let glyphs = crate::fonts::FontSet::bundled()
            .shape(Face::Regular, "AV", 10.0)
            .glyphs;
        let codes = codes_for(&glyphs);
        let codes = PageCodes {
            body: &codes,
            stamp: &codes,
        };
        let out = page_content(
            &page_of(glyphs),
            100.0,
            codes,
            &Structure::new(),
            Part::Body,
            0,
        )
        .bytes;
        let text = String::from_utf8_lossy(&out);
        // A positive number pulls V towards A.
        assert!(text.contains("[(\u{0}\u{1})"), "{text}");
        assert!(text.contains("] TJ"), "{text}");
    }

    #[test]
    fn syntax_bytes_are_escaped() {
        let mut out = Vec::new();
        glyph_code(&mut out, 0x2829);
        glyph_code(&mut out, 0x5c0d);
        assert_eq!(out, b"\\(\\)\\\\\\r");
    }
}
