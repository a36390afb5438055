//! `prep-pdf new-role`: a starter role file that checks and exports as written, and
//! the draft mark that lets it.

mod util;

use util::{assert_ok, stderr, stdout};

/// The commands new-role prints after "next:", as argument lists.
fn next_commands(out: &std::process::Output) -> Vec<Vec<String>> {
    stderr(out)
        .lines()
        .skip_while(|l| *l != "next:")
        .skip(1)
        .map(|l| {
            let l = l
                .trim()
                .strip_prefix("prep-pdf ")
                .expect("a prep-pdf command");
            l.split(' ').map(str::to_string).collect()
        })
        .collect()
}

prep_test!(the_starter_checks_and_exports_as_written, |dir| {
    let out = dir.run(&["new-role", "data-engineer-senior"]);
    assert_ok(&out);
    let text = std::fs::read_to_string(dir.join("content/data-engineer-senior.yaml")).unwrap();
    assert!(text.contains("title: Data Engineer "), "{text}");
    assert!(text.contains("level: Senior level "), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    assert_eq!(text.matches("\n  - id: ").count(), 10, "ten questions");
    // The two commands it prints are the next steps, and both work as printed.
    let next = next_commands(&out);
    assert_eq!(next.len(), 2, "{}", stderr(&out));
    let check = dir.run(&next[0].iter().map(String::as_str).collect::<Vec<_>>());
    assert_ok(&check);
    let said = stderr(&check);
    assert!(
        said.contains("checked 1 role: 0 errors, 0 warnings"),
        "{said}"
    );
    assert!(
        said.contains("note: a draft (`draft: true`) of 10 questions"),
        "{said}"
    );
    let export = dir.run(&next[1].iter().map(String::as_str).collect::<Vec<_>>());
    assert_ok(&export);
    assert!(dir.join("data-engineer-senior.pdf").is_file());
    // `list` says it is a draft.
    let list = dir.run(&["--content", "content", "list"]);
    assert_ok(&list);
    assert!(stdout(&list).contains("(draft)"), "{}", stdout(&list));
});

prep_test!(without_the_draft_mark_the_standard_applies, |dir| {
    assert_ok(&dir.run(&["new-role", "qa-junior"]));
    let path = dir.join("content/qa-junior.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("draft: true\n", "")).unwrap();
    let check = dir.run(&["--content", "content", "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let said = stderr(&check);
    assert!(said.contains("0 errors"), "placeholders are valid: {said}");
    assert!(
        said.contains("warning: question 2 (`technical-2`): no `why_they_ask`"),
        "{said}"
    );
    assert!(!said.contains("draft"), "{said}");
    // Counts read as English: "has 1 item", never "1 follow_ups".
    assert!(said.contains("`follow_ups` has 1 item;"), "{said}");
    assert!(
        !said.contains(" 1 follow_ups") && !said.contains(" 1 items"),
        "{said}"
    );
});

prep_test!(content_before_the_subcommand_picks_the_folder, |dir| {
    let out = dir.run(&["--content", "my bank", "new-role", "sre-mid"]);
    assert_ok(&out);
    assert!(dir.join("my bank/sre-mid.yaml").is_file());
    assert!(!dir.join("content").exists());
    // The printed command quotes the folder, so it runs as printed in a shell.
    assert!(
        stderr(&out).contains("prep-pdf --content 'my bank' check sre-mid"),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["new-role", "--content", "other", "sre-mid"]);
    assert_ok(&out);
    assert!(dir.join("other/sre-mid.yaml").is_file());
});

prep_test!(an_existing_file_is_never_replaced, |dir| {
    let path = dir.write("content/backend-mid.yaml", "title: mine\n");
    let out = dir.run(&["new-role", "backend-mid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already exists; nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "title: mine\n");
    // A dangling link is someone's too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("nowhere.yaml", dir.join("content/x.yaml")).unwrap();
        let out = dir.run(&["new-role", "x"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(!dir.join("content/nowhere.yaml").exists());
    }
});

prep_test!(a_bad_id_is_refused_with_the_rule, |dir| {
    for (id, says) in [
        ("Backend_Mid", "use a-z, 0-9 and -"),
        ("../escape", "use a-z, 0-9 and -"),
        ("skills", "vocabulary of tags"),
        ("theme", "the folder's theme"),
    ] {
        let out = dir.run(&["new-role", "--", id]);
        assert_eq!(out.status.code(), Some(2), "{id}");
        let said = stderr(&out);
        assert!(
            said.contains(&format!("`{id}` cannot be a role id")),
            "{said}"
        );
        assert!(said.contains(says), "{said}");
    }
    assert!(!dir.join("content").exists(), "nothing was written");
});

/// A content folder with one finished role (`ready`, a copy of backend-mid) and the
/// drafts `new-role` starts, named `drafts`.
fn bank_with_drafts(dir: &util::Dir, drafts: &[&str]) {
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/backend-mid.yaml"
    ))
    .unwrap();
    dir.write("content/ready.yaml", &good);
    for id in drafts {
        assert_ok(&dir.run(&["new-role", id]));
    }
}

prep_test!(all_leaves_drafts_out_and_says_so, |dir| {
    bank_with_drafts(&dir, &["data-engineer-senior"]);
    let out = dir.run(&["--content", "content", "--all", "--out-dir", "pdf"]);
    assert_ok(&out);
    assert_eq!(dir.list("pdf"), ["ready.pdf"], "the draft is not exported");
    let said = stderr(&out);
    assert!(
        said.contains("skipped 1 draft: data-engineer-senior (`draft: true`"),
        "{said}"
    );
    // The summary counts the roles it was to export: the draft is not one of them.
    assert!(said.contains("exported 1 of 1 role to pdf"), "{said}");
    assert!(!said.contains("failed"), "{said}");
    assert_eq!(said.lines().count(), 2, "one line for the drafts: {said}");

    // Two drafts: one line, plural, in role order.
    assert_ok(&dir.run(&["new-role", "analyst-junior"]));
    let out = dir.run(&["--content", "content", "--all", "--out-dir", "pdf"]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("skipped 2 drafts: analyst-junior, data-engineer-senior ("),
        "{}",
        stderr(&out)
    );
    assert_eq!(dir.list("pdf"), ["ready.pdf"]);

    // A bank of drafts only exports nothing, successfully.
    std::fs::remove_file(dir.join("content/ready.yaml")).unwrap();
    let out = dir.run(&["--content", "content", "--all", "--out-dir", "only"]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("exported 0 of 0 roles"),
        "{}",
        stderr(&out)
    );
    assert!(dir.list("only").is_empty());
});

prep_test!(a_draft_named_with_role_still_exports, |dir| {
    bank_with_drafts(&dir, &["data-engineer-senior"]);
    let out = dir.run(&["--content", "content", "--role", "data-engineer-senior"]);
    assert_ok(&out);
    assert!(dir.join("data-engineer-senior.pdf").is_file());
    assert!(
        stderr(&out).contains("note: `data-engineer-senior` is a draft (`draft: true`)"),
        "{}",
        stderr(&out)
    );
    // A finished role says nothing of drafts.
    let out = dir.run(&["--content", "content", "--role", "ready"]);
    assert_ok(&out);
    assert!(!stderr(&out).contains("draft"), "{}", stderr(&out));
});

prep_test!(a_broken_draft_is_a_failure_not_a_skip, |dir| {
    bank_with_drafts(&dir, &["data-engineer-senior"]);
    let path = dir.join("content/data-engineer-senior.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("questions:", "questions: [\n", 1)).unwrap();
    let out = dir.run(&["--content", "content", "--all", "--out-dir", "pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("role `data-engineer-senior` failed"),
        "{said}"
    );
    assert!(said.contains("exported 1 of 2 roles"), "{said}");
    assert!(!said.contains("skipped"), "{said}");
});

prep_test!(mail_and_tailor_say_what_they_do_with_drafts, |dir| {
    bank_with_drafts(&dir, &["data-engineer-senior"]);
    // A merge sends what its rows name, as --role exports it, with a warning.
    dir.write(
        "cohort.csv",
        "name,email,role\nAda,ada@example.com,data-engineer-senior\n\
         Bob,bob@example.com,ready\nCy,cy@example.com,data-engineer-senior\n",
    );
    let args = [
        "--content",
        "content",
        "mail",
        "--recipients",
        "cohort.csv",
        "--from",
        "Jobs <jobs@example.com>",
        "--eml-dir",
        "out",
        "--dry-run",
    ];
    let out = dir.run(&args);
    assert_ok(&out);
    let said = stderr(&out);
    assert!(
        said.contains(
            "warning: role `data-engineer-senior` is a draft (`draft: true`): 2 recipients get it"
        ),
        "{said}"
    );
    assert!(!said.contains("`ready` is a draft"), "{said}");
    // Tailoring draws on finished roles only, and says so in one line, not a warning.
    let out = dir.run(&[
        "--content",
        "content",
        "tailor",
        "--company",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme.yaml"),
        "--dry-run",
    ]);
    assert_ok(&out);
    let said = stderr(&out);
    assert!(
        said.contains("left out of the pool: 1 draft: data-engineer-senior"),
        "{said}"
    );
    assert!(!said.contains("warning"), "{said}");
    assert!(
        !stdout(&out).contains("data-engineer-senior"),
        "{}",
        stdout(&out)
    );
});
