//! The bundled fonts: parsed once per process, shared by layout and render.
//!
//! ```
//! use prep_pdf::fonts::{FontSet, Face};
//! let fonts = FontSet::get();
//! let w = fonts.face(Face::Regular).measure("Answer guide", 10.0);
//! assert!(w > 40.0 && w < 80.0);
//! ```
//!
//! Text is measured from the fonts' own advance widths plus GPOS pair kerning, so the
//! widths layout breaks lines with are exactly the widths render draws. A character a
//! face lacks falls back to the monospace face (Noto Serif has no → ≤ ≥); a character no
//! face has is a content error, reported by [`FontSet::missing_chars`].

mod kern;

use std::sync::OnceLock;

use ttf_parser::GlyphId;

/// One of the bundled faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];

    /// The face with bold and/or italic added; monospace stays monospace.
    pub fn with(self, bold: bool, italic: bool) -> Face {
        if self == Face::Mono {
            return Face::Mono;
        }
        let bold = bold || matches!(self, Face::Bold | Face::BoldItalic);
        let italic = italic || matches!(self, Face::Italic | Face::BoldItalic);
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A parsed font face over its embedded bytes.
pub struct FontFace {
    /// The PostScript name, used for the PDF's `/BaseFont`.
    pub postscript_name: &'static str,
    /// The whole font program, as bundled.
    pub data: &'static [u8],
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    kerning: kern::Kerning,
    /// Glyph and advance of every character below [`FAST_CHARS`]: the cmap lookup is
    /// a binary search, and text is measured character by character.
    fast: Vec<(GlyphId, u16)>,
}

/// Characters cached per face: ASCII, Latin-1, Latin Extended-A/B, IPA, Greek and
/// Cyrillic — all but punctuation symbols of what the bank uses.
const FAST_CHARS: u32 = 0x500;

impl FontFace {
    fn parse(postscript_name: &'static str, data: &'static [u8]) -> FontFace {
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let kerning = kern::Kerning::new(&face);
        let fast = (0..FAST_CHARS)
            .map(|cp| {
                let g = char::from_u32(cp)
                    .and_then(|c| face.glyph_index(c))
                    .unwrap_or(GlyphId(0));
                (g, face.glyph_hor_advance(g).unwrap_or(0))
            })
            .collect();
        FontFace {
            postscript_name,
            data,
            units_per_em: f32::from(face.units_per_em()),
            face,
            kerning,
            fast,
        }
    }

    /// The glyph for `c` (0, `.notdef`, if the face has none) and its advance in font units.
    fn glyph_and_advance(&self, c: char) -> (GlyphId, u16) {
        match self.fast.get(c as usize) {
            Some(&hit) => hit,
            None => {
                let g = self.face.glyph_index(c).unwrap_or(GlyphId(0));
                (g, self.face.glyph_hor_advance(g).unwrap_or(0))
            }
        }
    }

    /// The glyph for `c`, if this face has one.
    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        Some(self.glyph_and_advance(c).0).filter(|g| g.0 != 0)
    }

    /// Whether this face can draw `c`.
    pub fn has_char(&self, c: char) -> bool {
        c.is_control() || self.glyph(c).is_some()
    }

    /// Points per font unit at `size`.
    fn scale(&self, size: f32) -> f32 {
        size / self.units_per_em
    }

    /// The width of `text` at `size` points, with kerning.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        self.shape(text, size).width
    }

    /// `text` with the standard f-ligatures (ff, fi, fl, ffi, ffl) as the single
    /// characters that name them (U+FB00–FB04), where this face draws them: Noto's
    /// `liga` feature, applied as a typesetter would. [`decompose`] undoes it.
    fn ligate<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !text.contains('f') || !self.has_char('\u{FB01}') {
            return std::borrow::Cow::Borrowed(text);
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let lig = match chars[i..] {
                ['f', 'f', 'i', ..] => Some(('\u{FB03}', 3)),
                ['f', 'f', 'l', ..] => Some(('\u{FB04}', 3)),
                ['f', 'f', ..] => Some(('\u{FB00}', 2)),
                ['f', 'i', ..] => Some(('\u{FB01}', 2)),
                ['f', 'l', ..] => Some(('\u{FB02}', 2)),
                _ => None,
            };
            match lig.filter(|(c, _)| self.has_char(*c)) {
                Some((c, n)) => {
                    out.push(c);
                    i += n;
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// Measures `text` and says how to draw it: the pieces between kerning adjustments
    /// and each adjustment in thousandths of an em (the unit of a PDF `TJ` array).
    /// The pieces may hold ligature characters; see [`decompose`].
    pub fn shape(&self, text: &str, size: f32) -> Shaped {
        let text = self.ligate(text);
        let mut pieces: Vec<(String, f32)> = Vec::new();
        let mut current = String::new();
        let mut units = 0.0;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let (g, advance) = self.glyph_and_advance(c);
            if let Some(p) = prev {
                let k = self.kerning.pair(p, g);
                if k != 0 {
                    units += f32::from(k);
                    pieces.push((
                        std::mem::take(&mut current),
                        f32::from(k) * 1000.0 / self.units_per_em,
                    ));
                }
            }
            units += f32::from(advance);
            current.push(c);
            prev = Some(g);
        }
        pieces.push((current, 0.0));
        Shaped {
            width: units * self.scale(size),
            pieces,
        }
    }
}

/// The letters a ligature character stands for (`ﬁ` → `fi`), and any other
/// character as itself: what a reader means, for text extraction and comparisons.
pub fn decompose(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| ('\u{FB00}'..='\u{FB04}').contains(&c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            other => out.push(other),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A measured piece of text: its width in points, and the pieces to draw with the
/// kerning adjustment (thousandths of an em, PDF sign: positive pulls left) after each.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    pub width: f32,
    pub pieces: Vec<(String, f32)>,
}

/// All bundled faces.
pub struct FontSet {
    faces: [FontFace; 5],
}

impl FontSet {
    /// The process-wide font set, parsed on first use.
    pub fn get() -> &'static FontSet {
        static FONTS: OnceLock<FontSet> = OnceLock::new();
        FONTS.get_or_init(|| FontSet {
            faces: [
                FontFace::parse(
                    "NotoSerif-Regular",
                    include_bytes!("../../fonts/NotoSerif-Regular.ttf"),
                ),
                FontFace::parse(
                    "NotoSerif-Bold",
                    include_bytes!("../../fonts/NotoSerif-Bold.ttf"),
                ),
                FontFace::parse(
                    "NotoSerif-Italic",
                    include_bytes!("../../fonts/NotoSerif-Italic.ttf"),
                ),
                FontFace::parse(
                    "NotoSerif-BoldItalic",
                    include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf"),
                ),
                FontFace::parse(
                    "NotoSansMono-Regular",
                    include_bytes!("../../fonts/NotoSansMono-Regular.ttf"),
                ),
            ],
        })
    }

    pub fn face(&self, f: Face) -> &FontFace {
        &self.faces[f.index()]
    }

    /// The face that will draw `c` when `wanted` is asked for: `wanted` itself when it
    /// has the glyph, else the monospace face, else `None`.
    pub fn resolve(&self, wanted: Face, c: char) -> Option<Face> {
        if self.face(wanted).has_char(c) {
            Some(wanted)
        } else if self.face(Face::Mono).has_char(c) {
            Some(Face::Mono)
        } else {
            None
        }
    }

    /// The characters of `text` that no bundled face can draw, each once, in order.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        self.missing_in(Face::Regular, text)
    }

    /// The characters of `text` that cannot be drawn when `face` is asked for (through
    /// its fallback, see [`FontSet::resolve`]), each once, in order. Code asks for the
    /// monospace face, which has no fallback.
    pub fn missing_in(&self, face: Face, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c != '\n' && self.resolve(face, c).is_none() && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_pulls_av_together() {
        let f = FontSet::get().face(Face::Regular);
        let av = f.measure("AV", 10.0);
        let a_v = f.measure("A", 10.0) + f.measure("V", 10.0);
        assert!(av < a_v, "AV {av} should be narrower than A+V {a_v}");
        let shaped = f.shape("AV", 10.0);
        assert_eq!(shaped.pieces.len(), 2);
        assert!(shaped.pieces[0].1 < 0.0);
    }

    #[test]
    fn f_ligatures_are_set_where_the_face_has_them() {
        let fonts = FontSet::get();
        let serif = fonts.face(Face::Regular).shape("office flow", 10.0);
        let text: String = serif.pieces.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(text, "o\u{FB03}ce \u{FB02}ow");
        assert_eq!(decompose(&text), "office flow");
        // Code keeps its letters.
        let mono = fonts.face(Face::Mono).shape("office", 10.0);
        assert_eq!(mono.pieces[0].0, "office");
    }

    #[test]
    fn widths_scale_with_size() {
        let f = FontSet::get().face(Face::Bold);
        let a = f.measure("Page 12 of 40", 10.0);
        let b = f.measure("Page 12 of 40", 20.0);
        assert!((b - 2.0 * a).abs() < 0.01);
    }

    #[test]
    fn symbols_fall_back_to_mono_and_unknowns_are_reported() {
        let fonts = FontSet::get();
        assert_eq!(fonts.resolve(Face::Regular, 'a'), Some(Face::Regular));
        assert_eq!(fonts.resolve(Face::Italic, '→'), Some(Face::Mono));
        assert_eq!(
            fonts.missing_chars("ok — ≤ ≥ × Ж λ ✓ 😀 ✓"),
            vec!['✓', '😀']
        );
    }
}
