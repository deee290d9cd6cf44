//! CSV (RFC 4180): one file per table, plain numbers, units in the headers.

use super::{ExportFile, ExportOptions, ReportData};

/// One `{table}.csv` per table.
pub fn render(data: &ReportData, options: &ExportOptions) -> Vec<ExportFile> {
    let _ = (data, options);
    Vec::new()
}
