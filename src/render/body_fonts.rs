//! The body's font objects, made once per merge and spliced into every later copy.
//!
//! printpdf numbers a document's objects as it writes them: the pages' parent first
//! (object 1), then each font in resource-name order (its program, ToUnicode map,
//! descriptor and dictionary), then the resource dictionaries and the pages. The
//! body's faces are named `F1`… and the stamp's `S1`…, so the body's fonts are
//! objects 2 to n + 1 in every stamped file, the same objects whatever the name.
//! Serialising them took printpdf a sixth of a stamped copy's instructions (it
//! parses every font, builds its widths and a ToUnicode map that `finish` then
//! replaces), and `finish` more to put its own maps and the deflated programs in.
//! So a merge's first copy keeps them as `finish` left them ([`BodyFonts::keep`]);
//! every later copy has printpdf write only the stamp's fonts and the pages, moves
//! what it wrote up by n, and puts the kept objects in the gap ([`BodyFonts::splice`]):
//! the same document, object for object, as writing everything would have made.

use lopdf::{Dictionary, Object, ObjectId};

/// The first object a font takes: printpdf's page tree root is object 1.
const FIRST: u32 = 2;

/// The body faces' font objects, numbered from [`FIRST`], and their entries in the
/// font resource dictionary, in its order.
pub(super) struct BodyFonts {
    objects: Vec<(ObjectId, Object)>,
    entries: Vec<(Vec<u8>, Object)>,
}

impl BodyFonts {
    /// The body faces' objects of `doc`, finished: `body` names their resources, and
    /// `stamp` the stamp's. `None` if they are not where printpdf puts them (the body's
    /// names sorting after a stamp's, or a gap in the numbers), so a copy is written
    /// whole rather than spliced wrong.
    pub(super) fn keep<'a>(
        doc: &lopdf::Document,
        body: impl Iterator<Item = &'a str>,
        stamp: impl Iterator<Item = &'a str>,
    ) -> Option<BodyFonts> {
        let body: Vec<&str> = body.collect();
        // printpdf writes fonts in the order of their names: the body's go first only
        // if every one sorts before every stamp's.
        let last_body = body.iter().max()?;
        if stamp.into_iter().any(|s| s <= *last_body) {
            return None;
        }
        let fonts = super::objects::fonts(doc)?;
        let mut entries = Vec::with_capacity(body.len());
        for (name, value) in fonts.iter() {
            let is_body = body.iter().any(|b| b.as_bytes() == name.as_slice());
            // The body's entries come first in the dictionary, as they were written.
            if is_body != (entries.len() < body.len()) {
                return None;
            }
            if is_body {
                entries.push((name.clone(), value.clone()));
            }
        }
        let end = entries
            .iter()
            .map(|(_, v)| v.as_reference().map(|id| id.0))
            .collect::<Result<Vec<u32>, _>>()
            .ok()?
            .into_iter()
            .max()?;
        let objects: Vec<(ObjectId, Object)> = (FIRST..=end)
            .map(|id| Some(((id, 0), doc.objects.get(&(id, 0))?.clone())))
            .collect::<Option<_>>()?;
        Some(BodyFonts { objects, entries })
    }

    /// Puts the kept objects into `doc`, which printpdf wrote without the body's
    /// fonts: every object from [`FIRST`] on, and every reference to one, moves up to
    /// make room, and the font resource dictionary gets the body's entries back, first.
    /// `None` if `doc`'s fonts are not where printpdf puts them.
    pub(super) fn splice(&self, doc: &mut lopdf::Document) -> Option<()> {
        let by = self.objects.len() as u32;
        let objects = std::mem::take(&mut doc.objects);
        doc.objects = objects
            .into_iter()
            .map(|(id, mut o)| {
                shift(&mut o, by);
                (moved(id, by), o)
            })
            .collect();
        for (_, v) in doc.trailer.iter_mut() {
            shift(v, by);
        }
        doc.max_id += by;
        doc.objects.extend(self.objects.iter().cloned());
        let fonts_id = font_dictionary(doc)?;
        let Some(Object::Dictionary(fonts)) = doc.objects.get_mut(&fonts_id) else {
            return None;
        };
        let mut all = Dictionary::new();
        for (k, v) in self
            .entries
            .iter()
            .cloned()
            .chain(fonts.iter().map(|(k, v)| (k.clone(), v.clone())))
        {
            all.set(k, v);
        }
        *fonts = all;
        Some(())
    }
}

/// The id of the font resource dictionary, which every page's resources name.
fn font_dictionary(doc: &lopdf::Document) -> Option<ObjectId> {
    let first_page = *doc.get_pages().values().next()?;
    let page = doc.get_object(first_page).ok()?.as_dict().ok()?;
    let resources = page.get(b"Resources").ok()?.as_reference().ok()?;
    let resources = doc.get_object(resources).ok()?.as_dict().ok()?;
    resources.get(b"Font").ok()?.as_reference().ok()
}

/// `id` moved up `by` if it is a font's or later.
fn moved(id: ObjectId, by: u32) -> ObjectId {
    if id.0 >= FIRST {
        (id.0 + by, id.1)
    } else {
        id
    }
}

/// Moves every reference in `o` as [`moved`] moves object ids.
fn shift(o: &mut Object, by: u32) {
    match o {
        Object::Reference(id) => *id = moved(*id, by),
        Object::Array(items) => items.iter_mut().for_each(|i| shift(i, by)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| shift(v, by)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| shift(v, by)),
        _ => {}
    }
}
