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
///
/// What `dest` names is respected: a symbolic link is followed and its target replaced
/// (the link stays a link); a FIFO, a device or any other file that is not a regular
/// file is written through, not replaced (`-o /dev/stdout`, a named pipe); an existing
/// file keeps its permissions. Temporary files that killed runs left beside `dest` are
/// cleaned up first.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let target = follow_links(dest).map_err(|e| Error::io(dest, e))?;
    let existing = fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return write_through(&target, bytes).map_err(|e| Error::io(dest, e));
        }
    }
    if let Some(dir) = target.parent() {
        remove_stale_temps(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        });
    }
    let tmp = temp_path(&target);
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        if let Some(meta) = &existing {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, &target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(dest, e)
    })
}

/// The file a path finally names, following symbolic links (also dangling ones, whose
/// target is then created). Gives up on a loop as the system does.
fn follow_links(dest: &Path) -> std::io::Result<PathBuf> {
    let mut path = dest.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes into an existing file that is not a regular file (a FIFO, a device): it
/// cannot be replaced by renaming, and its reader expects the bytes through it.
fn write_through(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new().write(true).open(target)?;
    f.write_all(bytes)?;
    f.flush()
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
        // A stale temporary file beside a single output is cleaned up by the next write.
        fs::write(&stale, b"x").unwrap();
        write_atomic(&dest, b"three").unwrap();
        assert!(!stale.exists());
        // A destination that cannot be written (its folder is missing) fails cleanly.
        assert!(write_atomic(&dir.join("missing/b.pdf"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_pipes_written_through_and_modes_kept() {
        use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
        let dir = std::env::temp_dir().join(format!("prep-pdf-through-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("real")).unwrap();
        // A symlink stays a link; its target gets the bytes. A dangling one too.
        let target = dir.join("real/out.pdf");
        fs::write(&target, b"old").unwrap();
        symlink("real/out.pdf", dir.join("link.pdf")).unwrap();
        write_atomic(&dir.join("link.pdf"), b"new").unwrap();
        assert!(fs::symlink_metadata(dir.join("link.pdf"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        symlink("real/fresh.pdf", dir.join("dangling.pdf")).unwrap();
        write_atomic(&dir.join("dangling.pdf"), b"made").unwrap();
        assert_eq!(fs::read(dir.join("real/fresh.pdf")).unwrap(), b"made");
        // A mode-600 file stays 600.
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&target, b"again").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A FIFO stays a FIFO, and its reader gets the bytes.
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        fs::remove_dir_all(&dir).unwrap();
    }
}
