//! `mgx-platform` (seed 003, MGX-AI platform scaling recommendations): MODEL.md §4 targets.
//!
//! Targets: main driver `users` = concurrent users; `Baseline` + `Phase 1..3` with the
//! seed's node counts and shapes; users ceilings ≈ 1,000 / 2,000 / 5,000 / 10,000
//! (± 25 %); every price from the catalog, so cost and cost per user per phase are real.

use crate::support::{self, TOLERANCE, phase_index};
use headroom::catalog::Catalog;
use headroom::model::{Evaluation, Model, Plan, Price, PricingMode};

/// The seed's phases and the concurrent users each is sized for.
const PHASES: [(&str, f64); 4] = [
    ("Baseline", 1_000.0),
    ("Phase 1", 2_000.0),
    ("Phase 2", 5_000.0),
    ("Phase 3", 10_000.0),
];

fn load() -> (Plan, Model) {
    support::load("mgx-platform")
}

/// The model evaluated with `users` set, the other drivers at the plan's values.
fn evaluate_at(model: &Model, users: f64) -> Evaluation {
    support::evaluate_with(model, "users", users)
}

#[test]
fn main_driver_is_concurrent_users() {
    let (plan, model) = load();
    assert_eq!(plan.main_driver, "users");
    let users = &model.drivers[model.main_driver];
    assert_eq!(users.name, "users");
    assert_eq!(users.meaning, "concurrent users");
    assert_eq!(plan.name, "mgx-platform");
    assert_eq!(plan.version, 1);
    assert_eq!(
        plan.date.map(|d| d.to_string()).as_deref(),
        Some("2025-01-03")
    );
    assert_eq!(plan.pricing, PricingMode::OnDemand);
}

#[test]
fn baseline_and_three_phases_in_seed_order() {
    let (_, model) = load();
    let names: Vec<&str> = model.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, PHASES.map(|(name, _)| name));
}

#[test]
fn users_ceilings_match_seed_targets() {
    let (_, model) = load();
    let users = model.driver_index("users").unwrap();
    let evaluation = model.evaluate(&model.plan_drivers());
    for (name, target) in PHASES {
        let phase = &evaluation.phases[phase_index(&model, name)];
        let ceiling = phase.ceilings[users].expect("users moves every phase");
        assert!(
            (ceiling - target).abs() <= TOLERANCE * target,
            "{name}: users ceiling {ceiling:.0}, seed target {target} ± 25 %"
        );
        let index = phase_index(&model, name);
        let at_ceiling = &evaluate_at(&model, ceiling).phases[index];
        let bottleneck = at_ceiling.bottleneck.expect("every phase has loads");
        eprintln!(
            "mgx-platform {name}: users ceiling {ceiling:.0} (target {target}), bottleneck {} {} at {:.0} %",
            model.phases[index].groups[bottleneck.group].name,
            model.resources[bottleneck.resource].name,
            bottleneck.utilization * 100.0
        );
    }
}

/// Node count, vCPU and RAM of one group, as the seed's tables give them.
struct Expected {
    group: &'static str,
    nodes: u32,
    vcpu: f64,
    ram_gb: f64,
}

const fn g(group: &'static str, nodes: u32, vcpu: f64, ram_gb: f64) -> Expected {
    Expected {
        group,
        nodes,
        vcpu,
        ram_gb,
    }
}

/// The seed's tables: Current Baseline and Phases 1–3 (Phase 3 with the secondary region).
fn seed_topology(phase: &str) -> Vec<Expected> {
    match phase {
        "Baseline" => vec![
            g("app", 4, 8.0, 16.0),
            g("db", 1, 16.0, 32.0),
            g("redis", 1, 4.0, 8.0),
            g("mq", 1, 4.0, 8.0),
        ],
        "Phase 1" => vec![
            g("app", 8, 8.0, 16.0),
            g("db", 1, 24.0, 48.0),
            g("redis", 1, 8.0, 16.0),
            g("mq", 2, 4.0, 8.0),
        ],
        "Phase 2" => vec![
            g("app", 20, 8.0, 16.0),
            g("db", 3, 32.0, 64.0),
            g("redis", 3, 8.0, 16.0),
            g("mq", 3, 8.0, 16.0),
        ],
        "Phase 3" => vec![
            g("app", 50, 8.0, 16.0),
            g("db", 5, 48.0, 96.0),
            g("redis", 6, 8.0, 16.0),
            g("mq", 6, 8.0, 16.0),
            g("standby-app", 10, 8.0, 16.0),
            g("standby-db", 1, 48.0, 96.0),
            g("standby-redis", 1, 8.0, 16.0),
            g("standby-mq", 1, 8.0, 16.0),
        ],
        other => panic!("no seed topology for {other:?}"),
    }
}

#[test]
fn node_counts_and_shapes_match_seed_tables() {
    let (_, model) = load();
    for (name, target) in PHASES {
        let index = phase_index(&model, name);
        let phase = &model.phases[index];
        let evaluation = &evaluate_at(&model, target).phases[index];
        let expected = seed_topology(name);
        let groups: Vec<&str> = phase.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            groups,
            expected.iter().map(|e| e.group).collect::<Vec<_>>(),
            "{name}: node groups"
        );
        for (i, e) in expected.iter().enumerate() {
            let group = &phase.groups[i];
            assert_eq!(
                evaluation.groups[i].nodes, e.nodes,
                "{name}/{}: nodes at {target} users",
                e.group
            );
            assert_eq!(group.shape.vcpu, e.vcpu, "{name}/{}: vCPU", e.group);
            assert_eq!(group.shape.ram_gb, e.ram_gb, "{name}/{}: RAM", e.group);
        }
    }
}

/// Every `Price` in the plan: groups, plan and phase services and usage items.
fn all_prices(plan: &Plan) -> Vec<(String, &Price)> {
    let mut prices = Vec::new();
    for service in &plan.services {
        prices.push((format!("service {}", service.name), &service.price));
    }
    for item in &plan.usage {
        prices.push((format!("usage {}", item.name), &item.price));
    }
    for phase in &plan.phases {
        for group in &phase.groups {
            prices.push((format!("{} group {}", phase.name, group.name), &group.price));
        }
        for service in &phase.services {
            prices.push((
                format!("{} service {}", phase.name, service.name),
                &service.price,
            ));
        }
        for item in &phase.usage {
            prices.push((format!("{} usage {}", phase.name, item.name), &item.price));
        }
    }
    prices
}

#[test]
fn every_price_comes_from_the_catalog() {
    let (plan, _) = load();
    let catalog = Catalog::embedded();
    let prices = all_prices(&plan);
    assert!(!prices.is_empty());
    for (what, price) in prices {
        match price {
            Price::Catalog(id) => assert!(
                catalog.get(id).is_some(),
                "{what}: catalog entry {id:?} exists"
            ),
            Price::Usd(usd) => panic!("{what}: priced as Usd({usd}), expected a catalog entry"),
        }
    }
}

#[test]
fn node_shapes_are_the_catalog_instances_they_are_priced_as() {
    let (plan, _) = load();
    let catalog = Catalog::embedded();
    for phase in &plan.phases {
        for group in &phase.groups {
            let Price::Catalog(id) = &group.price else {
                panic!("{}/{}: not a catalog price", phase.name, group.name);
            };
            let entry = catalog.get(id).expect("catalog entry exists");
            assert_eq!(
                entry.vcpu,
                Some(group.shape.vcpu),
                "{}/{}: vCPU of {id}",
                phase.name,
                group.name
            );
            assert_eq!(
                entry.ram_gb,
                Some(group.shape.ram_gb),
                "{}/{}: RAM of {id}",
                phase.name,
                group.name
            );
        }
    }
}

#[test]
fn cost_per_user_is_real_at_each_phase_target() {
    let (_, model) = load();
    for (name, target) in PHASES {
        let index = phase_index(&model, name);
        let phase = &evaluate_at(&model, target).phases[index];
        let cost = phase.monthly_cost_usd;
        let per_user = phase
            .cost_per_user_usd
            .expect("cost per user exists when users > 0");
        assert!(
            cost.is_finite() && cost > 0.0,
            "{name}: monthly cost {cost}"
        );
        assert!(
            per_user.is_finite() && per_user > 0.0,
            "{name}: cost per user {per_user}"
        );
        assert!((per_user * target - cost).abs() <= 1e-9 * cost);
        // Every line is priced: no group, service or usage item costs nothing.
        for line in &phase.costs {
            assert!(
                line.monthly_usd > 0.0,
                "{name}: {:?} costs {}",
                line.item,
                line.monthly_usd
            );
        }
        eprintln!("mgx-platform {name} at {target} users: ${cost:.2}/month, ${per_user:.4}/user");
    }
}
