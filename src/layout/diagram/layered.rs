//! A layered (Sugiyama) layout of a small graph: where its nodes, edge bends, edge
//! labels and clusters go, given only their sizes.
//!
//! The classic four steps, each kept simple because a diagram has at most 40 nodes:
//! 1. **ranks**: edges that close a cycle are turned round (found by depth-first
//!    search), then each node goes one rank below its lowest predecessor (longest
//!    path), and a source is pulled down next to its first successor;
//! 2. **virtual nodes**: an edge that spans ranks gets a bend point on each rank it
//!    crosses, so it is routed between nodes, never through them. When edges carry
//!    labels every rank is doubled and a label is the bend point in the middle of
//!    its edge, so ordering and spacing keep it clear of everything else;
//! 3. **order**: barycentre sweeps down and up the ranks, keeping the order with the
//!    fewest crossings seen, with a cluster's nodes kept side by side on each rank;
//! 4. **coordinates**: each node is pulled towards the mean of its neighbours, the
//!    rank is then packed with the least spacing from the left and from the right
//!    and the two averaged (both are feasible, so their mean is), and nodes outside
//!    a cluster are pushed out of its frame.
//!
//! Everything is computed with ranks running down ("along" is y, "across" is x);
//! left-to-right graphs swap the axes on the way in and out.

use crate::layout::Pt;

/// What the layout needs to know of a graph, sizes in their final orientation.
pub struct Input<'a> {
    /// Each node's width and height.
    pub sizes: &'a [(Pt, Pt)],
    /// Edges as (from, to).
    pub edges: &'a [(usize, usize)],
    /// Each edge's label size, if it has a label.
    pub labels: &'a [Option<(Pt, Pt)>],
    /// Each node's cluster.
    pub cluster: &'a [Option<usize>],
    /// Each cluster's label size.
    pub cluster_labels: &'a [(Pt, Pt)],
    /// Ranks run left to right instead of down.
    pub left_right: bool,
}

/// A rectangle: left, top, width, height.
pub type Rect = (Pt, Pt, Pt, Pt);

/// Where everything goes, with the top-left corner of the whole at (0, 0).
#[derive(Debug, Default)]
pub struct Placed {
    /// Each node's centre.
    pub centers: Vec<(Pt, Pt)>,
    /// Each edge's route from its tail's centre to its head's, through its bends.
    pub routes: Vec<Vec<(Pt, Pt)>>,
    /// Each labelled edge's label centre.
    pub labels: Vec<Option<(Pt, Pt)>>,
    /// Each cluster's frame (none if it has no nodes).
    pub clusters: Vec<Option<Rect>>,
    pub width: Pt,
    pub height: Pt,
}

/// Space between ranks, and between neighbours on a rank.
const RANK_GAP: Pt = 30.0;
const NODE_GAP: Pt = 16.0;
/// Space between a bend point and its neighbours.
const BEND_GAP: Pt = 6.0;
/// Space between a cluster's frame and its nodes.
pub const CLUSTER_PAD: Pt = 8.0;

/// The graph being laid out: real nodes first, then bend points.
struct Work {
    /// Size across and along the ranks.
    across: Vec<Pt>,
    along: Vec<Pt>,
    rank: Vec<usize>,
    cluster: Vec<Option<usize>>,
    real: usize,
    /// Segments between adjacent ranks, upper end first.
    segs: Vec<(usize, usize)>,
    /// Each edge's chain of nodes, tail to head as written.
    chains: Vec<Vec<usize>>,
    /// Each edge's label node.
    label_node: Vec<Option<usize>>,
    layers: Vec<Vec<usize>>,
    x: Vec<Pt>,
}

/// Lays a graph out.
pub fn layout(input: &Input) -> Placed {
    let n = input.sizes.len();
    if n == 0 {
        return Placed::default();
    }
    let swap = |(w, h): (Pt, Pt)| if input.left_right { (h, w) } else { (w, h) };
    let (across, along): (Vec<Pt>, Vec<Pt>) = input.sizes.iter().map(|&s| swap(s)).unzip();
    let mut rank = ranks(n, input.edges);
    let doubled = input.labels.iter().any(Option::is_some);
    if doubled {
        rank.iter_mut().for_each(|r| *r *= 2);
    }
    let mut w = Work {
        across,
        along,
        rank,
        cluster: input.cluster.to_vec(),
        real: n,
        segs: Vec::new(),
        chains: Vec::new(),
        label_node: Vec::new(),
        layers: Vec::new(),
        x: Vec::new(),
    };
    for (e, &(from, to)) in input.edges.iter().enumerate() {
        w.chain(from, to, input.labels[e].map(swap));
    }
    w.order();
    w.coordinates(input.cluster_labels.len());
    w.place(input, doubled)
}

/// Each node's rank: cycles broken, longest path from the sources, sources
/// pulled down to their successors.
fn ranks(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    // Depth-first search in written order: an edge to a node still on the stack
    // closes a cycle and is turned round.
    let mut state = vec![0u8; n];
    let mut dag = Vec::with_capacity(edges.len());
    let out: Vec<Vec<usize>> = (0..n)
        .map(|u| (0..edges.len()).filter(|&e| edges[e].0 == u).collect())
        .collect();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            let Some(&e) = out[u].get(*next) else {
                state[u] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            let v = edges[e].1;
            match state[v] {
                1 => dag.push((v, u)),
                0 => {
                    dag.push((u, v));
                    state[v] = 1;
                    stack.push((v, 0));
                }
                _ => dag.push((u, v)),
            }
        }
    }
    // Longest path: relaxing every edge n times is plenty for 40 nodes.
    let mut rank = vec![0usize; n];
    for _ in 0..n {
        for &(u, v) in &dag {
            rank[v] = rank[v].max(rank[u] + 1);
        }
    }
    for u in 0..n {
        let has_pred = dag.iter().any(|&(_, v)| v == u);
        let lowest = dag
            .iter()
            .filter(|&&(a, _)| a == u)
            .map(|&(_, v)| rank[v])
            .min();
        if let (false, Some(r)) = (has_pred, lowest) {
            rank[u] = r - 1;
        }
    }
    rank
}

impl Work {
    fn add(&mut self, rank: usize, size: (Pt, Pt), cluster: Option<usize>) -> usize {
        self.across.push(size.0);
        self.along.push(size.1);
        self.rank.push(rank);
        self.cluster.push(cluster);
        self.rank.len() - 1
    }

    /// The chain of an edge, with a bend point on every rank between its ends and
    /// its label (across, along) on the middle one.
    fn chain(&mut self, from: usize, to: usize, label: Option<(Pt, Pt)>) {
        let (top, bottom) = if self.rank[from] <= self.rank[to] {
            (from, to)
        } else {
            (to, from)
        };
        let (r0, r1) = (self.rank[top], self.rank[bottom]);
        let same = self.cluster[from].filter(|_| self.cluster[from] == self.cluster[to]);
        let mut chain = vec![top];
        let mut label_node = None;
        for r in r0 + 1..r1 {
            let middle = r == (r0 + r1) / 2;
            let size = match label {
                Some(l) if middle => l,
                _ => (0.0, 0.0),
            };
            let v = self.add(r, size, same);
            if middle && label.is_some() {
                label_node = Some(v);
            }
            chain.push(v);
        }
        chain.push(bottom);
        for pair in chain.windows(2) {
            self.segs.push((pair[0], pair[1]));
        }
        if top != from {
            chain.reverse();
        }
        self.chains.push(chain);
        self.label_node.push(label_node);
    }

    /// Orders each rank to cut crossings (see the module docs).
    fn order(&mut self) {
        let ranks = self.rank.iter().max().map_or(0, |r| r + 1);
        self.layers = vec![Vec::new(); ranks];
        for v in 0..self.rank.len() {
            self.layers[self.rank[v]].push(v);
        }
        let mut pos = vec![0.0; self.rank.len()];
        let mut best = (self.crossings(), self.layers.clone());
        for sweep in 0..12 {
            let down = sweep % 2 == 0;
            let order: Vec<usize> = if down {
                (1..ranks).collect()
            } else {
                (0..ranks.saturating_sub(1)).rev().collect()
            };
            for r in order {
                self.index(&mut pos);
                let bary = |v: usize| -> Pt {
                    let ns: Vec<Pt> = self
                        .segs
                        .iter()
                        .filter_map(|&(a, b)| match down {
                            true if b == v => Some(pos[a]),
                            false if a == v => Some(pos[b]),
                            _ => None,
                        })
                        .collect();
                    if ns.is_empty() {
                        pos[v]
                    } else {
                        ns.iter().sum::<Pt>() / ns.len() as Pt
                    }
                };
                let mut keyed: Vec<(Pt, usize)> =
                    self.layers[r].iter().map(|&v| (bary(v), v)).collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                self.layers[r] = self.clustered(keyed.into_iter().map(|(_, v)| v).collect());
            }
            let c = self.crossings();
            if c < best.0 {
                best = (c, self.layers.clone());
            }
        }
        self.layers = best.1;
    }

    /// `pos[v]`: the place of `v` on its rank.
    fn index(&self, pos: &mut [Pt]) {
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i as Pt;
            }
        }
    }

    /// A rank's order with each cluster's nodes moved next to its first one.
    fn clustered(&self, layer: Vec<usize>) -> Vec<usize> {
        let first = |c: usize| layer.iter().position(|&v| self.cluster[v] == Some(c));
        let mut keyed: Vec<(usize, usize, usize)> = layer
            .iter()
            .enumerate()
            .map(|(i, &v)| (self.cluster[v].and_then(first).unwrap_or(i), i, v))
            .collect();
        keyed.sort();
        keyed.into_iter().map(|(_, _, v)| v).collect()
    }

    /// How many pairs of segments cross.
    fn crossings(&self) -> usize {
        let mut pos = vec![0.0; self.rank.len()];
        self.index(&mut pos);
        let mut count = 0;
        for (i, &(a, b)) in self.segs.iter().enumerate() {
            for &(c, d) in &self.segs[i + 1..] {
                let same_rank = self.rank[a] == self.rank[c];
                if same_rank && (pos[a] - pos[c]) * (pos[b] - pos[d]) < 0.0 {
                    count += 1;
                }
            }
        }
        count
    }

    /// The least distance between the centres of neighbours `a` and `b`.
    fn sep(&self, a: usize, b: usize) -> Pt {
        let gap = if a >= self.real || b >= self.real {
            BEND_GAP
        } else {
            NODE_GAP
        };
        let cluster = if self.cluster[a] != self.cluster[b] {
            2.0 * CLUSTER_PAD
        } else {
            0.0
        };
        (self.across[a] + self.across[b]) / 2.0 + gap + cluster
    }
}

mod place;
