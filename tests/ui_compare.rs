//! File ▸ Compare with… in the window (issue 6 item 5), driven headless with
//! egui_kittest: the other plan file arrives through the dialog seam, the window shows
//! what changed and what it does as `model::diff` computes it (nothing hard-coded), a
//! malformed file shows its error and leaves the plan, and a scenario can be compared.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use headroom::app::HeadroomApp;
use headroom::app::files::FileEvent;
use headroom::app::panels::compare::{effect_rows, signed_usd};
use headroom::catalog::Catalog;
use headroom::model::diff::{DiffSide, PlanDiff, diff};
use headroom::model::{Model, Plan, Price, Timeline, TimelineInput};
use headroom::plan_file::{load_plan, plan_to_ron};
use headroom::presets::{PRESETS, Preset};

fn harness(app: HeadroomApp) -> Harness<'static, HeadroomApp> {
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(|ui, app: &mut HeadroomApp| app.show(ui), app)
}

fn loadable_presets() -> Vec<&'static Preset> {
    PRESETS.iter().filter(|p| p.load().is_ok()).collect()
}

fn open_preset(preset: &Preset) -> Harness<'static, HeadroomApp> {
    let mut harness = harness(HeadroomApp::new_for_test());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, preset.name)
        .click();
    harness.run();
    harness
}

fn timeline(model: &Model, plan: &Plan, drivers: &[f64]) -> Option<Timeline> {
    let mut input = TimelineInput::from_plan(model, plan).ok()?;
    input.drivers = drivers.to_vec();
    model.timeline(&input).ok()
}

/// `model::diff` of two plans, each at its own driver values.
fn expected_diff(a: (&Plan, &Model), b: (&Plan, &Model)) -> PlanDiff {
    let (da, db) = (a.1.plan_drivers(), b.1.plan_drivers());
    let (ea, eb) = (a.1.evaluate(&da), b.1.evaluate(&db));
    let (ta, tb) = (timeline(a.1, a.0, &da), timeline(b.1, b.0, &db));
    diff(
        DiffSide {
            plan: a.0,
            model: a.1,
            evaluation: &ea,
            timeline: ta.as_ref(),
        },
        DiffSide {
            plan: b.0,
            model: b.1,
            evaluation: &eb,
            timeline: tb.as_ref(),
        },
    )
}

#[test]
fn comparing_with_a_file_with_a_changed_price_shows_the_change_and_the_cost_delta() {
    let preset = loadable_presets()[0];
    let (plan, model) = preset.load().unwrap();
    // The first phase's first group at a different price.
    let mut changed = plan.clone();
    let eval = model.evaluate(&model.plan_drivers());
    let before_cost = eval.phases[0].monthly_cost_usd;
    changed.phases[0].groups[0].price = Price::Usd(4321.0);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("cheaper-or-dearer.ron");
    std::fs::write(&path, plan_to_ron(&changed)).unwrap();
    let (other_plan, other_model) = load_plan(&path, Catalog::embedded()).unwrap();
    let expected = expected_diff((&plan, &model), (&other_plan, &other_model));
    let first = &expected.effects.phases[0];
    assert!(
        first.monthly_cost.changed(),
        "the price change moves the cost of {} (was {before_cost})",
        first.name
    );

    let mut harness = open_preset(preset);
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Compare with…")
        .click();
    harness.run();
    // The dialog answers through the seam.
    harness
        .state()
        .file_events()
        .send(FileEvent::CompareWith(path.clone()))
        .unwrap();
    harness.run();

    assert!(harness.state().compare_panel().is_open());
    harness.get_by_label("Compare with cheaper-or-dearer.ron");
    assert!(!expected.changes.is_empty());
    for change in &expected.changes {
        harness.get_by_label(&change.path);
    }
    harness.get_by_label(&format!("{} monthly cost", first.name));
    let delta = signed_usd(first.monthly_cost.delta);
    assert!(
        harness.query_all_by_label(&delta).count() > 0,
        "the cost delta {delta} is shown"
    );
    // Every effect row the diff gives is shown.
    for row in effect_rows(&expected) {
        harness.get_by_label(&row.what);
    }
    assert!(
        !harness.state().document().unwrap().is_modified(),
        "comparing does not touch the plan"
    );

    harness
        .get_by_role_and_label(Role::Button, "Close window")
        .click();
    harness.run();
    assert!(!harness.state().compare_panel().is_open());
}

#[test]
fn a_malformed_file_shows_its_error_in_the_compare_window_and_keeps_the_plan() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("broken.ron");
    std::fs::write(&path, "Plan(\n    version: 1,\n    name: 42,\n)\n").unwrap();
    let message = load_plan(&path, Catalog::embedded())
        .unwrap_err()
        .to_string();
    assert!(message.contains("broken.ron:3:"), "{message}");

    harness
        .state()
        .file_events()
        .send(FileEvent::CompareWith(path))
        .unwrap();
    harness.run();
    harness.get_by_label("Compare with broken.ron");
    harness.get_by_label(&message);
    assert_eq!(
        harness.state().compare_panel().error(),
        Some(message.as_str())
    );
    harness.get_by_label("The current plan is unchanged.");
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, preset.load().unwrap().1.name);
    assert!(!document.is_modified());
}

#[test]
fn comparing_with_a_scenario_follows_the_drivers_and_shows_the_spend_delta() {
    let preset = loadable_presets()
        .into_iter()
        .find(|p| {
            let (plan, model) = p.load().unwrap();
            !plan.scenarios.is_empty() && TimelineInput::from_plan(&model, &plan).is_ok()
        })
        .expect("a preset with a timeline and scenarios");
    let (plan, model) = preset.load().unwrap();
    let scenario = plan.scenarios[0].clone();

    let mut harness = open_preset(preset);
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label("Compare with scenario").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, &scenario.name)
        .click();
    harness.run();
    harness.get_by_label(&format!("Compare with scenario {}", scenario.name));

    // The expected diff: the plan against itself with the scenario written in.
    let mut after = plan.clone();
    for driver in &mut after.drivers {
        if let Some(value) = scenario.drivers.get(&driver.name) {
            driver.value = *value;
        }
        if let Some(growth) = scenario.growth.get(&driver.name) {
            driver.growth = *growth;
        }
    }
    let after_model = Model::compile(&after, Catalog::embedded()).unwrap();
    let expected = expected_diff((&plan, &model), (&after, &after_model));
    for change in &expected.changes {
        harness.get_by_label(&change.path);
    }
    let spend = expected
        .effects
        .timeline
        .as_ref()
        .expect("both sides have a timeline")
        .total_spend;
    harness.get_by_label("Total spend over the horizon");
    if spend.changed() {
        assert!(harness.query_all_by_label(&signed_usd(spend.delta)).count() > 0);
    }

    // A slider moved: the comparison is recomputed at the new value.
    let users = model.driver_index("users").unwrap();
    let value = model.drivers[users].value * 3.0;
    harness
        .state_mut()
        .document_mut()
        .unwrap()
        .set_driver(users, value)
        .unwrap();
    harness.run();
    let document = harness.state().document().unwrap();
    let recomputed =
        headroom::app::panels::compare::compare_with_scenario(document, &scenario.name).unwrap();
    for row in effect_rows(&recomputed) {
        harness.get_by_label(&row.what);
        assert!(
            harness.query_all_by_label(&row.before).count() > 0,
            "{row:?}"
        );
        if !row.change.is_empty() {
            assert!(
                harness.query_all_by_label(&row.change).count() > 0,
                "{row:?}"
            );
        }
    }
}
