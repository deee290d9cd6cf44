//! CSV (RFC 4180): one `{table}.csv` per table of [`tables::all`], plain numbers,
//! units in the headers.
//!
//! - Records end with CRLF, the last one too; the first record is the header.
//! - Text is quoted when it holds `,` `"` CR or LF (quotes doubled), and text a
//!   spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR, `|` first) gets a
//!   leading `'` ([`crate::format::csv_field`]); nothing else is changed.
//! - Numbers and money are written in full precision, Rust's shortest round-trip form
//!   (`1234.5`, `0.1`, `21000000`): no thousands separators, no currency sign.
//! - Percentages are written as **fractions** (0.62 for 62 %), and their column's
//!   header says so: `Bottleneck utilization (fraction)`.
//! - Dates are ISO `YYYY-MM-DD`; yes/no cells are `true` / `false` (as
//!   `headroom timeline --csv` writes them); empty cells are empty.

use super::tables::{self, Cell, Table};
use super::{ExportFile, ExportOptions, ReportData};
use crate::format::csv_field;

/// One `{table}.csv` per table.
pub fn render(data: &ReportData, options: &ExportOptions) -> Vec<ExportFile> {
    tables::all(data, options.period)
        .iter()
        .map(|table| ExportFile {
            name: format!("{}.csv", table.id),
            bytes: table_csv(table).into_bytes(),
        })
        .collect()
}

/// One table as CSV text.
pub fn table_csv(table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .map(|(column, name)| {
            let percent = table
                .rows
                .iter()
                .any(|row| matches!(row.get(column), Some(Cell::Percent(_))));
            if percent {
                csv_field(&format!("{name} (fraction)"))
            } else {
                csv_field(name)
            }
        })
        .collect();
    out += &header.join(",");
    out += "\r\n";
    for row in &table.rows {
        let fields: Vec<String> = row.iter().map(field).collect();
        out += &fields.join(",");
        out += "\r\n";
    }
    out
}

/// One cell as a CSV field.
fn field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => csv_field(text),
        Cell::Usd(value) | Cell::Number(value) | Cell::Percent(value) => number(*value),
        Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
        Cell::Bool(value) => value.to_string(),
    }
}

/// Significant digits written: more than any input of a plan justifies, and few
/// enough to drop binary floating-point residue (`2071.9700000000003` → `2071.97`).
const SIGNIFICANT_DIGITS: usize = 12;

/// A plain number to [`SIGNIFICANT_DIGITS`], in its shortest form; empty when not
/// finite (a valid model never produces one).
fn number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{value:.*e}", SIGNIFICANT_DIGITS - 1)
        .parse()
        .unwrap_or(value);
    // `-0` would read oddly; it is 0.
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        rounded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn numbers_drop_floating_point_residue_only() {
        assert_eq!(number(2071.9700000000003), "2071.97");
        assert_eq!(number(9843.750000000002), "9843.75");
        assert_eq!(number(0.6857142857142857), "0.685714285714");
        assert_eq!(number(21e6), "21000000");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn fields_follow_rfc_4180() {
        let table = Table {
            id: "t",
            title: "T".to_owned(),
            columns: vec![
                "Name".to_owned(),
                "Share".to_owned(),
                "Cost (USD)".to_owned(),
            ],
            rows: vec![
                vec![
                    Cell::text("a, \"b\"\nc"),
                    Cell::Percent(0.625),
                    Cell::Usd(1234.5),
                ],
                vec![
                    Cell::text("=HYPERLINK(\"http://x\",\"y\")"),
                    Cell::Empty,
                    Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
                ],
                vec![Cell::Bool(true), Cell::Number(-0.0), Cell::Number(0.1)],
            ],
        };
        assert_eq!(
            table_csv(&table),
            "Name,Share (fraction),Cost (USD)\r\n\
             \"a, \"\"b\"\"\nc\",0.625,1234.5\r\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,2026-03-01\r\n\
             true,0,0.1\r\n"
        );
    }
}
