//! File ▸ Export… and the charts' context menus in the window (issue 8 item 7), driven
//! headless with egui_kittest. Where to write arrives through the dialog seam (a
//! `FileEvent`), the work runs on a background thread, and the tests run frames until
//! its notice appears (a bounded number). Expected figures come from the model at the
//! window's slider values: nothing here hard-codes a number.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use headroom::app::export_dialog::ExportSettings;
use headroom::app::files::{FileDialogs, FileEvent, PathKind, PathRequest};
use headroom::app::{HeadroomApp, Remembered};
use headroom::format::usd;
use headroom::model::{Evaluation, Model};
use headroom::presets::{PRESETS, Preset};

fn harness(app: HeadroomApp) -> Harness<'static, HeadroomApp> {
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(|ui, app: &mut HeadroomApp| app.show(ui), app)
}

fn loadable_presets() -> Vec<&'static Preset> {
    PRESETS.iter().filter(|p| p.load().is_ok()).collect()
}

fn open_preset_in(app: HeadroomApp, preset: &Preset) -> Harness<'static, HeadroomApp> {
    let mut harness = harness(app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, preset.name)
        .click();
    harness.run();
    harness
}

fn open_preset(preset: &Preset) -> Harness<'static, HeadroomApp> {
    open_preset_in(HeadroomApp::new_for_test(), preset)
}

/// A preset, one of its drivers and a value for it at which some phase costs
/// differently than at the plan's own value (so a test can tell which was exported).
fn preset_with_a_costly_driver() -> (&'static Preset, String, f64) {
    for preset in loadable_presets() {
        let (_, model) = preset.load().unwrap();
        let at_plan = model.evaluate(&model.plan_drivers());
        for (index, info) in model.drivers.iter().enumerate() {
            if !info.declared {
                continue;
            }
            for target in [info.max.min(info.value * 4.0), info.max] {
                let mut drivers = model.plan_drivers();
                drivers[index] = target;
                let evaluation = model.evaluate(&drivers);
                if target != info.value
                    && evaluation
                        .phases
                        .iter()
                        .zip(&at_plan.phases)
                        .any(|(a, b)| a.monthly_cost_usd != b.monthly_cost_usd)
                {
                    return (preset, info.name.clone(), target);
                }
            }
        }
    }
    panic!("no preset has a driver that moves a cost");
}

/// Opens that preset and moves that driver's slider; returns the model and its
/// evaluation at the window's values.
fn open_with_a_moved_slider() -> (Harness<'static, HeadroomApp>, Model, Evaluation) {
    let (preset, driver, target) = preset_with_a_costly_driver();
    let mut harness = open_preset(preset);
    let (_, model) = preset.load().unwrap();
    harness
        .get_by_role_and_label(Role::Slider, &driver)
        .set_value_accesskit(target);
    harness.run();
    let drivers = harness.state().document().unwrap().drivers().to_vec();
    let index = model.driver_index(&driver).unwrap();
    assert_ne!(
        drivers[index], model.drivers[index].value,
        "the slider moved"
    );
    let evaluation = model.evaluate(&drivers);
    (harness, model, evaluation)
}

/// File ▸ Export…, pick `format_label`, click "Export…" (the app then waits for the
/// dialog's answer).
fn export_dialog(harness: &mut Harness<'_, HeadroomApp>, format_label: &str) {
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export…")
        .click();
    harness.run();
    assert!(harness.state().export_window_shown());
    harness.get_by_label(format_label).click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export…")
        .click();
    harness.run();
}

/// Runs frames (a bounded number) until a background job's notice appears; returns it.
fn wait_for_notice(harness: &mut Harness<'_, HeadroomApp>) -> String {
    for _ in 0..3000 {
        harness.step();
        if let Some(notice) = harness.state().notices().last() {
            let text = notice.text.clone();
            assert!(!notice.error, "the job failed: {text}");
            assert!(!harness.state().jobs_busy());
            // Idle again: `run` settles (it panics if repaints never stop).
            harness.run();
            harness.get_by_label(&text);
            return text;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no notice after 30 s of frames");
}

fn send(harness: &Harness<'_, HeadroomApp>, event: FileEvent) {
    harness.state().file_events().send(event).unwrap();
}

/// Every (file, record) of the CSV files in `folder`.
fn csv_records(folder: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut records = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            records.push((path.clone(), record.iter().map(str::to_owned).collect()));
        }
    }
    records
}

#[test]
fn exporting_csv_writes_the_phase_costs_at_the_window_slider_values() {
    let (mut harness, model, evaluation) = open_with_a_moved_slider();
    export_dialog(&mut harness, "CSV tables");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("tables");
    send(&harness, FileEvent::ExportTo(out.clone()));
    let notice = wait_for_notice(&mut harness);
    assert!(notice.starts_with("Exported"), "{notice}");
    assert!(!harness.state().export_window_shown(), "the window closed");

    let records = csv_records(&out);
    assert!(!records.is_empty(), "CSV files in {}", out.display());
    for (phase, eval) in model.phases.iter().zip(&evaluation.phases) {
        let cost = eval.monthly_cost_usd;
        let found = records.iter().any(|(_, fields)| {
            fields.iter().any(|f| f == &phase.name)
                && fields
                    .iter()
                    .filter_map(|f| f.parse::<f64>().ok())
                    .any(|v| (v - cost).abs() <= 0.005_f64.max(cost.abs() * 1e-9))
        });
        assert!(
            found,
            "a CSV row names {} with its monthly cost {cost} at the window's values",
            phase.name
        );
    }
    assert_eq!(
        harness.state().remembered().export.format,
        "csv",
        "the choice is remembered"
    );
}

#[test]
fn exporting_html_writes_the_phase_costs_at_the_window_slider_values() {
    let (mut harness, model, evaluation) = open_with_a_moved_slider();
    export_dialog(&mut harness, "HTML report");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("report.html");
    send(&harness, FileEvent::ExportTo(out.clone()));
    let notice = wait_for_notice(&mut harness);
    assert_eq!(notice, format!("Exported to {}", out.display()));
    let html = std::fs::read_to_string(&out).unwrap();
    for (phase, eval) in model.phases.iter().zip(&evaluation.phases) {
        assert!(html.contains(&phase.name), "{} in the report", phase.name);
        let cost = usd(eval.monthly_cost_usd);
        assert!(
            html.contains(&cost),
            "{}'s cost {cost} in the report",
            phase.name
        );
    }
}

/// Dialogs that record what they were asked (and answer nothing).
#[derive(Clone, Default)]
struct Recording(Arc<Mutex<Vec<PathRequest>>>);

impl FileDialogs for Recording {
    fn open(&self, _: Sender<FileEvent>, _: egui::Context) {}
    fn save_as(&self, _: Sender<FileEvent>, _: egui::Context, _: String) {}
    fn ask_path(&self, _: Sender<FileEvent>, _: egui::Context, request: PathRequest) {
        self.0.lock().unwrap().push(request);
    }
}

#[test]
fn export_asks_for_a_file_with_the_format_extension_or_a_folder() {
    let preset = loadable_presets()[0];
    let dialogs = Recording::default();
    let app = HeadroomApp::with_state(Remembered::default(), Box::new(dialogs.clone()));
    let mut harness = open_preset_in(app, preset);
    export_dialog(&mut harness, "HTML report");
    let name = preset.load().unwrap().1.name;
    {
        let asked = dialogs.0.lock().unwrap();
        let request = asked.last().expect("a save dialog was asked for");
        assert_eq!(
            request.kind,
            PathKind::SaveFile {
                file_name: format!("{name}.html")
            }
        );
        assert_eq!(
            request.filter.as_ref().map(|f| f.1.clone()),
            Some(vec!["html".to_owned()])
        );
        assert!(matches!(
            (request.answer)(PathBuf::from("x")),
            FileEvent::ExportTo(_)
        ));
    }
    // The window stays until the answer comes; CSV then asks for a folder.
    harness.get_by_label("CSV tables").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export…")
        .click();
    harness.run();
    assert_eq!(
        dialogs.0.lock().unwrap().last().unwrap().kind,
        PathKind::Folder
    );
}

/// Opens the context menu of the cost chart and clicks `item`.
fn chart_menu(harness: &mut Harness<'_, HeadroomApp>, item: &str) {
    harness
        .get_by_role_and_label(Role::Image, "Cost across range chart")
        .click_secondary();
    harness.run();
    harness.get_by_role_and_label(Role::Button, item).click();
    // Not `run`: a job may be under way now, and its spinner repaints until it ends.
    harness.run_steps(2);
}

#[test]
fn save_as_svg_from_the_chart_menu_writes_an_svg_document() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    chart_menu(&mut harness, "Save as SVG…");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("cost.svg");
    send(&harness, FileEvent::SaveChart(out.clone()));
    let notice = wait_for_notice(&mut harness);
    assert_eq!(notice, format!("Saved the chart to {}", out.display()));
    let text = std::fs::read_to_string(&out).unwrap();
    let svg = roxmltree::Document::parse(&text).expect("the file is XML");
    assert_eq!(svg.root_element().tag_name().name(), "svg");
}

#[test]
fn save_as_png_from_the_chart_menu_writes_a_png_of_the_chosen_size() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    chart_menu(&mut harness, "Save as PNG…");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("cost.png");
    send(&harness, FileEvent::SaveChart(out.clone()));
    wait_for_notice(&mut harness);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let reader = decoder.read_info().unwrap();
    let style = ExportSettings::default().style();
    assert_eq!(
        (reader.info().width, reader.info().height),
        (style.width, style.height)
    );
}

#[test]
fn copy_as_image_puts_the_chart_on_the_clipboard() {
    let preset = loadable_presets()[0];
    let mut harness = open_preset(preset);
    chart_menu(&mut harness, "Copy as image");
    let style = ExportSettings::default().style();
    let mut copied = None;
    for _ in 0..3000 {
        harness.step();
        copied =
            harness
                .output()
                .platform_output
                .commands
                .iter()
                .find_map(|command| match command {
                    egui::OutputCommand::CopyImage(image) => Some(image.size),
                    _ => None,
                });
        if copied.is_some() || !harness.state().notices().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        harness.state().notices().last().map(|n| n.text.as_str()),
        Some("Copied the chart to the clipboard")
    );
    assert_eq!(
        copied,
        Some([style.width as usize, style.height as usize]),
        "a CopyImage of the chart's size"
    );
    harness.run();
}
