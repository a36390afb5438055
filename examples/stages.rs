//! Per-stage timings of one export, for profiling (`perf record`): run with
//! `cargo run --release --example stages`.
use prep_pdf::*;
use std::time::Instant;
fn main() {
    let bank = content::Bank::bundled();
    for _ in 0..30 {
        let t0 = Instant::now();
        let fonts = fonts::FontSet::bundled();
        // Parses the bundled faces on the first round.
        let _ = fonts.measure(fonts::Face::Regular, "a", 10.0);
        let t1 = Instant::now();
        let role = bank.load("backend-mid").unwrap();
        let t2 = Instant::now();
        let doc = document::build(&role, &document::Options::default());
        let laid = layout::layout(&doc, layout::Paper::A4, &fonts);
        let t3 = Instant::now();
        let pdf = render::render(laid, &doc.meta, &render::RenderOptions::default()).unwrap();
        let t4 = Instant::now();
        println!(
            "fonts {:?} load {:?} layout {:?} render {:?} size {}",
            t1 - t0,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            pdf.len()
        );
    }
}
