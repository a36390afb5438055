//! Fragments → lines, by textwrap's optimal-fit algorithm over measured widths.
//!
//! Optimal fit (Knuth–Plass without stretching, as textwrap implements it) minimises
//! the sum over lines of the squared gap at the line's end, so it evens out a ragged
//! right edge instead of filling each line greedily and leaving a hole later on.
//! textwrap's default penalties assume gaps of a few *columns*; ours are in *points*,
//! so they are retuned below.

use textwrap::core::Fragment as _;
use textwrap::wrap_algorithms::{wrap_optimal_fit, Penalties};

use super::inline::{Fragment, Seg};
use super::{Color, Pt};
use crate::document::ElemId;
use crate::fonts::{Face, FontSet, Glyphs};

/// A run of text on a line in one look, at `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub x: Pt,
    pub face: Face,
    pub size: Pt,
    pub color: Color,
    pub link: Option<String>,
    /// The inline structure element the run belongs to, if any.
    pub elem: Option<ElemId>,
    /// How far the run's baseline is raised (a superscript) or lowered (negative).
    pub rise: Pt,
    pub glyphs: Glyphs,
    pub width: Pt,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: Pt,
    /// The line ends where a space was (not inside a word split to fit, nor at the
    /// paragraph's end).
    pub space_after: bool,
}

impl Line {
    /// The line's text as written.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.glyphs.text()).collect()
    }
}

/// Penalties in points. The cost of a line is its end gap squared (pt²), so:
pub fn penalties() -> Penalties {
    let mut p = Penalties::new();
    // Each extra line costs as much as a 45 pt gap (about nine characters): a
    // paragraph is only lengthened to avoid very ragged lines.
    p.nline_penalty = 45 * 45;
    // Fragments never exceed the measure (long words are split first), so overflow
    // only ever arises from rounding; make it prohibitive all the same.
    p.overflow_penalty = 1_000_000;
    // A last line holding one word shorter than a quarter of the measure costs as
    // much as a 30 pt gap elsewhere: worth re-breaking for, not at any price.
    p.short_last_line_fraction = 4;
    p.short_last_line_penalty = 30 * 30;
    p.hyphen_penalty = 0;
    p
}

/// Breaks `frags` into lines no wider than `width`.
pub fn break_lines(fonts: &FontSet, frags: &[Fragment], width: Pt) -> Vec<Line> {
    if frags.is_empty() {
        return Vec::new();
    }
    // A paragraph that fits on one line is one line: every other breaking costs at
    // least one more line's penalty. Most list items, headings and table-of-contents
    // entries are such, and skip the search. The width is summed as optimal fit sums
    // it, so the two never disagree.
    let last = &frags[frags.len() - 1];
    let total = frags
        .iter()
        .fold(0.0, |w, f| w + f.width() + f.whitespace_width())
        - last.whitespace_width()
        + last.penalty_width();
    if total <= f64::from(width).max(1.0) {
        return vec![assemble(fonts, frags)];
    }
    // The same numbers always break the same way (see `breaks`).
    let key = super::breaks::Key::of(frags, width);
    let lines: Vec<&[Fragment]> = match super::breaks::known(key) {
        Some(lens) => {
            let mut rest = frags;
            lens.iter()
                .map(|&n| {
                    let (line, after) = rest.split_at(usize::from(n));
                    rest = after;
                    line
                })
                .collect()
        }
        None => {
            let lines = wrap_optimal_fit(frags, &[f64::from(width)], &penalties())
                // Only infinite costs overflow, which our finite widths never reach;
                // fall back to one fragment per line rather than lose text.
                .unwrap_or_else(|_| frags.chunks(1).collect());
            super::breaks::remember(key, lines.iter().map(|l| l.len()));
            lines
        }
    };
    lines.into_iter().map(|l| assemble(fonts, l)).collect()
}

/// Positions a line's fragments, merging neighbours of one look into one run so
/// the PDF has few text objects and spaces are real space characters.
fn assemble(fonts: &FontSet, frags: &[Fragment]) -> Line {
    let (order, reordered) = display_order(frags);
    let stretch = stretches(frags, &order);
    let mut line = LineBuilder {
        fonts,
        runs: Vec::new(),
        pieces: Vec::new(),
        x: 0.0,
        reordered,
    };
    let mut pending_space: Pt = 0.0;
    let mut prev: Option<usize> = None;
    for (p, &(k, space)) in order.iter().enumerate() {
        for (i, seg) in frags[k].segs.iter().enumerate() {
            if i == 0 && pending_space > 0.0 {
                // Between two words of a stretch the space is read after the earlier
                // of them; otherwise it ends the stretch before.
                let at = match prev {
                    Some(neighbour) if stretch[p] == stretch[p - 1] => {
                        (stretch[p], neighbour.min(k), usize::MAX)
                    }
                    _ => (stretch[p.saturating_sub(1)], usize::MAX, usize::MAX),
                };
                line.space(pending_space, at);
            }
            line.segment(seg, (stretch[p], k, i));
        }
        pending_space = space;
        prev = Some(k);
    }
    line.finish(frags.last().is_some_and(|f| f.space > 0.0))
}

/// The right-to-left stretch of each display position, as the position it starts at:
/// a stretch is neighbours on the line, all right-to-left.
fn stretches(frags: &[Fragment], order: &[(usize, Pt)]) -> Vec<usize> {
    let rtl = |k: usize| frags[k].segs.iter().any(|s| s.glyphs.has_rtl());
    let mut stretch = Vec::with_capacity(order.len());
    for p in 0..order.len() {
        let joins = p > 0 && rtl(order[p].0) && rtl(order[p - 1].0);
        stretch.push(if joins { stretch[p - 1] } else { p });
    }
    stretch
}

/// A line being assembled from its segments and spaces, in display order.
struct LineBuilder<'a> {
    fonts: &'a FontSet,
    runs: Vec<Run>,
    /// For a line shown in another order than it is read: each run's pieces of text
    /// (a segment, or a space) with the place each is to have in its text. Words of
    /// a right-to-left stretch (neighbours on the line, all right-to-left) are put
    /// back in reading order; everything else keeps display order, as extractors
    /// (poppler) expect of left-to-right text and of numbers amid right-to-left words.
    pieces: Vec<Vec<Piece>>,
    /// Where the next segment starts.
    x: Pt,
    /// Whether the line is shown in another order than it is read.
    reordered: bool,
}

impl LineBuilder<'_> {
    /// Adds the space between two words, `width` wide, read at place `at`.
    fn space(&mut self, width: Pt, at: (usize, usize, usize)) {
        // The space between words is a real space character at the end of the run
        // before it, so copied and extracted text has its spaces even where the next
        // word starts a new run.
        if let Some(r) = self.runs.last_mut() {
            let before = (r.glyphs.text().len(), r.glyphs.glyphs.len());
            r.glyphs.push_space(self.fonts, r.face, width, r.size);
            r.width += width;
            if self.reordered {
                if let Some(list) = self.pieces.last_mut() {
                    list.push(Piece::new(at, before, &r.glyphs));
                }
            }
        }
        self.x += width;
    }

    /// Adds a segment, read at place `at`, to the last run if it looks the same, or
    /// else as a new run.
    fn segment(&mut self, seg: &Seg, at: (usize, usize, usize)) {
        let mergeable = self.runs.last().is_some_and(|r| {
            r.face == seg.face
                && r.size == seg.size
                && r.color == seg.color
                && r.link == seg.link
                && r.elem == seg.elem
                && r.rise == seg.rise
        });
        if !mergeable {
            self.runs.push(Run {
                x: self.x,
                face: seg.face,
                size: seg.size,
                color: seg.color,
                link: seg.link.clone(),
                elem: seg.elem,
                rise: seg.rise,
                glyphs: Glyphs::default(),
                width: 0.0,
            });
            self.pieces.push(Vec::new());
        }
        let r = self
            .runs
            .last_mut()
            .expect("a run was just made if none could take it");
        let before = (r.glyphs.text().len(), r.glyphs.glyphs.len());
        r.glyphs.append(&seg.glyphs);
        r.width += seg.width;
        if self.reordered {
            if let Some(list) = self.pieces.last_mut() {
                list.push(Piece::new(at, before, &r.glyphs));
            }
        }
        self.x += seg.width;
    }

    /// The line, each run's text put in reading order where it is shown otherwise.
    fn finish(self, space_after: bool) -> Line {
        let mut runs = self.runs;
        for (run, mut pieces) in runs.iter_mut().zip(self.pieces) {
            if pieces.windows(2).any(|w| w[0].at > w[1].at) {
                pieces.sort_by_key(|p| p.at);
                let ranges: Vec<_> = pieces.into_iter().map(|p| (p.text, p.glyphs)).collect();
                run.glyphs.reorder_text(&ranges);
            }
        }
        Line {
            runs,
            width: self.x,
            space_after,
        }
    }
}

/// A piece of a run's text (a segment or a space) and its glyphs, with its place:
/// (stretch, fragment, segment), a space after the segments of its fragment.
struct Piece {
    at: (usize, usize, usize),
    text: std::ops::Range<u32>,
    glyphs: std::ops::Range<usize>,
}

impl Piece {
    /// What `glyphs` gained since it had `before` (text length, glyph count).
    fn new(at: (usize, usize, usize), before: (usize, usize), glyphs: &Glyphs) -> Piece {
        Piece {
            at,
            text: before.0 as u32..glyphs.text().len() as u32,
            glyphs: before.1..glyphs.glyphs.len(),
        }
    }
}

/// The line's fragments (their indices) in display order, each with the space after it
/// on the line, and whether that order differs from the order they are read in.
///
/// Words are shaped one by one (each in display order already), so a line with
/// right-to-left words is reordered here, by the Unicode bidirectional algorithm's
/// rule L2: each run of right-to-left words is reversed. The space between two words
/// is the one after whichever of them comes first in the text.
fn display_order(frags: &[Fragment]) -> (Vec<(usize, Pt)>, bool) {
    let logical = || {
        (
            frags
                .iter()
                .enumerate()
                .map(|(i, f)| (i, f.space))
                .collect(),
            false,
        )
    };
    let rtl = |f: &Fragment| f.segs.iter().any(|s| s.glyphs.has_rtl());
    if !frags.iter().any(rtl) {
        return logical();
    }
    // The line's text, and where each fragment starts in it.
    let mut text = String::new();
    let mut starts = Vec::with_capacity(frags.len());
    for f in frags {
        starts.push(text.len());
        for s in &f.segs {
            text.push_str(s.glyphs.text());
        }
        text.push(' ');
    }
    let info = unicode_bidi::BidiInfo::new(&text, None);
    let levels: Vec<u8> = starts.iter().map(|&i| info.levels[i].number()).collect();
    let mut order: Vec<usize> = (0..frags.len()).collect();
    let max = levels.iter().copied().max().unwrap_or(0);
    let min_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(max + 1);
    for level in (min_odd..=max).rev() {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
    }
    let reordered = order.windows(2).any(|w| w[0] > w[1]);
    let order = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let space = match order.get(k + 1) {
                Some(&next) if next < i => frags[next].space,
                Some(_) => frags[i].space,
                None => 0.0,
            };
            (i, space)
        })
        .collect();
    (order, reordered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::parse_inline;
    use crate::layout::inline::fragments;
    use crate::layout::style::BODY;

    const TEXT: &str = "Assesses ability to design scalable systems, understand database optimization, caching layers, and concurrency handling—core skills for backend engineers at mid-level. A strong answer names the trade-offs it makes and the numbers behind them.";

    #[test]
    fn lines_fit_the_measure_and_keep_every_word() {
        let frags = fragments(&FontSet::bundled(), &parse_inline(TEXT).0, &BODY);
        for width in [120.0, 200.0, 300.0, 482.0] {
            let lines = break_lines(&FontSet::bundled(), &frags, width);
            for l in &lines {
                assert!(
                    l.width <= width + 0.01,
                    "{} > {width}: {:?}",
                    l.width,
                    l.text()
                );
            }
            let joined: Vec<String> = lines.iter().map(|l| l.text()).collect();
            assert_eq!(joined.join(" "), TEXT);
        }
    }

    #[test]
    fn a_paragraph_broken_again_is_broken_the_same_from_the_memo() {
        let frags = fragments(&FontSet::bundled(), &parse_inline(TEXT).0, &BODY);
        let width = 211.0;
        let key = crate::layout::breaks::Key::of(&frags, width);
        let first = break_lines(&FontSet::bundled(), &frags, width);
        assert!(first.len() > 2);
        let lens = crate::layout::breaks::known(key).expect("remembered");
        assert_eq!(lens.len(), first.len());
        assert_eq!(break_lines(&FontSet::bundled(), &frags, width), first);
        // Another measure, or one word wider, is another paragraph.
        assert!(crate::layout::breaks::Key::of(&frags, width + 1.0) != key);
        let mut wider = frags.clone();
        wider[3].width += 0.5;
        assert!(crate::layout::breaks::Key::of(&wider, width) != key);
    }

    #[test]
    fn optimal_fit_is_more_even_than_greedy() {
        // Greedy would fill the first lines and strand a short word; optimal fit
        // spreads the raggedness. Compare the sum of squared gaps.
        let frags = fragments(&FontSet::bundled(), &parse_inline(TEXT).0, &BODY);
        let width = 230.0;
        let lines = break_lines(&FontSet::bundled(), &frags, width);
        let cost = |ls: &[Line]| -> f32 {
            ls[..ls.len() - 1]
                .iter()
                .map(|l| (width - l.width).powi(2))
                .sum()
        };
        let mut greedy: Vec<Line> = Vec::new();
        let mut start = 0;
        while start < frags.len() {
            let mut end = start + 1;
            while end < frags.len()
                && assemble(&FontSet::bundled(), &frags[start..=end]).width <= width
            {
                end += 1;
            }
            greedy.push(assemble(&FontSet::bundled(), &frags[start..end]));
            start = end;
        }
        assert!(
            cost(&lines) <= cost(&greedy),
            "optimal {} greedy {}",
            cost(&lines),
            cost(&greedy)
        );
    }

    #[test]
    fn same_look_words_share_a_run_with_real_spaces() {
        let frags = fragments(
            &FontSet::bundled(),
            &parse_inline("plain words then **bold words** end").0,
            &BODY,
        );
        let line = &break_lines(&FontSet::bundled(), &frags, 400.0)[0];
        let texts: Vec<String> = line
            .runs
            .iter()
            .map(|r| r.glyphs.text().to_string())
            .collect();
        assert_eq!(texts, ["plain words then ", "bold words ", "end"]);
        let sum: Pt = line.runs.iter().map(|r| r.width).sum();
        assert!((sum - line.width).abs() < 0.01);
    }
}
