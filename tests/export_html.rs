//! The HTML report (issue 8): parsed with a real HTML parser for every preset and
//! checked against the model's own figures (`eval --json`'s [`EvalReport`]), for
//! self-containedness (no script, nothing fetched), well-formed inline SVG, one sketch
//! per phase, the yearly period, determinism and hostile names.

use headroom::catalog::Catalog;
use headroom::export::{DataOptions, ExportOptions, Format, Period, ReportData, html};
use headroom::format;
use headroom::model::{Model, Plan};
use headroom::presets::PRESETS;
use headroom::report::EvalReport;
use scraper::{ElementRef, Html, Selector};

fn data_of(plan: Plan, model: Model) -> ReportData {
    ReportData::from_plan(plan, model, &DataOptions::default()).expect("report data")
}

fn preset_data(name: &str) -> ReportData {
    let preset = headroom::presets::find(name).expect("preset");
    let (plan, model) = preset.load().expect("preset loads");
    data_of(plan, model)
}

fn render(data: &ReportData, period: Period) -> String {
    let mut options = ExportOptions::new(Format::Html);
    options.period = period;
    html::render(data, &options)
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("selector")
}

fn text_of(element: ElementRef) -> String {
    element.text().collect()
}

/// The `<svg>…</svg>` elements of the raw HTML, as written.
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut svgs = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("every svg is closed") + start + 6;
        svgs.push(&rest[start..end]);
        rest = &rest[end..];
    }
    svgs
}

/// Every phase's name, cost (as the report formats it), ceilings and the recommended
/// phase appear in the phase table, as `eval --json` reports them.
fn check_phase_table(data: &ReportData, html: &str, period: Period) {
    let report = EvalReport::new(&data.model, &data.evaluation);
    let doc = Html::parse_document(html);
    let rows: Vec<ElementRef> = doc.select(&select("#phase-table tbody tr")).collect();
    assert_eq!(
        rows.len(),
        report.phases.len(),
        "{}: one row per phase",
        report.plan
    );
    for (row, phase) in rows.iter().zip(&report.phases) {
        let text = text_of(*row);
        assert!(text.contains(phase.name), "{}: {text}", phase.name);
        let cost = format::usd(phase.monthly_cost * period.months());
        assert!(
            text.contains(&cost),
            "{}: cost {cost} in {text}",
            phase.name
        );
        assert!(
            text.contains(&phase.status.to_uppercase()),
            "{}: status",
            phase.name
        );
        for (driver, ceiling) in &phase.ceilings {
            if let Some(ceiling) = ceiling {
                let shown = format!("{driver} {}", format::quantity(*ceiling));
                assert!(
                    text.contains(&shown),
                    "{}: ceiling {shown} in {text}",
                    phase.name
                );
            }
        }
        for (driver, runway) in &phase.runway {
            let shown = format!("({} current)", format::multiple(*runway));
            assert!(
                text.contains(&shown),
                "{}: {driver} runway {shown}",
                phase.name
            );
        }
        let marked = row.value().classes().any(|c| c == "recommended");
        assert_eq!(
            marked,
            report.recommended_phase == Some(phase.name),
            "{}: recommended mark",
            phase.name
        );
        if marked {
            assert!(text.contains("Recommended"));
        }
    }
}

#[test]
fn every_preset_reports_the_models_phase_figures() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Month);
        check_phase_table(&data, &html, Period::Month);
        let doc = Html::parse_document(&html);
        let header = text_of(doc.select(&select("header")).next().expect("header"));
        assert!(header.contains(&format::date(data.catalog_as_of)));
        // The dates of the catalog prices this plan uses, oldest and newest.
        if let Some((oldest, newest)) = headroom::export::assumptions::price_dates(&data) {
            assert!(header.contains(&format::date(oldest)), "{}", preset.name);
            assert!(header.contains(&format::date(newest)), "{}", preset.name);
        }
        assert!(header.contains(env!("CARGO_PKG_VERSION")));
        let plan_date = data.date.map_or("undated".to_owned(), format::date);
        assert!(header.contains(&plan_date), "{}", preset.name);
    }
}

#[test]
fn a_year_is_twelve_months_of_cost() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Year);
        check_phase_table(&data, &html, Period::Year);
        assert!(html.contains("USD/year"));
    }
}

#[test]
fn the_report_is_self_contained() {
    let network = |value: &str| {
        let v = value.trim().to_ascii_lowercase();
        v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//")
    };
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Month);
        let doc = Html::parse_document(&html);
        assert_eq!(doc.select(&select("script")).count(), 0, "{}", preset.name);
        for tag in ["link", "img", "iframe", "object", "embed", "image", "use"] {
            for element in doc.select(&select(tag)) {
                for (name, value) in element.value().attrs() {
                    assert!(!network(value), "{}: <{tag} {name}={value:?}>", preset.name);
                }
            }
        }
        for element in doc.select(&select("*")) {
            for (name, value) in element.value().attrs() {
                let name = name.to_ascii_lowercase();
                if name == "src" || name.ends_with("href") {
                    assert!(
                        value.starts_with('#') && !network(value),
                        "{}: {name}={value:?} is not an internal link",
                        preset.name
                    );
                }
                if name.starts_with("on") {
                    panic!("{}: event handler attribute {name}", preset.name);
                }
                if name == "style" {
                    assert!(!value.contains("url("), "{}: style url(", preset.name);
                }
            }
        }
        for style in doc.select(&select("style")) {
            let css = text_of(style);
            assert!(!css.contains("@import"), "{}", preset.name);
            assert!(!css.contains("url("), "{}", preset.name);
            assert!(css.contains("@media print"), "a print stylesheet");
            assert!(css.contains("@page"), "page margins");
        }
    }
}

#[test]
fn inline_svgs_are_xml_and_every_phase_has_one_sketch() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Month);
        for svg in inline_svgs(&html) {
            if let Err(e) = roxmltree::Document::parse(svg) {
                panic!("{}: inline SVG is not XML: {e}\n{svg}", preset.name);
            }
        }
        let doc = Html::parse_document(&html);
        let sketches: Vec<ElementRef> = doc.select(&select("figure.sketch")).collect();
        assert_eq!(sketches.len(), data.model.phases.len(), "{}", preset.name);
        for (sketch, phase) in sketches.iter().zip(&data.model.phases) {
            assert_eq!(sketch.select(&select("svg")).count(), 1);
            let text = text_of(*sketch);
            for group in &phase.groups {
                let shown: String = group.name.chars().take(10).collect();
                assert!(
                    text.contains(&shown),
                    "{}: group {}",
                    phase.name,
                    group.name
                );
            }
        }
    }
}

#[test]
fn sections_follow_the_include_options() {
    let data = preset_data("mgx-platform");
    let mut options = ExportOptions::new(Format::Html);
    let all = html::render(&data, &options);
    for id in [
        "summary",
        "drivers",
        "phases",
        "sketches",
        "charts",
        "breakdown",
        "assumptions",
    ] {
        assert!(all.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    assert_eq!(
        all.contains("<section id=\"timeline\""),
        data.timeline.is_some()
    );
    options.include.sketches = false;
    options.include.charts = false;
    options.include.breakdown = false;
    options.include.timeline = false;
    options.include.assumptions = false;
    let bare = html::render(&data, &options);
    for id in ["sketches", "charts", "breakdown", "assumptions", "timeline"] {
        assert!(!bare.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    assert!(bare.contains("<section id=\"phases\""));
}

#[test]
fn the_assumptions_name_every_catalog_price_with_its_date() {
    let data = preset_data("mgx-platform");
    let html = render(&data, Period::Month);
    let doc = Html::parse_document(&html);
    let appendix = text_of(
        doc.select(&select("#assumptions"))
            .next()
            .expect("appendix"),
    );
    let catalog = Catalog::embedded();
    let plan = &data.plan;
    for group in plan.phases.iter().flat_map(|p| &p.groups) {
        if let headroom::model::Price::Catalog(id) = &group.price {
            let entry = catalog.get(id).expect("entry");
            assert!(appendix.contains(id.as_str()), "{id}");
            assert!(appendix.contains(&format::date(entry.as_of)), "{id} as of");
        }
    }
    for resource in &data.model.resources {
        let used = data
            .model
            .phases
            .iter()
            .flat_map(|p| &p.groups)
            .flat_map(|g| &g.loads)
            .any(|l| data.model.resources[l.resource].name == resource.name);
        if used {
            assert!(appendix.contains(&format::percent(resource.warn)));
        }
    }
}

#[test]
fn two_renders_are_byte_identical() {
    for preset in PRESETS {
        let a = render(&preset_data(preset.name), Period::Month);
        let b = render(&preset_data(preset.name), Period::Month);
        assert!(a == b, "{}: two renders differ", preset.name);
    }
}

const HOSTILE: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"q\" 'a' & =cmd|' /C calc'!A0",
    "two\nlines",
    "naïve 日本",
];

/// A preset with every name a user can type set to something hostile. Driver names are
/// identifiers (validation), so their unit and meaning carry the hostile text.
fn hostile_plan() -> (Plan, Model) {
    let preset = headroom::presets::find("chat-k8s").expect("preset");
    let (mut plan, _) = preset.load().expect("loads");
    plan.name = HOSTILE[0].to_owned();
    plan.title = format!("{} {}", HOSTILE[0], HOSTILE[3]);
    plan.description = HOSTILE[1].to_owned();
    for (i, phase) in plan.phases.iter_mut().enumerate() {
        phase.name = format!("{} {i}", HOSTILE[i % HOSTILE.len()]);
        phase.description = HOSTILE[1].to_owned();
        for (g, group) in phase.groups.iter_mut().enumerate() {
            group.name = format!("{} g{g}", HOSTILE[(i + g + 1) % HOSTILE.len()]);
            group.note = HOSTILE[0].to_owned();
        }
        for service in &mut phase.services {
            service.name = format!("{} {}", HOSTILE[0], service.name);
        }
    }
    let old = plan.components[0].name.clone();
    let new = format!("{} {}", HOSTILE[0], HOSTILE[2]);
    plan.components[0].name.clone_from(&new);
    plan.components[0].note = HOSTILE[1].to_owned();
    for phase in &mut plan.phases {
        for component in &mut phase.components {
            if component.name == old {
                component.name.clone_from(&new);
            }
        }
        for group in &mut phase.groups {
            for run in &mut group.runs {
                if run.0 == old {
                    run.0.clone_from(&new);
                }
            }
        }
    }
    for driver in &mut plan.drivers {
        driver.unit = HOSTILE[0].to_owned();
        driver.meaning = HOSTILE[1].to_owned();
    }
    let model = Model::compile(&plan, Catalog::embedded()).expect("hostile names are valid names");
    (plan, model)
}

#[test]
fn hostile_names_are_escaped() {
    let (plan, model) = hostile_plan();
    let data = data_of(plan.clone(), model);
    let html = render(&data, Period::Month);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&select("script")).count(), 0);
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let text = text_of(doc.root_element());
    assert!(text.contains(HOSTILE[0]), "shown as text");
    assert!(text.contains("naïve 日本"));
    assert!(text.contains("=cmd|"));
    for svg in inline_svgs(&html) {
        roxmltree::Document::parse(svg).expect("sketches stay XML with hostile names");
    }
    check_phase_table(&data, &html, Period::Month);
    let title = text_of(doc.select(&select("title")).next().expect("title"));
    assert!(title.starts_with(HOSTILE[0]));
}

/// Every catalog entry a price uses (node groups, services, usage items), with its
/// product, price, source and as-of date, and every plan-given price's note appear in
/// the appendix, for every preset; a price keeps its sub-cent digits.
#[test]
fn every_price_keeps_its_source_and_as_of_date() {
    let catalog = Catalog::embedded();
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Month);
        let doc = Html::parse_document(&html);
        let appendix = text_of(
            doc.select(&select("#assumptions"))
                .next()
                .expect("appendix"),
        );
        let plan = &data.plan;
        let prices = plan
            .phases
            .iter()
            .flat_map(|p| p.groups.iter().map(|g| (&g.name, &g.price, &g.note)))
            .chain(
                plan.services
                    .iter()
                    .chain(plan.phases.iter().flat_map(|p| &p.services))
                    .map(|s| (&s.name, &s.price, &s.note)),
            )
            .chain(
                plan.usage
                    .iter()
                    .chain(plan.phases.iter().flat_map(|p| &p.usage))
                    .map(|u| (&u.name, &u.price, &u.note)),
            );
        let mut used = Vec::new();
        for (name, price, note) in prices {
            assert!(appendix.contains(name.as_str()), "{}: {name}", preset.name);
            assert!(
                appendix.contains(note.as_str()),
                "{}: {name} note",
                preset.name
            );
            match price {
                headroom::model::Price::Catalog(id) => {
                    let entry = catalog.get(id).expect("entry");
                    used.push(id.clone());
                    for shown in [
                        id.clone(),
                        entry.product.clone(),
                        entry.source.clone(),
                        format::date(entry.as_of),
                        html::content::usd_exact(entry.usd),
                    ] {
                        assert!(appendix.contains(&shown), "{}: {id}: {shown}", preset.name);
                    }
                }
                headroom::model::Price::Usd(usd) => {
                    let shown = html::content::usd_exact(*usd);
                    assert!(appendix.contains(&shown), "{}: {name} {shown}", preset.name);
                }
            }
        }
        assert!(appendix.contains(&catalog.pricing_modes.source));
        assert!(appendix.contains(&format::date(catalog.as_of)));
        // Each catalog entry's source is written once, in its own full-width row.
        let sources: Vec<String> = doc
            .select(&select(
                "#assumptions table.t-assumptions-catalog tr.detail",
            ))
            .map(text_of)
            .collect();
        for id in &used {
            let entry = catalog.get(id).expect("entry");
            assert!(
                sources.iter().any(|s| s.contains(&entry.source)),
                "{}: {id} has no source row",
                preset.name
            );
        }
        // Every component note and coefficient is still there.
        for component in plan
            .components
            .iter()
            .chain(plan.phases.iter().flat_map(|p| &p.components))
        {
            assert!(appendix.contains(&component.name), "{}", component.name);
            assert!(
                appendix.contains(&component.note),
                "{} note",
                component.name
            );
            for demand in component.demand.values() {
                for coefficient in demand.per.values() {
                    let shown = html::content::number(*coefficient);
                    assert!(appendix.contains(&shown), "{}: {shown}", component.name);
                }
            }
        }
    }
    assert_eq!(html::content::usd_exact(0.0225), "$0.0225");
    assert_eq!(html::content::usd_exact(2072.0000000001), "$2,072");
}

/// Each sketch has a heading above it with the phase, its status and its cost; the
/// phase table is kept on one printed page; a phase out of room at the start says so.
#[test]
fn sketch_headings_phase_table_and_the_runout_card() {
    for preset in PRESETS {
        let data = preset_data(preset.name);
        let html = render(&data, Period::Month);
        let doc = Html::parse_document(&html);
        let headings: Vec<String> = doc
            .select(&select("figure.sketch > h3:first-child"))
            .map(text_of)
            .collect();
        assert_eq!(headings.len(), data.model.phases.len(), "{}", preset.name);
        for ((heading, phase), eval) in headings
            .iter()
            .zip(&data.model.phases)
            .zip(&data.evaluation.phases)
        {
            assert!(heading.contains(&phase.name), "{heading}");
            assert!(heading.contains(&eval.status.as_str().to_uppercase()));
            assert!(heading.contains(&format!("{}/month", format::usd(eval.monthly_cost_usd))));
        }
        assert_eq!(doc.select(&select("figure.sketch figcaption")).count(), 0);
        assert_eq!(
            doc.select(&select(".table-wrap.keep > #phase-table"))
                .count(),
            1,
            "{}",
            preset.name
        );
        let summary = text_of(doc.select(&select("#summary")).next().expect("summary"));
        assert!(
            !summary.contains("in 0 months"),
            "{}: {summary}",
            preset.name
        );
        if let Some(t) = &data.timeline {
            let at_start = t
                .current_phase
                .and_then(|p| t.phases[p].runout)
                .is_some_and(|r| format::months(r.months) == format::months(0.0));
            assert_eq!(
                summary.contains("at the start"),
                at_start,
                "{}",
                preset.name
            );
        }
    }
}
