//! Hover explanations: for every number the window shows, the formula, its inputs
//! and where each figure came from (catalog entry, plan note), read from the model
//! and the evaluation, never recomputed.

use egui::{RichText, Ui};

use crate::app::state::Document;
use crate::format::{multiple, percent, quantity, usd};
use crate::model::{CostItem, Count, Placement, Plan};
use crate::report::cost_item_name;

fn formula(ui: &mut Ui, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).monospace());
}

fn source(ui: &mut Ui, text: &str) {
    if !text.is_empty() {
        ui.add(egui::Label::new(RichText::new(format!("Source: {text}")).weak().italics()).wrap());
    }
}

/// The monthly cost of a phase: every line with its formula and source.
pub fn monthly_cost_ui(ui: &mut Ui, document: &Document, phase: usize) {
    ui.set_max_width(520.0);
    let model = document.model();
    let phase_model = &model.phases[phase];
    let eval = &document.evaluation().phases[phase];
    ui.strong(format!(
        "Monthly cost of {}: {}",
        phase_model.name,
        usd(eval.monthly_cost_usd)
    ));
    formula(ui, "Σ nodes × node price + services + usage");
    ui.separator();
    for line in &eval.costs {
        let (name, _) = cost_item_name(phase_model, line.item);
        match line.item {
            CostItem::Group(g) => {
                let group = &phase_model.groups[g];
                let nodes = eval.groups[g].nodes;
                ui.label(format!(
                    "{name}: {nodes} × {} = {}",
                    usd(group.node_price_usd),
                    usd(line.monthly_usd)
                ));
                source(ui, &group.price_source);
            }
            CostItem::Service(s) => {
                ui.label(format!("{name}: {}", usd(line.monthly_usd)));
                source(ui, &phase_model.services[s].source);
            }
            CostItem::Usage(u) => {
                let usage = &phase_model.usage[u];
                let driver = &model.drivers[usage.driver];
                let value = document.drivers()[usage.driver];
                ui.label(format!(
                    "{name}: max(0, {} {}/{} × {} {} - {} included) × {} = {}",
                    quantity(usage.quantity_per_unit),
                    usage.unit,
                    driver.name,
                    quantity(value),
                    driver.name,
                    quantity(usage.included),
                    usd(usage.unit_price_usd),
                    usd(line.monthly_usd)
                ));
                source(ui, &usage.source);
            }
        }
    }
}

/// Cost per user (or per unit of the main driver).
pub fn cost_per_unit_ui(ui: &mut Ui, document: &Document, phase: usize, driver: usize, per: f64) {
    let model = document.model();
    let eval = &document.evaluation().phases[phase];
    let name = &model.drivers[driver].name;
    ui.strong(format!("Cost per {name}: {}", usd(per)));
    formula(ui, format!("monthly cost / {name}"));
    ui.label(format!(
        "{} / {} = {}",
        usd(eval.monthly_cost_usd),
        quantity(document.drivers()[driver]),
        usd(per)
    ));
}

/// One group × resource: demand, capacity, utilization, headroom, thresholds, and
/// what runs there.
pub fn resource_ui(ui: &mut Ui, document: &Document, phase: usize, group: usize, load: usize) {
    ui.set_max_width(520.0);
    let model = document.model();
    let group_model = &model.phases[phase].groups[group];
    let load_model = &group_model.loads[load];
    let used = &document.evaluation().phases[phase].groups[group].resources[load];
    let info = &model.resources[used.resource];
    let unit = &info.unit;
    ui.strong(format!(
        "{} · {} (busiest node)",
        group_model.name, info.name
    ));
    egui::Grid::new("resource-numbers")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("demand");
            ui.label(format!("{} {unit}", quantity(used.demand)));
            ui.end_row();
            ui.label("capacity");
            ui.label(format!("{} {unit}", quantity(used.capacity)));
            ui.end_row();
            ui.label("utilization");
            ui.label(format!("{} = demand / capacity", percent(used.utilization)));
            ui.end_row();
            ui.label("headroom");
            ui.label(format!(
                "{} {unit} ({}) = capacity - demand",
                quantity(used.headroom),
                percent(used.headroom_fraction)
            ));
            ui.end_row();
            ui.label("thresholds");
            ui.label(format!(
                "warn {} · critical {}: {}",
                percent(load_model.warn),
                percent(load_model.critical),
                used.status.as_str()
            ));
            ui.end_row();
        });
    ui.separator();
    formula(ui, "demand = whole + divided / nodes");
    ui.label(format!(
        "{} + {} / {} (whole: single components, RAM/disk of replicated ones and the OS reserve; divided: spread demand)",
        quantity(load_model.whole.at(document.drivers())),
        quantity(load_model.divided.at(document.drivers())),
        document.evaluation().phases[phase].groups[group].nodes
    ));
    runs_ui(ui, document.plan(), phase, group);
    source(ui, &group_model.note);
}

/// The components placed on a group, with their notes from the plan.
fn runs_ui(ui: &mut Ui, plan: &Plan, phase: usize, group: usize) {
    let Some(plan_phase) = plan.phases.get(phase) else {
        return;
    };
    let Some(plan_group) = plan_phase.groups.get(group) else {
        return;
    };
    if plan_group.runs.is_empty() {
        return;
    }
    ui.label(RichText::new("Runs").strong());
    for run in &plan_group.runs {
        let placement = match run.1 {
            Placement::Single => "single",
            Placement::Spread => "spread",
            Placement::Replicated => "replicated",
        };
        let note = plan_phase
            .components
            .iter()
            .chain(&plan.components)
            .find(|c| c.name == run.0)
            .map(|c| c.note.as_str())
            .unwrap_or_default();
        if note.is_empty() {
            ui.label(format!("• {} ({placement})", run.0));
        } else {
            ui.add(egui::Label::new(format!("• {} ({placement}): {note}", run.0)).wrap());
        }
    }
}

/// Node count of a group: fixed, or what the autoscaler chose.
pub fn nodes_ui(ui: &mut Ui, document: &Document, phase: usize, group: usize) {
    let group_model = &document.model().phases[phase].groups[group];
    let nodes = document.evaluation().phases[phase].groups[group].nodes;
    let shape = &group_model.shape;
    ui.strong(format!("{}: {nodes} node(s)", group_model.name));
    match group_model.count {
        Count::Fixed(n) => {
            ui.label(format!("Fixed count: {n}"));
        }
        Count::Autoscale { min, max, target } => {
            formula(
                ui,
                "N = clamp(ceil(divided / (target × capacity - whole)), min, max)",
            );
            ui.label(format!(
                "Autoscaled to keep every resource at or below {} of capacity, between {min} and {max} nodes",
                percent(target)
            ));
            if nodes == max {
                ui.label("At the maximum: the autoscaler cannot add nodes.");
            }
        }
    }
    ui.label(format!(
        "Node shape: {} vCPU, {} GB RAM, {} GB disk, {} per node-month",
        quantity(shape.vcpu),
        quantity(shape.ram_gb),
        quantity(shape.disk_gb),
        usd(group_model.node_price_usd)
    ));
    source(ui, &group_model.price_source);
}

/// A driver's ceiling in a phase and the runway it leaves.
pub fn ceiling_ui(ui: &mut Ui, document: &Document, phase: usize, driver: usize, ceiling: f64) {
    let info = &document.model().drivers[driver];
    let current = document.drivers()[driver];
    ui.strong(format!(
        "{} ceiling: {} {}",
        info.name,
        quantity(ceiling),
        info.unit
    ));
    ui.label(format!(
        "The {} at which {} first reaches a warn threshold on a resource {} moves, the other drivers held at their current values. Exact (closed form), not sampled.",
        info.name, document.model().phases[phase].name, info.name
    ));
    if current > 0.0 {
        formula(ui, "runway = ceiling / current");
        ui.label(format!(
            "{} / {} = {}",
            quantity(ceiling),
            quantity(current),
            multiple(ceiling / current)
        ));
    }
}

/// The bottleneck of a phase.
pub fn bottleneck_ui(ui: &mut Ui, document: &Document, phase: usize) {
    let eval = &document.evaluation().phases[phase];
    let Some(b) = eval.bottleneck else {
        ui.label("No loads in this phase.");
        return;
    };
    let group = &document.model().phases[phase].groups[b.group];
    let load = group.loads.iter().find(|l| l.resource == b.resource);
    let resource = &document.model().resources[b.resource].name;
    ui.strong(format!(
        "Bottleneck: {} {resource} at {}",
        group.name,
        percent(b.utilization)
    ));
    ui.label(
        "The group × resource closest to its critical threshold (highest utilization / critical).",
    );
    if let Some(load) = load {
        ui.label(format!(
            "{} / {} = {} of critical",
            percent(b.utilization),
            percent(load.critical),
            percent(b.utilization / load.critical)
        ));
    }
}
