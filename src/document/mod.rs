//! Document: a validated [`Role`] → the blocks of a printed question set.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! use prep_pdf::document::{build, Answers, Options};
//! let role = Bank::bundled().load("backend-mid").unwrap();
//! let doc = build(&role, &Options { answers: Answers::Inline, ..Options::default() });
//! assert!(!doc.body.is_empty());
//! ```
//!
//! This stage decides *what* is on the pages and in which order — cover, contents,
//! questions, answer guides — but nothing about measures: blocks carry semantic kinds
//! (a question's prompt, a guide's sub-heading) that layout maps to type sizes.

mod guide;
pub mod sample;
pub mod structure;
mod tailored;

pub use sample::Locked;
pub use structure::{ElemId, Mark, Structure, Tags};
pub use tailored::{Reason, Tailoring};
mod practice;

use crate::content::markdown::{plain_text, Inlines, Span};
use crate::content::{Category, Difficulty, Role};
use std::sync::Arc;

use crate::labels::Labels;
use crate::theme::Theme;

/// Where the answer guides go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Answers {
    /// Each guide right after its question.
    #[default]
    Inline,
    /// All questions first, then all guides: an interviewer's copy.
    End,
    /// No guides: a question sheet for candidates.
    None,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub answers: Answers,
    /// Stamps "Prepared for NAME" on the cover and in every footer.
    pub prepared_for: Option<String>,
    /// Leaves out the QR code beside each resource link (`--no-qr`).
    pub no_qr: bool,
    /// Room to answer after each question (`--practice`), shaped by its category.
    pub practice: bool,
    /// The brand: name, logo, accent, footer and label overrides (bundled look if none).
    pub theme: Option<Arc<Theme>>,
    /// For a pack tailored to a company or job ad: why it holds what it holds, printed
    /// on the cover and under each question.
    pub tailoring: Option<Arc<Tailoring>>,
    /// A free sample (`--sample N`): the first N questions' guides, the others
    /// locked (see [`sample`]).
    pub sample: Option<usize>,
}

/// The shape of a piece of answer space; amounts are ruled lines or grid rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Ruled lines at handwriting pitch.
    Lines(u32),
    /// Rows of a dotted grid (for a diagram).
    Dots(u32),
    /// Rows of a squared grid (for code).
    Squares(u32),
}

/// A named place in the document that links and the outline point at.
pub type AnchorId = String;

/// Semantic kinds of paragraph; layout gives each a type style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParaKind {
    Body,
    /// A question's prompt: the largest running text.
    Prompt,
    /// "Why they ask this" text.
    Why,
    /// Category, difficulty and similar small print.
    Meta,
    CoverKicker,
    CoverTitle,
    CoverLevel,
    CoverSummary,
    CoverFact,
    /// How to use the pack: small print at the foot of the cover.
    CoverNote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingKind {
    /// "Contents", "Questions", "Answer guides".
    Section,
    /// "Question 3".
    Question,
    /// "Answer guide".
    Guide,
    /// "Key points", "Sample answer", …
    Part,
}

/// A list item's label and nesting depth (0 or 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListMark {
    pub label: String,
    pub depth: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        kind: HeadingKind,
        /// 1–3: a question (or a section), its answer guide, the guide's parts.
        level: u8,
        text: String,
        tags: Tags,
    },
    Paragraph {
        kind: ParaKind,
        spans: Inlines,
        list: Option<ListMark>,
        tags: Tags,
    },
    Code {
        text: String,
        depth: u8,
        tags: Tags,
        /// The fenced block's language, for highlighting.
        lang: Option<String>,
    },
    /// A diagram, drawn whole with its caption under it; `depth` as for code.
    Figure {
        diagram: Box<crate::content::diagram::Diagram>,
        depth: u8,
        tags: Tags,
    },
    /// An image from the role's folder, drawn whole with its caption under it;
    /// `depth` as for code.
    Image {
        picture: Box<crate::content::image::Picture>,
        depth: u8,
        tags: Tags,
    },
    /// A table; `depth` as for code. Its cells' elements are `tags.cells`, the
    /// header's first, row by row.
    Table {
        table: Box<crate::content::markdown::Table>,
        depth: u8,
        tags: Tags,
    },
    /// A resource: a list item with a QR code of `url` beside it.
    Resource {
        spans: Inlines,
        url: String,
        tags: Tags,
    },
    /// A contents line. Boxed: it is the largest block by far, and every block of a
    /// long book (a hundred thousand of them) would be its size.
    TocEntry(Box<TocEntry>),
    /// A named place; the outline entry (if any) is shown in the PDF's bookmarks.
    Anchor {
        id: AnchorId,
        outline: Option<String>,
    },
    Space(f32),
    /// Answer space, with a frame label ("Situation") if it is one of several.
    Answer {
        label: Option<String>,
        area: Area,
    },
    /// A free sample's panel in place of a locked answer guide. Boxed, as a
    /// contents line is: blocks stay small.
    Locked(Box<Locked>),
    /// A thin horizontal line.
    Rule,
    PageBreak,
}

/// A contents line: its page number is filled in after pagination. With `guide`, a
/// second number gives the page of the question's answer guide.
#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub label: String,
    pub title: String,
    pub detail: String,
    pub target: AnchorId,
    pub guide: Option<AnchorId>,
    /// With `guide`: how the guide link is described to a screen reader.
    pub guide_alt: String,
    /// On the first entry of a two-column contents: the columns' heads.
    pub heads: Option<[String; 2]>,
    pub tags: Tags,
}

/// What the PDF says about itself.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub author: String,
    pub language: String,
}

/// A whole document, ready for layout.
#[derive(Clone, Debug)]
pub struct Document {
    pub meta: Meta,
    /// The running header: role and level.
    pub header: String,
    pub prepared_for: Option<String>,
    /// The labels in the reader's language, for what layout adds (page labels).
    pub labels: Labels,
    /// The theme, if not the bundled look: layout places its logo, footer and accent.
    pub theme: Option<Arc<Theme>>,
    /// The cover page's blocks: no header, no footer.
    pub cover: Vec<Block>,
    /// Everything after the cover.
    pub body: Vec<Block>,
    /// The elements the blocks' [`Tags`] point into, shared with the laid-out pages
    /// (a long document has hundreds of thousands).
    pub structure: Arc<Structure>,
}

/// The anchor of question `n` (1-based) and of its guide.
pub fn question_anchor(n: usize) -> AnchorId {
    format!("q{n}")
}

fn guide_anchor(n: usize) -> AnchorId {
    format!("g{n}")
}

/// The short title of a question: its `title`, else a fair shortening of the prompt.
pub fn short_title(title: Option<&str>, prompt: &Inlines) -> String {
    if let Some(t) = title {
        return t.to_string();
    }
    let text = plain_text(prompt);
    // The first sentence, if it is short enough; else the first words up to ~60
    // characters, cut at a word boundary and marked with an ellipsis.
    let first = text
        .split_inclusive(['.', '?', '!'])
        .next()
        .unwrap_or(&text)
        .trim();
    if first.chars().count() <= 70 {
        return first.trim_end_matches('.').to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':', '.']);
    format!("{out}…")
}

fn para(kind: ParaKind, text: impl Into<String>) -> Block {
    Block::Paragraph {
        kind,
        spans: vec![Span::plain(text)],
        list: None,
        tags: Tags::default(),
    }
}

/// A category's name on the page.
pub fn category_label(l: &Labels, c: Category) -> &str {
    l.text(match c {
        Category::Technical => "category_technical",
        Category::SystemDesign => "category_system_design",
        Category::Coding => "category_coding",
        Category::Behavioral => "category_behavioral",
        Category::Situational => "category_situational",
    })
}

/// A difficulty's name on the page.
pub fn difficulty_label(l: &Labels, d: Difficulty) -> &str {
    l.text(match d {
        Difficulty::Easy => "difficulty_easy",
        Difficulty::Medium => "difficulty_medium",
        Difficulty::Hard => "difficulty_hard",
    })
}

/// "Category · Difficulty".
fn detail(l: &Labels, q: &crate::content::Question) -> String {
    let mut detail = category_label(l, q.category).to_string();
    if let Some(d) = q.difficulty {
        detail.push_str(" · ");
        detail.push_str(difficulty_label(l, d));
    }
    detail
}

/// Builds the document for a role.
pub fn build(role: &Role, opts: &Options) -> Document {
    build_with(role, opts, None)
}

/// The document for a role whose body and structure are `structure`'s, from a
/// [`build`] with the same role and options but another `prepared_for`: only the
/// cover is built (its elements are numbered first, so they are the same), and the
/// body is left empty. A mail merge lays each copy's cover out on a body laid out once.
pub fn build_cover(role: &Role, opts: &Options, structure: &Arc<Structure>) -> Document {
    build_with(role, opts, Some(structure))
}

fn build_with(role: &Role, opts: &Options, shared: Option<&Arc<Structure>>) -> Document {
    let overrides = opts
        .theme
        .as_ref()
        .map(|t| t.labels.clone())
        .unwrap_or_default();
    let l = Labels::new(&role.lang, &overrides);
    let brand = opts.theme.as_ref().and_then(|t| t.name.clone());
    // A sample's locked guides are dropped first, before anything reads the role.
    let sampled = opts.sample.map(|shown| sample::redact(role, shown));
    let (role, locked) = match &sampled {
        Some((redacted, holds)) => (redacted, holds.as_slice()),
        None => (role, &[][..]),
    };
    let localized;
    let role = if l.quotes() == Labels::default().quotes() {
        role
    } else {
        localized = quoted(role, &l);
        &localized
    };
    let n = role.questions.len();
    let header = match &brand {
        Some(name) => format!("{name} · {} · {}", role.title, role.level),
        None => format!("{} · {}", role.title, role.level),
    };
    let mut keywords = vec![
        l.text("cover_kicker").to_lowercase(),
        role.title.clone(),
        role.level.clone(),
    ];
    for c in Category::ALL {
        if role.questions.iter().any(|q| q.category == c) {
            keywords.push(category_label(&l, c).to_lowercase());
        }
    }
    let meta = Meta {
        title: l.fill(
            "pdf_title",
            &[("title", &role.title), ("level", &role.level)],
        ),
        subject: role.summary.clone(),
        keywords,
        author: brand.clone().unwrap_or_else(|| "prep-pdf".to_string()),
        language: role.lang.clone(),
    };

    let action = sample::action(&l, opts.theme.as_deref(), n);
    let (mut cover, stamp_at) = cover_blocks(role, opts, &l, brand.as_deref(), &action);
    let (body, structure) = match shared {
        Some(structure) => {
            // Numbered as in the document whose structure this is, which numbered its
            // cover first.
            structure::assign(&mut Structure::new(), &mut cover);
            (Vec::new(), structure.clone())
        }
        None => {
            let mut body = body_blocks(role, opts, &l, locked, &action);
            let mut structure = Structure::new();
            structure::assign(&mut structure, &mut cover);
            structure.stamp = stamp_at.and_then(|i| match &cover[i] {
                Block::Paragraph { tags, .. } => tags.text,
                _ => None,
            });
            structure::assign(&mut structure, &mut body);
            // Both grew by doubling; a long document keeps them until it is rendered.
            body.shrink_to_fit();
            structure.elems.shrink_to_fit();
            (body, Arc::new(structure))
        }
    };
    Document {
        meta,
        header,
        prepared_for: opts.prepared_for.clone(),
        labels: l,
        theme: opts.theme.clone(),
        cover,
        body,
        structure,
    }
}

/// The cover's blocks, and where among them the "Prepared for" stamp is.
fn cover_blocks(
    role: &Role,
    opts: &Options,
    l: &Labels,
    brand: Option<&str>,
    action: &Inlines,
) -> (Vec<Block>, Option<usize>) {
    let n = role.questions.len();
    // Cover.
    let mut cover = vec![Block::Space(120.0)];
    if let Some(name) = brand {
        cover.push(para(ParaKind::CoverLevel, name.to_string()));
        cover.push(Block::Space(6.0));
    }
    cover.extend([
        para(ParaKind::CoverKicker, l.text("cover_kicker")),
        para(ParaKind::CoverTitle, role.title.clone()),
        para(ParaKind::CoverLevel, role.level.clone()),
        Block::Rule,
    ]);
    if let Some(t) = &opts.tailoring {
        tailored::cover(&mut cover, l, t, &role.title, &role.level);
    }
    cover.extend([
        para(ParaKind::CoverSummary, role.summary.clone()),
        Block::Space(12.0),
    ]);
    let (what, how) = match opts.answers {
        _ if opts.sample.is_some() => ("cover_inline", "how_to_use_sample"),
        Answers::None if opts.practice => ("cover_practice_none", "how_to_practise_sheet"),
        Answers::End if opts.practice => ("cover_practice_end", "how_to_practise_end"),
        Answers::Inline if opts.practice => ("cover_inline", "how_to_practise_sheet"),
        Answers::None => ("cover_none", "how_to_use_none"),
        Answers::Inline => ("cover_inline", "how_to_use_inline"),
        Answers::End => ("cover_end", "how_to_use_end"),
    };
    cover.push(match opts.sample {
        Some(shown) => sample::cover_fact(l, shown.min(n), n),
        None => para(
            ParaKind::CoverFact,
            format!("{} · {}", l.count("question_count", n), l.text(what)),
        ),
    });
    for c in Category::ALL {
        let k = role.questions.iter().filter(|q| q.category == c).count();
        if k > 0 {
            cover.push(Block::Paragraph {
                kind: ParaKind::CoverFact,
                spans: vec![Span::plain(format!("{} — {k}", category_label(l, c)))],
                list: Some(ListMark {
                    label: "•".into(),
                    depth: 0,
                }),
                tags: Tags::default(),
            });
        }
    }
    if opts.sample.is_some() {
        sample::cover_action(&mut cover, action);
    }
    let mut stamp_at = None;
    if let Some(name) = &opts.prepared_for {
        cover.push(Block::Space(18.0));
        stamp_at = Some(cover.len());
        cover.push(para(
            ParaKind::CoverFact,
            l.fill("prepared_for", &[("name", name)]),
        ));
    }
    cover.push(Block::Space(28.0));
    cover.push(para(ParaKind::CoverNote, l.text(how)));

    (cover, stamp_at)
}

/// The body's blocks: contents, questions, and their guides where they go.
fn body_blocks(
    role: &Role,
    opts: &Options,
    l: &Labels,
    locked: &[sample::Holds],
    action: &Inlines,
) -> Vec<Block> {
    // Contents.
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
    body.push(Block::PageBreak);

    // Questions, and their guides where they go.
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
            tailored::note(&mut body, t, i);
        }
        guide::question(&mut body, l, num, q);
        if let Some(t) = &opts.tailoring {
            tailored::reason(&mut body, l, t, i);
        }
        if opts.practice {
            practice::answer_space(&mut body, l, q);
        }
        if opts.answers == Answers::Inline {
            match opts
                .sample
                .and_then(|shown| locked.get(i.checked_sub(shown)?))
            {
                Some(holds) => body.push(sample::panel(l, holds, action.clone(), opts)),
                None => guide::answer_guide(&mut body, l, num, q, None, opts),
            }
        }
    }
    if opts.answers == Answers::End {
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
            guide::answer_guide(&mut body, l, i + 1, q, Some(guide_anchor(i + 1)), opts);
        }
    }

    body
}

/// The role with its prose quotes set in its language's style.
fn quoted(role: &Role, l: &Labels) -> Role {
    use crate::content::markdown::Block as Md;
    fn blocks(bs: &mut [Md], q: &[String; 4]) {
        for b in bs {
            match b {
                Md::Paragraph(spans) => crate::labels::localize_quotes(spans, q),
                Md::List { items, .. } => items.iter_mut().for_each(|i| blocks(i, q)),
                // Labels in a diagram are names, set as written.
                Md::Code { .. } | Md::Diagram(_) | Md::Image(_) => {}
                Md::Table(t) => {
                    let cells = t.head.iter_mut().chain(t.rows.iter_mut().flatten());
                    cells.for_each(|spans| crate::labels::localize_quotes(spans, q));
                }
            }
        }
    }
    let q = l.quotes();
    let mut role = role.clone();
    for question in &mut role.questions {
        crate::labels::localize_quotes(&mut question.prompt, q);
        if let Some(why) = &mut question.why_they_ask {
            crate::labels::localize_quotes(why, q);
        }
        let g = &mut question.guide;
        blocks(&mut g.overview, q);
        blocks(&mut g.sample_answer, q);
        for spans in [&mut g.key_points, &mut g.follow_ups, &mut g.pitfalls]
            .into_iter()
            .flatten()
        {
            crate::labels::localize_quotes(spans, q);
        }
        if let Some(r) = &mut g.rubric {
            for spans in [&mut r.weak, &mut r.good, &mut r.strong] {
                crate::labels::localize_quotes(spans, q);
            }
        }
    }
    role
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_prefer_the_title_then_a_short_first_sentence() {
        let prompt = vec![Span::plain(
            "Explain the CAP theorem. Then give an example.",
        )];
        assert_eq!(short_title(Some("CAP"), &prompt), "CAP");
        assert_eq!(short_title(None, &prompt), "Explain the CAP theorem");
        let long = vec![Span::plain(
            "Design a REST API for an e-commerce platform that handles product listings, user orders, and inventory management.",
        )];
        let t = short_title(None, &long);
        assert!(t.ends_with('…') && t.chars().count() <= 61, "{t}");
        assert!(t.starts_with("Design a REST API for an e-commerce platform"));
    }
}
