//! Stamping: a role laid out once per merge, finished for each recipient.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! use prep_pdf::export::mail::stamp::Stamper;
//! use prep_pdf::export::Settings;
//! let (bank, settings) = (Bank::bundled(), Settings::default());
//! let stamper = Stamper::new(&bank, &settings);
//! let pdf = stamper.export("backend-mid", "Ada Lovelace").unwrap();
//! ```
//!
//! Only the cover and the footers say "Prepared for NAME"; the body of a role, which
//! is most of the work of layout, is the same for everyone. The stamper loads the role
//! and lays its body out the first time it is asked for it (once, however many
//! workers ask at once), then per recipient builds the cover, finishes the pages and
//! renders. The bytes are exactly those of `prep-pdf --role R --prepared-for NAME`.
//!
//! A merge of tailored packs (`mail --tailor`) hands the stamper its [`Packs`], made
//! once per role and company before the first message; a row that names a company
//! gets that pack, laid out once and stamped like a role: the same bytes as
//! `prep-pdf tailor … --prepared-for NAME`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::content::{Bank, Role};
use crate::document::{self, Tailoring};
use crate::error::Error;
use crate::export::{
    export_loaded, export_role, render_role, stamp_text, Exported, Settings, Summary,
};
use crate::layout::{self, paginate::Placed};

/// A role with its body laid out.
struct Base {
    role: Role,
    body: Placed,
}

type Slot = Arc<OnceLock<Option<Arc<Base>>>>;

/// A tailored pack: the questions chosen for a company, as a role, and the reasons
/// it prints.
#[derive(Clone, Debug)]
pub struct Pack {
    pub role: Role,
    pub tailoring: Arc<Tailoring>,
}

/// The tailored packs of a merge, by role id and company (as the recipients file
/// names it).
pub type Packs = HashMap<(String, String), Pack>;

pub struct Stamper<'a> {
    bank: &'a Bank,
    settings: &'a Settings,
    roles: Mutex<HashMap<(String, String), Slot>>,
    packs: Option<&'a Packs>,
}

impl<'a> Stamper<'a> {
    pub fn new(bank: &'a Bank, settings: &'a Settings) -> Stamper<'a> {
        Stamper {
            bank,
            settings,
            roles: Mutex::new(HashMap::new()),
            packs: None,
        }
    }

    /// A stamper that also stamps `packs`, for rows that name a company.
    pub fn with_packs(mut self, packs: Option<&'a Packs>) -> Stamper<'a> {
        self.packs = packs;
        self
    }

    fn options(&self, name: Option<&str>, tailoring: Option<&Arc<Tailoring>>) -> document::Options {
        document::Options {
            answers: self.settings.answers,
            prepared_for: name.map(str::to_string),
            no_qr: self.settings.no_qr,
            practice: self.settings.practice,
            theme: self.settings.theme.clone(),
            tailoring: tailoring.cloned(),
        }
    }

    /// The pack for `role_id` and `company`, if the merge has one.
    fn pack(&self, role_id: &str, company: &str) -> Option<&'a Pack> {
        self.packs?.get(&(role_id.to_string(), company.to_string()))
    }

    /// The role (or its pack for `company`) laid out, or `None` if it cannot be
    /// loaded.
    fn base(&self, role_id: &str, company: &str) -> Option<Arc<Base>> {
        let slot = self
            .roles
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((role_id.to_string(), company.to_string()))
            .or_default()
            .clone();
        slot.get_or_init(|| {
            let pack = self.pack(role_id, company);
            let role = match pack {
                Some(pack) => pack.role.clone(),
                None if company.is_empty() => {
                    let mut role = self.bank.load(role_id).ok()?;
                    role.select(self.settings.questions);
                    role
                }
                None => return None,
            };
            // Laid out with a stand-in stamp: the cover's "Prepared for" line is a
            // structure element, so only a stamped document numbers its elements as
            // every recipient's copy does, and the body's tags must point at those.
            let tailoring = pack.map(|p| &p.tailoring);
            let doc = document::build(&role, &self.options(Some("-"), tailoring));
            let body = layout::layout_body(&doc, self.settings.paper);
            Some(Arc::new(Base { role, body }))
        })
        .clone()
    }

    /// The role's PDF stamped for `name`: the same bytes as [`export_role`] with
    /// `prepared_for` set to `name`.
    pub fn export(&self, role_id: &str, name: &str) -> Result<Exported, Error> {
        self.export_for(role_id, "", name)
    }

    /// The PDF for a row: the pack tailored for `company` (none when empty) from
    /// `role_id`, stamped for `name`; the same bytes as a single export of it.
    pub fn export_for(&self, role_id: &str, company: &str, name: &str) -> Result<Exported, Error> {
        let settings = self.settings.for_recipient(name);
        let pack = self.pack(role_id, company);
        // The stamp as every export sets it (one line, printable), so a merged copy
        // is the same bytes as `--prepared-for` with the same name.
        let (Ok(stamp), Some(base)) = (stamp_text(name), self.base(role_id, company)) else {
            // Let the one-off path report the problem in its own words.
            return match (pack, company.is_empty()) {
                (Some(p), _) => export_loaded(p.role.clone(), &settings, Some(p.tailoring.clone())),
                (None, true) => export_role(self.bank, role_id, &settings),
                (None, false) => Err(Error::Usage(format!(
                    "no pack tailored for company `{company}` from role `{role_id}`"
                ))),
            };
        };
        let tailoring = pack.map(|p| &p.tailoring);
        let doc = document::build(&base.role, &self.options(Some(&stamp), tailoring));
        let laid = layout::layout_with_body(&doc, settings.paper, base.body.clone());
        render_role(Summary::of(&base.role), &doc.meta, laid, &settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamped_copies_are_byte_identical_to_single_exports() {
        let bank = Bank::bundled();
        for answers in [document::Answers::Inline, document::Answers::End] {
            let settings = Settings {
                answers,
                ..Settings::default()
            };
            let stamper = Stamper::new(&bank, &settings);
            for (role, name) in [
                ("backend-mid", "Ada Lovelace"),
                ("qa-mid", "Zoë Ångström-Łukasiewicz, PhD"),
                ("backend-mid", &"Very Long Name ".repeat(12)),
            ] {
                let one = export_role(&bank, role, &settings.for_recipient(name)).unwrap();
                let stamped = stamper.export(role, name).unwrap();
                assert!(one.pdf == stamped.pdf, "{role} for {name}");
                assert_eq!(one.pages, stamped.pages);
            }
        }
    }
}
