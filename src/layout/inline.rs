//! Styled spans → measured fragments, the words that line breaking arranges.
//!
//! A fragment is a word (no breaks inside) that may mix styles — `**bold**,` is one
//! fragment of two segments — followed by the width of the space after it. Widths come
//! from the shaped glyphs ([`crate::fonts::FontSet::shape`]), so the
//! line breaker and the renderer agree to the hundredth of a point.

use super::style::{TextStyle, INLINE_CODE_SCALE, LINK};
use super::{Color, Pt};
use crate::document::ElemId;
use crate::model::{Script, Span};

use crate::fonts::{Face, FontSet, Glyphs};

/// A piece of a word in one face, size and colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Seg {
    pub face: Face,
    pub size: Pt,
    pub color: Color,
    pub link: Option<String>,
    /// The inline structure element (a link, a code span) the text belongs to.
    pub elem: Option<ElemId>,
    /// How far the baseline is raised (negative: lowered), for super- and subscripts.
    pub rise: Pt,
    pub width: Pt,
    /// The shaped glyphs, shared with the cache of shaped words.
    pub glyphs: std::sync::Arc<Glyphs>,
}

impl Seg {
    /// The segment's text (the shaped glyphs keep it: not held twice).
    pub fn text(&self) -> &str {
        self.glyphs.text()
    }
}

/// A word: segments drawn without breaks, then a space (unless it ends a line).
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    pub segs: Vec<Seg>,
    pub width: Pt,
    /// The width of the space after the word; 0 for the last word and for the
    /// pieces of a word that was split because it is longer than a line.
    pub space: Pt,
}

impl textwrap::core::Fragment for Fragment {
    fn width(&self) -> f64 {
        f64::from(self.width)
    }
    fn whitespace_width(&self) -> f64 {
        f64::from(self.space)
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The face, size, colour and link of a span in a paragraph of `style`.
fn span_look(span: &Span, style: &TextStyle) -> (Face, Pt, Color, Pt) {
    let (face, size, color) = span_face(span, style);
    // Superscripts and subscripts at 70 %, their baselines where a typesetter puts
    // superior and inferior figures: a third of the size up, a sixth down.
    match span.script {
        Script::Normal => (face, size, color, 0.0),
        Script::Super => (face, size * 0.7, color, size * 0.34),
        Script::Sub => (face, size * 0.7, color, -size * 0.16),
    }
}

fn span_face(span: &Span, style: &TextStyle) -> (Face, Pt, Color) {
    if span.code {
        (
            Face::Mono,
            style.size * INLINE_CODE_SCALE,
            if span.link.is_some() {
                LINK
            } else {
                style.color
            },
        )
    } else {
        let color = if span.link.is_some() {
            LINK
        } else {
            style.color
        };
        (style.face.with(span.bold, span.italic), style.size, color)
    }
}

/// How a piece of a word looks, links to and is tagged.
#[derive(Clone, PartialEq)]
struct Look {
    face: Face,
    size: Pt,
    color: Color,
    link: Option<String>,
    elem: Option<ElemId>,
    rise: Pt,
}

fn make_seg(fonts: &FontSet, text: &str, look: Look) -> Seg {
    let Look {
        face,
        size,
        color,
        link,
        elem,
        rise,
    } = look;
    let glyphs = fonts.shape_shared(face, text);
    Seg {
        face,
        size,
        color,
        link,
        elem,
        rise,
        width: glyphs.width(size),
        glyphs,
    }
}

/// Builds fragments from spans. Runs of white space become single spaces.
#[cfg(test)]
pub fn fragments(fonts: &FontSet, spans: &[Span], style: &TextStyle) -> Vec<Fragment> {
    tagged_fragments(fonts, spans, &[], style)
}

/// Builds fragments from spans, each span's text tagged with its element in
/// `elems` (none where `elems` is shorter).
pub fn tagged_fragments(
    fonts: &FontSet,
    spans: &[Span],
    elems: &[Option<ElemId>],
    style: &TextStyle,
) -> Vec<Fragment> {
    let mut words = Words {
        fonts,
        out: Vec::new(),
        text: String::new(),
        word: Vec::new(),
    };
    // Whether a line may break after the last character: Chinese and Japanese are
    // written without spaces and break between any two ideographs or kana.
    let mut break_after = false;
    for (i, span) in spans.iter().enumerate() {
        let (face, size, color, rise) = span_look(span, style);
        let elem = elems.get(i).copied().flatten();
        for c in span.text.chars() {
            let ideograph = breaks_around(c);
            if (ideograph || break_after) && !no_break_before(c) {
                // A break with no space: the word so far is a fragment of its own.
                words.finish();
            }
            break_after = ideograph || (break_after && no_break_before(c));
            if c.is_whitespace() && c != '\u{a0}' {
                break_after = false;
                words.space(face, size);
                continue;
            }
            let drawn = fonts.resolve(face, c).unwrap_or(face);
            // Compared field by field: a look is only built (and its link cloned)
            // when a new segment starts.
            let same = |l: &Look| {
                l.face == drawn
                    && l.size == size
                    && l.color == color
                    && l.elem == elem
                    && l.rise == rise
                    && l.link == span.link
            };
            if !words.word.last().is_some_and(|(_, l)| same(l)) {
                words.start_segment(Look {
                    face: drawn,
                    size,
                    color,
                    link: span.link.clone(),
                    elem,
                    rise,
                });
            }
            words.text.push(c);
        }
    }
    words.finish();
    let mut out = words.out;
    if let Some(last) = out.last_mut() {
        last.space = 0.0;
    }
    out
}

/// Fragments being built from text, a character at a time.
struct Words<'a> {
    fonts: &'a FontSet,
    out: Vec<Fragment>,
    /// The word being built: its text, and one segment per look (where its text
    /// starts in the word). Both are reused from word to word: a fresh string for
    /// each segment was a tenth of a long document's allocations.
    text: String,
    word: Vec<(usize, Look)>,
}

impl Words<'_> {
    /// Starts a segment of `look` at the end of the word so far.
    fn start_segment(&mut self, look: Look) {
        self.word.push((self.text.len(), look));
    }

    /// Ends the word so far, if any, as a fragment with no space after it yet.
    fn finish(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let mut segs = Vec::with_capacity(self.word.len());
        let mut looks = self.word.drain(..).peekable();
        while let Some((start, look)) = looks.next() {
            let end = looks.peek().map_or(self.text.len(), |next| next.0);
            segs.push(make_seg(self.fonts, &self.text[start..end], look));
        }
        self.text.clear();
        let width = segs.iter().map(|s| s.width).sum();
        self.out.push(Fragment {
            segs,
            width,
            space: 0.0,
        });
    }

    /// White space: ends the word, and gives the last fragment the width of a space
    /// in `face` at `size` (runs of white space become one space).
    fn space(&mut self, face: Face, size: Pt) {
        self.finish();
        if let Some(last) = self.out.last_mut() {
            if last.space == 0.0 {
                last.space = self.fonts.measure(face, " ", size);
            }
        }
    }
}

/// Ideographs and kana: a line may break before and after each (UAX #14 classes ID
/// and, loosely, CJ), which is how Chinese and Japanese, written without spaces, wrap.
fn breaks_around(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

/// Closing punctuation that stays on the line of the character before it (the
/// commonest of the Japanese kinsoku rules): 、。，．！？：；)」』】〕〉》 and the like.
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | 'ー'
            | '…'
            | '・'
            | ','
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
    )
}

/// Characters after which a long word (a URL, an identifier) may break.
const BREAK_AFTER: &[char] = &['/', '-', '.', '_', '?', '&', '=', ':', '#', ',', ')'];

/// Splits fragments wider than `max` into pieces that fit, preferring to break after
/// URL and identifier punctuation, else between any two characters.
pub fn split_long(fonts: &FontSet, frags: Vec<Fragment>, max: Pt) -> Vec<Fragment> {
    let mut out = Vec::with_capacity(frags.len());
    for frag in frags {
        if frag.width <= max {
            out.push(frag);
            continue;
        }
        // Flatten to characters with their look and width.
        let chars: Vec<(char, usize, Pt)> = frag
            .segs
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.text().chars().map(move |c| {
                    (
                        c,
                        si,
                        fonts.measure(s.face, c.encode_utf8(&mut [0; 4]), s.size),
                    )
                })
            })
            .collect();
        let mut start = 0;
        while start < chars.len() {
            let mut width = 0.0;
            let mut end = start;
            let mut last_good = None;
            while end < chars.len() && (end == start || width + chars[end].2 <= max) {
                width += chars[end].2;
                if BREAK_AFTER.contains(&chars[end].0) {
                    last_good = Some(end + 1);
                }
                end += 1;
            }
            // Prefer a punctuation break unless it would leave the piece under half full.
            if end < chars.len() {
                if let Some(g) = last_good {
                    let w: Pt = chars[start..g].iter().map(|c| c.2).sum();
                    if w >= max * 0.5 {
                        end = g;
                    }
                }
            }
            let mut segs: Vec<Seg> = Vec::new();
            let mut i = start;
            while i < end {
                let si = chars[i].1;
                let mut text = String::new();
                while i < end && chars[i].1 == si {
                    text.push(chars[i].0);
                    i += 1;
                }
                let s = &frag.segs[si];
                segs.push(make_seg(
                    fonts,
                    &text,
                    Look {
                        face: s.face,
                        size: s.size,
                        color: s.color,
                        link: s.link.clone(),
                        elem: s.elem,
                        rise: s.rise,
                    },
                ));
            }
            let width = segs.iter().map(|s| s.width).sum();
            let space = if end == chars.len() { frag.space } else { 0.0 };
            out.push(Fragment { segs, width, space });
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::style::BODY;

    fn spans(md: &str) -> Vec<Span> {
        crate::content::markdown::parse_inline(md).0
    }

    #[test]
    fn words_keep_mixed_styles_and_spaces_collapse() {
        let frags = fragments(
            &FontSet::bundled(),
            &spans("A **bold**,   move  and `code`"),
            &BODY,
        );
        let words: Vec<String> = frags
            .iter()
            .map(|f| f.segs.iter().map(|s| s.text()).collect())
            .collect();
        assert_eq!(words, ["A", "bold,", "move", "and", "code"]);
        assert_eq!(frags[1].segs.len(), 2);
        assert_eq!(frags[1].segs[0].face, Face::Bold);
        assert_eq!(frags[4].segs[0].face, Face::Mono);
        assert!(frags[0].space > 2.0 && frags[4].space == 0.0);
    }

    #[test]
    fn chinese_and_japanese_break_between_characters_not_before_closing_marks() {
        let frags = fragments(
            &FontSet::bundled(),
            &spans("日本語のテキスト。次 ok"),
            &BODY,
        );
        let words: Vec<String> = frags
            .iter()
            .map(|f| f.segs.iter().map(|s| s.text()).collect())
            .collect();
        assert_eq!(
            words,
            ["日", "本", "語", "の", "テ", "キ", "ス", "ト。", "次", "ok"]
        );
        // No space between them, a real one before "ok".
        assert_eq!(frags[0].space, 0.0);
        assert!(frags[8].space > 0.0);
        // A long line of them wraps within the measure.
        let text = "人工知能の研究は急速に進んでいる。".repeat(8);
        let lines = crate::layout::linebreak::break_lines(
            &FontSet::bundled(),
            &fragments(&FontSet::bundled(), &spans(&text), &BODY),
            200.0,
        );
        assert!(lines.len() > 3, "{} lines", lines.len());
        for line in &lines {
            assert!(line.width <= 200.0 + 0.01, "{}", line.width);
        }
        let joined: String = lines.iter().map(|l| l.text()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn symbols_fall_back_within_a_word() {
        let frags = fragments(&FontSet::bundled(), &spans("a→b"), &BODY);
        let faces: Vec<Face> = frags[0].segs.iter().map(|s| s.face).collect();
        assert_eq!(faces, [Face::Regular, Face::Mono, Face::Regular]);
    }

    #[test]
    fn long_urls_break_after_punctuation_and_fit() {
        let url = "https://example.com/a/very/long/path/that/keeps/going/and/going/for/ever/and/ever?with=query&and=more";
        let frags = split_long(
            &FontSet::bundled(),
            fragments(&FontSet::bundled(), &spans(url), &BODY),
            150.0,
        );
        assert!(frags.len() > 2);
        for f in &frags {
            assert!(f.width <= 150.0, "{f:?}");
        }
        let joined: String = frags
            .iter()
            .flat_map(|f| f.segs.iter().map(|s| s.text().to_string()))
            .collect();
        assert_eq!(joined, url);
        let first: String = frags[0].segs.iter().map(|s| s.text()).collect();
        assert!(first.ends_with('/'), "{first}");
    }
}
