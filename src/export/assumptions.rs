//! The assumptions appendix: every threshold, coefficient and price behind the
//! figures, with its source and as-of date, as [`Table`]s (the HTML report and the
//! Markdown show them; CSV and XLSX may write them as they are).
//!
//! Coefficients are shown as the plan states them (a web app's workers, RAM per worker,
//! CPU per user; a raw demand's base and per-driver terms), with their units, so an
//! architect can defend each number in a review. GUI-free.

use super::ReportData;
use super::tables::{Cell, Table};
use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::format;
use crate::model::{
    Component, ComponentKind, LinearDemand, NodeCount, Price, PricingMode, thresholds,
};

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// Every table of the appendix, in report order.
pub fn tables(data: &ReportData) -> Vec<Table> {
    vec![
        thresholds_table(data),
        components_table(data),
        groups_table(data),
        prices_table(data),
        catalog_table(data),
        lead_times_table(data),
    ]
}

/// Warn and critical thresholds of every resource the plan uses.
pub fn thresholds_table(data: &ReportData) -> Table {
    let model = &data.model;
    let used = |r: usize| {
        model
            .phases
            .iter()
            .flat_map(|p| &p.groups)
            .flat_map(|g| &g.loads)
            .any(|l| l.resource == r)
    };
    let rows = model
        .resources
        .iter()
        .enumerate()
        .filter(|(i, r)| used(*i) || data.plan.resources.iter().any(|s| s.name == r.name))
        .map(|(_, r)| {
            let spec = data.plan.resources.iter().find(|s| s.name == r.name);
            let set_by = match spec {
                Some(spec) if spec.warn.is_some() || spec.critical.is_some() => {
                    let (warn, critical) = thresholds(spec);
                    debug_assert_eq!((warn, critical), (r.warn, r.critical));
                    "plan"
                }
                _ => "default (MODEL.md §1)",
            };
            vec![
                text(r.name.clone()),
                text(r.unit.clone()),
                Cell::Percent(r.warn),
                Cell::Percent(r.critical),
                text(set_by),
            ]
        })
        .collect();
    Table {
        id: "assumptions-thresholds",
        title: "Resource thresholds".to_owned(),
        columns: columns(&["Resource", "Unit", "Warn at", "Critical at", "Set by"]),
        rows,
    }
}

/// The unit of a resource, by name.
fn resource_unit(data: &ReportData, resource: &str) -> String {
    data.model
        .resource_index(resource)
        .map(|i| data.model.resources[i].unit.clone())
        .unwrap_or_default()
}

/// Rows of a raw linear demand: its base and each per-driver coefficient.
fn linear_rows(
    label: &str,
    unit: &str,
    demand: &LinearDemand,
    out: &mut Vec<(String, Cell, String)>,
) {
    if demand.base != 0.0 || demand.per.is_empty() {
        out.push((
            format!("{label}: base"),
            Cell::Number(demand.base),
            unit.to_owned(),
        ));
    }
    for (driver, coefficient) in &demand.per {
        out.push((
            format!("{label} per unit of {driver}"),
            Cell::Number(*coefficient),
            unit.to_owned(),
        ));
    }
}

/// A component's parameters as the plan states them: `(parameter, value, unit)`.
fn parameters(data: &ReportData, component: &Component) -> Vec<(String, Cell, String)> {
    let mut out: Vec<(String, Cell, String)> = Vec::new();
    let mut num = |name: &str, value: f64, unit: &str| {
        out.push((name.to_owned(), Cell::Number(value), unit.to_owned()));
    };
    let kind = match &component.kind {
        ComponentKind::Custom => ("custom", None),
        ComponentKind::VectorStore {
            driver,
            dimensions,
            bytes_per_dim,
            overhead,
            ram_fraction,
        } => {
            num("dimensions", *dimensions, "dimensions per vector");
            num("bytes_per_dim", *bytes_per_dim, "bytes");
            num("overhead", *overhead, "× index size");
            num("ram_fraction", *ram_fraction, "share of the index in RAM");
            ("vector store", Some(driver))
        }
        ComponentKind::GraphStore {
            driver,
            bytes_per_triple,
            heap_gb,
            page_cache_fraction,
        } => {
            num("bytes_per_triple", *bytes_per_triple, "bytes on disk");
            num("heap_gb", *heap_gb, "GB");
            num(
                "page_cache_fraction",
                *page_cache_fraction,
                "share of the store in RAM",
            );
            ("graph store", Some(driver))
        }
        ComponentKind::WebApp {
            driver,
            workers,
            ram_per_worker_gb,
            ram_per_user_mb,
            cpu_per_user_vcpu,
            requests_per_user,
            concurrency_limit,
        } => {
            num("workers", *workers, "processes");
            num("ram_per_worker_gb", *ram_per_worker_gb, "GB per process");
            num("ram_per_user_mb", *ram_per_user_mb, "MB per active user");
            num(
                "cpu_per_user_vcpu",
                *cpu_per_user_vcpu,
                "vCPU per active user",
            );
            num(
                "requests_per_user",
                *requests_per_user,
                "requests in flight per user",
            );
            num(
                "concurrency_limit",
                *concurrency_limit,
                "requests per worker (0 = not modelled)",
            );
            ("web app", Some(driver))
        }
        ComponentKind::RelationalDb {
            shared_buffers_gb,
            max_connections,
            ram_per_connection_mb,
            connections,
        } => {
            num("shared_buffers_gb", *shared_buffers_gb, "GB");
            num("max_connections", *max_connections, "connections");
            num(
                "ram_per_connection_mb",
                *ram_per_connection_mb,
                "MB per connection",
            );
            linear_rows("connections", "connections", connections, &mut out);
            ("relational database", None)
        }
        ComponentKind::Cache { max_memory_gb } => {
            num("max_memory_gb", *max_memory_gb, "GB");
            ("cache", None)
        }
        ComponentKind::WorkerPool {
            driver,
            concurrency,
            cpu_per_task_vcpu,
            ram_per_task_gb,
        } => {
            num("concurrency", *concurrency, "tasks per instance");
            num("cpu_per_task_vcpu", *cpu_per_task_vcpu, "vCPU per task");
            num("ram_per_task_gb", *ram_per_task_gb, "GB per task");
            ("worker pool", Some(driver))
        }
    };
    let mut head = vec![("kind".to_owned(), text(kind.0), String::new())];
    if let Some(driver) = kind.1 {
        head.push(("driver".to_owned(), text(driver.clone()), String::new()));
    }
    head.append(&mut out);
    for (resource, demand) in &component.demand {
        let unit = resource_unit(data, resource);
        linear_rows(&format!("demand {resource}"), &unit, demand, &mut head);
    }
    for (resource, amount) in &component.provides {
        head.push((
            format!("provides {resource}"),
            Cell::Number(*amount),
            format!("{} per node", resource_unit(data, resource)),
        ));
    }
    head
}

/// Every component's parameters and demand coefficients, as the plan states them.
pub fn components_table(data: &ReportData) -> Table {
    let plan = &data.plan;
    let scoped = plan
        .components
        .iter()
        .map(|c| ("plan".to_owned(), c))
        .chain(plan.phases.iter().flat_map(|p| {
            p.components
                .iter()
                .map(move |c| (format!("phase {}", p.name), c))
        }));
    let mut rows = Vec::new();
    for (scope, component) in scoped {
        for (i, (parameter, value, unit)) in parameters(data, component).into_iter().enumerate() {
            let first = i == 0;
            rows.push(vec![
                if first {
                    text(component.name.clone())
                } else {
                    Cell::Empty
                },
                if first {
                    text(scope.clone())
                } else {
                    Cell::Empty
                },
                text(parameter),
                value,
                text(unit),
                if first && !component.note.is_empty() {
                    text(component.note.clone())
                } else {
                    Cell::Empty
                },
            ]);
        }
    }
    Table {
        id: "assumptions-components",
        title: "Components: coefficients as the plan states them".to_owned(),
        columns: columns(&[
            "Component",
            "Defined in",
            "Parameter",
            "Value",
            "Unit",
            "Source / note",
        ]),
        rows,
    }
}

fn mode_name(mode: PricingMode) -> &'static str {
    match mode {
        PricingMode::OnDemand => "on-demand",
        PricingMode::Reserved => "reserved",
        PricingMode::Spot => "spot",
    }
}

/// Node shapes, OS reserves, counts and autoscale targets of every group.
pub fn groups_table(data: &ReportData) -> Table {
    let mut rows = Vec::new();
    for phase in &data.plan.phases {
        for group in &phase.groups {
            let mut shape = format!(
                "{} vCPU, {} GB RAM, {} GB disk",
                crate::format::quantity(group.shape.vcpu),
                crate::format::quantity(group.shape.ram_gb),
                crate::format::quantity(group.shape.disk_gb)
            );
            for (name, amount) in &group.shape.extra {
                shape.push_str(&format!(", {} {name}", crate::format::quantity(*amount)));
            }
            let r = &group.reserve;
            let reserve = format!(
                "{} vCPU, {} GB RAM, {} GB disk",
                crate::format::quantity(r.vcpu),
                crate::format::quantity(r.ram_gb),
                crate::format::quantity(r.disk_gb)
            );
            let (count, target) = match group.count {
                NodeCount::Fixed(n) => (text(format!("{n} (fixed)")), Cell::Empty),
                NodeCount::Autoscale { min, max, target } => (
                    text(format!("{min}–{max} (autoscaled)")),
                    Cell::Percent(target),
                ),
            };
            rows.push(vec![
                text(phase.name.clone()),
                text(group.name.clone()),
                text(shape),
                text(reserve),
                count,
                target,
                text(mode_name(group.pricing.unwrap_or(data.plan.pricing))),
            ]);
        }
    }
    Table {
        id: "assumptions-groups",
        title: "Node groups: shapes, OS reserve, counts and autoscale targets".to_owned(),
        columns: columns(&[
            "Phase",
            "Group",
            "Node shape",
            "OS reserve per node",
            "Nodes",
            "Autoscale target",
            "Pricing",
        ]),
        rows,
    }
}

/// `(unit price, billing unit, catalog entry)` of a price.
fn price_cells(price: &Price) -> [Cell; 3] {
    match price {
        Price::Usd(usd) => [Cell::Usd(*usd), text("month"), text("given in the plan")],
        Price::Catalog(id) => match Catalog::embedded().get(id) {
            Some(entry) => [
                Cell::Usd(entry.usd),
                text(entry.per.label()),
                text(id.clone()),
            ],
            None => [
                Cell::Empty,
                Cell::Empty,
                text(format!("{id} (not in the catalog)")),
            ],
        },
    }
}

/// One priced item of the plan: where it is used, what it is, and its price.
struct Priced<'a> {
    scope: &'a str,
    item: &'a str,
    kind: &'static str,
    quantity: String,
    price: &'a Price,
    note: &'a str,
}

/// Every priced item of the plan, in plan order: node groups phase by phase, then
/// services and usage items (the plan's, for every phase, before each phase's own).
fn priced_items(data: &ReportData) -> Vec<Priced<'_>> {
    let plan = &data.plan;
    let catalog = Catalog::embedded();
    let mut items = Vec::new();
    for phase in &plan.phases {
        for group in &phase.groups {
            let mode = group.pricing.unwrap_or(plan.pricing);
            let multiplier = catalog.multiplier(mode);
            let count = match group.count {
                NodeCount::Fixed(1) => "1 node".to_owned(),
                NodeCount::Fixed(n) => format!("{n} nodes"),
                NodeCount::Autoscale { min, max, .. } => format!("{min}–{max} nodes"),
            };
            let quantity = if multiplier == 1.0 {
                count
            } else {
                format!("{count}, {} × {multiplier}", mode_name(mode))
            };
            items.push(Priced {
                scope: &phase.name,
                item: &group.name,
                kind: "node group",
                quantity,
                price: &group.price,
                note: &group.note,
            });
        }
    }
    let services = plan.services.iter().map(|s| ("every phase", s)).chain(
        plan.phases
            .iter()
            .flat_map(|p| p.services.iter().map(move |s| (p.name.as_str(), s))),
    );
    for (scope, service) in services {
        items.push(Priced {
            scope,
            item: &service.name,
            kind: "service",
            quantity: crate::format::quantity(service.count),
            price: &service.price,
            note: &service.note,
        });
    }
    let usage = plan.usage.iter().map(|u| ("every phase", u)).chain(
        plan.phases
            .iter()
            .flat_map(|p| p.usage.iter().map(move |u| (p.name.as_str(), u))),
    );
    for (scope, item) in usage {
        let mut quantity = format!(
            "{} {} per {} a month",
            super::html::content::number(item.quantity_per_unit),
            item.unit,
            item.driver
        );
        if item.included > 0.0 {
            quantity.push_str(&format!(
                ", {} included",
                super::html::content::number(item.included)
            ));
        }
        items.push(Priced {
            scope,
            item: &item.name,
            kind: "usage",
            quantity,
            price: &item.price,
            note: &item.note,
        });
    }
    items
}

/// Every price: node groups, services and usage items, with its catalog entry (whose
/// product, source and as-of date [`catalog_table`] gives once) and the plan's note.
pub fn prices_table(data: &ReportData) -> Table {
    let rows = priced_items(data)
        .into_iter()
        .map(|p| {
            let mut cells = vec![text(p.scope), text(p.item), text(p.kind), text(p.quantity)];
            cells.extend(price_cells(p.price));
            cells.push(if p.note.is_empty() {
                Cell::Empty
            } else {
                text(p.note)
            });
            cells
        })
        .collect();
    Table {
        id: "assumptions-prices",
        title: "Prices".to_owned(),
        columns: columns(&[
            "Phase",
            "Item",
            "Kind",
            "Quantity",
            "Price (USD)",
            "Per",
            "Catalog entry",
            "Note",
        ]),
        rows,
    }
}

/// The oldest and newest as-of dates of the catalog prices the plan uses (`None` when
/// it uses none): what "prices as of" means for this plan, as the catalog's own date
/// is only that of its newest entry.
pub fn price_dates(data: &ReportData) -> Option<(NaiveDate, NaiveDate)> {
    let catalog = Catalog::embedded();
    priced_items(data)
        .iter()
        .filter_map(|p| match p.price {
            Price::Catalog(id) => catalog.get(id).map(|e| e.as_of),
            _ => None,
        })
        .fold(None, |range, date| match range {
            None => Some((date, date)),
            Some((lo, hi)) => Some((date.min(lo), date.max(hi))),
        })
}

/// "2025-06-01 to 2026-09-20 (catalog of 2026-11-23)": the dates of the plan's prices
/// and of the catalog.
pub fn price_dates_text(data: &ReportData) -> String {
    let catalog = format::date(data.catalog_as_of);
    match price_dates(data) {
        Some((lo, hi)) if lo == hi => format!("{} (catalog of {catalog})", format::date(lo)),
        Some((lo, hi)) => format!(
            "{} to {} (catalog of {catalog})",
            format::date(lo),
            format::date(hi)
        ),
        None => format!("catalog of {catalog} (the plan uses no catalog price)"),
    }
}

/// Every catalog entry the plan's prices use, once (with the phases using it), and
/// the pricing-mode multipliers: product, price, source and as-of date.
pub fn catalog_table(data: &ReportData) -> Table {
    let catalog = Catalog::embedded();
    // (id, scopes using it), in order of first use.
    let mut used: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in priced_items(data) {
        let Price::Catalog(id) = p.price else {
            continue;
        };
        match used.iter_mut().find(|(u, _)| *u == id.as_str()) {
            Some((_, scopes)) => {
                if !scopes.contains(&p.scope) {
                    scopes.push(p.scope);
                }
            }
            None => used.push((id.as_str(), vec![p.scope])),
        }
    }
    let mut rows: Vec<Vec<Cell>> = used
        .into_iter()
        .map(|(id, scopes)| {
            let scopes = text(scopes.join(", "));
            match catalog.get(id) {
                Some(entry) => vec![
                    text(id),
                    text(format!("{}: {}", entry.provider, entry.product)),
                    Cell::Usd(entry.usd),
                    text(entry.per.label()),
                    scopes,
                    text(entry.source.clone()),
                    Cell::Date(entry.as_of),
                ],
                None => vec![
                    text(id),
                    text("not in the embedded catalog"),
                    Cell::Empty,
                    Cell::Empty,
                    scopes,
                    Cell::Empty,
                    Cell::Empty,
                ],
            }
        })
        .collect();
    rows.push(vec![
        text("pricing modes"),
        text(format!(
            "multipliers: reserved × {}, spot × {}",
            catalog.pricing_modes.reserved, catalog.pricing_modes.spot
        )),
        Cell::Empty,
        Cell::Empty,
        text("every phase"),
        text(catalog.pricing_modes.source.clone()),
        Cell::Date(catalog.as_of),
    ]);
    Table {
        id: "assumptions-catalog",
        title: "Catalog entries: sources and as-of dates".to_owned(),
        columns: columns(&[
            "Catalog entry",
            "Product",
            "Price (USD)",
            "Per",
            "Used in",
            "Source",
            "As of",
        ]),
        rows,
    }
}

/// Days needed to move into each phase (the order-by dates).
pub fn lead_times_table(data: &ReportData) -> Table {
    let rows = data
        .plan
        .phases
        .iter()
        .map(|p| {
            vec![
                text(p.name.clone()),
                Cell::Number(p.lead_time_days),
                text(p.description.clone()),
            ]
        })
        .collect();
    Table {
        id: "assumptions-lead-times",
        title: "Phases: lead times".to_owned(),
        columns: columns(&["Phase", "Lead time (days)", "What changes"]),
        rows,
    }
}
