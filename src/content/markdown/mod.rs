//! The Markdown subset content files may use, parsed with pulldown-cmark.
//!
//! ```
//! use prep_pdf::content::markdown::{parse_blocks, Block};
//! let (blocks, problems) = parse_blocks("Use **bold** and `code`.\n\n- one\n- two\n");
//! assert!(problems.is_empty());
//! assert!(matches!(blocks[1], Block::List { .. }));
//! ```
//!
//! Supported: paragraphs, strong, emphasis, inline code, links, bullet and numbered
//! lists nested one level, fenced code blocks, tables, and images standing alone in
//! their paragraph (`![alt](file.png "Caption")`, see [`super::image`]). Prose gets typographic quotes, dashes
//! and ellipses; code keeps its characters. Everything else CommonMark (or its common
//! extensions) can express is reported as a [`Problem`] with its byte offset, never
//! silently dropped: a reader would otherwise lose part of an answer guide.

mod code;
mod events;
mod picture;
mod script;
mod table;

// The values Markdown parses to are the shared vocabulary (see `crate::model`);
// named here too, as the parts of a [`Block`].
pub use crate::model::{plain_text, Align, Inlines, Script, Span, Table};

use super::diagram::Diagram;
use super::image::Picture;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// A block of Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Inlines),
    /// `start` is `Some(n)` for a numbered list starting at `n`.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    /// A ```` ```diagram ```` block, parsed and checked (see [`super::diagram`]).
    Diagram(Box<Diagram>),
    /// A GitHub-flavoured table.
    Table(Box<Table>),
    /// An image, alone in its paragraph (see [`super::image`]).
    Image(Box<Picture>),
}

/// Something the content uses that prep-pdf does not support.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset into the Markdown text.
    pub offset: usize,
    pub message: String,
}

/// Whether a link may leave the PDF for `url`: `https:`, `http:` (with a host) or
/// `mailto:`, in any case. Anything else (`javascript:`, `file:`, `data:`, relative
/// paths) would become an action a reader's viewer runs, so it is refused.
pub fn link_allowed(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => rest
            .strip_prefix("//")
            .is_some_and(|r| !r.is_empty() && !r.starts_with('/')),
        "mailto" => rest.contains('@'),
        _ => false,
    }
}

/// Parses a Markdown field of blocks.
pub fn parse_blocks(src: &str) -> (Vec<Block>, Vec<Problem>) {
    let mut b = BlockBuilder::default();
    // Smart punctuation sets prose as a typesetter would — “quotes”, it’s, en and em
    // dashes from -- and ---, … — and leaves code spans and blocks alone. The other
    // extensions are on only so that what they parse is reported, not misread.
    let opts = Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST;
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        if let Event::Start(Tag::TableHead | Tag::TableRow) = event {
            // pulldown-cmark pads and cuts rows to the header's width; a row written
            // with another number of cells is a mistake the reader would not see.
            b.row_written(table::cells_written(&src[range.clone()]), range.start);
        }
        b.event(event, range.start);
    }
    b.finish()
}

/// Parses an inline Markdown field: exactly one paragraph of spans.
pub fn parse_inline(src: &str) -> (Inlines, Vec<Problem>) {
    let (blocks, mut problems) = parse_blocks(src);
    let mut out = Inlines::new();
    let mut seen_paragraph = false;
    for block in blocks {
        match block {
            Block::Paragraph(spans) if !seen_paragraph => {
                out = spans;
                seen_paragraph = true;
            }
            Block::Paragraph(_) => problems.push(Problem {
                offset: 0,
                message: "this field takes a single paragraph (no blank lines)".into(),
            }),
            Block::List { .. } => problems.push(Problem {
                offset: 0,
                message: "this field takes inline text; a list is not allowed here".into(),
            }),
            Block::Image(_) => problems.push(Problem {
                offset: 0,
                message: "this field takes inline text; an image is not allowed here".into(),
            }),
            Block::Code { .. } | Block::Diagram(_) | Block::Table(_) => problems.push(Problem {
                offset: 0,
                message: "this field takes inline text; a code block is not allowed here".into(),
            }),
        }
    }
    (out, problems)
}

#[derive(Default)]
struct Style {
    bold: u32,
    italic: u32,
    link: Option<String>,
    script: Script,
}

/// An open container while building: the document, a list, or a list item.
enum Open {
    Root(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
}

#[derive(Default)]
struct BlockBuilder {
    stack: Vec<Open>,
    /// The paragraph being filled, if any (tight list items have no Paragraph tags).
    para: Option<Inlines>,
    code: Option<(Option<String>, String)>,
    /// Where the open code block's text came from: (offset in the text, offset in
    /// the source) of each piece, so a diagram's faults map back to the source.
    code_from: Vec<(usize, usize)>,
    /// Where the open code block's fence is.
    code_at: usize,
    /// The table being read, if any.
    table: Option<table::Open>,
    style: Style,
    problems: Vec<Problem>,
    /// Depth of unsupported containers we are inside; their content is not kept.
    skipping: u32,
    /// The image being read, or read and waiting for its paragraph to end.
    image: Option<picture::Open>,
}

impl BlockBuilder {
    fn problem(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            offset,
            message: message.into(),
        });
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Open::Root(v)) | Some(Open::Item(v)) => v.push(block),
            Some(Open::List { .. }) | None => {}
        }
    }

    fn flush_para(&mut self) {
        if let Some(open) = self.image.take() {
            self.end_image_para(open);
        }
        if let Some(spans) = self.para.take() {
            if !spans.is_empty() {
                self.push_block(Block::Paragraph(script::split_scripts(spans)));
            }
        }
    }

    fn push_text(&mut self, text: &str, code: bool, at: usize) {
        if self.image_text(text, at) {
            return;
        }
        let span = Span {
            at,
            // No face has a glyph for a tab; in running text it is a space.
            text: text.replace('\t', " "),
            bold: self.style.bold > 0,
            italic: self.style.italic > 0,
            code,
            link: self.style.link.clone(),
            script: self.style.script,
        };
        let para = self.para.get_or_insert_with(Vec::new);
        match para.last_mut() {
            Some(last)
                if last.bold == span.bold
                    && last.italic == span.italic
                    && last.code == span.code
                    && last.link == span.link
                    && last.script == span.script =>
            {
                last.text.push_str(&span.text)
            }
            _ => para.push(span),
        }
    }

    fn list_depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|o| matches!(o, Open::List { .. }))
            .count()
    }

    fn unsupported(&mut self, offset: usize, what: &str) {
        self.problem(offset, format!("{what} are not supported here"));
        self.skipping += 1;
    }

    fn finish(mut self) -> (Vec<Block>, Vec<Problem>) {
        self.flush_para();
        let blocks = match self.stack.into_iter().next() {
            Some(Open::Root(v)) => v,
            _ => Vec::new(),
        };
        (blocks, self.problems)
    }
}

#[cfg(test)]
mod tests;
