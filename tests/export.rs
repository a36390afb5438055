//! Exporting one role: what lands in the PDF, and what happens on bad input.

mod util;

use prep_pdf::content::Bank;
use util::{assert_ok, plain, squash, stderr, Link, Pdf};

/// backend-mid's published set: what `--role backend-mid` exports.
fn backend_mid() -> prep_pdf::content::Role {
    let mut role = Bank::bundled().load("backend-mid").unwrap();
    role.select(prep_pdf::content::tags::Selection::Published);
    role
}

prep_test!(prompts_extract_in_order_and_every_guide_is_there, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "out.pdf"]));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    let text = squash(&pdf.text());
    let role = backend_mid();
    let mut at = 0;
    for (i, q) in role.questions.iter().enumerate() {
        let prompt = squash(&prep_pdf::content::markdown::plain_text(&q.prompt));
        let found = text[at..]
            .find(&prompt)
            .unwrap_or_else(|| panic!("prompt {} not found after byte {at}: {prompt}", i + 1));
        at += found + prompt.len();
    }
    assert_eq!(text.matches("Answerguide").count(), role.questions.len());
    // Every guide has each of its parts: as many headings as guides.
    for part in [
        "Keypoints",
        "Sampleanswer",
        "Follow-upquestions",
        "Pitfalls",
        "Resources",
    ] {
        assert!(
            text.matches(part).count() >= role.questions.len(),
            "{part}: {} for {} guides",
            text.matches(part).count(),
            role.questions.len()
        );
    }
    for q in &role.questions {
        // Each guide's key points are there, word for word.
        for kp in &q.guide.key_points {
            let kp = squash(&prep_pdf::content::markdown::plain_text(kp));
            assert!(text.contains(&kp), "key point missing: {kp}");
        }
    }
    // The three reference "why they ask" texts, verbatim.
    assert!(text.contains(&squash(&plain(
        "Assesses ability to design scalable systems, understand database optimization, caching layers, and concurrency handling—core skills for backend engineers at mid-level."
    ))));
});

prep_test!(fonts_are_embedded_subset_and_unicode_mapped, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "out.pdf"]));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    let fonts = pdf.fonts();
    assert!((3..=5).contains(&fonts.len()), "{:?}", fonts.keys());
    for (name, dict) in &fonts {
        let (tag, rest) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{name}"
        );
        assert!(rest.starts_with("Noto"), "{name}");
        assert_eq!(
            pdf.font_is_embedded_with_tounicode(dict),
            (true, true),
            "{name}"
        );
    }
    let size = std::fs::metadata(dir.join("out.pdf")).unwrap().len();
    assert!(size < 150_000, "{size} bytes: fonts are not subset?");
});

prep_test!(outline_and_links, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "out.pdf"]));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    let outline = pdf.outline();
    assert_eq!(outline[0], "Contents");
    assert_eq!(outline.len(), 11);
    assert_eq!(outline[1], "1. REST API for e-commerce");
    assert!(outline[10].starts_with("10. "));
    let links = pdf.links();
    // Contents (page 2) links to each question, in increasing page order.
    let toc = pdf.page_targets(2);
    assert_eq!(toc.len(), 10);
    assert!(toc.windows(2).all(|w| w[0] < w[1]), "{toc:?}");
    // The page each entry links to holds that question's heading.
    let pages: Vec<u32> = pdf.doc.get_pages().keys().copied().collect();
    for (i, p) in toc.iter().enumerate() {
        let t = pdf.doc.extract_text(&[pages[*p as usize - 1]]).unwrap();
        assert!(t.contains(&format!("Question {}", i + 1)), "page {p}: {t}");
    }
    assert!(links
        .iter()
        .any(|(_, l)| matches!(l, Link::Uri(u) if u.starts_with("https://"))));
});

prep_test!(metadata, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "out.pdf"]));
    let pdf = Pdf::open(&dir.join("out.pdf"));
    assert_eq!(
        pdf.info("Title").unwrap(),
        "Backend Developer — Mid level interview questions"
    );
    assert!(pdf.info("Subject").unwrap().contains("APIs, databases"));
    assert!(pdf
        .info("Keywords")
        .unwrap()
        .contains("interview questions"));
    assert_eq!(
        pdf.info("Producer").unwrap(),
        format!("prep-pdf {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(pdf.info("Author").is_some() && pdf.info("Creator").is_some());
    assert_eq!(
        pdf.info("CreationDate"),
        None,
        "no date unless SOURCE_DATE_EPOCH is set"
    );
    let lang = pdf
        .doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    assert_eq!(lang, b"en");
});

prep_test!(
    output_is_reproducible_and_honours_source_date_epoch,
    |dir| {
        assert_ok(&dir.run(&["--role", "backend-mid", "-o", "a.pdf"]));
        std::fs::create_dir(dir.join("elsewhere")).unwrap();
        assert_ok(&dir.run(&["--role", "backend-mid", "-o", "elsewhere/b.pdf"]));
        let a = std::fs::read(dir.join("a.pdf")).unwrap();
        assert_eq!(a, std::fs::read(dir.join("elsewhere/b.pdf")).unwrap());
        assert_ok(&dir.run_env(
            &["--role", "backend-mid", "-o", "c.pdf"],
            &[("SOURCE_DATE_EPOCH", "1700000000")],
        ));
        let c = Pdf::open(&dir.join("c.pdf"));
        assert_eq!(c.info("CreationDate").unwrap(), "D:20231114221320Z");
        assert_ok(&dir.run_env(
            &["--role", "backend-mid", "-o", "d.pdf"],
            &[("SOURCE_DATE_EPOCH", "1700000000")],
        ));
        assert_eq!(
            std::fs::read(dir.join("c.pdf")).unwrap(),
            std::fs::read(dir.join("d.pdf")).unwrap()
        );
    }
);

prep_test!(options_paper_answers_stdout_and_default_name, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid"]));
    assert!(dir.join("backend-mid.pdf").exists());

    let out = dir.run(&["--role", "backend-mid", "-o", "-", "--paper", "letter"]);
    assert_ok(&out);
    let letter = Pdf::from_bytes(&out.stdout);
    let first = letter.doc.get_pages()[&1];
    let mb = letter
        .doc
        .get_object(first)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let w = mb[2].as_float().unwrap();
    let h = mb[3].as_float().unwrap();
    assert_eq!((w.round(), h.round()), (612.0, 792.0));

    assert_ok(&dir.run(&[
        "--role",
        "backend-mid",
        "--answers",
        "none",
        "-o",
        "none.pdf",
    ]));
    let none = Pdf::open(&dir.join("none.pdf")).text();
    assert!(!none.contains("Answer guide") && !none.contains("Sample answer"));
    assert!(none.contains("Question 10"));

    assert_ok(&dir.run(&["--role", "backend-mid", "--answers", "end", "-o", "end.pdf"]));
    let end = Pdf::open(&dir.join("end.pdf")).text();
    let last_question = end.find("Question 10").unwrap();
    let first_guide = end.find("Answer guide 1").unwrap();
    assert!(last_question < first_guide, "questions come first");
    assert_eq!(end.matches("Sample answer").count(), 10);
    // The interviewer's contents link each question and its guide.
    let end_pdf = Pdf::open(&dir.join("end.pdf"));
    let pages: Vec<u32> = end_pdf.doc.get_pages().keys().copied().collect();
    let targets = end_pdf.page_targets(2);
    assert_eq!(targets.len(), 21, "{targets:?}");
    for n in 1..=10 {
        let guide_page = targets[2 * n - 1];
        let t = end_pdf
            .doc
            .extract_text(&[pages[guide_page as usize - 1]])
            .unwrap();
        assert!(
            t.contains(&format!("Answer guide {n}")),
            "guide {n} link to page {guide_page}"
        );
    }
});

prep_test!(unknown_roles_and_paths_are_refused, |dir| {
    let out = dir.run(&["--role", "backend-middle"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unknown role `backend-middle`") && err.contains("backend-mid,"),
        "{err}"
    );
    for bad in ["../etc/passwd", "content/backend-mid", "Backend-Mid"] {
        let out = dir.run(&["--role", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("is not a role id"),
            "{}",
            stderr(&out)
        );
    }
    assert!(
        dir.list(".").is_empty(),
        "nothing written: {:?}",
        dir.list(".")
    );
});

prep_test!(bad_content_names_the_place_and_clobbers_nothing, |dir| {
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/backend-mid.yaml"
    ))
    .unwrap();
    let bad = good.replacen("category: technical", "category: tecnical", 1);
    let line = bad.lines().position(|l| l.contains("tecnical")).unwrap() + 1;
    dir.write("bank/broken.yaml", &bad);
    dir.write("keep.pdf", "precious");
    let out = dir.run(&["--role", "broken", "--content", "bank", "-o", "keep.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("bank/broken.yaml:{line}:")), "{err}");
    assert!(err.contains("did you mean `technical`"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.pdf")).unwrap(),
        "precious"
    );
    assert_eq!(dir.list("."), ["bank", "keep.pdf"]);
});

prep_test!(characters_no_font_has_are_reported, |dir| {
    dir.write(
        "bank/odd.yaml",
        "title: T\nlevel: L\nsummary: S\nquestions:\n  - id: q\n    category: coding\n    prompt: Check ✓ this\n    answer_guide:\n      overview: O\n      key_points: [k]\n      sample_answer: S\n",
    );
    // Without system fonts (where some font has ✓), nothing can draw it.
    let out = dir.run_env(
        &["--role", "odd", "--content", "bank"],
        &[("PREP_PDF_SYSTEM_FONTS", "")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bank/odd.yaml:7:19:")
            && err.contains("`✓` (U+2713) is in no font")
            && err.contains("question 1 (`q`)"),
        "{err}"
    );
    // The library says what is missing; the command line says which flag gives it.
    assert!(err.contains("; give one with --font FILE"), "{err}");
    assert!(!dir.join("odd.pdf").exists());
    let out = dir.run_env(
        &["check", "odd", "--content", "bank"],
        &[("PREP_PDF_SYSTEM_FONTS", "")],
    );
    let err = stderr(&out);
    assert!(
        err.contains("is in no font (bundled, given, or installed); give one with --font FILE"),
        "{err}"
    );
});
