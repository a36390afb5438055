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

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use super::{export_role, write_atomic, Settings};
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

/// Renders the role's PDF stamped for the recipient and builds the message.
pub fn compose(bank: &Bank, letter: &Letter, settings: &Settings) -> Result<Message, Error> {
    let stamp = letter
        .to
        .name
        .clone()
        .unwrap_or_else(|| letter.to.email.to_string());
    let pdf = export_role(bank, &letter.role, &settings.for_recipient(&stamp))?;
    let subject = letter
        .subject
        .clone()
        .unwrap_or_else(|| format!("Interview preparation: {}", pdf.title));
    let body = match &letter.body {
        Some(template) => template
            .replace("{name}", &first_name(&letter.to))
            .replace("{role}", &pdf.title),
        None => {
            let what = match settings.answers {
                Answers::None => "to practise with".to_string(),
                _ => "each with a guide to what a strong answer covers".to_string(),
            };
            format!(
                "Hello {},\n\nAttached is an interview preparation pack for the {} role: \
                 {} typical interview questions, {what}.\n\n\
                 Good luck with your preparation.\n\n{}\n",
                first_name(&letter.to),
                pdf.title,
                pdf.questions,
                letter.from.name.as_deref().unwrap_or(""),
            )
        }
    };
    let attachment = Attachment::new(format!("{}.pdf", letter.role)).body(
        pdf.pdf,
        ContentType::parse("application/pdf").expect("a valid MIME type"),
    );
    Message::builder()
        .from(letter.from.clone())
        .to(letter.to.clone())
        .subject(subject)
        .date_now()
        // A Message-ID from the host name and a random part, as RFC 5322 asks.
        .message_id(None)
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(attachment),
        )
        .map_err(|e| Error::Mail(format!("cannot build the message to {}: {e}", letter.to)))
}

/// The draft's file name: role and address, safe on every file system.
pub fn draft_name(letter: &Letter) -> String {
    let addr: String = letter
        .to
        .email
        .to_string()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}-{addr}.eml", letter.role)
}

/// Writes the message as an `.eml` file in `dir`, atomically. The file starts with
/// `X-Unsent: 1`, which Outlook and others read as "open as a draft, ready to send"
/// (other clients ignore it); the header is not part of messages sent over SMTP.
pub fn write_draft(dir: &Path, letter: &Letter, message: &Message) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(draft_name(letter));
    let mut bytes = b"X-Unsent: 1\r\n".to_vec();
    bytes.extend_from_slice(&message.formatted());
    write_atomic(&path, &bytes)?;
    Ok(path)
}

/// An SMTP connection description, checked, with where it goes (for messages that
/// must never show the password).
pub struct Smtp {
    transport: SmtpTransport,
    pub host: String,
    /// Attempts per message and the delay before the first retry (doubling after).
    pub attempts: u32,
    pub backoff: Duration,
}

impl Smtp {
    /// `smtp://host:port` (plain), `smtp://user@host:587?tls=required` (STARTTLS),
    /// `smtps://user@host` (implicit TLS). The password comes from
    /// [`PASSWORD_ENV`]; a password in the URL is refused.
    pub fn from_url(url: &str, password: Option<String>) -> Result<Smtp, Error> {
        let parsed = url::Url::parse(url)
            .map_err(|e| Error::Usage(format!("`{url}` is not an SMTP URL: {e}")))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(Error::Usage(format!(
                "SMTP URLs start with smtp:// or smtps://, not {}://",
                parsed.scheme()
            )));
        }
        if parsed.password().is_some() {
            return Err(Error::Usage(format!(
                "do not put the SMTP password in the URL (it would show in shell history and process lists); \
                 set {PASSWORD_ENV} instead"
            )));
        }
        let host = format!(
            "{}:{}",
            parsed.host_str().unwrap_or("?"),
            parsed.port().map_or("default".into(), |p| p.to_string())
        );
        let mut builder = SmtpTransport::from_url(url)
            .map_err(|e| Error::Usage(format!("bad SMTP URL for {host}: {e}")))?
            .timeout(Some(Duration::from_secs(30)));
        if !parsed.username().is_empty() {
            let Some(password) = password else {
                return Err(Error::Usage(format!(
                    "the SMTP URL names a user; set {PASSWORD_ENV} to its password"
                )));
            };
            builder =
                builder.credentials(Credentials::new(parsed.username().to_string(), password));
        }
        Ok(Smtp {
            transport: builder.build(),
            host,
            attempts: 4,
            backoff: Duration::from_millis(250),
        })
    }

    /// Sends `message`, retrying transient failures (4xx replies, lost connections)
    /// with exponential back-off. A permanent failure (5xx, TLS) is not retried. Returns the
    /// number of attempts made. Once the server has accepted a message this returns, so
    /// a delivered message is never sent again.
    pub fn send(&self, message: &Message) -> Result<u32, Error> {
        let mut delay = self.backoff;
        let mut attempt = 1;
        loop {
            match self.transport.send(message) {
                Ok(_) => return Ok(attempt),
                // A 5xx reply, a TLS failure or a client-side error will not go away
                // by asking again; only 4xx replies and lost connections are retried.
                Err(e)
                    if e.is_permanent()
                        || e.is_tls()
                        || e.is_client()
                        || attempt >= self.attempts =>
                {
                    return Err(Error::Mail(format!(
                        "{} refused the message after {attempt} attempt(s): {e}",
                        self.host
                    )))
                }
                Err(_) => {
                    std::thread::sleep(delay);
                    delay *= 2;
                    attempt += 1;
                }
            }
        }
    }
}

/// One row of a recipients file.
#[derive(Clone, Debug)]
pub struct Recipient {
    /// The line of the CSV file it came from (1-based, the header is line 1).
    pub line: u64,
    pub name: String,
    pub email: String,
    pub role: String,
}

/// The rows of a recipients file that could be read, and (line, reason) for those that
/// could not.
pub type Recipients = (Vec<Recipient>, Vec<(u64, String)>);

/// Reads a `name,email,role` CSV file. A row that cannot be read as three fields is
/// reported with its line; the other rows are returned.
pub fn read_recipients(path: &Path) -> Result<Recipients, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(file);
    let headers = reader
        .headers()
        .map_err(|e| Error::Usage(format!("{}: cannot read the header: {e}", path.display())))?
        .clone();
    let want = ["name", "email", "role"];
    let cols: Vec<Option<usize>> = want
        .iter()
        .map(|w| headers.iter().position(|h| h.eq_ignore_ascii_case(w)))
        .collect();
    if cols.iter().any(Option::is_none) {
        return Err(Error::Usage(format!(
            "{}:1: the header must name the columns name,email,role (found: {})",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(",")
        )));
    }
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let field = |i: usize| r.get(cols[i].expect("checked above")).map(str::to_string);
                match (field(0), field(1), field(2)) {
                    (Some(name), Some(email), Some(role))
                        if !email.is_empty() && !role.is_empty() =>
                    {
                        rows.push(Recipient {
                            line,
                            name,
                            email,
                            role,
                        })
                    }
                    _ => bad.push((
                        line,
                        "the row needs a name, an email and a role".to_string(),
                    )),
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push((line, format!("cannot read the row: {e}")));
            }
        }
    }
    Ok((rows, bad))
}

impl Recipient {
    /// The mailbox `"name" <email>`, or why the address is not one.
    pub fn mailbox(&self) -> Result<Mailbox, String> {
        let email = self
            .email
            .parse()
            .map_err(|e| format!("`{}` is not an e-mail address ({e})", self.email))?;
        let name = (!self.name.is_empty()).then(|| self.name.clone());
        Ok(Mailbox::new(name, email))
    }
}
