//! Render: positioned pages → PDF bytes. The only module that touches printpdf.
//!
//! ```no_run
//! use prep_pdf::{content::Bank, document, layout, render};
//! let role = Bank::bundled().load("backend-mid").unwrap();
//! let doc = document::build(&role, &document::Options::default());
//! let laid = layout::layout(&doc, layout::Paper::A4);
//! let pdf: Vec<u8> = render::render(&laid, &doc.meta, &render::RenderOptions::default()).unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```
//!
//! Layout measures from the top-left corner, y down; PDF from the bottom-left, y up.
//! The flip happens here and nowhere else. Fonts are subset (`subset.rs`) before
//! printpdf sees them; `finish.rs` then fixes what printpdf leaves random or
//! incomplete — the document id, dates, language, outline — so that the same input
//! always gives the same bytes. `content` wraps everything drawn in marked content;
//! `tagged` writes the structure tree, its parent tree and the link annotations;
//! `archive` the XMP metadata and output intent that PDF/UA-1 and PDF/A-2 ask for.

mod archive;
mod content;
mod deflate;
mod finish;
mod image;
mod mask;
mod pack;
mod subset;
mod tagged;

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Pt as PPt, Rect, TextItem,
};

use crate::document::Meta;
use crate::error::Error;
use crate::fonts::{Face, FontSet};
use crate::layout::{Item, Laid};

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

fn font_id(face: Face) -> FontId {
    FontId(format!("F{}", face as usize + 1))
}

/// Renders laid-out pages to PDF bytes. Each page's boxes are dropped as soon as its
/// content stream is written, so a long document never holds both all its boxes and
/// all its PDF objects.
pub fn render(mut laid: Laid, meta: &Meta, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    let fonts = FontSet::get();
    let height = laid.frame.height;
    let mut doc = PdfDocument::new(&meta.title);

    // Subset each face used to the characters it draws. Most characters are below
    // U+0500; a flag table per face finds them without a map insert per character.
    let mut seen = [[false; 0x500]; Face::ALL.len()];
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for item in page.items.iter().flat_map(Item::flat) {
            if let Item::Text(t) = item {
                let set = used.entry(t.face).or_default();
                for c in t.pieces.iter().flat_map(|(s, _)| s.chars()) {
                    match seen[t.face as usize].get_mut(c as usize) {
                        Some(true) => {}
                        Some(flag) => {
                            *flag = true;
                            set.insert(c);
                        }
                        None => {
                            set.insert(c);
                        }
                    }
                }
            }
        }
    }
    let mut subsets = Vec::with_capacity(used.len());
    for (face, chars) in &used {
        let sub = subset::subset_face(fonts.face(*face), chars).map_err(|e| {
            Error::Render(format!(
                "could not subset font {}: {e}",
                fonts.face(*face).postscript_name
            ))
        })?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
            .ok_or_else(|| Error::Render(format!("subset of {} does not parse", sub.name)))?;
        parsed.font_name = Some(sub.name.clone());
        doc.resources
            .fonts
            .map
            .insert(font_id(*face), PdfFont::new(parsed));
        subsets.push((*face, sub, chars));
    }
    let codes = content::Codes::from_subsets(
        subsets
            .iter()
            .map(|(f, sub, chars)| (*f, sub.bytes.as_slice(), *chars)),
    );

    // printpdf builds each font's widths and ToUnicode map from the glyphs its pages
    // show. The pages' content streams are written by `content` instead, so the first
    // page tells printpdf, once per face, every character that face draws; `finish`
    // then replaces that page's content like every other.
    let mut declare = Vec::new();
    for (face, chars) in &used {
        declare.push(Op::StartTextSection);
        declare.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*face)),
            size: PPt(10.0),
        });
        declare.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
        declare.push(Op::EndTextSection);
    }

    // Pages are independent once laid out: their content streams are written and
    // deflated on the thread pool, and each page's boxes dropped but for its links.
    let id = finish::content_id(&laid, meta, opts);
    let page_count = laid.pages.len();
    let structure = &laid.structure;
    let (contents, links): (Vec<content::PageContent>, Vec<Vec<Item>>) =
        std::mem::take(&mut laid.pages)
            .into_par_iter()
            .map(|page| {
                let mut c =
                    content::page_content(&page, height, &codes, structure, |f| font_id(f).0);
                // Deflated at once, so a long document never holds its pages' streams
                // uncompressed (three to four times the size) all together.
                c.deflated = deflate::shrink(&mut c.bytes);
                let links = page
                    .items
                    .into_iter()
                    .flat_map(|item| match item {
                        Item::Group { items, .. } => items,
                        other => vec![other],
                    })
                    .filter(|item| matches!(item, Item::Link { .. }))
                    .collect();
                (c, links)
            })
            .unzip();
    let mut pages = Vec::with_capacity(page_count);
    for index in 0..page_count {
        let ops = if index == 0 {
            std::mem::take(&mut declare)
        } else {
            Vec::new()
        };
        let size = Rect::from_wh(PPt(laid.frame.width), PPt(height));
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
    let rendered = finish::RenderedPages {
        contents,
        links,
        id,
    };
    finish::finish(&mut lo, &laid, meta, opts, rendered, &codes)
}
