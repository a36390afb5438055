//! Pacing a merge to `--rate`: sends spaced `1/rate` seconds apart across all
//! workers, each wait cut short when the merge stops.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest wait between two messages, whatever rate is asked: a day.
pub(super) const MAX_INTERVAL: Duration = Duration::from_secs(86_400);

/// Spaces sends `1/rate` seconds apart across all workers.
pub(super) struct Pace {
    pub(super) interval: Option<Duration>,
    pub(super) next: Mutex<Instant>,
}

/// How often a paced worker looks up from its wait to see whether the merge stopped.
const WAKE: Duration = Duration::from_millis(50);

impl Pace {
    /// Waits for this message's turn; `false` if the merge stopped meanwhile (Ctrl-C),
    /// so no new message starts after an interrupt, however slow the rate.
    pub(super) fn wait(&self, stopped: &dyn Fn() -> bool) -> bool {
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
