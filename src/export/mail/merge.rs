//! A mail merge: checked rows → one stamped message each, delivered by a few workers,
//! journaled as each completes, stoppable at any moment without losing track.
//!
//! ```no_run
//! use std::sync::atomic::AtomicBool;
//! use prep_pdf::content::Bank;
//! use prep_pdf::export::mail::merge::{Delivery, Merge, Progress};
//! use prep_pdf::export::mail::recipients;
//! use prep_pdf::export::Settings;
//! let bank = Bank::bundled();
//! let roles = recipients::role_checker(&bank).unwrap();
//! let rows = recipients::read("cohort.csv".as_ref(), bank.fonts(), &roles).unwrap();
//! let stop = AtomicBool::new(false);
//! let progress = Progress::default();
//! let merge = Merge {
//!     bank: &bank,
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

use super::journal::Journal;
use super::recipients::Row;
use super::smtp::{SendError, Sender, Smtp};
use super::stamp::{Packs, Stamper};
use super::{compose_with, draft_file_name, id_of, stamp_for, write_draft, Letter};
use crate::content::Bank;
use crate::error::Error;
use crate::export::Settings;

/// Failed attempts to reach the server in a row (across all connections) after which
/// a merge stops trying.
pub const MAX_NETWORK_FAILURES: u32 = 4;

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
}

impl Status {
    pub fn label(self, drafts: bool) -> &'static str {
        match (self, drafts) {
            (Status::Sent, _) => "sent",
            (Status::Written, _) => "written",
            (Status::AlreadyDone, false) => "already sent",
            (Status::AlreadyDone, true) => "already written",
            (Status::Skipped, _) => "skipped",
            (Status::Failed, _) => "failed",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Outcome {
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
    pub bank: &'a Bank,
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
    pub outcomes: Vec<Outcome>,
    pub gave_up: Option<String>,
    pub interrupted: bool,
}

/// The longest wait between two messages, whatever rate is asked: a day.
const MAX_INTERVAL: Duration = Duration::from_secs(86_400);

/// Spaces sends `1/rate` seconds apart across all workers.
struct Pace {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

/// How often a paced worker looks up from its wait to see whether the merge stopped.
const WAKE: Duration = Duration::from_millis(50);

impl Pace {
    /// Waits for this message's turn; `false` if the merge stopped meanwhile (Ctrl-C),
    /// so no new message starts after an interrupt, however slow the rate.
    fn wait(&self, stopped: &dyn Fn() -> bool) -> bool {
        let Some(interval) = self.interval else {
            return !stopped();
        };
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let at = (*next).max(Instant::now());
            *next = at + interval;
            at
        };
        loop {
            if stopped() {
                return false;
            }
            let left = at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(WAKE));
        }
    }
}

type Done = (Status, String, String);

impl Merge<'_> {
    fn drafts(&self) -> bool {
        matches!(self.delivery, Delivery::Drafts(_))
    }

    /// Delivers every good row not in the journal; reports on every row.
    pub fn run(&self, rows: Vec<Row>) -> Finished {
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(rows.len());
        let mut jobs = Vec::new();
        for row in rows {
            let earlier = self
                .journal
                .and_then(|j| j.sent_as(&row.email, &pack_of(&row)));
            let (status, error, message_id) = match (&row.check, earlier) {
                (Err(why), _) => (Status::Skipped, why.clone(), String::new()),
                // The report names the message an earlier run delivered.
                (Ok(_), Some(id)) => (Status::AlreadyDone, String::new(), id.to_string()),
                (Ok(_), None) => {
                    jobs.push(outcomes.len());
                    (Status::Failed, "not tried".to_string(), String::new())
                }
            };
            outcomes.push(Outcome {
                row,
                status,
                message_id,
                error,
            });
        }
        if self.drafts() {
            refuse_same_drafts(&mut outcomes, &mut jobs);
        }
        self.progress.todo.store(jobs.len(), Ordering::Relaxed);
        let results: Vec<Mutex<Option<Done>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        let failures = AtomicU32::new(0);
        let gave_up: Mutex<Option<String>> = Mutex::new(None);
        let give_up = |why: String| {
            let mut g = gave_up.lock().unwrap_or_else(|p| p.into_inner());
            g.get_or_insert(why);
        };
        let stopped = || {
            self.stop.load(Ordering::SeqCst)
                || gave_up.lock().unwrap_or_else(|p| p.into_inner()).is_some()
        };
        let pace = Pace {
            interval: self
                .rate
                .filter(|r| *r > 0.0)
                .map(|r| Duration::try_from_secs_f64(1.0 / r).unwrap_or(MAX_INTERVAL)),
            next: Mutex::new(Instant::now()),
        };
        let workers = self.workers.clamp(1, jobs.len().max(1));
        let stamper = Stamper::new(self.bank, self.settings).with_packs(self.packs);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let mut sender = match self.delivery {
                        Delivery::Smtp(smtp) => Some(Sender::new(smtp)),
                        Delivery::Drafts(_) => None,
                    };
                    loop {
                        if stopped() {
                            break;
                        }
                        let k = next.fetch_add(1, Ordering::SeqCst);
                        let Some(&at) = jobs.get(k) else { break };
                        let row = &outcomes[at].row;
                        let on_network = |ok: bool| {
                            if ok {
                                failures.store(0, Ordering::SeqCst);
                            } else if failures.fetch_add(1, Ordering::SeqCst) + 1
                                >= MAX_NETWORK_FAILURES
                            {
                                give_up(format!(
                                    "gave up: the server failed {MAX_NETWORK_FAILURES} times in a row"
                                ));
                            }
                        };
                        let done = self.contained(row, || {
                            self.one(&stamper, row, sender.as_mut(), &pace, &stopped, &on_network)
                        });
                        if let Err(SendError::Session(why)) = &done.1 {
                            give_up(format!("gave up: {why}"));
                        }
                        let done = match done {
                            (Some(status), Ok(id)) => {
                                let recorded = match self.journal {
                                    Some(j) => j.record(
                                        status.label(self.drafts()),
                                        &row.email,
                                        &pack_of(row),
                                        &id,
                                    ),
                                    None => Ok(()),
                                };
                                match recorded {
                                    Ok(()) => (status, id, String::new()),
                                    Err(e) => {
                                        give_up(format!("gave up: cannot write the journal: {e}"));
                                        (status, id, format!("not in the journal: {e}"))
                                    }
                                }
                            }
                            (_, Ok(id)) => (Status::Failed, id, String::new()),
                            (_, Err(e)) => (Status::Failed, String::new(), e.to_string()),
                        };
                        let counter = if done.0 == Status::Failed {
                            &self.progress.failed
                        } else {
                            &self.progress.done
                        };
                        counter.fetch_add(1, Ordering::Relaxed);
                        *results[k].lock().unwrap_or_else(|p| p.into_inner()) = Some(done);
                    }
                });
            }
        });
        let gave_up = gave_up.into_inner().unwrap_or_else(|p| p.into_inner());
        let interrupted = self.stop.load(Ordering::SeqCst);
        for (k, at) in jobs.into_iter().enumerate() {
            let o = &mut outcomes[at];
            match results[k].lock().unwrap_or_else(|p| p.into_inner()).take() {
                Some((status, id, error)) => {
                    o.status = status;
                    o.message_id = id;
                    o.error = error;
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

    /// Runs one row's work so that a bug (a panic) fails that row alone, reported as an
    /// internal error naming it, and the other rows still go.
    fn contained(
        &self,
        row: &Row,
        f: impl FnOnce() -> (Option<Status>, Result<String, SendError>),
    ) -> (Option<Status>, Result<String, SendError>) {
        let what = format!("row {} ({}, {})", row.line, row.email, row.role);
        match crate::error::contain(&what, || Ok(f())) {
            Ok(done) => done,
            Err(e) => (None, Err(SendError::Refused(e.to_string()))),
        }
    }

    /// Composes and delivers one row: the status and Message-ID, or why not.
    fn one(
        &self,
        stamper: &Stamper,
        row: &Row,
        sender: Option<&mut Sender>,
        pace: &Pace,
        stopped: &dyn Fn() -> bool,
        on_network: &dyn Fn(bool),
    ) -> (Option<Status>, Result<String, SendError>) {
        let to = row.check.clone().expect("only good rows are delivered");
        let letter = Letter {
            role: row.role.clone(),
            to,
            from: self.from.clone(),
            subject: self.subject.clone(),
            body: self.body.clone(),
        };
        let composed = stamper
            .export_for(&letter.role, &row.company, &stamp_for(&letter.to))
            .and_then(|pdf| compose_with(pdf, &letter, self.settings));
        let message = match composed {
            Ok(m) => m,
            Err(e) => return (None, Err(SendError::Refused(e.to_string()))),
        };
        let id = id_of(&message);
        match (&self.delivery, sender) {
            (Delivery::Drafts(dir), _) => match write_draft(dir, &letter, &message) {
                Ok(_) => (Some(Status::Written), Ok(id)),
                // A full disk or a read-only folder fails every draft alike: stop at the
                // first instead of rendering every row for nothing.
                Err(e @ Error::Io { .. }) if folder_is_full(&e) => {
                    (None, Err(SendError::Session(e.to_string())))
                }
                Err(e) => (None, Err(SendError::Refused(e.to_string()))),
            },
            (Delivery::Smtp(_), Some(sender)) => {
                if !pace.wait(stopped) {
                    return (
                        None,
                        Err(SendError::Deferred("not tried: interrupted".into())),
                    );
                }
                match sender.send_with(&message, stopped, on_network) {
                    Ok(_) => (Some(Status::Sent), Ok(id)),
                    Err(e) => (None, Err(e)),
                }
            }
            (Delivery::Smtp(_), None) => unreachable!("SMTP workers have a sender"),
        }
    }
}

/// Whether a draft could not be written because of where it goes, not what it is.
fn folder_is_full(e: &Error) -> bool {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, ReadOnlyFilesystem, StorageFull};
    matches!(e, Error::Io { cause, .. }
        if matches!(cause.kind(), StorageFull | QuotaExceeded | FileTooLarge | ReadOnlyFilesystem))
}

/// Drops from `jobs` every row whose draft file name (compared ignoring case, as some
/// file systems do) an earlier row already has, and marks it failed.
/// [`draft_file_name`] is injective, so this never fires for two distinct addresses; it
/// is checked all the same, so a collision could never overwrite a draft unseen.
fn refuse_same_drafts(outcomes: &mut [Outcome], jobs: &mut Vec<usize>) {
    let mut first: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    jobs.retain(|&at| {
        let o = &mut outcomes[at];
        let Ok(to) = &o.row.check else { return true };
        let name = draft_file_name(&o.row.role, to.email.as_ref()).to_lowercase();
        match first.get(&name) {
            None => {
                first.insert(name, o.row.line);
                true
            }
            Some(line) => {
                o.error = format!("its draft file would be row {line}'s ({name}); not written");
                false
            }
        }
    });
}

/// A cell as a spreadsheet shows it, never as a formula: text from the recipients file
/// that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) gets a leading
/// apostrophe, as OWASP advises against CSV injection.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes the report: one CSV row per input row, in input order.
pub fn write_report(path: &Path, finished: &Finished, drafts: bool) -> Result<(), Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Usage(format!("{}: {e}", path.display()));
    w.write_record([
        "line",
        "name",
        "email",
        "role",
        "status",
        "message_id",
        "error",
    ])
    .map_err(csv_err)?;
    for o in &finished.outcomes {
        w.write_record([
            o.row.line.to_string().as_str(),
            &inert(&o.row.name),
            &inert(&o.row.email),
            &inert(&o.row.role),
            o.status.label(drafts),
            &o.message_id,
            &inert(&o.error),
        ])
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    crate::export::write_atomic(path, &bytes)
}

/// What the journal records a row's pack as: its role, and the company it was
/// tailored for (`role:company`; a role id has no colon), so a re-run tailored for
/// another company is a new message, not one an earlier run delivered.
fn pack_of(row: &Row) -> std::borrow::Cow<'_, str> {
    if row.company.is_empty() {
        std::borrow::Cow::Borrowed(&row.role)
    } else {
        std::borrow::Cow::Owned(format!("{}:{}", row.role, row.company))
    }
}
