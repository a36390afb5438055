//! Stamping benchmarks (issue 23), run with `cargo bench --bench stamp`: what one
//! stamped copy costs against a whole export, in one run, as ratios.
//!
//! - CPU per stamped copy of backend-mid (a [`Stamper`] warmed by one copy, then 300
//!   names), against the CPU of one whole export of backend-mid, in-process.
//!   Target: at most 0.08 × the export.
//! - 1,000 `.eml` drafts of five roles against one `--all` of the bundled roles,
//!   whole processes, medians. Target: at most 6 ×.
//!
//! `PREP_PDF_BENCH_BIN` runs another build for the whole-process figures.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use prep_pdf::content::Bank;
use prep_pdf::export::mail::stamp::Stamper;
use prep_pdf::export::{export_role, Settings};

/// CPU seconds (user + system) this process has used so far, all threads.
fn cpu() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn bin() -> String {
    std::env::var("PREP_PDF_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_prep-pdf").into())
}

/// Wall seconds of one whole process.
fn run(dir: &Path, args: &[&str]) -> f64 {
    let t = Instant::now();
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed().as_secs_f64()
}

fn in_process() {
    let bank = Bank::bundled();
    let settings = Settings::default();
    // Warm the process's caches (fonts, shaping) as a merge's first copy would.
    export_role(&bank, "backend-mid", &settings).unwrap();
    let exports: Vec<f64> = (0..15)
        .map(|_| {
            let c = cpu();
            export_role(&bank, "backend-mid", &settings).unwrap();
            cpu() - c
        })
        .collect();
    let export = median(exports);
    let stamper = Stamper::new(&bank, &settings);
    stamper.export("backend-mid", "Warm Up").unwrap();
    let mut copies = Vec::new();
    for round in 0..5 {
        let c = cpu();
        for i in 0..60 {
            stamper
                .export("backend-mid", &format!("Candidate {round}-{i:03}"))
                .unwrap();
        }
        copies.push((cpu() - c) / 60.0);
    }
    let copy = median(copies);
    println!(
        "backend-mid: whole export {:.2} ms CPU, stamped copy {:.2} ms CPU: {:.3} × (target ≤ 0.08 ×)",
        export * 1e3,
        copy * 1e3,
        copy / export
    );
}

fn whole_process() {
    let dir = std::env::temp_dir().join(format!("prep-pdf-stamp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roles = [
        "backend-mid",
        "qa-mid",
        "frontend-mid",
        "sre-senior",
        "data-scientist-mid",
    ];
    let mut csv = String::from("name,email,role\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "Candidate {i:05},c{i:05}@example.com,{}\n",
            roles[i % roles.len()]
        ));
    }
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let (mut all, mut merge) = (Vec::new(), Vec::new());
    // Each run starts with the last run's files deleted and the disk caught up: the
    // merge syncs its file system every 32 drafts, and would otherwise also wait for
    // the deletion of the last run's thousand drafts (on a disk mounted with
    // `discard`, a merge's time then swung by half).
    let clean = |paths: &[&str]| {
        for p in paths {
            let _ = std::fs::remove_dir_all(dir.join(p));
            let _ = std::fs::remove_file(dir.join(p));
        }
        // SAFETY: sync takes no arguments and only flushes the kernel's buffers.
        unsafe { libc::sync() };
    };
    // Alternately, so both see the same machine.
    for _ in 0..5 {
        clean(&["all"]);
        all.push(run(&dir, &["--all", "--out-dir", "all"]));
        clean(&["eml", "c.csv.journal"]);
        merge.push(run(
            &dir,
            &[
                "mail",
                "--recipients",
                "c.csv",
                "--from",
                "Jobs <jobs@example.com>",
                "--eml-dir",
                "eml",
            ],
        ));
    }
    let (all, merge) = (median(all), median(merge));
    println!(
        "1,000 drafts of five roles {merge:.2} s, one --all {all:.3} s: {:.1} × (target ≤ 6 ×)",
        merge / all
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn main() {
    in_process();
    if std::env::var_os("PREP_PDF_BENCH_QUICK").is_none() {
        whole_process();
    }
}
