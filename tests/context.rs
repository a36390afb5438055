//! The fonts and theme an export draws with are a value passed down the stages
//! (`Settings::fonts`, `Settings::theme`), not state set for the process: two exports
//! with different themes and fonts, run at the same time in one process, each get
//! exactly the PDF they get alone. Read back with lopdf.

mod util;

use std::path::Path;
use std::sync::Arc;

use prep_pdf::content::Bank;
use prep_pdf::export::{export_role, Settings};
use prep_pdf::fonts::{self, FontSet};
use prep_pdf::theme::Theme;
use util::Pdf;

const NOTO: &str = "/usr/share/fonts/truetype/noto";
const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu";

/// A theme drawn in Noto Sans (fonts-noto-core) with DejaVu Sans Mono for code.
fn sans_theme(dir: &util::Dir) -> Theme {
    let yaml = format!(
        "name: Sans Prep\nfooter: Drawn in a sans\nfonts:\n  regular: {NOTO}/NotoSans-Regular.ttf\n  \
         bold: {NOTO}/NotoSans-Bold.ttf\n  italic: {NOTO}/NotoSans-Italic.ttf\n  \
         bold_italic: {NOTO}/NotoSans-BoldItalic.ttf\n  mono: {DEJAVU}/DejaVuSansMono.ttf\n"
    );
    let path = dir.write("sans/theme.yaml", &yaml);
    Theme::load(&path, &FontSet::bundled()).expect("the test theme loads")
}

/// The fonts a PDF embeds, without their subset tags.
fn base_fonts(pdf: &[u8]) -> Vec<String> {
    Pdf::from_bytes(pdf)
        .fonts()
        .into_keys()
        .map(|n| {
            n.split_once('+')
                .map_or(n.clone(), |(_, rest)| rest.to_string())
        })
        .collect()
}

/// Two exports that differ in theme and fonts: the themed one in Noto Sans, the other
/// in the bundled serif with DejaVu Sans given (as `--font` would) for the snowman in
/// its stamp, which no bundled face has.
fn two_settings(dir: &util::Dir) -> (Settings, Settings) {
    let themed = Settings {
        theme: Some(Arc::new(sans_theme(dir))),
        prepared_for: Some("Ada Lovelace".into()),
        source_date_epoch: Some(1_700_000_000),
        ..Settings::default()
    };
    let given = fonts::add_font_file(Path::new(&format!("{DEJAVU}/DejaVuSans.ttf"))).unwrap();
    let plain = Settings {
        fonts: FontSet::bundled().with_given(&given),
        prepared_for: Some("Grace Hopper ☃".into()),
        source_date_epoch: Some(1_700_000_000),
        ..Settings::default()
    };
    (themed, plain)
}

#[test]
fn two_exports_with_different_themes_and_fonts_run_side_by_side() {
    let dir = util::Dir::new("context");
    let bank = Bank::bundled();
    let (themed, plain) = two_settings(&dir);
    // Alone, one after the other: what each must be.
    let alone_themed = export_role(&bank, "backend-mid", &themed).unwrap().pdf;
    let alone_plain = export_role(&bank, "frontend-mid", &plain).unwrap().pdf;
    // The themed one draws with the theme's faces and never the bundled serif; the
    // other with the serif, DejaVu Sans only for the snowman no bundled face has.
    let themed_fonts = base_fonts(&alone_themed);
    assert!(
        themed_fonts.iter().any(|f| f == "NotoSans-Regular"),
        "{themed_fonts:?}"
    );
    assert!(
        themed_fonts.iter().any(|f| f == "DejaVuSansMono"),
        "{themed_fonts:?}"
    );
    assert!(
        !themed_fonts.iter().any(|f| f.starts_with("NotoSerif")),
        "{themed_fonts:?}"
    );
    let plain_fonts = base_fonts(&alone_plain);
    assert!(
        plain_fonts.iter().any(|f| f == "NotoSerif-Regular"),
        "{plain_fonts:?}"
    );
    assert!(
        plain_fonts.iter().any(|f| f == "DejaVuSans"),
        "{plain_fonts:?}"
    );
    assert!(
        !plain_fonts.iter().any(|f| f.starts_with("NotoSans-")),
        "{plain_fonts:?}"
    );
    let text = Pdf::from_bytes(&alone_plain).text();
    assert!(
        text.contains("Grace Hopper") && text.contains('☃'),
        "{text}"
    );
    // Side by side, several rounds each, on two threads: the same bytes every time.
    std::thread::scope(|s| {
        let a = s.spawn(|| {
            (0..4)
                .map(|_| export_role(&bank, "backend-mid", &themed).unwrap().pdf)
                .collect::<Vec<_>>()
        });
        let b = s.spawn(|| {
            (0..4)
                .map(|_| export_role(&bank, "frontend-mid", &plain).unwrap().pdf)
                .collect::<Vec<_>>()
        });
        for pdf in a.join().unwrap() {
            assert!(
                pdf == alone_themed,
                "a themed export changed beside another"
            );
        }
        for pdf in b.join().unwrap() {
            assert!(
                pdf == alone_plain,
                "a plain export changed beside a themed one"
            );
        }
    });
}

#[test]
fn a_bank_checks_text_against_its_own_fonts() {
    // Without the system's fonts (taken away for this test's own process, before
    // anything could scan them), only a given font draws the snowman: one bank in
    // the process refuses the role at its line, another with the font loads it.
    if std::env::var_os("PREP_PDF_CONTEXT_CHILD").is_none() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "a_bank_checks_text_against_its_own_fonts",
                "--nocapture",
            ])
            .env("PREP_PDF_CONTEXT_CHILD", "1")
            .env("PREP_PDF_SYSTEM_FONTS", "")
            .output()
            .unwrap();
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let dir = util::Dir::new("context-bank");
    let role = include_str!("fixtures/small.yaml").replacen("title: ", "title: ☃ ", 1);
    dir.write("roles/small.yaml", &role);
    let bundled = Bank::dir(dir.join("roles"));
    let err = bundled.load("small").unwrap_err().to_string();
    assert!(
        err.contains("small.yaml:") && err.contains("U+2603"),
        "{err}"
    );
    let given = fonts::add_font_file(Path::new(&format!("{DEJAVU}/DejaVuSans.ttf"))).unwrap();
    let with_font = bundled
        .clone()
        .with_fonts(FontSet::bundled().with_given(&given));
    assert!(with_font.load("small").is_ok());
    // The first bank is as it was: loading the font changed nothing for it.
    assert!(bundled.load("small").is_err());
}
