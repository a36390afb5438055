//! `mail --dry-run`: every row checked as a merge checks it, and what would happen
//! said in words that fit the delivery. Nothing is rendered, written or sent, and the
//! output never says a message was sent.

use std::path::Path;

use prep_pdf::export::mail::merge::Delivery;
use prep_pdf::export::mail::recipients;

use super::super::bank::count;
use super::super::Outcome;

/// "write 3 drafts (in drafts/)" or "send 3 messages (to host over SMTP)".
fn would(delivery: &Delivery, n: usize) -> String {
    match delivery {
        Delivery::Drafts(dir) => format!("write {} (in {})", count(n, "draft"), dir.display()),
        Delivery::Smtp(s) => format!("send {} (to {} over SMTP)", count(n, "message"), s.host),
    }
}

/// What a dry run did not do, in the delivery's words.
fn nothing(delivery: &Delivery) -> &'static str {
    match delivery {
        Delivery::Drafts(_) => "no draft was written",
        Delivery::Smtp(_) => "no message went to the server and nothing was written",
    }
}

/// The one-recipient dry run: the row's verdict, in the delivery's words.
pub fn single(role: &str, to: &lettre::message::Mailbox, delivery: &Delivery) {
    let what = match delivery {
        Delivery::Drafts(dir) => format!("write a draft of {role} for {to} in {}", dir.display()),
        Delivery::Smtp(s) => format!("send {role} to {to} through {}", s.host),
    };
    println!("dry run: would {what}; {}", nothing(delivery));
}

/// The merge's dry run: per role, how many messages a real run would make; the bad
/// rows on standard error, each with its line.
pub fn merge(
    csv: &Path,
    rows: &[recipients::Row],
    delivery: &Delivery,
    done: impl Fn(&recipients::Row) -> bool,
) -> Outcome {
    let mut per_role: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut bad, mut already) = (0, 0);
    for row in rows {
        match &row.check {
            Err(why) => {
                bad += 1;
                let why = super::super::explain::skip(why);
                say!("{}:{}: skipped: {why}", csv.display(), row.line);
            }
            Ok(_) if done(row) => already += 1,
            Ok(_) if row.company.is_empty() => *per_role.entry(row.role.clone()).or_default() += 1,
            Ok(_) => {
                let pack = format!("{} tailored for {}", row.role, row.company);
                *per_role.entry(pack).or_default() += 1
            }
        }
    }
    let total: usize = per_role.values().sum();
    println!("dry run: would {}:", would(delivery, total));
    for (role, n) in &per_role {
        println!("  {role}: {n}");
    }
    println!(
        "{} already done according to the journal; {} skipped; {}",
        count(already, "message"),
        count(bad, "bad row"),
        nothing(delivery)
    );
    if bad > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    }
}
