//! `mail`: drafts (`--eml-dir`) or delivery (`--smtp`), for one recipient or a merge.
//! The merge itself is `prep_pdf::export::mail::merge`; this file turns flags into
//! one, catches Ctrl-C, shows progress and prints the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use prep_pdf::content::{Bank, Roles};
use prep_pdf::export::mail::journal::Journal;
use prep_pdf::export::mail::merge::{Delivery, Finished, Progress, Status};
use prep_pdf::export::mail::recipients::{self, one_line};
use prep_pdf::export::mail::smtp::{Sender, Smtp};
use prep_pdf::export::mail::stamp::Pack;
use prep_pdf::export::mail::{compose, compose_with, stamp_for, write_draft, Letter, PASSWORD_ENV};
use prep_pdf::export::{export_loaded, Shard};
use prep_pdf::fonts::FontSet;
use prep_pdf::Error;

use super::{LookArgs, Outcome, SourceArgs};

mod dry_run;
mod merge;
pub mod tailored;

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("delivery").required(true).args(["eml_dir", "smtp"]))]
#[command(group = clap::ArgGroup::new("who").required(true).args(["to", "recipients"]))]
pub struct MailArgs {
    /// The role whose PDF to send (with --to).
    #[arg(
        long,
        value_name = "ROLE",
        requires = "to",
        conflicts_with = "recipients"
    )]
    pub role: Option<String>,
    /// The recipient, as "Name <address>".
    #[arg(long, value_name = "MAILBOX", requires = "role")]
    pub to: Option<String>,
    /// A CSV file with the header name,email,role: one message per row.
    #[arg(long, value_name = "FILE.csv")]
    pub recipients: Option<PathBuf>,
    /// The sender, as "Name <address>".
    #[arg(long, value_name = "MAILBOX")]
    pub from: String,
    /// Subject line. Default: "Interview preparation: <role title> (<level>)".
    #[arg(long)]
    pub subject: Option<String>,
    /// A text file for the body; {name} and {role} are filled in.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Write .eml drafts into DIR.
    #[arg(long, value_name = "DIR")]
    pub eml_dir: Option<PathBuf>,
    /// Send through this SMTP server: smtp://host:port, smtp://user@host:587?tls=required
    /// (STARTTLS) or smtps://user@host (TLS). The password comes from PREP_PDF_SMTP_PASSWORD,
    /// and is only sent encrypted (or to this machine).
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// A PEM certificate to trust for the SMTP server's TLS, besides the usual roots.
    #[arg(long, value_name = "FILE", requires = "smtp")]
    pub smtp_ca: Option<PathBuf>,
    /// SMTP connections (messages sent at once).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub connections: u16,
    /// Send at most this many messages a second (a provider's limit).
    #[arg(long, value_name = "PER_SECOND", allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Send only the I-th of N slices of the recipients.
    #[arg(long, value_name = "I/N", default_value = "1/1")]
    pub shard: Shard,
    /// The merge journal (default: FILE.csv.journal beside the recipients file).
    #[arg(long, value_name = "FILE", requires = "recipients")]
    pub journal: Option<PathBuf>,
    /// Ignore what the journal says was already sent or written, and start it afresh.
    #[arg(long, requires = "recipients")]
    pub restart: bool,
    /// Write a CSV report: one row per recipient with what became of it.
    #[arg(long, value_name = "FILE.csv", requires = "recipients")]
    pub report: Option<PathBuf>,
    /// Check every row and say what a real run would send or write; do neither.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub tailoring: tailored::TailorArgs,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// Set by the first Ctrl-C: finish what is in flight, then stop. A second one ends
/// the process at once.
static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
fn catch_interrupt() {
    extern "C" fn on_sigint(_: libc::c_int) {
        if STOP.swap(true, Ordering::SeqCst) {
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(130) };
        }
    }
    // SAFETY: the handler only touches an atomic and calls _exit.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

#[cfg(not(unix))]
fn catch_interrupt() {}

fn mailbox(s: &str, what: &str) -> Result<lettre::message::Mailbox, Error> {
    if s.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "{what} must be one line, without control characters"
        )));
    }
    let mailbox: lettre::message::Mailbox = s.parse().map_err(|e| {
        Error::Usage(format!(
            "{what} `{s}` is not a mailbox like \"Name <name@example.com>\": {e}"
        ))
    })?;
    // Capped as the recipients file's names are: a longer name made a header line
    // over RFC 5322's 998 characters, and the server refused every message.
    if mailbox
        .name
        .as_ref()
        .is_some_and(|n| n.chars().count() > prep_pdf::export::MAX_NAME)
    {
        return Err(Error::Usage(format!(
            "{what}: the name is longer than {} characters",
            prep_pdf::export::MAX_NAME
        )));
    }
    Ok(mailbox)
}

fn smtp(args: &MailArgs, url: &str) -> Result<Smtp, Error> {
    let ca = match &args.smtp_ca {
        Some(p) => Some(
            prep_pdf::input::read_capped(p, prep_pdf::input::MAX_SMALL_FILE)
                .map_err(|e| Error::io(p, e))?,
        ),
        None => None,
    };
    Smtp::from_url(url, std::env::var(PASSWORD_ENV).ok(), ca.as_deref())
}

pub fn run(args: &MailArgs, fonts: &FontSet) -> anyhow::Result<Outcome> {
    let settings = args.look.settings(&args.source, fonts)?;
    let bank = args.source.bank(settings.font_set());
    let head = letterhead(args)?;
    check_rate(args.rate)?;
    // Checked first: a refused URL must cost nothing, not even a DNS lookup.
    let server = match &args.smtp {
        Some(url) => Some(smtp(args, url)?),
        None => None,
    };
    let delivery = match (&args.eml_dir, &server) {
        (Some(dir), _) => Delivery::Drafts(dir),
        (None, Some(s)) => Delivery::Smtp(s),
        (None, None) => unreachable!("clap requires one of --eml-dir and --smtp"),
    };
    match &args.recipients {
        Some(csv) => merge::run(args, &bank, &settings, csv, delivery, head),
        None => {
            let to = mailbox(args.to.as_deref().expect("clap requires --to"), "--to")?;
            let role = args.role.clone().expect("clap requires --role with --to");
            let letter = Letter {
                role,
                to,
                from: head.from,
                subject: head.subject,
                body: head.body,
            };
            let pack = tailored::for_one(&args.tailoring, &bank, &letter.role)?;
            if pack.is_none() {
                warn_drafts(&Roles::new(&bank), [letter.role.as_str()]);
            }
            // The draft's name, as a merge names it: the profile's name and the edition.
            let company = args.tailoring.tailor.as_deref().map(tailored::tailor_key);
            let stem = prep_pdf::export::mail::draft_stem(
                &letter.role,
                company.as_deref().unwrap_or(""),
                settings.edition().as_deref(),
            );
            let one = (pack, stem.as_str());
            to_one(&bank, &letter, one, &settings, &delivery, args.dry_run)
        }
    }
}

/// What every message of a run says the same: its sender, subject and body.
struct Letterhead {
    from: lettre::message::Mailbox,
    subject: Option<String>,
    body: Option<String>,
}

/// `--from`, `--body` (a UTF-8 text file) and `--subject` (one line), checked.
fn letterhead(args: &MailArgs) -> Result<Letterhead, Error> {
    let from = mailbox(&args.from, "--from")?;
    let body = match &args.body {
        Some(p) => {
            let bytes = prep_pdf::input::read_capped(p, prep_pdf::input::MAX_SMALL_FILE)
                .map_err(|e| Error::io(p, e))?;
            Some(String::from_utf8(bytes).map_err(|_| {
                Error::Usage(format!("{}: the body is not UTF-8 text", p.display()))
            })?)
        }
        None => None,
    };
    let subject = args.subject.as_deref().map(one_line);
    Ok(Letterhead {
        from,
        subject,
        body,
    })
}

fn check_rate(rate: Option<f64>) -> Result<(), Error> {
    if rate.is_some_and(|r| !(MIN_RATE..=MAX_RATE).contains(&r)) {
        return Err(Error::Usage(format!(
            "--rate must be a number of messages a second from {MIN_RATE} (one every \
             {:.0} s) to {MAX_RATE}",
            1.0 / MIN_RATE
        )));
    }
    Ok(())
}

/// A draft (`draft: true`) named by `--role` or a row is mailed, as `prep-pdf --role`
/// exports one, but placeholders are rarely meant for a candidate: one warning a draft,
/// with how many recipients get it.
pub(super) fn warn_drafts<'a>(loaded: &Roles, roles: impl IntoIterator<Item = &'a str>) {
    let mut named: std::collections::BTreeMap<&str, usize> = Default::default();
    for role in roles {
        *named.entry(role).or_default() += 1;
    }
    for (role, n) in named {
        if loaded.get(role).is_some_and(|r| r.draft) {
            say!(
                "prep-pdf: warning: role `{role}` is a draft (`draft: true`): {} {} it as it stands",
                super::bank::count(n, "recipient"),
                if n == 1 { "gets" } else { "get" }
            );
        }
    }
}

/// One message, to `--to`.
fn to_one(
    bank: &Bank,
    letter: &Letter,
    (pack, stem): (Option<Pack>, &str),
    settings: &prep_pdf::export::Settings,
    delivery: &Delivery,
    dry_run: bool,
) -> anyhow::Result<Outcome> {
    if dry_run {
        // Check as a merge checks a row; render nothing.
        let row = recipients::check(
            letter.to.name.as_deref().unwrap_or(""),
            letter.to.email.as_ref(),
            &letter.role,
            bank.fonts(),
            &recipients::role_checker(&Roles::new(bank))?,
        );
        return match row {
            Ok(_) => {
                dry_run::single(&letter.role, &letter.to, delivery);
                Ok(Outcome::Ok)
            }
            // Said as a merge says a skipped row, with the flag that lets it through.
            Err(skip) => Err(Error::Usage(super::explain::skip(&skip)).into()),
        };
    }
    let message = match pack {
        Some(pack) => {
            let stamped = settings.for_recipient(&stamp_for(&letter.to));
            let pdf = export_loaded(pack.role, &stamped, Some(pack.tailoring))?;
            compose_with(pdf, letter, settings)?
        }
        None => compose(bank, letter, settings)?,
    };
    match delivery {
        Delivery::Drafts(dir) => {
            say!(
                "wrote {}",
                write_draft(
                    dir,
                    stem,
                    letter,
                    &message,
                    prep_pdf::export::mail::Durable::Now
                )?
                .display()
            );
        }
        Delivery::Smtp(smtp) => {
            let attempts = Sender::new(smtp)
                .send(&message)
                .map_err(|e| Error::Mail(e.to_string()))?;
            let retried = if attempts > 1 {
                format!(" after {attempts} attempts")
            } else {
                String::new()
            };
            say!("sent to {} via {}{retried}", letter.to, smtp.host);
        }
    }
    Ok(Outcome::Ok)
}

/// The journal is appended to: naming the recipients file, the body or the report
/// with `--journal` would write into it.
fn refuse_input_as_output(journal: &Path, csv: &Path, args: &MailArgs) -> Result<(), Error> {
    let same = |other: &Path| match (std::fs::canonicalize(journal), std::fs::canonicalize(other)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let inputs = [Some(csv), args.body.as_deref(), args.report.as_deref()];
    if let Some(clash) = inputs.into_iter().flatten().find(|p| same(p)) {
        return Err(Error::Usage(format!(
            "--journal {} is also {}: the journal is written to, so give it a file of its own",
            journal.display(),
            clash.display()
        )));
    }
    Ok(())
}

/// The slowest `--rate`: one message a day. Slower would wait longer than any merge
/// runs, and a tiny rate overflowed the wait between messages.
const MIN_RATE: f64 = 1.0 / 86_400.0;
/// The fastest `--rate`: far above what any SMTP provider allows.
const MAX_RATE: f64 = 10_000.0;

/// Runs `work`, showing progress: a bar on a terminal, a line every few seconds
/// otherwise (so a log shows the merge is alive).
fn with_progress<T>(progress: &Progress, drafts: bool, work: impl FnOnce() -> T) -> T {
    let verb = if drafts { "written" } else { "sent" };
    let finished = AtomicBool::new(false);
    // Set when `work` ends, panic or not: the reporter thread must never outlive it
    // (a panic inside the scope waits for every thread it spawned, forever).
    struct Finish<'a>(&'a AtomicBool);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let terminal = std::io::stderr().is_terminal();
            let bar = super::export::progress(0, "messages");
            let mut last = Instant::now();
            while !finished.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                let todo = progress.todo.load(Ordering::Relaxed);
                let done = progress.done.load(Ordering::Relaxed);
                let failed = progress.failed.load(Ordering::Relaxed);
                if terminal {
                    bar.set_length(todo as u64);
                    bar.set_position((done + failed) as u64);
                } else if last.elapsed() >= Duration::from_secs(5) {
                    last = Instant::now();
                    say!("mail: {done} of {todo} {verb}, {failed} failed");
                }
            }
            bar.finish_and_clear();
        });
        let _finish = Finish(&finished);
        work()
    })
}

fn summary(csv: &Path, journal: &Journal, f: &Finished, drafts: bool) -> Outcome {
    let count = |s: Status| f.outcomes.iter().filter(|o| o.status == s).count();
    for o in &f.outcomes {
        match o.status {
            Status::Skipped => match &o.row.check {
                Err(skip) => say!(
                    "{}:{}: skipped: {}",
                    csv.display(),
                    o.row.line,
                    super::explain::skip(skip)
                ),
                Ok(_) => say!("{}:{}: skipped: {}", csv.display(), o.row.line, o.error),
            },
            Status::Failed => say!("{}:{}: failed: {}", csv.display(), o.row.line, o.error),
            _ => {}
        }
    }
    let not_tried = count(Status::NotTried);
    if let Some(why) = &f.gave_up {
        say!("prep-pdf: {why}");
    }
    if f.interrupted {
        say!("prep-pdf: interrupted: the messages in flight were finished");
    }
    let (verb, done) = if drafts {
        ("wrote", count(Status::Written))
    } else {
        ("sent", count(Status::Sent))
    };
    let mut line = format!(
        "{verb} {done} of {}",
        super::bank::count(f.outcomes.len(), "message")
    );
    let already = count(Status::AlreadyDone);
    if already > 0 {
        line += &format!(
            "; {already} already {} by an earlier run (journal {})",
            if drafts { "written" } else { "sent" },
            journal.path().display()
        );
    }
    let skipped = count(Status::Skipped);
    let failed = f.outcomes.iter().filter(|o| o.status.failed()).count();
    if skipped > 0 {
        line += &format!("; {skipped} skipped");
    }
    if failed > 0 {
        line += &format!("; {failed} failed");
        if not_tried > 0 {
            line += &format!(" ({not_tried} not tried; run the same command again to resume)");
        }
    }
    say!("{line}");
    // As the README's table says: a merge that stopped early is 3; one that went
    // through with some rows skipped or failed (the rest done) is 1.
    if f.interrupted {
        Outcome::Exit(130)
    } else if f.gave_up.is_some() || (done == 0 && failed > 0 && already == 0) {
        Outcome::Exit(3)
    } else if failed + skipped > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    }
}
