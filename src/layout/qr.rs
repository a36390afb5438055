//! QR codes as vector shapes: a URL → a [`Item::Group`] of filled rectangles.
//!
//! ```
//! use prep_pdf::layout::qr;
//! let code = qr::Code::new("https://example.com/").unwrap();
//! let item = code.item(100.0, 200.0);
//! assert!(code.side() >= prep_pdf::layout::mm(15.0));
//! # let _ = item;
//! ```
//!
//! The encoder is the `qrcodegen` crate; here we only choose sizes and draw. Error
//! correction is M or better (the encoder raises it when the version has room), so a
//! code still reads with a crease or a smudge. A code is drawn as one rectangle per
//! horizontal run of dark modules, which keeps page streams small; it is a picture
//! whose text alternative is its URL ([`GroupKind::Figure`]).

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

use super::{mm, Color, GroupKind, Item, Pt};

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

/// An encoded URL, ready to draw.
pub struct Code {
    url: String,
    qr: QrCode,
}

impl Code {
    /// Encodes `url`; `None` only for a text longer than any QR code holds (≈2,300
    /// bytes at level M), which content validation never lets through as a URL.
    pub fn new(url: &str) -> Option<Code> {
        let segs = QrSegment::make_segments(url);
        let qr = QrCode::encode_segments_advanced(
            &segs,
            QrCodeEcc::Medium,
            Version::MIN,
            Version::MAX,
            Some(Mask::new(MASK)),
            true,
        )
        .ok()?;
        Some(Code {
            url: url.to_string(),
            qr,
        })
    }

    fn modules(&self) -> i32 {
        self.qr.size() + 2 * QUIET
    }

    /// The width of one module.
    pub fn module(&self) -> Pt {
        (MIN_SIDE / self.modules() as Pt).max(MIN_MODULE)
    }

    /// The side of the square the code takes, quiet zone included.
    pub fn side(&self) -> Pt {
        self.module() * self.modules() as Pt
    }

    /// The code with its quiet zone's top-left corner at (`x`, `y`).
    pub fn item(&self, x: Pt, y: Pt) -> Item {
        let m = self.module();
        let n = self.qr.size();
        // Runs of dark modules per row; a run with the same columns in the rows below
        // grows down instead of starting a new rectangle (fewer, taller rectangles).
        let mut runs: Vec<(i32, i32, i32, i32)> = Vec::new(); // (col, end, row, rows)
        let mut open: Vec<usize> = Vec::new();
        for row in 0..n {
            let mut next_open = Vec::new();
            let mut col = 0;
            while col < n {
                if !self.qr.get_module(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && self.qr.get_module(col, row) {
                    col += 1;
                }
                let above = open.iter().copied().find(|&k| {
                    let r = runs[k];
                    r.0 == start && r.1 == col && r.2 + r.3 == row
                });
                match above {
                    Some(k) => {
                        runs[k].3 += 1;
                        next_open.push(k);
                    }
                    None => {
                        runs.push((start, col, row, 1));
                        next_open.push(runs.len() - 1);
                    }
                }
            }
            open = next_open;
        }
        let items = runs
            .into_iter()
            .map(|(c0, c1, r, rows)| Item::Rect {
                x: x + (c0 + QUIET) as Pt * m,
                y: y + (r + QUIET) as Pt * m,
                w: (c1 - c0) as Pt * m,
                h: rows as Pt * m,
                color: DARK,
            })
            .collect();
        Item::Group {
            kind: GroupKind::Figure {
                alt: self.url.clone(),
            },
            items,
        }
    }
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
            for it in items {
                let Item::Rect { x, y, w, h, .. } = it else {
                    panic!()
                };
                assert!(x >= 10.0 + q - 0.01 && x + w <= 10.0 + code.side() - q + 0.01);
                assert!(y >= 20.0 + q - 0.01 && y + h <= 20.0 + code.side() - q + 0.01);
            }
        }
    }
}
