//! Which paragraphs stay on the page of the block after them, decided here, where
//! what their text means is known: layout keeps the pair together on the flag alone
//! and never reads the words to find out.

use super::{Block, ListMark, ParaKind, Tags};
use crate::model::Inlines;

/// Why a paragraph is kept on the page of the block that follows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeepWithNext {
    /// Nothing here holds it (layout's rules about its neighbours still may).
    #[default]
    No,
    /// Small print that belongs to what follows: a question's category line under
    /// its heading, a tailored pack's round note before its question.
    Meta,
    /// It ends with a colon, so it introduces what follows (usually code); a reader
    /// should not turn the page between the two.
    Introduces,
}

impl KeepWithNext {
    /// The rule for a paragraph of `kind` holding `spans`.
    pub fn of(kind: ParaKind, spans: &Inlines) -> KeepWithNext {
        // The last character that is not white space, in whichever span it stands.
        let last = spans
            .iter()
            .rev()
            .find_map(|s| s.text.trim_end().chars().next_back());
        if kind == ParaKind::Meta {
            KeepWithNext::Meta
        } else if last == Some(':') {
            KeepWithNext::Introduces
        } else {
            KeepWithNext::No
        }
    }

    /// Whether the paragraph is kept with what follows, for whatever reason.
    pub fn keeps(self) -> bool {
        self != KeepWithNext::No
    }
}

impl Block {
    /// A paragraph, with its keep rule read from its kind and text
    /// ([`KeepWithNext::of`]); its structure elements are assigned later.
    pub fn paragraph(kind: ParaKind, spans: Inlines, list: Option<ListMark>) -> Block {
        Block::Paragraph {
            kind,
            keep: KeepWithNext::of(kind, &spans),
            spans,
            list,
            tags: Tags::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn a_colon_at_the_end_introduces_wherever_the_spans_split() {
        let of = |kind, texts: &[&str]| {
            KeepWithNext::of(kind, &texts.iter().map(|t| Span::plain(*t)).collect())
        };
        let body = ParaKind::Body;
        assert_eq!(of(body, &["For example:"]), KeepWithNext::Introduces);
        assert_eq!(
            of(body, &["For ", "example", ":", " ", "\n"]),
            KeepWithNext::Introduces
        );
        assert_eq!(of(body, &["Note: a colon inside"]), KeepWithNext::No);
        assert_eq!(of(body, &[]), KeepWithNext::No);
        assert_eq!(of(ParaKind::Meta, &["Coding · Hard"]), KeepWithNext::Meta);
        assert!(!KeepWithNext::No.keeps() && KeepWithNext::Introduces.keeps());
    }
}
