//! Malformed plan files: every case is an error, never a panic, and the error names
//! the file, the line and column of the offending text, and what was expected.
//!
//! Every case is derived from [`BASE`], a small valid plan (checked first). Expected
//! positions are computed by searching the case's text, never hard-coded.

use std::sync::LazyLock;

use headroom::catalog::Catalog;
use headroom::model::{Model, Plan, ceiling};
use headroom::plan_file::{PlanFileError, load_plan, locate, parse_plan, plan_to_ron};
use proptest::prelude::*;

const FILE: &str = "bad.ron";

/// A small valid plan using most of the schema: a log and a linear driver, a
/// threshold override, three kinds of component, a service, a usage item, a fixed
/// and an autoscaled group. Non-ASCII text checks that columns count chars.
const BASE: &str = r#"// A small valid plan: every malformed case below is one edit of it.
Plan(
    version: 1,
    name: "malformed-base",
    title: "Base plan — démo ☃",
    main_driver: "users",
    drivers: [
        Driver(
            name: "users",
            value: 200,
            min: 1,
            max: 100000,
        ),
        Driver(
            name: "tenants",
            value: 5,
            min: 0,
            max: 100,
            scale: Linear,
        ),
    ],
    resources: [
        ResourceSpec(
            name: "cpu",
            warn: 0.6,
            critical: 0.85,
        ),
    ],
    components: [
        Component(
            name: "app",
            kind: WebApp(
                workers: 4,
                ram_per_worker_gb: 0.5,
                ram_per_user_mb: 2,
            ),
        ),
        Component(
            name: "db",
            kind: RelationalDb(
                shared_buffers_gb: 2,
                max_connections: 200,
                ram_per_connection_mb: 10,
                connections: (base: 10, per: {"tenants": 2}),
            ),
        ),
        Component(
            name: "cache",
            demand: {
                "ram": (base: 1, per: {"users": 0.001}),
            },
        ),
    ],
    services: [
        Service(name: "dömäin ☃", price: Usd(2)),
    ],
    usage: [
        UsageItem(name: "llm", driver: "users", quantity_per_unit: 0.1, price: Usd(3)),
    ],
    phases: [
        Phase(
            name: "MVP",
            groups: [
                NodeGroup(
                    name: "vps",
                    shape: (vcpu: 4, ram_gb: 16, disk_gb: 160),
                    reserve: (vcpu: 0.5, ram_gb: 1),
                    count: Fixed(1),
                    price: Usd(30),
                    runs: [Run("app", Single), Run("db", Single), Run("cache", Single)],
                ),
            ],
        ),
        Phase(
            name: "Split",
            lead_time_days: 14,
            groups: [
                NodeGroup(
                    name: "web",
                    shape: (vcpu: 2, ram_gb: 8, disk_gb: 80),
                    count: Autoscale(min: 1, max: 4, target: 0.7),
                    price: Usd(15),
                    runs: [Run("app", Spread), Run("cache", Replicated)],
                ),
                NodeGroup(
                    name: "data",
                    shape: (vcpu: 8, ram_gb: 32, disk_gb: 320),
                    count: Fixed(2),
                    price: Usd(60),
                    runs: [Run("db", Single)],
                ),
            ],
        ),
    ],
)
"#;

fn parse(text: &str) -> Result<(Plan, Model), PlanFileError> {
    parse_plan(text, FILE, Catalog::embedded())
}

/// 1-based line and column (in chars) of a byte offset, as ron counts them.
fn position(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Byte offset of `needle` in `text`, which must hold it exactly once.
fn only(text: &str, needle: &str) -> usize {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{needle:?} must occur once in the case text"
    );
    text.find(needle).unwrap()
}

/// A case text: BASE with `from` (which occurs once) replaced by `to`, and the byte
/// offset of `marker` inside the replacement.
fn edit(from: &str, to: &str, marker: &str) -> (String, usize) {
    let start = only(BASE, from);
    let within = to
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in {to:?}"));
    (BASE.replacen(from, to, 1), start + within)
}

/// BASE with `from` replaced by `to`, the offset being that of `needle`, which
/// occurs once in the edited text.
fn edit_then(from: &str, to: &str, needle: &str) -> (String, usize) {
    only(BASE, from);
    let text = BASE.replacen(from, to, 1);
    let at = only(&text, needle);
    (text, at)
}

/// Whether a reported position lies inside the text (a column may be one past the
/// end of its line: ron reports the end of the text there).
fn in_text(text: &str, line: usize, column: usize) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1 && line <= lines.len() && column >= 1 && column <= lines[line - 1].chars().count() + 1
}

/// Checks the shape of any error: names the file, a position inside the text, and
/// a non-empty message; Display shows `file:line:column: message`.
fn check_error_shape(text: &str, error: &PlanFileError) {
    let shown = error.to_string();
    match error {
        PlanFileError::Syntax {
            file,
            line,
            column,
            message,
        } => {
            assert_eq!(file, FILE);
            assert!(
                in_text(text, *line, *column),
                "{line}:{column} outside the text: {shown}"
            );
            assert!(!message.trim().is_empty());
            assert!(
                shown.starts_with(&format!("{FILE}:{line}:{column}: ")),
                "{shown}"
            );
        }
        PlanFileError::Invalid { file, problems } => {
            assert_eq!(file, FILE);
            assert!(!problems.is_empty(), "Invalid without problems");
            for p in problems {
                assert!(
                    in_text(text, p.line, p.column),
                    "{}:{} outside the text: {shown}",
                    p.line,
                    p.column
                );
                assert!(!p.error.message.trim().is_empty());
                assert!(
                    shown.contains(&format!(
                        "{FILE}:{}:{}: {}: ",
                        p.line, p.column, p.error.path
                    )),
                    "{shown}"
                );
            }
        }
        PlanFileError::TooNew { file, version } => {
            assert_eq!(file, FILE);
            assert!(*version > headroom::model::PLAN_FORMAT_VERSION);
            assert!(shown.contains(&format!("version {version}")), "{shown}");
        }
        PlanFileError::Io { .. } => panic!("parse_plan never does I/O: {shown}"),
    }
}

/// No panic on a plan that parsed: evaluation, every ceiling, and saving then
/// reading it back (the same plan).
fn check_accepted(plan: &Plan, model: &Model) {
    let drivers = model.plan_drivers();
    let _ = model.evaluate(&drivers);
    for phase in &model.phases {
        for driver in 0..model.drivers.len() {
            let _ = ceiling(phase, &drivers, driver);
        }
    }
    let saved = plan_to_ron(plan);
    match parse(&saved) {
        Ok((again, _)) => assert_eq!(&again, plan, "saved plan reads back differently"),
        Err(e) => panic!("a saved plan does not read back: {e}\n{saved}"),
    }
}

#[test]
fn the_base_plan_is_valid() {
    let (plan, model) = parse(BASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.phases.len(), 2);
    assert_eq!(model.phases[1].groups.len(), 2);
    check_accepted(&plan, &model);
}

// ---------------------------------------------------------------------------
// Values the model refuses: `Invalid`, located at the offending field.
// ---------------------------------------------------------------------------

/// A plan that parses but fails validation.
struct InvalidCase {
    name: &'static str,
    text: String,
    /// Byte offset where the offending value starts (or its closest enclosing value).
    at: usize,
    /// The field path the problem must carry.
    path: &'static str,
    /// What the message must say (what was expected).
    expect: &'static str,
}

fn invalid(
    name: &'static str,
    (text, at): (String, usize),
    path: &'static str,
    expect: &'static str,
) -> InvalidCase {
    InvalidCase {
        name,
        text,
        at,
        path,
        expect,
    }
}

fn invalid_cases() -> Vec<InvalidCase> {
    let mut empty_phases = BASE[..only(BASE, "    phases: [")].to_owned();
    empty_phases.push_str("    phases: [],\n)\n");
    let empty_phases_at = only(&empty_phases, "[],");
    vec![
        // Numbers: NaN, infinities, negatives, beyond 1e15, zero capacities.
        invalid(
            "NaN",
            edit("value: 200", "value: NaN", "NaN"),
            "drivers[0].value",
            "expected a number, got NaN",
        ),
        invalid(
            "-NaN",
            edit("max_connections: 200", "max_connections: -NaN", "-NaN"),
            "components[1].kind.max_connections",
            "expected a number, got NaN",
        ),
        invalid(
            "inf",
            edit("ram_gb: 16", "ram_gb: inf", "inf"),
            "phases[0].groups[0].shape.ram_gb",
            "inf is beyond the largest accepted value (1e15)",
        ),
        invalid(
            "-inf",
            edit("ram_gb: 16", "ram_gb: -inf", "-inf"),
            "phases[0].groups[0].shape.ram_gb",
            "must not be negative (got -inf)",
        ),
        invalid(
            "1e308",
            edit("disk_gb: 320", "disk_gb: 1e308", "1e308"),
            "phases[1].groups[1].shape.disk_gb",
            "1e308 is beyond the largest accepted value (1e15)",
        ),
        invalid(
            "1e999 reads as inf",
            edit(
                "quantity_per_unit: 0.1",
                "quantity_per_unit: 1e999",
                "1e999",
            ),
            "usage[0].quantity_per_unit",
            "beyond the largest accepted value",
        ),
        invalid(
            "negative lead time",
            edit("lead_time_days: 14", "lead_time_days: -14", "-14"),
            "phases[1].lead_time_days",
            "must not be negative (got -14)",
        ),
        invalid(
            "negative price",
            edit("price: Usd(30)", "price: Usd(-30)", "Usd"),
            "phases[0].groups[0].price",
            "must not be negative (got -30)",
        ),
        invalid(
            "negative demand coefficient",
            edit("{\"users\": 0.001}", "{\"users\": -0.001}", "-0.001"),
            "components[2].demand[\"ram\"].per[\"users\"]",
            "must not be negative (got -0.001): demand never falls as a driver grows",
        ),
        invalid(
            "negative service count (after non-ASCII text on the line)",
            edit("price: Usd(2))", "price: Usd(2), count: -1)", "-1"),
            "services[0].count",
            "must not be negative (got -1)",
        ),
        invalid(
            "zero RAM capacity",
            edit("ram_gb: 16", "ram_gb: 0", "0"),
            "phases[0].groups[0].shape.ram_gb",
            "must be greater than 0",
        ),
        invalid(
            "zero vCPU capacity",
            edit("vcpu: 8", "vcpu: 0", "0"),
            "phases[1].groups[1].shape.vcpu",
            "must be greater than 0",
        ),
        invalid(
            "-0 capacity",
            edit("disk_gb: 80", "disk_gb: -0", "-0"),
            "phases[1].groups[0].shape.disk_gb",
            "must be greater than 0",
        ),
        invalid(
            "zero workers",
            edit("workers: 4", "workers: 0", "0"),
            "components[0].kind.workers",
            "must be greater than 0",
        ),
        invalid(
            "reserve takes the whole node",
            edit(
                "reserve: (vcpu: 0.5, ram_gb: 1)",
                "reserve: (vcpu: 0.5, ram_gb: 16)",
                "16",
            ),
            "phases[0].groups[0].reserve.ram_gb",
            "the reserve (16) must leave capacity on the node (16)",
        ),
        // Node counts.
        invalid(
            "zero nodes",
            edit("Fixed(2)", "Fixed(0)", "Fixed"),
            "phases[1].groups[1].count",
            "expected 1..=10000 nodes, got 0",
        ),
        invalid(
            "too many nodes",
            edit("Fixed(1)", "Fixed(10001)", "Fixed"),
            "phases[0].groups[0].count",
            "expected 1..=10000 nodes, got 10001",
        ),
        invalid(
            "autoscale min > max",
            edit(
                "Autoscale(min: 1, max: 4",
                "Autoscale(min: 5, max: 4",
                "Autoscale",
            ),
            "phases[1].groups[0].count",
            "expected 1 <= min <= max <= 10000, got min 5, max 4",
        ),
        invalid(
            "autoscale min 0",
            edit("Autoscale(min: 1,", "Autoscale(min: 0,", "Autoscale"),
            "phases[1].groups[0].count",
            "expected 1 <= min <= max <= 10000, got min 0, max 4",
        ),
        invalid(
            "autoscale target > 1",
            edit("target: 0.7", "target: 1.5", "1.5"),
            "phases[1].groups[0].count.target",
            "expected a fraction in (0, 1], got 1.5",
        ),
        invalid(
            "autoscale target 0",
            edit("target: 0.7", "target: 0", "0"),
            "phases[1].groups[0].count.target",
            "expected a fraction in (0, 1], got 0",
        ),
        // Thresholds.
        invalid(
            "warn >= critical",
            edit("warn: 0.6,", "warn: 0.9,", "0.9"),
            "resources[0].warn",
            "warn threshold 0.9 must be below critical 0.85",
        ),
        invalid(
            "warn written as Some(..)",
            edit("warn: 0.6,", "warn: Some(0.95),", "Some"),
            "resources[0].warn",
            "warn threshold 0.95 must be below critical 0.85",
        ),
        invalid(
            "critical > 1",
            edit("critical: 0.85", "critical: 1.2", "1.2"),
            "resources[0].critical",
            "expected a fraction in (0, 1], got 1.2",
        ),
        invalid(
            "warn NaN",
            edit("warn: 0.6,", "warn: NaN,", "NaN"),
            "resources[0].warn",
            "expected a fraction in (0, 1], got NaN",
        ),
        invalid(
            // The default warn (0.7) is not in the file: the resource is pointed at.
            "defaulted warn above critical (field absent from the file)",
            edit_then(
                "            warn: 0.6,\n            critical: 0.85,",
                "            critical: 0.5,",
                "ResourceSpec(",
            ),
            "resources[0].warn",
            "warn threshold 0.7 must be below critical 0.5",
        ),
        // Missing references.
        invalid(
            "unknown driver in per",
            edit(
                "per: {\"users\": 0.001}",
                "per: {\"users\": 0.001, \"visitors\": 0.5}",
                "0.5",
            ),
            "components[2].demand[\"ram\"].per[\"visitors\"]",
            "unknown driver \"visitors\" (expected one of",
        ),
        invalid(
            "unknown driver in a kind's connections",
            edit("{\"tenants\": 2}", "{\"tennants\": 2}", "2"),
            "components[1].kind.connections.per[\"tennants\"]",
            "unknown driver \"tennants\" (expected one of tenants, triples, users, vectors, workloads)",
        ),
        invalid(
            "unknown driver of a usage item",
            edit(
                "driver: \"users\", quantity",
                "driver: \"visitors\", quantity",
                "\"visitors\"",
            ),
            "usage[0].driver",
            "unknown driver \"visitors\"",
        ),
        invalid(
            "unknown main driver",
            edit(
                "main_driver: \"users\"",
                "main_driver: \"customers\"",
                "\"customers\"",
            ),
            "main_driver",
            "unknown driver \"customers\"",
        ),
        invalid(
            "unknown resource in demand",
            edit("\"ram\": (base: 1,", "\"gpu\": (base: 1,", "(base"),
            "components[2].demand[\"gpu\"]",
            "unknown resource \"gpu\" (expected one of",
        ),
        invalid(
            "unknown resource in shape.extra",
            edit("disk_gb: 80)", "disk_gb: 80, extra: {\"gpu\": 1})", "1}"),
            "phases[1].groups[0].shape.extra[\"gpu\"]",
            "unknown resource \"gpu\"",
        ),
        invalid(
            "unknown component in runs",
            edit(
                "runs: [Run(\"db\", Single)]",
                "runs: [Run(\"dbase\", Single)]",
                "Run",
            ),
            "phases[1].groups[1].runs[0]",
            "unknown component \"dbase\" (declare it under `components`)",
        ),
        invalid(
            "unknown catalog id",
            edit("Usd(60)", "Catalog(\"hetzner-cx99\")", "Catalog"),
            "phases[1].groups[1].price",
            "no price catalog entry \"hetzner-cx99\"",
        ),
        // Duplicate names.
        invalid(
            "duplicate driver",
            edit("name: \"tenants\"", "name: \"users\"", "\"users\""),
            "drivers[1].name",
            "duplicate driver name \"users\"",
        ),
        invalid(
            "duplicate phase",
            edit("name: \"Split\"", "name: \"MVP\"", "\"MVP\""),
            "phases[1].name",
            "duplicate phase name \"MVP\"",
        ),
        invalid(
            "duplicate group",
            edit("name: \"data\"", "name: \"web\"", "\"web\""),
            "phases[1].groups[1].name",
            "duplicate node group name \"web\"",
        ),
        invalid(
            "duplicate component",
            edit("name: \"cache\"", "name: \"db\"", "\"db\""),
            "components[2].name",
            "duplicate component name \"db\"",
        ),
        invalid(
            "duplicate service",
            edit(
                "Service(name: \"dömäin ☃\", price: Usd(2)),",
                "Service(name: \"dömäin ☃\", price: Usd(2)),\n        Service(name: \"dömäin ☃\", price: Usd(3)),",
                "\"dömäin ☃\", price: Usd(3)",
            ),
            "services[1].name",
            "duplicate service name \"dömäin ☃\"",
        ),
        // Structure.
        invalid(
            "empty phases list",
            (empty_phases, empty_phases_at),
            "phases",
            "a plan needs at least one phase",
        ),
        invalid(
            "phase without groups",
            edit(
                "    phases: [\n",
                "    phases: [\n        Phase(name: \"Empty\", groups: []),\n",
                "[])",
            ),
            "phases[0].groups",
            "phase \"Empty\" needs at least one node group",
        ),
        invalid(
            "component placed twice in a phase",
            edit(
                "runs: [Run(\"db\", Single)]",
                "runs: [Run(\"db\", Single), Run(\"app\", Single)]",
                "Run(\"app\"",
            ),
            "phases[1].groups[1].runs[1]",
            "component \"app\" is already placed on group \"web\"",
        ),
        invalid(
            "resource demanded on a group without capacity for it",
            edit_then(
                "\"ram\": (base: 1, per: {\"users\": 0.001}),",
                "\"ram\": (base: 1, per: {\"users\": 0.001}),\n                \"task_slots\": (base: 1),",
                "(vcpu: 4, ram_gb: 16, disk_gb: 160)",
            ),
            "phases[0].groups[0].shape",
            "components need task_slots but the group has no task_slots capacity",
        ),
        // Versions, sliders, names.
        invalid(
            "version 0",
            edit("version: 1", "version: 0", "0"),
            "version",
            "expected plan format version 1, got 0",
        ),
        invalid(
            "log slider starting at 0",
            edit("            min: 1,\n", "            min: 0,\n", "0"),
            "drivers[0].min",
            "a logarithmic slider needs min > 0 (use scale: Linear to start at 0)",
        ),
        invalid(
            "value outside the slider range",
            edit("value: 5,", "value: 500,", "500"),
            "drivers[1].value",
            "value 500 is outside the slider range 0..=100",
        ),
        invalid(
            "slider max not above min",
            edit("max: 100,", "max: 0,", "0"),
            "drivers[1].max",
            "slider max (0) must be greater than min (0)",
        ),
        invalid(
            "driver name not an identifier",
            edit("name: \"tenants\"", "name: \"Tenants\"", "\"Tenants\""),
            "drivers[1].name",
            "\"Tenants\" is not an identifier: use lowercase letters, digits and _",
        ),
        invalid(
            "blank plan name",
            edit("name: \"malformed-base\"", "name: \"  \"", "\"  \""),
            "name",
            "plan name must not be empty",
        ),
    ]
}

fn check_invalid(case: &InvalidCase) {
    let expected = position(&case.text, case.at);
    let error = match parse(&case.text) {
        Err(e @ PlanFileError::Invalid { .. }) => e,
        Err(e) => panic!("{}: expected Invalid, got: {e}", case.name),
        Ok(_) => panic!("{}: accepted", case.name),
    };
    check_error_shape(&case.text, &error);
    let PlanFileError::Invalid { problems, .. } = &error else {
        unreachable!()
    };
    let problem = problems
        .iter()
        .find(|p| p.error.path.to_string() == case.path)
        .unwrap_or_else(|| panic!("{}: no problem at {}:\n{error}", case.name, case.path));
    assert_eq!(
        (problem.line, problem.column),
        expected,
        "{}: {} reported at the wrong place:\n{error}",
        case.name,
        case.path
    );
    assert!(
        problem.error.message.contains(case.expect),
        "{}: message {:?} does not say {:?}",
        case.name,
        problem.error.message,
        case.expect
    );
    let (line, column) = expected;
    assert!(
        error
            .to_string()
            .contains(&format!("{FILE}:{line}:{column}: {}: ", case.path)),
        "{}: {error}",
        case.name
    );
}

#[test]
fn refused_values_are_located_at_their_field() {
    let cases = invalid_cases();
    for case in &cases {
        check_invalid(case);
    }
    assert!(cases.len() >= 45, "{} cases", cases.len());
}

#[test]
fn refused_values_are_located_with_crlf_line_ends() {
    // Columns and lines do not count the `\r` of the previous line.
    for case in invalid_cases() {
        let text = case.text.replace('\n', "\r\n");
        let at = case.at + case.text[..case.at].matches('\n').count();
        check_invalid(&InvalidCase { text, at, ..case });
    }
}

#[test]
fn several_problems_are_all_reported_each_at_its_field() {
    let text = BASE
        .replacen("value: 200", "value: NaN", 1)
        .replacen("Fixed(2)", "Fixed(0)", 1)
        .replacen(
            "Run(\"cache\", Replicated)",
            "Run(\"cahce\", Replicated)",
            1,
        )
        .replacen("critical: 0.85", "critical: 7", 1);
    let expected = [
        ("drivers[0].value", "NaN,", "got NaN"),
        ("resources[0].critical", "7,", "expected a fraction"),
        (
            "phases[1].groups[0].runs[1]",
            "Run(\"cahce\"",
            "unknown component \"cahce\"",
        ),
        ("phases[1].groups[1].count", "Fixed(0)", "got 0"),
    ];
    let Err(error @ PlanFileError::Invalid { .. }) = parse(&text) else {
        panic!("expected Invalid");
    };
    check_error_shape(&text, &error);
    let PlanFileError::Invalid { problems, .. } = &error else {
        unreachable!()
    };
    assert_eq!(problems.len(), expected.len(), "{error}");
    for (path, needle, says) in expected {
        let p = problems
            .iter()
            .find(|p| p.error.path.to_string() == path)
            .unwrap_or_else(|| panic!("no problem at {path}:\n{error}"));
        assert_eq!(
            (p.line, p.column),
            position(&text, only(&text, needle)),
            "{path}"
        );
        assert!(
            p.error.message.contains(says),
            "{path}: {}",
            p.error.message
        );
    }
}

#[test]
fn a_byte_order_mark_is_ignored_and_positions_are_unchanged() {
    let with_bom = format!("\u{feff}{BASE}");
    assert!(parse(&with_bom).is_ok(), "a BOM-prefixed plan is read");
    let case = &invalid_cases()[0];
    let Err(PlanFileError::Invalid { problems, .. }) = parse(&format!("\u{feff}{}", case.text))
    else {
        panic!("expected Invalid");
    };
    assert_eq!(
        (problems[0].line, problems[0].column),
        position(&case.text, case.at)
    );
}

// ---------------------------------------------------------------------------
// Text that is not a plan: `Syntax`, at the offending text, saying what was expected.
// ---------------------------------------------------------------------------

/// Text that does not deserialize into a plan.
struct SyntaxCase {
    name: &'static str,
    text: String,
    /// Byte offset ron should point at (within a column), when checked.
    at: Option<usize>,
    /// What the message must say.
    expect: &'static str,
}

fn syntax(name: &'static str, (text, at): (String, usize), expect: &'static str) -> SyntaxCase {
    SyntaxCase {
        name,
        text,
        at: Some(at),
        expect,
    }
}

fn syntax_anywhere(name: &'static str, text: String, expect: &'static str) -> SyntaxCase {
    SyntaxCase {
        name,
        text,
        at: None,
        expect,
    }
}

/// BASE without the line `line` (which occurs once); the offset is the first
/// `closing` after where the line was: the end of the struct that lost a field.
fn remove_line(line: &str, closing: &str) -> (String, usize) {
    let start = only(BASE, line);
    let text = BASE.replacen(line, "", 1);
    let at = start + text[start..].find(closing).expect("closing after the line");
    (text, at + closing.find(')').unwrap_or(0))
}

fn syntax_cases() -> Vec<SyntaxCase> {
    let deep = 100_000;
    vec![
        // Empty and garbage.
        syntax_anywhere(
            "empty file",
            String::new(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "whitespace only",
            " \n\t\n".to_owned(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "comment only",
            "// nothing here\n/* still nothing */".to_owned(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "binary garbage",
            String::from_utf8_lossy(&[0xff, 0x00, 0x13, 0x80, b'(', 0xfe, 0x89, b'P', b'N', b'G'])
                .into_owned(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "NUL bytes",
            "\0\0\0Plan(version: 1)".to_owned(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "a JSON file",
            r#"{"version": 1, "name": "x"}"#.to_owned(),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax(
            "wrong struct name",
            edit("Plan(", "Plam(", "Plam"),
            "Expected struct `Plan` but found `Plam`",
        ),
        // Wrong types.
        syntax(
            "number for a string",
            edit("name: \"malformed-base\"", "name: 5", " 5"),
            "Expected string",
        ),
        syntax(
            "char for a string",
            edit("name: \"malformed-base\"", "name: 'm'", " 'm'"),
            "Expected string",
        ),
        syntax(
            "string for a number",
            edit("value: 200", "value: \"200\"", " \"200\""),
            "Expected float",
        ),
        syntax(
            "bool for a number",
            edit("ram_gb: 16", "ram_gb: true", " true"),
            "Expected float",
        ),
        syntax(
            "list for a number",
            edit("ram_gb: 16", "ram_gb: [16]", " [16]"),
            "Expected float",
        ),
        syntax(
            "None for a number",
            edit("ram_gb: 16", "ram_gb: None", " None"),
            "Expected float",
        ),
        syntax(
            "string in a per map",
            edit("{\"tenants\": 2}", "{\"tenants\": \"2\"}", " \"2\""),
            "Expected float",
        ),
        syntax(
            "number as a map key",
            edit("{\"tenants\": 2}", "{3: 2}", "3"),
            "Expected string",
        ),
        syntax(
            "string for a version",
            edit("version: 1", "version: \"1\"", "\"1\""),
            "Expected integer",
        ),
        syntax(
            "string for a variant",
            edit("scale: Linear", "scale: \"Linear\"", " \"Linear\""),
            "Expected identifier",
        ),
        syntax(
            "a tuple for a list",
            edit("    drivers: [", "    drivers: (", "("),
            "Expected opening `[`",
        ),
        syntax(
            "a string for a Run",
            edit("[Run(\"db\", Single)]", "[\"db\"]", "\"db\""),
            "Expected opening `(` for struct `Run`",
        ),
        syntax(
            "a Run with one element",
            edit("[Run(\"db\", Single)]", "[Run(\"db\")]", ")]"),
            "Expected tuple struct Run with 2 elements but found one element",
        ),
        syntax(
            "a number for a date",
            edit(
                "    main_driver:",
                "    date: 20250301,\n    main_driver:",
                " 20250301",
            ),
            "Expected string",
        ),
        syntax(
            "not a date",
            edit(
                "    main_driver:",
                "    date: \"yesterday\",\n    main_driver:",
                "yesterday",
            ),
            "expected a date as \"YYYY-MM-DD\", got \"yesterday\"",
        ),
        syntax(
            "month 13",
            edit(
                "    main_driver:",
                "    date: \"2025-13-01\",\n    main_driver:",
                "2025",
            ),
            "expected a date as \"YYYY-MM-DD\", got \"2025-13-01\"",
        ),
        // Integers: negative, fractional, too large.
        syntax(
            "negative node count",
            edit("Fixed(2)", "Fixed(-1)", "-1"),
            "Integer is out of bounds",
        ),
        syntax(
            "node count beyond u32",
            edit("Fixed(2)", "Fixed(4294967296)", "4294967296"),
            "Integer is out of bounds",
        ),
        syntax(
            "negative version",
            edit("version: 1", "version: -1", "-1"),
            "Integer is out of bounds",
        ),
        // ron reads `1` then stops at `.5`: the message is about what follows.
        syntax(
            "fractional node count",
            edit("Fixed(2)", "Fixed(1.5)", ".5"),
            "Expected closing `)`",
        ),
        syntax(
            "fractional autoscale max",
            edit("max: 4,", "max: 4.0,", ".0"),
            "Expected comma",
        ),
        // Unknown fields and variants.
        syntax(
            "unknown top-level field",
            edit(
                "    main_driver:",
                "    colour: \"red\",\n    main_driver:",
                "colour",
            ),
            "Unexpected field named `colour` in `Plan`, expected one of `version`",
        ),
        syntax(
            "unknown field in a group",
            edit(
                "price: Usd(60),",
                "price: Usd(60),\n                    colour: 3,",
                "colour",
            ),
            "Unexpected field named `colour` in `NodeGroup`, expected one of `name`",
        ),
        syntax(
            "unknown field in a shape",
            edit("disk_gb: 320)", "disk_gb: 320, gpu: 1)", "gpu"),
            "Unexpected field named `gpu` in `NodeShape`, expected one of `vcpu`, `ram_gb`, `disk_gb`, or `extra`",
        ),
        syntax(
            "misspelt optional field of a kind",
            edit(
                "ram_per_user_mb: 2",
                "ram_per_user_mbb: 2",
                "ram_per_user_mbb",
            ),
            "Unexpected field named `ram_per_user_mbb` in `WebApp`, expected one of",
        ),
        syntax(
            "unknown field of an autoscaled count",
            edit("target: 0.7)", "target: 0.7, step: 2)", "step"),
            "Unexpected field named `step` in `Autoscale`, expected one of `min`, `max`, or `target`",
        ),
        syntax(
            "unknown field in a demand",
            edit("(base: 1, per:", "(base: 1, peak: 3, per:", "peak"),
            "Unexpected field named `peak` in `LinearDemand`",
        ),
        syntax(
            "unknown placement",
            edit(
                "Run(\"db\", Single)]",
                "Run(\"db\", Everywhere)]",
                "Everywhere",
            ),
            "Unexpected variant named `Everywhere` in enum `Placement`, expected one of `Single`, `Spread`, or `Replicated`",
        ),
        syntax(
            "unknown kind",
            edit("kind: WebApp(", "kind: WebApplication(", "WebApplication"),
            "Unexpected variant named `WebApplication` in enum `ComponentKind`",
        ),
        syntax(
            "unknown node count",
            edit("Fixed(2)", "Static(2)", "Static"),
            "Unexpected variant named `Static` in enum `NodeCount`, expected either `Fixed` or `Autoscale`",
        ),
        syntax(
            "unknown price",
            edit("Usd(60)", "Eur(60)", "Eur"),
            "Unexpected variant named `Eur` in enum `Price`, expected either `Usd` or `Catalog`",
        ),
        syntax(
            "unknown pricing mode",
            edit(
                "    main_driver:",
                "    pricing: Cheap,\n    main_driver:",
                "Cheap",
            ),
            "Unexpected variant named `Cheap` in enum `PricingMode`",
        ),
        syntax(
            "duplicate field",
            edit("value: 200,", "value: 200, value: 3,", "value: 3"),
            "Unexpected duplicate field named `value` in `Driver`",
        ),
        // Missing required fields: ron points at the end of the struct.
        syntax(
            "plan without a name",
            remove_line("    name: \"malformed-base\",\n", ")\n"),
            "Unexpected missing field named `name` in `Plan`",
        ),
        syntax(
            "plan without a version",
            remove_line("    version: 1,\n", ")\n"),
            "Unexpected missing field named `version` in `Plan`",
        ),
        syntax(
            "plan without phases",
            {
                let mut text = BASE[..only(BASE, "    phases: [")].to_owned();
                text.push_str(")\n");
                let at = text.len() - 2;
                (text, at)
            },
            "Unexpected missing field named `phases` in `Plan`",
        ),
        syntax(
            "group without a shape",
            remove_line(
                "                    shape: (vcpu: 8, ram_gb: 32, disk_gb: 320),\n",
                "                ),\n",
            ),
            "Unexpected missing field named `shape` in `NodeGroup`",
        ),
        syntax(
            "driver without a value",
            remove_line("            value: 200,\n", "        ),\n"),
            "Unexpected missing field named `value` in `Driver`",
        ),
        syntax(
            "web app without workers",
            remove_line("                workers: 4,\n", "            ),\n"),
            "Unexpected missing field named `workers` in `WebApp`",
        ),
        // Broken structure.
        syntax(
            "missing colon",
            edit("ram_gb: 16", "ram_gb 16", "16"),
            "Expected colon",
        ),
        syntax(
            "missing comma",
            edit(
                "value: 200,\n            min: 1,",
                "value: 200\n            min: 1,",
                "min",
            ),
            "Expected comma",
        ),
        syntax(
            "unclosed tuple struct",
            edit("[Run(\"db\", Single)]", "[Run(\"db\", Single]", "]"),
            "Expected closing `)`",
        ),
        syntax(
            "extra closing bracket",
            edit("[Run(\"db\", Single)]", "[Run(\"db\", Single)]]", "]]"),
            "Expected comma",
        ),
        syntax_anywhere(
            "missing final parenthesis",
            BASE.trim_end().strip_suffix(')').unwrap().to_owned(),
            "Unexpected end of RON",
        ),
        syntax(
            "trailing text",
            {
                // ron points just past the plan, where it expected the end.
                let text = format!("{BASE}Plan()");
                let at = BASE.rfind(')').unwrap() + 1;
                (text, at)
            },
            "Non-whitespace trailing characters",
        ),
        syntax(
            "unterminated block comment",
            {
                // ron points where it gave up: the last `*/`, which closed only
                // the nested comment.
                let text = format!("{BASE}/* to do /* nested */");
                let at = text.rfind("*/").unwrap();
                (text, at)
            },
            "Unclosed block comment",
        ),
        syntax_anywhere(
            "unterminated string",
            BASE.replacen("\"Split\",", "\"Split,", 1),
            "Expected",
        ),
        syntax_anywhere(
            "string never closed",
            format!("{}\"", BASE.trim_end().strip_suffix(')').unwrap()),
            "Expected",
        ),
        // Huge and deeply nested input: an error, not a stack overflow.
        syntax(
            "deeply nested list in an unknown field",
            edit(
                "    main_driver:",
                &format!(
                    "    x: {}1{},\n    main_driver:",
                    "[".repeat(deep),
                    "]".repeat(deep)
                ),
                "x",
            ),
            "Unexpected field named `x` in `Plan`",
        ),
        syntax(
            "deeply nested unclosed maps",
            edit(
                "    main_driver:",
                &format!("    x: {}", "{\"a\": ".repeat(deep)),
                "x",
            ),
            "Unexpected field named `x` in `Plan`",
        ),
        syntax_anywhere(
            "deeply nested Some",
            BASE.replacen(
                "warn: 0.6",
                &format!("warn: {}0.6{}", "Some(".repeat(deep), ")".repeat(deep)),
                1,
            ),
            "Expected float",
        ),
        syntax_anywhere(
            "deeply nested anonymous structs as the plan",
            format!("{}{}", "(a: ".repeat(deep), ")".repeat(deep)),
            "",
        ),
        syntax_anywhere(
            "a megabyte of opening brackets",
            "[".repeat(1 << 20),
            "Expected opening `(` for struct `Plan`",
        ),
        syntax_anywhere(
            "a huge string",
            BASE.replacen(
                "\"Base plan — démo ☃\"",
                &format!("\"{}", "x".repeat(1 << 20)),
                1,
            ),
            "Expected",
        ),
    ]
}

#[test]
fn text_that_is_not_a_plan_is_a_syntax_error_at_its_position() {
    let cases = syntax_cases();
    for case in &cases {
        let error = match parse(&case.text) {
            Err(e @ PlanFileError::Syntax { .. }) => e,
            Err(e) => panic!("{}: expected Syntax, got: {e}", case.name),
            Ok(_) => panic!("{}: accepted", case.name),
        };
        check_error_shape(&case.text, &error);
        let PlanFileError::Syntax {
            line,
            column,
            message,
            ..
        } = &error
        else {
            unreachable!()
        };
        assert!(
            message.contains(case.expect),
            "{}: message {message:?} does not say {:?}",
            case.name,
            case.expect
        );
        if let Some(at) = case.at {
            // ron points at the offending token or the blank just before it.
            let (want_line, want_column) = position(&case.text, at);
            assert!(
                *line == want_line && column.abs_diff(want_column) <= 1,
                "{}: reported at {line}:{column}, expected {want_line}:{want_column}: {error}",
                case.name
            );
        }
    }
    assert!(cases.len() >= 60, "{} cases", cases.len());
}

#[test]
fn deeply_nested_comments_are_read() {
    let deep = 100_000;
    let text = format!("{}{}{BASE}", "/*".repeat(deep), "*/".repeat(deep));
    assert!(parse(&text).is_ok());
}

// ---------------------------------------------------------------------------
// Versions.
// ---------------------------------------------------------------------------

#[test]
fn newer_versions_are_refused_as_too_new() {
    let cases = [
        (
            "version 99",
            BASE.replacen("version: 1", "version: 99", 1),
            99,
        ),
        (
            "version u32::MAX",
            BASE.replacen("version: 1", "version: 4294967295", 1),
            u32::MAX,
        ),
        (
            // A newer file may have fields and variants this build does not know.
            "version 2 with new fields",
            BASE.replacen(
                "version: 1",
                "version: 2, forecast: (horizon_months: 24, curve: Sigmoid(k: 0.3))",
                1,
            )
            .replacen("Fixed(2)", "Spot(2)", 1),
            2,
        ),
        ("version 2, nothing else", "Plan(version: 2)".to_owned(), 2),
        ("anonymous struct", "(version: 3, name: 1)".to_owned(), 3),
    ];
    for (name, text, version) in cases {
        match parse(&text) {
            Err(e @ PlanFileError::TooNew { .. }) => {
                check_error_shape(&text, &e);
                let PlanFileError::TooNew { version: v, .. } = e else {
                    unreachable!()
                };
                assert_eq!(v, version, "{name}");
                assert!(e.to_string().contains("update Headroom"), "{name}: {e}");
            }
            other => panic!("{name}: expected TooNew, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Files: `Io`.
// ---------------------------------------------------------------------------

#[test]
fn unreadable_files_are_io_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::embedded();

    let missing = dir.path().join("missing.ron");
    let binary = dir.path().join("binary.ron");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]).unwrap();
    for path in [missing.as_path(), dir.path(), binary.as_path()] {
        match load_plan(path, catalog) {
            Err(e @ PlanFileError::Io { .. }) => {
                assert!(
                    e.to_string().starts_with(&path.display().to_string()),
                    "{e}"
                );
            }
            other => panic!("{}: expected Io, got {other:?}", path.display()),
        }
    }

    // A readable file names itself in syntax and validation errors too.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, BASE.replacen("ram_gb: 16", "ram_gb: 0", 1)).unwrap();
    let e = load_plan(&bad, catalog).unwrap_err();
    assert!(
        e.to_string().starts_with(&format!("{}:", bad.display())),
        "{e}"
    );
    std::fs::write(&bad, "Plan(").unwrap();
    let e = load_plan(&bad, catalog).unwrap_err();
    assert!(
        matches!(e, PlanFileError::Syntax { .. })
            && e.to_string().starts_with(&format!("{}:1:", bad.display())),
        "{e}"
    );
    std::fs::write(&bad, BASE).unwrap();
    assert!(load_plan(&bad, catalog).is_ok());
}

// ---------------------------------------------------------------------------
// Every truncation, every deleted char.
// ---------------------------------------------------------------------------

#[test]
fn every_truncation_is_an_error() {
    // Only the trailing newline may go: the plan ends at its last `)`.
    let complete = BASE.rfind(')').unwrap() + 1;
    let mut cuts = 0;
    for (cut, _) in BASE.char_indices().chain([(BASE.len(), ' ')]) {
        let prefix = &BASE[..cut];
        match parse(prefix) {
            Ok(_) => assert!(cut >= complete, "prefix of {cut} bytes accepted"),
            Err(e) => {
                assert!(cut < complete, "complete plan refused: {e}");
                assert!(
                    matches!(e, PlanFileError::Syntax { .. }),
                    "cut at {cut}: {e}"
                );
                check_error_shape(prefix, &e);
            }
        }
        cuts += 1;
    }
    assert!(cuts > 2500);
}

#[test]
fn deleting_any_one_char_gives_an_error_or_a_plan_never_a_panic() {
    for (at, c) in BASE.char_indices() {
        let text = format!("{}{}", &BASE[..at], &BASE[at + c.len_utf8()..]);
        match parse(&text) {
            Ok((plan, model)) => check_accepted(&plan, &model),
            Err(e) => check_error_shape(&text, &e),
        }
    }
}

// ---------------------------------------------------------------------------
// A huge plan: thousands of problems, each located.
// ---------------------------------------------------------------------------

#[test]
fn thousands_of_problems_are_each_located() {
    let n = 2000;
    let drivers: String = (0..n)
        .map(|i| {
            format!(
                "        Driver(name: \"d{i}\", value: {}, min: 1, max: 10),\n",
                100 + i
            )
        })
        .collect();
    let text = BASE.replacen("    drivers: [\n", &format!("    drivers: [\n{drivers}"), 1);
    let Err(error @ PlanFileError::Invalid { .. }) = parse(&text) else {
        panic!("expected Invalid");
    };
    check_error_shape(&text, &error);
    let PlanFileError::Invalid { problems, .. } = &error else {
        unreachable!()
    };
    assert_eq!(problems.len(), n);
    for (i, p) in problems.iter().enumerate() {
        assert_eq!(p.error.path.to_string(), format!("drivers[{i}].value"));
        let needle = format!("value: {}, min", 100 + i);
        let at = only(&text, &needle) + "value: ".len();
        assert_eq!((p.line, p.column), position(&text, at));
    }
}

// ---------------------------------------------------------------------------
// Random damage.
// ---------------------------------------------------------------------------

/// RON fragments that make damage more interesting than random bytes.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "/*",
    "*/",
    "//",
    "\n",
    "r#\"",
    "\"#",
    "NaN",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "1e999",
    "4294967296",
    "Some(",
    "None",
    "Plan(",
    "version: 99,",
    "version: 0,",
    "Fixed(0)",
    "Autoscale(min: 3, max: 1, target: 2)",
    "Run(\"ghost\", Single)",
    "\"users\": -1",
    "x: 1,",
    "☃",
    "\u{feff}",
    "\0",
    "\\",
];

#[derive(Debug, Clone)]
enum Damage {
    FlipBit { at: usize, bit: u8 },
    SetByte { at: usize, byte: u8 },
    Truncate { at: usize },
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    InsertFragment { at: usize, fragment: usize },
    Duplicate { at: usize, len: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = any::<usize>();
    prop_oneof![
        (at, 0u8..8).prop_map(|(at, bit)| Damage::FlipBit { at, bit }),
        (at, any::<u8>()).prop_map(|(at, byte)| Damage::SetByte { at, byte }),
        at.prop_map(|at| Damage::Truncate { at }),
        (at, 1usize..40).prop_map(|(at, len)| Damage::Delete { at, len }),
        (at, prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        (at, 0..FRAGMENTS.len()).prop_map(|(at, fragment)| Damage::InsertFragment { at, fragment }),
        (at, 1usize..200).prop_map(|(at, len)| Damage::Duplicate { at, len }),
    ]
}

fn apply(text: &str, damages: &[Damage]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for d in damages {
        let len = bytes.len();
        let pos = |at: usize| if len == 0 { 0 } else { at % (len + 1) };
        match d {
            Damage::FlipBit { at, bit } if len > 0 => bytes[at % len] ^= 1 << bit,
            Damage::SetByte { at, byte } if len > 0 => bytes[at % len] = *byte,
            Damage::FlipBit { .. } | Damage::SetByte { .. } => {}
            Damage::Truncate { at } => bytes.truncate(pos(*at)),
            Damage::Delete { at, len: n } => {
                let start = pos(*at);
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            Damage::Insert { at, bytes: new } => {
                let start = pos(*at);
                bytes.splice(start..start, new.iter().copied());
            }
            Damage::InsertFragment { at, fragment } => {
                let start = pos(*at);
                bytes.splice(start..start, FRAGMENTS[*fragment].bytes());
            }
            Damage::Duplicate { at, len: n } => {
                let start = pos(*at);
                let end = (start + n).min(len);
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check_any(text: &str) {
    match parse(text) {
        Ok((plan, model)) => check_accepted(&plan, &model),
        Err(e) => check_error_shape(text, &e),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn damaged_plans_never_panic(damages in prop::collection::vec(damage(), 1..6)) {
        check_any(&apply(BASE, &damages));
    }

    #[test]
    fn damaged_invalid_plans_never_panic(
        case in 0usize..50,
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        static CASES: LazyLock<Vec<InvalidCase>> = LazyLock::new(invalid_cases);
        check_any(&apply(&CASES[case % CASES.len()].text, &damages));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_any(&text);
    }

    #[test]
    fn locate_never_panics_and_stays_in_the_text(
        damages in prop::collection::vec(damage(), 0..6),
        path in 0usize..6,
    ) {
        let text = apply(BASE, &damages);
        let paths = [
            headroom::model::FieldPath::default(),
            headroom::model::FieldPath::default().field("drivers").index(1).field("max"),
            headroom::model::FieldPath::default().field("components").index(2)
                .field("demand").key("ram").field("per").key("users"),
            headroom::model::FieldPath::default().field("phases").index(1).field("groups")
                .index(0).field("count").field("target"),
            headroom::model::FieldPath::default().field("phases").index(0).field("groups")
                .index(0).field("runs").index(2).index(0),
            headroom::model::FieldPath::default().field("resources").index(0).field("warn"),
        ];
        let (line, column) = locate(&text, &paths[path]);
        prop_assert!(in_text(&text, line, column), "{line}:{column}");
    }
}
