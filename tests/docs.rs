//! The documentation's examples are honest: every YAML snippet of a role file, a
//! company profile or a tag vocabulary in README.md and docs/*.md is read by the
//! project's own parser without an error. (The README's commands are checked by the
//! CLI's unit test `every_readme_command_parses`.)

use std::path::{Path, PathBuf};

use prep_pdf::content::yaml::{self, Kind};
use prep_pdf::content::{Bank, Severity};

const ROLE_KEYS: [&str; 8] = [
    "title",
    "level",
    "track",
    "summary",
    "reviewed",
    "lang",
    "draft",
    "questions",
];

/// What a role file needs, for a snippet that shows only part of one.
const STUBS: [(&str, &str); 4] = [
    ("title", "title: A stub\n"),
    ("level", "level: Mid level\n"),
    ("summary", "summary: A stub.\n"),
    (
        "questions",
        "questions:\n  - id: stub\n    category: technical\n    prompt: A stub.\n    \
         answer_guide:\n      overview: A stub.\n      key_points: [A stub.]\n      \
         sample_answer: A stub.\n",
    ),
];

struct Snippet {
    /// `docs/x.md:15`: the line of the opening fence.
    place: String,
    text: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every ```` ```yaml ```` block of the README and the docs.
fn snippets() -> Vec<Snippet> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let mut open: Option<Snippet> = None;
        for (i, line) in text.lines().enumerate() {
            match open.as_mut() {
                None if line.trim_end() == "```yaml" => {
                    open = Some(Snippet {
                        place: format!("{name}:{}", i + 1),
                        text: String::new(),
                    })
                }
                Some(_) if line.starts_with("```") => out.extend(open.take()),
                Some(s) => {
                    s.text.push_str(line);
                    s.text.push('\n');
                }
                None => {}
            }
        }
    }
    out
}

/// The snippet's top-level keys, if it is a mapping that YAML reads.
fn top_keys(s: &Snippet) -> Vec<String> {
    let root = yaml::parse(&s.text).unwrap_or_else(|e| {
        panic!(
            "{}: YAML syntax at snippet line {}: {}",
            s.place, e.pos.line, e.message
        )
    });
    let Kind::Map(entries) = root.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, _)| match &k.kind {
            Kind::Scalar(key, _) => Some(key.clone()),
            _ => None,
        })
        .collect()
}

fn is_role(keys: &[String]) -> bool {
    !keys.is_empty()
        && keys.iter().all(|k| ROLE_KEYS.contains(&k.as_str()))
        && keys
            .iter()
            .any(|k| ["title", "questions"].contains(&k.as_str()))
}

/// Checks a role snippet as `prep-pdf check` would, completed with stubs for the
/// required keys it does not show; every error is a failure, warnings are not (a
/// snippet need not meet the bank's standard).
fn check_role(s: &Snippet, keys: &[String], dir: &Path) -> Vec<String> {
    let mut text = s.text.clone();
    for (key, stub) in STUBS {
        if !keys.iter().any(|k| k == key) {
            text.push_str(stub);
        }
    }
    std::fs::write(dir.join("snippet.yaml"), text).unwrap();
    let diags = Bank::dir(dir).check("snippet").unwrap();
    diags
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}: snippet line {}:{}: {}",
                s.place, d.pos.line, d.pos.col, d.message
            )
        })
        .collect()
}

#[test]
fn every_yaml_snippet_of_a_role_profile_or_vocabulary_parses() {
    let dir = std::env::temp_dir().join(format!("prep-pdf-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let vocab = Bank::bundled().vocabulary().unwrap();
    let (mut roles, mut profiles, mut vocabularies) = (0, 0, 0);
    let mut problems = Vec::new();
    for s in snippets() {
        let keys = top_keys(&s);
        let has = |k: &str| keys.iter().any(|x| x == k);
        if is_role(&keys) {
            roles += 1;
            problems.extend(check_role(&s, &keys, &dir));
        } else if has("name") && (has("stack") || has("values")) {
            profiles += 1;
            if let Err(e) = prep_pdf::tailor::profile::Profile::parse(&s.place, &s.text, &vocab) {
                problems.push(format!("{}: {e}", s.place));
            }
        } else if keys == ["skills"] {
            vocabularies += 1;
            if let Err(diags) = prep_pdf::content::vocab::Vocabulary::parse(&s.place, &s.text) {
                problems.extend(diags.iter().map(|d| d.to_string()));
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The snippets this test exists for are still found: content-format.md's whole
    // role, labels.md's `lang:`, company-profile.md's profile, the vocabulary's entry.
    assert!(roles >= 2, "{roles} role snippets");
    assert!(profiles >= 1, "{profiles} profile snippets");
    assert!(vocabularies >= 1, "{vocabularies} vocabulary snippets");
}

/// The lines of every plain fenced block (```` ``` ```` with no language: output the
/// docs quote) of the README and the docs, with their places.
fn quoted_output() -> Vec<(String, String)> {
    let mut files = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            files.push(path);
        }
    }
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let mut plain = None;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                plain = match plain {
                    None => Some(line.trim_end() == "```"),
                    Some(_) => None,
                };
            } else if plain == Some(true) {
                out.push((format!("{name}:{}", i + 1), line.to_string()));
            }
        }
    }
    out
}

/// A role file's problem quoted in the docs reads as `check` prints one:
/// `file:line:column: error|warning|note: …` (a theme's errors name their key
/// instead, `theme key …`).
#[test]
fn quoted_role_file_problems_read_as_check_prints_them() {
    let mut quoted = 0;
    for (place, line) in quoted_output() {
        let Some((file, rest)) = line.split_once(".yaml:") else {
            continue;
        };
        let mut parts = rest.splitn(3, ':');
        let (Some(l), Some(c), Some(message)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if l.parse::<u32>().is_err() || c.parse::<u32>().is_err() || file.ends_with("theme") {
            continue;
        }
        if message.starts_with(" theme key ") {
            continue;
        }
        quoted += 1;
        assert!(
            ["error: ", "warning: ", "note: "]
                .iter()
                .any(|s| message.strip_prefix(' ').unwrap_or("").starts_with(s)),
            "{place}: `{line}` lacks the severity `check` prints after the column"
        );
    }
    assert!(quoted >= 1, "no quoted role-file problem found");
}
