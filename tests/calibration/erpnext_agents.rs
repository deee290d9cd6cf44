//! `erpnext-agents` (seed 004, "Expansion Roadmap": ERPNext with an AI-agent orchestrator):
//! MODEL.md §4 targets.
//!
//! Targets: baseline 8 GB / 4 CPU with 20 agents; P1 vertical 16 GB / 8 CPU (workloads
//! ceiling 2–3 × the baseline's); P2 containers + Redis + load balancer; P3 three nodes
//! (≥ 3 × the baseline); P4 Kubernetes autoscale (≥ P3). Main driver `workloads` =
//! concurrent AI agents. Every figure is computed through the model.

use crate::support::{self, TOLERANCE, assert_within, phase_index};
use headroom::model::{ComponentKind, Count, Evaluation, Model, NodeCount, Plan, Run, Status};

const BASELINE: &str = "Baseline";
const P1: &str = "P1 Vertical";
const P2: &str = "P2 Containers";
const P3: &str = "P3 Three nodes";
const P4: &str = "P4 Kubernetes";

fn load() -> (Plan, Model) {
    support::load("erpnext-agents")
}

/// The model evaluated with `workloads` set, the other drivers at the plan's values.
fn evaluate_at(model: &Model, workloads: f64) -> Evaluation {
    support::evaluate_with(model, "workloads", workloads)
}

/// The workloads ceiling of a phase at the plan's driver values.
fn ceiling(model: &Model, phase: &str) -> f64 {
    support::plan_ceiling(model, phase, "workloads")
}

/// Names of the components placed anywhere in a phase.
fn placed(model: &Model, phase: &str) -> Vec<String> {
    model.phases[phase_index(model, phase)]
        .groups
        .iter()
        .flat_map(|g| g.runs.iter().map(|Run(c, _)| c.clone()))
        .collect()
}

#[test]
fn main_driver_is_concurrent_agents() {
    let (plan, model) = load();
    assert_eq!(plan.name, "erpnext-agents");
    assert_eq!(plan.version, 1);
    assert_eq!(plan.main_driver, "workloads");
    let workloads = &model.drivers[model.main_driver];
    assert_eq!(workloads.name, "workloads");
    assert_eq!(workloads.meaning, "concurrent AI agents");
    assert_eq!(workloads.value, 20.0, "seed: max_agents=20 on the baseline");
}

#[test]
fn five_phases_in_seed_order() {
    let (_, model) = load();
    let names: Vec<&str> = model.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, [BASELINE, P1, P2, P3, P4]);
}

/// Seed: the baseline is one 8 GB / 4 CPU server running the 20 agents (`max_agents=20`).
#[test]
fn baseline_is_one_8gb_4cpu_server_with_20_agents() {
    let (_, model) = load();
    let phase = &model.phases[phase_index(&model, BASELINE)];
    assert_eq!(phase.groups.len(), 1);
    let server = &phase.groups[0];
    assert_eq!(server.count, Count::Fixed(1));
    assert_eq!((server.shape.ram_gb, server.shape.vcpu), (8.0, 4.0));

    let evaluation = evaluate_at(&model, 20.0);
    let baseline = &evaluation.phases[phase_index(&model, BASELINE)];
    assert_eq!(
        baseline.status,
        Status::Ok,
        "the baseline carries its 20 agents"
    );
    assert_eq!(
        evaluation.recommended,
        Some(phase_index(&model, BASELINE)),
        "at 20 agents the baseline is the recommended phase"
    );
    // The seed expands because the server is nearly full: its ceiling is about its 20 agents.
    assert_within(
        ceiling(&model, BASELINE),
        20.0,
        TOLERANCE,
        "baseline workloads ceiling",
    );
    assert!(ceiling(&model, BASELINE) > 20.0);
}

/// Seed Phase 1: "Upgrade server: 8GB → 16GB RAM, 4 → 8 CPU cores"; "2-3x capacity increase".
#[test]
fn p1_vertical_doubles_the_server_for_2_to_3x_agents() {
    let (_, model) = load();
    let phase = &model.phases[phase_index(&model, P1)];
    assert_eq!(phase.groups.len(), 1);
    let server = &phase.groups[0];
    assert_eq!(server.count, Count::Fixed(1));
    assert_eq!((server.shape.ram_gb, server.shape.vcpu), (16.0, 8.0));

    let ratio = ceiling(&model, P1) / ceiling(&model, BASELINE);
    assert!(
        (2.0..=3.0).contains(&ratio),
        "P1 workloads ceiling is {ratio:.2} x the baseline's (seed: 2-3x)"
    );
}

/// Seed Phase 1: "innodb_buffer_pool_size = 4G" and "Add Redis caching".
#[test]
fn p1_sets_the_buffer_pool_to_4g_and_adds_redis() {
    let (plan, model) = load();
    let phase = plan
        .phases
        .iter()
        .find(|p| p.name == P1)
        .expect("P1 in the plan");
    let mariadb = phase
        .components
        .iter()
        .find(|c| c.name == "mariadb")
        .expect("P1 redefines mariadb");
    match &mariadb.kind {
        ComponentKind::RelationalDb {
            shared_buffers_gb, ..
        } => assert_eq!(*shared_buffers_gb, 4.0),
        other => panic!("mariadb is a RelationalDb, got {other:?}"),
    }
    assert!(placed(&model, P1).iter().any(|c| c == "redis"));
}

/// Seed Phase 2: containers, "Redis for shared state", "Configure load balancer".
#[test]
fn p2_containerises_with_redis_and_a_load_balancer() {
    let (_, model) = load();
    let components = placed(&model, P2);
    for needed in [
        "redis",
        "lb",
        "erpnext",
        "mariadb",
        "orchestrator",
        "agents",
    ] {
        assert!(
            components.iter().any(|c| c == needed),
            "P2 runs {needed}: {components:?}"
        );
    }
    // Same 16 GB / 8 CPU server as P1: preparation, not more capacity.
    let server = &model.phases[phase_index(&model, P2)].groups[0];
    assert_eq!((server.shape.ram_gb, server.shape.vcpu), (16.0, 8.0));
    assert!(ceiling(&model, P2) > ceiling(&model, BASELINE));
}

/// Seed Phase 3: "Deploy 3 nodes", "3x+ capacity, high availability".
#[test]
fn p3_three_nodes_hold_at_least_3x_the_baseline() {
    let (_, model) = load();
    let i = phase_index(&model, P3);
    let evaluation = evaluate_at(&model, 20.0);
    let nodes: u32 = evaluation.phases[i].groups.iter().map(|g| g.nodes).sum();
    assert_eq!(nodes, 3, "three nodes");
    assert!(
        !model.phases[i].services.is_empty(),
        "P3 has a load balancer in front of the nodes"
    );
    let ratio = ceiling(&model, P3) / ceiling(&model, BASELINE);
    assert!(
        ratio >= 3.0,
        "P3 workloads ceiling is {ratio:.2} x the baseline's (seed: 3x+)"
    );
}

/// Seed Phase 4: "Deploy to Kubernetes", "Set up auto-scaling" — at least P3's capacity.
#[test]
fn p4_kubernetes_autoscales_to_at_least_p3() {
    let (plan, model) = load();
    let phase = plan
        .phases
        .iter()
        .find(|p| p.name == P4)
        .expect("P4 in the plan");
    assert!(
        phase
            .groups
            .iter()
            .any(|g| matches!(g.count, NodeCount::Autoscale { .. })),
        "P4 has an autoscaled node group"
    );
    let p3 = ceiling(&model, P3);
    let p4 = ceiling(&model, P4);
    assert!(p4 >= p3, "P4 ceiling {p4:.1} >= P3 ceiling {p3:.1}");

    // The autoscaler adds nodes as agents grow: more nodes at P3's ceiling than at 20.
    let i = phase_index(&model, P4);
    let workers = model.phases[i]
        .groups
        .iter()
        .position(|g| matches!(g.count, Count::Autoscale { .. }))
        .expect("autoscaled group");
    let at_20 = evaluate_at(&model, 20.0).phases[i].groups[workers].nodes;
    let at_p3 = evaluate_at(&model, p3).phases[i].groups[workers].nodes;
    assert!(
        at_p3 > at_20,
        "{at_20} nodes at 20 agents, {at_p3} at {p3:.0}"
    );
    assert_eq!(evaluate_at(&model, p3).phases[i].status, Status::Ok);
}

/// Catalog-like list prices (DigitalOcean Basic Droplets, Load Balancer) per the preset's notes.
#[test]
fn monthly_costs_at_20_agents_are_the_list_prices() {
    let (_, model) = load();
    let evaluation = evaluate_at(&model, 20.0);
    for (phase, usd) in [
        (BASELINE, 48.0),
        (P1, 96.0),
        (P2, 96.0),
        (P3, 3.0 * 96.0 + 12.0),
        // 2 autoscaled workers + the data node + the load balancer.
        (P4, 2.0 * 96.0 + 96.0 + 12.0),
    ] {
        let actual = evaluation.phases[phase_index(&model, phase)].monthly_cost_usd;
        assert!(
            (actual - usd).abs() < 1e-9,
            "{phase}: ${actual}, expected ${usd}"
        );
    }
}
