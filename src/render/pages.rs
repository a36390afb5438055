//! Writing a document's pages: each page's content stream (and its footer's stamp's)
//! written and deflated as pages arrive, and what the structure tree needs of each
//! page kept once its boxes are dropped.
//!
//! Pages are independent once laid out: their content streams are written and
//! deflated on the thread pool, a batch at a time, and each page's boxes dropped but
//! for its links. Called from outside the pool (one role), the batches are written by
//! a thread of their own while the caller goes on producing pages: a long document is
//! laid out as it is streamed (`export::typeset`), and laying out one batch while the
//! last is written keeps both cores busy where taking turns left one idle. At most
//! two batches wait. A stamped copy's pages are written where they are produced: its
//! pages' bodies are written already (`shared`), and what is left costs less than
//! handing it to other threads.

use rayon::prelude::*;

use super::{content, deflate, finish, shared};
use crate::document::Mark;
use crate::error::Error;
use crate::layout::{GroupKind, Item, Laid, Page};

/// How many pages are written and deflated together on the thread pool: enough for
/// both cores, few enough that a long document's pages never wait in memory long.
const BATCH: usize = 64;

/// Writes the pages `produce` hands over, in order, each added to the document id
/// `id`; `head` is the laid-out document without its pages, `codes` the glyph codes
/// its text is drawn with, and `parts` what a stamped copy shares with others.
pub(super) fn write(
    head: &Laid,
    codes: content::PageCodes,
    parts: Option<&shared::Parts>,
    id: &mut finish::ContentId,
    produce: impl FnOnce(&mut dyn FnMut(Page)),
) -> Result<Written, Error> {
    let one = |index: usize, page: Page| written_page(index, page, head, codes, parts);
    let write = |batch: Vec<Page>, written: &mut Written| {
        let first = written.contents.len();
        let done: Vec<(Streams, Vec<Item>)> = batch
            .into_par_iter()
            .enumerate()
            .map(|(i, page)| one(first + i, page))
            .collect();
        done.into_iter().for_each(|d| written.keep(d));
    };
    if parts.is_some() {
        // A stamped copy: written here (see the module's docs).
        let mut written = Written::default();
        in_batches(produce, id, parts, &mut |batch| {
            for page in batch {
                let d = one(written.contents.len(), page);
                written.keep(d);
            }
        });
        return Ok(written);
    }
    if rayon::current_thread_index().is_some() {
        // On the pool already (a batch of roles): written here, in turns with the
        // producing. A thread of our own waiting on the pool from a pool task could
        // wait for ever, every worker being such a task.
        let mut written = Written::default();
        in_batches(produce, id, parts, &mut |batch| write(batch, &mut written));
        return Ok(written);
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Page>>(1);
        let writer = scope.spawn(move || {
            let mut written = Written::default();
            for batch in receive {
                write(batch, &mut written);
            }
            written
        });
        in_batches(produce, id, parts, &mut |batch| {
            // Fails only if the writer panicked, which `join` reports below.
            let _ = send.send(batch);
        });
        drop(send);
        writer.join()
    })
    .map_err(|_| Error::Render("writing a page failed".into()))
}

/// Page `index`'s streams, and what the structure tree needs of it once written:
/// links, figures' images (embedded once all pages are written) and the boxes of
/// elements drawn as groups (their `BBox`).
fn written_page(
    index: usize,
    page: Page,
    head: &Laid,
    codes: content::PageCodes,
    parts: Option<&shared::Parts>,
) -> (Streams, Vec<Item>) {
    let height = head.frame.height;
    let c = page_streams(
        &page,
        height,
        codes,
        &head.structure,
        parts.map(|p| (p, index)),
    );
    let boxes = page.drawn().filter_map(|item| match item {
        Item::Group {
            kind: kind @ GroupKind::Element { .. },
            ..
        } => Some(Item::Group {
            kind: kind.clone(),
            items: Vec::new(),
        }),
        _ => None,
    });
    let links = page
        .drawn()
        .flat_map(Item::flat)
        .filter(|item| matches!(item, Item::Link { .. } | Item::Picture { .. }))
        .cloned()
        .chain(boxes)
        .collect();
    (c, links)
}

/// A page's content stream, deflated at once (so a long document never holds its
/// pages' streams uncompressed, three to four times the size, all together), and
/// the stream of its footer's stamp if it has one. With `shared` parts, and the
/// page's index, a body stream with nothing copy-specific in it is written once.
fn page_streams(
    page: &Page,
    height: f32,
    codes: content::PageCodes,
    structure: &crate::document::Structure,
    shared: Option<(&shared::Parts, usize)>,
) -> (content::PageContent, Option<content::PageContent>) {
    use content::Part;
    let body_stream = || content::page_content(page, height, codes, structure, Part::Body, 0);
    let deflated = |mut c: content::PageContent| {
        c.deflated = deflate::shrink(&mut c.bytes);
        c
    };
    let stamped = page
        .drawn()
        .any(|item| matches!(item, Item::Text(t) if structure.is_stamp(t.mark)));
    let cover = stamped
        && page.drawn().any(
            |item| matches!(item, Item::Text(t) if Some(t.mark) == structure.stamp.map(Mark::Elem)),
        );
    let body = match shared {
        // A page with the cover's stamp: the rest of the cover moves when a long name
        // takes another line, so its stream is the same only when its bytes are.
        Some((parts, _)) if cover => parts.deflated(body_stream(), deflated),
        Some((parts, index)) => parts.page(index, || deflated(body_stream())),
        None => deflated(body_stream()),
    };
    // A stamp's stream is a line or two of text: a hundred-odd bytes, which deflating
    // would shrink by a few dozen, at the price of a compressor's setup every page.
    let first_mcid = body.mcids.len();
    let stamp = stamped
        .then(|| content::page_content(page, height, codes, structure, Part::Stamp, first_mcid));
    (body, stamp)
}

/// Hands the pages `produce` makes to `hand` [`BATCH`] at a time (the last batch may
/// be short or empty), each page added to the document id `id` first, in order (its
/// shared items hashed once per merge when `parts` keeps them).
fn in_batches(
    produce: impl FnOnce(&mut dyn FnMut(Page)),
    id: &mut finish::ContentId,
    parts: Option<&shared::Parts>,
    hand: &mut dyn FnMut(Vec<Page>),
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut index = 0;
    produce(&mut |page| {
        let shared = parts.zip(page.shared.as_ref());
        id.page(&page, shared.map(|(p, items)| p.items_hash(index, items)));
        index += 1;
        batch.push(page);
        if batch.len() == BATCH {
            hand(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    });
    hand(batch);
}

/// A page's content stream, and its stamp's if it has one.
type Streams = (content::PageContent, Option<content::PageContent>);

/// The pages written so far: content streams, and the links of each page.
#[derive(Default)]
pub(super) struct Written {
    pub contents: Vec<content::PageContent>,
    pub stamps: Vec<Option<content::PageContent>>,
    pub links: Vec<Vec<Item>>,
}

impl Written {
    /// Takes the next page's streams and links.
    fn keep(&mut self, ((c, stamp), links): (Streams, Vec<Item>)) {
        self.contents.push(c);
        self.stamps.push(stamp);
        self.links.push(links);
    }
}
