//! `mail`: .eml drafts read back with Python's e-mail parser, and delivery to a real
//! SMTP server (aiosmtpd) that the test starts on loopback.

mod util;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use util::{assert_ok, python, squash, stderr, Dir, Pdf};

// The merge: bad rows, the journal, the report, dry runs, dead servers, TLS.
#[path = "mail/merge.rs"]
mod merge;
#[path = "mail/journal.rs"]
mod merge_journal;
#[path = "mail/report.rs"]
mod merge_report;
#[path = "mail/servers.rs"]
mod merge_servers;

// Dry runs and drafts say what they did, never "sent".
#[path = "mail/wording.rs"]
mod wording;

// `--tailor` and `--companies`: packs tailored to each recipient's company.
#[path = "mail/tailored.rs"]
mod tailored;

const FROM: &str = "Hiring Team <jobs@example.com>";

fn support(script: &str) -> String {
    format!("{}/tests/support/{script}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses a draft as a mail client would; returns the summary and the PDF attachment.
fn read_eml(dir: &Dir, eml: &Path) -> (serde_json::Value, Pdf) {
    let pdf_path = dir.join("attachment.pdf");
    let summary = util::read_eml_to(eml, &pdf_path);
    (summary, Pdf::open(&pdf_path))
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
        let mut child = python()
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
        // A private-use character: no font has it, so the row cannot be stamped.
        csv.push_str("Wang \u{F0001},wang@example.com,qa-mid\n");
        csv.push_str("Broken,not-an-address,backend-mid\n");
        dir.write("cohort.csv", &csv);
        let merge = |eml_dir: &str, shard: &str| {
            drafts_merge(&dir, "cohort.csv", eml_dir, &["--shard", shard])
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
            err.contains("cohort.csv:43: skipped: cannot stamp \"Prepared for Wang \\u{f0001}\"")
                && err.contains("no font has `\u{F0001}` (U+F0001); give one with --font FILE"),
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
        stderr(&out).contains("after 3 attempts"),
        "{}",
        stderr(&out)
    );
});

/// The arguments of a merge of `csv` into .eml drafts in `eml_dir`, then `extra`.
fn drafts_args<'a>(csv: &'a str, eml_dir: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "mail",
        "--recipients",
        csv,
        "--from",
        FROM,
        "--eml-dir",
        eml_dir,
    ];
    args.extend_from_slice(extra);
    args
}

/// A merge of `csv` into .eml drafts in `eml_dir`, with `extra` flags, run in `dir`.
fn drafts_merge(dir: &Dir, csv: &str, eml_dir: &str, extra: &[&str]) -> Output {
    dir.run(&drafts_args(csv, eml_dir, extra))
}

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

/// Checks that `maildir` holds `count` messages, no two to the same address.
fn assert_each_once(dir: &Dir, maildir: &str, count: usize) {
    let to = delivered_to(dir, maildir);
    let mut unique = to.clone();
    unique.dedup();
    assert_eq!(
        (to.len(), unique.len()),
        (count, count),
        "each message once: {to:?}"
    );
}

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
