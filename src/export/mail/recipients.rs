//! The recipients file: a `name,email,role` CSV (and optionally `company`, naming the
//! profile a row's pack is tailored to), every row checked before anything is sent.
//!
//! ```no_run
//! use prep_pdf::export::mail::recipients::read;
//! use prep_pdf::export::mail::recipients::role_checker;
//! let bank = prep_pdf::content::Bank::bundled();
//! let loaded = prep_pdf::content::Roles::new(&bank);
//! let roles = role_checker(&loaded).unwrap();
//! let rows = read(std::path::Path::new("cohort.csv"), bank.fonts(), &roles).unwrap();
//! for row in &rows {
//!     if let Err(why) = &row.check {
//!         eprintln!("cohort.csv:{}: skipped: {why}", row.line);
//!     }
//! }
//! ```
//!
//! A row passes when its address parses, its role exists, the fonts can draw its
//! name, and no earlier row has the same address and role. Spreadsheets put a line
//! break in a cell for Alt+Enter; in a name it becomes a space (so does any other
//! control character), since a header or a one-line stamp cannot hold a break.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use lettre::message::Mailbox;

use super::quotes::{first_stray, Stray};
use super::stamp_for;
use crate::content::Roles;
use crate::error::{Error, Setting};
use crate::export::stamp_text;
use crate::fonts::FontSet;

pub use crate::export::MAX_NAME;

/// One data row of the recipients file, as read and as checked.
#[derive(Clone, Debug)]
pub struct Row {
    /// 0-based position among the data rows, readable or not: what shards split.
    pub index: usize,
    /// The line of the CSV file it starts on (1-based; the header is line 1).
    pub line: u64,
    /// The name with line breaks and other control characters made spaces.
    pub name: String,
    pub email: String,
    pub role: String,
    /// The optional `company` column: which company profile the row's pack is
    /// tailored to (`mail --companies DIR`); empty for the role's own pack.
    pub company: String,
    /// The mailbox to send to, or why the row is skipped.
    pub check: Result<Mailbox, Skip>,
}

/// Why a row is skipped: in words, and the setting that would let it through, when
/// one would (the fonts, for a name none of them can draw), for the caller to name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub why: String,
    pub setting: Option<Setting>,
}

impl Skip {
    /// The words and the setting of a library error.
    pub fn of(err: &Error) -> Skip {
        Skip {
            why: err.to_string(),
            setting: err.setting(),
        }
    }
}

impl From<String> for Skip {
    fn from(why: String) -> Skip {
        Skip { why, setting: None }
    }
}

impl From<&str> for Skip {
    fn from(why: &str) -> Skip {
        Skip::from(why.to_string())
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.why)
    }
}

impl Row {
    /// What "Prepared for …" says: the name, or the address when there is none.
    pub fn stamp(&self) -> String {
        if self.name.is_empty() {
            self.email.clone()
        } else {
            self.name.clone()
        }
    }

    /// The journal's key for this row: the address as [`address_key`] writes it, and
    /// the role.
    pub fn key(&self) -> (String, String) {
        (address_key(&self.email), self.role.clone())
    }
}

/// One spelling per mailbox, for telling recipients apart: lower case, and the domain
/// in its ASCII (punycode) form, so `ada@bücher.example` and `ada@xn--bcher-kva.example`
/// are one recipient, as they are one mailbox.
pub fn address_key(email: &str) -> String {
    let lower = email.trim().to_lowercase();
    match lower.rsplit_once('@') {
        Some((local, domain)) => match url::Host::parse(domain) {
            Ok(url::Host::Domain(ascii)) => format!("{local}@{ascii}"),
            _ => lower,
        },
        None => lower,
    }
}

/// The longest address SMTP can carry (RFC 5321's 256-octet path less its brackets).
const MAX_ADDRESS: usize = 254;

/// `s` with every control character (line breaks, tabs) a space, runs of spaces one.
pub fn one_line(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks one recipient exactly as sending it would: the mailbox to send to, or why
/// the row is skipped. The stamp is the one [`stamp_for`] picks, checked as
/// [`stamp_text`] checks it, the message's
/// headers are built as [`compose_with`](super::compose_with) builds them, and the
/// role must load (`role_ok`), so a dry run and a real run give every row the same
/// verdict. The name must be drawable with `fonts`, the fonts copies are drawn with.
pub fn check(
    name: &str,
    email: &str,
    role: &str,
    fonts: &FontSet,
    role_ok: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Mailbox, Skip> {
    if email.is_empty() || role.is_empty() {
        return Err("the row needs a name, an email and a role".into());
    }
    role_ok(role)?;
    // Invisible characters (zero-width spaces, bidi marks) make two addresses that look
    // the same, and no mail system delivers to them.
    let invisible = |c: char| {
        crate::content::unprintable(c).is_some()
            || c.is_whitespace()
            || unicode_general_category::get_general_category(c)
                == unicode_general_category::GeneralCategory::Format
    };
    if let Some(c) = email.chars().find(|&c| invisible(c)) {
        return Err(format!(
            "the address has an invisible or space character (U+{:04X})",
            c as u32
        )
        .into());
    }
    if email.len() > MAX_ADDRESS {
        return Err(
            format!("the address is longer than the {MAX_ADDRESS} characters SMTP allows").into(),
        );
    }
    let address = email
        .parse()
        .map_err(|e| format!("`{}` is not an e-mail address ({e})", one_line(email)))?;
    let mailbox = Mailbox::new((!name.is_empty()).then(|| name.to_string()), address);
    stamp_text(&stamp_for(&mailbox), fonts).map_err(|e| Skip::of(&e))?;
    // The headers as the message will have them: lettre refuses some addresses it
    // parses (address literals, quoted local parts) only when it builds an envelope.
    let from: Mailbox = "check@example.com".parse().expect("a valid address");
    lettre::Message::builder()
        .from(from)
        .to(mailbox.clone())
        .body(String::new())
        .map_err(|e| format!("a message cannot be addressed to {mailbox} ({e})"))?;
    Ok(mailbox)
}

/// Whether each role of `roles` can be sent, asked once per role: unknown, or a file
/// with problems, is a reason to skip its rows before anything is sent.
pub fn role_checker<'r>(
    roles: &'r Roles<'_>,
) -> Result<impl Fn(&str) -> Result<(), String> + 'r, Error> {
    let ids = roles.bank().role_ids()?;
    Ok(move |role: &str| {
        if !ids.iter().any(|r| r == role) {
            return Err(format!("unknown role `{role}`"));
        }
        match roles.get(role) {
            Some(_) => Ok(()),
            None => Err(format!(
                "the role file of `{role}` has problems (run `prep-pdf check {role}`)"
            )),
        }
    })
}

/// The largest recipients file read, in bytes: a million rows of a long name, address
/// and role; more is refused before reading (a `/dev/zero` would never end).
pub const MAX_FILE: u64 = 256 << 20;

/// Reads and checks every row of a `name,email,role` CSV file (columns in any order,
/// a byte-order mark allowed). Only a missing, unreadable or oversized file or a bad
/// header is an error; a bad row is a [`Row`] whose `check` says why. A stray quote
/// that would swallow the lines after it is a bad row at its line, and those lines are
/// read as rows of their own.
pub fn read(
    path: &Path,
    fonts: &FontSet,
    role_ok: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Vec<Row>, Error> {
    let mut data = crate::input::read_capped(path, MAX_FILE).map_err(|e| Error::io(path, e))?;
    let columns = Columns::of(path, &data)?;
    let strays = blank_stray_quotes(&mut data, columns.count);
    let lines = LineIndex::new(&data);
    let mut rows: Vec<Row> = strays.into_iter().map(stray_row).collect();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(true)
        .from_reader(&data[..]);
    let mut record = csv::StringRecord::new();
    loop {
        let at = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.line_of(skip_breaks(
                    &data,
                    record.position().map_or(at, |p| p.byte()),
                ));
                rows.push(columns.row(&record, line, fonts, role_ok, &mut seen));
            }
            Err(err) => {
                let line =
                    lines.line_of(skip_breaks(&data, err.position().map_or(at, |p| p.byte())));
                rows.push(Row {
                    index: 0,
                    line,
                    name: String::new(),
                    email: String::new(),
                    role: String::new(),
                    company: String::new(),
                    check: Err(format!("cannot read the row: {err}").into()),
                });
                // A broken row (bad UTF-8, say) ends where the reader stopped; an I/O
                // error repeats forever, so stop there.
                if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    rows.sort_by_key(|r| r.line);
    for (index, row) in rows.iter_mut().enumerate() {
        row.index = index;
    }
    Ok(rows)
}

/// Where the header puts each column the merge reads, and how many columns it has.
struct Columns {
    name: usize,
    email: usize,
    role: usize,
    company: Option<usize>,
    count: usize,
}

impl Columns {
    /// Reads the header of `data`: it must name `name`, `email` and `role` (in any
    /// order and case, the first perhaps after a byte-order mark); `company` is
    /// optional.
    fn of(path: &Path, data: &[u8]) -> Result<Columns, Error> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(data);
        let headers = reader.headers().map_err(|e| {
            Error::Usage(format!("{}: cannot read the header: {e}", path.display()))
        })?;
        let find = |w: &str| {
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(w))
        };
        let (Some(name), Some(email), Some(role)) = (find("name"), find("email"), find("role"))
        else {
            return Err(Error::Usage(format!(
                "{}:1: the header must name the columns name,email,role (found: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(",")
            )));
        };
        Ok(Columns {
            name,
            email,
            role,
            company: find("company"),
            count: headers.len(),
        })
    }

    /// The row of `record`, at `line`, checked as sending it would be; an address
    /// and role already in `seen` (the first line of each) is a duplicate, skipped.
    fn row(
        &self,
        record: &csv::StringRecord,
        line: u64,
        fonts: &FontSet,
        role_ok: &dyn Fn(&str) -> Result<(), String>,
        seen: &mut HashMap<(String, String), u64>,
    ) -> Row {
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let (name, email, role) = (
            one_line(&field(self.name)),
            field(self.email),
            field(self.role),
        );
        let mut check = check(&name, &email, &role, fonts, role_ok);
        let key = (address_key(&email), role.clone());
        if check.is_ok() {
            if let Some(first) = seen.get(&key) {
                check = Err(format!(
                    "the same address and role as line {first}, which gets the one message"
                )
                .into());
            } else {
                seen.insert(key, line);
            }
        }
        Row {
            index: 0,
            line,
            name,
            email: one_line(&email),
            role: one_line(&role),
            company: self
                .company
                .map(|c| one_line(&field(c)))
                .unwrap_or_default(),
            check,
        }
    }
}

/// Empties each line where a stray quote opens (keeping its line break, so every other
/// line keeps its number; the CSV reader skips empty lines), and says where they were.
fn blank_stray_quotes(data: &mut Vec<u8>, columns: usize) -> Vec<Stray> {
    let mut found = Vec::new();
    while let Some(stray) = first_stray(data, columns) {
        let lines = LineIndex::new(data);
        let (start, end) = lines.span(stray.line);
        data.drain(start..end);
        found.push(stray);
    }
    found
}

fn stray_row(s: Stray) -> Row {
    let lines = if s.swallowed == 1 { "line" } else { "lines" };
    let why = if s.unterminated {
        format!(
            "a quote opens a field here and is never closed, which would swallow the {} {lines} after it; \
             the row is skipped and the lines after it are read as rows (remove or double the stray quote)",
            s.swallowed
        )
    } else {
        format!(
            "a quote opens a field here and closes only {} {lines} later, taking in lines that are rows; \
             the row is skipped and the lines after it are read as rows (remove or double the stray quote)",
            s.swallowed
        )
    };
    Row {
        index: 0,
        line: s.line,
        name: String::new(),
        email: String::new(),
        role: String::new(),
        company: String::new(),
        check: Err(why.into()),
    }
}

/// The first byte at or after `at` that is not a line break: the CSV reader may place
/// a record after a CRLF file's `\r` but before its `\n` (which made every line number
/// one too low).
fn skip_breaks(data: &[u8], at: u64) -> u64 {
    let from = (at as usize).min(data.len());
    let skipped = data[from..]
        .iter()
        .take_while(|&&c| c == b'\r' || c == b'\n')
        .count();
    (from + skipped) as u64
}

/// Byte offsets → 1-based line numbers, counting `\n` only (so CRLF files number
/// their lines as editors do).
struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    fn new(data: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            data.iter()
                .enumerate()
                .filter(|(_, &c)| c == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: data.len(),
        }
    }

    fn line_of(&self, byte: u64) -> u64 {
        self.starts.partition_point(|&s| s as u64 <= byte) as u64
    }

    /// The bytes of line `line` without its line break (`\r\n` or `\n`).
    fn span(&self, line: u64) -> (usize, usize) {
        let i = (line as usize).saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(self.len, |&n| n - 1);
        (start, end)
    }
}

#[cfg(test)]
mod tests;
