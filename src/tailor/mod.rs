//! Tailoring: a pack chosen from the whole bank for one company or one job ad.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! use prep_pdf::tailor::{plan, profile::Profile, Request};
//! let bank = Bank::bundled();
//! let vocab = bank.vocabulary().unwrap();
//! let text = std::fs::read_to_string("examples/acme.yaml").unwrap();
//! let profile = Profile::parse("examples/acme.yaml", &text, &vocab).unwrap();
//! let plan = plan(&bank, &Request { profile: Some(&profile), ..Request::default() }).unwrap();
//! print!("{}", prep_pdf::tailor::explain(&plan));
//! ```
//!
//! A [`profile::Profile`] (stack, values, rounds) and a [`job::Job`] (skills and level
//! read from an ad) say what is wanted; [`select`] scores every question of every role
//! against it and picks a category mix; [`plan`] puts the picks together as an
//! ordinary [`Role`] and the reasons as a [`Tailoring`], which export lays out like
//! any role. Nothing here is random: the same inputs give the same questions.

pub mod job;
pub mod profile;
pub mod select;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use crate::content::tags::Level;
use crate::content::{Bank, Category, Role};
use crate::document::{Reason, Tailoring};
use crate::Error;

pub use select::{Pick, DEFAULT_MIX};

/// What to tailor to. At least one of `profile` and `job`.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    pub profile: Option<&'a profile::Profile>,
    pub job: Option<&'a job::Job>,
    /// The role whose title and level the pack takes (`--role`); else found from
    /// `family` and `level`, else the role that best matches the skills.
    pub role: Option<String>,
    pub family: Option<String>,
    /// `--level`: overrides the job ad's.
    pub level: Option<Level>,
    /// `--count`: the mix is scaled to it (default: the rounds' total, else 10).
    pub count: Option<usize>,
}

/// A tailored pack, ready to export or explain.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The chosen questions as a role: its title and level from the matching role.
    pub role: Role,
    pub tailoring: Tailoring,
    pub picks: Vec<Pick>,
    /// Labels of the asked-for skills no chosen question covers.
    pub uncovered: Vec<String>,
    /// Roles left out of the pool because they do not load.
    pub skipped: Vec<Skipped>,
    /// Where the name the pack is tailored for came from, for `--explain`.
    pub company_from: String,
}

/// A role left out of the pool, and the first problem that kept it out.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub role_id: String,
    pub problem: String,
}

/// Chooses the questions and assembles the pack.
pub fn plan(bank: &Bank, req: &Request) -> Result<Plan, Error> {
    if req.profile.is_none() && req.job.is_none() {
        return Err(Error::Usage(
            "nothing to tailor to: give a company profile, a job description, or both".into(),
        ));
    }
    let vocab = bank.vocabulary()?;
    let (roles, skipped) = load_all(bank)?;
    let skills = wanted_skills(req);
    let values = req.profile.map(|p| p.values.clone()).unwrap_or_default();
    let level = req
        .level
        .or(req.job.and_then(|j| j.level))
        .or_else(|| req.role.as_deref().and_then(level_of_id))
        .unwrap_or(Level::Mid);
    let source = source_role(&roles, req, &skills, level)?;
    let mix = mix(req);
    let want = select::Want {
        skills: &skills,
        values: &values,
        level,
        mix: &mix,
    };
    let picks = select::choose(&roles, &want).map_err(|s| shortfall(req, s))?;
    let label = |id: &String| vocab.get(id).map_or(id.clone(), |s| s.label.clone());
    let uncovered: Vec<String> = skills
        .iter()
        .filter(|id| !picks.iter().any(|p| p.skills.iter().any(|(s, _)| s == *id)))
        .map(label)
        .collect();
    let labels = crate::labels::Labels::new(&source.lang, &Default::default());
    let (company, company_from) = company(req, &labels);
    let notes = round_notes(req, &picks);
    let tailoring = Tailoring {
        company,
        skills: skills.iter().map(label).collect(),
        values: values.iter().map(|v| v.name.clone()).collect(),
        uncovered: uncovered.clone(),
        reasons: picks
            .iter()
            .map(|p| Reason {
                skills: p.skills.iter().map(|(id, _)| label(id)).collect(),
                values: p.values.clone(),
            })
            .collect(),
        notes,
        resources: req
            .profile
            .map(|p| {
                p.resources
                    .iter()
                    .map(|r| (r.title.clone(), r.url.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let role = assemble(&source, level, req, &labels, &picks);
    Ok(Plan {
        role,
        tailoring,
        picks,
        uncovered,
        skipped,
        company_from,
    })
}

/// Whom the pack is "Tailored for", in the reader's words, and where that came from:
/// the profile's name, else the ad's `company:` line or file name, else "the job ad".
fn company(req: &Request, labels: &crate::labels::Labels) -> (String, String) {
    use job::Company;
    match (req.profile, req.job.map(|j| (&j.company, &j.file))) {
        (Some(p), _) => (p.name.clone(), format!("the profile's name ({})", p.file)),
        (None, Some((Company::Line(name), file))) => {
            (name.clone(), format!("the `company:` line of {file}"))
        }
        (None, Some((Company::FileName(name), file))) => (
            name.clone(),
            format!("the file name of {file} (the ad has no `company:` line)"),
        ),
        (None, Some((Company::Unknown, file))) => (
            labels.text("tailored_job_ad").to_string(),
            format!("none: {file} has no `company:` line and its file name names no company"),
        ),
        (None, None) => (String::new(), String::new()),
    }
}

/// Every role that loads, with its whole pool; the others, with why.
fn load_all(bank: &Bank) -> Result<(Vec<Role>, Vec<Skipped>), Error> {
    let mut roles = Vec::new();
    let mut skipped = Vec::new();
    for id in bank.role_ids()? {
        match bank.load(&id) {
            // A draft's questions are placeholders until its author says otherwise.
            Ok(role) if role.draft => skipped.push(Skipped {
                role_id: id,
                problem: "it is a draft (`draft: true`)".into(),
            }),
            Ok(role) => roles.push(role),
            Err(e) => {
                let problem = e.to_string().lines().next().unwrap_or_default().to_string();
                skipped.push(Skipped {
                    role_id: id,
                    problem,
                });
            }
        }
    }
    Ok((roles, skipped))
}

/// The profile's stack, then the job's skills, without repeats.
fn wanted_skills(req: &Request) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let from_profile = req.profile.map(|p| p.stack.as_slice()).unwrap_or_default();
    let from_job = req.job.map(|j| j.skills.as_slice()).unwrap_or_default();
    for id in from_profile.iter().chain(from_job) {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// The level a role id ends in: `backend-mid` → mid.
fn level_of_id(id: &str) -> Option<Level> {
    id.rsplit_once('-').and_then(|(_, l)| Level::from_key(l))
}

/// The role the pack is named after: `--role`, `--family` at the level, or the role
/// whose questions share the most skill weight with the request (preferring roles at
/// the level; ties to the smaller id).
fn source_role(
    roles: &[Role],
    req: &Request,
    skills: &[String],
    level: Level,
) -> Result<Role, Error> {
    let known = || roles.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    let wanted = match (&req.role, &req.family) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(family)) => Some(format!("{family}-{}", level.key())),
        (None, None) => None,
    };
    if let Some(id) = wanted {
        return roles
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(Error::UnknownRole { id, known: known() });
    }
    let weights = select::weights(roles);
    let fit = |r: &Role| -> f64 {
        skills
            .iter()
            .filter(|s| {
                r.questions
                    .iter()
                    .any(|q| q.tags.skills.iter().any(|t| &t.id == *s))
            })
            .map(|s| weights.get(s).copied().unwrap_or(0.0))
            .sum()
    };
    let at_level = roles.iter().any(|r| level_of_id(&r.id) == Some(level));
    roles
        .iter()
        .filter(|r| !at_level || level_of_id(&r.id) == Some(level))
        .map(|r| (fit(r), r))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)))
        .map(|(_, r)| r.clone())
        .ok_or(Error::UnknownRole {
            id: String::new(),
            known: known(),
        })
}

/// The category mix: the profile's rounds (in their order) or the default, scaled to
/// `--count`.
fn mix(req: &Request) -> Vec<(Category, usize)> {
    let mut mix: Vec<(Category, usize)> = Vec::new();
    for r in req.profile.map(|p| p.rounds.as_slice()).unwrap_or_default() {
        match mix.iter_mut().find(|(c, _)| *c == r.category) {
            Some(m) => m.1 += r.count,
            None => mix.push((r.category, r.count)),
        }
    }
    if mix.is_empty() {
        mix = DEFAULT_MIX.to_vec();
    }
    match req.count {
        Some(n) => select::scale(&mix, n),
        None if req.profile.is_some_and(|p| !p.rounds.is_empty()) => mix,
        None => select::scale(&mix, 10),
    }
}

/// "The profile asks for 40 coding questions (rounds at acme.yaml:12:5); the bank has 31".
fn shortfall(req: &Request, s: select::Shortfall) -> Error {
    let round = req.profile.and_then(|p| {
        p.rounds
            .iter()
            .find(|r| r.category == s.category)
            .map(|r| (p, r))
    });
    let at = round
        .map(|(p, r)| format!(" (round at {}:{}:{})", p.file, r.pos.line, r.pos.col))
        .unwrap_or_default();
    Error::Usage(format!(
        "the pack asks for {} {} questions{at}, but the bank has only {} that do not repeat a concept",
        s.wanted,
        s.category.key(),
        s.found
    ))
}

/// Each round's note, on the first chosen question of its category.
fn round_notes(req: &Request, picks: &[Pick]) -> Vec<Option<String>> {
    let rounds = req.profile.map(|p| p.rounds.as_slice()).unwrap_or_default();
    picks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let first = !picks[..i]
                .iter()
                .any(|o| o.question.category == p.question.category);
            let note = rounds
                .iter()
                .find(|r| r.category == p.question.category)
                .and_then(|r| r.note.clone());
            note.filter(|_| first)
        })
        .collect()
}

/// The picks as a role: the source role's title, the level asked, and a summary that
/// says what the pack was made from.
fn assemble(
    source: &Role,
    level: Level,
    req: &Request,
    labels: &crate::labels::Labels,
    picks: &[Pick],
) -> Role {
    let (company, _) = company(req, labels);
    let level_text = if level_of_id(&source.id) == Some(level) {
        source.level.clone()
    } else {
        labels.text(&format!("level_{}", level.key())).to_string()
    };
    let summary = req
        .profile
        .and_then(|p| p.domain.clone())
        .unwrap_or_else(|| labels.fill("tailored_summary", &[("company", &company)]));
    // Named for the company when the inputs name one, else for the job ad.
    let named = req.profile.is_some() || req.job.is_some_and(|j| j.company.name().is_some());
    let slug: String = if named { company.as_str() } else { "job-ad" }
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Role {
        id: format!("tailored-{}", slug.trim_matches('-')),
        file: req
            .profile
            .map(|p| p.file.clone())
            .or(req.job.map(|j| j.file.clone()))
            .unwrap_or_default(),
        title: source.title.clone(),
        level: level_text,
        track: source.track.clone(),
        summary,
        reviewed: None,
        lang: source.lang.clone(),
        draft: false,
        questions: picks.iter().map(|p| p.question.clone()).collect(),
    }
}

/// The selection as a table: number, category, question, source role, score and what
/// it is made of; then what the pack does not cover.
pub fn explain(plan: &Plan) -> String {
    let mut out = String::new();
    // Columns as wide as their longest entry, so the table reads in a terminal.
    let qw = plan
        .picks
        .iter()
        .map(|p| p.question.id.len())
        .max()
        .unwrap_or(0)
        .max(8);
    let rw = plan
        .picks
        .iter()
        .map(|p| p.role_id.len())
        .max()
        .unwrap_or(0)
        .max(11);
    let _ = writeln!(
        out,
        "{:>2}  {:<13} {:<qw$} {:<rw$} {:>6}  matched",
        "#", "category", "question", "source role", "score"
    );
    for (i, p) in plan.picks.iter().enumerate() {
        let mut parts: Vec<String> = p
            .skills
            .iter()
            .map(|(id, w)| format!("{id} {w:.3}"))
            .collect();
        parts.push(format!("level {:.3}", p.level));
        for v in &p.values {
            parts.push(format!("value {v} {:.3}", select::VALUE_WEIGHT));
        }
        let _ = writeln!(
            out,
            "{:>2}  {:<13} {:<qw$} {:<rw$} {:>6.3}  {}",
            i + 1,
            p.question.category.key(),
            p.question.id,
            p.role_id,
            p.score,
            parts.join(" + ")
        );
    }
    let uncovered = if plan.uncovered.is_empty() {
        "(none)".to_string()
    } else {
        plan.uncovered.join(", ")
    };
    if !plan.company_from.is_empty() {
        let _ = writeln!(
            out,
            "tailored for: {} (from {})",
            plan.tailoring.company, plan.company_from
        );
    }
    let _ = writeln!(out, "not covered: {uncovered}");
    // A value no chosen question shows: the bank has none for it, or the soft
    // categories had fewer places than the company has values.
    let unshown: Vec<&str> = plan
        .tailoring
        .values
        .iter()
        .filter(|v| !plan.picks.iter().any(|p| p.values.contains(v)))
        .map(String::as_str)
        .collect();
    if !unshown.is_empty() {
        let _ = writeln!(out, "values not shown: {}", unshown.join(", "));
    }
    out
}
