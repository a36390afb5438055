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

use crate::content::tags::Selection;
use crate::content::{Bank, Role};
use crate::document::{self, Answers};
use crate::error::Error;
use crate::fonts::FontSet;
use crate::layout::{self, Paper};
use crate::memory::Reclaim;
use crate::render::{self, RenderOptions};

/// Everything that shapes an exported PDF besides its role.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub paper: Paper,
    pub answers: Answers,
    pub prepared_for: Option<String>,
    /// No QR codes beside resource links.
    pub no_qr: bool,
    /// Answer space after each question.
    pub practice: bool,
    /// `SOURCE_DATE_EPOCH`, if set: the date recorded in the PDF.
    pub source_date_epoch: Option<i64>,
    /// `--theme` (or the content folder's `theme.yaml`); `None` is the bundled look.
    pub theme: Option<std::sync::Arc<crate::theme::Theme>>,
    /// The published set (the default) or the role's whole pool.
    pub questions: Selection,
    /// A free sample showing this many questions' guides (`--sample N`).
    pub sample: Option<usize>,
    /// The fonts to draw with: the bundled faces and any `--font` files. A theme's
    /// fonts come from `theme`; [`Settings::font_set`] puts the two together.
    pub fonts: FontSet,
    /// What a long document does with the memory its stages free (the allocator is
    /// the process's: the command-line tool chooses [`Reclaim::GiveBack`]).
    pub reclaim: Reclaim,
}

impl Settings {
    /// What the renderer is told: the date to record, and whether to give memory back.
    fn render_options(&self) -> RenderOptions {
        RenderOptions {
            source_date_epoch: self.source_date_epoch,
            reclaim: self.reclaim,
        }
    }

    /// The file name a role's PDF gets when none is given: the role id, then the
    /// edition when it is not the full guide (`-practice`, `-interviewer` for guides at
    /// the end, `-questions` for none, `-sample` for a free sample, `-pool` for every
    /// question) and the stamped name, so one edition never silently replaces another:
    /// `backend-mid-practice-ada-lovelace.pdf`.
    pub fn file_name(&self, role_id: &str) -> String {
        let mut name = role_id.to_string();
        for part in self.edition_parts(false) {
            name.push('-');
            name.push_str(&part);
        }
        if let Some(who) = self
            .prepared_for
            .as_deref()
            .map(slug)
            .filter(|s| !s.is_empty())
        {
            name.push('-');
            name.push_str(&who);
        }
        name + ".pdf"
    }

    /// The fonts an export draws with: [`Settings::fonts`] with the theme's faces in
    /// place of the bundled styles, when the theme gives fonts.
    pub fn font_set(&self) -> FontSet {
        self.fonts
            .with_theme(self.theme.as_ref().and_then(|t| t.fonts))
    }

    /// What the document stage is asked for: these settings, stamped for `stamp`
    /// (already checked, see [`stamp_text`]) and tailored as `tailoring` says.
    pub fn document_options(
        &self,
        stamp: Option<String>,
        tailoring: Option<std::sync::Arc<document::Tailoring>>,
    ) -> document::Options {
        document::Options {
            answers: self.answers,
            prepared_for: stamp,
            no_qr: self.no_qr,
            practice: self.practice,
            theme: self.theme.clone(),
            tailoring,
            sample: self.sample,
        }
    }

    /// The edition when it is not the full guide of the published set, for telling
    /// messages apart (a merge's journal, a draft's file name): `practice`,
    /// `interviewer`, `questions` or `sample3`, then `pool`, joined by `-`.
    pub fn edition(&self) -> Option<String> {
        let parts = self.edition_parts(true);
        (!parts.is_empty()).then(|| parts.join("-"))
    }

    /// The edition's name parts; a sample's with its count when `count`.
    fn edition_parts(&self, count: bool) -> Vec<String> {
        let edition = match (self.practice, self.answers) {
            (true, _) => Some("practice".to_string()),
            (false, Answers::End) => Some("interviewer".to_string()),
            (false, Answers::None) => Some("questions".to_string()),
            (false, Answers::Inline) => self.sample.map(|n| match count {
                true => format!("sample{n}"),
                false => "sample".to_string(),
            }),
        };
        let pool = (self.questions == Selection::All).then(|| "pool".to_string());
        edition.into_iter().chain(pool).collect()
    }

    /// The same settings, stamped for `name`.
    pub fn for_recipient(&self, name: &str) -> Settings {
        Settings {
            prepared_for: Some(name.to_string()),
            ..self.clone()
        }
    }
}

/// `name` as a file-name part: letters and digits of any script in lower case, runs
/// of anything else one `-`, at most 60 characters.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let cut: String = out.chars().take(60).collect();
    cut.trim_end_matches('-').to_string()
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

/// The longest name stamped or put in a header, in characters: a stamp, not a
/// paragraph, and short enough that an encoded header line stays far under RFC 5322's
/// 998 characters.
pub const MAX_NAME: usize = 200;

/// A "Prepared for" name as it is stamped: one line, so line breaks and tabs (a CSV
/// cell written with Alt+Enter, say) become single spaces. A character that would print
/// as an empty box or as nothing (a control character, one `fonts` cannot draw) is an
/// error.
pub fn stamp_text(name: &str, fonts: &FontSet) -> Result<String, Error> {
    let line = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let refuse = |why: String| {
        Error::Usage(format!(
            "cannot stamp \"Prepared for {}\": {why}",
            line.escape_debug()
        ))
    };
    if line.is_empty() {
        return Err(refuse("the name is empty".into()));
    }
    if line.chars().count() > MAX_NAME {
        return Err(refuse(format!(
            "the name is longer than {MAX_NAME} characters"
        )));
    }
    if let Some(c) = line
        .chars()
        .find(|&c| crate::content::unprintable(c).is_some())
    {
        return Err(refuse(format!(
            "it has a control or invisible character (U+{:04X})",
            c as u32
        )));
    }
    if let Some(&c) = fonts.missing_chars(&line).first() {
        return Err(Error::Undrawable {
            what: format!("cannot stamp \"Prepared for {}\"", line.escape_debug()),
            c,
        });
    }
    Ok(line)
}

/// Loads, lays out and renders one role.
pub fn export_role(bank: &Bank, role_id: &str, settings: &Settings) -> Result<Exported, Error> {
    // A bad stamp fails before the role is read; the role's text is checked against
    // the fonts it will be drawn with, the theme's included.
    let fonts = settings.font_set();
    if let Some(name) = &settings.prepared_for {
        stamp_text(name, &fonts)?;
    }
    let mut role = bank.load_with(role_id, &fonts)?;
    role.select(settings.questions);
    export_loaded(role, settings, None)
}

/// Lays out and renders a role already in hand: one loaded from the bank, or one a
/// tailored pack assembled, with the reasons it prints (`tailoring`).
pub fn export_loaded(
    role: Role,
    settings: &Settings,
    tailoring: Option<std::sync::Arc<document::Tailoring>>,
) -> Result<Exported, Error> {
    let fonts = settings.font_set();
    let stamp = settings
        .prepared_for
        .as_deref()
        .map(|name| stamp_text(name, &fonts))
        .transpose()?;
    let options = settings.document_options(stamp, tailoring);
    if let Some(shown) = settings.sample {
        document::sample::check(&role, shown, &options)
            .map_err(|refused| Error::Sample { shown, refused })?;
    }
    let doc = document::build(&role, &options);
    let summary = Summary::of(&role);
    // The model is not needed past this point: a long role's text is not kept three
    // times over (model, blocks, boxes) while it is laid out and rendered.
    drop(role);
    let (pdf, pages) = typeset(
        doc,
        settings.paper,
        &fonts,
        &settings.render_options(),
        HOLD_PAGES,
    )?;
    Ok(summary.exported(pages, pdf))
}

/// How many laid-out pages a document may hold in memory before it is laid out a
/// second time instead: about 20 MB of boxes, more than any bundled role has pages
/// (they have 20 to 40), so only a long book pays for the second pass.
const HOLD_PAGES: usize = 200;

/// Lays `doc` out and renders it; returns the PDF and its page count.
///
/// Fonts are subset, and the contents' page numbers and every "Page X of Y" drawn,
/// only once the whole document is paginated. A document of up to `hold` pages is
/// kept laid out until then; a longer one is laid out twice, each page rendered and
/// dropped as it comes the second time ([`layout::lay_out`]). Memory then stays flat in
/// page count (the second pass costs layout time, not shaping, whose results are
/// cached). Both ways give the same bytes.
pub(crate) fn typeset(
    mut doc: document::Document,
    paper: Paper,
    fonts: &FontSet,
    opts: &RenderOptions,
    hold: usize,
) -> Result<(Vec<u8>, usize), Error> {
    let mut glyphs = render::GlyphSet::new(&doc.structure);
    let meta = doc.meta.clone();
    match layout::lay_out(&mut doc, paper, fonts, hold, &mut |page| glyphs.add(page)) {
        layout::Pages::Held(laid) => {
            let total = laid.pages.len();
            Ok((render::render(laid, &meta, opts)?, total))
        }
        layout::Pages::Streamed(replay) => {
            // A long document from here on: the content model (dropped before layout)
            // and the first pass's pages are gone, and their memory can go back to the
            // system.
            let reclaim = opts.reclaim == Reclaim::GiveBack;
            if reclaim {
                crate::memory::give_back();
                crate::memory::return_large_blocks();
            }
            let total = replay.total();
            let head = replay.head();
            let pdf = render::render_pages(head, glyphs, &meta, opts, move |take| {
                replay.replay(take);
                if reclaim {
                    crate::memory::give_back();
                }
            })?;
            Ok((pdf, total))
        }
    }
}

/// What an export reports about its role besides the PDF.
pub(crate) struct Summary {
    role_id: String,
    title: String,
    questions: usize,
}

impl Summary {
    pub(crate) fn of(role: &Role) -> Summary {
        Summary {
            role_id: role.id.clone(),
            title: format!("{} ({})", role.title, role.level),
            questions: role.questions.len(),
        }
    }

    /// What an export of the role this summarises returns: `pages` pages of `pdf`.
    fn exported(self, pages: usize, pdf: Vec<u8>) -> Exported {
        Exported {
            role_id: self.role_id,
            title: self.title,
            questions: self.questions,
            pages,
            pdf,
        }
    }
}

/// Renders a laid-out copy of a role for the mail merge, which lays each recipient's
/// copy out on a shared body and renders it with the parts earlier copies share
/// (`shared`): the same bytes as [`export_role`].
pub(crate) fn render_role(
    summary: Summary,
    meta: &document::Meta,
    laid: layout::Laid,
    settings: &Settings,
    shared: &render::Shared,
) -> Result<Exported, Error> {
    let pages = laid.pages.len();
    let pdf = render::render_copy(laid, meta, &settings.render_options(), shared)?;
    Ok(summary.exported(pages, pdf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document laid out twice and rendered page by page must come out exactly as
    /// one held whole: same glyph set and codes, contents' page numbers, footers,
    /// links, outline and tags. Every mode that changes what finalize adds is tried.
    #[test]
    fn streamed_pages_give_the_same_bytes_as_held_ones() {
        let bank = Bank::bundled();
        let theme = crate::theme::fixture();
        let cases = [
            ("backend-mid", Answers::Inline, Paper::A4, None, false, None),
            (
                "frontend-senior",
                Answers::End,
                Paper::Letter,
                Some("Ada Lovelace"),
                false,
                None,
            ),
            (
                "sre-senior",
                Answers::None,
                Paper::A4,
                Some("محمد علي"),
                true,
                None,
            ),
            (
                "security-mid",
                Answers::Inline,
                Paper::Letter,
                None,
                false,
                Some(theme),
            ),
        ];
        for (role_id, answers, paper, name, practice, theme) in cases {
            let role = bank.load(role_id).unwrap();
            let doc = document::build(
                &role,
                &document::Options {
                    answers,
                    prepared_for: name.map(str::to_string),
                    no_qr: false,
                    practice,
                    theme: theme.map(std::sync::Arc::new),
                    tailoring: None,
                    sample: None,
                },
            );
            let opts = RenderOptions {
                source_date_epoch: Some(1_700_000_000),
                ..RenderOptions::default()
            };
            let (held, pages) =
                typeset(doc.clone(), paper, &FontSet::bundled(), &opts, usize::MAX).unwrap();
            // Held up to the tenth page, then streamed; and streamed from the start.
            for hold in [10, 0] {
                let (streamed, n) =
                    typeset(doc.clone(), paper, &FontSet::bundled(), &opts, hold).unwrap();
                assert_eq!(n, pages);
                assert!(
                    streamed == held,
                    "{role_id} {answers:?} {paper:?}: streamed with hold {hold} differs"
                );
            }
        }
    }
}
