fn main() {
    let path = std::env::args().nth(1).unwrap();
    let doc = lopdf::Document::load(&path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let t = doc.extract_text(&pages).unwrap();
    println!("{t}");
}
