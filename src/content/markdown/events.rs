//! The builder's walk over pulldown-cmark's events: each start and end tag opens or
//! closes a style, list, item or code block, and everything the subset does not
//! have is a [`Problem`](super::Problem) at its offset, its contents skipped.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::code::expand_tabs;
use super::{link_allowed, Block, BlockBuilder, Open, Script};

impl BlockBuilder {
    pub(super) fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.stack.is_empty() {
            self.stack.push(Open::Root(Vec::new()));
        }
        if self.skipping > 0 {
            self.skip(&event);
            return;
        }
        let event = match self.table_event(event) {
            Some(other) => other,
            None => return,
        };
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(end) => self.end(end),
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
                    format!("raw HTML `{tag}` is not supported; if it is code, put it between backticks, as it is quoted here"),
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

    /// Inside an unsupported container: only its depth is followed, so its end is
    /// found; nothing in it is kept.
    fn skip(&mut self, event: &Event<'_>) {
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
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
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
            } => self.start_link(link_type, &dest_url, offset),
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
            Tag::CodeBlock(kind) => self.start_code(kind, offset),
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

    /// A link's target, which must be a web or mail address; an e-mail autolink
    /// becomes `mailto:`.
    fn start_link(&mut self, link_type: LinkType, dest_url: &CowStr<'_>, offset: usize) {
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

    /// A fenced code block opens with its language (the info string's first word);
    /// an indented one is a problem, since it is too easily made by accident.
    fn start_code(&mut self, kind: CodeBlockKind<'_>, offset: usize) {
        self.flush_para();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                let l = info.split_whitespace().next().unwrap_or("").to_string();
                (!l.is_empty()).then_some(l)
            }
            CodeBlockKind::Indented => {
                self.problem(
                    offset,
                    "indented code blocks are not supported; use a fenced block (```)",
                );
                None
            }
        };
        self.code = Some((lang, String::new()));
        self.code_from.clear();
        self.code_at = offset;
    }

    fn end(&mut self, end: TagEnd) {
        match end {
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
            TagEnd::CodeBlock => self.end_code(),
            _ => {}
        }
    }

    /// A code block ends as a diagram (` ```diagram `) or as code, its tabs expanded
    /// and its trailing line ends dropped.
    fn end_code(&mut self) {
        let Some((lang, text)) = self.code.take() else {
            return;
        };
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
