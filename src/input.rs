//! Reading a file the user named: only regular files, and only up to a size.
//!
//! A FIFO would hang a run and `/dev/zero` would fill memory before any check could
//! speak, so a file that is not a regular file (after following links) is refused, and
//! one over its limit is refused before it is read, with the limit in the message.
//! Failures are `std::io::Error`s, so every caller reports them as it reports any other
//! I/O error, with the path.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The most a role file may hold: a 3,000-question book is about 10 MB.
pub const MAX_ROLE_FILE: u64 = 64 << 20;
/// The most a theme file or a vocabulary may hold.
pub const MAX_SMALL_FILE: u64 = 16 << 20;
/// The most a logo file may hold (its pixels are capped separately).
pub const MAX_IMAGE_FILE: u64 = 64 << 20;
/// The most a font file may hold: the largest CJK collections are about 60 MB.
pub const MAX_FONT_FILE: u64 = 256 << 20;

/// The bytes of `path`, a regular file of at most `max` bytes.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "not a regular file (a folder, pipe or device); name a file",
        ));
    }
    let too_big = || {
        Error::new(
            ErrorKind::FileTooLarge,
            format!("larger than the {} MB this file may be", max >> 20),
        )
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read; never take more than the limit.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}
