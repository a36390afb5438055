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
});
