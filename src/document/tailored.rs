//! What a tailored pack adds to a role's pages: who it was tailored for, to which
//! skills and values, what it cannot cover, and why each question is there.
//!
//! The selection itself is [`crate::tailor`]'s; this module only turns its result,
//! handed over as plain text in a [`Tailoring`], into ordinary paragraphs, so the
//! structure tree, contents and outline treat them like any other text.

use super::{para, Block, ParaKind};
use crate::labels::Labels;
use crate::model::Span;

/// The reasons a tailored pack prints, already in the reader's words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tailoring {
    /// The company (or job ad) the pack was made for: "Acme".
    pub company: String,
    /// The labels of the skills it was tailored to, in the order asked.
    pub skills: Vec<String>,
    /// The names of the company's values.
    pub values: Vec<String>,
    /// Asked-for skills that no question of the pack covers.
    pub uncovered: Vec<String>,
    /// Per question, in the role's order: what it shares with the request.
    pub reasons: Vec<Reason>,
    /// The company's own reading (its engineering blog): title and address.
    pub resources: Vec<(String, String)>,
    /// Per question, in the role's order: a round's note to print before it (the
    /// first question of the round's category).
    pub notes: Vec<Option<String>>,
}

/// Why one question was chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reason {
    /// Labels of the shared skills.
    pub skills: Vec<String>,
    /// Names of the company values it covers.
    pub values: Vec<String>,
}

/// The cover's lines: "Tailored for Acme — Backend Developer, Mid level", the skills
/// and values, and what is not covered. Lists are omitted when empty, except the
/// uncovered one, which is said only when something is missing.
pub(super) fn cover(out: &mut Vec<Block>, l: &Labels, t: &Tailoring, title: &str, level: &str) {
    out.push(para(
        ParaKind::CoverSummary,
        l.fill(
            "tailored_for",
            &[("company", &t.company), ("title", title), ("level", level)],
        ),
    ));
    for (key, list) in [
        ("tailored_skills", &t.skills),
        ("tailored_values", &t.values),
        ("not_covered", &t.uncovered),
    ] {
        if !list.is_empty() {
            out.push(labelled(
                ParaKind::CoverFact,
                l,
                l.text(key),
                &list.join(", "),
            ));
        }
    }
    if !t.resources.is_empty() {
        out.push(links(l, &t.resources));
    }
    out.push(Block::Space(6.0));
}

/// "Read more: Acme engineering blog, …", each title a link to its address.
fn links(l: &Labels, resources: &[(String, String)]) -> Block {
    let label = l.text("tailored_resources");
    let mut spans = vec![Span {
        bold: true,
        ..Span::plain(l.fill("labelled", &[("label", label)]))
    }];
    for (i, (title, url)) in resources.iter().enumerate() {
        if i > 0 {
            spans.push(Span::plain(", "));
        }
        spans.push(Span {
            link: Some(url.clone()),
            ..Span::plain(title.clone())
        });
    }
    Block::paragraph(ParaKind::CoverFact, spans, None)
}

/// "Why this one for Acme: PostgreSQL, Kafka; company value: Ownership" under question `i`
/// (0-based), if the pack has a reason for it.
pub(super) fn reason(out: &mut Vec<Block>, l: &Labels, t: &Tailoring, i: usize) {
    let Some(r) = t.reasons.get(i) else { return };
    let mut parts = Vec::new();
    if !r.skills.is_empty() {
        parts.push(r.skills.join(", "));
    }
    if !r.values.is_empty() {
        parts.push(l.fill("value_reason", &[("values", &r.values.join(", "))]));
    }
    if parts.is_empty() {
        parts.push(l.text("level_reason").to_string());
    }
    let label = l.fill("why_for", &[("company", &t.company)]);
    out.push(labelled(ParaKind::Why, l, &label, &parts.join("; ")));
}

/// The round note printed before question `i` (0-based), if there is one.
pub(super) fn note(out: &mut Vec<Block>, t: &Tailoring, i: usize) {
    if let Some(Some(text)) = t.notes.get(i) {
        out.push(para(ParaKind::Meta, text.clone()));
        out.push(Block::Space(4.0));
    }
}

/// A bold run-in label and plain text, as "Why they ask this" is set.
fn labelled(kind: ParaKind, l: &Labels, label: &str, text: &str) -> Block {
    Block::paragraph(
        kind,
        vec![
            Span {
                bold: true,
                ..Span::plain(l.fill("labelled", &[("label", label)]))
            },
            Span::plain(text),
        ],
        None,
    )
}
