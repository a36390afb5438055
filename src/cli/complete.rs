//! `prep-pdf completions SHELL`: a completion script that offers the bank's role ids
//! for `--role` (and for `check`'s role arguments), not file names.
//!
//! The ids are written into the script when it is generated: the bundled bank's, or
//! those of the `--content` folder given to `completions`. A bank that gains roles
//! needs its script generated again; the script never runs prep-pdf to complete.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, Command};

use super::{Outcome, SourceArgs};

/// The arguments that name roles, in any command.
const ROLE_ARGS: [&str; 2] = ["role", "roles"];

pub fn run(shell: clap_complete::Shell, source: &SourceArgs) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let ids = source
        .bank(prep_pdf::fonts::FontSet::bundled())
        .role_ids()?;
    let mut cmd = with_role_ids(<super::Cli as clap::CommandFactory>::command(), &ids);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "prep-pdf", &mut script);
    if shell == clap_complete::Shell::Bash {
        script = bash_fixed(&String::from_utf8_lossy(&script)).into_bytes();
    }
    std::io::stdout()
        .write_all(&script)
        .map_err(|e| anyhow::anyhow!("writing the script to standard output: {e}"))?;
    Ok(Outcome::Ok)
}

/// clap_complete's bash script for a name with a `-` names each subcommand's state
/// two ways (`prep__pdf__subcmd__mail` where it is set, `prep__subcmd__pdf__subcmd__mail`
/// where it is matched), so nothing after a subcommand completed; one spelling fixes it.
fn bash_fixed(script: &str) -> String {
    script.replace("prep__subcmd__pdf", "prep__pdf")
}

/// `cmd` with every role argument, in it and its subcommands, taking `ids` as its
/// possible values, which is what the generators complete from.
pub fn with_role_ids(cmd: Command, ids: &[String]) -> Command {
    let values: Vec<PossibleValue> = ids
        .iter()
        .map(|id| PossibleValue::new(id.clone()))
        .collect();
    let parser = PossibleValuesParser::new(values);
    let set = |arg: Arg| {
        if ROLE_ARGS.contains(&arg.get_id().as_str()) {
            arg.value_parser(parser.clone())
        } else {
            arg
        }
    };
    cmd.mut_args(&set).mut_subcommands(|sub| sub.mut_args(&set))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_argument_offers_the_ids() {
        let ids = vec!["backend-mid".to_string(), "qa-mid".to_string()];
        let cmd = with_role_ids(<crate::cli::Cli as clap::CommandFactory>::command(), &ids);
        let values = |cmd: &Command, arg: &str| -> Vec<String> {
            let arg = cmd
                .get_arguments()
                .find(|a| a.get_id() == arg)
                .unwrap_or_else(|| panic!("{} has no {arg}", cmd.get_name()));
            arg.get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect()
        };
        assert_eq!(values(&cmd, "role"), ids);
        for (sub, arg) in [("mail", "role"), ("tailor", "role"), ("check", "roles")] {
            let sub = cmd.find_subcommand(sub).unwrap();
            assert_eq!(values(sub, arg), ids, "{}", sub.get_name());
        }
    }
}
