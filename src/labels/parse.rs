//! Reading the label table: YAML → one [`Language`] a section, each checked as it is
//! read (a lowercase language code, a known plural rule, four quotes, labels that
//! are text or exactly the counted forms the rule asks for) and against the first
//! language key for key. The first problem is an error with its place.

use std::collections::BTreeMap;

use super::{is_tag, Label, Language, Plural};
use crate::content::yaml::{self, Kind, Node};

/// A problem in the table, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parses a label table (the bundled one, or one a test writes). Each language is
/// checked against the first (`en` in the bundled table): same keys, counted labels
/// with exactly the forms its plural rule asks for.
pub fn parse_table(text: &str) -> Result<Vec<Language>, TableError> {
    let root = yaml::parse(text).map_err(|e| TableError {
        line: e.pos.line,
        col: e.pos.col,
        message: e.message,
    })?;
    let Kind::Map(langs) = &root.kind else {
        return Err(TableError::at(
            &root,
            "the table should map language codes to entries".into(),
        ));
    };
    let mut out: Vec<Language> = Vec::new();
    for (k, v) in langs {
        out.push(language_entry(k, v, out.first())?);
    }
    if out.is_empty() {
        return Err(TableError::at(&root, "the table has no languages".into()));
    }
    Ok(out)
}

impl TableError {
    fn at(n: &Node, message: String) -> TableError {
        TableError {
            line: n.pos.line,
            col: n.pos.col,
            message,
        }
    }
}

/// One language's entry, `k: v`: its name, plural rule, quotes and labels, with the
/// same label keys as `first`, the table's first language.
fn language_entry(k: &Node, v: &Node, first: Option<&Language>) -> Result<Language, TableError> {
    let err = TableError::at;
    let code = scalar(k).ok_or_else(|| err(k, "a language code should be text".into()))?;
    if !is_tag(code) || code.contains('-') || code != code.to_ascii_lowercase() {
        return Err(err(
            k,
            format!("`{code}` is not a lowercase primary language subtag"),
        ));
    }
    let Kind::Map(fields) = &v.kind else {
        return Err(err(v, format!("`{code}` should be a mapping")));
    };
    let get = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| scalar(k) == Some(key))
            .map(|(_, v)| v)
    };
    let text_of = |key: &str| {
        get(key)
            .and_then(scalar)
            .map(str::to_string)
            .ok_or_else(|| err(v, format!("`{code}` needs `{key}` (text)")))
    };
    let name = text_of("name")?;
    let rule = text_of("plural")?;
    let plural = Plural::NAMES
        .iter()
        .find(|(n, _)| *n == rule)
        .map(|(_, p)| *p)
        .ok_or_else(|| err(v, format!("`{code}`: unknown plural rule `{rule}`")))?;
    let quotes = match get("quotes").map(|n| &n.kind) {
        Some(Kind::Seq(items)) if items.len() == 4 => {
            let q: Vec<String> = items
                .iter()
                .filter_map(scalar)
                .map(str::to_string)
                .collect();
            <[String; 4]>::try_from(q)
                .map_err(|_| err(v, format!("`{code}`: quotes should be text")))?
        }
        _ => {
            return Err(err(
                v,
                format!("`{code}` needs `quotes`: a list of four texts"),
            ))
        }
    };
    let Some(Kind::Map(entries)) = get("labels").map(|n| &n.kind) else {
        return Err(err(v, format!("`{code}` needs `labels`: a mapping")));
    };
    let labels = labels(code, plural, entries)?;
    if let Some(first) = first {
        same_keys(code, &labels, first).map_err(|message| err(v, message))?;
    }
    Ok(Language {
        code: code.to_string(),
        name,
        plural,
        quotes,
        labels,
    })
}

/// Language `code`'s labels: each a text, or counted forms, exactly those `plural`
/// asks for.
fn labels(
    code: &str,
    plural: Plural,
    entries: &[(Node, Node)],
) -> Result<BTreeMap<String, Label>, TableError> {
    let err = TableError::at;
    let mut labels = BTreeMap::new();
    for (k, v) in entries {
        let key = scalar(k).ok_or_else(|| err(k, "a label key should be text".into()))?;
        let label = match &v.kind {
            Kind::Scalar(s, _) => Label::Text(s.clone()),
            Kind::Map(forms) => {
                let mut m = BTreeMap::new();
                for (f, t) in forms {
                    match (scalar(f), scalar(t)) {
                        (Some(f), Some(t)) => m.insert(f.to_string(), t.to_string()),
                        _ => return Err(err(f, format!("`{code}.{key}`: forms are text"))),
                    };
                }
                let mut want: Vec<&str> = plural.forms().to_vec();
                want.sort_unstable();
                if m.keys().map(String::as_str).ne(want.iter().copied()) {
                    return Err(err(
                        v,
                        format!("`{code}.{key}` should give the forms {}", want.join(", ")),
                    ));
                }
                Label::Counted(m)
            }
            _ => return Err(err(v, format!("`{code}.{key}` should be text or forms"))),
        };
        if labels.insert(key.to_string(), label).is_some() {
            return Err(err(k, format!("`{code}.{key}` is given twice")));
        }
    }
    Ok(labels)
}

/// Language `code` must have the same label keys as `first`: a missing label would
/// fall back silently, an extra one is a typo.
fn same_keys(code: &str, labels: &BTreeMap<String, Label>, first: &Language) -> Result<(), String> {
    let missing: Vec<&str> = first
        .labels
        .keys()
        .filter(|k| !labels.contains_key(*k))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = labels
        .keys()
        .filter(|k| !first.labels.contains_key(*k))
        .map(String::as_str)
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "`{code}` lacks labels [{}] and has unknown ones [{}] (compared with `{}`)",
        missing.join(", "),
        extra.join(", "),
        first.code
    ))
}

fn scalar(n: &Node) -> Option<&str> {
    match &n.kind {
        Kind::Scalar(s, _) => Some(s),
        _ => None,
    }
}
