//! The timeline (issue 6): hand-checked cases, properties of every timeline, the
//! schema additions and the `headroom timeline` command.
//!
//! Plans are written as RON text, so these tests read like plan files and keep
//! compiling when the schema gains fields.

use std::process::{Command, Output};

use chrono::NaiveDate;
use headroom::catalog::Catalog;
use headroom::model::*;
use headroom::plan_file::{PlanFileError, parse_plan, plan_to_ron};
use headroom::presets::PRESETS;
use proptest::prelude::*;
use serde_json::Value;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn load(text: &str) -> (Plan, Model) {
    parse_plan(text, "test.ron", Catalog::embedded()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// A phase of [`plan`]: one node with this much RAM; RAM warns at 80 %.
struct PhaseSpec {
    name: &'static str,
    ram_gb: f64,
    usd: f64,
    lead_time_days: f64,
}

const fn phase(name: &'static str, ram_gb: f64, usd: f64, lead_time_days: f64) -> PhaseSpec {
    PhaseSpec {
        name,
        ram_gb,
        usd,
        lead_time_days,
    }
}

/// Phase A: 125 GB for $10 (0.5 GB per user: its users ceiling is 0.8 × 125 / 0.5 =
/// 200); phase B: 250 GB for $40, ceiling 400, 14 days to move into.
const TWO_PHASES: [PhaseSpec; 2] = [phase("A", 125.0, 10.0, 0.0), phase("B", 250.0, 40.0, 14.0)];

/// A plan dated 2026-01-01: `drivers` (RON `Driver(..)` entries), a component `app`
/// needing `ram_per` GB per unit of each driver, the phases, and extra top-level fields.
fn plan_text(drivers: &str, ram_per: &str, phases: &[PhaseSpec], extra: &str) -> String {
    let phases: Vec<String> = phases
        .iter()
        .map(|p| {
            format!(
                "Phase(name: {:?}, lead_time_days: {}, groups: [NodeGroup(name: \"node\", \
                 shape: (vcpu: 1, ram_gb: {}, disk_gb: 10), count: Fixed(1), price: Usd({}), \
                 runs: [Run(\"app\", Single)])])",
                p.name, p.lead_time_days, p.ram_gb, p.usd
            )
        })
        .collect();
    format!(
        "Plan(\n    version: 1,\n    name: \"hand\",\n    date: \"2026-01-01\",\n    \
         drivers: [{drivers}],\n    \
         components: [Component(name: \"app\", demand: {{\"ram\": (per: {{{ram_per}}})}})],\n    \
         phases: [{}],\n    {extra}\n)\n",
        phases.join(",\n        ")
    )
}

/// `users` from `value`, growing by `growth` (RON), 0.5 GB each, two phases.
fn users_plan(value: f64, growth: &str, extra: &str) -> (Plan, Model) {
    load(&plan_text(
        &format!("Driver(name: \"users\", value: {value}, min: 1, max: 1000000, growth: {growth})"),
        "\"users\": 0.5",
        &TWO_PHASES,
        extra,
    ))
}

fn run(plan: &Plan, model: &Model) -> Timeline {
    model
        .timeline(&TimelineInput::from_plan(model, plan).unwrap())
        .unwrap()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

// ---------------------------------------------------------------------------------
// Hand-checked cases.

/// Issue 6: "a driver growing 10 %/month from 100 crosses a 200 ceiling in month 8".
/// 100 × 1.1^t = 200 at t = ln 2 / ln 1.1 = 7.2725 months: month 7 (194.9 users) is
/// still ok, month 8 (214.4) is the first boundary past it. The date: 2026-01-01 + 7
/// months = 2026-08-01, and 0.2725 of August's 31 days is 8.45 days, so 2026-08-09.
#[test]
fn ten_percent_a_month_from_100_crosses_200_in_month_8() {
    let (plan, model) = users_plan(100.0, "Compound(percent_per_month: 10)", "");
    let timeline = run(&plan, &model);
    let users = model.driver_index("users").unwrap();
    let ram = model.resource_index("ram").unwrap();

    let a = timeline.phases[0].runout.expect("A runs out");
    assert!(
        close(a.months, 2f64.ln() / 1.1f64.ln(), 1e-12),
        "{}",
        a.months
    );
    assert!(close(a.months, 7.272_540_897, 1e-9));
    assert_eq!(a.month, 8);
    assert_eq!(a.date, date(2026, 8, 9));
    assert_eq!(a.method, RunoutMethod::ClosedForm);
    assert_eq!(a.driver, Some(users));
    assert_eq!((a.group, a.resource), (0, ram));

    assert!(close(timeline.drivers(7)[users], 194.871_71, 1e-5));
    assert!(close(timeline.drivers(8)[users], 214.358_881, 1e-6));
    assert_eq!(timeline.months[7].recommended, Some(0));
    assert_eq!(timeline.months[8].recommended, Some(1));
    assert_eq!(timeline.current_phase, Some(0));
    assert_eq!(timeline.runway_months, Some(a.months));

    // B (400 users) at ln 4 / ln 1.1 = 14.5451 months: 2027-03-01 + 0.5451 × 31 days.
    let b = timeline.phases[1].runout.expect("B runs out");
    assert!(close(b.months, 4f64.ln() / 1.1f64.ln(), 1e-12));
    assert_eq!((b.month, b.date), (15, date(2027, 3, 17)));

    assert_eq!(timeline.switches.len(), 2);
    let switch = timeline.switches[0];
    assert_eq!(
        (switch.from, switch.to, switch.month),
        (Some(0), Some(1), 8)
    );
    assert_eq!((switch.months, switch.date), (a.months, a.date));
    assert_eq!(
        timeline.switches[1].to, None,
        "past B's ceiling no phase is ok"
    );
}

/// Linear: 100 users + 30 a month reach 200 at t = 100 / 30 = 3.33 months: month 4;
/// 2026-04-01 + 0.333 × 30 days (April) = 2026-04-11.
#[test]
fn linear_growth_reaches_the_ceiling_in_closed_form() {
    let (plan, model) = users_plan(100.0, "Linear(per_month: 30)", "");
    let a = run(&plan, &model).phases[0].runout.unwrap();
    assert!(close(a.months, 10.0 / 3.0, 1e-12));
    assert_eq!((a.month, a.date), (4, date(2026, 4, 11)));
    assert_eq!(a.method, RunoutMethod::ClosedForm);
}

/// Exactly at warn is still ok: +20 a month reaches exactly 200 users at month 5,
/// where A is still recommended; it runs out at that instant (t = 5.0, 2026-06-01)
/// and month 6 is the first boundary past it.
#[test]
fn a_ceiling_reached_exactly_at_a_boundary_runs_out_there() {
    let (plan, model) = users_plan(100.0, "Linear(per_month: 20)", "");
    let timeline = run(&plan, &model);
    let a = timeline.phases[0].runout.unwrap();
    // The ceiling is the smallest demand the status calls at warn, a bit past 200 × 0.5.
    assert!(close(a.months, 5.0, 1e-12), "{}", a.months);
    assert_eq!((a.month, a.date), (6, date(2026, 6, 1)));
    assert_eq!(
        timeline.drivers(5)[model.driver_index("users").unwrap()],
        200.0
    );
    assert_eq!(timeline.months[5].recommended, Some(0));
    assert_eq!(timeline.months[6].recommended, Some(1));
}

/// B is needed from the moment A runs out (2026-08-09) and takes 14 days to move
/// into: order by 2026-07-26. With 300 days of lead time the order-by date,
/// 2025-10-13, is before the start: late.
#[test]
fn order_by_is_the_needed_date_minus_the_lead_time() {
    let (plan, model) = users_plan(100.0, "Compound(percent_per_month: 10)", "");
    let timeline = run(&plan, &model);
    let a = &timeline.phases[0];
    assert_eq!(a.needed_from.map(|n| n.date), Some(date(2026, 1, 1)));
    assert_eq!(a.order_by, None, "the current phase is not ordered");
    let b = &timeline.phases[1];
    assert_eq!(b.needed_from.map(|n| n.date), Some(date(2026, 8, 9)));
    assert_eq!(b.order_by, Some(date(2026, 7, 26)));
    assert!(!b.order_late);

    let text = plan_text(
        "Driver(name: \"users\", value: 100, min: 1, max: 1000000, \
         growth: Compound(percent_per_month: 10))",
        "\"users\": 0.5",
        &[phase("A", 125.0, 10.0, 0.0), phase("B", 250.0, 40.0, 300.0)],
        "",
    );
    let (plan, model) = load(&text);
    let b = run(&plan, &model).phases[1];
    assert_eq!(b.order_by, Some(date(2025, 10, 13)));
    assert!(b.order_late);
}

/// A costs $10, B $40: with a $30 budget the first month over it is 8, the first on B.
/// Spend over 24 months: months 0-7 on A (8 × $10) and 8-23 on B (16 × $40) = $720.
/// From month 15 no phase is ok: B, the last phase, is counted and the month flagged.
#[test]
fn budget_month_spend_and_the_over_capacity_convention() {
    let (plan, model) = users_plan(
        100.0,
        "Compound(percent_per_month: 10)",
        "timeline: (horizon_months: 24, budget_usd_per_month: 30),",
    );
    let timeline = run(&plan, &model);
    assert_eq!(timeline.budget_exceeded_month, Some(8));
    assert_eq!(timeline.total_spend_usd, 720.0);
    assert_eq!(timeline.months.len(), 25, "boundaries 0..=24");
    assert_eq!(timeline.months[24].spend_before_usd, 720.0);
    for m in &timeline.months {
        let expected = if m.month < 8 { 10.0 } else { 40.0 };
        assert_eq!(m.monthly_cost_usd, expected, "month {}", m.month);
        assert_eq!(m.over_capacity, m.month >= 15, "month {}", m.month);
        if m.over_capacity {
            assert_eq!((m.recommended, m.cost_phase), (None, 1));
        }
    }
}

/// Two growing drivers on one load: RAM = 0.5 GB × users (10 %/month from 100) +
/// 0.25 GB × vectors (+10 a month from 0). No closed form: bisection inside the
/// month, checked against an independent root of 0.5 × 100 × 1.1^t + 2.5 t = 100.
#[test]
fn several_growing_drivers_are_bisected_inside_the_month() {
    let text = plan_text(
        "Driver(name: \"users\", value: 100, min: 1, max: 1000000, \
             growth: Compound(percent_per_month: 10)),\n        \
         Driver(name: \"vectors\", value: 0, min: 0, max: 1000000, scale: Linear, \
             growth: Linear(per_month: 10))",
        "\"users\": 0.5, \"vectors\": 0.25",
        &TWO_PHASES,
        "",
    );
    let (plan, model) = load(&text);
    let a = run(&plan, &model).phases[0].runout.unwrap();
    // Newton on f(t) = 50 × 1.1^t + 2.5 t − 100.
    let mut t = 5.0_f64;
    for _ in 0..50 {
        let f = 50.0 * 1.1f64.powf(t) + 2.5 * t - 100.0;
        let df = 50.0 * 1.1f64.powf(t) * 1.1f64.ln() + 2.5;
        t -= f / df;
    }
    assert!(close(a.months, t, 1e-8), "{} vs {t}", a.months);
    assert_eq!(a.month, t.ceil() as u32);
    assert_eq!(a.method, RunoutMethod::Bisection);
    // At the crossing users added 50 × (1.1^t − 1) GB, vectors 2.5 t GB: users drive it.
    assert_eq!(a.driver, model.driver_index("users"));
}

/// A phase already past warn runs out at the start, caused by no growth.
#[test]
fn a_phase_over_at_the_start_runs_out_at_month_0() {
    let (plan, model) = users_plan(300.0, "Compound(percent_per_month: 10)", "");
    let timeline = run(&plan, &model);
    let a = timeline.phases[0].runout.unwrap();
    assert_eq!((a.month, a.months, a.date), (0, 0.0, date(2026, 1, 1)));
    assert_eq!((a.method, a.driver), (RunoutMethod::AtStart, None));
    assert_eq!(timeline.current_phase, Some(1));
    // B: 300 × 1.1^t = 400.
    let runway = timeline.runway_months.unwrap();
    assert!(close(runway, (4.0f64 / 3.0).ln() / 1.1f64.ln(), 1e-12));
}

#[test]
fn without_growth_nothing_runs_out_and_spend_is_flat() {
    let (plan, model) = users_plan(150.0, "None", "timeline: (horizon_months: 12),");
    let timeline = run(&plan, &model);
    assert!(timeline.phases.iter().all(|p| p.runout.is_none()));
    assert!(timeline.switches.is_empty());
    assert_eq!(timeline.runway_months, None);
    assert_eq!(timeline.total_spend_usd, 120.0);
    assert_eq!(timeline.months.len(), 13);
}

/// Sensitivity by hand: starting 10 % higher at 10 % a month is exactly one month of
/// growth, so every run-out comes one month earlier; 11 % a month instead of 10 moves
/// A's from ln 2 / ln 1.1 to ln 2 / ln 1.11, 0.6307 months earlier.
#[test]
fn sensitivity_moves_run_outs_as_computed_by_hand() {
    let (plan, model) = users_plan(100.0, "Compound(percent_per_month: 10)", "");
    let input = TimelineInput::from_plan(&model, &plan).unwrap();
    let sensitivity = model.sensitivity(&input).unwrap();
    assert_eq!(sensitivity.step, 0.1);
    let users = model.driver_index("users").unwrap();
    let entry = |parameter| {
        sensitivity
            .entries
            .iter()
            .find(|e| e.driver == users && e.parameter == parameter)
            .unwrap()
    };
    let value = entry(SensitivityParameter::Value);
    for delta in &value.high.runout_delta_months {
        assert!(close(delta.unwrap(), -1.0, 1e-9), "{delta:?}");
    }
    let growth = entry(SensitivityParameter::Growth);
    let expected = 2f64.ln() / 1.11f64.ln() - 2f64.ln() / 1.1f64.ln();
    assert!(close(
        growth.high.runout_delta_months[0].unwrap(),
        expected,
        1e-9
    ));
    assert!(close(
        growth.high.runout_delta_months[0].unwrap(),
        -0.630_656,
        1e-6
    ));
    // B from month 14.5 → 13.5 and the switch a month earlier: +$30 over 24 months.
    assert_eq!(value.high.total_spend_delta_usd, 30.0);
    assert_eq!(value.high.cost_start_delta_usd, 0.0);
    // Drivers at 0 (unused built-ins) are not listed; entries sort by spend impact.
    assert!(
        sensitivity
            .entries
            .iter()
            .all(|e| input.drivers[e.driver] > 0.0)
    );
    assert!(
        sensitivity
            .entries
            .windows(2)
            .all(|w| w[0].spend_impact_usd() >= w[1].spend_impact_usd())
    );
}

#[test]
fn scenarios_replace_values_and_growth_and_compare_side_by_side() {
    let (plan, model) = users_plan(
        100.0,
        "Compound(percent_per_month: 10)",
        "timeline: (horizon_months: 12),
         scenarios: [
            Scenario(name: \"slow\", growth: {\"users\": Linear(per_month: 10)}),
            Scenario(name: \"big\", description: \"start at 150\", drivers: {\"users\": 150}),
         ],",
    );
    let base = TimelineInput::from_plan(&model, &plan).unwrap();
    let comparison = model.compare_scenarios(&base, &plan.scenarios).unwrap();
    let names: Vec<&str> = comparison.runs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["plan", "slow", "big"]);
    assert_eq!(comparison.runs[0].timeline, model.timeline(&base).unwrap());

    let slow = &comparison.runs[1];
    assert_eq!(slow.input.growth[0], Growth::Linear { per_month: 10.0 });
    assert_eq!(slow.input.drivers, base.drivers);
    // 100 + 10 t = 200 at t = 10.
    assert!(close(
        slow.timeline.phases[0].runout.unwrap().months,
        10.0,
        1e-12
    ));

    let big = &comparison.runs[2];
    assert_eq!(big.input.drivers[0], 150.0);
    assert_eq!(big.input.growth, base.growth);
    assert!(close(
        big.timeline.phases[0].runout.unwrap().months,
        (200.0f64 / 150.0).ln() / 1.1f64.ln(),
        1e-12
    ));
    for run in &comparison.runs {
        // 6 and 12 months lie within the 12-month horizon; 24 does not.
        let costs = run.costs_compared();
        assert_eq!(costs[0], Some(run.timeline.months[6].monthly_cost_usd));
        assert_eq!(costs[1], Some(run.timeline.months[12].monthly_cost_usd));
        assert_eq!(costs[2], None);
    }
    assert!(find_scenario(&plan, "nope").is_err());
}

// ---------------------------------------------------------------------------------
// The schema: new fields validate with their paths and old files load unchanged.

fn problems(text: &str) -> Vec<String> {
    match parse_plan(text, "test.ron", Catalog::embedded()) {
        Err(PlanFileError::Invalid { problems, .. }) => problems
            .into_iter()
            .map(|p| format!("{}: {}", p.error.path, p.error.message))
            .collect(),
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, the plan loaded"),
    }
}

#[test]
fn growth_timeline_and_scenarios_are_validated_with_field_paths() {
    let bad = |growth: &str, extra: &str| {
        problems(&plan_text(
            &format!("Driver(name: \"users\", value: 100, min: 1, max: 1000, growth: {growth})"),
            "\"users\": 0.5",
            &TWO_PHASES,
            extra,
        ))
    };
    let cases: [(&str, &str, &str); 10] = [
        (
            "Compound(percent_per_month: -5)",
            "",
            "drivers[0].growth.percent_per_month: must not be negative",
        ),
        (
            "Compound(percent_per_month: 1500)",
            "",
            "drivers[0].growth.percent_per_month: 1500 % a month is beyond",
        ),
        (
            "Linear(per_month: inf)",
            "",
            "drivers[0].growth.per_month: inf is beyond",
        ),
        (
            "None",
            "timeline: (horizon_months: 0),",
            "timeline.horizon_months: expected 1..=120 months, got 0",
        ),
        (
            "None",
            "timeline: (horizon_months: 121),",
            "timeline.horizon_months: expected 1..=120 months, got 121",
        ),
        (
            "None",
            "timeline: (budget_usd_per_month: -1),",
            "timeline.budget_usd_per_month: must not be negative",
        ),
        (
            "None",
            "scenarios: [Scenario(name: \"x\"), Scenario(name: \"x\")],",
            "scenarios[1].name: duplicate scenario name \"x\"",
        ),
        (
            "None",
            "scenarios: [Scenario(name: \"x\", drivers: {\"nobody\": 5})],",
            "scenarios[0].drivers[\"nobody\"]: unknown driver \"nobody\"",
        ),
        (
            "None",
            "scenarios: [Scenario(name: \"x\", drivers: {\"users\": 5000})],",
            "scenarios[0].drivers[\"users\"]: value 5000 is outside the slider range",
        ),
        (
            "None",
            "scenarios: [Scenario(name: \"x\", growth: {\"users\": Compound(percent_per_month: NaN)})],",
            "scenarios[0].growth[\"users\"].percent_per_month: expected a number, got NaN",
        ),
    ];
    for (growth, extra, expected) in cases {
        let found = bad(growth, extra);
        assert!(
            found.iter().any(|p| p.starts_with(expected)),
            "{growth} {extra}: expected {expected:?}, got {found:?}"
        );
    }
    let found = problems(
        &plan_text(
            "Driver(name: \"users\", value: 100, min: 1, max: 1000)",
            "\"users\": 0.5",
            &TWO_PHASES,
            "scenarios: [Scenario(name: \" \")],",
        )
        .replace("date: \"2026-01-01\"", "date: \"+262142-01-01\""),
    );
    assert!(found.iter().any(|p| p.starts_with("date: ")), "{found:?}");
    assert!(
        found.iter().any(|p| p.starts_with("scenarios[0].name: ")),
        "{found:?}"
    );
}

/// Plans written before the timeline existed load as before and save without the new
/// fields; plans with them survive a save and reload.
#[test]
fn old_plans_load_unchanged_and_new_fields_round_trip() {
    let (plan, _) = users_plan(100.0, "None", "");
    assert_eq!(plan.timeline, TimelineSpec::default());
    assert_eq!(plan.timeline.horizon_months, 24);
    assert!(plan.scenarios.is_empty());
    let saved = plan_to_ron(&plan);
    for field in ["growth", "timeline", "scenarios"] {
        assert!(!saved.contains(field), "{field} in\n{saved}");
    }
    for preset in &PRESETS {
        let (plan, _) = preset.load().unwrap();
        let (again, _) = load(&plan_to_ron(&plan));
        assert_eq!(again, plan, "{}", preset.name);
    }
}

/// Every preset grows from its own date over two years and carries the three
/// scenarios; the expected one is the plan's own growth.
#[test]
fn presets_carry_growth_a_timeline_and_three_scenarios() {
    for preset in &PRESETS {
        let (plan, model) = preset.load().unwrap();
        let what = preset.name;
        assert!(plan.drivers.iter().any(|d| !d.growth.is_none()), "{what}");
        assert_eq!(plan.timeline.start, plan.date, "{what}");
        assert_eq!(plan.timeline.horizon_months, 24, "{what}");
        let names: Vec<&str> = plan.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["conservative", "expected", "aggressive"], "{what}");
        let base = TimelineInput::from_plan(&model, &plan).unwrap();
        let expected = base.with_scenario(&model, &plan.scenarios[1]);
        assert_eq!(expected, base, "{what}: expected = the plan's growth");
        let timeline = model.timeline(&base).unwrap();
        assert!(
            timeline.phases.iter().any(|p| p.runout.is_some()),
            "{what}: something runs out within two years at the expected pace"
        );
    }
}

// ---------------------------------------------------------------------------------
// Properties.

/// Every month row is the model's own evaluation at that month's driver values.
#[test]
fn month_rows_are_the_models_evaluation() {
    for preset in &PRESETS {
        let (plan, model) = preset.load().unwrap();
        let mut input = TimelineInput::from_plan(&model, &plan).unwrap();
        input.horizon_months = 120;
        let timeline = model.timeline(&input).unwrap();
        for m in &timeline.months {
            let evaluation =
                model.evaluate_with(timeline.drivers(m.month), EvalOptions { ceilings: false });
            let what = format!("{} month {}", preset.name, m.month);
            assert_eq!(m.recommended, evaluation.recommended, "{what}");
            let phase = &evaluation.phases[m.cost_phase];
            assert_eq!(m.monthly_cost_usd, phase.monthly_cost_usd, "{what}");
            assert_eq!(m.bottleneck, phase.bottleneck, "{what}");
            assert_eq!(
                m.cost_phase,
                m.recommended.unwrap_or(model.phases.len() - 1),
                "{what}"
            );
        }
    }
}

/// The driver values of a timeline at a moment, computed independently.
fn drivers_at(input: &TimelineInput, months: f64) -> Vec<f64> {
    input
        .drivers
        .iter()
        .zip(&input.growth)
        .map(|(v, g)| g.value_at(*v, months))
        .collect()
}

/// A random plan with fixed node counts: two drivers (compound and linear growth),
/// each load moved by one or both, 1..4 phases of growing size.
fn fixed_plan() -> impl Strategy<Value = (Plan, Model)> {
    (
        1.0..1000.0f64,
        0.0..1000.0f64,
        0.0..2.0f64,
        0.0..2.0f64,
        prop::collection::vec((10.0..5000.0f64, 1.0..500.0f64, 0.0..30.0f64), 1..4),
        0.0..40.0f64,
        0.0..50.0f64,
    )
        .prop_map(
            |(users, vectors, per_user, per_vector, phases, pct, linear)| {
                let phases: Vec<PhaseSpec> = phases
                    .iter()
                    .enumerate()
                    .map(|(i, &(ram, usd, lead))| {
                        phase(["P0", "P1", "P2", "P3"][i], ram * (i + 1) as f64, usd, lead)
                    })
                    .collect();
                let text = plan_text(
                    &format!(
                        "Driver(name: \"users\", value: {users}, min: 1, max: 1e6, \
                         growth: Compound(percent_per_month: {pct})),\n        \
                     Driver(name: \"vectors\", value: {vectors}, min: 0, max: 1e6, \
                         scale: Linear, growth: Linear(per_month: {linear}))"
                    ),
                    &format!("\"users\": {per_user}, \"vectors\": {per_vector}"),
                    &phases,
                    "timeline: (horizon_months: 36),",
                );
                load(&text)
            },
        )
}

/// A preset with its own growth, every rate scaled by a random factor, and a random
/// horizon: plans with autoscaled groups, usage costs and many phases.
fn preset_input() -> impl Strategy<Value = (usize, f64, u32)> {
    (0..PRESETS.len(), 0.0..3.0f64, 1..=120u32)
}

fn preset_timeline(index: usize, factor: f64, horizon: u32) -> (Model, TimelineInput) {
    let (plan, model) = PRESETS[index].load().unwrap();
    let mut input = TimelineInput::from_plan(&model, &plan).unwrap();
    input.horizon_months = horizon;
    for growth in &mut input.growth {
        *growth = growth.scaled(factor);
    }
    (model, input)
}

/// `None` (never within the horizon) is later than any moment.
fn runout_key(runout: Option<Runout>) -> f64 {
    runout.map_or(f64::INFINITY, |r| r.months)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Spend is the sum of the monthly costs of months 0..horizon, and each month's
    /// `spend_before` the sum of the months before it.
    #[test]
    fn spend_is_the_sum_of_the_monthly_costs((index, factor, horizon) in preset_input()) {
        let (model, input) = preset_timeline(index, factor, horizon);
        let timeline = model.timeline(&input).unwrap();
        prop_assert_eq!(timeline.months.len(), horizon as usize + 1);
        let mut sum = 0.0;
        for m in &timeline.months {
            prop_assert_eq!(m.spend_before_usd, sum);
            if m.month < horizon {
                sum += m.monthly_cost_usd;
            }
        }
        prop_assert_eq!(timeline.total_spend_usd, sum);
        let budget_month = timeline
            .months
            .iter()
            .find(|m| input.budget_usd_per_month.is_some_and(|b| m.monthly_cost_usd > b))
            .map(|m| m.month);
        prop_assert_eq!(timeline.budget_exceeded_month, budget_month);
    }

    /// Faster growth never gives a later run-out: every rate × (1 + extra) moves every
    /// phase's run-out moment and month earlier or leaves them.
    #[test]
    fn faster_growth_never_runs_out_later(
        (plan, model) in fixed_plan(),
        extra in 0.0..2.0f64,
    ) {
        let slow = TimelineInput::from_plan(&model, &plan).unwrap();
        let mut fast = slow.clone();
        for growth in &mut fast.growth {
            *growth = growth.scaled(1.0 + extra);
        }
        let (slow, fast) = (model.timeline(&slow).unwrap(), model.timeline(&fast).unwrap());
        for (s, f) in slow.phases.iter().zip(&fast.phases) {
            prop_assert!(runout_key(f.runout) <= runout_key(s.runout) + 1e-9,
                "{:?} later than {:?}", f.runout, s.runout);
            prop_assert!(f.runout.map_or(u32::MAX, |r| r.month)
                <= s.runout.map_or(u32::MAX, |r| r.month));
        }
    }

    /// The same on the presets (autoscaled groups, usage, options as phases).
    #[test]
    fn faster_growth_never_runs_out_later_on_presets(
        (index, factor, horizon) in preset_input(),
        extra in 0.0..1.0f64,
    ) {
        let (model, slow) = preset_timeline(index, factor, horizon);
        let mut fast = slow.clone();
        for growth in &mut fast.growth {
            *growth = growth.scaled(1.0 + extra);
        }
        let (slow, fast) = (model.timeline(&slow).unwrap(), model.timeline(&fast).unwrap());
        for (s, f) in slow.phases.iter().zip(&fast.phases) {
            prop_assert!(runout_key(f.runout) <= runout_key(s.runout) + 1e-9,
                "{}: {:?} later than {:?}", PRESETS[index].name, f.runout, s.runout);
        }
    }

    /// The run-out month of a phase is the first month boundary at which the model
    /// says the phase is not ok: ok at every month before it, not ok at it; the exact
    /// moment lies in the month before (at 0 when it is not ok at the start), and the
    /// status changes there: ok just before, not ok just after. The recommended phase
    /// of every month is the first phase, in plan order, that has not run out by then.
    #[test]
    fn runout_month_is_the_first_month_the_phase_is_not_ok(
        (plan, model) in fixed_plan(),
    ) {
        let input = TimelineInput::from_plan(&model, &plan).unwrap();
        let timeline = model.timeline(&input).unwrap();
        let ok = |drivers: &[f64], p: usize| {
            model.evaluate_with(drivers, EvalOptions { ceilings: false }).phases[p].status
                == Status::Ok
        };
        for (p, phase) in timeline.phases.iter().enumerate() {
            let out = phase.runout.map_or(u32::MAX, |r| r.month);
            for m in &timeline.months {
                prop_assert_eq!(ok(timeline.drivers(m.month), p), m.month < out,
                    "phase {} month {}", p, m.month);
            }
            let Some(r) = phase.runout else { continue };
            if r.month == 0 {
                prop_assert_eq!(r.months, 0.0);
                continue;
            }
            prop_assert!(r.months >= f64::from(r.month - 1) && r.months <= f64::from(r.month));
            prop_assert_eq!(r.date, timeline.date_at(r.months));
            let delta = 1e-6;
            if r.months - delta > f64::from(r.month - 1) {
                prop_assert!(ok(&drivers_at(&input, r.months - delta), p), "ok just before");
            }
            prop_assert!(!ok(&drivers_at(&input, r.months + delta), p), "not ok just after");
        }
        for m in &timeline.months {
            let first = timeline
                .phases
                .iter()
                .position(|p| p.runout.is_none_or(|r| r.month > m.month));
            prop_assert_eq!(m.recommended, first);
        }
    }

    /// Scenarios compare: each run is the timeline of the scenario applied over the
    /// plan, its compared costs are its months 6, 12 and 24.
    #[test]
    fn scenarios_compare_as_their_own_timelines(index in 0..PRESETS.len(), horizon in 1..=36u32) {
        let (mut plan, model) = PRESETS[index].load().unwrap();
        plan.timeline.horizon_months = horizon;
        let base = TimelineInput::from_plan(&model, &plan).unwrap();
        let comparison = model.compare_scenarios(&base, &plan.scenarios).unwrap();
        prop_assert_eq!(comparison.runs.len(), plan.scenarios.len() + 1);
        for (run, scenario) in comparison.runs[1..].iter().zip(&plan.scenarios) {
            let input = base.with_scenario(&model, scenario);
            prop_assert_eq!(&run.timeline, &model.timeline(&input).unwrap());
            for (month, cost) in COMPARISON_MONTHS.iter().zip(run.costs_compared()) {
                prop_assert_eq!(cost, run.timeline.months.get(*month as usize)
                    .map(|m| m.monthly_cost_usd));
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The command line.

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn is_date(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.parse::<NaiveDate>().is_ok() && s.len() == 10)
}

/// `timeline --json` and `--csv` on every preset: MODEL.md §3's shape, the model's
/// numbers, spend = Σ monthly costs.
#[test]
fn timeline_json_and_csv_for_every_preset() {
    for preset in &PRESETS {
        let (plan, model) = preset.load().unwrap();
        let what = preset.name;
        let json: Value = serde_json::from_str(&stdout(&headroom(&[
            "timeline", "--preset", what, "--months", "36", "--json",
        ])))
        .unwrap();
        let mut input = TimelineInput::from_plan(&model, &plan).unwrap();
        input.horizon_months = 36;
        let timeline = model.timeline(&input).unwrap();

        assert_eq!(json["plan"], what);
        assert_eq!(json["start"], plan.date.unwrap().to_string(), "{what}");
        let months = json["months"].as_array().unwrap();
        assert_eq!(months.len(), 37, "{what}");
        let mut spend = 0.0;
        for (i, (m, expected)) in months.iter().zip(&timeline.months).enumerate() {
            assert_eq!(m["month"], i, "{what}");
            assert!(is_date(&m["date"]), "{what}");
            assert!(m["drivers"]["users"].is_number(), "{what}");
            let recommended = expected.recommended.map(|p| model.phases[p].name.as_str());
            assert_eq!(m["recommended_phase"].as_str(), recommended, "{what}");
            let cost = m["monthly_cost"].as_f64().unwrap();
            assert!(
                close(cost, expected.monthly_cost_usd, 1e-9 * cost.max(1.0)),
                "{what}"
            );
            if i < 36 {
                spend += m["monthly_cost"].as_f64().unwrap();
            }
        }
        let total = json["total_spend"].as_f64().unwrap();
        assert!(close(total, spend, 1e-9 * total.max(1.0)), "{what}");
        assert!(
            close(total, timeline.total_spend_usd, 1e-9 * total.max(1.0)),
            "{what}"
        );
        let runouts = json["runouts"].as_array().unwrap();
        assert_eq!(runouts.len(), model.phases.len());
        for (r, (phase, expected)) in runouts
            .iter()
            .zip(model.phases.iter().zip(&timeline.phases))
        {
            assert_eq!(r["phase"], phase.name.as_str());
            match expected.runout {
                Some(runout) => {
                    assert_eq!(r["date"], runout.date.to_string(), "{what}");
                    assert!(r["driver"].is_string() || runout.driver.is_none());
                }
                None => assert!(r["date"].is_null() && r["driver"].is_null(), "{what}"),
            }
            assert!(r["order_by"].is_null() || is_date(&r["order_by"]));
        }
        assert!(json["runway_months"].is_number() || json["runway_months"].is_null());
        assert!(json.get("budget_exceeded_month").is_some());

        let csv = stdout(&headroom(&["timeline", "--preset", what, "--csv"]));
        let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
        assert_eq!(rows.len(), 26, "{what}: header + months 0..=24");
        assert!(rows[0].starts_with("month,date,"), "{what}");
        assert!(rows[0].contains("monthly_cost_usd"), "{what}");
        let columns = rows[0].split(',').count();
        assert!(
            rows.iter().all(|r| r.split(',').count() == columns),
            "{what}"
        );
        assert!(
            rows[1].starts_with(&format!("0,{},", plan.date.unwrap())),
            "{what}"
        );

        let table = stdout(&headroom(&["timeline", "--preset", what]));
        assert!(
            table.contains("runs out") && table.contains("total spend"),
            "{what}"
        );
    }
}

#[test]
fn growth_rates_scenarios_and_sections_on_the_command_line() {
    let json = |args: &[&str]| -> Value {
        let mut all = vec!["timeline", "--preset", "chat-k8s", "--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&stdout(&headroom(&all))).unwrap()
    };
    let compound = json(&["--growth", "users=15%", "--months", "12"]);
    assert_eq!(compound["growth"]["users"]["kind"], "compound");
    assert_eq!(compound["growth"]["users"]["percent_per_month"], 15.0);
    let users_at_1 = compound["months"][1]["drivers"]["users"].as_f64().unwrap();
    assert!(close(users_at_1, 5000.0 * 1.15, 1e-6));
    let linear = json(&["--growth", "users=+500", "--set", "users=1000"]);
    assert_eq!(linear["months"][2]["drivers"]["users"], 2000.0);
    let scenario = json(&["--scenario", "aggressive"]);
    assert_eq!(scenario["scenario"], "aggressive");
    assert_eq!(scenario["growth"]["users"]["percent_per_month"], 20.0);
    let sections = json(&["--compare", "--sensitivity"]);
    let runs = sections["comparison"].as_array().unwrap();
    assert_eq!(runs.len(), 4, "plan + 3 scenarios");
    assert!(runs[0]["monthly_cost_at"]["12"].is_number());
    assert!(
        !sections["sensitivity"]["entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    for (args, expected) in [
        (vec!["--growth", "users=500"], "expected a growth rate"),
        (vec!["--growth", "users=-5%"], "negative"),
        (vec!["--growth", "nobody=5%"], "no driver"),
        (vec!["--growth", "users"], "DRIVER=RATE"),
        (vec!["--months", "121"], "1..=120"),
        (vec!["--scenario", "nope"], "expected one of conservative"),
    ] {
        let mut all = vec!["timeline", "--preset", "chat-k8s"];
        all.extend_from_slice(&args);
        let output = headroom(&all);
        assert!(!output.status.success(), "{args:?} should fail");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(expected), "{args:?}: {message}");
    }
}

/// The example of docs/PLAN-FORMAT.md runs as a timeline, its scenarios too.
#[test]
fn the_documented_example_runs_as_a_timeline() {
    let document = include_str!("../docs/PLAN-FORMAT.md");
    let start = document.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let end = start + document[start..].find("```").unwrap();
    let (plan, model) = load(&document[start..end]);
    assert_eq!(plan.timeline.start, Some(date(2026, 2, 1)));
    let timeline = run(&plan, &model);
    assert_eq!(timeline.budget_usd_per_month, Some(150.0));
    let users = model.driver_index("users").unwrap();
    assert!(
        close(timeline.drivers(1)[users], 23.0, 1e-9),
        "20 users + 15 %"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.ron");
    std::fs::write(&path, &document[start..end]).unwrap();
    let path = path.to_str().unwrap();
    for scenario in ["slow", "launch"] {
        let json: Value = serde_json::from_str(&stdout(&headroom(&[
            "timeline",
            path,
            "--scenario",
            scenario,
            "--json",
        ])))
        .unwrap();
        assert_eq!(json["scenario"], scenario);
        assert_eq!(json["start"], "2026-02-01");
    }
}

/// Month boundaries are calendar months from the start (Jan 31 + 1 month = Feb 28);
/// a fraction of a month is that share of the calendar month's days, rounded down.
#[test]
fn months_are_calendar_months_and_fractions_are_their_days() {
    let (mut plan, model) = users_plan(100.0, "None", "timeline: (horizon_months: 3),");
    plan.timeline.start = Some(date(2026, 1, 31));
    let timeline = run(&plan, &model);
    let dates: Vec<NaiveDate> = timeline.months.iter().map(|m| m.date).collect();
    assert_eq!(
        dates,
        [
            date(2026, 1, 31),
            date(2026, 2, 28),
            date(2026, 3, 31),
            date(2026, 4, 30)
        ]
    );
    // Jan 31 → Feb 28 is 28 days: half of it is 14.
    assert_eq!(timeline.date_at(0.5), date(2026, 2, 14));
    assert_eq!(timeline.date_at(1.0), date(2026, 2, 28));
    assert_eq!(timeline.date_at(2.999), date(2026, 4, 29));
    assert_eq!(timeline.date_at(3.0), date(2026, 4, 30));
}

#[test]
fn a_plan_without_a_date_needs_a_start() {
    let text = plan_text(
        "Driver(name: \"users\", value: 100, min: 1, max: 1000, \
         growth: Linear(per_month: 10))",
        "\"users\": 0.5",
        &TWO_PHASES,
        "",
    )
    .replace("date: \"2026-01-01\",", "");
    let (plan, model) = load(&text);
    assert_eq!(
        TimelineInput::from_plan(&model, &plan),
        Err(TimelineError::NoStart)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undated.ron");
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let output = headroom(&["timeline", path]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--start YYYY-MM-DD"));
    let json: Value = serde_json::from_str(&stdout(&headroom(&[
        "timeline",
        path,
        "--start",
        "2027-05-01",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["start"], "2027-05-01");
    // 100 + 10 t = 200 at t = 10: 2028-03-01.
    assert_eq!(json["runouts"][0]["date"], "2028-03-01");
}
