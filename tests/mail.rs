//! `mail`: .eml drafts read back with Python's e-mail parser, and delivery to a real
//! SMTP server (aiosmtpd) that the test starts on loopback.

mod util;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use util::{assert_ok, squash, stderr, Dir, Pdf};

const FROM: &str = "Hiring Team <jobs@example.com>";

/// The Python with aiosmtpd and trustme: `scripts/test.sh` makes a venv under
/// target/ and names it in PREP_PDF_TEST_PYTHON.
fn python() -> String {
    if let Ok(p) = std::env::var("PREP_PDF_TEST_PYTHON") {
        return p;
    }
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/target/test-venv/bin/python3");
    if Path::new(venv).exists() {
        venv.to_string()
    } else {
        "python3".to_string()
    }
}

fn support(script: &str) -> String {
    format!("{}/tests/support/{script}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses a draft as a mail client would; returns the summary and the PDF attachment.
fn read_eml(dir: &Dir, eml: &Path) -> (serde_json::Value, Pdf) {
    let pdf_path = dir.join("attachment.pdf");
    let out = Command::new(python())
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/read_eml.py"
        ))
        .arg(eml)
        .arg(&pdf_path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pdf = Pdf::open(&pdf_path);
    (summary, pdf)
}

/// Mails qa-mid to one recipient through `smtp`.
fn send_one(dir: &Dir, smtp: &str) -> std::process::Output {
    dir.run(&[
        "mail",
        "--role",
        "qa-mid",
        "--to",
        "A <a@example.com>",
        "--from",
        FROM,
        "--smtp",
        smtp,
    ])
}

/// A running SMTP server; stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(maildir: &Path, fail_first: u32) -> Server {
        Server::with(maildir, &["--fail-first", &fail_first.to_string()])
    }

    /// A server started with smtp_server.py's options `args`.
    fn with(maildir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(python())
            .arg(support("smtp_server.py"))
            .arg(maildir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) starts");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the SMTP server did not start: {line:?}"));
        Server { child, port }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

prep_test!(a_draft_opens_with_the_stamped_pdf_attached, |dir| {
    let out = dir.run(&[
        "mail",
        "--role",
        "backend-mid",
        "--to",
        "Ada Lovelace <ada@example.com>",
        "--from",
        FROM,
        "--eml-dir",
        "drafts",
    ]);
    assert_ok(&out);
    assert_eq!(dir.list("drafts"), ["backend-mid-ada@example.com.eml"]);
    let (m, pdf) = read_eml(&dir, &dir.join("drafts/backend-mid-ada@example.com.eml"));
    assert_eq!(m["to"], "Ada Lovelace <ada@example.com>");
    assert_eq!(m["from"], FROM);
    assert_eq!(
        m["subject"],
        "Interview preparation: Backend Developer (Mid level)"
    );
    assert!(m["date"].as_str().unwrap().contains("+0000"), "{m}");
    assert!(m["message_id"].as_str().unwrap().starts_with('<'), "{m}");
    assert_eq!(m["multipart"], "multipart/mixed");
    assert_eq!(m["unsent"], "1", "opens as a draft in Outlook");
    assert_eq!(m["defects"], serde_json::json!([]));
    assert!(
        m["body"].as_str().unwrap().contains("Hello Ada")
            && m["body"].as_str().unwrap().contains("Backend Developer")
            && m["body"]
                .as_str()
                .unwrap()
                .contains("10 typical interview questions, each with a guide")
    );
    assert_eq!(m["attachments"][0]["filename"], "backend-mid.pdf");
    assert_eq!(m["attachments"][0]["type"], "application/pdf");
    let text = squash(&pdf.text());
    assert!(
        text.matches("PreparedforAdaLovelace").count() >= pdf.page_count(),
        "cover and every footer"
    );
});

prep_test!(
    a_merge_writes_one_stamped_draft_per_row_and_skips_bad_rows,
    |dir| {
        let roles = prep_pdf::content::Bank::bundled().role_ids().unwrap();
        // Spreadsheets save CSV with a byte-order mark; it must not hide the header.
        let mut csv = String::from("\u{feff}name,email,role\n");
        for i in 0..40 {
            csv.push_str(&format!(
                "\"Candidate {i:02}, Jr.\",c{i:02}@example.com,{}\n",
                roles[i % roles.len()]
            ));
        }
        csv.push_str("Nobody,nobody@example.com,astronaut-senior\n");
        csv.push_str("王小明,wang@example.com,qa-mid\n");
        csv.push_str("Broken,not-an-address,backend-mid\n");
        dir.write("cohort.csv", &csv);
        let merge = |eml_dir: &str, shard: &str| {
            dir.run(&[
                "mail",
                "--recipients",
                "cohort.csv",
                "--from",
                FROM,
                "--eml-dir",
                eml_dir,
                "--shard",
                shard,
            ])
        };
        let out = merge("drafts", "1/1");
        assert_eq!(
            out.status.code(),
            Some(1),
            "bad rows make the exit status say so"
        );
        let err = stderr(&out);
        assert!(
            err.contains("cohort.csv:42: skipped: unknown role `astronaut-senior`"),
            "{err}"
        );
        assert!(
            err.contains("cohort.csv:44: skipped: `not-an-address` is not an e-mail address"),
            "{err}"
        );
        assert!(
            err.contains("cohort.csv:43: skipped: cannot stamp \"Prepared for 王小明\""),
            "{err}"
        );
        assert!(err.contains("wrote 40 of 43 messages; 3 skipped"), "{err}");
        let drafts = dir.list("drafts");
        assert_eq!(drafts.len(), 40);
        for i in [0usize, 17, 39] {
            let name = format!("{}-c{i:02}@example.com.eml", roles[i % roles.len()]);
            assert!(drafts.contains(&name), "{name}");
            let (m, pdf) = read_eml(&dir, &dir.join(&format!("drafts/{name}")));
            assert_eq!(
                m["to"],
                format!("\"Candidate {i:02}, Jr.\" <c{i:02}@example.com>")
            );
            let text = squash(&pdf.text());
            assert!(
                text.contains(&squash(&format!("Prepared for Candidate {i:02}, Jr."))),
                "row {i} stamped for its recipient"
            );
        }
        // Shards of the merge split the rows.
        assert_eq!(merge("half", "1/2").status.code(), Some(1));
        assert_eq!(dir.list("half").len(), 20);
    }
);

prep_test!(
    smtp_delivers_and_retries_transient_failures_without_duplicates,
    |dir| {
        let server = Server::start(&dir.join("maildir"), 2);
        dir.write("few.csv", "name,email,role\nAda Lovelace,ada@example.com,backend-mid\nAlan Turing,alan@example.com,qa-mid\n");
        let out = dir.run(&[
            "mail",
            "--recipients",
            "few.csv",
            "--from",
            FROM,
            "--smtp",
            &server.url(),
        ]);
        assert_ok(&out);
        assert!(
            stderr(&out).contains("sent 2 of 2 messages"),
            "{}",
            stderr(&out)
        );
        let got = dir.list("maildir");
        assert_eq!(
            got,
            ["0001.eml", "0002.eml"],
            "each message exactly once, after the 451s"
        );
        let mut stamped = Vec::new();
        for f in &got {
            let (m, pdf) = read_eml(&dir, &dir.join(&format!("maildir/{f}")));
            assert_eq!(m["attachments"].as_array().unwrap().len(), 1);
            let text = squash(&pdf.text());
            stamped.push(
                text.contains("PreparedforAdaLovelace") as u8
                    + 2 * text.contains("PreparedforAlanTuring") as u8,
            );
        }
        stamped.sort();
        assert_eq!(stamped, [1, 2]);
    }
);

prep_test!(smtp_single_message_and_refusals, |dir| {
    let server = Server::start(&dir.join("maildir"), 0);
    let out = dir.run(&[
        "mail",
        "--role",
        "qa-mid",
        "--to",
        "Alan Turing <alan@example.com>",
        "--from",
        FROM,
        "--smtp",
        &server.url(),
    ]);
    assert_ok(&out);
    assert_eq!(dir.list("maildir"), ["0001.eml"]);

    let out = send_one(&dir, "smtps://user:secret@127.0.0.1");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("PREP_PDF_SMTP_PASSWORD") && !stderr(&out).contains("secret"),
        "{}",
        stderr(&out)
    );
    let out = send_one(&dir, "smtps://user@127.0.0.1");
    assert_eq!(out.status.code(), Some(2));

    // Encryption that was asked for is never dropped: a server without STARTTLS, or
    // without TLS at all, gets nothing. The missing STARTTLS is a refusal, not retried;
    // rustls reports the failed handshake as a network error, which is.
    let out = send_one(&dir, &format!("{}?tls=required", server.url()));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot set up the session") && stderr(&out).contains("STARTTLS"),
        "{}",
        stderr(&out)
    );
    let out = send_one(&dir, &format!("smtps://127.0.0.1:{}", server.port));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        dir.list("maildir"),
        ["0001.eml"],
        "nothing sent in the clear"
    );

    // Nothing listens here: the failure is reported after the retries, exit status 3.
    drop(server);
    let out = send_one(&dir, "smtp://127.0.0.1:9");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("after 3 attempt(s)"),
        "{}",
        stderr(&out)
    );
});

/// The command for a merge of `csv` through `url`, in `dir`, with `extra` flags.
fn merge_command(dir: &Dir, csv: &str, url: &str, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prep-pdf"));
    cmd.args(["mail", "--recipients", csv, "--from", FROM, "--smtp", url])
        .args(extra)
        .current_dir(&dir.path)
        .env_remove(PASSWORD_ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

const PASSWORD_ENV: &str = "PREP_PDF_SMTP_PASSWORD";

/// The address each message in `maildir` went to, one per message, sorted.
fn delivered_to(dir: &Dir, maildir: &str) -> Vec<String> {
    let mut to: Vec<String> = dir
        .list(maildir)
        .iter()
        .filter(|f| f.ends_with(".eml"))
        .map(|f| {
            let text = std::fs::read(dir.join(&format!("{maildir}/{f}"))).unwrap();
            let text = String::from_utf8_lossy(&text);
            let line = text
                .lines()
                .find(|l| l.starts_with("To: "))
                .unwrap_or_else(|| panic!("{f} has a To header"));
            let start = line.rfind('<').unwrap() + 1;
            line[start..line.rfind('>').unwrap()].to_string()
        })
        .collect();
    to.sort();
    to
}

/// `n` rows for qa-mid: Person 00 <p00@example.com>, …
fn cohort(n: usize) -> String {
    let mut csv = String::from("name,email,role\n");
    for i in 0..n {
        csv.push_str(&format!("Person {i:02},p{i:02}@example.com,qa-mid\n"));
    }
    csv
}

fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

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
        assert!(err.contains("r.csv:5: skipped: `x@example.com"), "{err}");
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
    assert!(text.contains("would send 4 messages"), "{text}");
    assert!(
        text.contains("qa-mid: 3") && text.contains("backend-mid: 1"),
        "{text}"
    );
    assert!(text.contains("1 bad rows skipped"), "{text}");
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
    }
);

prep_test!(
    ctrl_c_finishes_in_flight_messages_and_writes_the_journal,
    |dir| {
        let server = Server::with(&dir.join("maildir"), &["--delay", "0.05"]);
        dir.write("c.csv", &cohort(30));
        let child = merge_command(&dir, "c.csv", &server.url(), &["--report", "r.csv"])
            .spawn()
            .unwrap();
        wait_for("five deliveries", Duration::from_secs(60), || {
            dir.list("maildir").len() >= 5
        });
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
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
    }
);

/// A throwaway CA and a certificate for 127.0.0.1 in `dir/tls`.
fn make_cert(dir: &Dir) {
    let out = Command::new(python())
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
            assert!(stderr(&out).contains("gave up"), "{mode}: {}", stderr(&out));
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
