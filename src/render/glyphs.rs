//! Shaped glyphs → content-stream bytes: which code draws each glyph of each
//! embedded face ([`Codes`], from `subset`), and the `TJ` arrays that put every glyph
//! where shaping placed it ([`draw_glyphs`]). `content` calls this for each text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ops::{num, round_hundredth};
use crate::fonts::{Face, Glyphs};
use crate::layout::Pt;

/// One embedded (subset) face: for each original glyph id it draws, the code that
/// draws it, its width in /W and the text its ToUnicode entry gives.
#[derive(Clone)]
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
    /// Right-to-left text always extracts through ToUnicode: its glyphs are written in
    /// reading order, each mapped to its own cluster, and extractors (poppler, pdf.js)
    /// would reverse an `/ActualText` over it.
    pub(super) fn extracts_as_written(&self, glyphs: &Glyphs) -> bool {
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

/// Appends a glyph code to a PDF literal string being written.
pub(super) fn glyph_code(out: &mut Vec<u8>, code: u16) {
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
pub(super) fn hex_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"<FEFF");
    for u in text.encode_utf16() {
        let mut hex = String::with_capacity(4);
        let _ = write!(hex, "{u:04X}");
        out.extend_from_slice(hex.as_bytes());
    }
    out.push(b'>');
}

/// The order to write `glyphs` in: reading order, the order of the text each glyph
/// stands for (`Glyphs` keeps its text in reading order, its glyphs in display order),
/// which is the order extractors and screen readers take a content stream's text in.
/// Glyphs of one cluster keep their display order.
fn write_order(glyphs: &Glyphs) -> Vec<usize> {
    let mut order: Vec<usize> = (0..glyphs.glyphs.len()).collect();
    order.sort_by_key(|&i| glyphs.glyphs[i].start);
    order
}

/// Draws `glyphs` at `size` from the current point: a `TJ` array per run of one face,
/// with an adjustment wherever the pen is not where the next glyph goes — shaped
/// advances that differ from the font's own (kerning), offset marks, right-to-left
/// runs written backwards. Switches fonts (`Tf`) as the glyphs' faces change; `font`
/// is the text state's current face and size. Ends with the pen past the last glyph.
pub(super) fn draw_glyphs(
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
    let (x, mut at) = if rtl {
        display_positions(glyphs)
    } else {
        (Vec::new(), 0.0)
    };
    let mut running = 0.0f32;
    let mut cached = None;
    let mut writer = TjWriter::new(out, tj);
    let order = if rtl { write_order(glyphs) } else { Vec::new() };
    let n = glyphs.glyphs.len();
    for i in (0..n).map(|k| if rtl { order[k] } else { k }) {
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
            writer.set_font(&face_codes.name, size);
            *font = Some((g.face, size));
        }
        let (code, width, _, _) = face_codes.get(g.id);
        let rise = (g.dy != 0.0).then(|| g.dy * size / 1000.0);
        writer.glyph(code, width, target, rise);
    }
    if !rtl {
        at = running;
    }
    writer.end(at);
}

/// Where each glyph goes in display order, in thousandths of an em from the start,
/// and the advance of them all.
fn display_positions(glyphs: &Glyphs) -> (Vec<f32>, f32) {
    let mut x = Vec::with_capacity(glyphs.glyphs.len());
    let mut at = 0.0f32;
    for g in &glyphs.glyphs {
        x.push(at + g.dx);
        at += g.advance;
    }
    (x, at)
}

/// One text's glyphs being written: the `TJ` array for the current face (in `tj`,
/// flushed to `out` as the face changes and at the end) and where the pen is.
struct TjWriter<'a> {
    out: &'a mut Vec<u8>,
    tj: &'a mut Vec<u8>,
    /// Whether the array holds only glyphs: it is then written as `(…) Tj`.
    plain: bool,
    /// Whether a glyph string `(…` is open in the array.
    in_string: bool,
    /// Where the pen is, as written (so rounding never accumulates).
    pen: f32,
}

impl<'a> TjWriter<'a> {
    /// Starts writing into `out`, with `tj` as the (emptied) array buffer.
    fn new(out: &'a mut Vec<u8>, tj: &'a mut Vec<u8>) -> TjWriter<'a> {
        tj.clear();
        TjWriter {
            out,
            tj,
            plain: true,
            in_string: false,
            pen: 0.0,
        }
    }

    /// Writes out the array so far, as `Tj` when it holds no adjustments.
    fn close(&mut self) {
        if self.in_string {
            self.tj.push(b')');
            self.in_string = false;
        }
        if !self.tj.is_empty() {
            if self.plain {
                // No adjustments: `(…) Tj`, not `[(…)] TJ`.
                self.out.extend_from_slice(&self.tj[1..]);
                self.out.extend_from_slice(b" Tj\n");
            } else {
                self.out.extend_from_slice(self.tj);
                self.out.extend_from_slice(b"] TJ\n");
            }
            self.tj.clear();
        }
        self.plain = true;
    }

    /// Switches to the font resource `name` at `size`, closing the array of the last.
    fn set_font(&mut self, name: &str, size: Pt) {
        self.close();
        let mut s = String::new();
        let _ = write!(s, "/{name} ");
        num(&mut s, size);
        s.push_str(" Tf\n");
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Draws the glyph `code`, `width` thousandths of an em wide, with the pen moved
    /// to `target` first; a glyph with a `rise` (in points) is drawn on its own under
    /// a text rise.
    fn glyph(&mut self, code: u16, width: i64, target: f32, rise: Option<Pt>) {
        if self.tj.is_empty() {
            self.tj.push(b'[');
        }
        // TJ numbers move the pen left by their value.
        let adjust = round_hundredth(self.pen - target);
        if adjust != 0.0 {
            self.push_adjust(adjust);
            self.plain = false;
            self.pen -= adjust;
        }
        if let Some(rise) = rise {
            // A raised or lowered glyph (a mark): its own Tj under a text rise.
            self.plain = false;
            self.close();
            let mut s = String::new();
            num(&mut s, rise);
            let _ = write!(s, " Ts (");
            self.out.extend_from_slice(s.as_bytes());
            glyph_code(self.out, code);
            self.out.extend_from_slice(b") Tj 0 Ts\n");
        } else {
            if !self.in_string {
                self.tj.push(b'(');
                self.in_string = true;
            }
            glyph_code(self.tj, code);
        }
        self.pen += width as f32;
    }

    /// Leaves the pen at `at`, where the next text in this object expects it, and
    /// writes out the last array.
    fn end(mut self, at: f32) {
        let adjust = round_hundredth(self.pen - at);
        if adjust != 0.0 && !self.tj.is_empty() {
            self.push_adjust(adjust);
            self.plain = false;
        }
        self.close();
    }

    /// Appends a TJ pen adjustment (thousandths of an em, moving the pen left),
    /// closing the glyph string it interrupts.
    fn push_adjust(&mut self, adjust: f32) {
        if self.in_string {
            self.tj.push(b')');
            self.in_string = false;
        }
        let mut n = String::new();
        num(&mut n, adjust);
        self.tj.extend_from_slice(n.as_bytes());
    }
}

/// Codes for the glyphs of `glyphs` as if subset: code = 1, 2, … in order met.
#[cfg(test)]
pub(super) fn codes_for(glyphs: &Glyphs) -> Codes {
    let fonts = crate::fonts::FontSet::bundled();
    let mut faces: BTreeMap<Face, FaceCodes> = BTreeMap::new();
    for g in &glyphs.glyphs {
        let codes = faces
            .entry(g.face)
            .or_insert_with(|| FaceCodes::new(format!("{:?}", g.face)));
        if codes.get(g.id).0 == 0 {
            let face = fonts.face(g.face);
            let w =
                (f32::from(face.advance(g.id)) * 1000.0 / f32::from(face.units_per_em())) as i64;
            let code = codes.glyphs.len() as u16 + 1;
            codes.insert(g.id, code, code, w, glyphs.text_of(g).to_string(), false);
        }
    }
    Codes { faces }
}
