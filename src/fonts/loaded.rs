//! Fonts loaded at run time: `--font` files, a theme's fonts and system fonts. They
//! live as long as the process (faces borrow from their bytes, and [`Face::Loaded`]
//! values naming them travel from layout into render), are never removed, and each
//! file is read once however often it is asked for.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

use super::{shape, Face, FontError, FontFace};

/// Fonts loaded at run time: `--font` files (in the order given) and system fonts
/// as characters need them. Entries are never removed or moved, so a
/// [`Face::Loaded`] index stays valid for the whole process.
struct Loaded {
    faces: Vec<&'static FontFace>,
    /// The `--font` faces, in the order given: these come before system fonts in
    /// the fallback chain.
    given: Vec<u16>,
}

static LOADED: RwLock<Loaded> = RwLock::new(Loaded {
    faces: Vec::new(),
    given: Vec::new(),
});

/// Adds the faces of the font file at `path` (every face of a collection) to the
/// fallback chain, after the bundled faces and earlier `--font` files. Adding a file
/// twice adds it once.
pub fn add_font_file(path: &Path) -> Result<Vec<Face>, FontError> {
    let key = path.display().to_string();
    {
        let loaded = LOADED.read().unwrap_or_else(|e| e.into_inner());
        let prefix = format!("{key}#");
        let same: Vec<Face> = loaded
            .given
            .iter()
            .filter(|&&i| loaded.faces[usize::from(i)].key.starts_with(&prefix))
            .map(|&i| Face::Loaded(i))
            .collect();
        if !same.is_empty() {
            return Ok(same);
        }
    }
    let bytes = crate::input::read_capped(path, crate::input::MAX_FONT_FILE).map_err(|source| {
        FontError::Read {
            path: path.to_path_buf(),
            source,
        }
    })?;
    let count = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1);
    // Fonts live as long as the process: faces borrow from their bytes, and
    // `Face` values naming them travel through layout into render.
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let mut faces = Vec::new();
    for index in 0..count {
        faces.push(
            FontFace::parse(data, index, format!("{key}#{index}")).map_err(|reason| {
                FontError::Parse {
                    path: path.to_path_buf(),
                    reason,
                }
            })?,
        );
    }
    let mut loaded = LOADED.write().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::new();
    for face in faces {
        loaded.faces.push(Box::leak(Box::new(face)));
        let id = (loaded.faces.len() - 1) as u16;
        loaded.given.push(id);
        out.push(Face::Loaded(id));
    }
    shape::GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(out)
}

/// Loads the first face of the font file at `path` without adding it to the
/// `--font` fallback chain: a theme's fonts take the place of the bundled styles
/// ([`use_theme_fonts`]) instead. Loading a file twice loads it once.
pub fn load_face(path: &Path) -> Result<Face, FontError> {
    let key = format!("{}#0", path.display());
    if let Some(face) = loaded_by_key(&key) {
        return Ok(face);
    }
    let bytes = crate::input::read_capped(path, crate::input::MAX_FONT_FILE).map_err(|source| {
        FontError::Read {
            path: path.to_path_buf(),
            source,
        }
    })?;
    // Lives for the process, like every loaded face (see `add_font_file`).
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let face = FontFace::parse(data, 0, key).map_err(|reason| FontError::Parse {
        path: path.to_path_buf(),
        reason,
    })?;
    let mut loaded = LOADED.write().unwrap_or_else(|e| e.into_inner());
    loaded.faces.push(Box::leak(Box::new(face)));
    Ok(Face::Loaded((loaded.faces.len() - 1) as u16))
}

/// A theme's faces for the five bundled styles (regular, bold, italic, bold italic,
/// mono), first in the fallback chain when set.
static THEMED: RwLock<Option<[Face; 5]>> = RwLock::new(None);
/// Whether [`THEMED`] is set: checked on every character, so without a lock.
static THEMED_SET: AtomicBool = AtomicBool::new(false);

/// Draws the bundled styles with a theme's faces (from [`load_face`]) from now on;
/// `None` goes back to the bundled fonts. A run has one theme, so this is process-wide.
pub fn use_theme_fonts(faces: Option<[Face; 5]>) {
    let mut themed = THEMED.write().unwrap_or_else(|e| e.into_inner());
    if *themed != faces {
        *themed = faces;
        THEMED_SET.store(faces.is_some(), Ordering::Release);
        // Shapes cached with the old faces are stale.
        shape::GENERATION.fetch_add(1, Ordering::Relaxed);
    }
}

/// Whether a theme gives fonts, which then come first in the fallback chain.
pub(super) fn theme_fonts_set() -> bool {
    THEMED_SET.load(Ordering::Acquire)
}

/// The theme's face for bundled style `f`, if a theme gives fonts.
pub(super) fn themed(f: Face) -> Option<Face> {
    if !theme_fonts_set() {
        return None;
    }
    let themed = THEMED.read().unwrap_or_else(|e| e.into_inner());
    let faces = (*themed)?;
    let i = Face::BUNDLED.iter().position(|&b| b == f)?;
    Some(faces[i])
}

/// The loaded face with `key`, if it is loaded.
pub(super) fn loaded_by_key(key: &str) -> Option<Face> {
    let loaded = LOADED.read().unwrap_or_else(|e| e.into_inner());
    loaded
        .faces
        .iter()
        .position(|f| f.key == key)
        .map(|i| Face::Loaded(i as u16))
}

/// Registers a system font face (see `system.rs`) and returns its face.
pub(super) fn add_system_face(face: FontFace) -> Face {
    let mut loaded = LOADED.write().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = loaded.faces.iter().position(|f| f.key == face.key) {
        return Face::Loaded(i as u16);
    }
    loaded.faces.push(Box::leak(Box::new(face)));
    Face::Loaded((loaded.faces.len() - 1) as u16)
}

/// The loaded face `i`.
pub(super) fn face(i: u16) -> &'static FontFace {
    let loaded = LOADED.read().unwrap_or_else(|e| e.into_inner());
    loaded.faces[usize::from(i)]
}

/// The first `--font` face that has `c`.
pub(super) fn given_with(c: char) -> Option<Face> {
    let loaded = LOADED.read().unwrap_or_else(|e| e.into_inner());
    loaded
        .given
        .iter()
        .find(|&&i| loaded.faces[usize::from(i)].has_char(c))
        .map(|&i| Face::Loaded(i))
}
