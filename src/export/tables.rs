//! The report's tables, built once from [`ReportData`] and written by every format:
//! CSV files, XLSX sheets, Markdown and HTML tables. Cells keep plain numbers with
//! their kind, so each format formats them its own way (a currency format in XLSX,
//! `$1,234` in HTML, `1234.5` in CSV).
//!
//! Units are in the headers, never in the cells. Money is scaled to the export's
//! [`Period`] ("Cost (USD/month)" or "Cost (USD/year)"), except totals over the
//! timeline's horizon, which stay totals ("Total spend (USD)"). Where rows mix drivers
//! (the ceilings), a "Unit" column says what the numbers of that row count.

use chrono::NaiveDate;

use super::{Period, ReportData};
use crate::format::percent;
use crate::model::{
    COMPARISON_MONTHS, EvalOptions, Growth, Model, PhaseSwitch, Timeline, find_scenario,
};
use crate::report::cost_item_name;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (not applicable).
    Empty,
    /// Text from the plan or the model (escaped by each writer).
    Text(String),
    /// Money, USD.
    Usd(f64),
    /// A count or quantity (users, nodes, GB).
    Number(f64),
    /// A fraction shown as a percentage (0.8 = 80 %).
    Percent(f64),
    /// A date.
    Date(NaiveDate),
    /// Yes or no (recommended, over capacity, budget exceeded).
    Bool(bool),
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    /// Money, or [`Cell::Empty`] when there is none.
    pub fn usd_or_empty(value: Option<f64>) -> Self {
        value.map_or(Self::Empty, Self::Usd)
    }

    /// A number, or [`Cell::Empty`] when there is none.
    pub fn number_or_empty(value: Option<f64>) -> Self {
        value.map_or(Self::Empty, Self::Number)
    }

    /// A date, or [`Cell::Empty`] when there is none.
    pub fn date_or_empty(value: Option<NaiveDate>) -> Self {
        value.map_or(Self::Empty, Self::Date)
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File and sheet name, lowercase (`phases`, `breakdown`, `timeline`).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// Column headers, units in them ("Cost (USD/month)").
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// Every table of `data`, in report order: drivers, phases, ceilings, breakdown, then
/// timeline and run-outs (when the plan grows), scenarios (when it has some) and
/// sensitivity (when there is a timeline).
pub fn all(data: &ReportData, period: Period) -> Vec<Table> {
    let mut tables = vec![
        drivers(data),
        phases(data, period),
        ceilings(data),
        breakdown(data, period),
    ];
    tables.extend(timeline(data, period));
    tables.extend(runouts(data));
    tables.extend(scenarios(data, period));
    tables.extend(sensitivity(data, period));
    tables
}

/// `USD/month` or `USD/year`.
pub fn money_unit(period: Period) -> String {
    format!("USD/{}", period.name())
}

/// A header with its unit: `Cost (USD/month)`; just the name without a unit.
fn header(name: &str, unit: &str) -> String {
    if unit.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({unit})")
    }
}

/// Every header of a table, owned.
fn columns<const N: usize>(names: [&str; N]) -> Vec<String> {
    names.map(str::to_owned).into()
}

/// The drivers the plan declares (undeclared built-ins are not used).
fn declared(model: &Model) -> impl Iterator<Item = usize> + '_ {
    (0..model.drivers.len()).filter(|&i| model.drivers[i].declared)
}

/// Each driver's growth as the report's timeline uses it: the plan's, replaced by the
/// scenario's where it sets one.
fn growth(data: &ReportData) -> Vec<Growth> {
    let model = &data.model;
    let mut growth = vec![Growth::None; model.drivers.len()];
    for driver in &data.plan.drivers {
        if let Some(index) = model.driver_index(&driver.name) {
            growth[index] = driver.growth;
        }
    }
    let scenario = data
        .scenario
        .as_deref()
        .and_then(|name| find_scenario(&data.plan, name).ok());
    if let Some(scenario) = scenario {
        for (name, rate) in &scenario.growth {
            if let Some(index) = model.driver_index(name) {
                growth[index] = *rate;
            }
        }
    }
    growth
}

/// The drivers: value, unit, growth and slider range.
pub fn drivers(data: &ReportData) -> Table {
    let model = &data.model;
    let growth = growth(data);
    let rows = declared(model)
        .map(|i| {
            let driver = &model.drivers[i];
            let (compound, linear) = match growth[i] {
                Growth::None => (Cell::Empty, Cell::Empty),
                Growth::Compound { percent_per_month } => {
                    (Cell::Percent(percent_per_month / 100.0), Cell::Empty)
                }
                Growth::Linear { per_month } => (Cell::Empty, Cell::Number(per_month)),
            };
            vec![
                Cell::text(&driver.name),
                Cell::text(&driver.meaning),
                Cell::Number(data.drivers[i]),
                Cell::text(&driver.unit),
                compound,
                linear,
                Cell::Number(driver.min),
                Cell::Number(driver.max),
            ]
        })
        .collect();
    Table {
        id: "drivers",
        title: "Drivers".to_owned(),
        columns: columns([
            "Driver",
            "Meaning",
            "Value",
            "Unit",
            "Compound growth per month",
            "Linear growth per month",
            "Slider min",
            "Slider max",
        ]),
        rows,
    }
}

/// One row per phase: status, cost, cost per user and per main-driver unit, the
/// bottleneck, whether it is the recommended phase, and its node counts.
pub fn phases(data: &ReportData, period: Period) -> Table {
    let model = &data.model;
    let evaluation = &data.evaluation;
    let money = money_unit(period);
    let scale = period.months();
    let main = model.main_driver;
    let users = model.users_driver();
    // A separate per-main-unit column only when the main driver is not `users`.
    let per_main = users != Some(main);
    let main_name = &model.drivers[main].name;

    let mut columns = vec![
        "Phase".to_owned(),
        "Status".to_owned(),
        "Recommended".to_owned(),
        header("Cost", &money),
        header("Cost per user", &money),
    ];
    if per_main {
        columns.push(header(&format!("Cost per {}", singular(main_name)), &money));
    }
    columns.extend(self::columns([
        "Bottleneck group",
        "Bottleneck resource",
        "Bottleneck utilization",
        "Nodes",
        "Node groups",
    ]));

    let rows = model
        .phases
        .iter()
        .zip(&evaluation.phases)
        .enumerate()
        .map(|(index, (phase, eval))| {
            let mut row = vec![
                Cell::text(&phase.name),
                Cell::text(eval.status.as_str()),
                Cell::Bool(evaluation.recommended == Some(index)),
                Cell::Usd(eval.monthly_cost_usd * scale),
                Cell::usd_or_empty(eval.cost_per_user_usd.map(|c| c * scale)),
            ];
            if per_main {
                row.push(Cell::usd_or_empty(
                    eval.cost_per_main_unit_usd.map(|c| c * scale),
                ));
            }
            match eval.bottleneck {
                Some(b) => row.extend([
                    Cell::text(&phase.groups[b.group].name),
                    Cell::text(&model.resources[b.resource].name),
                    Cell::Percent(b.utilization),
                ]),
                None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
            }
            let nodes: u32 = eval.groups.iter().map(|g| g.nodes).sum();
            let summary: Vec<String> = phase
                .groups
                .iter()
                .zip(&eval.groups)
                .map(|(group, g)| format!("{} ×{}", group.name, g.nodes))
                .collect();
            row.push(Cell::Number(f64::from(nodes)));
            row.push(Cell::Text(summary.join(", ")));
            row
        })
        .collect();
    Table {
        id: "phases",
        title: "Phases".to_owned(),
        columns,
        rows,
    }
}

/// `users` → `user`, for "Cost per user".
fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}

/// Phase × declared driver: the ceiling (the value at which a warn threshold is first
/// reached, others held), the runway (ceiling / current value) and the group and
/// resource that reach warn there. Rows for drivers that do not move a phase have an
/// empty ceiling.
pub fn ceilings(data: &ReportData) -> Table {
    let model = &data.model;
    let mut rows = Vec::new();
    for (phase, eval) in model.phases.iter().zip(&data.evaluation.phases) {
        for driver in declared(model) {
            let current = data.drivers[driver];
            let ceiling = eval.ceilings.get(driver).copied().flatten();
            let (group, resource) = match ceiling.and_then(|c| limit(data, phase, driver, c)) {
                Some((g, r)) => (
                    Cell::text(&phase.groups[g].name),
                    Cell::text(&model.resources[r].name),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            rows.push(vec![
                Cell::text(&phase.name),
                Cell::text(&model.drivers[driver].name),
                Cell::text(&model.drivers[driver].unit),
                Cell::Number(current),
                Cell::number_or_empty(ceiling),
                Cell::number_or_empty(ceiling.filter(|_| current > 0.0).map(|c| c / current)),
                group,
                resource,
            ]);
        }
    }
    Table {
        id: "ceilings",
        title: "Ceilings".to_owned(),
        columns: columns([
            "Phase",
            "Driver",
            "Unit",
            "Current value",
            "Ceiling",
            "Runway (x current)",
            "Limiting group",
            "Limiting resource",
        ]),
        rows,
    }
}

/// The group × resource of `phase` that reaches its warn threshold when `driver` is at
/// its ceiling `value`: the one closest to (or past) warn there.
fn limit(
    data: &ReportData,
    phase: &crate::model::PhaseModel,
    driver: usize,
    value: f64,
) -> Option<(usize, usize)> {
    let mut drivers = data.drivers.clone();
    drivers[driver] = value;
    let eval = data
        .model
        .evaluate_phase(phase, &drivers, EvalOptions { ceilings: false });
    let mut best: Option<(f64, (usize, usize))> = None;
    for (g, (group, evaluated)) in phase.groups.iter().zip(&eval.groups).enumerate() {
        for (load, usage) in group.loads.iter().zip(&evaluated.resources) {
            // Only loads the driver moves can be the ones it pushes to warn.
            if load.whole.per[driver] <= 0.0 && load.divided.per[driver] <= 0.0 {
                continue;
            }
            let closeness = usage.utilization / load.warn;
            if best.is_none_or(|(c, _)| closeness > c) {
                best = Some((closeness, (g, usage.resource)));
            }
        }
    }
    best.map(|(_, at)| at)
}

/// Every cost line of every phase: group (nodes × node price), service or usage item.
pub fn breakdown(data: &ReportData, period: Period) -> Table {
    let model = &data.model;
    let money = money_unit(period);
    let scale = period.months();
    let mut rows = Vec::new();
    for (phase, eval) in model.phases.iter().zip(&data.evaluation.phases) {
        for line in &eval.costs {
            let (item, kind) = cost_item_name(phase, line.item);
            let (nodes, price) = match line.item {
                crate::model::CostItem::Group(g) => (
                    Cell::Number(f64::from(eval.groups[g].nodes)),
                    Cell::Usd(phase.groups[g].node_price_usd * scale),
                ),
                _ => (Cell::Empty, Cell::Empty),
            };
            rows.push(vec![
                Cell::text(&phase.name),
                Cell::text(item),
                Cell::text(kind),
                nodes,
                price,
                Cell::Usd(line.monthly_usd * scale),
            ]);
        }
    }
    Table {
        id: "breakdown",
        title: "Cost breakdown".to_owned(),
        columns: vec![
            "Phase".to_owned(),
            "Item".to_owned(),
            "Kind".to_owned(),
            "Nodes".to_owned(),
            header("Node price", &money),
            header("Cost", &money),
        ],
        rows,
    }
}

/// Drivers worth a timeline column: declared by the plan, or moving over the horizon
/// (as `headroom timeline` shows them).
fn shown_drivers(model: &Model, timeline: &Timeline) -> Vec<usize> {
    let first = timeline.drivers(0);
    let last = timeline.drivers(timeline.horizon_months);
    (0..model.drivers.len())
        .filter(|&i| model.drivers[i].declared || first[i] != last[i])
        .collect()
}

/// One row per month boundary `0..=horizon` (as `headroom timeline --csv`): the
/// drivers, the recommended phase, its cost, the spend before the month, the
/// bottleneck, and whether the budget is exceeded (when there is one).
pub fn timeline(data: &ReportData, period: Period) -> Option<Table> {
    let timeline = data.timeline.as_ref()?;
    let model = &data.model;
    let money = money_unit(period);
    let scale = period.months();
    let shown = shown_drivers(model, timeline);
    let budget = timeline.budget_usd_per_month;

    let mut columns = columns(["Month", "Date"]);
    for &i in &shown {
        columns.push(header(&model.drivers[i].name, &model.drivers[i].unit));
    }
    columns.extend([
        "Recommended phase".to_owned(),
        "Over capacity".to_owned(),
        "Cost phase".to_owned(),
        header("Cost", &money),
        "Spent before (USD)".to_owned(),
        "Bottleneck group".to_owned(),
        "Bottleneck resource".to_owned(),
        "Bottleneck utilization".to_owned(),
    ]);
    if budget.is_some() {
        columns.push("Budget exceeded".to_owned());
    }
    let rows = timeline
        .months
        .iter()
        .map(|m| {
            let drivers = timeline.drivers(m.month);
            let phase = &model.phases[m.cost_phase];
            let mut row = vec![Cell::Number(f64::from(m.month)), Cell::Date(m.date)];
            row.extend(shown.iter().map(|&i| Cell::Number(drivers[i])));
            row.push(match m.recommended {
                Some(p) => Cell::text(&model.phases[p].name),
                None => Cell::Empty,
            });
            row.push(Cell::Bool(m.over_capacity));
            row.push(Cell::text(&phase.name));
            row.push(Cell::Usd(m.monthly_cost_usd * scale));
            row.push(Cell::Usd(m.spend_before_usd));
            match m.bottleneck {
                Some(b) => row.extend([
                    Cell::text(&phase.groups[b.group].name),
                    Cell::text(&model.resources[b.resource].name),
                    Cell::Percent(b.utilization),
                ]),
                None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
            }
            if let Some(budget) = budget {
                row.push(Cell::Bool(m.monthly_cost_usd > budget));
            }
            row
        })
        .collect();
    Some(Table {
        id: "timeline",
        title: format!(
            "Timeline ({} months from {})",
            timeline.horizon_months, timeline.start
        ),
        columns,
        rows,
    })
}

/// Per phase: when it runs out on the timeline, by which driver, group and resource;
/// when it is needed and when to order it given its lead time.
pub fn runouts(data: &ReportData) -> Option<Table> {
    let timeline = data.timeline.as_ref()?;
    let model = &data.model;
    let rows = model
        .phases
        .iter()
        .zip(&timeline.phases)
        .map(|(phase, p)| {
            let r = p.runout;
            vec![
                Cell::text(&phase.name),
                Cell::date_or_empty(r.map(|r| r.date)),
                Cell::number_or_empty(r.map(|r| r.months)),
                match r.and_then(|r| r.driver) {
                    Some(d) => Cell::text(&model.drivers[d].name),
                    None => Cell::Empty,
                },
                match r {
                    Some(r) => Cell::text(&phase.groups[r.group].name),
                    None => Cell::Empty,
                },
                match r {
                    Some(r) => Cell::text(&model.resources[r.resource].name),
                    None => Cell::Empty,
                },
                Cell::date_or_empty(p.needed_from.map(|n| n.date)),
                Cell::date_or_empty(p.order_by),
                Cell::Number(phase.lead_time_days),
                Cell::Bool(p.order_late),
            ]
        })
        .collect();
    Some(Table {
        id: "runouts",
        title: "Run-out dates".to_owned(),
        columns: columns([
            "Phase",
            "Runs out",
            "Runway (months)",
            "Driver",
            "Group",
            "Resource",
            "Needed from",
            "Order by",
            "Lead time (days)",
            "Order late",
        ]),
        rows,
    })
}

/// `B 2026-05-01, C 2027-01-03` (as `headroom timeline --compare`).
pub fn switches_text(model: &Model, switches: &[PhaseSwitch]) -> String {
    if switches.is_empty() {
        return "none".to_owned();
    }
    let texts: Vec<String> = switches
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.to.map_or("none", |p| model.phases[p].name.as_str()),
                s.date
            )
        })
        .collect();
    texts.join(", ")
}

/// The plan and each scenario side by side: phase switches, cost at 6, 12 and 24
/// months, total spend and runway.
pub fn scenarios(data: &ReportData, period: Period) -> Option<Table> {
    let comparison = data.comparison.as_ref()?;
    let model = &data.model;
    let money = money_unit(period);
    let scale = period.months();
    let mut columns = columns(["Scenario", "Description", "Phase switches"]);
    columns.extend(COMPARISON_MONTHS.map(|m| header(&format!("Cost at month {m}"), &money)));
    columns.extend(["Total spend (USD)".to_owned(), "Runway (months)".to_owned()]);
    let rows = comparison
        .runs
        .iter()
        .map(|run| {
            let mut row = vec![
                Cell::text(&run.name),
                Cell::text(&run.description),
                Cell::Text(switches_text(model, &run.timeline.switches)),
            ];
            row.extend(
                run.costs_compared()
                    .map(|c| Cell::usd_or_empty(c.map(|c| c * scale))),
            );
            row.push(Cell::Usd(run.timeline.total_spend_usd));
            row.push(Cell::number_or_empty(run.timeline.runway_months));
            row
        })
        .collect();
    Some(Table {
        id: "scenarios",
        title: "Scenarios".to_owned(),
        columns,
        rows,
    })
}

/// Each driver value and growth rate at ±10 %: the change of total spend, of the cost
/// at the horizon, and the largest shift of a run-out.
pub fn sensitivity(data: &ReportData, period: Period) -> Option<Table> {
    let sensitivity = data.sensitivity.as_ref()?;
    let model = &data.model;
    let money = money_unit(period);
    let scale = period.months();
    let step = percent(sensitivity.step).replace(' ', "");
    let rows = sensitivity
        .entries
        .iter()
        .map(|e| {
            vec![
                Cell::text(&model.drivers[e.driver].name),
                Cell::text(e.parameter.as_str()),
                Cell::Usd(e.low.total_spend_delta_usd),
                Cell::Usd(e.high.total_spend_delta_usd),
                Cell::Usd(e.low.cost_horizon_delta_usd * scale),
                Cell::Usd(e.high.cost_horizon_delta_usd * scale),
                Cell::Number(e.runout_impact_months()),
            ]
        })
        .collect();
    Some(Table {
        id: "sensitivity",
        title: "Sensitivity".to_owned(),
        columns: vec![
            "Driver".to_owned(),
            "Figure".to_owned(),
            format!("Total spend change at -{step} (USD)"),
            format!("Total spend change at +{step} (USD)"),
            header(&format!("Cost change at the horizon at -{step}"), &money),
            header(&format!("Cost change at the horizon at +{step}"), &money),
            "Largest run-out shift (months)".to_owned(),
        ],
        rows,
    })
}

/// The report's header facts as `Field | Value` rows: plan, title, description, the
/// report date, the catalog's as-of date, the scenario and the main driver (the XLSX
/// summary sheet; not part of [`all`]).
pub fn summary(data: &ReportData, period: Period) -> Table {
    let model = &data.model;
    let mut rows = vec![
        vec![Cell::text("Plan"), Cell::text(&model.name)],
        vec![Cell::text("Title"), Cell::text(&model.title)],
        vec![Cell::text("Description"), Cell::text(&model.description)],
        vec![Cell::text("Date"), Cell::date_or_empty(data.date)],
        vec![
            Cell::text("Price catalog as of"),
            Cell::Date(data.catalog_as_of),
        ],
        vec![
            Cell::text("Scenario"),
            data.scenario.as_deref().map_or(Cell::Empty, Cell::text),
        ],
        vec![
            Cell::text("Main driver"),
            Cell::text(&model.drivers[model.main_driver].name),
        ],
        vec![
            Cell::text("Recommended phase"),
            data.evaluation
                .recommended
                .map_or(Cell::text("none"), |p| Cell::text(&model.phases[p].name)),
        ],
        vec![Cell::text("Money"), Cell::text(money_unit(period))],
    ];
    if let Some(timeline) = &data.timeline {
        rows.push(vec![
            Cell::text("Total spend over the timeline (USD)"),
            Cell::Usd(timeline.total_spend_usd),
        ]);
    }
    rows.extend(
        data.notes
            .iter()
            .map(|n| vec![Cell::text("Note"), Cell::text(n)]),
    );
    Table {
        id: "summary",
        title: "Summary".to_owned(),
        columns: columns(["Field", "Value"]),
        rows,
    }
}
