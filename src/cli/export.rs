//! `headroom export`: the plan as a review-deck export (MODEL.md §3): an HTML report,
//! Markdown, CSV tables, an XLSX workbook, or charts as SVG/PNG. Prints the paths
//! written, one per line; on error nothing half-written is left.
//!
//! Figures apply in this order: the plan, then `--scenario`, then `--set`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::source::{PlanSource, parse_assignment};
use crate::export::{
    self, ChartKind, ChartStyle, DataOptions, ExportOptions, Format, Include, Period, ReportData,
    Theme,
};
use crate::format::parse_date;

/// Arguments of `headroom export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub source: PlanSource,
    /// Run one of the plan's scenarios (its driver values and growth over the plan's).
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// html, md, csv, xlsx, svg or png.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Format,
    /// Where to write: a file, or a folder for csv and for svg/png without --chart.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// One chart for svg/png: cost, utilization, breakdown, timeline, scenarios or
    /// sensitivity (default: every chart the plan has, into a folder).
    #[arg(long, value_name = "NAME", value_parser = parse_chart)]
    pub chart: Option<ChartKind>,
    /// Chart size in pixels, WIDTHxHEIGHT (default 1920x1080, a 16:9 slide).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Chart colours: light (default) or dark.
    #[arg(long, value_name = "THEME", value_parser = parse_theme, default_value = "light")]
    pub theme: Theme,
    /// Money columns and axes per month (default) or per year (× 12).
    #[arg(long, value_name = "PERIOD", value_parser = parse_period, default_value = "month")]
    pub period: Period,
    /// The date the report shows (default: the plan's date; never today's).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Leave out the charts (html, md).
    #[arg(long)]
    pub no_charts: bool,
    /// Leave out the deployment sketches (html, md).
    #[arg(long)]
    pub no_sketches: bool,
    /// Leave out the timeline, scenarios and sensitivity (html, md).
    #[arg(long)]
    pub no_timeline: bool,
    /// Leave out the assumptions appendix (html, md).
    #[arg(long)]
    pub no_assumptions: bool,
    /// Leave out the cost breakdown (html, md).
    #[arg(long)]
    pub no_breakdown: bool,
}

/// `--format`: a format by name, or the list of them.
fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown format {name:?}: expected one of {}",
            names.join(", ")
        )
    })
}

/// `--chart`: a chart by name, or the list of them.
fn parse_chart(name: &str) -> Result<ChartKind, String> {
    ChartKind::from_name(name).ok_or_else(|| {
        let names: Vec<_> = ChartKind::ALL.iter().map(|c| c.name()).collect();
        format!(
            "unknown chart {name:?}: expected one of {}",
            names.join(", ")
        )
    })
}

/// `--theme light|dark`.
fn parse_theme(name: &str) -> Result<Theme, String> {
    match name.to_ascii_lowercase().as_str() {
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        _ => Err(format!("unknown theme {name:?}: expected light or dark")),
    }
}

/// `--period month|year`.
fn parse_period(name: &str) -> Result<Period, String> {
    match name.to_ascii_lowercase().as_str() {
        "month" => Ok(Period::Month),
        "year" => Ok(Period::Year),
        _ => Err(format!("unknown period {name:?}: expected month or year")),
    }
}

/// `--size 1920x1080`: each side within [`ChartStyle::MIN_SIDE`]..=[`ChartStyle::MAX_SIDE`].
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (min, max) = (ChartStyle::MIN_SIDE, ChartStyle::MAX_SIDE);
    let malformed = || format!("{text:?} is not a size: expected WIDTHxHEIGHT, e.g. 1920x1080");
    let (width, height) = text
        .trim()
        .split_once(['x', 'X', '×'])
        .ok_or_else(malformed)?;
    let side = |s: &str| s.trim().parse::<u32>().map_err(|_| malformed());
    let (width, height) = (side(width)?, side(height)?);
    for value in [width, height] {
        if !(min..=max).contains(&value) {
            return Err(format!(
                "size {width}x{height}: each side must be {min} to {max} pixels"
            ));
        }
    }
    Ok((width, height))
}

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let (plan, model) = args.source.load()?;
    let overrides = args
        .source
        .set
        .iter()
        .map(|assignment| parse_assignment(&model, assignment))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let data_options = DataOptions {
        scenario: args.scenario.clone(),
        overrides,
        date: args.date,
        ..DataOptions::default()
    };
    let data = ReportData::from_plan(plan, model, &data_options)?;

    if args.chart.is_some() && !matches!(args.format, Format::Svg | Format::Png) {
        anyhow::bail!(
            "--chart picks a chart for --format svg or png, not {}",
            args.format.name()
        );
    }
    let mut options = ExportOptions::new(args.format);
    options.period = args.period;
    options.chart = args.chart;
    let (width, height) = args
        .size
        .unwrap_or((options.style.width, options.style.height));
    options.style = ChartStyle {
        width,
        height,
        theme: args.theme,
        period: args.period,
    };
    options.include = Include {
        charts: !args.no_charts,
        sketches: !args.no_sketches,
        breakdown: !args.no_breakdown,
        timeline: !args.no_timeline,
        assumptions: !args.no_assumptions,
    };
    // The error's message names the path and says why (its cause included), once.
    let written = export::export(&data, &options, &args.out).map_err(|e| anyhow::anyhow!("{e}"))?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_absurd_ones_are_refused() {
        assert_eq!(parse_size("1920x1080"), Ok((1920, 1080)));
        assert_eq!(parse_size("800X600"), Ok((800, 600)));
        for bad in [
            "0x1080",
            "1920x0",
            "9000x1000",
            "1920",
            "x",
            "axb",
            "-5x10",
            "",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let error = parse_format("docx").unwrap_err();
        assert!(error.contains("html, md, csv, xlsx, svg, png"), "{error}");
        let error = parse_chart("pie").unwrap_err();
        assert!(error.contains("cost, utilization"), "{error}");
        assert_eq!(parse_format("XLSX"), Ok(Format::Xlsx));
    }
}
