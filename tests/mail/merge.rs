//! The mail merge against the real SMTP server: bad rows never crash it, the journal
//! survives SIGKILL and Ctrl-C, silent servers are given up on, credentials only travel
//! encrypted, STARTTLS and implicit TLS deliver; and what --report and --dry-run say.

use std::process::Command;
use std::time::{Duration, Instant};

use super::util::{assert_ok, squash, stderr, Dir};
use super::{
    cohort, delivered_to, merge_command, python, read_eml, send_one, support, wait_for, Server,
    FROM, PASSWORD_ENV,
};
use crate::prep_test;

prep_test!(
    a_line_break_in_a_name_is_a_space_and_no_row_crashes_a_merge,
    |dir| {
        // Alt+Enter in a spreadsheet cell; then the same person again; then a subject
        // far over the header line limit.
        dir.write(
            "r.csv",
            "name,email,role\n\"Ada\nLovelace\",ada@example.com,qa-mid\n\"Ada L.\",ADA@example.com,qa-mid\n\
             \"Bad\r\nAddress\",\"x@example.com\nBcc: evil@example.com\",qa-mid\n",
        );
        let subject = "x".repeat(2000);
        let merge = |extra: &[&str]| {
            let mut args = vec![
                "mail",
                "--recipients",
                "r.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
                "--subject",
                &subject,
                "--report",
                "report.csv",
            ];
            args.extend_from_slice(extra);
            dir.run(&args)
        };
        let out = merge(&[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "bad rows are reported: {err}");
        assert!(
            err.contains("r.csv:4: skipped: the same address and role as line 2"),
            "{err}"
        );
        // A header smuggled in after a line break: the address holds a line break.
        assert!(
            err.contains(
                "r.csv:5: skipped: the address has an invisible or space character (U+000A)"
            ),
            "{err}"
        );
        assert!(err.contains("wrote 1 of 3 messages; 2 skipped"), "{err}");
        assert_eq!(dir.list("d"), ["qa-mid-ada@example.com.eml"]);
        let eml = dir.join("d/qa-mid-ada@example.com.eml");
        let raw = std::fs::read_to_string(&eml).unwrap();
        assert!(
            raw.lines().all(|l| l.len() <= 998),
            "no header line over RFC 5322's limit"
        );
        let (m, pdf) = read_eml(&dir, &eml);
        assert_eq!(m["to"], "Ada Lovelace <ada@example.com>");
        assert_eq!(
            m["subject"],
            subject.as_str(),
            "the folded subject reads back whole"
        );
        assert_eq!(m["defects"], serde_json::json!([]));
        assert!(squash(&pdf.text()).contains("PreparedforAdaLovelace"));
        // The merge lays the role out once and stamps each copy: the same bytes as a
        // single export for that name.
        assert_ok(&dir.run(&[
            "--role",
            "qa-mid",
            "--prepared-for",
            "Ada Lovelace",
            "-o",
            "one.pdf",
        ]));
        assert!(
            std::fs::read(dir.join("attachment.pdf")).unwrap()
                == std::fs::read(dir.join("one.pdf")).unwrap(),
            "the stamped attachment is byte-identical to prep-pdf --prepared-for"
        );

        let report = std::fs::read_to_string(dir.join("report.csv")).unwrap();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines[0], "line,name,email,role,status,message_id,error");
        assert!(
            lines[1].starts_with("2,Ada Lovelace,ada@example.com,qa-mid,written,<"),
            "{report}"
        );
        assert!(
            lines[2].starts_with("4,Ada L.,ADA@example.com,qa-mid,skipped,,"),
            "{report}"
        );
        assert!(lines[3].starts_with("5,Bad Address,"), "{report}");
        assert_eq!(lines.len(), 4, "one report row per input row: {report}");

        // Run again: the journal says the draft is written; nothing is written twice.
        std::fs::remove_file(&eml).unwrap();
        let out = merge(&[]);
        let err = stderr(&out);
        assert!(
            err.contains("wrote 0 of 3 messages; 1 already written by an earlier run"),
            "{err}"
        );
        assert!(dir.list("d").is_empty());
        let report = std::fs::read_to_string(dir.join("report.csv")).unwrap();
        assert!(report.contains(",already written,"), "{report}");
        // --restart forgets the journal.
        let out = merge(&["--restart"]);
        assert!(
            stderr(&out).contains("wrote 1 of 3 messages"),
            "{}",
            stderr(&out)
        );
    }
);

prep_test!(a_dry_run_checks_every_row_and_sends_nothing, |dir| {
    let server = Server::start(&dir.join("maildir"), 0);
    let mut csv = cohort(3);
    csv.push_str("Dev,dev@example.com,backend-mid\nNobody,nobody@example.com,astronaut\n");
    dir.write("c.csv", &csv);
    let out = merge_command(&dir, "c.csv", &server.url(), &["--dry-run"])
        .output()
        .unwrap();
    let (text, err) = (String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        text.contains(&format!(
            "would send 4 messages (to {} over SMTP)",
            server.url().trim_start_matches("smtp://")
        )),
        "{text}"
    );
    assert!(
        text.contains("qa-mid: 3") && text.contains("backend-mid: 1"),
        "{text}"
    );
    assert!(text.contains("1 bad row skipped"), "{text}");
    assert!(!super::wording::says_sent(&text), "{text}");
    assert!(
        err.contains("c.csv:6: skipped: unknown role `astronaut`"),
        "{err}"
    );
    assert!(dir.list("maildir").is_empty(), "nothing sent");
    assert!(!dir.join("c.csv.journal").exists(), "nothing written");
});

prep_test!(
    a_killed_merge_resumes_and_only_in_flight_messages_go_twice,
    |dir| {
        // Each message takes the server 50 ms, so the merge is caught mid-way.
        let server = Server::with(&dir.join("maildir"), &["--delay", "0.05"]);
        dir.write("c.csv", &cohort(40));
        let mut child = merge_command(&dir, "c.csv", &server.url(), &["--connections", "2"])
            .spawn()
            .unwrap();
        wait_for("ten deliveries", Duration::from_secs(60), || {
            dir.list("maildir").len() >= 10
        });
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let before = dir.list("maildir").len();
        assert!(before < 40, "killed part-way ({before} delivered)");

        let out = merge_command(&dir, "c.csv", &server.url(), &["--report", "r.csv"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        let to = delivered_to(&dir, "maildir");
        let mut unique = to.clone();
        unique.dedup();
        assert_eq!(unique.len(), 40, "every row delivered: {err}");
        let twice = to.len() - unique.len();
        assert!(
            twice <= 2,
            "only the messages in flight (2 connections) went twice, not {twice}"
        );
        let skipped: usize = err
            .split("; ")
            .find_map(|p| {
                p.trim_end()
                    .strip_suffix(" already sent by an earlier run (journal c.csv.journal)")
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("says how many it skipped: {err}"));
        assert!(
            skipped + 2 >= before && skipped <= before,
            "{skipped} vs {before}"
        );
        let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        assert_eq!(report.matches(",already sent,").count(), skipped);
        assert_eq!(report.matches(",sent,").count(), 40 - skipped);
        // An "already sent" row names the message the earlier run delivered, as its
        // journal recorded it.
        let journal = std::fs::read_to_string(dir.join("c.csv.journal")).unwrap();
        for line in report.lines().filter(|l| l.contains(",already sent,")) {
            let id = line.split(',').nth(5).unwrap();
            assert!(id.starts_with('<') && journal.contains(id), "{line}");
        }
    }
);

prep_test!(
    ctrl_c_finishes_in_flight_messages_and_writes_the_journal,
    |dir| {
        // The server takes five messages and holds the rest until the signal has
        // landed, so the merge cannot finish first (a race the old test had).
        let server = Server::with(&dir.join("maildir"), &["--hold-after", "5"]);
        dir.write("c.csv", &cohort(30));
        let child = merge_command(&dir, "c.csv", &server.url(), &["--report", "r.csv"])
            .spawn()
            .unwrap();
        wait_for("five deliveries", Duration::from_secs(60), || {
            dir.list("maildir").len() >= 5
        });
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        std::thread::sleep(Duration::from_millis(200));
        dir.write("maildir.release", "");
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(130), "{err}");
        assert!(err.contains("interrupted"), "{err}");
        assert!(
            err.contains("not tried; run the same command again"),
            "{err}"
        );
        let sent = dir.list("maildir").len();
        assert!(sent < 30, "stopped early");
        let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        assert_eq!(report.matches(",sent,").count(), sent, "{report}");
        // Everything in flight was finished and journaled: a re-run sends the rest once.
        let out = merge_command(&dir, "c.csv", &server.url(), &[])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let to = delivered_to(&dir, "maildir");
        let mut unique = to.clone();
        unique.dedup();
        assert_eq!((to.len(), unique.len()), (30, 30), "no message twice");
    }
);

prep_test!(ctrl_c_during_a_slow_rate_starts_no_new_message, |dir| {
    // Eight connections paced at one message every two seconds: each worker holds a
    // slot in the schedule. After Ctrl-C none of them may start a new message.
    let server = Server::with(&dir.join("maildir"), &[]);
    dir.write("c.csv", &cohort(30));
    let child = merge_command(
        &dir,
        "c.csv",
        &server.url(),
        &["--rate", "0.5", "--connections", "8"],
    )
    .spawn()
    .unwrap();
    wait_for("two deliveries", Duration::from_secs(60), || {
        dir.list("maildir").len() >= 2
    });
    let before = dir.list("maildir").len();
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let after = dir.list("maildir").len();
    assert!(
        after <= before + 1,
        "{before} delivered at the signal, {after} after: only one in flight may finish"
    );
});

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
        let to = delivered_to(&dir, "maildir");
        let mut unique = to.clone();
        unique.dedup();
        assert_eq!((to.len(), unique.len()), (12, 12), "each message once");
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
            assert!(!err.contains("attempt(s)"), "{mode}: not retried: {err}");
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

prep_test!(an_unreadable_row_is_reported_by_its_own_shard_only, |dir| {
    let mut csv = b"name,email,role\nA,a@example.com,qa-mid\n".to_vec();
    csv.extend_from_slice(b"B\xff\xfe,b@example.com,qa-mid\n"); // not UTF-8: line 3
    csv.extend_from_slice(b"C,c@example.com,qa-mid\nD,d@example.com,qa-mid\n");
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let shard = |s: &str| {
        dir.run(&[
            "mail",
            "--recipients",
            "c.csv",
            "--from",
            FROM,
            "--eml-dir",
            "d",
            "--shard",
            s,
        ])
    };
    let (one, two) = (shard("1/2"), shard("2/2"));
    assert_ok(&one);
    assert!(!stderr(&one).contains("c.csv:3"), "{}", stderr(&one));
    assert!(
        stderr(&one).contains("wrote 2 of 2 messages"),
        "{}",
        stderr(&one)
    );
    assert_eq!(two.status.code(), Some(1));
    assert!(
        stderr(&two).contains("c.csv:3: skipped: cannot read the row"),
        "{}",
        stderr(&two)
    );
    assert!(
        stderr(&two).contains("wrote 1 of 2 messages; 1 skipped"),
        "{}",
        stderr(&two)
    );
    assert_eq!(dir.list("d").len(), 3);
});

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

prep_test!(
    every_recipient_gets_a_draft_of_its_own_and_planted_links_are_not_followed,
    |dir| {
        // Addresses that the old names folded together (`a!b@`, `a#b@`, `a%b@` and
        // `a_b@` all became `a_b@`; `Ab@` and `ab@` only differ in case, which some file
        // systems ignore, but they are one recipient), and an address too long for a
        // plain file name (capitals escape to three bytes each).
        let long = format!("{}@{}.example.com", "A".repeat(64), "d".repeat(60));
        let addresses = [
            "a!b@example.com",
            "a#b@example.com",
            "a%b@example.com",
            "a_b@example.com",
            "a%5Fb@example.com",
            "a.b@example.com",
            "a+b@example.com",
            &long,
        ];
        let mut csv = String::from("name,email,role\n");
        for (i, a) in addresses.iter().enumerate() {
            csv.push_str(&format!("P{i},\"{a}\",qa-mid\n"));
        }
        dir.write("r.csv", &csv);
        let merge = |extra: &[&str]| {
            let mut args = vec![
                "mail",
                "--recipients",
                "r.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
            ];
            args.extend_from_slice(extra);
            dir.run(&args)
        };
        let out = merge(&["--report", "report.csv"]);
        assert_ok(&out);
        let files = dir.list("d");
        let emls: Vec<_> = files.iter().filter(|f| f.ends_with(".eml")).collect();
        assert_eq!(emls.len(), addresses.len(), "{files:?}");
        let folded: std::collections::HashSet<String> =
            emls.iter().map(|f| f.to_lowercase()).collect();
        assert_eq!(
            folded.len(),
            addresses.len(),
            "names differ even ignoring case"
        );
        assert!(emls.iter().all(|f| f.len() <= 200), "{emls:?}");
        // Each draft is addressed to its own recipient.
        for a in &addresses {
            let hits = emls
                .iter()
                .filter(|f| {
                    let raw = std::fs::read_to_string(dir.join("d").join(f)).unwrap();
                    raw.lines().any(|l| l.starts_with("To:") && l.contains(*a))
                })
                .count();
            assert_eq!(hits, 1, "{a}");
        }
        // A symbolic link planted where a draft goes is not followed onto its target:
        // the row fails, named in the report, and the target is untouched.
        std::fs::remove_dir_all(dir.join("d")).unwrap();
        std::fs::create_dir_all(dir.join("d")).unwrap();
        dir.write("victim.txt", "keep me");
        std::os::unix::fs::symlink(
            dir.join("victim.txt"),
            dir.join("d/qa-mid-a.b@example.com.eml"),
        )
        .unwrap();
        let _ = std::fs::remove_file(dir.join("r.csv.journal"));
        let out = merge(&["--report", "report2.csv", "--restart"]);
        assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(dir.join("victim.txt")).unwrap(),
            "keep me"
        );
        let report = std::fs::read_to_string(dir.join("report2.csv")).unwrap();
        assert!(
            report
                .lines()
                .any(|l| l.contains("a.b@example.com") && l.contains("not a regular file")),
            "{report}"
        );
        assert_eq!(
            dir.list("d").iter().filter(|f| f.ends_with(".eml")).count(),
            addresses.len(),
            "the others were written, the link left as it was"
        );
    }
);

prep_test!(
    a_stray_quote_costs_its_own_row_only_and_crlf_lines_are_numbered_as_editors_do,
    |dir| {
        for eol in ["\n", "\r\n"] {
            let mut csv = format!("name,email,role{eol}");
            for i in 0..60 {
                match i {
                    // Closed only by row 40's opening quote: it swallowed the rows between.
                    3 => csv.push_str(&format!("\"Stray {i},s{i}@example.com,qa-mid{eol}")),
                    // A name with its own (good) quotes.
                    40 => csv.push_str(&format!("\"Doe, J{i}\",d{i}@example.com,qa-mid{eol}")),
                    _ => csv.push_str(&format!("P{i},p{i}@example.com,qa-mid{eol}")),
                }
            }
            dir.write("r.csv", &csv);
            let _ = std::fs::remove_dir_all(dir.join("d"));
            let _ = std::fs::remove_file(dir.join("r.csv.journal"));
            let out = dir.run(&[
                "mail",
                "--recipients",
                "r.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
                "--report",
                "report.csv",
            ]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{err}");
            // The stray quote's row is named at its line (header is line 1, so row 3
            // is line 5), with what it would have swallowed; nothing else is lost.
            assert!(
                err.contains(
                    "r.csv:5: skipped: a quote opens a field here and closes only 37 lines later"
                ),
                "{eol:?}: {err}"
            );
            assert_eq!(
                dir.list("d").iter().filter(|f| f.ends_with(".eml")).count(),
                59,
                "{eol:?}"
            );
            let report = std::fs::read_to_string(dir.join("report.csv")).unwrap();
            assert_eq!(
                report.lines().count(),
                61,
                "a report row for every input row"
            );
            // A later row's problem is reported at its own line.
            assert!(err.contains("wrote 59 of 60"), "{err}");
        }
        // Never closed: it would swallow every line to the end.
        dir.write(
            "u.csv",
            "name,email,role\n\"Ada,a@example.com,qa-mid\nB,b@example.com,qa-mid\n",
        );
        let out = dir.run(&[
            "mail",
            "--recipients",
            "u.csv",
            "--from",
            FROM,
            "--eml-dir",
            "u",
        ]);
        let err = stderr(&out);
        assert!(
            err.contains("u.csv:2: skipped: a quote opens a field here and is never closed, which would swallow the 1 line after it"),
            "{err}"
        );
        assert_eq!(dir.list("u").len(), 1, "{err}");
        // A bad row after a CRLF header and rows is named at the line an editor shows.
        dir.write(
            "c.csv",
            "name,email,role\r\nA,a@example.com,qa-mid\r\nB,not-an-address,qa-mid\r\n",
        );
        let out = dir.run(&[
            "mail",
            "--recipients",
            "c.csv",
            "--from",
            FROM,
            "--eml-dir",
            "c",
        ]);
        assert!(
            stderr(&out).contains("c.csv:3: skipped: `not-an-address`"),
            "{}",
            stderr(&out)
        );
    }
);

prep_test!(
    numeric_flags_are_bounded_and_a_closed_stderr_loses_nothing,
    |dir| {
        dir.write("c.csv", &cohort(3));
        for rate in ["1e-300", "0", "-1", "NaN", "inf", "1e9", "0.000001"] {
            let out = dir.run(&[
                "mail",
                "--recipients",
                "c.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
                "--rate",
                rate,
            ]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "--rate {rate}: {err}");
            assert!(err.contains("--rate must be a number"), "{err}");
            assert!(!dir.join("d").exists(), "nothing written for --rate {rate}");
        }
        // Standard error is a pipe whose reader has gone: every message fails with
        // EPIPE. The merge still writes every draft, its journal and its report.
        let mut fds = [0; 2];
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        unsafe { libc::close(fds[0]) };
        let broken = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fds[1]) };
        let out = Command::new(env!("CARGO_BIN_EXE_prep-pdf"))
            .current_dir(&dir.path)
            .args([
                "mail",
                "--recipients",
                "c.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
                "--report",
                "report.csv",
            ])
            .stderr(broken)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "no panic (101) for a closed stderr"
        );
        assert_eq!(dir.list("d").len(), 3);
        let report = std::fs::read_to_string(dir.join("report.csv")).unwrap();
        assert_eq!(report.lines().count(), 4, "{report}");
        assert!(dir.join("c.csv.journal").exists());
    }
);

prep_test!(
    every_output_path_is_checked_before_the_first_message,
    |dir| {
        dir.write("c.csv", &cohort(3));
        std::fs::create_dir_all(dir.join("a-folder")).unwrap();
        for (extra, code, says) in [
            (
                vec!["--report", "missing/dir/r.csv"],
                3,
                "missing/dir/r.csv",
            ),
            (vec!["--report", "a-folder"], 3, "is a folder"),
            (vec!["--journal", "c.csv"], 2, "give it a file of its own"),
        ] {
            let mut args = vec![
                "mail",
                "--recipients",
                "c.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
            ];
            args.extend(extra.iter().copied());
            let out = dir.run(&args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(code), "{extra:?}: {err}");
            assert!(err.contains(says), "{extra:?}: {err}");
            let drafts = if dir.join("d").exists() {
                dir.list("d").len()
            } else {
                0
            };
            assert_eq!(drafts, 0, "{extra:?}: nothing written before the check");
            assert_eq!(
                std::fs::read_to_string(dir.join("c.csv")).unwrap(),
                cohort(3)
            );
        }
    }
);

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

prep_test!(
    a_dry_run_and_a_real_run_give_every_row_the_same_verdict,
    |dir| {
        // Rows the old pre-send check passed and sending then failed: an address
        // literal, a quoted local part, a name starting with a byte-order mark or
        // holding a bidi override, and a role whose file does not parse.
        dir.write(
            "bank/qa-mid.yaml",
            &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/content/qa-mid.yaml"))
                .unwrap(),
        );
        dir.write("bank/broken.yaml", "title: [unclosed\n");
        dir.write(
            "r.csv",
            "name,email,role\nA,a@[127.0.0.1],qa-mid\nB,\"\"\"q l\"\"@example.com\",qa-mid\n\
             \u{feff}C,c@example.com,qa-mid\nD\u{202e},d@example.com,qa-mid\n\
             E,e@example.com,broken\nF,f@example.com,qa-mid\n",
        );
        let run = |extra: &[&str]| {
            let mut args = vec![
                "mail",
                "--content",
                "bank",
                "--recipients",
                "r.csv",
                "--from",
                FROM,
                "--eml-dir",
                "d",
            ];
            args.extend_from_slice(extra);
            stderr(&dir.run(&args))
        };
        let skipped = |err: &str| -> Vec<String> {
            err.lines()
                .filter(|l| l.contains(": skipped: ") || l.contains(": failed: "))
                .map(|l| l.split(": ").next().unwrap().to_string())
                .collect()
        };
        let dry = run(&["--dry-run"]);
        let real = run(&[]);
        assert_eq!(
            skipped(&dry),
            ["r.csv:2", "r.csv:3", "r.csv:4", "r.csv:5", "r.csv:6"],
            "{dry}"
        );
        assert_eq!(skipped(&dry), skipped(&real), "dry:\n{dry}\nreal:\n{real}");
        assert!(
            real.contains("broken") && real.contains("prep-pdf check broken"),
            "{real}"
        );
        assert!(
            !real.contains(": failed: "),
            "every bad row is caught before sending: {real}"
        );
        assert_eq!(dir.list("d").len(), 1);
    }
);

prep_test!(
    report_cells_are_never_formulas_and_a_bad_smtp_ca_is_a_usage_error,
    |dir| {
        dir.write(
            "r.csv",
            "name,email,role\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a@example.com,qa-mid\n\
             +cmd,b@example.com,qa-mid\n-2+3,c@example.com,qa-mid\n@SUM(1),d@example.com,qa-mid\n\
             Plain,e@example.com,=nope\n",
        );
        let out = dir.run(&[
            "mail",
            "--recipients",
            "r.csv",
            "--from",
            FROM,
            "--eml-dir",
            "d",
            "--report",
            "rep.csv",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let report = std::fs::read_to_string(dir.join("rep.csv")).unwrap();
        for cell in ["=HYPERLINK", "+cmd", "-2+3", "@SUM(1)", "=nope"] {
            let quoted = format!("'{cell}");
            assert!(report.contains(&quoted), "{cell} made inert: {report}");
            assert!(
                !report
                    .lines()
                    .any(|l| l.split(',').any(|c| c.trim_matches('"').starts_with(cell))),
                "{cell} never starts a cell: {report}"
            );
        }
        // A file that is not a certificate, whatever the URL's encryption.
        dir.write("ca.pem", "not a certificate\n");
        for url in ["smtp://127.0.0.1:2525", "smtps://127.0.0.1:2465"] {
            let out = dir.run(&[
                "mail",
                "--to",
                "a@example.com",
                "--role",
                "qa-mid",
                "--from",
                FROM,
                "--smtp",
                url,
                "--smtp-ca",
                "ca.pem",
            ]);
            assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("not a PEM certificate"),
                "{}",
                stderr(&out)
            );
        }
    }
);

prep_test!(
    a_drafts_merge_that_cannot_write_stops_at_the_first_draft,
    |dir| {
        // A file-size limit stands in for a full disk (the same write error for every
        // draft): the merge stops at the first instead of rendering all forty rows.
        dir.write("c.csv", &cohort(40));
        let bin = env!("CARGO_BIN_EXE_prep-pdf");
        let out = Command::new("bash")
        .current_dir(&dir.path)
        .args([
            "-c",
            &format!("ulimit -f 16; exec {bin} mail --recipients c.csv --from '{FROM}' --eml-dir d --report r.csv"),
        ])
        .output()
        .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(
            err.contains("gave up") && err.contains("File too large"),
            "{err}"
        );
        let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        assert!(report.matches("not tried").count() >= 30, "{report}");
        assert!(
            dir.list("d").iter().all(|f| !f.ends_with(".eml")),
            "{:?}",
            dir.list("d")
        );
    }
);

prep_test!(
    one_mailbox_is_one_recipient_however_its_domain_is_written,
    |dir| {
        let long = format!("a@{}.example.com", vec!["d".repeat(60); 4].join("."));
        dir.write(
            "r.csv",
            &format!(
                "name,email,role\nA,ada@bücher.example,qa-mid\nB,ADA@xn--bcher-kva.example,qa-mid\n\
                 C,\"c\u{200b}@example.com\",qa-mid\nD,{long},qa-mid\nE,e@example.com,qa-mid\n"
            ),
        );
        let out = dir.run(&[
            "mail",
            "--recipients",
            "r.csv",
            "--from",
            FROM,
            "--eml-dir",
            "d",
            "--dry-run",
        ]);
        let err = stderr(&out);
        assert!(
            err.contains("r.csv:3: skipped: the same address and role as line 2"),
            "{err}"
        );
        assert!(
            err.contains("r.csv:4: skipped: the address has an invisible"),
            "{err}"
        );
        assert!(
            err.contains("r.csv:5: skipped: the address is longer than the 254"),
            "{err}"
        );
        assert!(!err.contains("r.csv:6:"), "{err}");
    }
);
