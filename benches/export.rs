//! Export speed (issue 8: the HTML report of the largest preset with a 120-month
//! timeline under 50 ms), and each format and step on its own. Numbers in
//! docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use headroom::export::{
    self, ChartKind, ChartStyle, DataOptions, ExportOptions, Format, ReportData, chart,
};

use headroom::presets::PRESETS;

mod common;

fn export_benches(c: &mut Criterion) {
    let preset = common::largest_preset();
    let name = preset.name;
    let (mut plan, model) = preset.load().expect("presets load");
    plan.timeline.horizon_months = 120;
    let options = DataOptions::default();
    let data = ReportData::from_plan(plan.clone(), model.clone(), &options)
        .expect("the largest preset exports");
    let html = ExportOptions::new(Format::Html);

    // The target (issue 8) is for the largest preset; every preset is measured, each
    // with a 120-month timeline, data computed inside the loop.
    for preset in &PRESETS {
        let (mut plan, model) = preset.load().expect("presets load");
        plan.timeline.horizon_months = 120;
        c.bench_function(
            &format!("HTML report, data included ({}, 120 months)", preset.name),
            |b| {
                b.iter(|| {
                    let data = ReportData::from_plan(plan.clone(), model.clone(), &options)
                        .expect("presets export");
                    export::render(black_box(&data), &html, "report").expect("renders")
                })
            },
        );
    }
    c.bench_function(&format!("report data ({name}, 120 months)"), |b| {
        b.iter(|| ReportData::from_plan(plan.clone(), model.clone(), black_box(&options)))
    });
    for format in [Format::Html, Format::Markdown, Format::Csv, Format::Xlsx] {
        let options = ExportOptions::new(format);
        c.bench_function(&format!("render {} ({name})", format.name()), |b| {
            b.iter(|| export::render(black_box(&data), &options, "report").expect("renders"))
        });
    }
    let style = ChartStyle::default();
    c.bench_function(&format!("cost chart SVG 1920x1080 ({name})"), |b| {
        b.iter(|| chart::svg(black_box(&data), ChartKind::Cost, &style).expect("draws"))
    });
    let svg = chart::svg(&data, ChartKind::Cost, &style).expect("draws");
    c.bench_function(&format!("cost chart PNG 1920x1080 ({name})"), |b| {
        b.iter(|| chart::png(black_box(&svg)).expect("rasterizes"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = export_benches
}
criterion_main!(benches);
