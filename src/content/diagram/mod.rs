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
//! `docs/content-format.md`), read into the values of [`crate::model::diagram`],
//! which say only what is drawn, never where. Every problem is a [`Fault`] at its
//! byte offset in the block's text, so a role file's error names the line and
//! column of the mistake.

pub mod dot;
mod lex;

/// The most nodes a diagram may have: a figure on a page stays readable (and laid
/// out in a blink) well past what an interview answer draws, and hostile input
/// cannot make layout's quadratic steps slow.
pub const MAX_NODES: usize = 40;
/// The most edges a diagram may have, for the same reasons.
pub const MAX_EDGES: usize = 100;

pub use crate::model::diagram::{Cluster, Diagram, Edge, Graph, Node, RankDir, Shape};

// Reading DOT's spelling of a shape is parsing, so it is here with the parser.
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
