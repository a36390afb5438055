//! The merge journal: one line per delivered (or written) message, flushed to disk
//! before the next is counted, so a merge that crashed, was killed or interrupted
//! resumes where it stopped.
//!
//! ```no_run
//! use prep_pdf::export::mail::journal::Journal;
//! use prep_pdf::export::Shard;
//! let shard = Shard { index: 1, count: 1 };
//! let journal = Journal::open("cohort.csv.journal".as_ref(), "smtp 127.0.0.1:25", false, shard).unwrap();
//! if !journal.done("ada@example.com", "backend-mid") {
//!     // … send, then:
//!     journal.record("sent", "ada@example.com", "backend-mid", "<id@example.com>").unwrap();
//! }
//! ```
//!
//! Lines are `status TAB destination TAB role TAB address TAB message-id`, appended
//! with one `write` each (so shards of one merge can share a journal) and `fdatasync`ed.
//! Only lines for the same destination count: drafts written to a folder do not
//! make a later send to a server look done. A line cut short by a crash has no line
//! end and is ignored. The one gap SMTP leaves: a message the server accepted in the
//! moment before the crash, not yet journaled, goes again on the re-run.
//!
//! Drafts are journaled in groups ([`Journal::group_drafts`]): writing a draft again
//! gives the same message, so nothing is lost if a crash forgets that one was written,
//! only if the journal remembered a draft the disk did not keep. So drafts are written
//! without waiting for the disk, and every [`GROUP`] drafts (and at the end) the
//! drafts' file system is synced once, then their lines are written and synced. Two
//! waits for the disk a draft were most of a large merge's time. The worker that
//! fills a group waits for the disk alone: the others go on writing drafts into the
//! next group meanwhile (while all waited, a merge's time swung with the disk's).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::recipients::address_key;
use crate::error::{Error, Setting};
use crate::export::Shard;

/// Takes the shard's lock on the journal: a write lock on one byte far past any real
/// journal's end, chosen by the shard, held as long as `file` is open.
#[cfg(target_os = "linux")]
fn lock_shard(file: &File, shard: Shard) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    // SAFETY: a zeroed flock is a valid value; fcntl reads it and writes nothing back
    // for F_OFD_SETLK.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    fl.l_start = (1 << 40) + (shard.count as libc::off_t) * (1 << 20) + shard.index as libc::off_t;
    fl.l_len = 1;
    // SAFETY: the descriptor is open for the call's duration and `fl` outlives it.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &fl) } == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EAGAIN | libc::EACCES) => Err(
            "another run of this merge is using the journal now; wait for it to finish, \
             or give this run a journal of its own"
                .into(),
        ),
        _ => Err(format!(
            "cannot lock the journal ({e}), so two runs could send the same messages; \
             put the journal on a file system with locks"
        )),
    }
}

#[cfg(not(target_os = "linux"))]
fn lock_shard(_: &File, _: Shard) -> Result<(), String> {
    Ok(())
}

pub struct Journal {
    path: PathBuf,
    destination: String,
    /// What earlier runs delivered: (address key, role) → the message's Message-ID.
    done: HashMap<(String, String), String>,
    file: Mutex<File>,
    /// The drafts folder, when drafts are journaled in groups, and the lines waiting.
    group: Option<Group>,
}

/// Drafts journaled in groups: the folder whose file system is synced before their
/// lines are written, and the lines not yet written.
struct Group {
    dir: File,
    pending: Mutex<Vec<String>>,
    /// Held while a group is synced and written, so groups reach the journal in
    /// order; the lines are not, so other workers go on meanwhile.
    writing: Mutex<()>,
}

impl Group {
    fn lock_pending(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// How many drafts are journaled together: a sync of the file system every 32 drafts
/// costs little, and a crash makes a re-run write at most 32 drafts again.
pub const GROUP: usize = 32;

/// Tabs and line breaks cannot be in a field.
fn field(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ")
}

impl Journal {
    /// Opens (or creates) the journal at `path` for deliveries to `destination` by
    /// `shard` of a merge. With `restart`, what it says is ignored for this run (its
    /// lines stay: other shards sharing it still need theirs).
    ///
    /// Two runs of the same shard at once would both send every row, so each takes an
    /// advisory lock on a byte of its own (open-file-description locks, which NFS
    /// clients pass to the server too); a second run of a shard that is running is
    /// refused. Other shards of the merge lock other bytes and run side by side.
    pub fn open(
        path: &Path,
        destination: &str,
        restart: bool,
        shard: Shard,
    ) -> Result<Journal, Error> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        lock_shard(&file, shard).map_err(|why| {
            // The setting is named so the caller can say how to give another journal.
            Error::Setting {
                setting: Setting::Journal,
                message: format!(
                    "{}: {why} (shard {}/{})",
                    path.display(),
                    shard.index,
                    shard.count
                ),
            }
        })?;
        let done = if restart {
            HashMap::new()
        } else {
            Self::read(path, destination)?
        };
        // End a line a crash cut short, so the next record starts a line of its own.
        let torn = (|| -> std::io::Result<bool> {
            use std::io::{Seek, SeekFrom};
            if file.metadata()?.len() == 0 {
                return Ok(false);
            }
            file.seek(SeekFrom::End(-1))?;
            let mut last = [0u8];
            file.read_exact(&mut last)?;
            Ok(last[0] != b'\n')
        })()
        .map_err(|e| Error::io(path, e))?;
        if torn {
            file.write_all(b"\n").map_err(|e| Error::io(path, e))?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            destination: field(destination),
            done,
            file: Mutex::new(file),
            group: None,
        })
    }

    /// Journals drafts written into `dir` in groups (see the module's docs): the
    /// merge then writes them without waiting for the disk.
    pub fn group_drafts(&mut self, dir: &Path) -> Result<(), Error> {
        let dir = File::open(dir).map_err(|e| Error::io(dir, e))?;
        self.group = Some(Group {
            dir,
            pending: Mutex::new(Vec::new()),
            writing: Mutex::new(()),
        });
        Ok(())
    }

    /// Whether drafts are journaled in groups.
    pub fn grouped(&self) -> bool {
        self.group.is_some()
    }

    /// Syncs the drafts written so far and writes their lines: at the end of a merge.
    /// Nothing to do for a journal that writes every line at once.
    pub fn commit(&self) -> Result<(), Error> {
        let Some(group) = &self.group else {
            return Ok(());
        };
        let lines = std::mem::take(&mut *group.lock_pending());
        // Also waits for a group another worker is writing.
        self.write_group(group, lines)
    }

    /// Syncs the drafts' file system, then writes and syncs `lines`, the group's,
    /// after any group taken before them. On failure the lines wait again, for the
    /// next group or the final commit.
    fn write_group(&self, group: &Group, lines: Vec<String>) -> Result<(), Error> {
        let _turn = group.writing.lock().unwrap_or_else(|p| p.into_inner());
        if lines.is_empty() {
            return Ok(());
        }
        let written = sync_file_system(&group.dir)
            .map_err(|e| Error::io(&self.path, e))
            .and_then(|()| self.append(lines.concat().as_bytes()));
        if written.is_err() {
            group.lock_pending().splice(0..0, lines);
        }
        written
    }

    /// Appends `lines` with one write, and waits for the disk.
    fn append(&self, lines: &[u8]) -> Result<(), Error> {
        let file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        (&*file)
            .write_all(lines)
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(&self.path, e))
    }

    /// The (address, role) pairs the journal at `path` records as delivered to
    /// `destination`; none if there is no journal.
    pub fn read(
        path: &Path,
        destination: &str,
    ) -> Result<HashMap<(String, String), String>, Error> {
        let mut text = Vec::new();
        match File::open(path) {
            Ok(mut f) => {
                f.read_to_end(&mut text).map_err(|e| Error::io(path, e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
        let text = String::from_utf8_lossy(&text);
        let destination = field(destination);
        let mut done = HashMap::new();
        // Only whole lines: the last one may have been cut short by a crash.
        let whole = text.rfind('\n').map_or("", |i| &text[..i]);
        for line in whole.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() == 5 && f[1] == destination {
                done.insert((address_key(f[3]), f[2].to_string()), f[4].to_string());
            }
        }
        Ok(done)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an earlier run delivered to `email` for `role`.
    pub fn done(&self, email: &str, role: &str) -> bool {
        self.sent_as(email, role).is_some()
    }

    /// The Message-ID an earlier run delivered to `email` for `role` with, if it did.
    pub fn sent_as(&self, email: &str, role: &str) -> Option<&str> {
        self.done
            .get(&(address_key(email), role.to_string()))
            .map(String::as_str)
    }

    /// Records a delivery, durably before returning, or for a draft journaled in
    /// groups, with its group.
    pub fn record(&self, status: &str, email: &str, role: &str, id: &str) -> Result<(), Error> {
        let line = format!(
            "{}\t{}\t{}\t{}\t{}\n",
            field(status),
            self.destination,
            field(role),
            field(&address_key(email)),
            field(id)
        );
        let Some(group) = &self.group else {
            return self.append(line.as_bytes());
        };
        let full = {
            let mut pending = group.lock_pending();
            pending.push(line);
            if pending.len() < GROUP {
                return Ok(());
            }
            std::mem::take(&mut *pending)
        };
        // Written with the lines unlocked: the disk's wait holds up this worker only.
        self.write_group(group, full)
    }
}

impl Drop for Journal {
    /// A merge commits its last group itself and reports a failure; this is for a
    /// caller that did not (a panic on the way out).
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// Waits until everything written to the file system holding `dir` is on disk, and
/// reports a write that failed on the way (`syncfs`, Linux 5.8 and later).
#[cfg(target_os = "linux")]
fn sync_file_system(dir: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: syncfs takes a file descriptor we own and open, and nothing else.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere, every file system (`sync` reports no errors).
#[cfg(not(target_os = "linux"))]
fn sync_file_system(_: &File) -> std::io::Result<()> {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_journaled_a_group_at_a_time_and_the_rest_at_commit() {
        let dir = std::env::temp_dir().join(format!("prep-pdf-group-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        let one = Shard { index: 1, count: 1 };
        let lines = || {
            std::fs::read_to_string(&path)
                .unwrap_or_default()
                .lines()
                .count()
        };
        let mut j = Journal::open(&path, "drafts d", false, one).unwrap();
        j.group_drafts(&dir).unwrap();
        for i in 0..GROUP - 1 {
            j.record("written", &format!("c{i}@x.org"), "qa-mid", "<i@x>")
                .unwrap();
        }
        assert_eq!(lines(), 0, "a group is written whole");
        j.record("written", "last@x.org", "qa-mid", "<i@x>")
            .unwrap();
        assert_eq!(lines(), GROUP);
        j.record("written", "more@x.org", "qa-mid", "<i@x>")
            .unwrap();
        assert_eq!(lines(), GROUP);
        j.commit().unwrap();
        assert_eq!(lines(), GROUP + 1);
        j.record("written", "after@x.org", "qa-mid", "<i@x>")
            .unwrap();
        drop(j);
        assert_eq!(
            lines(),
            GROUP + 2,
            "dropping the journal commits what waits"
        );
        let again = Journal::open(&path, "drafts d", false, one).unwrap();
        assert!(again.done("C0@x.org", "qa-mid") && again.done("after@x.org", "qa-mid"));
        drop(again);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn records_survive_and_torn_lines_and_other_destinations_do_not_count() {
        let dir = std::env::temp_dir().join(format!("prep-pdf-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        let one = Shard { index: 1, count: 1 };
        let j = Journal::open(&path, "smtp a:25", false, one).unwrap();
        j.record("sent", "Ada@Example.com", "qa-mid", "<1@x>")
            .unwrap();
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"sent\tsmtp b:25\tqa-mid\tbob@example.com\t<2@x>\n")
            .unwrap();
        f.write_all(b"sent\tsmtp a:25\tqa-mid\tcut@exa").unwrap();
        let j = Journal::open(&path, "smtp a:25", false, one).unwrap();
        assert!(j.done("ada@example.com", "qa-mid"));
        assert!(!j.done("ada@example.com", "backend-mid"));
        assert!(!j.done("bob@example.com", "qa-mid"));
        assert!(!j.done("cut@exa", "qa-mid"));
        j.record("sent", "dan@example.com", "qa-mid", "<3@x>")
            .unwrap();
        drop(j);
        let j = Journal::open(&path, "smtp a:25", false, one).unwrap();
        assert!(
            j.done("dan@example.com", "qa-mid"),
            "a record after a torn line counts"
        );
        drop(j);
        let j = Journal::open(&path, "smtp a:25", true, one).unwrap();
        assert!(!j.done("ada@example.com", "qa-mid"));
        drop(j);
        // --restart ignores the journal for this run but keeps its lines.
        let j = Journal::open(&path, "smtp a:25", false, one).unwrap();
        assert!(j.done("ada@example.com", "qa-mid"));
        // A second run of the same shard is refused while the first holds the journal;
        // another shard is not.
        let err = Journal::open(&path, "smtp a:25", false, one).err().unwrap();
        assert!(
            err.to_string().contains("another run of this merge"),
            "{err}"
        );
        let other = Journal::open(&path, "smtp a:25", false, Shard { index: 2, count: 3 });
        assert!(other.is_ok());
        drop(j);
        assert!(Journal::open(&path, "smtp a:25", false, one).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
