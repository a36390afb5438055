//! Benchmarks, run with `cargo bench`: whole-process times (median of repeated runs,
//! as a user sees them), file sizes and peak memory. The machine is shared and noisy,
//! so medians are reported, and everything is compared within one run.
//!
//! Targets (2-core machine, release build; the speed issue's, stated for a machine
//! about three times faster than the shared one these run on, so compare with the
//! previous release in the same run): one 10-question role in 7 ms as a process,
//! with tags, QR codes and highlighting; `--all` in 45 ms for 13 roles (scaled to
//! the bank); a 3,000-question role at no more than 150 MB peak; a 1,000-recipient
//! merge to .eml under 10 s.

#[path = "../tests/support/long_role.rs"]
mod long_role;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The binary measured: this build, or another given in `PREP_PDF_BENCH_BIN` (the
/// previous release, say, for a before-and-after in one sitting).
fn bin() -> String {
    std::env::var("PREP_PDF_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_prep-pdf").into())
}

/// Peak resident memory of any child so far, in MB.
fn children_peak_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn run(dir: &Path, args: &[&str]) -> f64 {
    let t = Instant::now();
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ms
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let dir: PathBuf = std::env::temp_dir().join(format!("prep-pdf-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roles = prep_pdf::content::Bank::bundled().role_ids().unwrap();

    // Warm the page cache and the binary.
    run(&dir, &["--role", "backend-mid", "-o", "one.pdf"]);
    let one: Vec<f64> = (0..41)
        .map(|_| run(&dir, &["--role", "backend-mid", "-o", "one.pdf"]))
        .collect();
    let size = std::fs::metadata(dir.join("one.pdf")).unwrap().len();
    let peak_one = children_peak_mb();
    println!(
        "one role (backend-mid), whole process: median {:.1} ms, min {:.1} ms over {} runs; {:.1} KB; peak RSS {:.1} MB",
        median(one.clone()),
        one.iter().cloned().fold(f64::MAX, f64::min),
        one.len(),
        size as f64 / 1024.0,
        peak_one
    );
    let mut sizes: Vec<(u64, String)> = Vec::new();

    let all: Vec<f64> = (0..31)
        .map(|_| run(&dir, &["--all", "--out-dir", "all"]))
        .collect();
    for id in &roles {
        sizes.push((
            std::fs::metadata(dir.join(format!("all/{id}.pdf")))
                .unwrap()
                .len(),
            id.clone(),
        ));
    }
    sizes.sort();
    println!(
        "--all ({} roles), whole process: median {:.1} ms over {} runs; PDFs {:.0}–{:.0} KB ({} smallest, {} largest); peak RSS {:.1} MB",
        roles.len(),
        median(all.clone()),
        all.len(),
        sizes[0].0 as f64 / 1024.0,
        sizes[sizes.len() - 1].0 as f64 / 1024.0,
        sizes[0].1,
        sizes[sizes.len() - 1].1,
        children_peak_mb()
    );

    // A long document: 3,000 questions (about 6,400 pages) in one role, each run's
    // own peak memory from wait4.
    let long = dir.join("long");
    std::fs::create_dir_all(&long).unwrap();
    long_role::write_long_role(&long, "long", 3000);
    let mut long_runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let (out, peak) = long_role::run_with_peak(
            Command::new(bin())
                .args(["--content", ".", "--role", "long", "-o", "long.pdf"])
                .current_dir(&long),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        long_runs.push((t.elapsed().as_secs_f64() * 1000.0, peak));
    }
    println!(
        "3,000-question role, whole process: median {:.0} ms over {} runs; {:.1} MB; peak RSS {:.1} MB",
        median(long_runs.iter().map(|r| r.0).collect()),
        long_runs.len(),
        std::fs::metadata(long.join("long.pdf")).unwrap().len() as f64 / 1e6,
        median(long_runs.iter().map(|r| r.1).collect()),
    );

    let mut csv = String::from("name,email,role\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "Candidate {i:04},c{i:04}@example.com,{}\n",
            roles[i % roles.len()]
        ));
    }
    std::fs::write(dir.join("merge.csv"), csv).unwrap();
    let merge: Vec<(f64, f64)> = (0..3)
        .map(|_| {
            let _ = std::fs::remove_dir_all(dir.join("eml"));
            let t = Instant::now();
            let (out, peak) = long_role::run_with_peak(
                Command::new(bin())
                    .args([
                        "mail",
                        "--recipients",
                        "merge.csv",
                        "--from",
                        "Jobs <jobs@example.com>",
                        "--eml-dir",
                        "eml",
                        // Each run writes every draft again: a journal from the run
                        // before would otherwise skip them all.
                        "--restart",
                    ])
                    .current_dir(&dir),
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            (t.elapsed().as_secs_f64() * 1000.0, peak)
        })
        .collect();
    let n = std::fs::read_dir(dir.join("eml")).unwrap().count();
    let ms = median(merge.iter().map(|m| m.0).collect());
    println!(
        "mail merge, 1,000 recipients to .eml, whole process: median {ms:.0} ms over {} runs ({n} drafts, {:.0} messages/s); peak RSS {:.1} MB",
        merge.len(),
        1000.0 / (ms / 1000.0),
        median(merge.iter().map(|m| m.1).collect()),
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
