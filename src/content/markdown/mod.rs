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
mod picture;
mod script;
mod table;

pub use table::{Align, Table};

use super::diagram::Diagram;
use super::image::Picture;
use code::expand_tabs;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

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

/// The plain text of some spans.
pub fn plain_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
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

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.stack.is_empty() {
            self.stack.push(Open::Root(Vec::new()));
        }
        if self.skipping > 0 {
            match event {
                Event::Start(
                    Tag::BlockQuote(_)
                    | Tag::Heading { .. }
                    | Tag::FootnoteDefinition(_)
                    | Tag::DefinitionList
                    | Tag::Image { .. }
                    | Tag::Strikethrough
                    | Tag::HtmlBlock
                    | Tag::List(_),
                ) => self.skipping += 1,
                Event::End(
                    TagEnd::BlockQuote(_)
                    | TagEnd::Heading(_)
                    | TagEnd::FootnoteDefinition
                    | TagEnd::DefinitionList
                    | TagEnd::Image
                    | TagEnd::Strikethrough
                    | TagEnd::HtmlBlock
                    | TagEnd::List(_),
                ) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        let event = match self.table_event(event) {
            Some(other) => other,
            None => return,
        };
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Paragraph => self.flush_para(),
                    Tag::Emphasis => self.style.italic += 1,
                    Tag::Superscript => self.style.script = Script::Super,
                    Tag::Subscript => self.style.script = Script::Sub,
                    Tag::Strong => self.style.bold += 1,
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        let url = match link_type {
                            LinkType::Email => format!("mailto:{dest_url}"),
                            _ => dest_url.to_string(),
                        };
                        if !link_allowed(&url) {
                            self.problem(
                                offset,
                                format!(
                                    "link target `{url}` is not allowed: links must be https:, \
                                     http: or mailto: URLs"
                                ),
                            );
                        }
                        self.style.link = Some(url);
                    }
                    Tag::List(start) => {
                        self.flush_para();
                        if self.list_depth() >= 2 {
                            // Not kept: nesting is unbounded in the input, and kept lists
                            // are walked recursively downstream.
                            self.unsupported(offset, "lists nested more than one level deep");
                            return;
                        }
                        self.stack.push(Open::List {
                            start,
                            items: Vec::new(),
                        });
                    }
                    Tag::Item => {
                        self.flush_para();
                        self.stack.push(Open::Item(Vec::new()));
                    }
                    Tag::CodeBlock(kind) => {
                        self.flush_para();
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => {
                                let l = info.split_whitespace().next().unwrap_or("").to_string();
                                (!l.is_empty()).then_some(l)
                            }
                            CodeBlockKind::Indented => {
                                self.problem(offset, "indented code blocks are not supported; use a fenced block (```)");
                                None
                            }
                        };
                        self.code = Some((lang, String::new()));
                        self.code_from.clear();
                        self.code_at = offset;
                    }
                    Tag::Heading { .. } => self.unsupported(offset, "headings"),
                    Tag::BlockQuote(_) => self.unsupported(offset, "block quotes"),
                    Tag::Image {
                        dest_url, title, ..
                    } => self.start_image(&dest_url, &title, offset),
                    Tag::Strikethrough => self.unsupported(offset, "strikethrough spans"),
                    Tag::FootnoteDefinition(_) => self.unsupported(offset, "footnotes"),
                    Tag::DefinitionList => self.unsupported(offset, "definition lists"),
                    Tag::HtmlBlock => self.unsupported(offset, "raw HTML blocks"),
                    other => {
                        self.problem(offset, format!("unsupported Markdown: {other:?}"));
                    }
                }
            }
            Event::End(end) => match end {
                TagEnd::Image => self.end_image(),
                TagEnd::Paragraph => self.flush_para(),
                TagEnd::Superscript | TagEnd::Subscript => self.style.script = Script::Normal,
                TagEnd::Emphasis => self.style.italic = self.style.italic.saturating_sub(1),
                TagEnd::Strong => self.style.bold = self.style.bold.saturating_sub(1),
                TagEnd::Link => self.style.link = None,
                TagEnd::Item => {
                    self.flush_para();
                    if let Some(Open::Item(blocks)) = self.stack.pop() {
                        if let Some(Open::List { items, .. }) = self.stack.last_mut() {
                            items.push(blocks);
                        }
                    }
                }
                TagEnd::List(_) => {
                    self.flush_para();
                    if let Some(Open::List { start, items }) = self.stack.pop() {
                        self.push_block(Block::List { start, items });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, text)) = self.code.take() {
                        if lang.as_deref() == Some("diagram") {
                            self.diagram(&text);
                            return;
                        }
                        let mut text = expand_tabs(&text);
                        while text.ends_with('\n') {
                            text.pop();
                        }
                        self.push_block(Block::Code { lang, text });
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, code)) = self.code.as_mut() {
                    self.code_from.push((code.len(), offset));
                    code.push_str(&t);
                } else {
                    self.push_text(&t, false, offset);
                }
            }
            Event::Code(t) => self.push_text(&t, true, offset),
            Event::SoftBreak => self.push_text(" ", false, offset),
            Event::HardBreak => self.push_text(" ", false, offset),
            Event::Html(t) | Event::InlineHtml(t) => {
                // Name the tag that was found, so the fix can be copied: `<T>` in a
                // sentence about generics is HTML to CommonMark.
                let tag: String = t.trim().chars().take(40).collect();
                self.problem(
                    offset,
                    format!("raw HTML `{tag}` is not supported; if it is code, put it in backticks (`` `{tag}` ``)"),
                )
            }
            Event::FootnoteReference(_) => self.problem(offset, "footnotes are not supported"),
            Event::TaskListMarker(_) => {
                self.problem(offset, "task list checkboxes are not supported")
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.problem(offset, "math is not supported; put it in backticks")
            }
            Event::Rule => self.problem(offset, "horizontal rules are not supported"),
        }
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
