//! The charts, drawn once as SVG for the report, the Markdown, the chart files and the
//! window's "Save chart" / "Copy as image"; PNG is rasterized from that SVG.
//!
//! Every chart is one SVG element with `xmlns`, `width`, `height` and a `viewBox`, no
//! XML prolog: it stands alone as a file and inlines in HTML as is. Ids inside start
//! with `headroom-{chart}`, so the charts of one page never clash. Sizes of fonts and
//! margins follow the chart's size (1920×1080 is the reference); every text from the
//! plan is escaped and measured with the shipped font, and cut with "…" to fit.

mod breakdown;
mod canvas;
mod frame;
mod labels;
mod metrics;
mod png;
mod range;
mod sensitivity;
mod ticks;
mod timeline;

pub use ticks::nice_ceil;

use super::{ExportError, ExportFile, ExportOptions, Format, Period, Rendered, ReportData};

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

/// The size, theme and money period of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartStyle {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// Colours.
    pub theme: Theme,
    /// Money per month or per year (`--period`): the cost axes are in USD per period.
    pub period: Period,
}

impl Default for ChartStyle {
    /// A 16:9 slide: 1920×1080, light, USD per month.
    fn default() -> Self {
        Self {
            width: 1920,
            height: 1080,
            theme: Theme::Light,
            period: Period::Month,
        }
    }
}

impl ChartStyle {
    /// The smallest width or height drawn, px.
    pub const MIN_SIDE: u32 = 200;
    /// The largest width or height drawn, px (8K).
    pub const MAX_SIDE: u32 = 8192;

    /// A chart of `width`×`height` in `theme`, per month.
    pub fn new(width: u32, height: u32, theme: Theme) -> Self {
        Self {
            width,
            height,
            theme,
            period: Period::Month,
        }
    }
}

/// The colour of phase `index` as RGB: the same in every chart file and the window.
pub fn phase_rgb(index: usize) -> [u8; 3] {
    let canvas::Rgb(r, g, b) = canvas::phase_color(index);
    [r, g, b]
}

/// The charts `data` has, in report order (the timeline needs growth, the scenarios
/// chart scenarios).
pub fn available(data: &ReportData) -> Vec<ChartKind> {
    ChartKind::ALL
        .into_iter()
        .filter(|&kind| missing(data, kind).is_none())
        .collect()
}

/// Why `data` has no chart `kind` (`None`: it has it).
fn missing(data: &ReportData, kind: ChartKind) -> Option<String> {
    let why = |what: &str| {
        let notes = data.notes.join(" ");
        let plan = canvas::plain(&data.plan.name);
        if notes.is_empty() {
            format!("plan {plan:?} has no {what} chart")
        } else {
            format!("plan {plan:?} has no {what} chart. {notes}")
        }
    };
    match kind {
        ChartKind::Cost | ChartKind::Utilization | ChartKind::Breakdown => None,
        ChartKind::Timeline => data.timeline.is_none().then(|| why("timeline")),
        ChartKind::Scenarios => data.comparison.is_none().then(|| {
            if data.plan.scenarios.is_empty() {
                format!(
                    "plan {:?} has no scenarios chart: it has no scenarios (add some under `scenarios` in the plan file)",
                    canvas::plain(&data.plan.name)
                )
            } else {
                why("scenarios")
            }
        }),
        ChartKind::Sensitivity => data.sensitivity.is_none().then(|| why("sensitivity")),
    }
}

/// One chart as an SVG document of `style`'s size (no XML prolog: a file as is, and
/// inlined in HTML as is). [`ExportError::NoChart`] when the plan lacks it (see
/// [`available`]), [`ExportError::Input`] for a size outside
/// [`ChartStyle::MIN_SIDE`]..=[`ChartStyle::MAX_SIDE`].
pub fn svg(data: &ReportData, kind: ChartKind, style: &ChartStyle) -> Result<String, ExportError> {
    let sides = ChartStyle::MIN_SIDE..=ChartStyle::MAX_SIDE;
    if !sides.contains(&style.width) || !sides.contains(&style.height) {
        return Err(ExportError::Input(format!(
            "chart size {}×{} is outside {}..={} px per side",
            style.width,
            style.height,
            ChartStyle::MIN_SIDE,
            ChartStyle::MAX_SIDE
        )));
    }
    if let Some(why) = missing(data, kind) {
        return Err(ExportError::NoChart(why));
    }
    let drawn = match kind {
        ChartKind::Cost => Some(range::cost(data, style)),
        ChartKind::Utilization => Some(range::utilization(data, style)),
        ChartKind::Breakdown => Some(breakdown::draw(data, style)),
        ChartKind::Timeline => timeline::timeline(data, style),
        ChartKind::Scenarios => timeline::scenarios(data, style),
        ChartKind::Sensitivity => sensitivity::draw(data, style),
    };
    drawn.ok_or_else(|| ExportError::NoChart(format!("no {} chart", kind.name())))
}

/// An SVG document rasterized to PNG bytes with the shipped font.
pub fn png(svg: &str) -> Result<Vec<u8>, ExportError> {
    png::encode(svg)
}

/// An SVG document rasterized to straight (non-premultiplied) RGBA pixels, with its
/// width and height: for the clipboard.
pub fn rgba(svg: &str) -> Result<(u32, u32, Vec<u8>), ExportError> {
    png::rgba(svg)
}

/// The svg/png formats: one file when a chart is picked, else a folder with every
/// available chart named `{stem}-{chart}.{ext}`. The money period is `options.period`.
pub fn render_files(
    data: &ReportData,
    options: &ExportOptions,
    stem: &str,
) -> Result<Rendered, ExportError> {
    let style = ChartStyle {
        period: options.period,
        ..options.style
    };
    let encode = |kind: ChartKind| -> Result<Vec<u8>, ExportError> {
        let svg = svg(data, kind, &style)?;
        match options.format {
            Format::Png => png(&svg),
            _ => Ok(svg.into_bytes()),
        }
    };
    let extension = match options.format {
        Format::Png => "png",
        _ => "svg",
    };
    match options.chart {
        Some(kind) => encode(kind).map(Rendered::File),
        None => available(data)
            .into_iter()
            .map(|kind| {
                Ok(ExportFile {
                    name: format!("{stem}-{}.{extension}", kind.name()),
                    bytes: encode(kind)?,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Rendered::Folder),
    }
}
