//! The tokens of the DOT subset: ids (bare or quoted), punctuation and edge
//! operators, each with its byte offset; comments and whitespace are skipped.

use super::Fault;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// A bare word or a quoted string, and whether it was quoted (keywords are
    /// keywords only bare).
    Id(String, bool),
    Open,
    Close,
    OpenAttrs,
    CloseAttrs,
    Eq,
    Semi,
    Comma,
    /// `->`
    Directed,
    /// `--`
    Undirected,
}

fn bare(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Splits `src` from `start` into tokens with their byte offsets.
pub(super) fn lex(src: &str, start: usize) -> Result<Vec<(Tok, usize)>, Fault> {
    let mut out = Vec::new();
    let mut it = src[start..]
        .char_indices()
        .map(|(i, c)| (i + start, c))
        .peekable();
    while let Some((at, c)) = it.next() {
        let next = it.peek().map(|&(_, c)| c);
        let tok = match (c, next) {
            (c, _) if c.is_whitespace() => continue,
            ('#', _) | ('/', Some('/')) => {
                while it.next_if(|&(_, c)| c != '\n').is_some() {}
                continue;
            }
            ('/', Some('*')) => {
                it.next();
                let mut last = ' ';
                loop {
                    match it.next() {
                        Some((_, '/')) if last == '*' => break,
                        Some((_, c)) => last = c,
                        None => return Err(Fault::new(at, "this comment is never closed (`*/`)")),
                    }
                }
                continue;
            }
            ('-', Some('>')) => {
                it.next();
                Tok::Directed
            }
            ('-', Some('-')) => {
                it.next();
                Tok::Undirected
            }
            ('"', _) => Tok::Id(quoted(&mut it, at)?, true),
            ('{', _) => Tok::Open,
            ('}', _) => Tok::Close,
            ('[', _) => Tok::OpenAttrs,
            (']', _) => Tok::CloseAttrs,
            ('=', _) => Tok::Eq,
            (';', _) => Tok::Semi,
            (',', _) => Tok::Comma,
            (c, _) if bare(c) => {
                let mut word = c.to_string();
                while let Some((_, c)) = it.next_if(|&(_, c)| bare(c)) {
                    word.push(c);
                }
                Tok::Id(word, false)
            }
            ('-', _) => {
                return Err(Fault::new(
                    at,
                    "`-` cannot be part of a bare id: quote the id (\"order-api\") or use `_`",
                ))
            }
            (':', _) => return Err(Fault::new(at, "ports (`node:port`) are not supported")),
            ('<', _) => {
                return Err(Fault::new(
                    at,
                    "HTML labels are not supported; use \"quotes\"",
                ))
            }
            (c, _) => return Err(Fault::new(at, format!("unexpected character `{c}`"))),
        };
        out.push((tok, at));
    }
    Ok(out)
}

/// The rest of a quoted string whose `"` is at `at`: `\"` and `\\` escape, `\n` (and
/// DOT's `\l`, `\r`) break the line.
fn quoted(it: &mut impl Iterator<Item = (usize, char)>, at: usize) -> Result<String, Fault> {
    let mut s = String::new();
    loop {
        match it.next() {
            Some((_, '"')) => return Ok(s),
            Some((_, '\\')) => match it.next() {
                Some((_, 'n' | 'l' | 'r')) => s.push('\n'),
                Some((_, c)) => s.push(c),
                None => break,
            },
            Some((_, '\n')) => s.push(' '),
            Some((_, c)) => s.push(c),
            None => break,
        }
    }
    Err(Fault::new(at, "this quoted string is never closed"))
}
