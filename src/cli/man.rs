//! `prep-pdf man`: the manual page, and with `--dir` one page per subcommand.

use super::Outcome;

/// A manual page as roff, set ragged-right and unhyphenated: justified examples
/// stretched and hyphenated (`exam‐ple.com`) read wrong and copy wrong.
fn man_page(cmd: clap::Command, title: &str) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd).title(title).render(&mut roff)?;
    // After the .TH line, where page-wide requests go.
    let th = roff
        .windows(4)
        .position(|w| w == b"\n.TH")
        .map_or(0, |i| i + 1);
    let th_end = roff[th..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(0, |i| th + i + 1);
    roff.splice(th_end..th_end, b".ad l\n.nh\n".iter().copied());
    Ok(sections(roff))
}

/// The after-help text, which clap_mangen sets as one filled section called EXTRA, as
/// the sections a manual has (ENVIRONMENT, EXIT STATUS, EXAMPLES: each `Heading:` line
/// of it), unfilled: filled, a long example wrapped to the margin and its indent was
/// lost, and a copied command came out broken.
fn sections(roff: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(roff.clone()) else {
        return roff;
    };
    let mut out = String::new();
    // Inside EXTRA; and inside one of its unfilled blocks.
    let (mut extra, mut block) = (false, false);
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == ".SH EXTRA" {
            extra = true;
            continue;
        }
        if !extra {
            out.push_str(line);
            continue;
        }
        let heading = bare
            .strip_suffix(':')
            .filter(|h| !h.is_empty() && !h.starts_with([' ', '.']));
        if block && (heading.is_some() || bare.starts_with(".SH")) {
            out.push_str(".fi\n");
            block = false;
        }
        if let Some(heading) = heading {
            out.push_str(&format!(".SH \"{}\"\n.nf\n", heading.to_uppercase()));
            block = true;
        } else if bare.starts_with(".SH") {
            extra = false;
            out.push_str(line);
        } else if !(bare.is_empty() && block) {
            // A blank line between two blocks is the section break itself.
            out.push_str(line);
        }
    }
    if block {
        out.push_str(".fi\n");
    }
    out.into_bytes()
}
/// `prep-pdf man`: the page on stdout, or every page into `dir`.
pub fn manual(dir: Option<&std::path::Path>) -> anyhow::Result<Outcome> {
    use std::io::Write;
    // No `help` subcommand in the manual: its SUBCOMMANDS list would name a
    // prep-pdf-help(1) that no page is written for (`prep-pdf help X` still works).
    let cmd = <super::Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    let Some(dir) = dir else {
        std::io::stdout().write_all(&man_page(cmd, "prep-pdf")?)?;
        return Ok(Outcome::Ok);
    };
    std::fs::create_dir_all(dir).map_err(|e| prep_pdf::Error::io(dir, e))?;
    let mut pages = vec![("prep-pdf".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("prep-pdf-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("prep-pdf {}", sub.get_name()));
        pages.push((name, page));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        prep_pdf::export::write_atomic(&path, &man_page(page, &name)?)?;
        say!("wrote {}", path.display());
    }
    Ok(Outcome::Ok)
}
