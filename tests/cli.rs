//! The command's conventions: completion scripts and the manual page.

mod util;

use util::{assert_ok, stdout};

prep_test!(completions_for_every_shell_name_the_flags, |dir| {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = dir.run(&["completions", shell]);
        assert_ok(&out);
        let script = stdout(&out);
        // fish writes long flags without their dashes (`-l role`).
        for flag in ["role", "answers", "prepared-for", "recipients"] {
            assert!(script.contains(flag), "{shell} lacks {flag}");
        }
    }
    // bash can load what it printed.
    let out = dir.run(&["completions", "bash"]);
    let path = dir.write("prep-pdf.bash", &stdout(&out));
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p prep-pdf", path.display()))
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{loaded:?}");
    assert_eq!(dir.run(&["completions", "tcsh"]).status.code(), Some(2));
});

prep_test!(man_page_is_roff_with_the_commands, |dir| {
    let out = dir.run(&["man"]);
    assert_ok(&out);
    let page = stdout(&out);
    assert!(page.contains(".TH prep-pdf 1"), "{page}");
    for word in ["\\-\\-role", "mail", "check", "completions"] {
        assert!(page.contains(word), "{word} missing");
    }
    // Ragged right and unhyphenated, so examples read and copy as written.
    assert!(page.contains("\n.ad l\n.nh\n"), "{page}");
    // --dir writes the page every "SEE ALSO"-style name points at: one per subcommand,
    // the mail page with every mail option, into a folder it makes.
    let out = dir.run(&["man", "--dir", "share/man/man1"]);
    assert_ok(&out);
    let pages = dir.list("share/man/man1");
    for sub in ["", "-list", "-check", "-mail", "-completions", "-man"] {
        assert!(pages.contains(&format!("prep-pdf{sub}.1")), "{pages:?}");
    }
    let mail = std::fs::read_to_string(dir.join("share/man/man1/prep-pdf-mail.1")).unwrap();
    for flag in [
        "recipients",
        "smtp\\-ca",
        "journal",
        "restart",
        "rate",
        "report",
    ] {
        assert!(mail.contains(flag), "{flag} missing from the mail page");
    }
});
