//! Items → pages: places the column of [`FlowItem`]s page by page.
//!
//! A *chain* is a run of items joined by `keep_with_next`. A chain that does not fit
//! in what is left of a page moves whole to the next page; a chain taller than a whole
//! page (a very long code block, say) is the one exception, and is broken item by item
//! so that nothing is ever lost or drawn past the body's bottom edge.
//!
//! [`place`] decides where each item goes; [`paginate`] then draws the items there,
//! with a shaded rectangle behind each code block's part on each page. Both run on a
//! [`Paginator`], which takes the items one at a time and hands each page over as
//! soon as it is full, so a long document can be rendered while it is laid out.

use std::collections::BTreeMap;

use super::flow::FlowItem;
use super::style::{CODE_BG, CODE_PAD};
use super::{Frame, GroupKind, Item, Page, Pt};
use crate::document::AnchorId;

/// Where an anchor landed: its id, its outline title if it has one, the page
/// (0-based) and the y of the item it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Landed {
    pub id: AnchorId,
    pub outline: Option<String>,
    pub page: usize,
    pub y: Pt,
}

/// Pages with their items placed, and where anchors landed.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    pub pages: Vec<Page>,
    /// Anchor id, outline title, page index, y.
    pub anchors: Vec<Landed>,
}

impl Placed {
    /// Appends `other`'s pages after ours.
    pub fn append(&mut self, other: Placed) {
        let offset = self.pages.len();
        self.pages.extend(other.pages);
        self.anchors
            .extend(other.anchors.into_iter().map(|a| Landed {
                page: a.page + offset,
                ..a
            }));
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
    fn new(frame: &Frame, top: Pt) -> Cursor {
        Cursor {
            top,
            bottom: frame.body_bottom,
            page: 0,
            y: top,
            at_top: true,
        }
    }

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
#[cfg(test)]
pub fn place(items: &[FlowItem], frame: &Frame, top: Pt) -> Vec<Slot> {
    let mut cur = Cursor::new(frame, top);
    let mut slots = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && joins(&items[j], &items[j + 1]) {
            j += 1;
        }
        place_chain(&mut cur, &items[i..=j], &mut slots, &mut Vec::new());
        i = j + 1;
    }
    slots
}

/// Whether `next` belongs to the chain that `last` ends.
fn joins(last: &FlowItem, next: &FlowItem) -> bool {
    last.keep_with_next && !next.break_before
}

/// Places one chain (see the module docs) from the cursor on. An item that opens a
/// page with a header to repeat gets it placed first: (the item's index in the
/// chain, where the header goes) in `headers`.
fn place_chain(
    cur: &mut Cursor,
    chain: &[FlowItem],
    slots: &mut Vec<Slot>,
    headers: &mut Vec<(usize, Slot)>,
) {
    if chain[0].break_before && !cur.at_top {
        cur.new_page();
    }
    if cur.y + cur.chain_height(chain) > cur.bottom && !cur.at_top {
        cur.new_page();
    }
    let fits = cur.y + cur.chain_height(chain) <= cur.bottom;
    for (i, it) in chain.iter().enumerate() {
        // Only a chain taller than a page breaks inside, wherever the page is full.
        if !fits && cur.y + cur.need(it) > cur.bottom && !cur.at_top {
            cur.new_page();
        }
        if let Some(header) = it.header.as_deref().filter(|_| cur.at_top) {
            headers.push((i, cur.place(header)));
        }
        slots.push(cur.place(it));
    }
}

/// Places `items` on pages whose content starts at `top`, and draws them there. The
/// items' contents move onto the pages rather than being copied, so a long document
/// never holds its boxes twice.
pub fn paginate(items: Vec<FlowItem>, frame: &Frame, top: Pt) -> Placed {
    let mut pages = Vec::new();
    let mut sink = |page| pages.push(page);
    let mut p = Paginator::new(frame, top, 0, &mut sink);
    for item in items {
        p.push(item);
    }
    let anchors = p.finish();
    Placed { pages, anchors }
}

/// Pagination as the items come: each page is handed to the sink, in order, as soon
/// as nothing more can land on it (the cursor has moved past it), so a long document
/// never holds more than a page or two of boxes.
pub struct Paginator<'s> {
    cur: Cursor,
    /// The chain being gathered: items joined by `keep_with_next`.
    chain: Vec<FlowItem>,
    /// Pages not yet handed over, the first of them numbered `first`.
    open: std::collections::VecDeque<Page>,
    first: usize,
    /// The page index this paginator's first page has in the document.
    offset: usize,
    /// Shaded code groups per page: (page, group) → (x, w, first top, last bottom).
    shades: BTreeMap<(usize, usize), (Pt, Pt, Pt, Pt)>,
    anchors: Vec<Landed>,
    slots: Vec<Slot>,
    sink: &'s mut dyn FnMut(Page),
}

impl<'s> Paginator<'s> {
    /// Pages whose content starts at `top`; anchors are recorded with page indices
    /// counted from `offset` (the pages that come before in the document).
    pub fn new(frame: &Frame, top: Pt, offset: usize, sink: &'s mut dyn FnMut(Page)) -> Self {
        Paginator {
            cur: Cursor::new(frame, top),
            chain: Vec::new(),
            open: std::collections::VecDeque::new(),
            first: 0,
            offset,
            shades: BTreeMap::new(),
            anchors: Vec::new(),
            slots: Vec::new(),
            sink,
        }
    }

    /// Takes the next item of the column.
    pub fn push(&mut self, item: FlowItem) {
        if self.chain.last().is_some_and(|last| !joins(last, &item)) {
            self.place_chain();
        }
        self.chain.push(item);
    }

    /// Places what is left and hands over every page (at least one); returns where
    /// the anchors landed.
    pub fn finish(mut self) -> Vec<Landed> {
        if !self.chain.is_empty() {
            self.place_chain();
        }
        self.hand_over(self.cur.page + 1);
        self.anchors
    }

    fn place_chain(&mut self) {
        let chain = std::mem::take(&mut self.chain);
        self.slots.clear();
        let mut headers = Vec::new();
        place_chain(&mut self.cur, &chain, &mut self.slots, &mut headers);
        let slots = std::mem::take(&mut self.slots);
        for (i, (item, slot)) in chain.into_iter().zip(slots).enumerate() {
            while self.first + self.open.len() <= slot.page {
                self.open.push_back(Page::default());
            }
            let page = &mut self.open[slot.page - self.first];
            if let Some((_, at)) = headers.iter().find(|(h, _)| *h == i) {
                let header = item.header.as_deref().map_or(&[][..], |h| &h.contents[..]);
                page.items
                    .extend(header.iter().cloned().map(|c| offset(c, at.top)));
            }
            page.items
                .extend(item.contents.into_iter().map(|c| offset(c, slot.top)));
            if let Some((id, outline)) = item.anchor {
                self.anchors.push(Landed {
                    id,
                    outline,
                    page: slot.page + self.offset,
                    y: slot.top,
                });
            }
            if let Some(s) = item.shade {
                let e = self
                    .shades
                    .entry((slot.page, s.group))
                    .or_insert((s.x, s.w, slot.top, slot.top));
                e.3 = slot.top + item.height;
            }
        }
        // Nothing lands on a page before the cursor's any more.
        self.hand_over(self.cur.page);
    }

    /// Hands over every page before `end`.
    fn hand_over(&mut self, end: usize) {
        while self.first < end {
            let mut page = self.open.pop_front().unwrap_or_default();
            let index = self.first;
            let rest = self.shades.split_off(&(index + 1, 0));
            for (_, (x, w, top, bottom)) in
                std::mem::replace(&mut self.shades, rest).into_iter().rev()
            {
                // Shading goes first so text is drawn over it.
                page.items.insert(
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
            (self.sink)(page);
            self.first += 1;
        }
    }
}

/// Moves an item's contents from item-relative to page coordinates.
fn offset(mut c: Item, top: Pt) -> Item {
    match &mut c {
        Item::Text(t) => t.baseline += top,
        Item::Rect { y, .. }
        | Item::Rule { y, .. }
        | Item::Link { y, .. }
        | Item::Image { y, .. }
        | Item::Picture { y, .. }
        | Item::Mask { y, .. } => *y += top,
        Item::PageRef { baseline, .. } => *baseline += top,
        Item::Path(p) => **p = std::mem::take(&mut **p).shifted(0.0, top),
        Item::Group { items, kind } => {
            if let GroupKind::Element { y, .. } = kind {
                *y += top;
            }
            *items = std::mem::take(items)
                .into_iter()
                .map(|i| offset(i, top))
                .collect()
        }
    }
    c
}
