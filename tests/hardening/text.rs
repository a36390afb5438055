//! Text that would not print as written: links that are not web or mail links,
//! characters that are invisible or control codes, and characters beside Markdown
//! spans, each reported at its column.

use super::util::{assert_ok, stderr, Pdf};
use super::{bank_with, export_bad, run_on, with_prompt, SMALL};
use crate::prep_test;

prep_test!(links_must_be_web_or_mail, |dir| {
    for link in [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](  JavaScript:alert(1))",
        "[x](file:///etc/passwd)",
        "[x](data:text/html,hi)",
        "[x](../../x)",
        "[x](/etc/passwd)",
        "[x](vbscript:msgbox)",
        "<javascript:alert(1)>",
        "[x](http:/nohost)",
    ] {
        let yaml = with_prompt(&format!("{:?}", format!("See {link}.")));
        let (code, err) = export_bad(&dir, yaml.as_bytes());
        assert_eq!(code, 1, "{link}: {err}");
        assert!(
            err.contains("bad.yaml:9:") && err.contains("not allowed"),
            "{link}: {err}"
        );
    }
    for link in [
        "[x](https://example.com/a)",
        "[x](HTTPS://example.com/a)",
        "[x](mailto:jobs@example.com)",
        "<https://example.com>",
        "<jobs@example.com>",
    ] {
        let yaml = with_prompt(&format!("{:?}", format!("See {link}.")));
        let (code, err) = export_bad(&dir, yaml.as_bytes());
        assert_eq!(code, 0, "an allowed link exports: {link}: {err}");
    }
});

prep_test!(unprintable_characters_are_named, |dir| {
    // Control characters written as YAML escapes, and invisible bidi overrides.
    for (escape, code_point) in [
        ("\\a", "U+0007"),
        ("\\e", "U+001B"),
        ("\\0", "U+0000"),
        ("\\x85", "U+0085"),
        ("\\x7f", "U+007F"),
        ("\\u202E", "U+202E"),
        ("\\u2028", "U+2028"),
    ] {
        let yaml = with_prompt(&format!("\"Explain {escape} this.\""));
        let (code, err) = export_bad(&dir, yaml.as_bytes());
        assert_eq!(code, 1, "{escape}: {err}");
        assert!(
            err.contains("bad.yaml:9:") && err.contains(code_point),
            "{escape}: {err}"
        );
    }
    // U+FB01 is in the serif face but not the mono one: code falls back to the serif.
    let prose = with_prompt("\"A \u{FB01}le.\"");
    assert_eq!(export_bad(&dir, prose.as_bytes()).0, 0);
    let code = with_prompt("\"A `\u{FB01}le`.\"");
    assert_eq!(export_bad(&dir, code.as_bytes()).0, 0);
    // A character no font has (a private-use one) is refused in prose, inline code
    // and code blocks alike, naming it and its place.
    for code in ["\"A `\u{F0001}le`.\"", "\"A **`\u{F0001}`**.\""] {
        let yaml = with_prompt(code);
        let (status, err) = export_bad(&dir, yaml.as_bytes());
        assert_eq!(status, 1, "{err}");
        assert!(
            err.contains("bad.yaml:9:") && err.contains("U+F0001") && err.contains("no font"),
            "{err}"
        );
    }
    let block = SMALL.replace(
        "    def update_price(db, cache, sku, price):",
        "    def update_price(db, cache, sku, price): # \u{F0001}",
    );
    let (status, err) = export_bad(&dir, block.as_bytes());
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("U+F0001"), "{err}");
    // Tabs in code are expanded, not refused.
    let tabs = SMALL.replace(
        "            cache.delete(f\"price:{sku}\")",
        "        \tcache.delete(f\"price:{sku}\")",
    );
    let bank = bank_with(&dir, tabs.as_bytes());
    let out = run_on(&dir, &bank, &["--role", "bad", "-o", "t.pdf"]);
    assert_ok(&out);
    assert!(Pdf::open(&dir.join("t.pdf"))
        .text()
        .contains("cache.delete"));
    // A stamp with a control character is refused; a line break becomes a space.
    for name in ["Ada\u{7}", "Ada\u{1b}[31m", "\u{202E}adA"] {
        let out = dir.run(&["--role", "qa-mid", "--prepared-for", name, "-o", "s.pdf"]);
        assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("U+"), "{}", stderr(&out));
    }
    let out = dir.run(&[
        "--role",
        "qa-mid",
        "--prepared-for",
        "Ada\nLovelace",
        "-o",
        "s.pdf",
    ]);
    assert_ok(&out);
    assert!(Pdf::open(&dir.join("s.pdf"))
        .text()
        .contains("Ada Lovelace"));
});

prep_test!(
    a_character_beside_markdown_spans_is_an_error_at_its_column_in_every_command,
    |dir| {
        // Multibyte text, then a Markdown span, then a character that cannot print: the
        // position found inside the span was applied to the whole scalar, which sliced
        // through a character (a panic, exit 101, the batch gone) or named a column ten
        // characters early.
        let cases = [
            ("\"éé **b** \\a\"", "\\a"),
            ("\"ñ *x* `y` \\x01 z\"", "\\x01"),
            ("\"Ünï **bold** and [l](https://x.org) \\u202E\"", "\\u202E"),
            ("\"日本 **太** \\u0007\"", "\\u0007"),
        ];
        for (prompt, culprit) in cases {
            let text = with_prompt(prompt);
            let line = text.lines().position(|l| l.contains(prompt)).unwrap() + 1;
            let line_text = text.lines().nth(line - 1).unwrap();
            let col = line_text[..line_text.find(culprit).unwrap()]
                .chars()
                .count()
                + 1;
            let at = format!("bad.yaml:{line}:{col}:");
            let (code, err) = export_bad(&dir, text.as_bytes());
            assert_eq!(code, 1, "{prompt}: {err}");
            assert!(err.contains(&at), "{prompt}: want {at} in {err}");
            let bank = bank_with(&dir, text.as_bytes());
            let out = dir.run(&["check", "--content", bank.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(stderr(&out).contains(&at), "{}", stderr(&out));
            assert!(stderr(&out).contains("checked 2 roles"), "{}", stderr(&out));
            let out = run_on(&dir, &bank, &["--all", "--out-dir", "all"]);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert_eq!(dir.list("all"), ["small.pdf"]);
            std::fs::remove_dir_all(dir.join("all")).unwrap();
        }
    }
);
