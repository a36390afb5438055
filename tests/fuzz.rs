//! Bounded mutation fuzzing: the bundled role files, mutated the ways editors and
//! attackers mutate text (lines dropped, doubled, swapped, re-indented; YAML and
//! Markdown punctuation, control and bidi characters, deep nesting spliced in; files cut
//! short), must never panic, overflow the stack or hang; a mutant that loads must
//! export a PDF that lopdf reads back with text on every page.
//!
//! The suite runs a few hundred mutants from a fixed seed, so it is deterministic and
//! fast. A longer run: `PREP_PDF_FUZZ_ITERS=20000 PREP_PDF_FUZZ_SEED=7 cargo test
//! --release --test fuzz -- --nocapture`.

mod util;

use std::sync::mpsc;
use std::time::Duration;

use prep_pdf::content::{markdown, Bank};
use prep_pdf::export::{export_role, Settings};
use util::{fuzz_iterations, fuzz_seed, Pdf, Rng};

const TOKENS: &[&str] = &[
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    "*",
    "**",
    "`",
    "```",
    "\"",
    "'",
    "|",
    ">",
    "&a ",
    "*a",
    "!!str ",
    "---\n",
    "...\n",
    "\\",
    "<b>",
    "</div>",
    "[x](javascript:a)",
    "<file:///x>",
    "\t",
    "\u{202E}",
    "\u{0}",
    "\u{7}",
    "\u{85}",
    "\u{FEFF}",
    "#",
    "# h\n",
    "> ",
    "1. ",
    "~~",
    "$x$",
    "[^1]",
    "![i](x.png)",
    "| a |\n|---|\n",
    "    ",
    "\n",
    "\n\n",
    "\u{FB01}",
    "王",
    "😀",
    "&amp;",
    "%",
    "\r\n",
    "?",
    "%YAML 1.2\n",
    "!tag ",
    "@",
    "\u{2028}",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(3) {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(8) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => lines.swap(i, rng.below(n)),
            3 => lines[i] = format!("{}{}", " ".repeat(rng.below(6)), lines[i].trim_start()),
            4 => {
                let line = &lines[i];
                let at = (0..=line.len())
                    .filter(|&b| line.is_char_boundary(b))
                    .nth(rng.below(line.chars().count() + 1))
                    .unwrap_or(0);
                let token = TOKENS[rng.below(TOKENS.len())];
                lines[i].insert_str(at, token);
            }
            5 => lines.truncate(i.max(1)),
            6 => {
                let depth = 1 + rng.below(3000);
                let shape = ["- ", "[", "{a: ", "> ", "  - "][rng.below(5)];
                lines.insert(i, format!("{}x", shape.repeat(depth)));
            }
            _ => lines[i] = lines[i].replace(':', ""),
        }
        if lines.is_empty() {
            break;
        }
    }
    lines.join("\n")
}

/// Runs `f` on a thread with a deadline: a hang fails the test instead of the suite.
fn within<T: Send + 'static>(what: String, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(v) => v,
        Err(_) => panic!("{what}: no result within 60 s (a hang or a panic)"),
    }
}

prep_test!(
    mutated_role_files_never_panic_and_export_readable_pdfs,
    |dir| {
        let bundled = Bank::bundled();
        let ids = bundled.role_ids().unwrap();
        let mut rng = Rng(fuzz_seed());
        let (mut loaded, mut exported) = (0, 0);
        for n in 0..fuzz_iterations() {
            let id = &ids[rng.below(ids.len())];
            let (_, text) = bundled.read(id).unwrap();
            let mutant = mutate(&mut rng, &text);
            let folder = dir.join(&format!("m{n}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("role.yaml"), &mutant).unwrap();
            // Rendering is the slow part: every fourth loadable mutant is exported.
            let render = n % 4 == 0;
            let what = format!("mutant {n} of {id} (seed {})", fuzz_seed());
            let result = within(what.clone(), move || {
                let bank = Bank::dir(&folder);
                let loaded = bank.load("role").is_ok();
                let pdf = (loaded && render).then(|| {
                    export_role(&bank, "role", &Settings::default()).map(|e| (e.pages, e.pdf))
                });
                let _ = std::fs::remove_dir_all(&folder);
                (loaded, pdf)
            });
            if result.0 {
                loaded += 1;
            }
            if let Some(pdf) = result.1 {
                let (pages, bytes) = pdf.unwrap_or_else(|e| panic!("{what}: loaded but {e}"));
                let read = Pdf::from_bytes(&bytes);
                assert_eq!(read.page_count(), pages, "{what}");
                assert!(!read.text().trim().is_empty(), "{what}");
                exported += 1;
            }
        }
        eprintln!(
            "{} mutants: {loaded} loaded, {exported} exported and read back",
            fuzz_iterations()
        );
        // The mutations are mild enough that some load: the check is not vacuous.
        assert!(loaded > 0 && exported > 0);
    }
);

#[test]
fn arbitrary_markdown_never_panics() {
    let mut rng = Rng(fuzz_seed() ^ 0xA5A5);
    for n in 0..fuzz_iterations() * 20 {
        let len = rng.below(40);
        let src: String = (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        let depth = rng.below(5000);
        let deep = format!(
            "{}{src}",
            ["> ", "- ", "*", "[", "1. "][n % 5].repeat(depth)
        );
        within(format!("markdown {n}: {src:?}"), move || {
            let _ = markdown::parse_blocks(&src);
            let _ = markdown::parse_inline(&src);
            let _ = markdown::parse_blocks(&deep);
        });
    }
}
