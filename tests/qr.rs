//! QR codes beside resource links, read back by a decoder that did not write them:
//! `zbarimg` (Debian `zbar-tools`, installed by `scripts/test.sh`) on pages rendered by
//! poppler's `pdftoppm` at 150 dpi, a plain office printer's effective resolution.

mod util;

use std::path::Path;
use std::process::Command;

use prep_pdf::content::Bank;
use util::{assert_ok, Dir};

/// Every QR code on the pages of `pdf` (all, or those whose text has a URL), decoded,
/// sorted. zbarimg takes about 0.4 s a page, so most checks look only where links are.
fn decode(dir: &Dir, pdf: &Path, all_pages: bool) -> Vec<String> {
    let read = util::Pdf::open(pdf);
    for n in read.doc.get_pages().into_keys() {
        let text = read.doc.extract_text(&[n]).unwrap_or_default();
        if !all_pages && !text.contains("http") {
            continue;
        }
        let prefix = dir.join(&format!("page-{n:03}"));
        let out = Command::new("pdftoppm")
            .args(["-r", "150", "-gray", "-png", "-singlefile"])
            .args(["-f", &n.to_string(), "-l", &n.to_string()])
            .arg(pdf)
            .arg(&prefix)
            .output()
            .expect("pdftoppm (poppler-utils) runs");
        assert!(out.status.success(), "pdftoppm failed");
    }
    let pages: Vec<_> = dir
        .list("")
        .into_iter()
        .filter(|n| n.starts_with("page") && n.ends_with(".png"))
        .map(|n| dir.join(&n))
        .collect();
    // No page images would let a "no codes" test pass without zbarimg ever running.
    assert!(!pages.is_empty(), "pdftoppm rendered no pages");
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .args(&pages)
        .output()
        .expect("zbarimg (Debian zbar-tools, installed by scripts/test.sh) runs");
    // Exit 4 means the images held no code at all; anything else non-zero is a failure.
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut urls: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    urls.sort();
    urls
}

fn resource_urls(role: &str) -> Vec<String> {
    let role = Bank::bundled().load(role).unwrap();
    let mut urls: Vec<String> = role
        .questions
        .iter()
        .flat_map(|q| q.guide.resources.iter().map(|r| r.url.clone()))
        .collect();
    urls.sort();
    urls
}

prep_test!(
    every_resource_has_a_qr_code_that_decodes_to_its_url,
    |dir| {
        // Two roles, on both papers, with the guides in both places: every resource URL
        // is read back from its code, and nothing else is.
        for (role, paper, answers, all_pages) in [
            ("backend-mid", "a4", "inline", true),
            ("security-mid", "letter", "end", false),
        ] {
            let pdf = dir.join(&format!("{role}.pdf"));
            assert_ok(&dir.run(&[
                "--role",
                role,
                "--paper",
                paper,
                "--answers",
                answers,
                "-o",
                pdf.to_str().unwrap(),
            ]));
            let want = resource_urls(role);
            assert!(want.len() >= 15, "{role} has resources to check");
            assert_eq!(decode(&dir, &pdf, all_pages), want, "{role} on {paper}");
            for n in dir.list("") {
                if n.ends_with(".png") {
                    std::fs::remove_file(dir.join(&n)).unwrap();
                }
            }
        }
    }
);

prep_test!(no_qr_leaves_the_codes_out_and_keeps_the_links, |dir| {
    assert_ok(&dir.run(&["--role", "backend-mid", "--no-qr", "-o", "out.pdf"]));
    assert_eq!(
        decode(&dir, &dir.join("out.pdf"), false),
        Vec::<String>::new()
    );
    let text = util::squash(&util::Pdf::open(&dir.join("out.pdf")).text());
    for url in resource_urls("backend-mid") {
        assert!(text.contains(&util::squash(&url)), "{url} is still printed");
    }
});
