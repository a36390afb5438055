//! `prep-pdf tailor` from the command line beyond one pack: rounds the bank cannot
//! fill, a family at the ad's level, and a folder of profiles (`--companies`).

mod util;

use std::path::{Path, PathBuf};

use util::{assert_ok, squash, stderr, stdout, Pdf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tailor")
        .join(name)
}

/// Whether `text` (squashed, as [`squash`] reads PDFs) has `needle`.
fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

prep_test!(a_round_the_bank_cannot_fill_says_how_many_it_found, |dir| {
    let small = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.yaml"),
    )
    .unwrap();
    dir.write("bank/small.yaml", &small);
    let profile =
        "name: Tiny\nstack: [Go]\nvalues: []\nrounds:\n  - category: system-design\n    count: 5\n";
    dir.write("tiny.yaml", profile);
    let out = dir.run(&[
        "tailor",
        "--content",
        "bank",
        "--company",
        "tiny.yaml",
        "-o",
        "x.pdf",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "5 system-design questions (round at tiny.yaml:5:5), but the bank has only 1"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("x.pdf").exists());
});

prep_test!(a_family_and_level_name_the_pack, |dir| {
    let job = fixture("job-backend.txt");
    let args = [
        "tailor",
        "--job",
        job.to_str().unwrap(),
        "--family",
        "frontend",
        "--level",
        "mid",
        "--count",
        "5",
        "--dry-run",
    ];
    let out = dir.run(&args);
    assert_ok(&out);
    // The header, five picks, what is not covered, and whom it is tailored for.
    assert_eq!(stdout(&out).lines().count(), 1 + 5 + 2, "{}", stdout(&out));
    let pdf_args = [
        "tailor",
        "--job",
        job.to_str().unwrap(),
        "--family",
        "frontend",
        "--count",
        "5",
        "-o",
        "f.pdf",
    ];
    assert_ok(&dir.run(&pdf_args));
    // The ad's title says senior; the family at that level names the pack.
    let text = Pdf::open(&dir.join("f.pdf")).text();
    assert!(has(&text, "Frontend Developer, Senior level"));
});

prep_test!(a_folder_of_profiles_gives_one_pack_each, |dir| {
    for f in ["backend.yaml", "frontend.yaml", "bad-skill.yaml"] {
        dir.write(
            &format!("cos/{f}"),
            &std::fs::read_to_string(fixture(f)).unwrap(),
        );
    }
    let out = dir.run(&["tailor", "--companies", "cos", "--out-dir", "pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean `postgres`"));
    assert_eq!(dir.list("pdf"), ["backend.pdf", "frontend.pdf"]);
    let text = Pdf::open(&dir.join("pdf/frontend.pdf")).text();
    assert!(has(&text, "Tailored for Pixel Works"));
});

/// The ad fixture with `extra` lines after its title, written as `name` in `dir`.
fn ad(dir: &util::Dir, name: &str, extra: &str) -> String {
    let text = std::fs::read_to_string(fixture("job-backend.txt")).unwrap();
    let (title, rest) = text.split_once('\n').unwrap();
    dir.write(name, &format!("{title}\n{extra}{rest}"));
    name.to_string()
}

prep_test!(
    a_job_ads_company_is_its_company_line_its_file_name_or_none,
    |dir| {
        let explain = |file: &str| {
            let out = dir.run(&["tailor", "--job", file, "--count", "5", "--dry-run"]);
            assert_ok(&out);
            stdout(&out)
        };
        let with_line = ad(&dir, "ad.txt", "Company: Globex Corp\n");
        assert!(
            explain(&with_line)
                .contains("tailored for: Globex Corp (from the `company:` line of ad.txt)"),
            "{}",
            explain(&with_line)
        );
        let named = ad(&dir, "acme-payments.txt", "");
        assert!(explain(&named)
            .contains("tailored for: acme-payments (from the file name of acme-payments.txt"));
        let generic = ad(&dir, "job-backend.txt", "");
        let table = explain(&generic);
        assert!(
            table.contains("tailored for: the job ad (from none:"),
            "{table}"
        );
        // Never the ad's title; and the pack is named for the ad.
        let out = dir.run(&["tailor", "--job", &generic, "--count", "5"]);
        assert_ok(&out);
        let text = Pdf::open(&dir.join("tailored-job-ad.pdf")).text();
        assert!(
            has(
                &text,
                "Tailored for the job ad — Backend Developer, Senior level"
            ),
            "{text}"
        );
        assert!(
            has(
                &text,
                "Questions chosen from the whole bank for the job ad."
            ),
            "{text}"
        );
        assert!(
            !has(&text, "Tailored for Senior Backend Engineer"),
            "{text}"
        );
        assert!(has(&text, "Why this one for the job ad"), "{text}");
    }
);

prep_test!(a_pack_for_a_german_role_speaks_german, |dir| {
    // The bundled bank with backend-mid read by a German reader.
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(&content).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "backend-mid.yaml" {
            text = text.replacen("\nquestions:", "\nlang: de\nquestions:", 1);
        }
        dir.write(&format!("bank/{name}"), &text);
    }
    let job = ad(&dir, "job-backend.txt", "");
    let out = dir.run(&[
        "tailor",
        "--content",
        "bank",
        "--job",
        &job,
        "--role",
        "backend-mid",
        "--level",
        "senior",
        "--count",
        "5",
        "-o",
        "de.pdf",
    ]);
    assert_ok(&out);
    let text = Pdf::open(&dir.join("de.pdf")).text();
    for words in [
        "Zugeschnitten auf die Stellenanzeige — Backend Developer, Senior-Ebene",
        "Fragen aus der ganzen Sammlung, ausgewählt für die Stellenanzeige.",
    ] {
        assert!(has(&text, words), "{words}\n{text}");
    }
    for english in ["Senior level", "Questions chosen", "the job ad"] {
        assert!(!has(&text, english), "{english}");
    }
});

prep_test!(a_tailored_edition_never_replaces_another, |dir| {
    let acme = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme.yaml");
    for (flags, name) in [
        (&[][..], "tailored-acme.pdf"),
        (&["--practice"][..], "tailored-acme-practice.pdf"),
        (&["--sample"][..], "tailored-acme-sample.pdf"),
        (&["--answers", "end"][..], "tailored-acme-interviewer.pdf"),
        (
            &["--prepared-for", "Ada Lovelace"][..],
            "tailored-acme-ada-lovelace.pdf",
        ),
    ] {
        let mut args = vec!["tailor", "--company", acme];
        args.extend(flags);
        let out = dir.run(&args);
        assert_ok(&out);
        assert!(
            stderr(&out).contains(&format!("wrote {name} (")),
            "{flags:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(dir.list(".").len(), 5, "{:?}", dir.list("."));
    // A folder of profiles names each pack for its edition too, and counts in words.
    dir.write("cos/acme.yaml", &std::fs::read_to_string(acme).unwrap());
    let out = dir.run(&[
        "tailor",
        "--companies",
        "cos",
        "--out-dir",
        "pdf",
        "--practice",
    ]);
    assert_ok(&out);
    assert_eq!(dir.list("pdf"), ["acme-practice.pdf"]);
    assert!(
        stderr(&out).contains("tailored 1 of 1 pack into pdf"),
        "{}",
        stderr(&out)
    );
});
