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
mod objects;
mod pack;
mod sfnt;
mod shared;
mod subset;
mod tagged;

use rayon::prelude::*;

use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt as PPt, Rect, TextItem,
};

use crate::document::{Mark, Meta};
use crate::error::Error;
use crate::fonts::FontSet;
use crate::layout::{GroupKind, Item, Laid, Page};
pub use shared::Shared;
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
pub fn render(laid: Laid, meta: &Meta, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    render_held(laid, meta, opts, None)
}

/// Renders one stamped copy of a document, reusing what earlier copies rendered with
/// the same `shared` left there: the same bytes as [`render`], for less work. Every
/// copy rendered with one [`Shared`] must be of the same document, differing only in
/// its stamp ([`crate::document::Options::prepared_for`]).
pub fn render_copy(
    laid: Laid,
    meta: &Meta,
    opts: &RenderOptions,
    shared: &Shared,
) -> Result<Vec<u8>, Error> {
    render_held(laid, meta, opts, Some(shared))
}

fn render_held(
    mut laid: Laid,
    meta: &Meta,
    opts: &RenderOptions,
    shared: Option<&Shared>,
) -> Result<Vec<u8>, Error> {
    let all_glyphs = |pages: &[Page]| {
        let mut glyphs = GlyphSet::new(&laid.structure);
        pages.iter().for_each(|page| glyphs.add(page));
        glyphs
    };
    let (used, parts) = match shared {
        None => (all_glyphs(&laid.pages).used(), None),
        Some(shared) => {
            // The body's glyphs are the same in every copy: gathered by the first.
            let key = shared::key(laid.pages.len(), &laid.frame, &meta.title);
            let parts = shared.parts(key, || {
                let body = all_glyphs(&laid.pages).used().0;
                let fonts = subsets(&body)?;
                Ok::<_, Error>((body, fonts))
            })?;
            let mut stamp = GlyphSet::new(&laid.structure);
            laid.pages.iter().for_each(|page| stamp.add_stamp(page));
            ((parts.used.clone(), stamp.used().1), Some(parts))
        }
    };
    let pages = std::mem::take(&mut laid.pages);
    render_streamed(laid, used, meta, opts, parts, |take| {
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
    render_streamed(head, glyphs.used(), meta, opts, None, produce)
}

/// [`render_pages`] with the faces' glyphs gathered (the body's, the stamp's), and
/// the parts a stamped copy shares with others.
fn render_streamed(
    head: Laid,
    (used, stamp_used): (Vec<subset::Used>, Vec<subset::Used>),
    meta: &Meta,
    opts: &RenderOptions,
    parts: Option<std::sync::Arc<shared::Parts>>,
    produce: impl FnOnce(&mut dyn FnMut(Page)),
) -> Result<Vec<u8>, Error> {
    let height = head.frame.height;
    let mut doc = PdfDocument::new(&meta.title);

    // Subset each face used to the glyphs it draws: the body's, and the stamp's
    // apart (see `GlyphSet`).
    let own;
    let fonts = match &parts {
        Some(parts) => &parts.fonts,
        None => {
            own = subsets(&used)?;
            &own
        }
    };
    let mut declare = Vec::new();
    let face_codes = declare_all(&mut doc, &used, fonts, &mut declare)?;
    let stamp_codes = declare_all(&mut doc, &stamp_used, &subsets(&stamp_used)?, &mut declare)?;
    let codes = subset::codes(face_codes, &used);
    let stamp_codes = subset::codes(stamp_codes, &stamp_used);
    let page_codes = content::PageCodes {
        body: &codes,
        stamp: &stamp_codes,
    };

    // Pages are independent once laid out: their content streams are written and
    // deflated on the thread pool, a batch at a time, and each page's boxes dropped
    // but for its links. Called from outside the pool (one role), the batches are
    // written by a thread of their own while this one goes on producing pages: a long
    // document is laid out as it is streamed (`export::typeset`), and laying out one
    // batch while the last is written keeps both cores busy where taking turns left
    // one idle. At most two batches wait.
    let mut id = finish::ContentId::new(meta, opts, &head.frame);
    // One page's streams, and what the structure tree needs of it once written:
    // links, figures' images (embedded once all pages are written) and the boxes of
    // elements drawn as groups (their `BBox`).
    let one = |index: usize, page: Page| -> (Streams, Vec<Item>) {
        let c = page_streams(
            &page,
            height,
            page_codes,
            &head.structure,
            parts.as_deref().map(|p| (p, index)),
        );
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
        let links = page
            .items
            .iter()
            .flat_map(Item::flat)
            .filter(|item| matches!(item, Item::Link { .. } | Item::Picture { .. }))
            .cloned()
            .chain(boxes)
            .collect();
        (c, links)
    };
    let keep = |written: &mut Written, ((c, stamp), l): (Streams, Vec<Item>)| {
        written.contents.push(c);
        written.stamps.push(stamp);
        written.links.push(l);
    };
    let write = |batch: Vec<Page>, written: &mut Written| {
        let first = written.contents.len();
        let done: Vec<(Streams, Vec<Item>)> = batch
            .into_par_iter()
            .enumerate()
            .map(|(i, page)| one(first + i, page))
            .collect();
        done.into_iter().for_each(|d| keep(written, d));
    };
    let written = if parts.is_some() {
        // A stamped copy: its pages' bodies are written already, and what is left (a
        // cover, a line of stamp a page) costs less than handing it to other threads.
        let mut written = Written::default();
        in_batches(produce, &mut id, &mut |batch| {
            for page in batch {
                let d = one(written.contents.len(), page);
                keep(&mut written, d);
            }
        });
        written
    } else if rayon::current_thread_index().is_some() {
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
        stamps: written.stamps,
        shared: parts.clone(),
        links: written.links,
        id: id.finish(),
    };
    finish::finish(&mut lo, &head, meta, opts, rendered, [&codes, &stamp_codes])
}

/// A subset of each face in `used`, with the code that draws each glyph in it.
fn subsets(used: &[subset::Used]) -> Result<Vec<(subset::Subset, content::FaceCodes)>, Error> {
    used.iter()
        .map(|u| {
            u.embed().map_err(|e| {
                Error::Render(format!(
                    "could not subset font {}: {e}",
                    FontSet::get().face(u.face).postscript_name
                ))
            })
        })
        .collect()
}

/// Embeds each face's subset in `doc` (see [`declare_face`]); its codes, in order.
fn declare_all(
    doc: &mut PdfDocument,
    used: &[subset::Used],
    fonts: &[(subset::Subset, content::FaceCodes)],
    declare: &mut Vec<Op>,
) -> Result<Vec<content::FaceCodes>, Error> {
    let mut face_codes = Vec::with_capacity(used.len());
    for (u, (sub, codes)) in used.iter().zip(fonts) {
        declare_face(doc, u, sub, declare)?;
        face_codes.push(codes.clone());
    }
    Ok(face_codes)
}

/// Adds one subset font to `doc`, and to `declare` the text that shows its glyphs.
/// printpdf builds each font's widths and ToUnicode map from the glyphs its pages
/// show. The pages' content streams are written by `content` instead, so the first
/// page tells printpdf, once per face, every glyph that face draws and the text it
/// stands for; `finish` then replaces that page's content like every other.
fn declare_face(
    doc: &mut PdfDocument,
    u: &subset::Used,
    sub: &subset::Subset,
    declare: &mut Vec<Op>,
) -> Result<(), Error> {
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
    Ok(())
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
        .items
        .iter()
        .any(|item| matches!(item, Item::Text(t) if structure.is_stamp(t.mark)));
    let cover = stamped
        && page.items.iter().any(
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

/// A page's content stream, and its stamp's if it has one.
type Streams = (content::PageContent, Option<content::PageContent>);

/// The pages written so far: content streams, and the links of each page.
#[derive(Default)]
struct Written {
    contents: Vec<content::PageContent>,
    stamps: Vec<Option<content::PageContent>>,
    links: Vec<Vec<Item>>,
}
