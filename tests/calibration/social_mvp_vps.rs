//! `social-mvp-vps` (seed 001, "Scaling Strategy: MVP Phase 1 -> Phase 2 (5,000 Users)"):
//! MODEL.md §4 targets.
//!
//! Targets: 5 phases costing $15 / $25 / $50 / $80 / $120 exactly; at 20 users on the first
//! phase RAM 1.2 of 2 GB, CPU ≈ 10 % of 1 vCPU, disk 5 of 25 GB, 5 of 50 DB connections;
//! users ceilings ≈ 200 / 500 / 1,500 / 3,000 / 5,000; bottleneck at the first ceiling RAM,
//! at the second CPU; later phases move the bottleneck to the database. ± 25 % unless stated.
//! Every figure is computed through the model: nothing below is a stored output.

use crate::support::{self, TOLERANCE, assert_within, phase_index};
use headroom::catalog::Catalog;
use headroom::model::{Evaluation, Model, PhaseEvaluation, Plan, ResourceUse, Run};

/// The seed's "Total Cost Summary": phase, monthly cost, top of its user range.
const PHASES: [(&str, f64, f64); 5] = [
    ("MVP", 15.0, 200.0),
    ("Growth", 25.0, 500.0),
    ("Scale", 50.0, 1_500.0),
    ("Scale+", 80.0, 3_000.0),
    ("Phase 2", 120.0, 5_000.0),
];

fn load() -> (Plan, Model) {
    support::load("social-mvp-vps")
}

/// The model evaluated with `users` set, the other drivers at the plan's values.
fn evaluate_at(model: &Model, users: f64) -> Evaluation {
    support::evaluate_with(model, "users", users)
}

/// The users ceiling of a phase at the plan's driver values.
fn users_ceiling(model: &Model, phase: &str) -> f64 {
    support::plan_ceiling(model, phase, "users")
}

/// One resource of one group of an evaluated phase.
fn resource_use(
    model: &Model,
    evaluation: &PhaseEvaluation,
    phase: &str,
    group: &str,
    resource: &str,
) -> ResourceUse {
    let phase_model = &model.phases[phase_index(model, phase)];
    let g = phase_model
        .groups
        .iter()
        .position(|g| g.name == group)
        .unwrap_or_else(|| panic!("phase {phase:?} has group {group:?}"));
    let r = model
        .resource_index(resource)
        .unwrap_or_else(|| panic!("resource {resource:?} exists"));
    *evaluation.groups[g]
        .resources
        .iter()
        .find(|u| u.resource == r)
        .unwrap_or_else(|| panic!("group {group:?} has {resource:?} capacity"))
}

/// (group name, resource name) of a phase's bottleneck, evaluated at its own users ceiling.
fn bottleneck_at_ceiling(model: &Model, phase: &str) -> (String, String, f64) {
    let ceiling = users_ceiling(model, phase);
    let i = phase_index(model, phase);
    // Just below the ceiling: the phase is still ok, its binding resource at its warn.
    let evaluation = evaluate_at(model, ceiling * (1.0 - 1e-9));
    let bottleneck = evaluation.phases[i]
        .bottleneck
        .expect("a phase with loads has a bottleneck");
    (
        model.phases[i].groups[bottleneck.group].name.clone(),
        model.resources[bottleneck.resource].name.clone(),
        bottleneck.utilization,
    )
}

#[test]
fn main_driver_is_registered_users() {
    let (plan, model) = load();
    assert_eq!(plan.name, "social-mvp-vps");
    assert_eq!(plan.version, 1);
    assert_eq!(
        plan.date.map(|d| d.to_string()).as_deref(),
        Some("2026-01-24")
    );
    assert_eq!(plan.main_driver, "users");
    let users = &model.drivers[model.main_driver];
    assert_eq!(users.name, "users");
    assert_eq!(users.meaning, "registered users");
    assert_eq!(
        users.value, 20.0,
        "the seed's utilisation table is for 20 users"
    );
    assert!(users.min <= 1.0 && users.max >= 20_000.0);
}

#[test]
fn five_phases_in_seed_order() {
    let (_, model) = load();
    let names: Vec<&str> = model.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, PHASES.map(|(name, _, _)| name));
}

/// Seed "Total Cost Summary": $15 / $25 / $50 / $80 / $120, exactly, at any user count.
#[test]
fn phase_costs_are_exactly_the_seed_summary() {
    let (_, model) = load();
    for users in [20.0, 200.0, 500.0, 1_500.0, 3_000.0, 5_000.0] {
        let evaluation = evaluate_at(&model, users);
        for (name, cost, _) in PHASES {
            let actual = evaluation.phases[phase_index(&model, name)].monthly_cost_usd;
            assert!(
                (actual - cost).abs() < 1e-9,
                "{name} at {users} users: ${actual}, seed ${cost}"
            );
        }
    }
}

/// Seed utilisation table at 20 users: RAM ~1.2 GB of 2 GB.
#[test]
fn mvp_ram_at_20_users() {
    let (_, model) = load();
    let evaluation = evaluate_at(&model, 20.0);
    let ram = resource_use(&model, &evaluation.phases[0], "MVP", "vps", "ram");
    assert_eq!(ram.capacity, 2.0);
    assert_within(ram.demand, 1.2, TOLERANCE, "MVP RAM (GB) at 20 users");
}

/// Seed utilisation table at 20 users: CPU ~10 % of 1 vCPU.
#[test]
fn mvp_cpu_at_20_users() {
    let (_, model) = load();
    let evaluation = evaluate_at(&model, 20.0);
    let cpu = resource_use(&model, &evaluation.phases[0], "MVP", "vps", "cpu");
    assert_eq!(cpu.capacity, 1.0);
    assert_within(
        cpu.utilization,
        0.10,
        TOLERANCE,
        "MVP CPU utilization at 20 users",
    );
}

/// Seed utilisation table at 20 users: storage ~5 GB of 25 GB.
#[test]
fn mvp_disk_at_20_users() {
    let (_, model) = load();
    let evaluation = evaluate_at(&model, 20.0);
    let disk = resource_use(&model, &evaluation.phases[0], "MVP", "vps", "disk");
    assert_eq!(disk.capacity, 25.0);
    assert_within(disk.demand, 5.0, TOLERANCE, "MVP disk (GB) at 20 users");
}

/// Seed utilisation table at 20 users: ~5 of 50 DB connections.
#[test]
fn mvp_db_connections_at_20_users() {
    let (_, model) = load();
    let evaluation = evaluate_at(&model, 20.0);
    let connections = resource_use(
        &model,
        &evaluation.phases[0],
        "MVP",
        "vps",
        "db_connections",
    );
    assert_eq!(connections.capacity, 50.0, "seed: max_connections=50");
    assert_within(
        connections.demand,
        5.0,
        TOLERANCE,
        "MVP DB connections at 20 users",
    );
}

/// Seed summary ranges: the MVP holds ~200 users.
#[test]
fn mvp_users_ceiling() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "MVP"),
        200.0,
        TOLERANCE,
        "MVP users ceiling",
    );
}

/// Seed summary ranges: Growth holds ~500 users.
#[test]
fn growth_users_ceiling() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Growth"),
        500.0,
        TOLERANCE,
        "Growth users ceiling",
    );
}

/// Seed summary ranges: Scale holds ~1,500 users.
#[test]
fn scale_users_ceiling() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Scale"),
        1_500.0,
        TOLERANCE,
        "Scale users ceiling",
    );
}

/// Seed summary ranges: Scale+ holds ~3,000 users.
#[test]
fn scale_plus_users_ceiling() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Scale+"),
        3_000.0,
        TOLERANCE,
        "Scale+ users ceiling",
    );
}

/// Seed summary ranges: Phase 2 holds ~5,000 users.
#[test]
fn phase_2_users_ceiling() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Phase 2"),
        5_000.0,
        TOLERANCE,
        "Phase 2 users ceiling",
    );
}

/// Ceilings rise phase by phase (each phase is the seed's next step up).
#[test]
fn users_ceilings_rise_with_each_phase() {
    let (_, model) = load();
    let ceilings: Vec<f64> = PHASES
        .iter()
        .map(|(name, _, _)| users_ceiling(&model, name))
        .collect();
    assert!(
        ceilings.windows(2).all(|w| w[0] < w[1]),
        "ceilings {ceilings:?} should rise"
    );
}

/// Seed: "50-200 users: Memory (sessions, connections)".
#[test]
fn bottleneck_at_first_ceiling_is_ram() {
    let (_, model) = load();
    let (group, resource, utilization) = bottleneck_at_ceiling(&model, "MVP");
    assert_eq!((group.as_str(), resource.as_str()), ("vps", "ram"));
    assert_within(
        utilization,
        0.80,
        1e-6,
        "MVP RAM utilization at its ceiling (warn)",
    );
}

/// Seed: "200-500 users: CPU (request handling)".
#[test]
fn bottleneck_at_second_ceiling_is_cpu() {
    let (_, model) = load();
    let (group, resource, utilization) = bottleneck_at_ceiling(&model, "Growth");
    assert_eq!((group.as_str(), resource.as_str()), ("vps", "cpu"));
    assert_within(
        utilization,
        0.70,
        1e-6,
        "Growth CPU utilization at its ceiling (warn)",
    );
}

/// Seed: "500-1K: Database (queries, connections)", "1K-3K: Database + Application workers".
/// Scale still shares one VPS, so its bottleneck is that VPS's CPU; PostgreSQL is most of it.
/// The share is measured through the model: the same phase without PostgreSQL placed.
#[test]
fn scale_bottleneck_is_the_shared_cpu_mostly_database() {
    let (plan, model) = load();
    let (group, resource, _) = bottleneck_at_ceiling(&model, "Scale");
    assert_eq!((group.as_str(), resource.as_str()), ("vps", "cpu"));

    let users = users_ceiling(&model, "Scale");
    let with_db = evaluate_at(&model, users);
    let with_db = resource_use(&model, &with_db.phases[2], "Scale", "vps", "cpu").demand;

    let mut without = plan.clone();
    let scale = without
        .phases
        .iter_mut()
        .find(|p| p.name == "Scale")
        .expect("Scale phase");
    for group in &mut scale.groups {
        group
            .runs
            .retain(|Run(component, _)| component != "postgres");
    }
    let without = Model::compile(&without, Catalog::embedded()).expect("still a valid plan");
    let without_db = evaluate_at(&without, users);
    let without_db = resource_use(&without, &without_db.phases[2], "Scale", "vps", "cpu").demand;

    let db_share = (with_db - without_db) / with_db;
    assert!(
        db_share >= 0.5,
        "PostgreSQL's share of the Scale VPS's CPU at {users:.0} users: {db_share:.2}"
    );
}

/// The split phases: the database VPS binds (its RAM, CPU or connections), not the app VPS.
#[test]
fn split_phases_bind_on_the_database_vps() {
    let (_, model) = load();
    for phase in ["Scale+", "Phase 2"] {
        let (group, resource, _) = bottleneck_at_ceiling(&model, phase);
        assert_eq!(group, "db-vps", "{phase}: bottleneck on {group} {resource}");
        assert!(
            ["cpu", "ram", "db_connections"].contains(&resource.as_str()),
            "{phase}: database VPS resource {resource}"
        );
        let phase_model = &model.phases[phase_index(&model, phase)];
        let db = phase_model
            .groups
            .iter()
            .find(|g| g.name == group)
            .expect("db-vps group");
        assert!(
            db.runs.iter().any(|Run(c, _)| c == "postgres"),
            "{phase}: db-vps runs PostgreSQL"
        );
    }
}

/// Seed: "1000-5000 users ... max_connections=200": Phase 2 runs out of connections at ~5,000.
#[test]
fn phase_2_binds_on_max_connections_200() {
    let (_, model) = load();
    let (group, resource, utilization) = bottleneck_at_ceiling(&model, "Phase 2");
    assert_eq!(
        (group.as_str(), resource.as_str()),
        ("db-vps", "db_connections")
    );
    let users = users_ceiling(&model, "Phase 2");
    let evaluation = evaluate_at(&model, users);
    let connections = resource_use(
        &model,
        &evaluation.phases[4],
        "Phase 2",
        "db-vps",
        "db_connections",
    );
    assert_eq!(connections.capacity, 200.0);
    assert_within(
        utilization,
        0.70,
        1e-6,
        "Phase 2 connections at its ceiling",
    );
}

/// The recommended phase follows the seed's user ranges (first ok phase in plan order).
#[test]
fn recommended_phase_follows_the_seed_ranges() {
    let (_, model) = load();
    for (users, expected) in [
        (20.0, "MVP"),
        (100.0, "MVP"),
        (350.0, "Growth"),
        (1_000.0, "Scale"),
        (2_250.0, "Scale+"),
        (4_000.0, "Phase 2"),
    ] {
        let evaluation = evaluate_at(&model, users);
        let recommended = evaluation
            .recommended
            .map(|i| model.phases[i].name.as_str());
        assert_eq!(recommended, Some(expected), "at {users} users");
    }
}
