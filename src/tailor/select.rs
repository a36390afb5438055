//! Choosing the questions: every role's whole pool, scored by what it shares with the
//! request, picked per category so each company value is covered where the bank can.
//!
//! A skill's weight is its inverse document frequency over the pool, `ln(N / df)`:
//! "PostgreSQL", on a few questions, says more about a question than "testing", on
//! many. A question's score is the sum of its shared skills' weights, plus how well
//! its levels fit, plus [`VALUE_WEIGHT`] for each company value a behavioural or
//! situational question shows. Everything is sorted with total orders and stable tie
//! breaks (role id, question id), so the same inputs choose the same questions.

use std::collections::{BTreeMap, HashSet};

use crate::content::tags::Level;
use crate::content::{Category, Question, Role};

use super::profile::Value;

/// What a behavioural question earns per company value its themes show: about one
/// rare skill's weight, so values steer the soft categories without outweighing
/// skills in the technical ones (where no value applies).
pub const VALUE_WEIGHT: f64 = 2.0;
/// A question written for the level asked.
pub const LEVEL_EXACT: f64 = 1.0;
/// A question written for a neighbouring level, or one that names no levels.
pub const LEVEL_NEAR: f64 = 0.5;

/// The seed's ten: technical 2, system design 1, coding 1, behavioural 3, situational 3.
pub const DEFAULT_MIX: [(Category, usize); 5] = [
    (Category::Technical, 2),
    (Category::SystemDesign, 1),
    (Category::Coding, 1),
    (Category::Behavioral, 3),
    (Category::Situational, 3),
];

/// What the selection is asked to match.
#[derive(Clone, Debug)]
pub struct Want<'a> {
    /// Skill ids, in the order asked.
    pub skills: &'a [String],
    pub values: &'a [Value],
    pub level: Level,
    /// How many questions of each category, in the order they are printed.
    pub mix: &'a [(Category, usize)],
}

/// A chosen question and why.
#[derive(Clone, Debug)]
pub struct Pick {
    pub role_id: String,
    pub question: Question,
    pub score: f64,
    /// The shared skills and their weights, in the order asked.
    pub skills: Vec<(String, f64)>,
    pub level: f64,
    /// The names of the values it covers.
    pub values: Vec<String>,
}

/// A category with fewer usable questions than the mix asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub category: Category,
    pub wanted: usize,
    pub found: usize,
}

/// Each skill's weight, `ln(N / df)`, over every question of `roles`; a skill no
/// question has is absent.
pub fn weights(roles: &[Role]) -> BTreeMap<String, f64> {
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0usize;
    for q in roles.iter().flat_map(|r| &r.questions) {
        n += 1;
        let mut seen = HashSet::new();
        for tag in &q.tags.skills {
            if seen.insert(tag.id.as_str()) {
                *df.entry(tag.id.clone()).or_default() += 1;
            }
        }
    }
    df.into_iter()
        .map(|(id, d)| (id, (n as f64 / d as f64).ln()))
        .collect()
}

/// `mix` scaled to `n` questions by largest remainders (ties to the earlier category).
pub fn scale(mix: &[(Category, usize)], n: usize) -> Vec<(Category, usize)> {
    let total: usize = mix.iter().map(|(_, c)| c).sum();
    if total == 0 || total == n {
        return mix.to_vec();
    }
    let mut out: Vec<(Category, usize)> = mix.iter().map(|&(c, k)| (c, k * n / total)).collect();
    let mut order: Vec<usize> = (0..mix.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(mix[i].1 * n % total), i));
    let short = n - out.iter().map(|(_, k)| k).sum::<usize>();
    for &i in order.iter().take(short) {
        out[i].1 += 1;
    }
    out
}

/// How well a question's levels fit the level asked.
fn level_fit(q: &Question, level: Level) -> f64 {
    if q.tags.levels.contains(&level) {
        return LEVEL_EXACT;
    }
    let near = |l: &Level| (*l as i32 - level as i32).abs() == 1;
    if q.tags.levels.is_empty() || q.tags.levels.iter().any(near) {
        LEVEL_NEAR
    } else {
        0.0
    }
}

/// Scores one question.
fn score(role: &Role, q: &Question, want: &Want, weights: &BTreeMap<String, f64>) -> Pick {
    let skills: Vec<(String, f64)> = want
        .skills
        .iter()
        .filter(|id| q.tags.skills.iter().any(|t| &t.id == *id))
        .map(|id| (id.clone(), weights.get(id).copied().unwrap_or(0.0)))
        .collect();
    let soft = matches!(q.category, Category::Behavioral | Category::Situational);
    let values: Vec<String> = want
        .values
        .iter()
        .filter(|v| {
            soft && v
                .themes
                .iter()
                .any(|t| q.tags.themes.iter().any(|x| &x.id == t))
        })
        .map(|v| v.name.clone())
        .collect();
    let level = level_fit(q, want.level);
    let total =
        skills.iter().map(|(_, w)| w).sum::<f64>() + level + VALUE_WEIGHT * values.len() as f64;
    Pick {
        role_id: role.id.clone(),
        question: q.clone(),
        // Rounded so the score printed by `--explain` is the one that sorted.
        score: (total * 1000.0).round() / 1000.0,
        skills,
        level,
        values,
    }
}

/// Chooses the questions: values first (each by the best question showing it, in a
/// category with room), then each category's best. No two share a concept or an id.
pub fn choose(roles: &[Role], want: &Want) -> Result<Vec<Pick>, Shortfall> {
    let weights = weights(roles);
    let mut all: Vec<Pick> = roles
        .iter()
        .flat_map(|r| r.questions.iter().map(move |q| (r, q)))
        .map(|(r, q)| score(r, q, want, &weights))
        .collect();
    all.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.role_id.cmp(&b.role_id))
            .then_with(|| a.question.id.cmp(&b.question.id))
    });
    let mut room: BTreeMap<Category, usize> = want.mix.iter().copied().collect();
    let mut taken = Taken::default();
    let mut chosen: Vec<Pick> = Vec::new();
    for value in want.values {
        if chosen.iter().any(|p| p.values.contains(&value.name)) {
            continue;
        }
        let best = all.iter().position(|p| {
            p.values.contains(&value.name)
                && room.get(&p.question.category).is_some_and(|&k| k > 0)
                && taken.free(&p.question)
        });
        if let Some(i) = best {
            take(&mut all, i, &mut room, &mut taken, &mut chosen);
        }
    }
    for &(category, wanted) in want.mix {
        while room.get(&category).is_some_and(|&k| k > 0) {
            let next = all
                .iter()
                .position(|p| p.question.category == category && taken.free(&p.question));
            let Some(i) = next else {
                let found = wanted - room[&category];
                return Err(Shortfall {
                    category,
                    wanted,
                    found,
                });
            };
            take(&mut all, i, &mut room, &mut taken, &mut chosen);
        }
    }
    // Printed by category in the mix's order, best first within each.
    let rank = |c: Category| want.mix.iter().position(|(m, _)| *m == c);
    chosen.sort_by(|a, b| {
        rank(a.question.category)
            .cmp(&rank(b.question.category))
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a.role_id.cmp(&b.role_id))
            .then_with(|| a.question.id.cmp(&b.question.id))
    });
    Ok(chosen)
}

fn take(
    all: &mut Vec<Pick>,
    i: usize,
    room: &mut BTreeMap<Category, usize>,
    taken: &mut Taken,
    chosen: &mut Vec<Pick>,
) {
    let pick = all.remove(i);
    if let Some(k) = room.get_mut(&pick.question.category) {
        *k -= 1;
    }
    taken.add(&pick.question);
    chosen.push(pick);
}

/// The concepts and ids already in the pack: the same idea asked twice (in two roles'
/// words) would waste a slot.
#[derive(Default)]
struct Taken {
    concepts: HashSet<String>,
    ids: HashSet<String>,
}

impl Taken {
    fn free(&self, q: &Question) -> bool {
        !self.ids.contains(&q.id)
            && q.tags
                .concept
                .as_ref()
                .is_none_or(|c| !self.concepts.contains(&c.id))
    }

    fn add(&mut self, q: &Question) {
        self.ids.insert(q.id.clone());
        if let Some(c) = &q.tags.concept {
            self.concepts.insert(c.id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_scales_by_largest_remainders() {
        let mix = DEFAULT_MIX;
        assert_eq!(scale(&mix, 10), mix.to_vec());
        let five: Vec<usize> = scale(&mix, 5).iter().map(|(_, k)| *k).collect();
        assert_eq!(five.iter().sum::<usize>(), 5);
        assert_eq!(five, [1, 1, 1, 1, 1]);
        let twenty: Vec<usize> = scale(&mix, 20).iter().map(|(_, k)| *k).collect();
        assert_eq!(twenty, [4, 2, 2, 6, 6]);
    }
}
