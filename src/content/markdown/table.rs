//! GitHub-flavoured tables: how the builder fills a [`Table`] from pulldown-cmark's
//! table events.
//!
//! pulldown-cmark pads a short row with empty cells and drops a long row's extra
//! ones, as GFM says; a row whose cells were written ragged is more likely a
//! mistake (a missing `|`, a stray one) than a wish, so it is reported at its line.

use super::{Align, Block, BlockBuilder, Inlines, Table};
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// A table being read.
pub(super) struct Open {
    table: Table,
    /// The row being read.
    row: Option<Vec<Inlines>>,
}

impl Open {
    pub(super) fn new(align: Vec<Alignment>) -> Open {
        let align = align
            .into_iter()
            .map(|a| match a {
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
                Alignment::Left | Alignment::None => Align::Left,
            })
            .collect();
        Open {
            table: Table {
                align,
                head: Vec::new(),
                rows: Vec::new(),
            },
            row: None,
        }
    }

    pub(super) fn finish(self) -> Table {
        self.table
    }
}

/// How many cells a table row's source line holds: its unescaped `|`s split it, and
/// a leading or trailing one only closes it.
pub(super) fn cells_written(line: &str) -> usize {
    let line = line.trim();
    let mut pipes = Vec::new();
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => pipes.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    let leading = pipes.first() == Some(&0);
    let trailing = line.len() > 1 && pipes.last() == Some(&(line.len() - 1));
    pipes.len() + 1 - usize::from(leading) - usize::from(trailing)
}

impl BlockBuilder {
    /// Takes a table's own events; any other event is handed back.
    pub(super) fn table_event<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        match event {
            Event::Start(Tag::Table(align)) => {
                self.flush_para();
                self.table = Some(Open::new(align));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => self.open_row(),
            Event::Start(Tag::TableCell) => self.flush_para(),
            Event::End(TagEnd::TableCell) => self.close_cell(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => self.close_row(),
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(Box::new(t.finish())));
                }
            }
            other => return Some(other),
        }
        None
    }

    /// A row of the open table was written with `cells` cells at `offset`.
    pub(super) fn row_written(&mut self, cells: usize, offset: usize) {
        let Some(want) = self.table.as_ref().map(|t| t.table.align.len()) else {
            return;
        };
        if cells != want {
            self.problem(
                offset,
                format!("this table row has {cells} cells; the table's header has {want}"),
            );
        }
    }

    fn open_row(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.row = Some(Vec::new());
        }
    }

    /// Ends a cell: the text read since it opened is its content.
    fn close_cell(&mut self) {
        let spans = super::script::split_scripts(self.para.take().unwrap_or_default());
        if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
            row.push(spans);
        }
    }

    /// Ends the header row or a body row.
    fn close_row(&mut self) {
        let Some(t) = self.table.as_mut() else { return };
        let Some(row) = t.row.take() else { return };
        if t.table.head.is_empty() && t.table.rows.is_empty() {
            t.table.head = row;
        } else {
            t.table.rows.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_blocks, plain_text, Block};
    use super::*;

    #[test]
    fn cells_are_counted_as_written() {
        assert_eq!(cells_written("| a | b |"), 2);
        assert_eq!(cells_written("a | b"), 2);
        assert_eq!(cells_written("| a \\| b | c"), 2);
        assert_eq!(cells_written("| a |"), 1);
    }

    #[test]
    fn tables_keep_cells_alignment_and_styles() {
        let src = "| Store | Latency |\n|:--|--:|\n| **Redis** | 1 ms |\n| `pg` | 5 ms |\n";
        let (blocks, problems) = parse_blocks(src);
        assert!(problems.is_empty(), "{problems:?}");
        let Block::Table(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.align, [Align::Left, Align::Right]);
        assert_eq!(plain_text(&t.head[1]), "Latency");
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows[0][0][0].bold);
        assert!(t.rows[1][0][0].code);
    }

    #[test]
    fn ragged_rows_are_reported_at_their_line() {
        let src = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n";
        let (_, problems) = parse_blocks(src);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].offset, src.find("| 3").unwrap());
        assert!(problems[0]
            .message
            .contains("1 cells; the table's header has 2"));
        assert_eq!(problems[1].offset, src.find("| 4").unwrap());
    }
}
