//! An SMTP URL read into a checked [`Smtp`]: the scheme and `?tls=` choose the
//! encryption and default port, the user part the credentials (their password from
//! the environment, never the URL), and credentials are refused over a connection
//! that is not surely encrypted unless the server is this machine. Messages show the
//! URL [`redact`]ed.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, TlsParameters};

use super::{Smtp, Tls, CONNECT_TIMEOUT, DATA_TIMEOUT};
use crate::error::{Error, Setting};
use crate::export::mail::PASSWORD_ENV;

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
            check_pem(pem)?;
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
        let (tls, default_port) = tls_choice(&parsed, &server, &shown, ca_pem)?;
        let port = parsed.port().unwrap_or(default_port);
        let host_port = format!("{}:{port}", parsed.host_str().unwrap_or_default());
        let credentials = credentials(&parsed, &tls, &host, &host_port, password)?;
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
}

/// Refuses a certificate file with no PEM certificate block in it.
fn check_pem(pem: &[u8]) -> Result<(), Error> {
    if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
        return Err(not_pem("no -----BEGIN CERTIFICATE----- block"));
    }
    Ok(())
}

/// The certificate to trust is not one, for the reason `why`; the setting is named so
/// the caller can say how to give another.
fn not_pem(why: &str) -> Error {
    Error::Setting {
        setting: Setting::SmtpCa,
        message: format!("the certificate to trust is not a PEM certificate ({why})"),
    }
}

/// The encryption `parsed`'s scheme and `?tls=` ask for, and the port that goes with
/// it when the URL names none; `ca_pem` is trusted besides the usual roots.
fn tls_choice(
    parsed: &url::Url,
    server: &str,
    shown: &str,
    ca_pem: Option<&[u8]>,
) -> Result<(Tls, u16), Error> {
    let tls_param = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let tls_params = || -> Result<TlsParameters, Error> {
        let mut b = TlsParameters::builder(server.to_string());
        if let Some(pem) = ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| not_pem(&e.to_string()))?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls()
            .map_err(|e| Error::Usage(format!("cannot set up TLS for {server}: {e}")))
    };
    let choice = match (parsed.scheme(), tls_param.as_deref()) {
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
    Ok(choice)
}

/// The URL's user, with the password from the environment; refused without
/// encryption unless `host` is this machine, and a user without a password is an
/// error.
fn credentials(
    parsed: &url::Url,
    tls: &Tls,
    host: &url::Host<&str>,
    host_port: &str,
    password: Option<String>,
) -> Result<Option<Credentials>, Error> {
    let user = percent_decode(parsed.username());
    let encrypted = matches!(tls, Tls::Starttls(_) | Tls::Wrapper(_));
    if (!user.is_empty() || password.is_some()) && !encrypted && !is_loopback(host) {
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
    Ok(credentials)
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
