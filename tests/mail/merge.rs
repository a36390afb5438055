//! The mail merge's rows: bad ones never crash it (line breaks, stray quotes, CRLF
//! lines, one mailbox however its domain is written), every recipient gets a draft of
//! its own, flags are bounded, and a drafts folder that cannot be written stops the
//! merge at once. Servers, the journal and the report are `servers.rs`, `journal.rs`
//! and `report.rs` beside this file.

use std::process::Command;

use super::util::{assert_ok, squash, stderr};
use super::{cohort, drafts_args, drafts_merge, read_eml, FROM};
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
            let mut args = drafts_args(
                "r.csv",
                "d",
                &["--subject", &subject, "--report", "report.csv"],
            );
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
        let merge = |extra: &[&str]| drafts_merge(&dir, "r.csv", "d", extra);
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
            let out = drafts_merge(&dir, "r.csv", "d", &["--report", "report.csv"]);
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
        let out = drafts_merge(&dir, "u.csv", "u", &[]);
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
        let out = drafts_merge(&dir, "c.csv", "c", &[]);
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
            let out = drafts_merge(&dir, "c.csv", "d", &["--rate", rate]);
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
            .args(drafts_args("c.csv", "d", &["--report", "report.csv"]))
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
        let out = drafts_merge(&dir, "r.csv", "d", &["--dry-run"]);
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
