//! `--all`: every role at once, failures isolated, nothing partial left behind.

mod util;

use util::{assert_ok, squash, stderr, Pdf};

prep_test!(exports_every_role_with_a_summary, |dir| {
    let out = dir.run(&["--all", "--out-dir", "pdf"]);
    assert_ok(&out);
    let ids = prep_pdf::content::Bank::bundled().role_ids().unwrap();
    assert!(ids.len() >= 12);
    let expected: Vec<String> = ids.iter().map(|id| format!("{id}.pdf")).collect();
    assert_eq!(
        dir.list("pdf"),
        expected,
        "exactly one PDF per role, no temporary files"
    );
    for id in &ids {
        let role = prep_pdf::content::Bank::bundled().load(id).unwrap();
        let text = squash(&Pdf::open(&dir.join(&format!("pdf/{id}.pdf"))).text());
        assert!(text.contains(&squash(&role.title)), "{id}");
    }
    let err = stderr(&out);
    assert!(
        err.contains(&format!("exported {} of {} roles", ids.len(), ids.len())),
        "{err}"
    );
    assert!(
        err.contains("pages") && err.contains("KB") && err.contains(" ms"),
        "{err}"
    );
    // Quiet when not on a terminal: the summary is the only line.
    assert_eq!(err.lines().count(), 1, "{err}");

    // A batch gives the same bytes as one role at a time (no state leaks between
    // roles exported on the same threads).
    assert_ok(&dir.run(&["--role", "qa-mid", "-o", "single.pdf"]));
    assert_eq!(
        std::fs::read(dir.join("single.pdf")).unwrap(),
        std::fs::read(dir.join("pdf/qa-mid.pdf")).unwrap()
    );

    // Again: the files are replaced, byte for byte the same.
    let before = std::fs::read(dir.join("pdf/backend-mid.pdf")).unwrap();
    assert_ok(&dir.run(&["--all", "--out-dir", "pdf"]));
    assert_eq!(
        std::fs::read(dir.join("pdf/backend-mid.pdf")).unwrap(),
        before
    );
    assert_eq!(dir.list("pdf").len(), ids.len());
});

prep_test!(a_broken_role_is_reported_and_the_others_still_go, |dir| {
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/backend-mid.yaml"
    ))
    .unwrap();
    dir.write("bank/alpha.yaml", &good);
    dir.write("bank/omega.yaml", &good);
    dir.write(
        "bank/broken.yaml",
        &good.replacen("questions:", "questions: [\n", 1),
    );
    let out = dir.run(&[
        "--all",
        "--out-dir",
        "pdf",
        "--content",
        "bank",
        "--paper",
        "letter",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("role `broken` failed") && err.contains("bank/broken.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("exported 2 of 3 roles") && err.contains("1 failed"),
        "{err}"
    );
    assert_eq!(dir.list("pdf"), ["alpha.pdf", "omega.pdf"]);
});

prep_test!(shards_split_the_roles_between_runs, |dir| {
    assert_ok(&dir.run(&["--all", "--out-dir", "a", "--shard", "1/3"]));
    assert_ok(&dir.run(&["--all", "--out-dir", "b", "--shard", "2/3"]));
    assert_ok(&dir.run(&["--all", "--out-dir", "c", "--shard", "3/3"]));
    let mut all: Vec<String> = ["a", "b", "c"].iter().flat_map(|d| dir.list(d)).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "no role in two shards");
    assert_eq!(
        n,
        prep_pdf::content::Bank::bundled().role_ids().unwrap().len()
    );
    let out = dir.run(&["--all", "--out-dir", "d", "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2));
    // A content folder without role files is a mistake worth saying so.
    std::fs::create_dir(dir.join("empty")).unwrap();
    let out = dir.run(&["--all", "--out-dir", "e", "--content", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no role files"),
        "{}",
        stderr(&out)
    );
});

prep_test!(prepared_for_stamps_cover_and_every_footer, |dir| {
    assert_ok(&dir.run(&[
        "--role",
        "backend-mid",
        "--prepared-for",
        "Grace Hopper",
        "-o",
        "g.pdf",
    ]));
    let pdf = Pdf::open(&dir.join("g.pdf"));
    let pages: Vec<u32> = pdf.doc.get_pages().keys().copied().collect();
    for p in &pages {
        let t = pdf.doc.extract_text(&[*p]).unwrap();
        assert!(t.contains("Prepared for Grace Hopper"), "page {p}: {t}");
    }
});
