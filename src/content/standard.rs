//! The question bank's completeness standard, applied by `prep-pdf check`.
//!
//! These are warnings, not errors: a role that falls short still exports, but the
//! bundled bank must meet them (its test and CI run `check`). The numbers are the
//! editorial brief's: 4–6 key points, 2–4 follow-ups and pitfalls, 250–600 words
//! (1,300 for system design).
//!
//! A draft (`draft: true`) is held to none of it: one note says so. When a file has
//! errors the standard cannot be applied, and a note says what was not checked.

use super::markdown::{plain_text, Block, Inlines};
use super::{Diagnostic, Pos, Question, Role, Severity};

/// Where a warning about the whole role points: the file's first line (not 0:0).
const ROLE_START: Pos = Pos { line: 1, col: 1 };

/// The fewest questions a role of the bank has.
pub const MIN_QUESTIONS: usize = 10;
const KEY_POINTS: (usize, usize) = (4, 6);
const FOLLOW_UPS: (usize, usize) = (2, 4);
const PITFALLS: (usize, usize) = (2, 4);
const WORDS: (usize, usize) = (250, 600);
/// The longest URL a QR code holds: version 40 at the lowest error correction takes
/// 2,953 bytes (ISO/IEC 18004); layout falls back to that level past about 2,300.
const MAX_QR_URL: usize = 2_953;
/// A system-design guide runs the whole 45-minute session (requirements, estimates,
/// high level, deep dives, bottlenecks, trade-offs), so its sample alone may take
/// 400–900 words.
const DESIGN_WORDS: (usize, usize) = (250, 1300);

/// The bank's completeness standard for `role`, and its tag standard once the file
/// uses tags at all (so a user's untagged bank still checks clean). A draft is held to
/// neither: one note says so.
pub(super) fn for_role(role: &Role) -> Vec<Diagnostic> {
    if role.draft {
        let message = format!(
            "a draft (`draft: true`) of {}: the bank's completeness standard is not \
             applied; remove `draft: true` to see what it still lacks",
            count_questions(role.questions.len())
        );
        return vec![Diagnostic::new(
            &role.file,
            ROLE_START,
            Severity::Note,
            message,
        )];
    }
    let mut out = check(role);
    if role.questions.iter().any(|q| !q.tags.skills.is_empty()) {
        out.extend(super::vocab::Vocabulary::standard(role));
    }
    out
}

fn count_questions(n: usize) -> String {
    if n == 1 {
        "1 question".into()
    } else {
        format!("{n} questions")
    }
}

/// The note after errors that stopped the file being read: which checks did not run,
/// so a clean-looking rest is not mistaken for a clean file.
pub(super) fn skipped_note(diags: &[Diagnostic], syntax: bool) -> Option<Diagnostic> {
    let last = diags.iter().rev().find(|d| d.severity == Severity::Error)?;
    let message = if syntax {
        "the file could not be read past this error, so nothing else in it was checked \
         (keys, questions, the bank's standard); fix it and run `prep-pdf check` again"
    } else {
        "the bank's completeness standard (its warnings) was not applied: it needs the \
         errors above fixed first"
    };
    Some(Diagnostic::new(
        &last.file,
        last.pos,
        Severity::Note,
        message.into(),
    ))
}

fn check(role: &Role) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut warn = |pos, message: String| {
        out.push(Diagnostic::new(&role.file, pos, Severity::Warning, message))
    };
    if role.reviewed.is_none() {
        warn(
            ROLE_START,
            "the role has no `reviewed: YYYY-MM`; the bank dates every role's last review".into(),
        );
    }
    if role.questions.len() < MIN_QUESTIONS {
        warn(
            ROLE_START,
            format!(
                "the role has {} questions; the bank's roles have at least {MIN_QUESTIONS}",
                role.questions.len()
            ),
        );
    }
    for (i, q) in role.questions.iter().enumerate() {
        let label = format!("question {} (`{}`)", i + 1, q.id);
        let g = &q.guide;
        if q.why_they_ask.is_none() {
            warn(q.pos, format!("{label}: no `why_they_ask`"));
        }
        for (name, n, (lo, hi)) in [
            ("key_points", g.key_points.len(), KEY_POINTS),
            ("follow_ups", g.follow_ups.len(), FOLLOW_UPS),
            ("pitfalls", g.pitfalls.len(), PITFALLS),
        ] {
            if n < lo || n > hi {
                warn(
                    q.pos,
                    format!(
                        "{label}: `{name}` has {n} {}; a complete guide has {lo}–{hi}",
                        if n == 1 { "item" } else { "items" }
                    ),
                );
            }
        }
        if g.resources.is_empty() {
            warn(q.pos, format!("{label}: no resources"));
        }
        for r in g.resources.iter().filter(|r| r.url.len() > MAX_QR_URL) {
            warn(
                q.pos,
                format!(
                    "{label}: the resource `{}` has a URL of {} bytes, more than a QR code \
                     holds ({MAX_QR_URL}): it is printed without one",
                    r.title,
                    r.url.len()
                ),
            );
        }
        if g.rubric.is_none() {
            warn(
                q.pos,
                format!("{label}: no `rubric` (weak, good, strong) in the answer guide"),
            );
        }
        let words = guide_words(q);
        let (least, most) = match q.category {
            super::Category::SystemDesign => DESIGN_WORDS,
            _ => WORDS,
        };
        if words < least || words > most {
            warn(
                q.pos,
                format!("{label}: the answer guide has {words} words; aim for {least}–{most}"),
            );
        }
    }
    out
}

/// Words in a question's answer guide (overview, key points, sample answer, follow-ups
/// and pitfalls; resources do not count).
pub fn guide_words(q: &Question) -> usize {
    let g = &q.guide;
    let mut n = blocks_words(&g.overview) + blocks_words(&g.sample_answer);
    for list in [&g.key_points, &g.follow_ups, &g.pitfalls] {
        n += list.iter().map(inline_words).sum::<usize>();
    }
    n
}

fn inline_words(spans: &Inlines) -> usize {
    plain_text(spans).split_whitespace().count()
}

fn blocks_words(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(s) => inline_words(s),
            Block::List { items, .. } => items.iter().map(|item| blocks_words(item)).sum(),
            Block::Code { text, .. } => text.split_whitespace().count(),
            // A diagram says in words what its alt text says.
            Block::Diagram(d) => d.alt.split_whitespace().count(),
            Block::Image(p) => p.alt.split_whitespace().count(),
            Block::Table(t) => t.rows.iter().flatten().map(inline_words).sum(),
        })
        .sum()
}
