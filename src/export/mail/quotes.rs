//! Stray quotes in a recipients file, found before the CSV reader sees them.
//!
//! In CSV a field that starts with `"` runs to the next lone `"`, across line breaks.
//! One stray quote (`"Ada,ada@example.com,qa-mid`) therefore swallows every following
//! row into one name, and a merge would report one bad row where hundreds were lost.
//! [`stray_quotes`] walks the text as RFC 4180 does and names each quoted field that
//! never closes, or that closes only after taking in whole lines that look like rows
//! (as many commas as a row has). The caller skips that line, reports it, and reads
//! every other line as its own row.

/// A quote that swallows lines: where it opens and how many lines it took in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stray {
    /// The 1-based line the quoted field starts on.
    pub line: u64,
    /// Lines after it that the field took in (up to the end of the file when it never
    /// closes).
    pub swallowed: u64,
    /// Whether the quote is never closed.
    pub unterminated: bool,
}

/// The first stray quote in `b`, a CSV file whose rows have `columns` fields.
pub fn first_stray(b: &[u8], columns: usize) -> Option<Stray> {
    let (mut i, mut line) = (0usize, 1u64);
    let mut field_start = true;
    while i < b.len() {
        match b[i] {
            b'"' if field_start => {
                let open_line = line;
                let mut lines_inside: Vec<(usize, usize)> = Vec::new();
                let mut seg = i + 1;
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            // A final line break ends the last line; it starts no other.
                            let swallowed = line - open_line - u64::from(b.ends_with(b"\n"));
                            return Some(Stray {
                                line: open_line,
                                swallowed,
                                unterminated: true,
                            });
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => {
                            lines_inside.push((seg, i));
                            line += 1;
                            i += 1;
                            seg = i;
                        }
                        Some(_) => i += 1,
                    }
                }
                // Whole lines inside the field (not its first) that look like rows.
                let row_like = lines_inside
                    .iter()
                    .skip(1)
                    .any(|&(s, e)| looks_like_row(&b[s..e], columns));
                if row_like {
                    return Some(Stray {
                        line: open_line,
                        swallowed: line - open_line,
                        unterminated: false,
                    });
                }
                field_start = false;
            }
            b',' => {
                field_start = true;
                i += 1;
            }
            b'\n' => {
                field_start = true;
                line += 1;
                i += 1;
            }
            b'\r' | b' ' | b'\t' if field_start => i += 1,
            _ => {
                field_start = false;
                i += 1;
            }
        }
    }
    None
}

/// Whether a line taken into a quoted field has a row's commas and an `@`.
fn looks_like_row(line: &[u8], columns: usize) -> bool {
    let commas = line.iter().filter(|&&c| c == b',').count();
    columns > 1 && commas + 1 >= columns && line.contains(&b'@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_quote_is_found_and_a_line_break_in_a_name_is_not() {
        let ok = "name,email,role\n\"Ada\nLovelace\",a@x.org,qa\n\"Smith, J\",s@x.org,qa\n";
        assert_eq!(first_stray(ok.as_bytes(), 3), None);
        let open = "name,email,role\n\"Ada,a@x.org,qa\nB,b@x.org,qa\nC,c@x.org,qa\n";
        assert_eq!(
            first_stray(open.as_bytes(), 3),
            Some(Stray {
                line: 2,
                swallowed: 2,
                unterminated: true
            })
        );
        // Closed only by a later row's own quotes: the lines between are rows.
        let late = "name,email,role\n\"Ada,a@x.org,qa\nB,b@x.org,qa\n\"Smith, J\",s@x.org,qa\n";
        assert_eq!(
            first_stray(late.as_bytes(), 3),
            Some(Stray {
                line: 2,
                swallowed: 2,
                unterminated: false
            })
        );
        let crlf = "name,email,role\r\n\"Ada,a@x.org,qa\r\nB,b@x.org,qa\r\n";
        assert_eq!(first_stray(crlf.as_bytes(), 3).map(|s| s.line), Some(2));
        // A quote inside an unquoted field is a character, not a quote.
        assert_eq!(
            first_stray(b"name,email,role\nA \"the\" B,a@x.org,qa\n", 3),
            None
        );
    }
}
