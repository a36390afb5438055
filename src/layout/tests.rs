//! Pagination rules and the margin guarantee, tested on generated documents.

use super::flow::{flow, FlowItem};
use super::paginate::{place, Slot};
use super::{layout, Frame, Item, Paper, Pt};
use crate::document::{self, Answers, Block, HeadingKind, ListMark, ParaKind, Tags};
use crate::fonts::FontSet;
use crate::model::Span;

fn para(text: &str) -> Block {
    Block::paragraph(ParaKind::Body, vec![Span::plain(text)], None)
}

/// `n` words of filler, enough for about n/13 lines of body text.
fn words(n: usize) -> String {
    (0..n)
        .map(|i| ["design", "cache", "latency", "queue", "index", "shard"][i % 6])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Flows `blocks` after `filler` one-line paragraphs, and returns the items and
/// their slots, with the index of the first block under test.
fn placed_after(filler: usize, blocks: Vec<Block>) -> (Vec<FlowItem>, Vec<Slot>, usize) {
    let frame = Frame::new(Paper::A4);
    let mut all: Vec<Block> = (0..filler).map(|_| para("filler line")).collect();
    all.extend(blocks);
    // Text after the blocks under test, so the document's end, whose last sixth
    // of a page is kept together, is not where they are.
    all.extend((0..12).map(|_| para("trailing line")));
    let items = flow(&all, &frame, &FontSet::bundled());
    let slots = place(&items, &frame, frame.body_top);
    (items, slots, filler)
}

/// The pages the items of block `b` landed on, in order.
fn pages_of(items: &[FlowItem], slots: &[Slot], b: usize) -> Vec<usize> {
    items
        .iter()
        .zip(slots)
        .filter(|(it, _)| it.source.0 == b)
        .map(|(_, s)| s.page)
        .collect()
}

#[test]
fn a_heading_always_has_two_lines_of_its_text_under_it() {
    for filler in 0..70 {
        let heading = Block::Heading {
            kind: HeadingKind::Part,
            level: 3,
            text: "Sample answer".into(),
            tags: Tags::default(),
        };
        let (items, slots, b) = placed_after(filler, vec![heading, para(&words(90))]);
        let h = pages_of(&items, &slots, b);
        let p = pages_of(&items, &slots, b + 1);
        assert!(p.len() >= 4, "the test paragraph should be long");
        assert_eq!(
            h[0], p[0],
            "filler {filler}: heading parted from its first line"
        );
        assert_eq!(
            p[0], p[1],
            "filler {filler}: heading with one line under it"
        );
    }
}

#[test]
fn a_question_heading_and_its_category_stay_with_the_prompt() {
    let meta = Block::paragraph(
        ParaKind::Meta,
        vec![Span::plain("Behavioral · Medium")],
        None,
    );
    let prompt = Block::paragraph(ParaKind::Prompt, vec![Span::plain(words(40))], None);
    for filler in 0..70 {
        let heading = Block::Heading {
            kind: HeadingKind::Question,
            level: 3,
            text: "Question 5".into(),
            tags: Tags::default(),
        };
        let (items, slots, b) = placed_after(filler, vec![heading, meta.clone(), prompt.clone()]);
        let h = pages_of(&items, &slots, b)[0];
        let m = pages_of(&items, &slots, b + 1)[0];
        let p = pages_of(&items, &slots, b + 2);
        assert!(
            h == m && m == p[0] && p[0] == p[1],
            "filler {filler}: {h} {m} {p:?}"
        );
    }
}

#[test]
fn a_question_never_ends_with_a_line_alone_on_a_page() {
    // The end of the document (as of a question, before its page break): whatever
    // the filler, the last page holds at least a sixth of the body, or all of it.
    let frame = Frame::new(Paper::A4);
    for filler in 0..70 {
        let mut blocks: Vec<Block> = (0..filler).map(|_| para("filler line")).collect();
        blocks.extend((0..3).map(|i| para(&format!("last line {i}"))));
        let items = flow(&blocks, &frame, &FontSet::bundled());
        let slots = place(&items, &frame, frame.body_top);
        let last = slots.last().unwrap();
        let first = slots.iter().find(|s| s.page == last.page).unwrap();
        let on_last: Pt = last.top + items.last().unwrap().height - first.top;
        let all_of_it = slots.iter().all(|s| s.page == last.page);
        assert!(
            all_of_it || on_last >= frame.body_height() / 6.0,
            "filler {filler}: {on_last} pt on the last page"
        );
    }
}

#[test]
fn why_they_ask_stays_with_its_prompt() {
    let prompt = Block::paragraph(ParaKind::Prompt, vec![Span::plain(words(30))], None);
    let why = Block::paragraph(ParaKind::Why, vec![Span::plain(words(30))], None);
    for filler in 0..70 {
        let (items, slots, b) = placed_after(filler, vec![prompt.clone(), why.clone()]);
        let p = pages_of(&items, &slots, b);
        let w = pages_of(&items, &slots, b + 1);
        assert_eq!(p[p.len() - 1], w[0], "filler {filler}");
    }
}

#[test]
fn a_short_last_list_item_never_opens_a_page_alone() {
    let item = |n: usize| {
        Block::paragraph(
            ParaKind::Body,
            vec![Span::plain(words(n))],
            Some(ListMark {
                label: "•".into(),
                depth: 0,
            }),
        )
    };
    let mut seen_split = false;
    for filler in 0..70 {
        let (items, slots, b) =
            placed_after(filler, vec![item(20), item(20), item(12), para("after")]);
        let pages: Vec<usize> = (b..b + 3).map(|k| pages_of(&items, &slots, k)[0]).collect();
        assert_eq!(
            pages[1], pages[2],
            "filler {filler}: last item alone {pages:?}"
        );
        seen_split |= pages[0] != pages[1];
    }
    assert!(
        seen_split,
        "the list should break between its first two items somewhere"
    );
}

#[test]
fn a_paragraph_ending_in_a_colon_stays_with_its_code() {
    let code = Block::Code {
        lang: None,
        text: "SELECT 1;\nSELECT 2;".into(),
        depth: 0,
        tags: Tags::default(),
    };
    for filler in 0..70 {
        let (items, slots, b) = placed_after(
            filler,
            vec![para("Reserve stock in one statement:"), code.clone()],
        );
        assert_eq!(
            pages_of(&items, &slots, b)[0],
            pages_of(&items, &slots, b + 1)[0],
            "filler {filler}"
        );
    }
}

#[test]
fn no_paragraph_leaves_a_single_line_at_a_page_foot_or_head() {
    let mut split_seen = false;
    for filler in 0..70 {
        let (items, slots, b) = placed_after(filler, vec![para(&words(100))]);
        let pages = pages_of(&items, &slots, b);
        let first_page_lines = pages.iter().filter(|p| **p == pages[0]).count();
        let last_page_lines = pages
            .iter()
            .filter(|p| **p == pages[pages.len() - 1])
            .count();
        if first_page_lines < pages.len() {
            split_seen = true;
            assert!(first_page_lines >= 2, "filler {filler}: orphan {pages:?}");
            assert!(last_page_lines >= 2, "filler {filler}: widow {pages:?}");
        }
    }
    assert!(
        split_seen,
        "some filler should make the paragraph break across pages"
    );
}

#[test]
fn list_items_and_short_code_blocks_stay_whole() {
    let item = Block::paragraph(
        ParaKind::Body,
        vec![Span::plain(words(40))],
        Some(ListMark {
            label: "•".into(),
            depth: 0,
        }),
    );
    let code = Block::Code {
        lang: None,
        text: (0..10)
            .map(|i| format!("let x{i} = {i};"))
            .collect::<Vec<_>>()
            .join("\n"),
        depth: 0,
        tags: Tags::default(),
    };
    for filler in 0..70 {
        let (items, slots, b) = placed_after(filler, vec![item.clone(), code.clone()]);
        for block in [b, b + 1] {
            let pages = pages_of(&items, &slots, block);
            assert!(
                pages.iter().all(|p| *p == pages[0]),
                "filler {filler}: block {block} split {pages:?}"
            );
        }
    }
}

#[test]
fn a_code_block_taller_than_a_page_splits_and_stays_in_the_body() {
    let frame = Frame::new(Paper::A4);
    let code = Block::Code {
        lang: None,
        text: (0..200)
            .map(|i| format!("step({i});"))
            .collect::<Vec<_>>()
            .join("\n"),
        depth: 0,
        tags: Tags::default(),
    };
    let items = flow(&[para("intro"), code], &frame, &FontSet::bundled());
    let slots = place(&items, &frame, frame.body_top);
    assert!(slots.last().unwrap().page >= 3);
    for (it, s) in items.iter().zip(&slots) {
        assert!(
            s.top >= frame.body_top && s.top + it.height <= frame.body_bottom,
            "{s:?}"
        );
    }
}

/// A role that stresses layout: long words, long code lines, nested lists, many
/// questions.
fn stress_yaml(n: usize) -> String {
    let mut y = String::from(
        "title: Stress Tester\nlevel: Mid level\nsummary: Everything at once.\nquestions:\n",
    );
    for i in 0..n {
        y.push_str(&format!(
            "  - id: q{i}\n    category: coding\n    difficulty: hard\n    prompt: \"Question {i}: see https://example.com/{long} and `{ident}` then {text}\"\n    why_they_ask: {text}\n    answer_guide:\n      overview: |\n        {text}\n\n        - level one {text}\n          - level two {text}\n      key_points: [\"{text}\", \"`{ident}`\"]\n      sample_answer: |\n        {text}\n\n        ```python\n        {code}\n        {code}\n        ```\n      follow_ups: [\"{text}?\"]\n      pitfalls: [\"{text}\"]\n      resources:\n        - {{ title: Long, url: \"https://example.com/{long}\" }}\n",
            long = "segment/".repeat(30 + i % 7),
            ident = "very_long_identifier_without_breaks_".repeat(4 + i % 5),
            text = words(20 + (i * 37) % 140),
            code = format!("result = compute({})", "argument, ".repeat(10 + i % 20)),
        ));
    }
    y
}

#[test]
fn every_mark_lies_inside_the_margins() {
    let dir = std::env::temp_dir().join(format!("prep-pdf-stress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("stress.yaml"), stress_yaml(60)).unwrap();
    let mut role = crate::content::Bank::dir(&dir).load("stress").unwrap();
    // Running heads are single lines: long ones must be shortened, not overflow.
    role.title = "Distributed Systems and Platform Reliability Engineering Lead ".repeat(3);
    std::fs::remove_dir_all(&dir).unwrap();
    let mut checked = 0;
    for paper in [Paper::A4, Paper::Letter] {
        for (answers, practice) in [
            (Answers::Inline, false),
            (Answers::End, false),
            (Answers::None, false),
            (Answers::End, true),
            (Answers::None, true),
        ] {
            let opts = document::Options {
                answers,
                practice,
                prepared_for: Some(
                    "Augusta Ada King, Countess of Lovelace, née Byron, of Ockham Park, ".repeat(2),
                ),
                ..Default::default()
            };
            let doc = document::build(&role, &opts);
            let laid = layout(&doc, paper, &FontSet::bundled());
            let f = laid.frame;
            // At least 15 mm on every side, as promised; the frame's own bands are inside.
            assert!(f.left >= super::mm(15.0) && f.top >= super::mm(15.0));
            assert!(f.width - f.right >= super::mm(15.0) && f.height - f.bottom >= super::mm(15.0));
            for (p, page) in laid.pages.iter().enumerate() {
                // No two runs on one line overlap (a long running head would run
                // into the page number, say).
                let mut runs: Vec<(i64, f32, f32)> = page
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Text(t) => {
                            Some(((t.baseline * 10.0).round() as i64, t.x, t.x + t.width))
                        }
                        _ => None,
                    })
                    .collect();
                runs.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
                for w in runs.windows(2) {
                    if w[0].0 == w[1].0 {
                        assert!(
                            w[1].1 >= w[0].2 - 0.01,
                            "{paper:?} {answers:?} page {}: runs overlap {w:?}",
                            p + 1
                        );
                    }
                }
                for item in page.items.iter().flat_map(Item::flat) {
                    let (x0, y0, x1, y1) = match item {
                        // Glyphs reach about 0.8 em above the baseline and 0.25 em below.
                        Item::Text(t) => (
                            t.x,
                            t.baseline - 0.8 * t.size,
                            t.x + t.width,
                            t.baseline + 0.25 * t.size,
                        ),
                        Item::Rect { x, y, w, h, .. }
                        | Item::Link { x, y, w, h, .. }
                        | Item::Image { x, y, w, h }
                        | Item::Picture { x, y, w, h, .. }
                        | Item::Mask { x, y, w, h, .. } => (*x, *y, x + w, y + h),
                        Item::Rule {
                            x1,
                            x2,
                            y,
                            thickness,
                            ..
                        } => (*x1, y - thickness, *x2, y + thickness),
                        Item::Path(p) => p.bounds(),
                        Item::PageRef { .. } => panic!("finalize leaves no page references"),
                        Item::Group { .. } => unreachable!("flat() opens groups"),
                    };
                    let inside = x0 >= f.left - 0.01
                        && x1 <= f.right + 0.01
                        && y0 >= f.top - 0.01
                        && y1 <= f.bottom + 0.01;
                    assert!(
                        inside,
                        "{paper:?} {answers:?} page {}: {item:?} outside {f:?}",
                        p + 1
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn long_code_lines_wrap_with_a_continuation_mark_inside_the_block() {
    let frame = Frame::new(Paper::A4);
    let long = format!("result = compute({})", "argument, ".repeat(30));
    let items = flow(
        &[Block::Code {
            lang: None,
            text: format!("short()\n{long}\n    indented()"),
            depth: 0,
            tags: Tags::default(),
        }],
        &frame,
        &FontSet::bundled(),
    );
    let texts: Vec<Vec<String>> = items
        .iter()
        .map(|it| {
            it.contents
                .iter()
                .filter_map(|c| {
                    if let Item::Text(t) = c {
                        Some(t.text())
                    } else {
                        None
                    }
                })
                .collect()
        })
        .collect();
    assert!(texts.len() >= 5, "{texts:?}");
    // A row that ends a source line ends with a space, so the code reads back in lines.
    assert_eq!(texts[0], ["short() "]);
    // The long line continues on marked rows, and nothing is lost.
    let continued: Vec<&Vec<String>> = texts
        .iter()
        .filter(|t| t.first().is_some_and(|m| m == "→"))
        .collect();
    assert!(continued.len() >= 2, "{texts:?}");
    let rejoined: String = texts[1..texts.len() - 1]
        .iter()
        .map(|t| t.last().unwrap().clone())
        .collect();
    assert_eq!(rejoined, format!("{} ", long.trim_end()));
    // Leading white space is kept.
    assert_eq!(texts.last().unwrap(), &["    indented()"]);
    for it in &items {
        for c in &it.contents {
            if let Item::Text(t) = c {
                assert!(t.x + t.width <= frame.right, "{t:?}");
            }
        }
    }
}
