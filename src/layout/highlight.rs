//! Syntax highlighting for code blocks: a small lexer per language, from a table of
//! keywords, comment markers and string quotes.
//!
//! `classes(Some("python"), "if x: # why")` gives `if` the class `Keyword` and the
//! comment `Comment`, a class a character (see the tests below).
//!
//! Why not syntect: loading its syntax definitions alone costs about as much as a whole
//! role's export, and its grammars are far more than print needs. Print needs keywords,
//! comments, strings and numbers told apart, which a table-driven lexer does in
//! microseconds, deterministically. Unknown languages (and `text`) stay plain.
//!
//! The language table, one entry per language, is in `highlight/langs.rs`.
//!
//! The bundled monospace face has no bold or italic, so classes are told apart by
//! colour alone: dark colours, each at least 7:1 against the code shading (tested),
//! so they read on a black-and-white printer as near-black text.

mod langs;

use super::Color;
use langs::{lang, Lang};

/// What a character of code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Plain,
    Keyword,
    Comment,
    Str,
    Number,
}

impl Class {
    /// The ink for this class; `None` for plain code (its style's own colour).
    pub fn color(self) -> Option<Color> {
        match self {
            Class::Plain => None,
            Class::Keyword => Some(Color(0.0, 0.2, 0.55)),
            Class::Comment => Some(Color(0.1, 0.34, 0.1)),
            Class::Str => Some(Color(0.6, 0.08, 0.04)),
            Class::Number => Some(Color(0.42, 0.1, 0.48)),
        }
    }
}

fn starts(chars: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| chars.get(k) == Some(&c))
}

/// The class of every character of `code` (one entry per `char`), for the fenced
/// block's language `lang`; all plain when the language is unknown.
pub fn classes(lang_name: Option<&str>, code: &str) -> Vec<Class> {
    let chars: Vec<char> = code.chars().collect();
    let n = chars.len();
    let mut out = vec![Class::Plain; n];
    let Some(lang) = lang_name.and_then(lang) else {
        return out;
    };
    let lexer = Lexer {
        lang,
        chars: &chars,
    };
    let mut i = 0;
    while i < n {
        // Each token fills its characters' classes and says where the next begins.
        i = lexer
            .line_comment(i, &mut out)
            .or_else(|| lexer.block_comment(i, &mut out))
            .or_else(|| lexer.string(i, &mut out))
            .or_else(|| lexer.number(i, &mut out))
            .or_else(|| lexer.word(i, &mut out))
            .unwrap_or(i + 1);
    }
    out
}

/// One language's lexer over a block's characters. Each token method, at `i`, either
/// does not apply (`None`) or marks its token's classes in `out` and returns its end.
struct Lexer<'a> {
    lang: &'static Lang,
    chars: &'a [char],
}

impl Lexer<'_> {
    /// Whether `c` continues a word (identifiers, shell variables).
    fn word_char(c: char) -> bool {
        c.is_alphanumeric() || c == '_' || c == '$'
    }

    /// Whether the character before `i` is part of a word.
    fn after_word(&self, i: usize) -> bool {
        i > 0 && Self::word_char(self.chars[i - 1])
    }

    /// A comment to the end of the line.
    fn line_comment(&self, i: usize, out: &mut [Class]) -> Option<usize> {
        let (chars, n) = (self.chars, self.chars.len());
        let after_space = i == 0 || chars[i - 1].is_whitespace();
        // A `#` comment starts only after a space (not in `$#` or a URL's fragment).
        if !self
            .lang
            .line_comments
            .iter()
            .any(|m| starts(chars, i, m) && (*m != "#" || after_space))
        {
            return None;
        }
        let end = chars[i..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(n, |p| i + p);
        out[i..end].fill(Class::Comment);
        Some(end)
    }

    /// A comment between open and close markers, possibly over several lines.
    fn block_comment(&self, i: usize, out: &mut [Class]) -> Option<usize> {
        let (chars, n) = (self.chars, self.chars.len());
        let (open, close) = self
            .lang
            .block_comment
            .filter(|(o, _)| starts(chars, i, o))?;
        let mut j = i + open.chars().count();
        while j < n && !starts(chars, j, close) {
            j += 1;
        }
        let end = (j + close.chars().count()).min(n);
        out[i..end].fill(Class::Comment);
        Some(end)
    }

    /// A quoted string, or in a language with keys, a quoted key.
    fn string(&self, i: usize, out: &mut [Class]) -> Option<usize> {
        let (chars, n) = (self.chars, self.chars.len());
        let c = chars[i];
        if !self.lang.quotes.contains(&c) {
            return None;
        }
        // Python's triple quotes and JavaScript's backticks may span lines.
        let triple = starts(chars, i, &c.to_string().repeat(3));
        let close_len = if triple { 3 } else { 1 };
        let mut j = i + close_len;
        loop {
            if j >= n || (chars[j] == '\n' && !triple && c != '`') {
                break;
            }
            if chars[j] == '\\' {
                j += 2;
                continue;
            }
            if (triple && starts(chars, j, &c.to_string().repeat(3))) || (!triple && chars[j] == c)
            {
                j += close_len;
                break;
            }
            j += 1;
        }
        let end = j.min(n);
        // A JSON key (`"name":`) reads as a key, not a value.
        let key = self.lang.keys && chars[end..].iter().find(|c| **c != ' ') == Some(&':');
        out[i..end].fill(if key { Class::Keyword } else { Class::Str });
        Some(end)
    }

    /// A number: a digit not inside a word, then letters, digits, dots, underscores.
    fn number(&self, i: usize, out: &mut [Class]) -> Option<usize> {
        let (chars, n) = (self.chars, self.chars.len());
        if !chars[i].is_ascii_digit() || self.after_word(i) {
            return None;
        }
        let mut j = i;
        while j < n && (chars[j].is_ascii_alphanumeric() || chars[j] == '.' || chars[j] == '_') {
            j += 1;
        }
        out[i..j].fill(Class::Number);
        Some(j)
    }

    /// A word: a keyword, a key (`name:`), or plain.
    fn word(&self, i: usize, out: &mut [Class]) -> Option<usize> {
        let (chars, n, lang) = (self.chars, self.chars.len(), self.lang);
        let c = chars[i];
        if !(c.is_alphabetic() || c == '_' || c == '#') || self.after_word(i) {
            return None;
        }
        let mut j = i + 1;
        while j < n && Self::word_char(chars[j]) {
            j += 1;
        }
        let word: String = chars[i..j].iter().collect();
        let keyword = if lang.any_case {
            lang.keywords.iter().any(|k| k.eq_ignore_ascii_case(&word))
        } else {
            lang.keywords.contains(&word.as_str())
        };
        // A YAML key: a word (dashes allowed) then `:` and a space or line end.
        let mut k = j;
        if lang.keys {
            while k < n && (Self::word_char(chars[k]) || chars[k] == '-' || chars[k] == '.') {
                k += 1;
            }
        }
        let key = lang.keys
            && chars.get(k) == Some(&':')
            && chars.get(k + 1).is_none_or(|c| c.is_whitespace());
        if key {
            out[i..k].fill(Class::Keyword);
            return Some(k);
        }
        if keyword {
            out[i..j].fill(Class::Keyword);
        }
        Some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python_keyword_and_comment() {
        let c = classes(Some("python"), "if x: # why");
        assert_eq!(c[0], Class::Keyword);
        assert_eq!(c[6], Class::Comment);
    }

    fn marked(lang: &str, code: &str, class: Class) -> String {
        let c = classes(Some(lang), code);
        code.chars()
            .zip(c)
            .map(|(ch, k)| if k == class { ch } else { '.' })
            .collect()
    }

    #[test]
    fn each_language_marks_keywords_comments_and_strings() {
        assert_eq!(
            marked(
                "sql",
                "SELECT id FROM t -- all\nwhere x = 'a'",
                Class::Keyword
            ),
            "SELECT....FROM..........where........"
        );
        assert_eq!(
            marked(
                "sql",
                "SELECT id FROM t -- all\nwhere x = 'a'",
                Class::Comment
            ),
            ".................-- all.............."
        );
        assert_eq!(
            marked("python", "def f(x): return \"#no\" # yes", Class::Comment),
            ".......................# yes"
        );
        assert_eq!(
            marked("python", "s = '''a\nb''' + x", Class::Str),
            "....'''a\nb'''...."
        );
        assert_eq!(
            marked("ts", "const x = `a${b}` /* c */", Class::Keyword),
            "const...................."
        );
        assert_eq!(
            marked("yaml", "name: web # app\nreplicas: 3", Class::Keyword),
            "name............replicas..."
        );
        assert_eq!(
            marked("json", "{\"a\": \"b\", \"n\": 12}", Class::Keyword),
            ".\"a\".......\"n\"....."
        );
        assert_eq!(
            marked("bash", "echo $# ok # note", Class::Comment),
            "...........# note"
        );
        assert_eq!(marked("go", "x2 := 42", Class::Number), "......42");
        for lang in ["java", "kotlin", "go", "swift", "c"] {
            assert!(classes(Some(lang), "// c")
                .iter()
                .all(|k| *k == Class::Comment));
        }
    }

    #[test]
    fn unknown_languages_stay_plain() {
        for lang in [None, Some("text"), Some("brainfuck")] {
            assert!(classes(lang, "if x # y").iter().all(|k| *k == Class::Plain));
        }
    }

    #[test]
    fn colours_are_dark_enough_for_any_printer() {
        // WCAG contrast against the code shading: 7:1 (AAA) or more, so every class
        // prints as near-black on a black-and-white printer.
        fn lum(c: Color) -> f32 {
            let lin = |v: f32| {
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
        }
        let bg = lum(super::super::style::CODE_BG);
        for class in [Class::Keyword, Class::Comment, Class::Str, Class::Number] {
            let c = class.color().unwrap();
            let ratio = (bg + 0.05) / (lum(c) + 0.05);
            assert!(ratio >= 7.0, "{class:?} {c:?}: {ratio:.1}:1");
        }
    }
}
