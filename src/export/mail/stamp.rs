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
//! renders only what differs: the cover and the footers' stamp, in content streams
//! and font subsets of their own, beside the body's streams and subsets, which are
//! rendered and deflated once per role ([`render::Shared`]). The bytes are exactly
//! those of `prep-pdf --role R --prepared-for NAME`.
//!
//! A merge of tailored packs (`mail --tailor`) hands the stamper its [`Packs`], made
//! once per role and company before the first message; a row that names a company
//! gets that pack, laid out once and stamped like a role: the same bytes as
//! `prep-pdf tailor … --prepared-for NAME`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::content::{Bank, Role, Roles};
use crate::document::{self, Tailoring};
use crate::error::Error;
use crate::export::{
    export_loaded, export_role, render_role, stamp_text, Exported, Settings, Summary,
};
use crate::fonts::FontSet;
use crate::layout::copies::{layout_copy, SharedBody};
use crate::render;

/// A role with its body laid out, and the rendered parts its copies share.
struct Base {
    role: Role,
    body: SharedBody,
    /// The unstamped document's elements; every copy's body elements are these
    /// (see [`document::build_cover`]).
    structure: Arc<document::Structure>,
    shared: render::Shared,
}

/// A role's (or pack's) base, made once by whichever copy asks first.
type BaseSlot = Arc<OnceLock<Option<Arc<Base>>>>;

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
    /// What every copy is drawn with ([`Settings::font_set`]).
    fonts: FontSet,
    roles: Mutex<HashMap<(String, String), BaseSlot>>,
    packs: Option<&'a Packs>,
    /// Roles already loaded (by a merge's recipients check), used when they were
    /// checked against the same fonts as the copies are drawn with.
    loaded: Option<&'a Roles<'a>>,
}

impl<'a> Stamper<'a> {
    pub fn new(bank: &'a Bank, settings: &'a Settings) -> Stamper<'a> {
        Stamper {
            bank,
            settings,
            fonts: settings.font_set(),
            roles: Mutex::new(HashMap::new()),
            packs: None,
            loaded: None,
        }
    }

    /// A stamper that takes its roles from `roles` rather than reading them again,
    /// when `roles` were checked against the fonts the copies are drawn with.
    pub fn with_roles(mut self, roles: &'a Roles<'a>) -> Stamper<'a> {
        self.loaded = (roles.fonts() == &self.fonts).then_some(roles);
        self
    }

    /// A stamper that also stamps `packs`, for rows that name a company.
    pub fn with_packs(mut self, packs: Option<&'a Packs>) -> Stamper<'a> {
        self.packs = packs;
        self
    }

    fn options(&self, name: Option<&str>, tailoring: Option<&Arc<Tailoring>>) -> document::Options {
        self.settings
            .document_options(name.map(str::to_string), tailoring.cloned())
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
                    let mut role = match self.loaded {
                        Some(roles) => Role::clone(&*roles.get(role_id)?),
                        None => self.bank.load_with(role_id, &self.fonts).ok()?,
                    };
                    role.select(self.settings.questions);
                    role
                }
                None => return None,
            };
            // A sample that cannot be made is reported by the one-off path.
            if let Some(shown) = self.settings.sample {
                let options = self.options(None, pack.map(|p| &p.tailoring));
                document::sample::check(&role, shown, &options).ok()?;
            }
            let tailoring = pack.map(|p| &p.tailoring);
            let doc = document::build(&role, &self.options(None, tailoring));
            let body = SharedBody::new(&doc, self.settings.paper, &self.fonts);
            Some(Arc::new(Base {
                role,
                body,
                structure: doc.structure.clone(),
                shared: render::Shared::default(),
            }))
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
        let (Ok(stamp), Some(base)) = (stamp_text(name, &self.fonts), self.base(role_id, company))
        else {
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
        let options = self.options(Some(&stamp), tailoring);
        let doc = document::build_cover(&base.role, &options, &base.structure);
        let laid = layout_copy(&doc, settings.paper, &self.fonts, &base.body);
        render_role(
            Summary::of(&base.role),
            &doc.meta,
            laid,
            &settings,
            &base.shared,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names in four scripts (the stamp's own subsets take fallback faces), a name
    /// long enough to take a second line on the cover, and names that come back after
    /// others changed what the shared parts hold.
    const NAMES: [&str; 8] = [
        "Ada Lovelace",
        "Zoë Ångström-Łukasiewicz, PhD",
        "فاطمة الزهراء",
        "王小明",
        "अनन्या शर्मा",
        "Ada Lovelace",
        "Grace Hopper",
        "王小明",
    ];

    fn same_as_single_exports(bank: &Bank, settings: &Settings, roles: &[&str]) {
        let stamper = Stamper::new(bank, settings);
        let long = "Very Long Name ".repeat(12);
        for role in roles {
            for name in NAMES.iter().copied().chain([long.as_str(), "Ada Lovelace"]) {
                let one = export_role(bank, role, &settings.for_recipient(name)).unwrap();
                let stamped = stamper.export(role, name).unwrap();
                assert!(one.pdf == stamped.pdf, "{role} for {name}");
                assert_eq!(one.pages, stamped.pages);
            }
            // Later copies had the body's fonts spliced in, not written whole again.
            let base = stamper.base(role, "").unwrap();
            // The base is laid out with no stamp at all, not a stand-in.
            assert_eq!(base.structure.stamp, None, "{role}: a stamped base");
            assert!(
                base.shared.keeps_body_fonts(),
                "{role}: body fonts not kept"
            );
        }
    }

    #[test]
    fn stamped_copies_are_byte_identical_to_single_exports() {
        let bank = Bank::bundled();
        for answers in [document::Answers::Inline, document::Answers::End] {
            let settings = Settings {
                answers,
                ..Settings::default()
            };
            same_as_single_exports(&bank, &settings, &["backend-mid", "qa-mid"]);
        }
    }

    /// A theme's footer line moves with the stamp, so it is drawn with it.
    #[test]
    fn themed_and_practice_copies_are_byte_identical_too() {
        let bank = Bank::bundled();
        let theme = crate::theme::fixture();
        let themed = Settings {
            theme: Some(std::sync::Arc::new(theme)),
            ..Settings::default()
        };
        same_as_single_exports(&bank, &themed, &["sre-senior"]);
        let practice = Settings {
            practice: true,
            answers: document::Answers::End,
            ..Settings::default()
        };
        same_as_single_exports(&bank, &practice, &["frontend-mid"]);
    }

    /// The body's streams of a page, and its subset of a face, by name.
    fn parts(pdf: &[u8], page: u32) -> (Vec<Vec<u8>>, Vec<u8>) {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let page_id = doc.get_pages()[&page];
        let contents = doc.get_page_contents(page_id);
        let streams = contents
            .iter()
            .map(|id| {
                doc.get_object(*id)
                    .unwrap()
                    .as_stream()
                    .unwrap()
                    .content
                    .clone()
            })
            .collect();
        let fonts = doc.get_page_fonts(page_id).unwrap();
        let regular = fonts
            .values()
            .find(|f| {
                f.get(b"BaseFont")
                    .unwrap()
                    .as_name()
                    .unwrap()
                    .ends_with(b"NotoSerif-Regular")
            })
            .map(|f| format!("{f:?}").into_bytes())
            .unwrap();
        (streams, regular)
    }

    /// The stamp is drawn in a stream and subsets of its own: the body's streams and
    /// font subsets are the same bytes whatever the name, even one with letters the
    /// body never uses.
    #[test]
    fn the_stamp_has_streams_and_subsets_of_its_own() {
        let bank = Bank::bundled();
        let settings = Settings::default();
        let a = export_role(
            &bank,
            "backend-mid",
            &settings.for_recipient("Ada Lovelace"),
        )
        .unwrap();
        let b = export_role(&bank, "backend-mid", &settings.for_recipient("Žofie Qüx-Ÿ")).unwrap();
        let (a_streams, a_font) = parts(&a.pdf, 5);
        let (b_streams, b_font) = parts(&b.pdf, 5);
        assert_eq!(a_streams.len(), 2, "a body stream and a stamp stream");
        assert_eq!(a_streams[0], b_streams[0], "the body stream differs");
        assert_ne!(a_streams[1], b_streams[1], "the stamp stream is the same");
        // The first subset of Noto Serif Regular listed is the body's (`F1`), which
        // names its subset by the glyphs it holds.
        assert_eq!(a_font, b_font);
    }
}
