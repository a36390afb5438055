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
use super::{
    AnswerGuide, Category, Diagnostic, Difficulty, Pos, Question, Resource, ResourceKind, Reviewed,
    Role, Rubric, Severity,
};
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
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            pos,
            severity: Severity::Error,
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
            self.error(
                node.pos_at(locate(c)),
                format!(
                    "{what}: character `{c}` (U+{:04X}) is in no font (bundled, given \
                     with --font, or installed)",
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

    fn role(&mut self, id: &str, root: &Node) -> Option<Role> {
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
        let questions = match f.get("questions") {
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
                Kind::Seq(items) => {
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
                _ => {
                    self.error(
                        node.pos,
                        format!("`questions` should be a list, found {}", node.describe()),
                    );
                    None
                }
            },
        };
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

    fn question(&mut self, n: usize, node: &Node) -> Option<Question> {
        let f = self.fields(node, &format!("question {n}"), QUESTION_KEYS)?;
        let id = self.required_text(&f, "id", &format!("question {n}'s id"));
        let label = match &id {
            Some(id) => format!("question {n} (`{id}`)"),
            None => format!("question {n}"),
        };
        if let (Some(id), Some(node)) = (&id, f.get("id")) {
            if !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                self.error(
                    node.pos,
                    format!("{label}: ids may contain only a-z, 0-9 and -"),
                );
            }
        }
        let title = f
            .get("title")
            .and_then(|n| self.text(n, &format!("{label} title")));
        let category = self
            .required_text(&f, "category", &format!("{label} category"))
            .and_then(|c| {
                let found = Category::ALL.iter().copied().find(|k| k.key() == c);
                if found.is_none() {
                    let keys: Vec<&str> = Category::ALL.iter().map(|k| k.key()).collect();
                    let hint = did_you_mean(&c, &keys)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.error(
                        f.get("category").map_or(f.at, |n| n.pos),
                        format!(
                            "{label}: unknown category `{c}` (one of: {}){hint}",
                            keys.join(", ")
                        ),
                    );
                }
                found
            });
        let difficulty = match f.get("difficulty") {
            None => Some(None),
            Some(node) => self.text(node, "difficulty").and_then(|d| match d.as_str() {
                "easy" => Some(Some(Difficulty::Easy)),
                "medium" => Some(Some(Difficulty::Medium)),
                "hard" => Some(Some(Difficulty::Hard)),
                other => {
                    self.error(node.pos, format!("{label}: unknown difficulty `{other}` (one of: easy, medium, hard)"));
                    None
                }
            }),
        };
        let prompt = match f.get("prompt") {
            Some(node) => self.inline(node, &format!("{label} prompt")),
            None => {
                self.error(
                    f.at,
                    format!("{label}: the prompt is missing (key `prompt`)"),
                );
                None
            }
        };
        let why = match f.get("why_they_ask") {
            Some(node) => self
                .inline(node, &format!("{label} why_they_ask"))
                .map(Some),
            None => Some(None),
        };
        let guide = match f.get("answer_guide") {
            Some(node) => self.guide(&label, node),
            None => {
                self.error(
                    f.at,
                    format!("{label}: the answer guide is missing (key `answer_guide`)"),
                );
                None
            }
        };
        let practice = match f.get("practice") {
            Some(node) => self.practice(&label, node).map(Some),
            None => Some(None),
        };
        let (published, tags) = self.tags(&label, &f)?;
        Some(Question {
            published,
            tags,
            practice: practice?,
            id: id?,
            pos: node.pos,
            title,
            category: category?,
            difficulty: difficulty?,
            prompt: prompt?,
            why_they_ask: why?,
            guide: guide?,
        })
    }

    fn guide(&mut self, label: &str, node: &Node) -> Option<AnswerGuide> {
        let what = format!("{label} answer_guide");
        let f = self.fields(node, &what, GUIDE_KEYS)?;
        let required_blocks = |cx: &mut Cx, key: &str| match f.get(key) {
            Some(n) => cx.blocks(n, &format!("{label} {key}")),
            None => {
                cx.error(f.at, format!("{label}: the answer guide has no `{key}`"));
                None
            }
        };
        let overview = required_blocks(self, "overview");
        let sample_answer = required_blocks(self, "sample_answer");
        if f.get("key_points").is_none() {
            self.error(
                f.at,
                format!("{label}: the answer guide has no `key_points`"),
            );
        }
        let key_points = self.inline_list(f.get("key_points"), &format!("{label} key_points"));
        let follow_ups = self.inline_list(f.get("follow_ups"), &format!("{label} follow_ups"));
        let pitfalls = self.inline_list(f.get("pitfalls"), &format!("{label} pitfalls"));
        let resources = self.resources(label, f.get("resources"));
        let rubric = match f.get("rubric") {
            Some(n) => Some(self.rubric(label, n)?),
            None => None,
        };
        Some(AnswerGuide {
            overview: overview?,
            key_points,
            sample_answer: sample_answer?,
            follow_ups,
            pitfalls,
            resources,
            rubric,
        })
    }

    /// `rubric: {weak, good, strong}`, each one inline paragraph.
    fn rubric(&mut self, label: &str, node: &Node) -> Option<Rubric> {
        let what = format!("{label} rubric");
        let f = self.fields(node, &what, RUBRIC_KEYS)?;
        let level = |cx: &mut Cx, key: &str| match f.get(key) {
            Some(n) => cx.inline(n, &format!("{what} {key}")),
            None => {
                cx.error(
                    f.at,
                    format!("{what}: `{key}` is missing (a rubric has weak, good and strong)"),
                );
                None
            }
        };
        let weak = level(self, "weak");
        let good = level(self, "good");
        let strong = level(self, "strong");
        Some(Rubric {
            weak: weak?,
            good: good?,
            strong: strong?,
        })
    }

    /// `reviewed: YYYY-MM`. YAML reads `2026-11` as text, so it is parsed here.
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

    fn resources(&mut self, label: &str, node: Option<&Node>) -> Vec<Resource> {
        let Some(node) = node else { return Vec::new() };
        let Kind::Seq(items) = &node.kind else {
            self.error(
                node.pos,
                format!(
                    "{label} resources should be a list, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let what = format!("{label} resource {}", i + 1);
            let Some(f) = self.fields(item, &what, RESOURCE_KEYS) else {
                continue;
            };
            let title = self.required_text(&f, "title", &format!("{what} title"));
            let url = self.required_text(&f, "url", &format!("{what} url"));
            if let (Some(u), Some(n)) = (&url, f.get("url")) {
                let web = u.split_once(':').is_some_and(|(scheme, _)| {
                    scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
                });
                if !web || !markdown::link_allowed(u) {
                    self.error(n.pos, format!("{what}: `{u}` is not an http(s) URL"));
                    continue;
                }
            }
            let kind = match f.get("kind") {
                None => Some(ResourceKind::Page),
                Some(n) => match self.text(n, &format!("{what} kind")).as_deref() {
                    Some("page") => Some(ResourceKind::Page),
                    Some("video") => Some(ResourceKind::Video),
                    Some(other) => {
                        self.error(
                            n.pos,
                            format!("{what}: unknown kind `{other}` (one of: page, video)"),
                        );
                        None
                    }
                    None => None,
                },
            };
            if let (Some(title), Some(url), Some(kind)) = (title, url, kind) {
                out.push(Resource { title, url, kind });
            }
        }
        out
    }
}

mod images;
mod practice;
mod tags;
#[cfg(test)]
mod tests;
