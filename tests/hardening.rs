//! Hostile and careless input: deep nesting, links that are not web links, characters
//! that would not print, files cut short or encoded oddly, odd output paths, and a
//! malformed environment. Each class has several members; all must fail cleanly with
//! the place named, or work.

mod util;

// Each class of input has a file of its own under tests/hardening/.
#[path = "hardening/errors.rs"]
mod errors;
#[path = "hardening/files.rs"]
mod files;
#[path = "hardening/nesting.rs"]
mod nesting;
#[path = "hardening/outputs.rs"]
mod outputs;
#[path = "hardening/text.rs"]
mod text;

use std::path::{Path, PathBuf};
use std::process::Output;

use util::{stderr, Dir};

const SMALL: &str = include_str!("fixtures/small.yaml");

/// A content folder holding `small` (the fixture) and `bad` (`text`).
fn bank_with(dir: &Dir, text: &[u8]) -> PathBuf {
    dir.write("bank/small.yaml", SMALL);
    let path = dir.join("bank/bad.yaml");
    std::fs::write(&path, text).unwrap();
    dir.join("bank")
}

/// Runs the command `args` with `--content bank` before them.
fn run_on(dir: &Dir, bank: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--content", bank.to_str().unwrap()];
    all.extend_from_slice(args);
    dir.run(&all)
}

/// Makes a FIFO (a named pipe) at `path`.
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.unwrap().success(), "mkfifo {}", path.display());
}

/// Exports `bad` and returns (exit code, stderr).
fn export_bad(dir: &Dir, text: &[u8]) -> (i32, String) {
    let bank = bank_with(dir, text);
    let out = run_on(dir, &bank, &["--role", "bad", "-o", "bad.pdf"]);
    let code = out.status.code().unwrap_or(-1);
    let written = std::fs::remove_file(dir.join("bad.pdf")).is_ok();
    assert_eq!(
        written,
        code == 0,
        "a PDF is written exactly when the export succeeds"
    );
    (code, stderr(&out))
}

/// The fixture with the first question's prompt replaced by a YAML scalar as written.
fn with_prompt(prompt_yaml: &str) -> String {
    let old = "    prompt: How would you keep a cache of product prices consistent with the database when prices change several times an hour?";
    assert!(SMALL.contains(old));
    SMALL.replace(old, &format!("    prompt: {prompt_yaml}"))
}
