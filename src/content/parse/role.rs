//! The role file's own keys: title, level, track, summary, `reviewed`, `lang`,
//! `draft`, and the list of questions, whose ids must differ.

use super::{Cx, Fields, ROLE_KEYS};
use crate::content::yaml::{Kind, Node};
use crate::content::{Pos, Question, Reviewed, Role};

impl Cx {
    pub(super) fn role(&mut self, id: &str, root: &Node) -> Option<Role> {
        let f = self.fields(root, "the role file", ROLE_KEYS)?;
        let title = self.required_text(&f, "title", "the role's title");
        let level = self.required_text(&f, "level", "the role's level");
        let track = f.get("track").and_then(|n| self.text(n, "track"));
        let summary = self.required_text(&f, "summary", "the role's summary");
        let reviewed = f.get("reviewed").and_then(|n| self.reviewed(n));
        let lang = match f.get("lang") {
            None => Some(crate::labels::DEFAULT_LANG.to_string()),
            Some(n) => self.lang(n),
        };
        let draft = f.get("draft").and_then(|n| self.draft(n));
        let questions = self.questions(&f);
        Some(Role {
            id: id.to_string(),
            file: self.file.clone(),
            title: title?,
            level: level?,
            track,
            summary: summary?,
            reviewed,
            lang: lang?,
            draft: draft.unwrap_or(false),
            questions: questions?,
        })
    }

    /// `questions:`, a list of at least one; `None` if it is missing or empty, or if
    /// any question could not be read or repeats an id.
    fn questions(&mut self, f: &Fields<'_>) -> Option<Vec<Question>> {
        match f.get("questions") {
            None => {
                self.error(
                    f.at,
                    "`questions` is missing: a role needs at least one question",
                );
                None
            }
            Some(node) => match &node.kind {
                Kind::Seq(items) if items.is_empty() => {
                    self.error(
                        node.pos,
                        "`questions` is empty: a role needs at least one question",
                    );
                    None
                }
                Kind::Seq(items) => self.question_list(items),
                _ => {
                    self.error(
                        node.pos,
                        format!("`questions` should be a list, found {}", node.describe()),
                    );
                    None
                }
            },
        }
    }

    /// Every question of the list, each id compared with the ones before it; `None`
    /// if any could not be read or repeats an id.
    fn question_list(&mut self, items: &[Node]) -> Option<Vec<Question>> {
        let mut qs = Vec::new();
        let mut ok = true;
        // Ids are compared as written, so a duplicate is reported even when
        // either copy has other problems.
        let mut seen: Vec<(&str, Pos)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some((id, at)) = raw_id(item) {
                if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
                    self.error(
                        at,
                        format!(
                            "question id `{id}` is used twice (first at line {})",
                            first.line
                        ),
                    );
                    ok = false;
                } else {
                    seen.push((id, at));
                }
            }
            match self.question(i + 1, item) {
                Some(q) => qs.push(q),
                None => ok = false,
            }
        }
        ok.then_some(qs)
    }

    /// `draft: true|false`; a malformed value is an error and counts as not a draft,
    /// so the standard still applies.
    fn draft(&mut self, node: &Node) -> Option<bool> {
        match self.text(node, "draft")?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                self.error(node.pos, format!("draft is `{other}`: write true or false"));
                None
            }
        }
    }

    /// The role's `lang:`, a BCP 47 tag the label table has.
    fn lang(&mut self, node: &Node) -> Option<String> {
        let tag = self.text(node, "lang")?;
        match crate::labels::check_tag(tag.trim()) {
            Ok(()) => Some(tag.trim().to_string()),
            Err(why) => {
                self.error(node.pos, format!("lang: {why}"));
                None
            }
        }
    }

    /// `reviewed: YYYY-MM`. YAML reads `2026-11` as text, so it is parsed here.
    fn reviewed(&mut self, node: &Node) -> Option<Reviewed> {
        let text = self.text(node, "reviewed")?;
        let parsed = text.split_once('-').and_then(|(y, m)| {
            let ok = y.len() == 4 && m.len() == 2;
            let year: u16 = y.parse().ok()?;
            let month: u8 = m.parse().ok()?;
            (ok && (1..=12).contains(&month) && year >= 2000).then_some((year, month))
        });
        match parsed {
            Some((year, month)) => Some(Reviewed {
                year,
                month,
                pos: node.pos,
            }),
            None => {
                self.error(
                    node.pos,
                    format!(
                        "reviewed: `{text}` is not a month written YYYY-MM (for example 2026-11)"
                    ),
                );
                None
            }
        }
    }
}

/// A question's `id` as written, if it has one, and where it stands.
fn raw_id(question: &Node) -> Option<(&str, Pos)> {
    let Kind::Map(entries) = &question.kind else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match (&k.kind, &v.kind) {
        (Kind::Scalar(key, _), Kind::Scalar(id, _)) if key == "id" => Some((id.as_str(), v.pos)),
        _ => None,
    })
}
