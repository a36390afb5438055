//! The ToUnicode maps: printpdf writes one a font from the glyphs it was told of;
//! these replace them with maps that spell a ligature glyph out as its letters, so
//! copied and searched text reads as it was written.

use lopdf::{Dictionary, Object};

use crate::render::content::{Codes, FaceCodes};

/// A ToUnicode CMap for two-byte glyph codes: each code → the text it stands for.
fn to_unicode_cmap(codes: &FaceCodes) -> Vec<u8> {
    let mut pairs = codes.pairs.clone();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries per block, as the CMap format requires.
    for chunk in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, text) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{code:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Replaces printpdf's ToUnicode maps with ours, which spell a ligature glyph out as
/// its letters (`ﬁ` → "fi"), so copied and searched text reads "find", not "ﬁnd".
/// `None` if the font resources are not where printpdf puts them.
pub(super) fn to_unicode_maps(doc: &mut lopdf::Document, codes: &Codes) -> Option<()> {
    let fonts = crate::render::objects::fonts(doc)?;
    for face_codes in codes.faces.values() {
        let type0 = fonts
            .get(face_codes.name.as_bytes())
            .ok()?
            .as_reference()
            .ok()?;
        let map = doc
            .get_object(type0)
            .ok()?
            .as_dict()
            .ok()?
            .get(b"ToUnicode")
            .ok()?
            .as_reference()
            .ok()?;
        doc.objects.insert(
            map,
            Object::Stream(lopdf::Stream::new(
                Dictionary::new(),
                to_unicode_cmap(face_codes),
            )),
        );
    }
    Some(())
}
