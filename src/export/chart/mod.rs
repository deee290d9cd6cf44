//! The charts, drawn once as SVG for the report, the Markdown, the chart files and the
//! window's "Save chart" / "Copy as image"; PNG is rasterized from that SVG.

use super::{ExportError, ExportOptions, Rendered, ReportData};

/// A chart the plan can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChartKind {
    /// Monthly cost of every phase across the swept driver, the current value marked.
    Cost,
    /// Bottleneck utilization of every phase across the swept driver, with thresholds.
    Utilization,
    /// Cost breakdown of the focus phase.
    Breakdown,
    /// The timeline: phase bands, cost, spend, budget, run-out dates (needs growth).
    Timeline,
    /// Scenarios side by side (needs scenarios).
    Scenarios,
    /// Tornado of spend against ±10 % on every driver value and growth rate.
    Sensitivity,
}

impl ChartKind {
    /// Every chart, in report order.
    pub const ALL: [Self; 6] = [
        Self::Cost,
        Self::Utilization,
        Self::Breakdown,
        Self::Timeline,
        Self::Scenarios,
        Self::Sensitivity,
    ];

    /// The name on the command line (`--chart`) and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cost => "cost",
            Self::Utilization => "utilization",
            Self::Breakdown => "breakdown",
            Self::Timeline => "timeline",
            Self::Scenarios => "scenarios",
            Self::Sensitivity => "sensitivity",
        }
    }

    /// The chart called `name`, case-insensitive.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// Light (the default, for slides) or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The size and theme of a chart file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartStyle {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// Colours.
    pub theme: Theme,
}

impl Default for ChartStyle {
    /// A 16:9 slide: 1920×1080, light.
    fn default() -> Self {
        Self {
            width: 1920,
            height: 1080,
            theme: Theme::Light,
        }
    }
}

/// The charts `data` has, in report order (the timeline needs growth, the scenarios
/// chart scenarios).
pub fn available(data: &ReportData) -> Vec<ChartKind> {
    let _ = data;
    Vec::new()
}

/// One chart as a standalone SVG document of `style`'s size.
pub fn svg(data: &ReportData, kind: ChartKind, style: &ChartStyle) -> Result<String, ExportError> {
    let _ = (data, style);
    Err(ExportError::NoChart(format!(
        "{} chart: not drawn yet",
        kind.name()
    )))
}

/// An SVG document rasterized to PNG bytes with the shipped font.
pub fn png(svg: &str) -> Result<Vec<u8>, ExportError> {
    let _ = svg;
    Err(ExportError::Encode {
        what: "PNG".to_owned(),
        message: "not built yet".to_owned(),
    })
}

/// An SVG document rasterized to straight (non-premultiplied) RGBA pixels, with its
/// width and height: for the clipboard.
pub fn rgba(svg: &str) -> Result<(u32, u32, Vec<u8>), ExportError> {
    let _ = svg;
    Err(ExportError::Encode {
        what: "image".to_owned(),
        message: "not built yet".to_owned(),
    })
}

/// The svg/png formats: one file when a chart is picked, else a folder with every
/// available chart named `{stem}-{chart}.{ext}`.
pub fn render_files(
    data: &ReportData,
    options: &ExportOptions,
    stem: &str,
) -> Result<Rendered, ExportError> {
    let _ = (data, options, stem);
    Err(ExportError::NoChart("not drawn yet".to_owned()))
}
