//! Long documents for the memory test and the benchmarks: a bundled role's questions
//! repeated (with fresh ids) to any length, and a child process's own peak memory.
//!
//! Shared by `tests/memory.rs` and `benches/export.rs` through `#[path]`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The YAML of a role with `n` questions: backend-mid's, repeated in order, each
/// copy's id suffixed with its index so ids stay unique.
pub fn long_role_yaml(n: usize) -> String {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/backend-mid.yaml"
    ))
    .unwrap();
    let (head, questions) = src.split_once("questions:\n").unwrap();
    let mut blocks: Vec<String> = Vec::new();
    for line in questions.lines() {
        if line.starts_with("  - id: ") || blocks.is_empty() {
            blocks.push(String::new());
        }
        let b = blocks.last_mut().unwrap();
        b.push_str(line);
        b.push('\n');
    }
    let mut out = format!("{head}questions:\n");
    for i in 0..n {
        // Every copy is exported: without `published`, a role exports all questions.
        let block = &blocks[i % blocks.len()]
            .lines()
            .filter(|l| l.trim() != "published: true")
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        let (id_line, rest) = block.split_once('\n').unwrap();
        out.push_str(&format!("{id_line}-{i}\n{rest}"));
    }
    out
}

/// Writes a role of `n` questions as `dir/<id>.yaml`.
pub fn write_long_role(dir: &Path, id: &str, n: usize) {
    std::fs::write(dir.join(format!("{id}.yaml")), long_role_yaml(n)).unwrap();
}

/// Runs `cmd` to the end and returns its output with its own peak resident memory
/// in MB (from `wait4`, so other children of this process do not count). Output goes
/// through files, so a chatty child cannot block on a full pipe while we wait.
// The child is reaped by `wait4`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_with_peak(cmd: &mut Command) -> (Output, f64) {
    use std::os::unix::process::ExitStatusExt;
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let base = std::env::temp_dir().join(format!("prep-pdf-peak-{}-{n}", std::process::id()));
    let (out_path, err_path) = (base.with_extension("out"), base.with_extension("err"));
    let child = cmd
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes into the status and rusage we own; the child is ours.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4 failed");
    let output = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read(&err_path).unwrap(),
    };
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    (output, usage.ru_maxrss as f64 / 1024.0)
}
