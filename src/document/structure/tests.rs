use super::*;
use crate::content::markdown::parse_inline;
use crate::document::{Block, HeadingKind, ListMark, ParaKind};

fn item(label: &str, depth: u8, md: &str) -> Block {
    Block::paragraph(
        ParaKind::Body,
        parse_inline(md).0,
        Some(ListMark {
            label: label.into(),
            depth,
        }),
    )
}

fn roles_of(s: &Structure, id: ElemId) -> Vec<&'static str> {
    let mut out = vec![s.elems[id].role.name()];
    let mut at = id;
    while at != Structure::ROOT {
        at = s.elems[at].parent;
        out.push(s.elems[at].role.name());
    }
    out
}

#[test]
fn lists_nest_items_with_labels_and_bodies() {
    let mut blocks = vec![
        Block::Heading {
            kind: HeadingKind::Part,
            level: 3,
            text: "Key points".into(),
            tags: Tags::default(),
        },
        item("•", 0, "one"),
        item("–", 1, "inner"),
        item("•", 0, "two [docs](https://example.com) `x`"),
        item(
            "1.",
            0,
            "[a](https://a.example) — [`https://a.example`](https://a.example)",
        ),
    ];
    let mut s = Structure::new();
    assign(&mut s, &mut blocks);
    let tags = |i: usize| match &blocks[i] {
        Block::Paragraph { tags, .. } | Block::Heading { tags, .. } => tags.clone(),
        _ => unreachable!(),
    };
    assert_eq!(roles_of(&s, tags(0).text.unwrap()), ["H3", "Document"]);
    // Bullets are artifacts; the list says what its labels are.
    assert_eq!(tags(1).label, None);
    assert_eq!(
        roles_of(&s, tags(1).text.unwrap()),
        ["LBody", "LI", "L", "Document"]
    );
    let list = s.ancestor(tags(1).text.unwrap(), Role::L).unwrap();
    assert_eq!(s.elems[list].numbering, Some("Disc"));
    assert_eq!(
        roles_of(&s, tags(2).text.unwrap()),
        ["LBody", "LI", "L", "LBody", "LI", "L", "Document"]
    );
    // The second outer item joins the first one's list.
    let outer = |i: usize| s.ancestor(tags(i).text.unwrap(), Role::L);
    assert_eq!(outer(1), outer(3));
    let spans = tags(3).spans;
    let link = spans.iter().flatten().next().copied().unwrap();
    assert_eq!(s.elems[link].role, Role::Link);
    assert_eq!(s.elems[link].alt.as_deref(), Some("docs"));
    assert_eq!(s.elems[spans.last().unwrap().unwrap()].role, Role::Code);
    // A title and its printed URL are one link, dash and all; numbers are read.
    let resource = tags(4);
    assert_eq!(s.elems[resource.label.unwrap()].role, Role::Lbl);
    let links: Vec<_> = resource.spans.iter().flatten().collect();
    assert!(links.len() == 3 && links.iter().all(|l| l == &links[0]));
    assert_eq!(
        s.elems[*links[0]].alt.as_deref(),
        Some("a — https://a.example")
    );
}
