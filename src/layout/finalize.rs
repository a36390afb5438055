//! Finalize: the pass after pagination, when page numbers are finally known.
//!
//! It resolves the contents' page numbers and internal links to the places their
//! anchors landed, adds the running header and the "Page X of Y" footer to every page
//! but the cover, and lists the outline (bookmarks). Header and footer are marked as
//! pagination artifacts, so a screen reader does not read them mid-sentence.

use std::collections::BTreeMap;

use super::flow::baseline;
use super::paginate::Landed;
use super::paginate::Placed;
use super::style::{HEADER, MUTED, RULE};
use super::{Frame, Item, Laid, OutlineEntry, Page, Pt, Target, TextBox};
use crate::document::{Document, Mark};
use crate::fonts::{Face, FontSet};

/// Finalizes `placed`, whose first `cover_pages` pages are the cover: every page at
/// once (see [`Finisher`] for a page at a time).
pub fn finalize(
    doc: &Document,
    fonts: &FontSet,
    frame: Frame,
    placed: Placed,
    cover_pages: usize,
) -> Laid {
    let fin = Finisher::new(
        doc,
        fonts,
        frame,
        &placed.anchors,
        placed.pages.len(),
        cover_pages,
    );
    let pages = placed
        .pages
        .into_iter()
        .enumerate()
        .map(|(index, page)| fin.page(index, page))
        .collect();
    fin.laid(pages)
}

/// What finalizing a page needs to know of the whole document: where every anchor
/// landed, and how many pages there are. With it, each page is finished on its own,
/// in any order, as soon as pagination hands it over.
pub struct Finisher<'d> {
    doc: &'d Document,
    fonts: &'d FontSet,
    frame: Frame,
    anchors: BTreeMap<String, (usize, Pt)>,
    outline: Vec<OutlineEntry>,
    total: usize,
    cover_pages: usize,
}

impl<'d> Finisher<'d> {
    /// For a document of `total` pages, the first `cover_pages` of them the cover,
    /// whose anchors landed at (page index, y).
    pub fn new(
        doc: &'d Document,
        fonts: &'d FontSet,
        frame: Frame,
        anchors: &[Landed],
        total: usize,
        cover_pages: usize,
    ) -> Self {
        let landed = anchors.iter().map(|a| (a, a.page));
        Self::landed(doc, fonts, frame, landed, total, cover_pages)
    }

    /// For a stamped copy: its `cover` placed, then a shared `body` whose pages
    /// follow the cover's (its anchors' pages counted from the body's first).
    pub fn for_copy(
        doc: &'d Document,
        fonts: &'d FontSet,
        frame: Frame,
        cover: &Placed,
        body: &Placed,
    ) -> Self {
        let cover_pages = cover.pages.len();
        let landed = (cover.anchors.iter().map(|a| (a, a.page)))
            .chain(body.anchors.iter().map(|a| (a, a.page + cover_pages)));
        let total = cover_pages + body.pages.len();
        Self::landed(doc, fonts, frame, landed, total, cover_pages)
    }

    /// A finisher whose anchors landed at the pages paired with them.
    fn landed<'a>(
        doc: &'d Document,
        fonts: &'d FontSet,
        frame: Frame,
        landed: impl Iterator<Item = (&'a Landed, usize)>,
        total: usize,
        cover_pages: usize,
    ) -> Self {
        let mut anchors = BTreeMap::new();
        let mut outline = Vec::new();
        for (a, page) in landed {
            anchors.insert(a.id.clone(), (page, a.y));
            if let Some(title) = &a.outline {
                outline.push(OutlineEntry {
                    title: title.clone(),
                    page,
                    y: a.y,
                });
            }
        }
        Finisher {
            doc,
            fonts,
            frame,
            anchors,
            outline,
            total,
            cover_pages,
        }
    }

    /// How many pages the document has.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Page `index` (0-based) finished: contents' page numbers and internal links
    /// resolved, header and footer added, the theme's marks applied.
    pub fn page(&self, index: usize, mut page: Page) -> Page {
        self.resolve(&mut page.items);
        self.furnish(index, &mut page);
        super::brand::apply(self.doc, &self.frame, index, &mut page);
        page
    }

    /// Body page `index` of a stamped copy, whose items as [`Finisher::shared`]
    /// finished them are `shared`: only the header and footer are its own.
    pub fn page_on(&self, index: usize, shared: std::sync::Arc<[Item]>) -> Page {
        let mut page = Page::default();
        self.furnish(index, &mut page);
        super::brand::apply(self.doc, &self.frame, index, &mut page);
        page.shared = Some(shared);
        page
    }

    /// Page `index`'s own items finished as [`Finisher::page`] finishes them, header
    /// and footer left out: what every stamped copy's page `index` shares, for copies
    /// whose anchors land where these did.
    pub fn shared(&self, page: &Page) -> std::sync::Arc<[Item]> {
        let mut page = Page::of(page.items.clone());
        self.resolve(&mut page.items);
        super::brand::recolor(self.doc, &mut page.items);
        page.items.into()
    }

    /// Resolves the contents' page numbers and internal links among `items`.
    fn resolve(&self, items: &mut [Item]) {
        for item in items.iter_mut() {
            match item {
                Item::PageRef { .. } => {
                    if let Some(number) = self.page_number(item) {
                        *item = number;
                    }
                }
                Item::Link { target, .. } => {
                    if let Target::Anchor(id) = target {
                        if let Some(&(page, y)) = self.anchors.get(id.as_str()) {
                            *target = Target::Place { page, y };
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A contents entry's page number, drawn where its [`Item::PageRef`] stood.
    fn page_number(&self, item: &Item) -> Option<Item> {
        let Item::PageRef {
            anchor,
            right,
            baseline,
            face,
            size,
            color,
            mark,
        } = item
        else {
            return None;
        };
        let number = self
            .anchors
            .get(anchor.as_str())
            .map_or("?".to_string(), |(p, _)| (p + 1).to_string());
        let shaped = self.fonts.shape(*face, &number, *size);
        Some(Item::Text(TextBox {
            x: *right - shaped.width,
            baseline: *baseline,
            face: *face,
            size: *size,
            color: *color,
            width: shaped.width,
            glyphs: shaped.glyphs,
            mark: *mark,
        }))
    }

    /// The running header and the footer, on every page but the cover's.
    fn furnish(&self, index: usize, page: &mut Page) {
        if index >= self.cover_pages {
            furniture(
                self.doc,
                self.fonts,
                &self.frame,
                page,
                index + 1,
                self.total,
            );
        }
    }

    /// How many of the pages are the cover's.
    pub fn cover_pages(&self) -> usize {
        self.cover_pages
    }

    /// The finished document around `pages` (which may be empty, when the pages are
    /// handed to render one by one instead).
    pub fn laid(&self, pages: Vec<Page>) -> Laid {
        Laid {
            frame: self.frame,
            pages,
            outline: self.outline.clone(),
            structure: self.doc.structure.clone(),
            logo: super::brand::logo(self.doc),
        }
    }
}

fn text(
    fonts: &FontSet,
    face: Face,
    size: Pt,
    s: &str,
    x: Pt,
    baseline: Pt,
    mark: Mark,
) -> TextBox {
    let shaped = fonts.shape(face, s, size);
    TextBox {
        x,
        baseline,
        face,
        size,
        color: MUTED,
        width: shaped.width,
        glyphs: shaped.glyphs,
        mark,
    }
}

/// `s` as it is if it fits in `max` points, else cut at a word (or character) and
/// ended with an ellipsis: running heads are single lines.
fn fit(fonts: &FontSet, face: Face, size: Pt, s: &str, max: Pt) -> String {
    let measure = |t: &str| fonts.measure(face, t, size);
    if measure(s) <= max {
        return s.to_string();
    }
    // Sum character widths to find the cut quickly (kerning makes this an estimate),
    // then let a real measurement of the result decide.
    let room = max - measure("…");
    let mut width = 0.0;
    let mut cut = String::new();
    for c in s.chars() {
        width += measure(c.encode_utf8(&mut [0; 4]));
        if width > room {
            break;
        }
        cut.push(c);
    }
    while !cut.is_empty() && measure(&format!("{cut}…")) > max {
        cut.pop();
    }
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > cut.len() / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// The running header and the footer of page `number` (1-based) of `total`.
fn furniture(
    doc: &Document,
    fonts: &FontSet,
    frame: &Frame,
    page: &mut Page,
    number: usize,
    total: usize,
) {
    running_head(doc, fonts, frame, page);
    let foot_base = frame.bottom - HEADER.leading + baseline(&HEADER);
    page.items.push(Item::Rule {
        x1: frame.left,
        x2: frame.right,
        y: frame.bottom - HEADER.leading - 3.0,
        thickness: 0.4,
        color: RULE,
    });
    let label_x = page_label(doc, fonts, frame, page, (number, total), foot_base);
    // The stamp comes first: it is the candidate's name and stays whole (only a name
    // wider than the whole line is shortened). A theme's footer line takes what is left
    // between it and the page label, centred when it fits there, shortened when not,
    // and left out when no room is left at all.
    let mut left_end = frame.left;
    if let Some(name) = &doc.prepared_for {
        let stamp = doc.labels.fill("prepared_for", &[("name", name)]);
        left_end = stamp_line(fonts, page, &stamp, (frame.left, label_x), foot_base);
    }
    if let Some(line) = doc.theme.as_ref().and_then(|t| t.footer.as_deref()) {
        // Placed after the stamp, so it moves with the stamp's width: stamped, it is
        // copy-specific too.
        let mark = match doc.prepared_for {
            Some(_) => Mark::Stamp,
            None => Mark::Footer,
        };
        let room = (left_end, label_x - FOOTER_GAP);
        theme_footer(fonts, page, line, room, frame, foot_base, mark);
    }
}

/// The running header, shortened to the body's width, and the rule under it.
fn running_head(doc: &Document, fonts: &FontSet, frame: &Frame, page: &mut Page) {
    let head_base = frame.top + baseline(&HEADER);
    let header = fit(
        fonts,
        HEADER.face,
        HEADER.size,
        &doc.header,
        frame.body_width(),
    );
    page.items.push(Item::Text(text(
        fonts,
        HEADER.face,
        HEADER.size,
        &header,
        frame.left,
        head_base,
        Mark::Header,
    )));
    page.items.push(Item::Rule {
        x1: frame.left,
        x2: frame.right,
        y: frame.top + HEADER.leading + 3.0,
        thickness: 0.4,
        color: RULE,
    });
}

/// "Page X of Y", right-aligned on the footer's baseline `base`; returns its left edge.
fn page_label(
    doc: &Document,
    fonts: &FontSet,
    frame: &Frame,
    page: &mut Page,
    (number, total): (usize, usize),
    base: Pt,
) -> Pt {
    let label = doc.labels.fill(
        "page_of",
        &[("page", &number.to_string()), ("total", &total.to_string())],
    );
    let mut t = text(
        fonts,
        HEADER.face,
        HEADER.size,
        &label,
        0.0,
        base,
        Mark::Footer,
    );
    t.x = frame.right - t.width;
    let x = t.x;
    page.items.push(Item::Text(t));
    x
}

/// The stamp ("Prepared for …") in italics from `from`, shortened only if wider than
/// the room before the page label at `label_x`; returns where what follows may start.
fn stamp_line(
    fonts: &FontSet,
    page: &mut Page,
    stamp: &str,
    (from, label_x): (Pt, Pt),
    base: Pt,
) -> Pt {
    let stamp = fit(
        fonts,
        Face::Italic,
        HEADER.size,
        stamp,
        label_x - from - FOOTER_GAP,
    );
    let t = text(
        fonts,
        Face::Italic,
        HEADER.size,
        &stamp,
        from,
        base,
        Mark::Stamp,
    );
    let end = from + t.width + FOOTER_GAP;
    page.items.push(Item::Text(t));
    end
}

/// Space kept between the stamp, the theme's footer line and the page label.
const FOOTER_GAP: Pt = 12.0;

/// The theme's footer line in the room from `from` to `to`: centred on the page when
/// it fits there, else as near the centre as the room allows; shortened to fit; not
/// drawn when not even a word and an ellipsis fit.
fn theme_footer(
    fonts: &FontSet,
    page: &mut Page,
    line: &str,
    (from, to): (Pt, Pt),
    frame: &Frame,
    base: Pt,
    mark: Mark,
) {
    let room = to - from;
    let line = fit(fonts, HEADER.face, HEADER.size, line, room.max(0.0));
    if line == "…" || room <= 0.0 {
        return;
    }
    let mut t = text(fonts, HEADER.face, HEADER.size, &line, 0.0, base, mark);
    let centred = (frame.left + frame.right - t.width) / 2.0;
    t.x = centred.clamp(from, (to - t.width).max(from));
    page.items.push(Item::Text(t));
}
