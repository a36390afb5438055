//! Reading a file the user named: only regular files, and only up to a size.
//!
//! A FIFO would hang a run and `/dev/zero` would fill memory before any check could
//! speak, so a file that is not a regular file (after following links) is refused, and
//! one over its limit is refused before it is read, with the limit in the message.

use std::io::Read;
use std::path::Path;

use crate::error::Error;

/// The bytes of `path`, a regular file of at most `max` bytes; `what` names it in
/// messages ("recipients file", "logo").
pub fn read_capped(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Usage(format!(
            "{}: the {what} is not a regular file (a folder, pipe or device)",
            path.display()
        )));
    }
    let too_big = || {
        Error::Usage(format!(
            "{}: the {what} is larger than {} MB",
            path.display(),
            max >> 20
        ))
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read; never take more than the limit.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}
