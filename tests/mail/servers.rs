//! A merge and its SMTP server: a server that hangs up after each message, one that
//! goes silent, one that stops answering mid-message (given up on without a
//! duplicate); credentials refused over plain SMTP to another host; STARTTLS and
//! implicit TLS with AUTH and `--smtp-ca`; and `--rate`.

use std::time::{Duration, Instant};

use super::util::{stderr, Dir};
use super::{
    assert_each_once, cohort, delivered_to, merge_command, python, read_eml, send_one, support,
    Server, FROM, PASSWORD_ENV,
};
use crate::prep_test;

prep_test!(
    a_server_that_closes_after_each_message_gets_every_message,
    |dir| {
        // Four connections, each found closed before its next message: a reconnection,
        // not four network failures in a row (which gave the merge up).
        let server = Server::with(&dir.join("maildir"), &["--close-after-each"]);
        dir.write("c.csv", &cohort(12));
        let out = merge_command(&dir, "c.csv", &server.url(), &["--connections", "4"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_each_once(&dir, "maildir", 12);
    }
);

prep_test!(a_silent_server_is_given_up_on_within_a_minute, |dir| {
    // Accepts connections (the kernel does) and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://127.0.0.1:{}", silent.local_addr().unwrap().port());
    dir.write("c.csv", &cohort(4));
    let start = Instant::now();
    let out = merge_command(&dir, "c.csv", &url, &["--report", "r.csv"])
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = stderr(&out);
    assert!(took < Duration::from_secs(60), "took {took:?}: {err}");
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("gave up: the server failed 4 times in a row"),
        "{err}"
    );
    assert!(err.contains("sent 0 of 4 messages; 4 failed"), "{err}");
    let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
    assert_eq!(report.matches(",failed,").count(), 4, "{report}");
    drop(silent);
});

prep_test!(
    credentials_over_plain_smtp_to_another_host_are_refused_before_any_connection,
    |dir| {
        dir.write("c.csv", &cohort(1));
        // 192.0.2.1 is TEST-NET-1 (never routed) and .invalid never resolves: a
        // connection or lookup would hang or fail differently; the refusal is instant.
        for url in [
            "smtp://bob@192.0.2.1:25",
            "smtp://bob@mail.invalid:587?tls=opportunistic",
            "smtp://192.0.2.1:25",
        ] {
            let start = Instant::now();
            let out = merge_command(&dir, "c.csv", url, &[])
                .env(PASSWORD_ENV, "Hunter2-secret")
                .output()
                .unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{url}: {err}");
            assert!(
                start.elapsed() < Duration::from_secs(3),
                "{url}: no connection tried"
            );
            assert!(
                err.contains("refusing to send SMTP credentials")
                    && err.contains("?tls=required")
                    && err.contains("smtps://"),
                "{err}"
            );
            assert!(!err.contains("Hunter2"), "{err}");
        }
        // A URL that does not parse is echoed without its password.
        let out = send_one(&dir, "smtp://bob:S3cret%20PW@127.0.0.1:99999");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("bob:***@127.0.0.1:99999") && !err.contains("S3cret"),
            "{err}"
        );
        // Passwords holding URL syntax, and mistyped schemes or hosts: whatever fails
        // to parse, no message shows the password (issue 24 item 1).
        for url in [
            "smtp://bob:Hu/nter2X@127.0.0.1:99999",
            "smtp://bob:Hu?nter2X@127.0.0.1:25",
            "smtp://bob:Hu#nter2X@127.0.0.1:25",
            "smtp://bob:Hu@nter2X@127.0.0.1:99999",
            "bob:Hunter2X@127.0.0.1",
            "smtp:/bob:Hunter2X@127.0.0.1",
            "smpt://bob:Hunter2X@127.0.0.1:25",
            "smtp://bob:Hunter2X@[::1:25",
            "smtp://bob:Hunter2X@exa mple.com",
        ] {
            let out = send_one(&dir, url);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{url}: {err}");
            assert!(!err.contains("nter2X"), "{url}: {err}");
            assert!(
                err.contains("***@") || err.contains("do not put the SMTP password in the URL"),
                "{url}: {err}"
            );
        }
    }
);

/// A throwaway CA and a certificate for 127.0.0.1 in `dir/tls`.
fn make_cert(dir: &Dir) {
    let out = python()
        .arg(support("make_cert.py"))
        .arg(dir.join("tls"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

prep_test!(
    starttls_and_implicit_tls_deliver_with_auth_and_smtp_ca,
    |dir| {
        make_cert(&dir);
        let (cert, key) = (dir.join("tls/server.pem"), dir.join("tls/server.key"));
        let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
        dir.write("c.csv", &cohort(3));
        for (mode, url) in [
            ("starttls", "smtp://bob@127.0.0.1:{}?tls=required"),
            ("implicit", "smtps://bob@127.0.0.1:{}"),
        ] {
            let maildir = format!("mail-{mode}");
            let server = Server::with(
                &dir.join(&maildir),
                &[
                    "--tls",
                    mode,
                    "--cert",
                    cert,
                    "--key",
                    key,
                    "--auth",
                    "bob:pa55 word",
                ],
            );
            let url = url.replace("{}", &server.port.to_string());
            // Without --smtp-ca the self-signed certificate is not trusted: nothing goes.
            let out = merge_command(&dir, "c.csv", &url, &["--journal", "untrusted.journal"])
                .env(PASSWORD_ENV, "pa55 word")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3), "{mode}: {}", stderr(&out));
            // A certificate failure stops the merge at once, like AUTH: retrying cannot
            // help (it was retried as a network error, four times a message).
            let err = stderr(&out);
            assert!(
                err.contains("gave up") && err.contains("cannot set up the session"),
                "{mode}: {err}"
            );
            assert!(err.to_lowercase().contains("certificate"), "{mode}: {err}");
            assert!(!err.contains("(after "), "{mode}: not retried: {err}");
            assert!(dir.list(&maildir).is_empty(), "{mode}");
            // A wrong password: refused once, and the merge stops at once.
            let out = merge_command(
                &dir,
                "c.csv",
                &url,
                &["--smtp-ca", "tls/ca.pem", "--journal", "wrong.journal"],
            )
            .env(PASSWORD_ENV, "wrong")
            .output()
            .unwrap();
            assert_eq!(out.status.code(), Some(3), "{mode}: {}", stderr(&out));
            assert!(!stderr(&out).contains("wrong\n") && !stderr(&out).contains("pa55"));
            assert!(dir.list(&maildir).is_empty(), "{mode}");

            let out = merge_command(
                &dir,
                "c.csv",
                &url,
                &[
                    "--smtp-ca",
                    "tls/ca.pem",
                    "--journal",
                    &format!("{mode}.journal"),
                ],
            )
            .env(PASSWORD_ENV, "pa55 word")
            .output()
            .unwrap();
            assert!(out.status.success(), "{mode}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("sent 3 of 3 messages"),
                "{}",
                stderr(&out)
            );
            assert_eq!(delivered_to(&dir, &maildir).len(), 3);
            let log = std::fs::read_to_string(dir.join(&format!("{maildir}.log"))).unwrap();
            for line in log.lines() {
                let entry: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(entry["user"], "bob", "{mode}: authenticated");
                assert_eq!(entry["tls"], true, "{mode}: encrypted");
            }
            let (m, _) = read_eml(&dir, &dir.join(&format!("{maildir}/0001.eml")));
            assert_eq!(m["attachments"][0]["type"], "application/pdf");
        }
    }
);

prep_test!(rate_spaces_messages_out, |dir| {
    let server = Server::start(&dir.join("maildir"), 0);
    dir.write("c.csv", &cohort(6));
    let start = Instant::now();
    let out = merge_command(&dir, "c.csv", &server.url(), &["--rate", "5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Six messages at five a second: the last one leaves a second after the first.
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(delivered_to(&dir, "maildir").len(), 6);
});

/// A misbehaving server from `tests/support/raw_smtp.py`: the child and its port.
fn raw_server(mode: &str, count: &std::path::Path) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut child = python()
        .arg(support("raw_smtp.py"))
        .arg(mode)
        .arg(count)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    (
        child,
        line.trim().parse().expect("raw_smtp.py prints its port"),
    )
}

prep_test!(
    a_server_that_stops_answering_costs_each_step_its_limit_once_and_never_a_duplicate,
    |dir| {
        use prep_pdf::content::Bank;
        use prep_pdf::export::mail::smtp::{Sender, Smtp};
        use prep_pdf::export::mail::{compose, Letter};
        let letter = Letter {
            role: "qa-mid".into(),
            to: "ada@example.com".parse().unwrap(),
            from: FROM.parse().unwrap(),
            subject: None,
            body: None,
        };
        let message = compose(&Bank::bundled(), &letter, &Default::default()).unwrap();
        // Hangs after the end of the data: the message may have been taken, so it is
        // not sent again (it was re-sent up to seven times), and the reason says so.
        let count = dir.join("count");
        let (mut child, port) = raw_server("hang-after-data", &count);
        let mut smtp = Smtp::from_url(&format!("smtp://127.0.0.1:{port}"), None, None).unwrap();
        smtp.data_timeout = Duration::from_secs(2);
        let err = Sender::new(&smtp).send(&message).unwrap_err().to_string();
        assert!(
            err.contains("no reply within 2 s") && err.contains("not sent again"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&count).unwrap(), "1", "sent once");
        let _ = child.kill();
        // Greets and then says nothing: a timeout named as one, not "Resource
        // temporarily unavailable".
        let (mut child, port) = raw_server("greet-only", &count);
        let mut smtp = Smtp::from_url(&format!("smtp://127.0.0.1:{port}"), None, None).unwrap();
        smtp.connect_timeout = Duration::from_secs(1);
        smtp.backoff = Duration::from_millis(10);
        let err = Sender::new(&smtp).send(&message).unwrap_err().to_string();
        assert!(err.contains("no answer within 1 s"), "{err}");
        assert!(!err.contains("temporarily unavailable"), "{err}");
        let _ = child.kill();
    }
);
