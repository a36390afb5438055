//! The free sample (`--sample N`), read back by tools that did not write it: pikepdf
//! (`tests/support/pdf_strings.py`: every string and stream of every object),
//! poppler's `pdftotext` and `pdfinfo`, lopdf for the annotations, `zbarimg` for the QR
//! codes, and `pdfua` and `qpdf`. Grouped by what is promised: nothing of a locked
//! guide is in the file; each panel counts what the model has; the call to action is
//! a described link and a QR code; the editions without a free form are refused;
//! `--all`, `mail` and `tailor` make samples too; a sample is as accessible as the rest.

mod util;
// What is refused, and the other paths to a sample: --all, mail, tailor; accessibility.
#[path = "sample/modes.rs"]
mod modes;

use std::path::{Path, PathBuf};
use std::process::Command;

use prep_pdf::content::markdown::{plain_text, Block};
use prep_pdf::content::{Bank, Question, Role};
use util::{assert_ok, python, squash, Dir, Pdf};

const URL: &str = "https://acme.example/pack?from=sample";
const THEME: &str = "name: Acme Prep\naccent: \"#C0392B\"\nupgrade:\n  text: Unlock all {n} answer guides\n  url: https://acme.example/pack?from=sample\n";
const FROM: &str = "Hiring Team <jobs@example.com>";
const PANEL: &str = "Answer guide in the full pack";

fn role(id: &str) -> Role {
    let mut role = Bank::bundled().load(id).unwrap();
    role.select(prep_pdf::content::tags::Selection::Published);
    role
}

/// Only letters and digits, lower case: a phrase is found however lines broke,
/// hyphens split or quotes and escapes were written.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The prose of Markdown blocks: paragraphs and list items, one text each.
fn prose(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(spans) => out.push(plain_text(spans)),
            Block::List { items, .. } => items.iter().for_each(|i| prose(i, out)),
            Block::Code { text, .. } => out.push(text.clone()),
            // An image's alt text would leak what a locked guide shows.
            Block::Image(p) => out.push(p.alt.clone()),
            Block::Diagram(_) | Block::Table(_) => {}
        }
    }
}

/// Everything a question's "Why they ask this" and guide say, one text per part.
fn guide_texts(q: &Question) -> Vec<String> {
    let g = &q.guide;
    let mut out: Vec<String> = q.why_they_ask.iter().map(|w| plain_text(w)).collect();
    prose(&g.overview, &mut out);
    prose(&g.sample_answer, &mut out);
    for spans in g.key_points.iter().chain(&g.follow_ups).chain(&g.pitfalls) {
        out.push(plain_text(spans));
    }
    if let Some(r) = &g.rubric {
        out.extend([&r.weak, &r.good, &r.strong].map(|s| plain_text(s)));
    }
    for r in &g.resources {
        out.extend([r.title.clone(), r.url.clone()]);
    }
    out
}

/// Distinctive phrases of a question's guide: the first 40 letters and digits of each
/// part long enough to tell (24 or more).
fn phrases(q: &Question) -> Vec<String> {
    guide_texts(q)
        .iter()
        .map(|t| norm(t).chars().take(40).collect::<String>())
        .filter(|p| p.chars().count() >= 24)
        .collect()
}

/// Every text the file holds, as pikepdf reads it (see `tests/support/pdf_strings.py`).
fn strings(pdf: &Path) -> String {
    let out = python()
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/pdf_strings.py"
        ))
        .arg(pdf)
        .output()
        .expect("python runs: scripts/test.sh makes its venv with pikepdf");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text poppler extracts, of page `page` or (0) all.
fn pdftotext(pdf: &Path, page: u32) -> String {
    let mut cmd = Command::new("pdftotext");
    if page > 0 {
        cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Runs prep-pdf with `args` and `-o NAME`; returns the file.
fn export(dir: &Dir, name: &str, args: &[&str]) -> PathBuf {
    let mut all = args.to_vec();
    all.extend(["-o", name]);
    assert_ok(&dir.run(&all));
    dir.join(name)
}

/// The 1-based page whose text has `needle`.
fn page_with(pdf: &Path, needle: &str) -> u32 {
    let pages = Pdf::open(pdf).page_count() as u32;
    (1..=pages)
        .find(|&n| squash(&pdftotext(pdf, n)).contains(&squash(needle)))
        .unwrap_or_else(|| panic!("no page has {needle}"))
}

// Nothing of a locked guide is in the file.

prep_test!(locked_guides_leave_no_trace_in_any_form, |dir| {
    dir.write("theme.yaml", THEME);
    for (id, shown, theme) in [("backend-mid", 3, true), ("security-mid", 1, false)] {
        let n = shown.to_string();
        let mut args = vec!["--role", id, "--sample", &n];
        if theme {
            args.extend(["--theme", "theme.yaml"]);
        }
        let pdf = export(&dir, &format!("{id}.pdf"), &args);
        let (dump, text) = (norm(&strings(&pdf)), norm(&pdftotext(&pdf, 0)));
        let role = role(id);
        let (open, locked) = role.questions.split_at(shown);
        // What the sample shows anyway: a locked phrase found there proves nothing.
        let mut shown_text = norm(&role.summary);
        for q in &role.questions {
            shown_text.push_str(&norm(&plain_text(&q.prompt)));
        }
        for q in open {
            guide_texts(q)
                .iter()
                .for_each(|t| shown_text.push_str(&norm(t)));
        }
        let mut checked = 0;
        for q in locked {
            for p in phrases(q)
                .iter()
                .filter(|p| !shown_text.contains(p.as_str()))
            {
                assert!(!dump.contains(p), "{id} {}: `{p}` is in the file", q.id);
                assert!(!text.contains(p), "{id} {}: `{p}` is printed", q.id);
                checked += 1;
            }
        }
        assert!(checked >= 40, "{id}: only {checked} locked phrases checked");
        // The same reading finds what is there: the open guides, and what the dump
        // reads (the outline's titles, the link's address).
        for q in open {
            for p in phrases(q) {
                assert!(text.contains(&p), "{id} {}: open `{p}` is missing", q.id);
            }
        }
        let title = prep_pdf::document::short_title(locked[0].title.as_deref(), &locked[0].prompt);
        assert!(dump.contains(&norm(&title)), "{id}: outline not read");
        assert_eq!(
            dump.contains(&norm(URL)),
            theme,
            "{id}: the theme's address"
        );
    }
});

prep_test!(
    every_prompt_is_kept_and_only_open_questions_say_why,
    |dir| {
        let pdf = export(&dir, "s.pdf", &["--role", "backend-mid", "--sample"]);
        let text = pdftotext(&pdf, 0);
        let role = role("backend-mid");
        for q in &role.questions {
            assert!(
                norm(&text).contains(&norm(&plain_text(&q.prompt))),
                "{}",
                q.id
            );
        }
        // `--sample` alone shows three.
        assert_eq!(text.matches("Why they ask this").count(), 3);
        assert_eq!(text.matches(PANEL).count(), role.questions.len() - 3);
        let outline = Pdf::open(&pdf).outline();
        for n in 1..=role.questions.len() {
            assert!(
                outline.iter().any(|t| t.starts_with(&format!("{n}. "))),
                "{n}"
            );
        }
        let same = export(
            &dir,
            "three.pdf",
            &["--role", "backend-mid", "--sample", "3"],
        );
        assert!(std::fs::read(&pdf).unwrap() == std::fs::read(same).unwrap());
    }
);

// Each panel counts what the model has.

/// What the panel of `q` should say, written out here from the model.
fn counted(q: &Question) -> String {
    let g = &q.guide;
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    let mut parts = Vec::new();
    if !g.overview.is_empty() {
        parts.push("an overview".to_string());
    }
    if !g.key_points.is_empty() {
        parts.push(n(g.key_points.len(), "key point", "key points"));
    }
    if !g.sample_answer.is_empty() {
        parts.push("a sample answer".into());
    }
    if !g.follow_ups.is_empty() {
        parts.push(n(
            g.follow_ups.len(),
            "follow-up question",
            "follow-up questions",
        ));
    }
    if !g.pitfalls.is_empty() {
        parts.push(n(g.pitfalls.len(), "pitfall", "pitfalls"));
    }
    if g.rubric.is_some() {
        parts.push("a rubric from weak to strong".into());
    }
    if !g.resources.is_empty() {
        let videos = g
            .resources
            .iter()
            .filter(|r| r.kind == prep_pdf::content::ResourceKind::Video);
        let mut r = n(g.resources.len(), "resource", "resources");
        match videos.count() {
            0 => {}
            1 => r.push_str(" including a video"),
            k => r.push_str(&format!(" including {k} videos")),
        }
        parts.push(r);
    }
    let last = parts.pop().unwrap();
    format!(
        "This question’s guide has {}, and {last}.",
        parts.join(", ")
    )
}

prep_test!(each_panel_counts_what_its_guide_has, |dir| {
    // qa-mid's first question has a video among its resources: with none shown, its
    // panel counts it.
    let mut videos = 0;
    for (id, shown) in [("backend-mid", 3), ("qa-mid", 0)] {
        let n = shown.to_string();
        let pdf = export(&dir, &format!("{id}.pdf"), &["--role", id, "--sample", &n]);
        let text = squash(&pdftotext(&pdf, 0));
        let role = role(id);
        let total = role.questions.len();
        let cover = squash(&pdftotext(&pdf, 1));
        let fact = format!("Free sample: {shown} of {total} questions with answer guides");
        assert!(cover.contains(&squash(&fact)), "{id}: {cover}");
        assert_eq!(text.matches(&squash(PANEL)).count(), total - shown, "{id}");
        // In question order, each panel with its own question's numbers.
        let mut at = 0;
        for q in &role.questions[shown..] {
            let want = squash(&counted(q));
            videos += usize::from(want.contains("video"));
            let found = text[at..].find(&want);
            at += found.unwrap_or_else(|| panic!("{id} {}: no `{want}` after {at}", q.id));
        }
        let action = format!("Get the full pack for the answer guides to all {total} questions.");
        assert_eq!(
            text.matches(&squash(&action)).count(),
            total - shown + 1,
            "{id}"
        );
    }
    assert!(videos > 0, "no panel counted a video");
});

// The call to action: a described link and a QR code.

/// Every QR code on page `page` of `pdf`, decoded, as a phone would read it printed.
fn qr_codes(dir: &Dir, pdf: &Path, page: u32) -> Vec<String> {
    let prefix = dir.join(&format!("qr-{page}"));
    let p = page.to_string();
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &p,
            "-l",
            &p,
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(out.status.success(), "pdftoppm failed");
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(prefix.with_extension("png"))
        .output()
        .expect("zbarimg (Debian zbar-tools, installed by scripts/test.sh) runs");
    // Exit 4: the image held no code.
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg failed"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Each link annotation on page `page`: its address and its description.
fn links_on(pdf: &Pdf, page: u32) -> Vec<(String, String)> {
    let doc = &pdf.doc;
    let id = doc.get_pages()[&page];
    let Ok(list) = doc.get_dictionary(id).unwrap().get(b"Annots") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in list.as_array().unwrap() {
        let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        let action = a.get(b"A").unwrap();
        let action = match action.as_reference() {
            Ok(r) => doc.get_dictionary(r).unwrap(),
            Err(_) => action.as_dict().unwrap(),
        };
        let uri = action
            .get(b"URI")
            .map(|u| String::from_utf8_lossy(u.as_str().unwrap()).into_owned());
        let about = lopdf::decode_text_string(a.get(b"Contents").unwrap()).unwrap();
        out.push((uri.unwrap_or_default(), about));
    }
    out
}

prep_test!(
    the_call_to_action_is_a_described_link_and_a_qr_code,
    |dir| {
        dir.write("theme.yaml", THEME);
        let base = ["--role", "backend-mid", "--sample", "--theme", "theme.yaml"];
        let pdf = export(&dir, "s.pdf", &base);
        let read = Pdf::open(&pdf);
        let text = "Unlock all 10 answer guides";
        // On the cover, and in every panel: a link to the theme's address, described by
        // its words and the address.
        let first = page_with(&pdf, "Question 4");
        let pages = read.page_count() as u32;
        for page in std::iter::once(1).chain(first..=pages) {
            let links = links_on(&read, page);
            assert!(!links.is_empty(), "page {page} has no link");
            for (uri, about) in links {
                assert_eq!(uri, URL, "page {page}");
                assert!(
                    about.contains(text) && about.contains(URL),
                    "page {page}: {about}"
                );
            }
        }
        // One QR code per panel, each of the theme's address.
        let panels = pdftotext(&pdf, first).matches(PANEL).count();
        assert!(panels >= 2, "{panels} panels on page {first}");
        assert_eq!(qr_codes(&dir, &pdf, first), vec![URL.to_string(); panels]);
        // --no-qr keeps the link and leaves the code out.
        let mut no_qr = base.to_vec();
        no_qr.push("--no-qr");
        let bare = export(&dir, "bare.pdf", &no_qr);
        assert_eq!(qr_codes(&dir, &bare, first), Vec::<String>::new());
        assert!(!links_on(&Pdf::open(&bare), first).is_empty());
        // The bundled look names no shop: no link, no code, its own words.
        let plain = export(&dir, "plain.pdf", &["--role", "backend-mid", "--sample"]);
        assert_eq!(qr_codes(&dir, &plain, first), Vec::<String>::new());
        assert!(links_on(&Pdf::open(&plain), first).is_empty());
    }
);
