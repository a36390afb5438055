//! `mail --tailor FILE` and `mail --companies DIR`: each recipient gets the pack
//! tailored to a company (docs/company-profile.md) from their row's role, stamped for
//! them, with the journal and report as for any merge.
//!
//! Tailoring is worked out before the first message, once per role and company the
//! rows ask for, never per row; a pair that cannot be tailored (a missing or invalid
//! profile, a bank too small for its rounds) skips its rows with the reason, and the
//! other rows still go.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use prep_pdf::content::Bank;
use prep_pdf::export::mail::recipients::Row;
use prep_pdf::export::mail::stamp::{Pack, Packs};
use prep_pdf::tailor::{self, profile::Profile};
use prep_pdf::Error;

use super::super::tailor::read_profile;

#[derive(Args, Debug, Default)]
pub struct TailorArgs {
    /// A company profile: every recipient gets the pack tailored to it from their
    /// role, instead of the role's own questions (docs/company-profile.md).
    #[arg(long, value_name = "FILE", conflicts_with = "companies")]
    pub tailor: Option<PathBuf>,
    /// A folder of company profiles: the recipients file's `company` column names one
    /// (DIR/<company>.yaml) and the row gets the pack tailored to it; a row with no
    /// company gets its role's own pack.
    #[arg(long, value_name = "DIR", requires = "recipients")]
    pub companies: Option<PathBuf>,
}

/// The company `--tailor` stands for in every row: its file's stem.
pub(super) fn tailor_key(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "tailored".into(), |s| s.to_string_lossy().into_owned())
}

/// The pack for a single `--to` message, when `--tailor` asks for one.
pub fn for_one(args: &TailorArgs, bank: &Bank, role: &str) -> Result<Option<Pack>, Error> {
    let Some(path) = &args.tailor else {
        return Ok(None);
    };
    let profile = read_profile(path, &bank.vocabulary()?)?;
    plan(bank, role, &profile).map(Some)
}

/// The packs a merge needs, one per role and company its good rows name; rows whose
/// pack cannot be made are skipped with the reason. `None` without `--tailor` or
/// `--companies`.
pub fn prepare(args: &TailorArgs, bank: &Bank, rows: &mut [Row]) -> Result<Option<Packs>, Error> {
    let vocab = bank.vocabulary()?;
    let mut profiles: BTreeMap<String, Result<Profile, String>> = BTreeMap::new();
    if let Some(path) = &args.tailor {
        // One profile for everyone: a bad one stops the merge before anything is sent.
        let key = tailor_key(path);
        for row in rows.iter_mut() {
            row.company = key.clone();
        }
        profiles.insert(key, Ok(read_profile(path, &vocab)?));
    } else if let Some(dir) = &args.companies {
        let files = profile_files(dir)?;
        // Profiles are found by name in any case; one spelling, so one pack per profile.
        for row in rows.iter_mut() {
            row.company = row.company.to_lowercase();
        }
        if rows.iter().all(|r| r.company.is_empty()) {
            return Err(Error::Usage(format!(
                "--companies {}: no row of the recipients file names a company (a `company` \
                 column with a profile's name, like `{}`); nothing was sent",
                dir.display(),
                files.keys().next().map_or("acme", String::as_str)
            )));
        }
        let names: BTreeSet<String> = pairs(rows).into_iter().map(|(_, c)| c).collect();
        for company in names {
            let profile = match files.get(&company) {
                Some(path) => read_profile(path, &vocab).map_err(|e| one_line(&e.to_string())),
                None => Err(format!(
                    "no company profile `{company}` in {} (it has: {})",
                    dir.display(),
                    files.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            };
            profiles.insert(company, profile);
        }
    } else {
        return Ok(None);
    }
    let (packs, failed) = plan_each(&pairs(rows), |role, company| {
        let profile = profiles[company].as_ref().map_err(Clone::clone)?;
        plan(bank, role, profile).map_err(|e| one_line(&e.to_string()))
    });
    for row in rows.iter_mut() {
        if let Some(why) = failed.get(&(row.role.clone(), row.company.clone())) {
            if row.check.is_ok() {
                row.check = Err(format!("cannot tailor for `{}`: {why}", row.company).into());
            }
        }
    }
    Ok(Some(packs))
}

/// The distinct (role, company) pairs of the rows that will get a message and name a
/// company, in order.
pub fn pairs(rows: &[Row]) -> BTreeSet<(String, String)> {
    rows.iter()
        .filter(|r| r.check.is_ok() && !r.company.is_empty())
        .map(|r| (r.role.clone(), r.company.clone()))
        .collect()
}

/// Calls `make` once for each pair: the packs made, and why the others could not be.
pub fn plan_each(
    pairs: &BTreeSet<(String, String)>,
    mut make: impl FnMut(&str, &str) -> Result<Pack, String>,
) -> (Packs, BTreeMap<(String, String), String>) {
    let (mut packs, mut failed) = (Packs::new(), BTreeMap::new());
    for (role, company) in pairs {
        match make(role, company) {
            Ok(pack) => {
                packs.insert((role.clone(), company.clone()), pack);
            }
            Err(why) => {
                failed.insert((role.clone(), company.clone()), why);
            }
        }
    }
    (packs, failed)
}

/// The pack tailored to `profile` with the title and level of `role`.
fn plan(bank: &Bank, role: &str, profile: &Profile) -> Result<Pack, Error> {
    let plan = tailor::plan(
        bank,
        &tailor::Request {
            profile: Some(profile),
            role: Some(role.to_string()),
            ..tailor::Request::default()
        },
    )?;
    Ok(Pack {
        role: plan.role,
        tailoring: Arc::new(plan.tailoring),
    })
}

/// The profiles in `dir` by their lower-case file stem.
fn profile_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, Error> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.extension().is_some_and(|x| x == "yaml") {
            files.insert(tailor_key(&path).to_lowercase(), path);
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "--companies {}: the folder has no company profiles (*.yaml)",
            dir.display()
        )));
    }
    Ok(files)
}

/// A multi-line error as one line, for a skipped row's reason.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(role: &str, company: &str, ok: bool) -> Row {
        Row {
            index: 0,
            line: 2,
            name: "A".into(),
            email: "a@example.com".into(),
            role: role.into(),
            company: company.into(),
            check: if ok {
                Ok("a@example.com".parse().unwrap())
            } else {
                Err("bad".into())
            },
        }
    }

    #[test]
    fn each_role_and_company_is_tailored_once() {
        let rows = [
            row("backend-mid", "acme", true),
            row("backend-mid", "acme", true),
            row("qa-mid", "acme", true),
            row("backend-mid", "globex", true),
            row("backend-mid", "acme", true),
            row("backend-mid", "", true),
            row("qa-mid", "globex", false),
        ];
        let mut calls = Vec::new();
        let (packs, failed) = plan_each(&pairs(&rows), |role, company| {
            calls.push(format!("{role}/{company}"));
            Err("no bank in this test".into())
        });
        assert_eq!(
            calls,
            ["backend-mid/acme", "backend-mid/globex", "qa-mid/acme"]
        );
        assert!(packs.is_empty());
        assert_eq!(failed.len(), 3);
    }
}
