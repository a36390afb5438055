//! The outlines a diagram is drawn with, as path operations in layout's coordinates
//! (y down): node shapes, edges with arrowheads, and where an edge meets a node.

use super::STROKE;
use crate::layout::{Color, PathOp, Pt};
use crate::model::diagram::Shape;

/// How far a Bézier control point sits along a quarter ellipse's tangent.
const KAPPA: Pt = 0.552_284_8;
/// An arrowhead's length and width.
const HEAD_LEN: Pt = 6.5;
const HEAD_WIDTH: Pt = 5.0;

type Ops = Vec<PathOp>;

/// A rectangle with corners rounded by `r`.
pub fn rounded(x: Pt, y: Pt, w: Pt, h: Pt, r: Pt) -> Ops {
    let r = r.min(w / 2.0).min(h / 2.0);
    let k = r * (1.0 - KAPPA);
    let (x1, y1) = (x + w, y + h);
    vec![
        PathOp::Move(x + r, y),
        PathOp::Line(x1 - r, y),
        PathOp::Curve([x1 - k, y, x1, y + k, x1, y + r]),
        PathOp::Line(x1, y1 - r),
        PathOp::Curve([x1, y1 - k, x1 - k, y1, x1 - r, y1]),
        PathOp::Line(x + r, y1),
        PathOp::Curve([x + k, y1, x, y1 - k, x, y1 - r]),
        PathOp::Line(x, y + r),
        PathOp::Curve([x, y + k, x + k, y, x + r, y]),
        PathOp::Close,
    ]
}

/// An ellipse centred on (cx, cy) with radii rx, ry.
pub fn ellipse(cx: Pt, cy: Pt, rx: Pt, ry: Pt) -> Ops {
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    vec![
        PathOp::Move(cx + rx, cy),
        PathOp::Curve([cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry]),
        PathOp::Curve([cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy]),
        PathOp::Curve([cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry]),
        PathOp::Curve([cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy]),
        PathOp::Close,
    ]
}

/// A box, queue, cloud or ellipse in the box (l, t, w, h): its outline, and any
/// marks drawn inside it (a queue's slots).
pub fn outline(shape: Shape, l: Pt, t: Pt, w: Pt, h: Pt) -> (Ops, Ops) {
    let (cx, cy) = (l + w / 2.0, t + h / 2.0);
    match shape {
        Shape::Queue => {
            let mut slots = Vec::new();
            for i in 1..=3 {
                let x = l + w - 4.0 * i as Pt;
                slots.extend([PathOp::Move(x, t), PathOp::Line(x, t + h)]);
            }
            (rounded(l, t, w, h, 1.5), slots)
        }
        Shape::Cloud => (cloud(cx, cy, w / 2.0, h / 2.0), Vec::new()),
        Shape::Ellipse => (ellipse(cx, cy, w / 2.0, h / 2.0), Vec::new()),
        _ => (rounded(l, t, w, h, 4.0), Vec::new()),
    }
}

/// A cloud: nine bumps round an ellipse.
fn cloud(cx: Pt, cy: Pt, rx: Pt, ry: Pt) -> Ops {
    const BUMPS: usize = 9;
    // A bump's ends lie a little inside the box, its crown on the box's edge.
    let at = |turn: Pt, grow: Pt| {
        let a = std::f32::consts::TAU * turn / BUMPS as Pt;
        (cx + rx * grow * a.cos(), cy + ry * grow * a.sin())
    };
    let (x0, y0) = at(0.0, 0.82);
    let mut ops = vec![PathOp::Move(x0, y0)];
    for i in 0..BUMPS {
        let (sx, sy) = at(i as Pt, 0.82);
        let (ex, ey) = at(i as Pt + 1.0, 0.82);
        let (px, py) = at(i as Pt + 0.5, 1.0);
        // The quadratic through the crown, written as a cubic.
        let (qx, qy) = (2.0 * px - (sx + ex) / 2.0, 2.0 * py - (sy + ey) / 2.0);
        let third = |a: Pt, b: Pt| a + 2.0 / 3.0 * (b - a);
        ops.push(PathOp::Curve([
            third(sx, qx),
            third(sy, qy),
            third(ex, qx),
            third(ey, qy),
            ex,
            ey,
        ]));
    }
    ops.push(PathOp::Close);
    ops
}

/// A cylinder in the box (l, t, w, h) whose lid bulges by `lid`: the body's
/// outline (to fill and stroke), and the front of the lid (to stroke).
pub fn cylinder(l: Pt, t: Pt, w: Pt, h: Pt, lid: Pt) -> (Ops, Ops) {
    let (r, b, cx) = (l + w, t + h, l + w / 2.0);
    let (kx, ky) = (w / 2.0 * KAPPA, lid * KAPPA);
    let body = vec![
        PathOp::Move(l, t + lid),
        PathOp::Curve([l, t + lid - ky, cx - kx, t, cx, t]),
        PathOp::Curve([cx + kx, t, r, t + lid - ky, r, t + lid]),
        PathOp::Line(r, b - lid),
        PathOp::Curve([r, b - lid + ky, cx + kx, b, cx, b]),
        PathOp::Curve([cx - kx, b, l, b - lid + ky, l, b - lid]),
        PathOp::Close,
    ];
    let front = vec![
        PathOp::Move(l, t + lid),
        PathOp::Curve([l, t + lid + ky, cx - kx, t + 2.0 * lid, cx, t + 2.0 * lid]),
        PathOp::Curve([cx + kx, t + 2.0 * lid, r, t + lid + ky, r, t + lid]),
    ];
    (body, front)
}

/// A stick figure `height` tall, centred on `cx` from `top`: head, body, arms, legs.
pub fn actor(cx: Pt, top: Pt, height: Pt) -> Vec<(Color, Ops)> {
    let u = height / 12.0;
    let head = ellipse(cx, top + 2.0 * u, 2.0 * u, 2.0 * u);
    let limbs = vec![
        PathOp::Move(cx, top + 4.0 * u),
        PathOp::Line(cx, top + 8.0 * u),
        PathOp::Move(cx - 3.5 * u, top + 5.5 * u),
        PathOp::Line(cx + 3.5 * u, top + 5.5 * u),
        PathOp::Move(cx - 3.0 * u, top + 11.5 * u),
        PathOp::Line(cx, top + 8.0 * u),
        PathOp::Line(cx + 3.0 * u, top + 11.5 * u),
    ];
    vec![(STROKE, head), (STROKE, limbs)]
}

/// Where the line from a node's centre `c` towards `towards` leaves the node of
/// `size` drawn as `shape`.
pub fn clip(c: (Pt, Pt), towards: (Pt, Pt), size: (Pt, Pt), shape: Shape) -> (Pt, Pt) {
    let (dx, dy) = (towards.0 - c.0, towards.1 - c.1);
    let (hw, hh) = (size.0 / 2.0, size.1 / 2.0);
    let t = match shape {
        // t where (t dx / hw)² + (t dy / hh)² = 1.
        Shape::Ellipse | Shape::Cloud => 1.0 / ((dx / hw).powi(2) + (dy / hh).powi(2)).sqrt(),
        _ => (hw / dx.abs()).min(hh / dy.abs()),
    };
    let t = if t.is_finite() { t.min(1.0) } else { 0.0 };
    (c.0 + t * dx, c.1 + t * dy)
}

/// An edge along `route` (its ends already on the nodes' outlines): the line,
/// smoothed through its bends, and an arrowhead at its tail and/or head.
pub fn edge(route: &[(Pt, Pt)], tail: bool, head: bool) -> (Ops, Vec<Ops>) {
    let mut route = route.to_vec();
    let mut heads = Vec::new();
    let n = route.len();
    for (end, inner, wanted) in [(n - 1, n - 2, head), (0, 1, tail)] {
        if !wanted {
            continue;
        }
        let (tip, from) = (route[end], route[inner]);
        let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
        let len = (dx * dx + dy * dy).sqrt().max(0.01);
        let (ux, uy) = (dx / len, dy / len);
        let back = (tip.0 - ux * HEAD_LEN, tip.1 - uy * HEAD_LEN);
        let (px, py) = (-uy * HEAD_WIDTH / 2.0, ux * HEAD_WIDTH / 2.0);
        heads.push(vec![
            PathOp::Move(tip.0, tip.1),
            PathOp::Line(back.0 + px, back.1 + py),
            PathOp::Line(back.0 - px, back.1 - py),
            PathOp::Close,
        ]);
        // The line stops inside the head, so its square end never shows past the tip.
        route[end] = (tip.0 - ux * HEAD_LEN * 0.7, tip.1 - uy * HEAD_LEN * 0.7);
    }
    let mut ops = vec![PathOp::Move(route[0].0, route[0].1)];
    let mut at = route[0];
    for i in 1..n - 1 {
        let bend = route[i];
        let mid = (
            (bend.0 + route[i + 1].0) / 2.0,
            (bend.1 + route[i + 1].1) / 2.0,
        );
        let third = |a: Pt, b: Pt| a + 2.0 / 3.0 * (b - a);
        ops.push(PathOp::Curve([
            third(at.0, bend.0),
            third(at.1, bend.1),
            third(mid.0, bend.0),
            third(mid.1, bend.1),
            mid.0,
            mid.1,
        ]));
        at = mid;
    }
    ops.push(PathOp::Line(route[n - 1].0, route[n - 1].1));
    (ops, heads)
}
