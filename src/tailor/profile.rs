//! A company profile (`--company acme.yaml`): who the pack is for, the stack it asks
//! about, the values its behavioural questions should show, and its interview rounds.
//!
//! Read like a role file, through [`yaml::parse`], so every problem names file, line
//! and column; stack and theme words go through the bank's vocabulary, and a word it
//! does not know gets a "did you mean". The format is in `docs/company-profile.md`.

use crate::content::suggest::did_you_mean;
use crate::content::vocab::{SkillKind, Vocabulary};
use crate::content::yaml::{self, Kind, Node};
use crate::content::{Category, Diagnostic, Diagnostics, Pos, Resource, ResourceKind, Severity};
use crate::Error;

/// A company's value and the behavioural themes (vocabulary ids) that show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub name: String,
    pub description: String,
    pub themes: Vec<String>,
}

/// One interview round: how many questions of a category, and what to expect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub category: Category,
    pub count: usize,
    pub note: Option<String>,
    /// Where the round stands in the profile, for "the bank has only 3".
    pub pos: Pos,
}

/// A parsed, resolved company profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The file it came from, as shown in messages.
    pub file: String,
    pub name: String,
    pub domain: Option<String>,
    /// Skill ids, in the order written, without repeats.
    pub stack: Vec<String>,
    pub values: Vec<Value>,
    pub rounds: Vec<Round>,
    pub resources: Vec<Resource>,
}

const KEYS: [&str; 6] = ["name", "domain", "stack", "values", "rounds", "resources"];

impl Profile {
    /// Parses a profile's text; fails with every problem found.
    pub fn parse(file: &str, text: &str, vocab: &Vocabulary) -> Result<Profile, Error> {
        let mut p = Parser {
            file,
            vocab,
            diags: Vec::new(),
        };
        let root = match yaml::parse(text) {
            Ok(root) => root,
            Err(e) => {
                p.err(e.pos, format!("YAML syntax: {}", e.message));
                return Err(Error::Tailoring(Diagnostics(p.diags)));
            }
        };
        let profile = p.profile(&root);
        if p.diags.is_empty() {
            Ok(profile)
        } else {
            Err(Error::Tailoring(Diagnostics(p.diags)))
        }
    }
}

struct Parser<'a> {
    file: &'a str,
    vocab: &'a Vocabulary,
    diags: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn err(&mut self, pos: Pos, message: String) {
        self.diags
            .push(Diagnostic::new(self.file, pos, Severity::Error, message));
    }

    fn profile(&mut self, root: &Node) -> Profile {
        let mut profile = Profile {
            file: self.file.to_string(),
            name: String::new(),
            domain: None,
            stack: Vec::new(),
            values: Vec::new(),
            rounds: Vec::new(),
            resources: Vec::new(),
        };
        let Kind::Map(entries) = &root.kind else {
            self.err(
                root.pos,
                "a company profile is a mapping: name, domain, stack, values, rounds, resources"
                    .into(),
            );
            return profile;
        };
        for (k, v) in entries {
            match scalar(k).unwrap_or_default() {
                "name" => profile.name = self.text(v, "name").unwrap_or_default(),
                "domain" => profile.domain = self.text(v, "domain"),
                "stack" => profile.stack = self.stack(v),
                "values" => profile.values = self.list(v, "values", Parser::value),
                "rounds" => profile.rounds = self.list(v, "rounds", Parser::round),
                "resources" => profile.resources = self.list(v, "resources", Parser::resource),
                other => {
                    let hint = did_you_mean(other, &KEYS)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.err(
                        k.pos,
                        format!(
                            "unknown key `{other}` (known keys: {}){hint}",
                            KEYS.join(", ")
                        ),
                    );
                }
            }
        }
        if profile.name.trim().is_empty() && !entries.is_empty() {
            self.err(root.pos, "a company profile needs a `name`".into());
        }
        profile
    }

    /// A one-line text value.
    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match scalar(node) {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                self.err(node.pos, format!("`{what}` should be text"));
                None
            }
        }
    }

    fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        item: fn(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        match &node.kind {
            Kind::Seq(items) => items.iter().filter_map(|n| item(self, n)).collect(),
            Kind::Null => Vec::new(),
            _ => {
                self.err(
                    node.pos,
                    format!("`{what}` should be a list, found {}", node.describe()),
                );
                Vec::new()
            }
        }
    }

    /// The stack: each word resolved to a skill id (not a theme).
    fn stack(&mut self, node: &Node) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for (word, pos) in self.words(node, "stack") {
            if let Some(id) = self.resolve(&word, pos, false) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// A list of words (or one word), each with where it stands.
    fn words(&mut self, node: &Node, what: &str) -> Vec<(String, Pos)> {
        match &node.kind {
            Kind::Scalar(s, _) => vec![(s.clone(), node.pos)],
            Kind::Seq(items) => items
                .iter()
                .filter_map(|n| match scalar(n) {
                    Some(s) => Some((s.to_string(), n.pos)),
                    None => {
                        self.err(n.pos, format!("`{what}` lists words"));
                        None
                    }
                })
                .collect(),
            _ => {
                self.err(node.pos, format!("`{what}` should be a list of words"));
                Vec::new()
            }
        }
    }

    /// A word → a vocabulary id of the wanted kind, or an error with a "did you mean"
    /// over every id, label and synonym of that kind.
    fn resolve(&mut self, word: &str, pos: Pos, theme: bool) -> Option<String> {
        let vocab = self.vocab;
        if let Some(skill) = vocab.resolve(word) {
            if (skill.kind == SkillKind::Theme) == theme {
                return Some(skill.id.clone());
            }
            let message = if theme {
                format!("`{word}` is a skill, not a theme: list it under `stack`")
            } else {
                format!("`{word}` is a theme: list it under a value's `themes`")
            };
            self.err(pos, message);
            return None;
        }
        let known: Vec<&str> = vocab
            .skills
            .iter()
            .filter(|s| (s.kind == SkillKind::Theme) == theme)
            .flat_map(|s| {
                [s.id.as_str(), s.label.as_str()]
                    .into_iter()
                    .chain(s.synonyms.iter().map(String::as_str))
            })
            .collect();
        let lower = word.trim().to_lowercase();
        let hint = did_you_mean(&lower, &known)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let what = if theme { "theme" } else { "skill" };
        self.err(
            pos,
            format!("unknown {what} `{word}` (not in {}){hint}", vocab.file),
        );
        None
    }

    fn value(&mut self, node: &Node) -> Option<Value> {
        let fields = self.fields(node, "value", &["name", "description", "themes"])?;
        let name = self.required(node, &fields, "name", "value")?;
        let description = get(&fields, "description")
            .and_then(|n| self.text(n, "description"))
            .unwrap_or_default();
        let mut themes = Vec::new();
        if let Some(n) = get(&fields, "themes") {
            for (word, pos) in self.words(n, "themes") {
                themes.extend(self.resolve(&word, pos, true));
            }
        }
        if themes.is_empty() && get(&fields, "themes").is_none() {
            self.err(
                node.pos,
                format!("value `{name}` needs `themes`: the behavioural themes that show it"),
            );
        }
        Some(Value {
            name,
            description,
            themes,
        })
    }

    fn round(&mut self, node: &Node) -> Option<Round> {
        let fields = self.fields(node, "round", &["category", "count", "note"])?;
        let word = self.required(node, &fields, "category", "round")?;
        let keys: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
        let Some(category) = Category::ALL.into_iter().find(|c| c.key() == word) else {
            let hint = did_you_mean(&word, &keys)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let at = get(&fields, "category").map_or(node.pos, |n| n.pos);
            self.err(
                at,
                format!(
                    "unknown category `{word}` (one of: {}){hint}",
                    keys.join(", ")
                ),
            );
            return None;
        };
        let count = match get(&fields, "count") {
            None => 1,
            Some(n) => match scalar(n).and_then(|s| s.parse::<usize>().ok()) {
                Some(c) if (1..=50).contains(&c) => c,
                _ => {
                    self.err(
                        n.pos,
                        "`count` should be a whole number from 1 to 50".into(),
                    );
                    return None;
                }
            },
        };
        let note = get(&fields, "note").and_then(|n| self.text(n, "note"));
        Some(Round {
            category,
            count,
            note,
            pos: node.pos,
        })
    }

    fn resource(&mut self, node: &Node) -> Option<Resource> {
        let fields = self.fields(node, "resource", &["title", "url"])?;
        let title = self.required(node, &fields, "title", "resource")?;
        let url = self.required(node, &fields, "url", "resource")?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let at = get(&fields, "url").map_or(node.pos, |n| n.pos);
            self.err(at, format!("`{url}` is not an http(s) address"));
            return None;
        }
        Some(Resource {
            title,
            url,
            kind: ResourceKind::Page,
        })
    }

    /// A mapping's entries, with every key checked against `known`.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
    ) -> Option<Vec<(&'n str, &'n Node)>> {
        let Kind::Map(entries) = &node.kind else {
            self.err(
                node.pos,
                format!("a {what} should be a mapping ({})", known.join(", ")),
            );
            return None;
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            match scalar(k) {
                Some(key) if known.contains(&key) => out.push((key, v)),
                _ => self.err(
                    k.pos,
                    format!("unknown key in a {what} (known keys: {})", known.join(", ")),
                ),
            }
        }
        Some(out)
    }

    fn required(
        &mut self,
        node: &Node,
        fields: &[(&str, &Node)],
        key: &str,
        what: &str,
    ) -> Option<String> {
        match get(fields, key) {
            Some(n) => self.text(n, key),
            None => {
                self.err(node.pos, format!("a {what} needs `{key}`"));
                None
            }
        }
    }
}

fn get<'n>(fields: &[(&str, &'n Node)], key: &str) -> Option<&'n Node> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn scalar(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Scalar(s, _) => Some(s.as_str()),
        _ => None,
    }
}
