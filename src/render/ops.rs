//! PDF content operators written by hand: numbers to 1/100 pt, colours, paths.
//! Every content stream (page bodies, stamps, glyph runs, images) writes its numbers
//! through [`num`], so the same value is always the same bytes.

use std::fmt::Write as _;

use crate::layout::{Color, Path, PathOp, Pt};

/// A number to 1/100, without trailing zeros: `56.69`, `-14.5`, `0`. Written from
/// whole hundredths: float formatting was the largest cost of pages with many shapes
/// (QR codes, grids).
pub(super) fn num(out: &mut String, v: f32) {
    let h = (f64::from(v) * 100.0).round() as i64;
    if h < 0 {
        out.push('-');
    }
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let _ = write!(out, "{whole}");
    if frac % 10 == 0 && frac != 0 {
        let _ = write!(out, ".{}", frac / 10);
    } else if frac != 0 {
        let _ = write!(out, ".{frac:02}");
    }
}

pub(super) fn color(out: &mut String, c: Color, op: &str) {
    num(out, c.0);
    out.push(' ');
    num(out, c.1);
    out.push(' ');
    num(out, c.2);
    out.push(' ');
    out.push_str(op);
    out.push('\n');
}

/// A path, filled and/or stroked, in a `q … Q` of its own so the colours, width and
/// dash it sets end with it.
pub(super) fn path(s: &mut String, p: &Path, height: Pt) {
    s.push_str("q ");
    if let Some(c) = p.fill {
        color(s, c, "rg");
    }
    if let Some(c) = p.stroke {
        color(s, c, "RG");
        num(s, p.width);
        s.push_str(if p.dashed { " w [3 2] 0 d\n" } else { " w\n" });
    }
    for op in &p.ops {
        let points: &[Pt] = match op {
            PathOp::Move(x, y) | PathOp::Line(x, y) => &[*x, *y],
            PathOp::Curve(c) => c,
            PathOp::Close => &[],
        };
        for pair in points.chunks(2) {
            num(s, pair[0]);
            s.push(' ');
            num(s, height - pair[1]);
            s.push(' ');
        }
        s.push_str(match op {
            PathOp::Move(..) => "m\n",
            PathOp::Line(..) => "l\n",
            PathOp::Curve(_) => "c\n",
            PathOp::Close => "h\n",
        });
    }
    s.push_str(match (p.fill.is_some(), p.stroke.is_some()) {
        (true, true) => "B Q\n",
        (true, false) => "f Q\n",
        (false, true) => "S Q\n",
        (false, false) => "n Q\n",
    });
}

/// `v` rounded to 1/100 (in `f32`), the precision [`num`] writes: a pen adjustment
/// is tested and kept as it will be written, so an unwritten one is skipped.
pub(crate) fn round_hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
