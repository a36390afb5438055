//! Output paths: written through (a link, a special file) rather than replaced, and a
//! file-size limit reported without a partial file left.

use super::mkfifo;
use super::util::{assert_ok, stderr, Pdf};
use crate::prep_test;

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
    mkfifo(&fifo);
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
