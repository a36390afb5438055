//! prep-pdf lays an interview question set out as a paginated, print-ready PDF.
//!
//! It is a small document compiler with five stages, each a module:
//!
//! 1. [`content`] reads a role's YAML file into a validated model. Every node keeps its
//!    source position, so every problem names file, line and column.
//! 2. [`document`] turns the model into blocks: cover, contents, questions and answer
//!    guides, in the order the `--answers` mode asks for.
//! 3. [`layout`] measures text with the fonts' real metrics, breaks paragraphs with
//!    optimal fit, paginates with keep rules (no stranded headings, no widows or
//!    orphans), then a finalize pass fills in what is only known after pagination:
//!    page numbers in the contents, "Page X of Y", the outline.
//! 4. [`render`] turns positioned boxes into PDF bytes. It is the only module that
//!    touches printpdf; it subsets fonts and makes the output byte-reproducible.
//! 5. [`export`] writes files atomically, and runs batches and mail.
//!
//! [`tailor`] sits before the pipeline: it chooses questions from every role for a
//! company profile or a job ad and hands [`document`] a role and the reasons to print.
//!
//! [`model`] is the vocabulary the stages hand each other for what a role's text is
//! made of (styled spans, tables, diagrams, pictures): content produces it, document
//! and layout consume it, so layout never names content.
//!
//! [`fonts`] is shared by layout (measuring) and render (embedding). Lengths are
//! points ([`layout::Pt`]) everywhere until render converts them for printpdf.

pub mod content;
pub mod document;
pub mod error;
pub mod export;
pub mod fonts;
pub mod input;
pub mod labels;
pub mod layout;
pub mod memory;
pub mod model;
pub mod render;
pub mod tailor;
pub mod theme;

pub use error::Error;

/// The version written into every PDF's `Producer`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
