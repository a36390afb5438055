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
    Ok(roff)
}

/// `prep-pdf man`: the page on stdout, or every page into `dir`.
pub fn manual(dir: Option<&std::path::Path>) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let cmd = <super::Cli as clap::CommandFactory>::command();
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
