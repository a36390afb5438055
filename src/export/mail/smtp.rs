//! SMTP delivery: a checked server description ([`Smtp`]) and one connection per
//! worker ([`Sender`]), reused across messages.
//!
//! ```no_run
//! use prep_pdf::export::mail::smtp::{Sender, Smtp};
//! let smtp = Smtp::from_url("smtp://127.0.0.1:2525", None, None).unwrap();
//! let mut sender = Sender::new(&smtp);
//! # let message: lettre::Message = todo!();
//! sender.send(&message).unwrap();
//! ```
//!
//! Three promises hold here, before anything else runs: a password never travels
//! unencrypted except to this machine (the check needs no connection and no DNS), no
//! error message ever shows the password, and a server that does not answer costs
//! seconds, not minutes: connecting and the greeting have a short timeout of their
//! own, and the data phase a longer one.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::Message;

mod server_url;
pub use server_url::redact;

/// How long connecting, the greeting, STARTTLS and AUTH may take together per step.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the server may take to answer once connected (end of data included;
/// RFC 5321 allows minutes, real servers answer in seconds).
pub const DATA_TIMEOUT: Duration = Duration::from_secs(60);

/// How the connection is encrypted.
enum Tls {
    None,
    /// `smtp://…?tls=opportunistic`: STARTTLS if offered. Not encryption one can rely on.
    Opportunistic(TlsParameters),
    /// `smtp://…?tls=required`: STARTTLS, or nothing is sent.
    Starttls(TlsParameters),
    /// `smtps://`: TLS from the first byte.
    Wrapper(TlsParameters),
}

/// An SMTP server to deliver through, checked.
pub struct Smtp {
    server: String,
    port: u16,
    tls: Tls,
    credentials: Option<Credentials>,
    /// `host:port`, for messages (never the password).
    pub host: String,
    /// Attempts per message, and the delay before the first retry (doubling after).
    pub attempts: u32,
    pub backoff: Duration,
    pub connect_timeout: Duration,
    pub data_timeout: Duration,
}

impl Smtp {
    /// Connects, greets, encrypts and logs in, within the connect timeout per step.
    fn connect(&self) -> Result<SmtpConnection, lettre::transport::smtp::Error> {
        let wrapper = match &self.tls {
            Tls::Wrapper(p) => Some(p),
            _ => None,
        };
        let hello = ClientId::default();
        let mut conn = SmtpConnection::connect(
            (self.server.as_str(), self.port),
            Some(self.connect_timeout),
            &hello,
            wrapper,
            None,
        )?;
        match &self.tls {
            Tls::Starttls(p) => conn.starttls(p, &hello)?,
            Tls::Opportunistic(p) if conn.can_starttls() => conn.starttls(p, &hello)?,
            _ => {}
        }
        if let Some(c) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], c)?;
        }
        let _ = conn.set_timeout(Some(self.data_timeout));
        Ok(conn)
    }
}

/// Why a message was not delivered.
#[derive(Debug)]
pub enum SendError {
    /// The server could not be reached or did not answer: worth trying again later,
    /// and a sign the server is down when it repeats.
    Network(String),
    /// Connecting worked but setting up the session did not (TLS, AUTH, no STARTTLS):
    /// every other message would fail the same way.
    Session(String),
    /// This message was refused (a 5xx reply).
    Refused(String),
    /// This message was deferred (a 4xx reply): worth trying again.
    Deferred(String),
    /// The server stopped answering while this message was being sent: it may have
    /// been delivered, so it is not sent again (that would be a duplicate), and the
    /// silence counts against the server like a network failure.
    Unanswered(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Network(s)
            | SendError::Session(s)
            | SendError::Refused(s)
            | SendError::Deferred(s)
            | SendError::Unanswered(s) => f.write_str(s),
        }
    }
}

/// Whether a connection failed in its TLS handshake (a certificate that is not
/// trusted, expired or for another name): rustls reports those as I/O errors of kind
/// `InvalidData`, which a plain network failure never is. Trying again cannot help, so
/// the merge stops at once, as it does for AUTH.
fn tls_failed(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData)
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// Whether a step ran out of time: a socket timeout shows as an I/O error of kind
/// `WouldBlock` ("Resource temporarily unavailable") or `TimedOut`.
fn timed_out(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )
        }) {
            return true;
        }
        source = s.source();
    }
    false
}

/// One connection to the server, opened on first use and kept for the next message.
pub struct Sender<'a> {
    smtp: &'a Smtp,
    conn: Option<SmtpConnection>,
}

impl<'a> Sender<'a> {
    pub fn new(smtp: &'a Smtp) -> Sender<'a> {
        Sender { smtp, conn: None }
    }

    /// One attempt: reuses the open connection or opens one. A kept connection that
    /// the server has closed meanwhile (some close after every message) is not a
    /// server failure: it is opened again at once and the message sent on the new one.
    fn attempt(&mut self, message: &Message) -> Result<(), SendError> {
        let reused = self.conn.is_some();
        match self.attempt_once(message) {
            Err(SendError::Network(_)) if reused => self.attempt_once(message),
            other => other,
        }
    }

    fn attempt_once(&mut self, message: &Message) -> Result<(), SendError> {
        let smtp = self.smtp;
        let host = &smtp.host;
        if self.conn.is_none() {
            match smtp.connect() {
                Ok(c) => self.conn = Some(c),
                Err(e) if e.is_tls() || e.is_permanent() || e.is_client() || tls_failed(&e) => {
                    return Err(SendError::Session(format!(
                        "{host}: cannot set up the session: {e}"
                    )))
                }
                Err(e) if timed_out(&e) => {
                    return Err(SendError::Network(format!(
                        "{host}: no answer within {} s while connecting",
                        smtp.connect_timeout.as_secs()
                    )))
                }
                Err(e) => return Err(SendError::Network(format!("{host}: {e}"))),
            }
        }
        let conn = self.conn.as_mut().expect("connected above");
        let result = conn.send(message.envelope(), &message.formatted());
        if conn.has_broken() {
            self.conn = None;
        }
        match result {
            Err(e) if timed_out(&e) => {
                self.conn = None;
                Err(SendError::Unanswered(format!(
                    "{host}: no reply within {} s while the message was sent; it may have \
                     been delivered, so it was not sent again",
                    smtp.data_timeout.as_secs()
                )))
            }
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() || e.is_client() || e.is_tls() => Err(SendError::Refused(
                format!("{host} refused the message: {e}"),
            )),
            Err(e) if e.is_transient() => Err(SendError::Deferred(format!(
                "{host} deferred the message: {e}"
            ))),
            Err(e) => {
                self.conn = None;
                Err(SendError::Network(format!("{host}: {e}")))
            }
        }
    }

    /// Sends `message`, retrying transient failures (4xx replies, lost connections)
    /// with exponential back-off, unless `give_up` says to stop. Returns the number of
    /// attempts. Once the server has accepted a message this returns, so a delivered
    /// message is never sent again. `network_failure` is told of each failed attempt to
    /// reach the server, and `reached` of each success, so a merge can stop calling a
    /// dead server.
    pub fn send_with(
        &mut self,
        message: &Message,
        give_up: &dyn Fn() -> bool,
        on_network: &dyn Fn(bool),
    ) -> Result<u32, SendError> {
        let mut delay = self.smtp.backoff;
        let mut attempt = 1;
        loop {
            let result = self.attempt(message);
            on_network(!matches!(
                result,
                Err(SendError::Network(_) | SendError::Unanswered(_))
            ));
            match result {
                Ok(()) => return Ok(attempt),
                Err(SendError::Session(e)) => return Err(SendError::Session(e)),
                Err(SendError::Refused(e)) => return Err(SendError::Refused(e)),
                Err(SendError::Unanswered(e)) => return Err(SendError::Unanswered(e)),
                Err(e) if attempt >= self.smtp.attempts || give_up() => {
                    return Err(match e {
                        SendError::Network(s) => {
                            SendError::Network(format!("{s} (after {})", attempts(attempt)))
                        }
                        other => {
                            SendError::Deferred(format!("{other} (after {})", attempts(attempt)))
                        }
                    })
                }
                Err(_) => {
                    std::thread::sleep(delay);
                    delay *= 2;
                    attempt += 1;
                }
            }
        }
    }

    /// [`Sender::send_with`] without a merge around it.
    pub fn send(&mut self, message: &Message) -> Result<u32, SendError> {
        self.send_with(message, &|| false, &|_| {})
    }
}

impl Drop for Sender<'_> {
    fn drop(&mut self) {
        if let Some(mut c) = self.conn.take() {
            let _ = c.quit();
        }
    }
}
/// "1 attempt", "2 attempts".
fn attempts(n: u32) -> String {
    match n {
        1 => "1 attempt".to_string(),
        n => format!("{n} attempts"),
    }
}
