//! Nesting past any sane depth, in YAML and in Markdown: a content error, never a
//! stack overflow, and the rest of a batch goes on.

use super::util::stderr;
use super::{bank_with, export_bad, run_on, with_prompt};
use crate::prep_test;

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
        let out = run_on(&dir, &bank, &["--all", "--out-dir", "pdf"]);
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
