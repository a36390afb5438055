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

pub mod diagram;
pub mod image;
pub mod markdown;
mod parse;
pub mod practice;
pub mod standard;
pub(crate) mod suggest;
pub mod tags;
pub mod vocab;
pub mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

pub use markdown::{Block, Inlines, Script, Span};

use crate::fonts::FontSet;
use crate::Error;

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
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
    pub message: String,
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

mod bundled {
    // Generated by build.rs: `pub const ROLES: &[(&str, &str)] = &[(id, yaml), …];`
    include!(concat!(env!("OUT_DIR"), "/bundled_content.rs"));
}

/// File stems in a content folder that are not role files.
const NOT_ROLES: [&str; 2] = ["theme", "skills"];

/// Where role files come from.
#[derive(Clone, Debug)]
enum Source {
    /// The `content/` folder compiled into the binary.
    Bundled,
    /// A folder of `<role-id>.yaml` files.
    Dir(PathBuf),
}

/// A bank of role files, and the fonts its text must be drawable with: every
/// character a role prints is checked against them as it loads, so a problem is
/// reported at its line and column rather than as an empty box on a page.
#[derive(Clone, Debug)]
pub struct Bank {
    source: Source,
    fonts: FontSet,
}

impl Bank {
    /// The roles compiled into the binary, checked against the bundled fonts.
    pub fn bundled() -> Bank {
        Bank {
            source: Source::Bundled,
            fonts: FontSet::bundled(),
        }
    }

    /// The role files in the folder `path`, checked against the bundled fonts.
    pub fn dir(path: impl Into<PathBuf>) -> Bank {
        Bank {
            source: Source::Dir(path.into()),
            fonts: FontSet::bundled(),
        }
    }

    /// The same bank, its text checked against `fonts` (a theme's, `--font` files).
    pub fn with_fonts(mut self, fonts: FontSet) -> Bank {
        self.fonts = fonts;
        self
    }

    /// The fonts role text is checked against.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// The folder role files (and the images they use) are read from; `None` for
    /// the roles compiled in.
    pub fn folder(&self) -> Option<&Path> {
        match &self.source {
            Source::Bundled => None,
            Source::Dir(dir) => Some(dir),
        }
    }

    /// Every role id, sorted.
    pub fn role_ids(&self) -> Result<Vec<String>, Error> {
        let mut ids: Vec<String> = match &self.source {
            Source::Bundled => bundled::ROLES
                .iter()
                .map(|(id, _)| id.to_string())
                .collect(),
            Source::Dir(dir) => {
                let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
                let mut ids = Vec::new();
                for entry in entries {
                    let path = entry.map_err(|e| Error::io(dir, e))?.path();
                    if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
                        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                            // `theme.yaml` is the folder's theme (see `theme`) and
                            // `skills.yaml` its vocabulary (see `vocab`): not roles.
                            if validate_role_id(stem).is_ok() && !NOT_ROLES.contains(&stem) {
                                ids.push(stem.to_string());
                            }
                        }
                    }
                }
                // A folder with no role files is almost always the wrong folder.
                if ids.is_empty() {
                    return Err(Error::Usage(format!(
                        "{} has no role files (<role-id>.yaml, role ids made of a-z, 0-9 and -)",
                        dir.display()
                    )));
                }
                ids
            }
        };
        ids.sort();
        Ok(ids)
    }

    /// The display name and text of a role's file.
    pub fn read(&self, id: &str) -> Result<(String, String), Error> {
        validate_role_id(id)?;
        if NOT_ROLES.contains(&id) {
            return Err(Error::UnknownRole {
                id: id.to_string(),
                known: self.role_ids().unwrap_or_default(),
            });
        }
        let unknown = || -> Error {
            Error::UnknownRole {
                id: id.to_string(),
                known: self.role_ids().unwrap_or_default(),
            }
        };
        match &self.source {
            Source::Bundled => bundled::ROLES
                .iter()
                .find(|(rid, _)| *rid == id)
                .map(|(_, text)| (format!("content/{id}.yaml"), text.to_string()))
                .ok_or_else(unknown),
            Source::Dir(dir) => {
                let path = dir.join(format!("{id}.yaml"));
                match crate::input::read_capped(&path, crate::input::MAX_ROLE_FILE) {
                    Ok(bytes) => {
                        let file = display_path(&path);
                        let text = decode(&file, bytes)?;
                        Ok((file, text))
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        if !dir.is_dir() {
                            return Err(Error::io(dir, e));
                        }
                        Err(unknown())
                    }
                    Err(e) => Err(Error::io(&path, e)),
                }
            }
        }
    }

    /// Reads and validates one role. Fails with every error found; warnings against the
    /// bank's standard do not stop an export.
    pub fn load(&self, id: &str) -> Result<Role, Error> {
        self.load_with(id, &self.fonts)
    }

    /// [`Bank::load`], its text checked against `fonts` rather than the bank's: an
    /// export checks a role against the fonts it will be drawn with, its theme's
    /// included.
    pub fn load_with(&self, id: &str, fonts: &FontSet) -> Result<Role, Error> {
        let (file, text) = self.read(id)?;
        let (role, diags) = parse::parse_role_in(id, &file, &text, self.folder(), fonts);
        let diags = Diagnostics(diags);
        match role {
            Some(role) if !diags.has_errors() => Ok(role),
            _ => Err(Error::Content(diags)),
        }
    }

    /// Reads one role and holds it to the bank's standard: returns everything found,
    /// errors and warnings, in file order.
    pub fn check(&self, id: &str) -> Result<Diagnostics, Error> {
        let (file, text) = match self.read(id) {
            Ok(read) => read,
            // A file that is not text is one problem in it, not a failure of `check`.
            Err(Error::Content(mut diags)) => {
                diags.0.extend(standard::skipped_note(&diags.0, true));
                return Ok(diags);
            }
            Err(e) => return Err(e),
        };
        let (role, mut diags) = parse::parse_role_in(id, &file, &text, self.folder(), &self.fonts);
        if let Some(role) = &role {
            // A vocabulary that does not parse is reported once, by the whole bank's
            // check; the tags cannot be checked against it.
            let vocab = self.vocabulary().unwrap_or_default();
            diags.extend(vocab.check_role(role));
            diags.extend(standard::for_role(role));
        }
        diags.sort_by_key(|d| d.pos);
        if role.is_none() {
            let syntax = diags.iter().any(|d| d.message.starts_with(parse::SYNTAX));
            diags.extend(standard::skipped_note(&diags, syntax));
        }
        Ok(Diagnostics(diags))
    }
}

impl Bank {
    /// The vocabulary tags are checked against: the folder's `skills.yaml`, else the
    /// bundled one (so a user's own roles can use the bundled tags).
    pub fn vocabulary(&self) -> Result<vocab::Vocabulary, Error> {
        if let Some((file, text)) = self.own_vocabulary()? {
            return vocab::Vocabulary::parse(&file, &text)
                .map_err(|d| Error::Content(Diagnostics(d)));
        }
        match bundled::SKILLS {
            Some(text) => vocab::Vocabulary::parse("content/skills.yaml", text)
                .map_err(|d| Error::Content(Diagnostics(d))),
            None => Ok(vocab::Vocabulary::default()),
        }
    }

    /// The bank's own `skills.yaml`, if it has one: its display name and text.
    pub fn own_vocabulary(&self) -> Result<Option<(String, String)>, Error> {
        match &self.source {
            Source::Bundled => {
                Ok(bundled::SKILLS.map(|t| ("content/skills.yaml".to_string(), t.to_string())))
            }
            Source::Dir(dir) => {
                let path = dir.join("skills.yaml");
                match crate::input::read_capped(&path, crate::input::MAX_SMALL_FILE) {
                    Ok(bytes) => {
                        let file = display_path(&path);
                        Ok(Some((file.clone(), decode(&file, bytes)?)))
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(Error::io(&path, e)),
                }
            }
        }
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

/// A role file's bytes as text: UTF-8, with or without a byte-order mark (Windows
/// editors write one). UTF-16 and invalid UTF-8 are content errors with a position.
pub(crate) fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Error> {
    let fail = |pos: Pos, message: String| {
        Error::Content(Diagnostics(vec![Diagnostic {
            file: file.to_string(),
            pos,
            severity: Severity::Error,
            message,
        }]))
    };
    let start = Pos { line: 1, col: 1 };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(fail(
            start,
            "the file is UTF-16; save it as UTF-8 (with or without a byte-order mark)".into(),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = &body[..e.valid_up_to()];
            // Valid up to here, so this is text; count lines and characters as editors do.
            let before = std::str::from_utf8(good).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(fail(
                Pos { line, col },
                format!(
                    "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                    body[e.valid_up_to()]
                ),
            ))
        }
    }
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}
