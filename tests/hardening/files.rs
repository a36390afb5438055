//! Input files as they come: cut short, with a second document or a NUL, in other
//! encodings, not regular files, or too large; each read whole or refused before
//! reading, with the place named.

use super::util::stderr;
use super::{bank_with, export_bad, mkfifo, run_on, SMALL};
use crate::prep_test;

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

prep_test!(
    files_that_are_not_regular_or_too_large_are_refused_before_reading,
    |dir| {
        use std::os::unix::fs::symlink;
        dir.write("bank/small.yaml", SMALL);
        let fifo = dir.join("pipe");
        mkfifo(&fifo);
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
            let out = run_on(&dir, &bank, &["--role", name, "-o", "x.pdf"]);
            assert_eq!(out.status.code(), Some(3), "{name}: {}", stderr(&out));
            assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
            let out = run_on(&dir, &bank, &["--all", "--out-dir", "all"]);
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
