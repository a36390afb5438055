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
//!
//! Each step is a sub-module or a function here: `id` hashes the content into the
//! document id as pages are rendered, `info` writes the document information,
//! `unicode` the ToUnicode maps, `outline` the bookmarks.

mod id;
mod info;
mod outline;
mod unicode;

use lopdf::{Dictionary, Object};

use super::content::{Codes, PageContent};
use super::objects::text_string;
use super::{tagged, RenderOptions};
use crate::document::{ElemId, Meta};
use crate::error::Error;
use crate::layout::{Item, Laid};
pub(super) use id::{shared_hash, ContentId};

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

/// Finishes printpdf's document `doc` with what rendering left (`pages`) and writes
/// it: the steps below, in the order the module's paragraph gives them.
pub(super) fn finish(
    doc: &mut lopdf::Document,
    laid: &Laid,
    meta: &Meta,
    opts: &RenderOptions,
    pages: RenderedPages,
    codes: [&Codes; 2],
) -> Result<Vec<u8>, Error> {
    let RenderedPages {
        contents,
        stamps,
        links,
        id,
        shared,
        fonts_spliced,
    } = pages;
    doc.version = "1.7".to_string();
    let mcids = replace_contents(doc, contents, stamps)?;
    let (metadata, intent) = info::document_info(doc, meta, opts, id);
    let fonts = Fonts {
        codes,
        shared: shared.as_deref(),
        spliced: fonts_spliced,
    };
    embed_resources(doc, laid, &links, &fonts)?;
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let outline_root = outline::outline(doc, laid, &page_ids)?;
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

    crate::render::pack::save(doc, packed, opts.reclaim)
}

/// A bug, not bad input: printpdf's tree is not as this pass expects it.
fn broken(what: &str) -> Error {
    Error::Render(what.to_string())
}

/// Puts our own content streams (see `content`) in place of printpdf's, with each
/// page's stamp stream, if it has one, after its content; returns each page's MCIDs'
/// elements, the content's then the stamp's, for the structure tree.
fn replace_contents(
    doc: &mut lopdf::Document,
    contents: Vec<PageContent>,
    stamps: Vec<Option<PageContent>>,
) -> Result<Vec<Vec<ElemId>>, Error> {
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
            // `pack`, whose compressor setup would cost more than the hundred-odd bytes
            // it saves, on every page of every copy (see docs/benchmarks.md).
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
    Ok(mcids)
}

/// The fonts a copy's resources need finishing: the glyph codes of its body and stamp
/// faces, the parts it shares with the merge's other copies, and whether the body's
/// font objects were spliced in finished already (see `body_fonts`).
struct Fonts<'a> {
    codes: [&'a Codes; 2],
    shared: Option<&'a crate::render::shared::Parts>,
    spliced: bool,
}

/// Fonts and images: our ToUnicode maps in place of printpdf's (body and stamp
/// faces), a stamped copy's body font streams shared with the merge's other copies,
/// the theme's logo and the figures' images.
fn embed_resources<'a>(
    doc: &mut lopdf::Document,
    laid: &Laid,
    links: &[Vec<Item>],
    fonts: &Fonts<'a>,
) -> Result<(), Error> {
    // Spliced-in body fonts have their maps and deflated programs already.
    let unfinished = &fonts.codes[usize::from(fonts.spliced)..];
    unfinished
        .iter()
        .try_for_each(|codes| unicode::to_unicode_maps(doc, codes))
        .ok_or_else(|| broken("font resources not where printpdf puts them"))?;
    if let (Some(parts), false) = (fonts.shared, fonts.spliced) {
        let names = |codes: &'a Codes| codes.faces.values().map(|c| c.name.as_str());
        parts
            .font_streams(doc, names(fonts.codes[0]))
            .ok_or_else(|| broken("font resources not where printpdf puts them"))?;
        parts.keep_fonts(doc, names(fonts.codes[0]), names(fonts.codes[1]));
    }
    if let Some(logo) = &laid.logo {
        crate::render::image::embed(doc, logo)
            .ok_or_else(|| broken("page resources not where printpdf puts them"))?;
    }
    crate::render::image::embed_figures(doc, links).map_err(|e| broken(&e))
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
