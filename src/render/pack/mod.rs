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
//!
//! Here, [`Packed`]: the objects bound for object streams, serialised as they are
//! made. `syntax` writes PDF objects as bytes, `save` the file.

mod save;
mod syntax;

use lopdf::{Dictionary, Object};

use crate::error::Error;

pub use save::save;
pub use syntax::write_object;
use syntax::{object, object_stream, Serial};

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
