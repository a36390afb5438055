//! Small PDF values that more than one pass writes: text strings, in PDFDocEncoding
//! where they can be and UTF-16BE where not, and the `XYZ` destination a link or an
//! outline entry lands on; and where printpdf keeps the fonts' dictionaries. `finish`
//! (document information, outline, ToUnicode maps), `tagged` (alternative texts, link
//! annotations), `shared` and `body_fonts` take them from here, so none imports another
//! for them.

use lopdf::{Object, ObjectId, StringFormat};

/// The PDFDocEncoding byte of `c` (ISO 32000-1, Annex D): Latin-1 and the
/// typographic punctuation our titles and link texts use.
fn pdf_doc_byte(c: char) -> Option<u8> {
    const HIGH: [char; 31] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}',
        '\u{201D}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017E}',
    ];
    match c as u32 {
        0x20..=0x7E | 0xA1..=0xAC | 0xAE..=0xFF => Some(c as u8),
        0x20AC => Some(0xA0),
        _ => HIGH.iter().position(|h| *h == c).map(|i| 0x80 + i as u8),
    }
}

/// A PDF text string: PDFDocEncoding where every character has a byte there (one
/// byte a character), else UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> Object {
    if let Some(bytes) = s.chars().map(pdf_doc_byte).collect::<Option<Vec<u8>>>() {
        Object::String(bytes, StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// The top of the window, in PDF's y-up points, for a destination at `y` (layout's
/// y-down points) on a page `page_height` tall: a little above the place, so what
/// the reader jumps to is not flush with the window's edge.
pub(super) fn landing_top(page_height: f32, y: f32) -> f32 {
    page_height - y + 12.0
}

/// `[page /XYZ 0 top null]`: a destination that shows `page` with `top` at the top of
/// the window, keeping the reader's zoom.
pub(super) fn xyz_destination(page: ObjectId, top: f32) -> Vec<Object> {
    vec![
        page.into(),
        "XYZ".into(),
        0.into(),
        top.into(),
        Object::Null,
    ]
}

/// The font dictionaries of the first page's resources, where printpdf puts every
/// font the document uses; `None` if they are not there.
pub(crate) fn fonts(doc: &lopdf::Document) -> Option<lopdf::Dictionary> {
    let first_page = *doc.get_pages().values().next()?;
    let page = doc.get_object(first_page).ok()?.as_dict().ok()?;
    let resources = page.get(b"Resources").ok()?.as_reference().ok()?;
    let fonts = doc
        .get_object(resources)
        .ok()?
        .as_dict()
        .ok()?
        .get(b"Font")
        .ok()?
        .as_reference()
        .ok()?;
    Some(doc.get_object(fonts).ok()?.as_dict().ok()?.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_use_utf16_beyond_pdf_doc_encoding() {
        assert_eq!(
            text_string("ab — é"),
            Object::String(b"ab \x84 \xe9".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("→") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x21, 0x92]);
    }
}
