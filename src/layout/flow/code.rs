//! Code blocks: monospace lines, shaded, whitespace kept; lines too long for the
//! measure wrap onto rows marked with a continuation arrow in the left padding.
//! A row is drawn as runs of one [`Class`] each, coloured by [`highlight`]; the runs
//! abut, spaces included, so extracted text is the code exactly.

use super::{baseline, Flow, FlowItem, Shade};
use crate::document::Mark;
use crate::fonts::Face;
use crate::layout::highlight::{self, Class};
use crate::layout::style::{CODE, CODE_PAD, LIST_INDENT, MUTED};
use crate::layout::{Item, Pt, TextBox};

/// A row of a code block: its runs of one class each, and whether it continues the
/// row before (a source line too long for the measure, wrapped).
struct Row {
    runs: Vec<(String, Class)>,
    continued: bool,
}

impl Flow<'_> {
    /// A code block, shaded, `depth` list levels in; `lang` picks its highlighting.
    pub(super) fn code(&mut self, text: &str, depth: u8, mark: Mark, lang: Option<&str>) {
        let fonts = self.fonts;
        let char_w = fonts.measure(Face::Mono, "0", CODE.size);
        let x0 = self.frame.left + LIST_INDENT * f32::from(depth);
        let w = self.frame.right - x0;
        // The left padding is wider than the right: continuation marks hang in it.
        let text_x = x0 + CODE_PAD + 6.0;
        let cols = (((self.frame.right - CODE_PAD - text_x) / char_w).floor() as usize).max(10);
        let rows = rows(text, lang, cols);
        let group = self.shade_groups;
        self.shade_groups += 1;
        let shade = Shade { group, x: x0, w };
        let total = rows.len() as Pt * CODE.leading + 2.0 * CODE_PAD;
        let short = total < self.frame.body_height() / 3.0;
        let n = rows.len();
        let continues: Vec<bool> = rows.iter().map(|r| r.continued).collect();
        for (i, row) in rows.into_iter().enumerate() {
            let next_continues = continues.get(i + 1).copied().unwrap_or(false);
            let mut contents = self.code_row(row, x0, text_x, mark);
            // A row that ends a line of the source ends with a space, so the code
            // reads back with its lines apart; a wrapped row runs on.
            if i + 1 < n && !next_continues {
                super::end_with_space(self.fonts, &mut contents);
            }
            let keep = (short && i + 1 < n) || i == 0 || (i + 2 == n);
            self.push(FlowItem {
                height: CODE.leading,
                // The shading's padding: above the first line, below the last.
                fixed_before: if i == 0 { CODE_PAD } else { 0.0 },
                keep_with_next: keep && i + 1 < n,
                contents,
                shade: Some(shade),
                ..Default::default()
            });
        }
        self.pending_fixed += CODE_PAD;
    }

    /// A row's text boxes: the continuation arrow in the padding at `x0` if it
    /// continues a line, then its runs from `text_x`, each in its class's colour.
    fn code_row(&self, row: Row, x0: Pt, text_x: Pt, mark: Mark) -> Vec<Item> {
        let fonts = self.fonts;
        let mut contents = Vec::new();
        let base = baseline(&CODE);
        if row.continued {
            let arrow = fonts.shape(Face::Mono, "→", CODE.size * 0.8);
            contents.push(Item::Text(TextBox {
                x: x0 + 2.5,
                baseline: base,
                face: Face::Mono,
                size: CODE.size * 0.8,
                color: MUTED,
                width: arrow.width,
                glyphs: arrow.glyphs,
                // The arrow is drawn, not written: the line goes on.
                mark: Mark::Artifact,
            }));
        }
        // Code is set in the mono face alone: it is the fallback face too, so
        // every character the loader accepts that prose could draw, it draws.
        let mut x = text_x;
        for (run, class) in row.runs {
            let shaped = fonts.shape(Face::Mono, &run, CODE.size);
            contents.push(Item::Text(TextBox {
                x,
                baseline: base,
                face: Face::Mono,
                size: CODE.size,
                color: class.color().unwrap_or(CODE.color),
                width: shaped.width,
                glyphs: shaped.glyphs,
                mark,
            }));
            x += shaped.width;
        }
        contents
    }
}

/// The rows of `text`: its lines, tabs expanded, wrapped at `cols` characters and
/// highlighted as `lang`.
fn rows(text: &str, lang: Option<&str>, cols: usize) -> Vec<Row> {
    // Classes are found on the whole block (a comment may span lines), with tabs
    // already expanded so the indexes match the rows'.
    let expanded = text.replace('\t', "    ");
    let classes = highlight::classes(lang, &expanded);
    let mut rows = Vec::new();
    let mut at = 0;
    for line in expanded.split('\n') {
        let all: Vec<char> = line.chars().collect();
        let chars: Vec<char> = line.trim_end().chars().collect();
        if chars.is_empty() {
            rows.push(Row {
                runs: Vec::new(),
                continued: false,
            });
        }
        for (k, chunk) in chars.chunks(cols).enumerate() {
            rows.push(Row {
                runs: runs(chunk, &classes[at + k * cols..]),
                continued: k > 0,
            });
        }
        at += all.len() + 1;
    }
    rows
}

/// A row's characters as runs of one class; spaces join the run they follow, so a
/// plain row is one run and colour changes only where the ink does.
fn runs(chars: &[char], classes: &[Class]) -> Vec<(String, Class)> {
    let mut out: Vec<(String, Class)> = Vec::new();
    for (&c, &class) in chars.iter().zip(classes) {
        match out.last_mut() {
            Some((run, k)) if *k == class || c == ' ' => run.push(c),
            _ => out.push((c.to_string(), class)),
        }
    }
    out
}
