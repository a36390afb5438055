//! Tags for choosing questions: skills, value themes, shared concepts and levels.
//!
//! A question names what it tests with ids from the bank's vocabulary
//! (`content/skills.yaml`, read by the `vocab` module): `skills:` for technologies,
//! topics and practices, `themes:` for the values a behavioural answer shows, an
//! optional `concept:` shared by questions that ask the same idea in several roles, and
//! the `levels:` it suits. Tailoring scores questions by these; `check` holds every tag
//! to the vocabulary. `published: true` marks the questions a role sells as its set.

use super::Pos;

/// A seniority level a question suits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Junior,
    Mid,
    Senior,
    Staff,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Junior, Level::Mid, Level::Senior, Level::Staff];

    /// The spelling in content files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }

    pub fn from_key(key: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// A tag as written, with where it stands, so `check` can point at an unknown one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub id: String,
    pub pos: Pos,
}

/// Everything a question says about what it tests and whom it suits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags {
    pub skills: Vec<Tag>,
    pub themes: Vec<Tag>,
    pub concept: Option<Tag>,
    pub levels: Vec<Level>,
}

impl Tags {
    /// Every skill and theme id, for counting what the bank uses.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        self.skills
            .iter()
            .chain(&self.themes)
            .map(|t| t.id.as_str())
    }
}

/// Which of a role's questions an export takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// The questions marked `published: true`: the set the site sells. A role that
    /// marks none (every user's file written before the key existed) exports them all.
    #[default]
    Published,
    /// The role's whole pool.
    All,
}

/// Whether `id` is a well-formed tag id: `[a-z0-9-]+`, not starting with `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
