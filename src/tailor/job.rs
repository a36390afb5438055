//! A job description (`--job FILE`): text pasted from an ad, read for the skills it
//! names and the level it hires at.
//!
//! Ads are pasted from web pages, so HTML entities (`&amp;`, `&#8217;`) are decoded,
//! tags dropped and bullet characters stripped before matching. A skill is found by
//! its vocabulary label, id or synonym as a whole word, in any case; terms of one or
//! two letters ("Go", "TS") must not be written all in lower case, so the verb "go"
//! is not read as the language.

use crate::content::tags::Level;
use crate::content::vocab::{SkillKind, Vocabulary};
use crate::content::{Diagnostic, Diagnostics, Pos, Severity};
use crate::Error;

/// What a job ad asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The file it came from, as shown in messages.
    pub file: String,
    /// Its first line: the ad's title.
    pub title: String,
    /// Who is hiring, as far as the ad says: the pack is "Tailored for" it.
    pub company: Company,
    /// Skill ids found, in the order they first appear.
    pub skills: Vec<String>,
    /// The level its title or years of experience point to.
    pub level: Option<Level>,
}

impl Job {
    /// Reads an ad's bytes. Empty, binary, or naming no skill of `vocab` is an error
    /// (a pack from no skills would be a generic set wearing a company's name).
    pub fn parse(file: &str, bytes: &[u8], vocab: &Vocabulary) -> Result<Job, Error> {
        let fail = |pos: Pos, message: String| {
            Error::Tailoring(Diagnostics(vec![Diagnostic::new(
                file,
                pos,
                Severity::Error,
                message,
            )]))
        };
        let start = Pos { line: 1, col: 1 };
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text =
            match std::str::from_utf8(body) {
                Ok(t) if !t.contains('\0') => t,
                _ => return Err(fail(
                    start,
                    "this is not a text file: paste the job ad as plain text or Markdown (UTF-8)"
                        .into(),
                )),
            };
        let text = clean(text);
        if text.trim().is_empty() {
            return Err(fail(start, "the job description is empty".into()));
        }
        let skills = find_skills(&text, vocab);
        if skills.is_empty() {
            return Err(fail(
                start,
                format!(
                    "no skill of the vocabulary ({}) is named in the job description; \
                     add its words as synonyms there, or give a company profile",
                    vocab.file
                ),
            ));
        }
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .trim_start_matches('#')
            .trim()
            .to_string();
        Ok(Job {
            file: file.to_string(),
            level: level_of(&title).or_else(|| years_level(&text)),
            company: Company::of(file, &text),
            title,
            skills,
        })
    }
}

/// Where a job ad's company name came from. An ad's first line is its title
/// ("Senior Backend Engineer – Payments"), never taken for the company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Company {
    /// A `company:` line of the ad (`Company: Acme Payments`).
    Line(String),
    /// The ad's file name (`acme-payments.txt` → "acme-payments").
    FileName(String),
    /// Neither says: the pack is tailored "for the job ad".
    Unknown,
}

/// The longest `company:` value taken for a name.
const MAX_NAME: usize = 60;

/// Words in a file name that say it is a job ad, not who hires: `ad.txt`,
/// `job-backend.txt` and `senior-jd.md` name no company.
const GENERIC_WORDS: [&str; 12] = [
    "ad",
    "advert",
    "job",
    "jobs",
    "jd",
    "posting",
    "listing",
    "description",
    "vacancy",
    "opening",
    "role",
    "position",
];

impl Company {
    /// A `company:` line, else the file's stem unless it is a generic name, else
    /// unknown.
    fn of(file: &str, text: &str) -> Company {
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let name = value.trim();
            // A name, not a sentence about the company.
            let named = !name.is_empty() && name.chars().count() <= MAX_NAME;
            if key.trim().eq_ignore_ascii_case("company") && named {
                return Company::Line(name.to_string());
            }
        }
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default();
        let lower = stem.to_lowercase();
        let generic = lower
            .split(['-', '_', '.', ' '])
            .any(|w| GENERIC_WORDS.contains(&w));
        if stem.is_empty() || file == "-" || generic {
            Company::Unknown
        } else {
            Company::FileName(stem)
        }
    }

    /// The name, if the ad gives one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Company::Line(name) | Company::FileName(name) => Some(name),
            Company::Unknown => None,
        }
    }
}

/// The ad as plain lines: entities decoded, tags dropped, bullets and Markdown list
/// marks stripped.
pub fn clean(text: &str) -> String {
    let decoded = decode_entities(&strip_tags(text));
    decoded
        .lines()
        .map(|line| {
            line.trim_start()
                .trim_start_matches(['•', '·', '▪', '◦', '●', '‣', '–', '—', '-', '*', '+'])
                .trim()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `<li>`, `<br/>`, `</p>` and the like become line breaks; `a < b` stays.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(end) if is_tag && !after[..end].contains('<') => {
                out.push('\n');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const NAMED: [(&str, &str); 16] = [
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bull", "•"),
    ("middot", "·"),
    ("hellip", "…"),
    ("plus", "+"),
];

/// `&amp;`, `&#8217;` and `&#x2022;` → their characters; anything else stays as is.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let entity = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .map(String::from)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, c)| c.to_string())
            };
            c.map(|c| (c, end))
        });
        match entity {
            Some((c, end)) => {
                // A decoded control character would only be noise in matching.
                out.push_str(if c.chars().all(char::is_control) {
                    " "
                } else {
                    &c
                });
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every non-theme skill whose label, id or synonym stands in `text` as a whole word,
/// in the order of first appearance (ties: vocabulary order).
pub fn find_skills(text: &str, vocab: &Vocabulary) -> Vec<String> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; matching on a copy whose
    // offsets differ would cut through characters, so non-ASCII text matches on the
    // original's ASCII-lowercased form instead, which keeps every offset.
    let lower = if lower.len() == text.len() {
        lower
    } else {
        text.to_ascii_lowercase()
    };
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for (order, skill) in vocab.skills.iter().enumerate() {
        if skill.kind == SkillKind::Theme {
            continue;
        }
        let terms = [skill.label.as_str(), skill.id.as_str()]
            .into_iter()
            .chain(skill.synonyms.iter().map(String::as_str));
        let first = terms.filter_map(|t| first_word(text, &lower, t)).min();
        if let Some(at) = first {
            found.push((at, order, skill.id.as_str()));
        }
    }
    found.sort();
    found.into_iter().map(|(_, _, id)| id.to_string()).collect()
}

/// Where `term` first stands in `text` as a whole word, case-insensitively.
fn first_word(text: &str, lower: &str, term: &str) -> Option<usize> {
    let t = term.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let short = t.chars().count() <= 2;
    let mut from = 0;
    while let Some(i) = lower[from..].find(&t) {
        let at = from + i;
        let end = at + t.len();
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        // "node.js" ends a sentence as "node.js."; a trailing dot is not part of a word.
        let whole = edge(before) && edge(after) && !matches!(before, Some('.' | '-' | '#'));
        let written = text.get(at..end).unwrap_or_default();
        if whole && !(short && written == written.to_lowercase()) {
            return Some(at);
        }
        from = at + t.len().max(1);
    }
    None
}

/// The level a title names: "Senior Backend Engineer" → senior.
fn level_of(title: &str) -> Option<Level> {
    let t = format!(
        " {} ",
        title.to_lowercase().replace(['(', ')', ',', '/'], " ")
    );
    let has = |words: &[&str]| words.iter().any(|w| t.contains(&format!(" {w} ")));
    if has(&["staff", "principal", "distinguished"]) {
        Some(Level::Staff)
    } else if has(&["senior", "sr.", "sr", "lead"]) {
        Some(Level::Senior)
    } else if has(&["junior", "jr.", "jr", "graduate", "entry-level", "intern"]) {
        Some(Level::Junior)
    } else if has(&["mid", "mid-level", "intermediate"]) {
        Some(Level::Mid)
    } else {
        None
    }
}

/// The level "N+ years of experience" points to: under 2 junior, under 5 mid, under
/// 8 senior, else staff. The first such figure counts.
fn years_level(text: &str) -> Option<Level> {
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("year") {
        let at = from + i;
        let before = lower[..at].trim_end().trim_end_matches('+').trim_end();
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Ok(n) = digits.parse::<u32>() {
            return Some(match n {
                0..=1 => Level::Junior,
                2..=4 => Level::Mid,
                5..=7 => Level::Senior,
                _ => Level::Staff,
            });
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::parse(
            "skills.yaml",
            "skills:\n  - {id: go, label: Go, kind: technology, synonyms: [golang]}\n  - {id: postgresql, label: PostgreSQL, kind: technology, synonyms: [postgres]}\n  - {id: event-driven, label: Event-driven architecture, kind: topic, synonyms: [event-driven]}\n",
        )
        .unwrap()
    }

    #[test]
    fn entities_tags_and_bullets_are_cleaned() {
        let t = clean("<ul><li>&bull; Go &amp; Postgres</li></ul>\n• Kafka&#8217;s &#x2022; x");
        assert!(t.contains("Go & Postgres"), "{t}");
        assert!(t.contains("Kafka’s • x"), "{t}");
        assert!(!t.lines().any(|l| l.starts_with('•')), "{t}");
    }

    #[test]
    fn skills_are_whole_words_and_short_ones_not_lowercase() {
        let v = vocab();
        assert_eq!(
            find_skills("We use Postgres and event-driven design; Golang.", &v),
            ["postgresql", "event-driven", "go"]
        );
        assert!(find_skills("ready to go, postgresql2", &v).is_empty());
        assert_eq!(find_skills("Backend in Go.", &v), ["go"]);
    }

    #[test]
    fn level_from_title_then_years() {
        assert_eq!(level_of("Senior Backend Engineer"), Some(Level::Senior));
        assert_eq!(level_of("Backend Engineer (Sr.)"), Some(Level::Senior));
        assert_eq!(
            years_level("you have 3+ years of experience"),
            Some(Level::Mid)
        );
        assert_eq!(years_level("no figures"), None);
    }

    #[test]
    fn the_company_is_a_company_line_or_a_file_name_not_the_title() {
        let ad = "Senior Backend Engineer\nCompany: Globex Corp\nGo and Postgres.";
        assert_eq!(
            Company::of("x.txt", ad),
            Company::Line("Globex Corp".into())
        );
        let long = format!("Title\ncompany: {}\n", "we are a team ".repeat(10));
        assert_eq!(Company::of("ad.txt", &long), Company::Unknown);
        let plain = "Senior Backend Engineer\nGo and Postgres.";
        assert_eq!(
            Company::of("ads/acme-payments.txt", plain),
            Company::FileName("acme-payments".into())
        );
        for generic in [
            "ad.txt",
            "job-backend.txt",
            "senior_jd.md",
            "-",
            "Job Description.txt",
        ] {
            assert_eq!(Company::of(generic, plain), Company::Unknown, "{generic}");
        }
    }
}
