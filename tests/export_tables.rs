//! The export's tables, CSV and XLSX, read back the way a spreadsheet would (the `csv`
//! and `calamine` crates, and the workbook's XML for the number formats): the numbers
//! are the model's, hostile names stay text, two renders are byte-identical, and a
//! failed write leaves nothing behind.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use chrono::NaiveDate;
use headroom::catalog::Catalog;
use headroom::export::tables::{self, Cell};
use headroom::export::{
    DataOptions, ExportError, ExportOptions, Format, Period, Rendered, ReportData, render,
};
use headroom::model::Model;
use headroom::presets::{PRESETS, find};

/// Names a spreadsheet or a browser could run, and text a CSV writer could break on.
const HOSTILE: [&str; 10] = [
    r#"=HYPERLINK("http://x","y")"#,
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(1)",
    r#"say "hi", ok"#,
    "two\nlines\r\nthree",
    "<script>alert(1)</script>",
    "naïve 日本 ✓ — ü",
    "\tTabbed|pipe",
];

fn data(preset: &str, options: &DataOptions) -> ReportData {
    let (plan, model) = find(preset).expect("preset").load().expect("loads");
    ReportData::from_plan(plan, model, options).expect("report data")
}

fn csv_files(data: &ReportData, period: Period) -> BTreeMap<String, Vec<u8>> {
    let mut options = ExportOptions::new(Format::Csv);
    options.period = period;
    match render(data, &options, "out").expect("renders") {
        Rendered::Folder(files) => files.into_iter().map(|f| (f.name, f.bytes)).collect(),
        other => panic!("CSV renders a folder, got {other:?}"),
    }
}

fn xlsx_bytes(data: &ReportData, period: Period) -> Vec<u8> {
    let mut options = ExportOptions::new(Format::Xlsx);
    options.period = period;
    match render(data, &options, "out").expect("renders") {
        Rendered::File(bytes) => bytes,
        other => panic!("XLSX renders one file, got {other:?}"),
    }
}

/// Header and records of a CSV file, strictly parsed (every record as long as the header).
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "records end with CRLF");
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("{text:?} is not a plain number"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX calamine reads")
}

/// The sheet a table is on: the summary first, then [`tables::all`] in order.
fn sheet_of(data: &ReportData, period: Period, id: &str) -> usize {
    1 + tables::all(data, period)
        .iter()
        .position(|t| t.id == id)
        .expect("table")
}

#[test]
fn phase_costs_are_the_models_in_csv_and_xlsx_per_month_and_per_year() {
    for preset in PRESETS {
        let data = data(preset.name, &DataOptions::default());
        for period in [Period::Month, Period::Year] {
            let unit = format!("Cost (USD/{})", period.name());
            let files = csv_files(&data, period);
            let (header, rows) = read_csv(&files["phases.csv"]);
            let cost = column(&header, &unit);
            assert_eq!(rows.len(), data.evaluation.phases.len(), "{}", preset.name);
            for (row, phase) in rows.iter().zip(&data.evaluation.phases) {
                // 12 significant digits: the model's number within 1e-9.
                assert!(
                    close(number(&row[cost]), phase.monthly_cost_usd * period.months()),
                    "{} {}",
                    preset.name,
                    row[0]
                );
            }

            let bytes = xlsx_bytes(&data, period);
            let mut book = workbook(&bytes);
            let sheet = sheet_of(&data, period, "phases");
            let range = book
                .worksheet_range_at(sheet)
                .expect("sheet")
                .expect("reads");
            let header: Vec<String> = (0..range.width())
                .map(|c| {
                    range
                        .get((0, c))
                        .map(ToString::to_string)
                        .unwrap_or_default()
                })
                .collect();
            let cost = column(&header, &unit);
            for (p, phase) in data.evaluation.phases.iter().enumerate() {
                match range.get((p + 1, cost)) {
                    Some(Data::Float(value)) => assert!(
                        close(*value, phase.monthly_cost_usd * period.months()),
                        "{} {value}",
                        preset.name
                    ),
                    other => panic!("a number, got {other:?}"),
                }
            }
        }
    }
}

#[test]
fn breakdown_lines_sum_to_each_phase_cost() {
    for preset in PRESETS {
        let data = data(preset.name, &DataOptions::default());
        let files = csv_files(&data, Period::Month);
        let (header, rows) = read_csv(&files["breakdown.csv"]);
        let cost = column(&header, "Cost (USD/month)");
        let nodes = column(&header, "Nodes");
        let price = column(&header, "Node price (USD/month)");
        for (phase, eval) in data.model.phases.iter().zip(&data.evaluation.phases) {
            let lines: Vec<&Vec<String>> = rows
                .iter()
                .filter(|r| r[0] == csv_text(&phase.name))
                .collect();
            assert_eq!(lines.len(), eval.costs.len());
            let sum: f64 = lines.iter().map(|r| number(&r[cost])).sum();
            assert!(close(sum, eval.monthly_cost_usd), "{} {sum}", phase.name);
            for line in lines.iter().filter(|r| r[2] == "group") {
                assert!(close(
                    number(&line[nodes]) * number(&line[price]),
                    number(&line[cost])
                ));
            }
        }
    }
}

/// What a text cell looks like in our CSV once parsed: a `'` before formula starts.
fn csv_text(text: &str) -> String {
    headroom::export::escape::spreadsheet_text(text)
}

#[test]
fn timeline_has_every_month_and_the_total_spend() {
    for preset in PRESETS {
        let data = data(preset.name, &DataOptions::default());
        let Some(timeline) = &data.timeline else {
            continue;
        };
        let files = csv_files(&data, Period::Year);
        let (header, rows) = read_csv(&files["timeline.csv"]);
        assert_eq!(rows.len(), timeline.horizon_months as usize + 1);
        let cost = column(&header, "Cost (USD/year)");
        let spent = column(&header, "Spent before (USD)");
        let date = column(&header, "Date");
        let billed: f64 = rows[..rows.len() - 1]
            .iter()
            .map(|r| number(&r[cost]) / 12.0)
            .sum();
        assert!(close(billed, timeline.total_spend_usd), "{}", preset.name);
        assert!(close(
            number(&rows[rows.len() - 1][spent]),
            timeline.total_spend_usd
        ));
        for (row, month) in rows.iter().zip(&timeline.months) {
            assert_eq!(row[date], month.date.format("%Y-%m-%d").to_string());
        }
        assert!(files.contains_key("runouts.csv"));
    }
}

#[test]
fn percentages_are_fractions_and_say_so() {
    let data = data("social-mvp-vps", &DataOptions::default());
    let files = csv_files(&data, Period::Month);
    let (header, rows) = read_csv(&files["phases.csv"]);
    let utilization = column(&header, "Bottleneck utilization (fraction)");
    for (row, phase) in rows.iter().zip(&data.evaluation.phases) {
        let expected = phase.bottleneck.map(|b| b.utilization).unwrap_or_default();
        assert!(close(number(&row[utilization]), expected));
    }
}

/// Cell style index → number format code, from `xl/styles.xml`.
fn number_formats(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>) -> Vec<String> {
    let styles = read_entry(archive, "xl/styles.xml");
    let doc = roxmltree::Document::parse(&styles).expect("styles XML");
    let mut codes: BTreeMap<String, String> = [
        ("0", "General"),
        ("9", "0%"),
        ("10", "0.00%"),
        ("14", "m/d/yyyy"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .into();
    for fmt in doc.descendants().filter(|n| n.has_tag_name("numFmt")) {
        codes.insert(
            fmt.attribute("numFmtId").unwrap_or_default().to_owned(),
            fmt.attribute("formatCode").unwrap_or_default().to_owned(),
        );
    }
    let xfs = doc
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .expect("cellXfs");
    xfs.children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|xf| {
            let id = xf.attribute("numFmtId").unwrap_or("0");
            codes
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("builtin {id}"))
        })
        .collect()
}

fn read_entry(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

/// `(cell reference, format code, has a formula, type)` for every cell of a sheet.
fn cells(
    archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>,
    sheet: usize,
    formats: &[String],
) -> Vec<(String, String, bool, String)> {
    let xml = read_entry(archive, &format!("xl/worksheets/sheet{}.xml", sheet + 1));
    let doc = roxmltree::Document::parse(&xml).expect("sheet XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .map(|c| {
            let style: usize = c.attribute("s").unwrap_or("0").parse().expect("style");
            (
                c.attribute("r").unwrap_or_default().to_owned(),
                formats[style].clone(),
                c.children().any(|n| n.has_tag_name("f")),
                c.attribute("t").unwrap_or("n").to_owned(),
            )
        })
        .collect()
}

#[test]
fn xlsx_cells_have_number_formats_real_dates_and_a_frozen_bold_header() {
    let data = data("mgx-platform", &DataOptions::default());
    let bytes = xlsx_bytes(&data, Period::Month);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).expect("a zip");
    let formats = number_formats(&mut archive);

    // Phases: B status text, C recommended boolean, D cost in currency, H utilization
    // as a percentage, I node count as a whole number.
    let phases = cells(
        &mut archive,
        sheet_of(&data, Period::Month, "phases"),
        &formats,
    );
    let at = |cells: &[(String, String, bool, String)], r: &str| {
        cells
            .iter()
            .find(|c| c.0 == r)
            .cloned()
            .unwrap_or_else(|| panic!("no cell {r}"))
    };
    assert_eq!(at(&phases, "A2").3, "s");
    assert_eq!(at(&phases, "C2").3, "b");
    assert_eq!(at(&phases, "D2").1, "$#,##0.00");
    assert_eq!(at(&phases, "H2").1, "0.0%");
    assert_eq!(at(&phases, "I2").1, "#,##0");
    assert!(phases.iter().all(|c| !c.2), "no formulas anywhere");

    // Timeline: B is a real date.
    let sheet = sheet_of(&data, Period::Month, "timeline");
    let timeline = cells(&mut archive, sheet, &formats);
    assert_eq!(at(&timeline, "B2").1, "yyyy-mm-dd");
    assert_eq!(at(&timeline, "B2").3, "n");
    let mut book = workbook(&bytes);
    let range = book
        .worksheet_range_at(sheet)
        .expect("sheet")
        .expect("reads");
    let start = data.timeline.as_ref().expect("timeline").start;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("date");
    match range.get((1, 1)) {
        Some(Data::DateTime(date)) => {
            assert_eq!(date.as_f64(), (start - epoch).num_days() as f64);
        }
        other => panic!("a date, got {other:?}"),
    }

    // The header row is bold and frozen, on every sheet.
    let sheet_xml = read_entry(&mut archive, "xl/worksheets/sheet3.xml");
    assert!(sheet_xml.contains(r#"ySplit="1""#) && sheet_xml.contains(r#"state="frozen""#));
    let styles = read_entry(&mut archive, "xl/styles.xml");
    assert!(styles.contains("<b/>"));

    // The summary sheet comes first and holds the plan and the dates.
    let names = book.sheet_names();
    assert_eq!(names[0], "Summary");
    assert!(names.iter().all(|n| n.encode_utf16().count() <= 31));
    let summary = book.worksheet_range("Summary").expect("summary");
    let text: Vec<String> = summary.rows().flatten().map(ToString::to_string).collect();
    assert!(text.contains(&data.model.name));
    let core = read_entry(&mut archive, "docProps/core.xml");
    let date = data.date.expect("the preset's date");
    assert!(
        core.contains(&format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z"
        )),
        "{core}"
    );
}

/// A preset with every user-given name replaced by hostile text.
fn hostile_data() -> ReportData {
    let (mut plan, _) = find("mgx-platform").expect("preset").load().expect("loads");
    plan.name = HOSTILE[0].to_owned();
    plan.title = HOSTILE[7].to_owned();
    plan.description = HOSTILE[6].to_owned();
    for (p, phase) in plan.phases.iter_mut().enumerate() {
        phase.name = format!("{}{}", HOSTILE[1 + p % 5], if p >= 5 { "x" } else { "" });
        for (g, group) in phase.groups.iter_mut().enumerate() {
            group.name = HOSTILE[(g + p) % HOSTILE.len()].to_owned();
        }
    }
    for driver in &mut plan.drivers {
        driver.unit = HOSTILE[8].to_owned();
        driver.meaning = HOSTILE[5].to_owned();
    }
    for (s, scenario) in plan.scenarios.iter_mut().enumerate() {
        scenario.name = HOSTILE[(s + 2) % HOSTILE.len()].to_owned();
        scenario.description = HOSTILE[9].to_owned();
    }
    let model = Model::compile(&plan, Catalog::embedded()).expect("hostile names are valid");
    ReportData::from_plan(plan, model, &DataOptions::default()).expect("report data")
}

#[test]
fn hostile_names_stay_text_in_csv() {
    let data = hostile_data();
    let files = csv_files(&data, Period::Month);
    let mut seen = BTreeMap::new();
    for (name, bytes) in &files {
        let (header, rows) = read_csv(bytes);
        for field in header.iter().chain(rows.iter().flatten()) {
            // Numbers are plain numbers; everything else never starts like a formula.
            if field.parse::<f64>().is_err() {
                assert!(
                    !headroom::export::escape::looks_like_formula(field),
                    "{name}: {field:?} would run as a formula"
                );
            }
            let text = field
                .strip_prefix('\'')
                .filter(|t| headroom::export::escape::looks_like_formula(t));
            *seen.entry(text.unwrap_or(field).to_owned()).or_insert(0) += 1;
        }
    }
    for hostile in HOSTILE {
        assert!(
            seen.contains_key(hostile),
            "{hostile:?} round-trips exactly"
        );
    }
    // The units of the drivers are in the headers, hostile too.
    let (header, _) = read_csv(&files["timeline.csv"]);
    assert!(
        header
            .iter()
            .any(|h| h == &format!("users ({})", HOSTILE[8]))
    );
}

#[test]
fn hostile_names_are_string_cells_in_xlsx() {
    let data = hostile_data();
    let bytes = xlsx_bytes(&data, Period::Month);
    let mut book = workbook(&bytes);
    let mut strings = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        strings.extend(range.rows().flatten().filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
        let formulas = book.worksheet_formula(&name).expect("formulas");
        assert!(
            formulas.rows().flatten().all(String::is_empty),
            "{name} has formulas"
        );
    }
    for hostile in HOSTILE {
        // Excel keeps CR LF as written; compare exactly.
        assert!(
            strings.iter().any(|s| s == hostile),
            "{hostile:?} is a string cell, exactly"
        );
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("XML");
        assert!(!text.contains("<f>"), "{:?} has a formula", entry.name());
        assert!(
            !text.contains("<script>"),
            "{:?} has raw markup",
            entry.name()
        );
    }
}

#[test]
fn tables_have_units_in_headers_and_rows_as_long_as_them() {
    let data = hostile_data();
    for table in tables::all(&data, Period::Year) {
        for row in &table.rows {
            assert_eq!(row.len(), table.columns.len(), "{}", table.id);
        }
        let has_money = table
            .rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Usd(_)));
        if has_money {
            assert!(
                table.columns.iter().any(|c| c.contains("(USD")),
                "{}: money columns say USD",
                table.id
            );
        }
    }
    let ids: Vec<&str> = tables::all(&data, Period::Month)
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(
        ids,
        [
            "drivers",
            "phases",
            "ceilings",
            "breakdown",
            "timeline",
            "runouts",
            "scenarios",
            "sensitivity"
        ]
    );
}

#[test]
fn two_renders_are_byte_identical() {
    for preset in PRESETS {
        let a = data(preset.name, &DataOptions::default());
        let b = data(preset.name, &DataOptions::default());
        assert_eq!(csv_files(&a, Period::Month), csv_files(&b, Period::Month));
        assert_eq!(xlsx_bytes(&a, Period::Year), xlsx_bytes(&b, Period::Year));
    }
    let a = hostile_data();
    assert_eq!(xlsx_bytes(&a, Period::Month), xlsx_bytes(&a, Period::Month));
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("a folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn export_to(format: Format, out: &Path) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let data = data("social-mvp-vps", &DataOptions::default());
    headroom::export::export(&data, &ExportOptions::new(format), out)
}

#[test]
fn failed_writes_leave_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");

    // A missing folder is not created.
    for format in [Format::Csv, Format::Xlsx] {
        let out = dir.path().join("missing").join("out");
        let error = export_to(format, &out).unwrap_err();
        assert!(matches!(error, ExportError::Write { .. }), "{error}");
        assert!(error.to_string().contains("does not exist"), "{error}");
        assert!(error.to_string().contains(&out.display().to_string()));
    }
    assert!(names_in(dir.path()).is_empty());

    // A file where the CSV folder goes is refused and kept.
    let file = dir.path().join("tables");
    std::fs::write(&file, "mine").expect("write");
    let error = export_to(Format::Csv, &file).unwrap_err();
    assert!(error.to_string().contains("it is a file"), "{error}");
    assert_eq!(std::fs::read(&file).expect("read"), b"mine");

    // A folder where the workbook goes is refused and kept.
    let folder = dir.path().join("book.xlsx");
    std::fs::create_dir(&folder).expect("mkdir");
    let error = export_to(Format::Xlsx, &folder).unwrap_err();
    assert!(error.to_string().contains("folder"), "{error}");
    assert!(names_in(&folder).is_empty());
    assert_eq!(names_in(dir.path()), ["book.xlsx", "tables"]);

    // Unwritable places (even for root): nothing is created there.
    for format in [Format::Csv, Format::Xlsx] {
        let out = Path::new("/proc/headroom-export-test");
        assert!(export_to(format, out).is_err());
        assert!(!out.exists());
    }
}

#[test]
fn successful_writes_leave_no_temporary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = export_to(Format::Csv, &dir.path().join("tables")).expect("writes");
    assert!(
        written
            .iter()
            .all(|p| p.starts_with(dir.path().join("tables")))
    );
    assert_eq!(names_in(dir.path()), ["tables"]);
    // Again over the existing folder, and a workbook twice over itself.
    export_to(Format::Csv, &dir.path().join("tables")).expect("writes again");
    export_to(Format::Xlsx, &dir.path().join("book.xlsx")).expect("writes");
    let first = std::fs::read(dir.path().join("book.xlsx")).expect("read");
    export_to(Format::Xlsx, &dir.path().join("book.xlsx")).expect("writes again");
    assert_eq!(
        std::fs::read(dir.path().join("book.xlsx")).expect("read"),
        first
    );
    assert_eq!(names_in(dir.path()), ["book.xlsx", "tables"]);
    let csvs = names_in(&dir.path().join("tables"));
    assert!(csvs.iter().all(|n| n.ends_with(".csv")), "{csvs:?}");
    assert!(csvs.contains(&"phases.csv".to_owned()));
}
