//! The merge's CSV report: one row per input row, in input order, with what became
//! of it; cells from the recipients file are made inert for spreadsheets.

use std::path::Path;

use super::Finished;
use crate::error::Error;

/// A cell as a spreadsheet shows it, never as a formula: text from the recipients file
/// that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) gets a leading
/// apostrophe, as OWASP advises against CSV injection.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes the report: one CSV row per input row, in input order. A report that cannot
/// be written is an I/O error (exit status 3), like any other output file.
pub fn write_report(path: &Path, finished: &Finished, drafts: bool) -> Result<(), Error> {
    let bytes = report_csv(finished, drafts).map_err(|e| Error::io(path, e))?;
    crate::export::write_atomic(path, &bytes)
}

fn report_csv(finished: &Finished, drafts: bool) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "line",
        "name",
        "email",
        "role",
        "status",
        "message_id",
        "error",
    ])?;
    for o in &finished.outcomes {
        w.write_record([
            o.row.line.to_string().as_str(),
            &inert(&o.row.name),
            &inert(&o.row.email),
            &inert(&o.row.role),
            o.status.label(drafts),
            &o.message_id,
            &inert(&o.error),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report that cannot be written is an I/O error, so the binary exits with 3
    /// (it was a usage error once, exit status 2, as if the flags were wrong).
    #[test]
    fn a_report_that_cannot_be_written_is_an_io_error() {
        let dir = std::env::temp_dir().join(format!("prep-pdf-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let finished = Finished {
            outcomes: Vec::new(),
            gave_up: None,
            interrupted: false,
        };
        let e = write_report(&file.join("report.csv"), &finished, true).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
