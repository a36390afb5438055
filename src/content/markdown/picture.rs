//! How the builder reads an image: `![alt](path "caption")`, standing alone in its
//! paragraph.
//!
//! pulldown-cmark reports an image as inline: a start tag with the path and title,
//! the alt text as ordinary text events, an end tag. The alt text is gathered
//! while the image is open; the image becomes a block when its paragraph ends with
//! nothing else in it. An image amid words, in a table cell or inside a link has
//! no place on the page to go to, so it is a problem at its `![`.

use super::{BlockBuilder, Picture};
use crate::content::image::check_path;

/// An image being read, or read and waiting for its paragraph to end.
pub(super) struct Open {
    picture: Picture,
    /// Inside the brackets: text is alt text.
    reading: bool,
    /// Already reported as misplaced: dropped, and nothing more said about it.
    bad: bool,
}

impl BlockBuilder {
    /// An image starts at `offset`.
    pub(super) fn start_image(&mut self, src: &str, title: &str, offset: usize) {
        let words_before = self
            .para
            .as_ref()
            .is_some_and(|spans| spans.iter().any(|s| !s.text.trim().is_empty()));
        let misplaced = if self.table.is_some() {
            Some("an image cannot stand in a table cell")
        } else if self.style.link.is_some() {
            Some("an image cannot be a link")
        } else if words_before || self.image.is_some() {
            Some(ALONE)
        } else {
            None
        };
        // A path that leaves the folder is refused here, once, before any file is
        // looked at; the role's parser loads only images that got this far.
        let problem = misplaced.map(str::to_string).or(check_path(src).err());
        if let Some(why) = &problem {
            self.problem(offset, why.clone());
        }
        let title = title.trim();
        self.image = Some(Open {
            picture: Picture {
                alt: String::new(),
                caption: (!title.is_empty()).then(|| title.to_string()),
                src: src.to_string(),
                at: offset,
                data: None,
            },
            reading: true,
            bad: problem.is_some(),
        });
    }

    /// The image's closing `)` was read.
    pub(super) fn end_image(&mut self) {
        if let Some(open) = self.image.as_mut() {
            open.reading = false;
        }
    }

    /// Takes `text` if it belongs to an image: its alt text, or blanks after it.
    /// Words after an image are a problem, and are set as a paragraph of their own.
    pub(super) fn image_text(&mut self, text: &str, at: usize) -> bool {
        let Some(open) = self.image.as_mut() else {
            return false;
        };
        if open.reading {
            open.picture.alt.push_str(text);
            return true;
        }
        if text.trim().is_empty() {
            return true;
        }
        if !open.bad {
            open.bad = true;
            self.problem(at, ALONE);
        }
        false
    }

    /// The image's paragraph ended: a well-placed image becomes a block.
    pub(super) fn end_image_para(&mut self, open: Open) {
        if open.bad {
            return;
        }
        let mut picture = open.picture;
        picture.alt = picture.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        if picture.alt.is_empty() {
            self.problem(
                picture.at,
                "an image needs alt text, what it shows in words, for readers who cannot \
                 see it: `![a cache in front of the database](cache.png)`",
            );
            return;
        }
        self.push_block(super::Block::Image(Box::new(picture)));
    }
}

const ALONE: &str = "an image stands alone in its paragraph: put a blank line before and after it";
