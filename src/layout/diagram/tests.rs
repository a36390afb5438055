use super::*;
use crate::content::diagram::parse;

fn drawn(src: &str, max_w: Pt) -> Drawn {
    draw(
        &crate::fonts::FontSet::bundled(),
        &parse(src).unwrap().graph,
        max_w,
        1000.0,
        Mark::Elem(crate::document::ElemId::Body(0)),
    )
}

/// The boxes of a drawing's texts: (text, left, baseline, right).
fn texts(d: &Drawn) -> Vec<(String, Pt, Pt, Pt)> {
    d.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some((t.text(), t.x, t.baseline, t.x + t.width)),
            _ => None,
        })
        .collect()
}

#[test]
fn ranks_run_down_or_across() {
    let d = drawn("alt: x\ndigraph { a -> b -> c }", 400.0);
    let t = texts(&d);
    assert_eq!(t.len(), 3);
    assert!(t[0].2 < t[1].2 && t[1].2 < t[2].2, "{t:?}");
    let d = drawn("alt: x\ndigraph { rankdir=LR; a -> b -> c }", 400.0);
    let t = texts(&d);
    assert!(t[0].3 < t[1].1 && t[1].3 < t[2].1, "{t:?}");
    assert!(d.width > d.height);
}

#[test]
fn everything_is_inside_the_box_and_marked() {
    let src = "alt: x\ndigraph { rankdir=LR; a -> b -> c -> d -> e -> f -> g -> h -> i -> j }";
    let d = drawn(src, 200.0);
    assert!(d.width <= 200.01, "{}", d.width);
    for (text, l, _, r) in texts(&d) {
        assert!(l >= -0.01 && r <= d.width + 0.01, "{text} at {l}..{r}");
    }
    for item in &d.items {
        match item {
            Item::Text(t) => assert_eq!(t.mark, Mark::Elem(crate::document::ElemId::Body(0))),
            Item::Path(p) => {
                for op in &p.ops {
                    if let PathOp::Move(x, y) | PathOp::Line(x, y) = op {
                        assert!(*x >= -0.5 && *x <= d.width + 0.5, "x {x}");
                        assert!(*y >= -0.5 && *y <= d.height + 0.5, "y {y}");
                    }
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn labels_sit_inside_their_nodes_and_nodes_do_not_overlap() {
    let src = "alt: x\ndigraph {\n a -> b; a -> c; a -> d; b -> e; c -> e; d -> e\n \
               b -> d [label=\"a long edge label\"]\n subgraph cluster_x { label=\"zone\"; c; d }\n}";
    let d = drawn(src, 1000.0);
    let t = texts(&d);
    let nodes: Vec<_> = t.iter().filter(|t| t.0.len() == 1).collect();
    assert_eq!(nodes.len(), 5);
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let apart = a.3 + 8.0 < b.1 || b.3 + 8.0 < a.1 || (a.2 - b.2).abs() > 12.0;
            assert!(apart, "{a:?} and {b:?} collide");
        }
    }
    // The edge label is not on top of a node label.
    let label = t.iter().find(|t| t.0 == "a long edge label").unwrap();
    for n in &nodes {
        let apart = label.3 < n.1 || n.3 < label.1 || (label.2 - n.2).abs() > 9.0;
        assert!(apart, "{label:?} over {n:?}");
    }
}

#[test]
fn cycles_are_laid_out() {
    let d = drawn("alt: x\ndigraph { a -> b -> c -> a; c -> b }", 400.0);
    assert_eq!(texts(&d).len(), 3);
    assert!(d.height > 0.0 && d.width > 0.0);
}

#[test]
fn a_graph_too_wide_across_is_laid_out_down() {
    let mut src = String::from("alt: x\ndigraph { rankdir=LR\n");
    for i in 0..8 {
        src.push_str(&format!("  n{i} [label=\"A rather long label {i}\"]\n"));
        if i > 0 {
            src.push_str(&format!("  n{} -> n{i}\n", i - 1));
        }
    }
    src.push('}');
    let d = drawn(&src, 480.0);
    // Across, eight 100 pt nodes would be set at half size; down they fit.
    let t = texts(&d);
    assert!(t[0].2 < t[1].2, "ranks run down: {t:?}");
    let size = d.items.iter().find_map(|i| match i {
        Item::Text(t) => Some(t.size),
        _ => None,
    });
    assert_eq!(size, Some(NODE_SIZE));
}
