//! Diagrams: a graph of labelled nodes and edges, and the words that stand for it.
//!
//! The model says only what is drawn — nodes with labels and shapes, edges with
//! labels, arrowheads and dashes, clusters with labels, the direction ranks run in —
//! and nothing about where: layout places it. `content::diagram` reads it from a
//! fenced ```` ```diagram ```` block.

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
