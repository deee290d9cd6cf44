//! XLSX: the tables as sheets with number formats a finance person can keep using.

use super::{ExportError, ExportOptions, ReportData};

/// The workbook's bytes.
pub fn render(data: &ReportData, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let _ = (data, options);
    Err(ExportError::Encode {
        what: "XLSX".to_owned(),
        message: "not built yet".to_owned(),
    })
}
