//! A sweep: every phase evaluated at evenly spaced values of one driver across its
//! slider range, the other drivers held, and where the recommended phase changes.
//! The data behind the window's range charts and the exported ones.

use super::{EvalOptions, Model, SliderScale};

/// Bisection steps that place a change of recommended phase between two samples.
const CHANGE_BISECTIONS: u32 = 40;

/// Every phase evaluated across one driver's range (no ceilings).
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The swept driver (index into [`Model::drivers`]).
    pub driver: usize,
    /// Whether the values are log-spaced (the driver's slider is logarithmic).
    pub log: bool,
    /// The driver values, ascending.
    pub values: Vec<f64>,
    /// `[phase][point]`: monthly cost, USD.
    pub monthly_cost_usd: Vec<Vec<f64>>,
    /// `[phase][point]`: utilization of the phase's bottleneck.
    pub bottleneck_utilization: Vec<Vec<f64>>,
    /// `[point]`: the recommended phase.
    pub recommended: Vec<Option<usize>>,
    /// Driver values where the recommended phase changes, with the phase from there on.
    pub changes: Vec<(f64, Option<usize>)>,
}

impl Model {
    /// Evaluates every phase at `points` values of `driver` across its slider range
    /// (log-spaced on a log slider), the other drivers at `drivers`.
    pub fn sweep(&self, drivers: &[f64], driver: usize, points: usize) -> Sweep {
        let points = points.max(2);
        let info = &self.drivers[driver];
        let log = info.scale == SliderScale::Log && info.min > 0.0 && info.max > info.min;
        let (lo, hi) = (info.min, info.max.max(info.min));
        let values: Vec<f64> = (0..points)
            .map(|i| {
                let t = i as f64 / (points - 1) as f64;
                if log {
                    (lo.ln() + t * (hi.ln() - lo.ln())).exp()
                } else {
                    lo + t * (hi - lo)
                }
            })
            .collect();
        let options = EvalOptions { ceilings: false };
        let mut point = drivers.to_vec();
        let mut evaluate = |value: f64| {
            point[driver] = value;
            self.evaluate_with(&point, options)
        };
        let phases = self.phases.len();
        let mut monthly_cost_usd = vec![Vec::with_capacity(points); phases];
        let mut bottleneck_utilization = vec![Vec::with_capacity(points); phases];
        let mut recommended = Vec::with_capacity(points);
        for &value in &values {
            let evaluation = evaluate(value);
            for (p, phase) in evaluation.phases.iter().enumerate() {
                monthly_cost_usd[p].push(phase.monthly_cost_usd);
                bottleneck_utilization[p].push(phase.bottleneck.map_or(0.0, |b| b.utilization));
            }
            recommended.push(evaluation.recommended);
        }
        let mut changes = Vec::new();
        for i in 1..values.len() {
            if recommended[i] != recommended[i - 1] {
                // Bisect between the two samples for where the change happens.
                let (mut a, mut b) = (values[i - 1], values[i]);
                for _ in 0..CHANGE_BISECTIONS {
                    let mid = if log { (a * b).sqrt() } else { 0.5 * (a + b) };
                    if evaluate(mid).recommended == recommended[i - 1] {
                        a = mid;
                    } else {
                        b = mid;
                    }
                }
                changes.push((b, recommended[i]));
            }
        }
        Sweep {
            driver,
            log,
            values,
            monthly_cost_usd,
            bottleneck_utilization,
            recommended,
            changes,
        }
    }
}
