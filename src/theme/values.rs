//! A theme's values, each checked where it is read: colours, web addresses, one-line
//! texts every font of the export can draw, the `fonts:` and `upgrade:` mappings.
//! Every error names the theme file, the key, and the line and column.

use std::path::Path;

use super::Upgrade;
use crate::content::suggest::did_you_mean;
use crate::content::yaml::{Kind, Node};
use crate::error::Error;
use crate::fonts::FontSet;

/// The keys of `upgrade:`.
const UPGRADE_KEYS: [&str; 2] = ["text", "url"];

/// The longest `upgrade.url`, in bytes: an address to type from paper or scan, far
/// under what a QR code holds.
const MAX_URL: usize = 500;

/// The styles a theme's `fonts:` gives, in [`crate::fonts::Face::BUNDLED`] order.
const STYLES: [&str; 5] = ["regular", "bold", "italic", "bold_italic", "mono"];

/// A theme's `fonts:` mapping → a face per style. Regular, bold, italic and bold
/// italic are all needed (text uses all four); mono defaults to the bundled one.
pub(super) fn fonts(
    node: &Node,
    dir: &Path,
    fail: &Fail,
) -> Result<[crate::fonts::Face; 5], Error> {
    let Kind::Map(entries) = &node.kind else {
        return Err(fail.at(
            node,
            "fonts",
            format!("should map styles ({}) to font files", STYLES.join(", ")),
        ));
    };
    let mut faces: [Option<crate::fonts::Face>; 5] = [None; 5];
    for (k, v) in entries {
        let Kind::Scalar(style, _) = &k.kind else {
            return Err(fail.at(k, "fonts", "keys are styles".into()));
        };
        let key = format!("fonts.{style}");
        let Some(i) = STYLES.iter().position(|s| s == style) else {
            let hint = did_you_mean(style, &STYLES)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(fail.at(
                k,
                &key,
                format!("no such style (one of: {}){hint}", STYLES.join(", ")),
            ));
        };
        let Kind::Scalar(rel, _) = &v.kind else {
            return Err(fail.at(v, &key, "should be a font file (TTF or OTF)".into()));
        };
        let path = dir.join(rel.trim());
        faces[i] =
            Some(crate::fonts::load_face(&path).map_err(|e| fail.at(v, &key, e.to_string()))?);
    }
    let mut out = crate::fonts::Face::BUNDLED;
    for (i, face) in faces.into_iter().enumerate() {
        match face {
            Some(f) => out[i] = f,
            // The bundled monospace face suits any theme.
            None if STYLES[i] == "mono" => {}
            None => {
                return Err(fail.at(
                    node,
                    &format!("fonts.{}", STYLES[i]),
                    format!(
                        "missing: a theme's fonts give {} (mono is optional)",
                        STYLES[..4].join(", ")
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// A theme's `upgrade:` mapping: `text` one drawable line, `url` an `https:` or
/// `http:` address (what a phone opens from the QR code).
pub(super) fn upgrade(node: &Node, fail: &Fail, chain: &FontSet) -> Result<Upgrade, Error> {
    let Kind::Map(entries) = &node.kind else {
        return Err(fail.at(
            node,
            "upgrade",
            "should map `text` and `url` to texts".into(),
        ));
    };
    let mut out = Upgrade::default();
    for (k, v) in entries {
        let (Kind::Scalar(key, _), Kind::Scalar(value, _)) = (&k.kind, &v.kind) else {
            return Err(fail.at(v, "upgrade", "each entry is a key and a text".into()));
        };
        let name = format!("upgrade.{key}");
        match key.as_str() {
            "text" => {
                out.text =
                    Some(drawable(value.clone(), chain).map_err(|r| fail.refused(v, &name, r))?)
            }
            "url" => out.url = Some(web_address(value.trim()).map_err(|m| fail.at(v, &name, m))?),
            other => {
                let hint = did_you_mean(other, &UPGRADE_KEYS)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(fail.at(k, &name, format!("unknown key (known: text, url){hint}")));
            }
        }
    }
    Ok(out)
}

/// An address a reader can open from paper: `https:` or `http:` with a host, printable,
/// at most [`MAX_URL`] bytes.
fn web_address(s: &str) -> Result<String, String> {
    if s.len() > MAX_URL {
        return Err(format!("is longer than {MAX_URL} bytes"));
    }
    if let Some(c) = s.chars().find(|&c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` has a space or control character (U+{:04X})",
            s.escape_debug(),
            c as u32
        ));
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => Ok(s.to_string()),
        Ok(u) => Err(format!(
            "`{s}` is a `{}:` address; the call to action needs `https:` (or `http:`)",
            u.scheme()
        )),
        Err(e) => Err(format!(
            "`{s}` is not a web address like \"https://example.com/pack\": {e}"
        )),
    }
}

/// `#RRGGBB` → its three bytes.
pub(super) fn colour(s: &str) -> Result<[u8; 3], String> {
    let hex = s
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    match hex {
        Some(h) => Ok([0, 2, 4].map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0))),
        None => Err(format!(
            "`{s}` is not a colour written as \"#RRGGBB\" (like \"#C0392B\")"
        )),
    }
}

/// The longest theme text (a name, the footer line, a label), in characters: one line
/// of a page, not a paragraph.
const MAX_TEXT: usize = 200;

/// `s` on one line, if the fonts can draw it.
pub(super) fn drawable(s: String, chain: &FontSet) -> Result<String, Refused> {
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > MAX_TEXT {
        return Err(Refused::Why(format!(
            "is longer than {MAX_TEXT} characters"
        )));
    }
    if let Some(c) = line
        .chars()
        .find(|&c| crate::content::unprintable(c).is_some())
    {
        return Err(Refused::Why(format!(
            "has a control or invisible character (U+{:04X})",
            c as u32
        )));
    }
    if let Some(&c) = chain.missing_chars(&line).first() {
        return Err(Refused::NoFont(c));
    }
    Ok(line)
}

/// Why a theme's text cannot be used: in words, or a character no font has.
pub(super) enum Refused {
    Why(String),
    NoFont(char),
}

/// Errors in a theme file, each naming its file, line, column and key.
pub(super) struct Fail<'a> {
    pub(super) file: &'a str,
}

impl Fail<'_> {
    fn place(&self, n: &Node, key: &str) -> String {
        format!(
            "{}:{}:{}: theme key `{key}`",
            self.file, n.pos.line, n.pos.col
        )
    }

    pub(super) fn at(&self, n: &Node, key: &str, msg: String) -> Error {
        Error::Usage(format!("{}: {msg}", self.place(n, key)))
    }

    pub(super) fn refused(&self, n: &Node, key: &str, why: Refused) -> Error {
        match why {
            Refused::Why(msg) => self.at(n, key, msg),
            Refused::NoFont(c) => Error::Undrawable {
                what: self.place(n, key),
                c,
            },
        }
    }
}
