//! Batch export: every role of a bank, on all cores, one failure never stopping the rest.
//! A draft (`draft: true`) is unfinished and left out; `--role ID` still exports one.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{export_loaded, write_atomic, Settings};
use crate::content::Bank;
use crate::error::Error;

/// The `I/N` slice of a job: the items whose index `k` has `k % N == I - 1`. Shards
/// partition any list: run `1/N` … `N/N` anywhere and every item is done exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Whether the item at 0-based position `k` belongs to this shard.
    pub fn has(&self, k: usize) -> bool {
        k % self.count == self.index - 1
    }

    pub fn select<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .enumerate()
            .filter(|(k, _)| self.has(*k))
            .map(|(_, t)| t)
            .collect()
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// One PDF a batch wrote.
#[derive(Debug)]
pub struct Written {
    pub role_id: String,
    pub pages: usize,
    pub bytes: usize,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Report {
    /// Each PDF written, in role order.
    pub written: Vec<Written>,
    /// Role id and why it failed, in role order.
    pub failed: Vec<(String, Error)>,
    /// The roles left out because they are drafts (`draft: true`), in role order.
    pub drafts: Vec<String>,
    pub elapsed: Duration,
}

/// Exports every role of `bank` in `shard` to `out_dir/<role>.pdf`, in parallel, but
/// for drafts, which are read (a broken draft still fails) and left out.
/// `done` is called once per role as it finishes (for a progress bar).
pub fn export_all(
    bank: &Bank,
    out_dir: &Path,
    settings: &Settings,
    shard: Shard,
    done: &(dyn Fn(&str) + Sync),
) -> Result<Report, Error> {
    let start = Instant::now();
    let ids = shard.select(bank.role_ids()?);
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    super::atomic::remove_stale_temps(out_dir);
    // Role id and (pages, bytes), None for a draft, or the error, in role order.
    type Outcome = (String, Result<Option<(usize, usize)>, Error>);
    // Each role's text is checked against the fonts it is drawn with, the theme's
    // included, as `export_role` does.
    let fonts = settings.font_set();
    let results: Vec<Outcome> = ids
        .par_iter()
        .map(|id| {
            let result = crate::error::contain(&format!("role `{id}`"), || {
                let mut role = bank.load_with(id, &fonts)?;
                if role.draft {
                    return Ok(None);
                }
                role.select(settings.questions);
                let out = export_loaded(role, settings, None)?;
                write_atomic(&out_dir.join(settings.file_name(id)), &out.pdf)?;
                Ok(Some((out.pages, out.pdf.len())))
            });
            done(id);
            (id.clone(), result)
        })
        .collect();
    let mut report = Report::default();
    for (id, r) in results {
        match r {
            Ok(Some((pages, bytes))) => report.written.push(Written {
                role_id: id,
                pages,
                bytes,
            }),
            Ok(None) => report.drafts.push(id),
            Err(e) => report.failed.push((id, e)),
        }
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition() {
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        let mut seen: Vec<usize> = shards
            .iter()
            .flat_map(|s| s.select((0..10).collect()))
            .collect();
        seen.sort();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        for bad in ["0/3", "4/3", "1/0", "x", "1-3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
