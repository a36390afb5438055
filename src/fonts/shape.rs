//! Shaping: text → positioned glyphs, by HarfRust (HarfBuzz's own Rust port) over
//! each font's own tables — kerning, ligatures, marks and complex scripts alike.
//!
//! A text is split into runs by direction (the Unicode bidirectional algorithm, only
//! for text with right-to-left characters) and by the face that draws each character
//! (the fallback chain, [`FontSet::resolve`]); each run is shaped on its own and the
//! glyphs are kept in display order. Every glyph remembers the source text of its
//! cluster, so render can map glyphs back to the text as written (a ligature glyph
//! to "fi"). Shaped words are cached for the process, per fallback chain: a bank
//! repeats most of its words.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use super::glyphs::{has_rtl, Glyph, Glyphs, Shaped};
use super::{Face, FontSet};

/// A fallback chain: a theme's faces and the `--font` faces.
type Chain = (Option<[Face; 5]>, Vec<Face>);

/// The number of a fallback chain in the shape cache: the same text shaped with two
/// chains can differ (a theme's face, a `--font` face first), so the cache keeps them
/// apart by this number. Chains are few (one per theme and `--font` list a process
/// uses), so a list searched in order is enough.
pub(super) fn chain_id(themed: Option<[Face; 5]>, given: &[Face]) -> u32 {
    static CHAINS: Mutex<Vec<Chain>> = Mutex::new(Vec::new());
    let mut chains = CHAINS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = chains.iter().position(|(t, g)| *t == themed && g == given) {
        return i as u32;
    }
    chains.push((themed, given.to_vec()));
    (chains.len() - 1) as u32
}

/// A hasher for the caches' short keys: a multiply and a shift per 8 bytes (the keys
/// are not attacker-chosen, so SipHash's protection buys nothing, and it showed).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        let x = (self.0.rotate_left(5) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
}

type Fast = BuildHasherDefault<MixHasher>;

/// What each thread keeps for shaping: a shaper per face (it caches the face's
/// metrics, and is not shareable across threads), shape plans per face, direction
/// and script, and one buffer, reused.
#[derive(Default)]
struct Shapers {
    fonts: HashMap<Face, harfrust::ShaperFont<'static, 'static>, Fast>,
    plans: HashMap<(Face, bool, Option<harfrust::Script>), Rc<harfrust::ShapePlan>, Fast>,
    buffer: Option<harfrust::Buffer>,
}

/// Cached shapes, shared by every thread: layout breaks paragraphs on the thread
/// pool and a batch runs roles there, and caches per thread shaped each word once a
/// thread (a role's 1,700-odd distinct words were shaped 3,200 times, a third of its
/// export's instructions). The lock is held for a lookup or an insert, never while
/// shaping.
#[derive(Default)]
struct Cache {
    entries: usize,
    /// By the chain's number ([`chain_id`]) and the face asked for.
    by_face: HashMap<(u32, Face), Shapes, Fast>,
}

/// Shaped texts of one chain and face.
type Shapes = HashMap<String, Arc<Glyphs>, Fast>;

/// A bank has a few tens of thousands of distinct words; a mail merge adds names.
/// Past this the cache is dropped and refilled rather than grown without bound.
const CACHE_LIMIT: usize = 200_000;

pub(super) fn shape(fonts: &FontSet, face: Face, text: &str, size: f32) -> Shaped {
    let glyphs = shared(fonts, face, text);
    Shaped {
        width: glyphs.width(size),
        glyphs: Arc::unwrap_or_clone(glyphs),
    }
}

/// The width of `text` at `size`, from the cache (no copy of the glyphs).
pub(super) fn width(fonts: &FontSet, face: Face, text: &str, size: f32) -> f32 {
    shared(fonts, face, text).width(size)
}

/// The shaped glyphs of `text`, shared with the cache: a hit costs no copy.
pub(super) fn shared(fonts: &FontSet, face: Face, text: &str) -> Arc<Glyphs> {
    static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
    // Shapers and plans stay per thread: a handful per face, and not shareable. They
    // depend on the face alone, never on the chain.
    thread_local! {
        static SHAPERS: RefCell<Shapers> = RefCell::default();
    }
    let key = (fonts.chain, face);
    {
        let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        let cache = guard.get_or_insert_with(Cache::default);
        if cache.entries > CACHE_LIMIT {
            *cache = Cache::default();
        }
        if let Some(hit) = cache.by_face.get(&key).and_then(|m| m.get(text)) {
            return hit.clone();
        }
    }
    let glyphs = SHAPERS
        .with(|shapers| Arc::new(shape_uncached(fonts, face, text, &mut shapers.borrow_mut())));
    let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(Cache::default);
    // Another thread may have shaped the same text meanwhile: the same glyphs.
    let map = cache.by_face.entry(key).or_default();
    if let Some(hit) = map.get(text) {
        return hit.clone();
    }
    cache.entries += 1;
    map.insert(text.to_string(), glyphs.clone());
    glyphs
}

/// Combining marks (general categories Mn, Mc and Me) and the zero-width joiners:
/// they stay in the face of their base character, so the font can position them on
/// it. A hand-made list of ranges missed the vowel signs of Tamil, Bengali and most
/// scripts of India, which then went to whichever system font came first with the
/// sign and were drawn on a dotted circle, apart from their letter.
fn is_mark(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(c, '\u{200C}' | '\u{200D}')
        || matches!(
            get_general_category(c),
            G::NonspacingMark | G::SpacingMark | G::EnclosingMark
        )
}

/// Splits `range` of `text` into runs of one face each, in logical order.
fn by_face(
    fonts: &FontSet,
    wanted: Face,
    text: &str,
    range: Range<usize>,
) -> Vec<(Range<usize>, Face)> {
    // Most text is drawn whole by the face asked for (and no theme face comes first):
    // one run, as the walk below would find, for a bit test a character.
    let face = fonts.face(wanted);
    if fonts.themed.is_none() && text[range.clone()].chars().all(|c| face.has_char(c)) {
        return vec![(range, wanted)];
    }
    let mut out: Vec<(Range<usize>, Face)> = Vec::new();
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let end = at + c.len_utf8();
        let drawn = fonts.resolve(wanted, c);
        if let Some((r, f)) = out.last_mut() {
            // A character stays in the run's face if that face has it and it is a
            // space or a mark (drawn with its base), or a character the face asked
            // for (or the theme's) lacks: a word in another script stays in the
            // fallback face it started in, where the first face in the system's
            // order with each letter took Tamil's வ from Noto Serif Grantha and the
            // rest of its word from Noto Serif Tamil.
            let fallback = drawn != Some(wanted) && drawn != fonts.themed(wanted);
            let has = fonts.face(*f).has_char(c);
            if drawn == Some(*f) || (has && (fallback || c.is_whitespace() || is_mark(c))) {
                r.end = end;
                continue;
            }
        }
        // A character nothing draws is drawn as the wanted face's .notdef: callers
        // check text with `missing_chars` first and report it with its place.
        out.push((at..end, drawn.unwrap_or(wanted)));
    }
    out
}

fn shape_uncached(fonts: &FontSet, wanted: Face, text: &str, shapers: &mut Shapers) -> Glyphs {
    let mut out = Glyphs {
        text: text.to_string(),
        glyphs: Vec::with_capacity(text.len()),
    };
    if !has_rtl(text) {
        for (range, face) in by_face(fonts, wanted, text, 0..text.len()) {
            shape_run(face, text, range, false, shapers, &mut out.glyphs);
        }
        return out;
    }
    let info = unicode_bidi::BidiInfo::new(text, None);
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let mut items = by_face(fonts, wanted, text, run);
            if rtl {
                items.reverse();
            }
            for (range, face) in items {
                shape_run(face, text, range, rtl, shapers, &mut out.glyphs);
            }
        }
    }
    out
}

/// Shapes `text[range]` in `face` and appends the glyphs in display order.
fn shape_run(
    face: Face,
    text: &str,
    range: Range<usize>,
    rtl: bool,
    shapers: &mut Shapers,
    out: &mut Vec<Glyph>,
) {
    let font = face.font();
    let run = &text[range.clone()];
    let buffer = shapers.shape(face, font, run, rtl);
    let scale = 1000.0 / f32::from(font.units_per_em());
    let (base, len) = (range.start as u32, run.len() as u32);
    push_glyphs(face, &buffer, scale, base, len, rtl, out);
    shapers.buffer = Some(buffer);
}

impl Shapers {
    /// `run` shaped in `face` (whose font is `font`), in the buffer kept for reuse:
    /// give it back to `self.buffer` when done with it.
    fn shape(
        &mut self,
        face: Face,
        font: &'static super::FontFace,
        run: &str,
        rtl: bool,
    ) -> harfrust::Buffer {
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.clear();
        buffer.push_str(run);
        buffer.set_direction(if rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let plan = self
            .plans
            .entry((face, rtl, buffer.script()))
            .or_insert_with(|| {
                Rc::new(harfrust::ShapePlan::new(
                    &font.shaper,
                    buffer.direction(),
                    buffer.script(),
                    buffer.language(),
                    &[],
                ))
            })
            .clone();
        // Faces live as long as the process, so the thread's shapers can borrow them
        // for as long.
        let shaper = self
            .fonts
            .entry(face)
            .or_insert_with(|| harfrust::ShaperFont::new(&font.shaper));
        // The plan was made for this buffer's direction and script, the only ways
        // shaping can fail.
        harfrust::shape(
            shaper,
            &mut buffer,
            harfrust::ShapeOptions::new().plan(Some(&plan)),
        )
        .expect("a plan made for the buffer");
        buffer
    }
}

/// Appends the glyphs of `shaped` (a run of `len` bytes at `base` in its text, in
/// `face`, positions times `scale` in thousandths of an em) in display order, each
/// cluster's text on the glyph read first.
fn push_glyphs(
    face: Face,
    shaped: &harfrust::Buffer,
    scale: f32,
    base: u32,
    len: u32,
    rtl: bool,
    out: &mut Vec<Glyph>,
) {
    // Each cluster's text runs from its start to the next cluster's start.
    let mut starts: Vec<u32> = shaped.glyph_infos().iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut carried: Vec<bool> = vec![false; starts.len()];
    let first = out.len();
    // A cluster's text goes on the glyph read first: the first in display order, or
    // for right-to-left text (written in reverse, see `Glyph::rtl`) the last.
    let infos = shaped.glyph_infos().iter().zip(shaped.glyph_positions());
    let infos: Vec<_> = if rtl {
        infos.rev().collect()
    } else {
        infos.collect()
    };
    for (info, pos) in infos {
        let k = starts.binary_search(&info.cluster).unwrap_or(0);
        let (start, end) = if carried[k] {
            (info.cluster, info.cluster)
        } else {
            carried[k] = true;
            (info.cluster, starts.get(k + 1).copied().unwrap_or(len))
        };
        out.push(Glyph {
            face,
            id: info.glyph_id as u16,
            advance: pos.x_advance as f32 * scale,
            dx: pos.x_offset as f32 * scale,
            dy: pos.y_offset as f32 * scale,
            start: base + start,
            end: base + end,
            rtl,
        });
    }
    if rtl {
        out[first..].reverse();
    }
}
