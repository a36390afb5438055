//! The library's errors as the command line says them. A library message says what is
//! wrong, in words that fit any caller; which flag fixes it is the command line's to
//! say, so it is added here, from the setting the error names.

use prep_pdf::content::{Diagnostic, Diagnostics};
use prep_pdf::document::sample::Refused;
use prep_pdf::error::Setting;
use prep_pdf::export::mail::recipients::Skip;
use prep_pdf::Error;

/// The flag that gives what `setting` lacks, with its value's name.
fn flag(setting: Setting) -> &'static str {
    match setting {
        Setting::Fonts => "--font FILE",
        Setting::ContentFolder => "--content DIR",
        Setting::SmtpCa => "--smtp-ca FILE",
        Setting::Journal => "--journal FILE",
    }
}

/// `message`, and the flag that gives another of what `setting` names, if it names one.
fn with_flag(message: &str, setting: Option<Setting>) -> String {
    match setting {
        Some(s) => format!("{message}; give one with {}", flag(s)),
        None => message.to_string(),
    }
}

/// One content problem as `check`, `list` and the exports print it.
pub fn diagnostic(d: &Diagnostic) -> String {
    with_flag(&d.to_string(), d.setting)
}

/// Every content problem, one a line.
fn diagnostics(d: &Diagnostics) -> String {
    let lines: Vec<String> = d.0.iter().map(diagnostic).collect();
    lines.join("\n")
}

/// `err` as the command line says it. `text` is the library's message with whatever
/// context the command put before it (`--prepared-for: …`); content problems are
/// listed one a line, without a heading.
pub fn error(err: &Error, text: &str) -> String {
    match err {
        Error::Content(d) | Error::Tailoring(d) => diagnostics(d),
        Error::Sample { shown, refused } => sample(*shown, refused),
        _ => with_flag(text, err.setting()),
    }
}

/// Why a row of a merge is skipped, as the command line says it.
pub fn skip(s: &Skip) -> String {
    with_flag(&s.why, s.setting)
}

/// `err` with no context of the command's around it: a role of a batch, say.
pub fn alone(err: &Error) -> String {
    error(err, &err.to_string())
}

/// A refused sample, named by its flag and count: `--sample 10: …`.
fn sample(shown: usize, refused: &Refused) -> String {
    match refused {
        Refused::NoFreeEdition => {
            format!("--sample {shown}: {refused} (--practice, --answers end or none)")
        }
        Refused::LocksNone { .. } => {
            format!("--sample {shown}: {refused}, or leave out --sample for the full pack")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_added_to_what_the_library_says() {
        let ca = Error::Setting {
            setting: Setting::SmtpCa,
            message: "the certificate to trust is not a PEM certificate (no block)".into(),
        };
        assert_eq!(
            alone(&ca),
            "the certificate to trust is not a PEM certificate (no block); \
             give one with --smtp-ca FILE"
        );
        let sample = Error::Sample {
            shown: 10,
            refused: Refused::LocksNone {
                role: "qa-mid".into(),
                total: 10,
                shown: 10,
            },
        };
        let said = alone(&sample);
        assert!(
            said.starts_with("--sample 10: `qa-mid` has 10 questions"),
            "{said}"
        );
        assert!(
            said.ends_with("or leave out --sample for the full pack"),
            "{said}"
        );
        // Other errors are the library's words as they are.
        let usage = Error::Usage("no such thing".into());
        assert_eq!(alone(&usage), "no such thing");
    }
}
