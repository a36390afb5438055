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
//! The flip happens here and nowhere else. Fonts are subset ([`subset`]) before
//! printpdf sees them; [`finish`] then fixes what printpdf leaves random or
//! incomplete — the document id, dates, language, outline — so that the same input
//! always gives the same bytes.

mod finish;
mod subset;

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Color as PColor, Destination, FontId, LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt as PPt, Rect, Rgb, TextItem, TextMatrix,
};

use crate::document::Meta;
use crate::error::Error;
use crate::fonts::{Face, FontSet};
use crate::layout::{Color, Item, Laid, Target};

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

fn color(c: Color) -> PColor {
    PColor::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// Renders laid-out pages to PDF bytes.
pub fn render(laid: &Laid, meta: &Meta, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    let fonts = FontSet::get();
    let height = laid.frame.height;
    let mut doc = PdfDocument::new(&meta.title);

    // Subset each face used to the characters it draws.
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                used.entry(t.face).or_default().extend(t.pieces.iter().flat_map(|(s, _)| s.chars()));
            }
        }
    }
    for (face, chars) in &used {
        let sub = subset::subset_face(fonts.face(*face), chars)
            .map_err(|e| Error::Usage(format!("could not subset font {}: {e}", fonts.face(*face).postscript_name)))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
            .ok_or_else(|| Error::Usage(format!("subset of {} does not parse", sub.name)))?;
        parsed.font_name = Some(sub.name);
        doc.resources.fonts.map.insert(font_id(*face), PdfFont::new(parsed));
    }

    let mut pages = Vec::with_capacity(laid.pages.len());
    for page in &laid.pages {
        let mut ops = Vec::new();
        let mut text_open = false;
        let mut current: Option<(Face, f32, Color)> = None;
        for item in &page.items {
            let is_text = matches!(item, Item::Text(_));
            if text_open && !is_text {
                ops.push(Op::EndTextSection);
                text_open = false;
                current = None;
            }
            match item {
                Item::Text(t) => {
                    if !text_open {
                        ops.push(Op::StartTextSection);
                        text_open = true;
                    }
                    if current.map(|(f, s, _)| (f, s)) != Some((t.face, t.size)) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(t.face)),
                            size: PPt(t.size),
                        });
                    }
                    if current.map(|c| c.2) != Some(t.color) {
                        ops.push(Op::SetFillColor { col: color(t.color) });
                    }
                    current = Some((t.face, t.size, t.color));
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(PPt(t.x), PPt(height - t.baseline)),
                    });
                    let mut items = Vec::with_capacity(t.pieces.len() * 2);
                    for (s, kern) in &t.pieces {
                        if !s.is_empty() {
                            items.push(TextItem::Text(s.clone()));
                        }
                        // TJ numbers are subtracted from the pen position: a negative
                        // kern (tighter) is a positive adjustment.
                        if *kern != 0.0 {
                            items.push(TextItem::Offset(-kern));
                        }
                    }
                    ops.push(Op::ShowText { items });
                }
                Item::Rect { x, y, w, h, color: c } => {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Fill),
                            ..Rect::from_xywh(PPt(*x), PPt(height - y - h), PPt(*w), PPt(*h))
                        },
                    });
                }
                Item::Rule { x1, x2, y, thickness, color: c } => {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: PPt(*thickness) });
                    let pt = |x: f32| printpdf::LinePoint {
                        p: Point { x: PPt(x), y: PPt(height - y) },
                        bezier: false,
                    };
                    ops.push(Op::DrawLine {
                        line: printpdf::Line {
                            points: vec![pt(*x1), pt(*x2)],
                            is_closed: false,
                        },
                    });
                }
                Item::Link { x, y, w, h, target } => {
                    let actions = match target {
                        Target::Url(u) => Actions::Uri(u.clone()),
                        Target::Place { page, y } => Actions::Goto(Destination::Xyz {
                            page: page + 1,
                            left: Some(0.0),
                            top: Some(height - y + 12.0),
                            zoom: None,
                        }),
                        // Unresolved anchors are a bug upstream; a dead link is harmless.
                        Target::Anchor(_) => continue,
                    };
                    ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect::from_xywh(PPt(*x), PPt(height - y - h), PPt(*w), PPt(*h)),
                            actions,
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        ),
                    });
                }
                Item::PageRef { .. } => {}
            }
        }
        if text_open {
            ops.push(Op::EndTextSection);
        }
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
    finish::finish(&mut lo, laid, meta, opts)
}
