//! The window, driven headless with egui_kittest: the start page, sliders and typed
//! values against what the model says, switching presets, undo, and a malformed
//! plan file handed in through the dialog seam.
//!
//! Expected figures always come from `Model::evaluate` on a freshly loaded plan,
//! formatted with `headroom::format`: nothing here hard-codes a number.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use headroom::app::HeadroomApp;
use headroom::app::files::FileEvent;
use headroom::format::{percent, usd};
use headroom::model::{Evaluation, Model, TimelineInput};
use headroom::presets::{PRESETS, Preset};

fn harness(app: HeadroomApp) -> Harness<'static, HeadroomApp> {
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(|ui, app: &mut HeadroomApp| app.show(ui), app)
}

/// Presets that load with the current catalog (all five once they are calibrated).
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

/// The shown figures of every phase equal the model's at `drivers`.
fn assert_shows(harness: &Harness<'_, HeadroomApp>, model: &Model, evaluation: &Evaluation) {
    let recommended = match evaluation.recommended {
        Some(r) => format!("Recommended phase: {}", model.phases[r].name),
        None => "Recommended phase: none — every phase is over a threshold".to_owned(),
    };
    harness.get_by_label(&recommended);
    for (phase, eval) in model.phases.iter().zip(&evaluation.phases) {
        harness.get_by_label(&format!(
            "{} monthly cost: {}",
            phase.name,
            usd(eval.monthly_cost_usd)
        ));
        harness.get_by_label(&format!("{} status: {}", phase.name, eval.status.as_str()));
        if let Some(per) = eval.cost_per_user_usd {
            harness.get_by_label(&format!("{} cost per user: {}", phase.name, usd(per)));
        }
        for (group, g) in phase.groups.iter().zip(&eval.groups) {
            for used in &g.resources {
                harness.get_by_label(&format!(
                    "{} {} {} utilization: {}",
                    phase.name,
                    group.name,
                    model.resources[used.resource].name,
                    percent(used.utilization)
                ));
            }
        }
    }
}

/// The figures the model gives for `preset` with `users` set to `value`.
fn expected(preset: &Preset, users: f64) -> (Model, Evaluation) {
    let (_, model) = preset.load().expect("preset loads");
    let mut drivers = model.plan_drivers();
    drivers[model.driver_index("users").expect("users")] = users;
    let evaluation = model.evaluate(&drivers);
    (model, evaluation)
}

fn users_value(harness: &Harness<'_, HeadroomApp>) -> f64 {
    let document = harness.state().document().expect("a plan is open");
    document.drivers()[document.model().driver_index("users").expect("users")]
}

#[test]
fn start_page_offers_the_five_presets_and_opens_one() {
    let mut harness = harness(HeadroomApp::new_for_test());
    harness.run();
    for preset in &PRESETS {
        harness.get_by_role_and_label(Role::Button, preset.name);
        harness.get_by_label(preset.summary);
    }
    harness.get_by_role_and_label(Role::Button, "Open plan…");

    let preset = loadable_presets()[0];
    harness
        .get_by_role_and_label(Role::Button, preset.name)
        .click();
    harness.run();
    let document = harness.state().document().expect("the preset opened");
    assert_eq!(document.model().name, preset.load().unwrap().1.name);
    let (model, evaluation) = expected(preset, users_value(&harness));
    assert_shows(&harness, &model, &evaluation);
}

#[test]
fn moving_the_users_slider_shows_what_the_model_says() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let (_, model) = preset.load().unwrap();
    let info = &model.drivers[model.driver_index("users").unwrap()];
    let target = (info.min * info.max).sqrt().max(info.min + 1.0);
    harness
        .get_by_role_and_label(Role::Slider, "users")
        .set_value_accesskit(target);
    harness.run();
    let shown = users_value(&harness);
    assert_ne!(shown, info.value, "the slider moved the driver");
    let (model, evaluation) = expected(preset, shown);
    assert_shows(&harness, &model, &evaluation);
    assert_eq!(
        harness.state().document().unwrap().evaluation(),
        &evaluation,
        "the app's evaluation is the model's"
    );
}

fn type_into(harness: &mut Harness<'_, HeadroomApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

#[test]
fn typing_5k_sets_users_to_5000_and_ctrl_z_undoes_it() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let before = users_value(&harness);
    type_into(&mut harness, "users value", "5k");
    assert_eq!(users_value(&harness), 5000.0);
    let (model, evaluation) = expected(preset, 5000.0);
    assert_shows(&harness, &model, &evaluation);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        users_value(&harness),
        before,
        "Ctrl+Z restored the plan value"
    );
    let (model, evaluation) = expected(preset, before);
    assert_shows(&harness, &model, &evaluation);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(users_value(&harness), 5000.0, "Ctrl+Y redid it");
}

#[test]
fn an_invalid_typed_value_shows_an_error_and_changes_nothing() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let before = users_value(&harness);
    type_into(&mut harness, "users value", "lots");
    assert_eq!(users_value(&harness), before);
    harness.get_by_label_contains("is not a number");
    type_into(&mut harness, "users value", "-5");
    assert_eq!(users_value(&harness), before);
    harness.get_by_label_contains("must not be negative");
}

#[test]
fn switching_presets_from_the_file_menu() {
    let presets = loadable_presets();
    let first = presets[0];
    let second = presets.last().copied().unwrap();
    let mut harness = open_preset(first);
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label("New from preset").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, second.name)
        .click();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, second.load().unwrap().1.name);
    let (model, evaluation) = expected(second, users_value(&harness));
    assert_shows(&harness, &model, &evaluation);
}

#[test]
fn a_malformed_file_shows_the_error_and_keeps_the_plan() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("broken.ron");
    std::fs::write(&path, "Plan(\n    version: 1,\n    name: 42,\n)\n").unwrap();
    let message = headroom::plan_file::load_plan(&path, headroom::catalog::Catalog::embedded())
        .unwrap_err()
        .to_string();
    assert!(message.contains("broken.ron:3:"), "{message}");

    harness
        .state()
        .file_events()
        .send(FileEvent::Open(path.clone()))
        .unwrap();
    harness.run();
    harness.get_by_label(&message);
    assert_eq!(harness.state().error_message(), Some(message.as_str()));
    let document = harness.state().document().unwrap();
    assert_eq!(
        document.model().name,
        preset.load().unwrap().1.name,
        "the plan is kept"
    );

    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    assert_eq!(harness.state().error_message(), None);
}

#[test]
fn open_and_save_through_the_seam_round_trip() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    type_into(&mut harness, "users value", "5k");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("saved.ron");
    harness
        .state()
        .file_events()
        .send(FileEvent::SaveAs(path.clone()))
        .unwrap();
    harness.run();
    let (plan, model) =
        headroom::plan_file::load_plan(&path, headroom::catalog::Catalog::embedded()).unwrap();
    let users = model.driver_index("users").unwrap();
    assert_eq!(
        model.drivers[users].value, 5000.0,
        "Save wrote the current value"
    );
    assert_eq!(plan.name, preset.load().unwrap().0.name);

    // Reopen it on a fresh app: the same figures.
    let mut harness = harness_with(HeadroomApp::new_for_test());
    harness.run();
    harness
        .state()
        .file_events()
        .send(FileEvent::Open(path))
        .unwrap();
    harness.run();
    assert_eq!(users_value(&harness), 5000.0);
    let (model, evaluation) = expected(preset, 5000.0);
    assert_shows(&harness, &model, &evaluation);
}

fn harness_with(app: HeadroomApp) -> Harness<'static, HeadroomApp> {
    harness(app)
}

#[test]
fn the_last_plan_is_remembered() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    type_into(&mut harness, "users value", "5k");
    let remembered = harness.state().remembered();
    let app = HeadroomApp::with_state(remembered, Box::new(headroom::app::files::NoDialogs));
    let mut harness = harness_with(app);
    harness.run();
    assert_eq!(users_value(&harness), 5000.0);
    let (model, evaluation) = expected(preset, 5000.0);
    assert_shows(&harness, &model, &evaluation);
}

#[test]
fn a_failed_save_shows_the_error_and_keeps_the_plan_dirty() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    type_into(&mut harness, "users value", "5k");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("missing").join("plan.ron");
    harness
        .state()
        .file_events()
        .send(FileEvent::SaveAs(path.clone()))
        .unwrap();
    harness.run();
    let message = harness
        .state()
        .error_message()
        .expect("the failed save is shown")
        .to_owned();
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains("plan.ron"), "{message}");
    harness.get_by_label(&message);
    let document = harness.state().document().unwrap();
    assert!(document.is_modified(), "the plan is still unsaved");
    assert!(
        matches!(
            document.source(),
            headroom::app::state::PlanSource::Preset(_)
        ),
        "the plan still comes from the preset"
    );
    assert_eq!(users_value(&harness), 5000.0);
    assert!(harness.state().window_title().ends_with(" •"));
    assert!(!path.exists());
}

fn choose_preset_from_the_file_menu(harness: &mut Harness<'_, HeadroomApp>, preset: &Preset) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label("New from preset").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, preset.name)
        .click();
    harness.run();
}

#[test]
fn unsaved_changes_ask_before_new_from_preset_cancel_keeps_discard_switches() {
    let presets = loadable_presets();
    let (first, second) = (presets[0], presets.last().copied().unwrap());
    let first_name = first.load().unwrap().1.name;
    let second_name = second.load().unwrap().1.name;
    assert_ne!(first_name, second_name);
    let mut harness = open_preset(first);
    type_into(&mut harness, "users value", "5k");
    assert!(harness.state().document().unwrap().is_modified());

    choose_preset_from_the_file_menu(&mut harness, second);
    assert!(
        harness.state().unsaved_prompt_shown(),
        "Save changes? is asked"
    );
    harness.get_by_role_and_label(Role::Button, "Save");
    harness.get_by_role_and_label(Role::Button, "Discard");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(!harness.state().unsaved_prompt_shown());
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, first_name, "Cancel keeps the plan");
    assert!(document.is_modified(), "and its changes");
    assert_eq!(users_value(&harness), 5000.0);

    choose_preset_from_the_file_menu(&mut harness, second);
    assert!(harness.state().unsaved_prompt_shown());
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    assert!(!harness.state().unsaved_prompt_shown());
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, second_name, "Discard switches");
    assert!(!document.is_modified());
    let (model, evaluation) = expected(second, users_value(&harness));
    assert_shows(&harness, &model, &evaluation);
}

#[test]
fn save_in_the_prompt_saves_a_file_plan_then_opens_the_preset() {
    let presets = loadable_presets();
    let (first, second) = (presets[0], presets.last().copied().unwrap());
    let mut harness = open_preset(first);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("mine.ron");
    harness
        .state()
        .file_events()
        .send(FileEvent::SaveAs(path.clone()))
        .unwrap();
    harness.run();
    type_into(&mut harness, "users value", "5k");

    choose_preset_from_the_file_menu(&mut harness, second);
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    let (_, model) =
        headroom::plan_file::load_plan(&path, headroom::catalog::Catalog::embedded()).unwrap();
    assert_eq!(
        model.drivers[model.driver_index("users").unwrap()].value,
        5000.0
    );
    assert!(
        headroom::plan_file::backup_path(&path).exists(),
        "the .bak is kept"
    );
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, second.load().unwrap().1.name);
}

#[test]
fn save_in_the_prompt_on_a_preset_goes_through_save_as_then_opens() {
    let presets = loadable_presets();
    let (first, second) = (presets[0], presets.last().copied().unwrap());
    let mut harness = open_preset(first);
    type_into(&mut harness, "users value", "5k");
    choose_preset_from_the_file_menu(&mut harness, second);
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    // The Save As dialog is open (NoDialogs shows nothing): the plan waits.
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, first.load().unwrap().1.name);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("from-preset.ron");
    harness
        .state()
        .file_events()
        .send(FileEvent::SaveAs(path.clone()))
        .unwrap();
    harness.run();
    assert!(path.exists(), "saved where Save As said");
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, second.load().unwrap().1.name);
}

#[test]
fn autosave_appears_after_a_change_and_a_new_app_offers_recovery() {
    let folder = tempfile::tempdir().unwrap();
    let autosave = folder.path().join("data").join("unsaved-plan.ron");
    let preset = loadable_presets()[0];
    let app = HeadroomApp::new_for_test().with_autosave(Some(autosave.clone()));
    let mut harness = harness_with(app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, preset.name)
        .click();
    harness.run();
    assert!(!autosave.exists(), "nothing unsaved, nothing autosaved");
    type_into(&mut harness, "users value", "5k");
    assert!(autosave.exists(), "the change was autosaved");
    drop(harness); // as if the process were killed: nothing removes the file

    let app = HeadroomApp::new_for_test().with_autosave(Some(autosave.clone()));
    let mut harness = harness_with(app);
    harness.run();
    assert!(harness.state().recovery_offered());
    harness.get_by_label("Recover unsaved plan?");
    harness
        .get_by_role_and_label(Role::Button, "Recover")
        .click();
    harness.run();
    assert!(!harness.state().recovery_offered());
    assert_eq!(users_value(&harness), 5000.0);
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, preset.load().unwrap().1.name);
    assert!(
        document.is_modified(),
        "the recovered plan is still unsaved"
    );
    assert!(autosave.exists(), "kept until saved or discarded");
    let (model, evaluation) = expected(preset, 5000.0);
    assert_shows(&harness, &model, &evaluation);

    // Saving removes the autosave.
    let path = folder.path().join("recovered.ron");
    harness
        .state()
        .file_events()
        .send(FileEvent::SaveAs(path.clone()))
        .unwrap();
    harness.run();
    assert!(path.exists());
    assert!(!autosave.exists(), "removed once saved");
}

#[test]
fn discarding_the_recovery_removes_it() {
    let folder = tempfile::tempdir().unwrap();
    let autosave = folder.path().join("unsaved-plan.ron");
    let mut app = HeadroomApp::new_for_test().with_autosave(Some(autosave.clone()));
    app.open_preset(loadable_presets()[0]).unwrap();
    let document = app.document_mut().unwrap();
    let users = document.model().driver_index("users").unwrap();
    document.set_driver(users, 5000.0).unwrap();
    assert_eq!(app.autosave_tick(0.0), None);
    assert!(autosave.exists());

    let app = HeadroomApp::new_for_test().with_autosave(Some(autosave.clone()));
    let mut harness = harness_with(app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    assert!(!harness.state().recovery_offered());
    assert!(harness.state().document().is_none());
    assert!(!autosave.exists());
}

#[test]
fn autosave_waits_five_seconds_between_writes_and_goes_when_clean() {
    let folder = tempfile::tempdir().unwrap();
    let autosave = folder.path().join("unsaved-plan.ron");
    let mut app = HeadroomApp::new_for_test().with_autosave(Some(autosave.clone()));
    app.open_preset(loadable_presets()[0]).unwrap();
    assert_eq!(app.autosave_tick(0.0), None, "clean: nothing to do");
    assert!(!autosave.exists());
    let users = app
        .document()
        .unwrap()
        .model()
        .driver_index("users")
        .unwrap();
    let set = |app: &mut HeadroomApp, value: f64| {
        app.document_mut()
            .unwrap()
            .set_driver(users, value)
            .unwrap();
    };

    set(&mut app, 5000.0);
    assert_eq!(app.autosave_tick(10.0), None);
    let first = std::fs::read_to_string(&autosave).unwrap();
    assert_eq!(
        app.autosave_tick(11.0),
        None,
        "nothing new: no repaint asked"
    );

    set(&mut app, 6000.0);
    let wait = app.autosave_tick(12.0).expect("due later");
    assert!((wait.as_secs_f64() - 3.0).abs() < 1e-9, "{wait:?}");
    assert_eq!(
        std::fs::read_to_string(&autosave).unwrap(),
        first,
        "not yet"
    );
    assert_eq!(app.autosave_tick(15.0), None);
    let second = std::fs::read_to_string(&autosave).unwrap();
    assert_ne!(second, first);
    assert!(second.contains("6000"), "{second}");

    app.document_mut().unwrap().revert_to_saved();
    assert_eq!(app.autosave_tick(16.0), None);
    assert!(
        !autosave.exists(),
        "nothing unsaved: the autosave is removed"
    );
    assert!(!headroom::plan_file::backup_path(&autosave).exists());
}

/// A file dropped onto the window, as eframe hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut Harness<'_, HeadroomApp>, path: &std::path::Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
    harness.run();
}

#[test]
fn dropping_a_ron_file_opens_it_through_the_unsaved_prompt() {
    let presets = loadable_presets();
    let (first, second) = (presets[0], presets.last().copied().unwrap());
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("Dropped.RON");
    std::fs::write(&path, second.ron).unwrap();

    // Nothing open: it opens at once.
    let mut harness = harness(HeadroomApp::new_for_test());
    harness.run();
    drop_file(&mut harness, &path);
    let document = harness.state().document().expect("the dropped plan opened");
    assert_eq!(document.model().name, second.load().unwrap().1.name);
    assert_eq!(
        document.source(),
        &headroom::app::state::PlanSource::File(path.clone())
    );

    // Unsaved changes: asked first.
    let mut harness = open_preset(first);
    type_into(&mut harness, "users value", "5k");
    drop_file(&mut harness, &path);
    assert!(harness.state().unsaved_prompt_shown());
    assert_eq!(
        harness.state().document().unwrap().model().name,
        first.load().unwrap().1.name
    );
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.model().name, second.load().unwrap().1.name);
    assert!(!document.is_modified());
}

#[test]
fn dropping_another_kind_of_file_says_so_and_keeps_the_plan() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("notes.txt");
    std::fs::write(&path, "not a plan").unwrap();
    drop_file(&mut harness, &path);
    let message = harness
        .state()
        .error_message()
        .expect("a message")
        .to_owned();
    assert!(
        message.contains("notes.txt is not a plan file"),
        "{message}"
    );
    harness.get_by_label(&message);
    assert_eq!(
        harness.state().document().unwrap().model().name,
        preset.load().unwrap().1.name
    );
}

/// A preset with growth, a start date and scenarios (the timeline tabs have something to show).
fn preset_with_scenarios() -> &'static Preset {
    loadable_presets()
        .into_iter()
        .find(|p| {
            let (plan, model) = p.load().unwrap();
            !plan.scenarios.is_empty() && TimelineInput::from_plan(&model, &plan).is_ok()
        })
        .expect("a preset with a timeline and scenarios")
}

fn open_timeline_tab(preset: &Preset) -> Harness<'static, HeadroomApp> {
    let mut harness = open_preset(preset);
    harness.get_by_label("Timeline").click();
    harness.run();
    harness
}

fn total_spend_label(model: &Model, input: &TimelineInput) -> String {
    let timeline = model.timeline(input).expect("the timeline computes");
    format!(
        "Total spend over {} months: {}",
        input.horizon_months,
        usd(timeline.total_spend_usd)
    )
}

#[test]
fn picking_a_scenario_shows_the_total_spend_the_model_gives_for_it() {
    let preset = preset_with_scenarios();
    let (plan, model) = preset.load().unwrap();
    let base = TimelineInput::from_plan(&model, &plan).unwrap();
    let mut harness = open_timeline_tab(preset);
    harness.get_by_label(&total_spend_label(&model, &base));

    // A scenario whose spend differs from the plan's, so the change is visible.
    let scenario = plan
        .scenarios
        .iter()
        .find(|s| {
            total_spend_label(&model, &base.with_scenario(&model, s))
                != total_spend_label(&model, &base)
        })
        .expect("a scenario that changes the spend");
    harness
        .get_by_role_and_label(Role::ComboBox, "Scenario")
        .click();
    harness.run();
    harness.get_by_label(&scenario.name).click();
    harness.run();
    harness.get_by_label(&total_spend_label(
        &model,
        &base.with_scenario(&model, scenario),
    ));
    assert!(
        harness
            .query_by_label(&total_spend_label(&model, &base))
            .is_none(),
        "the plan's own total is no longer shown"
    );
    assert!(
        !harness.state().document().unwrap().is_modified(),
        "picking a scenario does not edit the plan"
    );
}

#[test]
fn the_timeline_tab_shows_when_each_phase_runs_out() {
    let preset = preset_with_scenarios();
    let (plan, model) = preset.load().unwrap();
    let timeline = model
        .timeline(&TimelineInput::from_plan(&model, &plan).unwrap())
        .unwrap();
    let harness = open_timeline_tab(preset);
    let mut shown = 0;
    for (phase, t) in model.phases.iter().zip(&timeline.phases) {
        if let Some(runout) = t.runout {
            harness.get_by_label(&format!(
                "{} runs out {}",
                phase.name,
                headroom::format::date(runout.date)
            ));
            shown += 1;
        }
    }
    assert!(
        shown > 0,
        "{} grows past a phase within its horizon",
        preset.name
    );
}

#[test]
fn quit_with_unsaved_changes_asks_and_discard_drops_them() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    let before = users_value(&harness);
    type_into(&mut harness, "users value", "5k");
    let quit = |harness: &mut Harness<'_, HeadroomApp>| {
        harness.get_by_role_and_label(Role::Button, "File").click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, "Quit").click();
        harness.run();
    };
    quit(&mut harness);
    assert!(harness.state().unsaved_prompt_shown());
    harness.get_by_label_contains("before quitting");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().document().unwrap().is_modified());

    quit(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    assert!(!harness.state().unsaved_prompt_shown());
    assert!(!harness.state().document().unwrap().is_modified());
    assert_eq!(
        users_value(&harness),
        before,
        "not remembered for the next start"
    );
}
