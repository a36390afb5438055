//! Mail merge benchmarks, run with `cargo bench --bench mail`: whole-process medians
//! of merges to `.eml` drafts (1,000 and 10,000 recipients) and to a real SMTP server
//! on loopback (aiosmtpd, 4 connections), with peak memory. `PREP_PDF_BENCH_BIN` runs
//! another build instead (to compare before and after on the same machine).
//!
//! Targets (2-core machine, release build): 1,000 drafts in about 1.5 s, 10,000 in
//! about 15 s, memory flat in the number of recipients; at least 500 messages a
//! second to the loopback server.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn bin() -> String {
    std::env::var("PREP_PDF_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_prep-pdf").into())
}

/// Runs a merge; returns seconds and the process's peak RSS in MB.
fn run(dir: &Path, args: &[&str]) -> (f64, f64) {
    let t = Instant::now();
    let out = Command::new("/usr/bin/env")
        .arg(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    (secs, usage.ru_maxrss as f64 / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn cohort(dir: &Path, n: usize, roles: &[String]) -> String {
    let name = format!("c{n}.csv");
    let mut csv = String::from("name,email,role\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Candidate {i:05},c{i:05}@example.com,{}\n",
            roles[i % roles.len()]
        ));
    }
    std::fs::write(dir.join(&name), csv).unwrap();
    name
}

fn drafts(dir: &Path, csv: &str, runs: usize) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let _ = std::fs::remove_dir_all(dir.join("eml"));
            let _ = std::fs::remove_file(dir.join(format!("{csv}.journal")));
            let args = [
                "mail",
                "--recipients",
                csv,
                "--from",
                "Jobs <jobs@example.com>",
                "--eml-dir",
                "eml",
            ];
            run(dir, &args).0
        })
        .collect()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("prep-pdf-mail-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roles = prep_pdf::content::Bank::bundled().role_ids().unwrap();
    let small = cohort(&dir, 1000, &roles);
    let runs = drafts(&dir, &small, 5);
    println!(
        "1,000 recipients to .eml: median {:.2} s over {} runs ({:?})",
        median(runs.clone()),
        runs.len(),
        runs.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>()
    );
    if std::env::var_os("PREP_PDF_BENCH_BIG").is_some() {
        let big = cohort(&dir, 10_000, &roles);
        let runs = drafts(&dir, &big, 3);
        println!(
            "10,000 recipients to .eml: median {:.1} s over {} runs",
            median(runs),
            3
        );
    }
    println!(
        "peak RSS of any merge so far: {:.1} MB",
        run(&dir, &["list"]).1
    );

    // SMTP, when the test venv (scripts/test.sh) is there.
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/target/test-venv/bin/python3");
    if Path::new(python).exists() {
        let mut server = Command::new(python)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/support/smtp_server.py"
            ))
            .arg(dir.join("maildir"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut port = String::new();
        BufReader::new(server.stdout.as_mut().unwrap())
            .read_line(&mut port)
            .unwrap();
        let url = format!("smtp://127.0.0.1:{}", port.trim());
        let runs: Vec<f64> = (0..3)
            .map(|_| {
                let _ = std::fs::remove_file(dir.join(format!("{small}.journal")));
                let args = [
                    "mail",
                    "--recipients",
                    &small,
                    "--from",
                    "Jobs <jobs@example.com>",
                    "--smtp",
                    &url,
                    "--connections",
                    "4",
                ];
                run(&dir, &args).0
            })
            .collect();
        let m = median(runs);
        println!("1,000 recipients over SMTP (loopback aiosmtpd, 4 connections): median {m:.2} s, {:.0} messages/s", 1000.0 / m);
        let _ = server.kill();
        let _ = server.wait();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
