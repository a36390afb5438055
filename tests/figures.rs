//! Diagrams as code, read back by tools that did not write the PDF: poppler's
//! `pdftotext -bbox` (labels are text, inside the margins), `pdfinfo -struct-text`
//! (a `Figure` with its `BBox`, then its `Caption`), pikepdf (the `Figure`'s `/Alt`)
//! and pdfua; tables, whose header is repeated on each page they run onto and read
//! once; and bad diagrams and tables, which fail with the place of the mistake.

mod util;

use std::process::Output;

use util::{assert_ok, stderr, Dir};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/figures");

/// Every word on every page with its box: (word, page, x0, y0, x1, y1).
fn words(pdf: &str) -> Vec<(String, usize, f32, f32, f32, f32)> {
    let html = util::tool("pdftotext", &["-bbox", pdf, "-"]);
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        let Some(rest) = line.trim().strip_prefix("<word ") else {
            continue;
        };
        let attr = |k: &str| -> f32 {
            let from = rest.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            rest[from..].split('"').next().unwrap().parse().unwrap()
        };
        let word = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
        let b = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
        out.push((word.to_string(), page, b.0, b.1, b.2, b.3));
    }
    out
}

prep_test!(diagram_labels_are_text_inside_the_margins, |dir| {
    assert_ok(&dir.run(&["--content", FIXTURES, "--role", "figures", "-o", "f.pdf"]));
    let pdf = dir.join("f.pdf");
    let words = words(pdf.to_str().unwrap());
    for label in [
        "Client",
        "PostgreSQL",
        "Kafka:",
        "eu-west-1",
        "publish",
        "Redis",
        "WAL",
    ] {
        assert!(words.iter().any(|w| w.0 == label), "{label} is not text");
    }
    // A4: 20 mm side margins, 16 mm top and bottom.
    let (left, right) = (56.69, 595.28 - 56.69);
    for (word, page, x0, y0, x1, y1) in &words {
        let inside = *x0 >= left - 0.5 && *x1 <= right + 0.5 && *y0 >= 40.0 && *y1 <= 842.0 - 40.0;
        assert!(
            inside,
            "page {page}: `{word}` at {x0},{y0}..{x1},{y1} is in the margin"
        );
    }
    // The write path's labels read left to right along its ranks.
    let x = |w: &str| words.iter().rev().find(|t| t.0 == w).unwrap().2;
    assert!(x("Client") < x("PostgreSQL") && x("Client") < x("Kafka:"));
    // The caption is under its drawing, on the same page.
    let y = |w: &str| {
        words
            .iter()
            .rev()
            .find(|t| t.0 == w)
            .map(|t| (t.1, t.3))
            .unwrap()
    };
    let (cap_page, cap_y) = y("write");
    let (db_page, db_y) = y("PostgreSQL");
    assert_eq!(cap_page, db_page);
    assert!(cap_y > db_y);
});

prep_test!(a_diagram_is_a_figure_with_alt_bbox_and_caption, |dir| {
    assert_ok(&dir.run(&["--content", FIXTURES, "--role", "figures", "-o", "f.pdf"]));
    let pdf = dir.join("f.pdf");
    let text = util::tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    let figure = text.find("Figure").expect("a Figure element");
    let after = &text[figure..];
    assert!(after.contains("/BBox ["), "{after}");
    assert!(after.find("Caption").unwrap() < after.find("The order write path").unwrap());
    let alts = util::figure_alts(&pdf);
    assert!(
        alts.contains("Clients reach the API through a load balancer"),
        "{alts}"
    );
    assert!(alts.contains("Readers hit a cache"), "{alts}");
    let out = util::pdfua_check([&pdf]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
});

/// A role whose sample answer is `answer` (a literal block, from line 12).
fn role_with(answer: &str) -> String {
    let mut out = String::from(
        "title: Bad\nlevel: Mid\nsummary: A role with one diagram.\nquestions:\n  - id: q\n    \
         category: system-design\n    prompt: Draw it.\n    answer_guide:\n      overview: Do.\n      \
         key_points: [One.]\n      sample_answer: |\n",
    );
    for line in answer.lines() {
        out.push_str(&format!("        {line}\n"));
    }
    out
}

/// Exports the role `bad` of the content folder `bank`, to b.pdf.
fn export_bad(dir: &Dir) -> Output {
    dir.run(&[
        "--content",
        dir.join("bank").to_str().unwrap(),
        "--role",
        "bad",
        "-o",
        "b.pdf",
    ])
}

prep_test!(bad_diagrams_fail_at_their_line_and_column, |dir| {
    let big: String = (0..500)
        .map(|i| format!("  n{i} -> n{}\n", i + 1))
        .collect();
    let cases = [
        (
            "```diagram\nalt: x\ndigraph {\n  a -> \n}\n```",
            "bad.yaml:16:9:",
            "expected a node",
        ),
        (
            "```diagram\nalt: x\ndigraph {\n  a [shape=hex]\n}\n```",
            "bad.yaml:15:14:",
            "unknown shape",
        ),
        ("```diagram\ndigraph { a }\n```", "bad.yaml:12:9:", "`alt:`"),
        (
            &format!("```diagram\nalt: x\ndigraph {{\n{big}}}\n```"),
            "bad.yaml:54:18:",
            "at most 40",
        ),
        (
            "```diagram\nalt: x\ndigraph { a -- b }\n```",
            "bad.yaml:14:21:",
            "written `->`",
        ),
    ];
    for (answer, place, message) in cases {
        dir.write("bank/bad.yaml", &role_with(answer));
        let out = export_bad(&dir);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(place) && err.contains(message),
            "want {place} {message}:\n{err}"
        );
    }
});

prep_test!(a_long_table_repeats_its_header_and_is_read_once, |dir| {
    assert_ok(&dir.run(&["--content", FIXTURES, "--role", "figures", "-o", "f.pdf"]));
    let pdf = dir.join("f.pdf");
    let pdf = pdf.to_str().unwrap();
    let pages: Vec<String> = (1..=6)
        .map(|p| {
            util::tool(
                "pdftotext",
                &["-f", &p.to_string(), "-l", &p.to_string(), pdf, "-"],
            )
        })
        .collect();
    let first = pages.iter().position(|p| p.contains("service-01")).unwrap();
    let last = pages.iter().position(|p| p.contains("service-40")).unwrap();
    assert!(last > first, "the 40-row table fits one page");
    for page in &pages[first..=last] {
        assert!(
            page.contains("Requests per second"),
            "no header on:\n{page}"
        );
    }
    // Rows are whole: every service is on exactly one page.
    for i in 1..=40 {
        let name = format!("service-{i:02}");
        assert_eq!(
            pages.iter().filter(|p| p.contains(&name)).count(),
            1,
            "{name}"
        );
    }
    // Tagged: header cells scoped to their columns, cells in reading order, the
    // repeated header an artifact.
    let text = util::tool("pdfinfo", &["-struct-text", pdf]);
    assert_eq!(text.matches("\"Requests per second\"").count(), 1, "{text}");
    assert!(text.contains("THead") && text.contains("TBody") && text.contains("/Scope /Column"));
    let order = [
        "\"Store\"",
        "\"Writes\"",
        "\"Good for\"",
        "\"PostgreSQL\"",
        "\"one primary\"",
        "\"Redis\"",
    ];
    let at: Vec<usize> = order.iter().map(|w| text.find(w).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{order:?} at {at:?}");
    // An empty cell is still a cell: the S3 row has its four.
    let s3 = &text[text.find("\"S3\"").unwrap()..text.find("\"archives\"").unwrap()];
    assert_eq!(s3.matches("TD").count(), 3, "{s3}");
});

prep_test!(a_ragged_table_fails_at_its_row, |dir| {
    let table = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |";
    dir.write("bank/bad.yaml", &role_with(table));
    let out = export_bad(&dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.yaml:15:9:") && err.contains("1 cells; the table's header has 2"),
        "{err}"
    );
});
