//! Slimming a subset TrueType font for a PDF: what a CID-keyed font never uses goes.
//!
//! ```text
//! let bytes = sfnt::slim(&subset).unwrap_or(subset);
//! ```
//!
//! allsorts keeps a subset's `cmap` and its whole `name` table. A PDF draws a
//! CID-keyed TrueType font by glyph id (`/CIDToGIDMap /Identity`) and finds the text
//! in its own ToUnicode map, so the `cmap` is never read (ISO 32000-1, 9.7.4.2); Typst
//! and Ghostscript leave it out too. The `name` table of a Noto face is mostly the
//! licence's long description and URLs; the records that name the font and its
//! copyright (name ids 0–6) are kept, as Typst keeps them. Together that is about
//! 3.6 KB of a role's 97 KB, measured by deflating the four bundled subsets with and
//! without. CFF-flavoured fonts are left as they are.

/// Name ids kept: copyright, family, subfamily, unique id, full name, version and
/// PostScript name.
const KEEP_NAMES: u16 = 6;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// The sum of `data` as big-endian u32s, zero-padded to a multiple of four.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The `name` table with only the records [`KEEP_NAMES`] allows, as format 0.
fn slim_names(name: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut records = Vec::new();
    for i in 0..count {
        let at = 6 + 12 * i;
        let r = name.get(at..at + 12)?;
        if u16_at(r, 6)? <= KEEP_NAMES {
            let (len, off) = (usize::from(u16_at(r, 8)?), usize::from(u16_at(r, 10)?));
            let text = name.get(storage + off..storage + off + len)?;
            records.push((&r[..8], text));
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(records.len() as u16).to_be_bytes());
    out.extend_from_slice(&(6 + 12 * records.len() as u16).to_be_bytes());
    let mut offset = 0u16;
    for (head, text) in &records {
        out.extend_from_slice(head);
        out.extend_from_slice(&(text.len() as u16).to_be_bytes());
        out.extend_from_slice(&offset.to_be_bytes());
        offset += text.len() as u16;
    }
    for (_, text) in &records {
        out.extend_from_slice(text);
    }
    Some(out)
}

/// `font` without its `cmap` and with a slim `name` table, or `None` if it is not a
/// TrueType-flavoured font (or does not parse; it is then embedded as it is).
pub fn slim(font: &[u8]) -> Option<Vec<u8>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let at = 12 + 16 * i;
        let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
        let (offset, len) = (
            u32_at(font, at + 8)? as usize,
            u32_at(font, at + 12)? as usize,
        );
        let data = font.get(offset..offset + len)?;
        match &tag {
            b"cmap" => continue,
            b"name" => tables.push((tag, slim_names(data)?)),
            _ => tables.push((tag, data.to_vec())),
        }
    }
    if !tables.iter().any(|(tag, _)| tag == b"glyf") {
        return None;
    }
    tables.sort_by_key(|(tag, _)| *tag);

    let n = tables.len() as u16;
    let selector = 15 - n.leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = Vec::with_capacity(font.len());
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut adjustment = None;
    for (tag, data) in &mut tables {
        if tag == b"head" {
            // The whole font's checksum goes here once it is known; zero meanwhile.
            data.get_mut(8..12)?.fill(0);
            adjustment = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let at = adjustment?;
    let value = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[at..at + 4].copy_from_slice(&value.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;

    #[test]
    fn a_slim_subset_draws_the_same_glyphs_and_keeps_its_names() {
        let face = Face::Regular.font();
        let gids: Vec<u16> = vec![0, 36, 37, 68, 69, 70];
        let sub = super::super::subset::subset_glyphs(face, &gids).unwrap();
        let slim = slim(&sub.bytes).expect("a TrueType subset slims");
        assert!(slim.len() + 1000 < sub.bytes.len(), "{} bytes", slim.len());
        let before = ttf_parser::Face::parse(&sub.bytes, 0).unwrap();
        let after = ttf_parser::Face::parse(&slim, 0).unwrap();
        assert_eq!(after.number_of_glyphs(), before.number_of_glyphs());
        assert!(after.tables().cmap.is_none());
        for g in 0..before.number_of_glyphs() {
            let g = ttf_parser::GlyphId(g);
            assert_eq!(after.glyph_hor_advance(g), before.glyph_hor_advance(g));
            assert_eq!(after.glyph_bounding_box(g), before.glyph_bounding_box(g));
        }
        let names = |f: &ttf_parser::Face| -> Vec<(u16, Option<String>)> {
            f.names()
                .into_iter()
                .filter(|n| n.name_id <= KEEP_NAMES)
                .map(|n| (n.name_id, n.to_string()))
                .collect()
        };
        assert_eq!(names(&after), names(&before));
        assert!(after.names().into_iter().all(|n| n.name_id <= KEEP_NAMES));
        // The whole font sums to the magic number, as the head table says it must.
        assert_eq!(checksum(&slim), 0xB1B0_AFBA);
    }
}
