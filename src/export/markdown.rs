//! Markdown for ADRs, PRs and wikis: GitHub-flavoured tables, charts as SVG files
//! beside the document, linked.

use super::{ExportError, ExportOptions, Rendered, ReportData};

/// The document and its chart files (`{stem}-{chart}.svg`).
pub fn render(
    data: &ReportData,
    options: &ExportOptions,
    stem: &str,
) -> Result<Rendered, ExportError> {
    let _ = (data, options, stem);
    Err(ExportError::NoChart("not built yet".to_owned()))
}
