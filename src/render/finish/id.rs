//! The document id: a hash of everything that decides the output, taken page by page
//! as the pages are rendered, so that the same input gives the same `/ID` where
//! printpdf would draw a random one.

use crate::document::Meta;
use crate::layout::Item;
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

    /// Adds the next page's drawn strings and their positions.
    pub(in crate::render) fn page(&mut self, page: &crate::layout::Page) {
        let mut h = fnv1a(b"\x0cpage", self.0);
        for item in page.drawn().flat_map(Item::flat) {
            if let Item::Text(t) = item {
                h = fnv1a(&t.x.to_le_bytes(), h);
                h = fnv1a(&t.baseline.to_le_bytes(), h);
                h = fnv1a(t.text().as_bytes(), h);
            }
            // A figure's image changes the document as much as its words do.
            if let Item::Picture { image, .. } = item {
                h = fnv1a(&image.id.to_le_bytes(), h);
            }
        }
        self.0 = h;
    }

    pub(in crate::render) fn finish(self) -> String {
        let h = self.0;
        // Two rounds with different seeds give the customary 16 bytes.
        let h2 = fnv1a(&h.to_le_bytes(), FNV_OFFSET ^ 0x5bd1_e995);
        format!("{h:016x}{h2:016x}")
    }
}
