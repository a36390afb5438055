//! The last touches to printpdf's object tree before it is written.
//!
//! printpdf draws a random `/ID` for every document and stamps dates; it writes no
//! `/Lang`, and its outline sorts entries by title within a page. This pass replaces
//! the document information and `/ID` with values derived from the content (so the
//! same input gives the same bytes, run after run and machine to machine), adds the
//! language and viewer preferences, and writes the outline in document order with
//! destinations at each entry's place on its page. It then has `tagged` write the
//! structure tree and `archive` the metadata, and has `pack` deflate and save with an
//! object stream and a cross-reference stream (PDF 1.5), which keep the many small
//! objects of the structure tree compact.

use lopdf::{Dictionary, Object, StringFormat};

use super::archive::{self, Described};
use super::content::{Codes, FaceCodes, PageContent};
use super::{fnv1a, tagged, RenderOptions, FNV_OFFSET};
use crate::document::Meta;
use crate::error::Error;
use crate::layout::{Item, Laid};

/// The PDFDocEncoding byte of `c` (ISO 32000-1, Annex D): Latin-1 and the
/// typographic punctuation our titles and link texts use.
fn pdf_doc_byte(c: char) -> Option<u8> {
    const HIGH: [char; 31] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}',
        '\u{201D}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017E}',
    ];
    match c as u32 {
        0x20..=0x7E | 0xA1..=0xAC | 0xAE..=0xFF => Some(c as u8),
        0x20AC => Some(0xA0),
        _ => HIGH.iter().position(|h| *h == c).map(|i| 0x80 + i as u8),
    }
}

/// A PDF text string: PDFDocEncoding where every character has a byte there (one
/// byte a character), else UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> Object {
    if let Some(bytes) = s.chars().map(pdf_doc_byte).collect::<Option<Vec<u8>>>() {
        Object::String(bytes, StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since 1970 (UTC).
fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm): proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// What rendering the pages left for this pass: each page's content stream and
/// links (the rest of its boxes are gone), and the document id taken before.
pub(super) struct RenderedPages {
    pub contents: Vec<PageContent>,
    /// Each page's stamp stream, drawn after its content (a stamped copy's footers).
    pub stamps: Vec<Option<PageContent>>,
    pub links: Vec<Vec<Item>>,
    /// A document id from everything that decides the output: metadata, and every
    /// drawn string with its position.
    pub id: String,
    /// What this copy shares with others of the same document (see `shared`).
    pub shared: Option<std::sync::Arc<super::shared::Parts>>,
    /// Whether the body's fonts were spliced in finished (see `body_fonts`).
    pub fonts_spliced: bool,
}

/// The document id, hashed page by page as the pages are rendered ([`ContentId::page`]).
pub(super) struct ContentId(u64);

impl ContentId {
    pub(super) fn new(meta: &Meta, opts: &RenderOptions, frame: &crate::layout::Frame) -> Self {
        let mut h = FNV_OFFSET;
        for s in [&meta.title, &meta.subject, &meta.author, &meta.language] {
            h = fnv1a(s.as_bytes(), h);
        }
        h = fnv1a(&opts.source_date_epoch.unwrap_or(0).to_le_bytes(), h);
        h = fnv1a(&frame.width.to_le_bytes(), h);
        ContentId(h)
    }

    /// Adds the next page's drawn strings and their positions.
    pub(super) fn page(&mut self, page: &crate::layout::Page) {
        let mut h = fnv1a(b"\x0cpage", self.0);
        for item in page.items.iter().flat_map(Item::flat) {
            if let Item::Text(t) = item {
                h = fnv1a(&t.x.to_le_bytes(), h);
                h = fnv1a(&t.baseline.to_le_bytes(), h);
                h = fnv1a(t.text().as_bytes(), h);
            }
            // A figure's image changes the document as much as its words do.
            if let Item::Picture { image, .. } = item {
                h = fnv1a(&image.id.to_le_bytes(), h);
            }
        }
        self.0 = h;
    }

    pub(super) fn finish(self) -> String {
        let h = self.0;
        // Two rounds with different seeds give the customary 16 bytes.
        let h2 = fnv1a(&h.to_le_bytes(), FNV_OFFSET ^ 0x5bd1_e995);
        format!("{h:016x}{h2:016x}")
    }
}

pub(super) fn finish<'a>(
    doc: &mut lopdf::Document,
    laid: &Laid,
    meta: &Meta,
    opts: &RenderOptions,
    pages: RenderedPages,
    codes: [&'a Codes; 2],
) -> Result<Vec<u8>, Error> {
    let RenderedPages {
        contents,
        stamps,
        links,
        id,
        shared,
        fonts_spliced,
    } = pages;
    let broken = |what: &str| Error::Render(what.to_string());
    doc.version = "1.7".to_string();

    // Our own content streams replace printpdf's (see `content`).
    let pages = doc.get_pages();
    if pages.len() != contents.len() {
        return Err(broken("page count mismatch"));
    }
    let mut mcids = Vec::with_capacity(contents.len());
    for (((_, page_id), content), stamp) in pages.iter().zip(contents).zip(stamps) {
        let mut page_mcids = content.mcids;
        if let Some(stamp) = &stamp {
            page_mcids.extend_from_slice(&stamp.mcids);
        }
        mcids.push(page_mcids);
        let page = doc
            .get_object(*page_id)
            .and_then(|o| o.as_dict())
            .map_err(|_| broken("page is not a dictionary"))?;
        let stream_id = page
            .get(b"Contents")
            .and_then(|c| c.as_reference())
            .map_err(|_| broken("page has no content reference"))?;
        doc.objects
            .insert(stream_id, content_stream(content.bytes, content.deflated));
        if let Some(stamp) = stamp {
            // A stamp's stream is a line or two of text: left as it is, not deflated by
            // `pack` (a compressor's setup for a hundred-odd bytes, every page of
            // every copy, was a third of a copy's instructions).
            let mut stream = content_stream(stamp.bytes, stamp.deflated);
            if let Object::Stream(s) = &mut stream {
                s.allows_compression = false;
            }
            let stamp_id = doc.add_object(stream);
            let page = doc
                .get_object_mut(*page_id)
                .and_then(|o| o.as_dict_mut())
                .map_err(|_| broken("page is not a dictionary"))?;
            page.set("Contents", vec![stream_id.into(), stamp_id.into()]);
        }
    }

    // Document information, rebuilt from scratch; the XMP packet says the same.
    let tool = format!("prep-pdf {}", crate::VERSION);
    let keywords = meta.keywords.join(", ");
    let date = opts.source_date_epoch.map(pdf_date);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&keywords));
    info.set("Author", text_string(&meta.author));
    info.set("Creator", text_string(&tool));
    info.set("Producer", text_string(&tool));
    if let Some(d) = &date {
        info.set("CreationDate", Object::string_literal(d.clone()));
        info.set("ModDate", Object::string_literal(d.clone()));
    }
    let info_id = doc.add_object(info);
    let (metadata, intent) = archive::add(
        doc,
        &Described {
            title: &meta.title,
            subject: &meta.subject,
            keywords: &keywords,
            author: &meta.author,
            tool: &tool,
            language: &meta.language,
            date: date.as_deref().map(archive::xmp_date),
        },
    );
    doc.trailer.set("Info", info_id);
    let id_obj = Object::String(id.into_bytes(), StringFormat::Literal);
    doc.trailer.set("ID", vec![id_obj.clone(), id_obj]);

    // Spliced-in body fonts have their maps and deflated programs already.
    let unfinished = &codes[usize::from(fonts_spliced)..];
    unfinished
        .iter()
        .try_for_each(|codes| to_unicode_maps(doc, codes))
        .ok_or_else(|| broken("font resources not where printpdf puts them"))?;
    if let (Some(parts), false) = (&shared, fonts_spliced) {
        let names = |codes: &'a Codes| codes.faces.values().map(|c| c.name.as_str());
        parts
            .font_streams(doc, names(codes[0]))
            .ok_or_else(|| broken("font resources not where printpdf puts them"))?;
        parts.keep_fonts(doc, names(codes[0]), names(codes[1]));
    }
    if let Some(logo) = &laid.logo {
        super::image::embed(doc, logo)
            .ok_or_else(|| broken("page resources not where printpdf puts them"))?;
    }
    super::image::embed_figures(doc, &links).map_err(|e| broken(&e))?;

    // The outline, in document order.
    let page_ids: Vec<lopdf::ObjectId> = pages.values().copied().collect();
    let outline_root = if laid.outline.is_empty() {
        None
    } else {
        let root = doc.new_object_id();
        let ids: Vec<lopdf::ObjectId> = laid.outline.iter().map(|_| doc.new_object_id()).collect();
        for (i, entry) in laid.outline.iter().enumerate() {
            let page = *page_ids
                .get(entry.page)
                .ok_or_else(|| broken("outline entry past the last page"))?;
            let mut d = Dictionary::new();
            d.set("Title", text_string(&entry.title));
            d.set("Parent", root);
            // Land a little above the entry so its heading is not flush with the window.
            let top = laid.frame.height - entry.y + 12.0;
            d.set(
                "Dest",
                vec![
                    page.into(),
                    Object::Name(b"XYZ".to_vec()),
                    0.into(),
                    top.into(),
                    Object::Null,
                ],
            );
            if i > 0 {
                d.set("Prev", ids[i - 1]);
            }
            if i + 1 < ids.len() {
                d.set("Next", ids[i + 1]);
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
        let mut r = Dictionary::new();
        r.set("Type", Object::Name(b"Outlines".to_vec()));
        r.set("First", ids[0]);
        r.set("Last", ids[ids.len() - 1]);
        r.set("Count", ids.len() as i64);
        doc.objects.insert(root, Object::Dictionary(r));
        Some(root)
    };

    share_resources(doc, &page_ids);
    let (struct_root, packed) = structure(doc, laid, &links, &page_ids, &mcids, shared)?;

    let catalog = doc.catalog_mut().map_err(|_| broken("no catalog"))?;
    catalog.set("Lang", text_string(&meta.language));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("StructTreeRoot", struct_root);
    catalog.set("Metadata", metadata);
    catalog.set("OutputIntents", vec![intent.into()]);
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    match outline_root {
        Some(root) => {
            catalog.set("Outlines", root);
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }

    super::pack::save(doc, packed, opts.reclaim)
}

/// Has `tagged` write the structure tree; its root, and its objects to be packed.
/// A stamped document's go in an object stream of their own: the same bytes in every
/// copy (the stamp is in the cover's stream, not in the tree), which a merge makes
/// once (`shared`) and every later copy of the same shape takes as it is.
fn structure(
    doc: &mut lopdf::Document,
    laid: &Laid,
    links: &[Vec<Item>],
    page_ids: &[lopdf::ObjectId],
    mcids: &[Vec<crate::document::ElemId>],
    shared: Option<std::sync::Arc<super::shared::Parts>>,
) -> Result<(lopdf::ObjectId, super::pack::Packed), Error> {
    let key = shared
        .as_ref()
        .map(|_| super::shared::tagged_key(doc, page_ids, links));
    if let (Some(parts), Some(key)) = (&shared, key) {
        if let Some(root) = parts.replay_tagged(doc, key, page_ids) {
            return Ok(root);
        }
    }
    let mut packed = super::pack::Packed::default();
    let root = tagged::write(doc, laid, links, page_ids, mcids, &mut packed)?;
    if laid.structure.stamp.is_some() {
        packed.seal();
        if let (Some(parts), Some(key), Some(sealed)) = (&shared, key, packed.only_stream()) {
            // Cloned only for a merge's first copy of each shape.
            parts.keep_tagged(doc, key, root, sealed.clone());
        }
    }
    Ok((root, packed))
}

/// A content stream object of `bytes`, deflated or not.
fn content_stream(bytes: Vec<u8>, deflated: bool) -> Object {
    let mut dict = Dictionary::new();
    if deflated {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    Object::Stream(lopdf::Stream::new(dict, bytes))
}

/// Points every page whose resource dictionary is the same as the first page's at
/// the first page's, and drops the copies. printpdf writes one a page, each naming
/// the same shared font, image and graphics-state dictionaries: a bundled role
/// carried twenty-odd identical objects, a long book six thousand.
fn share_resources(doc: &mut lopdf::Document, page_ids: &[lopdf::ObjectId]) {
    let resources_of = |doc: &lopdf::Document, page: lopdf::ObjectId| {
        doc.get_object(page)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Resources"))
            .and_then(Object::as_reference)
            .ok()
    };
    let Some(first) = page_ids.first().and_then(|&p| resources_of(doc, p)) else {
        return;
    };
    for &page in &page_ids[1..] {
        let Some(own) = resources_of(doc, page) else {
            continue;
        };
        if own == first || doc.objects.get(&own) != doc.objects.get(&first) {
            continue;
        }
        doc.objects.remove(&own);
        if let Ok(d) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            d.set("Resources", first);
        }
    }
}

/// A ToUnicode CMap for two-byte glyph codes: each code → the text it stands for.
fn to_unicode_cmap(codes: &FaceCodes) -> Vec<u8> {
    let mut pairs = codes.pairs.clone();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries per block, as the CMap format requires.
    for chunk in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, text) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{code:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Replaces printpdf's ToUnicode maps with ours, which spell a ligature glyph out as
/// its letters (`ﬁ` → "fi"), so copied and searched text reads "find", not "ﬁnd".
/// `None` if the font resources are not where printpdf puts them.
fn to_unicode_maps(doc: &mut lopdf::Document, codes: &Codes) -> Option<()> {
    let fonts = super::shared::fonts(doc)?;
    for face_codes in codes.faces.values() {
        let type0 = fonts
            .get(face_codes.name.as_bytes())
            .ok()?
            .as_reference()
            .ok()?;
        let map = doc
            .get_object(type0)
            .ok()?
            .as_dict()
            .ok()?
            .get(b"ToUnicode")
            .ok()?
            .as_reference()
            .ok()?;
        doc.objects.insert(
            map,
            Object::Stream(lopdf::Stream::new(
                Dictionary::new(),
                to_unicode_cmap(face_codes),
            )),
        );
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }

    #[test]
    fn text_strings_use_utf16_beyond_pdf_doc_encoding() {
        assert_eq!(
            text_string("ab — é"),
            Object::String(b"ab \x84 \xe9".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("→") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x21, 0x92]);
    }
}
