//! QR codes: a URL → an [`Item::Group`] holding the code as a one-bit mask.
//!
//! `Code::new(url)` encodes a URL, `side()` is at least 15 mm (so phones read it from
//! paper), `item(x, y)` places it (see the tests below).
//!
//! The encoder is the `qrcodegen` crate; here we only choose sizes and draw. Error
//! correction is M or better (the encoder raises it when the version has room), so a
//! code still reads with a crease or a smudge. A code is one bit a module
//! ([`Item::Mask`], which render embeds as a one-bit image mask, about 150 bytes):
//! drawn as rectangles, a code took over a kilobyte of page stream, and the codes
//! were a quarter of a role's PDF. It is a picture whose text alternative is its URL
//! ([`GroupKind::Figure`]).

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

use std::sync::Arc;

use super::memo::Memo;
use super::{mm, Bits, Color, GroupKind, Item, Pt};

/// Modules of blank margin on each side, as the standard requires.
pub const QUIET: i32 = 4;

/// The smallest side of a code with its quiet zone: about 18 mm reads from a phone at
/// arm's length, and at 150 dpi gives a decoder two or more pixels per module.
const MIN_SIDE: Pt = mm(18.0);

/// The smallest module: a long URL makes a bigger code rather than finer modules.
const MIN_MODULE: Pt = 1.2;

/// The data mask. Choosing among all eight by the standard's penalty score took 15%
/// of a role's export time (profiled with perf); decoders read any mask, and the
/// checkerboard breaks up long runs whatever the data. The zbarimg tests read every
/// code in two roles with it.
const MASK: u8 = 0;

/// Pure black: a QR code needs the most contrast the printer has.
const DARK: Color = Color(0.0, 0.0, 0.0);

/// An encoded URL, ready to draw: its modules, without the quiet zone.
pub struct Code {
    url: String,
    bits: Arc<Bits>,
}

/// Codes already encoded, by URL. A long document is laid out twice (see
/// `export::typeset`) and a bank links the same references from many questions, and
/// encoding was 3% of a long document's instructions (callgrind). Past 10,000 URLs
/// the memo is emptied rather than grown.
static ENCODED: Memo<String, Arc<Bits>> = Memo::new(10_000);

impl Code {
    /// Encodes `url`; `None` only for a text longer than any QR code holds (≈2,300
    /// bytes at level M), which content validation never lets through as a URL.
    pub fn new(url: &str) -> Option<Code> {
        let bits = match ENCODED.get(url) {
            Some(bits) => bits,
            None => ENCODED.keep(url.to_string(), Arc::new(encode(url)?)),
        };
        Some(Code {
            url: url.to_string(),
            bits,
        })
    }

    fn modules(&self) -> i32 {
        self.bits.width as i32 + 2 * QUIET
    }

    /// The width of one module.
    pub fn module(&self) -> Pt {
        (MIN_SIDE / self.modules() as Pt).max(MIN_MODULE)
    }

    /// The side of the square the code takes, quiet zone included.
    pub fn side(&self) -> Pt {
        self.module() * self.modules() as Pt
    }

    /// The code with its quiet zone's top-left corner at (`x`, `y`): its modules as
    /// one [`Item::Mask`], inside the quiet zone, in a figure group.
    pub fn item(&self, x: Pt, y: Pt) -> Item {
        let m = self.module();
        let n = self.bits.width;
        let q = QUIET as Pt * m;
        Item::Group {
            kind: GroupKind::Figure {
                alt: self.url.clone(),
            },
            items: vec![Item::Mask {
                x: x + q,
                y: y + q,
                w: n as Pt * m,
                h: n as Pt * m,
                color: DARK,
                bits: self.bits.clone(),
            }],
        }
    }
}

/// `url`'s modules, dark bits set. Medium error correction (15 % of the code can be
/// damaged and still read) as long as version 40 holds the URL (about 2,300 bytes);
/// Low (7 %) for longer ones, up to about 2,900 bytes; `None` past that.
fn encode(url: &str) -> Option<Bits> {
    let segs = QrSegment::make_segments(url);
    let qr = [QrCodeEcc::Medium, QrCodeEcc::Low]
        .into_iter()
        .find_map(|ecc| {
            QrCode::encode_segments_advanced(
                &segs,
                ecc,
                Version::MIN,
                Version::MAX,
                Some(Mask::new(MASK)),
                true,
            )
            .ok()
        })?;
    let n = qr.size() as u32;
    Some(Bits::from_fn(n, n, |col, row| {
        qr.get_module(col as i32, row as i32)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_big_enough_and_stay_inside_their_square() {
        for url in [
            "https://a.io/",
            "https://docs.python.org/3/library/asyncio-task.html#coroutines-and-tasks-and-more",
        ] {
            let code = Code::new(url).unwrap();
            assert!(code.side() >= mm(15.0));
            assert!(code.module() >= MIN_MODULE);
            let Item::Group { kind, items } = code.item(10.0, 20.0) else {
                panic!()
            };
            assert_eq!(kind, GroupKind::Figure { alt: url.into() });
            let q = QUIET as Pt * code.module();
            let [Item::Mask {
                x, y, w, h, bits, ..
            }] = items.as_slice()
            else {
                panic!()
            };
            assert!(
                (x - (10.0 + q)).abs() < 0.01 && (x + w - (10.0 + code.side() - q)).abs() < 0.01
            );
            assert!(
                (y - (20.0 + q)).abs() < 0.01 && (y + h - (20.0 + code.side() - q)).abs() < 0.01
            );
            // The finder pattern's corner modules are dark; the separator beside it is light.
            assert!(bits.get(0, 0) && bits.get(6, 6) && !bits.get(7, 7));
            // A QR code of version v is 17 + 4v modules a side.
            assert!(bits.width >= 21 && (bits.width - 17) % 4 == 0 && bits.height == bits.width);
        }
    }
}
