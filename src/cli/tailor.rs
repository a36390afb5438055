//! `prep-pdf tailor`: a pack chosen for a company profile and/or a job ad.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use prep_pdf::content::tags::Level;
use prep_pdf::export;
use prep_pdf::fonts::FontSet;
use prep_pdf::tailor::{self, job::Job, profile::Profile};

use super::{LookArgs, Outcome, SourceArgs};

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("input").required(true).multiple(true).args(["company", "job", "companies"]))]
pub struct TailorArgs {
    /// A company profile: name, stack, values, rounds (YAML; docs/company-profile.md).
    #[arg(long, value_name = "FILE")]
    pub company: Option<PathBuf>,
    /// A folder of company profiles: one pack each, as <profile>.pdf in --out-dir (named
    /// for its edition as --role's are: <profile>-practice.pdf).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["company", "output", "dry_run"], requires = "out_dir")]
    pub companies: Option<PathBuf>,
    /// Where --companies writes its packs.
    #[arg(long, value_name = "DIR", requires = "companies")]
    pub out_dir: Option<PathBuf>,
    /// A job description, as plain text or Markdown pasted from the ad.
    #[arg(long, value_name = "FILE")]
    pub job: Option<PathBuf>,
    /// The role whose title and level the pack takes (default: the best match).
    #[arg(long, value_name = "ROLE", conflicts_with = "family")]
    pub role: Option<String>,
    /// A role family (backend, frontend, …), with --level or the job ad's level.
    #[arg(long, value_name = "FAMILY")]
    pub family: Option<String>,
    /// The level to tailor to (default: the job ad's, else the role's, else mid).
    #[arg(long, value_name = "LEVEL", value_parser = ["junior", "mid", "senior", "staff"])]
    pub level: Option<String>,
    /// How many questions (default: the profile's rounds, else 10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
    pub count: Option<u16>,
    /// Print the selection as a table on stdout: question, source role, score, matches.
    #[arg(long)]
    pub explain: bool,
    /// Print the selection and write no PDF.
    #[arg(long)]
    pub dry_run: bool,
    /// Output file; `-` writes to standard output. Default: tailored-<company>.pdf, or
    /// named for its edition and stamp as --role's are (tailored-acme-practice.pdf).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
    /// Stamp "Prepared for NAME" on the cover and in every page's footer.
    #[arg(long, value_name = "NAME")]
    pub prepared_for: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: &TailorArgs, fonts: &FontSet) -> anyhow::Result<Outcome> {
    let mut settings = args.look.settings(&args.source, fonts)?;
    let bank = args.source.bank(settings.font_set());
    if let Some(name) = &args.prepared_for {
        settings.prepared_for =
            Some(export::stamp_text(name, &settings.font_set()).context("--prepared-for")?);
    }
    let vocab = bank.vocabulary()?;
    let job = match &args.job {
        Some(path) => {
            let bytes = prep_pdf::input::read_capped(path, prep_pdf::input::MAX_SMALL_FILE)
                .map_err(|e| prep_pdf::Error::io(path, e))?;
            Some(Job::parse(&path.display().to_string(), &bytes, &vocab)?)
        }
        None => None,
    };
    if let Some(dir) = &args.companies {
        return batch(args, &bank, &settings, dir, job.as_ref());
    }
    let profile = match &args.company {
        Some(path) => Some(read_profile(path, &vocab)?),
        None => None,
    };
    let plan = tailor::plan(&bank, &request(args, profile.as_ref(), job.as_ref()))?;
    // A draft is left out as `--all` leaves it out, said in one line; a role that does
    // not load is a problem, each with its own warning.
    let (drafts, broken): (Vec<_>, Vec<_>) = plan
        .skipped
        .iter()
        .partition(|s| bank.load(&s.role_id).is_ok_and(|r| r.draft));
    if !drafts.is_empty() {
        let ids: Vec<&str> = drafts.iter().map(|s| s.role_id.as_str()).collect();
        say!(
            "left out of the pool: {}: {} (`draft: true`)",
            super::bank::count(ids.len(), "draft"),
            ids.join(", ")
        );
    }
    for s in broken {
        say!(
            "prep-pdf: warning: role `{}` left out of the pool: {}",
            s.role_id,
            s.problem
        );
    }
    if args.explain || args.dry_run {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(tailor::explain(&plan).as_bytes())
            .context("writing the table to standard output")?;
    }
    if args.dry_run {
        return Ok(Outcome::Ok);
    }
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(settings.file_name(&plan.role.id)));
    let out = export::export_loaded(
        plan.role,
        &settings,
        Some(std::sync::Arc::new(plan.tailoring)),
    )?;
    write(&dest, &out)?;
    Ok(Outcome::Ok)
}

fn request<'a>(
    args: &TailorArgs,
    profile: Option<&'a Profile>,
    job: Option<&'a Job>,
) -> tailor::Request<'a> {
    tailor::Request {
        profile,
        job,
        role: args.role.clone(),
        family: args.family.clone(),
        level: args.level.as_deref().and_then(Level::from_key),
        count: args.count.map(usize::from),
    }
}

pub(super) fn read_profile(
    path: &Path,
    vocab: &prep_pdf::content::vocab::Vocabulary,
) -> Result<Profile, prep_pdf::Error> {
    Profile::parse(&path.display().to_string(), &read_text(path)?, vocab)
}

/// One pack per profile in `dir` (`*.yaml`, in name order), on all cores; a profile
/// that fails is reported and the others are still written, as `--all` does for roles.
fn batch(
    args: &TailorArgs,
    bank: &prep_pdf::content::Bank,
    settings: &export::Settings,
    dir: &Path,
    job: Option<&Job>,
) -> anyhow::Result<Outcome> {
    use rayon::prelude::*;
    let out_dir = args
        .out_dir
        .as_ref()
        .expect("clap requires --out-dir with --companies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| prep_pdf::Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(prep_pdf::Error::Usage(format!(
            "{} has no company profiles (*.yaml)",
            dir.display()
        ))
        .into());
    }
    std::fs::create_dir_all(out_dir).map_err(|e| prep_pdf::Error::io(out_dir, e))?;
    let vocab = bank.vocabulary()?;
    let results: Vec<(PathBuf, Result<PathBuf, prep_pdf::Error>)> = files
        .par_iter()
        .map(|path| {
            let what = path.display().to_string();
            let result = prep_pdf::error::contain(&what, || {
                let profile = read_profile(path, &vocab)?;
                let plan = tailor::plan(bank, &request(args, Some(&profile), job))?;
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                let dest = out_dir.join(settings.file_name(&stem));
                let out = export::export_loaded(
                    plan.role,
                    settings,
                    Some(std::sync::Arc::new(plan.tailoring)),
                )?;
                export::write_atomic(&dest, &out.pdf)?;
                Ok(dest)
            });
            (path.clone(), result)
        })
        .collect();
    let mut failed = 0;
    for (path, result) in &results {
        if let Err(e) = result {
            failed += 1;
            say!(
                "prep-pdf: {} failed:\n{}",
                path.display(),
                super::explain::alone(e)
            );
        }
    }
    say!(
        "tailored {} of {} into {}",
        results.len() - failed,
        super::bank::count(results.len(), "pack"),
        out_dir.display()
    );
    Ok(if failed == 0 {
        Outcome::Ok
    } else {
        Outcome::Problems
    })
}

/// A profile's text: UTF-8, a byte-order mark allowed.
fn read_text(path: &Path) -> Result<String, prep_pdf::Error> {
    let bytes = prep_pdf::input::read_capped(path, prep_pdf::input::MAX_SMALL_FILE)
        .map_err(|e| prep_pdf::Error::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(body.to_vec())
        .map_err(|_| prep_pdf::Error::Usage(format!("{}: not UTF-8 text", path.display())))
}

fn write(dest: &Path, out: &export::Exported) -> anyhow::Result<()> {
    if dest.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&out.pdf)
            .and_then(|()| stdout.flush())
            .context("writing the PDF to standard output")?;
    } else {
        export::write_atomic(dest, &out.pdf)?;
        say!(
            "wrote {} ({} questions, {} pages, {} KB)",
            dest.display(),
            out.questions,
            out.pages,
            out.pdf.len().div_ceil(1024)
        );
    }
    Ok(())
}
