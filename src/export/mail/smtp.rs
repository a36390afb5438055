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

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::Message;

use super::PASSWORD_ENV;
use crate::error::Error;

/// How long connecting, the greeting, STARTTLS and AUTH may take together per step.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the server may take to answer once connected (end of data included;
/// RFC 5321 allows minutes, real servers answer in seconds).
pub const DATA_TIMEOUT: Duration = Duration::from_secs(60);

/// `url` with any password replaced by `***`, for messages. Works on text that does
/// not parse as a URL too, since it is used to report exactly that: the user part runs
/// from after `scheme://` (or the start, when the scheme is mistyped or missing) to the
/// last `@`, whatever a password holds (`/`, `?`, `#`, `@`, `:`), and everything after
/// its first `:` is hidden. Hiding too much in a malformed URL is the safe mistake.
pub fn redact(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let Some(at) = url[start..].rfind('@').map(|i| start + i) else {
        return url.to_string();
    };
    match url[start..at].find(':') {
        Some(colon) => format!("{}:***{}", &url[..start + colon], &url[at..]),
        None => url.to_string(),
    }
}

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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        // smtp:// is not a "special" scheme to the URL standard, so an IPv4 address
        // arrives as an opaque host name.
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost"
                || d.ends_with(".localhost")
                || d.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        url::Host::Ipv4(ip) => Ipv4Addr::is_loopback(ip),
        url::Host::Ipv6(ip) => Ipv6Addr::is_loopback(ip),
    }
}

impl Smtp {
    /// `smtp://host:port` (plain), `smtp://user@host:587?tls=required` (STARTTLS),
    /// `smtps://user@host` (implicit TLS). The password comes from [`PASSWORD_ENV`]
    /// (`password` here); a password in the URL is refused, and so is any password over
    /// a connection that is not surely encrypted, unless the server is this machine.
    /// `ca_pem` is a PEM certificate to trust besides the usual roots.
    pub fn from_url(
        url: &str,
        password: Option<String>,
        ca_pem: Option<&[u8]>,
    ) -> Result<Smtp, Error> {
        let shown = redact(url);
        // A file that is not a PEM certificate is refused whatever the URL, not only
        // when TLS would have read it.
        if let Some(pem) = ca_pem {
            if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
                return Err(Error::Usage(
                    "the certificate to trust (--smtp-ca) is not a PEM certificate \
                     (no -----BEGIN CERTIFICATE----- block)"
                        .into(),
                ));
            }
        }
        let parsed = url::Url::parse(url)
            .map_err(|e| Error::Usage(format!("`{shown}` is not an SMTP URL: {e}")))?;
        if parsed.password().is_some() {
            return Err(Error::Usage(format!(
                "do not put the SMTP password in the URL (it would show in shell history and process lists); \
                 set {PASSWORD_ENV} instead"
            )));
        }
        let Some(host) = parsed.host() else {
            return Err(Error::Usage(format!("`{shown}` names no host")));
        };
        let server = match &host {
            url::Host::Ipv6(ip) => ip.to_string(),
            _ => parsed.host_str().unwrap_or_default().to_string(),
        };
        let tls_param = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let tls_params = || -> Result<TlsParameters, Error> {
            let mut b = TlsParameters::builder(server.clone());
            if let Some(pem) = ca_pem {
                let cert = Certificate::from_pem(pem).map_err(|e| {
                    Error::Usage(format!("--smtp-ca is not a PEM certificate: {e}"))
                })?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls()
                .map_err(|e| Error::Usage(format!("cannot set up TLS for {server}: {e}")))
        };
        let (tls, default_port) = match (parsed.scheme(), tls_param.as_deref()) {
            ("smtp", None) => (Tls::None, 25),
            ("smtp", Some("required")) => (Tls::Starttls(tls_params()?), 587),
            ("smtp", Some("opportunistic")) => (Tls::Opportunistic(tls_params()?), 587),
            ("smtps", None | Some("required")) => (Tls::Wrapper(tls_params()?), 465),
            ("smtp" | "smtps", Some(other)) => {
                return Err(Error::Usage(format!(
                "`{shown}`: tls={other} is not a choice; use tls=required (STARTTLS) or smtps://"
            )))
            }
            (scheme, _) => {
                return Err(Error::Usage(format!(
                    "SMTP URLs start with smtp:// or smtps://, not {scheme}://"
                )))
            }
        };
        let port = parsed.port().unwrap_or(default_port);
        let host_port = format!("{}:{port}", parsed.host_str().unwrap_or_default());
        let user = percent_decode(parsed.username());
        let encrypted = matches!(tls, Tls::Starttls(_) | Tls::Wrapper(_));
        if (!user.is_empty() || password.is_some()) && !encrypted && !is_loopback(&host) {
            return Err(Error::Usage(format!(
                "refusing to send SMTP credentials to {host_port} unencrypted: use \
                 smtps://{host}:465 (TLS, the usual port for it) or add ?tls=required \
                 (STARTTLS) to the URL",
                host = parsed.host_str().unwrap_or_default()
            )));
        }
        let credentials = if user.is_empty() {
            None
        } else {
            let Some(password) = password else {
                return Err(Error::Usage(format!(
                    "the SMTP URL names a user; set {PASSWORD_ENV} to its password"
                )));
            };
            Some(Credentials::new(user, password))
        };
        Ok(Smtp {
            server,
            port,
            tls,
            credentials,
            host: host_port,
            attempts: 3,
            backoff: Duration::from_millis(250),
            connect_timeout: CONNECT_TIMEOUT,
            data_timeout: DATA_TIMEOUT,
        })
    }

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
                            SendError::Network(format!("{s} (after {attempt} attempt(s))"))
                        }
                        other => {
                            SendError::Deferred(format!("{other} (after {attempt} attempt(s))"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_even_in_urls_that_do_not_parse() {
        assert_eq!(
            redact("smtp://bob:S3cret%20PW@127.0.0.1:99999"),
            "smtp://bob:***@127.0.0.1:99999"
        );
        assert_eq!(
            redact("smtps://b:p@ss@host/x?tls=required"),
            "smtps://b:***@host/x?tls=required"
        );
        assert_eq!(redact("smtp://bob@host"), "smtp://bob@host");
        // A password with URL syntax in it, and mistyped or missing schemes.
        for (url, shown) in [
            (
                "smtp://bob:pa/ss@127.0.0.1:99999",
                "smtp://bob:***@127.0.0.1:99999",
            ),
            ("smtp://bob:p?a#s@host:25", "smtp://bob:***@host:25"),
            ("smtp://bob:p@s:s@host", "smtp://bob:***@host"),
            ("bob:pass@host", "bob:***@host"),
            ("smtp:/bob:pass@host", "smtp:***@host"),
            ("smtp//bob:pa/ss@host", "smtp//bob:***@host"),
            ("smpt://bob:pass@host:25", "smpt://bob:***@host:25"),
            ("smtp://bob:@host", "smtp://bob:***@host"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
        assert_eq!(redact("not a url"), "not a url");
        let err = Smtp::from_url("smtp://bob:S3cret%20PW@127.0.0.1:99999", None, None)
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("S3cret"), "{err}");
    }

    #[test]
    fn credentials_need_encryption_unless_the_server_is_this_machine() {
        let pw = || Some("pw".to_string());
        for refused in [
            "smtp://bob@mail.example.com",
            "smtp://bob@mail.example.com:587?tls=opportunistic",
            "smtp://10.0.0.1:25",
        ] {
            let err = Smtp::from_url(refused, pw(), None)
                .err()
                .unwrap()
                .to_string();
            assert!(err.contains("refusing"), "{refused}: {err}");
        }
        for allowed in [
            "smtp://bob@127.0.0.1:2525",
            "smtp://bob@localhost:2525",
            "smtp://bob@[::1]:2525",
            "smtp://bob@mail.example.com?tls=required",
            "smtps://bob@mail.example.com",
        ] {
            let r = Smtp::from_url(allowed, pw(), None);
            assert!(r.is_ok(), "{allowed}: {:?}", r.err());
        }
        assert!(Smtp::from_url("smtp://mail.example.com", None, None).is_ok());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%40b%2"), "a@b%2");
        assert_eq!(percent_decode("%"), "%");
    }
}
