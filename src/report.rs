//! The machine-readable shape of an evaluation (MODEL.md §3, `eval --json`).
//!
//! Built from a [`Model`] and its [`Evaluation`]; nothing here recomputes the model.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{CostItem, Evaluation, Model, PhaseEvaluation, PhaseModel};

/// `eval --json`: one object for the whole plan.
#[derive(Debug, Serialize)]
pub struct EvalReport<'a> {
    /// Plan name.
    pub plan: &'a str,
    /// The plan's main driver.
    pub main_driver: &'a str,
    /// Driver values evaluated (every driver of the model, unused built-ins at 0).
    pub drivers: BTreeMap<&'a str, f64>,
    /// First phase whose status is ok.
    pub recommended_phase: Option<&'a str>,
    /// Phases in plan order.
    pub phases: Vec<PhaseReport<'a>>,
}

/// One phase.
#[derive(Debug, Serialize)]
pub struct PhaseReport<'a> {
    /// Phase name.
    pub name: &'a str,
    /// `ok`, `warn` or `over`.
    pub status: &'static str,
    /// USD per month.
    pub monthly_cost: f64,
    /// USD per month per user (null when the plan has no users).
    pub cost_per_user: Option<f64>,
    /// USD per month per unit of the main driver.
    pub cost_per_main_unit: Option<f64>,
    /// Cost by group, service and usage item.
    pub cost_breakdown: Vec<CostReport<'a>>,
    /// The group × resource closest to its critical threshold.
    pub bottleneck: Option<BottleneckReport<'a>>,
    /// Node groups.
    pub groups: Vec<GroupReport<'a>>,
    /// Per driver: the value where a warn threshold is first reached (null: no effect).
    pub ceilings: BTreeMap<&'a str, Option<f64>>,
    /// Per driver with a ceiling and a current value > 0: ceiling / current.
    pub runway: BTreeMap<&'a str, f64>,
}

/// One cost line.
#[derive(Debug, Serialize)]
pub struct CostReport<'a> {
    /// Group, service or usage item name.
    pub item: &'a str,
    /// `group`, `service` or `usage`.
    pub kind: &'static str,
    /// USD per month.
    pub monthly_cost: f64,
}

/// The bottleneck.
#[derive(Debug, Serialize)]
pub struct BottleneckReport<'a> {
    /// Group name.
    pub group: &'a str,
    /// Resource name.
    pub resource: &'a str,
    /// Utilization of the busiest node.
    pub utilization: f64,
}

/// One node group; resources describe its busiest node.
#[derive(Debug, Serialize)]
pub struct GroupReport<'a> {
    /// Group name.
    pub name: &'a str,
    /// Node count (computed for autoscaled groups).
    pub nodes: u32,
    /// USD per node per month.
    pub node_price: f64,
    /// Per resource.
    pub resources: BTreeMap<&'a str, ResourceReport<'a>>,
}

/// One resource of a group's busiest node.
#[derive(Debug, Serialize)]
pub struct ResourceReport<'a> {
    /// Demand.
    pub demand: f64,
    /// Capacity.
    pub capacity: f64,
    /// demand / capacity.
    pub utilization: f64,
    /// capacity − demand.
    pub headroom: f64,
    /// 1 − utilization.
    pub headroom_fraction: f64,
    /// `ok`, `warn` or `over`.
    pub status: &'static str,
    /// Unit of demand and capacity.
    pub unit: &'a str,
}

impl<'a> EvalReport<'a> {
    /// The report of an evaluation of `model`.
    pub fn new(model: &'a Model, evaluation: &Evaluation) -> Self {
        Self {
            plan: &model.name,
            main_driver: &model.drivers[model.main_driver].name,
            drivers: model
                .drivers
                .iter()
                .zip(&evaluation.drivers)
                .map(|(d, v)| (d.name.as_str(), *v))
                .collect(),
            recommended_phase: evaluation
                .recommended
                .map(|i| model.phases[i].name.as_str()),
            phases: model
                .phases
                .iter()
                .zip(&evaluation.phases)
                .map(|(phase, eval)| PhaseReport::new(model, phase, eval, &evaluation.drivers))
                .collect(),
        }
    }
}

/// The display name of a cost line.
pub fn cost_item_name(phase: &PhaseModel, item: CostItem) -> (&str, &'static str) {
    match item {
        CostItem::Group(i) => (&phase.groups[i].name, "group"),
        CostItem::Service(i) => (&phase.services[i].name, "service"),
        CostItem::Usage(i) => (&phase.usage[i].name, "usage"),
    }
}

impl<'a> PhaseReport<'a> {
    fn new(
        model: &'a Model,
        phase: &'a PhaseModel,
        eval: &PhaseEvaluation,
        drivers: &[f64],
    ) -> Self {
        let driver_name = |i: usize| model.drivers[i].name.as_str();
        Self {
            name: &phase.name,
            status: eval.status.as_str(),
            monthly_cost: eval.monthly_cost_usd,
            cost_per_user: eval.cost_per_user_usd,
            cost_per_main_unit: eval.cost_per_main_unit_usd,
            cost_breakdown: eval
                .costs
                .iter()
                .map(|line| {
                    let (item, kind) = cost_item_name(phase, line.item);
                    CostReport {
                        item,
                        kind,
                        monthly_cost: line.monthly_usd,
                    }
                })
                .collect(),
            bottleneck: eval.bottleneck.map(|b| BottleneckReport {
                group: &phase.groups[b.group].name,
                resource: &model.resources[b.resource].name,
                utilization: b.utilization,
            }),
            groups: phase
                .groups
                .iter()
                .zip(&eval.groups)
                .map(|(group, g)| GroupReport {
                    name: &group.name,
                    nodes: g.nodes,
                    node_price: group.node_price_usd,
                    resources: g
                        .resources
                        .iter()
                        .map(|r| {
                            let info = &model.resources[r.resource];
                            (
                                info.name.as_str(),
                                ResourceReport {
                                    demand: r.demand,
                                    capacity: r.capacity,
                                    utilization: r.utilization,
                                    headroom: r.headroom,
                                    headroom_fraction: r.headroom_fraction,
                                    status: r.status.as_str(),
                                    unit: &info.unit,
                                },
                            )
                        })
                        .collect(),
                })
                .collect(),
            ceilings: eval
                .ceilings
                .iter()
                .enumerate()
                .map(|(i, c)| (driver_name(i), *c))
                .collect(),
            runway: eval
                .ceilings
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let current = drivers[i];
                    c.filter(|_| current > 0.0)
                        .map(|c| (driver_name(i), c / current))
                })
                .collect(),
        }
    }
}
