//! Model speed (targets in issue 3, numbers in docs/PERFORMANCE.md):
//! one phase, a whole plan with ceilings (largest preset), a 1,000-point sweep; and
//! (issue 6) a 120-month timeline of the largest preset with its growth.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use headroom::model::{EvalOptions, TimelineInput};
use headroom::presets::PRESETS;

mod common;

fn model_benches(c: &mut Criterion) {
    let preset = common::largest_preset();
    let (name, model) = (preset.name, preset.load().expect("presets load").1);
    let drivers = model.plan_drivers();
    let options = EvalOptions::default();

    let phase = &model.phases[model.phases.len() - 1];
    c.bench_function(&format!("evaluate one phase ({name}, last phase)"), |b| {
        b.iter(|| model.evaluate_phase(black_box(phase), black_box(&drivers), options))
    });

    c.bench_function(
        &format!("evaluate whole plan with ceilings ({name})"),
        |b| b.iter(|| model.evaluate(black_box(&drivers))),
    );

    let users = model.driver_index("users").expect("presets have users");
    let (min, max) = (model.drivers[users].min.max(1.0), model.drivers[users].max);
    c.bench_function(&format!("sweep 1,000 points of users ({name})"), |b| {
        b.iter(|| {
            let mut values = drivers.clone();
            let mut total = 0.0;
            for i in 0..1000 {
                values[users] = min * (max / min).powf(i as f64 / 999.0);
                let evaluation =
                    model.evaluate_with(black_box(&values), EvalOptions { ceilings: false });
                total += evaluation
                    .recommended
                    .map_or(0.0, |p| evaluation.phases[p].monthly_cost_usd);
            }
            total
        })
    });

    let (plan, _) = preset.load().expect("presets load");
    let mut input = TimelineInput::from_plan(&model, &plan).expect("presets have a start date");
    input.horizon_months = 120;
    c.bench_function(&format!("timeline 120 months ({name}, its growth)"), |b| {
        b.iter(|| model.timeline(black_box(&input)).expect("a valid timeline"))
    });

    c.bench_function("compile every preset from RON", |b| {
        b.iter(|| {
            for preset in &PRESETS {
                black_box(preset.load().expect("presets load"));
            }
        })
    });
}

criterion_group!(benches, model_benches);
criterion_main!(benches);
