//! `kg-agents-3vps` (seed 000, "Scaling & Expansion Guide" V10): MODEL.md §4 targets.
//!
//! Targets: baseline (3 VPS: control, databases, AI) $125/month at its default drivers
//! (21M + 1M triples, 10M + 0.4M vectors, 10 workloads), the AI model cost inside it;
//! triples ceiling ≈ 50M, vectors ≈ 30M, workloads 10–20; options as phases named by the
//! seed's ids: A1 RAM upgrade +$15 (triples ≥ 100M, vectors ≥ 60M), A2 read replica +$15,
//! A3 sharding +$30 (≈ 150M triples), B2 three workers +$45 (workloads ceiling ≥ 1.5 ×
//! baseline), D multi-tenant +$50–100; GPU on demand as a usage item. ± 25 % unless stated.
//! Every figure is computed through the model: nothing below is a stored output.

use crate::support::{self, TOLERANCE, assert_within};
use headroom::model::{CostItem, Evaluation, Model, PhaseEvaluation, Plan};

/// The seed's option ids, in plan order; each phase name starts with one.
const PHASE_IDS: [&str; 6] = ["Baseline", "A1", "A2", "A3", "B2", "D"];

fn load() -> (Plan, Model) {
    support::load("kg-agents-3vps")
}

fn driver(model: &Model, name: &str) -> usize {
    support::driver_index(model, name)
}

/// The phase whose name starts with the seed's option id (`"A1"` → `"A1 RAM upgrade"`).
fn phase_index(model: &Model, id: &str) -> usize {
    model
        .phases
        .iter()
        .position(|p| p.name == id || p.name.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("a phase named by the seed's id {id:?}"))
}

/// The model at the plan's own driver values (the seed's current state).
fn evaluate_defaults(model: &Model) -> Evaluation {
    model.evaluate(&model.plan_drivers())
}

fn phase<'e>(model: &Model, evaluation: &'e Evaluation, id: &str) -> &'e PhaseEvaluation {
    &evaluation.phases[phase_index(model, id)]
}

fn ceiling(model: &Model, evaluation: &Evaluation, id: &str, driver_name: &str) -> f64 {
    phase(model, evaluation, id).ceilings[driver(model, driver_name)]
        .unwrap_or_else(|| panic!("{id}: {driver_name} moves the phase"))
}

/// Monthly cost of an option minus the baseline's, both at the default drivers.
fn extra_cost(model: &Model, id: &str) -> f64 {
    let evaluation = evaluate_defaults(model);
    phase(model, &evaluation, id).monthly_cost_usd
        - phase(model, &evaluation, "Baseline").monthly_cost_usd
}

/// The name of the group × resource that binds a phase at these drivers.
fn bottleneck(model: &Model, evaluation: &Evaluation, id: &str) -> (String, String) {
    let index = phase_index(model, id);
    let b = evaluation.phases[index]
        .bottleneck
        .expect("every phase has loads");
    (
        model.phases[index].groups[b.group].name.clone(),
        model.resources[b.resource].name.clone(),
    )
}

/// The model at one driver's ceiling in one phase, the others at the plan's values.
fn evaluate_at_ceiling(model: &Model, id: &str, driver_name: &str) -> Evaluation {
    let at = ceiling(model, &evaluate_defaults(model), id, driver_name);
    let mut drivers = model.plan_drivers();
    drivers[driver(model, driver_name)] = at;
    model.evaluate(&drivers)
}

#[test]
fn phases_are_named_by_the_seed_ids_in_order() {
    let (plan, model) = load();
    assert_eq!(plan.name, "kg-agents-3vps");
    assert_eq!(plan.version, 1);
    assert_eq!(
        plan.date.map(|d| d.to_string()).as_deref(),
        Some("2025-11-04")
    );
    assert_eq!(model.phases.len(), PHASE_IDS.len());
    for (i, id) in PHASE_IDS.iter().enumerate() {
        assert_eq!(phase_index(&model, id), i, "phase {id} in the seed's order");
    }
    assert_eq!(model.phases[0].name, "Baseline");
}

#[test]
fn default_drivers_are_the_seed_current_state() {
    let (_, model) = load();
    let drivers = model.plan_drivers();
    // Seed: Neo4j product 21M + agent 1M; Qdrant product 10M + agent 400k; 10x parallel.
    assert_eq!(drivers[driver(&model, "triples")], 21e6 + 1e6);
    assert_eq!(drivers[driver(&model, "vectors")], 10e6 + 0.4e6);
    assert_eq!(drivers[driver(&model, "workloads")], 10.0);
    assert_eq!(drivers[driver(&model, "gpu_hours")], 0.0);
    let evaluation = evaluate_defaults(&model);
    assert_eq!(
        evaluation.recommended,
        Some(phase_index(&model, "Baseline")),
        "the seed's current state runs on the baseline"
    );
}

#[test]
fn baseline_is_three_vps_for_125_a_month() {
    let (_, model) = load();
    let evaluation = evaluate_defaults(&model);
    let baseline = phase(&model, &evaluation, "Baseline");
    // Seed: "Monthly: $125" — a figure, not a range: ± 1 %.
    assert_within(
        baseline.monthly_cost_usd,
        125.0,
        0.01,
        "baseline monthly cost",
    );
    let groups: Vec<&str> = model.phases[phase_index(&model, "Baseline")]
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(groups, ["control", "databases", "ai"], "the seed's 3 VPS");
    assert!(
        baseline.groups.iter().all(|g| g.nodes == 1),
        "one VPS per role"
    );
}

#[test]
fn ai_model_cost_fits_inside_the_125() {
    let (_, model) = load();
    let evaluation = evaluate_defaults(&model);
    let index = phase_index(&model, "Baseline");
    let baseline = &evaluation.phases[index];
    let phase_model = &model.phases[index];
    let (mut vps, mut ai) = (0.0, 0.0);
    for line in &baseline.costs {
        match line.item {
            CostItem::Group(_) => vps += line.monthly_usd,
            CostItem::Usage(u) if phase_model.usage[u].name.starts_with("AI") => {
                ai += line.monthly_usd
            }
            _ => {}
        }
    }
    assert!(ai > 0.0, "the AI model spend is priced");
    assert_within(
        vps + ai,
        baseline.monthly_cost_usd,
        1e-9,
        "VPS + AI models = the whole bill",
    );
    assert_within(
        vps + ai,
        125.0,
        0.01,
        "the AI spend sits inside the seed's $125",
    );
    // The seed's "Daily: ~$4-5" is the whole bill per day.
    let daily = baseline.monthly_cost_usd / 30.0;
    assert!(
        (4.0..=5.0).contains(&daily),
        "daily run rate ${daily:.2} within the seed's ~$4-5"
    );
}

#[test]
fn baseline_triples_ceiling_about_50m() {
    let (_, model) = load();
    let evaluation = evaluate_defaults(&model);
    let triples = ceiling(&model, &evaluation, "Baseline", "triples");
    assert_within(triples, 50e6, TOLERANCE, "Baseline triples ceiling");
    let at = evaluate_at_ceiling(&model, "Baseline", "triples");
    assert_eq!(
        bottleneck(&model, &at, "Baseline"),
        ("databases".to_owned(), "ram".to_owned()),
        "the graph outgrows the database VPS's RAM"
    );
}

#[test]
fn baseline_vectors_ceiling_about_30m() {
    let (_, model) = load();
    let evaluation = evaluate_defaults(&model);
    let vectors = ceiling(&model, &evaluation, "Baseline", "vectors");
    assert_within(vectors, 30e6, TOLERANCE, "Baseline vectors ceiling");
    let at = evaluate_at_ceiling(&model, "Baseline", "vectors");
    assert_eq!(
        bottleneck(&model, &at, "Baseline"),
        ("databases".to_owned(), "ram".to_owned()),
    );
}

#[test]
fn baseline_workloads_ceiling_10_to_20() {
    let (_, model) = load();
    let evaluation = evaluate_defaults(&model);
    let workloads = ceiling(&model, &evaluation, "Baseline", "workloads");
    // Seed: "Parallel: 10-20 concurrent tasks", ± 25 % on both ends.
    assert!(
        (10.0 * (1.0 - TOLERANCE)..=20.0 * (1.0 + TOLERANCE)).contains(&workloads),
        "Baseline workloads ceiling {workloads:.1}, seed 10-20 ± 25 %"
    );
    assert!(workloads >= 10.0, "today's 10 workloads fit");
    let at = evaluate_at_ceiling(&model, "Baseline", "workloads");
    assert_eq!(
        bottleneck(&model, &at, "Baseline"),
        ("ai".to_owned(), "task_slots".to_owned()),
        "VPS3's 20-task LangGraph pool (seed: 'Parallel: 10-20 concurrent tasks')"
    );
}

#[test]
fn a1_ram_upgrade_costs_15_more_and_doubles_the_data_ceilings() {
    let (_, model) = load();
    // Seed: "+$15/month ($45 total for VPS1)".
    assert_within(extra_cost(&model, "A1"), 15.0, 0.01, "A1 extra cost");
    let evaluation = evaluate_defaults(&model);
    let triples = ceiling(&model, &evaluation, "A1", "triples");
    let vectors = ceiling(&model, &evaluation, "A1", "vectors");
    // Seed: "Neo4j: 50M -> 100M+ triples", "Qdrant: 30M -> 60M+ vectors".
    assert!(triples >= 100e6, "A1 triples ceiling {triples:.3e} ≥ 100M");
    assert!(vectors >= 60e6, "A1 vectors ceiling {vectors:.3e} ≥ 60M");
}

#[test]
fn a2_read_replica_costs_15_more() {
    let (_, model) = load();
    // Seed: "Add: VPS3 as Neo4j read replica, Cost: +$15/month".
    assert_within(extra_cost(&model, "A2"), 15.0, 0.01, "A2 extra cost");
    let index = phase_index(&model, "A2");
    assert_eq!(
        model.phases[index].groups.len(),
        model.phases[phase_index(&model, "Baseline")].groups.len() + 1,
        "A2 adds one VPS"
    );
    // A replica holds the whole graph: the data ceiling stays the baseline's (± 25 %).
    let evaluation = evaluate_defaults(&model);
    assert_within(
        ceiling(&model, &evaluation, "A2", "triples"),
        ceiling(&model, &evaluation, "Baseline", "triples"),
        TOLERANCE,
        "A2 triples ceiling vs baseline",
    );
}

#[test]
fn a3_sharding_costs_30_more_and_holds_about_150m_triples() {
    let (_, model) = load();
    // Seed: "Cost: +$30/month (2 new VPS)".
    assert_within(extra_cost(&model, "A3"), 30.0, 0.01, "A3 extra cost");
    let evaluation = evaluate_defaults(&model);
    // Seed: three shards of 50M each.
    assert_within(
        ceiling(&model, &evaluation, "A3", "triples"),
        150e6,
        TOLERANCE,
        "A3 triples ceiling",
    );
    let at = evaluate_at_ceiling(&model, "A3", "triples");
    assert_eq!(
        bottleneck(&model, &at, "A3"),
        ("graph-shards".to_owned(), "ram".to_owned()),
        "the new shard VPS fill first"
    );
}

#[test]
fn b2_three_workers_cost_45_more_and_raise_workloads_1_5x() {
    let (_, model) = load();
    // Seed: "Cost: +$45/month (3 × $15)".
    assert_within(extra_cost(&model, "B2"), 45.0, 0.01, "B2 extra cost");
    let index = phase_index(&model, "B2");
    let evaluation = evaluate_defaults(&model);
    let workers = model.phases[index]
        .groups
        .iter()
        .position(|g| g.name == "workers")
        .expect("B2 has a workers group");
    assert_eq!(evaluation.phases[index].groups[workers].nodes, 3, "VPS4-6");
    let baseline = ceiling(&model, &evaluation, "Baseline", "workloads");
    let b2 = ceiling(&model, &evaluation, "B2", "workloads");
    assert!(
        b2 >= 1.5 * baseline,
        "B2 workloads ceiling {b2:.1} ≥ 1.5 × baseline {baseline:.1}"
    );
    let at = evaluate_at_ceiling(&model, "B2", "workloads");
    assert_eq!(
        bottleneck(&model, &at, "B2"),
        ("workers".to_owned(), "task_slots".to_owned()),
        "the workers' Celery slots (seed: 5 tasks each)"
    );
}

#[test]
fn d_multi_tenant_costs_50_to_100_more() {
    let (_, model) = load();
    // Seed: "Infrastructure: +$50-100/mo (scale for multiple tenants)".
    let extra = extra_cost(&model, "D");
    assert!(
        (50.0..=100.0).contains(&extra),
        "D extra cost ${extra:.2} within +$50-100"
    );
    // The tenants driver moves D and nothing else.
    let evaluation = evaluate_defaults(&model);
    let tenants = driver(&model, "tenants");
    for (i, p) in evaluation.phases.iter().enumerate() {
        let is_d = i == phase_index(&model, "D");
        assert_eq!(
            p.ceilings[tenants].is_some(),
            is_d,
            "{}: tenants ceiling",
            model.phases[i].name
        );
    }
    assert!(
        ceiling(&model, &evaluation, "D", "tenants") > model.plan_drivers()[tenants],
        "D holds its default tenants"
    );
}

#[test]
fn gpu_on_demand_is_a_usage_item_priced_per_hour() {
    let (_, model) = load();
    let gpu = driver(&model, "gpu_hours");
    let mut drivers = model.plan_drivers();
    let idle = model.evaluate(&drivers);
    drivers[gpu] = 100.0;
    let busy = model.evaluate(&drivers);
    for (i, (before, after)) in idle.phases.iter().zip(&busy.phases).enumerate() {
        let name = &model.phases[i].name;
        let per_hour = (after.monthly_cost_usd - before.monthly_cost_usd) / 100.0;
        // Seed B1: "~$0.40-1.00/hour"; the catalog's Vast.ai RTX 3090 marketplace range
        // is $0.20-0.40. Either is a per-hour price for the same GPU.
        assert!(
            (0.2..=1.0).contains(&per_hour),
            "{name}: GPU ${per_hour:.2}/hour, expected $0.20-1.00"
        );
        assert_eq!(before.status, after.status, "{name}: GPU hours use no VPS");
        assert_eq!(after.ceilings[gpu], None, "{name}: no gpu_hours ceiling");
    }
}
