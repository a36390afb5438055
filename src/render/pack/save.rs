//! Writing the file: streams as objects of their own, every other object in object
//! streams, then the cross-reference stream that says where each object is.
//!
//! [`save`] goes in four steps, each a function here: sort `doc`'s objects into
//! streams, loose objects (a generation other than 0, which an object stream cannot
//! hold) and objects to pack ([`Objects::of`]); number the object streams and fill
//! in the packed objects' cross-reference entries ([`Numbering`]); deflate what is
//! still to deflate ([`deflate`]); and write the bytes ([`write`], [`xref_stream`]).

use std::io::Write;

use lopdf::{Dictionary, Object};
use rayon::prelude::*;

use super::syntax::{object, object_header, object_stream, stream_object, Serial};
use super::{serialised, Finished, Packed, PER_STREAM};
use crate::error::Error;

/// Below this many bytes to deflate, `save` deflates on the calling thread. Handing
/// work to the pool wakes its threads, which look for more before they sleep again;
/// for a stamped copy's few kilobytes (the stamp's fonts, the page dictionaries) that
/// cost more than it saved, and a mail merge keeps every core busy with copies anyway.
/// A whole role's fonts and structure are well above it.
const ON_THE_POOL: usize = 32 * 1024;

/// Cross-reference entries: (type, field 2, field 3) per object number.
type Xref = Vec<(u8, u32, u16)>;

/// Saves `doc`: streams as objects of their own, everything else (and `extra`) in
/// one object stream, then the cross-reference stream. Streams not yet filtered are
/// deflated here, on the thread pool if there is enough to deflate, while this
/// thread writes and deflates the object stream (the largest single stream of a
/// tagged document).
pub fn save(
    doc: &mut lopdf::Document,
    mut extra: Packed,
    reclaim: crate::memory::Reclaim,
) -> Result<Vec<u8>, Error> {
    // Streams made on the way mean a long document (sealed ones do not).
    let has_full_streams = extra.streams.is_some();
    let done = extra.finished()?;
    let version = doc.version.clone();
    let mut objects = Objects::of(&mut doc.objects, &extra);
    let numbering = Numbering::of(&objects, &extra, &done);
    let mut xref = numbering.packed_entries(&objects.packed, &done);
    let mut objstms = deflate(&mut objects);
    // Everything in the object stream is in `objstms` now: let the structure's bytes
    // go before the file is assembled.
    let Objects {
        streams,
        loose,
        packed,
    } = objects;
    drop(packed);
    objstms.extend(done.into_iter().map(|(_, dict, data)| (dict, data)));
    drop(extra.blocks);
    if has_full_streams && reclaim == crate::memory::Reclaim::GiveBack {
        // A long document: its page dictionaries and structure bytes are gone, and
        // the file's buffer, tens of megabytes in one piece, is about to be asked for.
        crate::memory::give_back();
    }
    let mut out = write(&version, &streams, &loose, &objstms, &numbering, &mut xref);
    xref_stream(&mut out, &doc.trailer, numbering.xref_id, &mut xref);
    if out.len() > u32::MAX as usize {
        return Err(Error::Render("PDF over 4 GB".into()));
    }
    Ok(out)
}

/// A document's objects as `save` writes them: `'d` borrowed from the document,
/// `'p` from it and from the objects packed on the way.
struct Objects<'d, 'p> {
    streams: Vec<(lopdf::ObjectId, &'d mut lopdf::Stream)>,
    /// Objects of a generation other than 0, written as objects of their own.
    loose: Vec<(lopdf::ObjectId, &'d Object)>,
    /// Objects for the object streams, `extra`'s among them, in object-number order.
    packed: Vec<(lopdf::ObjectId, Serial<'p>)>,
}

impl<'d: 'p, 'p> Objects<'d, 'p> {
    fn of(
        objects: &'d mut std::collections::BTreeMap<lopdf::ObjectId, Object>,
        extra: &'p Packed,
    ) -> Self {
        let mut streams = Vec::new();
        let mut loose = Vec::new();
        let mut packed = Vec::new();
        for (&id, obj) in objects.iter_mut() {
            match obj {
                Object::Stream(s) => streams.push((id, s)),
                _ if id.1 != 0 => loose.push((id, &*obj)),
                _ => packed.push((id, Serial::Object(obj))),
            }
        }
        packed.extend(serialised(&extra.objects, &extra.blocks));
        // Object-number order, as if every object had been in `doc`.
        packed.sort_by_key(|(id, _)| *id);
        Objects {
            streams,
            loose,
            packed,
        }
    }
}

/// Whether a stream arrives unfiltered and may be compressed: `save` deflates it.
fn wants(s: &lopdf::Stream) -> bool {
    s.allows_compression && s.dict.get(b"Filter").is_err()
}

/// The numbers of the object streams and the cross-reference stream: one object
/// stream per [`PER_STREAM`] packed objects (one for any bundled role), numbered after
/// every other object, then the streams [`Packed`] finished on the way, then the
/// cross-reference stream.
struct Numbering {
    max_id: u32,
    /// Object streams of `save`'s own.
    chunks: usize,
    xref_id: u32,
}

impl Numbering {
    fn of(objects: &Objects, extra: &Packed, done: &[Finished]) -> Self {
        let max_id = objects
            .streams
            .iter()
            .map(|(id, _)| id)
            .chain(objects.loose.iter().map(|(id, _)| id))
            .chain(objects.packed.iter().map(|(id, _)| id))
            .chain(extra.objects.iter().map(|(id, _, _)| id))
            .chain(done.iter().flat_map(|(ids, _, _)| ids))
            .map(|k| k.0)
            .max()
            .unwrap_or(0);
        let chunks = objects.packed.len().div_ceil(PER_STREAM).max(1);
        let mut n = Numbering {
            max_id,
            chunks,
            xref_id: 0,
        };
        n.xref_id = n.objstm_id(chunks + done.len());
        n
    }

    /// The number of the `chunk`th object stream.
    fn objstm_id(&self, chunk: usize) -> u32 {
        self.max_id + 1 + chunk as u32
    }

    /// The cross-reference table with the packed objects' entries filled in (the
    /// others' are their offsets, known as the file is written).
    fn packed_entries(&self, packed: &[(lopdf::ObjectId, Serial)], done: &[Finished]) -> Xref {
        let mut xref: Xref = vec![(0, 0, 0); self.xref_id as usize + 1];
        xref[0] = (0, 0, 0xFFFF);
        for (i, ((id, _), _)) in packed.iter().enumerate() {
            xref[*id as usize] = (2, self.objstm_id(i / PER_STREAM), (i % PER_STREAM) as u16);
        }
        for (k, (ids, _, _)) in done.iter().enumerate() {
            for (i, id) in ids.iter().enumerate() {
                xref[id.0 as usize] = (2, self.objstm_id(self.chunks + k), i as u16);
            }
        }
        xref
    }
}

/// Deflates the streams that want it (marking those that shrank `FlateDecode`) and
/// makes the object streams: on the thread pool, both at once, if there is enough
/// to deflate ([`ON_THE_POOL`]), else here.
fn deflate(objects: &mut Objects) -> Vec<(Dictionary, Vec<u8>)> {
    let packed = &objects.packed;
    let make_objstms = |parallel: bool| match (packed.is_empty(), parallel) {
        (true, _) => vec![object_stream(&[])],
        (false, true) => packed.par_chunks(PER_STREAM).map(object_stream).collect(),
        (false, false) => packed.chunks(PER_STREAM).map(object_stream).collect(),
    };
    let mut data: Vec<&mut Vec<u8>> = objects
        .streams
        .iter_mut()
        .filter(|(_, s)| wants(s))
        .map(|(_, s)| &mut s.content)
        .collect();
    // The object streams hold about as many bytes as they have objects times 60.
    let size = data.iter().map(|d| d.len()).sum::<usize>() + packed.len() * 60;
    let (changed, objstms) = if size < ON_THE_POOL {
        let changed: Vec<bool> = data
            .iter_mut()
            .map(|d| super::super::deflate::shrink(d))
            .collect();
        (changed, make_objstms(false))
    } else {
        rayon::join(
            || super::super::deflate::all(&mut data),
            || make_objstms(true),
        )
    };
    let mut changed = changed.into_iter();
    for (_, s) in objects.streams.iter_mut() {
        if wants(s) && changed.next() == Some(true) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
    }
    objstms
}

/// The file up to its cross-reference stream: header, streams, loose objects and
/// object streams, each one's offset put in `xref`.
fn write(
    version: &str,
    streams: &[(lopdf::ObjectId, &mut lopdf::Stream)],
    loose: &[(lopdf::ObjectId, &Object)],
    objstms: &[(Dictionary, Vec<u8>)],
    numbering: &Numbering,
    xref: &mut Xref,
) -> Vec<u8> {
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
    for (id, s) in streams {
        xref[id.0 as usize] = (1, out.len() as u32, id.1);
        stream_object(&mut out, id.0, id.1, &s.dict, &s.content);
    }
    for ((id, generation), obj) in loose {
        xref[*id as usize] = (1, out.len() as u32, *generation);
        object_header(&mut out, *id, *generation);
        object(&mut out, obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    for (chunk, (dict, data)) in objstms.iter().enumerate() {
        let id = numbering.objstm_id(chunk);
        xref[id as usize] = (1, out.len() as u32, 0);
        stream_object(&mut out, id, 0, dict, data);
    }
    out
}

/// Appends the cross-reference stream (object `xref_id`, taking `doc_trailer`'s
/// root, information and id) and the file's end to `out`.
fn xref_stream(out: &mut Vec<u8>, doc_trailer: &Dictionary, xref_id: u32, xref: &mut Xref) {
    // Rows of [1 4 2] bytes, each as its difference from the row above (PNG Up
    // predictor).
    let xref_offset = out.len() as u32;
    xref[xref_id as usize] = (1, xref_offset, 0);
    let mut rows = Vec::with_capacity(xref.len() * 8);
    let mut prev = [0u8; 7];
    for &(t, f2, f3) in xref.iter() {
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
        if let Ok(v) = doc_trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Filter", "FlateDecode");
    let mut parms = Dictionary::new();
    parms.set("Columns", 7);
    parms.set("Predictor", 12);
    trailer.set("DecodeParms", parms);
    let data = super::super::deflate::bytes(&rows, super::super::deflate::LEVEL);
    stream_object(out, xref_id, 0, &trailer, &data);
    let _ = write!(out, "startxref\n{xref_offset}\n%%EOF");
}

#[cfg(test)]
mod tests {
    use super::super::write_object;
    use super::*;
    use lopdf::StringFormat;

    /// Gives `doc` an empty page tree at `pages` and a catalog that points at it.
    fn add_catalog(doc: &mut lopdf::Document, pages: lopdf::ObjectId) {
        doc.objects.insert(
            pages,
            lopdf::dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 }
                .into(),
        );
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
    }

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
        add_catalog(&mut doc, pages);
        let bytes = save(&mut doc, Packed::default(), Default::default()).unwrap();
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
        add_catalog(&mut doc, pages);
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
        let bytes = save(&mut doc, extra, Default::default()).unwrap();
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
