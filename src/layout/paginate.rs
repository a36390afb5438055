//! Items → pages: places the column of [`FlowItem`]s page by page.
//!
//! A *chain* is a run of items joined by `keep_with_next`. A chain that does not fit
//! in what is left of a page moves whole to the next page; a chain taller than a whole
//! page (a very long code block, say) is the one exception, and is broken item by item
//! so that nothing is ever lost or drawn past the body's bottom edge.

use std::collections::BTreeMap;

use super::flow::FlowItem;
use super::style::{CODE_BG, CODE_PAD};
use super::{Frame, Item, Page, Pt, Target};
use crate::document::AnchorId;

/// Pages with their items placed, and where anchors landed.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    pub pages: Vec<Page>,
    /// Anchor id, outline title, page index, y.
    pub anchors: Vec<(AnchorId, Option<String>, usize, Pt)>,
}

impl Placed {
    /// Appends `other`'s pages after ours.
    pub fn append(&mut self, other: Placed) {
        let offset = self.pages.len();
        self.pages.extend(other.pages);
        self.anchors
            .extend(other.anchors.into_iter().map(|(id, o, p, y)| (id, o, p + offset, y)));
    }
}

struct Cursor<'a> {
    frame: &'a Frame,
    top: Pt,
    placed: Placed,
    y: Pt,
    at_top: bool,
    /// Shaded code groups on the current page: group → (x, w, first top, last bottom).
    shades: BTreeMap<usize, (Pt, Pt, Pt, Pt)>,
}

impl Cursor<'_> {
    fn new_page(&mut self) {
        self.flush_shades();
        self.placed.pages.push(Page::default());
        self.y = self.top;
        self.at_top = true;
    }

    fn flush_shades(&mut self) {
        if let Some(page) = self.placed.pages.last_mut() {
            // Shading goes first so text is drawn over it.
            let rects: Vec<Item> = std::mem::take(&mut self.shades)
                .into_values()
                .map(|(x, w, top, bottom)| Item::Rect {
                    x,
                    y: top - CODE_PAD,
                    w,
                    h: bottom - top + 2.0 * CODE_PAD,
                    color: CODE_BG,
                })
                .collect();
            page.items.splice(0..0, rects);
        }
    }

    /// Space above `item` if it were placed now.
    fn gap(&self, item: &FlowItem) -> Pt {
        let mut gap = if self.at_top { item.fixed_before } else { item.space_before + item.fixed_before };
        // A code block continued from the previous page gets its top padding back.
        if self.at_top && item.shade.is_some() && item.fixed_before == 0.0 {
            gap += CODE_PAD;
        }
        gap
    }

    /// Height `item` needs below the cursor, including a code block's bottom padding.
    fn need(&self, item: &FlowItem) -> Pt {
        self.gap(item) + item.height + if item.shade.is_some() { CODE_PAD } else { 0.0 }
    }

    fn place(&mut self, item: &FlowItem) {
        let top = self.y + self.gap(item);
        let page_index = self.placed.pages.len() - 1;
        let page = self.placed.pages.last_mut().expect("a page is open");
        for c in &item.contents {
            page.items.push(offset(c, top));
        }
        if let Some((id, outline)) = &item.anchor {
            self.placed.anchors.push((id.clone(), outline.clone(), page_index, top));
        }
        if let Some(s) = item.shade {
            let e = self.shades.entry(s.group).or_insert((s.x, s.w, top, top));
            e.3 = top + item.height;
        }
        self.y = top + item.height;
        self.at_top = false;
    }
}

/// Moves an item's contents from item-relative to page coordinates.
fn offset(item: &Item, top: Pt) -> Item {
    let mut c = item.clone();
    match &mut c {
        Item::Text(t) => t.baseline += top,
        Item::Rect { y, .. } | Item::Rule { y, .. } | Item::Link { y, .. } => *y += top,
        Item::PageRef { baseline, .. } => *baseline += top,
    }
    if let Item::Link { target: Target::Place { y, .. }, .. } = &mut c {
        *y += top;
    }
    c
}

/// Places `items` on pages whose content starts at `top`.
pub fn paginate(items: &[FlowItem], frame: &Frame, top: Pt) -> Placed {
    let mut cur = Cursor {
        frame,
        top,
        placed: Placed::default(),
        y: top,
        at_top: true,
        shades: BTreeMap::new(),
    };
    cur.new_page();
    let bottom = cur.frame.body_bottom;
    let mut i = 0;
    while i < items.len() {
        if items[i].break_before && !cur.at_top {
            cur.new_page();
        }
        let mut j = i;
        while j + 1 < items.len() && items[j].keep_with_next && !items[j + 1].break_before {
            j += 1;
        }
        let chain = &items[i..=j];
        let height_from = |cur: &Cursor<'_>| -> Pt {
            let first = cur.need(&chain[0]);
            let rest: Pt = chain[1..].iter().map(|it| it.space_before + it.fixed_before + it.height).sum();
            first + rest
        };
        if cur.y + height_from(&cur) > bottom && !cur.at_top {
            cur.new_page();
        }
        if cur.y + height_from(&cur) <= bottom {
            for it in chain {
                cur.place(it);
            }
        } else {
            // Taller than a page: break wherever the page is full.
            for it in chain {
                if cur.y + cur.need(it) > bottom && !cur.at_top {
                    cur.new_page();
                }
                cur.place(it);
            }
        }
        i = j + 1;
    }
    cur.flush_shades();
    cur.placed
}
