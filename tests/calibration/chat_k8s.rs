//! `chat-k8s` (seed 002, "Scaling Roadmap — 100K+ Users"): MODEL.md §4 targets.
//!
//! Targets: 3 phases; monthly cost at 5K users in [$200, $500], at 30K in [$1,000, $2,500],
//! at 75K in [$5,000, $15,000], each on the phase the seed assigns to that range (and that
//! phase is the recommended one there); users ceilings ≈ 10K / 50K / ≥ 100K (± 25 %);
//! backend autoscaled 3 → 20 pods (frontend 2 → 10). Every figure is computed through the
//! model: nothing below is a stored output.

use crate::support::{self, TOLERANCE, assert_within, phase_index};
use headroom::model::{Count, Evaluation, Model, Plan};

/// The seed's phases with their user ranges.
const PHASES: [&str; 3] = ["Phase 1", "Phase 2", "Phase 3"];

fn load() -> (Plan, Model) {
    support::load("chat-k8s")
}

/// The model evaluated with `users` set, the other drivers at the plan's values.
fn evaluate_at(model: &Model, users: f64) -> Evaluation {
    support::evaluate_with(model, "users", users)
}

/// The users ceiling of a phase at the plan's driver values.
fn users_ceiling(model: &Model, phase: &str) -> f64 {
    support::plan_ceiling(model, phase, "users")
}

/// The group × resource binding a phase at its own users ceiling.
fn bottleneck_at_ceiling(model: &Model, phase: &str) -> (String, String) {
    let index = phase_index(model, phase);
    let evaluation = evaluate_at(model, users_ceiling(model, phase));
    let b = evaluation.phases[index]
        .bottleneck
        .expect("every phase has loads");
    (
        model.phases[index].groups[b.group].name.clone(),
        model.resources[b.resource].name.clone(),
    )
}

/// Cost of the seed's phase at `users`, checked against the seed's range; that phase must
/// also be the recommended one there.
fn assert_cost_in_range(users: f64, phase: &str, low: f64, high: f64) {
    let (_, model) = load();
    let index = phase_index(&model, phase);
    let evaluation = evaluate_at(&model, users);
    let cost = evaluation.phases[index].monthly_cost_usd;
    assert!(
        (low..=high).contains(&cost),
        "{phase} at {users} users: ${cost:.0}/month, seed range ${low}-{high}"
    );
    assert_eq!(
        evaluation.recommended,
        Some(index),
        "at {users} users the recommended phase is the seed's {phase}"
    );
}

#[test]
fn three_phases_in_seed_order() {
    let (plan, model) = load();
    assert_eq!(plan.name, "chat-k8s");
    assert_eq!(plan.version, 1);
    assert_eq!(plan.main_driver, "users");
    let names: Vec<&str> = model.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, PHASES);
}

#[test]
fn cost_at_5k_users_is_200_to_500() {
    // Seed Phase 1 (0-10K): "Estimated infra cost: $200-500/month".
    assert_cost_in_range(5_000.0, "Phase 1", 200.0, 500.0);
}

#[test]
fn cost_at_30k_users_is_1000_to_2500() {
    // Seed Phase 2 (10K-50K): "Estimated infra cost: $1,000-2,500/month".
    assert_cost_in_range(30_000.0, "Phase 2", 1_000.0, 2_500.0);
}

#[test]
fn cost_at_75k_users_is_5000_to_15000() {
    // Seed Phase 3 (50K-100K+): "Estimated infra cost: $5,000-15,000/month".
    assert_cost_in_range(75_000.0, "Phase 3", 5_000.0, 15_000.0);
}

#[test]
fn phase_1_users_ceiling_about_10k() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Phase 1"),
        10_000.0,
        TOLERANCE,
        "Phase 1 users ceiling",
    );
    // What Phase 2 fixes first: connection pooling with PgBouncer.
    assert_eq!(
        bottleneck_at_ceiling(&model, "Phase 1"),
        ("data".to_owned(), "db_connections".to_owned())
    );
}

#[test]
fn phase_2_users_ceiling_about_50k() {
    let (_, model) = load();
    assert_within(
        users_ceiling(&model, "Phase 2"),
        50_000.0,
        TOLERANCE,
        "Phase 2 users ceiling",
    );
    // What Phase 3 fixes: the single write primary (sharding by user, async token writes).
    assert_eq!(
        bottleneck_at_ceiling(&model, "Phase 2"),
        ("db-primary".to_owned(), "cpu".to_owned())
    );
}

#[test]
fn phase_3_users_ceiling_at_least_100k() {
    let (_, model) = load();
    let ceiling = users_ceiling(&model, "Phase 3");
    assert!(
        ceiling >= 100_000.0,
        "Phase 3 users ceiling {ceiling:.0} ≥ 100K (seed: '50K-100K+')"
    );
    // Sharding doubled the write capacity; the regional primaries still bind first.
    assert_eq!(
        bottleneck_at_ceiling(&model, "Phase 3"),
        ("db-primary".to_owned(), "cpu".to_owned())
    );
}

#[test]
fn backend_autoscales_3_to_20_pods() {
    let (_, model) = load();
    let low = evaluate_at(&model, 100.0);
    let high = evaluate_at(&model, 1_000_000.0);
    for (p, phase) in model.phases.iter().enumerate() {
        let backends: Vec<usize> = (0..phase.groups.len())
            .filter(|&g| phase.groups[g].name.starts_with("backend"))
            .collect();
        assert!(!backends.is_empty(), "{}: a backend group", phase.name);
        for g in backends {
            let group = &phase.groups[g];
            let what = format!("{}/{}", phase.name, group.name);
            match group.count {
                Count::Autoscale { min, max, target } => {
                    assert_eq!((min, max), (3, 20), "{what}: seed 'HPA: 3->20 pods'");
                    assert_eq!(target, 0.7, "{what}: HPA CPU target");
                }
                Count::Fixed(_) => panic!("{what}: autoscaled"),
            }
            assert_eq!(
                low.phases[p].groups[g].nodes, 3,
                "{what}: pods at 100 users"
            );
            assert_eq!(
                high.phases[p].groups[g].nodes, 20,
                "{what}: pods at 1M users"
            );
        }
    }
}

#[test]
fn frontend_autoscales_2_to_10_pods() {
    let (_, model) = load();
    for phase in &model.phases {
        for group in phase
            .groups
            .iter()
            .filter(|g| g.name.starts_with("frontend"))
        {
            assert!(
                matches!(
                    group.count,
                    Count::Autoscale {
                        min: 2,
                        max: 10,
                        ..
                    }
                ),
                "{}/{}: seed 'HPA: 2->10 pods'",
                phase.name,
                group.name
            );
        }
    }
}

#[test]
fn backend_pods_at_the_phase_1_boundary_match_the_seed() {
    // Seed: "Backend: 3-8 pods handle ~500 concurrent connections" (Phase 1, up to 10K).
    let (_, model) = load();
    let index = phase_index(&model, "Phase 1");
    let backend = model.phases[index]
        .groups
        .iter()
        .position(|g| g.name == "backend")
        .expect("Phase 1 backend group");
    let pods = evaluate_at(&model, 10_000.0).phases[index].groups[backend].nodes;
    assert!((3..=8).contains(&pods), "{pods} backend pods at 10K users");
}
