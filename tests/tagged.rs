//! Tagged PDF, PDF/UA-1 and PDF/A-2, checked by tools that did not write the files:
//! `pdfua` (PyPI, on pikepdf/qpdf), poppler's `pdfinfo -struct-text`, `qpdf --check`.
//! `scripts/test.sh` installs pdfua in the test virtual environment under target/
//! (`PREP_PDF_TEST_PYTHON` names its python), and Debian's poppler-utils
//! and qpdf; a missing tool fails these tests, never skips them.
//!
//! The structure tree of the small fixture is kept as a readable snapshot, as
//! poppler reads it: `UPDATE_SNAPSHOTS=1 cargo test --test tagged` rewrites it.

mod util;

use std::path::PathBuf;
use std::process::Command;

use prep_pdf::content::Bank;
use util::{assert_ok, pdfua, plain, squash, struct_text, Pdf};

fn tool(name: &str, args: &[&str], files: &[PathBuf]) -> std::process::Output {
    Command::new(name)
        .args(args)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name} ({e}): scripts/test.sh installs it"))
}

/// Every way a role can be exported: answers × paper × stamped.
const MODES: &[&[&str]] = &[
    &["--answers", "inline", "--paper", "a4"],
    &["--answers", "inline", "--paper", "letter"],
    &["--answers", "end", "--paper", "a4"],
    &["--answers", "end", "--paper", "letter"],
    &["--answers", "none", "--paper", "a4"],
    &["--answers", "none", "--paper", "letter"],
];

prep_test!(every_role_in_every_mode_passes_pdfua_and_qpdf, |dir| {
    let mut files = Vec::new();
    for (m, mode) in MODES.iter().enumerate() {
        for stamp in [None, Some("Ada Lovelace-Byron, London")] {
            let out = format!("m{m}{}", if stamp.is_some() { "s" } else { "" });
            let mut args = vec!["--all", "--out-dir", &out];
            args.extend_from_slice(mode);
            if let Some(name) = stamp {
                args.extend_from_slice(&["--prepared-for", name]);
            }
            assert_ok(&dir.run(&args));
            for f in dir.list(&out) {
                files.push(dir.join(&format!("{out}/{f}")));
            }
        }
    }
    let roles = Bank::bundled().role_ids().unwrap().len();
    assert_eq!(files.len(), roles * MODES.len() * 2);

    // pdfua: no error, warning or info on any file. It takes a few hundred
    // milliseconds a file, so four processes share the files.
    let runs: Vec<_> = files
        .chunks(files.len().div_ceil(4))
        .map(|chunk| {
            Command::new(pdfua())
                .args(["check", "--quiet"])
                .args(chunk)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("pdfua runs: scripts/test.sh installs it")
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "pdfua found problems (exit {:?}):\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    for f in &files {
        let out = tool("qpdf", &["--check"], std::slice::from_ref(f));
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.contains("No syntax or stream encoding errors"),
            "qpdf --check {}:\n{report}{}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        // Running heads, page numbers and the stamp are artifacts: never read.
        // poppler takes a second or two a file for this, so one role is read in
        // every mode (the modes, not the roles, decide what is furniture).
        if !f.ends_with("backend-mid.pdf") {
            continue;
        }
        let text = struct_text(f);
        assert!(
            !text.contains("Page 2 of"),
            "{}: page number tagged",
            f.display()
        );
        // The stamp in the footer is an artifact; only the cover's line is read.
        assert!(
            text.matches("Prepared for Ada").count() <= 1,
            "{}",
            f.display()
        );
    }
});

prep_test!(the_tags_read_as_the_document_reads, |dir| {
    assert_ok(&dir.run(&[
        "--role",
        "backend-mid",
        "--prepared-for",
        "Ada",
        "-o",
        "out.pdf",
    ]));
    let text = struct_text(&dir.join("out.pdf"));
    // The footer stamp is an artifact; the cover's "Prepared for" line is content,
    // read where it stands on the cover (after the facts, before the note), though
    // it is drawn in a stream of its own after the rest of the cover.
    assert_eq!(text.matches("Prepared for Ada").count(), 1, "{text}");
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(at("Situational — 3") < at("Prepared for Ada"), "{text}");
    assert!(
        at("Prepared for Ada") < at("How to use this pack"),
        "{text}"
    );
    assert!(!text.contains("Backend Engineer · "), "running head tagged");
    assert!(!text.contains("Page 1 of"));
    // What a screen reader reads: the quoted text of the elements, in tree order.
    let read: String = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"'))
        .collect();
    let flat = squash(&read);
    let mut role = Bank::bundled().load("backend-mid").unwrap();
    role.select(prep_pdf::content::tags::Selection::Published);
    // Every heading is read as a heading.
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for n in 1..=role.questions.len() {
        let heading = format!("\"Question {n}\"");
        assert!(
            lines
                .windows(2)
                .any(|w| w[0] == "H1 (block)" && w[1] == heading),
            "{heading} is not an H1"
        );
    }
    // Every prompt, in order, each after its question heading.
    let mut at = 0;
    for (i, q) in role.questions.iter().enumerate() {
        let heading = format!("Question{}", i + 1);
        let prompt = squash(&prep_pdf::content::markdown::plain_text(&q.prompt));
        let h = flat[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} not found after {at}"));
        let p = flat[at + h..]
            .find(&prompt)
            .unwrap_or_else(|| panic!("prompt {} not in reading order", i + 1));
        at += h + p + prompt.len();
    }
    // Heading levels nest: question, its guide, the guide's parts.
    let order: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with('H') && w.len() == 2)
        .collect();
    let mut prev = 0u8;
    for h in &order {
        let level = h.as_bytes()[1] - b'0';
        assert!(level <= prev + 1, "heading levels skip: {order:?}");
        prev = level;
    }
    assert!(order.contains(&"H3"));
    // Lists, contents, links and code are all there.
    for tag in ["TOC", "TOCI", "L", "LI", "Lbl", "LBody", "Link", "Code"] {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(tag)),
            "no {tag} element:\n{text}"
        );
    }
    assert!(flat.contains(&squash(&plain(
        "Assesses ability to design scalable systems"
    ))));
});

prep_test!(links_are_tagged_and_described, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "out.pdf"]));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    let doc = &pdf.doc;
    let mut annots = 0;
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        let Ok(list) = page.get(b"Annots") else {
            continue;
        };
        for a in list.as_array().unwrap() {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let contents = a.get(b"Contents").expect("/Contents").as_str().unwrap();
            assert!(!contents.is_empty());
            let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
            assert!(key >= 0);
            assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4);
            annots += 1;
        }
    }
    assert!(annots > 20, "{annots} annotations");
    // The catalog declares it all.
    let catalog = doc.catalog().unwrap();
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc.get_object(meta).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    for want in [
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
    ] {
        assert!(xmp.contains(want), "{want}");
    }
    // XMP and Info agree, and there are no dates without SOURCE_DATE_EPOCH.
    let title = pdf.info("Title").unwrap();
    assert!(xmp.contains(&format!("x-default\">{title}<")), "{title}");
    assert!(!xmp.contains("Date>") && pdf.info("CreationDate").is_none());
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = doc
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
});

prep_test!(dates_appear_in_xmp_and_info_alike, |dir| {
    assert_ok(&dir.run_env(
        &["--role", "qa-mid", "-o", "out.pdf"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    ));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    assert_eq!(
        pdf.info("CreationDate").as_deref(),
        Some("D:20231114221320Z")
    );
    let raw = std::fs::read(dir.join("out.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"));
});

#[test]
fn small_role_structure_matches_the_snapshot() {
    let dir = util::Dir::new("struct-snapshot");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    assert_ok(&dir.run(&["--content", fixtures, "--role", "small", "-o", "small.pdf"]));
    let got = struct_text(&dir.join("small.pdf"));
    util::assert_snapshot("small-structure.txt", "structure", &got);
}
