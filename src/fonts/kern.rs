//! Pair kerning from the GPOS `kern` feature (Noto has no legacy `kern` table).
//!
//! Only pair adjustments (lookup type 2, both formats, also behind extension lookups)
//! are read: that is what Latin, Greek and Cyrillic text kerning uses. Lookups are
//! resolved per query rather than expanded into a table, because class-based kerning
//! would expand to millions of pairs; a query is a few binary searches.

use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{GlyphId, Tag};

pub(super) struct Kerning {
    /// Indices of the GPOS lookups the `kern` feature uses, deduplicated, in order.
    lookups: Vec<u16>,
}

impl Kerning {
    pub(super) fn new(face: &ttf_parser::Face<'_>) -> Kerning {
        let mut lookups = Vec::new();
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
        }
        Kerning { lookups }
    }

    /// The advance adjustment between `left` and `right`, in font units.
    pub(super) fn pair(&self, face: &ttf_parser::Face<'_>, left: GlyphId, right: GlyphId) -> i16 {
        let Some(gpos) = face.tables().gpos else {
            return 0;
        };
        for &li in &self.lookups {
            let Some(lookup) = gpos.lookups.get(li) else {
                continue;
            };
            for si in 0..lookup.subtables.len() {
                let Some(PositioningSubtable::Pair(adj)) = lookup.subtables.get::<PositioningSubtable>(si) else {
                    continue;
                };
                if let Some(k) = pair_value(&adj, left, right) {
                    return k;
                }
            }
        }
        0
    }
}

fn pair_value(adj: &PairAdjustment<'_>, left: GlyphId, right: GlyphId) -> Option<i16> {
    let index = adj.coverage().get(left)?;
    match adj {
        PairAdjustment::Format1 { sets, .. } => {
            let (first, _) = sets.get(index)?.get(right)?;
            Some(first.x_advance)
        }
        PairAdjustment::Format2 { classes, matrix, .. } => {
            let c1 = classes.0.get(left);
            let c2 = classes.1.get(right);
            let (first, _) = matrix.get((c1, c2))?;
            Some(first.x_advance)
        }
    }
}
