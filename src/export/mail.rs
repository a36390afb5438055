//! Mail: a role's PDF, stamped for its recipient, as an RFC 5322 message — written as
//! an `.eml` draft or sent over SMTP — one at a time or merged from a CSV file.
//!
//! ```no_run
//! use prep_pdf::content::Bank;
//! use prep_pdf::export::mail::{compose, Letter};
//! use prep_pdf::export::Settings;
//! let letter = Letter {
//!     role: "backend-mid".into(),
//!     to: "Ada Lovelace <ada@example.com>".parse().unwrap(),
//!     from: "Hiring Team <jobs@example.com>".parse().unwrap(),
//!     subject: None,
//!     body: None,
//! };
//! let message = compose(&Bank::bundled(), &letter, &Settings::default()).unwrap();
//! std::fs::write("draft.eml", message.formatted()).unwrap();
//! ```

pub use super::atomic::Durable;

pub mod journal;
pub mod merge;
mod quotes;
pub mod recipients;
pub mod smtp;
pub mod stamp;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::{export_role, Exported, Settings};
use crate::content::Bank;
use crate::document::Answers;
use crate::error::Error;

/// The environment variable that holds the SMTP password. Never a flag: flags end up
/// in shell history and process listings.
pub const PASSWORD_ENV: &str = "PREP_PDF_SMTP_PASSWORD";

/// One message to compose.
#[derive(Clone, Debug)]
pub struct Letter {
    pub role: String,
    pub to: Mailbox,
    pub from: Mailbox,
    pub subject: Option<String>,
    /// The body text; `{name}` and `{role}` are replaced with the recipient's name and
    /// the role's title.
    pub body: Option<String>,
}

fn first_name(m: &Mailbox) -> String {
    m.name
        .as_deref()
        .and_then(|n| n.split_whitespace().next())
        .map(str::to_string)
        .unwrap_or_else(|| "there".to_string())
}

/// What "Prepared for …" says for a recipient: the name, or the address.
pub fn stamp_for(to: &Mailbox) -> String {
    to.name.clone().unwrap_or_else(|| to.email.to_string())
}

/// Renders the role's PDF stamped for the recipient and builds the message.
pub fn compose(bank: &Bank, letter: &Letter, settings: &Settings) -> Result<Message, Error> {
    let pdf = export_role(
        bank,
        &letter.role,
        &settings.for_recipient(&stamp_for(&letter.to)),
    )?;
    compose_with(pdf, letter, settings)
}

/// A Message-ID unique to this message: time, process, a counter, and the sender's
/// domain, as RFC 5322 asks.
fn message_id(from: &Mailbox) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "<{nanos:x}.{:x}.{}@{}>",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        from.email.domain()
    )
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every pair of base64 digits, by the twelve bits they stand for.
static BASE64_PAIRS: std::sync::LazyLock<Box<[[u8; 2]; 4096]>> = std::sync::LazyLock::new(|| {
    let mut pairs = Box::new([[0u8; 2]; 4096]);
    for (i, pair) in pairs.iter_mut().enumerate() {
        *pair = [BASE64[i >> 6], BASE64[i & 63]];
    }
    pairs
});

/// The bytes of a MIME body part in base64: lines of 76 characters (57 bytes) joined
/// by CRLF, the last without one, as lettre writes them. lettre's own encoder went
/// through a `fmt::Write` a line at a time and took about a twelfth of a merged
/// copy's instructions; this one takes twelve bits a step, a line at a time.
fn base64_body(bytes: &[u8]) -> Vec<u8> {
    let pairs = &**BASE64_PAIRS;
    let lines = bytes.len().div_ceil(57);
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4 + lines * 2);
    let mut chunks = bytes.chunks_exact(57);
    let mut line = [0u8; 78];
    line[76..].copy_from_slice(b"\r\n");
    for chunk in chunks.by_ref() {
        for (three, four) in chunk.chunks_exact(3).zip(line.chunks_exact_mut(4)) {
            let n = (usize::from(three[0]) << 16)
                | (usize::from(three[1]) << 8)
                | usize::from(three[2]);
            four[..2].copy_from_slice(&pairs[n >> 12]);
            four[2..].copy_from_slice(&pairs[n & 0xFFF]);
        }
        out.extend_from_slice(&line);
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        // No CRLF after the last line.
        out.truncate(out.len().saturating_sub(2));
    } else {
        out.extend_from_slice(base64(rest).as_bytes());
    }
    out
}

/// The Subject header, on lines no longer than 78 characters. lettre folds at spaces
/// but leaves a long word whole (a 2,000-character word made a 2,010-character line;
/// RFC 5322 allows 998), so such a subject is written as RFC 2047 encoded words of a
/// few dozen bytes each, one per line; mail readers join them back seamlessly.
pub fn subject_header(subject: &str) -> HeaderValue {
    let name = HeaderName::new_from_ascii_str("Subject");
    // Text that looks like an encoded word (`=?utf-8?q?…?=`) would be decoded by the
    // reader's mail client into something else; it is encoded, so it reads as typed.
    let looks_encoded = subject.contains("=?") && subject.contains("?=");
    if !looks_encoded && subject.split(' ').all(|w| w.len() <= 60) {
        return HeaderValue::new(name, subject.to_string());
    }
    let mut words = Vec::new();
    let mut rest = subject;
    while !rest.is_empty() {
        let mut cut = rest.len().min(39);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        words.push(format!("=?utf-8?b?{}?=", base64(&rest.as_bytes()[..cut])));
        rest = &rest[cut..];
    }
    HeaderValue::dangerous_new_pre_encoded(name, subject.to_string(), words.join("\r\n "))
}

/// Builds the message around an already rendered, stamped PDF.
pub fn compose_with(pdf: Exported, letter: &Letter, settings: &Settings) -> Result<Message, Error> {
    let subject = recipients::one_line(
        &letter
            .subject
            .clone()
            .unwrap_or_else(|| format!("Interview preparation: {}", pdf.title)),
    );
    let body = match &letter.body {
        // One pass, so a `{role}` inside the recipient's name stays as written.
        Some(template) => fill(
            template,
            &[("{name}", &first_name(&letter.to)), ("{role}", &pdf.title)],
        ),
        None => {
            let what = match (settings.answers, settings.sample) {
                (_, Some(shown)) => format!(
                    "the first {shown} with a guide to what a strong answer covers, and \
                     for the others what the full pack's guide holds"
                ),
                (Answers::None, _) => "to practise with".to_string(),
                _ => "each with a guide to what a strong answer covers".to_string(),
            };
            let pack = match settings.sample {
                Some(_) => "a free sample of an interview preparation pack",
                None => "an interview preparation pack",
            };
            format!(
                "Hello {},\n\nAttached is {pack} for the {} role: \
                 {} typical interview questions, {what}.\n\n\
                 Good luck with your preparation.\n\n{}\n",
                first_name(&letter.to),
                pdf.title,
                pdf.questions,
                letter.from.name.as_deref().unwrap_or(""),
            )
        }
    };
    // A sample is named as one, so a lead never mistakes it for the full pack.
    let edition = if settings.sample.is_some() {
        "-sample"
    } else {
        ""
    };
    let attachment = Attachment::new(format!("{}{edition}.pdf", letter.role)).body(
        Body::dangerous_pre_encoded(base64_body(&pdf.pdf), ContentTransferEncoding::Base64),
        ContentType::parse("application/pdf").expect("a valid MIME type"),
    );
    Message::builder()
        .from(letter.from.clone())
        .to(letter.to.clone())
        .raw_header(subject_header(&subject))
        .date_now()
        .message_id(Some(message_id(&letter.from)))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(attachment),
        )
        .map_err(|e| Error::Mail(format!("cannot build the message to {}: {e}", letter.to)))
}

/// `template` with each placeholder replaced by its value in one pass: text a value
/// brings in is never read for placeholders again.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    'scan: while !rest.is_empty() {
        for (key, value) in values {
            if let Some(after) = rest.strip_prefix(key) {
                out.push_str(value);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The message's Message-ID header, as written.
pub fn id_of(message: &Message) -> String {
    message
        .headers()
        .get_raw("Message-ID")
        .unwrap_or_default()
        .to_string()
}

/// The longest draft file name we write, in bytes: file systems allow 255.
const MAX_DRAFT_NAME: usize = 200;

/// The draft's file name: `{role}-{address}.eml`, one file per recipient, always.
///
/// The address is escaped so that no two addresses share a name, even on file systems
/// that ignore case or that keep only some characters: lowercase ASCII letters, digits
/// and `@ . - +` stand as they are; every other byte (capitals, `_ ! # %`, accented
/// letters) becomes `%XX` in capital hex. No `%` stands unescaped, so a name maps back
/// to one address. An address too long for a file name is cut and given a hash of the
/// whole address; a merge still refuses a name it has already written (see
/// `merge::Drafted`).
pub fn draft_name(letter: &Letter) -> String {
    draft_file_name(&letter.role, letter.to.email.as_ref())
}

/// What a draft's file name starts with: the role, then the company its pack was
/// tailored for (as a file-name part) and the edition (see
/// [`Settings::edition`](crate::export::Settings::edition)), when there are, so a
/// sample or a pack for another company never replaces the full pack's draft.
pub fn draft_stem(role: &str, company: &str, edition: Option<&str>) -> String {
    let mut stem = role.to_string();
    for part in [
        crate::export::slug(company),
        edition.unwrap_or("").to_string(),
    ] {
        if !part.is_empty() {
            stem.push('-');
            stem.push_str(&part);
        }
    }
    stem
}

/// [`draft_name`] from the role id (or a [`draft_stem`]) and the address.
pub fn draft_file_name(role: &str, address: &str) -> String {
    let mut escaped = String::with_capacity(address.len());
    for b in address.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'@' | b'.' | b'-' | b'+' => escaped.push(b as char),
            _ => escaped.push_str(&format!("%{b:02X}")),
        }
    }
    let name = format!("{role}-{escaped}.eml");
    if name.len() <= MAX_DRAFT_NAME {
        return name;
    }
    // `{role}-{cut}~{12 hex}.eml`; the escaped text is ASCII, and the cut never
    // splits an escape.
    let mut keep = MAX_DRAFT_NAME.saturating_sub(role.len() + 1 + 13 + 4);
    while escaped[..keep].rfind('%').is_some_and(|i| i + 3 > keep) {
        keep -= 1;
    }
    let hash = fnv1a(address.as_bytes()) >> 16;
    format!("{role}-{}~{hash:012x}.eml", &escaped[..keep])
}

/// FNV-1a, 64 bits: a stable hash (the same on every run and Rust version) for names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the message as an `.eml` file in `dir`, atomically. The file starts with
/// `X-Unsent: 1`, which Outlook and others read as "open as a draft, ready to send"
/// (other clients ignore it); the header is not part of messages sent over SMTP.
/// A symbolic link or special file standing where the draft goes is refused, never
/// followed onto its target. `stem`: what the name starts with ([`draft_stem`]);
/// `durable`: whether to wait for the disk (see [`Durable`]).
pub fn write_draft(
    dir: &Path,
    stem: &str,
    letter: &Letter,
    message: &Message,
    durable: Durable,
) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(draft_file_name(stem, letter.to.email.as_ref()));
    let mut bytes = b"X-Unsent: 1\r\n".to_vec();
    bytes.extend_from_slice(&message.formatted());
    super::atomic::write_atomic_regular(&path, &bytes, durable)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        let values = [("{name}", "Ada {role}"), ("{role}", "QA Engineer")];
        assert_eq!(
            fill("Hi {name}, the {role} pack.", &values),
            "Hi Ada {role}, the QA Engineer pack."
        );
        assert_eq!(fill("{nam}{", &values), "{nam}{");
    }

    #[test]
    fn a_subject_that_looks_encoded_is_encoded() {
        let mut headers = lettre::message::header::Headers::new();
        headers.insert_raw(subject_header("Prep =?utf-8?q?Hacked?= pack"));
        let text = headers.to_string();
        assert!(!text.contains("=?utf-8?q?Hacked?="), "{text}");
        assert!(text.contains("=?utf-8?b?"), "{text}");
    }

    #[test]
    fn base64_and_long_subjects_fold() {
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"M"), "TQ==");
        // A body as lettre would encode it: 76-character lines, CRLF between.
        for len in [0, 1, 2, 3, 56, 57, 58, 114, 1000, 4099] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let ours = base64_body(&bytes);
            let theirs =
                Body::new_with_encoding(bytes.clone(), ContentTransferEncoding::Base64).unwrap();
            assert_eq!(ours, theirs.into_vec(), "{len} bytes");
        }
        let long = "x".repeat(2000);
        let mut headers = lettre::message::header::Headers::new();
        headers.insert_raw(subject_header(&long));
        let text = headers.to_string();
        assert!(text.lines().all(|l| l.len() <= 78), "{text}");
        assert!(text.lines().count() > 40);
    }
}
