//! `mail --tailor FILE` and `mail --companies DIR`: each recipient gets the pack
//! tailored to their company from their role, stamped for them, over real SMTP; the
//! attachment is the same bytes as `prep-pdf tailor … --prepared-for NAME`.

use std::path::{Path, PathBuf};

use super::util::{assert_ok, squash, stderr, stdout, Dir, Pdf};
use super::{delivered_to, drafts_merge, merge_command, read_eml, Server, FROM};
use crate::prep_test;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tailor")
        .join(name)
}

/// A folder `cos` of profiles: the backend and frontend fixtures, and one with an
/// unknown skill.
fn companies(dir: &Dir) {
    for f in ["backend.yaml", "frontend.yaml", "bad-skill.yaml"] {
        dir.write(
            &format!("cos/{f}"),
            &std::fs::read_to_string(fixture(f)).unwrap(),
        );
    }
}

const COHORT: &str = "name,email,role,company\n\
Ada Lovelace,ada@example.com,backend-mid,backend\n\
Bo Chen,bo@example.com,backend-mid,Backend\n\
Cy Diaz,cy@example.com,frontend-mid,frontend\n\
Di Eze,di@example.com,qa-mid,\n\
Ed Fox,ed@example.com,backend-mid,nope\n\
Flo Gray,flo@example.com,backend-mid,bad-skill\n";

/// The PDF attached to the message `maildir` holds for `to`.
fn attachment_for(dir: &Dir, maildir: &str, to: &str) -> (Pdf, Vec<u8>) {
    for f in dir.list(maildir).iter().filter(|f| f.ends_with(".eml")) {
        let path = dir.join(&format!("{maildir}/{f}"));
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        if text
            .lines()
            .any(|l| l.starts_with("To: ") && l.contains(to))
        {
            let (_, pdf) = read_eml(dir, &path);
            let bytes = std::fs::read(dir.join("attachment.pdf")).unwrap();
            return (pdf, bytes);
        }
    }
    panic!("no message to {to}");
}

prep_test!(
    each_recipient_gets_the_pack_tailored_to_their_company,
    |dir| {
        companies(&dir);
        dir.write("c.csv", COHORT);
        let server = Server::start(&dir.join("maildir"), 0);
        // The dry run gives every row the verdict the real run gives.
        let out = merge_command(
            &dir,
            "c.csv",
            &server.url(),
            &["--companies", "cos", "--dry-run"],
        )
        .output()
        .unwrap();
        let (text, err) = (stdout(&out), stderr(&out));
        assert!(text.contains("would send 4 messages"), "{text}");
        assert!(
            text.contains("backend-mid tailored for backend: 2"),
            "{text}"
        );
        assert!(
            text.contains("frontend-mid tailored for frontend: 1"),
            "{text}"
        );
        assert!(text.contains("qa-mid: 1"), "{text}");
        assert!(err.contains("c.csv:6: skipped: cannot tailor for `nope`: no company profile `nope` in cos (it has: backend, bad-skill, frontend)"), "{err}");
        assert!(
            err.contains("c.csv:7: skipped: cannot tailor for `bad-skill`:")
                && err.contains("did you mean `postgres`"),
            "{err}"
        );
        assert!(dir.list("maildir").is_empty());

        let out = merge_command(
            &dir,
            "c.csv",
            &server.url(),
            &["--companies", "cos", "--report", "r.csv"],
        )
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("sent 4 of 6 messages; 2 skipped"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            delivered_to(&dir, "maildir"),
            [
                "ada@example.com",
                "bo@example.com",
                "cy@example.com",
                "di@example.com"
            ]
        );
        let (pdf, ada) = attachment_for(&dir, "maildir", "ada@example.com");
        let text = squash(&pdf.text());
        assert!(
            text.contains(&squash(
                "Tailored for Acme Payments — Backend Developer, Mid level"
            )),
            "{text}"
        );
        assert!(
            text.contains(&squash("Prepared for Ada Lovelace")),
            "{text}"
        );
        let (pdf, _) = attachment_for(&dir, "maildir", "cy@example.com");
        assert!(squash(&pdf.text()).contains(&squash("Tailored for Pixel Works")));
        let (pdf, _) = attachment_for(&dir, "maildir", "di@example.com");
        assert!(
            !squash(&pdf.text()).contains("Tailoredfor"),
            "no company: the role's own pack"
        );
        // Ada's copy is exactly what `tailor` makes for her.
        let one = dir.run(&[
            "tailor",
            "--company",
            "cos/backend.yaml",
            "--role",
            "backend-mid",
            "--prepared-for",
            "Ada Lovelace",
            "-o",
            "ada.pdf",
        ]);
        assert_ok(&one);
        assert!(
            std::fs::read(dir.join("ada.pdf")).unwrap() == ada,
            "same bytes as tailor"
        );
        let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        assert!(report.contains("no company profile `nope`"), "{report}");
    }
);

prep_test!(one_profile_for_everyone_and_a_single_draft, |dir| {
    dir.write(
        "acme.yaml",
        &std::fs::read_to_string(fixture("backend.yaml")).unwrap(),
    );
    dir.write(
        "c.csv",
        "name,email,role\nAda,ada@example.com,backend-mid\nBo,bo@example.com,qa-mid\n",
    );
    let out = drafts_merge(&dir, "c.csv", "d", &["--tailor", "acme.yaml"]);
    assert_ok(&out);
    for (file, title) in [
        (
            "d/backend-mid-acme-ada@example.com.eml",
            "Backend Developer, Mid level",
        ),
        (
            "d/qa-mid-acme-bo@example.com.eml",
            "Tailored for Acme Payments",
        ),
    ] {
        let (_, pdf) = read_eml(&dir, &dir.join(file));
        assert!(squash(&pdf.text()).contains(&squash(title)), "{file}");
    }
    // The journal knows which company a draft was tailored for: the same run again
    // does nothing new, the same recipients tailored for another company are new.
    let again = |profile: &str| {
        let out = drafts_merge(&dir, "c.csv", "d", &["--tailor", profile]);
        assert_ok(&out);
        stdout(&out) + &stderr(&out)
    };
    let same = again("acme.yaml");
    assert!(same.contains("wrote 0 of 2"), "{same}");
    dir.write(
        "beta.yaml",
        &std::fs::read_to_string(fixture("frontend.yaml")).unwrap(),
    );
    let other = again("beta.yaml");
    assert!(other.contains("wrote 2 of 2"), "{other}");
    // One recipient, one profile.
    let out = dir.run(&[
        "mail",
        "--role",
        "frontend-mid",
        "--to",
        "Cy <cy@example.com>",
        "--from",
        FROM,
        "--eml-dir",
        "one",
        "--tailor",
        "acme.yaml",
    ]);
    assert_ok(&out);
    let (_, pdf) = read_eml(&dir, &dir.join("one/frontend-mid-acme-cy@example.com.eml"));
    assert!(
        squash(&pdf.text()).contains(&squash("Tailored for Acme Payments — Frontend Developer"))
    );
    // A bad profile stops the merge before anything is written.
    dir.write(
        "bad.yaml",
        &std::fs::read_to_string(fixture("bad-skill.yaml")).unwrap(),
    );
    let out = drafts_merge(&dir, "c.csv", "e", &["--tailor", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.yaml:"), "{}", stderr(&out));
    assert!(!dir.join("e").exists());
    // --companies with a recipients file that names no company is refused.
    std::fs::create_dir_all(dir.join("cos")).unwrap();
    dir.write(
        "cos/acme.yaml",
        &std::fs::read_to_string(fixture("backend.yaml")).unwrap(),
    );
    let out = drafts_merge(&dir, "c.csv", "f", &["--companies", "cos"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no row of the recipients file names a company"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("f").exists());
});
