//! `headroom sweep`: evaluate a plan at N values of one driver.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::source::{PlanSource, driver_index};
use crate::format::{csv_field, parse_quantity};
use crate::model::{EvalOptions, Model, SliderScale, check_driver_value};

/// Arguments of `headroom sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub source: PlanSource,
    /// The driver to sweep.
    #[arg(long, value_name = "D")]
    pub driver: String,
    /// First value (default: the driver's slider min).
    #[arg(long, value_name = "A", value_parser = parse_quantity)]
    pub from: Option<f64>,
    /// Last value (default: the driver's slider max).
    #[arg(long, value_name = "B", value_parser = parse_quantity)]
    pub to: Option<f64>,
    /// Number of points (≥ 2, at most 1,000,000).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub points: usize,
    /// Spacing of the points (default: the driver's slider scale).
    #[arg(long)]
    pub scale: Option<Spacing>,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (RFC 4180).
    #[arg(long)]
    pub csv: bool,
}

/// Spacing of sweep points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Spacing {
    /// Evenly spaced values.
    Linear,
    /// Evenly spaced logarithms (needs from > 0).
    Log,
}

#[derive(Debug, Serialize)]
struct SweepReport<'a> {
    plan: &'a str,
    driver: &'a str,
    points: Vec<SweepPoint<'a>>,
}

#[derive(Debug, Serialize)]
struct SweepPoint<'a> {
    value: f64,
    recommended_phase: Option<&'a str>,
    /// Monthly cost of the recommended phase (null when none is ok).
    monthly_cost: Option<f64>,
    phases: Vec<SweepPhase<'a>>,
}

#[derive(Debug, Serialize)]
struct SweepPhase<'a> {
    name: &'a str,
    status: &'static str,
    monthly_cost: f64,
    bottleneck_utilization: Option<f64>,
}

pub fn run(args: &SweepArgs) -> anyhow::Result<()> {
    let (_, model) = args.source.load()?;
    let base = args.source.drivers(&model)?;
    let driver = driver_index(&model, &args.driver)?;
    let info = &model.drivers[driver];
    let from = args.from.unwrap_or(info.min);
    let to = args.to.unwrap_or(info.max);
    check_driver_value("--from", from).map_err(anyhow::Error::msg)?;
    check_driver_value("--to", to).map_err(anyhow::Error::msg)?;
    if !(2..=1_000_000).contains(&args.points) {
        anyhow::bail!("--points: expected 2..=1000000, got {}", args.points);
    }
    let spacing = args.scale.unwrap_or(match info.scale {
        SliderScale::Log => Spacing::Log,
        SliderScale::Linear => Spacing::Linear,
    });
    if spacing == Spacing::Log && (from <= 0.0 || to <= 0.0) {
        anyhow::bail!("a log sweep needs --from and --to above 0 (or use --scale linear)");
    }
    let values = sweep_values(from, to, args.points, spacing);
    let report = SweepReport {
        plan: &model.name,
        driver: &info.name,
        points: sweep(&model, &base, driver, &values),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if args.csv {
        print!("{}", csv(&model, &report));
    } else {
        print!("{}", table(&model, &report));
    }
    Ok(())
}

/// `points` values from `from` to `to` inclusive, both ends exact; inner log points
/// rounded to 12 significant digits so that `10` is not `10.000000000000002`.
pub fn sweep_values(from: f64, to: f64, points: usize, spacing: Spacing) -> Vec<f64> {
    let last = points - 1;
    (0..points)
        .map(|i| {
            let t = i as f64 / last as f64;
            match (i, spacing) {
                (0, _) => from,
                (i, _) if i == last => to,
                (_, Spacing::Linear) => from + (to - from) * t,
                (_, Spacing::Log) => round_significant(from * (to / from).powf(t), 12),
            }
        })
        .collect()
}

fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(digits - 1 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

fn sweep<'a>(model: &'a Model, base: &[f64], driver: usize, values: &[f64]) -> Vec<SweepPoint<'a>> {
    let mut drivers = base.to_vec();
    values
        .iter()
        .map(|&value| {
            drivers[driver] = value;
            let evaluation = model.evaluate_with(&drivers, EvalOptions { ceilings: false });
            SweepPoint {
                value,
                recommended_phase: evaluation
                    .recommended
                    .map(|i| model.phases[i].name.as_str()),
                monthly_cost: evaluation
                    .recommended
                    .map(|i| evaluation.phases[i].monthly_cost_usd),
                phases: model
                    .phases
                    .iter()
                    .zip(&evaluation.phases)
                    .map(|(phase, eval)| SweepPhase {
                        name: &phase.name,
                        status: eval.status.as_str(),
                        monthly_cost: eval.monthly_cost_usd,
                        bottleneck_utilization: eval.bottleneck.map(|b| b.utilization),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn csv(model: &Model, report: &SweepReport) -> String {
    let mut header = vec![
        csv_field(report.driver),
        "recommended_phase".to_owned(),
        "recommended_cost_usd_per_month".to_owned(),
    ];
    for phase in &model.phases {
        for column in ["status", "cost_usd_per_month", "bottleneck_utilization"] {
            header.push(csv_field(&format!("{} {column}", phase.name)));
        }
    }
    let mut out = header.join(",") + "\r\n";
    for point in &report.points {
        let mut row = vec![
            point.value.to_string(),
            csv_field(point.recommended_phase.unwrap_or("")),
            point
                .monthly_cost
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ];
        for phase in &point.phases {
            row.push(phase.status.to_owned());
            row.push(phase.monthly_cost.to_string());
            row.push(
                phase
                    .bottleneck_utilization
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
            );
        }
        out += &(row.join(",") + "\r\n");
    }
    out
}

fn table(model: &Model, report: &SweepReport) -> String {
    use crate::format::{quantity, usd};
    let mut out = format!("{} across {}\n", model.name, report.driver);
    out += &format!(
        "{:>10}  {:<24} {:>10}\n",
        report.driver, "recommended", "$/month"
    );
    for point in &report.points {
        out += &format!(
            "{:>10}  {:<24} {:>10}\n",
            quantity(point.value),
            point.recommended_phase.unwrap_or("none"),
            point
                .monthly_cost
                .map(usd)
                .unwrap_or_else(|| "–".to_owned())
        );
    }
    out
}
