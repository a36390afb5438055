//! Smaller errors: said once, naming what is wrong (an I/O cause, a missing folder,
//! a duplicate id beside other problems, a malformed `SOURCE_DATE_EPOCH`).

use super::util::{assert_ok, stderr};
use super::{export_bad, SMALL};
use crate::prep_test;

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
