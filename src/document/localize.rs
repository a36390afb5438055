//! A role's prose with its quotes set in the reader's language's style (`„…“`,
//! `« … »`), before any block is made; code, diagrams and images keep their
//! characters.

use crate::content::Role;
use crate::labels::Labels;

/// The role with its prose quotes set in its language's style.
pub(super) fn quoted(role: &Role, l: &Labels) -> Role {
    use crate::content::markdown::Block as Md;
    fn blocks(bs: &mut [Md], q: &[String; 4]) {
        for b in bs {
            match b {
                Md::Paragraph(spans) => crate::labels::localize_quotes(spans, q),
                Md::List { items, .. } => items.iter_mut().for_each(|i| blocks(i, q)),
                // Labels in a diagram are names, set as written.
                Md::Code { .. } | Md::Diagram(_) | Md::Image(_) => {}
                Md::Table(t) => {
                    let cells = t.head.iter_mut().chain(t.rows.iter_mut().flatten());
                    cells.for_each(|spans| crate::labels::localize_quotes(spans, q));
                }
            }
        }
    }
    let q = l.quotes();
    let mut role = role.clone();
    for question in &mut role.questions {
        crate::labels::localize_quotes(&mut question.prompt, q);
        if let Some(why) = &mut question.why_they_ask {
            crate::labels::localize_quotes(why, q);
        }
        let g = &mut question.guide;
        blocks(&mut g.overview, q);
        blocks(&mut g.sample_answer, q);
        for spans in [&mut g.key_points, &mut g.follow_ups, &mut g.pitfalls]
            .into_iter()
            .flatten()
        {
            crate::labels::localize_quotes(spans, q);
        }
        if let Some(r) = &mut g.rubric {
            for spans in [&mut r.weak, &mut r.good, &mut r.strong] {
                crate::labels::localize_quotes(spans, q);
            }
        }
    }
    role
}
