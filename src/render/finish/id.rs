//! The document id: a hash of everything that decides the output, taken page by page
//! as the pages are rendered, so that the same input gives the same `/ID` where
//! printpdf would draw a random one.

use crate::document::Meta;
use crate::layout::{Item, Page};
use crate::render::{fnv1a, RenderOptions, FNV_OFFSET};

/// The document id, hashed page by page as the pages are rendered ([`ContentId::page`]).
pub(in crate::render) struct ContentId(u64);

impl ContentId {
    pub(in crate::render) fn new(
        meta: &Meta,
        opts: &RenderOptions,
        frame: &crate::layout::Frame,
    ) -> Self {
        let mut h = FNV_OFFSET;
        for s in [&meta.title, &meta.subject, &meta.author, &meta.language] {
            h = fnv1a(s.as_bytes(), h);
        }
        h = fnv1a(&opts.source_date_epoch.unwrap_or(0).to_le_bytes(), h);
        h = fnv1a(&frame.width.to_le_bytes(), h);
        ContentId(h)
    }

    /// Adds the next page: its own items' hash continued from `shared`, the hash of
    /// the items it shares with other copies ([`shared_hash`]; computed here when
    /// `None`). Pages are hashed apart and their hashes chained, so a stamped copy's
    /// body pages, the same in every copy, are hashed once per merge.
    pub(in crate::render) fn page(&mut self, page: &Page, shared: Option<u64>) {
        let from = match (shared, &page.shared) {
            (Some(h), _) => h,
            (None, Some(items)) => shared_hash(items),
            (None, None) => page_seed(),
        };
        let h = hash_items(&page.items, from);
        self.0 = fnv1a(&h.to_le_bytes(), self.0);
    }

    pub(in crate::render) fn finish(self) -> String {
        let h = self.0;
        // Two rounds with different seeds give the customary 16 bytes.
        let h2 = fnv1a(&h.to_le_bytes(), FNV_OFFSET ^ 0x5bd1_e995);
        format!("{h:016x}{h2:016x}")
    }
}

/// Where every page's hash starts.
fn page_seed() -> u64 {
    fnv1a(b"\x0cpage", FNV_OFFSET)
}

/// The hash a page that shares `items` starts its own items from.
pub(in crate::render) fn shared_hash(items: &[Item]) -> u64 {
    hash_items(items, page_seed())
}

/// `h` continued with the strings `items` draw, their positions, and their images.
fn hash_items(items: &[Item], mut h: u64) -> u64 {
    for item in items.iter().flat_map(Item::flat) {
        if let Item::Text(t) = item {
            h = fnv1a(&t.x.to_le_bytes(), h);
            h = fnv1a(&t.baseline.to_le_bytes(), h);
            h = fnv1a(t.glyphs.text().as_bytes(), h);
        }
        // A figure's image changes the document as much as its words do.
        if let Item::Picture { image, .. } = item {
            h = fnv1a(&image.id.to_le_bytes(), h);
        }
    }
    h
}
