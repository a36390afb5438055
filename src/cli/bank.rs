//! `list` and `check`: what is in a bank, and whether it holds up.

use std::io::Write;

use prep_pdf::content::{Bank, Severity};

use super::Outcome;

pub fn list(bank: &Bank) -> anyhow::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    let ids = bank.role_ids()?;
    let roles: Vec<_> = ids.iter().map(|id| bank.load(id)).collect();
    // Columns as wide as their widest entry, so a long role id or level never shifts a row.
    let width = |f: &dyn Fn(&prep_pdf::content::Role) -> usize| {
        roles.iter().flatten().map(f).max().unwrap_or(0)
    };
    let (wid, wtitle, wlevel) = (
        ids.iter().map(|i| i.chars().count()).max().unwrap_or(0),
        width(&|r| r.title.chars().count()),
        width(&|r| r.level.chars().count()),
    );
    for (id, role) in ids.iter().zip(roles) {
        match role {
            Ok(role) => writeln!(
                stdout,
                "{:<wid$}  {:<wtitle$}  {:<wlevel$}  {:>3} questions",
                id,
                role.title,
                role.level,
                role.questions.len()
            )?,
            Err(e) => {
                failed = true;
                writeln!(stdout, "{id:<wid$}  (invalid: run `prep-pdf check {id}`)")?;
                eprintln!("{e}");
            }
        }
    }
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

pub fn check(bank: &Bank, roles: Vec<String>) -> anyhow::Result<Outcome> {
    let ids = if roles.is_empty() {
        bank.role_ids()?
    } else {
        roles
    };
    let (mut errors, mut warnings) = (0, 0);
    for id in &ids {
        let diags = bank.check(id)?;
        for d in &diags.0 {
            eprintln!("{d}");
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
    }
    eprintln!(
        "checked {} roles: {errors} errors, {warnings} warnings",
        ids.len()
    );
    Ok(if errors + warnings > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}
