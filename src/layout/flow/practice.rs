//! Answer space (`--practice`): ruled lines and grids, row by row, so a long space
//! breaks across pages between rows like a paragraph between lines.
//!
//! Every row's drawing is one [`Item::Group`] marked [`GroupKind::Artifact`]: decoration a
//! screen reader skips. A frame's label ("Situation") is text, and keeps with the
//! first two rows under it, so it never sits alone at the foot of a page.

use super::{baseline, Flow, FlowItem};
use crate::document::Area;
use crate::document::Mark;
use crate::fonts::Face;
use crate::layout::style::{TextStyle, ACCENT, BODY};
use crate::layout::{mm, Color, GroupKind, Item, Pt, TextBox};

/// Handwriting pitch: 8.5 mm, between college-ruled (7.1 mm) and wide-ruled (8.7 mm);
/// a written answer needs room for ascenders and descenders at a natural size.
pub const PITCH: Pt = mm(8.5);

/// A grid square: 5 mm, the square of common graph paper, about one handwritten
/// character of code.
pub const GRID: Pt = mm(5.0);

/// Ruled lines: light enough not to compete with writing, dark enough to survive a
/// toner-saving printer. Tests find the lines by this colour.
pub const LINE_COLOR: Color = Color(0.7, 0.7, 0.72);
/// Grid lines and dots, a little lighter than ruled lines: there are many more.
pub const GRID_COLOR: Color = Color(0.78, 0.78, 0.8);

/// A frame's label: small bold text in the accent colour.
pub const LABEL: TextStyle = TextStyle {
    face: Face::Bold,
    size: 9.5,
    leading: 13.0,
    color: ACCENT,
    space_before: 8.0,
    space_after: 0.0,
};

fn artifact(items: Vec<Item>) -> Vec<Item> {
    vec![Item::Group {
        kind: GroupKind::Artifact,
        items,
    }]
}

impl Flow<'_> {
    /// An answer space: its frame's label, if any, then `area`'s rows.
    pub(super) fn answer(&mut self, label: Option<&str>, area: Area) {
        if let Some(label) = label {
            self.answer_label(label);
        } else {
            self.pending_space += BODY.space_before;
        }
        let (rows, height) = match area {
            Area::Lines(n) => (n, PITCH),
            Area::Dots(n) | Area::Squares(n) => (n, GRID),
        };
        let grid = Grid::new(self.frame.left, self.frame.right);
        for row in 0..rows {
            self.push(FlowItem {
                height,
                // The first two rows keep together (and with a label above them).
                keep_with_next: row == 0 && rows > 1,
                contents: artifact(grid.row(area, row)),
                ..Default::default()
            });
        }
    }

    /// A frame's label ("Situation"), kept with the rows under it.
    fn answer_label(&mut self, label: &str) {
        self.pending_space += LABEL.space_before;
        let shaped = self.fonts.shape(LABEL.face, label, LABEL.size);
        self.push(FlowItem {
            height: LABEL.leading,
            keep_with_next: true,
            contents: vec![Item::Text(TextBox {
                x: self.frame.left,
                baseline: baseline(&LABEL),
                face: LABEL.face,
                size: LABEL.size,
                color: LABEL.color,
                width: shaped.width,
                glyphs: shaped.glyphs,
                // A frame's label names a box to write in: decoration, as the box.
                mark: Mark::Artifact,
            })],
            ..Default::default()
        });
    }
}

/// Where an answer space's rows are drawn: ruled lines the measure's width, dots and
/// squares on a grid of whole squares.
struct Grid {
    left: Pt,
    right: Pt,
    /// How many whole squares fit across.
    cols: Pt,
    /// The grid's left and right edges.
    gx: Pt,
    gx2: Pt,
}

impl Grid {
    /// The grid for a measure from `left` to `right`.
    fn new(left: Pt, right: Pt) -> Grid {
        // Whole squares only, centred in the measure, with room for the lines' and
        // dots' own width inside it.
        let cols = ((right - left - 2.0) / GRID).floor();
        let gx = left + ((right - left) - cols * GRID) / 2.0;
        let gx2 = gx + cols * GRID;
        Grid {
            left,
            right,
            cols,
            gx,
            gx2,
        }
    }

    /// What row `row` of `area` draws, relative to the row's top; the first row of
    /// dots or squares also draws the line above it.
    fn row(&self, area: Area, row: u32) -> Vec<Item> {
        let Grid {
            left,
            right,
            cols,
            gx,
            gx2,
        } = *self;
        let mut drawn = Vec::new();
        match area {
            Area::Lines(_) => drawn.push(Item::Rule {
                x1: left,
                x2: right,
                y: PITCH,
                thickness: 0.5,
                color: LINE_COLOR,
            }),
            Area::Dots(_) => {
                let ys: &[Pt] = if row == 0 { &[0.0, GRID] } else { &[GRID] };
                for &y in ys {
                    for c in 0..=cols as u32 {
                        let x = gx + c as Pt * GRID;
                        drawn.push(Item::Rect {
                            x: x - 0.6,
                            y: y - 0.6,
                            w: 1.2,
                            h: 1.2,
                            color: LINE_COLOR,
                        });
                    }
                }
            }
            Area::Squares(_) => {
                let ys: &[Pt] = if row == 0 { &[0.0, GRID] } else { &[GRID] };
                for &y in ys {
                    drawn.push(Item::Rule {
                        x1: gx,
                        x2: gx2,
                        y,
                        thickness: 0.35,
                        color: GRID_COLOR,
                    });
                }
                for c in 0..=cols as u32 {
                    drawn.push(Item::Rect {
                        x: gx + c as Pt * GRID - 0.175,
                        y: 0.0,
                        w: 0.35,
                        h: GRID,
                        color: GRID_COLOR,
                    });
                }
            }
        }
        drawn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Bank;
    use crate::document::{self, Answers};
    use crate::layout::{layout, Paper};

    #[test]
    fn a_frame_label_always_has_two_rows_under_it_on_its_page() {
        let bank = Bank::bundled();
        let mut labels = 0;
        for id in bank.role_ids().unwrap() {
            let role = bank.load(&id).unwrap();
            let opts = document::Options {
                answers: Answers::None,
                practice: true,
                ..Default::default()
            };
            let doc = document::build(&role, &opts);
            for paper in [Paper::A4, Paper::Letter] {
                for (p, page) in layout(&doc, paper, &crate::fonts::FontSet::bundled())
                    .pages
                    .iter()
                    .enumerate()
                {
                    for item in &page.items {
                        let Item::Text(t) = item else { continue };
                        if t.face != LABEL.face || t.size != LABEL.size || t.color != LABEL.color {
                            continue;
                        }
                        labels += 1;
                        let below = page
                            .items
                            .iter()
                            .filter(|i| match i {
                                Item::Group {
                                    kind: GroupKind::Artifact,
                                    items,
                                } => items.iter().any(|d| match d {
                                    Item::Rule { y, .. } | Item::Rect { y, .. } => *y > t.baseline,
                                    _ => false,
                                }),
                                _ => false,
                            })
                            .count();
                        assert!(
                            below >= 2,
                            "{id} {paper:?} page {}: `{}` has {below} rows under it",
                            p + 1,
                            t.text()
                        );
                    }
                }
            }
        }
        assert!(labels > 100, "{labels} labels checked");
    }
}
