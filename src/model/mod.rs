//! The shared vocabulary of what a role's text is made of: styled runs of text,
//! tables, diagrams and pictures.
//!
//! `content` produces these values from Markdown and files, `document` places them
//! in its blocks, and `layout` (and, for pictures, `render`) draws them. They live
//! here, not in `content`, so the later stages name what they draw without
//! depending on the stage that reads YAML and Markdown: this module says *what*
//! there is, and nothing of how it was written or where it goes. Parsing stays in
//! `content` (`Shape::named` reads DOT's spelling of a shape, `Svg::parse`
//! converts a file); measuring stays in `layout`. It names no other stage (only
//! `theme`'s decoded pixels, which a logo shares with a picture).

pub mod diagram;
pub mod picture;

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    /// The link target, when the span is (part of) a link.
    pub link: Option<String>,
    /// The byte offset in the Markdown source where the span's text starts, so a
    /// problem with one of its characters is reported where that character stands
    /// (the text itself may differ from the source: quotes, escapes, entities).
    pub at: usize,
    /// Raised (`^10^`), lowered (`~2~`) or on the line.
    pub script: Script,
}

/// Where a span sits against the line: superscripts and subscripts are set smaller
/// and raised or lowered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Script {
    #[default]
    Normal,
    Super,
    Sub,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            code: false,
            link: None,
            at: 0,
            script: Script::Normal,
        }
    }
}

/// One paragraph's worth of spans.
pub type Inlines = Vec<Span>;

/// The plain text of some spans.
pub fn plain_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// How a column's cells are aligned, from the delimiter row (`:--`, `:-:`, `--:`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A table: a header row and body rows, each as wide as `align`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub align: Vec<Align>,
    pub head: Vec<Inlines>,
    pub rows: Vec<Vec<Inlines>>,
}
