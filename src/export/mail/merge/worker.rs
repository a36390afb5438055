//! One worker of a merge: it takes the next row, composes and delivers it (on its
//! own SMTP connection), has the journal record it, and counts it; a panic fails
//! that row alone. What the workers share (the next row, the results, whether the
//! merge gave up) is the [`Queue`].

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::pace::Pace;
use super::{Delivery, Merge, RowOutcome, Status, MAX_NETWORK_FAILURES};
use crate::error::Error;
use crate::export::mail::recipients::Row;
use crate::export::mail::smtp::{SendError, Sender};
use crate::export::mail::stamp::Stamper;
use crate::export::mail::{compose_with, id_of, stamp_for, write_draft, Letter};

/// What one delivered row comes to once the journal has recorded it.
pub(super) struct Done {
    pub(super) status: Status,
    pub(super) message_id: String,
    pub(super) error: String,
}

/// What became of one row's delivery, before the journal records it.
enum Attempt {
    /// Sent or written as a draft, with its Message-ID.
    Delivered(Status, String),
    /// Stopped before it was tried: the merge was interrupted while it waited its turn.
    NotTried,
    Failed(SendError),
}

/// What the workers of one merge share: the next row to take, each row's result, and
/// whether (and why) the merge gave up.
pub(super) struct Queue<'j> {
    pub(super) jobs: &'j [usize],
    pub(super) next: AtomicUsize,
    pub(super) results: Vec<Mutex<Option<Done>>>,
    /// Failed attempts to reach the server in a row, across all connections.
    pub(super) failures: AtomicU32,
    pub(super) gave_up: Mutex<Option<String>>,
    pub(super) stop: &'j AtomicBool,
}

impl Queue<'_> {
    fn give_up(&self, why: String) {
        let mut g = self.gave_up.lock().unwrap_or_else(|p| p.into_inner());
        g.get_or_insert(why);
    }

    /// Whether workers should stop taking rows: Ctrl-C, or the merge gave up.
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
            || self
                .gave_up
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_some()
    }

    /// Counts a server's answer: [`MAX_NETWORK_FAILURES`] failures in a row give up.
    fn on_network(&self, ok: bool) {
        if ok {
            self.failures.store(0, Ordering::SeqCst);
        } else if self.failures.fetch_add(1, Ordering::SeqCst) + 1 >= MAX_NETWORK_FAILURES {
            self.give_up(format!(
                "gave up: the server failed {MAX_NETWORK_FAILURES} times in a row"
            ));
        }
    }
}

impl Merge<'_> {
    /// One worker: takes the next row until none is left or the merge stops, delivers
    /// it on its own connection (for SMTP), and records what became of it.
    pub(super) fn work(
        &self,
        shared: &Queue,
        outcomes: &[RowOutcome],
        stamper: &Stamper,
        pace: &Pace,
    ) {
        let mut sender = match self.delivery {
            Delivery::Smtp(smtp) => Some(Sender::new(smtp)),
            Delivery::Drafts(_) => None,
        };
        let stopped = || shared.stopped();
        let on_network = |ok: bool| shared.on_network(ok);
        loop {
            if stopped() {
                break;
            }
            let k = shared.next.fetch_add(1, Ordering::SeqCst);
            let Some(&at) = shared.jobs.get(k) else { break };
            let row = &outcomes[at].row;
            let attempt = self.contained(row, || {
                self.deliver(stamper, row, sender.as_mut(), pace, &stopped, &on_network)
            });
            if let Attempt::Failed(SendError::Session(why)) = &attempt {
                shared.give_up(format!("gave up: {why}"));
            }
            let done = self.record(shared, row, attempt);
            let counter = if done.status.failed() {
                &self.progress.failed
            } else {
                &self.progress.done
            };
            counter.fetch_add(1, Ordering::Relaxed);
            *shared.results[k].lock().unwrap_or_else(|p| p.into_inner()) = Some(done);
        }
    }

    /// Writes a delivered row to the journal; a journal that cannot be written stops
    /// the merge, since a re-run could no longer tell what was sent.
    fn record(&self, shared: &Queue, row: &Row, attempt: Attempt) -> Done {
        let done = |status, message_id, error| Done {
            status,
            message_id,
            error,
        };
        match attempt {
            Attempt::Delivered(status, id) => {
                let recorded = match self.journal {
                    Some(j) => j.record(
                        status.label(self.drafts()),
                        &row.email,
                        &self.pack_of(row),
                        &id,
                    ),
                    None => Ok(()),
                };
                match recorded {
                    Ok(()) => done(status, id, String::new()),
                    Err(e) => {
                        shared.give_up(format!("gave up: cannot write the journal: {e}"));
                        done(status, id, format!("not in the journal: {e}"))
                    }
                }
            }
            Attempt::NotTried => done(
                Status::NotTried,
                String::new(),
                "not tried: interrupted".into(),
            ),
            Attempt::Failed(e) => done(Status::Failed, String::new(), e.to_string()),
        }
    }

    /// Runs one row's work so that a bug (a panic) fails that row alone, reported as an
    /// internal error naming it, and the other rows still go.
    fn contained(&self, row: &Row, f: impl FnOnce() -> Attempt) -> Attempt {
        let what = format!("row {} ({}, {})", row.line, row.email, row.role);
        match crate::error::contain(&what, || Ok(f())) {
            Ok(attempt) => attempt,
            Err(e) => Attempt::Failed(SendError::Refused(e.to_string())),
        }
    }

    /// Composes and delivers one row: the status and Message-ID, or why not.
    fn deliver(
        &self,
        stamper: &Stamper,
        row: &Row,
        sender: Option<&mut Sender>,
        pace: &Pace,
        stopped: &dyn Fn() -> bool,
        on_network: &dyn Fn(bool),
    ) -> Attempt {
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
            Err(e) => return Attempt::Failed(SendError::Refused(e.to_string())),
        };
        let id = id_of(&message);
        match (&self.delivery, sender) {
            (Delivery::Drafts(dir), _) => match write_draft(
                dir,
                &self.draft_stem(row),
                &letter,
                &message,
                self.durable(),
            ) {
                Ok(_) => Attempt::Delivered(Status::Written, id),
                // A full disk or a read-only folder fails every draft alike: stop at the
                // first instead of rendering every row for nothing.
                Err(e @ Error::Io { .. }) if folder_is_full(&e) => {
                    Attempt::Failed(SendError::Session(e.to_string()))
                }
                Err(e) => Attempt::Failed(SendError::Refused(e.to_string())),
            },
            (Delivery::Smtp(_), Some(sender)) => {
                if !pace.wait(stopped) {
                    return Attempt::NotTried;
                }
                match sender.send_with(&message, stopped, on_network) {
                    Ok(_) => Attempt::Delivered(Status::Sent, id),
                    Err(e) => Attempt::Failed(e),
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
