//! Superscripts and subscripts written inside words: `10^-21^`, `H~2~O`.
//!
//! pulldown-cmark's superscript and subscript extensions follow emphasis's
//! flanking rules, so they parse `a ^b^ c` but not the `10^-21^` and `H~2~O` that
//! answers are written with. So a paragraph's plain spans are also scanned for
//! `^…^` and `~…~` holding no spaces (`~~…~~` is strikethrough, which pulldown-cmark
//! has already taken, and is refused).

use super::{Script, Span};

/// The spans with every `^…^` and `~…~` inside plain text split out as its own span.
pub(super) fn split_scripts(spans: Vec<Span>) -> Vec<Span> {
    if !spans.iter().any(|s| s.text.contains(['^', '~'])) {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if span.code || span.script != Script::Normal {
            out.push(span);
            continue;
        }
        let mut rest = span.text.as_str();
        // Where each piece starts in the source, as near as the span's text tells.
        let mut at = span.at;
        while let Some((before, script, inner, after)) = next_script(rest) {
            if !before.is_empty() {
                out.push(Span {
                    text: before.to_string(),
                    at,
                    ..span.clone()
                });
            }
            out.push(Span {
                text: inner.to_string(),
                at: at + before.len() + 1,
                script,
                ..span.clone()
            });
            at += before.len() + inner.len() + 2;
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Span {
                text: rest.to_string(),
                at,
                ..span
            });
        }
    }
    out
}

/// The first `^x^` or `~x~` in `text`: what comes before, which script, what is
/// inside, and what comes after.
fn next_script(text: &str) -> Option<(&str, Script, &str, &str)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(['^', '~']).map(|i| i + from) {
        let mark = &text[i..i + 1];
        let after = &text[i + 1..];
        let end = after.find(mark);
        let doubled = after.starts_with(mark) || text[..i].ends_with(mark);
        if let Some(end) = end.filter(|&e| e > 0 && !doubled) {
            let inner = &after[..end];
            if !inner.contains(char::is_whitespace) {
                let script = if mark == "^" {
                    Script::Super
                } else {
                    Script::Sub
                };
                return Some((&text[..i], script, inner, &after[end + 1..]));
            }
        }
        from = i + 1;
    }
    None
}
