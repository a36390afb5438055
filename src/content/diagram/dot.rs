//! The DOT subset diagrams are written in: a lexer, and a parser that builds a
//! [`Graph`] as it reads statements.
//!
//! ```text
//! digraph {                      // or `graph`, whose edges are `--`
//!   rankdir=LR                   // or graph [rankdir=LR]; TB is the default
//!   node [shape=box]             // defaults for the nodes after it
//!   db [label="PostgreSQL", shape=cylinder]
//!   client -> api -> db [label="SQL", dir=both, style=dashed]
//!   subgraph cluster_eu { label="eu-west-1"; api; db }
//! }
//! ```
//!
//! Statements end at `;` or wherever the next one starts, as in DOT, so newlines
//! separate them too; `//`, `#` and `/* */` are comments; ids are bare words or
//! quoted strings. A node named only in an edge is declared by it, labelled with
//! its id. Anything DOT has that is not drawn here (ports, HTML labels, colours,
//! nested clusters) is a [`Fault`], never silently ignored. Lexing stops at the
//! first bad token and parsing at the first syntax error; unknown attributes and
//! shapes are all reported.

use super::lex::{lex, Tok};
use super::{Cluster, Edge, Fault, Graph, Node, RankDir, Shape, MAX_EDGES, MAX_NODES};

/// Parses the graph in `src` from byte `start` (after the header lines).
pub fn parse(src: &str, start: usize) -> Result<Graph, Vec<Fault>> {
    let toks = lex(src, start).map_err(|f| vec![f])?;
    let mut p = Parser {
        toks,
        at: 0,
        end: src.len(),
        graph: Graph::default(),
        directed: true,
        cluster: None,
        node_shape: Shape::Box,
        edge_defaults: EdgeStyle::default(),
        faults: Vec::new(),
    };
    if let Err(f) = p.graph() {
        p.faults.push(f);
    }
    if p.faults.is_empty() {
        Ok(p.graph)
    } else {
        Err(p.faults)
    }
}

/// An edge's look, from its attributes or an `edge [...]` default.
#[derive(Clone, Debug, Default)]
struct EdgeStyle {
    label: Option<String>,
    /// `dir=`: `forward`, `back`, `both` or `none`; the graph's kind decides if unset.
    dir: Option<String>,
    dashed: bool,
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    at: usize,
    /// The offset reported for "ended too soon".
    end: usize,
    graph: Graph,
    /// `digraph` (edges `->`) or `graph` (edges `--`).
    directed: bool,
    /// The cluster whose body is being read.
    cluster: Option<usize>,
    node_shape: Shape,
    edge_defaults: EdgeStyle,
    faults: Vec<Fault>,
}

type Attrs = Vec<(String, String, usize)>;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.toks.get(self.at).map_or(self.end, |&(_, o)| o)
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let hit = self.peek() == Some(tok);
        self.at += usize::from(hit);
        hit
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<(), Fault> {
        if self.eat(&tok) {
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, what: &str) -> Fault {
        match self.toks.get(self.at) {
            Some((Tok::Id(id, _), o)) => Fault::new(*o, format!("expected {what}, found `{id}`")),
            Some((_, o)) => Fault::new(*o, format!("expected {what}")),
            None => Fault::new(
                self.end,
                format!("the graph ends too soon: expected {what}"),
            ),
        }
    }

    /// The next token if it is a bare `word` (any case), consumed.
    fn keyword(&mut self, word: &str) -> bool {
        let hit = matches!(self.peek(), Some(Tok::Id(w, false)) if w.eq_ignore_ascii_case(word));
        self.at += usize::from(hit);
        hit
    }

    fn id(&mut self, what: &str) -> Result<(String, usize), Fault> {
        match self.toks.get(self.at) {
            Some((Tok::Id(id, _), o)) => {
                let out = (id.clone(), *o);
                self.at += 1;
                Ok(out)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    /// `strict? (digraph | graph) ID? { stmts }`
    fn graph(&mut self) -> Result<(), Fault> {
        self.keyword("strict");
        if self.keyword("digraph") {
            self.directed = true;
        } else if self.keyword("graph") {
            self.directed = false;
        } else {
            return Err(self.unexpected("`digraph {` or `graph {` after the header lines"));
        }
        if matches!(self.peek(), Some(Tok::Id(..))) {
            self.at += 1;
        }
        self.expect(Tok::Open, "`{`")?;
        self.statements()?;
        if let Some(&(_, o)) = self.toks.get(self.at) {
            return Err(Fault::new(o, "nothing may follow the graph's closing `}`"));
        }
        Ok(())
    }

    /// Statements up to and including the `}` that closes them.
    fn statements(&mut self) -> Result<(), Fault> {
        loop {
            match self.peek() {
                None => return Err(self.unexpected("`}`")),
                Some(Tok::Close) => {
                    self.at += 1;
                    return Ok(());
                }
                Some(Tok::Semi) => self.at += 1,
                _ => self.statement()?,
            }
        }
    }

    fn statement(&mut self) -> Result<(), Fault> {
        let start = self.offset();
        if self.keyword("graph") {
            for (key, value, at) in self.attr_lists()? {
                self.graph_attr(&key, &value, at);
            }
        } else if self.keyword("node") {
            for (key, value, at) in self.attr_lists()? {
                match key.as_str() {
                    "shape" => self.node_shape = self.shape(&value, at),
                    _ => self.unknown(&key, at, "node defaults take shape"),
                }
            }
        } else if self.keyword("edge") {
            let attrs = self.attr_lists()?;
            let mut style = std::mem::take(&mut self.edge_defaults);
            self.edge_style(&mut style, attrs);
            self.edge_defaults = style;
        } else if self.keyword("subgraph") {
            self.subgraph(start)?;
        } else if self.peek() == Some(&Tok::Open) {
            return Err(Fault::new(
                start,
                "anonymous subgraphs are not supported; a cluster is `subgraph cluster_NAME { … }`",
            ));
        } else {
            let (id, at) = self.id("a node, an edge or an attribute")?;
            if self.eat(&Tok::Eq) {
                let (value, _) = self.id("a value after `=`")?;
                self.graph_attr(&id, &value, at);
            } else {
                self.node_or_edges(id, at)?;
            }
        }
        Ok(())
    }

    /// `subgraph cluster_NAME { stmts }`, whose `subgraph` keyword was at `start`.
    fn subgraph(&mut self, start: usize) -> Result<(), Fault> {
        let name = match self.peek() {
            Some(Tok::Id(..)) => self.id("a name")?.0,
            _ => String::new(),
        };
        if self.cluster.is_some() {
            return Err(Fault::new(start, "clusters do not nest"));
        }
        if !name.starts_with("cluster") {
            return Err(Fault::new(
                start,
                "only clusters are drawn: name the subgraph `cluster_…`",
            ));
        }
        self.expect(Tok::Open, "`{` after the subgraph's name")?;
        self.graph.clusters.push(Cluster::default());
        self.cluster = Some(self.graph.clusters.len() - 1);
        let body = self.statements();
        self.cluster = None;
        body
    }

    fn graph_attr(&mut self, key: &str, value: &str, at: usize) {
        match (key, self.cluster) {
            ("rankdir", None) => match value.to_ascii_uppercase().as_str() {
                "TB" => self.graph.rankdir = RankDir::TopBottom,
                "LR" => self.graph.rankdir = RankDir::LeftRight,
                _ => self.faults.push(Fault::new(
                    at,
                    format!("rankdir `{value}` is not supported: use TB or LR"),
                )),
            },
            ("label", Some(c)) => self.graph.clusters[c].label = Some(value.to_string()),
            (_, None) => self.unknown(key, at, "a graph takes rankdir"),
            (_, Some(_)) => self.unknown(key, at, "a cluster takes label"),
        }
    }

    fn unknown(&mut self, key: &str, at: usize, takes: &str) {
        self.faults.push(Fault::new(
            at,
            format!("unknown attribute `{key}`: {takes}"),
        ));
    }

    fn shape(&mut self, value: &str, at: usize) -> Shape {
        Shape::named(value).unwrap_or_else(|| {
            self.faults.push(Fault::new(
                at,
                format!(
                    "unknown shape `{value}`: use box, cylinder, queue, actor, cloud or ellipse"
                ),
            ));
            Shape::Box
        })
    }

    /// Any number of `[key=value, …]` lists.
    fn attr_lists(&mut self) -> Result<Attrs, Fault> {
        let mut out = Vec::new();
        while self.eat(&Tok::OpenAttrs) {
            while !self.eat(&Tok::CloseAttrs) {
                let (key, at) = self.id("an attribute name or `]`")?;
                self.expect(Tok::Eq, &format!("`=` after `{key}`"))?;
                let (value, _) = self.id(&format!("a value for `{key}`"))?;
                out.push((key.to_ascii_lowercase(), value, at));
                if !self.eat(&Tok::Comma) {
                    self.eat(&Tok::Semi);
                }
            }
        }
        Ok(out)
    }

    /// A node statement, or an edge chain, whose first id has been read.
    fn node_or_edges(&mut self, first: String, at: usize) -> Result<(), Fault> {
        let mut chain = vec![(first, at)];
        loop {
            let op_at = self.offset();
            let op = match self.peek() {
                Some(Tok::Directed) => true,
                Some(Tok::Undirected) => false,
                _ => break,
            };
            self.at += 1;
            if op != self.directed {
                let (want, kind) = if self.directed {
                    ("->", "digraph")
                } else {
                    ("--", "graph")
                };
                return Err(Fault::new(
                    op_at,
                    format!("a {kind}'s edges are written `{want}`"),
                ));
            }
            chain.push(self.id("a node after the edge")?);
        }
        let attrs = self.attr_lists()?;
        let nodes: Vec<Option<usize>> = chain.iter().map(|(id, at)| self.node(id, *at)).collect();
        if chain.len() == 1 {
            self.node_attrs(nodes[0], attrs);
            return Ok(());
        }
        let mut style = self.edge_defaults.clone();
        self.edge_style(&mut style, attrs);
        for (pair, ends) in nodes.windows(2).zip(chain.windows(2)) {
            let (Some(from), Some(to)) = (pair[0], pair[1]) else {
                continue;
            };
            self.edge(from, to, &style, ends[1].1);
        }
        Ok(())
    }

    fn node_attrs(&mut self, node: Option<usize>, attrs: Attrs) {
        for (key, value, at) in attrs {
            match (key.as_str(), node) {
                ("label", Some(n)) => self.graph.nodes[n].label = value,
                ("shape", n) => {
                    let shape = self.shape(&value, at);
                    if let Some(n) = n {
                        self.graph.nodes[n].shape = shape;
                    }
                }
                ("label", None) => {}
                _ => self.unknown(&key, at, "a node takes label and shape"),
            }
        }
    }

    fn edge_style(&mut self, style: &mut EdgeStyle, attrs: Attrs) {
        for (key, value, at) in attrs {
            match key.as_str() {
                "label" => style.label = Some(value),
                "dir" => match value.as_str() {
                    "forward" | "back" | "both" | "none" => style.dir = Some(value),
                    _ => self.faults.push(Fault::new(
                        at,
                        format!("dir `{value}` is not one of forward, back, both, none"),
                    )),
                },
                "style" => match value.as_str() {
                    "dashed" | "dotted" => style.dashed = true,
                    "solid" => style.dashed = false,
                    _ => self.faults.push(Fault::new(
                        at,
                        format!("edge style `{value}` is not one of solid, dashed"),
                    )),
                },
                _ => self.unknown(&key, at, "an edge takes label, dir and style"),
            }
        }
    }

    /// The index of node `id`, declared now if new; `None` past the node limit.
    fn node(&mut self, id: &str, at: usize) -> Option<usize> {
        let found = self.graph.nodes.iter().position(|n| n.id == id);
        let n = match found {
            Some(n) => n,
            None if self.graph.nodes.len() == MAX_NODES => {
                if !self.faults.iter().any(|f| f.message.contains("at most")) {
                    self.faults.push(Fault::new(
                        at,
                        format!(
                            "a diagram has at most {MAX_NODES} nodes; split it into several \
                             diagrams"
                        ),
                    ));
                }
                return None;
            }
            None => {
                self.graph.nodes.push(Node {
                    id: id.to_string(),
                    label: id.to_string(),
                    shape: self.node_shape,
                    cluster: None,
                });
                self.graph.nodes.len() - 1
            }
        };
        if let Some(c) = self.cluster {
            match self.graph.nodes[n].cluster {
                Some(other) if other != c => self.faults.push(Fault::new(
                    at,
                    format!("node `{id}` is already in another cluster; clusters do not overlap"),
                )),
                _ => self.graph.nodes[n].cluster = Some(c),
            }
        }
        Some(n)
    }

    fn edge(&mut self, from: usize, to: usize, style: &EdgeStyle, at: usize) {
        if from == to {
            let id = &self.graph.nodes[from].id;
            let message = format!("an edge from `{id}` to itself is not drawn");
            self.faults.push(Fault::new(at, message));
            return;
        }
        if self.graph.edges.len() == MAX_EDGES {
            if !self.faults.iter().any(|f| f.message.contains("edges")) {
                let message = format!("a diagram has at most {MAX_EDGES} edges");
                self.faults.push(Fault::new(at, message));
            }
            return;
        }
        let dir = style
            .dir
            .as_deref()
            .unwrap_or(if self.directed { "forward" } else { "none" });
        self.graph.edges.push(Edge {
            from,
            to,
            label: style.label.clone(),
            head: matches!(dir, "forward" | "both"),
            tail: matches!(dir, "back" | "both"),
            dashed: style.dashed,
        });
    }
}
