//! Layout: blocks → pages of positioned boxes.
//!
//! ```no_run
//! use prep_pdf::{content::Bank, document, layout};
//! let role = Bank::bundled().load("backend-mid").unwrap();
//! let doc = document::build(&role, &document::Options::default());
//! let laid = layout::layout(&doc, layout::Paper::A4, &prep_pdf::fonts::FontSet::bundled());
//! println!("{} pages", laid.pages.len());
//! ```
//!
//! The steps, each in its own file:
//! 1. `inline.rs` measures styled text into fragments (words with their widths);
//! 2. `linebreak.rs` breaks fragments into lines with optimal fit;
//! 3. `flow/` turns blocks into a column of line-high items that carry keep rules;
//! 4. `paginate.rs` places items on pages, honouring the keep rules;
//! 5. `finalize.rs` adds what only pagination knows: running headers, "Page X of Y",
//!    the contents' page numbers, link targets and the outline.
//!
//! [`lay_out`] is the entry point for an export: a document held whole, or laid out
//! twice and streamed when it is long (`pass.rs`); [`layout`] lays one out whole.
//!
//! All lengths are points ([`Pt`]), measured from the top-left corner of the page with
//! y growing downwards; render flips y for PDF.

mod brand;
mod breaks;
pub(crate) mod copies;
pub(crate) mod diagram;
pub(crate) mod finalize;
pub(crate) mod flow;
pub(crate) mod highlight;
pub(crate) mod inline;
pub(crate) mod linebreak;
mod memo;
pub(crate) mod paginate;
mod pass;
pub use pass::{lay_out, Pages, Replay};
pub(crate) mod qr;
pub(crate) mod style;

use crate::document::{AnchorId, Document, ElemId, Mark, Structure};
use crate::fonts::{Face, FontSet, Glyphs};

/// A length in PostScript points (1/72 inch). The one length type of layout.
pub type Pt = f32;

/// Millimetres to points.
pub const fn mm(v: f32) -> Pt {
    v * 72.0 / 25.4
}

/// An RGB colour, components 0–1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

/// Paper sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (Pt, Pt) {
        match self {
            Paper::A4 => (mm(210.0), mm(297.0)),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// The page's frame: where the header, body and footer go. Everything drawn lies inside
/// `margin` of every edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: Pt,
    pub height: Pt,
    pub left: Pt,
    pub right: Pt,
    /// Top of the header band.
    pub top: Pt,
    /// Bottom of the footer band.
    pub bottom: Pt,
    /// Top of the body.
    pub body_top: Pt,
    /// Bottom of the body.
    pub body_bottom: Pt,
}

impl Frame {
    pub fn new(paper: Paper) -> Frame {
        let (width, height) = paper.size();
        // 20 mm side margins give A4 a 482 pt measure: about 85 characters of 10.5 pt
        // Noto Serif, near the top of the comfortable 60–90 range. Letter is 17 pt
        // wider, and keeps the same margins. The header and footer bands lie inside
        // the 16 mm top and bottom margins' box, never in the margins themselves.
        let (side, top_bottom) = (mm(20.0), mm(16.0));
        Frame {
            width,
            height,
            left: side,
            right: width - side,
            top: top_bottom,
            bottom: height - top_bottom,
            body_top: top_bottom + 30.0,
            body_bottom: height - top_bottom - 26.0,
        }
    }

    pub fn body_width(&self) -> Pt {
        self.right - self.left
    }

    pub fn body_height(&self) -> Pt {
        self.body_bottom - self.body_top
    }
}

/// A run of text in one face and size, drawn from (`x`, `baseline`).
#[derive(Clone, Debug, PartialEq)]
pub struct TextBox {
    pub x: Pt,
    pub baseline: Pt,
    pub face: Face,
    pub size: Pt,
    pub color: Color,
    /// The shaped glyphs, which may come from fallback faces as well as `face`.
    pub glyphs: Glyphs,
    pub width: Pt,
    /// The structure element the text belongs to, or the kind of artifact it is.
    pub mark: Mark,
}

impl TextBox {
    /// The text as written.
    pub fn text(&self) -> String {
        self.glyphs.text().to_string()
    }
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Url(String),
    /// A place in this document, resolved by finalize (`finalize.rs`).
    Anchor(AnchorId),
    /// A resolved place: page index (0-based) and y from the top.
    Place {
        page: usize,
        y: Pt,
    },
}

/// Something drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextBox),
    Rect {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        color: Color,
    },
    /// A horizontal line at `y`.
    Rule {
        x1: Pt,
        x2: Pt,
        y: Pt,
        thickness: Pt,
        color: Color,
    },
    Link {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        target: Target,
        /// The element inside the link's `Link` element whose text it covers.
        elem: Option<ElemId>,
    },
    /// The theme's logo ([`Laid::logo`]), drawn into the box with top-left corner (x, y).
    Image {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
    },
    /// An image from the content (a PNG, JPEG or SVG), drawn into the box with
    /// top-left corner (x, y); render embeds each image once, however often drawn.
    Picture {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        image: std::sync::Arc<crate::model::picture::ImageData>,
    },
    /// A one-bit picture (a QR code's modules) drawn into the box in `color`: each
    /// dark cell of `bits` fills its share of the box, light cells show what is below.
    Mask {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        color: Color,
        bits: std::sync::Arc<Bits>,
    },
    /// A contents entry's page number, right-aligned at `right`; filled by finalize.
    PageRef {
        anchor: AnchorId,
        right: Pt,
        baseline: Pt,
        face: Face,
        size: Pt,
        color: Color,
        mark: Mark,
    },
    /// Lines and shapes drawn with path operators (a diagram's boxes and arrows).
    Path(Box<Path>),
    /// Items drawn together that are one thing for a reader: render draws `items`
    /// in order; `kind` says what they are, so tagging can mark the group.
    Group {
        kind: GroupKind,
        items: Vec<Item>,
    },
}

/// An outline of straight and curved segments, filled, stroked or both. Points are
/// (x, y) with y down, like every other position in layout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    pub ops: Vec<PathOp>,
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    /// The stroke's width.
    pub width: Pt,
    pub dashed: bool,
}

/// One step of a [`Path`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathOp {
    Move(Pt, Pt),
    Line(Pt, Pt),
    /// A cubic Bézier curve: two control points, then the end point.
    Curve([Pt; 6]),
    /// Back to the start of the subpath.
    Close,
}

impl Path {
    /// The box the path's points lie in (control points too, so the drawing is
    /// inside it): left, top, right, bottom.
    pub fn bounds(&self) -> (Pt, Pt, Pt, Pt) {
        let mut b = (Pt::MAX, Pt::MAX, Pt::MIN, Pt::MIN);
        for op in &self.ops {
            let points: &[Pt] = match op {
                PathOp::Move(x, y) | PathOp::Line(x, y) => &[*x, *y],
                PathOp::Curve(c) => c,
                PathOp::Close => &[],
            };
            for p in points.chunks(2) {
                b = (b.0.min(p[0]), b.1.min(p[1]), b.2.max(p[0]), b.3.max(p[1]));
            }
        }
        b
    }

    /// The path moved down by `dy` (and right by `dx`).
    pub fn shifted(mut self, dx: Pt, dy: Pt) -> Path {
        for op in &mut self.ops {
            match op {
                PathOp::Move(x, y) | PathOp::Line(x, y) => {
                    *x += dx;
                    *y += dy;
                }
                PathOp::Curve(c) => {
                    for pair in c.chunks_mut(2) {
                        pair[0] += dx;
                        pair[1] += dy;
                    }
                }
                PathOp::Close => {}
            }
        }
        self
    }
}

/// A grid of dark and light cells, `width` by `height`, as rows of bits from the
/// top (most significant bit first, 1 = dark, each row padded to whole bytes): the
/// sample layout of a one-bit PDF image, so render embeds it as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bits {
    pub width: u32,
    pub height: u32,
    pub rows: Vec<u8>,
}

impl Bits {
    /// A grid of `width` by `height` cells, dark where `dark(col, row)`.
    pub fn from_fn(width: u32, height: u32, dark: impl Fn(u32, u32) -> bool) -> Bits {
        let stride = width.div_ceil(8) as usize;
        let mut rows = vec![0u8; stride * height as usize];
        for row in 0..height {
            for col in 0..width {
                if dark(col, row) {
                    rows[row as usize * stride + col as usize / 8] |= 0x80 >> (col % 8);
                }
            }
        }
        Bits {
            width,
            height,
            rows,
        }
    }

    /// Whether the cell at (`col`, `row`) is dark.
    pub fn get(&self, col: u32, row: u32) -> bool {
        let stride = self.width.div_ceil(8) as usize;
        self.rows[row as usize * stride + col as usize / 8] & (0x80 >> (col % 8)) != 0
    }
}

/// What a [`Item::Group`] is to a reader. Render marks the first two kinds as
/// artifacts: the answer space is decoration, and a QR code repeats the link printed
/// beside it.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupKind {
    /// Decoration, not content: answer space's lines and grids (an artifact).
    Artifact,
    /// A picture with a text alternative: a QR code, whose `alt` is its URL.
    Figure { alt: String },
    /// Content of one structure element (a diagram's `Figure`), drawn in the box
    /// with top-left corner (x, y): render marks everything in the group as the
    /// element's and gives the element the box as its `BBox`.
    Element {
        elem: ElemId,
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
    },
}

impl Item {
    /// This item, or the items of a group: what render draws. Groups do not nest.
    pub fn flat(&self) -> &[Item] {
        match self {
            Item::Group { items, .. } => items,
            other => std::slice::from_ref(other),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Items this page shares with the same page of other copies of the document: a
    /// stamped copy's body page, laid out and finished once per merge (see
    /// `layout::copies`). Drawn before `items`.
    pub shared: Option<std::sync::Arc<[Item]>>,
    pub items: Vec<Item>,
}

impl Page {
    /// A page of these items, shared with no other.
    pub fn of(items: Vec<Item>) -> Page {
        Page {
            shared: None,
            items,
        }
    }

    /// Everything the page draws, in order: the shared items, then its own.
    pub fn drawn(&self) -> impl Iterator<Item = &Item> {
        self.shared.iter().flat_map(|s| s.iter()).chain(&self.items)
    }
}

/// An outline (bookmark) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub y: Pt,
}

/// The result of layout: pages ready to render.
#[derive(Clone, Debug)]
pub struct Laid {
    pub frame: Frame,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// The document's structure, which the pages' marks point into.
    pub structure: std::sync::Arc<Structure>,
    /// The image [`Item::Image`] draws: the theme's logo.
    pub logo: Option<std::sync::Arc<crate::theme::Image>>,
}

/// Lays a document out on `paper`, shaping its text with `fonts`.
pub fn layout(doc: &Document, paper: Paper, fonts: &FontSet) -> Laid {
    let frame = Frame::new(paper);
    let mut placed = cover(doc, &frame, fonts);
    let cover_pages = placed.pages.len();
    placed.append(body(doc, &frame, fonts));
    finalize::finalize(doc, fonts, frame, placed, cover_pages)
}

/// The cover placed on its pages.
fn cover(doc: &Document, frame: &Frame, fonts: &FontSet) -> paginate::Placed {
    paginate::paginate(flow::flow(&doc.cover, frame, fonts), frame, frame.top)
}

/// The body (everything after the cover) placed on pages, before finalize.
fn body(doc: &Document, frame: &Frame, fonts: &FontSet) -> paginate::Placed {
    paginate::paginate(flow::flow(&doc.body, frame, fonts), frame, frame.body_top)
}

#[cfg(test)]
mod tests;
