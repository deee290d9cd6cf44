//! XLSX: the tables as sheets with number formats a finance person can keep using.
//!
//! A first "Summary" sheet ([`tables::summary`]: plan, description, the report's date,
//! the catalog's as-of date, the scenario), then one sheet per table of
//! [`tables::all`], named after its title. Every sheet has a bold, frozen header row
//! and column widths that fit their content. Cells are typed: money in `$#,##0.00`,
//! quantities in `#,##0` (whole) or `#,##0.##`, percentages in `0.0%`, dates as real
//! Excel dates in `yyyy-mm-dd`, yes/no as booleans, and text as string cells, which
//! a spreadsheet never evaluates (no `'` is added: `=HYPERLINK(…)` stays text).
//!
//! Deterministic: the workbook's creation date is the report's date (else
//! 1980-01-01), never the wall clock, so the same export gives the same bytes.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::tables::{self, Cell, Table};
use super::{ExportError, ExportOptions, ReportData};

/// Excel's limit on a sheet name, in UTF-16 units.
const SHEET_NAME_MAX: usize = 31;

/// Column widths, in characters.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;

/// The number formats.
const USD_FORMAT: &str = "$#,##0.00";
const WHOLE_FORMAT: &str = "#,##0";
const DECIMAL_FORMAT: &str = "#,##0.##";
const PERCENT_FORMAT: &str = "0.0%";
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The workbook's bytes.
pub fn render(data: &ReportData, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    workbook(data, options).map_err(|error| ExportError::Encode {
        what: "XLSX".to_owned(),
        message: error.to_string(),
    })
}

/// The formats every sheet uses.
struct Formats {
    header: Format,
    usd: Format,
    whole: Format,
    decimal: Format,
    percent: Format,
    date: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new().set_bold().set_align(FormatAlign::Left),
            usd: Format::new().set_num_format(USD_FORMAT),
            whole: Format::new().set_num_format(WHOLE_FORMAT),
            decimal: Format::new().set_num_format(DECIMAL_FORMAT),
            percent: Format::new().set_num_format(PERCENT_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            text: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
        }
    }
}

fn workbook(data: &ReportData, options: &ExportOptions) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = match data.date {
        Some(date) => excel_date(date)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    let title = if data.model.title.is_empty() {
        &data.model.name
    } else {
        &data.model.title
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_comment("Exported by Headroom")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    let mut used = Vec::new();

    let summary = tables::summary(data, options.period);
    let sheet = workbook.add_worksheet();
    write_table(sheet, &summary, &formats, true)?;
    sheet.set_name(sheet_name(&summary.title, &mut used))?;

    for table in tables::all(data, options.period) {
        let sheet = workbook.add_worksheet();
        write_table(sheet, &table, &formats, false)?;
        sheet.set_name(sheet_name(&table.title, &mut used))?;
    }
    workbook.save_to_buffer()
}

/// An Excel date (no time of day).
fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike as _;
    // Excel dates start in 1900; the plan's dates are validated far inside that.
    let year = u16::try_from(date.year()).unwrap_or(1900);
    // Month and day are 1..=12 and 1..=31.
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// A valid, unique sheet name from a title: the characters Excel forbids
/// (`[]:*?/\`) become `-`, a title too long loses its parenthesis and is cut to 31
/// UTF-16 units, and a repeated name gets ` 2`, ` 3`….
pub fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let fits = |s: &str| s.encode_utf16().count() <= SHEET_NAME_MAX;
    let mut base: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if !fits(&base)
        && let Some(open) = base.find(" (")
    {
        base.truncate(open);
    }
    let cut = |s: &str, max: usize| -> String {
        let mut out = String::new();
        for c in s.chars() {
            if out.encode_utf16().count() + c.len_utf16() > max {
                break;
            }
            out.push(c);
        }
        out.trim_matches(['\'', ' ']).to_owned()
    };
    base = cut(&base, SHEET_NAME_MAX);
    if base.is_empty() {
        base = "Sheet".to_owned();
    }
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" {n}");
        name = format!(
            "{}{suffix}",
            cut(&base, SHEET_NAME_MAX - suffix.encode_utf16().count())
        );
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Writes a table with its header row frozen; `wrap_text` wraps long text (the
/// summary's description).
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &Formats,
    wrap_text: bool,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = table.columns.iter().map(|c| text_width(c)).collect();
    for (col, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, column(col), name, &formats.header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let row_number = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let col = column(c);
            let width = match cell {
                Cell::Empty => 0,
                Cell::Text(text) => {
                    if wrap_text {
                        sheet.write_string_with_format(row_number, col, text, &formats.text)?;
                    } else {
                        sheet.write_string(row_number, col, text)?;
                    }
                    text_width(text)
                }
                Cell::Usd(value) => {
                    sheet.write_number_with_format(row_number, col, *value, &formats.usd)?;
                    number_width(*value, 2) + 1
                }
                Cell::Number(value) => {
                    if is_whole(*value) {
                        sheet.write_number_with_format(row_number, col, *value, &formats.whole)?;
                        number_width(*value, 0)
                    } else {
                        sheet.write_number_with_format(
                            row_number,
                            col,
                            *value,
                            &formats.decimal,
                        )?;
                        number_width(*value, 2)
                    }
                }
                Cell::Percent(value) => {
                    sheet.write_number_with_format(row_number, col, *value, &formats.percent)?;
                    number_width(*value * 100.0, 1) + 1
                }
                Cell::Date(date) => {
                    sheet.write_datetime_with_format(
                        row_number,
                        col,
                        excel_date(*date)?,
                        &formats.date,
                    )?;
                    10
                }
                Cell::Bool(value) => {
                    sheet.write_boolean(row_number, col, *value)?;
                    5
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    for (c, width) in widths.iter().enumerate() {
        let width = (width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        // Widths are small whole numbers: exact as f64.
        sheet.set_column_width(column(c), width as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A column index (tables have a few dozen columns at most).
fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}

/// Whether `#,##0` shows `value` without losing what `#,##0.##` would show.
fn is_whole(value: f64) -> bool {
    ((value * 100.0).round() / 100.0).fract() == 0.0
}

/// The width of text: its longest line, in characters.
fn text_width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The width of a number with thousands separators and `decimals` decimals.
fn number_width(value: f64, decimals: usize) -> usize {
    let digits = format!("{:.0}", value.abs().trunc()).len();
    let separators = digits.saturating_sub(1) / 3;
    let sign = usize::from(value < 0.0);
    let fraction = if decimals > 0 { decimals + 1 } else { 0 };
    sign + digits + separators + fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("Phases", &mut used), "Phases");
        assert_eq!(sheet_name("phases", &mut used), "phases 2");
        assert_eq!(
            sheet_name("Timeline (24 months from 2026-01-01)", &mut used),
            "Timeline"
        );
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g", &mut used), "a-b-c--d-e-f-g");
        let long = sheet_name(&"x".repeat(40), &mut used);
        assert_eq!(long.len(), 31);
        let again = sheet_name(&"x".repeat(40), &mut used);
        assert_eq!(again, format!("{} 2", "x".repeat(29)));
        assert_eq!(sheet_name("'quoted'", &mut used), "quoted");
    }

    #[test]
    fn number_widths() {
        assert_eq!(number_width(1234.5, 2), 8);
        assert_eq!(number_width(-12.0, 0), 3);
        assert!(is_whole(3.0) && is_whole(2.999) && !is_whole(2.5));
    }
}
