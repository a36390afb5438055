//! The free sample (`--sample N`): every prompt of the pack, "Why they ask this" and
//! the answer guide for the first N questions, and for each of the others a panel in
//! place of its guide that says what the full pack's guide holds — counted, never
//! shown — and where to get it.
//!
//! The locked questions' guides are dropped here, before a single block is made
//! ([`redact`]): text that never enters the document cannot reach a page, the
//! structure tree, the font subsets, the outline or the metadata. Only their counts
//! ([`Holds`]) go on.

use super::structure::{self, Elems, Role as Tag, Structure};
use super::{para, Answers, Block, Options, ParaKind, Tags};
use crate::content::{AnswerGuide, ResourceKind, Role};
use crate::labels::Labels;
use crate::model::{Inlines, Span};
use crate::theme::Theme;

/// What a locked answer guide has, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holds {
    pub overview: bool,
    pub key_points: usize,
    pub sample_answer: bool,
    pub follow_ups: usize,
    pub pitfalls: usize,
    pub rubric: bool,
    pub resources: usize,
    /// How many of the resources are videos.
    pub videos: usize,
}

impl Holds {
    /// The counts of `guide`.
    pub fn of(guide: &AnswerGuide) -> Holds {
        Holds {
            overview: !guide.overview.is_empty(),
            key_points: guide.key_points.len(),
            sample_answer: !guide.sample_answer.is_empty(),
            follow_ups: guide.follow_ups.len(),
            pitfalls: guide.pitfalls.len(),
            rubric: guide.rubric.is_some(),
            resources: guide.resources.len(),
            videos: guide
                .resources
                .iter()
                .filter(|r| r.kind == ResourceKind::Video)
                .count(),
        }
    }
}

/// A locked guide's panel: its title, what the full pack's guide holds, and the call
/// to action (a link, and a QR code, when the theme gives an address).
#[derive(Clone, Debug, PartialEq)]
pub struct Locked {
    pub title: String,
    /// "This question's guide has an overview, 5 key points, …".
    pub holds: String,
    pub action: Inlines,
    /// The address drawn as a QR code: the theme's `upgrade.url`, unless `--no-qr`.
    pub qr: Option<String>,
    /// The panel's `Div`.
    pub tags: Tags,
    /// The title's heading, the holds' `P`, the call to action's `P` with its links.
    pub parts: [Tags; 3],
}

/// Why a free sample cannot be made as asked, in the library's words; the caller
/// names its own way to change the count (the CLI: `--sample N`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Practice sheets, question sheets and the interviewer's copy have no guides
    /// beside their questions to lock.
    #[error(
        "a free sample is the answer-guide pack with guides locked; practice sheets, \
         question sheets and the interviewer's copy have no free edition"
    )]
    NoFreeEdition,
    /// A sample showing every guide would give the full pack away.
    #[error(
        "`{role}` has {total} questions, so a sample showing {shown} would lock none and \
         give the full pack away; give a number below {total} (0 locks every guide)"
    )]
    LocksNone {
        role: String,
        total: usize,
        shown: usize,
    },
}

/// Why a sample of `shown` questions of `role` cannot be made as `opts` ask, if it
/// cannot. A sample is the guide pack with guides locked: practice sheets and the
/// interviewer's copy have no such free edition, and a sample that locks nothing
/// would give the full pack away, so `shown` must be less than the questions.
pub fn check(role: &Role, shown: usize, opts: &Options) -> Result<(), Refused> {
    if opts.practice || opts.answers != Answers::Inline {
        return Err(Refused::NoFreeEdition);
    }
    let total = role.questions.len();
    if shown >= total {
        return Err(Refused::LocksNone {
            role: role.id.clone(),
            total,
            shown,
        });
    }
    Ok(())
}

/// The role as a sample of `shown` questions prints it: the questions past the first
/// `shown` keep their title, category, difficulty and prompt, and lose "Why they ask
/// this" and their guide; what each lost guide held comes back beside it.
pub fn redact(role: &Role, shown: usize) -> (Role, Vec<Holds>) {
    let mut holds = Vec::new();
    let questions = role
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if i < shown {
                return q.clone();
            }
            holds.push(Holds::of(&q.guide));
            let mut locked = crate::content::Question {
                guide: AnswerGuide::default(),
                why_they_ask: None,
                ..q.clone()
            };
            locked.tags = Default::default();
            locked
        })
        .collect();
    let role = Role {
        questions,
        ..role.clone()
    };
    (role, holds)
}

/// The cover's line that says what the sample holds: "Free sample: 3 of 10 questions
/// with answer guides".
pub(super) fn cover_fact(l: &Labels, shown: usize, total: usize) -> Block {
    para(
        ParaKind::CoverFact,
        l.count_fill("sample_cover", total, &[("shown", &shown.to_string())]),
    )
}

/// The call to action on the cover, under what the sample holds.
pub(super) fn cover_action(cover: &mut Vec<Block>, action: &Inlines) {
    cover.push(Block::Space(8.0));
    cover.push(Block::paragraph(ParaKind::CoverFact, action.clone(), None));
}

/// The call to action: the theme's `upgrade.text` (or the `upgrade_text` label),
/// `{n}` the pack's questions; with an address, the text links to it and the address
/// follows in full for paper, as a resource's does.
pub(super) fn action(l: &Labels, theme: Option<&Theme>, total: usize) -> Inlines {
    let upgrade = theme.map(|t| &t.upgrade);
    let text = match upgrade.and_then(|u| u.text.as_deref()) {
        Some(t) => t.replace("{n}", &total.to_string()),
        None => l.count("upgrade_text", total),
    };
    let Some(url) = upgrade.and_then(|u| u.url.clone()) else {
        return vec![Span::plain(text)];
    };
    vec![
        Span {
            link: Some(url.clone()),
            ..Span::plain(text)
        },
        Span::plain(" — "),
        Span {
            code: true,
            link: Some(url.clone()),
            ..Span::plain(url)
        },
    ]
}

/// The panel that stands in for a locked guide.
pub(super) fn panel(l: &Labels, holds: &Holds, action: Inlines, opts: &Options) -> Block {
    let qr = opts
        .theme
        .as_ref()
        .and_then(|t| t.upgrade.url.clone())
        .filter(|_| !opts.no_qr);
    Block::Locked(Box::new(Locked {
        title: l.text("locked_title").to_string(),
        holds: holds_text(l, holds),
        action,
        qr,
        tags: Tags::default(),
        parts: Default::default(),
    }))
}

/// "This question's guide has an overview, 5 key points, …, and 3 resources including
/// a video." Parts a guide lacks are not named.
fn holds_text(l: &Labels, h: &Holds) -> String {
    let mut parts: Vec<String> = Vec::new();
    if h.overview {
        parts.push(l.text("locked_overview").into());
    }
    if h.key_points > 0 {
        parts.push(l.count("locked_key_points", h.key_points));
    }
    if h.sample_answer {
        parts.push(l.text("locked_sample_answer").into());
    }
    if h.follow_ups > 0 {
        parts.push(l.count("locked_follow_ups", h.follow_ups));
    }
    if h.pitfalls > 0 {
        parts.push(l.count("locked_pitfalls", h.pitfalls));
    }
    if h.rubric {
        parts.push(l.text("locked_rubric").into());
    }
    if h.resources > 0 {
        let r = l.count("locked_resources", h.resources);
        parts.push(match h.videos {
            0 => r,
            n => l.count_fill("locked_videos", n, &[("resources", &r)]),
        });
    }
    if parts.is_empty() {
        return String::new();
    }
    l.fill("locked_has", &[("parts", &list(l, &parts))])
}

/// Items as a sentence's list: "a and b", "a, b, and c" (each language its own way).
fn list(l: &Labels, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first, last] => l.fill("list_pair", &[("first", first), ("last", last)]),
        [rest @ .., last] => l.fill("list_last", &[("rest", &rest.join(", ")), ("last", last)]),
    }
}

/// The panel's elements: a `Div` holding its title as an `H2` (where an open
/// question's "Answer guide" heading stands), and a `P` each for what the guide holds
/// and the call to action, whose link is a `Link` read by its words.
pub(super) fn assign(s: &mut Elems, p: &mut Locked) {
    let div = s.add(Tag::Div, Structure::ROOT);
    p.tags.text = Some(div);
    p.parts[0].text = Some(s.add(Tag::H2, div));
    if !p.holds.is_empty() {
        p.parts[1].text = Some(s.add(Tag::P, div));
    }
    let action = s.add(Tag::P, div);
    p.parts[2].text = Some(action);
    p.parts[2].spans = structure::inline(s, action, &p.action);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Bank;

    #[test]
    fn locked_guides_keep_only_their_counts() {
        let role = Bank::bundled().load("backend-mid").unwrap();
        let (redacted, holds) = redact(&role, 3);
        assert_eq!(holds.len(), role.questions.len() - 3);
        for (i, (q, r)) in role.questions.iter().zip(&redacted.questions).enumerate() {
            assert_eq!(q.prompt, r.prompt);
            if i < 3 {
                assert_eq!(q, r);
            } else {
                assert_eq!(r.guide, AnswerGuide::default());
                assert!(r.why_they_ask.is_none());
                assert_eq!(holds[i - 3], Holds::of(&q.guide));
            }
        }
    }

    #[test]
    fn what_a_guide_holds_reads_as_a_sentence() {
        let l = Labels::default();
        let h = Holds {
            overview: true,
            key_points: 5,
            sample_answer: true,
            follow_ups: 1,
            pitfalls: 3,
            rubric: true,
            resources: 3,
            videos: 1,
        };
        assert_eq!(
            holds_text(&l, &h),
            "This question’s guide has an overview, 5 key points, a sample answer, \
             1 follow-up question, 3 pitfalls, a rubric from weak to strong, and \
             3 resources including a video."
        );
        let two = Holds {
            key_points: 2,
            sample_answer: true,
            ..Holds::default()
        };
        assert_eq!(
            holds_text(&l, &two),
            "This question’s guide has 2 key points and a sample answer."
        );
        let de = Labels::new("de", &Default::default());
        assert!(holds_text(&de, &h).ends_with("und 3 Quellen zum Weiterlesen, darunter ein Video."));
    }

    #[test]
    fn a_sample_must_lock_something_and_be_the_guide_pack() {
        let role = Bank::bundled().load("backend-mid").unwrap();
        let n = role.questions.len();
        let opts = Options::default();
        assert!(check(&role, 0, &opts).is_ok());
        assert!(check(&role, n - 1, &opts).is_ok());
        assert!(matches!(
            check(&role, n, &opts),
            Err(Refused::LocksNone { total, .. }) if total == n
        ));
        let practice = Options {
            practice: true,
            ..Options::default()
        };
        assert_eq!(check(&role, 3, &practice), Err(Refused::NoFreeEdition));
        let end = Options {
            answers: Answers::End,
            ..Options::default()
        };
        // The library's words name no flag: the caller says how to change the setting.
        let why = check(&role, 3, &end).unwrap_err().to_string();
        assert!(
            why.contains("interviewer's copy") && !why.contains("--"),
            "{why}"
        );
    }
}
