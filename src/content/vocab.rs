//! The bank's vocabulary of tags: `skills.yaml` beside the role files.
//!
//! ```
//! use prep_pdf::content::vocab::Vocabulary;
//! let v = Vocabulary::parse("skills.yaml", "skills:\n  - {id: postgresql, label: PostgreSQL, kind: technology, synonyms: [postgres]}\n").unwrap();
//! assert_eq!(v.resolve("Postgres").map(|s| s.id.as_str()), Some("postgresql"));
//! ```
//!
//! Each entry has an id (what questions write), a label (what a reader sees), a kind
//! and synonyms (what a job ad or a company profile may say instead). Questions are
//! held to it by [`Vocabulary::check_role`]: an unknown id is an error with a "did you
//! mean", a theme under `skills:` or a skill under `themes:` too.

use super::suggest::did_you_mean;
use super::tags::valid_id;
use super::yaml::{self, Kind, Node};
use super::{Category, Diagnostic, Pos, Role, Severity};

/// What a vocabulary entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkillKind {
    /// A product or tool: PostgreSQL, Kafka, React.
    Technology,
    /// A body of knowledge: caching, statistics, OAuth.
    Topic,
    /// A way of working: code review, incident response.
    Practice,
    /// A value a behavioural answer shows: ownership, conflict.
    Theme,
}

impl SkillKind {
    const ALL: [(&'static str, SkillKind); 4] = [
        ("technology", SkillKind::Technology),
        ("topic", SkillKind::Topic),
        ("practice", SkillKind::Practice),
        ("theme", SkillKind::Theme),
    ];
}

/// One entry of the vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skill {
    pub id: String,
    pub label: String,
    pub kind: SkillKind,
    pub synonyms: Vec<String>,
    /// Where the entry starts in `skills.yaml`.
    pub pos: Pos,
}

/// The tags questions may use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// The file it came from, as shown in messages.
    pub file: String,
    pub skills: Vec<Skill>,
}

impl Vocabulary {
    /// Reads `skills.yaml`; fails with every problem found.
    pub fn parse(file: &str, text: &str) -> Result<Vocabulary, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut err = |pos: Pos, message: String| {
            diags.push(Diagnostic::new(file, pos, Severity::Error, message))
        };
        let root = match yaml::parse(text) {
            Ok(root) => root,
            Err(e) => {
                err(e.pos, format!("YAML syntax: {}", e.message));
                return Err(diags);
            }
        };
        let mut skills: Vec<Skill> = Vec::new();
        match map_get(&root, "skills").map(|n| &n.kind) {
            Some(Kind::Seq(items)) => {
                for item in items {
                    match entry(item) {
                        Ok(s) => {
                            if let Some(first) = skills.iter().find(|o| o.id == s.id) {
                                let line = first.pos.line;
                                err(
                                    s.pos,
                                    format!(
                                        "skill `{}` is listed twice (first at line {line})",
                                        s.id
                                    ),
                                );
                            } else {
                                skills.push(s);
                            }
                        }
                        Err((pos, message)) => err(pos, message),
                    }
                }
            }
            _ => err(
                root.pos,
                "the vocabulary needs a list `skills:` of {id, label, kind, synonyms}".into(),
            ),
        }
        if diags.is_empty() {
            Ok(Vocabulary {
                file: file.to_string(),
                skills,
            })
        } else {
            Err(diags)
        }
    }

    pub fn get(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }

    /// The entry a word names: its id, label or a synonym, in any case.
    pub fn resolve(&self, word: &str) -> Option<&Skill> {
        let w = word.trim().to_lowercase();
        self.skills.iter().find(|s| {
            s.id == w
                || s.label.to_lowercase() == w
                || s.synonyms.iter().any(|x| x.to_lowercase() == w)
        })
    }

    /// Every tag of `role` that the vocabulary does not have, or has as the other kind.
    pub fn check_role(&self, role: &Role) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let ids: Vec<&str> = self.skills.iter().map(|s| s.id.as_str()).collect();
        for q in &role.questions {
            for (tags, want_theme) in [(&q.tags.skills, false), (&q.tags.themes, true)] {
                for tag in tags {
                    let message = match self.get(&tag.id) {
                        Some(s) if (s.kind == SkillKind::Theme) == want_theme => continue,
                        Some(_) if want_theme => format!(
                            "`{}` is a skill, not a theme: list it under `skills`",
                            tag.id
                        ),
                        Some(_) => format!("`{}` is a theme: list it under `themes`", tag.id),
                        None => {
                            let hint = did_you_mean(&tag.id, &ids)
                                .map(|s| format!("; did you mean `{s}`?"))
                                .unwrap_or_default();
                            format!("unknown tag `{}` (not in {}){hint}", tag.id, self.file)
                        }
                    };
                    out.push(diag(
                        role,
                        tag.pos,
                        Severity::Error,
                        format!("question `{}`: {message}", q.id),
                    ));
                }
            }
        }
        out
    }

    /// The bank's standard for tags: at least two skills a question, and a theme on
    /// every behavioural and situational one.
    pub fn standard(role: &Role) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for q in &role.questions {
            if q.tags.skills.len() < 2 {
                out.push(diag(
                    role,
                    q.pos,
                    Severity::Warning,
                    format!(
                        "question `{}`: tag it with at least two `skills` from the vocabulary",
                        q.id
                    ),
                ));
            }
            let behavioural = matches!(q.category, Category::Behavioral | Category::Situational);
            if behavioural && q.tags.themes.is_empty() {
                out.push(diag(
                    role,
                    q.pos,
                    Severity::Warning,
                    format!(
                        "question `{}`: a {} question names the values it shows under `themes`",
                        q.id,
                        q.category.key()
                    ),
                ));
            }
        }
        out
    }

    /// The entries no question of `roles` uses, in file order.
    pub fn unused<'a>(&self, roles: impl IntoIterator<Item = &'a Role>) -> Vec<&Skill> {
        let mut used = std::collections::HashSet::new();
        for role in roles {
            for q in &role.questions {
                used.extend(q.tags.all_ids().map(str::to_string));
            }
        }
        self.skills
            .iter()
            .filter(|s| !used.contains(&s.id))
            .collect()
    }
}

fn diag(role: &Role, pos: Pos, severity: Severity, message: String) -> Diagnostic {
    Diagnostic::new(&role.file, pos, severity, message)
}

fn map_get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    let Kind::Map(entries) = &node.kind else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| matches!(&k.kind, Kind::Scalar(s, _) if s == key))
        .map(|(_, v)| v)
}

fn scalar(node: Option<&Node>) -> Option<&str> {
    match node.map(|n| &n.kind) {
        Some(Kind::Scalar(s, _)) => Some(s.as_str()),
        _ => None,
    }
}

/// One `{id, label, kind, synonyms}` entry.
fn entry(node: &Node) -> Result<Skill, (Pos, String)> {
    let Kind::Map(entries) = &node.kind else {
        return Err((
            node.pos,
            format!(
                "a vocabulary entry should be a mapping, found {}",
                node.describe()
            ),
        ));
    };
    for (k, _) in entries {
        let known = matches!(&k.kind, Kind::Scalar(s, _) if ["id", "label", "kind", "synonyms"].contains(&s.as_str()));
        if !known {
            return Err((
                k.pos,
                "unknown key in a vocabulary entry (known keys: id, label, kind, synonyms)".into(),
            ));
        }
    }
    let id = scalar(map_get(node, "id"))
        .ok_or((node.pos, "a vocabulary entry needs an `id`".to_string()))?;
    if !valid_id(id) {
        return Err((
            node.pos,
            format!("skill id `{id}` may contain only a-z, 0-9 and -"),
        ));
    }
    let label = scalar(map_get(node, "label"))
        .ok_or((node.pos, format!("skill `{id}` needs a `label`")))?;
    let kind_word = scalar(map_get(node, "kind")).unwrap_or("topic");
    let kind = SkillKind::ALL
        .iter()
        .find(|(k, _)| *k == kind_word)
        .map(|(_, k)| *k)
        .ok_or((node.pos, format!("skill `{id}`: unknown kind `{kind_word}` (one of: technology, topic, practice, theme)")))?;
    let synonyms = match map_get(node, "synonyms").map(|n| &n.kind) {
        None | Some(Kind::Null) => Vec::new(),
        Some(Kind::Seq(items)) => items
            .iter()
            .map(|n| {
                scalar(Some(n))
                    .map(str::to_string)
                    .ok_or((n.pos, format!("skill `{id}`: synonyms are words")))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err((
                node.pos,
                format!("skill `{id}`: `synonyms` should be a list"),
            ))
        }
    };
    Ok(Skill {
        id: id.to_string(),
        label: label.to_string(),
        kind,
        synonyms,
        pos: node.pos,
    })
}
