//! Content: role files (YAML) → a validated [`Role`], with source positions.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! let bank = Bank::bundled();
//! let role = bank.load("backend-mid").expect("bundled roles are valid");
//! println!("{}: {} questions", role.title, role.questions.len());
//! ```
//!
//! A [`Bank`] is where role files come from: the ones compiled into the binary, or a
//! folder given with `--content`. [`Bank::load`] reads and validates one role and fails
//! with every problem found ([`Diagnostics`]); [`Bank::check`] also applies the bank's
//! completeness standard (see `docs/content-format.md`).

mod bank;
pub mod diagram;
pub mod image;
pub mod markdown;
mod parse;
pub mod practice;
mod roles;
pub mod standard;
pub(crate) mod suggest;
pub mod tags;
pub mod vocab;
pub mod yaml;

use std::fmt;

pub(crate) use bank::decode;
pub use bank::Bank;
pub use markdown::{Block, Inlines, Script, Span};
pub use roles::Roles;

use crate::error::setting::Setting;
use crate::Error;

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// Where the text after `before` starts, counting lines and characters as editors
    /// do: the position of the byte offset `before.len()` in a text that begins with
    /// `before`.
    pub(crate) fn after(before: &str) -> Pos {
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Pos { line, col }
    }
}

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The role cannot be exported.
    Error,
    /// The role exports, but falls short of the bank's standard; `check` fails on it.
    Warning,
    /// Said for the author's information; `check` does not fail on it (a draft role,
    /// checks skipped after a syntax error).
    Note,
}

/// One problem in one file, at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Pos,
    pub severity: Severity,
    /// The setting that would fix the problem, when it is one (fonts that lack a
    /// character): the message says what is wrong, the caller how to change the setting.
    pub setting: Option<Setting>,
    pub message: String,
}

impl Diagnostic {
    /// A problem that is the file's own: no setting of the caller's would fix it.
    pub fn new(file: &str, pos: Pos, severity: Severity, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            pos,
            severity,
            setting: None,
            message,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.file, self.pos.line, self.pos.col, self.message
        )
    }
}

/// Every problem found in a role file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A question's category, as on the reference page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Technical,
    SystemDesign,
    Coding,
    Behavioral,
    Situational,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Technical,
        Category::SystemDesign,
        Category::Coding,
        Category::Behavioral,
        Category::Situational,
    ];

    /// The spelling in content files.
    pub fn key(self) -> &'static str {
        match self {
            Category::Technical => "technical",
            Category::SystemDesign => "system-design",
            Category::Coding => "coding",
            Category::Behavioral => "behavioral",
            Category::Situational => "situational",
        }
    }

    /// The spelling on the page.
    pub fn label(self) -> &'static str {
        match self {
            Category::Technical => "Technical",
            Category::SystemDesign => "System design",
            Category::Coding => "Coding",
            Category::Behavioral => "Behavioral",
            Category::Situational => "Situational",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub title: String,
    pub url: String,
    /// What the link leads to; a video is labelled as one on the page.
    pub kind: ResourceKind,
}

/// What a resource is, from its optional `kind` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResourceKind {
    /// Documentation, an article, a specification (the default).
    #[default]
    Page,
    /// A recorded talk or course video.
    Video,
}

/// How an answer will be judged: what a weak, a good and a strong answer sound like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rubric {
    pub weak: Inlines,
    pub good: Inlines,
    pub strong: Inlines,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AnswerGuide {
    pub overview: Vec<Block>,
    pub key_points: Vec<Inlines>,
    pub sample_answer: Vec<Block>,
    pub follow_ups: Vec<Inlines>,
    pub pitfalls: Vec<Inlines>,
    pub resources: Vec<Resource>,
    /// Optional in the format; the bank's standard asks for one on every question.
    pub rubric: Option<Rubric>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    /// Where the question starts in its file.
    pub pos: Pos,
    pub title: Option<String>,
    pub category: Category,
    pub difficulty: Option<Difficulty>,
    pub prompt: Inlines,
    pub why_they_ask: Option<Inlines>,
    pub guide: AnswerGuide,
    /// The answer space's shape and size under `--practice`, if not the category's.
    pub practice: Option<practice::Practice>,
    /// Whether the question is in the set the role sells (`published: true`).
    pub published: bool,
    /// What it tests and whom it suits, for tailoring.
    pub tags: tags::Tags,
}

/// One role's question set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub id: String,
    /// The file it came from, as shown in messages.
    pub file: String,
    pub title: String,
    pub level: String,
    pub track: Option<String>,
    pub summary: String,
    /// When the role's content was last reviewed, as `YYYY-MM`; dates what goes stale.
    pub reviewed: Option<Reviewed>,
    /// The reader's language, a BCP 47 tag (`en` unless the file says `lang:`): the
    /// labels, quotes and the PDF's language follow it.
    pub lang: String,
    /// `draft: true`: a role being written. It exports, but `check` does not hold it to
    /// the bank's completeness standard, and tailoring never takes its questions.
    pub draft: bool,
    pub questions: Vec<Question>,
}

/// A `reviewed: YYYY-MM` date, with where it stands in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reviewed {
    pub year: u16,
    pub month: u8,
    pub pos: Pos,
}

/// Why a character cannot be printed whatever the font: control characters (a YAML
/// escape such as `"\\a"` or `"\\x85"` writes one) and invisible formatting
/// characters, which would print as nothing or reorder text unseen. Line breaks and
/// tabs are text (tabs become spaces).
pub fn unprintable(c: char) -> Option<&'static str> {
    match c {
        '\n' | '\t' => None,
        c if c.is_control() => Some("control character"),
        // Line and paragraph separators, bidi embeddings, overrides and isolates
        // (which can make text read differently from how it is stored).
        '\u{2028}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' => Some("invisible formatting character"),
        _ => None,
    }
}

/// Checks a role id: `[a-z0-9-]+`, so it can never name a path.
pub fn validate_role_id(id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidRoleId(id.to_string()))
    }
}

impl Role {
    /// Keeps the questions `selection` asks for: the published set, when the file
    /// marks one, or every question.
    pub fn select(&mut self, selection: tags::Selection) {
        if selection == tags::Selection::Published && self.questions.iter().any(|q| q.published) {
            self.questions.retain(|q| q.published);
        }
    }

    /// How many questions the role sells as its set: the published ones, or all.
    pub fn published_count(&self) -> usize {
        match self.questions.iter().filter(|q| q.published).count() {
            0 => self.questions.len(),
            n => n,
        }
    }
}
