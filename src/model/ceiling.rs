//! Exact driver ceilings (MODEL.md §2): for one driver, the value at which a phase
//! first reaches a warn threshold of a resource that driver moves, the other
//! drivers held.
//!
//! With a fixed node count every load's utilization is linear in the driver, so
//! the ceiling is a closed form. An autoscaled group's node count `N(x)` is a
//! non-decreasing step function of the driver; on each step the utilization is
//! linear again. The search walks the steps from the count at `x = 0` up to the
//! group's max, each in closed form: no sampling, at most `max` steps.

use super::compile::{Count, GroupModel, Linear, Load, PhaseModel};
use super::evaluate::{NODE_COUNT_EPSILON, node_count_for};

/// The ceiling of driver `driver` for a phase, or `None` when no resource of the
/// phase depends on it.
pub fn ceiling(phase: &PhaseModel, drivers: &[f64], driver: usize) -> Option<f64> {
    phase
        .groups
        .iter()
        .filter_map(|group| group_ceiling(group, drivers, driver))
        .reduce(f64::min)
}

/// `linear` with `driver` at zero, the others held: summed term by term exactly as
/// [`Linear::at`] does at that point. (Subtracting `per[driver] × x` from the value at
/// `x` instead loses the small terms to cancellation when `x` is large: with 5e8
/// triples in the plan, a triples ceiling of 0.3 came out 1.5e-7 off, relative.)
fn at_zero(linear: &Linear, drivers: &[f64], driver: usize) -> f64 {
    linear.base
        + linear
            .per
            .iter()
            .zip(drivers)
            .enumerate()
            .map(|(i, (c, x))| if i == driver { 0.0 } else { c * x })
            .sum::<f64>()
}

/// A load's demand split as `a + b × x` along one driver.
#[derive(Clone, Copy)]
struct Along {
    whole_at_zero: f64,
    whole_slope: f64,
    divided_at_zero: f64,
    divided_slope: f64,
    capacity: f64,
}

impl Along {
    fn new(load: &Load, drivers: &[f64], driver: usize) -> Self {
        Self {
            whole_at_zero: at_zero(&load.whole, drivers, driver),
            whole_slope: load.whole.per[driver],
            divided_at_zero: at_zero(&load.divided, drivers, driver),
            divided_slope: load.divided.per[driver],
            capacity: load.capacity,
        }
    }

    fn depends_on_driver(&self) -> bool {
        self.whole_slope > 0.0 || self.divided_slope > 0.0
    }

    /// Whether the load has divided demand for some `x > 0` (the autoscaler watches it).
    fn is_divided(&self) -> bool {
        self.divided_at_zero > 0.0 || self.divided_slope > 0.0
    }

    /// Smallest `x ≥ 0` at which the utilization with `nodes` nodes reaches
    /// `fraction` (infinite when it never does).
    fn reaches(&self, nodes: u32, fraction: f64) -> f64 {
        let n = f64::from(nodes);
        let at_zero = self.whole_at_zero + self.divided_at_zero / n;
        let slope = self.whole_slope + self.divided_slope / n;
        let threshold = threshold_demand(fraction, self.capacity);
        if at_zero >= threshold {
            0.0
        } else if slope > 0.0 {
            (threshold - at_zero) / slope
        } else {
            f64::INFINITY
        }
    }
}

/// The smallest demand whose utilization the status calls past `fraction`
/// (`demand / capacity > fraction`, as [`super::Status::of`] tests warn): `fraction ×
/// capacity` give or take its last bit. Comparing with the product alone disagreed
/// with the status in the last bit: 34.4 GB of a 43 GB node is 0.7999999999999999
/// of it, yet 34.4 ≥ 0.8 × 43, so the ceiling said "already at warn" (0).
fn threshold_demand(fraction: f64, capacity: f64) -> f64 {
    let mut demand = fraction * capacity;
    while demand / capacity <= fraction {
        demand = demand.next_up();
    }
    while demand.next_down() / capacity > fraction {
        demand = demand.next_down();
    }
    demand
}

fn group_ceiling(group: &GroupModel, drivers: &[f64], driver: usize) -> Option<f64> {
    let along = |load: &Load| Along::new(load, drivers, driver);
    if !group
        .loads
        .iter()
        .any(|load| along(load).depends_on_driver())
    {
        return None;
    }
    // First warn of a load the driver moves, with `nodes` nodes. `held`: the target
    // of an autoscaler that can still add nodes. It holds every load it watches (one
    // with divided demand) at or below its target, give or take its rounding slack;
    // such a load whose warn is at or above the target only touches warn inside that
    // slack, as a node is added (target = warn, as an HPA at 70 % CPU with the 70 %
    // CPU warn): scaling, not running out, so not a crossing.
    let warn_at = |nodes: u32, held: Option<f64>| {
        group
            .loads
            .iter()
            .map(|load| (along(load), load.warn))
            .filter(|(along, _)| along.depends_on_driver())
            .filter(|(along, warn)| {
                !held.is_some_and(|target| along.is_divided() && *warn >= target)
            })
            .map(|(along, warn)| along.reaches(nodes, warn))
            .fold(f64::INFINITY, f64::min)
    };
    let (max, target) = match group.count {
        Count::Fixed(nodes) => return Some(warn_at(nodes, None)),
        Count::Autoscale { max, target, .. } => (max, target),
    };
    let mut nodes = node_count_without_driver(group, drivers, driver);
    let mut step_start = 0.0_f64;
    loop {
        // The count stays `nodes` while every divided load fits at the target.
        let step_end = if nodes >= max {
            f64::INFINITY
        } else {
            group
                .loads
                .iter()
                .map(along)
                .filter(Along::is_divided)
                .map(|along| along.exceeds(nodes, target))
                .fold(f64::INFINITY, f64::min)
        };
        let warn = warn_at(nodes, (nodes < max).then_some(target));
        // At the step's end the count is still `nodes` (the autoscaler adds a node
        // beyond it), so a crossing exactly there counts, as the status shows it.
        if warn <= step_end {
            return Some(warn.max(step_start));
        }
        step_start = step_end;
        nodes += 1;
    }
}

/// The node count with `driver` at zero, the others held.
fn node_count_without_driver(group: &GroupModel, drivers: &[f64], driver: usize) -> u32 {
    node_count_for(group, |load| {
        let along = Along::new(load, drivers, driver);
        (along.whole_at_zero, along.divided_at_zero)
    })
}

impl Along {
    /// Smallest `x` beyond which the autoscaler adds a node to `nodes` for this load at
    /// target `fraction`. Its rule keeps N nodes while `divided / room ≤ N + ε`
    /// ([`NODE_COUNT_EPSILON`]), i.e. while `whole + divided / (N + ε) ≤ fraction ×
    /// capacity`; the walk must use that same rule, not `divided / N`: with round
    /// numbers the two disagree (4.2 vCPU on 4-vCPU nodes at 0.35 is 3 nodes, yet
    /// 4.2 / 3 = 1.4000000000000001 > 1.4) and the walk skipped a real step.
    fn exceeds(&self, nodes: u32, fraction: f64) -> f64 {
        let n = f64::from(nodes) + NODE_COUNT_EPSILON;
        let at_zero = self.whole_at_zero + self.divided_at_zero / n;
        let slope = self.whole_slope + self.divided_slope / n;
        let threshold = fraction * self.capacity;
        if at_zero > threshold {
            0.0
        } else if slope > 0.0 {
            (threshold - at_zero) / slope
        } else {
            f64::INFINITY
        }
    }
}
