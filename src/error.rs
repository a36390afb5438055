//! The library's typed errors. `main` maps them to messages and exit codes.

use std::path::Path;

use crate::content::Diagnostics;
use crate::document::sample::Refused;

// A leaf of its own, so content problems can name a setting without content and the
// errors depending on each other.
pub(crate) mod setting;
pub use setting::Setting;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A role file has problems; every one is listed, each with file, line and column.
    #[error("{0}")]
    Content(Diagnostics),

    /// A company profile or job description has problems; each with file, line and
    /// column. Apart from [`Error::Content`] so the message does not call it a role file.
    #[error("{0}")]
    Tailoring(Diagnostics),

    #[error("unknown role `{id}`; the roles are: {}", .known.join(", "))]
    UnknownRole { id: String, known: Vec<String> },

    #[error(
        "`{0}` is not a role id: role ids are made of a-z, 0-9 and - (a role is named, not a path)"
    )]
    InvalidRoleId(String),

    /// The cause is part of the message and deliberately not a `source`: error
    /// reporters print the source chain too, which would say the cause twice.
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },

    /// Something the user asked for that cannot be done as asked.
    #[error("{0}")]
    Usage(String),

    /// Text no font in the export's [`FontSet`](crate::fonts::FontSet) can draw:
    /// `what` says which text (and where); the caller says how to give a font.
    #[error("{what}: no font has `{c}` (U+{:04X})", *.c as u32)]
    Undrawable { what: String, c: char },

    /// A setting that cannot be used as given: `setting` says which, `message` what is
    /// wrong with it.
    #[error("{message}")]
    Setting { setting: Setting, message: String },

    /// A free sample showing `shown` answer guides that cannot be made as asked.
    #[error("cannot make a free sample: {refused}")]
    Sample { shown: usize, refused: Refused },

    /// A mail could not be composed or delivered.
    #[error("{0}")]
    Mail(String),

    /// The PDF could not be written: a bug, not a problem with the input.
    #[error("internal error writing the PDF: {0}")]
    Render(String),

    /// A bug met while working on one role or one mail row (a panic), contained so the
    /// rest of a batch or merge goes on. `what` names the role or row.
    #[error("internal error (a bug in prep-pdf) in {what}: {message}")]
    Internal { what: String, message: String },
}

/// Runs `f`, turning a panic inside it into [`Error::Internal`] naming `what`, so one
/// role of a batch or one row of a merge cannot take down the others.
pub fn contain<T>(what: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with no message".into());
            Err(Error::Internal {
                what: what.to_string(),
                message,
            })
        }
    }
}

impl Error {
    /// The setting that would fix this error, when one would: what a caller names its
    /// own way of changing ([`Error::Undrawable`] is the fonts').
    pub fn setting(&self) -> Option<Setting> {
        match self {
            Error::Undrawable { .. } => Some(Setting::Fonts),
            Error::Setting { setting, .. } => Some(*setting),
            _ => None,
        }
    }

    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            cause: source,
        }
    }
}
