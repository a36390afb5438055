//! Render: positioned pages → PDF bytes. The only module that touches printpdf.
//!
//! ```no_run
//! use prep_pdf::{content::Bank, document, layout, render};
//! let role = Bank::bundled().load("backend-mid").unwrap();
//! let doc = document::build(&role, &document::Options::default());
//! let laid = layout::layout(&doc, layout::Paper::A4);
//! let pdf: Vec<u8> = render::render(laid, &doc.meta, &render::RenderOptions::default()).unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```
//!
//! Layout measures from the top-left corner, y down; PDF from the bottom-left, y up.
//! The flip happens here and nowhere else. Fonts are subset (`subset.rs`) before
//! printpdf sees them (and slimmed, `sfnt.rs`); `finish.rs` then fixes what printpdf leaves random or
//! incomplete — the document id, dates, language, outline — so that the same input
//! always gives the same bytes. `content` wraps everything drawn in marked content;
//! `tagged` writes the structure tree, its parent tree and the link annotations;
//! `archive` the XMP metadata and output intent that PDF/UA-1 and PDF/A-2 ask for.

mod archive;
mod content;
mod deflate;
mod finish;
mod glyphs;
mod image;
mod mask;
mod pack;
mod sfnt;
mod subset;
mod tagged;

use rayon::prelude::*;

use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt as PPt, Rect, TextItem,
};

use crate::document::Meta;
use crate::error::Error;
use crate::fonts::FontSet;
use crate::layout::{GroupKind, Item, Laid, Page};
pub use subset::GlyphSet;

/// Choices that affect the bytes but not the layout.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Seconds since 1970 to record as the creation date (`SOURCE_DATE_EPOCH`). Without
    /// it the PDF carries no dates, so it stays reproducible.
    pub source_date_epoch: Option<i64>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a: a small, stable hash for ids derived from content.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Renders laid-out pages to PDF bytes. Each page's boxes are dropped as soon as its
/// content stream is written, so a long document never holds both all its boxes and
/// all its PDF objects.
pub fn render(mut laid: Laid, meta: &Meta, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    let mut glyphs = GlyphSet::default();
    for page in &laid.pages {
        glyphs.add(page);
    }
    let pages = std::mem::take(&mut laid.pages);
    render_pages(laid, glyphs, meta, opts, |take| {
        pages.into_iter().for_each(take)
    })
}

/// How many pages are written and deflated together on the thread pool: enough for
/// both cores, few enough that a long document's pages never wait in memory long.
const BATCH: usize = 64;

/// Renders pages that arrive one at a time, for documents too long to hold laid out
/// whole. `head` is the laid-out document without its pages, `glyphs` has seen every
/// page (so fonts can be subset before the first page is written), and `produce` hands
/// each page, in order, to the function it is given.
pub fn render_pages(
    head: Laid,
    glyphs: GlyphSet,
    meta: &Meta,
    opts: &RenderOptions,
    produce: impl FnOnce(&mut dyn FnMut(Page)),
) -> Result<Vec<u8>, Error> {
    let height = head.frame.height;
    let mut doc = PdfDocument::new(&meta.title);

    // Subset each face used to the glyphs it draws.
    let used = glyphs.used();
    let mut face_codes = Vec::with_capacity(used.len());
    // printpdf builds each font's widths and ToUnicode map from the glyphs its pages
    // show. The pages' content streams are written by `content` instead, so the first
    // page tells printpdf, once per face, every glyph that face draws and the text it
    // stands for; `finish` then replaces that page's content like every other.
    let mut declare = Vec::new();
    for u in &used {
        let (sub, codes) = u.embed().map_err(|e| {
            Error::Render(format!(
                "could not subset font {}: {e}",
                FontSet::get().face(u.face).postscript_name
            ))
        })?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
            .ok_or_else(|| Error::Render(format!("subset of {} does not parse", sub.name)))?;
        parsed.font_name = Some(sub.name.clone());
        let id = FontId(u.resource.clone());
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        declare.push(Op::StartTextSection);
        declare.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: PPt(10.0),
        });
        // Subset glyph ids are positions in the subset's glyph list: .notdef, then
        // the used glyphs in ascending order.
        let glyphs = u
            .glyphs
            .iter()
            .filter(|(&g, _)| g != 0)
            .enumerate()
            .map(|(i, (_, text))| Codepoint {
                gid: i as u16 + 1,
                offset: 0.0,
                cid: Some(text.clone()),
            })
            .collect();
        declare.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
        declare.push(Op::EndTextSection);
        face_codes.push(codes);
    }
    let codes = subset::codes(face_codes, &used);

    // Pages are independent once laid out: their content streams are written and
    // deflated on the thread pool, a batch at a time, and each page's boxes dropped
    // but for its links. Called from outside the pool (one role), the batches are
    // written by a thread of their own while this one goes on producing pages: a long
    // document is laid out as it is streamed (`export::typeset`), and laying out one
    // batch while the last is written keeps both cores busy where taking turns left
    // one idle. At most two batches wait.
    let mut id = finish::ContentId::new(meta, opts, &head.frame);
    let write = |batch: Vec<Page>, written: &mut Written| {
        let done: Vec<(content::PageContent, Vec<Item>)> = batch
            .into_par_iter()
            .map(|page| {
                let mut c = content::page_content(&page, height, &codes, &head.structure);
                // Deflated at once, so a long document never holds its pages' streams
                // uncompressed (three to four times the size) all together.
                c.deflated = deflate::shrink(&mut c.bytes);
                // Links, and the boxes of elements drawn as groups (their `BBox`),
                // are what the structure tree needs of a page once it is written.
                let boxes = page.items.iter().filter_map(|item| match item {
                    Item::Group {
                        kind: kind @ GroupKind::Element { .. },
                        ..
                    } => Some(Item::Group {
                        kind: kind.clone(),
                        items: Vec::new(),
                    }),
                    _ => None,
                });
                // Figures' images too: embedded once all pages are written.
                let links = page
                    .items
                    .iter()
                    .flat_map(Item::flat)
                    .filter(|item| matches!(item, Item::Link { .. } | Item::Picture { .. }))
                    .cloned()
                    .chain(boxes)
                    .collect();
                (c, links)
            })
            .collect();
        for (c, l) in done {
            written.contents.push(c);
            written.links.push(l);
        }
    };
    let written = if rayon::current_thread_index().is_some() {
        // On the pool already (a batch of roles): written here, in turns with the
        // producing. A thread of our own waiting on the pool from a pool task could
        // wait for ever, every worker being such a task.
        let mut written = Written::default();
        in_batches(produce, &mut id, &mut |batch| write(batch, &mut written));
        written
    } else {
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Page>>(1);
            let writer = scope.spawn(move || {
                let mut written = Written::default();
                for batch in receive {
                    write(batch, &mut written);
                }
                written
            });
            in_batches(produce, &mut id, &mut |batch| {
                // Fails only if the writer panicked, which `join` reports below.
                let _ = send.send(batch);
            });
            drop(send);
            writer.join()
        })
        .map_err(|_| Error::Render("writing a page failed".into()))?
    };
    let page_count = written.contents.len();

    let mut pages = Vec::with_capacity(page_count);
    for index in 0..page_count {
        let ops = if index == 0 {
            std::mem::take(&mut declare)
        } else {
            Vec::new()
        };
        let size = Rect::from_wh(PPt(head.frame.width), PPt(height));
        pages.push(PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size,
            ops,
        });
    }
    doc.with_pages(pages);

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    // printpdf's own document is not needed past this: not kept beside lopdf's.
    drop(doc);
    let rendered = finish::RenderedPages {
        contents: written.contents,
        links: written.links,
        id: id.finish(),
    };
    finish::finish(&mut lo, &head, meta, opts, rendered, &codes)
}

/// Hands the pages `produce` makes to `hand` [`BATCH`] at a time (the last batch may
/// be short or empty), each page added to the document id `id` first, in order.
fn in_batches(
    produce: impl FnOnce(&mut dyn FnMut(Page)),
    id: &mut finish::ContentId,
    hand: &mut dyn FnMut(Vec<Page>),
) {
    let mut batch = Vec::with_capacity(BATCH);
    produce(&mut |page| {
        id.page(&page);
        batch.push(page);
        if batch.len() == BATCH {
            hand(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    });
    hand(batch);
}

/// The pages written so far: content streams, and the links of each page.
#[derive(Default)]
struct Written {
    contents: Vec<content::PageContent>,
    links: Vec<Vec<Item>>,
}
