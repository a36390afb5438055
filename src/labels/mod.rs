//! Labels: every fixed word a printed question set shows, in the reader's language.
//!
//! ```
//! use prep_pdf::labels::{Labels, Overrides};
//! let de = Labels::new("de", &Overrides::default());
//! assert_eq!(de.fill("page_of", &[("page", "2"), ("total", "9")]), "Seite 2 von 9");
//! assert_eq!(de.count("question_count", 1), "1 Frage");
//! ```
//!
//! The labels come from a bundled table (`src/labels/table.yaml`, compiled in; its
//! format is in `docs/labels.md`), one entry per language: the labels, the plural
//! rule counts follow, and the typographic quotes prose is set with. A role file picks
//! its language with `lang:` (a BCP 47 tag; [`check_tag`] says whether the table has
//! it), and a theme may override any label ([`Overrides`]).

mod parse;
mod quotes;

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use parse::{parse_table, TableError};
pub use quotes::localize_quotes;

/// The bundled table, as written.
pub const TABLE: &str = include_str!("table.yaml");

/// The language labels fall back to, and the one every other must match key for key.
pub const DEFAULT_LANG: &str = "en";

/// How a language picks the form of a counted label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    /// `one` for 1, `other` for the rest (English, German, Spanish, …).
    OneOther,
    /// `one` for 0 and 1, `other` for the rest (French).
    ZeroOneOther,
    /// Russian, Ukrainian: `one` for 1, 21, 31…; `few` for 2–4, 22–24…; `many` else.
    EastSlavic,
    /// Polish: `one` for 1 only; `few` for 2–4, 22–24…; `many` else.
    Polish,
}

impl Plural {
    const NAMES: [(&'static str, Plural); 4] = [
        ("one-other", Plural::OneOther),
        ("zero-one-other", Plural::ZeroOneOther),
        ("east-slavic", Plural::EastSlavic),
        ("polish", Plural::Polish),
    ];

    /// The forms a counted label must give under this rule.
    pub fn forms(self) -> &'static [&'static str] {
        match self {
            Plural::OneOther | Plural::ZeroOneOther => &["one", "other"],
            Plural::EastSlavic | Plural::Polish => &["one", "few", "many"],
        }
    }

    /// The form for `n`.
    pub fn form(self, n: usize) -> &'static str {
        let (d, h) = (n % 10, n % 100);
        let few = (2..=4).contains(&d) && !(12..=14).contains(&h);
        match self {
            Plural::OneOther => ["other", "one"][usize::from(n == 1)],
            Plural::ZeroOneOther => ["other", "one"][usize::from(n <= 1)],
            Plural::EastSlavic if d == 1 && h != 11 => "one",
            Plural::Polish if n == 1 => "one",
            Plural::EastSlavic | Plural::Polish if few => "few",
            Plural::EastSlavic | Plural::Polish => "many",
        }
    }
}

/// One label: a text, or a text per plural form for labels that count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    Text(String),
    Counted(BTreeMap<String, String>),
}

/// One language's entry in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    /// The primary language subtag, lowercase (`de`).
    pub code: String,
    /// The language's name in itself (`Deutsch`).
    pub name: String,
    pub plural: Plural,
    /// Open and close double quotes, open and close single quotes.
    pub quotes: [String; 4],
    pub labels: BTreeMap<String, Label>,
}

/// A label set as a theme overrides it: label key → text.
pub type Overrides = BTreeMap<String, String>;

/// The bundled table, parsed once.
pub fn bundled() -> &'static [Language] {
    static TABLE_PARSED: OnceLock<Vec<Language>> = OnceLock::new();
    TABLE_PARSED.get_or_init(|| match parse_table(TABLE) {
        Ok(t) => t,
        // The table is compiled in and a unit test parses it: this cannot happen in a
        // released binary.
        Err(e) => panic!("src/labels/table.yaml:{}:{}: {}", e.line, e.col, e.message),
    })
}

/// The bundled table's language sections, in table order: each code with the text
/// from its `code:` line to the next language's. Found by their unindented `xx:`
/// lines, without parsing YAML.
fn sections() -> &'static [(&'static str, &'static str)] {
    static SECTIONS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        let mut starts: Vec<(&str, usize)> = Vec::new();
        let mut at = 0;
        for line in TABLE.split_inclusive('\n') {
            let head = line.trim_end();
            if let Some(code) = head.strip_suffix(':') {
                if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase()) {
                    starts.push((code, at));
                }
            }
            at += line.len();
        }
        let ends = starts.iter().skip(1).map(|s| s.1).chain([TABLE.len()]);
        starts
            .iter()
            .zip(ends)
            .map(|(&(code, start), end)| (code, &TABLE[start..end]))
            .collect()
    })
}

/// One language of the bundled table, parsed on first use. Parsing all nine took a
/// twentieth of a role's export; a role needs one (and `en`, which every language
/// is checked against). The unit tests parse the whole table.
fn bundled_language(code: &str) -> Option<&'static Language> {
    static PARSED: OnceLock<Vec<OnceLock<Language>>> = OnceLock::new();
    let sections = sections();
    let slots = PARSED.get_or_init(|| sections.iter().map(|_| OnceLock::new()).collect());
    let index = sections.iter().position(|(c, _)| *c == code)?;
    Some(slots[index].get_or_init(|| {
        let text = if index == 0 {
            sections[0].1.to_string()
        } else {
            format!("{}{}", sections[0].1, sections[index].1)
        };
        match parse_table(&text) {
            Ok(mut t) => t.pop().expect("a parsed section has its language"),
            // The table is compiled in and a unit test parses it: this cannot happen
            // in a released binary.
            Err(e) => panic!("src/labels/table.yaml, `{code}`: {}", e.message),
        }
    }))
}

/// The default language: the table's first.
fn default_language() -> &'static Language {
    bundled_language(sections()[0].0).expect("the table has a first language")
}

/// The label keys (those of the default language).
pub fn keys() -> impl Iterator<Item = &'static str> {
    default_language().labels.keys().map(String::as_str)
}

/// Whether `tag` is well-formed BCP 47 as far as prep-pdf reads it: a 2–3 letter
/// language subtag, then subtags of 1–8 letters or digits (`de`, `pt-BR`, `sr-Latn-RS`).
pub fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The language codes the table has, in table order.
pub fn supported() -> Vec<&'static str> {
    sections().iter().map(|(code, _)| *code).collect()
}

fn language(tag: &str) -> Option<&'static Language> {
    let primary = tag.split('-').next()?.to_ascii_lowercase();
    bundled_language(&primary)
}

/// Checks a role's `lang:`: well-formed, and a language the table has. The error
/// says which languages there are.
pub fn check_tag(tag: &str) -> Result<(), String> {
    let list = supported().join(", ");
    if !is_tag(tag) {
        return Err(format!(
            "`{tag}` is not a BCP 47 language tag (like `de` or `pt-BR`; supported: {list})"
        ));
    }
    if language(tag).is_none() {
        return Err(format!(
            "no labels for language `{tag}` (supported: {list}; docs/labels.md says how to add one)"
        ));
    }
    Ok(())
}

/// The labels of one document: a language's, with a theme's overrides on top.
#[derive(Clone, Debug)]
pub struct Labels {
    /// The tag as the role wrote it, for the PDF's `/Lang` and XMP language.
    tag: String,
    lang: &'static Language,
    overrides: Overrides,
}

impl Default for Labels {
    fn default() -> Self {
        Labels::new(DEFAULT_LANG, &Overrides::default())
    }
}

impl Labels {
    /// The labels for `tag` (falling back to English for a language the table lacks;
    /// content checking refuses those first) with `overrides` applied.
    pub fn new(tag: &str, overrides: &Overrides) -> Labels {
        Labels {
            tag: tag.to_string(),
            lang: language(tag).unwrap_or_else(default_language),
            overrides: overrides.clone(),
        }
    }

    /// The language tag, as written.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Open and close double quotes, open and close single quotes.
    pub fn quotes(&self) -> &[String; 4] {
        &self.lang.quotes
    }

    /// A label's text. Counted labels give their `other` (or `many`) form.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(t) = self.overrides.get(key) {
            return t;
        }
        match self.lang.labels.get(key) {
            Some(Label::Text(t)) => t,
            Some(Label::Counted(m)) => m.values().next_back().map_or(key, String::as_str),
            // Keys are compile-time constants checked by a test; show the key rather
            // than nothing if one were ever misspelt.
            None => key,
        }
    }

    /// A label with its `{placeholders}` filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// A counted label for `n`, in the form the language's plural rule picks.
    pub fn count(&self, key: &str, n: usize) -> String {
        self.count_fill(key, n, &[])
    }

    /// A counted label for `n` with its other `{placeholders}` filled in too
    /// ("{shown} of {n} questions").
    pub fn count_fill(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let n_text = n.to_string();
        let text = match (self.overrides.get(key), self.lang.labels.get(key)) {
            (Some(t), _) => t.as_str(),
            (None, Some(Label::Counted(m))) => {
                m.get(self.lang.plural.form(n)).map_or(key, String::as_str)
            }
            (None, _) => self.text(key),
        };
        let mut all = vec![("n", n_text.as_str())];
        all.extend_from_slice(args);
        fill(text, &all)
    }
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests;
