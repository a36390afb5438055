//! Render: positioned pages → PDF bytes. The only module that touches printpdf.
//!
//! ```no_run
//! use prep_pdf::{content::Bank, document, layout, render};
//! let role = Bank::bundled().load("backend-mid").unwrap();
//! let doc = document::build(&role, &document::Options::default());
//! let laid = layout::layout(&doc, layout::Paper::A4, &prep_pdf::fonts::FontSet::bundled());
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
mod body_fonts;
mod content;
mod deflate;
mod finish;
mod glyphs;
mod image;
mod mask;
mod objects;
mod ops;
mod pack;
mod pages;
mod sfnt;
mod shared;
mod subset;
mod tagged;

use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt as PPt, Rect, TextItem,
};

use crate::document::Meta;
use crate::error::Error;
use crate::layout::{Laid, Page};
pub use shared::Shared;
pub use subset::GlyphSet;

/// Choices that affect the bytes but not the layout.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Seconds since 1970 to record as the creation date (`SOURCE_DATE_EPOCH`). Without
    /// it the PDF carries no dates, so it stays reproducible.
    pub source_date_epoch: Option<i64>,
    /// Whether a long document's freed memory goes back to the system between stages.
    pub reclaim: crate::memory::Reclaim,
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
    let mut doc = PdfDocument::new(&meta.title);
    // A copy after a merge's first has the body's font objects made already: printpdf
    // is given only the stamp's fonts, and the body's are spliced in after it.
    let body_fonts = parts.as_deref().and_then(shared::Parts::body_fonts);
    let fonts = declare_fonts(&mut doc, (&used, &stamp_used), parts.as_deref(), body_fonts)?;
    let page_codes = content::PageCodes {
        body: &fonts.codes,
        stamp: &fonts.stamp_codes,
    };
    let mut id = finish::ContentId::new(meta, opts, &head.frame);
    let written = pages::write(&head, page_codes, parts.as_deref(), &mut id, produce)?;
    let mut lo = to_lopdf(doc, fonts.declare, written.contents.len(), &head.frame);
    if let Some(body) = body_fonts {
        body.splice(&mut lo)
            .ok_or_else(|| Error::Render("font resources not where printpdf puts them".into()))?;
    }
    let rendered = finish::RenderedPages {
        contents: written.contents,
        stamps: written.stamps,
        shared: parts.clone(),
        fonts_spliced: body_fonts.is_some(),
        links: written.links,
        id: id.finish(),
    };
    let codes = [&fonts.codes, &fonts.stamp_codes];
    finish::finish(&mut lo, &head, meta, opts, rendered, codes)
}

/// The fonts a document's pages are drawn with, as [`declare_fonts`] left them.
struct Declared {
    /// The body's glyph codes, and the stamp's.
    codes: content::Codes,
    stamp_codes: content::Codes,
    /// The first page's text that shows printpdf every glyph (see [`declare_face`]).
    declare: Vec<Op>,
}

/// Subsets each face used to the glyphs it draws (the body's, and the stamp's
/// apart: see `GlyphSet`), and declares the subsets to `doc`: the body's taken from
/// `parts` if a copy shares them, and left out if `body_fonts` will be spliced in.
fn declare_fonts(
    doc: &mut PdfDocument,
    (used, stamp_used): (&[subset::Used], &[subset::Used]),
    parts: Option<&shared::Parts>,
    body_fonts: Option<&body_fonts::BodyFonts>,
) -> Result<Declared, Error> {
    let own;
    let fonts = match parts {
        Some(parts) => &parts.fonts,
        None => {
            own = subsets(used)?;
            &own
        }
    };
    let mut declare = Vec::new();
    let face_codes = match body_fonts {
        Some(_) => fonts.iter().map(|(_, codes)| codes.clone()).collect(),
        None => declare_all(doc, used, fonts, &mut declare)?,
    };
    let stamp_codes = declare_all(doc, stamp_used, &subsets(stamp_used)?, &mut declare)?;
    Ok(Declared {
        codes: subset::codes(face_codes, used),
        stamp_codes: subset::codes(stamp_codes, stamp_used),
        declare,
    })
}

/// printpdf's objects for `doc` with `page_count` pages of `frame`'s size, the first
/// showing `declare`: the pages' content streams are `finish`'s to put in.
fn to_lopdf(
    mut doc: PdfDocument,
    mut declare: Vec<Op>,
    page_count: usize,
    frame: &crate::layout::Frame,
) -> lopdf::Document {
    let mut pages = Vec::with_capacity(page_count);
    for index in 0..page_count {
        let ops = if index == 0 {
            std::mem::take(&mut declare)
        } else {
            Vec::new()
        };
        let size = Rect::from_wh(PPt(frame.width), PPt(frame.height));
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
    // printpdf's own document is dropped here: not kept beside lopdf's.
    doc.to_lopdf_document(&save, &mut warnings)
}

/// A subset of each face in `used`, with the code that draws each glyph in it.
fn subsets(used: &[subset::Used]) -> Result<Vec<(subset::Subset, content::FaceCodes)>, Error> {
    used.iter()
        .map(|u| {
            u.embed().map_err(|e| {
                Error::Render(format!(
                    "could not subset font {}: {e}",
                    u.face.font().postscript_name
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
/// printpdf builds each font's widths from the glyphs its pages show (and a
/// ToUnicode map, which `finish` replaces with ours). The pages' content streams are
/// written by `content` instead, so the first page tells printpdf, once per face,
/// every glyph that face draws and the text it stands for; `finish` then replaces
/// that page's content like every other.
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
