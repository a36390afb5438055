//! Images in answers (`![alt](file "Caption")`), read back by tools that did not
//! write the PDF: lopdf (each PNG, JPEG and SVG embedded once however often drawn,
//! no soft masks), `pdfinfo -struct-text` (a `Figure` with its `BBox`, then its
//! `Caption`), pikepdf (each `Figure`'s `/Alt`) and pdfua; and bad images, which
//! fail with the place of the mistake, all of them at once under `check`.

mod util;

use std::collections::BTreeMap;
use std::process::Command;

use util::{assert_ok, stderr, stdout, Pdf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images");

/// The fixture role rendered into `dir` as `i.pdf`.
fn render(dir: &util::Dir) -> std::path::PathBuf {
    assert_ok(&dir.run(&["--content", FIXTURES, "--role", "images", "-o", "i.pdf"]));
    dir.join("i.pdf")
}

/// Every XObject the pages' shared resources name, by name: (subtype, width, height).
fn xobjects(pdf: &Pdf) -> BTreeMap<String, (String, i64, i64)> {
    let doc = &pdf.doc;
    let page = *doc.get_pages().values().next().unwrap();
    let (res, ids) = doc.get_page_resources(page).unwrap();
    let res = res.unwrap_or_else(|| doc.get_dictionary(ids[0]).unwrap());
    let dict = match res.get(b"XObject").unwrap() {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let mut out = BTreeMap::new();
    for (name, obj) in dict.iter() {
        let stream = doc.get_object(obj.as_reference().unwrap()).unwrap();
        let d = &stream.as_stream().unwrap().dict;
        let n = |k: &[u8]| d.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
        let subtype = String::from_utf8_lossy(d.get(b"Subtype").unwrap().as_name().unwrap());
        out.insert(
            String::from_utf8_lossy(name).into_owned(),
            (subtype.into_owned(), n(b"Width"), n(b"Height")),
        );
    }
    out
}

prep_test!(each_image_is_embedded_once_however_often_drawn, |dir| {
    let path = render(&dir);
    let pdf = Pdf::open(&path);
    let named = xobjects(&pdf);
    let mut kinds: Vec<_> = named.values().cloned().collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("Form".to_string(), 0, 0),
            ("Image".to_string(), 240, 120),
            ("Image".to_string(), 320, 160),
        ],
        "{named:?}"
    );
    // Every image object in the file is one of those: no copies, and no soft mask
    // (a PNG's transparency is flattened onto the white page).
    let images = pdf.doc.objects.values().filter_map(|o| o.as_stream().ok());
    let images: Vec<_> = images
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .collect();
    assert_eq!(images.len(), 2);
    assert!(images.iter().all(|s| s.dict.get(b"SMask").is_err()));
    // Each is drawn twice: six `Do`s of figure images over the pages.
    let content: String = pdf
        .doc
        .get_pages()
        .values()
        .map(|id| String::from_utf8_lossy(&pdf.doc.get_page_content(*id)).into_owned())
        .collect();
    for name in named.keys() {
        assert_eq!(content.matches(&format!("/{name} Do")).count(), 2, "{name}");
    }
    // Same input, same bytes: names and object order depend on the files alone.
    assert_ok(&dir.run(&["--content", FIXTURES, "--role", "images", "-o", "again.pdf"]));
    assert!(std::fs::read(&path).unwrap() == std::fs::read(dir.join("again.pdf")).unwrap());
});

prep_test!(an_image_is_a_figure_with_alt_bbox_and_caption, |dir| {
    let path = render(&dir);
    let text = util::tool("pdfinfo", &["-struct-text", path.to_str().unwrap()]);
    assert_eq!(text.matches("Figure").count(), 6, "{text}");
    assert_eq!(text.matches("/BBox [").count(), 6, "{text}");
    let figure = text.find("Figure").unwrap();
    let caption = text.find("\"The cache, and where it fades\"").unwrap();
    assert!(figure < caption && text[figure..caption].contains("Caption"));
    let alts = util::figure_alts(&path);
    assert_eq!(alts.lines().count(), 6, "{alts}");
    for alt in [
        "A blue disc: the cache, fading where entries expire",
        "A gradient from dark to light: latency by request",
        "A box, a disc and a triangle: the API, the cache and the database",
    ] {
        assert!(alts.contains(alt), "{alt} in {alts}");
    }
    let out = util::pdfua_check([&path]);
    assert!(out.status.success(), "{}", stdout(&out));
    // And the SVG's copied objects hold together for a strict reader.
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
});

/// A PNG whose header claims `w`×`h` pixels, with a few bytes of pixels after it.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut header = w.to_be_bytes().to_vec();
    header.extend(h.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], &header[..]),
        (b"IDAT", &[0x78, 0x9c, 3, 0]),
        (b"IEND", &[]),
    ] {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    out
}

/// The bad images, one a paragraph from line 12 of the role (two lines each), and
/// the message each gets at its `![` (column 9).
const BAD: [(&str, &str); 9] = [
    ("![](img/ok.png)", "needs alt text"),
    ("![x](../outside.png)", "uses `..`"),
    ("![x](/etc/passwd)", "absolute path"),
    ("![x](img/missing.png)", "cannot find `img/missing.png`"),
    ("![x](img/notes.png)", "is not a PNG, JPEG or SVG image"),
    ("![x](img/huge.png)", "20000×20000 pixels is too large"),
    ("![x](img/out.png)", "leads outside the content folder"),
    (
        "![x](img/words.svg)",
        "text inside SVG images is not supported",
    ),
    ("![x](img/broken.svg)", "does not parse as SVG"),
];

prep_test!(
    bad_images_fail_at_their_line_and_column_all_at_once,
    |dir| {
        let ok = std::fs::read(format!("{FIXTURES}/img/cache.png")).unwrap();
        std::fs::create_dir_all(dir.join("bank/img")).unwrap();
        std::fs::write(dir.join("bank/img/ok.png"), &ok).unwrap();
        std::fs::write(dir.join("outside.png"), &ok).unwrap();
        std::os::unix::fs::symlink(dir.join("outside.png"), dir.join("bank/img/out.png")).unwrap();
        dir.write("bank/img/notes.png", "not an image\n");
        std::fs::write(dir.join("bank/img/huge.png"), png_claiming(20000, 20000)).unwrap();
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">"#;
        dir.write("bank/img/words.svg", &format!("{svg}<text>hi</text></svg>"));
        dir.write("bank/img/broken.svg", &format!("{svg}<rect"));
        let mut role = String::from(
        "title: Bad\nlevel: Mid\nsummary: A role with bad images.\nquestions:\n  - id: q\n    \
         category: technical\n    prompt: Show it.\n    answer_guide:\n      key_points: [One.]\n      \
         sample_answer: Fine.\n      overview: |\n",
    );
        for (image, _) in BAD {
            role.push_str(&format!("        {image}\n\n"));
        }
        dir.write("bank/bad.yaml", &role);
        let bank = dir.join("bank");
        let out = dir.run(&["check", "--content", bank.to_str().unwrap(), "bad"]);
        let report = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{report}");
        for (i, (_, message)) in BAD.iter().enumerate() {
            let place = format!("bad.yaml:{}:9: error:", 12 + 2 * i);
            let line = report.lines().find(|l| l.contains(&place));
            assert!(
                line.is_some_and(|l| l.contains(message)),
                "want {place} {message}:\n{report}"
            );
        }
        // An export fails with the same errors, and writes nothing.
        let out = dir.run(&[
            "--content",
            bank.to_str().unwrap(),
            "--role",
            "bad",
            "-o",
            "b.pdf",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("bad.yaml:12:9:"));
        assert!(!dir.join("b.pdf").exists());
    }
);
