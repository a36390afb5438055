//! Shared helpers for the integration tests: a temporary folder per test, the
//! built binary, and a reader for the PDFs it writes (lopdf, which parses PDF
//! files independently of how they were produced).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The Python interpreter for tests that use Python tools (pikepdf, pdfua, aiosmtpd,
/// trustme): the one `scripts/test.sh` names in `PREP_PDF_TEST_PYTHON`, else the
/// virtual environment it makes under target/, else `python3` when run bare.
pub fn python_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PREP_PDF_TEST_PYTHON") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

/// [`python_path`] as a command to add arguments to.
pub fn python() -> Command {
    Command::new(python_path())
}

/// Parses a draft as a mail client would (tests/support/read_eml.py): returns its
/// summary (headers, body, attachments) and writes its PDF attachment to `pdf`.
pub fn read_eml_to(eml: &Path, pdf: &Path) -> serde_json::Value {
    let out = python()
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/read_eml.py"
        ))
        .arg(eml)
        .arg(pdf)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The alternative text of every `Figure` in `pdf`'s structure tree, one a line, in
/// tree order. Read with pikepdf: poppler does not print /Alt.
pub fn figure_alts(pdf: &Path) -> String {
    let script = "import pikepdf, sys\n\
        pdf = pikepdf.open(sys.argv[1])\n\
        def walk(e):\n\
        \x20   if isinstance(e, pikepdf.Array):\n\
        \x20       for k in e: walk(k)\n\
        \x20   elif isinstance(e, pikepdf.Dictionary) and '/S' in e:\n\
        \x20       if e.S == '/Figure': print(str(e.Alt))\n\
        \x20       walk(e.get('/K'))\n\
        walk(pdf.Root.StructTreeRoot.K)\n";
    let out = python().arg("-c").arg(script).arg(pdf).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The standard output of an installed tool (poppler's pdfinfo and pdftotext, say),
/// which must succeed.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name} ({e}): scripts/test.sh installs it"));
    assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfua`, installed next to the test environment's python.
pub fn pdfua() -> PathBuf {
    match std::env::var_os("PREP_PDF_TEST_PYTHON") {
        Some(python) => Path::new(&python).with_file_name("pdfua"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-venv/bin/pdfua"),
    }
}

/// Runs `pdfua check --quiet` on `files`; the caller asserts on its output.
pub fn pdfua_check<P: AsRef<std::ffi::OsStr>>(files: impl IntoIterator<Item = P>) -> Output {
    Command::new(pdfua())
        .args(["check", "--quiet"])
        .args(files)
        .output()
        .expect("pdfua runs: scripts/test.sh installs it")
}

/// The tagged text (`pdfinfo -struct-text`, poppler): what a screen reader reads.
pub fn struct_text(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh folder for one test, removed when the test ends.
pub struct Dir {
    pub path: PathBuf,
}

impl Dir {
    pub fn new(name: &str) -> Dir {
        let path =
            std::env::temp_dir().join(format!("prep-pdf-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir { path }
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.path.join(p)
    }

    pub fn write(&self, p: &str, text: &str) -> PathBuf {
        let path = self.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The names of the files in a folder of this one, sorted.
    pub fn list(&self, p: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.join(p))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Runs prep-pdf in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_prep-pdf"));
        cmd.args(args)
            .current_dir(&self.path)
            .env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Declares a test with a fresh [`Dir`] named after it:
/// `prep_test!(name, |dir| { ... });`
#[macro_export]
macro_rules! prep_test {
    ($name:ident, |$dir:ident| $body:block) => {
        #[test]
        fn $name() {
            let $dir = $crate::util::Dir::new(stringify!($name));
            $body
        }
    };
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr:\n{}",
        o.status.code(),
        stderr(o)
    );
}

/// A PDF read back with lopdf.
pub struct Pdf {
    pub doc: lopdf::Document,
}

impl Pdf {
    pub fn open(path: &Path) -> Pdf {
        Pdf::from_bytes(&std::fs::read(path).unwrap())
    }

    pub fn from_bytes(bytes: &[u8]) -> Pdf {
        Pdf {
            doc: lopdf::Document::load_mem(bytes).expect("the PDF parses"),
        }
    }

    pub fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The text of every page, in page order, as lopdf extracts it (through each
    /// font's ToUnicode map).
    pub fn text(&self) -> String {
        let pages: Vec<u32> = self.doc.get_pages().keys().copied().collect();
        self.doc.extract_text(&pages).expect("text extracts")
    }

    fn resolve<'a>(&'a self, o: &'a lopdf::Object) -> &'a lopdf::Object {
        match o {
            lopdf::Object::Reference(id) => self.doc.get_object(*id).unwrap(),
            other => other,
        }
    }

    /// Every font dictionary used by a page: its /BaseFont and the dictionary.
    pub fn fonts(&self) -> BTreeMap<String, lopdf::Dictionary> {
        let mut out = BTreeMap::new();
        for (_, page) in self.doc.get_pages() {
            for (_, font) in self.doc.get_page_fonts(page).unwrap() {
                let name =
                    String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap())
                        .into_owned();
                out.insert(name, font.clone());
            }
        }
        out
    }

    /// Whether a font dictionary has an embedded program and a ToUnicode map.
    pub fn font_is_embedded_with_tounicode(&self, font: &lopdf::Dictionary) -> (bool, bool) {
        let has_unicode = font.get(b"ToUnicode").is_ok();
        let descendants = self
            .resolve(font.get(b"DescendantFonts").unwrap())
            .as_array()
            .unwrap();
        let cid = self.resolve(&descendants[0]).as_dict().unwrap();
        let desc = self
            .resolve(cid.get(b"FontDescriptor").unwrap())
            .as_dict()
            .unwrap();
        let embedded = desc.get(b"FontFile2").is_ok() || desc.get(b"FontFile3").is_ok();
        (embedded, has_unicode)
    }

    /// Outline titles in order.
    pub fn outline(&self) -> Vec<String> {
        let catalog = self.doc.catalog().unwrap();
        let Ok(root) = catalog.get(b"Outlines") else {
            return Vec::new();
        };
        let root = self.resolve(root).as_dict().unwrap();
        let mut out = Vec::new();
        let mut next = root.get(b"First").ok().cloned();
        while let Some(r) = next {
            let d = self.resolve(&r).as_dict().unwrap();
            out.push(lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap());
            next = d.get(b"Next").ok().cloned();
        }
        out
    }

    /// Link annotations per page (1-based): URIs, and internal targets as page numbers.
    pub fn links(&self) -> Vec<(u32, Link)> {
        let pages = self.doc.get_pages();
        let page_numbers: BTreeMap<lopdf::ObjectId, u32> =
            pages.iter().map(|(n, id)| (*id, *n)).collect();
        let mut out = Vec::new();
        for (n, page) in &pages {
            let page = self.doc.get_object(*page).unwrap().as_dict().unwrap();
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            for a in self.resolve(annots).as_array().unwrap() {
                let a = self.resolve(a).as_dict().unwrap();
                let action = self.resolve(a.get(b"A").unwrap()).as_dict().unwrap();
                if let Ok(uri) = action.get(b"URI") {
                    out.push((
                        *n,
                        Link::Uri(String::from_utf8_lossy(uri.as_str().unwrap()).into_owned()),
                    ));
                } else if let Ok(dest) = action.get(b"D") {
                    let dest = self.resolve(dest).as_array().unwrap();
                    let target = dest[0].as_reference().unwrap();
                    out.push((*n, Link::Page(page_numbers[&target])));
                }
            }
        }
        out
    }

    /// The pages that the internal links on page `page` lead to, in order.
    pub fn page_targets(&self, page: u32) -> Vec<u32> {
        self.links()
            .into_iter()
            .filter(|(p, _)| *p == page)
            .filter_map(|(_, l)| if let Link::Page(t) = l { Some(t) } else { None })
            .collect()
    }

    /// A value of the document information dictionary.
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self
            .resolve(self.doc.trailer.get(b"Info").ok()?)
            .as_dict()
            .ok()?;
        // lopdf's decoder knows both text encodings: UTF-16BE and PDFDocEncoding.
        lopdf::decode_text_string(info.get(key.as_bytes()).ok()?).ok()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    Uri(String),
    Page(u32),
}

/// Plain text of inline Markdown, for comparing with extracted text.
pub fn plain(md: &str) -> String {
    let (spans, _) = prep_pdf::content::markdown::parse_inline(md);
    prep_pdf::content::markdown::plain_text(&spans)
}

/// Drops all white space, for comparing with [`Pdf::text`]: lopdf's extractor joins
/// the lines of a paragraph without a space, where pdftotext infers one from the gap.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Compares `got` with `tests/snapshots/NAME` and fails at the first differing line;
/// `UPDATE_SNAPSHOTS=1` rewrites the snapshot instead. `what` names it in the message.
#[track_caller]
pub fn assert_snapshot(name: &str, what: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want =
        std::fs::read_to_string(&path).expect("snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{what} changed; first difference at line {}:\n got: {}\nwant: {}\n(rerun with UPDATE_SNAPSHOTS=1 if intended)",
            first + 1,
            got.lines().nth(first).unwrap_or("<end>"),
            want.lines().nth(first).unwrap_or("<end>")
        );
    }
}

/// xorshift64*: small, deterministic, good enough to pick fuzz mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// How many fuzz cases to run: `PREP_PDF_FUZZ_ITERS`, else 240.
pub fn fuzz_iterations() -> usize {
    std::env::var("PREP_PDF_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(240)
}

/// The fuzz seed: `PREP_PDF_FUZZ_SEED`, else a fixed one, so runs are deterministic.
pub fn fuzz_seed() -> u64 {
    std::env::var("PREP_PDF_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_CAFE)
}
