//! Themes, read back with lopdf: the logo is an image XObject embedded once, the
//! accent colour is in the content streams, the footer line and the name are in the
//! text; a bad theme names its file and key and writes nothing.

mod util;

use util::{assert_ok, stderr, Pdf};

const THEME: &str = include_str!("fixtures/theme/theme.yaml");
const LOGO: &[u8] = include_bytes!("fixtures/theme/acme.png");
const ROLE: &str = include_str!("fixtures/small.yaml");

fn images(pdf: &Pdf) -> Vec<(i64, i64)> {
    pdf.doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .map(|s| {
            let n = |k: &[u8]| s.dict.get(k).unwrap().as_i64().unwrap();
            (n(b"Width"), n(b"Height"))
        })
        .collect()
}

fn contents(pdf: &Pdf) -> String {
    pdf.doc
        .get_pages()
        .values()
        .map(|id| String::from_utf8_lossy(&pdf.doc.get_page_content(*id)).into_owned())
        .collect()
}

prep_test!(a_themed_export_carries_logo_accent_footer_and_name, |dir| {
    dir.write("brand/theme.yaml", THEME);
    std::fs::write(dir.join("brand/acme.png"), LOGO).unwrap();
    for out in ["a.pdf", "b.pdf"] {
        let o = dir.run(&[
            "--role",
            "backend-mid",
            "--theme",
            "brand/theme.yaml",
            "-o",
            out,
        ]);
        assert_ok(&o);
    }
    let bytes = std::fs::read(dir.join("a.pdf")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(dir.join("b.pdf")).unwrap(),
        "reproducible"
    );
    let pdf = Pdf::from_bytes(&bytes);
    assert_eq!(images(&pdf), [(120, 40)], "one logo, embedded once");
    let first = *pdf.doc.get_pages().values().next().unwrap();
    let cover = String::from_utf8_lossy(&pdf.doc.get_page_content(first)).into_owned();
    assert!(cover.contains("/Im1 Do"), "the cover draws the logo");
    // #C0392B, as the content streams write colours.
    let all = contents(&pdf);
    assert!(
        all.contains("0.75 0.22 0.17 rg"),
        "accent as fill (headings)"
    );
    assert!(
        all.contains("0.75 0.22 0.17 RG"),
        "accent as stroke (rules)"
    );
    assert!(!all.contains("0.1 0.27 0.52"), "no bundled accent left");
    let text = pdf.text();
    assert!(text.contains("Acme Prep"));
    assert!(text.contains("Interview preparation"), "a label override");
    let pages = pdf.page_count();
    assert_eq!(
        text.matches("acme.example/prep").count(),
        pages - 1,
        "every footer"
    );
    assert_eq!(pdf.info("Author").as_deref(), Some("Acme Prep"));
    // Without a theme: no image, the bundled accent.
    assert_ok(&dir.run(&["--role", "backend-mid", "-o", "plain.pdf"]));
    let plain = Pdf::open(&dir.join("plain.pdf"));
    assert!(images(&plain).is_empty() && !plain.text().contains("Acme"));
});

prep_test!(a_content_folders_theme_applies_to_a_batch, |dir| {
    dir.write("bank/small.yaml", ROLE);
    dir.write("bank/theme.yaml", THEME);
    std::fs::write(dir.join("bank/acme.png"), LOGO).unwrap();
    let o = dir.run(&["--content", "bank", "--all", "--out-dir", "out"]);
    assert_ok(&o);
    assert_eq!(dir.list("out"), ["small.pdf"], "theme.yaml is not a role");
    let pdf = Pdf::open(&dir.join("out/small.pdf"));
    assert_eq!(images(&pdf).len(), 1);
    assert!(pdf.text().contains("acme.example/prep"));
});

prep_test!(a_bad_theme_names_its_file_and_key, |dir| {
    std::fs::write(dir.join("acme.png"), LOGO).unwrap();
    std::fs::write(dir.join("broken.png"), &LOGO[..60]).unwrap();
    for (theme, want) in [
        (
            "accent: \"#C0392\"\n",
            "t.yaml:1:9: theme key `accent`: `#C0392` is not a colour",
        ),
        (
            "name: Acme\nlogo: missing.png\n",
            "t.yaml:2:7: theme key `logo`: cannot read",
        ),
        (
            "logo: broken.png\n",
            "t.yaml:1:7: theme key `logo`: `broken.png` does not decode as PNG",
        ),
        ("logo: t.yaml\n", "is neither a PNG nor a JPEG"),
        (
            "acent: \"#C0392B\"\n",
            "t.yaml:1:1: theme key `acent`: unknown key",
        ),
        (
            "labels:\n  contnets: X\n",
            "t.yaml:2:3: theme key `labels.contnets`: no such label",
        ),
    ] {
        dir.write("t.yaml", theme);
        let o = dir.run(&["--role", "backend-mid", "--theme", "t.yaml", "-o", "x.pdf"]);
        assert!(!o.status.success(), "{theme}");
        let err = stderr(&o);
        assert!(err.contains(want), "{theme}: {err}");
        assert!(!dir.join("x.pdf").exists());
    }
    dir.write("t.yaml", "acent: \"#C0392B\"\n");
    let err = stderr(&dir.run(&["--role", "backend-mid", "--theme", "t.yaml", "-o", "x.pdf"]));
    assert!(err.contains("did you mean `accent`?"), "{err}");
});

prep_test!(
    the_stamp_stays_whole_and_a_long_theme_footer_is_what_is_shortened,
    |dir| {
        dir.write("bank/small.yaml", ROLE);
        std::fs::write(dir.join("bank/acme.png"), LOGO).unwrap();
        let long_footer = "Acme Interview Preparation — licensed to partner schools only — do not redistribute — acme.example/prep/terms";
        dir.write(
            "bank/theme.yaml",
            &THEME.replace(
                "footer: acme.example/prep",
                &format!("footer: \"{long_footer}\""),
            ),
        );
        for name in ["Ada Lovelace", "Maria Fernanda Gonçalves da Silva Pereira"] {
            let out = dir.run(&[
                "--content",
                "bank",
                "--role",
                "small",
                "--prepared-for",
                name,
                "-o",
                "s.pdf",
            ]);
            assert_ok(&out);
            let text = std::process::Command::new("pdftotext")
                .args(["-f", "2", "-l", "2", "-layout"])
                .arg(dir.join("s.pdf"))
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) runs");
            let text = String::from_utf8_lossy(&text.stdout).into_owned();
            let footer = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
            assert!(footer.contains(&format!("Prepared for {name}")), "{footer}");
            assert!(footer.contains("Page 2 of"), "{footer}");
            assert!(
                footer.contains("Acme Interview") && footer.contains('…'),
                "{footer}"
            );
            assert!(
                !footer.contains("terms"),
                "the theme's line was shortened: {footer}"
            );
        }
    }
);

prep_test!(
    theme_files_are_read_as_role_files_are_and_say_theme,
    |dir| {
        let cases: [(&str, &[u8], Option<&str>); 5] = [
            ("bom", b"\xef\xbb\xbfname: Acme\n", None),
            ("utf16", b"\xff\xfen\x00a\x00", Some("UTF-16")),
            (
                "two",
                b"name: A\n---\nname: B\n",
                Some("a second YAML document"),
            ),
            ("alias", b"a: &x Acme\nname: *x\n", Some("aliases")),
            (
                "long",
                &[b"footer: ".as_slice(), "x".repeat(201).as_bytes(), b"\n"].concat(),
                Some("longer than 200"),
            ),
        ];
        for (name, bytes, error) in cases {
            let path = dir.join(&format!("{name}.yaml"));
            std::fs::write(&path, bytes).unwrap();
            let out = dir.run(&[
                "--theme",
                path.to_str().unwrap(),
                "--role",
                "qa-mid",
                "-o",
                "t.pdf",
            ]);
            match error {
                None => assert_ok(&out),
                Some(why) => {
                    assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
                    let err = stderr(&out);
                    assert!(err.contains(why) && err.contains("theme"), "{name}: {err}");
                    assert!(!err.contains("role file"), "{name}: {err}");
                }
            }
        }
    }
);
