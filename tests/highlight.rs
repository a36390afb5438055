//! Highlighted code read back with lopdf: the code's text is extracted exactly as
//! written (the coloured runs abut, spaces kept), and the highlight colours are there.

mod util;

use lopdf::content::Content;
use prep_pdf::content::Bank;
use prep_pdf::document::{self, Block};
use util::{assert_ok, Pdf};

prep_test!(highlighted_code_extracts_exactly_and_is_coloured, |dir| {
    let bank = Bank::bundled();
    let mut checked = 0;
    for role in [
        "backend-mid",
        "data-engineer-mid",
        "frontend-mid",
        "android-mid",
    ] {
        let out = dir.join(&format!("{role}.pdf"));
        assert_ok(&dir.run(&["--role", role, "-o", out.to_str().unwrap()]));
        let pdf = Pdf::open(&out);
        let text = pdf.text();
        // The published set: what `--role` exported above.
        let mut model = bank.load(role).unwrap();
        model.select(prep_pdf::content::tags::Selection::Published);
        let doc = document::build(&model, &Default::default());
        let mut langs = 0;
        for block in &doc.body {
            let Block::Code {
                text: code, lang, ..
            } = block
            else {
                continue;
            };
            langs += usize::from(lang.is_some());
            for line in code.lines() {
                let line = line.replace('\t', "    ");
                let line = line.trim_end();
                // Lines longer than a row wrap; they are checked by the layout tests.
                if line.trim().is_empty() || line.chars().count() > 80 {
                    continue;
                }
                assert!(text.contains(line), "{role}: `{line}` is not in the text");
                checked += 1;
            }
        }
        assert!(langs > 0, "{role} has fenced code with a language");
        // The keyword colour (0 0.2 0.55) fills some text on some page.
        let coloured = pdf.doc.get_pages().values().any(|&id| {
            let ops = Content::decode(&pdf.doc.get_page_content(id)).unwrap();
            ops.operations.iter().any(|op| {
                op.operator == "rg"
                    && op
                        .operands
                        .iter()
                        .map(|o| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32))
                        .collect::<Vec<_>>()
                        == [0.0, 0.2, 0.55]
            })
        });
        assert!(coloured, "{role}: no keyword colour");
    }
    assert!(checked > 100, "{checked} code lines checked");
});
