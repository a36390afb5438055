//! Hostile and careless input: deep nesting, links that are not web links, characters
//! that would not print, files cut short or encoded oddly, odd output paths, and a
//! malformed environment. Each class has several members; all must fail cleanly with
//! the place named, or work.

mod util;

use std::path::PathBuf;

use util::{assert_ok, stderr, Dir, Pdf};

const SMALL: &str = include_str!("fixtures/small.yaml");

/// A content folder holding `small` (the fixture) and `bad` (`text`).
fn bank_with(dir: &Dir, text: &[u8]) -> PathBuf {
    dir.write("bank/small.yaml", SMALL);
    let path = dir.join("bank/bad.yaml");
    std::fs::write(&path, text).unwrap();
    dir.join("bank")
}

/// Exports `bad` and returns (exit code, stderr).
fn export_bad(dir: &Dir, text: &[u8]) -> (i32, String) {
    let bank = bank_with(dir, text);
    let out = dir.run(&[
        "--content",
        bank.to_str().unwrap(),
        "--role",
        "bad",
        "-o",
        "bad.pdf",
    ]);
    let code = out.status.code().unwrap_or(-1);
    let written = std::fs::remove_file(dir.join("bad.pdf")).is_ok();
    assert_eq!(
        written,
        code == 0,
        "a PDF is written exactly when the export succeeds"
    );
    (code, stderr(&out))
}

/// The fixture with the first question's prompt replaced by a YAML scalar as written.
fn with_prompt(prompt_yaml: &str) -> String {
    let old = "    prompt: How would you keep a cache of product prices consistent with the database when prices change several times an hour?";
    assert!(SMALL.contains(old));
    SMALL.replace(old, &format!("    prompt: {prompt_yaml}"))
}

prep_test!(
    deep_nesting_is_a_content_error_and_the_batch_goes_on,
    |dir| {
        let mut mappings = String::new();
        // 2,500 levels: far past the 64 allowed, and a file (6 MB) within the role
        // file's size limit, so it is the nesting that is refused.
        for i in 0..2500 {
            mappings.push_str(&format!("{}k:\n", "  ".repeat(i)));
        }
        let shapes = [
            format!("{}x\n", "- ".repeat(50_000)),
            mappings,
            format!("{}\n", "[".repeat(50_000)),
            format!("{}\n", "{a: ".repeat(20_000)),
            format!("questions:\n{}x\n", "  - ".repeat(5_000)),
        ];
        for shape in &shapes {
            let (code, err) = export_bad(&dir, shape.as_bytes());
            assert_eq!(code, 1, "{err}");
            assert!(err.contains("bad.yaml:"), "{err}");
            assert!(
                err.contains("nested too deeply") || err.contains("recursion limit"),
                "{}",
                &err[..err.len().min(400)]
            );
        }
        // `check` and `--all` report it with the others and a summary, and still export
        // the good role.
        let bank = bank_with(&dir, shapes[0].as_bytes());
        let out = dir.run(&["check", "--content", bank.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("checked 2 roles"), "{}", stderr(&out));
        let out = dir.run(&[
            "--content",
            bank.to_str().unwrap(),
            "--all",
            "--out-dir",
            "pdf",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(dir.list("pdf"), ["small.pdf"]);
        let out = dir.run(&["list", "--content", bank.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
    }
);

prep_test!(deep_markdown_never_overflows, |dir| {
    for md in [
        format!("{}x", "> ".repeat(20_000)),
        format!("{}x", "- ".repeat(20_000)),
        format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)),
        format!("{}x{}", "[".repeat(20_000), "]".repeat(20_000)),
        format!("{}x", "1. ".repeat(20_000)),
    ] {
        let yaml = with_prompt(&format!("{md:?}"));
        let (code, err) = export_bad(&dir, yaml.as_bytes());
        // Either refused with a place, or (emphasis, brackets) exported fine.
        if code != 0 {
            assert_eq!(code, 1, "{}", &err[..err.len().min(400)]);
            assert!(err.contains("bad.yaml:"), "{}", &err[..err.len().min(400)]);
        }
    }
});

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
    let out = dir.run(&[
        "--content",
        bank.to_str().unwrap(),
        "--role",
        "bad",
        "-o",
        "t.pdf",
    ]);
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

prep_test!(nothing_after_the_first_document_or_a_nul_is_lost, |dir| {
    let first_end = SMALL.find("  - id: story").unwrap();
    let mut nul = SMALL.as_bytes().to_vec();
    nul.insert(first_end, 0);
    let (code, err) = export_bad(&dir, &nul);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.yaml:") && err.contains("NUL"), "{err}");
    for tail in ["---\ntitle: x\n", "---\n[broken\n", "...\n---\n"] {
        let text = format!("{SMALL}{tail}");
        let (code, err) = export_bad(&dir, text.as_bytes());
        assert_eq!(code, 1, "{tail:?}: {err}");
        assert!(err.contains("bad.yaml:"), "{err}");
    }
});

prep_test!(encodings_are_accepted_or_named, |dir| {
    // UTF-8 with a byte-order mark is UTF-8.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(SMALL.as_bytes());
    assert_eq!(export_bad(&dir, &bom).0, 0);
    // UTF-16, either byte order, is named.
    for mark in [[0xFF, 0xFE], [0xFE, 0xFF]] {
        let mut utf16 = mark.to_vec();
        for unit in SMALL.encode_utf16() {
            let b = if mark[0] == 0xFF {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            utf16.extend_from_slice(&b);
        }
        let (code, err) = export_bad(&dir, &utf16);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("bad.yaml:1:1") && err.contains("UTF-16"),
            "{err}"
        );
    }
    // Invalid UTF-8 is a content error at its line and column.
    let mut latin1 = SMALL
        .replace("Snapshot Role", "Caf\u{e9} Role")
        .into_bytes();
    let at = latin1
        .windows(2)
        .position(|w| w == "\u{e9}".as_bytes())
        .unwrap();
    latin1.splice(at..at + 2, [0xE9]);
    let (code, err) = export_bad(&dir, &latin1);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bad.yaml:1:11") && err.contains("UTF-8"),
        "{err}"
    );
    let bank = bank_with(&dir, &latin1);
    let out = dir.run(&["check", "--content", bank.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("checked 2 roles: 1 error,"),
        "{}",
        stderr(&out)
    );
});

#[cfg(unix)]
prep_test!(outputs_are_written_through_not_replaced, |dir| {
    use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
    // A symlink is followed; the link stays.
    std::fs::create_dir_all(dir.join("real")).unwrap();
    symlink("real/target.pdf", dir.join("link.pdf")).unwrap();
    assert_ok(&dir.run(&["--role", "qa-mid", "-o", "link.pdf"]));
    assert!(std::fs::symlink_metadata(dir.join("link.pdf"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(Pdf::open(&dir.join("real/target.pdf")).page_count() > 1);
    // A mode-600 file keeps its mode.
    std::fs::set_permissions(
        dir.join("real/target.pdf"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    assert_ok(&dir.run(&["--role", "qa-mid", "-o", "real/target.pdf"]));
    let mode = std::fs::metadata(dir.join("real/target.pdf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // A FIFO's reader gets the PDF, and the FIFO stays one.
    let fifo = dir.join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    assert_ok(&dir.run(&["--role", "qa-mid", "-o", "pipe"]));
    let got = reader.join().unwrap();
    assert!(got.starts_with(b"%PDF-") && Pdf::from_bytes(&got).page_count() > 1);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    // A character device made here (as root; /dev/null's numbers) stays a device.
    let null = dir.join("null");
    let made = std::process::Command::new("mknod")
        .args([null.to_str().unwrap(), "c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        assert_ok(&dir.run(&["--role", "qa-mid", "-o", "null"]));
        let ft = std::fs::symlink_metadata(&null).unwrap().file_type();
        assert!(ft.is_char_device());
    } else if std::env::var_os("CI").is_some() {
        panic!("CI runs as root, so the device-node case must run there");
    } else {
        eprintln!("not root: the device-node case was not run");
    }
    // A stale temporary file of a killed single export (its name says: ours, this
    // host, a process that is gone) is cleaned up by the next one; a user's file of
    // the old pattern, and another host's in-flight file, are not touched.
    let host: String = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stale = format!(".out.pdf.~prep-pdf.{host}.4000000000.9.0.tmp");
    let kept = [
        ".out.pdf.4000000000.0.tmp".to_string(),
        ".notes.12.3.tmp".to_string(),
        ".out.pdf.~prep-pdf.other-host.4000000000.9.0.tmp".to_string(),
    ];
    for name in std::iter::once(&stale).chain(&kept) {
        std::fs::write(dir.join(name), b"x").unwrap();
    }
    assert_ok(&dir.run(&["--role", "qa-mid", "-o", "out.pdf"]));
    assert!(!dir.join(&stale).exists());
    for name in &kept {
        assert!(
            dir.join(name).exists(),
            "{name} is the user's or another host's"
        );
    }
});

prep_test!(smaller_errors_say_what_is_wrong_once, |dir| {
    // An I/O error names its cause once.
    let out = dir.run(&["--role", "qa-mid", "-o", "missing/dir/x.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    // A missing content folder is named, not an empty list of roles.
    let out = dir.run(&["--content", "/nonexistent-prep-pdf", "--role", "r"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("/nonexistent-prep-pdf") && !stderr(&out).contains("roles are"),
        "{}",
        stderr(&out)
    );
    // A duplicate id is reported even when a copy has other problems.
    let dup = SMALL
        .replace("  - id: story", "  - id: cache")
        .replace("    category: behavioral", "    category: behavioural");
    let (code, err) = export_bad(&dir, dup.as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.contains("`cache` is used twice") && err.contains("behavioural"),
        "{err}"
    );
    // SOURCE_DATE_EPOCH must be a date a PDF can carry.
    for bad in ["yesterday", "-5", "99999999999999999", "1e9"] {
        let out = dir.run_env(
            &["--role", "qa-mid", "-o", "e.pdf"],
            &[("SOURCE_DATE_EPOCH", bad)],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("SOURCE_DATE_EPOCH"),
            "{}",
            stderr(&out)
        );
    }
    let out = dir.run_env(
        &["--role", "qa-mid", "-o", "e.pdf"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_ok(&out);
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
            let out = dir.run(&[
                "--content",
                bank.to_str().unwrap(),
                "--all",
                "--out-dir",
                "all",
            ]);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert_eq!(dir.list("all"), ["small.pdf"]);
            std::fs::remove_dir_all(dir.join("all")).unwrap();
        }
    }
);

prep_test!(
    files_that_are_not_regular_or_too_large_are_refused_before_reading,
    |dir| {
        use std::os::unix::fs::symlink;
        dir.write("bank/small.yaml", SMALL);
        let fifo = dir.join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        // A sparse file past the role file limit (64 MB) costs no disk.
        let big = dir.join("big.yaml");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(65 << 20)
            .unwrap();
        // Each target as a role file, a font, a theme, a recipients file and a logo.
        for (name, target) in [
            ("zero", std::path::Path::new("/dev/zero")),
            ("fifo", fifo.as_path()),
            ("big", big.as_path()),
        ] {
            let why = if name == "big" {
                "larger than the"
            } else {
                "not a regular file"
            };
            // As a role file, in a folder of good ones: that role fails, the others go.
            symlink(target, dir.join(&format!("bank/{name}.yaml"))).unwrap();
            let bank = dir.join("bank");
            let out = dir.run(&[
                "--content",
                bank.to_str().unwrap(),
                "--role",
                name,
                "-o",
                "x.pdf",
            ]);
            assert_eq!(out.status.code(), Some(3), "{name}: {}", stderr(&out));
            assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
            let out = dir.run(&[
                "--content",
                bank.to_str().unwrap(),
                "--all",
                "--out-dir",
                "all",
            ]);
            assert_ne!(out.status.code(), Some(0), "{name}");
            assert!(dir.list("all").contains(&"small.pdf".to_string()), "{name}");
            std::fs::remove_file(dir.join(&format!("bank/{name}.yaml"))).unwrap();
            let t = target.to_str().unwrap();
            // As a font, a theme, a recipients file.
            for args in [
                vec!["--font", t, "--role", "qa-mid", "-o", "x.pdf"],
                vec!["--theme", t, "--role", "qa-mid", "-o", "x.pdf"],
                vec![
                    "mail",
                    "--recipients",
                    t,
                    "--from",
                    "J <j@example.com>",
                    "--eml-dir",
                    "d",
                ],
            ] {
                let out = dir.run(&args);
                assert!(
                    matches!(out.status.code(), Some(2 | 3)),
                    "{args:?}: {}",
                    stderr(&out)
                );
                // A big file may be within the font's and the recipients' larger limits:
                // then it fails as what it is not (a font, a CSV header).
                if name != "big" || args[0] == "--theme" {
                    assert!(stderr(&out).contains(why), "{args:?}: {}", stderr(&out));
                }
                assert!(!dir.join("x.pdf").exists());
            }
            // As a logo named by a theme.
            dir.write("theme/theme.yaml", &format!("logo: {t}\n"));
            let out = dir.run(&[
                "--theme",
                "theme/theme.yaml",
                "--role",
                "qa-mid",
                "-o",
                "x.pdf",
            ]);
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            assert!(stderr(&out).contains("logo"), "{}", stderr(&out));
        }
    }
);

prep_test!(
    a_file_size_limit_is_reported_not_fatal_and_leaves_no_partial_file,
    |dir| {
        // `ulimit -f 10`: 10 blocks of 1 KiB for files this shell writes. SIGXFSZ used to
        // kill the export without a word and leave its temporary file behind.
        let bin = env!("CARGO_BIN_EXE_prep-pdf");
        let out = std::process::Command::new("bash")
            .current_dir(&dir.path)
            .args([
                "-c",
                &format!("ulimit -f 10; exec {bin} --role qa-mid -o out.pdf"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains("File too large"), "{}", stderr(&out));
        assert!(
            dir.list(".").is_empty(),
            "no partial or temporary file: {:?}",
            dir.list(".")
        );
    }
);
