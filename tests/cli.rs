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
    // The after-help text as a manual's sections, unfilled, so a long example is not
    // wrapped to the margin; no page is named that --dir does not write.
    for section in ["ENVIRONMENT", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
        assert!(
            page.contains(&format!(".SH \"{section}\"\n.nf\n")),
            "{section}: {page}"
        );
    }
    assert!(!page.contains(".SH EXTRA"), "{page}");
    assert_eq!(
        page.matches("\n.nf\n").count(),
        page.matches("\n.fi\n").count()
    );
    assert!(!page.contains("prep\\-pdf\\-help(1)"), "{page}");
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

/// What bash offers after `words` (the last one being completed), with the script
/// `prep-pdf completions bash` printed.
fn bash_offers(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         f=$(complete -p prep-pdf | sed -E 's/.*-F ([^ ]+).*/\\1/'); \
         \"$f\" prep-pdf '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut offers: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    offers.retain(|l| !l.is_empty());
    offers
}

prep_test!(role_completes_with_the_banks_role_ids, |dir| {
    let out = dir.run(&["completions", "bash"]);
    assert_ok(&out);
    let script = dir.write("bundled.bash", &stdout(&out));
    let offers = bash_offers(&script, &["prep-pdf", "--role", "backend-"]);
    assert_eq!(offers, ["backend-junior", "backend-mid", "backend-senior"]);
    // After a subcommand too (clap_complete's script for a name with `-` completed
    // nothing there).
    let offers = bash_offers(&script, &["prep-pdf", "mail", "--ro"]);
    assert_eq!(offers, ["--role"]);
    let offers = bash_offers(&script, &["prep-pdf", "mail", "--role", "qa"]);
    assert_eq!(offers, ["qa-mid"]);
    let offers = bash_offers(&script, &["prep-pdf", "check", "sre"]);
    assert_eq!(offers, ["sre-senior"]);
    // With --content, that folder's roles (before or after the subcommand).
    dir.write("bank/acme-backend.yaml", "title: x\n");
    dir.write("bank/acme-data.yaml", "title: x\n");
    dir.write("bank/skills.yaml", "skills: []\n");
    for args in [
        ["--content", "bank", "completions", "bash"],
        ["completions", "bash", "--content", "bank"],
    ] {
        let out = dir.run(&args);
        assert_ok(&out);
        let script = dir.write("bank.bash", &stdout(&out));
        let offers = bash_offers(&script, &["prep-pdf", "tailor", "--role", "a"]);
        assert_eq!(offers, ["acme-backend", "acme-data"]);
    }
    // zsh and fish complete them too (clap's PowerShell and elvish scripts complete no
    // option values at all).
    for shell in ["zsh", "fish"] {
        let out = dir.run(&["completions", shell]);
        assert!(stdout(&out).contains("frontend-senior"), "{shell}");
    }
});
