use super::*;

const ORDERS: &str = r#"alt: Clients reach the API through a load balancer; the API writes to PostgreSQL.
caption: The order write path
digraph {
  rankdir=LR
  client [label="Client", shape=actor]
  api [label="Order API"]
  db [label="PostgreSQL", shape=cylinder]
  q [label="Kafka: orders", shape=queue]
  client -> api -> db
  api -> q [label="publish", style=dashed]
  subgraph cluster_region { label="eu-west-1"; api; db }
}"#;

fn fault(src: &str) -> Fault {
    parse(src).expect_err("should fail").remove(0)
}

#[test]
fn the_briefs_example_parses_whole() {
    let d = parse(ORDERS).unwrap();
    assert!(d.alt.starts_with("Clients reach"));
    assert_eq!(d.caption.as_deref(), Some("The order write path"));
    let g = &d.graph;
    assert_eq!(g.rankdir, RankDir::LeftRight);
    let labels: Vec<_> = g.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Client", "Order API", "PostgreSQL", "Kafka: orders"]
    );
    assert_eq!(g.nodes[0].shape, Shape::Actor);
    assert_eq!(g.nodes[3].shape, Shape::Queue);
    assert_eq!(g.edges.len(), 3);
    assert_eq!((g.edges[0].from, g.edges[0].to), (0, 1));
    assert_eq!((g.edges[1].from, g.edges[1].to), (1, 2));
    assert!(g.edges[2].dashed && g.edges[2].head && !g.edges[2].tail);
    assert_eq!(g.edges[2].label.as_deref(), Some("publish"));
    assert_eq!(g.clusters[0].label.as_deref(), Some("eu-west-1"));
    assert_eq!(g.nodes[1].cluster, Some(0));
    assert_eq!(g.nodes[0].cluster, None);
}

#[test]
fn undirected_graphs_comments_and_defaults() {
    let src = "alt: x\n# a comment\ngraph G {\n  graph [rankdir=TB] // trailing\n  \
               node [shape=cylinder]\n  /* block */ \"a b\" -- c [dir=both]\n}\n";
    let g = parse(src).unwrap().graph;
    assert_eq!(g.nodes[0].id, "a b");
    assert_eq!(g.nodes[1].shape, Shape::Cylinder);
    assert!(g.edges[0].head && g.edges[0].tail);
    let g = parse("alt: x\ngraph { a -- b }").unwrap().graph;
    assert!(!g.edges[0].head && !g.edges[0].tail);
    let g = parse("alt: x\ndigraph { a -> b [dir=back] }")
        .unwrap()
        .graph;
    assert!(!g.edges[0].head && g.edges[0].tail);
    let g = parse("alt: x\ndigraph { a [label=\"two\\nlines\"] }")
        .unwrap()
        .graph;
    assert_eq!(g.nodes[0].label, "two\nlines");
}

#[test]
fn faults_point_at_the_mistake() {
    let src = "alt: x\ndigraph {\n  a [shape=hexagon]\n}";
    let f = fault(src);
    assert!(f.message.contains("unknown shape `hexagon`"), "{f:?}");
    assert_eq!(f.offset, Some(src.find("shape=").unwrap()));

    let src = "alt: x\ndigraph {\n  a -> \n}";
    let f = fault(src);
    assert!(f.message.contains("expected a node"), "{f:?}");
    assert_eq!(f.offset, Some(src.rfind('}').unwrap()));

    let src = "alt: x\ndigraph { a -- b }";
    assert_eq!(fault(src).offset, src.find("--"));
    let src = "alt: x\ndigraph { a [color=red] }";
    assert!(fault(src).message.contains("unknown attribute `color`"));
    let src = "alt: x\ndigraph { order-api }";
    assert!(fault(src).message.contains("quote the id"));
    let src = "alt: x\ndigraph { a -> a }";
    assert!(fault(src).message.contains("itself"));
    let src = "alt: x\ndigraph { subgraph cluster_a { subgraph cluster_b { x } } }";
    assert!(fault(src).message.contains("do not nest"));
    let src = "alt: x\ndigraph { \"open }";
    assert!(fault(src).message.contains("never closed"));
}

#[test]
fn alt_is_required_once() {
    let f = fault("caption: c\ndigraph { a }");
    assert!(f.message.contains("`alt:`"), "{f:?}");
    assert_eq!(f.offset, None);
    let src = "alt: one\nalt: two\ndigraph { a }";
    let f = fault(src);
    assert!(f.message.contains("one `alt:`"));
    assert_eq!(f.offset, Some(src.find("alt: two").unwrap()));
    assert!(fault("alt:\ndigraph { a }").message.contains("needs text"));
}

#[test]
fn big_graphs_meet_the_documented_limit() {
    let mut src = String::from("alt: many\ndigraph {\n");
    for i in 0..500 {
        src.push_str(&format!("  n{i} -> n{}\n", i + 1));
    }
    src.push('}');
    let faults = parse(&src).expect_err("too big");
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(faults[0].message.contains("at most 40 nodes"));
    assert_eq!(faults[0].offset, Some(src.find("n40\n").unwrap()));
}
