use super::*;

#[test]
fn styles_merge_and_links_keep_targets() {
    let (spans, problems) =
        parse_inline("A **bold** move, *really* — see [docs](https://x.org/a) and `Vec<T>`.");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        plain_text(&spans),
        "A bold move, really — see docs and Vec<T>."
    );
    assert!(spans.iter().any(|s| s.bold && s.text == "bold"));
    assert!(spans
        .iter()
        .any(|s| s.link.as_deref() == Some("https://x.org/a") && s.text == "docs"));
    assert!(spans.iter().any(|s| s.code && s.text == "Vec<T>"));
}

#[test]
fn prose_gets_typographic_punctuation_and_code_does_not() {
    let (spans, _) = parse_inline("It's \"done\" -- see `x = 'a' -- \"b\"`...");
    assert_eq!(plain_text(&spans), "It’s “done” – see x = 'a' -- \"b\"…");
}

#[test]
fn lists_and_code_blocks() {
    let src = "Intro.\n\n1. one\n   - nested\n2. two\n\n```python\nprint(1)\n```\n";
    let (blocks, problems) = parse_blocks(src);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(blocks.len(), 3);
    let Block::List { start, items } = &blocks[1] else {
        panic!()
    };
    assert_eq!(*start, Some(1));
    assert_eq!(items.len(), 2);
    assert!(matches!(items[0][1], Block::List { .. }));
    assert_eq!(
        blocks[2],
        Block::Code {
            lang: Some("python".into()),
            text: "print(1)".into()
        }
    );
}

#[test]
fn unsupported_constructs_are_reported_with_offsets() {
    for (src, word) in [
        ("# Heading", "headings"),
        ("> quoted", "block quotes"),
        ("text <div>html</div>", "raw HTML"),
        ("- a\n  - b\n    - c", "nested more than one level"),
        ("~~gone~~", "strikethrough"),
    ] {
        let (_, problems) = parse_blocks(src);
        assert!(
            problems.iter().any(|p| p.message.contains(word)),
            "{src:?} gave {problems:?}"
        );
    }
    let (_, problems) = parse_blocks("ok\n\nsee <b>this</b>");
    assert_eq!(problems[0].offset, 8);
}

#[test]
fn inline_fields_reject_blocks() {
    let (_, problems) = parse_inline("one\n\ntwo");
    assert_eq!(problems.len(), 1);
    let (_, problems) = parse_inline("- a list");
    assert_eq!(problems.len(), 1);
}

#[test]
fn superscripts_and_subscripts_are_spans_and_strikethrough_is_refused() {
    let (spans, problems) = parse_inline("A rate of 10^-21^ per H~2~O molecule.");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(plain_text(&spans), "A rate of 10-21 per H2O molecule.");
    let sup = spans.iter().find(|s| s.script == Script::Super).unwrap();
    assert_eq!(sup.text, "-21");
    let sub = spans.iter().find(|s| s.script == Script::Sub).unwrap();
    assert_eq!(sub.text, "2");
    let (spans, _) = parse_inline("a ^b^ c, x^2 and y^2");
    assert_eq!(
        spans.iter().filter(|s| s.script == Script::Super).count(),
        1
    );
    let (_, problems) = parse_inline("~~gone~~");
    assert!(
        problems[0].message.contains("strikethrough"),
        "{problems:?}"
    );
}

#[test]
fn an_image_alone_in_its_paragraph_is_a_block_with_alt_and_caption() {
    let src =
        "Before.\n\n![A *cache* in `front`](img/a.png \"The cache\")\n\n- ![In a list](b.svg)\n";
    let (blocks, problems) = parse_blocks(src);
    assert!(problems.is_empty(), "{problems:?}");
    let Block::Image(p) = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert_eq!(p.alt, "A cache in front");
    assert_eq!(p.caption.as_deref(), Some("The cache"));
    assert_eq!((p.src.as_str(), p.at), ("img/a.png", 9));
    let Block::List { items, .. } = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert!(matches!(&items[0][0], Block::Image(p) if p.src == "b.svg"));
}

#[test]
fn misplaced_images_and_images_without_alt_are_problems_at_their_bang() {
    for (src, says) in [
        ("![](a.png)", "needs alt text"),
        ("![  ](a.png \"Caption only\")", "needs alt text"),
        ("Words ![alt](a.png)", "stands alone"),
        ("![alt](a.png) and words", "stands alone"),
        ("[![alt](a.png)](https://example.com)", "cannot be a link"),
        ("| a |\n|---|\n| ![alt](a.png) |", "table cell"),
        ("![alt](../a.png)", "`..`"),
        ("![alt](/etc/a.png)", "absolute"),
    ] {
        let (blocks, problems) = parse_blocks(src);
        assert!(
            problems.iter().any(|p| p.message.contains(says)),
            "{src:?} gave {problems:?}"
        );
        assert!(
            !blocks.iter().any(|b| matches!(b, Block::Image(_))),
            "{src:?}"
        );
        let bang = src.find('!').unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.offset == bang || says == "stands alone"),
            "{src:?}: {problems:?}"
        );
    }
    let (_, problems) = parse_inline("![alt](a.png)");
    assert!(
        problems[0].message.contains("an image is not allowed"),
        "{problems:?}"
    );
}
