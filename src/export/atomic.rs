//! Atomic file replacement: write a sibling temporary file, then rename it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

/// What marks a temporary file as ours: no user names a file `…~prep-pdf…`.
const MARK: &str = "~prep-pdf";

/// Who this process is, as written into its temporary files' names: the host, the
/// process id and the process's start time (clock ticks since boot, from `/proc`), so
/// a later run can prove a leftover file was made by a process that is gone, on this
/// host, and never takes a live process's file (or another machine's, in a shared
/// folder) for one. The host is reduced to `[A-Za-z0-9-]`.
fn maker() -> &'static str {
    static MAKER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MAKER.get_or_init(|| {
        let pid = std::process::id();
        format!("{}.{pid}.{}", host(), start_time(pid).unwrap_or(0))
    })
}

fn host() -> String {
    let raw = fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let h: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if h.is_empty() {
        "localhost".into()
    } else {
        h
    }
}

/// A process's start time in clock ticks since boot (field 22 of `/proc/PID/stat`).
fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count from
    // the last `)`.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// A temporary path next to `dest`, unique within this process and across processes
/// and hosts: `.{name}.~prep-pdf.{host}.{pid}.{start}.{n}.tmp`.
fn temp_path(dest: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = dest
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.{MARK}.{}.{n}.tmp", maker()))
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
    write_atomic_as(dest, bytes, Durable::Now)
}

/// Whether [`write_atomic`] waits for the disk before the new file takes `dest`'s
/// name. `Later` is for a caller that syncs the file system itself before anything
/// relies on the file (a mail merge's drafts, see `mail::journal`): the rename is
/// still atomic, but a crash before that sync may leave the new name empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durable {
    Now,
    Later,
}

fn write_atomic_as(dest: &Path, bytes: &[u8], durable: Durable) -> Result<(), Error> {
    let target = follow_links(dest).map_err(|e| Error::io(dest, e))?;
    let existing = fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return write_through(&target, bytes).map_err(|e| Error::io(dest, e));
        }
    }
    if let Some(dir) = target.parent() {
        sweep_once(if dir.as_os_str().is_empty() {
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
        if durable == Durable::Now {
            f.sync_all()?;
        }
        fs::rename(&tmp, &target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(dest, e)
    })
}

/// Writes `bytes` to `dest` atomically as a regular file in `dest`'s own folder: a
/// symbolic link, FIFO or device standing at `dest` is refused, not followed or
/// written through. For files the program names itself (mail drafts), where a link
/// someone planted must not redirect the write.
pub fn write_atomic_regular(dest: &Path, bytes: &[u8], durable: Durable) -> Result<(), Error> {
    if let Ok(meta) = fs::symlink_metadata(dest) {
        if !meta.file_type().is_file() {
            return Err(Error::io(
                dest,
                std::io::Error::other(
                    "exists and is not a regular file (a link or a special file); it was left as it is",
                ),
            ));
        }
    }
    write_atomic_as(dest, bytes, durable)
}

/// Checks, before any work, that [`write_atomic`] will be able to write `dest`: its
/// folder exists and takes a new file (one is made and removed), and `dest` is not a
/// folder. So a long merge cannot end unable to write its report.
pub fn check_writable(dest: &Path) -> Result<(), Error> {
    let target = follow_links(dest).map_err(|e| Error::io(dest, e))?;
    if target.is_dir() {
        return Err(Error::io(
            dest,
            std::io::Error::other("is a folder; name a file"),
        ));
    }
    let probe = temp_path(&target);
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| Error::io(dest, e))?;
    let _ = fs::remove_file(&probe);
    Ok(())
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

/// [`remove_stale_temps`] in `dir`, the first time this process writes there: a
/// merge writes thousands of drafts into one folder, and reading the whole folder
/// before each made writing them quadratic (a sixth of a 1,000-draft merge's time,
/// and growing with the folder). Files left by a process that died before this one
/// started are all there at its first write.
fn sweep_once(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
    if swept.iter().any(|d| d == dir) {
        return;
    }
    swept.push(dir.to_path_buf());
    drop(swept);
    remove_stale_temps(dir);
}

/// Removes temporary files that [`write_atomic`] left in `dir` when its process was
/// killed between writing and renaming (Ctrl-C in a batch, say). Only files whose name
/// proves they are ours are removed: the mark, this host, and a process id whose
/// process is gone or is another process than the one that made the file (its start
/// time differs). Where processes cannot be looked up (no `/proc`), nothing is.
pub fn remove_stale_temps(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let here = host();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_stale(&name, &here) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is a temporary file of ours, made on `here`, by a process that is
/// gone.
fn is_stale(name: &str, here: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((_, ours)) = rest.rsplit_once(&format!(".{MARK}.")) else {
        return false;
    };
    // `{host}.{pid}.{start}.{n}`
    let parts: Vec<&str> = ours.split('.').collect();
    let [host, pid, start, n] = parts[..] else {
        return false;
    };
    let (Ok(pid), Ok(start), Ok(_)) = (pid.parse::<u32>(), start.parse::<u64>(), n.parse::<u64>())
    else {
        return false;
    };
    host == here && start_time(pid) != Some(start)
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
        // A temporary file of a process that is gone is cleaned up; ours, another
        // host's, and files a user named like the old pattern stay.
        let me = std::process::id();
        let stale = dir.join(format!(".b.pdf.{MARK}.{}.4000000000.5.0.tmp", host()));
        let reused = dir.join(format!(".b.pdf.{MARK}.{}.{me}.1.0.tmp", host()));
        let live = dir.join(format!(".c.pdf.{MARK}.{}.7.tmp", maker()));
        let other_host = dir.join(format!(".d.pdf.{MARK}.elsewhere.4000000000.5.0.tmp"));
        let users = [
            dir.join(".notes.tmp"),
            dir.join(".report.4000000000.3.tmp"),
            dir.join(".x.1.1.tmp"),
            dir.join(format!(".e.pdf.{MARK}.{}.abc.1.0.tmp", host())),
        ];
        for p in [&stale, &reused, &live, &other_host]
            .into_iter()
            .chain(&users)
        {
            fs::write(p, b"x").unwrap();
        }
        remove_stale_temps(&dir);
        assert!(!stale.exists(), "a gone process's file is removed");
        assert!(
            !reused.exists(),
            "a reused pid with another start time is not its maker"
        );
        assert!(live.exists() && other_host.exists());
        for p in [&live, &other_host].into_iter().chain(&users) {
            assert!(p.exists(), "{p:?} stays");
            fs::remove_file(p).unwrap();
        }
        // A stale temporary file in a folder is cleaned up by this process's first write
        // there (and only the first: a merge writes thousands into one folder).
        let fresh = dir.join("fresh");
        fs::create_dir_all(&fresh).unwrap();
        let stale_there = fresh.join(stale.file_name().unwrap());
        fs::write(&stale_there, b"x").unwrap();
        write_atomic(&fresh.join("a.pdf"), b"three").unwrap();
        assert!(!stale_there.exists());
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
