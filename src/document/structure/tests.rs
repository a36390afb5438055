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
    let mut out = vec![s[id].role.name()];
    let mut at = id;
    while at != Structure::ROOT {
        at = s[at].parent;
        out.push(s[at].role.name());
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
    let mut body = Elems::new(Region::Body);
    assign(&mut body, &mut blocks);
    let s = Structure {
        body: Arc::new(body),
        ..Structure::new()
    };
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
    assert_eq!(s[list].numbering, Some("Disc"));
    assert_eq!(
        roles_of(&s, tags(2).text.unwrap()),
        ["LBody", "LI", "L", "LBody", "LI", "L", "Document"]
    );
    // The second outer item joins the first one's list.
    let outer = |i: usize| s.ancestor(tags(i).text.unwrap(), Role::L);
    assert_eq!(outer(1), outer(3));
    let spans = tags(3).spans;
    let link = spans.iter().flatten().next().copied().unwrap();
    assert_eq!(s[link].role, Role::Link);
    assert_eq!(s[link].alt.as_deref(), Some("docs"));
    assert_eq!(s[spans.last().unwrap().unwrap()].role, Role::Code);
    // A title and its printed URL are one link, dash and all; numbers are read.
    let resource = tags(4);
    assert_eq!(s[resource.label.unwrap()].role, Role::Lbl);
    let links: Vec<_> = resource.spans.iter().flatten().collect();
    assert!(links.len() == 3 && links.iter().all(|l| l == &links[0]));
    assert_eq!(s[*links[0]].alt.as_deref(), Some("a — https://a.example"));
}

/// Render keeps its tables in `index` order, which must be the order one numbering
/// of the whole document, cover first, gives (the PDF's object numbers follow it).
#[test]
fn the_tree_is_indexed_root_then_cover_then_body() {
    let mut cover = Elems::new(Region::Cover);
    let title = cover.add(Role::H1, Structure::ROOT);
    cover.add(Role::P, Structure::ROOT);
    let mut body = Elems::new(Region::Body);
    let h = body.add(Role::H1, Structure::ROOT);
    body.add(Role::P, h);
    let s = Structure {
        cover,
        body: Arc::new(body),
        stamp: None,
    };
    let ids: Vec<ElemId> = s.ids().collect();
    use ElemId::{Body, Cover, Root};
    assert_eq!(ids, [Root, Cover(0), Cover(1), Body(0), Body(1)]);
    assert_eq!(s.count(), ids.len());
    assert!(ids.iter().enumerate().all(|(i, &id)| s.index(id) == i));
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ordered as they are read"
    );
    assert_eq!(s[title].role, Role::H1);
    assert_eq!(s.get(Cover(2)), None, "another tree's element");
}

/// The body numbers its own elements: a "Prepared for" paragraph on the cover moves
/// no body element, so a merge lays a body out once, unstamped, for every copy.
#[test]
fn the_body_is_numbered_the_same_with_or_without_a_stamp() {
    use crate::document::{build, Answers, Options};
    let role = crate::content::Bank::bundled().load("backend-mid").unwrap();
    let modes = [
        Options::default(),
        Options {
            answers: Answers::End,
            sample: Some(3),
            ..Options::default()
        },
    ];
    for opts in modes {
        let plain = build(&role, &opts);
        let stamped = build(
            &role,
            &Options {
                prepared_for: Some("فاطمة الزهراء".into()),
                ..opts.clone()
            },
        );
        assert_eq!(plain.body, stamped.body, "the body's blocks and their tags");
        assert_eq!(plain.structure.body, stamped.structure.body);
        assert!(!plain.structure.body.is_empty());
        // The stamp is the cover's, one element more than an unstamped cover has.
        assert_eq!(plain.structure.stamp, None);
        assert!(matches!(stamped.structure.stamp, Some(ElemId::Cover(_))));
        let (a, b) = (&plain.structure.cover, &stamped.structure.cover);
        assert_eq!(a.len() + 1, b.len());
    }
}

/// A merge's copy: its cover built on an unstamped base is the stamped document,
/// elements and all, with the base's body elements shared, not copied.
#[test]
fn a_cover_on_an_unstamped_base_is_the_stamped_document() {
    use crate::document::{build, build_cover, Options};
    let role = crate::content::Bank::bundled().load("qa-mid").unwrap();
    let base = build(&role, &Options::default());
    let long = "Very Long Name ".repeat(12);
    for name in ["Ada Lovelace", "王小明", "अनन्या शर्मा", long.as_str()] {
        let opts = Options {
            prepared_for: Some(name.into()),
            ..Options::default()
        };
        let one = build(&role, &opts);
        let copy = build_cover(&role, &opts, &base.structure);
        assert_eq!(copy.cover, one.cover, "{name}");
        assert_eq!(*copy.structure, *one.structure, "{name}");
        assert!(copy.body.is_empty());
        assert!(Arc::ptr_eq(&copy.structure.body, &base.structure.body));
    }
}
