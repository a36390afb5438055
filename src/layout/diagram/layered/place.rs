//! The last step of the layered layout: coordinates across and along the ranks,
//! clusters' frames, and the routes handed back in the graph's own orientation.

use super::{Input, Placed, Rect, Work, CLUSTER_PAD, RANK_GAP};
use crate::layout::Pt;

impl Work {
    /// Places every node across its rank (see the module docs of `layered`).
    pub(super) fn coordinates(&mut self, clusters: usize) {
        self.x = vec![0.0; self.rank.len()];
        for layer in &self.layers {
            let mut at = 0.0;
            for (i, &v) in layer.iter().enumerate() {
                if i > 0 {
                    at += self.sep(layer[i - 1], v);
                }
                self.x[v] = at;
            }
        }
        let ranks = self.layers.len();
        for sweep in 0..16 {
            let down = sweep % 2 == 0;
            let order: Vec<usize> = if down {
                (0..ranks).collect()
            } else {
                (0..ranks).rev().collect()
            };
            for r in order {
                let want: Vec<Pt> = self.layers[r]
                    .iter()
                    .map(|&v| self.pull(v, down, sweep >= 12))
                    .collect();
                self.pack(r, &want);
            }
        }
        for c in 0..clusters {
            self.clear_cluster(c);
        }
    }

    /// Where `v` would like to be: the mean of its neighbours above (going down),
    /// below (going up), or both.
    fn pull(&self, v: usize, down: bool, both: bool) -> Pt {
        let ns: Vec<Pt> = self
            .segs
            .iter()
            .filter_map(|&(a, b)| {
                if b == v && (down || both) {
                    Some(self.x[a])
                } else if a == v && (!down || both) {
                    Some(self.x[b])
                } else {
                    None
                }
            })
            .collect();
        if ns.is_empty() {
            self.x[v]
        } else {
            ns.iter().sum::<Pt>() / ns.len() as Pt
        }
    }

    /// Puts rank `r`'s nodes as near `want` as their spacing lets them.
    fn pack(&mut self, r: usize, want: &[Pt]) {
        let layer = &self.layers[r];
        let n = layer.len();
        let mut left = want.to_vec();
        for i in 1..n {
            left[i] = left[i].max(left[i - 1] + self.sep(layer[i - 1], layer[i]));
        }
        let mut right = want.to_vec();
        for i in (0..n.saturating_sub(1)).rev() {
            right[i] = right[i].min(right[i + 1] - self.sep(layer[i], layer[i + 1]));
        }
        for i in 0..n {
            self.x[layer[i]] = (left[i] + right[i]) / 2.0;
        }
    }

    /// The span across of cluster `c`'s nodes, frame included, and its ranks.
    fn cluster_span(&self, c: usize) -> Option<((Pt, Pt), (usize, usize))> {
        let members = (0..self.real).filter(|&v| self.cluster[v] == Some(c));
        let mut span: Option<((Pt, Pt), (usize, usize))> = None;
        for v in members {
            let (lo, hi) = (
                self.x[v] - self.across[v] / 2.0,
                self.x[v] + self.across[v] / 2.0,
            );
            let r = self.rank[v];
            span = Some(match span {
                None => ((lo, hi), (r, r)),
                Some(((a, b), (r0, r1))) => ((a.min(lo), b.max(hi)), (r0.min(r), r1.max(r))),
            });
        }
        span.map(|((lo, hi), ranks)| ((lo - CLUSTER_PAD, hi + CLUSTER_PAD), ranks))
    }

    /// Pushes every node outside cluster `c` but on its ranks out of its frame,
    /// with the nodes beyond it on the same side.
    fn clear_cluster(&mut self, c: usize) {
        let Some(((lo, hi), (r0, r1))) = self.cluster_span(c) else {
            return;
        };
        let middle = (lo + hi) / 2.0;
        for r in r0..=r1 {
            let layer = self.layers[r].clone();
            for (i, &v) in layer.iter().enumerate() {
                if self.cluster[v] == Some(c) {
                    continue;
                }
                let half = self.across[v] / 2.0 + CLUSTER_PAD;
                let (a, b) = (self.x[v] - half, self.x[v] + half);
                if b <= lo || a >= hi {
                    continue;
                }
                if self.x[v] < middle {
                    let shift = b - lo;
                    layer[..=i].iter().for_each(|&u| self.x[u] -= shift);
                } else {
                    let shift = hi - a;
                    layer[i..].iter().for_each(|&u| self.x[u] += shift);
                }
            }
        }
    }

    /// Coordinates along the ranks, then everything in the graph's orientation with
    /// its top-left corner at (0, 0).
    pub(super) fn place(&self, input: &Input, doubled: bool) -> Placed {
        let gap = if doubled { RANK_GAP * 0.6 } else { RANK_GAP };
        let mut y = Vec::with_capacity(self.layers.len());
        let mut at = 0.0;
        let mut previous = 0.0;
        for layer in &self.layers {
            let depth = layer.iter().map(|&v| self.along[v]).fold(0.0, Pt::max);
            at += if y.is_empty() {
                depth / 2.0
            } else {
                previous / 2.0 + gap + depth / 2.0
            };
            y.push(at);
            previous = depth;
        }
        let point = |v: usize| {
            let (a, b) = (self.x[v], y[self.rank[v]]);
            if input.left_right {
                (b, a)
            } else {
                (a, b)
            }
        };
        let mut out = Placed {
            centers: (0..self.real).map(point).collect(),
            routes: self
                .chains
                .iter()
                .map(|c| c.iter().map(|&v| point(v)).collect())
                .collect(),
            labels: self.label_node.iter().map(|l| l.map(point)).collect(),
            clusters: Vec::new(),
            width: 0.0,
            height: 0.0,
        };
        out.clusters = (0..input.cluster_labels.len())
            .map(|c| frame(input, &out.centers, c))
            .collect();
        normalise(&mut out, input);
        out
    }
}

/// Cluster `c`'s frame around its nodes, with room for its label at the top.
fn frame(input: &Input, centers: &[(Pt, Pt)], c: usize) -> Option<Rect> {
    let mut bounds: Option<(Pt, Pt, Pt, Pt)> = None;
    for v in (0..centers.len()).filter(|&v| input.cluster[v] == Some(c)) {
        let ((x, y), (w, h)) = (centers[v], input.sizes[v]);
        let b = (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
        bounds = Some(match bounds {
            None => b,
            Some(a) => (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)),
        });
    }
    let (l, t, r, b) = bounds?;
    let (lw, lh) = input.cluster_labels[c];
    let top = t - CLUSTER_PAD - lh;
    let width = (r - l + 2.0 * CLUSTER_PAD).max(lw + 2.0 * CLUSTER_PAD);
    Some((l - CLUSTER_PAD, top, width, b + CLUSTER_PAD - top))
}

/// Moves everything so the top-left corner of what is drawn is (0, 0), and sets
/// the size.
fn normalise(out: &mut Placed, input: &Input) {
    let (mut l, mut t, mut r, mut b) = (Pt::MAX, Pt::MAX, Pt::MIN, Pt::MIN);
    let mut grow = |x0: Pt, y0: Pt, x1: Pt, y1: Pt| {
        (l, t, r, b) = (l.min(x0), t.min(y0), r.max(x1), b.max(y1));
    };
    for (&(x, y), &(w, h)) in out.centers.iter().zip(input.sizes) {
        grow(x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
    }
    for (at, size) in out.labels.iter().zip(input.labels) {
        if let (Some((x, y)), Some((w, h))) = (at, size) {
            grow(x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
        }
    }
    for &(x, y, w, h) in out.clusters.iter().flatten() {
        grow(x, y, x + w, y + h);
    }
    let shift = |p: &mut (Pt, Pt)| {
        p.0 -= l;
        p.1 -= t;
    };
    out.centers.iter_mut().for_each(shift);
    out.routes.iter_mut().flatten().for_each(shift);
    out.labels.iter_mut().flatten().for_each(shift);
    for c in out.clusters.iter_mut().flatten() {
        c.0 -= l;
        c.1 -= t;
    }
    (out.width, out.height) = (r - l, b - t);
}
