//! Answer space for practice packs (`--practice`): after each question, room to write,
//! shaped for its kind.
//!
//! - behavioral: a STAR frame (Situation, Task, Action, Result), Action the largest;
//! - situational: a plan frame (First hour, First week, Trade-offs);
//! - system design: a dotted grid for a diagram, then ruled lines;
//! - coding: a squared grid to write code on;
//! - technical: ruled lines.
//!
//! A question's `practice` key overrides the shape and the amount. The defaults give
//! about a page each with the question above: they fit under a four-line prompt on
//! Letter, the shorter paper (26 ruled lines fill an empty Letter page's body); a
//! longer question's space breaks onto the next page between rows.

use super::{Area, Block};
use crate::content::practice::Space;
use crate::content::{Category, Question};
use crate::labels::Labels;

/// STAR frames (their label keys) and their shares of the lines; Action gets the most.
const STAR: [(&str, u32); 4] = [
    ("star_situation", 3),
    ("star_task", 3),
    ("star_action", 7),
    ("star_result", 3),
];

const PLAN: [(&str, u32); 3] = [
    ("plan_first_hour", 5),
    ("plan_first_week", 5),
    ("plan_tradeoffs", 4),
];

/// Lines shared out among frames in proportion to their default shares, each at
/// least two (a label with one line is no room to write).
fn share(l: &Labels, frames: &[(&'static str, u32)], total: Option<u32>, out: &mut Vec<Block>) {
    let sum: u32 = frames.iter().map(|(_, n)| n).sum();
    for &(label, n) in frames {
        let lines = total.map_or(n, |t| (t * n + sum / 2) / sum).max(2);
        out.push(Block::Answer {
            label: Some(l.text(label).into()),
            area: Area::Lines(lines),
        });
    }
}

/// The answer space for `q`.
pub(super) fn answer_space(out: &mut Vec<Block>, l: &Labels, q: &Question) {
    let over = q.practice.unwrap_or_default();
    let space = over.space.unwrap_or(match q.category {
        Category::Behavioral => Space::Star,
        Category::Situational => Space::Plan,
        Category::Coding | Category::SystemDesign => Space::Grid,
        Category::Technical => Space::Lines,
    });
    out.push(Block::Space(6.0));
    match space {
        Space::Star => share(l, &STAR, over.lines, out),
        Space::Plan => share(l, &PLAN, over.lines, out),
        Space::Lines => out.push(Block::Answer {
            label: None,
            area: Area::Lines(over.lines.unwrap_or(20)),
        }),
        Space::Grid if q.category == Category::SystemDesign && over.space.is_none() => {
            // A diagram first, then room to explain it.
            out.push(Block::Answer {
                label: Some(l.text("practice_diagram").into()),
                area: Area::Dots(over.lines.unwrap_or(14)),
            });
            out.push(Block::Answer {
                label: Some(l.text("practice_notes").into()),
                area: Area::Lines(8),
            });
        }
        Space::Grid => out.push(Block::Answer {
            label: None,
            area: Area::Squares(over.lines.unwrap_or(32)),
        }),
    }
}
