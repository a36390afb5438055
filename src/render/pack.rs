//! Saving compactly: every dictionary in one deflated object stream, and a deflated
//! cross-reference stream (PDF 1.5), written here rather than by lopdf.
//!
//! A tagged document has about a thousand small objects (structure elements,
//! annotations). lopdf packs them in object streams of at most 100, each deflated on
//! its own, writes the cross-reference stream uncompressed (seven bytes an object),
//! and serialises every packed object three times on the way; its save took ten of
//! the twenty-odd milliseconds of a render. One object stream compresses better (the
//! dictionaries repeat the same keys), and the cross-reference stream, with the PNG
//! "Up" predictor every reader knows, shrinks to a few hundred bytes.

use std::io::Write;

use lopdf::{Dictionary, Object, StringFormat};
use rayon::prelude::*;

use crate::error::Error;

use super::deflate::{bytes as deflate, LEVEL};

/// A name's bytes, with `#xx` for anything but regular characters (ISO 32000-1, 7.3.5).
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if (0x21..=0x7E).contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// Serialises a direct object (streams are written apart, never inside another).
fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    // A raw CR would be read as a line end and normalised.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => dictionary(out, &s.dict, None),
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A dictionary; `length` replaces its `/Length`.
fn dictionary(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        name(out, k);
        // Names, strings, arrays and dictionaries start with a delimiter.
        if !matches!(
            v,
            Object::Name(_)
                | Object::String(..)
                | Object::Array(_)
                | Object::Dictionary(_)
                | Object::Stream(_)
        ) {
            out.push(b' ');
        }
        object(out, v);
    }
    if let Some(n) = length {
        let _ = write!(out, "/Length {n}");
    }
    out.extend_from_slice(b">>");
}

/// Writes one stream object.
fn stream_object(out: &mut Vec<u8>, id: u32, generation: u16, dict: &Dictionary, data: &[u8]) {
    let _ = writeln!(out, "{id} {generation} obj");
    dictionary(out, dict, Some(data.len()));
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// The most objects one object stream holds. A cross-reference stream gives each
/// packed object's index in its stream in two bytes, so no stream may hold more than
/// 65,536; a 3,000-question book has a quarter of a million, and with them all in one
/// stream every object past the 65,536th was lost to readers (poppler found no
/// structure tree at all). Smaller streams also let a viewer inflate only the part it
/// needs, and are deflated in parallel.
const PER_STREAM: usize = 10_000;

/// Objects already serialised for the object stream, in the order they were made.
/// The bytes are kept in blocks of about a megabyte: a long document's structure is
/// tens of megabytes of them, and one buffer grown by doubling held up to twice that.
/// Every [`PER_STREAM`] objects the pending ones are handed to a thread of their own
/// that makes them an object stream and deflates it, so a long document holds its
/// structure compressed (a fifth of the size) rather than as text, and the deflating
/// overlaps the serialising. A bundled role never fills one stream, and its objects
/// all go into `save`'s streams in object-number order.
#[derive(Default)]
pub struct Packed {
    /// Object, block, range in the block: the objects not yet in a finished stream.
    objects: Vec<(lopdf::ObjectId, usize, std::ops::Range<usize>)>,
    blocks: Vec<Vec<u8>>,
    /// The thread making full streams, once there is one.
    streams: Option<Streams>,
    /// Streams made already ([`Packed::seal`]), to follow the thread's.
    sealed: Vec<Finished>,
}

/// Objects in blocks, as [`Packed`] holds them, sent to be made a stream.
type Full = (
    Vec<(lopdf::ObjectId, usize, std::ops::Range<usize>)>,
    Vec<Vec<u8>>,
);

/// A finished object stream: its objects in index order, its dictionary and data.
pub type Finished = (Vec<lopdf::ObjectId>, Dictionary, Vec<u8>);

/// The thread that makes [`Packed`]'s full streams, in the order they are sent. A
/// thread of its own, not a task on the pool: the export calling `save` may itself
/// be a pool task, and a pool whose every worker waits for a queued task waits for
/// ever. The queue holds two, so a slow deflate holds up the serialising rather than
/// letting uncompressed bytes pile up.
struct Streams {
    send: std::sync::mpsc::SyncSender<Full>,
    made: std::thread::JoinHandle<Vec<Finished>>,
}

impl Streams {
    fn start() -> Streams {
        let (send, receive) = std::sync::mpsc::sync_channel::<Full>(2);
        let made = std::thread::spawn(move || {
            receive
                .into_iter()
                .map(|(objects, blocks)| {
                    let serial: Vec<_> = serialised(&objects, &blocks).collect();
                    let (dict, data) = object_stream(&serial);
                    (objects.iter().map(|o| o.0).collect(), dict, data)
                })
                .collect()
        });
        Streams { send, made }
    }
}

/// Objects as [`Packed`] keeps them (object, block, range), as object-stream entries.
fn serialised<'a>(
    objects: &'a [(lopdf::ObjectId, usize, std::ops::Range<usize>)],
    blocks: &'a [Vec<u8>],
) -> impl Iterator<Item = (lopdf::ObjectId, Serial<'a>)> + 'a {
    objects
        .iter()
        .map(|(id, block, range)| (*id, Serial::Bytes(&blocks[*block][range.clone()])))
}

/// The size of a block of [`Packed`] bytes.
const BLOCK: usize = 1 << 20;

impl Packed {
    /// Serialises `o` (a dictionary or array, not a stream) as object `id`.
    pub fn push(&mut self, id: lopdf::ObjectId, o: &Object) {
        if self
            .blocks
            .last()
            .is_none_or(|b| b.len() >= BLOCK - 4096 || b.capacity() < BLOCK)
        {
            self.blocks.push(Vec::with_capacity(BLOCK));
        }
        let block = self.blocks.len() - 1;
        let bytes = &mut self.blocks[block];
        let start = bytes.len();
        object(bytes, o);
        self.objects.push((id, block, start..bytes.len()));
        self.send_full();
    }

    /// Takes `bytes`, an object serialised as [`write_object`] would, as object `id`.
    pub fn push_bytes(&mut self, id: lopdf::ObjectId, bytes: Vec<u8>) {
        let range = 0..bytes.len();
        // A block of its own (`push` starts a new one after it).
        self.blocks.push(bytes);
        self.objects.push((id, self.blocks.len() - 1, range));
        self.send_full();
    }

    /// Once [`PER_STREAM`] objects are pending, sends them to be made a stream.
    fn send_full(&mut self) {
        if self.objects.len() < PER_STREAM {
            return;
        }
        let full = (
            std::mem::take(&mut self.objects),
            std::mem::take(&mut self.blocks),
        );
        let streams = self.streams.get_or_insert_with(Streams::start);
        if let Err(std::sync::mpsc::SendError(full)) = streams.send.send(full) {
            // The thread is gone (it panicked): keep the objects for `save`.
            (self.objects, self.blocks) = full;
        }
    }

    /// Makes the objects pushed so far an object stream of their own, now: the
    /// structure of a stamped copy, which is the same bytes in every copy, so a merge
    /// deflates it once (`shared`, through [`Packed::only_stream`]).
    pub fn seal(&mut self) {
        let serial: Vec<_> = serialised(&self.objects, &self.blocks).collect();
        let (dict, data) = object_stream(&serial);
        let ids = self.objects.iter().map(|o| o.0).collect();
        self.objects.clear();
        self.blocks.clear();
        self.sealed.push((ids, dict, data));
    }

    /// The one stream holding every object, if there is just one (a document short
    /// enough that no stream was made on the way, sealed).
    pub fn only_stream(&self) -> Option<&Finished> {
        match (&self.streams, self.objects.is_empty(), &self.sealed[..]) {
            (None, true, [one]) => Some(one),
            _ => None,
        }
    }

    /// Objects in a stream made already by [`Packed::seal`] (and kept).
    pub fn sealed(finished: Finished) -> Packed {
        Packed {
            sealed: vec![finished],
            ..Packed::default()
        }
    }

    /// The finished streams, once the thread has made them all, then the sealed ones.
    fn finished(&mut self) -> Result<Vec<Finished>, Error> {
        let mut done = match self.streams.take() {
            None => Vec::new(),
            Some(Streams { send, made }) => {
                drop(send);
                made.join()
                    .map_err(|_| Error::Render("making an object stream failed".into()))?
            }
        };
        done.append(&mut self.sealed);
        Ok(done)
    }
}

/// Serialises a direct object as `save` does.
pub fn write_object(out: &mut Vec<u8>, o: &Object) {
    object(out, o);
}

/// Saves `doc`: streams as objects of their own, everything else (and `extra`) in
/// one object stream, then the cross-reference stream. Streams not yet filtered are deflated
/// here, on the thread pool, while this thread writes and deflates the object
/// stream (the largest single stream of a tagged document).
pub fn save(doc: &mut lopdf::Document, mut extra: Packed) -> Result<Vec<u8>, Error> {
    // Streams made on the way mean a long document (sealed ones do not).
    let has_full_streams = extra.streams.is_some();
    let done = extra.finished()?;
    let max_id = doc
        .objects
        .keys()
        .chain(extra.objects.iter().map(|(id, _, _)| id))
        .chain(done.iter().flat_map(|(ids, _, _)| ids))
        .map(|k| k.0)
        .max()
        .unwrap_or(0);
    let version = doc.version.clone();
    let mut streams: Vec<(lopdf::ObjectId, &mut lopdf::Stream)> = Vec::new();
    let mut loose: Vec<(lopdf::ObjectId, &Object)> = Vec::new();
    let mut packed: Vec<(lopdf::ObjectId, Serial)> = Vec::new();
    for (&id, obj) in doc.objects.iter_mut() {
        match obj {
            Object::Stream(s) => streams.push((id, s)),
            _ if id.1 != 0 => loose.push((id, obj)),
            _ => packed.push((id, Serial::Object(obj))),
        }
    }
    packed.extend(serialised(&extra.objects, &extra.blocks));
    // Object-number order, as if every object had been in `doc`.
    packed.sort_by_key(|(id, _)| *id);
    // One object stream per `PER_STREAM` objects (one for any bundled role), numbered
    // after every other object, then the streams `Packed` finished on the way, then
    // the cross-reference stream.
    let chunks = packed.len().div_ceil(PER_STREAM).max(1);
    let objstm_id = |chunk: usize| max_id + 1 + chunk as u32;
    let xref_id = objstm_id(chunks + done.len());
    // Cross-reference entries: (type, field 2, field 3) per object number.
    let mut xref: Vec<(u8, u32, u16)> = vec![(0, 0, 0); xref_id as usize + 1];
    xref[0] = (0, 0, 0xFFFF);
    for (i, ((id, _), _)) in packed.iter().enumerate() {
        xref[*id as usize] = (2, objstm_id(i / PER_STREAM), (i % PER_STREAM) as u16);
    }
    for (k, (ids, _, _)) in done.iter().enumerate() {
        for (i, id) in ids.iter().enumerate() {
            xref[id.0 as usize] = (2, objstm_id(chunks + k), i as u16);
        }
    }
    // Streams that arrive unfiltered and may be compressed are deflated here.
    let wants = |s: &lopdf::Stream| s.allows_compression && s.dict.get(b"Filter").is_err();
    let (changed, mut objstms) = rayon::join(
        || {
            let mut data: Vec<&mut Vec<u8>> = streams
                .iter_mut()
                .filter(|(_, s)| wants(s))
                .map(|(_, s)| &mut s.content)
                .collect();
            super::deflate::all(&mut data)
        },
        || {
            if packed.is_empty() {
                return vec![object_stream(&[])];
            }
            packed
                .par_chunks(PER_STREAM)
                .map(object_stream)
                .collect::<Vec<_>>()
        },
    );
    // Everything in the object stream is in `objstm` now: let the structure's bytes go
    // before the file is assembled.
    drop(packed);
    objstms.extend(done.into_iter().map(|(_, dict, data)| (dict, data)));
    drop(extra.blocks);
    if has_full_streams {
        // A long document: its page dictionaries and structure bytes are gone, and
        // the file's buffer, tens of megabytes in one piece, is about to be asked for.
        crate::memory::give_back();
    }
    let mut changed = changed.into_iter();
    for (_, s) in streams.iter_mut() {
        if wants(s) && changed.next() == Some(true) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
    }

    // The file's size, nearly: every stream, the object stream, and a little for each
    // dictionary, so the buffer is not grown (and copied) as a long document is written.
    let size = streams
        .iter()
        .map(|(_, s)| s.content.len() + 160)
        .sum::<usize>()
        + loose.len() * 160
        + objstms.iter().map(|o| o.1.len()).sum::<usize>()
        + xref.len() * 4
        + 4096;
    let mut out = Vec::with_capacity(size);
    let _ = writeln!(out, "%PDF-{version}");
    // The binary comment: four bytes above 127, as PDF/A asks.
    out.extend_from_slice(b"%\xBB\xAD\xC0\xDE\n");
    for (id, s) in &streams {
        xref[id.0 as usize] = (1, out.len() as u32, id.1);
        stream_object(&mut out, id.0, id.1, &s.dict, &s.content);
    }
    for ((id, generation), obj) in &loose {
        xref[*id as usize] = (1, out.len() as u32, *generation);
        let _ = writeln!(out, "{id} {generation} obj");
        object(&mut out, obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    for (chunk, (dict, data)) in objstms.iter().enumerate() {
        let id = objstm_id(chunk);
        xref[id as usize] = (1, out.len() as u32, 0);
        stream_object(&mut out, id, 0, dict, data);
    }

    // The cross-reference stream, rows of [1 4 2] bytes, each as its difference
    // from the row above (PNG Up predictor).
    let xref_offset = out.len() as u32;
    xref[xref_id as usize] = (1, xref_offset, 0);
    let mut rows = Vec::with_capacity(xref.len() * 8);
    let mut prev = [0u8; 7];
    for &(t, f2, f3) in &xref {
        let mut row = [0u8; 7];
        row[0] = t;
        row[1..5].copy_from_slice(&f2.to_be_bytes());
        row[5..7].copy_from_slice(&f3.to_be_bytes());
        rows.push(2);
        rows.extend(row.iter().zip(&prev).map(|(a, b)| a.wrapping_sub(*b)));
        prev = row;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Type", "XRef");
    trailer.set("Size", i64::from(xref_id + 1));
    trailer.set("W", vec![1.into(), 4.into(), 2.into()]);
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Filter", "FlateDecode");
    let mut parms = Dictionary::new();
    parms.set("Columns", 7);
    parms.set("Predictor", 12);
    trailer.set("DecodeParms", parms);
    stream_object(&mut out, xref_id, 0, &trailer, &deflate(&rows, 9));
    let _ = write!(out, "startxref\n{xref_offset}\n%%EOF");
    if out.len() > u32::MAX as usize {
        return Err(Error::Render("PDF over 4 GB".into()));
    }
    Ok(out)
}

/// An object for the object stream: still to serialise, or already bytes.
enum Serial<'a> {
    Object(&'a Object),
    Bytes(&'a [u8]),
}

/// The object stream holding `objects`: its dictionary and deflated data. The index
/// and the body are deflated as one stream without being joined in memory.
fn object_stream(objects: &[(lopdf::ObjectId, Serial)]) -> (Dictionary, Vec<u8>) {
    let mut index = Vec::with_capacity(objects.len() * 10);
    // Most of the body is bytes serialised already: sized for them, and a little
    // for the objects still to serialise.
    let known: usize = objects
        .iter()
        .map(|(_, o)| match o {
            Serial::Bytes(b) => b.len() + 1,
            Serial::Object(_) => 64,
        })
        .sum();
    let mut body = Vec::with_capacity(known);
    for ((id, _), obj) in objects {
        let _ = write!(index, "{id} {} ", body.len());
        match obj {
            Serial::Object(o) => object(&mut body, o),
            Serial::Bytes(b) => body.extend_from_slice(b),
        }
        body.push(b' ');
    }
    let mut dict = Dictionary::new();
    dict.set("Type", "ObjStm");
    dict.set("N", objects.len() as i64);
    dict.set("First", index.len() as i64);
    dict.set("Filter", "FlateDecode");
    (dict, super::deflate::parts(&[&index, &body], LEVEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_reads_back_the_same() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let mut ids = Vec::new();
        for i in 0..300 {
            let mut d = Dictionary::new();
            d.set("N", i);
            d.set("S", Object::string_literal("a (b) \\ c\r"));
            d.set(
                "H",
                Object::String(vec![0xFE, 0xFF, 0, 0x41], StringFormat::Hexadecimal),
            );
            d.set("Odd name#", 1.5);
            ids.push(doc.add_object(d));
        }
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        doc.objects.insert(
            pages,
            lopdf::dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 }
                .into(),
        );
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let bytes = save(&mut doc, Packed::default()).unwrap();
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        for (i, id) in ids.iter().enumerate() {
            let d = back.get_dictionary(*id).unwrap();
            assert_eq!(d.get(b"N").unwrap().as_i64().unwrap(), i as i64);
            assert_eq!(d.get(b"S").unwrap().as_str().unwrap(), b"a (b) \\ c\r");
            assert_eq!(
                d.get(b"H").unwrap().as_str().unwrap(),
                [0xFE, 0xFF, 0, 0x41]
            );
            assert_eq!(d.get(b"Odd name#").unwrap().as_float().unwrap(), 1.5);
        }
        let s = back.get_object(content).unwrap().as_stream().unwrap();
        assert_eq!(s.content, b"BT ET");
    }

    #[test]
    fn no_object_stream_holds_more_than_two_bytes_can_index() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        doc.objects.insert(
            pages,
            lopdf::dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 }
                .into(),
        );
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        // As many as a 3,000-question book's structure elements, in the bytes form;
        // full streams are made on `Packed`'s own thread as they fill.
        let mut extra = Packed::default();
        let mut ids = Vec::new();
        for i in 0..70_000 {
            let id = doc.new_object_id();
            if i % 1000 == 0 {
                let mut bytes = Vec::new();
                write_object(&mut bytes, &lopdf::dictionary! { "N" => i }.into());
                extra.push_bytes(id, bytes);
            } else {
                extra.push(id, &lopdf::dictionary! { "N" => i }.into());
            }
            ids.push(id);
        }
        let bytes = save(&mut doc, extra).unwrap();
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let mut streams = 0;
        for obj in back.objects.values() {
            if let Ok(s) = obj.as_stream() {
                if s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(&b"ObjStm"[..]) {
                    let n = s.dict.get(b"N").unwrap().as_i64().unwrap();
                    assert!(
                        n as usize <= PER_STREAM && n <= 65_536,
                        "{n} objects in one"
                    );
                    streams += 1;
                }
            }
        }
        assert!(streams >= 7, "{streams} object streams");
        for (i, id) in ids.iter().enumerate() {
            let d = back.get_dictionary(*id).unwrap();
            assert_eq!(d.get(b"N").unwrap().as_i64().unwrap(), i as i64);
        }
    }
}
