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
    assert_eq!(stdout(&out).lines().count(), 1 + 5 + 1);
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
