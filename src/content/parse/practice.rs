//! The `practice` key of a question: `{space: lines|grid|star|plan, lines: N}`.

use super::{Cx, PRACTICE_KEYS};
use crate::content::practice::{Practice, Space, MAX_LINES};
use crate::content::yaml::Node;

impl Cx {
    pub(super) fn practice(&mut self, label: &str, node: &Node) -> Option<Practice> {
        let what = format!("{label} practice");
        let f = self.fields(node, &what, PRACTICE_KEYS)?;
        let mut ok = true;
        let space = match f.get("space") {
            None => None,
            Some(n) => {
                let text = self.text(n, &format!("{what} space"))?;
                let found = self.one_of(n.pos, &what, "space", &text, &Space::ALL, |s| s.key());
                ok &= found.is_some();
                found
            }
        };
        let lines = match f.get("lines") {
            None => None,
            Some(n) => {
                let text = self.text(n, &format!("{what} lines"))?;
                match text.trim().parse::<u32>() {
                    Ok(v) if (1..=MAX_LINES).contains(&v) => Some(v),
                    _ => {
                        self.error(
                            n.pos,
                            format!(
                                "{what}: lines is `{text}`: it must be a whole number from 1 to {MAX_LINES}"
                            ),
                        );
                        ok = false;
                        None
                    }
                }
            }
        };
        ok.then_some(Practice { space, lines })
    }
}
