//! The Markdown export (issue 8): consistent GFM tables whatever the names hold, every
//! linked SVG written beside the document under the linked name, hostile names
//! escaped, determinism.

use headroom::catalog::Catalog;
use headroom::export::{DataOptions, ExportOptions, Format, Rendered, ReportData, markdown};
use headroom::model::{Model, Plan};
use headroom::presets::PRESETS;

fn data_of(plan: Plan, model: Model) -> ReportData {
    ReportData::from_plan(plan, model, &DataOptions::default()).expect("report data")
}

fn render(data: &ReportData, stem: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let options = ExportOptions::new(Format::Markdown);
    match markdown::render(data, &options, stem).expect("renders") {
        Rendered::FileWithSiblings { main, siblings } => (
            String::from_utf8(main).expect("UTF-8"),
            siblings.into_iter().map(|f| (f.name, f.bytes)).collect(),
        ),
        other => panic!("expected a document with siblings, got {other:?}"),
    }
}

/// Cell separators of a table line: `|` not escaped by a backslash.
fn separators(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    count
}

/// Every table (consecutive lines starting with `|`) has one column count.
fn check_tables(markdown: &str) -> usize {
    let mut tables = 0;
    let mut width: Option<usize> = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = separators(line);
            match width {
                None => {
                    width = Some(n);
                    tables += 1;
                }
                Some(w) => assert_eq!(n, w, "a row of a different width: {line}"),
            }
        } else {
            width = None;
        }
    }
    tables
}

fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 name")
}

/// The targets of `![…](…)` images, as written.
fn image_links(markdown: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("![") {
        let after = &rest[start..];
        let open = after.find("](").expect("image link") + 2;
        let close = after[open..].find(')').expect("closed") + open;
        links.push(after[open..close].to_owned());
        rest = &after[close..];
    }
    links
}

fn check_links(markdown: &str, siblings: &[(String, Vec<u8>)]) {
    let links = image_links(markdown);
    for link in &links {
        assert!(
            !link.contains([' ', '(', ')']),
            "link {link:?} is URL-encoded"
        );
        let name = percent_decode(link);
        let file = siblings.iter().find(|(n, _)| *n == name);
        let (_, bytes) = file.unwrap_or_else(|| panic!("{name} is written beside"));
        let svg = std::str::from_utf8(bytes).expect("UTF-8 SVG");
        roxmltree::Document::parse(svg).expect("sibling SVG is XML");
    }
    assert_eq!(links.len(), siblings.len(), "every sibling is linked");
}

#[test]
fn every_preset_has_consistent_tables_and_linked_svgs() {
    for preset in PRESETS {
        let (plan, model) = preset.load().expect("loads");
        let phases = model.phases.len();
        let data = data_of(plan, model);
        let (md, siblings) = render(&data, "report");
        assert!(check_tables(&md) >= 4, "{}: tables", preset.name);
        check_links(&md, &siblings);
        for n in 1..=phases {
            let name = format!("report-sketch-{n}.svg");
            assert!(siblings.iter().any(|(s, _)| *s == name), "{name}");
        }
        for phase in &data.model.phases {
            assert!(md.contains(&format!("| {} |", markdown_escape(&phase.name))));
        }
    }
}

fn markdown_escape(text: &str) -> String {
    headroom::export::escape::markdown_cell(text)
}

#[test]
fn a_stem_with_spaces_and_parentheses_is_linked_encoded() {
    let preset = headroom::presets::find("social-mvp-vps").expect("preset");
    let (plan, model) = preset.load().expect("loads");
    let data = data_of(plan, model);
    let (md, siblings) = render(&data, "capacity review (v2)");
    check_links(&md, &siblings);
    assert!(md.contains("capacity%20review%20%28v2%29-sketch-1.svg"));
    assert!(
        siblings
            .iter()
            .any(|(n, _)| n == "capacity review (v2)-sketch-1.svg")
    );
}

#[test]
fn two_renders_are_byte_identical() {
    for preset in PRESETS {
        let (plan, model) = preset.load().expect("loads");
        let data = data_of(plan, model);
        assert_eq!(render(&data, "r"), render(&data, "r"), "{}", preset.name);
    }
}

#[test]
fn hostile_names_are_escaped_and_tables_hold() {
    let preset = headroom::presets::find("kg-agents-3vps").expect("preset");
    let (mut plan, _) = preset.load().expect("loads");
    plan.name = "<script>alert(1)</script>".to_owned();
    plan.title = "# heading | pipe".to_owned();
    plan.description = "- list\n> quote <img src=x onerror=alert(1)>".to_owned();
    for (i, phase) in plan.phases.iter_mut().enumerate() {
        phase.name = format!("a|b {i} \"q\" 'a' & =cmd|' /C calc'!A0");
        for group in &mut phase.groups {
            group.name = format!("{}\nnaïve 日本 [x](http://evil) |", group.name);
        }
    }
    for driver in &mut plan.drivers {
        driver.meaning = "`code` *bold* | pipe\nnewline".to_owned();
    }
    let model = Model::compile(&plan, Catalog::embedded()).expect("valid names");
    let data = data_of(plan, model);
    let (md, siblings) = render(&data, "hostile");
    check_tables(&md);
    check_links(&md, &siblings);
    assert!(!md.contains("<script"));
    assert!(!md.contains("<img"));
    assert!(md.contains("&lt;script&gt;"));
    assert!(!md.contains("[x](http://evil)"), "no live link from a name");
    assert!(md.contains("naïve 日本"));
    for (name, bytes) in &siblings {
        let svg = std::str::from_utf8(bytes).expect("UTF-8");
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!svg.contains("<script"), "{name}");
    }
}

/// The assumptions list every catalog entry the plan's prices use once, with its
/// source and as-of date, in the catalog table.
#[test]
fn every_catalog_entry_has_its_source_and_date_once() {
    let catalog = Catalog::embedded();
    for preset in PRESETS {
        let (plan, model) = preset.load().expect("loads");
        let data = data_of(plan, model);
        let (md, _) = render(&data, "report");
        let section = md
            .split("### Catalog entries: sources and as-of dates")
            .nth(1)
            .expect("catalog table");
        let section = section.split("\n### ").next().unwrap_or(section);
        let ids: Vec<&String> = data
            .plan
            .phases
            .iter()
            .flat_map(|p| p.groups.iter().map(|g| &g.price))
            .filter_map(|p| match p {
                headroom::model::Price::Catalog(id) => Some(id),
                headroom::model::Price::Usd(_) => None,
            })
            .collect();
        for id in ids {
            let entry = catalog.get(id).expect("entry");
            let rows: Vec<&str> = section
                .lines()
                .filter(|l| l.starts_with(&format!("| {} |", markdown_escape(id))))
                .collect();
            assert_eq!(rows.len(), 1, "{}: {id} once", preset.name);
            assert!(rows[0].contains(&entry.as_of.to_string()), "{id} as of");
            assert!(
                rows[0].contains(&markdown_escape(&entry.source)),
                "{id} source"
            );
        }
    }
}
