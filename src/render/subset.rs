//! Font subsetting: only the glyphs a document draws are embedded.
//!
//! printpdf subsets only with its `text_layout` feature, which pulls in a layout
//! engine we do not use (a minute and a half more of clean build). Its font toolkit,
//! allsorts, is a dependency either way, so we subset with it directly, keep a Unicode
//! cmap in the subset (printpdf maps characters to glyphs through it), and name the
//! face with the `ABCDEF+` tag that marks a subset (ISO 32000-1, 9.6.4).

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

use crate::fonts::FontFace;

/// A subset font program and the name to give it in the PDF.
pub struct Subset {
    pub bytes: Vec<u8>,
    pub name: String,
}

/// Subsets `face` to the glyphs of `chars`.
pub fn subset_face(face: &FontFace, chars: &BTreeSet<char>) -> Result<Subset, String> {
    // Glyph 0 (.notdef) must come first; allsorts renumbers glyphs in this order.
    let mut gids: Vec<u16> = vec![0];
    for &c in chars {
        if let Some(g) = face.glyph(c) {
            if !gids.contains(&g.0) {
                gids.push(g.0);
            }
        }
    }
    let scope = ReadScope::new(face.data);
    let font = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = font.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    Ok(Subset {
        name: format!(
            "{}+{}",
            tag(face.postscript_name, &gids),
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
    use crate::fonts::{Face, FontSet};

    #[test]
    fn subsets_are_small_tagged_and_keep_a_unicode_cmap() {
        let face = FontSet::get().face(Face::Regular);
        let chars: BTreeSet<char> = "Hello, world — Ж λ".chars().collect();
        let s = subset_face(face, &chars).unwrap();
        assert!(
            s.bytes.len() < face.data.len() / 10,
            "{} bytes",
            s.bytes.len()
        );
        assert!(s.name.ends_with("+NotoSerif-Regular"));
        assert_eq!(s.name.find('+'), Some(6));
        let parsed = ttf_parser::Face::parse(&s.bytes, 0).unwrap();
        for c in chars {
            if c != ' ' {
                assert!(parsed.glyph_index(c).is_some(), "{c} lost");
            }
        }
        assert_eq!(
            subset_face(face, &"Hello".chars().collect()).unwrap().name,
            subset_face(face, &"Hello".chars().collect()).unwrap().name
        );
    }
}
