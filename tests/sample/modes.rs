//! `--sample` beyond one export: what has no free edition is refused, and `--all`,
//! `mail` and `tailor` make samples; samples pass the same accessibility checks and
//! speak the role's language. Helpers are the parent file's.

use std::path::PathBuf;
use std::process::Command;

use super::util::{assert_ok, read_eml_to, squash, stderr};
use super::{export, pdftotext, role, FROM, PANEL, THEME};
use crate::prep_test;
use prep_pdf::content::Bank;

// What has no free edition is refused.

prep_test!(editions_without_a_free_form_are_refused, |dir| {
    let acme = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme.yaml");
    let mail = [
        "mail",
        "--role",
        "backend-mid",
        "--to",
        "Ada <ada@example.com>",
        "--from",
        FROM,
        "--eml-dir",
        "drafts",
        "--sample",
        "--practice",
    ];
    let cases: [(&[&str], &str); 6] = [
        (
            &["--role", "backend-mid", "--sample", "--practice"],
            "--practice",
        ),
        (
            &["--role", "backend-mid", "--sample", "2", "--answers", "end"],
            "interviewer's copy",
        ),
        (
            &["--role", "backend-mid", "--answers", "none", "--sample"],
            "question sheet",
        ),
        (&mail, "--practice"),
        (
            &["tailor", "--company", acme, "--sample", "--answers", "end"],
            "interviewer's copy",
        ),
        (
            &["--role", "backend-mid", "--sample", "10"],
            "would lock none",
        ),
    ];
    for (args, why) in cases {
        let mut args = args.to_vec();
        if args[0] != "mail" {
            args.extend(["-o", "x.pdf"]);
        }
        let out = dir.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("--sample") && err.contains(why),
            "{args:?}: {err}"
        );
        assert!(
            !dir.join("x.pdf").exists() && !dir.join("drafts").exists(),
            "{args:?}"
        );
    }
    // A negative count is not a count; the largest that locks one is fine.
    assert_eq!(
        dir.run(&["--role", "backend-mid", "--sample", "-1"])
            .status
            .code(),
        Some(2)
    );
    let pdf = export(
        &dir,
        "nine.pdf",
        &["--role", "backend-mid", "--sample", "9"],
    );
    assert_eq!(pdftotext(&pdf, 0).matches(PANEL).count(), 1);
});

// --all, mail and tailor.

/// pdfua and qpdf find nothing wrong with `files`.
fn accessible(files: &[PathBuf]) {
    let out = super::util::pdfua_check(files);
    assert!(
        out.status.success(),
        "pdfua: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    for f in files {
        let out = Command::new("qpdf").arg("--check").arg(f).output().unwrap();
        assert!(out.status.success(), "qpdf --check {}", f.display());
    }
}

prep_test!(all_writes_an_accessible_sample_of_every_role, |dir| {
    assert_ok(&dir.run(&["--all", "--out-dir", "out", "--sample", "2"]));
    let ids = Bank::bundled().role_ids().unwrap();
    let want: Vec<String> = ids.iter().map(|id| format!("{id}-sample.pdf")).collect();
    let mut want = want;
    want.sort();
    assert_eq!(dir.list("out"), want);
    let files: Vec<PathBuf> = want.iter().map(|f| dir.join(&format!("out/{f}"))).collect();
    for (id, f) in ids.iter().zip(&files) {
        let total = role(id).questions.len();
        let fact = format!("Free sample: 2 of {total} questions");
        assert!(squash(&pdftotext(f, 1)).contains(&squash(&fact)), "{id}");
    }
    accessible(&files);
});

prep_test!(a_mailed_sample_is_the_exported_sample_stamped, |dir| {
    dir.write("theme.yaml", THEME);
    dir.write("leads.csv", "name,email,role\nAda Lovelace,ada@example.com,backend-mid\nAlan Turing,alan@example.com,qa-mid\n");
    let look = ["--sample", "2", "--theme", "theme.yaml"];
    let mut args = vec![
        "mail",
        "--recipients",
        "leads.csv",
        "--from",
        FROM,
        "--eml-dir",
        "drafts",
    ];
    args.extend(look);
    assert_ok(&dir.run(&args));
    let eml = read_eml_to(
        &dir.join("drafts/backend-mid-sample2-ada@example.com.eml"),
        &dir.join("mailed.pdf"),
    );
    assert_eq!(eml["attachments"][0]["filename"], "backend-mid-sample.pdf");
    assert!(
        eml["body"].as_str().unwrap().contains("a free sample of"),
        "{eml}"
    );
    let mut one = vec!["--role", "backend-mid", "--prepared-for", "Ada Lovelace"];
    one.extend(look);
    let single = export(&dir, "single.pdf", &one);
    assert!(std::fs::read(dir.join("mailed.pdf")).unwrap() == std::fs::read(single).unwrap());
    assert_eq!(
        pdftotext(&dir.join("mailed.pdf"), 0).matches(PANEL).count(),
        8
    );
});

prep_test!(a_tailored_pack_has_a_free_sample_too, |dir| {
    let acme = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme.yaml");
    let full = pdftotext(&export(&dir, "full.pdf", &["tailor", "--company", acme]), 0);
    let sample = export(
        &dir,
        "s.pdf",
        &["tailor", "--company", acme, "--sample", "2"],
    );
    let text = pdftotext(&sample, 0);
    let total = full.matches("Key points").count();
    assert!(total > 4, "{total} guides in the full pack");
    assert_eq!(text.matches("Key points").count(), 2);
    assert_eq!(text.matches(PANEL).count(), total - 2);
    // The reasons stay with every question; the cover says both things.
    let why = |t: &str| t.matches("Why this one for Acme").count();
    assert_eq!(why(&text), why(&full));
    let cover = squash(&pdftotext(&sample, 1));
    assert!(cover.contains(&squash("Tailored for Acme")), "{cover}");
    assert!(cover.contains(&squash(&format!("Free sample: 2 of {total} questions"))));
});

// As accessible as the rest.

prep_test!(a_sample_reads_in_order_with_its_panels_tagged, |dir| {
    dir.write("theme.yaml", THEME);
    let pdf = export(
        &dir,
        "s.pdf",
        &["--role", "backend-mid", "--sample", "--theme", "theme.yaml"],
    );
    accessible(std::slice::from_ref(&pdf));
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&pdf)
        .output()
        .unwrap();
    let tree = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = tree.lines().map(str::trim).collect();
    // Each panel: a Div, its title an H2, then what it holds and the link, as text.
    let divs: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == "Div").collect();
    assert_eq!(divs.len(), 7, "{tree}");
    for i in divs {
        assert_eq!(lines[i + 1], "H2 (block)");
        assert_eq!(lines[i + 2], format!("\"{PANEL}\""));
        assert!(
            lines[i + 3..i + 9].contains(&"Link (inline)"),
            "{:?}",
            &lines[i..i + 9]
        );
    }
});

prep_test!(a_german_sample_speaks_german, |dir| {
    dir.write(
        "bank/backend-de.yaml",
        include_str!("../fixtures/de/backend-de.yaml"),
    );
    let pdf = export(
        &dir,
        "de.pdf",
        &["--content", "bank", "--role", "backend-de", "--sample", "2"],
    );
    let text = squash(&pdftotext(&pdf, 0));
    for want in [
        "Kostenlose Leseprobe: 2 von 5 Fragen mit Antwortleitfaden",
        "Die Antwortleitfäden zu allen 5 Fragen gibt es im vollständigen Heft.",
        "Der Leitfaden zu dieser Frage enthält einen Überblick",
    ] {
        assert!(text.contains(&squash(want)), "{want}");
    }
    assert_eq!(
        text.matches(&squash("Antwortleitfaden im vollständigen Heft"))
            .count(),
        3
    );
    for english in [
        "Free sample",
        PANEL,
        "This question",
        "Get the full pack",
        "key point",
        "How to use",
    ] {
        assert!(
            !text.contains(&squash(english)),
            "English `{english}` in a German sample"
        );
    }
    accessible(std::slice::from_ref(&pdf));
});
