//! The cover: what the copy is (role, level, brand), what it holds and how to use
//! it, and whom it was prepared for. Its elements are numbered apart from the body's
//! ([`super::Region`]), so a stamped copy's cover can be laid out alone on a body
//! laid out once, unstamped.

use super::{category_label, para, sample, tailored, Answers, Block, ListMark, Options, ParaKind};
use crate::content::{Category, Role};
use crate::labels::Labels;
use crate::model::{Inlines, Span};

/// The cover's blocks, and where among them the "Prepared for" stamp is.
pub(super) struct Cover {
    pub blocks: Vec<Block>,
    /// The index in `blocks` of the "Prepared for" paragraph, if the copy is stamped.
    pub stamp_at: Option<usize>,
}

/// The cover: brand, title and level, the tailoring's note, summary, what the copy
/// holds and how to use it, the questions by category, a sample's call to action,
/// and the stamp.
pub(super) fn cover_blocks(
    role: &Role,
    opts: &Options,
    l: &Labels,
    brand: Option<&str>,
    action: &Inlines,
) -> Cover {
    let n = role.questions.len();
    let mut cover = vec![Block::Space(120.0)];
    if let Some(name) = brand {
        cover.push(para(ParaKind::CoverLevel, name.to_string()));
        cover.push(Block::Space(6.0));
    }
    cover.extend([
        para(ParaKind::CoverKicker, l.text("cover_kicker")),
        para(ParaKind::CoverTitle, role.title.clone()),
        para(ParaKind::CoverLevel, role.level.clone()),
        Block::Rule,
    ]);
    if let Some(t) = &opts.tailoring {
        tailored::cover(&mut cover, l, t, &role.title, &role.level);
    }
    cover.extend([
        para(ParaKind::CoverSummary, role.summary.clone()),
        Block::Space(12.0),
    ]);
    let (what, how) = match opts.answers {
        _ if opts.sample.is_some() => ("cover_inline", "how_to_use_sample"),
        Answers::None if opts.practice => ("cover_practice_none", "how_to_practise_sheet"),
        Answers::End if opts.practice => ("cover_practice_end", "how_to_practise_end"),
        Answers::Inline if opts.practice => ("cover_inline", "how_to_practise_sheet"),
        Answers::None => ("cover_none", "how_to_use_none"),
        Answers::Inline => ("cover_inline", "how_to_use_inline"),
        Answers::End => ("cover_end", "how_to_use_end"),
    };
    cover.push(match opts.sample {
        Some(shown) => sample::cover_fact(l, shown.min(n), n),
        None => para(
            ParaKind::CoverFact,
            format!("{} · {}", l.count("question_count", n), l.text(what)),
        ),
    });
    for c in Category::ALL {
        let k = role.questions.iter().filter(|q| q.category == c).count();
        if k > 0 {
            cover.push(Block::paragraph(
                ParaKind::CoverFact,
                vec![Span::plain(format!("{} — {k}", category_label(l, c)))],
                Some(ListMark {
                    label: "•".into(),
                    depth: 0,
                }),
            ));
        }
    }
    if opts.sample.is_some() {
        sample::cover_action(&mut cover, action);
    }
    let mut stamp_at = None;
    if let Some(name) = &opts.prepared_for {
        cover.push(Block::Space(18.0));
        stamp_at = Some(cover.len());
        cover.push(para(
            ParaKind::CoverFact,
            l.fill("prepared_for", &[("name", name)]),
        ));
    }
    cover.push(Block::Space(28.0));
    cover.push(para(ParaKind::CoverNote, l.text(how)));

    Cover {
        blocks: cover,
        stamp_at,
    }
}
