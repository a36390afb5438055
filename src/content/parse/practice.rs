//! The `practice` key of a question: `{space: lines|grid|star|plan, lines: N}`.

use super::{Cx, PRACTICE_KEYS};
use crate::content::practice::{Practice, Space, MAX_LINES};
use crate::content::suggest::did_you_mean;
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
                let found = Space::ALL.iter().copied().find(|s| s.key() == text);
                if found.is_none() {
                    let keys: Vec<&str> = Space::ALL.iter().map(|s| s.key()).collect();
                    let hint = did_you_mean(&text, &keys)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.error(
                        n.pos,
                        format!(
                            "{what}: unknown space `{text}` (one of: {}){hint}",
                            keys.join(", ")
                        ),
                    );
                    ok = false;
                }
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
