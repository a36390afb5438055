//! Command-line flags and what each command does. `main` only maps results to exit
//! codes; this file holds the commands themselves.

mod bank;
mod complete;
pub mod explain;
mod export;
mod mail;
mod man;
mod new_role;
mod tailor;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use prep_pdf::content::Bank;
use prep_pdf::document::Answers;
use prep_pdf::export::{Settings, Shard};
use prep_pdf::fonts::FontSet;
use prep_pdf::layout::Paper;

const AFTER_HELP: &str = "\
Environment:
  SOURCE_DATE_EPOCH       the date to record in PDFs (otherwise none: output is reproducible)
  PREP_PDF_SMTP_PASSWORD  the SMTP password for `mail --smtp` (never a flag)
  PREP_PDF_SYSTEM_FONTS   folders to look for fallback fonts in, instead of the system's
                          (`:`-separated; empty: none), for characters no bundled or
                          --font font has

Exit status:
  0  success
  1  content problems: a role file is invalid, `check` found problems, or some roles
     in a batch failed (the others were still written)
  2  usage: bad flags, an unknown role, a role id that is not [a-z0-9-]+, a bad theme
  3  could not write output or read input (file system, mail server), or an internal error
  130  a mail merge was interrupted (Ctrl-C); the messages in flight were finished

Examples:
  prep-pdf --role backend-mid -o backend-mid.pdf
  prep-pdf --role backend-mid --paper letter --answers end -o interviewer.pdf
  prep-pdf --all --out-dir pdf/
  prep-pdf --role backend-mid --prepared-for '王芳' \\
      --font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc -o wang.pdf
  prep-pdf mail --role backend-mid --to 'Ada <ada@example.com>' \\
      --from 'Jobs <jobs@example.com>' --eml-dir drafts/
  prep-pdf mail --recipients cohort.csv --from 'Jobs <jobs@example.com>' \\
      --smtp smtp://localhost:2525
  prep-pdf tailor --company examples/acme.yaml --explain -o acme.pdf
  prep-pdf list
  prep-pdf check
  prep-pdf new-role data-engineer-senior

See also:
  README.md and docs/ in prep-pdf's source: docs/content-format.md (role files),
  docs/themes.md, docs/sample.md, docs/mail.md, docs/company-profile.md (tailor),
  docs/fonts.md, docs/labels.md (languages). The installed binary has none of them.";

#[derive(Parser, Debug)]
#[command(
    name = "prep-pdf",
    version,
    about = "Lays interview question sets out as print-ready PDFs with answer guides"
)]
#[command(after_help = AFTER_HELP, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub export: ExportArgs,
    /// A font (TTF, OTF or TTC) for characters the bundled fonts lack, tried before
    /// the system's fonts; repeatable, tried in the order given. Applies to every
    /// command: exports, batches, mail merges, check.
    #[arg(long = "font", value_name = "FILE", global = true)]
    pub fonts: Vec<PathBuf>,
}

/// Options that belong to the whole run, not to one subcommand: accepted before the
/// subcommand as well as after it (the README puts `--content` first everywhere).
const LEADING: [&str; 2] = ["--content", "--font"];

/// The command line with options from [`LEADING`] that stand before the subcommand
/// moved after it, where clap reads them: `prep-pdf --content my-bank/ check` is
/// `prep-pdf check --content my-bank/`. Export flags before a subcommand stay where
/// they are, so clap still refuses `prep-pdf --role x list`.
pub fn args() -> Vec<std::ffi::OsString> {
    // The subcommands' names from clap itself, so a new one cannot be forgotten here.
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names.push("help".into());
    reorder(std::env::args_os().collect(), &names)
}

fn reorder(argv: Vec<std::ffi::OsString>, subcommands: &[String]) -> Vec<std::ffi::OsString> {
    // The subcommand: the first of its names that is not the value of a leading option
    // (a content folder may be called `check`).
    let mut sub = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].to_str().unwrap_or("");
        if LEADING.contains(&a) {
            i += 2;
            continue;
        }
        if subcommands.iter().any(|s| s == a) {
            sub = Some(i);
            break;
        }
        i += 1;
    }
    let Some(sub) = sub else {
        return argv;
    };
    let (mut before, mut moved) = (Vec::new(), Vec::new());
    let mut head = argv[..sub].iter().cloned();
    while let Some(a) = head.next() {
        let text = a.to_str().unwrap_or("");
        if LEADING.contains(&text) {
            moved.push(a);
            moved.extend(head.next());
        } else if LEADING.iter().any(|l| text.starts_with(&format!("{l}="))) {
            moved.push(a);
        } else {
            before.push(a);
        }
    }
    let mut out = before;
    out.push(argv[sub].clone());
    out.extend(moved);
    out.extend(argv[sub + 1..].iter().cloned());
    out
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
    /// Write a starter role file, content/ID.yaml (or in --content DIR): a draft with
    /// ten placeholder questions that `check` accepts, to fill in.
    NewRole(new_role::NewRoleArgs),
    /// A pack chosen from the whole bank for a company profile and/or a job ad.
    Tailor(Box<tailor::TailorArgs>),
    /// E-mail a role's PDF, stamped for its recipient: as .eml drafts or over SMTP.
    Mail(Box<mail::MailArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish); `--role`
    /// completes the bank's role ids (of --content DIR, if given), as of now.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Print the manual page (roff), e.g. `prep-pdf man > prep-pdf.1`; with --dir, write
    /// it and one page per subcommand (prep-pdf-mail.1, …) into DIR.
    Man {
        /// Write prep-pdf.1 and a page per subcommand into DIR (made if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// Read role files from DIR instead of the bundled question bank.
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
}

impl SourceArgs {
    /// The bank these flags name, its text checked against `fonts`.
    pub fn bank(&self, fonts: FontSet) -> Bank {
        let bank = match &self.content {
            Some(dir) => Bank::dir(dir),
            None => Bank::bundled(),
        };
        bank.with_fonts(fonts)
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

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QuestionsArg {
    /// The questions the role file marks `published` (all of them if it marks none).
    Published,
    /// Every question in the role's pool.
    All,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The role to export (a file stem in the content folder, e.g. backend-mid).
    #[arg(long, value_name = "ROLE", conflicts_with = "all")]
    pub role: Option<String>,
    /// Export every role but drafts (`draft: true`), as DIR/<role>.pdf (with --out-dir).
    #[arg(long, requires = "out_dir")]
    pub all: bool,
    /// Where --all writes its PDFs.
    #[arg(long, value_name = "DIR", requires = "all")]
    pub out_dir: Option<PathBuf>,
    /// Do only the I-th of N slices of the roles (or of the recipients, for mail).
    #[arg(long, value_name = "I/N", default_value = "1/1")]
    pub shard: Shard,
    /// Output file; `-` writes to standard output. Default: <ROLE>.pdf.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "all"
    )]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
    /// Stamp "Prepared for NAME" on the cover and in every page's footer.
    #[arg(long, value_name = "NAME")]
    pub prepared_for: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// How a PDF is laid out; shared by export and mail.
#[derive(Args, Debug)]
pub struct LookArgs {
    /// Paper size.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Where the answer guides go [default: inline; none with --practice].
    #[arg(long, value_enum)]
    pub answers: Option<AnswersArg>,
    /// Room to answer on paper after each question: STAR frames, plans, grids, lines.
    #[arg(long)]
    pub practice: bool,
    /// Leave out the QR code printed beside each resource link.
    #[arg(long)]
    pub no_qr: bool,
    /// Which questions: the set the role publishes, or its whole pool.
    #[arg(long, value_enum, default_value = "published")]
    pub questions: QuestionsArg,
    /// A free sample: every prompt, the answer guides of the first N questions (3 if N
    /// is left out), and for the others what the full pack's guide holds, with the
    /// theme's call to action (docs/sample.md). N must be less than the questions.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "3")]
    pub sample: Option<usize>,
    /// A theme: name, logo, accent colour, footer, labels (YAML; docs/themes.md).
    /// Default: theme.yaml in the --content folder, if there is one.
    #[arg(long, value_name = "FILE")]
    pub theme: Option<PathBuf>,
}

impl LookArgs {
    /// The settings these flags ask for; a usage error for flags that contradict. Reads
    /// the theme (`--theme`, else a `theme.yaml` in the content folder), so a bad theme
    /// fails before any export. `fonts` are the `--font` files (see [`fonts`]).
    pub fn settings(
        &self,
        source: &SourceArgs,
        fonts: &FontSet,
    ) -> Result<Settings, prep_pdf::Error> {
        let folder_theme = source
            .content
            .as_ref()
            .map(|dir| dir.join("theme.yaml"))
            .filter(|p| p.is_file());
        let theme = match self.theme.as_ref().or(folder_theme.as_ref()) {
            Some(path) => Some(std::sync::Arc::new(prep_pdf::theme::Theme::load(
                path, fonts,
            )?)),
            None => None,
        };
        let answers =
            match (self.answers, self.practice) {
                (Some(AnswersArg::Inline), true) => return Err(prep_pdf::Error::Usage(
                    "--practice cannot have --answers inline: a guide right after its question \
                     gives the answer away before you write yours; use --answers end (guides \
                     after all questions) or --answers none"
                        .into(),
                )),
                (Some(a), _) => a,
                (None, true) => AnswersArg::None,
                (None, false) => AnswersArg::Inline,
            };
        self.refuse_sample(answers)?;
        Ok(Settings {
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            },
            answers: match answers {
                AnswersArg::Inline => Answers::Inline,
                AnswersArg::End => Answers::End,
                AnswersArg::None => Answers::None,
            },
            prepared_for: None,
            no_qr: self.no_qr,
            practice: self.practice,
            source_date_epoch: source_date_epoch(),
            theme,
            questions: match self.questions {
                QuestionsArg::Published => prep_pdf::content::tags::Selection::Published,
                QuestionsArg::All => prep_pdf::content::tags::Selection::All,
            },
            sample: self.sample,
            fonts: fonts.clone(),
            // The allocator is the process's: this tool gives a long book's freed
            // memory back between its stages.
            reclaim: prep_pdf::memory::Reclaim::GiveBack,
        })
    }

    /// A free sample is the answer-guide pack with guides locked: the editions
    /// without guides beside their questions have none.
    fn refuse_sample(&self, answers: AnswersArg) -> Result<(), prep_pdf::Error> {
        let Some(n) = self.sample else {
            return Ok(());
        };
        let why = match (self.practice, answers) {
            (true, _) => "a practice sheet",
            (false, AnswersArg::End) => "an interviewer's copy (--answers end)",
            (false, AnswersArg::None) => "a question sheet (--answers none)",
            (false, AnswersArg::Inline) => return Ok(()),
        };
        let flag = if self.practice {
            "--practice"
        } else {
            "--answers"
        };
        Err(prep_pdf::Error::Usage(format!(
            "--sample {n} cannot have {flag}: a free sample is the answer-guide pack with \
             the later guides locked, and {why} has no free edition; leave out one of the two"
        )))
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time to record";
/// [`check_source_date_epoch`] has refused a malformed value before this runs.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The last second PDF dates can say (9999-12-31T23:59:59Z): their years have four digits.
const LAST_EPOCH: i64 = 253_402_300_799;

/// A set but malformed `SOURCE_DATE_EPOCH` is an error, as the reproducible-builds
/// specification asks, rather than a silently missing or absurd date. Empty means unset.
fn check_source_date_epoch() -> Result<(), prep_pdf::Error> {
    let Ok(raw) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(());
    };
    let value = raw.trim();
    if value.is_empty() {
        return Ok(());
    }
    match value.parse::<i64>() {
        Ok(n) if (0..=LAST_EPOCH).contains(&n) => Ok(()),
        _ => Err(prep_pdf::Error::Usage(format!(
            "SOURCE_DATE_EPOCH is `{value}`: it must be whole seconds since 1970-01-01 UTC, \
             from 0 to {LAST_EPOCH} (the year 9999)"
        ))),
    }
}

/// What a command reports back to `main` besides success.
pub enum Outcome {
    Ok,
    /// Problems were found and reported (exit status 1).
    Problems,
    /// Reported already; exit with this status (a mail merge that failed or was
    /// interrupted).
    Exit(u8),
}

/// The fonts `--font` gives, after the bundled faces: every command draws and checks
/// text with these (a theme's fonts are added by [`LookArgs::settings`]).
fn fonts(paths: &[PathBuf]) -> Result<FontSet, prep_pdf::Error> {
    let mut given = Vec::new();
    for path in paths {
        let faces = prep_pdf::fonts::add_font_file(path)
            .map_err(|e| prep_pdf::Error::Usage(format!("--font {e}")))?;
        // A file given twice is tried once, where it was first given.
        for face in faces {
            if !given.contains(&face) {
                given.push(face);
            }
        }
    }
    Ok(FontSet::bundled().with_given(&given))
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    check_source_date_epoch()?;
    let fonts = fonts(&cli.fonts)?;
    // Checked here, not per role, so the error names the flag the name came from.
    if let Some(name) = &cli.export.prepared_for {
        prep_pdf::export::stamp_text(name, &fonts).context("--prepared-for")?;
    }
    match cli.command {
        Some(Command::List(source)) => bank::list(&source.bank(fonts)),
        Some(Command::Check { source, roles }) => bank::check(&source.bank(fonts), roles),
        Some(Command::Mail(args)) => mail::run(&args, &fonts),
        Some(Command::Tailor(args)) => tailor::run(&args, &fonts),
        Some(Command::NewRole(args)) => new_role::run(&args),
        Some(Command::Completions { shell, source }) => complete::run(shell, &source),
        Some(Command::Man { dir }) => man::manual(dir.as_deref()),
        None if cli.export.all => export::all(&cli.export, &fonts),
        None => export::one(&cli.export, &fonts),
    }
}

#[cfg(test)]
mod tests;
