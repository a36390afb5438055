//! The walk from a YAML [`Node`] tree to a [`Role`], collecting every problem.
//!
//! Each field is checked where it is read, so a problem is reported at the node that
//! has it. Parsing goes on after a problem (a bad question does not hide the next
//! one); the role is returned only when its required parts could be read.

use super::image::Loader;
use super::markdown::{self, Block, Inlines, Problem, Span};
use super::suggest::did_you_mean;
use super::unprintable;
use super::yaml::{self, Kind, Node};
use super::{Diagnostic, Pos, Role, Severity};
use crate::error::setting::Setting;
use crate::fonts::{Face, FontSet};

const ROLE_KEYS: &[&str] = &[
    "title",
    "level",
    "track",
    "summary",
    "reviewed",
    "lang",
    "draft",
    "questions",
];
const QUESTION_KEYS: &[&str] = &[
    "id",
    "title",
    "category",
    "difficulty",
    "prompt",
    "why_they_ask",
    "answer_guide",
    "practice",
    "published",
    "skills",
    "themes",
    "concept",
    "levels",
];
const PRACTICE_KEYS: &[&str] = &["space", "lines"];
const GUIDE_KEYS: &[&str] = &[
    "overview",
    "key_points",
    "sample_answer",
    "follow_ups",
    "pitfalls",
    "resources",
    "rubric",
];
const RESOURCE_KEYS: &[&str] = &["title", "url", "kind"];
const RUBRIC_KEYS: &[&str] = &["weak", "good", "strong"];

/// How a YAML syntax error's message starts, so `check` can tell that nothing after
/// it was read.
pub(super) const SYNTAX: &str = "YAML syntax: ";

/// Parses a role file that uses no images (or has no folder for them). Returns the
/// role when its required parts could be read, and every problem found either way.
#[cfg(test)]
pub(super) fn parse_role(id: &str, file: &str, text: &str) -> (Option<Role>, Vec<Diagnostic>) {
    parse_role_in(id, file, text, None, &FontSet::bundled())
}

/// Parses a role file in the folder `dir` (`None` for a bundled role), where its
/// images are, checking that `fonts` can draw its text. Returns the role when its
/// required parts could be read, and every problem found either way.
pub(super) fn parse_role_in(
    id: &str,
    file: &str,
    text: &str,
    dir: Option<&std::path::Path>,
    fonts: &FontSet,
) -> (Option<Role>, Vec<Diagnostic>) {
    let mut cx = Cx {
        file: file.to_string(),
        diags: Vec::new(),
        images: Loader::new(dir),
        fonts: fonts.clone(),
    };
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            cx.error(e.pos, format!("{SYNTAX}{}", e.message));
            return (None, cx.diags);
        }
    };
    let role = cx.role(id, &root);
    (role, cx.diags)
}

struct Cx {
    file: String,
    diags: Vec<Diagnostic>,
    /// Reads and decodes the role's images, each file once.
    images: Loader,
    /// What the role's text must be drawable with.
    fonts: FontSet,
}

/// A mapping's fields by key, after unknown and duplicate keys were reported.
struct Fields<'a> {
    at: Pos,
    entries: Vec<(&'a str, &'a Node)>,
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| !matches!(v.kind, Kind::Null))
    }
}

impl Cx {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.error_for(pos, None, message);
    }

    /// An error that `setting` would fix, so the caller can say how to change it.
    fn error_for(&mut self, pos: Pos, setting: Option<Setting>, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            pos,
            severity: Severity::Error,
            setting,
            message: message.into(),
        });
    }

    fn fields<'a>(&mut self, node: &'a Node, what: &str, allowed: &[&str]) -> Option<Fields<'a>> {
        let Kind::Map(entries) = &node.kind else {
            self.error(
                node.pos,
                format!(
                    "{what} should be a mapping of keys, found {}",
                    node.describe()
                ),
            );
            return None;
        };
        let mut out: Vec<(&str, &Node)> = Vec::new();
        for (k, v) in entries {
            let Kind::Scalar(key, _) = &k.kind else {
                self.error(k.pos, format!("keys in {what} must be plain words"));
                continue;
            };
            if !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(key, allowed)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| format!(" (known keys: {})", allowed.join(", ")));
                self.error(k.pos, format!("unknown key `{key}` in {what}{hint}"));
                continue;
            }
            if out.iter().any(|(seen, _)| seen == key) {
                self.error(k.pos, format!("duplicate key `{key}` in {what}"));
                continue;
            }
            out.push((key.as_str(), v));
        }
        Some(Fields {
            at: node.pos,
            entries: out,
        })
    }

    /// The one of `all` whose key is `text`; else reports "`what`: unknown `noun`
    /// `text` (one of: …)", with the nearest key as a suggestion, and gives `None`.
    fn one_of<T: Copy>(
        &mut self,
        pos: Pos,
        what: &str,
        noun: &str,
        text: &str,
        all: &[T],
        key: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let found = all.iter().copied().find(|k| key(*k) == text);
        if found.is_none() {
            let keys: Vec<&str> = all.iter().map(|k| key(*k)).collect();
            let hint = did_you_mean(text, &keys)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            self.error(
                pos,
                format!(
                    "{what}: unknown {noun} `{text}` (one of: {}){hint}",
                    keys.join(", ")
                ),
            );
        }
        found
    }

    /// A plain text value (no Markdown), checked for characters it cannot print.
    /// Tabs are spaces, as in running text.
    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        let s = self.raw_text(node, what)?;
        self.check_chars(node, &s, 0, Face::Regular, what);
        Some(s.replace('\t', " "))
    }

    /// A text value as written, for Markdown fields whose characters are checked per
    /// span once the Markdown is parsed.
    fn raw_text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar(s, _) => Some(s.clone()),
            _ => {
                self.error(
                    node.pos,
                    format!("{what} should be text, found {}", node.describe()),
                );
                None
            }
        }
    }

    fn required_text(&mut self, f: &Fields<'_>, key: &str, what: &str) -> Option<String> {
        match f.get(key) {
            Some(node) => {
                let t = self.text(node, what)?;
                if t.trim().is_empty() {
                    self.error(node.pos, format!("{what} is empty"));
                    return None;
                }
                Some(t)
            }
            None => {
                self.error(f.at, format!("{what} is missing (key `{key}`)"));
                None
            }
        }
    }

    /// Reports each character of `s` that would not print when set in `face`: control
    /// and invisible formatting characters (YAML escapes can write them), and characters
    /// the face and its fallback lack. `s` is the scalar's text or a piece of it whose
    /// source starts at byte `at` of the scalar: each character is reported where it
    /// first stands in the scalar from there.
    fn check_chars(&mut self, node: &Node, s: &str, at: usize, face: Face, what: &str) {
        let raw = match &node.kind {
            Kind::Scalar(raw, _) => raw.as_str(),
            _ => "",
        };
        let locate = |c: char| -> usize {
            let from = if raw.is_char_boundary(at) { at } else { 0 };
            raw[from..]
                .find(c)
                .map(|i| from + i)
                .or_else(|| raw.find(c))
                .unwrap_or(from)
        };
        let mut seen: Vec<char> = Vec::new();
        for c in s.chars() {
            if seen.contains(&c) {
                continue;
            }
            let Some(why) = unprintable(c) else { continue };
            seen.push(c);
            self.error(
                node.pos_at(locate(c)),
                format!("{what}: {why} U+{:04X} cannot be printed", c as u32),
            );
        }
        for c in self.fonts.missing_in(face, s) {
            if seen.contains(&c) || c == '\t' {
                continue;
            }
            self.error_for(
                node.pos_at(locate(c)),
                Some(Setting::Fonts),
                format!(
                    "{what}: character `{c}` (U+{:04X}) is in no font (bundled, given, \
                     or installed)",
                    c as u32
                ),
            );
        }
    }

    /// Checks what Markdown will print, each span in the face that will draw it.
    fn check_spans(&mut self, node: &Node, spans: &[Span], what: &str) {
        for span in spans {
            let face = if span.code {
                Face::Mono
            } else {
                Face::Regular.with(span.bold, span.italic)
            };
            self.check_chars(node, &span.text, span.at, face, what);
        }
    }

    fn check_blocks(&mut self, node: &Node, blocks: &[Block], what: &str) {
        for b in blocks {
            match b {
                Block::Paragraph(spans) => self.check_spans(node, spans, what),
                Block::List { items, .. } => {
                    for item in items {
                        self.check_blocks(node, item, what);
                    }
                }
                Block::Code { text, .. } => self.check_chars(node, text, 0, Face::Mono, what),
                Block::Table(t) => {
                    for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                        self.check_spans(node, cell, what);
                    }
                }
                Block::Diagram(d) => {
                    let g = &d.graph;
                    let labels = g.nodes.iter().map(|n| &n.label);
                    let labels = labels.chain(g.edges.iter().filter_map(|e| e.label.as_ref()));
                    let labels = labels.chain(g.clusters.iter().filter_map(|c| c.label.as_ref()));
                    for text in labels.chain(d.caption.as_ref()).chain([&d.alt]) {
                        self.check_chars(node, text, 0, Face::Regular, what);
                    }
                }
                Block::Image(p) => {
                    for text in p.caption.iter().chain([&p.alt]) {
                        self.check_chars(node, text, p.at, Face::Italic, what);
                    }
                }
            }
        }
    }

    fn md_problems(&mut self, node: &Node, what: &str, problems: Vec<Problem>) {
        for p in problems {
            self.error(node.pos_at(p.offset), format!("{what}: {}", p.message));
        }
    }

    fn inline(&mut self, node: &Node, what: &str) -> Option<Inlines> {
        let text = self.raw_text(node, what)?;
        let (spans, problems) = markdown::parse_inline(&text);
        self.md_problems(node, what, problems);
        self.check_spans(node, &spans, what);
        Some(spans)
    }

    fn blocks(&mut self, node: &Node, what: &str) -> Option<Vec<Block>> {
        let text = self.raw_text(node, what)?;
        let (mut blocks, problems) = markdown::parse_blocks(&text);
        self.md_problems(node, what, problems);
        self.check_blocks(node, &blocks, what);
        self.load_images(node, &mut blocks, what);
        Some(blocks)
    }

    fn inline_list(&mut self, node: Option<&Node>, what: &str) -> Vec<Inlines> {
        let Some(node) = node else { return Vec::new() };
        let Kind::Seq(items) = &node.kind else {
            self.error(
                node.pos,
                format!("{what} should be a list, found {}", node.describe()),
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.inline(item, &format!("{what} item {}", i + 1)))
            .collect()
    }
}

mod images;
mod practice;
mod question;
mod role;
mod tags;
#[cfg(test)]
mod tests;
