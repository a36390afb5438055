//! The prep-pdf command: parse flags, run the command, map errors to exit codes.

/// Like `eprintln!`, but a standard error that is closed or whose reader went away
/// (`2>&-`, `2>&1 | head -1`) is ignored instead of panicking: what the command does
/// (the files, the merge's report and journal) must not depend on whether anyone
/// reads its messages.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) would kill the process with SIGXFSZ, without a
    // word and with a partial temporary file left; ignored, the write fails with EFBIG
    // instead, which is reported and cleaned up like any other write error.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = cli::Cli::parse_from(cli::args());
    match cli::run(cli) {
        Ok(cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Problems) => ExitCode::from(1),
        Ok(cli::Outcome::Exit(code)) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`prep-pdf -o - | head`) is the reader's choice, not an error.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            say!("prep-pdf: {}", message(&err));
            ExitCode::from(exit_code(&err))
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(broken)
            || matches!(e.downcast_ref::<prep_pdf::Error>(),
                Some(prep_pdf::Error::Io { cause, .. }) if broken(cause))
    })
}

fn message(err: &anyhow::Error) -> String {
    let text = format!("{err:#}");
    match err.downcast_ref::<prep_pdf::Error>() {
        // Content problems are one per line, each already naming its place.
        Some(e @ prep_pdf::Error::Content(_)) => {
            format!(
                "the role file has problems:\n{}",
                cli::explain::error(e, &text)
            )
        }
        Some(e @ prep_pdf::Error::Tailoring(_)) => {
            format!("cannot tailor a pack:\n{}", cli::explain::error(e, &text))
        }
        // The library says what is wrong; the flag that fixes it is the CLI's.
        Some(e) => cli::explain::error(e, &text),
        None => text,
    }
}

fn exit_code(err: &anyhow::Error) -> u8 {
    use prep_pdf::Error;
    match err.downcast_ref::<Error>() {
        Some(Error::Content(_) | Error::Tailoring(_)) => 1,
        Some(
            Error::UnknownRole { .. }
            | Error::InvalidRoleId(_)
            | Error::Usage(_)
            | Error::Undrawable { .. }
            | Error::Setting { .. }
            | Error::Sample { .. },
        ) => 2,
        Some(Error::Io { .. } | Error::Mail(_) | Error::Render(_) | Error::Internal { .. }) => 3,
        None => 3,
    }
}
