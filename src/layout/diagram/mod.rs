//! Diagrams: a parsed graph → vector shapes and shaped text, sized to fit a box.
//!
//! Each node is measured by its label, set in the body's own faces like all text
//! (so it is selectable and searchable in the PDF), then `layered` decides where
//! everything goes and `shapes` draws it: clusters' frames first, then edges, then
//! nodes over their ends, then labels. A drawing wider than the measure, or taller
//! than a page, is scaled down whole, text included, so it never leaves the
//! margins and never has to be split across pages; one that would be scaled below
//! 80 % (`LEGIBLE`) is laid out with its ranks the other way round if that scales it less.
//!
//! Why our own layout and not a crate: layout-rs (the one maintained Rust crate
//! that lays out DOT graphs, 6,300 lines, no dependencies, 4 s to build) has no
//! clusters, measures text by counting characters, draws only boxes and circles,
//! and reports parse errors without positions. Its drawing would have been
//! redone here anyway; the layered layout a 40-node diagram needs is 500 lines.

mod layered;
mod shapes;

use super::style::INK;
use super::{Color, Item, Path, PathOp, Pt, TextBox};
use crate::document::Mark;
use crate::fonts::{Face, FontSet};
use crate::model::diagram::{Graph, RankDir, Shape};

/// A diagram drawn with its top-left corner at (0, 0).
#[derive(Debug, Default)]
pub struct Drawn {
    pub items: Vec<Item>,
    pub width: Pt,
    pub height: Pt,
}

/// Type sizes before any scaling: node labels, and edge and cluster labels.
const NODE_SIZE: Pt = 9.0;
const SMALL_SIZE: Pt = 7.5;
/// The least scale a diagram is set at in the direction its ranks were asked to
/// run: below it (node labels under about 7 pt), the other direction is tried.
const LEGIBLE: Pt = 0.8;
/// Line spacing of labels, in ems.
const LEADING: Pt = 1.25;
/// Padding inside a node around its label.
const PAD_X: Pt = 8.0;
const PAD_Y: Pt = 5.0;
/// The narrowest node.
const MIN_WIDTH: Pt = 44.0;
/// The stick figure of an actor, above its label.
const ACTOR: Pt = 24.0;
/// How far a cylinder's lid bulges.
pub(super) const LID: Pt = 4.0;

pub(super) const STROKE: Color = Color(0.22, 0.26, 0.33);
pub(super) const FILL: Color = Color(0.94, 0.96, 0.99);
pub(super) const FRAME: Color = Color(0.55, 0.57, 0.62);
pub(super) const FRAME_FILL: Color = Color(0.975, 0.975, 0.98);
const MUTED: Color = Color(0.30, 0.31, 0.36);

/// A label's lines, width and height at `size` in `face`.
fn measure(fonts: &FontSet, text: &str, face: Face, size: Pt) -> (Pt, Pt) {
    let lines = text.split('\n');
    let width = lines
        .map(|l| fonts.measure(face, l, size))
        .fold(0.0, Pt::max);
    let count = text.split('\n').count() as Pt;
    (width, count * size * LEADING)
}

/// A node's size for its label and shape.
fn node_size(fonts: &FontSet, label: &str, shape: Shape) -> (Pt, Pt) {
    let (w, h) = measure(fonts, label, Face::Regular, NODE_SIZE);
    let (w, h) = (w + 2.0 * PAD_X, h + 2.0 * PAD_Y);
    match shape {
        Shape::Box => (w.max(MIN_WIDTH), h),
        Shape::Cylinder => (w.max(MIN_WIDTH), h + 3.0 * LID),
        Shape::Queue => ((w + 12.0).max(MIN_WIDTH), h),
        Shape::Actor => ((w - PAD_X).max(24.0), h - PAD_Y + ACTOR),
        Shape::Cloud => ((w * 1.25).max(MIN_WIDTH), h * 1.45),
        Shape::Ellipse => ((w * 1.2).max(MIN_WIDTH), h * 1.3),
    }
}

/// Lays out and draws `graph` no wider than `max_w` and no taller than `max_h`, every
/// text and shape marked `mark`.
pub fn draw(fonts: &FontSet, graph: &Graph, max_w: Pt, max_h: Pt, mark: Mark) -> Drawn {
    let sizes: Vec<(Pt, Pt)> = graph
        .nodes
        .iter()
        .map(|n| node_size(fonts, &n.label, n.shape))
        .collect();
    let edges: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let pad = |(w, h): (Pt, Pt)| (w + 4.0, h + 2.0);
    let labels: Vec<Option<(Pt, Pt)>> = graph
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_deref()
                .map(|l| pad(measure(fonts, l, Face::Italic, SMALL_SIZE)))
        })
        .collect();
    let cluster_labels: Vec<(Pt, Pt)> = graph
        .clusters
        .iter()
        .map(|c| {
            c.label
                .as_deref()
                .map_or((0.0, 0.0), |l| measure(fonts, l, Face::Bold, SMALL_SIZE))
        })
        .collect();
    let cluster: Vec<Option<usize>> = graph.nodes.iter().map(|n| n.cluster).collect();
    let lay = |left_right: bool| {
        let placed = layered::layout(&layered::Input {
            sizes: &sizes,
            edges: &edges,
            labels: &labels,
            cluster: &cluster,
            cluster_labels: &cluster_labels,
            left_right,
        });
        let scale = 1.0_f32
            .min(max_w / placed.width.max(1.0))
            .min(max_h / placed.height.max(1.0));
        (placed, scale)
    };
    let left_right = graph.rankdir == RankDir::LeftRight;
    let (mut placed, mut scale) = lay(left_right);
    // A graph that would be set too small to read is laid out the other way round
    // if that sets it larger: a wide left-to-right chain of long labels is easier
    // to read top to bottom than at half size.
    if scale < LEGIBLE {
        let (other, other_scale) = lay(!left_right);
        if other_scale > scale {
            (placed, scale) = (other, other_scale);
        }
    }
    let mut pen = Pen {
        fonts,
        items: Vec::new(),
        scale,
        mark,
    };
    pen.clusters(graph, &placed);
    pen.edges(graph, &placed, &sizes);
    pen.nodes(graph, &placed, &sizes);
    Drawn {
        items: pen.items,
        width: placed.width * scale,
        height: placed.height * scale,
    }
}

/// Draws into `items` at `scale`, marking everything `mark`.
struct Pen<'f> {
    fonts: &'f FontSet,
    items: Vec<Item>,
    scale: Pt,
    mark: Mark,
}

impl Pen<'_> {
    fn path(&mut self, ops: Vec<PathOp>, fill: Option<Color>, stroke: Option<Color>, dashed: bool) {
        let s = self.scale;
        let ops = ops
            .into_iter()
            .map(|op| match op {
                PathOp::Move(x, y) => PathOp::Move(x * s, y * s),
                PathOp::Line(x, y) => PathOp::Line(x * s, y * s),
                PathOp::Curve(c) => PathOp::Curve(c.map(|v| v * s)),
                PathOp::Close => PathOp::Close,
            })
            .collect();
        self.items.push(Item::Path(Box::new(Path {
            ops,
            fill,
            stroke,
            width: 0.8 * s.max(0.5),
            dashed,
        })));
    }

    /// Lines of `text` centred on `cx`, the first line's top at `top` (unscaled).
    fn text(&mut self, text: &str, face: Face, size: Pt, (cx, top): (Pt, Pt), color: Color) {
        let (s, fonts) = (self.scale, self.fonts);
        for (i, line) in text.split('\n').enumerate() {
            let shaped = fonts.shape(face, line, size * s);
            let baseline = top + size * LEADING * (i as Pt + 0.5) + size * 0.33;
            self.items.push(Item::Text(TextBox {
                x: cx * s - shaped.width / 2.0,
                baseline: baseline * s,
                face,
                size: size * s,
                color,
                glyphs: shaped.glyphs,
                width: shaped.width,
                mark: self.mark,
            }));
        }
    }

    fn clusters(&mut self, graph: &Graph, placed: &layered::Placed) {
        for (c, frame) in graph.clusters.iter().zip(&placed.clusters) {
            let Some((x, y, w, h)) = *frame else { continue };
            self.path(
                shapes::rounded(x, y, w, h, 6.0),
                Some(FRAME_FILL),
                Some(FRAME),
                false,
            );
            if let Some(label) = &c.label {
                let (lw, _) = measure(self.fonts, label, Face::Bold, SMALL_SIZE);
                let at = (x + layered::CLUSTER_PAD + lw / 2.0, y + 3.0);
                self.text(label, Face::Bold, SMALL_SIZE, at, MUTED);
            }
        }
    }

    fn edges(&mut self, graph: &Graph, placed: &layered::Placed, sizes: &[(Pt, Pt)]) {
        for (e, edge) in graph.edges.iter().enumerate() {
            let mut route = placed.routes[e].clone();
            let ends = [(edge.from, 0), (edge.to, route.len() - 1)];
            for (node, at) in ends {
                let inner = if at == 0 { route[1] } else { route[at - 1] };
                let shape = graph.nodes[node].shape;
                route[at] = shapes::clip(route[at], inner, sizes[node], shape);
            }
            let (line, heads) = shapes::edge(&route, edge.tail, edge.head);
            self.path(line, None, Some(STROKE), edge.dashed);
            for head in heads {
                self.path(head, Some(STROKE), None, false);
            }
            if let (Some(label), Some((x, y))) = (&edge.label, placed.labels[e]) {
                let (w, h) = measure(self.fonts, label, Face::Italic, SMALL_SIZE);
                let white = Some(Color(1.0, 1.0, 1.0));
                let (l, t) = (x - w / 2.0 - 1.0, y - h / 2.0);
                self.path(shapes::rounded(l, t, w + 2.0, h, 1.0), white, None, false);
                self.text(label, Face::Italic, SMALL_SIZE, (x, t), MUTED);
            }
        }
    }

    fn nodes(&mut self, graph: &Graph, placed: &layered::Placed, sizes: &[(Pt, Pt)]) {
        for (n, node) in graph.nodes.iter().enumerate() {
            let ((cx, cy), (w, h)) = (placed.centers[n], sizes[n]);
            let (l, t) = (cx - w / 2.0, cy - h / 2.0);
            let (_, text_h) = measure(self.fonts, &node.label, Face::Regular, NODE_SIZE);
            let mut top = cy - text_h / 2.0;
            // A queue's slots take the right end of its box: the label centres on the rest.
            let text_x = if node.shape == Shape::Queue {
                cx - 6.0
            } else {
                cx
            };
            match node.shape {
                Shape::Actor => {
                    for (stroke, ops) in shapes::actor(cx, t, ACTOR) {
                        self.path(ops, None, Some(stroke), false);
                    }
                    top = t + ACTOR;
                }
                Shape::Cylinder => {
                    let (body, lid) = shapes::cylinder(l, t, w, h, LID);
                    self.path(body, Some(FILL), Some(STROKE), false);
                    self.path(lid, None, Some(STROKE), false);
                    top += LID;
                }
                shape => {
                    let (outline, marks) = shapes::outline(shape, l, t, w, h);
                    self.path(outline, Some(FILL), Some(STROKE), false);
                    if !marks.is_empty() {
                        self.path(marks, None, Some(STROKE), false);
                    }
                }
            }
            self.text(&node.label, Face::Regular, NODE_SIZE, (text_x, top), INK);
        }
    }
}

#[cfg(test)]
mod tests;
