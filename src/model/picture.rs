//! Pictures: an image as written in Markdown, and the decoded file it shows.
//!
//! `content::image` checks the path, reads the file inside the content folder and
//! decodes it once ([`Svg::parse`] converts an SVG); layout sizes the picture from
//! [`ImageData::natural_size`], and render embeds the data once per [`ImageData::id`].

use std::sync::Arc;

use crate::theme::Image;

/// An image as written in Markdown, and its contents once loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// What the image shows, in words: required.
    pub alt: String,
    /// The link title (`"…"` after the path), printed under the image.
    pub caption: Option<String>,
    /// The path as written, relative to the role file.
    pub src: String,
    /// Byte offset of the `![` in the Markdown source.
    pub at: usize,
    /// The decoded file; `None` until the role's parser has loaded it.
    pub data: Option<Arc<ImageData>>,
}

/// A decoded image file. Equal files give equal data, and equal `id`s.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageData {
    /// A hash of the contents: render names the image's XObject after it, so each
    /// image is embedded once and the name never depends on page order.
    pub id: u64,
    pub kind: ImageKind,
}

/// What an image is made of.
#[derive(Debug, PartialEq, Eq)]
pub enum ImageKind {
    /// Pixels, from a PNG or JPEG.
    Raster(Image),
    /// Vectors, from an SVG.
    Vector(Svg),
}

impl ImageData {
    /// The size the image asks for, in points: pixels at 96 per inch (as a browser
    /// shows them), an SVG's own width and height. Layout shrinks it to fit.
    pub fn natural_size(&self) -> (f32, f32) {
        match &self.kind {
            ImageKind::Raster(img) => (img.width as f32 * 0.75, img.height as f32 * 0.75),
            ImageKind::Vector(svg) => (svg.width, svg.height),
        }
    }
}

/// An SVG, converted.
#[derive(Debug, PartialEq)]
pub struct Svg {
    /// The size it asks for, in points (CSS pixels at 96 per inch).
    pub width: f32,
    pub height: f32,
    /// The source text, for the image's identity.
    pub source: String,
    /// A PDF holding the drawing: a catalog, an empty page tree, and the form.
    pub pdf: Vec<u8>,
    /// The object number of the form XObject in `pdf`. svg2pdf scales the drawing
    /// to the unit square, as an image is, so it is placed as an image is.
    pub form: u32,
}

// Sizes are finite (usvg refuses anything else), so equality is an equivalence.
impl Eq for Svg {}
