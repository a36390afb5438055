//! Themes: a business's name, logo, accent colour, footer line and label overrides.
//!
//! ```no_run
//! use prep_pdf::theme::Theme;
//! let fonts = prep_pdf::fonts::FontSet::bundled();
//! let theme = Theme::load(std::path::Path::new("acme/theme.yaml"), &fonts).unwrap();
//! println!("{:?} in {:?}", theme.name, theme.accent);
//! ```
//!
//! A theme is a YAML file (format in `docs/themes.md`); the bundled look is itself
//! one ([`Theme::bundled`], `src/theme/default.yaml`). A user's theme is read over
//! it: what the file sets wins. Paths in a theme (the logo) are relative to the theme
//! file, and every error names the file, the key, and the line and column.

pub mod image;
mod values;

use std::path::Path;
use std::sync::Arc;

use crate::content::suggest::did_you_mean;
use crate::content::yaml::{self, Kind, Node};
use crate::error::Error;
use crate::fonts::FontSet;
use crate::labels::Overrides;
use values::{colour, drawable, fonts, upgrade, Fail};

pub use image::Image;

/// The bundled theme, as written.
pub const DEFAULT: &str = include_str!("default.yaml");

const KEYS: &[&str] = &[
    "name", "logo", "accent", "footer", "labels", "fonts", "upgrade",
];

/// A brand's look.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// The brand's name: on the cover and in the running head.
    pub name: Option<String>,
    /// Shown on the cover, scaled to fit with its aspect kept.
    pub logo: Option<Arc<Image>>,
    /// Headings, rules and links, as 8-bit sRGB.
    pub accent: [u8; 3],
    /// A line in every footer.
    pub footer: Option<String>,
    /// Labels replaced whatever the role's language.
    pub labels: Overrides,
    /// Faces for the five styles (regular, bold, italic, bold italic, mono), first in
    /// the fallback chain ([`FontSet::with_theme`]); `None`: the bundled fonts.
    pub fonts: Option<[crate::fonts::Face; 5]>,
    /// A free sample's call to action (`--sample`).
    pub upgrade: Upgrade,
}

/// Where a free sample sends its reader for the full pack: `upgrade: {text, url}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Upgrade {
    /// The call to action, `{n}` the pack's questions; `None`: the `upgrade_text`
    /// label in the reader's language.
    pub text: Option<String>,
    /// Where the full pack is sold: printed, linked and drawn as a QR code. The
    /// bundled look has none, and its samples name no shop.
    pub url: Option<String>,
}

impl Theme {
    /// The bundled look.
    pub fn bundled() -> Theme {
        let empty = Theme {
            name: None,
            logo: None,
            accent: [0, 0, 0],
            footer: None,
            labels: Overrides::new(),
            fonts: None,
            upgrade: Upgrade::default(),
        };
        // Compiled in and loaded by a test, so it cannot fail in a release.
        empty
            .read(
                "src/theme/default.yaml",
                DEFAULT,
                Path::new("."),
                &FontSet::bundled(),
            )
            .expect("the bundled theme is valid")
    }

    /// The bundled look with the theme in `path` read over it; its text (name,
    /// footer, labels) must be drawable with `fonts` (the `--font` files; the
    /// theme's own fonts come into play once the theme is chosen).
    pub fn load(path: &Path, fonts: &FontSet) -> Result<Theme, Error> {
        let bytes = crate::input::read_capped(path, crate::input::MAX_SMALL_FILE)
            .map_err(|e| Error::io(path, e))?;
        // Read as role files are: UTF-8 with or without a byte-order mark; UTF-16 and
        // invalid UTF-8 named with their place.
        let file = path.display().to_string();
        let text = crate::content::decode(&file, bytes).map_err(|e| match e {
            Error::Content(d) => Error::Usage(format!("theme {d}")),
            other => other,
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Theme::bundled().read(&path.display().to_string(), &text, dir, fonts)
    }

    /// The accent as PDF colour components (0–1).
    pub fn accent_rgb(&self) -> (f32, f32, f32) {
        let [r, g, b] = self.accent.map(|c| f32::from(c) / 255.0);
        (r, g, b)
    }

    fn read(mut self, file: &str, text: &str, dir: &Path, chain: &FontSet) -> Result<Theme, Error> {
        let fail = Fail { file };
        let root = yaml::parse(text).map_err(|e| {
            Error::Usage(format!(
                "{file}:{}:{}: theme: YAML syntax: {}",
                e.pos.line, e.pos.col, e.message
            ))
        })?;
        let entries = match &root.kind {
            Kind::Map(m) => m.as_slice(),
            Kind::Null => &[],
            _ => {
                return Err(Error::Usage(format!(
                    "{file}: a theme is a mapping of keys ({}), found {}",
                    KEYS.join(", "),
                    root.describe()
                )))
            }
        };
        for (k, v) in entries {
            let key = match &k.kind {
                Kind::Scalar(s, _) => s.as_str(),
                _ => return Err(fail.at(k, "?", "keys are text".into())),
            };
            let text = || match &v.kind {
                Kind::Scalar(s, _) => Ok(s.trim().to_string()),
                _ => Err(fail.at(v, key, format!("should be text, found {}", v.describe()))),
            };
            match key {
                "name" => {
                    self.name = Some(drawable(text()?, chain).map_err(|r| fail.refused(v, key, r))?)
                }
                "footer" => {
                    self.footer =
                        Some(drawable(text()?, chain).map_err(|r| fail.refused(v, key, r))?)
                }
                "accent" => self.accent = colour(&text()?).map_err(|m| fail.at(v, key, m))?,
                "logo" => {
                    let rel = text()?;
                    let path = dir.join(&rel);
                    let bytes = crate::input::read_capped(&path, crate::input::MAX_IMAGE_FILE)
                        .map_err(|e| {
                            fail.at(v, key, format!("cannot read `{}`: {e}", path.display()))
                        })?;
                    let img = image::decode(&bytes)
                        .map_err(|m| fail.at(v, key, format!("`{}` {m}", path.display())))?;
                    self.logo = Some(Arc::new(img));
                }
                "labels" => self.labels(v, &fail, chain)?,
                "fonts" => self.fonts = Some(fonts(v, dir, &fail)?),
                "upgrade" => self.upgrade = upgrade(v, &fail, chain)?,
                other => {
                    let hint = did_you_mean(other, KEYS)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(fail.at(
                        k,
                        other,
                        format!("unknown key (known: {}){hint}", KEYS.join(", ")),
                    ));
                }
            }
        }
        Ok(self)
    }

    fn labels(&mut self, node: &Node, fail: &Fail, chain: &FontSet) -> Result<(), Error> {
        let Kind::Map(entries) = &node.kind else {
            return Err(fail.at(node, "labels", "should map label keys to texts".into()));
        };
        let keys: Vec<&str> = crate::labels::keys().collect();
        for (k, v) in entries {
            let (Kind::Scalar(key, _), Kind::Scalar(value, _)) = (&k.kind, &v.kind) else {
                return Err(fail.at(v, "labels", "each label is a key and a text".into()));
            };
            if !keys.contains(&key.as_str()) {
                let hint = did_you_mean(key, &keys)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(fail.at(
                    k,
                    &format!("labels.{key}"),
                    format!("no such label (docs/labels.md lists them){hint}"),
                ));
            }
            let value = drawable(value.clone(), chain)
                .map_err(|r| fail.refused(v, &format!("labels.{key}"), r))?;
            self.labels.insert(key.clone(), value);
        }
        Ok(())
    }
}

/// The tests' theme (tests/fixtures/theme/theme.yaml: a name, logo, accent, footer and
/// labels), read with the bundled fonts, for the unit tests of the stages that draw it.
#[cfg(test)]
pub(crate) fn fixture() -> Theme {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/theme/theme.yaml"
    );
    Theme::load(Path::new(path), &FontSet::bundled()).expect("the fixture theme is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_theme_is_the_bundled_look() {
        let t = Theme::bundled();
        assert_eq!(t.accent, [0x1A, 0x45, 0x85]);
        assert!(t.name.is_none() && t.logo.is_none() && t.labels.is_empty());
    }

    #[test]
    fn errors_name_file_key_and_place() {
        let t = || Theme::bundled();
        let err = |text: &str| {
            t().read("t.yaml", text, Path::new("."), &FontSet::bundled())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("name: Acme\naccent: \"#C0392\"\n"),
            "t.yaml:2:9: theme key `accent`: `#C0392` is not a colour written as \"#RRGGBB\" (like \"#C0392B\")"
        );
        assert!(err("acent: \"#C0392B\"").contains("t.yaml:1:1: theme key `acent`: unknown key"));
        assert!(err("acent: \"#C0392B\"").contains("did you mean `accent`?"));
        assert!(err("logo: nope.png")
            .starts_with("t.yaml:1:7: theme key `logo`: cannot read `./nope.png`"));
        assert!(
            err("labels:\n  contnets: X").contains("theme key `labels.contnets`: no such label")
        );
        assert!(err("labels:\n  contnets: X").contains("did you mean `contents`?"));
        let ok = t()
            .read(
                "t.yaml",
                "name: Acme\naccent: \"#c0392b\"\nlabels: {contents: Overview}",
                Path::new("."),
                &FontSet::bundled(),
            )
            .unwrap();
        assert_eq!(ok.accent, [0xC0, 0x39, 0x2B]);
        assert_eq!(ok.labels["contents"], "Overview");
    }

    #[test]
    fn upgrade_takes_a_text_and_a_web_address() {
        let read =
            |text: &str| Theme::bundled().read("t.yaml", text, Path::new("."), &FontSet::bundled());
        let err = |text: &str| read(text).unwrap_err().to_string();
        assert_eq!(Theme::bundled().upgrade, Upgrade::default());
        let ok =
            read("upgrade:\n  text: Unlock all {n} →\n  url: https://acme.example/pack\n").unwrap();
        assert_eq!(ok.upgrade.text.as_deref(), Some("Unlock all {n} →"));
        assert_eq!(ok.upgrade.url.as_deref(), Some("https://acme.example/pack"));
        assert!(err("upgrade:\n  url: ftp://acme.example/\n")
            .starts_with("t.yaml:2:8: theme key `upgrade.url`: `ftp://acme.example/` is a `ftp:`"));
        assert!(err("upgrade:\n  url: javascript:alert(1)\n").contains("`javascript:`"));
        assert!(err("upgrade:\n  url: acme.example\n").contains("is not a web address"));
        assert!(err("upgrade:\n  txt: Buy\n").contains("did you mean `text`?"));
        assert!(err("upgrade: Buy now\n").contains("theme key `upgrade`: should map"));
    }
}
