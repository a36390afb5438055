//! Page content streams, written directly.
//!
//! printpdf encodes every glyph as a four-digit hex string and positions every line
//! with an absolute six-number text matrix at full float precision: about twice the
//! bytes, before compression, of what is needed. So the page contents are written
//! here: glyph codes as binary literal strings, line starts as relative `Td` moves
//! (the same short `0 -14.5 Td` repeats down a paragraph and compresses to almost
//! nothing), numbers to 1/100 pt. printpdf still builds everything else: fonts with
//! their widths and ToUnicode maps, pages, annotations.

use std::fmt::Write as _;

use super::glyphs::{draw_glyphs, hex_text};
pub use super::glyphs::{Codes, FaceCodes};
use crate::document::{ElemId, Mark, Structure};
use crate::fonts::Face;
use crate::layout::{Color, GroupKind, Item, Page, Path, PathOp, Pt};

/// A number to 1/100, without trailing zeros: `56.69`, `-14.5`, `0`. Written from
/// whole hundredths: float formatting was the largest cost of pages with many shapes
/// (QR codes, grids).
pub(super) fn num(out: &mut String, v: f32) {
    let h = (f64::from(v) * 100.0).round() as i64;
    if h < 0 {
        out.push('-');
    }
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let _ = write!(out, "{whole}");
    if frac % 10 == 0 && frac != 0 {
        let _ = write!(out, ".{}", frac / 10);
    } else if frac != 0 {
        let _ = write!(out, ".{frac:02}");
    }
}

fn color(out: &mut String, c: Color, op: &str) {
    num(out, c.0);
    out.push(' ');
    num(out, c.1);
    out.push(' ');
    num(out, c.2);
    out.push(' ');
    out.push_str(op);
    out.push('\n');
}

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
            let role = structure.elems.get(e).map_or("Span", |e| e.role.name());
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

/// A path, filled and/or stroked, in a `q … Q` of its own so the colours, width and
/// dash it sets end with it.
fn path(s: &mut String, p: &Path, height: Pt) {
    s.push_str("q ");
    if let Some(c) = p.fill {
        color(s, c, "rg");
    }
    if let Some(c) = p.stroke {
        color(s, c, "RG");
        num(s, p.width);
        s.push_str(if p.dashed { " w [3 2] 0 d\n" } else { " w\n" });
    }
    for op in &p.ops {
        let points: &[Pt] = match op {
            PathOp::Move(x, y) | PathOp::Line(x, y) => &[*x, *y],
            PathOp::Curve(c) => c,
            PathOp::Close => &[],
        };
        for pair in points.chunks(2) {
            num(s, pair[0]);
            s.push(' ');
            num(s, height - pair[1]);
            s.push(' ');
        }
        s.push_str(match op {
            PathOp::Move(..) => "m\n",
            PathOp::Line(..) => "l\n",
            PathOp::Curve(_) => "c\n",
            PathOp::Close => "h\n",
        });
    }
    s.push_str(match (p.fill.is_some(), p.stroke.is_some()) {
        (true, true) => "B Q\n",
        (true, false) => "f Q\n",
        (false, true) => "S Q\n",
        (false, false) => "n Q\n",
    });
}

/// The resource name of the logo image.
pub const LOGO: &str = "Im1";

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
    let mut out: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut s = String::new();
    let mut mcids = Mcids {
        first: first_mcid,
        elems: Vec::new(),
    };
    // The open marked-content sequence, if any.
    let mut open: Option<Mark> = None;
    let close = |s: &mut String, open: &mut Option<Mark>| {
        if open.take().is_some() {
            s.push_str("EMC\n");
        }
    };
    // Scratch for each text's TJ array.
    let mut tj: Vec<u8> = Vec::with_capacity(1024);
    // Text state, valid while a text object is open.
    let mut in_text = false;
    let mut font: Option<(Face, Pt)> = None;
    // Whether `font` is one of the stamp's subsets (the same face, other codes).
    let mut stamp_font = false;
    let mut fill: Option<Color> = None;
    let mut line_start = (0.0f32, 0.0f32);
    let flush = |s: &mut String, out: &mut Vec<u8>| {
        out.extend_from_slice(s.as_bytes());
        s.clear();
    };
    for group in page
        .items
        .iter()
        .filter(|item| in_part(item, part, structure))
    {
        let group_mark = group_mark(group);
        if let Some(mark) = group_mark {
            if in_text {
                close(&mut s, &mut open);
                s.push_str("ET\n");
                in_text = false;
            }
            if open != Some(mark) {
                close(&mut s, &mut open);
                open_mark(&mut s, mark, structure, &mut mcids);
                open = Some(mark);
            }
        }
        for item in group.flat() {
            let mark = match (item, group_mark) {
                (Item::Link { .. } | Item::PageRef { .. } | Item::Group { .. }, _) => continue,
                (_, Some(mark)) => mark,
                (Item::Text(t), None) => t.mark,
                // The logo is decoration: the theme's name is printed as text too.
                (
                    Item::Rect { .. }
                    | Item::Rule { .. }
                    | Item::Image { .. }
                    | Item::Picture { .. }
                    | Item::Mask { .. }
                    | Item::Path(_),
                    None,
                ) => Mark::Artifact,
            };
            let text = matches!(item, Item::Text(_));
            if in_text != text {
                // Sequences open inside a text object close inside it, and vice versa.
                close(&mut s, &mut open);
                s.push_str(if text { "BT\n" } else { "ET\n" });
                in_text = text;
                if text {
                    line_start = (0.0, 0.0);
                    font = None;
                }
            }
            if open != Some(mark) {
                close(&mut s, &mut open);
                open_mark(&mut s, mark, structure, &mut mcids);
                open = Some(mark);
            }
            match item {
                Item::Text(t) => {
                    if fill != Some(t.color) {
                        color(&mut s, t.color, "rg");
                        fill = Some(t.color);
                    }
                    // Round the target first, so relative moves never accumulate error.
                    let round = |v: f32| (v * 100.0).round() / 100.0;
                    let (x, y) = (round(t.x), round(height - t.baseline));
                    num(&mut s, x - line_start.0);
                    s.push(' ');
                    num(&mut s, y - line_start.1);
                    s.push_str(" Td\n");
                    line_start = (x, y);
                    flush(&mut s, &mut out);
                    let stamp = t.mark.is_stamp(structure.stamp);
                    let codes = if stamp { codes.stamp } else { codes.body };
                    if stamp != stamp_font {
                        font = None;
                        stamp_font = stamp;
                    }
                    let actual = !codes.extracts_as_written(&t.glyphs);
                    if actual {
                        // Extractors read this span's text from here, in logical order.
                        out.extend_from_slice(b"/Span <</ActualText ");
                        hex_text(&mut out, t.glyphs.text());
                        out.extend_from_slice(b">> BDC\n");
                    }
                    draw_glyphs(&mut out, &t.glyphs, t.size, codes, &mut font, &mut tj);
                    if actual {
                        out.extend_from_slice(b"EMC\n");
                    }
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: c,
                } => {
                    if fill != Some(*c) {
                        color(&mut s, *c, "rg");
                        fill = Some(*c);
                    }
                    for v in [*x, height - y - h, *w, *h] {
                        num(&mut s, v);
                        s.push(' ');
                    }
                    s.push_str("re f\n");
                }
                Item::Rule {
                    x1,
                    x2,
                    y,
                    thickness,
                    color: c,
                } => {
                    color(&mut s, *c, "RG");
                    num(&mut s, *thickness);
                    s.push_str(" w ");
                    for (v, op) in [
                        (*x1, ""),
                        (height - y, " m "),
                        (*x2, ""),
                        (height - y, " l S\n"),
                    ] {
                        num(&mut s, v);
                        s.push_str(if op.is_empty() { " " } else { op });
                    }
                }
                Item::Image { x, y, w, h } => {
                    s.push_str("q ");
                    for v in [*w, 0.0, 0.0, *h, *x, height - y - h] {
                        num(&mut s, v);
                        s.push(' ');
                    }
                    let _ = writeln!(s, "cm /{LOGO} Do Q");
                }
                Item::Picture { x, y, w, h, image } => {
                    super::image::draw(&mut s, (*x, *y, *w, *h), height, image)
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
                    s.push_str("q ");
                    color(&mut s, *c, "rg");
                    for v in [*w, 0.0, 0.0, *h, *x, height - y - h] {
                        num(&mut s, v);
                        s.push(' ');
                    }
                    s.push_str("cm\n");
                    super::mask::inline(&mut s, bits);
                    s.push_str(" Q\n");
                }
                Item::Path(p) => path(&mut s, p, height),
                Item::Link { .. } | Item::PageRef { .. } | Item::Group { .. } => {}
            }
        }
    }
    close(&mut s, &mut open);
    if in_text {
        s.push_str("ET\n");
    }
    flush(&mut s, &mut out);
    PageContent {
        bytes: out,
        mcids: mcids.elems,
        deflated: false,
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
        Page {
            items: vec![Item::Text(crate::layout::TextBox {
                x: 10.0,
                baseline: 20.0,
                face: Face::Regular,
                size: 10.0,
                color: Color(0.0, 0.0, 0.0),
                width: glyphs.width(10.0),
                glyphs,
                mark: Mark::Elem(0),
            })],
        }
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
        assert_eq!(content.mcids, [0]);
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
