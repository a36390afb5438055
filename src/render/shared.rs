//! What the stamped copies of one document share: the body's font subsets and each
//! page's body stream, rendered and deflated once however many copies are made.
//!
//! A stamped copy differs from the next only in its stamp — the cover's "Prepared
//! for" line and the footers' stamp — which `render` draws in content streams and
//! font subsets of their own ([`super::content::Part`], [`super::GlyphSet`]). So
//! the body's glyph codes, and with them every page's body stream but the cover's,
//! are the same bytes in every copy, and a mail merge keeps them here, keyed by
//! everything they depend on. A copy whose key differs (a name long enough to push
//! the cover onto a second page, and with it every page number) gets a fresh set;
//! the bytes are the same either way, only the work is not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::body_fonts::BodyFonts;
use super::content::{FaceCodes, PageContent};
use super::subset::{Subset, Used};
use super::{fnv1a, FNV_OFFSET};
use crate::layout::Item;

/// Shared parts for the copies of one document (see the module docs). Cheap to make;
/// filled by the first copy rendered with it.
#[derive(Default)]
pub struct Shared {
    parts: Mutex<Option<Arc<Parts>>>,
}

/// A page's shared items and their hash for the document id.
type ItemsHash = (Arc<[Item]>, u64);

/// A font stream deflated, or `None` where deflating would not make it smaller.
type Deflated = Option<Vec<u8>>;

/// The shared parts for one key.
pub(super) struct Parts {
    key: u64,
    /// The glyphs each body face draws.
    pub used: Vec<Used>,
    /// Each body face's subset and codes, in the order of `used`.
    pub fonts: Vec<(Subset, FaceCodes)>,
    /// Body streams by page index: pages without copy-specific text in their body.
    pages: Mutex<HashMap<usize, PageContent>>,
    /// Body streams deflated, by a hash of their bytes (the cover's), with the bytes.
    by_bytes: Mutex<HashMap<u64, (Vec<u8>, PageContent)>>,
    /// The body faces' font programs and ToUnicode maps, deflated: by resource name,
    /// 0 for the program and 1 for the map.
    streams: Mutex<HashMap<(String, usize), Deflated>>,
    /// The structure tree as `tagged` left it, for copies whose [`tagged_key`] is
    /// this one's.
    tagged: Mutex<Option<Tagged>>,
    /// The hash of each page's shared items for the document id, by page index,
    /// with the items it was taken of.
    item_hashes: Mutex<HashMap<usize, ItemsHash>>,
    /// The body faces' font objects as the first copy's `finish` left them; `None`
    /// inside if they were not where printpdf puts them (every copy is then written
    /// whole).
    body_fonts: OnceLock<Option<BodyFonts>>,
}

/// What `tagged` did to a document: the objects it packed (page dictionaries,
/// structure elements, annotations) as one object stream, its root, and the object
/// numbers it took.
struct Tagged {
    key: u64,
    root: (lopdf::ObjectId, lopdf::Object),
    max_id: u32,
    stream: super::pack::Finished,
}

impl Shared {
    /// The parts for `key`, made with `body` (the body's glyphs, and their subsets)
    /// if there are none for it yet.
    pub(super) fn parts<E>(
        &self,
        key: u64,
        body: impl FnOnce() -> Result<(Vec<Used>, Vec<(Subset, FaceCodes)>), E>,
    ) -> Result<Arc<Parts>, E> {
        let mut slot = self.parts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(parts) = slot.as_ref().filter(|p| p.key == key) {
            return Ok(parts.clone());
        }
        let (used, fonts) = body()?;
        let parts = Arc::new(Parts {
            key,
            used,
            fonts,
            pages: Mutex::default(),
            by_bytes: Mutex::default(),
            streams: Mutex::default(),
            tagged: Mutex::default(),
            item_hashes: Mutex::default(),
            body_fonts: OnceLock::new(),
        });
        *slot = Some(parts.clone());
        Ok(parts)
    }
}

impl Shared {
    /// Whether a copy has kept the body's font objects for later copies to splice in.
    #[cfg(test)]
    pub(crate) fn keeps_body_fonts(&self) -> bool {
        let slot = self.parts.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref().is_some_and(|p| p.body_fonts().is_some())
    }
}

impl Parts {
    /// The body faces' font objects, for a copy to splice in rather than have
    /// printpdf write them; `None` until a copy has kept them.
    pub(super) fn body_fonts(&self) -> Option<&BodyFonts> {
        self.body_fonts.get()?.as_ref()
    }

    /// Keeps the body faces' font objects of `doc`, finished, if no copy has yet
    /// (see [`BodyFonts::keep`]).
    pub(super) fn keep_fonts<'a>(
        &self,
        doc: &lopdf::Document,
        body: impl Iterator<Item = &'a str>,
        stamp: impl Iterator<Item = &'a str>,
    ) {
        if self.body_fonts.get().is_none() {
            let _ = self.body_fonts.set(BodyFonts::keep(doc, body, stamp));
        }
    }

    /// The document id's hash of page `index`'s shared `items`
    /// ([`super::finish::shared_hash`]), taken once for as long as the page shares
    /// these items.
    pub(super) fn items_hash(&self, index: usize, items: &Arc<[Item]>) -> u64 {
        let mut hashes = self.item_hashes.lock().unwrap_or_else(|p| p.into_inner());
        match hashes.get(&index) {
            Some((kept, h)) if Arc::ptr_eq(kept, items) => *h,
            _ => {
                let h = super::finish::shared_hash(items);
                hashes.insert(index, (items.clone(), h));
                h
            }
        }
    }

    /// `c` deflated by `deflate`, or as an earlier stream with the same bytes was.
    pub(super) fn deflated(
        &self,
        c: PageContent,
        deflate: impl FnOnce(PageContent) -> PageContent,
    ) -> PageContent {
        let key = fnv1a(&c.bytes, FNV_OFFSET);
        let lock = || self.by_bytes.lock().unwrap_or_else(|p| p.into_inner());
        let same =
            |(bytes, hit): &(Vec<u8>, PageContent)| *bytes == c.bytes && hit.mcids == c.mcids;
        if let Some((_, hit)) = lock().get(&key).filter(|entry| same(entry)) {
            return hit.clone();
        }
        let bytes = c.bytes.clone();
        let c = deflate(c);
        lock().insert(key, (bytes, c.clone()));
        c
    }

    /// Page `index`'s body stream, written by `make` the first time it is asked for.
    pub(super) fn page(&self, index: usize, make: impl FnOnce() -> PageContent) -> PageContent {
        let lock = || self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = lock().get(&index) {
            return c.clone();
        }
        let c = make();
        lock().insert(index, c.clone());
        c
    }
}

/// A key for what the body's streams depend on besides the document itself, which
/// is the same in every copy: the page count (which every footer prints, and which a
/// name long enough to push the cover onto a second page changes), the page size and
/// the document's title.
pub(super) fn key(pages: usize, frame: &crate::layout::Frame, title: &str) -> u64 {
    let mut h = fnv1a(title.as_bytes(), FNV_OFFSET);
    h = fnv1a(&(pages as u64).to_le_bytes(), h);
    h = fnv1a(&frame.width.to_le_bytes(), h);
    fnv1a(&frame.height.to_le_bytes(), h)
}

/// The font program and ToUnicode map streams of the font resource `name`.
fn font_streams(
    doc: &lopdf::Document,
    fonts: &lopdf::Dictionary,
    name: &str,
) -> Option<[lopdf::ObjectId; 2]> {
    let dict = |id: lopdf::ObjectId| doc.get_object(id).ok()?.as_dict().ok();
    let type0 = fonts.get(name.as_bytes()).ok()?.as_reference().ok()?;
    let type0 = dict(type0)?;
    let map = type0.get(b"ToUnicode").ok()?.as_reference().ok()?;
    // printpdf writes the CID font inline in the array; a reference would do too.
    let cid = match type0
        .get(b"DescendantFonts")
        .ok()?
        .as_array()
        .ok()?
        .first()?
    {
        lopdf::Object::Reference(id) => dict(*id)?,
        other => other.as_dict().ok()?,
    };
    let descriptor = dict(cid.get(b"FontDescriptor").ok()?.as_reference().ok()?)?;
    let program = [b"FontFile2".as_slice(), b"FontFile3", b"FontFile"]
        .iter()
        .find_map(|k| descriptor.get(k).ok()?.as_reference().ok())?;
    Some([program, map])
}

impl Parts {
    /// Deflates the body faces' font programs and ToUnicode maps (`faces`, by
    /// resource name) once for every copy: the first copy's deflated bytes go in
    /// every later copy. `None` if the fonts are not where printpdf puts them.
    pub(super) fn font_streams<'a>(
        &self,
        doc: &mut lopdf::Document,
        faces: impl Iterator<Item = &'a str>,
    ) -> Option<()> {
        let fonts = super::objects::fonts(doc)?;
        let mut cache = self.streams.lock().unwrap_or_else(|p| p.into_inner());
        for name in faces {
            for (i, id) in font_streams(doc, &fonts, name)?.into_iter().enumerate() {
                let key = (name.to_string(), i);
                let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(id) else {
                    return None;
                };
                if stream.dict.get(b"Filter").is_ok() {
                    continue;
                }
                // As `pack` would: deflated only if that makes it smaller.
                let deflated = cache.entry(key).or_insert_with(|| {
                    let mut data = stream.content.clone();
                    super::deflate::shrink(&mut data).then_some(data)
                });
                if let Some(data) = deflated {
                    stream.set_content(data.clone());
                    stream
                        .dict
                        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                }
            }
        }
        Some(())
    }
}

/// A key for everything `tagged` reads besides the structure (the same in every
/// copy): the object numbers taken so far, the pages' dictionaries, and every link
/// and box on the pages (the cover's move when a long name takes another line).
pub(super) fn tagged_key(
    doc: &lopdf::Document,
    page_ids: &[lopdf::ObjectId],
    links: &[Vec<crate::layout::Item>],
) -> u64 {
    let mut h = fnv1a(&doc.max_id.to_le_bytes(), FNV_OFFSET);
    for id in page_ids {
        h = fnv1a(&id.0.to_le_bytes(), h);
        h = fnv1a(&id.1.to_le_bytes(), h);
        if let Some(page) = doc.objects.get(id) {
            h = hash_object(page, h);
        }
    }
    // Hashed as they are formatted, never held as text: a page's links and boxes
    // written out were a few kilobytes, allocated and hashed for every page of every
    // copy.
    let mut sink = Fnv(h);
    for page in links {
        let _ = std::fmt::Write::write_fmt(&mut sink, format_args!("{page:?}"));
    }
    sink.0
}

/// FNV-1a over what is written to it.
struct Fnv(u64);

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 = fnv1a(s.as_bytes(), self.0);
        Ok(())
    }
}

/// `o` hashed into `h` as it is, not as the text `pack` would write: every value
/// behind a tag (and every run of bytes behind its length), so no two objects hash
/// the same bytes. Writing each page's dictionary out to hash it was half the key's
/// cost.
fn hash_object(o: &lopdf::Object, h: u64) -> u64 {
    use lopdf::{Object, StringFormat};
    let run = |tag: u8, bytes: &[u8], h: u64| {
        let h = fnv1a(&[tag], h);
        fnv1a(bytes, fnv1a(&(bytes.len() as u64).to_le_bytes(), h))
    };
    match o {
        Object::Null => fnv1a(b"n", h),
        Object::Boolean(b) => fnv1a(&[b'b', u8::from(*b)], h),
        Object::Integer(i) => run(b'i', &i.to_le_bytes(), h),
        Object::Real(r) => run(b'r', &r.to_le_bytes(), h),
        Object::Name(n) => run(b'/', n, h),
        Object::String(bytes, StringFormat::Literal) => run(b'(', bytes, h),
        Object::String(bytes, StringFormat::Hexadecimal) => run(b'<', bytes, h),
        Object::Array(items) => {
            let h = run(b'[', &(items.len() as u64).to_le_bytes(), h);
            items.iter().fold(h, |h, item| hash_object(item, h))
        }
        Object::Dictionary(d) => hash_dictionary(d, h),
        Object::Stream(s) => hash_dictionary(&s.dict, fnv1a(b"s", h)),
        Object::Reference((id, generation)) => {
            let h = run(b'R', &id.to_le_bytes(), h);
            fnv1a(&generation.to_le_bytes(), h)
        }
    }
}

/// A dictionary hashed as [`hash_object`] hashes objects, its entries in order.
fn hash_dictionary(d: &lopdf::Dictionary, h: u64) -> u64 {
    let h = fnv1a(b"<<", fnv1a(&(d.len() as u64).to_le_bytes(), h));
    d.iter().fold(h, |h, (k, v)| {
        let h = fnv1a(k, fnv1a(&(k.len() as u64).to_le_bytes(), h));
        hash_object(v, h)
    })
}

impl Parts {
    /// Does to `doc` what `tagged` did to an earlier copy with the same `key`, and
    /// returns the tree's root and its packed objects; `None` if no copy had the key.
    pub(super) fn replay_tagged(
        &self,
        doc: &mut lopdf::Document,
        key: u64,
        page_ids: &[lopdf::ObjectId],
    ) -> Option<(lopdf::ObjectId, super::pack::Packed)> {
        let slot = self.tagged.lock().unwrap_or_else(|p| p.into_inner());
        let t = slot.as_ref().filter(|t| t.key == key)?;
        // The page dictionaries went into the object stream.
        for id in page_ids {
            doc.objects.remove(id);
        }
        doc.objects.insert(t.root.0, t.root.1.clone());
        doc.max_id = t.max_id;
        Some((t.root.0, super::pack::Packed::sealed(t.stream.clone())))
    }

    /// Keeps what `tagged` did to `doc` for copies with the same `key`.
    pub(super) fn keep_tagged(
        &self,
        doc: &lopdf::Document,
        key: u64,
        root: lopdf::ObjectId,
        stream: super::pack::Finished,
    ) {
        let Some(root_dict) = doc.objects.get(&root).cloned() else {
            return;
        };
        *self.tagged.lock().unwrap_or_else(|p| p.into_inner()) = Some(Tagged {
            key,
            root: (root, root_dict),
            max_id: doc.max_id,
            stream,
        });
    }
}
