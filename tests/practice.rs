//! Practice packs (`--practice`), read back from the PDF with lopdf: the ruled lines
//! and frame labels each question gets, the flags' rules, and the override key.

mod util;

use lopdf::content::Content;
use lopdf::Object;
use prep_pdf::content::{Bank, Category};
use util::{assert_ok, stderr, Pdf};

/// The ruled answer lines on each page: strokes in the answer-line colour
/// (0.7 0.7 0.72 RG) that run across the whole measure.
fn ruled_lines(pdf: &Pdf) -> Vec<usize> {
    let num = |o: &Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
    let mut out = Vec::new();
    for (_, id) in pdf.doc.get_pages() {
        let content = Content::decode(&pdf.doc.get_page_content(id)).unwrap();
        let (mut answer_colour, mut from, mut count) = (false, 0.0, 0);
        for op in &content.operations {
            match op.operator.as_str() {
                "RG" => {
                    let c: Vec<f32> = op.operands.iter().map(num).collect();
                    answer_colour = c == [0.7, 0.7, 0.72];
                }
                "m" => from = num(&op.operands[0]),
                "l" if answer_colour && num(&op.operands[0]) - from > 400.0 => count += 1,
                _ => {}
            }
        }
        out.push(count);
    }
    out
}

/// How many times `label` stands as words of its own in the text (not inside
/// "Situational"); lopdf runs a line's text into the next, so lines cannot tell.
fn label_count(text: &str, label: &str) -> usize {
    text.match_indices(label)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + label.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
        .count()
}

prep_test!(
    a_practice_sheet_has_the_lines_and_frames_each_kind_asks_for,
    |dir| {
        let mut role = Bank::bundled().load("backend-mid").unwrap();
        role.select(prep_pdf::content::tags::Selection::Published);
        let count = |c: Category| role.questions.iter().filter(|q| q.category == c).count();
        // Ruled lines per question by kind: STAR 3+3+7+3, plan 5+5+4, technical 20,
        // system design 8 under its diagram, coding none (a squared grid).
        let want_lines = 16 * count(Category::Behavioral)
            + 14 * count(Category::Situational)
            + 20 * count(Category::Technical)
            + 8 * count(Category::SystemDesign);
        assert!(count(Category::Behavioral) > 0 && count(Category::Situational) > 0);
        for paper in ["a4", "letter"] {
            let out = dir.join(&format!("{paper}.pdf"));
            assert_ok(&dir.run(&[
                "--role",
                "backend-mid",
                "--practice",
                "--paper",
                paper,
                "-o",
                out.to_str().unwrap(),
            ]));
            let pdf = Pdf::open(&out);
            let lines = ruled_lines(&pdf);
            assert_eq!(
                lines.iter().sum::<usize>(),
                want_lines,
                "{paper}: {lines:?}"
            );
            // About a page per question: cover, contents, then one page each.
            assert_eq!(pdf.page_count(), 2 + role.questions.len(), "{paper}");
            let text = pdf.text();
            for (label, n) in [
                ("Situation", count(Category::Behavioral)),
                ("Action", count(Category::Behavioral)),
                ("Result", count(Category::Behavioral)),
                ("First hour", count(Category::Situational)),
                ("Trade-offs", count(Category::Situational)),
                ("Diagram", count(Category::SystemDesign)),
            ] {
                assert_eq!(label_count(&text, label), n, "{paper}: label {label}");
            }
            // A question sheet: no guides.
            assert!(!text.contains("Answer guide"));
        }
    }
);

prep_test!(practice_with_guides_at_the_end_and_not_inline, |dir| {
    assert_ok(&dir.run(&[
        "--role",
        "backend-mid",
        "--practice",
        "--answers",
        "end",
        "-o",
        "end.pdf",
    ]));
    let text = Pdf::open(&dir.join("end.pdf")).text();
    assert!(text.contains("Answer guide 1") && label_count(&text, "Situation") > 0);
    let o = dir.run(&[
        "--role",
        "backend-mid",
        "--practice",
        "--answers",
        "inline",
        "-o",
        "in.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--practice cannot have --answers inline"));
    assert!(!dir.join("in.pdf").exists());
});

prep_test!(a_question_overrides_its_answer_space, |dir| {
    let yaml = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.yaml"),
    )
    .unwrap();
    let first_q = yaml.find("    answer_guide:").expect("a question");
    let with = format!(
        "{}    practice: {{space: star, lines: 40}}\n{}",
        &yaml[..first_q],
        &yaml[first_q..]
    );
    dir.write("content/small.yaml", &with);
    assert_ok(&dir.run(&[
        "--content",
        "content",
        "--role",
        "small",
        "--practice",
        "-o",
        "s.pdf",
    ]));
    let pdf = Pdf::open(&dir.join("s.pdf"));
    // The first question (system design) is a STAR frame now, besides the behavioral
    // one; its 40 lines are shared 3:3:7:3 → 8, 8, 18, 8 (rounded), over two pages.
    let text = pdf.text();
    assert_eq!(label_count(&text, "Situation"), 2);
    assert_eq!(label_count(&text, "Diagram"), 0);
    let lines = ruled_lines(&pdf);
    assert_eq!(
        lines.iter().sum::<usize>(),
        8 + 8 + 18 + 8 + 16,
        "{lines:?}"
    );
    dir.write(
        "content/small.yaml",
        &with.replace("space: star", "space: boxes"),
    );
    let o = dir.run(&["--content", "content", "--role", "small", "--practice"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown space `boxes`"),
        "{}",
        stderr(&o)
    );
});
