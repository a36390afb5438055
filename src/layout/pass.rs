//! A document laid out whole, or — too long to hold — twice, a page at a time.
//!
//! [`lay_out`] is layout's one entry point for an export. A document of up to `hold`
//! pages is laid out, finished and handed over whole ([`Pages::Held`]). A longer one
//! is paginated once to learn its page count and where its anchors land, keeping
//! nothing of its pages but what only finalize completes (the contents' page numbers);
//! every page is shown to the caller as it goes (render gathers the glyphs each face
//! needs, so fonts can be subset before the first page is written). Then
//! [`Replay::replay`] lays it out again and hands each finished page over as it comes,
//! so memory stays flat in page count. Both ways give the same pages.

use std::collections::BTreeMap;

use super::{finalize, flow, paginate, Frame, Item, Laid, Page, Paper};
use crate::document::{Block, Document};
use crate::fonts::FontSet;

/// A document's pages: all of them, or a way to have them again one by one.
pub enum Pages<'d> {
    Held(Laid),
    Streamed(Replay<'d>),
}

/// What a second pass over a long document needs: the document, its finisher, and
/// its body's blocks (taken from the document so the last pass can drop them).
pub struct Replay<'d> {
    doc: &'d Document,
    body: Vec<Block>,
    paper: Paper,
    fonts: &'d FontSet,
    fin: finalize::Finisher<'d>,
}

/// Lays `doc` out on `paper` with `fonts`: held whole when it has at most `hold`
/// pages, else streamed (see the module docs). `seen` is shown every page of a
/// streamed document once, finished, during the first pass; it is not called for a
/// held one. `doc.body` is taken (a streamed replay drops it when done).
pub fn lay_out<'d>(
    doc: &'d mut Document,
    paper: Paper,
    fonts: &'d FontSet,
    hold: usize,
    seen: &mut dyn FnMut(&Page),
) -> Pages<'d> {
    let body = std::mem::take(&mut doc.body);
    let doc: &'d Document = doc;
    let mut held = Some(Vec::new());
    let mut unfinished = BTreeMap::new();
    let mut forget = |index: usize, page: Page| {
        seen(&page);
        let rest = unfinished_part(page);
        if !rest.items.is_empty() {
            unfinished.insert(index, rest);
        }
    };
    let paged = place_pages(
        &doc.cover,
        &body,
        paper,
        fonts,
        &mut |index, page| match &mut held {
            Some(pages) if pages.len() < hold => pages.push(page),
            _ => {
                for (i, p) in held.take().into_iter().flatten().enumerate() {
                    forget(i, p);
                }
                forget(index, page);
            }
        },
    );
    let fin = paged.finisher(doc, fonts);
    if let Some(pages) = held {
        let pages = pages
            .into_iter()
            .enumerate()
            .map(|(i, p)| fin.page(i, p))
            .collect();
        return Pages::Held(fin.laid(pages));
    }
    // What finalize adds to each page: headers, footers, contents' page numbers.
    for index in 0..fin.total() {
        let rest = unfinished.remove(&index).unwrap_or_default();
        seen(&fin.page(index, rest));
    }
    Pages::Streamed(Replay {
        doc,
        body,
        paper,
        fonts,
        fin,
    })
}

impl Replay<'_> {
    /// How many pages the document has.
    pub fn total(&self) -> usize {
        self.fin.total()
    }

    /// The laid-out document without its pages (frame, outline, structure, logo).
    pub fn head(&self) -> Laid {
        self.fin.laid(Vec::new())
    }

    /// Lays the document out again, handing each finished page to `take` in order;
    /// the body's blocks are dropped at the end, before the caller finishes the file.
    pub fn replay(self, take: &mut dyn FnMut(Page)) {
        let Replay {
            doc,
            body,
            paper,
            fonts,
            fin,
        } = self;
        place_pages(&doc.cover, &body, paper, fonts, &mut |index, page| {
            take(fin.page(index, page))
        });
    }
}

/// Where pagination left a document whose pages were handed over one by one
/// ([`place_pages`]): what [`finalize::Finisher`] needs to finish them.
struct Paged {
    frame: Frame,
    cover_pages: usize,
    total: usize,
    /// Anchor id, outline title, page index, y.
    anchors: Vec<paginate::Landed>,
}

impl Paged {
    /// The finalize pass for these pages.
    fn finisher<'d>(&self, doc: &'d Document, fonts: &'d FontSet) -> finalize::Finisher<'d> {
        finalize::Finisher::new(
            doc,
            fonts,
            self.frame,
            &self.anchors,
            self.total,
            self.cover_pages,
        )
    }
}

/// Lays a document's `cover` and `body` blocks out on `paper` a page at a time: each
/// page goes to `sink` with its index as soon as pagination is done with it, not yet
/// finalized (see [`Paged`]).
/// The pages are those of [`layout`] before finalize; a long document is never held
/// whole, so it can be laid out twice (once to count, once to render) in little memory.
fn place_pages(
    cover: &[Block],
    body: &[Block],
    paper: Paper,
    fonts: &FontSet,
    sink: &mut dyn FnMut(usize, Page),
) -> Paged {
    let frame = Frame::new(paper);
    let index = std::cell::Cell::new(0);
    let mut hand = |page: Page| {
        sink(index.get(), page);
        index.set(index.get() + 1);
    };
    let mut paginator = paginate::Paginator::new(&frame, frame.top, 0, &mut hand);
    flow::flow_into(cover, &frame, fonts, &mut |item| paginator.push(item));
    let mut anchors = paginator.finish();
    let cover_pages = index.get();
    let mut paginator = paginate::Paginator::new(&frame, frame.body_top, cover_pages, &mut hand);
    flow::flow_into(body, &frame, fonts, &mut |item| paginator.push(item));
    anchors.extend(paginator.finish());
    Paged {
        frame,
        cover_pages,
        total: index.get(),
        anchors,
    }
}

/// What of a page only finalize completes: its contents entries' page numbers (a
/// [`Item::PageRef`] becomes text then). The rest of a page's text is final once placed.
fn unfinished_part(mut page: Page) -> Page {
    page.items
        .retain(|item| matches!(item, Item::PageRef { .. }));
    page
}
