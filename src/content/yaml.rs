//! YAML → a tree of nodes that remember where they start.
//!
//! serde-based YAML readers stop at the first problem and forget positions once a value
//! is deserialized; the checker needs every problem at once, each with line and column.
//! So this builds a small tree from yaml-rust2's marked events, and `parse` walks it.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::Pos;

/// A YAML node and the position of its first character.
#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
    /// For a one-line quoted scalar with escapes (`"\a"`, `'it''s'`): the column, counted
    /// from the opening quote, where each character of the text stands in the file, so
    /// a problem after an escape is still reported where it stands.
    pub cols: Option<Box<[u32]>>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `~`, `null` or nothing at all.
    Null,
}

/// How a scalar was written, which decides where its text starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    /// `|`: lines map one to one onto the file's lines, starting on the next line.
    Literal,
    /// `>`: lines are folded, so positions inside are approximate.
    Folded,
}

impl Node {
    /// A short word for what this node is, for "expected a list, found a mapping".
    pub fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Scalar(..) => "a text value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Null => "nothing",
        }
    }

    /// The position of byte `offset` of this scalar's text, as near as the style allows.
    pub fn pos_at(&self, offset: usize) -> Pos {
        let Kind::Scalar(text, style) = &self.kind else {
            return self.pos;
        };
        // An offset inside a character (never produced here, but cheap to rule out)
        // counts from the start of that character rather than slicing through it.
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line_in_text = before.matches('\n').count();
        let col_in_line = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        match style {
            Style::Plain if line_in_text == 0 => Pos {
                line: self.pos.line,
                col: self.pos.col + col_in_line,
            },
            Style::Quoted if line_in_text == 0 => Pos {
                line: self.pos.line,
                col: self.pos.col
                    + self
                        .cols
                        .as_ref()
                        .and_then(|c| c.get(col_in_line))
                        .map_or(1 + col_in_line, |&c| c as usize),
            },
            // yaml-rust2 marks a block scalar where its text starts, below the `|`.
            Style::Literal => Pos {
                line: self.pos.line + line_in_text,
                col: self.pos.col + col_in_line,
            },
            _ => self.pos,
        }
    }
}

/// A YAML syntax error with its position.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// How deeply lists and mappings may nest. A role file needs seven levels (role,
/// questions, question, answer guide, resources, resource, …); hostile input can nest
/// thousands, which would exhaust the stack of any recursive reader after us.
pub const MAX_DEPTH: usize = 64;

/// Parses one YAML document into a [`Node`] tree.
///
/// Events are pulled one at a time (yaml-rust2's own `load` recurses once per level of
/// nesting), so no input can overflow the stack; nesting past [`MAX_DEPTH`], a second
/// document, or a control character in the file is an error with its position.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    if let Some(err) = control_char(source) {
        return Err(err);
    }
    let mut builder = Builder {
        source: Some(source),
        ..Builder::default()
    };
    let mut parser = Parser::new_from_str(source);
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| SyntaxError {
            pos: pos(e.marker()),
            message: e.info().to_string(),
        })?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        pos: pos(&mark),
                        message: "a second YAML document (after `---`); the file holds \
                                  exactly one"
                            .into(),
                    });
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if builder.stack.len() >= MAX_DEPTH =>
            {
                return Err(SyntaxError {
                    pos: pos(&mark),
                    message: format!(
                        "nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)"
                    ),
                });
            }
            _ => {}
        }
        builder.on_event(event, mark);
    }
    if let Some(msg) = builder.unsupported {
        return Err(SyntaxError {
            pos: builder.unsupported_pos,
            message: msg,
        });
    }
    Ok(builder.root.unwrap_or(Node {
        pos: Pos { line: 1, col: 1 },
        kind: Kind::Null,
        cols: None,
    }))
}

/// The first character YAML does not allow unescaped in a file: C0 and C1 controls
/// other than tab and line ends, and DEL. yaml-rust2 would stop reading at a NUL and
/// silently drop the rest of the file.
fn control_char(source: &str) -> Option<SyntaxError> {
    let (offset, c) = source
        .char_indices()
        .find(|&(_, c)| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FEFF}')?;
    let message = match c {
        '\0' => "a NUL byte (U+0000): the file looks binary or truncated, and nothing after \
                 it would be read"
            .to_string(),
        '\u{FEFF}' => "a byte-order mark (U+FEFF) inside the file".to_string(),
        _ => format!(
            "control character U+{:04X}: content files may not contain control characters",
            c as u32
        ),
    };
    Some(SyntaxError {
        pos: Pos::after(&source[..offset]),
        message,
    })
}

fn pos(m: &Marker) -> Pos {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

#[derive(Default)]
struct Builder<'s> {
    /// The file's text, to map quoted scalars' escapes back to columns.
    source: Option<&'s str>,
    stack: Vec<Node>,
    root: Option<Node>,
    unsupported: Option<String>,
    unsupported_pos: Pos,
}

impl Builder<'_> {
    fn push_value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Node {
                kind: Kind::Seq(items),
                ..
            }) => items.push(node),
            Some(Node {
                kind: Kind::Map(entries),
                ..
            }) => {
                // A mapping receives key, value, key, value…: a pending key is stored
                // with a Null placeholder value until its value arrives.
                match entries.last_mut() {
                    Some((_, v)) if matches!(v.kind, Kind::Null) && v.pos.line == 0 => *v = node,
                    _ => entries.push((
                        node,
                        Node {
                            pos: Pos { line: 0, col: 0 },
                            kind: Kind::Null,
                            cols: None,
                        },
                    )),
                }
            }
            Some(_) => {}
        }
    }
}

/// Where each character of a one-line quoted scalar's `text` stands in the file,
/// counted in characters from the opening quote at `mark`; `None` when the scalar has
/// no escapes (the text is the source) or spans lines (positions there are approximate).
fn quoted_cols(source: &str, mark: &Marker, text: &str) -> Option<Box<[u32]>> {
    let rest = source.get(mark.index()..).or_else(|| {
        // yaml-rust2's index counts characters; find the byte offset.
        source
            .char_indices()
            .nth(mark.index())
            .map(|(b, _)| &source[b..])
    })?;
    let mut chars = rest.chars();
    let quote = chars.next()?;
    let mut cols = Vec::with_capacity(text.chars().count());
    let mut col: u32 = 1;
    let mut escaped = false;
    loop {
        let c = chars.next()?;
        match (quote, c) {
            (_, '\n' | '\r') => return None,
            ('"', '"') | ('\'', '\'') if !chars.as_str().starts_with('\'') || quote == '"' => break,
            ('\'', '\'') => {
                // `''` is one quote.
                chars.next();
                cols.push(col);
                col += 2;
                escaped = true;
            }
            ('"', '\\') => {
                let width = match chars.next()? {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                for _ in 0..width {
                    chars.next()?;
                }
                cols.push(col);
                col += 2 + width;
                escaped = true;
            }
            _ => {
                cols.push(col);
                col += 1;
            }
        }
    }
    (escaped && cols.len() == text.chars().count()).then(|| cols.into_boxed_slice())
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(&mark);
        match ev {
            Event::Scalar(text, style, _, _) => {
                let style = match style {
                    TScalarStyle::Plain => Style::Plain,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Style::Quoted,
                    TScalarStyle::Literal => Style::Literal,
                    TScalarStyle::Folded => Style::Folded,
                };
                let is_null = style == Style::Plain
                    && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let cols = match style {
                    Style::Quoted => self.source.and_then(|src| quoted_cols(src, &mark, &text)),
                    _ => None,
                };
                let kind = if is_null {
                    Kind::Null
                } else {
                    Kind::Scalar(text, style)
                };
                self.push_value(Node {
                    pos: at,
                    kind,
                    cols,
                });
            }
            Event::SequenceStart(..) => self.stack.push(Node {
                pos: at,
                kind: Kind::Seq(Vec::new()),
                cols: None,
            }),
            Event::MappingStart(..) => self.stack.push(Node {
                pos: at,
                kind: Kind::Map(Vec::new()),
                cols: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(mut node) = self.stack.pop() {
                    // A block mapping is marked after its first key; a reader looks for
                    // the key itself ("- id: …").
                    if let Kind::Map(entries) = &node.kind {
                        if let Some((k, _)) = entries.first() {
                            node.pos = node.pos.min(k.pos);
                        }
                    }
                    self.push_value(node);
                }
            }
            Event::Alias(_) => {
                if self.unsupported.is_none() {
                    self.unsupported =
                        Some("YAML aliases (*name) are not supported: write the value out".into());
                    self.unsupported_pos = at;
                }
                self.push_value(Node {
                    pos: at,
                    kind: Kind::Null,
                    cols: None,
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_point_at_values() {
        let src = "title: Backend\nquestions:\n  - id: one\n    prompt: |\n      first\n      second *x\n";
        let root = parse(src).unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.pos, Pos { line: 1, col: 8 });
        let Kind::Seq(qs) = &entries[1].1.kind else {
            panic!()
        };
        let Kind::Map(q) = &qs[0].kind else { panic!() };
        assert_eq!(q[0].0.pos, Pos { line: 3, col: 5 });
        let prompt = &q[1].1;
        // "second" starts on line 6; the offset of "*x" is 6 + 7.
        assert_eq!(prompt.pos_at(13), Pos { line: 6, col: 14 });
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("title: [unclosed\nlevel: x\n").unwrap_err();
        assert!(err.pos.line >= 1);
        assert!(!err.message.is_empty());
    }

    #[test]
    fn empty_values_are_null() {
        let root = parse("title:\nlevel: ~\n").unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        assert!(matches!(entries[0].1.kind, Kind::Null));
        assert!(matches!(entries[1].1.kind, Kind::Null));
    }
}
