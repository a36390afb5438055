//! The pack's own words: its summary, level and the name it is tailored for, in the
//! reader's language, and a job ad's company never guessed from its title.

use super::job::{Company, Job};
use super::{assemble, company, Request};
use crate::content::tags::Level;
use crate::content::{Bank, Role};
use crate::labels::{self, Labels};

fn job(company: Company) -> Job {
    Job {
        file: "ad.txt".into(),
        title: "Senior Backend Engineer – Payments".into(),
        company,
        skills: vec!["postgresql".into()],
        level: Some(Level::Senior),
    }
}

fn backend_mid_in(lang: &str) -> Role {
    let mut role = Bank::bundled().load("backend-mid").unwrap();
    role.lang = lang.into();
    role
}

#[test]
fn every_language_says_the_summary_and_level_in_its_own_words() {
    let ad = job(Company::Unknown);
    let req = Request {
        job: Some(&ad),
        ..Request::default()
    };
    for lang in labels::bundled() {
        let l = Labels::new(&lang.code, &Default::default());
        let role = assemble(&backend_mid_in(&lang.code), Level::Senior, &req, &l, &[]);
        let ad_name = l.text("tailored_job_ad");
        assert_eq!(
            role.summary,
            l.fill("tailored_summary", &[("company", ad_name)]),
            "{}",
            lang.code
        );
        assert_eq!(role.level, l.text("level_senior"), "{}", lang.code);
        assert_eq!(role.id, "tailored-job-ad");
        if lang.code != "en" {
            assert!(!role.summary.contains("Questions chosen"), "{}", lang.code);
            assert_ne!(role.level, "Senior level", "{}", lang.code);
            assert_ne!(ad_name, "the job ad", "{}", lang.code);
        }
    }
}

#[test]
fn a_job_ads_company_comes_from_its_line_or_file_name_never_its_title() {
    let l = Labels::new("en", &Default::default());
    let named = |c: Company| {
        let ad = job(c);
        let req = Request {
            job: Some(&ad),
            ..Request::default()
        };
        company(&req, &l)
    };
    let (name, from) = named(Company::Line("Globex".into()));
    assert_eq!(name, "Globex");
    assert!(from.contains("`company:` line of ad.txt"), "{from}");
    let (name, from) = named(Company::FileName("acme-payments".into()));
    assert_eq!(name, "acme-payments");
    assert!(from.contains("file name"), "{from}");
    let (name, from) = named(Company::Unknown);
    assert_eq!(name, "the job ad");
    assert!(from.starts_with("none"), "{from}");
}
