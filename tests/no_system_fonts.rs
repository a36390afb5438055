//! A run whose text the bundled fonts cover never scans the system's fonts: that
//! costs tens of milliseconds and is only for characters nothing else has. Its own
//! test binary, so no other test in the process has needed a system font first.

use prep_pdf::{content::Bank, document, fonts, layout, render};

#[test]
fn bundled_text_does_not_scan_system_fonts_and_other_scripts_do() {
    let bank = Bank::bundled();
    for id in bank.role_ids().unwrap() {
        let role = bank.load(&id).unwrap();
        let doc = document::build(&role, &document::Options::default());
        let laid = layout::layout(&doc, layout::Paper::A4, &fonts::FontSet::bundled());
        render::render(laid, &doc.meta, &render::RenderOptions::default()).unwrap();
    }
    assert!(
        !fonts::system_fonts_scanned(),
        "a bundled role scanned the system's fonts"
    );
    // The first character only a system font has does scan them.
    let fonts = fonts::FontSet::bundled();
    assert!(fonts.missing_chars("王").is_empty());
    assert!(fonts::system_fonts_scanned());
}
