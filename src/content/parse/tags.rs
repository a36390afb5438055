//! A question's tag keys: `published`, `skills`, `themes`, `concept` and `levels`.
//!
//! Only their form is checked here (ids made of `a-z0-9-`, known levels, no repeats);
//! whether an id is in the bank's vocabulary is [`Vocabulary::check_role`]'s question,
//! since a role file can be read without one.
//!
//! [`Vocabulary::check_role`]: crate::content::vocab::Vocabulary::check_role

use super::{Cx, Fields};
use crate::content::tags::{valid_id, Level, Tag, Tags};
use crate::content::yaml::{Kind, Node};

impl Cx {
    /// `published` and the tags of question `label`; `None` when one is malformed.
    pub(super) fn tags(&mut self, label: &str, f: &Fields<'_>) -> Option<(bool, Tags)> {
        let published = match f.get("published") {
            None => Some(false),
            Some(n) => match self.text(n, "published")?.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                other => {
                    self.error(
                        n.pos,
                        format!("{label}: published is `{other}`: write true or false"),
                    );
                    None
                }
            },
        };
        let skills = self.tag_list(label, "skills", f.get("skills"));
        let themes = self.tag_list(label, "themes", f.get("themes"));
        let concept = match f.get("concept") {
            None => Some(None),
            Some(n) => self.tag(label, "concept", n).map(Some),
        };
        let levels = self.levels(label, f.get("levels"));
        Some((
            published?,
            Tags {
                skills: skills?,
                themes: themes?,
                concept: concept?,
                levels: levels?,
            },
        ))
    }

    fn tag(&mut self, label: &str, key: &str, node: &Node) -> Option<Tag> {
        let id = self.text(node, &format!("{label} {key}"))?;
        if !valid_id(&id) {
            self.error(
                node.pos,
                format!("{label} {key}: `{id}` is not a tag id (a-z, 0-9 and -)"),
            );
            return None;
        }
        Some(Tag { id, pos: node.pos })
    }

    fn items<'n>(&mut self, label: &str, key: &str, node: &'n Node) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ => {
                self.error(
                    node.pos,
                    format!("{label} {key} should be a list, found {}", node.describe()),
                );
                None
            }
        }
    }

    fn tag_list(&mut self, label: &str, key: &str, node: Option<&Node>) -> Option<Vec<Tag>> {
        let Some(node) = node else {
            return Some(Vec::new());
        };
        let mut out: Vec<Tag> = Vec::new();
        let mut ok = true;
        for item in self.items(label, key, node)? {
            match self.tag(label, key, item) {
                Some(t) if out.iter().any(|o| o.id == t.id) => {
                    self.error(t.pos, format!("{label} {key}: `{}` is listed twice", t.id));
                    ok = false;
                }
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn levels(&mut self, label: &str, node: Option<&Node>) -> Option<Vec<Level>> {
        let Some(node) = node else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in self.items(label, "levels", node)? {
            let word = self.text(item, &format!("{label} levels"))?;
            match Level::from_key(&word) {
                Some(l) if !out.contains(&l) => out.push(l),
                Some(_) => {
                    self.error(
                        item.pos,
                        format!("{label} levels: `{word}` is listed twice"),
                    );
                    ok = false;
                }
                None => {
                    let keys: Vec<&str> = Level::ALL.iter().map(|l| l.key()).collect();
                    self.error(
                        item.pos,
                        format!(
                            "{label} levels: unknown level `{word}` (one of: {})",
                            keys.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
        }
        out.sort();
        ok.then_some(out)
    }
}
