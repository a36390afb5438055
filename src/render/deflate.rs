//! Deflating streams: one compressor per thread, reused, and streams in parallel.
//!
//! ```text
//! deflate::all(&mut streams)          // every stream worth it, FlateDecode
//! deflate::bytes(&data, LEVEL)        // one buffer (the object stream)
//! ```
//!
//! Setting up a deflate state zeroes a few hundred kilobytes of window and hash
//! tables; done afresh for each of a role's thirty-odd streams it was a tenth of a
//! whole export's instructions (callgrind), so each thread keeps a compressor for
//! each level it uses and resets it between streams. Streams are independent, so a document's are deflated
//! across the thread pool: on two cores that halves the largest single step of a
//! one-role export, and in a batch the pool is busy with other roles anyway.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// zlib's default balance, measured on a role's page streams against the other
/// levels: level 9 gives 1.6% smaller streams for 1.7× the time, level 4 2.4%
/// larger ones for 0.7× the time.
pub const LEVEL: u32 = 6;

thread_local! {
    /// A compressor for each level used on this thread: a stamped copy deflates its
    /// streams at [`LEVEL`] and its cross-reference stream at 9 on the same thread,
    /// and one compressor made afresh at each change of level cost more than the
    /// deflating.
    static COMPRESSORS: RefCell<[Option<Compress>; 10]> = const { RefCell::new([const { None }; 10]) };
}

/// `data` deflated (zlib format) at `level`.
pub fn bytes(data: &[u8], level: u32) -> Vec<u8> {
    parts(&[data], level)
}

/// The concatenation of `parts` deflated at `level`, without concatenating them
/// first: the object stream's index and body are each tens of megabytes in a long
/// document, and a copy of both was its largest moment.
pub fn parts(parts: &[&[u8]], level: u32) -> Vec<u8> {
    let level = level.min(9);
    COMPRESSORS.with(|cell| {
        let mut slots = cell.borrow_mut();
        let c = match &mut slots[level as usize] {
            Some(c) => {
                c.reset();
                c
            }
            slot => slot.insert(Compress::new(Compression::new(level), true)),
        };
        let total: usize = parts.iter().map(|p| p.len()).sum();
        let mut out = Vec::with_capacity(total / 3 + 64);
        let last = parts.len().saturating_sub(1);
        for (i, data) in parts
            .iter()
            .copied()
            .chain(parts.is_empty().then_some(&[][..]))
            .enumerate()
        {
            let flush = if i == last {
                FlushCompress::Finish
            } else {
                FlushCompress::None
            };
            let start = c.total_in();
            loop {
                let taken = (c.total_in() - start) as usize;
                match c.compress_vec(&data[taken..], &mut out, flush) {
                    Ok(Status::StreamEnd) => break,
                    // This part is all taken in, and more follow.
                    Ok(_)
                        if flush == FlushCompress::None
                            && (c.total_in() - start) as usize == data.len() =>
                    {
                        break
                    }
                    // More output room is needed (or the call made no progress for
                    // want of it): grow and go on.
                    Ok(_) => out.reserve(out.capacity().max(1024)),
                    Err(_) => unreachable!("deflating into a growing buffer cannot fail"),
                }
            }
        }
        out
    })
}

/// Deflates `data` in place if that makes it smaller, and says whether it did.
pub fn shrink(data: &mut Vec<u8>) -> bool {
    let packed = bytes(data, LEVEL);
    let smaller = packed.len() < data.len();
    if smaller {
        *data = packed;
    }
    smaller
}

/// [`shrink`]s each buffer of `streams`, on the thread pool, and says which ones it
/// changed.
pub fn all(streams: &mut [&mut Vec<u8>]) -> Vec<bool> {
    streams.par_iter_mut().map(|data| shrink(data)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_reused_compressor_gives_what_a_fresh_one_gives() {
        let a: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let b = b"BT /F1 10 Tf (hello) Tj ET\n".repeat(300);
        let first = bytes(&a, LEVEL);
        let second = bytes(&b, LEVEL);
        assert_eq!(bytes(&a, LEVEL), first);
        assert_eq!(inflate(&first), a);
        assert_eq!(inflate(&second), b);
        assert_eq!(inflate(&bytes(&b, 9)), b);
        assert_eq!(inflate(&bytes(&[], LEVEL)), b"");
        // In parts: the parts' data, the same bytes every time.
        let ab = [a.clone(), b.clone()].concat();
        assert_eq!(inflate(&parts(&[&a, &b], LEVEL)), ab);
        assert_eq!(parts(&[&a, &b], LEVEL), parts(&[&a, &b], LEVEL));
        assert_eq!(
            inflate(&parts(&[&b, &[], &a], 9)),
            [b.clone(), a.clone()].concat()
        );
        assert_eq!(inflate(&parts(&[], LEVEL)), b"");
    }

    #[test]
    fn only_streams_that_shrink_are_replaced() {
        let mut text = b"0 -14.5 Td\n".repeat(100);
        let mut tiny = b"q".to_vec();
        let changed = all(&mut [&mut text, &mut tiny]);
        assert_eq!(changed, [true, false]);
        assert_eq!(tiny, b"q");
        assert_eq!(inflate(&text), b"0 -14.5 Td\n".repeat(100));
    }
}
