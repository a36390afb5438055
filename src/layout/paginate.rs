//! Items → pages: places the column of [`FlowItem`]s page by page.
//!
//! A *chain* is a run of items joined by `keep_with_next`. A chain that does not fit
//! in what is left of a page moves whole to the next page; a chain taller than a whole
//! page (a very long code block, say) is the one exception, and is broken item by item
//! so that nothing is ever lost or drawn past the body's bottom edge.
//!
//! [`place`] decides where each item goes; [`paginate`] then draws the items there,
//! with a shaded rectangle behind each code block's part on each page.

use std::collections::BTreeMap;

use super::flow::FlowItem;
use super::style::{CODE_BG, CODE_PAD};
use super::{Frame, Item, Page, Pt};
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
        self.anchors.extend(
            other
                .anchors
                .into_iter()
                .map(|(id, o, p, y)| (id, o, p + offset, y)),
        );
    }
}

/// Where an item was placed: its page (0-based) and the y of its top edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub page: usize,
    pub top: Pt,
}

struct Cursor {
    top: Pt,
    bottom: Pt,
    page: usize,
    y: Pt,
    at_top: bool,
}

impl Cursor {
    fn new_page(&mut self) {
        self.page += 1;
        self.y = self.top;
        self.at_top = true;
    }

    /// Space above `item` if it were placed now.
    fn gap(&self, item: &FlowItem) -> Pt {
        let mut gap = if self.at_top {
            item.fixed_before
        } else {
            item.space_before + item.fixed_before
        };
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

    /// The height of a chain placed from here on.
    fn chain_height(&self, chain: &[FlowItem]) -> Pt {
        let rest: Pt = chain[1..]
            .iter()
            .map(|it| it.space_before + it.fixed_before + it.height)
            .sum();
        self.need(&chain[0]) + rest
    }

    fn place(&mut self, item: &FlowItem) -> Slot {
        let top = self.y + self.gap(item);
        self.y = top + item.height;
        self.at_top = false;
        Slot {
            page: self.page,
            top,
        }
    }
}

/// Decides the page and position of every item, for pages whose content starts at `top`.
pub fn place(items: &[FlowItem], frame: &Frame, top: Pt) -> Vec<Slot> {
    let mut cur = Cursor {
        top,
        bottom: frame.body_bottom,
        page: 0,
        y: top,
        at_top: true,
    };
    let mut slots = Vec::with_capacity(items.len());
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
        if cur.y + cur.chain_height(chain) > cur.bottom && !cur.at_top {
            cur.new_page();
        }
        let fits = cur.y + cur.chain_height(chain) <= cur.bottom;
        for it in chain {
            // Only a chain taller than a page breaks inside, wherever the page is full.
            if !fits && cur.y + cur.need(it) > cur.bottom && !cur.at_top {
                cur.new_page();
            }
            slots.push(cur.place(it));
        }
        i = j + 1;
    }
    slots
}

/// Places `items` on pages whose content starts at `top`, and draws them there. The
/// items' contents move onto the pages rather than being copied, so a long document
/// never holds its boxes twice.
pub fn paginate(items: Vec<FlowItem>, frame: &Frame, top: Pt) -> Placed {
    let slots = place(&items, frame, top);
    let pages = slots.last().map_or(1, |s| s.page + 1);
    let mut placed = Placed {
        pages: vec![Page::default(); pages],
        anchors: Vec::new(),
    };
    // Shaded code groups per page: (page, group) → (x, w, first top, last bottom).
    let mut shades: BTreeMap<(usize, usize), (Pt, Pt, Pt, Pt)> = BTreeMap::new();
    for (item, slot) in items.into_iter().zip(&slots) {
        let page = &mut placed.pages[slot.page];
        page.items
            .extend(item.contents.into_iter().map(|c| offset(c, slot.top)));
        if let Some((id, outline)) = item.anchor {
            placed.anchors.push((id, outline, slot.page, slot.top));
        }
        if let Some(s) = item.shade {
            let e = shades
                .entry((slot.page, s.group))
                .or_insert((s.x, s.w, slot.top, slot.top));
            e.3 = slot.top + item.height;
        }
    }
    for ((page, _), (x, w, top, bottom)) in shades.into_iter().rev() {
        // Shading goes first so text is drawn over it.
        placed.pages[page].items.insert(
            0,
            Item::Rect {
                x,
                y: top - CODE_PAD,
                w,
                h: bottom - top + 2.0 * CODE_PAD,
                color: CODE_BG,
            },
        );
    }
    placed
}

/// Moves an item's contents from item-relative to page coordinates.
fn offset(mut c: Item, top: Pt) -> Item {
    match &mut c {
        Item::Text(t) => t.baseline += top,
        Item::Rect { y, .. }
        | Item::Rule { y, .. }
        | Item::Link { y, .. }
        | Item::Image { y, .. }
        | Item::Mask { y, .. } => *y += top,
        Item::PageRef { baseline, .. } => *baseline += top,
        Item::Group { items, .. } => {
            *items = std::mem::take(items)
                .into_iter()
                .map(|i| offset(i, top))
                .collect()
        }
    }
    c
}
