//! The command line's own tests: whole-run options before a subcommand, and every
//! command the README shows.

fn reorder(argv: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let subs: Vec<String> = ["list", "check", "mail", "tailor"].map(String::from).into();
    super::reorder(argv, &subs)
}

fn argv(s: &str) -> Vec<std::ffi::OsString> {
    s.split(' ').map(Into::into).collect()
}

/// Shell words of one command line: quotes removed, nothing expanded.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quote) = (Vec::new(), String::new(), None);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            (None, ' ') => {}
            (_, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The clone's own folders: a command's argument in one of them is a file it ships.
const REPO_FOLDERS: [&str; 4] = ["examples/", "tests/", "docs/", "src/"];

/// Every `prep-pdf …` line of the shell examples in `text` (named `file`) parses with
/// the real flags; how many there were.
fn check_commands(file: &str, text: &str) -> usize {
    use clap::Parser;
    let mut checked = 0;
    let mut in_shell = false;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("```") {
            in_shell = line == "```sh";
            continue;
        }
        let Some(rest) = line.strip_prefix("prep-pdf ").filter(|_| in_shell) else {
            continue;
        };
        let mut cmd = rest.to_string();
        // Continuation lines.
        while cmd.ends_with('\\') {
            cmd.pop();
            cmd.push(' ');
            cmd.push_str(lines.next().unwrap_or("").trim());
        }
        // Drop the comment, and what the shell does with the output.
        let cmd = cmd
            .split("   #")
            .next()
            .unwrap()
            .split(" #")
            .next()
            .unwrap();
        let cmd = cmd.split(" | ").next().unwrap();
        let cmd = cmd.split(" >").next().unwrap();
        // `prep-pdf mail ... --shard …` leaves the other flags out on purpose.
        if cmd.split(' ').any(|w| w == "...") {
            continue;
        }
        let mut argv = vec!["prep-pdf".to_string()];
        argv.extend(words(cmd));
        // A file of the clone a command names (examples/acme.yaml) is there: a newcomer
        // runs these from the clone's root.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for word in &argv {
            let path = word.rsplit('=').next().unwrap_or(word);
            if REPO_FOLDERS.iter().any(|f| path.starts_with(f)) {
                assert!(
                    root.join(path).exists(),
                    "{file}: `{line}` names {path}, which the clone does not have"
                );
            }
        }
        let subs: Vec<String> = <super::Cli as clap::CommandFactory>::command()
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let argv = super::reorder(argv.into_iter().map(Into::into).collect(), &subs);
        if let Err(e) = super::Cli::try_parse_from(&argv) {
            panic!("{file}: `{line}` does not parse: {e}");
        }
        checked += 1;
    }
    checked
}

/// Every `prep-pdf …` line of the README's shell examples parses with the real flags,
/// so the README cannot name a flag or subcommand the tool does not have.
#[test]
fn every_readme_command_parses() {
    let checked = check_commands("README.md", include_str!("../../README.md"));
    assert!(checked >= 20, "only {checked} commands found");
}

/// So do those of every page in docs/.
#[test]
fn every_docs_command_parses() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            checked += check_commands(&path.display().to_string(), &text);
        }
    }
    assert!(checked >= 10, "only {checked} commands found");
}

#[test]
fn whole_run_options_move_after_the_subcommand() {
    assert_eq!(
        reorder(argv("p --content d --font f.ttf check r")),
        argv("p check --content d --font f.ttf r")
    );
    assert_eq!(
        reorder(argv("p --content=d list")),
        argv("p list --content=d")
    );
    assert_eq!(reorder(argv("p --role x list")), argv("p --role x list"));
    assert_eq!(
        reorder(argv("p --role x -o y.pdf")),
        argv("p --role x -o y.pdf")
    );
    assert_eq!(
        reorder(argv("p --content check list")),
        argv("p list --content check")
    );
}

/// The examples of `prep-pdf --help` (and so of the manual's EXAMPLES) parse with the
/// real flags, continuation lines and all: they are what a newcomer copies first.
#[test]
fn every_help_example_parses() {
    let examples = super::AFTER_HELP
        .split_once("Examples:\n")
        .expect("an Examples: section")
        .1
        .split("\n\n")
        .next()
        .unwrap();
    let lines: Vec<&str> = examples.lines().map(str::trim).collect();
    let block = format!("```sh\n{}\n```\n", lines.join("\n"));
    let checked = check_commands("prep-pdf --help", &block);
    assert_eq!(
        checked,
        lines.iter().filter(|l| l.starts_with("prep-pdf ")).count()
    );
    assert!(checked >= 8, "only {checked} examples found");
}
