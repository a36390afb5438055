//! Labels in the reader's language: a role with `lang: de` prints no English label in
//! any answers mode, its PDF says it is German (`/Lang`, XMP), and its prose quotes are
//! German ones. Read back with lopdf, which did not write the files.

mod util;

use prep_pdf::labels::{self, Label};
use util::{assert_ok, stderr, Pdf};

const DE: &str = include_str!("fixtures/de/backend-de.yaml");

/// The English labels, cut at their placeholders into the fragments that are printed
/// as written ("Page {page} of {total}" → "Page", "of" is too short to tell). Labels
/// German spells the same (STAR's "Situation") are left out.
fn english_fragments() -> Vec<String> {
    let en = &labels::bundled()[0];
    let de = labels::bundled().iter().find(|l| l.code == "de").unwrap();
    assert_eq!(en.code, "en");
    let mut out = Vec::new();
    for (key, label) in &en.labels {
        if de.labels.get(key) == Some(label) {
            continue;
        }
        let texts: Vec<&String> = match label {
            Label::Text(t) => vec![t],
            Label::Counted(m) => m.values().collect(),
        };
        for t in texts {
            // Long notes: their sentences; short labels: whole, placeholders cut out.
            for part in t.split(['{', '}', ':', '.']) {
                let part = part.trim();
                if part.chars().count() >= 4
                    && ![
                        "page", "total", "title", "level", "name", "label", "company", "values",
                    ]
                    .contains(&part)
                {
                    out.push(part.to_string());
                }
            }
        }
    }
    out
}

/// Whether `text` has `words` standing alone (so "Diagram" is not found in "Diagramm").
fn has_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

prep_test!(a_german_role_prints_no_english_label, |dir| {
    dir.write("bank/backend-de.yaml", DE);
    let fragments = english_fragments();
    assert!(fragments.iter().any(|f| f == "Sample answer"));
    for (answers, practice) in [
        ("inline", false),
        ("end", false),
        ("none", false),
        ("end", true),
        ("none", true),
    ] {
        let out = format!("{answers}-{practice}.pdf");
        let mut args = vec![
            "--content",
            "bank",
            "--role",
            "backend-de",
            "--answers",
            answers,
            "--prepared-for",
            "Grete Müller",
            "-o",
            &out,
        ];
        if practice {
            args.push("--practice");
        }
        let o = dir.run(&args);
        assert_ok(&o);
        let pdf = Pdf::open(&dir.join(&out));
        let text = pdf.text();
        let outline = pdf.outline().join("\n");
        for f in &fragments {
            assert!(
                !has_words(&text, f),
                "{answers}: English `{f}` in the text:\n{text}"
            );
            assert!(
                !has_words(&outline, f),
                "{answers}: English `{f}` in the outline"
            );
        }
        for want in [
            "Interviewfragen",
            "Erstellt für Grete Müller",
            "Seite 2 von",
            "Systemdesign · Schwer",
        ] {
            assert!(text.contains(want), "{answers}: no `{want}`");
        }
        let guides = match (answers, practice) {
            (_, true) => vec!["Aufgabe", "Handlung", "Erste Stunde", "Diagramm", "Notizen"],
            ("inline", _) => vec![
                "Frage 1",
                "Antwortleitfaden",
                "Musterantwort",
                "So wird bewertet",
                "Schwach:",
                "(Video)",
            ],
            ("end", _) => vec!["Antwortleitfäden", "Antwortleitfaden 1", "Leitfaden"],
            _ => vec!["Fragenblatt, ohne Antwortleitfäden", "Verhalten · Mittel"],
        };
        for want in guides {
            assert!(text.contains(want), "{answers}: no `{want}`");
        }
        // Prose quotes are German; code keeps its straight quotes.
        assert!(
            text.contains('„') && text.contains('“') && !text.contains('”'),
            "{answers}: German quotes"
        );
        if answers == "inline" && !practice {
            assert!(
                text.contains("cache.delete(f\"price:{sku}\")"),
                "code keeps its quotes"
            );
        }
        // The PDF says it is German, in the catalog and in XMP.
        let catalog = pdf.doc.catalog().unwrap();
        let lang = catalog.get(b"Lang").unwrap().as_str().unwrap();
        assert_eq!(lang, b"de");
        let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
        let xmp = pdf.doc.get_object(meta).unwrap().as_stream().unwrap();
        let xmp = String::from_utf8(xmp.content.clone()).unwrap();
        assert!(
            xmp.contains("<dc:language><rdf:Bag><rdf:li>de</rdf:li>"),
            "{xmp}"
        );
        assert!(pdf.info("Title").unwrap().contains("Interviewfragen"));
    }
});

prep_test!(an_unsupported_language_is_refused_with_its_place, |dir| {
    dir.write("bank/backend-de.yaml", &DE.replace("lang: de", "lang: xx"));
    let o = dir.run(&["--content", "bank", "--role", "backend-de", "-o", "x.pdf"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("backend-de.yaml:3:7: error: lang: no labels for language `xx`"),
        "{err}"
    );
    assert!(!dir.join("x.pdf").exists());
});
