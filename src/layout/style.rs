//! The type scale: which face, size, leading and spacing each kind of block gets.
//!
//! Body text is 10.5 pt Noto Serif on 14.5 pt leading (a ratio of about 1.38, between
//! the 1.2 of dense reference books and the 1.5 of screen text, which suits a long
//! measure). Headings step up by a factor of about 1.2 per level. Space before a
//! heading is larger than after it, so a heading sits with what it introduces.

use super::{Color, Pt};
use crate::document::{HeadingKind, ParaKind};
use crate::fonts::Face;

/// A text style: face, size, leading, colour, and vertical spacing around its block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub face: Face,
    pub size: Pt,
    pub leading: Pt,
    pub color: Color,
    pub space_before: Pt,
    pub space_after: Pt,
}

pub const INK: Color = Color(0.10, 0.10, 0.12);
pub const MUTED: Color = Color(0.38, 0.38, 0.42);
pub const ACCENT: Color = Color(0.10, 0.27, 0.52);
pub const LINK: Color = Color(0.10, 0.30, 0.62);
pub const CODE_BG: Color = Color(0.95, 0.95, 0.96);
pub const RULE: Color = Color(0.75, 0.75, 0.78);

pub const BODY: TextStyle = TextStyle {
    face: Face::Regular,
    size: 10.5,
    leading: 14.5,
    color: INK,
    space_before: 5.0,
    space_after: 0.0,
};

/// Code: 8.6 pt Noto Sans Mono sets 0.6 em per character, so the 482 pt A4 measure less
/// the block's padding holds 90 characters: enough for code written to 80 columns.
pub const CODE: TextStyle = TextStyle {
    face: Face::Mono,
    size: 8.6,
    leading: 11.6,
    color: INK,
    space_before: 7.0,
    space_after: 7.0,
};

/// Inline code is set a little smaller than the text around it: monospace letters
/// look larger than serif ones at the same size.
pub const INLINE_CODE_SCALE: f32 = 0.88;

/// Padding inside a code block's shading.
pub const CODE_PAD: Pt = 5.0;

/// The indent of a list item's text per nesting level; the label hangs in it.
pub const LIST_INDENT: Pt = 16.0;

pub const HEADER: TextStyle = TextStyle {
    face: Face::Regular,
    size: 8.5,
    leading: 11.0,
    color: MUTED,
    space_before: 0.0,
    space_after: 0.0,
};

pub fn paragraph(kind: ParaKind) -> TextStyle {
    match kind {
        ParaKind::Body => BODY,
        ParaKind::Prompt => TextStyle {
            face: Face::Regular,
            size: 12.5,
            leading: 17.0,
            space_before: 6.0,
            ..BODY
        },
        ParaKind::Why => TextStyle {
            face: Face::Regular,
            color: MUTED,
            space_before: 8.0,
            ..BODY
        },
        ParaKind::Meta => TextStyle {
            face: Face::Regular,
            size: 9.0,
            leading: 12.0,
            color: MUTED,
            space_before: 1.0,
            ..BODY
        },
        ParaKind::CoverKicker => TextStyle {
            face: Face::Regular,
            size: 12.0,
            leading: 16.0,
            color: ACCENT,
            ..BODY
        },
        ParaKind::CoverTitle => TextStyle {
            face: Face::Bold,
            size: 30.0,
            leading: 36.0,
            space_before: 6.0,
            ..BODY
        },
        ParaKind::CoverLevel => TextStyle {
            face: Face::Regular,
            size: 18.0,
            leading: 24.0,
            color: MUTED,
            space_before: 2.0,
            space_after: 10.0,
        },
        ParaKind::CoverSummary => TextStyle {
            size: 12.0,
            leading: 17.0,
            space_before: 12.0,
            ..BODY
        },
        ParaKind::CoverNote => TextStyle {
            size: 9.5,
            leading: 13.5,
            color: MUTED,
            ..BODY
        },
        ParaKind::CoverFact => TextStyle {
            size: 10.5,
            leading: 15.0,
            space_before: 3.0,
            ..BODY
        },
    }
}

pub fn heading(kind: HeadingKind) -> TextStyle {
    match kind {
        HeadingKind::Section => TextStyle {
            face: Face::Bold,
            size: 18.0,
            leading: 24.0,
            color: INK,
            space_before: 0.0,
            space_after: 10.0,
        },
        HeadingKind::Question => TextStyle {
            face: Face::Bold,
            size: 15.0,
            leading: 20.0,
            color: ACCENT,
            space_before: 6.0,
            space_after: 0.0,
        },
        HeadingKind::Guide => TextStyle {
            face: Face::Bold,
            size: 13.0,
            leading: 18.0,
            color: INK,
            space_before: 20.0,
            space_after: 2.0,
        },
        HeadingKind::Part => TextStyle {
            face: Face::Bold,
            size: 10.5,
            leading: 14.5,
            color: ACCENT,
            space_before: 12.0,
            space_after: 0.0,
        },
    }
}
