//! The words a merge uses: a dry run and a merge of drafts never say a message was
//! "sent", in their output, their skip reasons or their report.

use super::util::{assert_ok, stderr, stdout};
use super::{cohort, drafts_merge, FROM};
use crate::prep_test;

/// Whether `text` says "sent" as a word, in any case.
pub fn says_sent(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("sent"))
}

#[test]
fn the_word_test_finds_the_word_only() {
    assert!(says_sent("wrote 3; 1 already sent"));
    assert!(says_sent("Sent: 2"));
    assert!(!says_sent("X-Unsent: 1, consent, sentence"));
}

/// A cohort of three with the first person twice (a skipped row) and a bad role.
fn with_bad_rows() -> String {
    let mut csv = cohort(3);
    csv.push_str("Again,P00@example.com,qa-mid\nNobody,nobody@example.com,astronaut\n");
    csv
}

prep_test!(a_dry_run_of_drafts_says_write_never_sent, |dir| {
    dir.write("c.csv", &with_bad_rows());
    let out = drafts_merge(&dir, "c.csv", "drafts", &["--dry-run", "--report", "r.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let (text, err) = (stdout(&out), stderr(&out));
    assert!(
        text.contains("dry run: would write 3 drafts (in drafts):"),
        "{text}"
    );
    assert!(text.contains("0 messages already done according to the journal; 2 bad rows skipped; no draft was written"), "{text}");
    assert!(
        err.contains(
            "c.csv:5: skipped: the same address and role as line 2, which gets the one message"
        ),
        "{err}"
    );
    assert!(
        err.contains("note: a dry run writes no report (r.csv is left as it is)"),
        "{err}"
    );
    assert!(!says_sent(&text) && !says_sent(&err), "{text}\n{err}");
    assert!(!dir.join("drafts").exists() && !dir.join("r.csv").exists());
});

prep_test!(a_merge_of_drafts_reports_without_sent, |dir| {
    dir.write("c.csv", &with_bad_rows());
    let out = drafts_merge(&dir, "c.csv", "drafts", &["--report", "r.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("wrote 3 of 5 messages; 2 skipped"), "{err}");
    let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
    assert!(!says_sent(&err) && !says_sent(&report), "{err}\n{report}");
    // Again: the journal's rows are "already written".
    let out = drafts_merge(&dir, "c.csv", "drafts", &["--report", "r.csv"]);
    let err = stderr(&out);
    assert!(err.contains("3 already written by an earlier run"), "{err}");
    let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
    assert!(report.contains(",already written,"), "{report}");
    assert!(!says_sent(&err) && !says_sent(&report), "{err}\n{report}");
});

prep_test!(a_dry_run_for_one_recipient_says_what_it_would_do, |dir| {
    let one = |delivery: &[&str]| {
        let mut args = vec!["mail", "--role", "qa-mid", "--to", "Ada <ada@example.com>"];
        args.extend(["--from", FROM, "--dry-run"]);
        args.extend(delivery);
        dir.run(&args)
    };
    let out = one(&["--eml-dir", "drafts"]);
    assert_ok(&out);
    let text = stdout(&out);
    assert_eq!(
        text.trim(),
        "dry run: would write a draft of qa-mid for Ada <ada@example.com> in drafts; no draft was written"
    );
    assert!(!dir.join("drafts").exists());
    // Over SMTP it would send; it still says nothing was.
    let out = one(&["--smtp", "smtp://127.0.0.1:9"]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with("dry run: would send qa-mid to Ada <ada@example.com> through 127.0.0.1:9; no message went to the server"), "{text}");
    assert!(!says_sent(&text), "{text}");
});

prep_test!(a_merge_of_one_counts_one_message, |dir| {
    dir.write("c.csv", &cohort(1));
    let out = drafts_merge(&dir, "c.csv", "drafts", &[]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("wrote 1 of 1 message\n"),
        "{}",
        stderr(&out)
    );
});
