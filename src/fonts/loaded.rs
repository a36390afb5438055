//! Fonts loaded at run time: `--font` files, a theme's fonts and system fonts. They
//! live as long as the process (faces borrow from their bytes, and [`Face::Loaded`]
//! values naming them travel from layout into render), are never removed, and each
//! file is read once however often it is asked for.

use std::path::Path;
use std::sync::RwLock;

use super::{Face, FontError, FontFace};

/// Fonts loaded at run time: `--font` files, a theme's fonts and system fonts as
/// characters need them. Entries are never removed or moved, so a [`Face::Loaded`]
/// index stays valid for the whole process. Which of them draw an export's text is
/// not kept here: that is the caller's [`super::FontSet`].
struct Loaded {
    faces: Vec<&'static FontFace>,
    /// Files read whole by [`add_font_file`], with their faces: a theme may have
    /// loaded only a collection's first face from the same file.
    files: Vec<(String, Vec<Face>)>,
}

static LOADED: RwLock<Loaded> = RwLock::new(Loaded {
    faces: Vec::new(),
    files: Vec::new(),
});

/// Reads the font file at `path` and returns its faces (every face of a collection),
/// for [`super::FontSet::with_given`]. Reading a file twice reads it once.
pub fn add_font_file(path: &Path) -> Result<Vec<Face>, FontError> {
    let key = path.display().to_string();
    {
        let loaded = LOADED.read().unwrap_or_else(|e| e.into_inner());
        if let Some((_, faces)) = loaded.files.iter().find(|(k, _)| *k == key) {
            return Ok(faces.clone());
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
    if let Some((_, faces)) = loaded.files.iter().find(|(k, _)| *k == key) {
        return Ok(faces.clone()); // another thread read it meanwhile
    }
    let mut out = Vec::new();
    for face in faces {
        let known = loaded.faces.iter().position(|f| f.key == face.key);
        let i = known.unwrap_or_else(|| {
            loaded.faces.push(Box::leak(Box::new(face)));
            loaded.faces.len() - 1
        });
        out.push(Face::Loaded(i as u16));
    }
    loaded.files.push((key, out.clone()));
    Ok(out)
}

/// Loads the first face of the font file at `path`: a theme's fonts take the place
/// of the bundled styles ([`super::FontSet::with_theme`]). Loading a file twice loads
/// it once.
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
