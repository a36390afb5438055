//! One-bit pictures ([`Item::Mask`], QR codes) as inline PDF image masks.
//!
//! ```text
//! q 0 0 0 rg 46 0 0 46 493 205 cm
//! BI /W 33 /H 33 /IM true /D [1 0] /F /AHx ID
//! FE3F…> EI Q
//! ```
//!
//! An image mask (ISO 32000-1, 8.9.6.2) paints the fill colour where a sample is
//! set and leaves the page alone elsewhere: one bit a module. Drawn as rectangles, a
//! QR code took over a kilobyte of page stream after deflating, and the codes were
//! an eighth of a role's PDF; as an image mask it is under 200 bytes. Inline, not an
//! XObject: an image object of its own would add about 150 bytes of dictionary and
//! cross-reference a code, as much as the code's data, which deflates with the page
//! here. The samples are written in hexadecimal (`/F /AHx`), so no binary byte
//! sequence in them can be mistaken for the `EI` that ends the image; deflating the
//! page brings the hex digits back to about the size of the bits.

use std::fmt::Write as _;

use crate::layout::Bits;

/// Appends the inline image of `bits`; the caller has set the fill colour and the
/// transformation that maps the unit square onto the picture's box.
pub fn inline(s: &mut String, bits: &Bits) {
    let _ = writeln!(
        s,
        "BI /W {} /H {} /IM true /D [1 0] /F /AHx ID",
        bits.width, bits.height
    );
    for b in &bits.rows {
        let _ = write!(s, "{b:02X}");
    }
    s.push_str(">\nEI");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_hex_rows_padded_to_bytes() {
        let b = Bits::from_fn(9, 2, |c, _| c % 2 == 0);
        // Rows are padded to whole bytes, most significant bit first.
        assert_eq!(
            b.rows,
            vec![0b1010_1010, 0b1000_0000, 0b1010_1010, 0b1000_0000]
        );
        let mut s = String::new();
        inline(&mut s, &b);
        assert_eq!(
            s,
            "BI /W 9 /H 2 /IM true /D [1 0] /F /AHx ID\nAA80AA80>\nEI"
        );
    }
}
