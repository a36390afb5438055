//! The body: the contents, then each question with its guide inline, or all the
//! questions and then all the guides.

use super::{
    detail, guide, guide_anchor, practice, question_anchor, sample, short_title, tailored, Answers,
    Block, HeadingKind, Options, TocEntry,
};
use crate::content::Role;
use crate::document::Tags;
use crate::labels::Labels;
use crate::model::Inlines;

/// The body's blocks: contents, questions, and their guides where they go.
pub(super) fn body_blocks(
    role: &Role,
    opts: &Options,
    l: &Labels,
    locked: &[sample::Holds],
    action: &Inlines,
) -> Vec<Block> {
    let mut body = contents(role, opts, l);
    body.push(Block::PageBreak);
    questions(&mut body, role, opts, l, locked, action);
    if opts.answers == Answers::End {
        guides_at_end(&mut body, role, opts, l);
    }
    body
}

/// The contents: a line a question (with a second column for its guide when the
/// guides are at the end), and a line for the guides' section.
fn contents(role: &Role, opts: &Options, l: &Labels) -> Vec<Block> {
    let mut body = vec![
        Block::Anchor {
            id: "contents".into(),
            outline: Some(l.text("contents").into()),
        },
        Block::Heading {
            kind: HeadingKind::Section,
            level: 1,
            text: l.text("contents").into(),
            tags: Tags::default(),
        },
    ];
    for (i, q) in role.questions.iter().enumerate() {
        let title = short_title(q.title.as_deref(), &q.prompt);
        let two = opts.answers == Answers::End;
        body.push(Block::TocEntry(Box::new(TocEntry {
            label: format!("{}.", i + 1),
            guide_alt: l.fill("guide_link", &[("title", &title)]),
            title,
            detail: detail(l, q),
            target: question_anchor(i + 1),
            guide: two.then(|| guide_anchor(i + 1)),
            heads: (two && i == 0).then(|| {
                [
                    l.text("contents_question").to_string(),
                    l.text("contents_guide").to_string(),
                ]
            }),
            tags: Tags::default(),
        })));
    }
    if opts.answers == Answers::End {
        body.push(Block::TocEntry(Box::new(TocEntry {
            label: String::new(),
            title: l.text("answer_guides").into(),
            detail: String::new(),
            target: "guides".into(),
            guide: None,
            guide_alt: String::new(),
            heads: None,
            tags: Tags::default(),
        })));
    }
    body
}

/// Each question, with what goes with it: the tailoring's note and reason, answer
/// space, and its guide (or a sample's locked panel) when guides are inline.
fn questions(
    body: &mut Vec<Block>,
    role: &Role,
    opts: &Options,
    l: &Labels,
    locked: &[sample::Holds],
    action: &Inlines,
) {
    // A sample's locked questions are short (a prompt and a panel): after the first,
    // they follow one another down the page instead of each leaving one mostly empty.
    let locked_at = |i: usize| opts.sample.is_some_and(|shown| i > shown);
    for (i, q) in role.questions.iter().enumerate() {
        let num = i + 1;
        if locked_at(i) {
            body.push(Block::Space(24.0));
        } else if i > 0 && (opts.answers == Answers::Inline || opts.practice) {
            body.push(Block::PageBreak);
        } else if i > 0 {
            body.push(Block::Space(10.0));
        }
        if let Some(t) = &opts.tailoring {
            tailored::note(body, t, i);
        }
        guide::question(body, l, num, q);
        if let Some(t) = &opts.tailoring {
            tailored::reason(body, l, t, i);
        }
        if opts.practice {
            practice::answer_space(body, l, q);
        }
        if opts.answers == Answers::Inline {
            match opts
                .sample
                .and_then(|shown| locked.get(i.checked_sub(shown)?))
            {
                Some(holds) => body.push(sample::panel(l, holds, action.clone(), opts)),
                None => guide::answer_guide(body, l, num, q, None, opts),
            }
        }
    }
}

/// The guides' section when they come after all the questions: each guide on a page
/// of its own, anchored for its contents line.
fn guides_at_end(body: &mut Vec<Block>, role: &Role, opts: &Options, l: &Labels) {
    body.push(Block::PageBreak);
    body.push(Block::Anchor {
        id: "guides".into(),
        outline: Some(l.text("answer_guides").into()),
    });
    body.push(Block::Heading {
        kind: HeadingKind::Section,
        level: 1,
        text: l.text("answer_guides").into(),
        tags: Tags::default(),
    });
    for (i, q) in role.questions.iter().enumerate() {
        if i > 0 {
            body.push(Block::PageBreak);
        }
        guide::answer_guide(body, l, i + 1, q, Some(guide_anchor(i + 1)), opts);
    }
}
