//! Fonts for every character: stamps and merge rows in other scripts are drawn with
//! an embedded fallback font and extract as written, in logical order, read back by
//! poppler (`pdftotext`, `pdffonts`), which shares no code with us. Needs the Debian
//! fonts `scripts/test.sh` installs (fonts-noto-cjk, fonts-noto-core,
//! fonts-dejavu-core).

mod util;

use std::path::Path;
use std::process::Command;

use util::{assert_ok, stderr, struct_text, Pdf};

/// Names in the scripts a hiring pipeline meets, with the font family poppler should
/// report drawing them (`None`: the bundled Noto Serif has the script).
const NAMES: &[(&str, Option<&str>)] = &[
    ("王芳", Some("CJK")),
    ("山田 太郎", Some("CJK")),
    ("김민준", Some("CJK")),
    ("محمد علي", Some("Arabic")),
    ("عبد الله بن محمد", Some("Arabic")),
    ("דוד כהן", Some("Hebrew")),
    ("राहुल शर्मा", Some("Devanagari")),
    ("สมชาย ใจดี", Some("Thai")),
    ("தமிழ்செல்வி கிருஷ்ணன்", Some("Tamil")),
    ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", Some("Gurmukhi")),
    ("మీర నాయర్", Some("Telugu")),
    ("Nguyễn Thị Hương", None),
    ("Γιώργος Παπαδόπουλος", None),
];

/// `pdftotext` of `pages` (first, last), without the bidi embedding marks poppler
/// puts around right-to-left runs.
fn pdftotext(pdf: &Path, pages: (u32, u32)) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &pages.0.to_string(), "-l", &pages.1.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(['\u{202B}', '\u{202C}', '\u{202A}'], "")
}

/// `pdffonts`' rows: (name, embedded, subset).
fn pdffonts(pdf: &Path) -> Vec<(String, bool, bool)> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_string(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

#[track_caller]
fn assert_fonts_embedded(pdf: &Path, family: Option<&str>, what: &str) {
    let fonts = pdffonts(pdf);
    for (name, emb, sub) in &fonts {
        assert!(*emb && *sub, "{what}: {name} is not embedded and subset");
    }
    if let Some(family) = family {
        assert!(
            fonts
                .iter()
                .any(|f| f.0.contains(family) && !f.0.contains("NotoSerif-")),
            "{what}: no {family} font in {fonts:?}"
        );
    }
}

prep_test!(stamps_in_every_script_print_and_extract_as_written, |dir| {
    let mut files = Vec::new();
    for (i, (name, family)) in NAMES.iter().enumerate() {
        let file = format!("s{i}.pdf");
        files.push(dir.join(&file));
        let out = dir.run(&["--role", "qa-mid", "--prepared-for", name, "-o", &file]);
        assert_ok(&out);
        let pdf = dir.join(&file);
        assert_fonts_embedded(&pdf, *family, name);
        // The cover, and a page's footer.
        let cover = pdftotext(&pdf, (1, 1));
        assert!(
            cover.contains(&format!("Prepared for {name}")),
            "{name} on the cover:\n{cover}"
        );
        let page = pdftotext(&pdf, (3, 3));
        assert!(
            page.contains(&format!("Prepared for {name}")),
            "{name} in the footer:\n{page}"
        );
        // A screen reader reads the name as written: a name of several
        // right-to-left words is not read last word first.
        let tagged = struct_text(&pdf);
        assert!(
            tagged.contains(&format!("\"Prepared for {name}\"")),
            "{name} in the tags:\n{}",
            &tagged[..tagged.len().min(600)]
        );
        let qpdf = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(qpdf.status.success(), "{name}: qpdf --check");
    }
    // Fallback fonts, /ActualText spans and right-to-left runs keep PDF/UA clean.
    let out = util::pdfua_check(&files);
    assert!(
        out.status.success(),
        "pdfua:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
});

prep_test!(
    right_to_left_words_among_latin_ones_are_tagged_in_reading_order,
    |dir| {
        for name in ["José محمد", "محمد Smith", "Dr. עמית לוי", "Анна محمد علي"]
        {
            let out = dir.run(&["--role", "qa-mid", "--prepared-for", name, "-o", "n.pdf"]);
            assert_ok(&out);
            let tagged = struct_text(&dir.join("n.pdf"));
            assert!(
                tagged.contains(&format!("\"Prepared for {name}\"")),
                "{name} in the tags:\n{}",
                &tagged[..tagged.len().min(600)]
            );
        }
    }
);

// A name is drawn by the font made for its script, letters and vowel signs together:
// Noto Serif Grantha also has some Tamil letters, and drew வ (and, before combining
// marks were told by their Unicode category, the sign ி on a dotted circle) apart
// from the rest of the word in Noto Serif Tamil.
prep_test!(a_name_takes_the_font_made_for_its_script, |dir| {
    for name in ["வணக்கம் அருண்", "தமிழ்செல்வி", "বিবেক রায়", "ಕಿರಣ್ ವಿ"]
    {
        let out = dir.run(&["--role", "qa-mid", "--prepared-for", name, "-o", "n.pdf"]);
        assert_ok(&out);
        let fallbacks: Vec<String> = pdffonts(&dir.join("n.pdf"))
            .into_iter()
            .map(|f| f.0)
            .filter(|f| !f.contains("NotoSerif-") && !f.contains("NotoSansMono"))
            .collect();
        assert_eq!(fallbacks.len(), 1, "{name}: {fallbacks:?}");
        let cover = pdftotext(&dir.join("n.pdf"), (1, 1));
        assert!(
            cover.contains(&format!("Prepared for {name}")),
            "{name}:\n{cover}"
        );
    }
});

prep_test!(stamped_output_is_reproducible, |dir| {
    for file in ["a.pdf", "b.pdf"] {
        let out = dir.run(&[
            "--role",
            "qa-mid",
            "--prepared-for",
            "王芳 محمد",
            "-o",
            file,
        ]);
        assert_ok(&out);
    }
    assert_eq!(
        std::fs::read(dir.join("a.pdf")).unwrap(),
        std::fs::read(dir.join("b.pdf")).unwrap()
    );
});

prep_test!(merge_rows_in_other_scripts_are_stamped, |dir| {
    let rows = [
        ("王芳", "wang"),
        ("محمد علي", "ali"),
        ("Nguyễn Thị Hương", "huong"),
        ("Γιώργος Παπαδόπουλος", "giorgos"),
    ];
    let mut csv = String::from("name,email,role\n");
    for (name, user) in rows {
        csv.push_str(&format!("{name},{user}@example.com,qa-mid\n"));
    }
    dir.write("cohort.csv", &csv);
    let out = dir.run(&[
        "mail",
        "--recipients",
        "cohort.csv",
        "--from",
        "Jobs <jobs@example.com>",
        "--eml-dir",
        "drafts",
    ]);
    assert_ok(&out);
    for (name, user) in rows {
        let pdf = dir.join(&format!("{user}.pdf"));
        util::read_eml_to(
            &dir.join(&format!("drafts/qa-mid-{user}@example.com.eml")),
            &pdf,
        );
        assert_fonts_embedded(&pdf, None, name);
        let cover = pdftotext(&pdf, (1, 1));
        assert!(
            cover.contains(&format!("Prepared for {name}")),
            "{name}:\n{cover}"
        );
    }
});

prep_test!(ligatures_extract_as_letters, |dir| {
    let out = dir.run(&["--role", "backend-mid", "-o", "b.pdf"]);
    assert_ok(&out);
    let text = pdftotext(&dir.join("b.pdf"), (1, 99));
    for word in ["first", "traffic", "flag", "fields", "offs"] {
        assert!(text.contains(word), "{word} missing from the text");
    }
    assert!(
        !text.contains(['\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FB04}']),
        "presentation forms in the text"
    );
    // lopdf reads it the same way, through the ToUnicode maps.
    let lo = Pdf::open(&dir.join("b.pdf")).text();
    assert!(lo.contains("traffic"));
});

prep_test!(
    a_character_no_font_has_is_an_error_naming_it_and_the_flag,
    |dir| {
        let out = dir.run(&[
            "--role",
            "qa-mid",
            "--prepared-for",
            "Ada \u{F0001}",
            "-o",
            "x.pdf",
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("--prepared-for") && err.contains("U+F0001") && err.contains('\u{F0001}'),
            "{err}"
        );
        assert!(!dir.join("x.pdf").exists());
    }
);

prep_test!(
    font_files_given_with_font_are_used_before_system_fonts,
    |dir| {
        // No system fonts: only --font can draw the Hebrew.
        let none = [("PREP_PDF_SYSTEM_FONTS", "")];
        let args = [
            "--role",
            "qa-mid",
            "--prepared-for",
            "דוד כהן",
            "-o",
            "h.pdf",
        ];
        let out = dir.run_env(&args, &none);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("U+05D3"), "{}", stderr(&out));
        let font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        let mut with_font = args.to_vec();
        with_font.extend(["--font", font]);
        let out = dir.run_env(&with_font, &none);
        assert_ok(&out);
        let pdf = dir.join("h.pdf");
        assert_fonts_embedded(&pdf, Some("DejaVuSans"), "--font");
        assert!(pdftotext(&pdf, (1, 1)).contains("Prepared for דוד כהן"));
        // A bad --font is a usage error naming the file.
        dir.write("not-a-font.ttf", "hello");
        for (bad, why) in [
            ("missing.ttf", "missing.ttf"),
            ("not-a-font.ttf", "not a TrueType or OpenType font"),
        ] {
            let out = dir.run(&["--font", bad, "--role", "qa-mid", "-o", "y.pdf"]);
            assert_eq!(out.status.code(), Some(2));
            let err = stderr(&out);
            assert!(
                err.contains("--font") && err.contains(bad) && err.contains(why),
                "{err}"
            );
        }
    }
);

/// A theme whose fonts are Debian's Noto Sans (fonts-noto-core) and DejaVu Sans Mono.
fn themed(dir: &util::Dir, fonts: &str) -> std::path::PathBuf {
    let noto = "/usr/share/fonts/truetype/noto";
    for style in ["Regular", "Bold", "Italic", "BoldItalic"] {
        let file = format!("NotoSans-{style}.ttf");
        std::fs::create_dir_all(dir.join("brand/fonts")).unwrap();
        std::fs::copy(
            format!("{noto}/{file}"),
            dir.join(&format!("brand/fonts/{file}")),
        )
        .unwrap();
    }
    dir.write("brand/theme.yaml", &format!("name: Acme Prep\n{fonts}"))
}

const THEME_FONTS: &str = "fonts:
  regular: fonts/NotoSans-Regular.ttf
  bold: fonts/NotoSans-Bold.ttf
  italic: fonts/NotoSans-Italic.ttf
  bold_italic: fonts/NotoSans-BoldItalic.ttf
  mono: /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
";

prep_test!(theme_fonts_are_embedded_subset_and_come_first, |dir| {
    let theme = themed(&dir, THEME_FONTS);
    let out = dir.run(&[
        "--theme",
        theme.to_str().unwrap(),
        "--role",
        "backend-mid",
        "--prepared-for",
        "Ada 王芳",
        "-o",
        "t.pdf",
    ]);
    assert_ok(&out);
    let pdf = dir.join("t.pdf");
    let fonts = pdffonts(&pdf);
    for (name, emb, sub) in &fonts {
        assert!(*emb && *sub, "{name} is not embedded and subset");
    }
    let names: Vec<&str> = fonts.iter().map(|f| &f.0[7..]).collect();
    for want in ["NotoSans-Regular", "NotoSans-Bold", "DejaVuSansMono"] {
        assert!(names.contains(&want), "{want} not in {names:?}");
    }
    // The theme's fonts draw everything they can: the bundled serif is not used,
    // and the Chinese name still falls back to a system font.
    assert!(
        !names.iter().any(|n| n.starts_with("NotoSerif-")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.contains("CJK")), "{names:?}");
    let text = pdftotext(&pdf, (1, 1));
    assert!(text.contains("Prepared for Ada 王芳"), "{text}");
    // Subset: far smaller than the four font files.
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 400_000, "{size} bytes");
});

prep_test!(a_bad_theme_font_names_the_file_and_key, |dir| {
    dir.write("brand/fonts/bad.ttf", "not a font");
    for (fonts, key, why) in [
        (
            THEME_FONTS.replace("fonts/NotoSans-Bold.ttf", "fonts/none.ttf"),
            "fonts.bold",
            "none.ttf",
        ),
        (
            THEME_FONTS.replace("fonts/NotoSans-Italic.ttf", "fonts/bad.ttf"),
            "fonts.italic",
            "not a TrueType or OpenType font",
        ),
        (
            THEME_FONTS.replace("  bold_italic: fonts/NotoSans-BoldItalic.ttf\n", ""),
            "fonts.bold_italic",
            "missing",
        ),
        (
            THEME_FONTS.replace("  bold:", "  blod:"),
            "fonts.blod",
            "did you mean `bold`",
        ),
    ] {
        let theme = themed(&dir, &fonts);
        let out = dir.run(&[
            "--theme",
            theme.to_str().unwrap(),
            "--role",
            "qa-mid",
            "-o",
            "x.pdf",
        ]);
        assert_eq!(out.status.code(), Some(2), "{key}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("theme.yaml:") && err.contains(&format!("`{key}`")) && err.contains(why),
            "{key}: {err}"
        );
        assert!(!dir.join("x.pdf").exists());
    }
});
