//! Compiles `content/*.yaml` into the binary, so an installed prep-pdf works anywhere.
use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("content/ exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            println!("cargo:rerun-if-changed={}", path.display());
            if path.extension()? != "yaml" {
                return None;
            }
            let stem = path.file_stem()?.to_str()?.to_string();
            Some((stem, path.display().to_string()))
        })
        .collect();
    // Sorted, so the generated code (and the binary) does not depend on directory order.
    entries.sort();
    // `skills.yaml` is the bank's vocabulary of tags, not a role.
    let vocab = entries
        .iter()
        .position(|(id, _)| id == "skills")
        .map(|i| entries.remove(i));
    let mut out = match vocab {
        Some((_, path)) => {
            format!("pub const SKILLS: Option<&str> = Some(include_str!({path:?}));\n")
        }
        None => "pub const SKILLS: Option<&str> = None;\n".to_string(),
    };
    out.push_str("pub const ROLES: &[(&str, &str)] = &[\n");
    for (id, path) in entries {
        writeln!(out, "    ({id:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_content.rs");
    std::fs::write(dest, out).unwrap();
}
