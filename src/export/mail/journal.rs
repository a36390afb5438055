//! The merge journal: one line per delivered (or written) message, flushed to disk
//! before the next is counted, so a merge that crashed, was killed or interrupted
//! resumes where it stopped.
//!
//! ```no_run
//! use prep_pdf::export::mail::journal::Journal;
//! let journal = Journal::open("cohort.csv.journal".as_ref(), "smtp 127.0.0.1:25", false).unwrap();
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

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;

pub struct Journal {
    path: PathBuf,
    destination: String,
    done: HashSet<(String, String)>,
    file: Mutex<File>,
}

/// Tabs and line breaks cannot be in a field.
fn field(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ")
}

impl Journal {
    /// Opens (or creates) the journal at `path` for deliveries to `destination`. With
    /// `restart`, what it says is ignored and it starts afresh.
    pub fn open(path: &Path, destination: &str, restart: bool) -> Result<Journal, Error> {
        let mut done = HashSet::new();
        if restart {
            std::fs::write(path, b"").map_err(|e| Error::io(path, e))?;
        } else {
            done = Self::read(path, destination)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
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
        })
    }

    /// The (address, role) pairs the journal at `path` records as delivered to
    /// `destination`; none if there is no journal.
    pub fn read(path: &Path, destination: &str) -> Result<HashSet<(String, String)>, Error> {
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
        let mut done = HashSet::new();
        // Only whole lines: the last one may have been cut short by a crash.
        let whole = text.rfind('\n').map_or("", |i| &text[..i]);
        for line in whole.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() == 5 && f[1] == destination {
                done.insert((f[3].to_lowercase(), f[2].to_string()));
            }
        }
        Ok(done)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an earlier run delivered to `email` for `role`.
    pub fn done(&self, email: &str, role: &str) -> bool {
        self.done
            .contains(&(email.to_lowercase(), role.to_string()))
    }

    /// Records a delivery, durably, before returning.
    pub fn record(&self, status: &str, email: &str, role: &str, id: &str) -> Result<(), Error> {
        let line = format!(
            "{}\t{}\t{}\t{}\t{}\n",
            field(status),
            self.destination,
            field(role),
            field(&email.to_lowercase()),
            field(id)
        );
        let file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        (&*file)
            .write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_and_torn_lines_and_other_destinations_do_not_count() {
        let dir = std::env::temp_dir().join(format!("prep-pdf-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        let j = Journal::open(&path, "smtp a:25", false).unwrap();
        j.record("sent", "Ada@Example.com", "qa-mid", "<1@x>")
            .unwrap();
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"sent\tsmtp b:25\tqa-mid\tbob@example.com\t<2@x>\n")
            .unwrap();
        f.write_all(b"sent\tsmtp a:25\tqa-mid\tcut@exa").unwrap();
        let j = Journal::open(&path, "smtp a:25", false).unwrap();
        assert!(j.done("ada@example.com", "qa-mid"));
        assert!(!j.done("ada@example.com", "backend-mid"));
        assert!(!j.done("bob@example.com", "qa-mid"));
        assert!(!j.done("cut@exa", "qa-mid"));
        j.record("sent", "dan@example.com", "qa-mid", "<3@x>")
            .unwrap();
        let j = Journal::open(&path, "smtp a:25", false).unwrap();
        assert!(
            j.done("dan@example.com", "qa-mid"),
            "a record after a torn line counts"
        );
        let j = Journal::open(&path, "smtp a:25", true).unwrap();
        assert!(!j.done("ada@example.com", "qa-mid"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
