//! No near-empty pages: on every bundled role in every mode, a page that continues
//! the question on the page before it holds at least a sixth of the text block.
//! (Covers, the contents, practice pages and the pages that open a question or a
//! section are what they are.)

use prep_pdf::content::Bank;
use prep_pdf::document::{self, Answers, Mark};
use prep_pdf::layout::{self, Item, Laid, Paper};

/// How far down the body a page's content reaches, as a share of the body's height.
fn fill(laid: &Laid, page: usize) -> f32 {
    let f = &laid.frame;
    let mut bottom = f.body_top;
    for item in laid.pages[page].items.iter().flat_map(Item::flat) {
        let b = match item {
            Item::Text(t) if !matches!(t.mark, Mark::Header | Mark::Footer) => t.baseline,
            Item::Rect { y, h, .. } | Item::Mask { y, h, .. } => y + h,
            Item::Path(p) => p.bounds().3,
            _ => continue,
        };
        if b <= f.body_bottom + 1.0 {
            bottom = bottom.max(b);
        }
    }
    (bottom - f.body_top) / f.body_height()
}

#[test]
fn no_page_continuing_a_question_is_near_empty() {
    let bank = Bank::bundled();
    let mut short = Vec::new();
    let mut pages = 0;
    for id in bank.role_ids().unwrap() {
        let role = bank.load(&id).unwrap();
        for answers in [Answers::Inline, Answers::End, Answers::None] {
            for paper in [Paper::A4, Paper::Letter] {
                let opts = document::Options {
                    answers,
                    ..Default::default()
                };
                let doc = document::build(&role, &opts);
                let laid = layout::layout(&doc, paper, &prep_pdf::fonts::FontSet::bundled());
                // Pages where something starts: a question, its guide, a section.
                let opens: Vec<usize> = laid.outline.iter().map(|o| o.page).collect();
                for p in 1..laid.pages.len() {
                    pages += 1;
                    let continues = !opens.contains(&p) && p > opens.first().copied().unwrap_or(0);
                    let share = fill(&laid, p);
                    if continues && share < 1.0 / 6.0 {
                        short.push(format!(
                            "{id} {answers:?} {paper:?} page {}: {share:.2}",
                            p + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        short.is_empty(),
        "{} of {pages} pages near-empty:\n{}",
        short.len(),
        short.join("\n")
    );
}
