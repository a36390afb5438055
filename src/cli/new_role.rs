//! `prep-pdf new-role ID`: a starter role file a new author can check, export and
//! fill in.
//!
//! The starter is a draft (`draft: true`): ten placeholder questions in the bank's
//! usual mix, the first showing every key with a comment. `check` accepts it as it is
//! written (a draft is read for errors, not held to the completeness standard), so an
//! author starts from a file that works and sees the standard once the draft mark goes.

use std::path::{Path, PathBuf};

use clap::Args;

use prep_pdf::content::validate_role_id;
use prep_pdf::Error;

use super::{Outcome, SourceArgs};

/// The starter's text; `{id}`, `{title}`, `{level}` and `{questions}` are filled in.
const STARTER: &str = include_str!("starter.yaml");

/// The nine questions after the worked first one: category and how many.
const REST: [(&str, usize); 5] = [
    ("technical", 1),
    ("system-design", 1),
    ("coding", 1),
    ("behavioral", 3),
    ("situational", 3),
];

/// The levels a role id may end in, and how the starter writes them.
const LEVELS: [(&str, &str); 4] = [
    ("junior", "Junior level"),
    ("mid", "Mid level"),
    ("senior", "Senior level"),
    ("staff", "Staff level"),
];

#[derive(Args, Debug)]
pub struct NewRoleArgs {
    /// The new role's id: the file's name without .yaml, made of a-z, 0-9 and -,
    /// like backend-mid.
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: &NewRoleArgs) -> anyhow::Result<Outcome> {
    let id = args.id.as_str();
    check_id(id)?;
    let dir = args
        .source
        .content
        .clone()
        .unwrap_or_else(|| PathBuf::from("content"));
    let path = dir.join(format!("{id}.yaml"));
    // Anything standing there, even a dangling link, is someone's: never replaced.
    if path.symlink_metadata().is_ok() {
        return Err(Error::Usage(format!(
            "{} already exists; nothing was written (choose another id, or edit that file)",
            path.display()
        ))
        .into());
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    prep_pdf::export::atomic::write_atomic_regular(
        &path,
        starter(id).as_bytes(),
        prep_pdf::export::atomic::Durable::Now,
    )?;
    say!(
        "wrote {}: a draft with 10 placeholder questions (TODO) to fill in",
        path.display()
    );
    say!("next:");
    say!("  prep-pdf --content {} check {id}", shell_word(&dir));
    say!(
        "  prep-pdf --content {} --role {id} -o {id}.pdf",
        shell_word(&dir)
    );
    Ok(Outcome::Ok)
}

/// A role id `Bank` will read: `[a-z0-9-]+`, not starting with `-`, and not one of
/// the folder's other files.
fn check_id(id: &str) -> Result<(), Error> {
    if validate_role_id(id).is_err() {
        return Err(Error::Usage(format!(
            "`{id}` cannot be a role id: use a-z, 0-9 and - (not first), like backend-mid; \
             nothing was written"
        )));
    }
    if ["theme", "skills"].contains(&id) {
        return Err(Error::Usage(format!(
            "`{id}` cannot be a role id: {id}.yaml is the folder's {}; nothing was written",
            if id == "theme" {
                "theme"
            } else {
                "vocabulary of tags"
            }
        )));
    }
    Ok(())
}

/// The starter for `id`: its title from the id's words, its level from its last word
/// when that is a level (`data-engineer-mid` → "Data Engineer", "Mid level").
pub fn starter(id: &str) -> String {
    let mut words: Vec<&str> = id.split('-').filter(|w| !w.is_empty()).collect();
    let level = match LEVELS.iter().find(|(key, _)| words.last() == Some(key)) {
        Some((_, text)) if words.len() > 1 => {
            words.pop();
            *text
        }
        _ => "Mid level",
    };
    let title: Vec<String> = words.iter().map(|w| capitalized(w)).collect();
    STARTER
        .replace("{id}", id)
        .replace("{title}", &title.join(" "))
        .replace("{level}", level)
        .replace("{questions}", &placeholders())
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The nine placeholder questions after the first, as YAML.
fn placeholders() -> String {
    let mut out = String::new();
    for (category, n) in REST {
        for k in 1..=n {
            // The worked first question is technical-1.
            let k = if category == "technical" { k + 1 } else { k };
            out.push_str(&format!(
                "  - id: {category}-{k}\n    category: {category}\n    \
                 prompt: TODO the question.\n    answer_guide:\n      \
                 overview: TODO what a strong answer covers.\n      key_points:\n        \
                 - TODO a key point.\n      sample_answer: TODO a model answer.\n"
            ));
        }
    }
    out
}

/// `path` as one shell word: quoted when it holds anything but safe characters.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_level_come_from_the_id() {
        let s = starter("data-engineer-mid");
        assert!(s.contains("title: Data Engineer "), "{s}");
        assert!(s.contains("level: Mid level "), "{s}");
        let s = starter("staff");
        assert!(s.contains("title: Staff "), "{s}");
        assert!(starter("sre-senior").contains("level: Senior level "));
        let s = starter("x");
        for key in ["{id}", "{title}", "{level}", "{questions}"] {
            assert!(!s.contains(key), "{key} is filled in");
        }
    }

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_word(Path::new("content")), "content");
        assert_eq!(shell_word(Path::new("my bank/x")), "'my bank/x'");
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }
}
