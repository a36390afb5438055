//! A mail merge: checked rows → one stamped message each, delivered by a few workers,
//! journaled as each completes, stoppable at any moment without losing track.
//!
//! ```no_run
//! use std::sync::atomic::AtomicBool;
//! use prep_pdf::content::{Bank, Roles};
//! use prep_pdf::export::mail::merge::{Delivery, Merge, Progress};
//! use prep_pdf::export::mail::recipients;
//! use prep_pdf::export::Settings;
//! let bank = Bank::bundled();
//! let roles = Roles::new(&bank);
//! let check = recipients::role_checker(&roles).unwrap();
//! let rows = recipients::read("cohort.csv".as_ref(), bank.fonts(), &check).unwrap();
//! let stop = AtomicBool::new(false);
//! let progress = Progress::default();
//! let merge = Merge {
//!     roles: &roles,
//!     settings: &Settings::default(),
//!     from: "Jobs <jobs@example.com>".parse().unwrap(),
//!     subject: None,
//!     body: None,
//!     delivery: Delivery::Drafts("drafts".as_ref()),
//!     journal: None,
//!     workers: 2,
//!     rate: None,
//!     stop: &stop,
//!     progress: &progress,
//!     packs: None,
//! };
//! let result = merge.run(rows);
//! ```
//!
//! A merge stops early on three things: the `stop` flag (Ctrl-C), a server that
//! fails [`MAX_NETWORK_FAILURES`] times in a row, and a session that cannot be set
//! up at all (TLS, AUTH). Messages already handed to the server finish; the rest are
//! reported as not sent, and the journal lets a re-run pick them up.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::message::Mailbox;

use super::draft_file_name;
use super::journal::Journal;
use super::recipients::Row;
use super::smtp::Smtp;
use super::stamp::{Packs, Stamper};
use super::Durable;
use crate::content::Roles;
use crate::export::Settings;
use pace::{Pace, MAX_INTERVAL};
pub use report::write_report;
use worker::Queue;

/// Failed attempts to reach the server in a row (across all connections) after which
/// a merge stops trying.
pub const MAX_NETWORK_FAILURES: u32 = 4;

mod pace;
mod report;
mod worker;

/// Where messages go.
pub enum Delivery<'a> {
    Drafts(&'a Path),
    Smtp(&'a Smtp),
}

impl Delivery<'_> {
    /// What the journal calls this destination: the drafts folder's real path, or the
    /// server's host (in lower case) and port as written. `localhost` and `127.0.0.1`
    /// are different destinations to it: names are not resolved.
    pub fn destination(&self) -> String {
        match self {
            Delivery::Drafts(dir) => format!(
                "drafts {}",
                std::fs::canonicalize(dir)
                    .unwrap_or_else(|_| dir.to_path_buf())
                    .display()
            ),
            // Host names are case-insensitive (RFC 4343): `LOCALHOST` is `localhost`.
            Delivery::Smtp(s) => format!("smtp {}", s.host.to_ascii_lowercase()),
        }
    }
}

/// What became of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Sent,
    Written,
    /// The journal says an earlier run delivered it.
    AlreadyDone,
    /// A bad or duplicate row.
    Skipped,
    Failed,
    /// A good row the merge stopped before (Ctrl-C, or it gave up): a re-run sends it.
    NotTried,
}

impl Status {
    pub fn label(self, drafts: bool) -> &'static str {
        match (self, drafts) {
            (Status::Sent, _) => "sent",
            (Status::Written, _) => "written",
            (Status::AlreadyDone, false) => "already sent",
            (Status::AlreadyDone, true) => "already written",
            (Status::Skipped, _) => "skipped",
            // The report has always called these failed; its `error` says why.
            (Status::Failed | Status::NotTried, _) => "failed",
        }
    }

    /// Whether the row is counted as failed: it was not delivered, this run or before.
    pub fn failed(self) -> bool {
        matches!(self, Status::Failed | Status::NotTried)
    }
}

/// What became of one row of the recipients file, as the report lists it.
#[derive(Clone, Debug)]
pub struct RowOutcome {
    pub row: Row,
    pub status: Status,
    pub message_id: String,
    pub error: String,
}

/// Counts for a progress display, updated as the merge goes.
#[derive(Default)]
pub struct Progress {
    pub todo: AtomicUsize,
    pub done: AtomicUsize,
    pub failed: AtomicUsize,
}

pub struct Merge<'a> {
    /// The roles the rows name, loaded once for the recipients check and the
    /// copies alike.
    pub roles: &'a Roles<'a>,
    pub settings: &'a Settings,
    pub from: Mailbox,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub delivery: Delivery<'a>,
    pub journal: Option<&'a Journal>,
    /// Messages composed and delivered at once (SMTP connections, for SMTP).
    pub workers: usize,
    /// At most this many messages a second.
    pub rate: Option<f64>,
    pub stop: &'a AtomicBool,
    pub progress: &'a Progress,
    /// Packs tailored before the merge (`mail --tailor`), for rows that name a
    /// company; `None` when every row gets its role's own pack.
    pub packs: Option<&'a Packs>,
}

/// What a merge did: one outcome per row, in row order, and why it stopped early.
pub struct Finished {
    pub outcomes: Vec<RowOutcome>,
    pub gave_up: Option<String>,
    pub interrupted: bool,
}

impl Merge<'_> {
    fn drafts(&self) -> bool {
        matches!(self.delivery, Delivery::Drafts(_))
    }

    /// Drafts are written without waiting for the disk when the journal syncs them
    /// in groups before recording them (see `journal`), else each on its own.
    fn durable(&self) -> Durable {
        match self.journal {
            Some(j) if j.grouped() => Durable::Later,
            _ => Durable::Now,
        }
    }

    /// Delivers every good row not in the journal; reports on every row.
    pub fn run(&self, rows: Vec<Row>) -> Finished {
        let (mut outcomes, mut jobs) = self.triage(rows);
        if self.drafts() {
            refuse_same_drafts(&mut outcomes, &mut jobs, &|row| self.draft_stem(row));
        }
        self.progress.todo.store(jobs.len(), Ordering::Relaxed);
        let shared = Queue {
            jobs: &jobs,
            next: AtomicUsize::new(0),
            results: jobs.iter().map(|_| Mutex::new(None)).collect(),
            failures: AtomicU32::new(0),
            gave_up: Mutex::new(None),
            stop: self.stop,
        };
        let pace = Pace {
            interval: self
                .rate
                .filter(|r| *r > 0.0)
                .map(|r| Duration::try_from_secs_f64(1.0 / r).unwrap_or(MAX_INTERVAL)),
            next: Mutex::new(Instant::now()),
        };
        let workers = self.workers.clamp(1, jobs.len().max(1));
        let stamper = Stamper::new(self.roles.bank(), self.settings)
            .with_roles(self.roles)
            .with_packs(self.packs);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| self.work(&shared, &outcomes, &stamper, &pace));
            }
        });
        let Queue {
            results, gave_up, ..
        } = shared;
        let mut gave_up = gave_up.into_inner().unwrap_or_else(|p| p.into_inner());
        // The last group of drafts: synced and journaled before the merge reports.
        if let Err(e) = self.journal.map_or(Ok(()), |j| j.commit()) {
            gave_up.get_or_insert(format!("gave up: cannot write the journal: {e}"));
        }
        let interrupted = self.stop.load(Ordering::SeqCst);
        for (k, at) in jobs.into_iter().enumerate() {
            let o = &mut outcomes[at];
            match results[k].lock().unwrap_or_else(|p| p.into_inner()).take() {
                Some(done) => {
                    o.status = done.status;
                    o.message_id = done.message_id;
                    o.error = done.error;
                }
                None => {
                    o.error = match &gave_up {
                        Some(why) => format!("not tried: {why}"),
                        None => "not tried: interrupted".into(),
                    }
                }
            }
        }
        Finished {
            outcomes,
            gave_up,
            interrupted,
        }
    }

    /// Every row's outcome as far as it is known before anything is sent (skipped,
    /// or done by an earlier run), and the indices of the rows left to deliver, which
    /// stand as not tried until a worker takes them.
    fn triage(&self, rows: Vec<Row>) -> (Vec<RowOutcome>, Vec<usize>) {
        let mut outcomes: Vec<RowOutcome> = Vec::with_capacity(rows.len());
        let mut jobs = Vec::new();
        for row in rows {
            let earlier = self
                .journal
                .and_then(|j| j.sent_as(&row.email, &self.pack_of(&row)));
            let (status, error, message_id) = match (&row.check, earlier) {
                (Err(skip), _) => (Status::Skipped, skip.why.clone(), String::new()),
                // The report names the message an earlier run delivered.
                (Ok(_), Some(id)) => (Status::AlreadyDone, String::new(), id.to_string()),
                (Ok(_), None) => {
                    jobs.push(outcomes.len());
                    (Status::NotTried, "not tried".to_string(), String::new())
                }
            };
            outcomes.push(RowOutcome {
                row,
                status,
                message_id,
                error,
            });
        }
        (outcomes, jobs)
    }
}

/// Drops from `jobs` every row whose draft file name (compared ignoring case, as some
/// file systems do) an earlier row already has, and marks it failed.
/// [`draft_file_name`] is injective, so this never fires for two distinct addresses; it
/// is checked all the same, so a collision could never overwrite a draft unseen.
fn refuse_same_drafts(
    outcomes: &mut [RowOutcome],
    jobs: &mut Vec<usize>,
    stem: &dyn Fn(&Row) -> String,
) {
    let mut first: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    jobs.retain(|&at| {
        let o = &mut outcomes[at];
        let Ok(to) = &o.row.check else { return true };
        let name = draft_file_name(&stem(&o.row), to.email.as_ref()).to_lowercase();
        match first.get(&name) {
            None => {
                first.insert(name, o.row.line);
                true
            }
            Some(line) => {
                o.status = Status::Failed;
                o.error = format!("its draft file would be row {line}'s ({name}); not written");
                false
            }
        }
    });
}

impl Merge<'_> {
    /// What the journal records a row's pack as: its role, the company it was
    /// tailored for (`role:company`; a role id has no colon) and the edition when it is
    /// not the full guide (`role#sample3`), so a re-run for another company or of
    /// another edition is a new message, not one an earlier run delivered. The full
    /// pack's key is the role alone, as journals before editions wrote it.
    fn pack_of(&self, row: &Row) -> String {
        let mut key = row.role.clone();
        if !row.company.is_empty() {
            key.push(':');
            key.push_str(&row.company);
        }
        if let Some(edition) = self.settings.edition() {
            key.push('#');
            key.push_str(&edition);
        }
        key
    }

    /// What a row's draft file is named from ([`super::draft_stem`]).
    fn draft_stem(&self, row: &Row) -> String {
        super::draft_stem(&row.role, &row.company, self.settings.edition().as_deref())
    }
}
