//! One question: its id, title, category, difficulty, prompt, why it is asked, its
//! answer guide (with rubric and resources) and practice space. Tags are `tags.rs`'s,
//! the practice space `practice.rs`'s.

use super::{Cx, Fields, GUIDE_KEYS, QUESTION_KEYS, RESOURCE_KEYS, RUBRIC_KEYS};
use crate::content::markdown;
use crate::content::yaml::{Kind, Node};
use crate::content::{AnswerGuide, Category, Difficulty, Question, Resource, ResourceKind, Rubric};

impl Cx {
    pub(super) fn question(&mut self, n: usize, node: &Node) -> Option<Question> {
        let f = self.fields(node, &format!("question {n}"), QUESTION_KEYS)?;
        let (id, label) = self.question_id(n, &f);
        let title = f
            .get("title")
            .and_then(|n| self.text(n, &format!("{label} title")));
        let category = self
            .required_text(&f, "category", &format!("{label} category"))
            .and_then(|c| {
                let at = f.get("category").map_or(f.at, |n| n.pos);
                self.one_of(at, &label, "category", &c, &Category::ALL, |k| k.key())
            });
        let difficulty = self.difficulty(&label, &f);
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

    /// Question `n`'s id, checked to be made of `a-z0-9-`, and the label its other
    /// problems are reported under: "question 3 (`cap-theorem`)", or "question 3"
    /// without an id.
    fn question_id(&mut self, n: usize, f: &Fields<'_>) -> (Option<String>, String) {
        let id = self.required_text(f, "id", &format!("question {n}'s id"));
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
        (id, label)
    }

    /// `difficulty: easy|medium|hard`, which may be left out (`Some(None)`); `None`
    /// when it is something else.
    fn difficulty(&mut self, label: &str, f: &Fields<'_>) -> Option<Option<Difficulty>> {
        let Some(node) = f.get("difficulty") else {
            return Some(None);
        };
        self.text(node, "difficulty")
            .and_then(|d| match d.as_str() {
                "easy" => Some(Some(Difficulty::Easy)),
                "medium" => Some(Some(Difficulty::Medium)),
                "hard" => Some(Some(Difficulty::Hard)),
                other => {
                    self.error(
                        node.pos,
                        format!(
                            "{label}: unknown difficulty `{other}` (one of: easy, medium, hard)"
                        ),
                    );
                    None
                }
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
