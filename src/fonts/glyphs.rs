//! Shaped text: glyphs in display order, each knowing the source text of its
//! cluster, so layout can measure and break it and render can draw it and map it back
//! to the text as written.

use super::{Face, FontSet};

/// One glyph, in display order. Distances are in thousandths of an em (PDF text
/// space units), so they hold at any size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    pub face: Face,
    /// The glyph id in the face's font.
    pub id: u16,
    pub advance: f32,
    /// Where the glyph is drawn relative to the pen (marks sit on their base).
    pub dx: f32,
    pub dy: f32,
    /// The bytes of [`Glyphs::text`] this glyph stands for: its cluster's text on
    /// the cluster's first glyph, empty on the others.
    pub start: u32,
    pub end: u32,
    /// Part of a right-to-left run: render writes such runs in logical order (each
    /// glyph still at its display position), which is the order extractors read.
    pub rtl: bool,
}

/// Shaped text: the text as written (logical order) and its glyphs (display order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Glyphs {
    pub(super) text: String,
    pub glyphs: Vec<Glyph>,
}

impl Glyphs {
    /// The text as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text glyph `g` stands for ("" for the second and later glyphs of a cluster).
    pub fn text_of(&self, g: &Glyph) -> &str {
        &self.text[g.start as usize..g.end as usize]
    }

    /// The total advance in thousandths of an em.
    pub fn em(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.em() * size / 1000.0
    }

    /// Whether the text has right-to-left characters.
    pub fn has_rtl(&self) -> bool {
        has_rtl(&self.text)
    }

    /// Rewrites the text with its pieces in the order given, keeping the glyphs where
    /// they are. Each piece is a range of the text and the glyphs whose clusters lie in
    /// it; together they cover the text. A line whose words are shown in another order
    /// than they are read (right-to-left words among others) is assembled in display
    /// order; this puts its text back in reading order, so the glyphs can be written
    /// in it (see `render::glyphs`), and extracted and tagged text reads as written.
    pub fn reorder_text(&mut self, pieces: &[(std::ops::Range<u32>, std::ops::Range<usize>)]) {
        let mut text = String::with_capacity(self.text.len());
        for (range, glyphs) in pieces {
            let to = text.len() as u32;
            text.push_str(&self.text[range.start as usize..range.end as usize]);
            for g in &mut self.glyphs[glyphs.clone()] {
                g.start = g.start - range.start + to;
                g.end = g.end - range.start + to;
            }
        }
        debug_assert_eq!(text.len(), self.text.len(), "pieces must cover the text");
        self.text = text;
    }

    pub fn ends_with_space(&self) -> bool {
        self.text.ends_with(' ')
    }

    /// Appends a space drawn in `face`, `width` points wide at `size` (the width
    /// line breaking gave it, not necessarily the font's): spaces stay real space
    /// characters in the PDF, so extracted text keeps them.
    pub fn push_space(&mut self, fonts: &FontSet, face: Face, width: f32, size: f32) {
        let face = fonts.resolve(face, ' ').unwrap_or(face);
        let id = fonts.face(face).glyph(' ').unwrap_or(0);
        let start = self.text.len() as u32;
        self.text.push(' ');
        self.glyphs.push(Glyph {
            face,
            id,
            advance: if size > 0.0 {
                width * 1000.0 / size
            } else {
                0.0
            },
            dx: 0.0,
            dy: 0.0,
            start,
            end: start + 1,
            rtl: false,
        });
    }

    /// Appends `other` after this text.
    /// A copy with room for `extra` more glyphs (and characters) without growing:
    /// a line's last run gets the space that ends it ([`Glyphs::push_space`]), and a
    /// plain push onto an exact-sized copy would double it (a long document's boxes
    /// grew by half, measured with massif).
    pub fn clone_with_room(&self, extra: usize) -> Glyphs {
        let mut glyphs = Vec::with_capacity(self.glyphs.len() + extra);
        glyphs.extend_from_slice(&self.glyphs);
        let mut text = String::with_capacity(self.text.len() + extra);
        text.push_str(&self.text);
        Glyphs { glyphs, text }
    }

    /// Room for exactly `extra` more glyphs and characters (nothing if there is).
    pub fn reserve_exact(&mut self, extra: usize) {
        self.glyphs.reserve_exact(extra);
        self.text.reserve_exact(extra);
    }

    pub fn append(&mut self, other: &Glyphs) {
        let shift = self.text.len() as u32;
        self.text.push_str(&other.text);
        self.glyphs.extend(other.glyphs.iter().map(|g| Glyph {
            start: g.start + shift,
            end: g.end + shift,
            ..*g
        }));
    }
}

/// Shaped text and its width at the size it was shaped for.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    pub width: f32,
    pub glyphs: Glyphs,
}

/// Whether `text` has right-to-left characters (Hebrew, Arabic, Syriac, Thaana, N'Ko
/// and their presentation forms), the only case the bidirectional algorithm is run.
pub(super) fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}
