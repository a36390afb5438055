//! Blocks for one question and its answer guide.

use super::{
    question_anchor, short_title, AnchorId, Block, HeadingKind, ListMark, Options, ParaKind, Tags,
};
use crate::content::markdown;
use crate::content::{Question, Resource, ResourceKind, Rubric};
use crate::labels::Labels;
use crate::model::diagram::Diagram;
use crate::model::picture::Picture;
use crate::model::{Inlines, Span, Table};

/// The question: number, category and difficulty, prompt, "Why they ask this".
/// A named, bookmarked place and the heading that opens it.
fn opening(out: &mut Vec<Block>, id: AnchorId, outline: String, heading: String, level: u8) {
    out.push(Block::Anchor {
        id,
        outline: Some(outline),
    });
    out.push(Block::Heading {
        kind: HeadingKind::Question,
        level,
        text: heading,
        tags: Tags::default(),
    });
}

pub(super) fn question(out: &mut Vec<Block>, l: &Labels, num: usize, q: &Question) {
    let short = short_title(q.title.as_deref(), &q.prompt);
    opening(
        out,
        question_anchor(num),
        format!("{num}. {short}"),
        l.fill("question_n", &[("n", &num.to_string())]),
        1,
    );
    let meta = super::detail(l, q);
    out.push(Block::paragraph(
        ParaKind::Meta,
        vec![Span::plain(meta)],
        None,
    ));
    out.push(Block::paragraph(ParaKind::Prompt, q.prompt.clone(), None));
    if let Some(why) = &q.why_they_ask {
        // An upright bold label, then the text in italics; emphasis inside the text
        // turns upright, as emphasis in italic text does.
        let mut spans = vec![Span {
            bold: true,
            ..Span::plain(l.fill("labelled", &[("label", l.text("why_they_ask"))]))
        }];
        spans.extend(why.iter().map(|s| Span {
            italic: !s.italic,
            ..s.clone()
        }));
        out.push(Block::paragraph(ParaKind::Why, spans, None));
    }
}

/// The answer guide. `anchor` is set when guides stand apart from their questions
/// (`--answers end`), which also repeats the prompt so the guide reads on its own.
pub(super) fn answer_guide(
    out: &mut Vec<Block>,
    l: &Labels,
    num: usize,
    q: &Question,
    anchor: Option<AnchorId>,
    opts: &Options,
) {
    let g = &q.guide;
    guide_opening(out, l, num, q, anchor);
    push_markdown(out, &g.overview, 0);
    part(out, l.text("key_points"), &g.key_points, false);
    part_heading(out, l.text("sample_answer"));
    push_markdown(out, &g.sample_answer, 0);
    part(out, l.text("follow_ups"), &g.follow_ups, true);
    part(out, l.text("pitfalls"), &g.pitfalls, false);
    if let Some(r) = &g.rubric {
        rubric(out, l, r);
    }
    if !g.resources.is_empty() {
        resources(out, l, &g.resources, opts);
    }
}

/// The guide's heading: inline, "Answer guide" under its question; standing apart,
/// an anchored "Answer guide N" with the prompt repeated (in the other slant).
fn guide_opening(
    out: &mut Vec<Block>,
    l: &Labels,
    num: usize,
    q: &Question,
    anchor: Option<AnchorId>,
) {
    let Some(id) = anchor else {
        out.push(Block::Heading {
            kind: HeadingKind::Guide,
            level: 2,
            text: l.text("answer_guide").into(),
            tags: Tags::default(),
        });
        return;
    };
    let n = num.to_string();
    let short = short_title(q.title.as_deref(), &q.prompt);
    opening(
        out,
        id,
        l.fill("guide_outline", &[("n", &n), ("title", &short)]),
        l.fill("answer_guide_n", &[("n", &n)]),
        // Under the "Answer guides" section heading.
        2,
    );
    out.push(Block::paragraph(
        ParaKind::Why,
        q.prompt
            .iter()
            .map(|s| Span {
                italic: !s.italic,
                ..s.clone()
            })
            .collect(),
        None,
    ));
}

/// "How it is judged": a bullet a level, its label in bold.
fn rubric(out: &mut Vec<Block>, l: &Labels, r: &Rubric) {
    part_heading(out, l.text("how_judged"));
    for (level, text) in [("weak", &r.weak), ("good", &r.good), ("strong", &r.strong)] {
        let mut spans = vec![Span {
            bold: true,
            ..Span::plain(l.fill("labelled", &[("label", l.text(level))]))
        }];
        spans.extend(text.iter().cloned());
        out.push(bullet(spans));
    }
}

/// "Resources": a bullet each, its title a link and its URL printed in full for
/// paper; with a QR code beside it unless `--no-qr`.
fn resources(out: &mut Vec<Block>, l: &Labels, resources: &[Resource], opts: &Options) {
    part_heading(out, l.text("resources"));
    for r in resources {
        // The link is clickable on screen; the URL is printed in full for paper.
        let mut spans = vec![Span {
            link: Some(r.url.clone()),
            ..Span::plain(r.title.clone())
        }];
        if r.kind == ResourceKind::Video {
            spans.push(Span::plain(format!(" {}", l.text("video"))));
        }
        spans.extend([
            Span::plain(" — "),
            Span {
                link: Some(r.url.clone()),
                code: true,
                ..Span::plain(r.url.clone())
            },
        ]);
        if opts.no_qr {
            out.push(bullet(spans));
        } else {
            out.push(Block::Resource {
                spans,
                url: r.url.clone(),
                tags: Tags::default(),
            });
        }
    }
}

/// A part of the guide's heading ("Sample answer", "Pitfalls", …).
fn part_heading(out: &mut Vec<Block>, title: &str) {
    out.push(Block::Heading {
        kind: HeadingKind::Part,
        level: 3,
        text: title.into(),
        tags: Tags::default(),
    });
}

fn part(out: &mut Vec<Block>, title: &str, items: &[Inlines], numbered: bool) {
    if items.is_empty() {
        return;
    }
    part_heading(out, title);
    for (i, spans) in items.iter().enumerate() {
        out.push(Block::paragraph(
            ParaKind::Body,
            spans.clone(),
            Some(ListMark {
                label: if numbered {
                    format!("{}.", i + 1)
                } else {
                    "•".into()
                },
                depth: 0,
            }),
        ));
    }
}

/// Markdown blocks as document blocks; list items become labelled paragraphs.
fn push_markdown(out: &mut Vec<Block>, blocks: &[markdown::Block], depth: u8) {
    for b in blocks {
        match b {
            markdown::Block::Paragraph(spans) => {
                out.push(Block::paragraph(ParaKind::Body, spans.clone(), None))
            }
            markdown::Block::Code { text, lang } => out.push(Block::Code {
                text: text.clone(),
                depth,
                tags: Tags::default(),
                lang: lang.clone(),
            }),
            markdown::Block::Diagram(d) => out.push(figure(d, depth)),
            markdown::Block::Table(t) => out.push(table(t, depth)),
            markdown::Block::Image(p) => out.push(image(p, depth)),
            markdown::Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let label = match start {
                        Some(s) => format!("{}.", s + i as u64),
                        None if depth == 0 => "•".to_string(),
                        None => "–".to_string(),
                    };
                    push_item(out, item, label, depth);
                }
            }
        }
    }
}

/// A list item: its first paragraph carries the label; what follows is indented under it.
fn push_item(out: &mut Vec<Block>, item: &[markdown::Block], label: String, depth: u8) {
    let mut label = Some(label);
    for b in item {
        match b {
            markdown::Block::Paragraph(spans) => out.push(Block::paragraph(
                ParaKind::Body,
                spans.clone(),
                Some(ListMark {
                    label: label.take().unwrap_or_default(),
                    depth,
                }),
            )),
            markdown::Block::List { .. } => push_markdown(out, std::slice::from_ref(b), depth + 1),
            markdown::Block::Code { text, lang } => out.push(Block::Code {
                text: text.clone(),
                depth: depth + 1,
                tags: Tags::default(),
                lang: lang.clone(),
            }),
            markdown::Block::Diagram(d) => out.push(figure(d, depth + 1)),
            markdown::Block::Table(t) => out.push(table(t, depth + 1)),
            markdown::Block::Image(p) => out.push(image(p, depth + 1)),
        }
    }
}

/// A diagram at list depth `depth`, as code is.
fn figure(d: &Diagram, depth: u8) -> Block {
    Block::Figure {
        diagram: Box::new(d.clone()),
        depth,
        tags: Tags::default(),
    }
}

/// An image at list depth `depth`, as code is.
fn image(p: &Picture, depth: u8) -> Block {
    Block::Image {
        picture: Box::new(p.clone()),
        depth,
        tags: Tags::default(),
    }
}

/// A table at list depth `depth`, as code is.
fn table(t: &Table, depth: u8) -> Block {
    Block::Table {
        table: Box::new(t.clone()),
        depth,
        tags: Tags::default(),
    }
}

/// A top-level bulleted item of body text.
fn bullet(spans: Inlines) -> Block {
    Block::paragraph(
        ParaKind::Body,
        spans,
        Some(ListMark {
            label: "•".into(),
            depth: 0,
        }),
    )
}
