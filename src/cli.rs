//! Command-line flags and what each command does. `main` only maps results to exit
//! codes; this file holds the commands themselves.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use prep_pdf::content::{Bank, Severity};
use prep_pdf::document::Answers;
use prep_pdf::export::{self, Settings};
use prep_pdf::layout::Paper;

const AFTER_HELP: &str = "\
Exit status:
  0  success
  1  content problems: a role file is invalid, `check` found problems, or some roles
     in a batch failed (the others were still written)
  2  usage: bad flags, an unknown role, a role id that is not [a-z0-9-]+
  3  could not write output or read input (file system, mail server)

Examples:
  prep-pdf --role backend-mid -o backend-mid.pdf
  prep-pdf --role backend-mid --paper letter --answers end -o interviewer.pdf
  prep-pdf list
  prep-pdf check";

#[derive(Parser, Debug)]
#[command(name = "prep-pdf", version, about = "Lays interview question sets out as print-ready PDFs with answer guides")]
#[command(after_help = AFTER_HELP, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every role with its title, level and number of questions.
    List(SourceArgs),
    /// Validate role files: every problem, with file, line and column.
    Check {
        #[command(flatten)]
        source: SourceArgs,
        /// Roles to check (default: all).
        roles: Vec<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// Read role files from DIR instead of the bundled question bank.
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
}

impl SourceArgs {
    pub fn bank(&self) -> Bank {
        match &self.content {
            Some(dir) => Bank::dir(dir),
            None => Bank::bundled(),
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AnswersArg {
    /// Each answer guide right after its question.
    Inline,
    /// All questions first, then all answer guides (an interviewer's copy).
    End,
    /// Questions only (a candidate's question sheet).
    None,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The role to export (a file stem in the content folder, e.g. backend-mid).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Output file; `-` writes to standard output. Default: <ROLE>.pdf.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    #[arg(long, value_enum, default_value = "inline")]
    pub answers: AnswersArg,
    /// Stamp "Prepared for NAME" on the cover and in every page's footer.
    #[arg(long, value_name = "NAME")]
    pub prepared_for: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

impl ExportArgs {
    pub fn settings(&self) -> Settings {
        Settings {
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            },
            answers: match self.answers {
                AnswersArg::Inline => Answers::Inline,
                AnswersArg::End => Answers::End,
                AnswersArg::None => Answers::None,
            },
            prepared_for: self.prepared_for.clone(),
            source_date_epoch: source_date_epoch(),
        }
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time to record".
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// What a command reports back to `main` besides success.
pub enum Outcome {
    Ok,
    /// Problems were found and reported (exit status 1).
    Problems,
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Some(Command::List(source)) => list(&source.bank()),
        Some(Command::Check { source, roles }) => check(&source.bank(), roles),
        None => export_one(&cli.export),
    }
}

fn export_one(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let Some(role) = &args.role else {
        return Err(prep_pdf::Error::Usage(
            "nothing to do: give --role ROLE (see `prep-pdf list` for the roles), or a command; try --help".into(),
        )
        .into());
    };
    let bank = args.source.bank();
    let out = export::export_role(&bank, role, &args.settings())?;
    let dest = args.output.clone().unwrap_or_else(|| PathBuf::from(format!("{role}.pdf")));
    if dest.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&out.pdf).context("writing the PDF to standard output")?;
        stdout.flush().context("writing the PDF to standard output")?;
    } else {
        export::write_atomic(&dest, &out.pdf)?;
        eprintln!("wrote {} ({} pages, {} KB)", dest.display(), out.pages, out.pdf.len().div_ceil(1024));
    }
    Ok(Outcome::Ok)
}

fn list(bank: &Bank) -> anyhow::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    for id in bank.role_ids()? {
        match bank.load(&id) {
            Ok(role) => writeln!(
                stdout,
                "{:<22} {:<32} {:<14} {:>3} questions",
                id,
                role.title,
                role.level,
                role.questions.len()
            )?,
            Err(e) => {
                failed = true;
                writeln!(stdout, "{id:<22} (invalid: run `prep-pdf check {id}`)")?;
                eprintln!("{e}");
            }
        }
    }
    Ok(if failed { Outcome::Problems } else { Outcome::Ok })
}

fn check(bank: &Bank, roles: Vec<String>) -> anyhow::Result<Outcome> {
    let ids = if roles.is_empty() { bank.role_ids()? } else { roles };
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
    eprintln!("checked {} roles: {errors} errors, {warnings} warnings", ids.len());
    Ok(if errors + warnings > 0 { Outcome::Problems } else { Outcome::Ok })
}
