//! A free sample's locked-guide panel: a lightly tinted box with the accent down its
//! left edge, a padlock before its title, what the full pack's guide holds, and the
//! call to action; with an address, its QR code stands at the right on a white
//! square. It reads as a deliberate part of the page, set in the book's own type,
//! and is one flow item, so it is never split across pages.

use super::{break_text, line_items, Flow, FlowItem};
use crate::document::{ElemId, Locked, Mark};
use crate::fonts::{Face, FontSet};
use crate::layout::linebreak::Line;
use crate::layout::qr::Code;
use crate::layout::style::{TextStyle, ACCENT, BODY, INK};
use crate::layout::{Color, Frame, Item, Path, PathOp, Pt};
use crate::model::Span;

/// Room inside the box, around its contents.
const PAD: Pt = 12.0;
/// The accent rule down the box's left edge.
const BAR: Pt = 3.0;
/// The box's tint: a pale neutral grey, lighter than code shading, so any accent
/// sits well on it and it prints as a faint tone rather than a block of grey.
const TINT: Color = Color(0.965, 0.965, 0.972);
const WHITE: Color = Color(1.0, 1.0, 1.0);
/// Room between the text and the QR code.
const GAP: Pt = 12.0;
/// The padlock's box, and the room after it.
const LOCK_W: Pt = 8.0;
const LOCK_H: Pt = 10.5;
const LOCK_GAP: Pt = 6.0;

/// The title: bold, a step above body text, as a guide's part headings are.
const TITLE: TextStyle = TextStyle {
    face: Face::Bold,
    size: 11.5,
    leading: 16.0,
    color: INK,
    space_before: 0.0,
    space_after: 4.0,
};

impl Flow<'_> {
    /// Flows a locked guide's panel, the full width of the body.
    pub(super) fn locked(&mut self, p: &Locked) {
        let frame = self.frame;
        let code = p.qr.as_deref().and_then(Code::new);
        let side = code.as_ref().map_or(0.0, Code::side);
        let left = frame.left + BAR + PAD;
        let right = frame.right - PAD - if code.is_some() { side + GAP } else { 0.0 };
        let mut contents = Vec::new();
        let y = panel_text(self.fonts, &mut contents, p, (left, right));
        let height = (y + PAD).max(side + 2.0 * PAD);
        let mut drawn = panel_box(frame, left, height);
        if let Some(code) = &code {
            let (x, top) = (frame.right - PAD - side, (height - side) / 2.0);
            drawn.push(Item::Rect {
                x,
                y: top,
                w: side,
                h: side,
                color: WHITE,
            });
            contents.push(code.item(x, top));
        }
        // The box and its marks first, so the text is drawn over them.
        drawn.append(&mut contents);
        self.push(FlowItem {
            height,
            contents: drawn,
            ..Default::default()
        });
    }
}

/// The panel's text between `left` and `right`: the title after the padlock, what
/// the full guide holds, and the call to action. Returns the bottom of the last line.
fn panel_text(fonts: &FontSet, out: &mut Vec<Item>, p: &Locked, (left, right): (Pt, Pt)) -> Pt {
    let width = right - left;
    let title_x = left + LOCK_W + LOCK_GAP;
    let title = vec![Span::plain(p.title.clone())];
    let holds = vec![Span::plain(p.holds.clone())];
    let mut y = PAD;
    let title_lines = break_text(fonts, &title, &[], &TITLE, right - title_x);
    y = place(
        fonts,
        out,
        &title_lines,
        &TITLE,
        title_x,
        y,
        p.parts[0].text,
    );
    y += TITLE.space_after;
    if !p.holds.is_empty() {
        let lines = break_text(fonts, &holds, &[], &BODY, width);
        y = place(fonts, out, &lines, &BODY, left, y, p.parts[1].text) + 5.0;
    }
    let lines = break_text(fonts, &p.action, &p.parts[2].spans, &BODY, width);
    place(fonts, out, &lines, &BODY, left, y, p.parts[2].text)
}

/// The panel's box, `height` tall across the body: its tint, the accent down its
/// left edge, and the padlock before the title at `left`.
fn panel_box(frame: &Frame, left: Pt, height: Pt) -> Vec<Item> {
    let mut drawn = vec![
        Item::Rect {
            x: frame.left,
            y: 0.0,
            w: frame.body_width(),
            h: height,
            color: TINT,
        },
        // The accent, so a theme's colour marks the panel as it marks headings.
        Item::Rect {
            x: frame.left,
            y: 0.0,
            w: BAR,
            h: height,
            color: ACCENT,
        },
    ];
    drawn.extend(padlock(left, PAD + (TITLE.leading - LOCK_H) / 2.0));
    drawn
}

/// Places `lines` of style `st` at `x`, the first line's top at `top`; returns the
/// bottom of the last.
fn place(
    fonts: &FontSet,
    out: &mut Vec<Item>,
    lines: &[Line],
    st: &TextStyle,
    x: Pt,
    top: Pt,
    elem: Option<ElemId>,
) -> Pt {
    for (i, line) in lines.iter().enumerate() {
        let dy = top + i as Pt * st.leading;
        let from = out.len();
        line_items(out, line, st, x, Mark::of(elem));
        if line.space_after {
            super::end_with_space(fonts, &mut out[from..]);
        }
        for item in &mut out[from..] {
            match item {
                Item::Text(t) => t.baseline += dy,
                Item::Link { y, .. } => *y += dy,
                _ => {}
            }
        }
    }
    top + lines.len() as Pt * st.leading
}

/// A padlock in the box with top-left corner (`x`, `y`): a stroked shackle over a
/// filled body. Drawn, not a glyph: the bundled fonts have no padlock, and a
/// picture of one is decoration, which render marks as an artifact.
fn padlock(x: Pt, y: Pt) -> [Item; 2] {
    let body_top = y + LOCK_H * 0.45;
    let (l, r) = (x + 1.9, x + LOCK_W - 1.9);
    let shackle = Path {
        ops: vec![
            PathOp::Move(l, body_top),
            PathOp::Line(l, y + 2.6),
            PathOp::Curve([l, y - 0.2, r, y - 0.2, r, y + 2.6]),
            PathOp::Line(r, body_top),
        ],
        stroke: Some(INK),
        width: 1.3,
        ..Path::default()
    };
    let body = Path {
        ops: rounded(x, body_top, LOCK_W, y + LOCK_H - body_top, 1.2),
        fill: Some(INK),
        ..Path::default()
    };
    [Item::Path(Box::new(shackle)), Item::Path(Box::new(body))]
}

/// A rectangle with corners rounded by `r`, as path operations.
fn rounded(x: Pt, y: Pt, w: Pt, h: Pt, r: Pt) -> Vec<PathOp> {
    // The Bézier handle length that best approximates a quarter circle.
    let k = r * 0.552;
    let (x2, y2) = (x + w, y + h);
    vec![
        PathOp::Move(x + r, y),
        PathOp::Line(x2 - r, y),
        PathOp::Curve([x2 - r + k, y, x2, y + r - k, x2, y + r]),
        PathOp::Line(x2, y2 - r),
        PathOp::Curve([x2, y2 - r + k, x2 - r + k, y2, x2 - r, y2]),
        PathOp::Line(x + r, y2),
        PathOp::Curve([x + r - k, y2, x, y2 - r + k, x, y2 - r]),
        PathOp::Line(x, y + r),
        PathOp::Curve([x, y + r - k, x + r - k, y, x + r, y]),
        PathOp::Close,
    ]
}
