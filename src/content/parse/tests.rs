//! The parser on small files: positions, every problem at once, suggestions.
use super::*;
use crate::content::suggest::did_you_mean;
use crate::content::Category;

const GOOD: &str = "title: Backend Developer
level: Mid level
summary: APIs and databases.
questions:
  - id: one
    category: technical
    prompt: Explain **indexes**.
    answer_guide:
      overview: What a B-tree is.
      key_points: [Selectivity matters.]
      sample_answer: |
        An index is a sorted structure.
";

#[test]
fn a_good_file_parses() {
    let (role, diags) = parse_role("backend-mid", "f.yaml", GOOD);
    assert!(diags.is_empty(), "{diags:?}");
    let role = role.unwrap();
    assert_eq!(role.questions[0].category, Category::Technical);
    assert_eq!(role.questions[0].pos, Pos { line: 5, col: 5 });
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let bad = GOOD
        .replace("category: technical", "category: tecnical")
        .replace("    prompt:", "    promt: x\n    prompt:")
        .replace("What a B-tree is.", "What a <b>B-tree</b> is \u{F0001}.");
    let (role, diags) = parse_role("backend-mid", "f.yaml", &bad);
    assert!(role.is_none());
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter().any(|t| t
            .starts_with("f.yaml:6:15: error: question 1 (`one`): unknown category `tecnical`")
            && t.contains("did you mean `technical`")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|t| t.starts_with("f.yaml:7:5:")
            && t.contains("unknown key `promt`")
            && t.contains("did you mean `prompt`")),
        "{text:#?}"
    );
    assert!(text.iter().any(|t| t.contains("raw HTML")), "{text:#?}");
    assert!(
        text.iter()
            .any(|t| t.contains("`\u{F0001}` (U+F0001) is in no font") && t.contains("overview")),
        "{text:#?}"
    );
}

#[test]
fn missing_and_duplicate_things() {
    let src = "title: T\nlevel: L\nsummary: S\nquestions:\n  - id: a\n    category: coding\n    prompt: P\n    answer_guide: {overview: O, key_points: [k], sample_answer: S}\n  - id: a\n    category: coding\n    prompt: P\n";
    let (role, diags) = parse_role("r", "r.yaml", src);
    assert!(role.is_none());
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter().any(|t| t.contains("answer guide is missing")),
        "{text:#?}"
    );
    let (_, diags) = parse_role("r", "r.yaml", "title: [x\n");
    assert!(diags[0].to_string().starts_with("r.yaml:"), "{diags:?}");
}

#[test]
fn edit_distance_suggestions() {
    assert_eq!(did_you_mean("sumary", ROLE_KEYS), Some("summary"));
    assert_eq!(did_you_mean("zzzzzz", ROLE_KEYS), None);
}

#[test]
fn practice_overrides_parse_and_bad_ones_are_placed() {
    use crate::content::practice::{Practice, Space};
    let good = GOOD.replace(
        "    answer_guide:",
        "    practice: {space: grid, lines: 30}\n    answer_guide:",
    );
    let (role, diags) = parse_role("backend-mid", "f.yaml", &good);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        role.unwrap().questions[0].practice,
        Some(Practice {
            space: Some(Space::Grid),
            lines: Some(30)
        })
    );
    let bad = GOOD.replace(
        "    answer_guide:",
        "    practice: {space: gird, lines: 0, size: 3}\n    answer_guide:",
    );
    let (role, diags) = parse_role("backend-mid", "f.yaml", &bad);
    assert!(role.is_none());
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    for want in [
        "f.yaml:8:23: error: question 1 (`one`) practice: unknown space `gird`",
        "f.yaml:8:36: error: question 1 (`one`) practice: lines is `0`",
        "f.yaml:8:39: error: unknown key `size` in question 1 (`one`) practice",
    ] {
        assert!(
            text.iter().any(|t| t.starts_with(want)),
            "{want}\n{text:#?}"
        );
    }
    assert!(text.iter().any(|t| t.contains("did you mean `grid`")));
}

#[test]
fn lang_is_a_supported_bcp47_tag_with_its_place() {
    let (role, diags) = parse_role("r", "f.yaml", &format!("lang: de-AT\n{GOOD}"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(role.unwrap().lang, "de-AT");
    let (role, _) = parse_role("r", "f.yaml", GOOD);
    assert_eq!(role.unwrap().lang, "en");
    for (tag, why) in [
        ("ja", "no labels for language `ja` (supported: en, de"),
        ("deutsch", "`deutsch` is not a BCP 47 language tag"),
    ] {
        let (role, diags) = parse_role(
            "r",
            "f.yaml",
            &GOOD.replace("level:", &format!("lang: {tag}\nlevel:")),
        );
        assert!(role.is_none());
        let text = diags[0].to_string();
        assert!(
            text.starts_with("f.yaml:2:7: error: lang: ") && text.contains(why),
            "{text}"
        );
    }
}

/// The line and column of the first diagnostic whose message contains `needle`.
fn place_of(src: &str, needle: &str) -> (usize, usize) {
    let (_, diags) = parse_role("r", "r.yaml", src);
    let d = diags
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {diags:#?}"));
    (d.pos.line, d.pos.col)
}

/// Where `needle` stands in `src`, 1-based, counting characters as editors do.
fn column_of(src: &str, needle: &str) -> (usize, usize) {
    let pos = Pos::after(&src[..src.find(needle).unwrap()]);
    (pos.line, pos.col)
}

#[test]
fn a_character_after_markdown_spans_is_reported_where_it_stands() {
    // Multibyte text before a span moved offsets found inside the span onto the whole
    // scalar: a panic at a string slice, or a column ten characters early.
    let cases = [
        // (the prompt as written, the text the error must point at)
        ("\"éé **b** \\a\"", "\\a"),
        ("\"A **bold** word then \u{F0001}\"", "\u{F0001}"),
        ("\"ü `code` ü *em* \u{F0001}\"", "\u{F0001}"),
        (
            "\"日本語 **太字** と [link](https://x.org) \u{F0001}\"",
            "\u{F0001}",
        ),
        ("A **bold** word then \u{F0001}", "\u{F0001}"),
        ("\"\\u00e9\\u00e9 **b** \\a\"", "\\a"),
    ];
    for (prompt, at) in cases {
        let src = GOOD.replace("Explain **indexes**.", prompt);
        let needle = if at == "\\a" {
            "control character"
        } else {
            "(U+F0001) is in no font"
        };
        let got = place_of(&src, needle);
        let line_start = src.find(prompt).unwrap();
        let expect = {
            let in_prompt = prompt.find(at).unwrap();
            column_of(
                &src,
                &src[line_start..line_start + in_prompt + at.len()][in_prompt..],
            )
        };
        // The escape sequences before `\a` in the last case are longer in the file
        // than in the text; the column may only fall short by what they shrank.
        if prompt.contains("\\u00e9") {
            assert_eq!(got.0, expect.0, "{prompt}");
            assert!(
                got.1 <= expect.1 && got.1 + 10 >= expect.1,
                "{prompt}: {got:?} vs {expect:?}"
            );
        } else {
            assert_eq!(got, expect, "{prompt}");
        }
    }
}

#[test]
fn a_character_in_a_literal_block_after_spans_is_reported_on_its_line() {
    let src = GOOD.replace(
        "An index is a sorted structure.",
        "Ünïcödé **first** line.\n        Then `code` and \u{F0001} here.",
    );
    let got = place_of(&src, "in no font");
    assert_eq!(got, column_of(&src, "\u{F0001}"));
}
