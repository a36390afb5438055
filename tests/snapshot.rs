//! A readable snapshot of the layout of a small fixture: every text run with its page,
//! position, face and size. A change in line breaking, spacing or pagination shows up
//! here as a diff a reviewer can read. `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`
//! rewrites the snapshot after an intended change.

mod util;

use prep_pdf::content::Bank;
use prep_pdf::layout::{self, Item, Paper};
use prep_pdf::{document, render};

fn dump(laid: &layout::Laid) -> String {
    let mut out = String::new();
    for (p, page) in laid.pages.iter().enumerate() {
        out.push_str(&format!("== page {}\n", p + 1));
        for item in &page.items {
            match item {
                Item::Text(t) => out.push_str(&format!(
                    "{:6.1} {:6.1} {:?} {:.1} {}\n",
                    t.x,
                    t.baseline,
                    t.face,
                    t.size,
                    t.text()
                )),
                Item::Rect { x, y, w, h, .. } => {
                    out.push_str(&format!("{x:6.1} {y:6.1} rect {w:.1}x{h:.1}\n"))
                }
                Item::Link { x, y, target, .. } => {
                    let to = match target {
                        layout::Target::Url(u) => u.clone(),
                        layout::Target::Place { page, y } => format!("page {} at {y:.1}", page + 1),
                        layout::Target::Anchor(a) => format!("unresolved anchor {a}"),
                    };
                    out.push_str(&format!("{x:6.1} {y:6.1} link to {to}\n"))
                }
                Item::Group { kind, items } => {
                    let kind = match kind {
                        // By its number in the whole tree, as the PDF orders them.
                        layout::GroupKind::Element { elem, x, y, w, h } => {
                            let elem = laid.structure.index(*elem);
                            format!("Element {elem} at {x:.1} {y:.1} {w:.1}x{h:.1}")
                        }
                        other => format!("{other:?}"),
                    };
                    out.push_str(&format!("group {kind} of {} items\n", items.len()));
                    for item in items {
                        match item {
                            Item::Mask {
                                x, y, w, h, bits, ..
                            } => out.push_str(&format!(
                                "  {x:6.1} {y:6.1} mask {w:.1}x{h:.1} of {}x{} cells\n",
                                bits.width, bits.height
                            )),
                            // A diagram's labels, and its shapes by their boxes.
                            Item::Text(t) => out.push_str(&format!(
                                "  {:6.1} {:6.1} {:?} {:.1} {}\n",
                                t.x,
                                t.baseline,
                                t.face,
                                t.size,
                                t.text()
                            )),
                            Item::Path(p) => {
                                let (x0, y0, x1, y1) = p.bounds();
                                out.push_str(&format!(
                                    "  {x0:6.1} {y0:6.1} path {:.1}x{:.1} of {} steps\n",
                                    x1 - x0,
                                    y1 - y0,
                                    p.ops.len()
                                ))
                            }
                            // An image by its box and its source's size.
                            Item::Picture {
                                x, y, w, h, image, ..
                            } => {
                                let (nw, nh) = image.natural_size();
                                out.push_str(&format!(
                                    "  {x:6.1} {y:6.1} picture {w:.1}x{h:.1} of {nw:.1}x{nh:.1}\n"
                                ))
                            }
                            _ => {}
                        }
                    }
                }
                Item::Image { x, y, w, h } => {
                    out.push_str(&format!("{x:6.1} {y:6.1} image {w:.1}x{h:.1}\n"))
                }
                Item::Mask { .. } => unreachable!("masks are drawn in groups"),
                Item::Picture { .. } => unreachable!("figures' images are drawn in groups"),
                Item::Rule { .. } | Item::PageRef { .. } | Item::Path(_) => {}
            }
        }
    }
    out
}

#[test]
fn small_role_layout_matches_the_snapshot() {
    let bank = Bank::dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let role = bank.load("small").unwrap();
    let doc = document::build(&role, &document::Options::default());
    let laid = layout::layout(&doc, Paper::A4, &prep_pdf::fonts::FontSet::bundled());
    let got = dump(&laid);
    util::assert_snapshot("small-layout.txt", "layout", &got);
    // And it renders.
    let pdf = render::render(laid, &doc.meta, &render::RenderOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
}

#[test]
fn figures_layout_matches_the_snapshot() {
    let bank = Bank::dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/figures"
    ));
    let role = bank.load("figures").unwrap();
    let doc = document::build(&role, &document::Options::default());
    let laid = layout::layout(&doc, Paper::A4, &prep_pdf::fonts::FontSet::bundled());
    util::assert_snapshot("figures-layout.txt", "layout", &dump(&laid));
}

#[test]
fn images_layout_matches_the_snapshot() {
    let bank = Bank::dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/images"
    ));
    let role = bank.load("images").unwrap();
    let doc = document::build(&role, &document::Options::default());
    let laid = layout::layout(&doc, Paper::A4, &prep_pdf::fonts::FontSet::bundled());
    util::assert_snapshot("images-layout.txt", "layout", &dump(&laid));
}
