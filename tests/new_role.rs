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
