//! Typographic quotes in the reader's language.
//!
//! pulldown-cmark's smart punctuation sets prose quotes as English ones (“…”, ‘…’) and
//! apostrophes as ’; this re-sets the quotes with a language's own (`„…“`, `« … »`)
//! and leaves apostrophes (a ’ between letters, or one with no ‘ open) and code alone.

use crate::model::Span;

/// Re-sets the curly quotes in one paragraph's prose spans with `q` (open and close
/// double, open and close single). Quotes may open in one span and close in another.
pub fn localize_quotes(spans: &mut [Span], q: &[String; 4]) {
    if q[0] == "“" && q[1] == "”" && q[2] == "‘" && q[3] == "’" {
        return;
    }
    // The prose characters of the paragraph in order, to look across span edges.
    let chars: Vec<char> = spans
        .iter()
        .filter(|s| !s.code)
        .flat_map(|s| s.text.chars())
        .collect();
    if !chars.iter().any(|c| matches!(c, '“' | '”' | '‘' | '’')) {
        return;
    }
    let mut at = 0usize;
    let mut single_open = 0usize;
    for span in spans.iter_mut().filter(|s| !s.code) {
        let mut out = String::with_capacity(span.text.len());
        for c in span.text.chars() {
            let prev = at.checked_sub(1).and_then(|i| chars.get(i)).copied();
            let next = chars.get(at + 1).copied();
            at += 1;
            match c {
                '“' => out.push_str(&q[0]),
                '”' => out.push_str(&q[1]),
                '‘' => {
                    single_open += 1;
                    out.push_str(&q[2]);
                }
                '’' => {
                    let inside_word = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if single_open > 0 && !inside_word {
                        single_open -= 1;
                        out.push_str(&q[3]);
                    } else {
                        out.push(c);
                    }
                }
                _ => out.push(c),
            }
        }
        span.text = out;
    }
}
