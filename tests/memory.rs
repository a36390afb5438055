//! Memory: a long document's peak must grow with its length, not faster.
//!
//! Each run's own peak resident memory is read from `wait4`. A role of about 60
//! pages and one ten times as long are exported; the long one may hold more (its
//! text, its structure tree, its compressed pages), but not ten times as much:
//! memory that grew as fast as the page count, or faster, would mean pages (or
//! worse) kept whole until the end.

#[path = "support/long_role.rs"]
mod long_role;
mod util;

use std::process::Command;

use util::Dir;

fn export_peak(dir: &Dir, id: &str) -> (f64, usize) {
    let (out, peak) = long_role::run_with_peak(
        Command::new(env!("CARGO_BIN_EXE_prep-pdf"))
            .args(["--content", ".", "--role", id, "-o"])
            .arg(format!("{id}.pdf"))
            .current_dir(&dir.path),
    );
    util::assert_ok(&out);
    let pdf = util::Pdf::open(&dir.join(&format!("{id}.pdf")));
    (peak, pdf.page_count())
}

prep_test!(peak_memory_grows_slower_than_the_page_count, |dir| {
    long_role::write_long_role(&dir.path, "short", 28);
    long_role::write_long_role(&dir.path, "long", 280);
    let (short, short_pages) = export_peak(&dir, "short");
    let (long, long_pages) = export_peak(&dir, "long");
    eprintln!("{short_pages} pages: {short:.1} MB; {long_pages} pages: {long:.1} MB");
    assert!(
        (50..=80).contains(&short_pages) && long_pages >= 9 * short_pages,
        "{short_pages} and {long_pages} pages"
    );
    // Measured: 1.7 times in a release build (16.4 MB against 28.0 MB), 1.6 in a debug
    // build. The short role is held laid out whole; the long one is paginated once to
    // count its pages, then laid out again and rendered a page at a time, so what
    // grows is its text, its compressed pages and its structure tree, deflated as it is
    // made. Holding the structure as text until the file was assembled took 2.2 times;
    // holding every page's boxes until the end, 4.2 (3.7 in a debug build); before long
    // documents were looked at at all, 5.4.
    assert!(
        long < 2.0 * short,
        "{long_pages} pages took {long:.1} MB, {:.1} times the {short:.1} MB of {short_pages} pages",
        long / short
    );
});
