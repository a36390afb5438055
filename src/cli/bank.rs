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
                "{:<wid$}  {:<wtitle$}  {:<wlevel$}  {:>3} published  {:>3} in the pool{}",
                id,
                role.title,
                role.level,
                role.published_count(),
                role.questions.len(),
                if role.draft { "  (draft)" } else { "" }
            )?,
            Err(e) => {
                failed = true;
                writeln!(stdout, "{id:<wid$}  (invalid: run `prep-pdf check {id}`)")?;
                say!("{}", super::explain::alone(&e));
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
    let whole_bank = roles.is_empty();
    let ids = if whole_bank { bank.role_ids()? } else { roles };
    let mut diags = Vec::new();
    let mut internal = 0;
    for id in &ids {
        // A bug met in one role is reported with its id; the other roles are still checked.
        match prep_pdf::error::contain(&format!("role `{id}`"), || bank.check(id)) {
            Ok(d) => diags.extend(d.0),
            Err(e @ prep_pdf::Error::Internal { .. }) => {
                say!("prep-pdf: {e}");
                internal += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // The vocabulary's own problems, and tags no question uses, belong to the whole
    // bank: only a check of every role reports them. An unused tag is a note, not a
    // problem: a job ad may name a skill the bank does not cover yet, and tailoring
    // can only say so if the vocabulary knows the word.
    if whole_bank && bank.own_vocabulary()?.is_some() {
        match bank.vocabulary() {
            Ok(vocab) => {
                let roles: Vec<_> = ids.iter().filter_map(|id| bank.load(id).ok()).collect();
                note_unused(&vocab, &roles, bank.folder().is_none());
            }
            Err(prep_pdf::Error::Content(d)) => diags.extend(d.0),
            Err(e) => return Err(e.into()),
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for d in &diags {
        say!("{}", super::explain::diagnostic(d));
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => {}
        }
    }
    say!(
        "checked {}: {}, {}",
        count(ids.len(), "role"),
        count(errors, "error"),
        count(warnings, "warning")
    );
    Ok(if internal > 0 {
        Outcome::Exit(3)
    } else if errors + warnings > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

/// One line naming the vocabulary's tags that no question uses.
fn note_unused(
    vocab: &prep_pdf::content::vocab::Vocabulary,
    roles: &[prep_pdf::content::Role],
    bundled: bool,
) {
    let unused = vocab.unused(roles);
    if !unused.is_empty() {
        let ids: Vec<&str> = unused.iter().take(12).map(|s| s.id.as_str()).collect();
        let more = if unused.len() > ids.len() {
            ", …"
        } else {
            ""
        };
        say!(
            "note: {} of {} tags in {}{} are used by no question yet: {}{more}",
            unused.len(),
            vocab.skills.len(),
            // The bundled bank's file is in the source, not beside the user.
            if bundled { "the bundled " } else { "" },
            vocab.file,
            ids.join(", ")
        );
    }
}

/// `n` and `word`, plural when `n` is not one: "1 role", "2 roles", "0 errors".
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
