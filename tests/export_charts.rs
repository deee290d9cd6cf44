//! The exported charts (issue 8 item 5): every chart of every preset is valid SVG of
//! the requested size, shows what the model computed (phases, the current value,
//! run-out dates), rasterizes to a PNG of that size, is deterministic, and escapes
//! and fits hostile names. Expectations come from the model, never from saved output.

use headroom::catalog::Catalog;
use headroom::export::chart::{self, ChartKind, ChartStyle, Theme};
use headroom::export::{
    DataOptions, ExportError, ExportOptions, Format, Period, Rendered, ReportData,
};
use headroom::format::{date, quantity};
use headroom::model::{Growth, Model, Plan};
use headroom::presets::{self, PRESETS};

fn preset_plan(name: &str) -> (Plan, Model) {
    presets::find(name)
        .expect("a preset")
        .load()
        .expect("the preset loads")
}

fn data_of(plan: Plan, model: Model) -> ReportData {
    ReportData::from_plan(plan, model, &DataOptions::default()).expect("report data")
}

fn preset_data(name: &str) -> ReportData {
    let (plan, model) = preset_plan(name);
    data_of(plan, model)
}

fn style(width: u32, height: u32, theme: Theme) -> ChartStyle {
    ChartStyle {
        width,
        height,
        theme,
        ..ChartStyle::default()
    }
}

/// Every `<text>`'s content, on one line.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// A text's width in em, estimated from DejaVu Sans's advances by class of character:
/// narrow ones (spaces, i, l, punctuation) 0.32, lowercase 0.6, the rest 0.65;
/// bold 8 % wider.
fn estimated_em(text: &str, bold: bool) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| {
            if c.is_whitespace() || " .,:;'!|ijlftr()[]".contains(c) {
                0.32
            } else if c.is_lowercase() {
                0.6
            } else {
                0.65
            }
        })
        .sum();
    if bold { em * 1.08 } else { em }
}

/// Checks the document's root and that every horizontal text stays in the view box
/// (its width estimated with [`estimated_em`], within 1 % of the width).
fn check_document(svg: &str, width: u32, height: u32) {
    assert!(
        !svg.starts_with("<?xml"),
        "no prolog: the SVG inlines in HTML"
    );
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("width"), Some(width.to_string().as_str()));
    assert_eq!(root.attribute("height"), Some(height.to_string().as_str()));
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {width} {height}").as_str())
    );
    assert!(
        doc.descendants().all(|n| !n.has_tag_name("script")),
        "no script element"
    );
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        if node.attribute("transform").is_some() {
            continue;
        }
        let number = |name: &str| -> f64 {
            node.attribute(name)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("text without a numeric {name}"))
        };
        let (x, y, size) = (number("x"), number("y"), number("font-size"));
        let text = node.text().unwrap_or_default();
        let bold = node.attribute("font-weight") == Some("bold");
        let extent = estimated_em(text, bold) * size;
        let (left, right) = match node.attribute("text-anchor") {
            Some("end") => (x - extent, x),
            Some("middle") => (x - extent / 2.0, x + extent / 2.0),
            _ => (x, x + extent),
        };
        let (w, h) = (f64::from(width), f64::from(height));
        let slack = w * 0.01;
        assert!(
            left >= -slack && right <= w + slack,
            "{text:?} runs out of the chart: {left:.1}..{right:.1} of {w}"
        );
        assert!(
            y - size >= -0.5 && y <= h + 0.5,
            "{text:?} is outside the chart vertically at y = {y}"
        );
    }
}

#[test]
fn every_chart_of_every_preset_is_valid_svg_of_the_requested_size() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let charts = chart::available(&data);
        assert!(charts.contains(&ChartKind::Cost) && charts.contains(&ChartKind::Breakdown));
        for kind in charts {
            for (width, height) in [(1920, 1080), (960, 540), (640, 360)] {
                let svg = chart::svg(&data, kind, &style(width, height, Theme::Light))
                    .unwrap_or_else(|e| panic!("{} {}: {e}", preset.name, kind.name()));
                check_document(&svg, width, height);
            }
        }
    }
}

#[test]
fn the_cost_chart_names_every_phase_and_the_current_value() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let svg = chart::svg(&data, ChartKind::Cost, &ChartStyle::default()).expect("cost chart");
        let texts = texts(&svg);
        for phase in &data.model.phases {
            assert!(
                texts.iter().any(|t| t == &phase.name),
                "{}: the legend names {:?}",
                preset.name,
                phase.name
            );
        }
        let current = quantity(data.drivers[data.sweep.driver]);
        assert!(
            texts
                .iter()
                .any(|t| t.contains("now") && t.contains(&current)),
            "{}: the current value {current} is labelled",
            preset.name
        );
        // Every change of the recommended phase is labelled with its driver value.
        for (value, _) in &data.sweep.changes {
            assert!(texts.iter().any(|t| t.contains(&quantity(*value))));
        }
    }
}

#[test]
fn money_follows_the_period() {
    let data = preset_data("chat-k8s");
    let year = ChartStyle {
        period: Period::Year,
        ..ChartStyle::default()
    };
    for kind in [ChartKind::Cost, ChartKind::Breakdown, ChartKind::Timeline] {
        let month = texts(&chart::svg(&data, kind, &ChartStyle::default()).expect("chart"));
        let yearly = texts(&chart::svg(&data, kind, &year).expect("chart"));
        assert!(
            month.iter().any(|t| t.contains("USD/month")),
            "{}",
            kind.name()
        );
        assert!(
            yearly.iter().any(|t| t.contains("USD/year")),
            "{}",
            kind.name()
        );
    }
}

#[test]
fn the_timeline_chart_exists_with_growth_and_dates_every_runout() {
    let mut with_runouts = 0;
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let charts = chart::available(&data);
        assert_eq!(
            charts.contains(&ChartKind::Timeline),
            data.timeline.is_some()
        );
        assert_eq!(
            charts.contains(&ChartKind::Scenarios),
            data.comparison.is_some()
        );
        assert_eq!(
            charts.contains(&ChartKind::Sensitivity),
            data.sensitivity.is_some()
        );
        let Some(timeline) = &data.timeline else {
            continue;
        };
        let svg = chart::svg(&data, ChartKind::Timeline, &ChartStyle::default()).expect("chart");
        let texts = texts(&svg);
        for (p, phase) in timeline.phases.iter().enumerate() {
            if let Some(runout) = phase.runout {
                with_runouts += 1;
                let name = &data.model.phases[p].name;
                let day = date(runout.date);
                assert!(
                    texts
                        .iter()
                        .any(|t| t.contains(name.as_str()) && t.contains(&day)),
                    "{}: {name} runs out {day}",
                    preset.name
                );
            }
        }
        // The month axis reads like "Jan 2027".
        let start = timeline.start.format("%b %Y").to_string();
        assert!(
            texts.contains(&start),
            "{}: {start} on the axis",
            preset.name
        );
    }
    assert!(with_runouts > 0, "some preset runs out within its horizon");
}

#[test]
fn a_plan_without_growth_has_no_timeline_chart_and_says_why() {
    let (mut plan, _) = preset_plan("social-mvp-vps");
    for driver in &mut plan.drivers {
        driver.growth = Growth::None;
    }
    plan.scenarios.clear();
    let model = Model::compile(&plan, Catalog::embedded()).expect("still valid");
    let data = data_of(plan, model);
    let charts = chart::available(&data);
    assert_eq!(
        charts,
        vec![
            ChartKind::Cost,
            ChartKind::Utilization,
            ChartKind::Breakdown
        ]
    );
    let error =
        chart::svg(&data, ChartKind::Timeline, &ChartStyle::default()).expect_err("no timeline");
    assert!(matches!(error, ExportError::NoChart(_)));
    assert!(error.to_string().contains("grows"), "{error}");
    let mut options = ExportOptions::new(Format::Svg);
    options.chart = Some(ChartKind::Scenarios);
    let error = chart::render_files(&data, &options, "deck").expect_err("no scenarios");
    assert!(error.to_string().contains("no scenarios"), "{error}");
}

#[test]
fn render_files_writes_one_file_or_every_chart() {
    let data = preset_data("mgx-platform");
    let mut options = ExportOptions::new(Format::Svg);
    let Rendered::Folder(files) = chart::render_files(&data, &options, "deck").expect("svg") else {
        panic!("a folder without --chart");
    };
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let expected: Vec<String> = chart::available(&data)
        .iter()
        .map(|k| format!("deck-{}.svg", k.name()))
        .collect();
    assert_eq!(names, expected);
    options.chart = Some(ChartKind::Utilization);
    let Rendered::File(bytes) = chart::render_files(&data, &options, "deck").expect("svg") else {
        panic!("one file with --chart");
    };
    let svg = String::from_utf8(bytes).expect("SVG is text");
    assert_eq!(
        svg,
        chart::svg(&data, ChartKind::Utilization, &ChartStyle::default()).expect("svg")
    );
    options.format = Format::Png;
    options.style = style(640, 360, Theme::Light);
    let Rendered::File(bytes) = chart::render_files(&data, &options, "deck").expect("png") else {
        panic!("one file with --chart");
    };
    assert_eq!(decode(&bytes).0, (640, 360));
}

/// The PNG's size and its RGBA pixels.
fn decode(bytes: &[u8]) -> ((u32, u32), Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    pixels.truncate(info.buffer_size());
    ((info.width, info.height), pixels)
}

fn luminance(pixel: &[u8]) -> u32 {
    (u32::from(pixel[0]) * 3 + u32::from(pixel[1]) * 6 + u32::from(pixel[2])) / 10
}

#[test]
fn png_has_the_requested_size_and_is_drawn() {
    let data = preset_data("chat-k8s");
    for (width, height, theme) in [
        (1920, 1080, Theme::Light),
        (800, 450, Theme::Light),
        (800, 450, Theme::Dark),
    ] {
        let svg = chart::svg(&data, ChartKind::Cost, &style(width, height, theme)).expect("svg");
        let (size, pixels) = decode(&chart::png(&svg).expect("png"));
        assert_eq!(size, (width, height));
        let light = pixels.chunks(4).filter(|p| luminance(p) > 200).count();
        let dark = pixels.chunks(4).filter(|p| luminance(p) < 60).count();
        assert!(
            light > 500 && dark > 500,
            "{light} light and {dark} dark pixels"
        );
        let corner = luminance(&pixels[..4]);
        match theme {
            Theme::Light => assert!(corner > 240, "light background: {corner}"),
            Theme::Dark => assert!(corner < 50, "dark background: {corner}"),
        }
        let (w, h, rgba) = chart::rgba(&svg).expect("rgba");
        assert_eq!((w, h), (width, height));
        assert_eq!(rgba.len(), (width * height * 4) as usize);
        assert_eq!(rgba[..4], pixels[..4]);
    }
}

#[test]
fn charts_are_deterministic() {
    let data = preset_data("kg-agents-3vps");
    let again = preset_data("kg-agents-3vps");
    for kind in chart::available(&data) {
        let small = style(640, 360, Theme::Dark);
        let a = chart::svg(&data, kind, &small).expect("svg");
        let b = chart::svg(&again, kind, &small).expect("svg");
        assert_eq!(a, b, "{}", kind.name());
        if kind == ChartKind::Timeline {
            assert_eq!(chart::png(&a).expect("png"), chart::png(&b).expect("png"));
        }
    }
}

#[test]
fn sizes_out_of_range_are_refused() {
    let data = preset_data("chat-k8s");
    for (width, height) in [(0, 1080), (1920, 10), (100_000, 1080)] {
        let error = chart::svg(&data, ChartKind::Cost, &style(width, height, Theme::Light))
            .expect_err("refused");
        assert!(matches!(error, ExportError::Input(_)), "{error}");
    }
}

const HOSTILE: &str = "<script>alert(1)</script> \"q\" 'a' & =cmd|' /C calc'!A0 naïve 日本\n";

#[test]
fn hostile_and_long_names_are_escaped_and_fit() {
    let (mut plan, _) = preset_plan("chat-k8s");
    plan.title = HOSTILE.to_owned();
    plan.phases[0].name = HOSTILE.to_owned();
    plan.phases[0].groups[0].name = format!("{HOSTILE} group");
    plan.phases[1].name = "a phase name far too long for any legend ".repeat(12);
    let model = Model::compile(&plan, Catalog::embedded()).expect("names are free text");
    let options = DataOptions {
        focus_phase: Some(0),
        ..DataOptions::default()
    };
    let data = ReportData::from_plan(plan, model, &options).expect("data");
    let shown = HOSTILE.trim_end();
    for kind in chart::available(&data) {
        for (width, height) in [(1920, 1080), (640, 360)] {
            let svg = chart::svg(&data, kind, &style(width, height, Theme::Light)).expect("chart");
            check_document(&svg, width, height);
            assert!(!svg.contains("<script"), "{}", kind.name());
            assert!(
                !svg.contains("='"),
                "{}: an attribute opened by a name",
                kind.name()
            );
        }
    }
    let cost = texts(&chart::svg(&data, ChartKind::Cost, &ChartStyle::default()).expect("svg"));
    assert!(
        cost.iter().any(|t| t.trim_end() == shown),
        "the phase as text"
    );
    let breakdown =
        texts(&chart::svg(&data, ChartKind::Breakdown, &ChartStyle::default()).expect("svg"));
    assert!(
        breakdown
            .iter()
            .any(|t| t.starts_with("<script>alert(1)</script>")),
        "the group as text"
    );
    assert!(
        cost.iter()
            .any(|t| t.starts_with("a phase name far too long") && t.ends_with('…')),
        "the long name cut with …"
    );
}
