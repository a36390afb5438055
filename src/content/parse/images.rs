//! The role's images: each one's file read and decoded (once per file, by the
//! parser's [`Loader`](crate::content::image::Loader)), or an error at its `![`.

use super::Cx;
use crate::content::markdown::Block;
use crate::content::yaml::Node;

impl Cx {
    /// Reads each image's file; one that cannot be used is an error at its `![`.
    pub(super) fn load_images(&mut self, node: &Node, blocks: &mut [Block], what: &str) {
        for b in blocks {
            match b {
                Block::Image(p) => match self.images.load(&p.src) {
                    Ok(data) => p.data = Some(data),
                    Err(e) => {
                        self.error_for(node.pos_at(p.at), e.setting, format!("{what}: {}", e.why))
                    }
                },
                Block::List { items, .. } => {
                    for item in items {
                        self.load_images(node, item, what);
                    }
                }
                _ => {}
            }
        }
    }
}
