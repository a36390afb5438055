//! Font subsetting: only the glyphs a document draws are embedded.
//!
//! printpdf subsets only with its `text_layout` feature, which pulls in a layout
//! engine we do not use (a minute and a half more of clean build). Its font toolkit,
//! allsorts, is a dependency either way, so we subset with it directly, by glyph id
//! (shaping draws glyphs no character maps to: ligatures, contextual forms), and
//! name the face with the `ABCDEF+` tag that marks a subset (ISO 32000-1, 9.6.4).
//! [`GlyphSet`] gathers the glyphs each face draws and the text each stands for;
//! [`Used::embed`] subsets them and says which code draws each glyph.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

use super::content::{Codes, FaceCodes};
use crate::document::Structure;
use crate::fonts::{Face, FontFace};
use crate::layout::{Item, Page};

/// A subset font program and the name to give it in the PDF.
#[derive(Clone)]
pub struct Subset {
    pub bytes: Vec<u8>,
    pub name: String,
}

/// The glyphs one face draws in a document, each with the text it first stood for
/// (the ToUnicode entry; see `content` for glyphs that stand for other text too).
#[derive(Clone)]
pub struct Used {
    pub face: Face,
    /// The PDF resource name: `F1`–`F5` for the bundled faces, then loaded faces in
    /// the order of their [`FontFace::key`], so the names never depend on the order
    /// fonts were loaded in (`S1`… for the stamp's subsets).
    pub resource: String,
    pub glyphs: BTreeMap<u16, String>,
    /// Glyphs that stand for different texts in different places (a contextual form
    /// shared by two letters): their ToUnicode entry is right for only one of them.
    pub conflicts: std::collections::BTreeSet<u16>,
}

/// The glyphs each face draws and the text each stands for, gathered page by page
/// ([`GlyphSet::add`]) before anything is embedded: the body's, and apart from them
/// the stamp's ([`Structure::is_stamp`]), which get subsets of their own so that the
/// body's glyph codes never depend on a recipient's name.
#[derive(Default)]
pub struct GlyphSet {
    body: Faces,
    stamp: Faces,
    stamp_elem: Option<crate::document::ElemId>,
}

/// Per face, a slot per glyph id: a lookup per drawn glyph, an insert per new one.
#[derive(Default)]
struct Faces {
    faces: Vec<(Face, Vec<Option<String>>)>,
    conflicts: Vec<(Face, u16)>,
}

impl GlyphSet {
    /// A set for the pages of a document with `structure`.
    pub fn new(structure: &Structure) -> GlyphSet {
        GlyphSet {
            stamp_elem: structure.stamp,
            ..GlyphSet::default()
        }
    }

    /// Adds the glyphs `page` draws.
    pub fn add(&mut self, page: &Page) {
        for item in page.drawn().flat_map(Item::flat) {
            let Item::Text(t) = item else { continue };
            let faces = if t.mark.is_stamp(self.stamp_elem) {
                &mut self.stamp
            } else {
                &mut self.body
            };
            faces.add(t);
        }
    }

    /// Adds the glyphs of `page`'s stamp only: for a copy whose body's glyphs are
    /// known already (`shared`).
    pub fn add_stamp(&mut self, page: &Page) {
        for item in page.drawn().flat_map(Item::flat) {
            match item {
                Item::Text(t) if t.mark.is_stamp(self.stamp_elem) => self.stamp.add(t),
                _ => {}
            }
        }
    }

    /// The glyphs of each face, faces in resource-name order: the body's, named
    /// `F1`…, and the stamp's, named `S1`….
    pub fn used(self) -> (Vec<Used>, Vec<Used>) {
        (self.body.used("F"), self.stamp.used("S"))
    }
}

impl Faces {
    fn add(&mut self, t: &crate::layout::TextBox) {
        for g in &t.glyphs.glyphs {
            let slots = match self.faces.iter().position(|f| f.0 == g.face) {
                Some(i) => &mut self.faces[i].1,
                None => {
                    self.faces.push((g.face, Vec::new()));
                    &mut self.faces.last_mut().expect("just pushed").1
                }
            };
            let i = usize::from(g.id);
            if slots.len() <= i {
                slots.resize(i + 1, None);
            }
            let text = t.glyphs.text_of(g);
            match &slots[i] {
                Some(have) if text.is_empty() || have == text => {}
                Some(have) if !have.is_empty() => self.conflicts.push((g.face, g.id)),
                _ => slots[i] = Some(text.to_string()),
            }
        }
    }

    fn used(self, prefix: &str) -> Vec<Used> {
        let Faces {
            mut faces,
            conflicts,
        } = self;
        faces.sort_by(|a, b| match (a.0, b.0) {
            (Face::Loaded(_), Face::Loaded(_)) => a.0.font().key.cmp(&b.0.font().key),
            _ => a.0.cmp(&b.0),
        });
        let mut loaded = 0;
        faces
            .into_iter()
            .map(|(face, slots)| {
                let number = match face {
                    Face::Regular => 1,
                    Face::Bold => 2,
                    Face::Italic => 3,
                    Face::BoldItalic => 4,
                    Face::Mono => 5,
                    Face::Loaded(_) => {
                        loaded += 1;
                        5 + loaded
                    }
                };
                let glyphs = slots
                    .into_iter()
                    .enumerate()
                    .filter_map(|(id, t)| t.map(|t| (id as u16, t)))
                    .collect();
                Used {
                    face,
                    resource: format!("{prefix}{number}"),
                    glyphs,
                    conflicts: conflicts
                        .iter()
                        .filter(|c| c.0 == face)
                        .map(|c| c.1)
                        .collect(),
                }
            })
            .collect()
    }
}

impl Used {
    /// Subsets the face to these glyphs, and maps each glyph to the code that draws it
    /// in the subset: its new glyph id, or for a CID-keyed CFF font its CID, as
    /// printpdf writes the font's widths and ToUnicode map by.
    pub fn embed(&self) -> Result<(Subset, FaceCodes), String> {
        let face = self.face.font();
        // Glyph 0 (.notdef) must come first; allsorts renumbers glyphs in this order.
        let mut gids: Vec<u16> = vec![0];
        gids.extend(self.glyphs.keys().copied().filter(|&g| g != 0));
        let mut sub = subset_glyphs(face, &gids)?;
        if let Some(slim) = super::sfnt::slim(&sub.bytes) {
            sub.bytes = slim;
        }
        let cids = printpdf::cff_charset_gid_to_cid_map(&sub.bytes, 0);
        let scale = 1000.0 / f32::from(face.units_per_em());
        let mut codes = FaceCodes::new(self.resource.clone());
        for (new, &old) in gids.iter().enumerate() {
            let new = new as u16;
            let code = cids
                .as_ref()
                .and_then(|m| m.get(&new).copied())
                .unwrap_or(new);
            let text = self.glyphs.get(&old).cloned().unwrap_or_default();
            // The width printpdf writes in /W, truncated as it does.
            let width = (f32::from(face.advance(old)) * scale) as i64;
            let conflict = self.conflicts.contains(&old);
            codes.insert(old, new, code, width, text, conflict);
        }
        Ok((sub, codes))
    }
}

/// The codes of every embedded face.
pub fn codes(faces: Vec<FaceCodes>, used: &[Used]) -> Codes {
    Codes {
        faces: used.iter().map(|u| u.face).zip(faces).collect(),
    }
}

/// Subsets `face` to `gids` (glyph 0 first).
pub fn subset_glyphs(face: &FontFace, gids: &[u16]) -> Result<Subset, String> {
    let scope = ReadScope::new(face.data);
    let font = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = font
        .table_provider(face.index as usize)
        .map_err(|e| e.to_string())?;
    let bytes = subset(&provider, gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    Ok(Subset {
        name: format!(
            "{}+{}",
            tag(&face.postscript_name, gids),
            face.postscript_name
        ),
        bytes,
    })
}

/// Six capital letters derived from the face and its glyph set: the same subset
/// always gets the same tag (output is reproducible), different subsets differ.
fn tag(name: &str, gids: &[u16]) -> String {
    let mut h = super::fnv1a(name.as_bytes(), super::FNV_OFFSET);
    for g in gids {
        h = super::fnv1a(&g.to_be_bytes(), h);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_small_tagged_and_keep_the_glyphs_asked_for() {
        let fonts = crate::fonts::FontSet::bundled();
        let face = Face::Regular.font();
        let shaped = fonts.shape(Face::Regular, "Hello, world — Ж λ office", 10.0);
        let mut gids: Vec<u16> = vec![0];
        for g in &shaped.glyphs.glyphs {
            if !gids.contains(&g.id) {
                gids.push(g.id);
            }
        }
        let s = subset_glyphs(face, &gids).unwrap();
        assert!(
            s.bytes.len() < face.data.len() / 10,
            "{} bytes",
            s.bytes.len()
        );
        assert!(s.name.ends_with("+NotoSerif-Regular"));
        assert_eq!(s.name.find('+'), Some(6));
        let parsed = ttf_parser::Face::parse(&s.bytes, 0).unwrap();
        assert_eq!(usize::from(parsed.number_of_glyphs()), gids.len());
        // The ffi ligature, which no character maps to, kept its outline's advance.
        for (new, &old) in gids.iter().enumerate() {
            assert_eq!(
                parsed.glyph_hor_advance(ttf_parser::GlyphId(new as u16)),
                Some(face.advance(old))
            );
        }
        assert_eq!(
            subset_glyphs(face, &gids).unwrap().name,
            subset_glyphs(face, &gids).unwrap().name
        );
    }
}
