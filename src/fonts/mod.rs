//! Fonts: the bundled faces, fonts given on the command line, and the system's fonts
//! as a last resort; text is shaped with the fonts' own tables ([`FontSet::shape`]).
//!
//! ```
//! use prep_pdf::fonts::{FontSet, Face};
//! let fonts = FontSet::bundled();
//! let w = fonts.measure(Face::Regular, "Answer guide", 10.0);
//! assert!(w > 40.0 && w < 80.0);
//! let shaped = fonts.shape(Face::Regular, "office", 10.0);
//! assert_eq!(shaped.glyphs.text(), "office"); // the ffi ligature is one glyph
//! assert!(shaped.glyphs.glyphs.len() < 6);
//! ```
//!
//! Layout measures and render draws the same shaped glyphs, so the widths lines are
//! broken with are exactly the widths drawn. A character the asked-for face lacks is
//! drawn by the first face of the fallback chain that has it ([`FontSet::resolve`]):
//! the other bundled faces (Noto Serif has no → ≤ ≥, the monospace face does), then
//! fonts given with `--font` ([`add_font_file`], [`FontSet::with_given`]), then the
//! system's fonts, which are scanned only when a character nothing earlier has is met
//! (`system.rs`). A character no font has is an error for the caller to report with
//! its place ([`FontSet::missing_chars`]).
//!
//! The chain is a value, [`FontSet`], that callers build and pass down the stages;
//! nothing here is set for the process. What is shared is read-only or a cache: the
//! bundled faces, each font file read once ([`Face`] is a handle to one, see
//! [`Face::font`]), the list of the system's fonts, and shaped text (kept apart per
//! chain).

mod glyphs;
mod loaded;
mod shape;
mod system;

use std::path::PathBuf;
use std::sync::OnceLock;

pub use glyphs::{Glyph, Glyphs, Shaped};
pub use loaded::{add_font_file, load_face};

/// A face: one of the bundled ones, or a font loaded at run time (from `--font` or
/// the system), by its index in the process's registry of loaded fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
    /// A loaded font; see [`FontSet::face`]. The index depends on the order fonts
    /// were loaded in, so output never depends on it (render names fonts by
    /// [`FontFace::key`]).
    Loaded(u16),
}

impl Face {
    /// The bundled faces.
    pub const BUNDLED: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];

    /// The face with bold and/or italic added; monospace and loaded faces stay as
    /// they are.
    pub fn with(self, bold: bool, italic: bool) -> Face {
        if matches!(self, Face::Mono | Face::Loaded(_)) {
            return self;
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
}

/// Why a font file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a TrueType or OpenType font ({reason})")]
    Parse { path: PathBuf, reason: String },
}

/// A parsed font face over its bytes, which live as long as the process.
pub struct FontFace {
    /// The PostScript name, used for the PDF's `/BaseFont`.
    pub postscript_name: String,
    /// The whole font file (a collection for `.ttc`), and the face's index in it.
    pub data: &'static [u8],
    pub index: u32,
    /// A stable name for ordering: the file (or `bundled`) and the index.
    pub key: String,
    face: ttf_parser::Face<'static>,
    /// The same face for shaping (`shape.rs`).
    shaper: harfrust::Font,
    /// Which characters below [`FAST_CHARS`] the face has, a bit each: text is checked
    /// character by character, and a cmap lookup is a binary search.
    fast: Vec<u64>,
    /// The space's glyph: every line ends with one, every word is followed by one,
    /// and a cmap search for each was 3% of a long export (callgrind).
    space: Option<u16>,
}

/// Characters whose coverage is tabled per face: ASCII, Latin-1, Latin Extended-A/B,
/// IPA, Greek and Cyrillic — nearly all of what the bank uses.
const FAST_CHARS: u32 = 0x500;

/// General Punctuation, tabled too: the bank's dashes, curly quotes and ellipses
/// are in every paragraph, and each was a cmap search (3% of a long export's
/// instructions, callgrind).
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2080;

impl FontFace {
    fn parse(data: &'static [u8], index: u32, key: String) -> Result<FontFace, String> {
        let face = ttf_parser::Face::parse(data, index)
            .map_err(|e| format!("its tables do not parse: {e}"))?;
        let shaper = harfrust::Font::new(data, index)
            .ok_or_else(|| "its tables do not parse for shaping".to_string())?;
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .map(|n| {
                n.chars()
                    .filter(|c| c.is_ascii_graphic())
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Font".to_string());
        let mut fast = vec![0u64; (FAST_CHARS + PUNCTUATION.len() as u32) as usize / 64];
        for (bit, cp) in (0..FAST_CHARS).chain(PUNCTUATION).enumerate() {
            if char::from_u32(cp).is_some_and(|c| face.glyph_index(c).is_some()) {
                fast[bit / 64] |= 1 << (bit % 64);
            }
        }
        let space = face.glyph_index(' ').map(|g| g.0);
        Ok(FontFace {
            postscript_name,
            data,
            index,
            key,
            face,
            shaper,
            fast,
            space,
        })
    }

    fn bundled(data: &'static [u8]) -> FontFace {
        FontFace::parse(data, 0, "bundled".into()).expect("bundled font parses")
    }

    /// The glyph for `c`, if this face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        if c == ' ' {
            return self.space;
        }
        self.face.glyph_index(c).map(|g| g.0)
    }

    /// Whether this face can draw `c`. Controls and default-ignorable characters
    /// draw nothing, so every face "has" them.
    pub fn has_char(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < FAST_CHARS {
            return c.is_control() || self.fast[cp as usize / 64] & (1 << (cp % 64)) != 0;
        }
        if PUNCTUATION.contains(&cp) {
            // Tabled after the first FAST_CHARS bits; ignorable format characters
            // (zero-width joiners and spaces) are here too, and count as drawable.
            let bit = (FAST_CHARS + cp - PUNCTUATION.start) as usize;
            return ignorable(c) || self.fast[bit / 64] & (1 << (bit % 64)) != 0;
        }
        ignorable(c) || self.glyph(c).is_some()
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> u16 {
        self.face.units_per_em()
    }

    /// The advance of glyph `id` in font units.
    pub fn advance(&self, id: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .unwrap_or(0)
    }
}

/// Zero-width joiners, marks and variation selectors: no face needs a glyph for them.
fn ignorable(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// The bundled faces, parsed once: read-only data, like the font files they come from.
fn bundled_faces() -> &'static [FontFace; 5] {
    static FACES: OnceLock<[FontFace; 5]> = OnceLock::new();
    FACES.get_or_init(|| {
        [
            FontFace::bundled(include_bytes!("../../fonts/NotoSerif-Regular.ttf")),
            FontFace::bundled(include_bytes!("../../fonts/NotoSerif-Bold.ttf")),
            FontFace::bundled(include_bytes!("../../fonts/NotoSerif-Italic.ttf")),
            FontFace::bundled(include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf")),
            FontFace::bundled(include_bytes!("../../fonts/NotoSansMono-Regular.ttf")),
        ]
    })
}

impl Face {
    /// The font data this face names. A face is a handle: the bundled faces and every
    /// loaded file are read once and never change or go away, so looking one up
    /// depends on nothing a caller set. Which face draws a character is the
    /// [`FontSet`]'s business, not this.
    pub fn font(self) -> &'static FontFace {
        let bundled = bundled_faces();
        match self {
            Face::Regular => &bundled[0],
            Face::Bold => &bundled[1],
            Face::Italic => &bundled[2],
            Face::BoldItalic => &bundled[3],
            Face::Mono => &bundled[4],
            Face::Loaded(i) => loaded::face(i),
        }
    }
}

/// The fonts one export draws with: the bundled faces, a theme's faces in their place
/// when the theme gives fonts, and the `--font` faces, in order, before the system's
/// fonts. A value the caller builds and passes down the stages (content checks that
/// text can be drawn with it, layout shapes and measures with it), so two exports with
/// different themes or fonts can run side by side in one process.
///
/// ```
/// use prep_pdf::fonts::{Face, FontSet};
/// let fonts = FontSet::bundled();
/// assert_eq!(fonts.resolve(Face::Regular, 'a'), Some(Face::Regular));
/// assert_eq!(fonts.resolve(Face::Italic, '→'), Some(Face::Mono));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FontSet {
    /// A theme's faces for the five bundled styles (regular, bold, italic, bold
    /// italic, mono), first in the chain when set.
    themed: Option<[Face; 5]>,
    /// The `--font` faces, in the order given.
    given: std::sync::Arc<[Face]>,
    /// This chain's number in the shape cache: shapes depend on the chain, so the
    /// cache keeps each chain's apart (see [`shape::chain_id`]).
    chain: u32,
}

impl Default for FontSet {
    fn default() -> FontSet {
        FontSet::bundled()
    }
}

impl FontSet {
    /// The bundled faces alone (then the system's fonts, for characters they lack).
    pub fn bundled() -> FontSet {
        FontSet::with(None, std::sync::Arc::from(Vec::new()))
    }

    fn with(themed: Option<[Face; 5]>, given: std::sync::Arc<[Face]>) -> FontSet {
        let chain = shape::chain_id(themed, &given);
        FontSet {
            themed,
            given,
            chain,
        }
    }

    /// The same set with `faces` (from [`add_font_file`]) tried, in order, after the
    /// bundled faces and before the system's fonts.
    pub fn with_given(&self, faces: &[Face]) -> FontSet {
        FontSet::with(self.themed, faces.into())
    }

    /// The same set with a theme's faces (from [`load_face`]) in place of the bundled
    /// styles; `None`: the bundled styles.
    pub fn with_theme(&self, faces: Option<[Face; 5]>) -> FontSet {
        if faces == self.themed {
            return self.clone();
        }
        FontSet::with(faces, self.given.clone())
    }

    /// The `--font` faces, in order.
    pub fn given(&self) -> &[Face] {
        &self.given
    }

    /// The font data of `f` (the same as [`Face::font`]).
    pub fn face(&self, f: Face) -> &'static FontFace {
        f.font()
    }

    /// The theme's face for bundled style `f`, if the theme gives fonts.
    fn themed(&self, f: Face) -> Option<Face> {
        let faces = self.themed?;
        let i = Face::BUNDLED.iter().position(|&b| b == f)?;
        Some(faces[i])
    }

    /// The face that will draw `c` when `wanted` is asked for: the theme's face for
    /// that style if a theme gives fonts and it has the glyph, `wanted` itself when it
    /// has the glyph, else the first of the other bundled faces (the same style
    /// first), the `--font` faces and the system's faces that has it; `None` when
    /// nothing can draw it.
    pub fn resolve(&self, wanted: Face, c: char) -> Option<Face> {
        if let Some(t) = self.themed(wanted).filter(|&t| t.font().has_char(c)) {
            return Some(t);
        }
        if wanted.font().has_char(c) {
            return Some(wanted);
        }
        if let Some(f) = [Face::Mono, Face::Regular]
            .into_iter()
            .find(|&f| f != wanted && f.font().has_char(c))
        {
            return Some(f);
        }
        if let Some(&f) = self.given.iter().find(|f| f.font().has_char(c)) {
            return Some(f);
        }
        let bold = matches!(wanted, Face::Bold | Face::BoldItalic);
        let italic = matches!(wanted, Face::Italic | Face::BoldItalic);
        system::face_for(c, bold, italic)
    }

    /// The characters of `text` that no font can draw, each once, in order.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        self.missing_in(Face::Regular, text)
    }

    /// The characters of `text` that cannot be drawn when `face` is asked for (through
    /// the fallback chain, see [`FontSet::resolve`]), each once, in order.
    pub fn missing_in(&self, face: Face, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        // The chain always ends with the bundled monospace and regular faces, so a
        // character either has is drawn, whatever is asked for: one bit each to
        // look up, where `resolve` walks the chain (every character of a role is
        // checked as it loads).
        let (mono, regular) = (self.face(Face::Mono), self.face(Face::Regular));
        for c in text.chars() {
            if regular.has_char(c) || mono.has_char(c) {
                continue;
            }
            if c != '\n' && !out.contains(&c) && self.resolve(face, c).is_none() {
                out.push(c);
            }
        }
        out
    }

    /// Shapes `text` in `face` (with fallback) at `size` points.
    pub fn shape(&self, face: Face, text: &str, size: f32) -> Shaped {
        shape::shape(self, face, text, size)
    }

    /// The width of `text` in `face` at `size` points, as shaped.
    pub fn measure(&self, face: Face, text: &str, size: f32) -> f32 {
        shape::width(self, face, text, size)
    }

    /// Shapes `text` in `face` (with fallback), sharing the glyphs with the cache of
    /// shaped text: for text that is only read (then copied into a line), a cache hit
    /// costs no copy.
    pub fn shape_shared(&self, face: Face, text: &str) -> std::sync::Arc<Glyphs> {
        shape::shared(self, face, text)
    }
}

/// Whether the system's fonts have been scanned in this process: they are only when
/// a character no bundled or given font has is met.
pub fn system_fonts_scanned() -> bool {
    system::scanned()
}

/// A character for messages: `U+738B 王`.
pub fn describe(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} {c}", c as u32)
    }
}

#[cfg(test)]
mod tests;
