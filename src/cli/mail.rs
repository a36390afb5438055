//! `mail`: drafts (`--eml-dir`) or delivery (`--smtp`), for one recipient or a merge.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use prep_pdf::content::Bank;
use prep_pdf::export::mail::{compose, read_recipients, write_draft, Letter, Smtp, PASSWORD_ENV};
use prep_pdf::export::{Settings, Shard};
use prep_pdf::Error;

use super::{LookArgs, Outcome, SourceArgs};

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
    /// (STARTTLS) or smtps://user@host (TLS). The password comes from PREP_PDF_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Send only the I-th of N slices of the recipients.
    #[arg(long, value_name = "I/N", default_value = "1/1")]
    pub shard: Shard,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub source: SourceArgs,
}

enum Delivery {
    Drafts(PathBuf),
    Smtp(Box<Smtp>),
}

impl Delivery {
    /// Composes and delivers one letter; says what happened.
    fn deliver(&self, bank: &Bank, letter: &Letter, settings: &Settings) -> Result<String, Error> {
        let message = compose(bank, letter, settings)?;
        match self {
            Delivery::Drafts(dir) => Ok(format!(
                "wrote {}",
                write_draft(dir, letter, &message)?.display()
            )),
            Delivery::Smtp(smtp) => {
                let attempts = smtp.send(&message)?;
                let retried = if attempts > 1 {
                    format!(" after {attempts} attempts")
                } else {
                    String::new()
                };
                Ok(format!("sent to {} via {}{retried}", letter.to, smtp.host))
            }
        }
    }
}

fn mailbox(s: &str, what: &str) -> Result<lettre::message::Mailbox, Error> {
    s.parse().map_err(|e| {
        Error::Usage(format!(
            "{what} `{s}` is not a mailbox like \"Name <name@example.com>\": {e}"
        ))
    })
}

pub fn run(args: &MailArgs) -> anyhow::Result<Outcome> {
    let bank = args.source.bank();
    let settings = args.look.settings()?;
    let from = mailbox(&args.from, "--from")?;
    let body = match &args.body {
        Some(p) => Some(std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?),
        None => None,
    };
    let delivery = match (&args.eml_dir, &args.smtp) {
        (Some(dir), _) => Delivery::Drafts(dir.clone()),
        (None, Some(url)) => Delivery::Smtp(Box::new(Smtp::from_url(
            url,
            std::env::var(PASSWORD_ENV).ok(),
        )?)),
        (None, None) => unreachable!("clap requires one of --eml-dir and --smtp"),
    };
    if let Delivery::Drafts(dir) = &delivery {
        prep_pdf::export::remove_stale_temps(dir);
    }
    let letter = |role: String, to| Letter {
        role,
        to,
        from: from.clone(),
        subject: args.subject.clone(),
        body: body.clone(),
    };

    let Some(csv) = &args.recipients else {
        let to = mailbox(args.to.as_deref().expect("clap requires --to"), "--to")?;
        let role = args.role.clone().expect("clap requires --role with --to");
        eprintln!("{}", delivery.deliver(&bank, &letter(role, to), &settings)?);
        return Ok(Outcome::Ok);
    };

    // A merge: check every row first, then compose and deliver the good ones in parallel.
    let (rows, unreadable) = read_recipients(csv)?;
    let known = bank.role_ids()?;
    let mut failed: Vec<(u64, String)> = unreadable;
    let mut letters = Vec::new();
    for row in args.shard.select(rows) {
        if !known.contains(&row.role) {
            failed.push((row.line, format!("unknown role `{}`", row.role)));
            continue;
        }
        match row.mailbox() {
            Ok(to) => letters.push((row.line, letter(row.role.clone(), to))),
            Err(why) => failed.push((row.line, why)),
        }
    }
    let bar = super::export::progress(letters.len(), "messages");
    let results: Vec<(u64, Result<String, Error>)> = letters
        .par_iter()
        .map(|(line, l)| {
            let r = delivery.deliver(&bank, l, &settings);
            bar.inc(1);
            (*line, r)
        })
        .collect();
    bar.finish_and_clear();
    let mut done = 0;
    for (line, r) in results {
        match r {
            Ok(_) => done += 1,
            Err(e) => failed.push((line, e.to_string())),
        }
    }
    failed.sort();
    for (line, why) in &failed {
        eprintln!("{}:{line}: skipped: {why}", csv.display());
    }
    let verb = if matches!(delivery, Delivery::Drafts(_)) {
        "wrote"
    } else {
        "sent"
    };
    eprintln!(
        "{verb} {done} of {} messages; {} skipped",
        done + failed.len(),
        failed.len()
    );
    Ok(if failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Problems
    })
}
