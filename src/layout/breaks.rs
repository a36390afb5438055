//! Line breaks already found, by what they were found from: a paragraph's fragment
//! widths, the spaces after them and the measure.
//!
//! ```text
//! let key = breaks::Key::of(frags, width);
//! if let Some(lens) = breaks::known(key) { … }   // fragments per line
//! breaks::remember(key, lines.iter().map(|l| l.len()));
//! ```
//!
//! Optimal fit is the dearest step of layout (an eighth of a long document's
//! instructions, callgrind), and its answer depends on nothing but those numbers. A
//! document too long to hold is laid out twice (`export::typeset`), and the second
//! pass breaks every paragraph as the first did; a bank repeats paragraphs (its
//! headings, its boilerplate), and a mail merge lays the same body out once per
//! recipient. So the answers are kept for the process, bounded.

use super::inline::Fragment;
use super::memo::Memo;
use super::Pt;
use textwrap::core::Fragment as _;

/// What a paragraph's breaks are found from, as two independent 64-bit hashes of
/// every width and space (as bits) and the measure, with the fragment count: two
/// paragraphs that differ and still share a key are a 2⁻¹²⁸ chance.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    fnv: u64,
    mix: u64,
    count: usize,
}

impl Key {
    pub fn of(frags: &[Fragment], width: Pt) -> Key {
        let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut add = |v: u64| {
            for b in v.to_le_bytes() {
                fnv = (fnv ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            let x = (mix.rotate_left(5) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            mix = x ^ (x >> 29);
        };
        add(u64::from(width.to_bits()));
        for f in frags {
            add(f.width().to_bits());
            add(f.whitespace_width().to_bits());
        }
        Key {
            fnv,
            mix,
            count: frags.len(),
        }
    }
}

/// Breaks by paragraph; past 50,000 paragraphs (about 3 MB, a few thousand pages of
/// distinct text) the memo is emptied rather than grown.
static KNOWN: Memo<Key, Box<[u16]>> = Memo::new(50_000);

/// The number of fragments on each line, if a paragraph with `key` was broken before.
pub fn known(key: Key) -> Option<Box<[u16]>> {
    KNOWN.get(&key)
}

/// Keeps the number of fragments on each line (`lens`) of the paragraph with `key`;
/// a line of more fragments than a `u16` counts is not kept.
pub fn remember(key: Key, lens: impl Iterator<Item = usize>) {
    let Ok(lens) = lens.map(u16::try_from).collect::<Result<Box<[u16]>, _>>() else {
        return;
    };
    KNOWN.keep(key, lens);
}
