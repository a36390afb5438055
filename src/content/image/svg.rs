//! SVG images: parsed by usvg and converted to a PDF form XObject by svg2pdf, so
//! they stay vectors, crisp at any zoom (see `docs/content-format.md` for why these
//! crates and what they cost).
//!
//! svg2pdf writes with pdf-writer, not lopdf: the converted drawing is kept as a
//! tiny PDF of its own ([`Svg::pdf`], the form at object [`Svg::form`]); render
//! reads it with lopdf and copies the form and what it uses into the document.
//! usvg is built without text support (it would bring a second shaper and system
//! fonts), so an SVG with `<text>` is refused with advice to convert text to paths,
//! rather than printed with its words silently missing.

use svg2pdf::usvg;

/// The most bytes an SVG's converted drawing may take; a drawing for an answer is
/// a few kilobytes, and this keeps a hostile file from bloating every PDF.
const MAX_PDF: usize = 8 << 20;

pub use crate::model::picture::Svg;

/// Whether `bytes` look like an SVG file: XML text that opens an `<svg` element.
pub fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!"))
        && head.contains("<svg")
}

impl Svg {
    /// Parses and converts an SVG file; the error says what is wrong in words.
    pub fn parse(bytes: &[u8]) -> Result<Svg, String> {
        let source = std::str::from_utf8(bytes)
            .map_err(|_| "is an SVG that is not UTF-8 text".to_string())?;
        if has_text(source) {
            return Err(
                "is an SVG with text in it: text inside SVG images is not supported; \
                 convert it to paths (Inkscape: Path › Object to Path) or put the words in \
                 the caption"
                    .into(),
            );
        }
        let tree = usvg::Tree::from_str(source, &usvg::Options::default())
            .map_err(|e| format!("does not parse as SVG: {e}"))?;
        let size = tree.size();
        let (pdf, form) = to_pdf(&tree)?;
        Ok(Svg {
            width: size.width() * 0.75,
            height: size.height() * 0.75,
            source: source.to_string(),
            pdf,
            form,
        })
    }
}

/// Whether the SVG source has a text element (`<text`, `<tspan`, `<textPath`, with
/// or without a namespace prefix).
fn has_text(source: &str) -> bool {
    source.match_indices('<').any(|(i, _)| {
        let name = source[i + 1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        matches!(local, "text" | "tspan" | "textPath")
    })
}

/// The drawing as a form XObject in a PDF of its own (a catalog and an empty page
/// tree, so lopdf reads it as a document), and the form's object number.
fn to_pdf(tree: &usvg::Tree) -> Result<(Vec<u8>, u32), String> {
    use pdf_writer::{Pdf, Ref};
    // Uncompressed: render deflates every stream alike, at one fixed level.
    let options = svg2pdf::ConversionOptions {
        compress: false,
        ..Default::default()
    };
    let (chunk, form) =
        svg2pdf::to_chunk(tree, options).map_err(|e| format!("cannot be converted: {e}"))?;
    // Objects 1 and 2 are the catalog and page tree; the chunk's follow, in order.
    let mut map = std::collections::BTreeMap::new();
    let chunk = chunk.renumber(|old| {
        let next = Ref::new(3 + map.len() as i32);
        *map.entry(old).or_insert(next)
    });
    let form = map.get(&form).copied().ok_or("lost its drawing")?;
    let mut pdf = Pdf::new();
    pdf.catalog(Ref::new(1)).pages(Ref::new(2));
    pdf.pages(Ref::new(2)).count(0);
    pdf.extend(&chunk);
    let bytes = pdf.finish();
    if bytes.len() > MAX_PDF {
        return Err("draws too much: its converted drawing is over 8 MB".into());
    }
    Ok((bytes, form.get() as u32))
}
