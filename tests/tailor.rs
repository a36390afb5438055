//! `prep-pdf tailor`: packs chosen for three fixture companies of different stacks and
//! a pasted job ad, checked through the library's plan and the PDFs the binary writes
//! (read back with lopdf and checked with pdfua, tools that did not write them).

mod util;

use std::path::{Path, PathBuf};

use prep_pdf::content::tags::Level;
use prep_pdf::content::{Bank, Category};
use prep_pdf::tailor::{self, job::Job, profile::Profile, Plan, Request};
use util::{assert_ok, squash, stderr, stdout, Pdf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tailor")
        .join(name)
}

fn profile(name: &str) -> Profile {
    let bank = Bank::bundled();
    let vocab = bank.vocabulary().unwrap();
    let path = fixture(name);
    Profile::parse(name, &std::fs::read_to_string(&path).unwrap(), &vocab).unwrap()
}

fn plan_for(p: &Profile) -> Plan {
    tailor::plan(
        &Bank::bundled(),
        &Request {
            profile: Some(p),
            ..Request::default()
        },
    )
    .unwrap()
}

/// Whether `text` (squashed, as [`squash`] reads PDFs) has `needle`.
fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

/// Every chosen question's skills, as tagged in the bank.
fn tagged(plan: &Plan, i: usize) -> Vec<String> {
    plan.role.questions[i]
        .tags
        .skills
        .iter()
        .map(|t| t.id.clone())
        .collect()
}

/// The technical questions share the stack; each value has a question showing it.
fn assert_tailored(plan: &Plan, p: &Profile) {
    for (i, pick) in plan.picks.iter().enumerate() {
        if pick.question.category == Category::Technical {
            assert!(
                p.stack.iter().any(|s| tagged(plan, i).contains(s)),
                "{} shares nothing with {:?}",
                pick.question.id,
                p.stack
            );
        }
        // The reason printed is what the question is tagged with.
        for (id, _) in &pick.skills {
            assert!(tagged(plan, i).contains(id));
        }
    }
    for v in &p.values {
        let covered = plan.role.questions.iter().any(|q| {
            matches!(q.category, Category::Behavioral | Category::Situational)
                && q.tags.themes.iter().any(|t| v.themes.contains(&t.id))
        });
        assert!(covered, "value {} is not covered", v.name);
        assert!(plan.picks.iter().any(|p| p.values.contains(&v.name)));
    }
    let mut concepts: Vec<&str> = plan
        .role
        .questions
        .iter()
        .filter_map(|q| q.tags.concept.as_ref().map(|c| c.id.as_str()))
        .collect();
    let n = concepts.len();
    concepts.sort();
    concepts.dedup();
    assert_eq!(concepts.len(), n, "a concept repeats");
    // Exact: the asked skills that no chosen question is tagged with, as labels.
    let vocab = Bank::bundled().vocabulary().unwrap();
    let missing: Vec<String> = p
        .stack
        .iter()
        .filter(|s| !(0..plan.picks.len()).any(|i| tagged(plan, i).contains(s)))
        .map(|s| vocab.get(s).unwrap().label.clone())
        .collect();
    assert_eq!(plan.uncovered, missing);
}

#[test]
fn a_go_postgres_kafka_backend_gets_the_default_ten() {
    let p = profile("backend.yaml");
    assert_eq!(p.stack, ["go", "postgresql", "kafka"]);
    let plan = plan_for(&p);
    assert_eq!(plan.picks.len(), 10);
    assert_tailored(&plan, &p);
    let per = |c| {
        plan.picks
            .iter()
            .filter(|p| p.question.category == c)
            .count()
    };
    assert_eq!(
        tailor::DEFAULT_MIX.map(|(c, _)| per(c)),
        tailor::DEFAULT_MIX.map(|(_, k)| k)
    );
    // Go is tagged only in backend-mid's pool; PostgreSQL and Kafka in many.
    for id in ["postgresql", "kafka"] {
        assert!(
            plan.picks
                .iter()
                .any(|k| k.skills.iter().any(|(s, _)| s == id)),
            "{id}"
        );
    }
}

#[test]
fn a_react_front_end_follows_its_rounds() {
    let p = profile("frontend.yaml");
    let plan = plan_for(&p);
    assert_tailored(&plan, &p);
    let cats: Vec<Category> = plan.picks.iter().map(|k| k.question.category).collect();
    use Category::*;
    assert_eq!(
        cats,
        [Technical, Technical, Technical, Coding, Coding, Behavioral, Behavioral]
    );
    assert_eq!(plan.role.title, "Frontend Developer");
    // Each round's note stands before its first question only.
    let notes: Vec<bool> = plan.tailoring.notes.iter().map(Option::is_some).collect();
    assert_eq!(notes, [true, false, false, true, false, true, false]);
}

#[test]
fn a_spark_airflow_data_platform_scales_to_count() {
    let p = profile("data.yaml");
    let plan = tailor::plan(
        &Bank::bundled(),
        &Request {
            profile: Some(&p),
            count: Some(12),
            ..Request::default()
        },
    )
    .unwrap();
    assert_eq!(plan.picks.len(), 12);
    assert_tailored(&plan, &p);
    assert_eq!(plan.role.title, "Data Engineer");
}

#[test]
fn a_pasted_job_ad_is_decoded_and_read() {
    let vocab = Bank::bundled().vocabulary().unwrap();
    let bytes = std::fs::read(fixture("job-backend.txt")).unwrap();
    let job = Job::parse("job-backend.txt", &bytes, &vocab).unwrap();
    assert_eq!(job.title, "Senior Backend Engineer – Payments");
    assert_eq!(job.level, Some(Level::Senior));
    for id in [
        "go",
        "postgresql",
        "kafka",
        "messaging",
        "idempotency",
        "kubernetes",
        "terraform",
    ] {
        assert!(
            job.skills.contains(&id.to_string()),
            "{id} not in {:?}",
            job.skills
        );
    }
    let plan = tailor::plan(
        &Bank::bundled(),
        &Request {
            job: Some(&job),
            ..Request::default()
        },
    )
    .unwrap();
    assert_eq!(plan.role.level, "Senior level");
    assert_eq!(plan.picks.len(), 10);
}

prep_test!(
    the_pdf_says_why_and_the_same_inputs_give_the_same_bytes,
    |dir| {
        let company = fixture("backend.yaml");
        let company = company.to_str().unwrap();
        for out in ["a.pdf", "b.pdf"] {
            let args = [
                "tailor",
                "--company",
                company,
                "--role",
                "backend-senior",
                "-o",
                out,
            ];
            assert_ok(&dir.run(&args));
        }
        let a = std::fs::read(dir.join("a.pdf")).unwrap();
        assert!(
            a == std::fs::read(dir.join("b.pdf")).unwrap(),
            "same inputs, different bytes"
        );
        let text = Pdf::from_bytes(&a).text();
        assert!(has(
            &text,
            "Tailored for Acme Payments — Backend Developer, Senior level"
        ));
        let why = squash("Why this one for Acme Payments:");
        assert_eq!(squash(&text).matches(&why).count(), 10);
        assert!(has(&text, "Values: Ownership, Customers first"));
        let p = profile("backend.yaml");
        let request = Request {
            profile: Some(&p),
            role: Some("backend-senior".into()),
            ..Request::default()
        };
        let plan = tailor::plan(&Bank::bundled(), &request).unwrap();
        match plan.uncovered.is_empty() {
            true => assert!(!has(&text, "Not covered by this pack")),
            false => assert!(has(
                &text,
                &format!("Not covered by this pack: {}", plan.uncovered.join(", "))
            )),
        }
    }
);

prep_test!(the_uncovered_list_on_the_cover_is_exact, |dir| {
    // A vocabulary skill no question in the bank has: no pack can cover it. The
    // bundled bank uses every skill it names, so the test's copy of it names one more.
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    std::fs::create_dir_all(dir.join("bank")).unwrap();
    for entry in std::fs::read_dir(content).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("bank").join(path.file_name().unwrap())).unwrap();
    }
    let skills = std::fs::read_to_string(dir.join("bank/skills.yaml")).unwrap();
    dir.write(
        "bank/skills.yaml",
        &(skills + "  - { id: elixir, label: Elixir, kind: technology, synonyms: [] }\n"),
    );
    let bank = Bank::dir(dir.join("bank"));
    let vocab = bank.vocabulary().unwrap();
    let roles: Vec<_> = bank
        .role_ids()
        .unwrap()
        .iter()
        .filter_map(|id| bank.load(id).ok())
        .collect();
    let (id, label) = vocab
        .unused(&roles)
        .into_iter()
        .find(|s| s.kind != prep_pdf::content::vocab::SkillKind::Theme)
        .map(|s| (s.id.clone(), s.label.clone()))
        .expect("the copy names a skill no question has");
    let text = format!("name: Gap Co\nstack: [PostgreSQL, {id}]\nvalues:\n  - name: Ownership\n    description: x\n    themes: [ownership]\n");
    dir.write("gap.yaml", &text);
    assert_ok(&dir.run(&[
        "tailor",
        "--content",
        "bank",
        "--company",
        "gap.yaml",
        "-o",
        "gap.pdf",
    ]));
    let pdf = Pdf::open(&dir.join("gap.pdf")).text();
    assert!(has(&pdf, &format!("Not covered by this pack: {label}")));
    assert!(!has(&pdf, &format!("Not covered by this pack: {label},")));
});

prep_test!(explain_prints_the_scores_that_chose, |dir| {
    let company = fixture("backend.yaml");
    let out = dir.run(&[
        "tailor",
        "--company",
        company.to_str().unwrap(),
        "--dry-run",
    ]);
    assert_ok(&out);
    assert!(
        dir.list(".").is_empty(),
        "a dry run wrote {:?}",
        dir.list(".")
    );
    let table = stdout(&out);
    let plan = plan_for(&profile("backend.yaml"));
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .filter(|l| {
            !["not covered", "values not shown", "tailored for"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert_eq!(rows.len(), plan.picks.len());
    assert!(
        table.contains("tailored for: Acme Payments (from the profile's name ("),
        "{table}"
    );
    for (row, pick) in rows.iter().zip(&plan.picks) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[2], pick.question.id);
        assert_eq!(cols[3], pick.role_id);
        let score: f64 = cols[4].parse().unwrap();
        assert!((score - pick.score).abs() < 1e-9, "{row}");
        // The parts after the score add up to it.
        let parts: f64 = row
            .split("  ")
            .last()
            .unwrap()
            .split(" + ")
            .map(|p| p.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
            .sum();
        assert!((parts - score).abs() < 0.002, "{row}: parts {parts}");
    }
    assert!(table.lines().last().unwrap().starts_with("not covered: "));
});

prep_test!(bad_input_says_where_and_writes_nothing, |dir| {
    let cases = [
        (
            "--company",
            fixture("bad-skill.yaml"),
            vec![
                "bad-skill.yaml:2:",
                "did you mean `postgres`",
                "bad-skill.yaml:6:",
                "did you mean `ownership`",
            ],
        ),
        (
            "--job",
            fixture("job-none.txt"),
            vec!["job-none.txt:1:1", "content/skills.yaml"],
        ),
        (
            "--job",
            fixture("job-empty.txt"),
            vec!["job-empty.txt:1:1", "empty"],
        ),
        (
            "--job",
            dir.write("bin.txt", "PK\u{3}\u{4}\0\0binary"),
            vec!["bin.txt:1:1", "not a text file"],
        ),
    ];
    for (flag, path, wants) in cases {
        let out = dir.run(&["tailor", flag, path.to_str().unwrap(), "-o", "x.pdf"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        for want in wants {
            assert!(
                stderr(&out).contains(want),
                "{want} not in {}",
                stderr(&out)
            );
        }
        assert!(!dir.join("x.pdf").exists());
    }
    let out = dir.run(&["tailor", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
});

prep_test!(a_tailored_pack_passes_pdfua, |dir| {
    let company = fixture("frontend.yaml");
    let job = fixture("job-backend.txt");
    assert_ok(&dir.run(&[
        "tailor",
        "--company",
        company.to_str().unwrap(),
        "-o",
        "f.pdf",
    ]));
    assert_ok(&dir.run(&[
        "tailor",
        "--job",
        job.to_str().unwrap(),
        "--answers",
        "end",
        "--prepared-for",
        "Ada",
        "-o",
        "j.pdf",
    ]));
    // The profile's reading is on the cover, a link.
    let f = Pdf::open(&dir.join("f.pdf"));
    assert!(has(&f.text(), "Read more: Pixel Works blog"));
    assert!(f
        .links()
        .iter()
        .any(|(_, l)| format!("{l:?}").contains("pixel.example.com")));
    let out = util::pdfua_check([dir.join("f.pdf"), dir.join("j.pdf")]);
    assert!(
        out.status.success(),
        "pdfua: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["f.pdf", "j.pdf"] {
        let out = std::process::Command::new("qpdf")
            .args(["--check"])
            .arg(dir.join(f))
            .output()
            .expect("qpdf runs: scripts/test.sh installs it");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.contains("No syntax or stream encoding errors"),
            "{f}: {report}"
        );
    }
});
