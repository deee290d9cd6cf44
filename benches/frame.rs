//! One full frame of the window (issue 4: under 4 ms) and startup to the first
//! frame, driven headless through egui_kittest with the largest preset.
//!
//! "Frame" is one egui pass of the whole window (menus, drivers, phase cards,
//! the cost chart): layout, hit-testing and tessellation-ready shapes, without
//! the GPU upload, which the windowing backend does once per frame regardless.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use headroom::app::files::NoDialogs;
use headroom::app::{HeadroomApp, LastPlan, Remembered};
use headroom::plan_file::plan_to_ron;

mod common;

fn new_harness(app: HeadroomApp) -> Harness<'static, HeadroomApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut HeadroomApp| app.show(ui), app)
}

fn frame_benches(c: &mut Criterion) {
    let preset = common::largest_preset();
    let mut app = HeadroomApp::new_for_test();
    app.open_preset(preset).expect("the preset loads");
    let mut harness = new_harness(app);
    harness.run();

    c.bench_function(&format!("frame, unchanged ({})", preset.name), |b| {
        b.iter(|| harness.step())
    });

    // A slider drag: a new users value every frame, so the evaluation is recomputed.
    let (users, min, max) = {
        let document = harness.state().document().expect("open");
        let index = document.model().driver_index("users").expect("users");
        let info = &document.model().drivers[index];
        (index, info.min, info.max)
    };
    let mut step = 0_u32;
    c.bench_function(&format!("frame, users dragged ({})", preset.name), |b| {
        b.iter(|| {
            step = (step + 1) % 100;
            let value = min + (max - min) * f64::from(step) / 100.0;
            let document = harness.state_mut().document_mut().expect("open");
            document.set_driver(users, value).expect("in range");
            harness.step();
        })
    });

    // Startup: restore the remembered plan (parse, compile, evaluate) and draw the
    // first frame, as the window does when it opens.
    let (plan, _) = preset.load().expect("loads");
    let remembered = Remembered {
        last_plan: Some(LastPlan {
            ron: plan_to_ron(&plan),
            source: None,
            drivers: Default::default(),
        }),
        ..Default::default()
    };
    c.bench_function(&format!("startup to first frame ({})", preset.name), |b| {
        b.iter(|| {
            let app = HeadroomApp::with_state(black_box(remembered.clone()), Box::new(NoDialogs));
            let mut first = new_harness(app);
            first.step();
            first
        })
    });
}

criterion_group!(benches, frame_benches);
criterion_main!(benches);
