//! Fuzzing where errors point, and the other files users hand us.
//!
//! Role files: random prompts mixing multibyte text and Markdown spans, with one
//! character that cannot print (a control character written as a YAML escape, a
//! bidi override, a character no font has) at a random place, in double-quoted, plain
//! and literal-block scalars. Every one must be reported at exactly its line and
//! column (the old code panicked or pointed ten columns early). Themes and recipients
//! files, mutated, must never panic, and every row a CSV file yields has a line in it.
//!
//! Deterministic from a fixed seed; `PREP_PDF_FUZZ_ITERS` and `PREP_PDF_FUZZ_SEED` as
//! in `tests/fuzz.rs`.

mod util;

use std::panic::{catch_unwind, AssertUnwindSafe};

use prep_pdf::content::Bank;
use util::{fuzz_iterations, fuzz_seed, Rng};

const SMALL: &str = include_str!("fixtures/small.yaml");
const THEME: &str = include_str!("fixtures/theme/theme.yaml");

/// Pieces of a prompt: multibyte text and Markdown spans of every kind.
const PIECES: &[&str] = &[
    "plain words ",
    "éé ",
    "Ünïcödé ",
    "日本語の ",
    "😀 ",
    "**bold** ",
    "*em* ",
    "***both*** ",
    "`code` ",
    "`ü code` ",
    "[a link](https://example.org/x) ",
    "**ü bold é** ",
    "it's -- \"quoted\"... ",
    "ﬁ ",
    "Ωμέγα ",
];

/// A character that cannot print, as written in a double-quoted scalar and as the
/// text its message names.
const CULPRITS: &[(&str, &str)] = &[
    ("\\a", "U+0007"),
    ("\\x01", "U+0001"),
    ("\\u202E", "U+202E"),
    ("\\uFEFF", "U+FEFF"),
    ("\u{F0001}", "U+F0001"),
];

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn place(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// A prompt of random pieces with `culprit` among them, and where the culprit starts.
fn prompt(rng: &mut Rng, culprit: &str) -> (String, usize) {
    let n = 1 + rng.below(6);
    let at = rng.below(n + 1);
    let mut s = String::new();
    let mut culprit_at = 0;
    for i in 0..=n {
        if i == at {
            culprit_at = s.len();
            s.push_str(culprit);
            s.push(' ');
        }
        if i < n {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    (s.trim_end().to_string(), culprit_at)
}

#[test]
fn every_unprintable_character_is_reported_at_its_own_line_and_column() {
    let mut rng = Rng(fuzz_seed() ^ 0x90_51);
    let old_prompt = "    prompt: How would you keep a cache of product prices consistent with the database when prices change several times an hour?";
    assert!(SMALL.contains(old_prompt));
    let dir = std::env::temp_dir().join(format!("prep-pdf-fuzz-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..fuzz_iterations() * 2 {
        let (culprit, code) = CULPRITS[rng.below(CULPRITS.len())];
        let escape = culprit.starts_with('\\');
        // Escapes need double quotes; a literal character may stand in any style.
        let style = if escape { 0 } else { rng.below(3) };
        let (body, at) = prompt(&mut rng, culprit);
        let (field, offset) = match style {
            0 => (format!("    prompt: \"{}\"", body.replace('"', "\\\"")), 0),
            1 if !body.starts_with(['*', '`', '[', '\'', '"']) => {
                (format!("    prompt: {body}"), 0)
            }
            _ => (format!("    prompt: |\n      {body}"), 0),
        };
        let _ = offset;
        let text = SMALL.replacen(old_prompt, &field, 1);
        // Where the culprit stands in the file: find it after the prompt key.
        let key = text.find("    prompt: ").unwrap();
        let shown = if style == 0 {
            body.replace('"', "\\\"")
        } else {
            body.clone()
        };
        let culprit_in_shown = if style == 0 {
            body[..at].replace('"', "\\\"").len()
        } else {
            at
        };
        let start = text[key..].find(&shown).unwrap() + key + culprit_in_shown;
        let want = place(&text, start);
        std::fs::write(dir.join("role.yaml"), &text).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| Bank::dir(&dir).check("role")));
        let diags = match result {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => panic!("case {n}: {e}\n{field}"),
            Err(_) => panic!("case {n}: a panic on\n{field}"),
        };
        let hit = diags.0.iter().find(|d| d.message.contains(code));
        let hit = hit.unwrap_or_else(|| panic!("case {n}: {code} not reported\n{field}\n{diags}"));
        assert_eq!(
            (hit.pos.line, hit.pos.col),
            want,
            "case {n}: {code} reported at the wrong place\n{field}\n{diags}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Mutations editors and attackers make: characters inserted, lines doubled or cut.
fn mutate(rng: &mut Rng, text: &str, tokens: &[&str]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(4) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => lines.truncate(i.max(1)),
            _ => {
                let line = &lines[i];
                let at = (0..=line.len())
                    .filter(|&b| line.is_char_boundary(b))
                    .nth(rng.below(line.chars().count() + 1))
                    .unwrap_or(0);
                let token = tokens[rng.below(tokens.len())];
                lines[i].insert_str(at, token);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_themes_never_panic() {
    let tokens = [
        "\"",
        "'",
        ": ",
        "- ",
        "[",
        "{",
        "#",
        "\u{FEFF}",
        "\u{202E}",
        "\\u0007",
        "&a ",
        "*a",
        "---\n",
        "logo: /dev/null\n",
        "accent: \"#GGGGGG\"\n",
        "footer: ",
        "😀",
        "\t",
        "~",
        "labels: {a: b}\n",
    ];
    let mut rng = Rng(fuzz_seed() ^ 0x7E_3E);
    let dir = std::env::temp_dir().join(format!("prep-pdf-fuzz-theme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("acme.png"),
        include_bytes!("fixtures/theme/acme.png"),
    )
    .unwrap();
    for n in 0..fuzz_iterations() {
        let mutant = mutate(&mut rng, THEME, &tokens);
        let path = dir.join("theme.yaml");
        std::fs::write(&path, &mutant).unwrap();
        let r = catch_unwind(AssertUnwindSafe(|| {
            prep_pdf::theme::Theme::load(&path, &prep_pdf::fonts::FontSet::bundled())
        }));
        assert!(r.is_ok(), "theme mutant {n} panicked:\n{mutant}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mutated_recipients_files_never_panic_and_every_row_has_its_line() {
    use prep_pdf::export::mail::recipients;
    let tokens = [
        "\"", "\"\"", ",", "\n", "\r\n", "\r", "\u{FEFF}", "\u{202E}", "@", " ", "=", "😀", "é",
        "\t", "\"a,b\"", "\u{0}",
    ];
    let mut csv = String::from("name,email,role\n");
    for i in 0..12 {
        csv.push_str(&format!("Person {i},p{i}@example.com,qa-mid\n"));
    }
    let mut rng = Rng(fuzz_seed() ^ 0xC5_71);
    let dir = std::env::temp_dir().join(format!("prep-pdf-fuzz-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roles = |r: &str| {
        (r == "qa-mid")
            .then_some(())
            .ok_or(format!("unknown role `{r}`"))
    };
    for n in 0..fuzz_iterations() * 2 {
        let mutant = mutate(&mut rng, &csv, &tokens);
        let path = dir.join("r.csv");
        std::fs::write(&path, &mutant).unwrap();
        let r = catch_unwind(AssertUnwindSafe(|| {
            recipients::read(&path, &prep_pdf::fonts::FontSet::bundled(), &roles)
        }));
        let Ok(result) = r else {
            panic!("csv mutant {n} panicked:\n{mutant:?}")
        };
        let Ok(rows) = result else { continue };
        let lines = mutant.matches('\n').count() as u64 + 1;
        for row in &rows {
            assert!(
                (2..=lines).contains(&row.line),
                "csv mutant {n}: row at line {}:\n{mutant:?}",
                row.line
            );
        }
        assert!(
            rows.windows(2).all(|w| w[0].line <= w[1].line),
            "in file order: {mutant:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
