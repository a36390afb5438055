//! Atomic file replacement: write a sibling temporary file, then rename it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

/// A temporary path next to `dest`, unique within this process and across processes.
fn temp_path(dest: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = dest
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `dest` atomically: readers see the old file or the new one,
/// never a part. On any error the temporary file is removed and `dest` is untouched.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = temp_path(dest);
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dest)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(dest, e)
    })
}

/// Removes temporary files that [`write_atomic`] left in `dir` when its process was
/// killed between writing and renaming (Ctrl-C in a batch, say). Only files of the
/// temporary-name pattern whose process is gone are removed; where processes cannot
/// be looked up (no `/proc`), nothing is.
pub fn remove_stale_temps(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
            continue;
        };
        // `.{name}.{pid}.{n}.tmp`
        let mut parts = rest.rsplitn(3, '.');
        let (Some(n), Some(pid), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if n.parse::<u64>().is_err() {
            continue;
        }
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_files() {
        let dir = std::env::temp_dir().join(format!("prep-pdf-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let dest = dir.join("a.pdf");
        write_atomic(&dest, b"one").unwrap();
        write_atomic(&dest, b"two").unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A temporary file of a process that is gone is cleaned up; ours and
        // unrelated files stay.
        let stale = dir.join(".b.pdf.4000000000.0.tmp");
        let live = dir.join(format!(".c.pdf.{}.7.tmp", std::process::id()));
        let other = dir.join(".notes.tmp");
        for p in [&stale, &live, &other] {
            fs::write(p, b"x").unwrap();
        }
        remove_stale_temps(&dir);
        assert!(!stale.exists() && live.exists() && other.exists());
        for p in [&live, &other] {
            fs::remove_file(p).unwrap();
        }
        // A destination that cannot be written (its folder is missing) fails cleanly.
        assert!(write_atomic(&dir.join("missing/b.pdf"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
