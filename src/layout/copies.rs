//! Copies: a body laid out and finished once, for copies of a document that differ
//! only in their cover and footers (a mail merge's stamped copies).
//!
//! A copy lays out its own cover, then takes the body's pages as they are: placed
//! once ([`SharedBody::new`]), and finished once (links and the contents' page
//! numbers resolved, the theme's colours applied) for each way the cover can fall.
//! Each body page of the copy holds those items behind an `Arc` and adds only its
//! header and footer, which carry the stamp: nothing of the body is cloned per copy.
//! The pages are those [`super::layout`] gives for the same document, item for item.

use std::sync::{Arc, Mutex};

use super::finalize::Finisher;
use super::paginate::{Landed, Placed};
use super::{Frame, Item, Laid, Paper};
use crate::document::Document;
use crate::fonts::FontSet;

/// A document's body, placed once and finished on demand for its copies.
pub(crate) struct SharedBody {
    placed: Placed,
    /// The body's pages finished, for the cover they were finished after.
    finished: Mutex<Option<Finished>>,
}

/// The body's pages finished after a cover whose anchors landed at `cover`, on
/// `cover_pages` pages: a name long enough to take the cover onto another page moves
/// every page number, so such a copy finishes the body afresh.
struct Finished {
    cover_pages: usize,
    cover: Vec<Landed>,
    pages: Vec<Arc<[Item]>>,
}

impl SharedBody {
    /// The body of `doc` (everything after the cover) placed on `paper`.
    pub(crate) fn new(doc: &Document, paper: Paper, fonts: &FontSet) -> SharedBody {
        SharedBody {
            placed: super::body(doc, &Frame::new(paper), fonts),
            finished: Mutex::new(None),
        }
    }

    /// The body's pages finished by `fin`, after a cover of `cover_pages` pages whose
    /// anchors landed at `cover`: kept from the copy before when its cover fell the
    /// same way.
    fn finished(&self, fin: &Finisher, cover: &[Landed]) -> Vec<Arc<[Item]>> {
        let mut slot = self.finished.lock().unwrap_or_else(|p| p.into_inner());
        match &*slot {
            Some(f) if f.cover_pages == fin.cover_pages() && f.cover == cover => {}
            _ => {
                *slot = Some(Finished {
                    cover_pages: fin.cover_pages(),
                    cover: cover.to_vec(),
                    pages: self.placed.pages.iter().map(|p| fin.shared(p)).collect(),
                })
            }
        }
        slot.as_ref().map_or_else(Vec::new, |f| f.pages.clone())
    }
}

/// Lays out `doc`'s cover and finishes it with `body` (from a document with the same
/// body): the pages [`super::layout`] gives for `doc`.
pub(crate) fn layout_copy(
    doc: &Document,
    paper: Paper,
    fonts: &FontSet,
    body: &SharedBody,
) -> Laid {
    let frame = Frame::new(paper);
    let cover = super::cover(doc, &frame, fonts);
    let cover_pages = cover.pages.len();
    let fin = Finisher::for_copy(doc, fonts, frame, &cover, &body.placed);
    let shared = body.finished(&fin, &cover.anchors);
    let mut pages: Vec<_> = (cover.pages.into_iter().enumerate())
        .map(|(index, page)| fin.page(index, page))
        .collect();
    pages.extend(
        shared
            .into_iter()
            .enumerate()
            .map(|(i, items)| fin.page_on(cover_pages + i, items)),
    );
    fin.laid(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Bank;
    use crate::document::{self, Options};

    /// Every page's items, shared or not, in drawing order.
    fn drawn(laid: &Laid) -> Vec<Vec<Item>> {
        laid.pages
            .iter()
            .map(|p| p.drawn().cloned().collect())
            .collect()
    }

    #[test]
    fn copies_on_one_body_are_the_pages_layout_gives() {
        let fonts = FontSet::bundled();
        let role = Bank::bundled().load("backend-mid").unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/theme/theme.yaml"
        );
        let theme = crate::theme::Theme::load(path.as_ref(), &fonts).unwrap();
        for theme in [None, Some(Arc::new(theme))] {
            let options = |name: &str| Options {
                prepared_for: Some(name.to_string()),
                theme: theme.clone(),
                ..Options::default()
            };
            let base = document::build(&role, &options("-"));
            let body = SharedBody::new(&base, Paper::A4, &fonts);
            // The second name's copy takes the body finished for the first; the long
            // one's cover may fall otherwise, and the third's again as the first's.
            let long = "Ada Lovelace ".repeat(30);
            for name in ["Ada Lovelace", "王芳", long.trim(), "Grace Hopper"] {
                let doc = document::build(&role, &options(name));
                let whole = super::super::layout(&doc, Paper::A4, &fonts);
                let copy = layout_copy(&doc, Paper::A4, &fonts, &body);
                assert_eq!(drawn(&copy), drawn(&whole), "{name}");
                assert!(copy.pages.iter().skip(1).all(|p| p.shared.is_some()));
                assert_eq!(copy.outline, whole.outline);
            }
        }
    }
}
