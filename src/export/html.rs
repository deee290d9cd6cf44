//! The HTML report: one self-contained file (inline CSS and SVG, nothing fetched),
//! printable to PDF on A4 and Letter.

use super::{ExportOptions, ReportData};

/// The report's HTML.
pub fn render(data: &ReportData, options: &ExportOptions) -> String {
    let _ = (data, options);
    String::new()
}
