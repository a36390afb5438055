//! Exporting one role, or all of them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use prep_pdf::export;
use prep_pdf::fonts::FontSet;

use super::bank::count;
use super::{ExportArgs, Outcome};

pub fn one(args: &ExportArgs, fonts: &FontSet) -> anyhow::Result<Outcome> {
    let Some(role) = &args.role else {
        return Err(prep_pdf::Error::Usage(
            "nothing to do: give --role ROLE or --all --out-dir DIR (see `prep-pdf list` for the roles), or a command; try --help".into(),
        )
        .into());
    };
    let mut settings = args.look.settings(&args.source, fonts)?;
    let bank = args.source.bank(settings.font_set());
    settings.prepared_for = args.prepared_for.clone();
    // As `export::export_role` does (`settings` has put the theme's fonts in place and
    // `run` has checked the stamp), but keeping the draft mark to mention.
    let mut loaded = bank.load(role)?;
    let draft = loaded.draft;
    loaded.select(settings.questions);
    let out = export::export_loaded(loaded, &settings, None)?;
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(settings.file_name(role)));
    if dest.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&out.pdf)
            .context("writing the PDF to standard output")?;
        stdout
            .flush()
            .context("writing the PDF to standard output")?;
    } else {
        export::write_atomic(&dest, &out.pdf)?;
        say!(
            "wrote {} ({} pages, {} KB)",
            dest.display(),
            out.pages,
            out.pdf.len().div_ceil(1024)
        );
    }
    if draft {
        say!(
            "note: `{role}` is a draft (`draft: true`): exported as it stands; --all leaves it out"
        );
    }
    Ok(Outcome::Ok)
}

/// A progress bar on a terminal; nothing otherwise (logs and pipes stay clean).
pub fn progress(len: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!("{{bar:30}} {{pos}}/{{len}} {what} {{msg}}"))
            .expect("a valid template"),
    );
    bar
}

pub fn all(args: &ExportArgs, fonts: &FontSet) -> anyhow::Result<Outcome> {
    let out_dir = args
        .out_dir
        .as_ref()
        .expect("clap requires --out-dir with --all");
    let mut settings = args.look.settings(&args.source, fonts)?;
    let bank = args.source.bank(settings.font_set());
    settings.prepared_for = args.prepared_for.clone();
    let ids = args.shard.select(bank.role_ids()?).len();
    let bar = progress(ids, "roles");
    let report = export::export_all(&bank, out_dir, &settings, args.shard, &|id| {
        bar.set_message(id.to_string());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    for (id, err) in &report.failed {
        say!(
            "prep-pdf: role `{id}` failed:\n{}",
            super::explain::alone(err)
        );
    }
    // A draft is unfinished: --all leaves it out (the roles it counts are the others)
    // and says so, with how to export one anyway.
    if !report.drafts.is_empty() {
        say!(
            "skipped {}: {} (`draft: true`; --role ID exports one)",
            count(report.drafts.len(), "draft"),
            report.drafts.join(", ")
        );
    }
    let total = ids - report.drafts.len();
    let pages: usize = report.written.iter().map(|w| w.pages).sum();
    let bytes: usize = report.written.iter().map(|w| w.bytes).sum();
    say!(
        "exported {} of {} to {}: {pages} pages, {} KB, in {} ms{}",
        report.written.len(),
        count(total, "role"),
        out_dir.display(),
        bytes.div_ceil(1024),
        report.elapsed.as_millis(),
        if report.failed.is_empty() {
            String::new()
        } else {
            format!("; {} failed", report.failed.len())
        },
    );
    // A batch in which no role could be written failed as a whole (exit 3, like a
    // single export that cannot write); some roles failing is exit 1.
    let nothing_written = report.written.is_empty()
        && report
            .failed
            .iter()
            .all(|(_, e)| matches!(e, prep_pdf::Error::Io { .. }));
    Ok(if report.failed.is_empty() {
        Outcome::Ok
    } else if nothing_written {
        Outcome::Exit(3)
    } else {
        Outcome::Problems
    })
}
