//! What a merge says before and after: `--dry-run` checks every row and gives each
//! the verdict a real run would, every output path is checked before the first
//! message, and `--report` cells are never spreadsheet formulas.

use super::util::stderr;
use super::{cohort, drafts_args, drafts_merge, merge_command, Server, FROM};
use crate::prep_test;

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
            let out = drafts_merge(&dir, "c.csv", "d", &extra);
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
            let mut args = drafts_args("r.csv", "d", &["--content", "bank"]);
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
        let out = drafts_merge(&dir, "r.csv", "d", &["--report", "rep.csv"]);
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
                stderr(&out).contains("not a PEM certificate")
                    && stderr(&out).contains("give one with --smtp-ca FILE"),
                "{}",
                stderr(&out)
            );
        }
    }
);
