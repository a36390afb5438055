//! The system's fonts, the last link of the fallback chain.
//!
//! Scanning them (fontdb reads every font file's names) costs tens of milliseconds,
//! so it happens only when a character no bundled or `--font` face has is met — never
//! on a run whose text the bundled fonts cover. The face chosen for a character is the
//! first, in a stable order (family, file, index), that has it, a family named for the
//! character's script before any other: output does not depend on which characters
//! were met first, nor on the order threads met them in.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{Face, FontFace};

/// The system's faces in the stable order, each with whether it is bold and italic,
/// and its family.
struct Candidates {
    db: fontdb::Database,
    order: Vec<(fontdb::ID, bool, bool, String)>,
}

static CANDIDATES: OnceLock<Candidates> = OnceLock::new();

/// Characters already looked up (with the weight and slant asked for), and the face
/// found (or not) for each.
static CHOSEN: OnceLock<Mutex<Chosen>> = OnceLock::new();

/// (character, bold, italic) → the face found, if any.
type Chosen = HashMap<(char, bool, bool), Option<Face>>;

pub(super) fn scanned() -> bool {
    CANDIDATES.get().is_some()
}

fn candidates() -> &'static Candidates {
    CANDIDATES.get_or_init(|| {
        let mut db = fontdb::Database::new();
        // PREP_PDF_SYSTEM_FONTS replaces the system's font folders (tests use it to
        // take system fonts away); empty means none.
        match std::env::var_os("PREP_PDF_SYSTEM_FONTS") {
            Some(dirs) => {
                for dir in std::env::split_paths(&dirs) {
                    if !dir.as_os_str().is_empty() {
                        db.load_fonts_dir(dir);
                    }
                }
            }
            None => db.load_system_fonts(),
        }
        let mut order: Vec<(u8, String, String, u32, fontdb::ID)> = db
            .faces()
            .filter_map(|f| {
                let path = match &f.source {
                    fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                        p.display().to_string()
                    }
                    fontdb::Source::Binary(_) => return None,
                };
                let family = f.families.first().map(|f| f.0.clone()).unwrap_or_default();
                // Noto first, to sit beside the bundled Noto Serif: its serif, then
                // its sans families; then the rest by name.
                let rank = if family.starts_with("Noto Serif") {
                    0
                } else if family.starts_with("Noto Sans") && !family.contains("Mono") {
                    1
                } else {
                    2
                };
                Some((rank, family, path, f.index, f.id))
            })
            .collect();
        order.sort();
        let order = order
            .into_iter()
            .map(|c| {
                let info = db.face(c.4).expect("listed face");
                (
                    c.4,
                    info.weight.0 >= 600,
                    info.style != fontdb::Style::Normal,
                    c.1,
                )
            })
            .collect();
        Candidates { order, db }
    })
}

/// The system face that draws `c`, bold and/or italic if asked and the family has
/// such a face, loading it on first use.
pub(super) fn face_for(c: char, bold: bool, italic: bool) -> Option<Face> {
    let chosen = CHOSEN.get_or_init(Mutex::default);
    let key = (c, bold, italic);
    if let Some(&hit) = chosen.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit;
    }
    let found = find(c, bold, italic);
    chosen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, found);
    found
}

fn has(cands: &Candidates, id: fontdb::ID, c: char) -> bool {
    cands
        .db
        .with_face_data(id, |data, index| {
            ttf_parser::Face::parse(data, index)
                .ok()
                .and_then(|f| f.glyph_index(c))
                .is_some()
        })
        .unwrap_or(false)
}

fn find(c: char, bold: bool, italic: bool) -> Option<Face> {
    let cands = candidates();
    // The first family (in the stable order) with a face that has `c`; then, of
    // that family's faces with `c`, the one closest to the style asked for.
    // A family named for the character's script comes first: several fonts may have
    // a letter (Noto Serif Grantha has some Tamil ones), and the font made for the
    // script draws it as its readers expect and with the rest of its words.
    let named = script_name(c).and_then(|name| {
        cands
            .order
            .iter()
            .position(|o| o.3.contains(name) && has(cands, o.0, c))
    });
    let first = named.or_else(|| cands.order.iter().position(|o| has(cands, o.0, c)))?;
    let family = &cands.order[first].3;
    let score =
        |o: &(fontdb::ID, bool, bool, String)| u8::from(o.1 != bold) * 2 + u8::from(o.2 != italic);
    let mut same: Vec<&(fontdb::ID, bool, bool, String)> = cands.order[first..]
        .iter()
        .filter(|o| &o.3 == family)
        .collect();
    same.sort_by_key(|o| score(o));
    for o in same {
        let id = o.0;
        if !has(cands, id, c) {
            continue;
        }
        let (path, index) = match cands.db.face_source(id) {
            Some((fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _), index)) => (p, index),
            _ => continue,
        };
        let key = format!("{}#{index}", path.display());
        if let Some(face) = super::loaded::loaded_by_key(&key) {
            return Some(face);
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // Lives for the process, like every loaded face (see `add_font_file`).
        let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        match FontFace::parse(data, index, key) {
            Ok(face) if face.glyph(c).is_some() => {
                return Some(super::loaded::add_system_face(face))
            }
            _ => continue,
        }
    }
    None
}

/// The word font families use for the script of `c` ("Noto Serif Tamil"), for the
/// scripts people's names are written in that no bundled face has; `None` for the
/// rest (Chinese, Japanese and Korean fonts are named by region, and the first that
/// has the character is taken as before).
fn script_name(c: char) -> Option<&'static str> {
    let tag = harfrust::unicode::script(c as u32).tag().to_be_bytes();
    Some(match &tag {
        b"Arab" => "Arabic",
        b"Armn" => "Armenian",
        b"Beng" => "Bengali",
        b"Deva" => "Devanagari",
        b"Ethi" => "Ethiopic",
        b"Geor" => "Georgian",
        b"Gujr" => "Gujarati",
        b"Guru" => "Gurmukhi",
        b"Hebr" => "Hebrew",
        b"Khmr" => "Khmer",
        b"Knda" => "Kannada",
        b"Laoo" => "Lao",
        b"Mlym" => "Malayalam",
        b"Mymr" => "Myanmar",
        b"Orya" => "Oriya",
        b"Sinh" => "Sinhala",
        b"Syrc" => "Syriac",
        b"Taml" => "Tamil",
        b"Telu" => "Telugu",
        b"Thaa" => "Thaana",
        b"Thai" => "Thai",
        b"Tibt" => "Tibetan",
        _ => return None,
    })
}
