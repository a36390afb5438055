//! A merge from `--recipients`: the rows read, tailored if asked, then described
//! (`--dry-run`) or delivered with the journal, the progress display, the report and
//! the summary.

use std::path::Path;

use prep_pdf::content::{Bank, Roles};
use prep_pdf::export::mail::journal::Journal;
use prep_pdf::export::mail::merge::{write_report, Delivery, Merge, Progress};
use prep_pdf::export::mail::recipients;
use prep_pdf::Error;

use super::{
    catch_interrupt, dry_run, refuse_input_as_output, summary, tailored, with_progress, Letterhead,
    MailArgs, STOP,
};
use crate::cli::Outcome;

/// A merge of the rows of `csv` (this shard's): checked, tailored if asked, then
/// described (`--dry-run`) or delivered, journaled and reported.
pub(super) fn run(
    args: &MailArgs,
    bank: &Bank,
    settings: &prep_pdf::export::Settings,
    csv: &Path,
    delivery: Delivery,
    head: Letterhead,
) -> anyhow::Result<Outcome> {
    // Each role read once, for the rows' check, the draft warning and the copies.
    let roles = Roles::new(bank);
    let rows = recipients::read(csv, bank.fonts(), &recipients::role_checker(&roles)?)?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .filter(|r| args.shard.has(r.index))
        .collect();
    // Before the dry run, so it gives every row the verdict a real run would.
    let packs = tailored::prepare(&args.tailoring, bank, &mut rows)?;
    // A row with a company gets a tailored pack, which never draws on a draft.
    super::warn_drafts(
        &roles,
        rows.iter()
            .filter(|r| r.check.is_ok() && r.company.is_empty())
            .map(|r| r.role.as_str()),
    );
    let journal_path = args.journal.clone().unwrap_or_else(|| {
        let mut name = csv.file_name().unwrap_or_default().to_os_string();
        name.push(".journal");
        csv.with_file_name(name)
    });
    if args.dry_run {
        return dry_run_merge(args, csv, &rows, &delivery, &journal_path);
    }
    prepare_outputs(args, csv, &delivery, &journal_path)?;
    let mut journal = Journal::open(
        &journal_path,
        &delivery.destination(),
        args.restart,
        args.shard,
    )?;
    if let Delivery::Drafts(dir) = &delivery {
        // Drafts are synced and journaled in groups: two waits for the disk a draft
        // were most of a large merge's time (see `journal`).
        journal.group_drafts(dir)?;
    }
    catch_interrupt();
    let progress = Progress::default();
    let drafts = matches!(delivery, Delivery::Drafts(_));
    let merge = Merge {
        roles: &roles,
        settings,
        from: head.from,
        subject: head.subject,
        body: head.body,
        delivery,
        journal: Some(&journal),
        // Two draft writers per core: each waits on two fsyncs per message (the draft
        // and the journal line), and another can render meanwhile.
        workers: if drafts {
            2 * std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            usize::from(args.connections)
        },
        rate: args.rate,
        stop: &STOP,
        progress: &progress,
        packs: packs.as_ref(),
    };
    let finished = with_progress(&progress, drafts, || merge.run(rows));
    if let Some(report) = &args.report {
        write_report(report, &finished, drafts)?;
    }
    Ok(summary(csv, &journal, &finished, drafts))
}

/// What a real run would do with each row, from the journal as it stands; nothing
/// is sent, written or reported.
fn dry_run_merge(
    args: &MailArgs,
    csv: &Path,
    rows: &[recipients::Row],
    delivery: &Delivery,
    journal_path: &Path,
) -> anyhow::Result<Outcome> {
    if let Some(report) = &args.report {
        say!(
            "note: a dry run writes no report ({} is left as it is)",
            report.display()
        );
    }
    let done = if args.restart {
        Default::default()
    } else {
        Journal::read(journal_path, &delivery.destination())?
    };
    Ok(dry_run::merge(csv, rows, delivery, |r| {
        done.contains_key(&r.key())
    }))
}

/// Every output is checked before the first message: a merge must not send to forty
/// people and then fail to write what it did. The drafts folder is made (and cleared
/// of stale temporary files), the report must be writable, and the journal must not
/// be one of the inputs.
fn prepare_outputs(
    args: &MailArgs,
    csv: &Path,
    delivery: &Delivery,
    journal_path: &Path,
) -> Result<(), Error> {
    if let Delivery::Drafts(dir) = delivery {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        prep_pdf::export::remove_stale_temps(dir);
    }
    if let Some(report) = &args.report {
        prep_pdf::export::atomic::check_writable(report)?;
    }
    refuse_input_as_output(journal_path, csv, args)
}
