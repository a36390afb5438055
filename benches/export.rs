//! Benchmarks, run with `cargo bench`: whole-process times (median of repeated runs,
//! as a user sees them), file sizes and peak memory. The machine is shared and noisy,
//! so medians are reported, and everything is compared within one run.
//!
//! Targets (2-core machine, release build): one 10-question role under 20 ms as a
//! process and under 60 KB; `--all` over the bank under 100 ms; a 1,000-recipient
//! merge to .eml under 10 s; peak memory under 50 MB (one role) and 100 MB (batches).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_prep-pdf")
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

    let mut csv = String::from("name,email,role\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "Candidate {i:04},c{i:04}@example.com,{}\n",
            roles[i % roles.len()]
        ));
    }
    std::fs::write(dir.join("merge.csv"), csv).unwrap();
    let merge: Vec<f64> = (0..3)
        .map(|_| {
            let _ = std::fs::remove_dir_all(dir.join("eml"));
            run(
                &dir,
                &[
                    "mail",
                    "--recipients",
                    "merge.csv",
                    "--from",
                    "Jobs <jobs@example.com>",
                    "--eml-dir",
                    "eml",
                    // Each run writes every draft again: a journal from the run before
                    // would otherwise skip them all.
                    "--restart",
                ],
            )
        })
        .collect();
    let n = std::fs::read_dir(dir.join("eml")).unwrap().count();
    println!(
        "mail merge, 1,000 recipients to .eml, whole process: median {:.0} ms over {} runs ({n} drafts, {:.0} messages/s); peak RSS {:.1} MB",
        median(merge.clone()),
        merge.len(),
        1000.0 / (median(merge) / 1000.0),
        children_peak_mb()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
