//! Page content streams, written directly.
//!
//! printpdf encodes every glyph as a four-digit hex string and positions every line
//! with an absolute six-number text matrix at full float precision: about twice the
//! bytes, before compression, of what is needed. So the page contents are written
//! here: glyph codes as binary literal strings, line starts as relative `Td` moves
//! (the same short `0 -14.5 Td` repeats down a paragraph and compresses to almost
//! nothing), numbers to 1/100 pt. printpdf still builds everything else: fonts with
//! their widths and ToUnicode maps, pages, annotations.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::document::{ElemId, Mark, Structure};
use crate::fonts::{Face, Glyphs};
use crate::layout::{Color, Item, Page, Pt};

/// One embedded (subset) face: for each original glyph id it draws, the code that
/// draws it, its width in /W and the text its ToUnicode entry gives.
pub struct FaceCodes {
    /// The font's resource name (`F1`).
    pub name: String,
    /// Original glyph id → index into `glyphs` + 1 (0: not embedded).
    by_gid: Vec<u32>,
    glyphs: Vec<(u16, i64, String, bool)>,
    /// Every (code, text) pair, for the ToUnicode map.
    pub pairs: Vec<(u16, String)>,
}

impl FaceCodes {
    pub fn new(name: String) -> FaceCodes {
        FaceCodes {
            name,
            by_gid: Vec::new(),
            glyphs: Vec::new(),
            pairs: Vec::new(),
        }
    }

    /// Records that glyph `old` is glyph `new` of the subset, drawn by `code`, `width`
    /// thousandths of an em wide, standing for `text` (and for other texts elsewhere
    /// too if `conflict`).
    pub fn insert(
        &mut self,
        old: u16,
        new: u16,
        code: u16,
        width: i64,
        text: String,
        conflict: bool,
    ) {
        let _ = new;
        if !text.is_empty() {
            self.pairs.push((code, text.clone()));
        }
        let i = usize::from(old);
        if self.by_gid.len() <= i {
            self.by_gid.resize(i + 1, 0);
        }
        self.glyphs.push((code, width, text, conflict));
        self.by_gid[i] = self.glyphs.len() as u32;
    }

    /// The code, /W width and ToUnicode text of original glyph `gid`, and whether
    /// the glyph stands for other texts elsewhere.
    fn get(&self, gid: u16) -> (u16, i64, &str, bool) {
        match self.by_gid.get(usize::from(gid)).copied().unwrap_or(0) {
            0 => (0, 0, "", false),
            i => {
                let (code, width, text, conflict) = &self.glyphs[i as usize - 1];
                (*code, *width, text, *conflict)
            }
        }
    }
}

/// Glyph codes for every embedded face.
pub struct Codes {
    pub faces: BTreeMap<Face, FaceCodes>,
}

impl Codes {
    /// The codes of `face`, remembering the last face asked for in `last`: a text's
    /// glyphs nearly all come from one face, and this runs once per glyph.
    fn of<'a>(
        &'a self,
        face: Face,
        last: &mut Option<(Face, &'a FaceCodes)>,
    ) -> Option<&'a FaceCodes> {
        match last {
            Some((f, codes)) if *f == face => Some(codes),
            _ => {
                let codes = self.faces.get(&face)?;
                *last = Some((face, codes));
                Some(codes)
            }
        }
    }

    /// Whether a text extractor reading `glyphs` through the ToUnicode maps gets the
    /// text as written: each glyph stands for a cluster of its own, and its entry is
    /// that cluster's text, not another text the same glyph stands for elsewhere.
    /// Text that does not (Devanagari conjuncts, marks on their own glyphs) gets
    /// `/ActualText`.
    ///
    /// Right-to-left text always extracts through ToUnicode: its glyphs are in display
    /// order, each mapped to its own cluster, and extractors (poppler, pdf.js) put such
    /// runs back in logical order themselves — and would reverse an `/ActualText` too.
    fn extracts_as_written(&self, glyphs: &Glyphs) -> bool {
        if glyphs.has_rtl() {
            return true;
        }
        let mut last = 0;
        let mut in_order = true;
        let mut cached = None;
        for g in &glyphs.glyphs {
            let Some(face) = self.of(g.face, &mut cached) else {
                return false;
            };
            // A glyph with no text of its own (the second glyph of a cluster) has no
            // ToUnicode entry, which extractors read as a space or nothing.
            if g.end == g.start || face.get(g.id).3 {
                return false;
            }
            if g.end > g.start {
                in_order &= g.start >= last;
                last = g.end;
            }
        }
        in_order
    }
}

/// A number to 1/100, without trailing zeros: `56.69`, `-14.5`, `0`. Written from
/// whole hundredths: float formatting was the largest cost of pages with many shapes
/// (QR codes, grids).
fn num(out: &mut String, v: f32) {
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

/// Appends a glyph code to a PDF literal string being written.
fn glyph_code(out: &mut Vec<u8>, code: u16) {
    for b in code.to_be_bytes() {
        // Parentheses and backslash are syntax; a raw CR would be read as a
        // line end and normalised, so it is escaped too.
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// A PDF text string (UTF-16BE with a byte-order mark), as hex.
fn hex_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"<FEFF");
    for u in text.encode_utf16() {
        let mut hex = String::with_capacity(4);
        let _ = write!(hex, "{u:04X}");
        out.extend_from_slice(hex.as_bytes());
    }
    out.push(b'>');
}

/// The order to write `glyphs` in: display order, except that each right-to-left run
/// is written in reverse, which is logical order — the order extractors read runs in.
fn write_order(glyphs: &Glyphs) -> Vec<usize> {
    let n = glyphs.glyphs.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut i = 0;
    while i < n {
        if glyphs.glyphs[i].rtl {
            let start = i;
            while i < n && glyphs.glyphs[i].rtl {
                i += 1;
            }
            order[start..i].reverse();
        } else {
            i += 1;
        }
    }
    order
}

/// Draws `glyphs` at `size` from the current point: a `TJ` array per run of one face,
/// with an adjustment wherever the pen is not where the next glyph goes — shaped
/// advances that differ from the font's own (kerning), offset marks, right-to-left
/// runs written backwards. Switches fonts (`Tf`) as the glyphs' faces change; `font`
/// is the text state's current face and size. Ends with the pen past the last glyph.
fn draw_glyphs(
    out: &mut Vec<u8>,
    glyphs: &Glyphs,
    size: Pt,
    codes: &Codes,
    font: &mut Option<(Face, Pt)>,
    tj: &mut Vec<u8>,
) {
    // Where each glyph goes, in thousandths of an em from the start: worked out as
    // the glyphs go, unless right-to-left runs are written out of display order.
    let rtl = glyphs.glyphs.iter().any(|g| g.rtl);
    let mut x = Vec::new();
    let mut at = 0.0f32;
    if rtl {
        x.reserve(glyphs.glyphs.len());
        for g in &glyphs.glyphs {
            x.push(at + g.dx);
            at += g.advance;
        }
    }
    let mut running = 0.0f32;
    let mut cached = None;
    // Where the pen is, as written (so rounding never accumulates).
    let mut pen = 0.0f32;
    // The array being written for the current face, and whether it holds only glyphs.
    tj.clear();
    let mut plain = true;
    let mut in_string = false;
    let close = |out: &mut Vec<u8>, tj: &mut Vec<u8>, plain: &mut bool, in_string: &mut bool| {
        if *in_string {
            tj.push(b')');
            *in_string = false;
        }
        if !tj.is_empty() {
            if *plain {
                // No adjustments: `(…) Tj`, not `[(…)] TJ`.
                out.extend_from_slice(&tj[1..]);
                out.extend_from_slice(b" Tj\n");
            } else {
                out.extend_from_slice(tj);
                out.extend_from_slice(b"] TJ\n");
            }
            tj.clear();
        }
        *plain = true;
    };
    let order = if rtl { write_order(glyphs) } else { Vec::new() };
    for k in 0..glyphs.glyphs.len() {
        let i = if rtl { order[k] } else { k };
        let g = &glyphs.glyphs[i];
        let target = if rtl {
            x[i]
        } else {
            let t = running + g.dx;
            running += g.advance;
            t
        };
        let Some(face_codes) = codes.of(g.face, &mut cached) else {
            continue;
        };
        if *font != Some((g.face, size)) {
            close(out, tj, &mut plain, &mut in_string);
            let mut s = String::new();
            let _ = write!(s, "/{} ", face_codes.name);
            num(&mut s, size);
            s.push_str(" Tf\n");
            out.extend_from_slice(s.as_bytes());
            *font = Some((g.face, size));
        }
        if tj.is_empty() {
            tj.push(b'[');
        }
        let (code, width, _, _) = face_codes.get(g.id);
        // TJ numbers move the pen left by their value.
        let adjust = ((pen - target) * 100.0).round() / 100.0;
        if adjust != 0.0 {
            if in_string {
                tj.push(b')');
                in_string = false;
            }
            let mut n = String::new();
            num(&mut n, adjust);
            tj.extend_from_slice(n.as_bytes());
            plain = false;
            pen -= adjust;
        }
        if g.dy != 0.0 {
            // A raised or lowered glyph (a mark): its own Tj under a text rise.
            plain = false;
            close(out, tj, &mut plain, &mut in_string);
            let mut s = String::new();
            num(&mut s, g.dy * size / 1000.0);
            let _ = write!(s, " Ts (");
            out.extend_from_slice(s.as_bytes());
            glyph_code(out, code);
            out.extend_from_slice(b") Tj 0 Ts\n");
        } else {
            if !in_string {
                tj.push(b'(');
                in_string = true;
            }
            glyph_code(tj, code);
        }
        pen += width as f32;
    }
    if !rtl {
        at = running;
    }
    // Leave the pen at the end, where the next text in this object expects it.
    let adjust = ((pen - at) * 100.0).round() / 100.0;
    if adjust != 0.0 && !tj.is_empty() {
        if in_string {
            tj.push(b')');
            in_string = false;
        }
        let mut n = String::new();
        num(&mut n, adjust);
        tj.extend_from_slice(n.as_bytes());
        plain = false;
    }
    close(out, tj, &mut plain, &mut in_string);
}

/// A page's content stream, and the element each of its MCIDs belongs to.
pub struct PageContent {
    pub bytes: Vec<u8>,
    pub mcids: Vec<ElemId>,
    /// Whether `bytes` are deflated already.
    pub deflated: bool,
}

/// Opens a marked-content sequence for `mark`; an element's gets the next MCID.
fn open_mark(s: &mut String, mark: Mark, structure: &Structure, mcids: &mut Vec<ElemId>) {
    match mark {
        Mark::Elem(e) => {
            let role = structure.elems.get(e).map_or("Span", |e| e.role.name());
            let _ = writeln!(s, "/{role} <</MCID {}>> BDC", mcids.len());
            mcids.push(e);
        }
        Mark::Artifact => s.push_str("/Artifact BMC\n"),
        Mark::Header => {
            s.push_str("/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
        }
        Mark::Footer => {
            s.push_str("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
        }
    }
}

/// The resource name of the logo image.
pub const LOGO: &str = "Im1";

/// The content stream of one page of `height` points.
pub fn page_content(page: &Page, height: Pt, codes: &Codes, structure: &Structure) -> PageContent {
    let mut out: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut s = String::new();
    let mut mcids = Vec::new();
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
    let mut fill: Option<Color> = None;
    let mut line_start = (0.0f32, 0.0f32);
    let flush = |s: &mut String, out: &mut Vec<u8>| {
        out.extend_from_slice(s.as_bytes());
        s.clear();
    };
    for group in &page.items {
        // Answer space and QR codes are drawn, not read: artifacts. (A QR code repeats
        // the link printed, and tagged, beside it.)
        let in_group = matches!(group, Item::Group { .. });
        if in_group {
            if in_text {
                close(&mut s, &mut open);
                s.push_str("ET\n");
                in_text = false;
            }
            if open != Some(Mark::Artifact) {
                close(&mut s, &mut open);
                open_mark(&mut s, Mark::Artifact, structure, &mut mcids);
                open = Some(Mark::Artifact);
            }
        }
        for item in group.flat() {
            let mark = match item {
                Item::Link { .. } | Item::PageRef { .. } | Item::Group { .. } => continue,
                _ if in_group => Mark::Artifact,
                Item::Text(t) => t.mark,
                // The logo is decoration: the theme's name is printed as text too.
                Item::Rect { .. } | Item::Rule { .. } | Item::Image { .. } | Item::Mask { .. } => {
                    Mark::Artifact
                }
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
        mcids,
        deflated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Codes for the glyphs of `glyphs` as if subset: code = 1, 2, … in order met.
    fn codes_for(glyphs: &Glyphs) -> Codes {
        let fonts = crate::fonts::FontSet::get();
        let mut faces: BTreeMap<Face, FaceCodes> = BTreeMap::new();
        for g in &glyphs.glyphs {
            let codes = faces
                .entry(g.face)
                .or_insert_with(|| FaceCodes::new(format!("{:?}", g.face)));
            if codes.get(g.id).0 == 0 {
                let face = fonts.face(g.face);
                let w = (f32::from(face.advance(g.id)) * 1000.0 / f32::from(face.units_per_em()))
                    as i64;
                let code = codes.glyphs.len() as u16 + 1;
                codes.insert(g.id, code, code, w, glyphs.text_of(g).to_string(), false);
            }
        }
        Codes { faces }
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
        let glyphs = crate::fonts::FontSet::get()
            .shape(Face::Regular, "office", 10.0)
            .glyphs;
        let codes = codes_for(&glyphs);
        let content = page_content(&page_of(glyphs), 100.0, &codes, &Structure::new());
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
        let glyphs = crate::fonts::FontSet::get()
            .shape(Face::Regular, "AV", 10.0)
            .glyphs;
        let codes = codes_for(&glyphs);
        let out = page_content(&page_of(glyphs), 100.0, &codes, &Structure::new()).bytes;
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
