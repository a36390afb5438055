//! Diagrams as code: a fenced ```` ```diagram ```` block → a validated [`Diagram`].
//!
//! ```
//! use prep_pdf::content::diagram::{parse, Shape};
//! let src = "alt: A client calls the API.\ndigraph { client [shape=actor]; client -> api }";
//! let d = parse(src).expect("valid");
//! assert_eq!(d.graph.nodes.len(), 2);
//! assert_eq!(d.graph.nodes[0].shape, Shape::Actor);
//! ```
//!
//! A block is header lines (`alt:`, required, and `caption:`), then a graph in the
//! subset of Graphviz's DOT that system-design answers need (see [`dot`] and
//! `docs/content-format.md`). The model says only what is drawn — nodes with labels
//! and shapes, edges with labels, arrowheads and dashes, clusters with labels, the
//! direction ranks run in — and nothing about where: layout places it. Every
//! problem is a [`Fault`] at its byte offset in the block's text, so a role file's
//! error names the line and column of the mistake.

pub mod dot;
mod lex;

/// The most nodes a diagram may have: a figure on a page stays readable (and laid
/// out in a blink) well past what an interview answer draws, and hostile input
/// cannot make layout's quadratic steps slow.
pub const MAX_NODES: usize = 40;
/// The most edges a diagram may have, for the same reasons.
pub const MAX_EDGES: usize = 100;

/// A diagram: what a screen reader says for it, its caption, and its graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// The `alt:` line: required, because a figure without words is lost on anyone
    /// who cannot see it.
    pub alt: String,
    pub caption: Option<String>,
    pub graph: Graph,
}

/// Which way ranks run: top to bottom (`TB`, DOT's default) or left to right (`LR`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RankDir {
    #[default]
    TopBottom,
    LeftRight,
}

/// How a node is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    /// A rounded box: a service, a process (the default).
    #[default]
    Box,
    /// A database.
    Cylinder,
    /// A queue or a log: a box with vertical bands.
    Queue,
    /// A person: a stick figure above the label.
    Actor,
    /// An external network or a third party.
    Cloud,
    Ellipse,
}

impl Shape {
    /// The shape spelled `name` in a `shape=` attribute.
    pub fn named(name: &str) -> Option<Shape> {
        Some(match name.to_ascii_lowercase().as_str() {
            "box" | "rect" | "rectangle" => Shape::Box,
            "cylinder" | "database" => Shape::Cylinder,
            "queue" => Shape::Queue,
            "actor" | "person" => Shape::Actor,
            "cloud" => Shape::Cloud,
            "ellipse" | "oval" => Shape::Ellipse,
            _ => return None,
        })
    }
}

/// A node of the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    /// The text drawn in the node: its `label`, else its id. Lines are split at `\n`.
    pub label: String,
    pub shape: Shape,
    /// The cluster the node is drawn in, an index into [`Graph::clusters`].
    pub cluster: Option<usize>,
}

/// An edge between two nodes, by index into [`Graph::nodes`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    /// An arrowhead at `to`.
    pub head: bool,
    /// An arrowhead at `from`.
    pub tail: bool,
    pub dashed: bool,
}

/// A cluster: a labelled frame around some nodes (a region, a service boundary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cluster {
    pub label: Option<String>,
}

/// A graph: nodes in the order they were first named, edges in written order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub rankdir: RankDir,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub clusters: Vec<Cluster>,
}

/// A problem in a diagram block, at a byte offset into the block's text, or with
/// the block as a whole (`None`: reported at its fence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub offset: Option<usize>,
    pub message: String,
}

impl Fault {
    pub fn new(offset: usize, message: impl Into<String>) -> Fault {
        Fault {
            offset: Some(offset),
            message: message.into(),
        }
    }
}

/// Parses a diagram block's text: header lines, then the graph.
pub fn parse(src: &str) -> Result<Diagram, Vec<Fault>> {
    let mut faults = Vec::new();
    let mut alt: Option<String> = None;
    let mut caption: Option<String> = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim();
        let at = offset + (line.len() - line.trim_start().len());
        let header = [("alt:", &mut alt), ("caption:", &mut caption)]
            .into_iter()
            .find(|(key, _)| trimmed.starts_with(key));
        match header {
            Some((key, slot)) => {
                let value = trimmed[key.len()..].trim();
                if slot.is_some() {
                    faults.push(Fault::new(at, format!("a diagram has one `{key}` line")));
                } else if value.is_empty() {
                    faults.push(Fault::new(at, format!("`{key}` needs text after it")));
                }
                if slot.is_none() && !value.is_empty() {
                    *slot = Some(value.to_string());
                }
            }
            None if trimmed.is_empty() => {}
            None => break,
        }
        offset += line.len();
    }
    let said_alt = alt.is_some() || src.lines().any(|l| l.trim().starts_with("alt:"));
    if !said_alt {
        faults.push(Fault {
            offset: None,
            message: "a diagram needs an `alt:` line before its graph: what it shows, in words, \
             for readers who cannot see it"
                .into(),
        });
    }
    let graph = dot::parse(src, offset);
    match graph {
        Ok(graph) if faults.is_empty() => Ok(Diagram {
            alt: alt.unwrap_or_default(),
            caption,
            graph,
        }),
        Ok(_) => Err(faults),
        Err(more) => {
            faults.extend(more);
            Err(faults)
        }
    }
}

#[cfg(test)]
mod tests;
