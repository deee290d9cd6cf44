//! Evaluates a [`Model`] at given driver values (MODEL.md §2).
//!
//! Pure: the same model and drivers give the same [`Evaluation`]. Driver values
//! are a dense slice indexed like [`Model::drivers`], checked by the caller
//! (see [`super::check_driver_value`]).

use super::ceiling::ceiling;
use super::compile::{Count, GroupModel, Load, Model, PhaseModel};

/// Autoscaler rounding slack: a requirement of 3.000000001 nodes is 3 nodes,
/// not 4 (floating-point noise must not buy a node).
pub(crate) const NODE_COUNT_EPSILON: f64 = 1e-9;

/// Health of a resource, group or phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At or below the warn threshold.
    Ok,
    /// Above warn, below critical.
    Warn,
    /// At or above critical.
    Over,
}

impl Status {
    /// The status of a utilization against its thresholds: `over` at or above
    /// critical (MODEL.md §2), `warn` once past warn. A load exactly at warn is still
    /// `ok`: the ceiling is where warn is crossed, and an autoscaler settled on a
    /// target equal to warn is doing its job, not running out.
    #[inline]
    pub fn of(utilization: f64, warn: f64, critical: f64) -> Self {
        if utilization >= critical {
            Self::Over
        } else if utilization > warn {
            Self::Warn
        } else {
            Self::Ok
        }
    }

    /// Lowercase name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Over => "over",
        }
    }
}

/// One resource of the busiest node of a group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResourceUse {
    /// Index into [`Model::resources`].
    pub resource: usize,
    /// Demand on the node.
    pub demand: f64,
    /// Capacity of the node.
    pub capacity: f64,
    /// `demand / capacity`.
    pub utilization: f64,
    /// `capacity − demand` (negative when over capacity).
    pub headroom: f64,
    /// `1 − utilization`.
    pub headroom_fraction: f64,
    /// Against the resource's thresholds.
    pub status: Status,
}

/// A node group at the evaluated driver values.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupEvaluation {
    /// Node count (computed for autoscaled groups).
    pub nodes: u32,
    /// One per [`GroupModel::loads`], same order.
    pub resources: Vec<ResourceUse>,
}

/// The group × resource closest to its critical threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bottleneck {
    /// Index into the phase's groups.
    pub group: usize,
    /// Index into [`Model::resources`].
    pub resource: usize,
    /// Its utilization.
    pub utilization: f64,
}

/// What a cost line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostItem {
    /// A node group (index into the phase's groups).
    Group(usize),
    /// A fixed service (index into the phase's services).
    Service(usize),
    /// A usage item (index into the phase's usage).
    Usage(usize),
}

/// One line of a phase's monthly cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostLine {
    /// What it is for.
    pub item: CostItem,
    /// USD per month.
    pub monthly_usd: f64,
}

/// One phase at the evaluated driver values.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseEvaluation {
    /// Worst status of any group × resource.
    pub status: Status,
    /// Total USD per month.
    pub monthly_cost_usd: f64,
    /// Monthly cost per unit of the main driver (`None` when it is zero).
    pub cost_per_main_unit_usd: Option<f64>,
    /// Monthly cost per user (`None` when the plan has no users or they are zero).
    pub cost_per_user_usd: Option<f64>,
    /// Cost by group, service and usage item.
    pub costs: Vec<CostLine>,
    /// Closest to critical (`None` only for a phase without loads).
    pub bottleneck: Option<Bottleneck>,
    /// One per group, plan order.
    pub groups: Vec<GroupEvaluation>,
    /// Per driver: the value at which the phase first reaches a warn threshold
    /// that driver moves, others held; `None` when the driver does not affect it.
    /// Empty when ceilings were not asked for.
    pub ceilings: Vec<Option<f64>>,
}

/// A whole plan at given driver values.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The driver values evaluated, indexed like [`Model::drivers`].
    pub drivers: Vec<f64>,
    /// One per phase, plan order.
    pub phases: Vec<PhaseEvaluation>,
    /// The first phase whose status is ok.
    pub recommended: Option<usize>,
}

/// What to compute besides the per-phase state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Compute the ceiling of every driver for every phase.
    pub ceilings: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        Self { ceilings: true }
    }
}

impl Model {
    /// Evaluates every phase, with ceilings.
    pub fn evaluate(&self, drivers: &[f64]) -> Evaluation {
        self.evaluate_with(drivers, EvalOptions::default())
    }

    /// Evaluates every phase with the given options.
    pub fn evaluate_with(&self, drivers: &[f64], options: EvalOptions) -> Evaluation {
        assert_eq!(
            drivers.len(),
            self.drivers.len(),
            "one value per model driver"
        );
        let phases: Vec<PhaseEvaluation> = self
            .phases
            .iter()
            .map(|phase| self.evaluate_phase(phase, drivers, options))
            .collect();
        let recommended = phases.iter().position(|p| p.status == Status::Ok);
        Evaluation {
            drivers: drivers.to_vec(),
            phases,
            recommended,
        }
    }

    /// Evaluates one phase.
    pub fn evaluate_phase(
        &self,
        phase: &PhaseModel,
        drivers: &[f64],
        options: EvalOptions,
    ) -> PhaseEvaluation {
        let mut status = Status::Ok;
        let mut bottleneck: Option<(f64, Bottleneck)> = None;
        let mut costs =
            Vec::with_capacity(phase.groups.len() + phase.services.len() + phase.usage.len());
        let mut groups = Vec::with_capacity(phase.groups.len());

        for (group_index, group) in phase.groups.iter().enumerate() {
            let nodes = node_count(group, drivers);
            let mut resources = Vec::with_capacity(group.loads.len());
            for load in &group.loads {
                let usage = resource_use(load, drivers, nodes);
                status = status.max(usage.status);
                let closeness = usage.utilization / load.critical;
                if bottleneck.is_none_or(|(best, _)| closeness > best) {
                    bottleneck = Some((
                        closeness,
                        Bottleneck {
                            group: group_index,
                            resource: load.resource,
                            utilization: usage.utilization,
                        },
                    ));
                }
                resources.push(usage);
            }
            costs.push(CostLine {
                item: CostItem::Group(group_index),
                monthly_usd: f64::from(nodes) * group.node_price_usd,
            });
            groups.push(GroupEvaluation { nodes, resources });
        }
        for (i, service) in phase.services.iter().enumerate() {
            costs.push(CostLine {
                item: CostItem::Service(i),
                monthly_usd: service.monthly_usd,
            });
        }
        for (i, usage) in phase.usage.iter().enumerate() {
            costs.push(CostLine {
                item: CostItem::Usage(i),
                monthly_usd: usage.monthly_usd(drivers),
            });
        }

        let monthly_cost_usd: f64 = costs.iter().map(|c| c.monthly_usd).sum();
        let per_unit = |index: usize| {
            let value = drivers[index];
            (value > 0.0).then(|| monthly_cost_usd / value)
        };
        let ceilings = if options.ceilings {
            (0..self.drivers.len())
                .map(|d| ceiling(phase, drivers, d))
                .collect()
        } else {
            Vec::new()
        };
        PhaseEvaluation {
            status,
            monthly_cost_usd,
            cost_per_main_unit_usd: per_unit(self.main_driver),
            cost_per_user_usd: self.users_driver().and_then(per_unit),
            costs,
            bottleneck: bottleneck.map(|(_, b)| b),
            groups,
            ceilings,
        }
    }
}

/// Demand, utilization, headroom and status of one load.
#[inline]
pub fn resource_use(load: &Load, drivers: &[f64], nodes: u32) -> ResourceUse {
    let demand = load.demand(drivers, nodes);
    let utilization = demand / load.capacity;
    ResourceUse {
        resource: load.resource,
        demand,
        capacity: load.capacity,
        utilization,
        headroom: load.capacity - demand,
        headroom_fraction: 1.0 - utilization,
        status: Status::of(utilization, load.warn, load.critical),
    }
}

/// Node count of a group: fixed, or the fewest nodes that keep every resource at or
/// below the target utilization, clamped to `min..=max`.
pub fn node_count(group: &GroupModel, drivers: &[f64]) -> u32 {
    node_count_for(group, |load| {
        (load.whole.at(drivers), load.divided.at(drivers))
    })
}

/// [`node_count`] with each load's `(whole, divided)` demand given by `demand`
/// (the ceiling search asks it with one driver at zero).
pub(crate) fn node_count_for(group: &GroupModel, demand: impl Fn(&Load) -> (f64, f64)) -> u32 {
    match group.count {
        Count::Fixed(n) => n,
        Count::Autoscale { min, max, target } => autoscaled_count(
            min,
            max,
            target,
            group.loads.iter().map(|load| {
                let (whole, divided) = demand(load);
                (whole, divided, load.capacity)
            }),
        ),
    }
}

/// The autoscaler's rule over `(whole, divided, capacity)` per load: per-node demand
/// `whole + divided / N` must stay at or below `target × capacity`.
fn autoscaled_count(
    min: u32,
    max: u32,
    target: f64,
    loads: impl Iterator<Item = (f64, f64, f64)>,
) -> u32 {
    let mut needed = f64::from(min);
    for (whole, divided, capacity) in loads {
        if divided <= 0.0 {
            continue;
        }
        let room = target * capacity - whole;
        if room <= 0.0 {
            return max;
        }
        needed = needed.max((divided / room - NODE_COUNT_EPSILON).ceil());
    }
    if needed >= f64::from(max) {
        max
    } else {
        needed as u32
    }
}
