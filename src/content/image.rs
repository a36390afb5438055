//! Images in answers: `![alt](file.png "Caption")` → a checked, decoded [`Picture`].
//!
//! ```
//! use prep_pdf::content::image::check_path;
//! assert!(check_path("diagrams/cache.png").is_ok());
//! assert!(check_path("../secret.png").unwrap_err().contains("`..`"));
//! ```
//!
//! Markdown parsing only records what was written ([`Picture`] without data); the
//! role's parser then loads each file through a [`Loader`], which keeps every path
//! inside the content folder (no `..`, no absolute paths, no symbolic link that
//! leads out) and decodes each file once, however often it is used. PNG and JPEG
//! are decoded to RGB pixels as the theme's logo is (same pixel cap, transparency
//! flattened onto the white page); SVG is parsed to vectors (see [`svg`]).

pub mod svg;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::error::setting::Setting;
use crate::theme::image::{decode_as, is_jpeg, is_png, MAX_FIGURE_SIDE};

pub use crate::model::picture::{ImageData, ImageKind, Picture};

/// Checks a path as written: a relative path that stays below its folder.
pub fn check_path(src: &str) -> Result<(), String> {
    if src.trim().is_empty() {
        return Err("an image needs a file: `![what it shows](file.png)`".into());
    }
    if src.contains("://") || src.starts_with("data:") {
        return Err(format!(
            "`{src}` is a URL; images are files in the content folder"
        ));
    }
    let path = Path::new(src);
    if path.has_root() || src.starts_with('\\') || path.is_absolute() {
        return Err(format!(
            "`{src}` is an absolute path; write it relative to the role file, inside the content folder"
        ));
    }
    if path.components().any(|c| c == Component::ParentDir) || src.contains("..\\") {
        return Err(format!(
            "`{src}` uses `..`; images must stay inside the content folder"
        ));
    }
    Ok(())
}

/// Why an image cannot be used: in words, and the setting that would fix it, when one
/// would (the bundled roles have no content folder to keep images in).
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub why: String,
    pub setting: Option<Setting>,
}

impl From<String> for Refused {
    fn from(why: String) -> Refused {
        Refused { why, setting: None }
    }
}

/// Loads images for one role file: resolves paths in its folder and keeps each
/// decoded file, so an image used twice is read, decoded and embedded once.
#[derive(Debug, Default)]
pub struct Loader {
    /// The content folder, canonical; `None` for the bundled roles, which have none.
    root: Option<PathBuf>,
    cache: HashMap<PathBuf, Arc<ImageData>>,
}

impl Loader {
    /// A loader for role files in `dir` (`None`: the roles compiled in).
    pub fn new(dir: Option<&Path>) -> Loader {
        Loader {
            // A folder that cannot be resolved fails each image with a clear message.
            root: dir.map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf())),
            cache: HashMap::new(),
        }
    }

    /// The decoded image at `src`, or why it cannot be used, in words.
    pub fn load(&mut self, src: &str) -> Result<Arc<ImageData>, Refused> {
        check_path(src)?;
        let Some(root) = &self.root else {
            return Err(Refused {
                why: "images need a content folder; the bundled roles have none".into(),
                setting: Some(Setting::ContentFolder),
            });
        };
        let path = root.join(src).canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("cannot find `{src}` in {}", root.display()),
            _ => format!("cannot read `{src}`: {e}"),
        })?;
        if !path.starts_with(root) {
            return Err(format!(
                "`{src}` leads outside the content folder (through a symbolic link); copy the image into it"
            )
            .into());
        }
        if let Some(data) = self.cache.get(&path) {
            return Ok(data.clone());
        }
        let bytes = crate::input::read_capped(&path, crate::input::MAX_IMAGE_FILE)
            .map_err(|e| format!("cannot read `{src}`: {e}"))?;
        let data = Arc::new(decode(&bytes).map_err(|e| format!("`{src}` {e}"))?);
        self.cache.insert(path, data.clone());
        Ok(data)
    }
}

/// Decodes a file's bytes by what they are, not by the file's name.
fn decode(bytes: &[u8]) -> Result<ImageData, String> {
    let kind = if is_png(bytes) || is_jpeg(bytes) {
        ImageKind::Raster(decode_as(bytes, "an image", MAX_FIGURE_SIDE)?)
    } else if svg::looks_like_svg(bytes) {
        ImageKind::Vector(svg::Svg::parse(bytes)?)
    } else {
        return Err("is not a PNG, JPEG or SVG image".into());
    };
    Ok(ImageData {
        id: hash(&kind),
        kind,
    })
}

/// 64-bit FNV-1a over the decoded contents: stable across runs and platforms.
fn hash(kind: &ImageKind) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    match kind {
        ImageKind::Raster(img) => {
            eat(b"raster");
            eat(&img.width.to_le_bytes());
            eat(&img.height.to_le_bytes());
            eat(&img.rgb);
        }
        ImageKind::Vector(svg) => {
            eat(b"svg");
            eat(svg.source.as_bytes());
        }
    }
    h
}

#[cfg(test)]
mod tests;
