//! Export: roles → PDF files, one at a time or in batches; and mail.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! use prep_pdf::export::{export_role, write_atomic, Settings};
//! let out = export_role(&Bank::bundled(), "backend-mid", &Settings::default()).unwrap();
//! write_atomic(std::path::Path::new("backend-mid.pdf"), &out.pdf).unwrap();
//! ```
//!
//! Files are written atomically: to a temporary file in the destination's folder,
//! flushed, then renamed over the destination. A failed run never leaves a truncated
//! file, and never clobbers a good one.

pub mod atomic;
pub mod batch;
pub mod mail;

pub use atomic::{remove_stale_temps, write_atomic};
pub use batch::{export_all, Report, Shard};

use crate::content::Bank;
use crate::document::{self, Answers};
use crate::error::Error;
use crate::layout::{self, Paper};
use crate::render::{self, RenderOptions};

/// Everything that shapes an exported PDF besides its role.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub paper: Paper,
    pub answers: Answers,
    pub prepared_for: Option<String>,
    /// `SOURCE_DATE_EPOCH`, if set: the date recorded in the PDF.
    pub source_date_epoch: Option<i64>,
}

impl Settings {
    /// The same settings, stamped for `name`.
    pub fn for_recipient(&self, name: &str) -> Settings {
        Settings {
            prepared_for: Some(name.to_string()),
            ..self.clone()
        }
    }
}

/// A rendered role.
#[derive(Clone, Debug)]
pub struct Exported {
    pub role_id: String,
    /// The role's title and level, for messages and mail.
    pub title: String,
    pub questions: usize,
    pub pages: usize,
    pub pdf: Vec<u8>,
}

/// Loads, lays out and renders one role.
pub fn export_role(bank: &Bank, role_id: &str, settings: &Settings) -> Result<Exported, Error> {
    if let Some(name) = &settings.prepared_for {
        // A stamp the fonts cannot draw would print as empty boxes; say so instead.
        if let Some(c) = crate::fonts::FontSet::get().missing_chars(name).first() {
            return Err(Error::Usage(format!(
                "cannot stamp \"Prepared for {name}\": the bundled fonts have no `{c}` (U+{:04X})",
                *c as u32
            )));
        }
    }
    let role = bank.load(role_id)?;
    let doc = document::build(
        &role,
        &document::Options {
            answers: settings.answers,
            prepared_for: settings.prepared_for.clone(),
        },
    );
    let laid = layout::layout(&doc, settings.paper);
    let pdf = render::render(
        &laid,
        &doc.meta,
        &RenderOptions {
            source_date_epoch: settings.source_date_epoch,
        },
    )?;
    Ok(Exported {
        role_id: role.id.clone(),
        title: format!("{} ({})", role.title, role.level),
        questions: role.questions.len(),
        pages: laid.pages.len(),
        pdf,
    })
}
