use super::*;
use crate::model::Span;

#[test]
fn every_bundled_language_has_every_label_and_its_plural_forms() {
    let table = bundled();
    let codes: Vec<&str> = table.iter().map(|l| l.code.as_str()).collect();
    for want in ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "ru"] {
        assert!(codes.contains(&want), "no `{want}` in {codes:?}");
    }
    let keys: Vec<&str> = keys().collect();
    assert!(keys.len() >= 40, "{keys:?}");
    for lang in table {
        for key in &keys {
            match lang.labels.get(*key) {
                Some(Label::Text(t)) => assert!(!t.trim().is_empty(), "{}.{key}", lang.code),
                Some(Label::Counted(m)) => {
                    for form in lang.plural.forms() {
                        assert!(m.contains_key(*form), "{}.{key}.{form}", lang.code)
                    }
                }
                None => panic!("{} lacks {key}", lang.code),
            }
        }
        assert_eq!(
            lang.labels.len(),
            keys.len(),
            "{} has extra keys",
            lang.code
        );
    }
}

#[test]
fn a_table_missing_a_label_or_a_form_is_refused_with_its_place() {
    let ok = "en:\n  name: E\n  plural: one-other\n  quotes: [a, b, c, d]\n  labels:\n    x: X\n    n: {one: a, other: b}\n";
    assert!(parse_table(ok).is_ok());
    let missing = format!("{ok}xx:\n  name: X\n  plural: one-other\n  quotes: [a, b, c, d]\n  labels:\n    n: {{one: a, other: b}}\n");
    let e = parse_table(&missing).unwrap_err();
    assert!(e.message.contains("lacks labels [x]"), "{e:?}");
    assert_eq!(e.line, 9);
    let forms = ok.replace("n: {one: a, other: b}", "n: {one: a, few: b}");
    assert!(parse_table(&forms)
        .unwrap_err()
        .message
        .contains("should give the forms one, other"));
}

#[test]
fn plural_rules_pick_the_right_forms() {
    let ru: Vec<&str> = [1, 2, 5, 11, 12, 21, 22, 25, 111]
        .iter()
        .map(|&n| Plural::EastSlavic.form(n))
        .collect();
    assert_eq!(
        ru,
        ["one", "few", "many", "many", "many", "one", "few", "many", "many"]
    );
    let pl: Vec<&str> = [1, 2, 5, 12, 21, 22]
        .iter()
        .map(|&n| Plural::Polish.form(n))
        .collect();
    assert_eq!(pl, ["one", "few", "many", "many", "many", "few"]);
    assert_eq!(Plural::ZeroOneOther.form(0), "one");
    assert_eq!(Plural::OneOther.form(0), "other");
    let l = Labels::new("pl", &Overrides::default());
    assert_eq!(l.count("question_count", 5), "5 pytań");
    assert_eq!(
        Labels::new("ru-RU", &Overrides::default()).count("question_count", 22),
        "22 вопроса"
    );
}

#[test]
fn tags_are_checked_and_regions_use_their_language() {
    assert!(check_tag("de").is_ok() && check_tag("pt-BR").is_ok());
    assert!(check_tag("ja")
        .unwrap_err()
        .contains("no labels for language `ja`"));
    assert!(check_tag("german").unwrap_err().contains("not a BCP 47"));
    assert!(check_tag("de_DE").is_err());
    assert_eq!(
        Labels::new("DE-at", &Overrides::default()).text("contents"),
        "Inhalt"
    );
}

#[test]
fn overrides_win() {
    let mut o = Overrides::new();
    o.insert("contents".into(), "Overview".into());
    o.insert("question_count".into(), "{n} items".into());
    let l = Labels::new("de", &o);
    assert_eq!(l.text("contents"), "Overview");
    assert_eq!(l.count("question_count", 3), "3 items");
    assert_eq!(l.text("pitfalls"), "Typische Fehler");
}

#[test]
fn quotes_follow_the_language_and_spare_apostrophes_and_code() {
    let mut spans = vec![
        Span::plain("Er sagte “nie ‘so’ ”, it’s the users’ "),
        Span {
            code: true,
            ..Span::plain("“code”")
        },
        Span::plain(" “x"),
        Span {
            bold: true,
            ..Span::plain("y”")
        },
    ];
    let de = Labels::new("de", &Overrides::default());
    localize_quotes(&mut spans, de.quotes());
    let texts: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Er sagte „nie ‚so‘ “, it’s the users’ ",
            "“code”",
            " „x",
            "y“"
        ]
    );
    let mut fr = vec![Span::plain("“oui”")];
    localize_quotes(&mut fr, Labels::new("fr", &Overrides::default()).quotes());
    assert_eq!(fr[0].text, "«\u{202F}oui\u{202F}»");
}

#[test]
fn each_language_parsed_alone_is_what_the_whole_table_says() {
    let table = bundled();
    assert_eq!(
        supported(),
        table.iter().map(|l| l.code.as_str()).collect::<Vec<_>>()
    );
    for lang in table {
        assert_eq!(bundled_language(&lang.code), Some(lang), "{}", lang.code);
    }
    assert!(bundled_language("xx").is_none());
    assert_eq!(language("pt-BR").map(|l| l.code.as_str()), Some("pt"));
}
