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

mod body;
mod cover;
mod guide;
mod keep;
mod localize;
pub mod sample;
pub mod structure;
mod tailored;

pub use keep::KeepWithNext;
pub use sample::Locked;
pub use structure::{ElemId, Elems, Mark, Region, Structure, Tags};
pub use tailored::{Reason, Tailoring};
mod practice;

use crate::content::{Category, Difficulty, Role};
use crate::model::{plain_text, Inlines, Span};
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
    /// Made with [`Block::paragraph`], which sets `keep` from the text.
    Paragraph {
        kind: ParaKind,
        spans: Inlines,
        list: Option<ListMark>,
        tags: Tags,
        keep: KeepWithNext,
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
        diagram: Box<crate::model::diagram::Diagram>,
        depth: u8,
        tags: Tags,
    },
    /// An image from the role's folder, drawn whole with its caption under it;
    /// `depth` as for code.
    Image {
        picture: Box<crate::model::picture::Picture>,
        depth: u8,
        tags: Tags,
    },
    /// A table; `depth` as for code. Its cells' elements are `tags.cells`, the
    /// header's first, row by row.
    Table {
        table: Box<crate::model::Table>,
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
    Block::paragraph(kind, vec![Span::plain(text)], None)
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

/// The document for a role whose body is `base`'s, from a [`build`] with the same
/// role and options but another `prepared_for` (or none): only the cover is built and
/// numbered, and the body is left empty, its elements taken from `base` (the body
/// numbers its own, so they are the same with any cover). A mail merge lays each
/// copy's cover out on a body laid out once.
pub fn build_cover(role: &Role, opts: &Options, base: &Structure) -> Document {
    build_with(role, opts, Some(base))
}

fn build_with(role: &Role, opts: &Options, base: Option<&Structure>) -> Document {
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
        localized = localize::quoted(role, &l);
        &localized
    };
    let header = match &brand {
        Some(name) => format!("{name} · {} · {}", role.title, role.level),
        None => format!("{} · {}", role.title, role.level),
    };
    let meta = meta(role, &l, brand.as_deref());
    let action = sample::action(&l, opts.theme.as_deref(), role.questions.len());
    let cover = cover::cover_blocks(role, opts, &l, brand.as_deref(), &action);
    let cover::Cover {
        blocks: mut cover,
        stamp_at,
    } = cover;
    let (body, body_elems) = match base {
        Some(base) => (Vec::new(), base.body.clone()),
        None => {
            let mut body = body::body_blocks(role, opts, &l, locked, &action);
            let elems = number(Region::Body, &mut body);
            // It grew by doubling; a long document keeps it until it is rendered.
            body.shrink_to_fit();
            (body, Arc::new(elems))
        }
    };
    let structure = Arc::new(Structure {
        cover: number(Region::Cover, &mut cover),
        stamp: stamp_at.and_then(|i| match &cover[i] {
            Block::Paragraph { tags, .. } => tags.text,
            _ => None,
        }),
        body: body_elems,
    });
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

/// The document's metadata: its title in the reader's language, the summary as its
/// subject, and keywords for what it is and the categories it covers.
fn meta(role: &Role, l: &Labels, brand: Option<&str>) -> Meta {
    let mut keywords = vec![
        l.text("cover_kicker").to_lowercase(),
        role.title.clone(),
        role.level.clone(),
    ];
    for c in Category::ALL {
        if role.questions.iter().any(|q| q.category == c) {
            keywords.push(category_label(l, c).to_lowercase());
        }
    }
    Meta {
        title: l.fill(
            "pdf_title",
            &[("title", &role.title), ("level", &role.level)],
        ),
        subject: role.summary.clone(),
        keywords,
        author: brand.unwrap_or("prep-pdf").to_string(),
        language: role.lang.clone(),
    }
}

/// Gives `blocks`, `region`'s, their structure elements, numbered from 0 whatever
/// the other region holds.
fn number(region: Region, blocks: &mut [Block]) -> Elems {
    let mut elems = Elems::new(region);
    structure::assign(&mut elems, blocks);
    // It grew by doubling; a long document keeps it until it is rendered.
    elems.shrink_to_fit();
    elems
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
