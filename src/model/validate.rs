//! Checks a [`Plan`] before any arithmetic sees it (MODEL.md §2, last paragraph).
//!
//! Every number must be finite, non-negative and below [`MAX_MAGNITUDE`];
//! capacities must be positive; names unique; references resolvable. All
//! problems are collected, each with the path of the field it is about.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{FieldPath, PlanErrors, ValidationError};
use super::plan::*;
use crate::catalog::Catalog;

/// Largest magnitude accepted for any number in a plan. Beyond it a value is a typo
/// (`1e308`), not a plan, and products of two such numbers would overflow.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Most nodes a group may have.
pub const MAX_NODES: u32 = 10_000;

/// Longest timeline horizon, months (ten years).
pub const MAX_HORIZON_MONTHS: u32 = 120;

/// Fastest compound growth accepted, percent per month (×11 a month). Beyond it a rate
/// is a typo (`1500` for `15`), and 120 months of it would overflow.
pub const MAX_GROWTH_PERCENT_PER_MONTH: f64 = 1000.0;

/// Resources that domain kinds imply, declared automatically with default thresholds.
pub const KIND_RESOURCES: [&str; 3] = ["request_slots", "db_connections", "task_slots"];

/// Checks a whole plan against the catalog; `Ok` means [`super::compile`] cannot fail
/// on a missing reference or a bad number.
pub fn validate(plan: &Plan, catalog: &Catalog) -> Result<(), PlanErrors> {
    let mut checker = Checker {
        errors: Vec::new(),
        catalog,
        drivers: BTreeSet::new(),
        resources: BTreeSet::new(),
    };
    checker.plan(plan);
    if checker.errors.is_empty() {
        Ok(())
    } else {
        Err(PlanErrors(checker.errors))
    }
}

/// Checks one driver value given on the command line or typed in a field.
pub fn check_driver_value(name: &str, value: f64) -> Result<(), String> {
    if value.is_nan() {
        Err(format!("{name}: expected a number, got NaN"))
    } else if value < 0.0 {
        Err(format!("{name}: must not be negative (got {value})"))
    } else if !value.is_finite() || value > MAX_MAGNITUDE {
        Err(format!(
            "{name}: {value} is beyond the largest accepted value ({MAX_MAGNITUDE:e})"
        ))
    } else {
        Ok(())
    }
}

/// Checks one growth rate given on the command line or typed in a field.
pub fn check_growth(growth: Growth) -> Result<(), String> {
    match growth {
        Growth::None => Ok(()),
        Growth::Compound { percent_per_month } => {
            check_driver_value("percent_per_month", percent_per_month)?;
            if percent_per_month > MAX_GROWTH_PERCENT_PER_MONTH {
                Err(format!(
                    "percent_per_month: {percent_per_month} % a month is beyond the fastest \
                     accepted growth ({MAX_GROWTH_PERCENT_PER_MONTH} % a month)"
                ))
            } else {
                Ok(())
            }
        }
        Growth::Linear { per_month } => check_driver_value("per_month", per_month),
    }
}

struct Checker<'a> {
    errors: Vec<ValidationError>,
    catalog: &'a Catalog,
    drivers: BTreeSet<String>,
    resources: BTreeSet<String>,
}

impl Checker<'_> {
    fn error(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(ValidationError {
            path,
            message: message.into(),
        });
    }

    /// A finite number in `0..=MAX_MAGNITUDE`.
    fn non_negative(&mut self, path: FieldPath, value: f64) -> bool {
        if value.is_nan() {
            self.error(path, "expected a number, got NaN");
        } else if value < 0.0 {
            self.error(path, format!("must not be negative (got {value})"));
        } else if !value.is_finite() || value > MAX_MAGNITUDE {
            self.error(
                path,
                format!("{value:e} is beyond the largest accepted value ({MAX_MAGNITUDE:e})"),
            );
        } else {
            return true;
        }
        false
    }

    /// A finite number in `(0, MAX_MAGNITUDE]`.
    fn positive(&mut self, path: FieldPath, value: f64) -> bool {
        if !self.non_negative(path.clone(), value) {
            return false;
        }
        if value == 0.0 {
            self.error(path, "must be greater than 0");
            return false;
        }
        true
    }

    /// A fraction in `(0, 1]`.
    fn fraction(&mut self, path: FieldPath, value: f64) -> bool {
        if value.is_nan() || value <= 0.0 || value > 1.0 {
            self.error(path, format!("expected a fraction in (0, 1], got {value}"));
            return false;
        }
        true
    }

    fn name(&mut self, path: FieldPath, name: &str, what: &str) {
        if name.trim().is_empty() {
            self.error(path, format!("{what} name must not be empty"));
        }
    }

    fn identifier(&mut self, path: FieldPath, name: &str) {
        let ok = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            self.error(
                path,
                format!("{name:?} is not an identifier: use lowercase letters, digits and _"),
            );
        }
    }

    fn unique<'n>(&mut self, path: &FieldPath, names: impl Iterator<Item = &'n str>, what: &str) {
        let mut seen = BTreeSet::new();
        for (i, name) in names.enumerate() {
            if !seen.insert(name) {
                self.error(
                    path.index(i).field("name"),
                    format!("duplicate {what} name {name:?}"),
                );
            }
        }
    }

    fn driver_ref(&mut self, path: FieldPath, name: &str) {
        if !self.drivers.contains(name) {
            let known: Vec<_> = self.drivers.iter().map(String::as_str).collect();
            self.error(
                path,
                format!(
                    "unknown driver {name:?} (expected one of {})",
                    known.join(", ")
                ),
            );
        }
    }

    fn resource_ref(&mut self, path: FieldPath, name: &str) {
        if !self.resources.contains(name) {
            let known: Vec<_> = self.resources.iter().map(String::as_str).collect();
            self.error(
                path,
                format!(
                    "unknown resource {name:?} (expected one of {}, or declare it under `resources`)",
                    known.join(", ")
                ),
            );
        }
    }

    fn plan(&mut self, plan: &Plan) {
        let root = FieldPath::default();
        if plan.version != PLAN_FORMAT_VERSION {
            self.error(
                root.field("version"),
                format!(
                    "expected plan format version {PLAN_FORMAT_VERSION}, got {}",
                    plan.version
                ),
            );
        }
        self.name(root.field("name"), &plan.name, "plan");

        self.drivers = BUILTIN_DRIVERS.iter().map(|d| d.to_string()).collect();
        let drivers_path = root.field("drivers");
        self.unique(
            &drivers_path,
            plan.drivers.iter().map(|d| d.name.as_str()),
            "driver",
        );
        for (i, driver) in plan.drivers.iter().enumerate() {
            self.driver(drivers_path.index(i), driver);
            self.drivers.insert(driver.name.clone());
        }
        let main_driver = plan.main_driver.clone();
        self.driver_ref(root.field("main_driver"), &main_driver);

        self.resources = BUILTIN_RESOURCES
            .iter()
            .chain(KIND_RESOURCES.iter())
            .map(|r| r.to_string())
            .collect();
        let resources_path = root.field("resources");
        self.unique(
            &resources_path,
            plan.resources.iter().map(|r| r.name.as_str()),
            "resource",
        );
        for (i, resource) in plan.resources.iter().enumerate() {
            self.resource_spec(resources_path.index(i), resource);
            self.resources.insert(resource.name.clone());
        }

        let components_path = root.field("components");
        self.unique(
            &components_path,
            plan.components.iter().map(|c| c.name.as_str()),
            "component",
        );
        for (i, component) in plan.components.iter().enumerate() {
            self.component(components_path.index(i), component);
        }
        self.services(root.field("services"), &plan.services);
        self.usage_items(root.field("usage"), &plan.usage);

        let phases_path = root.field("phases");
        if plan.phases.is_empty() {
            self.error(phases_path.clone(), "a plan needs at least one phase");
        }
        self.unique(
            &phases_path,
            plan.phases.iter().map(|p| p.name.as_str()),
            "phase",
        );
        let plan_components: BTreeSet<&str> =
            plan.components.iter().map(|c| c.name.as_str()).collect();
        for (i, phase) in plan.phases.iter().enumerate() {
            self.phase(phases_path.index(i), phase, &plan_components);
        }

        self.timeline(root.field("timeline"), plan);
        let scenarios_path = root.field("scenarios");
        self.unique(
            &scenarios_path,
            plan.scenarios.iter().map(|s| s.name.as_str()),
            "scenario",
        );
        for (i, scenario) in plan.scenarios.iter().enumerate() {
            self.scenario(scenarios_path.index(i), scenario, &plan.drivers);
        }
    }

    /// A growth rate: finite, ≥ 0, compound at most [`MAX_GROWTH_PERCENT_PER_MONTH`].
    fn growth(&mut self, path: FieldPath, growth: Growth) {
        match growth {
            Growth::None => {}
            Growth::Compound { percent_per_month } => {
                let path = path.field("percent_per_month");
                if self.non_negative(path.clone(), percent_per_month)
                    && percent_per_month > MAX_GROWTH_PERCENT_PER_MONTH
                {
                    self.error(
                        path,
                        format!(
                            "{percent_per_month} % a month is beyond the fastest accepted growth \
                             ({MAX_GROWTH_PERCENT_PER_MONTH} % a month); write 15 for 15 %"
                        ),
                    );
                }
            }
            Growth::Linear { per_month } => {
                self.non_negative(path.field("per_month"), per_month);
            }
        }
    }

    fn timeline(&mut self, path: FieldPath, plan: &Plan) {
        let spec = &plan.timeline;
        let horizon = spec.horizon_months;
        if horizon == 0 || horizon > MAX_HORIZON_MONTHS {
            self.error(
                path.field("horizon_months"),
                format!("expected 1..={MAX_HORIZON_MONTHS} months, got {horizon}"),
            );
        }
        if let Some(budget) = spec.budget_usd_per_month {
            self.non_negative(path.field("budget_usd_per_month"), budget);
        }
        let (start, start_path) = match (spec.start, plan.date) {
            (Some(start), _) => (start, path.field("start")),
            (None, Some(date)) => (date, FieldPath::default().field("date")),
            (None, None) => return,
        };
        if start
            .checked_add_months(chrono::Months::new(MAX_HORIZON_MONTHS))
            .is_none()
        {
            self.error(
                start_path,
                format!("{start} is too late: a timeline from it would run past the last date"),
            );
        }
    }

    fn scenario(&mut self, path: FieldPath, scenario: &Scenario, declared: &[Driver]) {
        self.name(path.field("name"), &scenario.name, "scenario");
        let drivers_path = path.field("drivers");
        for (name, value) in &scenario.drivers {
            let path = drivers_path.key(name);
            self.driver_ref(path.clone(), name);
            if !self.non_negative(path.clone(), *value) {
                continue;
            }
            if let Some(driver) = declared.iter().find(|d| &d.name == name)
                && (*value < driver.min || *value > driver.max)
            {
                self.error(
                    path,
                    format!(
                        "value {value} is outside the slider range {}..={} of {name:?}",
                        driver.min, driver.max
                    ),
                );
            }
        }
        let growth_path = path.field("growth");
        for (name, growth) in &scenario.growth {
            self.driver_ref(growth_path.key(name), name);
            self.growth(growth_path.key(name), *growth);
        }
    }

    fn driver(&mut self, path: FieldPath, driver: &Driver) {
        self.identifier(path.field("name"), &driver.name);
        let value_ok = self.non_negative(path.field("value"), driver.value);
        let min_ok = self.non_negative(path.field("min"), driver.min);
        let max_ok = self.non_negative(path.field("max"), driver.max);
        if min_ok && max_ok {
            if driver.max <= driver.min {
                self.error(
                    path.field("max"),
                    format!(
                        "slider max ({}) must be greater than min ({})",
                        driver.max, driver.min
                    ),
                );
            } else if value_ok && (driver.value < driver.min || driver.value > driver.max) {
                self.error(
                    path.field("value"),
                    format!(
                        "value {} is outside the slider range {}..={}",
                        driver.value, driver.min, driver.max
                    ),
                );
            }
            if driver.scale == SliderScale::Log && driver.min <= 0.0 {
                self.error(
                    path.field("min"),
                    "a logarithmic slider needs min > 0 (use scale: Linear to start at 0)",
                );
            }
        }
        self.growth(path.field("growth"), driver.growth);
    }

    fn resource_spec(&mut self, path: FieldPath, resource: &ResourceSpec) {
        self.identifier(path.field("name"), &resource.name);
        let warn = resource.warn.unwrap_or(0.0);
        let critical = resource.critical.unwrap_or(1.0);
        let warn_ok = resource.warn.is_none() || self.fraction(path.field("warn"), warn);
        let critical_ok =
            resource.critical.is_none() || self.fraction(path.field("critical"), critical);
        if warn_ok && critical_ok {
            let (warn, critical) = super::compile::thresholds(resource);
            if warn >= critical {
                self.error(
                    path.field("warn"),
                    format!("warn threshold {warn} must be below critical {critical}"),
                );
            }
        }
    }

    fn linear_demand(&mut self, path: FieldPath, demand: &LinearDemand) {
        self.non_negative(path.field("base"), demand.base);
        let per_path = path.field("per");
        for (driver, coefficient) in &demand.per {
            self.driver_ref(per_path.key(driver), driver);
            if *coefficient < 0.0 {
                self.error(
                    per_path.key(driver),
                    format!(
                        "must not be negative (got {coefficient}): demand never falls as a driver grows"
                    ),
                );
            } else {
                self.non_negative(per_path.key(driver), *coefficient);
            }
        }
    }

    fn component(&mut self, path: FieldPath, component: &Component) {
        self.name(path.field("name"), &component.name, "component");
        let kind_path = path.field("kind");
        match &component.kind {
            ComponentKind::Custom => {}
            ComponentKind::VectorStore {
                driver,
                dimensions,
                bytes_per_dim,
                overhead,
                ram_fraction,
            } => {
                self.driver_ref(kind_path.field("driver"), driver);
                self.positive(kind_path.field("dimensions"), *dimensions);
                self.positive(kind_path.field("bytes_per_dim"), *bytes_per_dim);
                self.positive(kind_path.field("overhead"), *overhead);
                if *ram_fraction != 0.0 {
                    self.fraction(kind_path.field("ram_fraction"), *ram_fraction);
                }
            }
            ComponentKind::GraphStore {
                driver,
                bytes_per_triple,
                heap_gb,
                page_cache_fraction,
            } => {
                self.driver_ref(kind_path.field("driver"), driver);
                self.positive(kind_path.field("bytes_per_triple"), *bytes_per_triple);
                self.non_negative(kind_path.field("heap_gb"), *heap_gb);
                self.non_negative(kind_path.field("page_cache_fraction"), *page_cache_fraction);
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
                self.driver_ref(kind_path.field("driver"), driver);
                self.positive(kind_path.field("workers"), *workers);
                self.non_negative(kind_path.field("ram_per_worker_gb"), *ram_per_worker_gb);
                self.non_negative(kind_path.field("ram_per_user_mb"), *ram_per_user_mb);
                self.non_negative(kind_path.field("cpu_per_user_vcpu"), *cpu_per_user_vcpu);
                self.non_negative(kind_path.field("requests_per_user"), *requests_per_user);
                self.non_negative(kind_path.field("concurrency_limit"), *concurrency_limit);
            }
            ComponentKind::RelationalDb {
                shared_buffers_gb,
                max_connections,
                ram_per_connection_mb,
                connections,
            } => {
                self.non_negative(kind_path.field("shared_buffers_gb"), *shared_buffers_gb);
                self.positive(kind_path.field("max_connections"), *max_connections);
                self.non_negative(
                    kind_path.field("ram_per_connection_mb"),
                    *ram_per_connection_mb,
                );
                self.linear_demand(kind_path.field("connections"), connections);
            }
            ComponentKind::Cache { max_memory_gb } => {
                self.non_negative(kind_path.field("max_memory_gb"), *max_memory_gb);
            }
            ComponentKind::WorkerPool {
                driver,
                concurrency,
                cpu_per_task_vcpu,
                ram_per_task_gb,
            } => {
                self.driver_ref(kind_path.field("driver"), driver);
                self.positive(kind_path.field("concurrency"), *concurrency);
                self.non_negative(kind_path.field("cpu_per_task_vcpu"), *cpu_per_task_vcpu);
                self.non_negative(kind_path.field("ram_per_task_gb"), *ram_per_task_gb);
            }
        }
        let demand_path = path.field("demand");
        for (resource, demand) in &component.demand {
            self.resource_ref(demand_path.key(resource), resource);
            self.linear_demand(demand_path.key(resource), demand);
        }
        let provides_path = path.field("provides");
        for (resource, amount) in &component.provides {
            self.resource_ref(provides_path.key(resource), resource);
            self.non_negative(provides_path.key(resource), *amount);
        }
    }

    fn price(&mut self, path: FieldPath, price: &Price, time_billed: bool) {
        match price {
            Price::Usd(usd) => {
                self.non_negative(path, *usd);
            }
            Price::Catalog(id) => match self.catalog.get(id) {
                None => self.error(path, format!("no price catalog entry {id:?}")),
                Some(entry) if time_billed && entry.per.monthly_usd(1.0).is_none() => self.error(
                    path,
                    format!(
                        "catalog entry {id:?} is billed per {}, expected a monthly or hourly price",
                        entry.per.label()
                    ),
                ),
                Some(_) => {}
            },
        }
    }

    fn services(&mut self, path: FieldPath, services: &[Service]) {
        self.unique(&path, services.iter().map(|s| s.name.as_str()), "service");
        for (i, service) in services.iter().enumerate() {
            let path = path.index(i);
            self.name(path.field("name"), &service.name, "service");
            self.price(path.field("price"), &service.price, false);
            self.non_negative(path.field("count"), service.count);
        }
    }

    fn usage_items(&mut self, path: FieldPath, items: &[UsageItem]) {
        self.unique(&path, items.iter().map(|u| u.name.as_str()), "usage item");
        for (i, item) in items.iter().enumerate() {
            let path = path.index(i);
            self.name(path.field("name"), &item.name, "usage item");
            self.driver_ref(path.field("driver"), &item.driver);
            self.non_negative(path.field("quantity_per_unit"), item.quantity_per_unit);
            self.non_negative(path.field("included"), item.included);
            self.price(path.field("price"), &item.price, false);
        }
    }

    fn phase(&mut self, path: FieldPath, phase: &Phase, plan_components: &BTreeSet<&str>) {
        self.name(path.field("name"), &phase.name, "phase");
        self.non_negative(path.field("lead_time_days"), phase.lead_time_days);
        let components_path = path.field("components");
        self.unique(
            &components_path,
            phase.components.iter().map(|c| c.name.as_str()),
            "component",
        );
        for (i, component) in phase.components.iter().enumerate() {
            self.component(components_path.index(i), component);
        }
        let mut known: BTreeSet<&str> = plan_components.clone();
        known.extend(phase.components.iter().map(|c| c.name.as_str()));

        let groups_path = path.field("groups");
        if phase.groups.is_empty() {
            self.error(
                groups_path.clone(),
                format!("phase {:?} needs at least one node group", phase.name),
            );
        }
        self.unique(
            &groups_path,
            phase.groups.iter().map(|g| g.name.as_str()),
            "node group",
        );
        let mut placed: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, group) in phase.groups.iter().enumerate() {
            let group_path = groups_path.index(i);
            self.group(group_path.clone(), group);
            for (j, Run(component, _)) in group.runs.iter().enumerate() {
                let run_path = group_path.field("runs").index(j);
                if !known.contains(component.as_str()) {
                    self.error(
                        run_path,
                        format!("unknown component {component:?} (declare it under `components`)"),
                    );
                } else if let Some(first) = placed.insert(component, i) {
                    self.error(
                        run_path,
                        format!(
                            "component {component:?} is already placed on group {:?}; \
                             place it once per phase (use Replicated for copies)",
                            phase.groups[first].name
                        ),
                    );
                }
            }
        }
        self.services(path.field("services"), &phase.services);
        self.usage_items(path.field("usage"), &phase.usage);
    }

    fn group(&mut self, path: FieldPath, group: &NodeGroup) {
        self.name(path.field("name"), &group.name, "node group");
        let shape = path.field("shape");
        let vcpu_ok = self.positive(shape.field("vcpu"), group.shape.vcpu);
        let ram_ok = self.positive(shape.field("ram_gb"), group.shape.ram_gb);
        let disk_ok = self.positive(shape.field("disk_gb"), group.shape.disk_gb);
        for (resource, amount) in &group.shape.extra {
            self.resource_ref(shape.field("extra").key(resource), resource);
            self.non_negative(shape.field("extra").key(resource), *amount);
        }
        let reserve = path.field("reserve");
        for (field, reserved, capacity, capacity_ok) in [
            ("vcpu", group.reserve.vcpu, group.shape.vcpu, vcpu_ok),
            ("ram_gb", group.reserve.ram_gb, group.shape.ram_gb, ram_ok),
            (
                "disk_gb",
                group.reserve.disk_gb,
                group.shape.disk_gb,
                disk_ok,
            ),
        ] {
            if self.non_negative(reserve.field(field), reserved)
                && capacity_ok
                && reserved >= capacity
            {
                self.error(
                    reserve.field(field),
                    format!(
                        "the reserve ({reserved}) must leave capacity on the node ({capacity})"
                    ),
                );
            }
        }
        let count = path.field("count");
        match group.count {
            NodeCount::Fixed(n) => {
                if n == 0 || n > MAX_NODES {
                    self.error(count, format!("expected 1..={MAX_NODES} nodes, got {n}"));
                }
            }
            NodeCount::Autoscale { min, max, target } => {
                if min == 0 || min > max || max > MAX_NODES {
                    self.error(
                        count,
                        format!(
                            "expected 1 <= min <= max <= {MAX_NODES}, got min {min}, max {max}"
                        ),
                    );
                } else {
                    self.fraction(count.field("target"), target);
                }
            }
        }
        self.price(path.field("price"), &group.price, true);
    }
}
