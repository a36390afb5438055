//! Pair kerning from the GPOS `kern` feature (Noto has no legacy `kern` table).
//!
//! Only pair adjustments (lookup type 2, both formats, also behind extension lookups)
//! are read: that is what Latin, Greek and Cyrillic text kerning uses. The subtables
//! are parsed once, when the font is; a query is then a few binary searches. They are
//! not expanded into a pair table, because class-based kerning would expand to
//! millions of pairs.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{GlyphId, Tag};

pub(super) struct Kerning {
    /// The pair-adjustment subtables of the `kern` feature's lookups, in lookup order.
    subtables: Vec<PairAdjustment<'static>>,
}

impl Kerning {
    pub(super) fn new(face: &ttf_parser::Face<'static>) -> Kerning {
        let mut lookups: Vec<u16> = Vec::new();
        let mut subtables = Vec::new();
        if let Some(gpos) = face.tables().gpos {
            let kern = Tag::from_bytes(b"kern");
            for feature in gpos.features {
                if feature.tag == kern {
                    for i in feature.lookup_indices {
                        if !lookups.contains(&i) {
                            lookups.push(i);
                        }
                    }
                }
            }
            for li in lookups {
                let Some(lookup) = gpos.lookups.get(li) else {
                    continue;
                };
                for si in 0..lookup.subtables.len() {
                    if let Some(PositioningSubtable::Pair(adj)) =
                        lookup.subtables.get::<PositioningSubtable>(si)
                    {
                        subtables.push(adj);
                    }
                }
            }
        }
        Kerning { subtables }
    }

    /// The advance adjustment between `left` and `right`, in font units. The first
    /// subtable that covers the pair decides, as OpenType specifies.
    ///
    /// Noto's kerning spans dozens of subtables, so a miss walks them all; but prose
    /// repeats a few thousand pairs, so answers are memoised per thread (no locks
    /// between batch workers), keyed by this table's address, which is stable because
    /// fonts live for the whole process.
    pub(super) fn pair(&self, left: GlyphId, right: GlyphId) -> i16 {
        thread_local! {
            static MEMO: RefCell<HashMap<u64, i16, BuildHasherDefault<MixHasher>>> = RefCell::default();
        }
        let key =
            (self as *const Kerning as u64) << 32 | u64::from(left.0) << 16 | u64::from(right.0);
        MEMO.with(|memo| {
            *memo.borrow_mut().entry(key).or_insert_with(|| {
                self.subtables
                    .iter()
                    .find_map(|adj| pair_value(adj, left, right))
                    .unwrap_or(0)
            })
        })
    }
}

/// A hasher for the memo's `u64` keys: one multiply and a shift (the keys are not
/// attacker-chosen, so SipHash's protection buys nothing, and it showed in profiles).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        let x = (self.0 ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
}

fn pair_value(adj: &PairAdjustment<'_>, left: GlyphId, right: GlyphId) -> Option<i16> {
    let index = adj.coverage().get(left)?;
    match adj {
        PairAdjustment::Format1 { sets, .. } => {
            let (first, _) = sets.get(index)?.get(right)?;
            Some(first.x_advance)
        }
        PairAdjustment::Format2 {
            classes, matrix, ..
        } => {
            let (first, _) = matrix.get((classes.0.get(left), classes.1.get(right)))?;
            Some(first.x_advance)
        }
    }
}
