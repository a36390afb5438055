//! Fenced code blocks' text: tabs expanded for code, and a `diagram` block's text
//! parsed, with its faults mapped back to their places in the Markdown source.

use super::{Block, BlockBuilder};
use crate::content::diagram;

/// Columns between tab stops when a code block's tabs are expanded.
const TAB_STOP: usize = 4;

/// Code with its tabs expanded to spaces at every fourth column, as editors show it;
/// fonts have no glyph for a tab.
pub(super) fn expand_tabs(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut col = 0;
    for c in code.chars() {
        match c {
            '\t' => {
                let n = TAB_STOP - col % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

impl BlockBuilder {
    /// A diagram block whose text is `text`: the diagram, or its faults at their
    /// places in the source.
    pub(super) fn diagram(&mut self, text: &str) {
        match diagram::parse(text) {
            Ok(d) => self.push_block(Block::Diagram(Box::new(d))),
            Err(faults) => {
                for f in faults {
                    // The piece of text the fault is in, and where that piece starts.
                    let piece = |o: usize| self.code_from.iter().rev().find(|(t, _)| *t <= o);
                    let at = match f.offset.map(|o| (o, piece(o))) {
                        Some((o, Some((t, src)))) => src + (o - t),
                        _ => self.code_at,
                    };
                    self.problem(at, format!("diagram: {}", f.message));
                }
            }
        }
    }
}
