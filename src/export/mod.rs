//! Everything that leaves the app for a review deck (MODEL.md §3 `headroom export`):
//! a self-contained HTML report, Markdown, CSV, XLSX, and slide-sized charts as SVG
//! and PNG. GUI-free: the CLI and the window's File ▸ Export… both call [`export`].
//!
//! The data is computed once ([`ReportData`]); every format reads it. Charts are drawn
//! once, as SVG ([`chart`]), and PNG is rasterized from that SVG with the font shipped
//! in `assets/fonts/`, so a PNG is the same on every machine. Output is deterministic:
//! no wall-clock time, no hash-map order, the same plan and options give the same bytes.

pub mod assumptions;
pub mod chart;
pub mod csv;
pub mod data;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod output;
pub mod sketch;
pub mod tables;
pub mod xlsx;

use std::path::{Path, PathBuf};

pub use chart::{ChartKind, ChartStyle, Theme};
pub use data::{DataOptions, ReportData};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// One self-contained HTML file (inline CSS and SVG).
    Html,
    /// GitHub-flavoured Markdown, charts as SVG files beside it.
    Markdown,
    /// RFC 4180 CSV files, one per table, in a folder.
    Csv,
    /// One XLSX workbook, one sheet per table.
    Xlsx,
    /// Charts as SVG (one file with a chart picked, else a folder).
    Svg,
    /// Charts as PNG (one file with a chart picked, else a folder).
    Png,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Self; 6] = [
        Self::Html,
        Self::Markdown,
        Self::Csv,
        Self::Xlsx,
        Self::Svg,
        Self::Png,
    ];

    /// The name on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }

    /// The format called `name` (`--format`), case-insensitive.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// A label for menus and dialogs.
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "HTML report",
            Self::Markdown => "Markdown",
            Self::Csv => "CSV tables",
            Self::Xlsx => "Excel workbook (XLSX)",
            Self::Svg => "SVG charts",
            Self::Png => "PNG charts",
        }
    }

    /// Whether the output is a folder of files rather than one file.
    pub fn writes_folder(self, chart: Option<ChartKind>) -> bool {
        match self {
            Self::Csv => true,
            Self::Svg | Self::Png => chart.is_none(),
            Self::Html | Self::Markdown | Self::Xlsx => false,
        }
    }

    /// The file extension (without the dot) of a one-file output.
    pub fn extension(self) -> &'static str {
        self.name()
    }
}

/// The period of the money columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// USD per month (the model's unit).
    #[default]
    Month,
    /// USD per year (× 12).
    Year,
}

impl Period {
    /// Months in one period.
    pub fn months(self) -> f64 {
        match self {
            Self::Month => 1.0,
            Self::Year => 12.0,
        }
    }

    /// "month" or "year", as in `--period` and in units ("USD/month").
    pub fn name(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// The report's optional sections (all on by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Include {
    /// The charts.
    pub charts: bool,
    /// A deployment sketch per phase.
    pub sketches: bool,
    /// The cost breakdown per phase.
    pub breakdown: bool,
    /// The timeline, scenarios and sensitivity (when the plan has growth).
    pub timeline: bool,
    /// The assumptions appendix (thresholds, coefficients, prices and their sources).
    pub assumptions: bool,
}

impl Default for Include {
    fn default() -> Self {
        Self {
            charts: true,
            sketches: true,
            breakdown: true,
            timeline: true,
            assumptions: true,
        }
    }
}

/// How to export (what to compute is in [`DataOptions`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// Money per month or per year.
    pub period: Period,
    /// One chart only (svg/png); `None`: every chart the plan has.
    pub chart: Option<ChartKind>,
    /// Size and theme of chart files (the report sizes its own charts).
    pub style: ChartStyle,
    /// The report's sections.
    pub include: Include,
}

impl ExportOptions {
    /// Defaults for a format: per month, every chart, 1920×1080 light, every section.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            period: Period::Month,
            chart: None,
            style: ChartStyle::default(),
            include: Include::default(),
        }
    }
}

/// One file of an export, named relative to where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// File name (no folders).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What an export writes, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// One file, written to the output path.
    File(Vec<u8>),
    /// One file written to the output path and files beside it (Markdown's charts).
    FileWithSiblings {
        /// The output file.
        main: Vec<u8>,
        /// Written in the output's folder.
        siblings: Vec<ExportFile>,
    },
    /// Files written into the output path, a folder.
    Folder(Vec<ExportFile>),
}

/// Why an export failed (nothing half-written is left behind).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The plan cannot be exported as asked (an unknown scenario, say).
    #[error("{0}")]
    Input(String),
    /// The chart asked for does not exist for this plan.
    #[error("{0}")]
    NoChart(String),
    /// Encoding failed (PNG rasterization, XLSX writing).
    #[error("{what}: {message}")]
    Encode {
        /// What was being encoded.
        what: String,
        /// The encoder's message.
        message: String,
    },
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path written.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Renders `data` in a format, in memory. `stem` names sibling and folder files
/// (`report` gives `report-cost.svg` beside `report.md`).
pub fn render(
    data: &ReportData,
    options: &ExportOptions,
    stem: &str,
) -> Result<Rendered, ExportError> {
    match options.format {
        Format::Html => Ok(Rendered::File(html::render(data, options).into_bytes())),
        Format::Markdown => markdown::render(data, options, stem),
        Format::Csv => Ok(Rendered::Folder(csv::render(data, options))),
        Format::Xlsx => xlsx::render(data, options).map(Rendered::File),
        Format::Svg | Format::Png => chart::render_files(data, options, stem),
    }
}

/// Renders and writes an export to `out` (a file, or a folder for formats that write
/// several files), atomically: each file appears whole or not at all. Returns the
/// paths written.
pub fn export(
    data: &ReportData,
    options: &ExportOptions,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("headroom");
    let rendered = render(data, options, stem)?;
    output::write(out, &rendered)
}
