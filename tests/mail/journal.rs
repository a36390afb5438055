//! The journal: a merge killed (SIGKILL) or interrupted (Ctrl-C) resumes where it
//! stopped, sending only what was in flight twice at most; a slow rate starts no new
//! message after Ctrl-C; and each shard reports only its own unreadable rows.

use std::time::Duration;

use super::util::{assert_ok, stderr};
use super::{
    assert_each_once, cohort, delivered_to, drafts_merge, merge_command, wait_for, Server,
};
use crate::prep_test;

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
        assert_each_once(&dir, "maildir", 30);
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

prep_test!(an_unreadable_row_is_reported_by_its_own_shard_only, |dir| {
    let mut csv = b"name,email,role\nA,a@example.com,qa-mid\n".to_vec();
    csv.extend_from_slice(b"B\xff\xfe,b@example.com,qa-mid\n"); // not UTF-8: line 3
    csv.extend_from_slice(b"C,c@example.com,qa-mid\nD,d@example.com,qa-mid\n");
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let shard = |s: &str| drafts_merge(&dir, "c.csv", "d", &["--shard", s]);
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

prep_test!(
    another_edition_is_a_new_message_and_a_draft_of_its_own,
    |dir| {
        // The full pack, then a free sample of it to the same people in the same folder:
        // the journal does not take the sample for the full pack, and the sample's drafts
        // do not replace the full pack's.
        dir.write("c.csv", &cohort(3));
        let drafts = |extra: &[&str]| {
            let out = drafts_merge(&dir, "c.csv", "eml", extra);
            assert_ok(&out);
            stderr(&out)
        };
        let first = drafts(&[]);
        assert!(first.contains("wrote 3 of 3"), "{first}");
        let full: Vec<String> = dir.list("eml");
        assert_eq!(full.len(), 3, "{full:?}");
        let sample = drafts(&["--sample", "2"]);
        assert!(
            sample.contains("wrote 3 of 3"),
            "the sample is new: {sample}"
        );
        let all = dir.list("eml");
        assert_eq!(all.len(), 6, "the full pack's drafts stay: {all:?}");
        assert!(
            all.iter().filter(|n| n.contains("-sample2-")).count() == 3,
            "{all:?}"
        );
        for name in &full {
            assert!(all.contains(name), "{name} was kept");
        }
        // The same sample again is what the journal already has.
        let again = drafts(&["--sample", "2"]);
        assert!(again.contains("wrote 0 of 3"), "{again}");
        // And the full pack again too: its lines are as journals always wrote them.
        let full_again = drafts(&[]);
        assert!(full_again.contains("wrote 0 of 3"), "{full_again}");
    }
);
