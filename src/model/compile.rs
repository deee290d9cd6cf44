//! Turns a validated [`Plan`] into a [`Model`]: dense, index-based linear forms
//! that evaluation reads without looking anything up by name.
//!
//! Every component's demand, whatever its domain kind, becomes
//! `base + Σ per[d] × driver[d]` per resource. Placement then splits it into the
//! part every (busiest) node carries whole and the part divided across the
//! group's nodes. `base` is the per-instance footprint (a process's resident
//! memory, a worker's heap): every node running the component pays it whole.
//! The driver terms are the load:
//!
//! | placement    | driver terms of cpu and others | driver terms of ram, disk |
//! |--------------|--------------------------------|---------------------------|
//! | `Single`     | whole                          | whole                     |
//! | `Spread`     | divided                        | divided                   |
//! | `Replicated` | divided                        | whole                     |
//!
//! `Single` components of a group all land on its first node, which is therefore
//! the busiest; a group's figures describe that node. The OS reserve counts as
//! whole demand on every node.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::error::{FieldPath, PlanErrors, ValidationError};
use super::plan::*;
use super::validate::{KIND_RESOURCES, validate};
use crate::catalog::Catalog;

/// Bytes in a GB (decimal, as providers sell disks and RAM plans).
const BYTES_PER_GB: f64 = 1e9;
/// MB in a GB.
const MB_PER_GB: f64 = 1024.0;

/// `base + Σ per[d] × driver[d]`, with one coefficient per model driver.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Linear {
    /// Value when every driver is zero.
    pub base: f64,
    /// Coefficient per driver, indexed like [`Model::drivers`].
    pub per: Vec<f64>,
}

impl Linear {
    fn zero(drivers: usize) -> Self {
        Self {
            base: 0.0,
            per: vec![0.0; drivers],
        }
    }

    /// The value at these driver values.
    #[inline]
    pub fn at(&self, drivers: &[f64]) -> f64 {
        self.base
            + self
                .per
                .iter()
                .zip(drivers)
                .map(|(c, x)| c * x)
                .sum::<f64>()
    }

    /// Whether any driver moves the value.
    pub fn is_constant(&self) -> bool {
        self.per.iter().all(|c| *c == 0.0)
    }

    /// `(base only, driver terms only)`.
    fn split_base(self) -> (Linear, Linear) {
        let base = Linear {
            base: self.base,
            per: vec![0.0; self.per.len()],
        };
        let growth = Linear { base: 0.0, ..self };
        (base, growth)
    }

    fn add_scaled(&mut self, other: &Linear, factor: f64) {
        self.base += other.base * factor;
        for (a, b) in self.per.iter_mut().zip(&other.per) {
            *a += b * factor;
        }
    }
}

/// A driver of the model: the plan's declaration, or an unused built-in.
#[derive(Debug, Clone, PartialEq)]
pub struct DriverInfo {
    /// Identifier.
    pub name: String,
    /// Display unit.
    pub unit: String,
    /// Meaning in this plan.
    pub meaning: String,
    /// The plan's value.
    pub value: f64,
    /// Slider range.
    pub min: f64,
    /// Slider range.
    pub max: f64,
    /// Slider scale.
    pub scale: SliderScale,
    /// Whether the plan declares it (an undeclared built-in is "not used").
    pub declared: bool,
}

/// A resource of the model with its thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInfo {
    /// Identifier.
    pub name: String,
    /// Display unit.
    pub unit: String,
    /// Warn threshold (fraction of capacity).
    pub warn: f64,
    /// Critical threshold (fraction of capacity).
    pub critical: f64,
}

/// One resource of one node group, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Index into [`Model::resources`].
    pub resource: usize,
    /// Capacity of one node (shape plus what placed components provide).
    pub capacity: f64,
    /// Demand the busiest node carries whatever the node count.
    pub whole: Linear,
    /// Demand divided across the group's nodes.
    pub divided: Linear,
    /// Warn threshold, copied from the resource.
    pub warn: f64,
    /// Critical threshold, copied from the resource.
    pub critical: f64,
}

impl Load {
    /// Demand on the busiest node with `nodes` nodes.
    #[inline]
    pub fn demand(&self, drivers: &[f64], nodes: u32) -> f64 {
        self.whole.at(drivers) + self.divided.at(drivers) / f64::from(nodes)
    }
}

/// How many nodes a compiled group has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Count {
    /// Always this many.
    Fixed(u32),
    /// Computed from demand at the target utilization, clamped to `min..=max`.
    Autoscale {
        /// Fewest.
        min: u32,
        /// Most.
        max: u32,
        /// Target utilization.
        target: f64,
    },
}

/// A node group, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupModel {
    /// Name.
    pub name: String,
    /// Where the shape and price come from.
    pub note: String,
    /// Node count rule.
    pub count: Count,
    /// Price of one node per month after the pricing mode.
    pub node_price_usd: f64,
    /// How the node price was found (catalog entry, mode).
    pub price_source: String,
    /// The plan's shape (for display).
    pub shape: NodeShape,
    /// Components on this group with their placement.
    pub runs: Vec<Run>,
    /// One entry per resource the group has capacity for.
    pub loads: Vec<Load>,
}

/// A fixed monthly cost of a phase.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceCost {
    /// Name.
    pub name: String,
    /// Total monthly price (count × unit price; for per-GB or per-token prices the
    /// count is the quantity per month).
    pub monthly_usd: f64,
    /// Where the figure comes from.
    pub source: String,
}

/// A usage-priced cost of a phase.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageCost {
    /// Name.
    pub name: String,
    /// Index of the driver it is proportional to.
    pub driver: usize,
    /// Billed units per driver unit per month.
    pub quantity_per_unit: f64,
    /// Free units per month.
    pub included: f64,
    /// Price of one billed unit.
    pub unit_price_usd: f64,
    /// Billed unit.
    pub unit: String,
    /// Where the figures come from.
    pub source: String,
}

impl UsageCost {
    /// Monthly cost at these driver values.
    #[inline]
    pub fn monthly_usd(&self, drivers: &[f64]) -> f64 {
        (self.quantity_per_unit * drivers[self.driver] - self.included).max(0.0)
            * self.unit_price_usd
    }
}

/// A phase, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseModel {
    /// Name.
    pub name: String,
    /// What changes in it.
    pub description: String,
    /// Days needed to move into it.
    pub lead_time_days: f64,
    /// Node groups.
    pub groups: Vec<GroupModel>,
    /// Fixed services (the plan's, then the phase's).
    pub services: Vec<ServiceCost>,
    /// Usage items (the plan's, then the phase's).
    pub usage: Vec<UsageCost>,
}

/// A validated plan in the form evaluation needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Plan name.
    pub name: String,
    /// Plan title.
    pub title: String,
    /// Plan description.
    pub description: String,
    /// Plan date.
    pub date: Option<NaiveDate>,
    /// Built-in drivers first (users, triples, vectors, workloads), then the plan's extras.
    pub drivers: Vec<DriverInfo>,
    /// Built-in resources first (cpu, ram, disk), then kind-implied and plan-declared ones.
    pub resources: Vec<ResourceInfo>,
    /// Index of the main driver.
    pub main_driver: usize,
    /// Phases in plan order.
    pub phases: Vec<PhaseModel>,
}

/// A threshold (a fraction of capacity) and the resources that share it.
pub type SharedThreshold = (f64, Vec<String>);

impl Model {
    /// Validates and compiles a plan.
    pub fn compile(plan: &Plan, catalog: &Catalog) -> Result<Self, PlanErrors> {
        validate(plan, catalog)?;
        Compiler::new(plan, catalog).model(plan)
    }

    /// Index of a driver by name.
    pub fn driver_index(&self, name: &str) -> Option<usize> {
        self.drivers.iter().position(|d| d.name == name)
    }

    /// Index of a resource by name.
    pub fn resource_index(&self, name: &str) -> Option<usize> {
        self.resources.iter().position(|r| r.name == name)
    }

    /// Index of a phase by name.
    pub fn phase_index(&self, name: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.name == name)
    }

    /// Phase names in plan order.
    pub fn phase_names(&self) -> Vec<String> {
        self.phases.iter().map(|p| p.name.clone()).collect()
    }

    /// The plan's distinct warn and critical thresholds, each with the names of the
    /// resources it applies to, in resource order: `(warns, criticals)`.
    pub fn distinct_thresholds(&self) -> (Vec<SharedThreshold>, Vec<SharedThreshold>) {
        let mut warns: Vec<SharedThreshold> = Vec::new();
        let mut criticals: Vec<SharedThreshold> = Vec::new();
        for resource in &self.resources {
            for (list, value) in [
                (&mut warns, resource.warn),
                (&mut criticals, resource.critical),
            ] {
                match list.iter_mut().find(|(v, _)| *v == value) {
                    Some((_, names)) => names.push(resource.name.clone()),
                    None => list.push((value, vec![resource.name.clone()])),
                }
            }
        }
        (warns, criticals)
    }

    /// Driver names, indexed like [`Model::drivers`].
    pub fn driver_names(&self) -> Vec<String> {
        self.drivers.iter().map(|d| d.name.clone()).collect()
    }

    /// The plan's driver values, indexed like [`Model::drivers`].
    pub fn plan_drivers(&self) -> Vec<f64> {
        self.drivers.iter().map(|d| d.value).collect()
    }

    /// The index of `users` when the plan declares it.
    pub fn users_driver(&self) -> Option<usize> {
        self.drivers
            .iter()
            .position(|d| d.name == "users" && d.declared)
    }
}

/// Default thresholds of MODEL.md §1, overridden by the plan's declaration.
pub fn thresholds(spec: &ResourceSpec) -> (f64, f64) {
    let (warn, critical) = default_thresholds(&spec.name);
    (spec.warn.unwrap_or(warn), spec.critical.unwrap_or(critical))
}

fn default_thresholds(resource: &str) -> (f64, f64) {
    match resource {
        "ram" => (0.80, 0.90),
        _ => (0.70, 0.90),
    }
}

fn default_unit(resource: &str) -> &'static str {
    match resource {
        "cpu" => "vCPU",
        "ram" | "disk" => "GB",
        "request_slots" => "requests",
        "db_connections" => "connections",
        "task_slots" => "tasks",
        _ => "",
    }
}

struct Compiler<'a> {
    catalog: &'a Catalog,
    drivers: Vec<DriverInfo>,
    resources: Vec<ResourceInfo>,
    pricing: PricingMode,
    errors: Vec<ValidationError>,
}

impl<'a> Compiler<'a> {
    fn new(plan: &Plan, catalog: &'a Catalog) -> Self {
        let mut drivers: Vec<DriverInfo> = BUILTIN_DRIVERS
            .iter()
            .map(|name| DriverInfo {
                name: name.to_string(),
                unit: name.to_string(),
                meaning: String::new(),
                value: 0.0,
                min: 0.0,
                max: 1.0,
                scale: SliderScale::Linear,
                declared: false,
            })
            .collect();
        for driver in &plan.drivers {
            let info = DriverInfo {
                name: driver.name.clone(),
                unit: driver.unit.clone(),
                meaning: driver.meaning.clone(),
                value: driver.value,
                min: driver.min,
                max: driver.max,
                scale: driver.scale,
                declared: true,
            };
            match drivers.iter_mut().find(|d| d.name == driver.name) {
                Some(slot) => *slot = info,
                None => drivers.push(info),
            }
        }

        let mut resources: Vec<ResourceInfo> = Vec::new();
        for name in BUILTIN_RESOURCES.iter().chain(KIND_RESOURCES.iter()) {
            let (warn, critical) = default_thresholds(name);
            resources.push(ResourceInfo {
                name: name.to_string(),
                unit: default_unit(name).to_owned(),
                warn,
                critical,
            });
        }
        for spec in &plan.resources {
            let (warn, critical) = thresholds(spec);
            let unit = if spec.unit.is_empty() {
                default_unit(&spec.name).to_owned()
            } else {
                spec.unit.clone()
            };
            let info = ResourceInfo {
                name: spec.name.clone(),
                unit,
                warn,
                critical,
            };
            match resources.iter_mut().find(|r| r.name == spec.name) {
                Some(slot) => *slot = info,
                None => resources.push(info),
            }
        }

        Self {
            catalog,
            drivers,
            resources,
            pricing: plan.pricing,
            errors: Vec::new(),
        }
    }

    fn driver(&self, name: &str) -> usize {
        self.drivers
            .iter()
            .position(|d| d.name == name)
            .expect("validated: driver references resolve")
    }

    fn resource(&self, name: &str) -> usize {
        self.resources
            .iter()
            .position(|r| r.name == name)
            .expect("validated: resource references resolve")
    }

    fn linear(&self, demand: &LinearDemand, scale: f64) -> Linear {
        let mut linear = Linear::zero(self.drivers.len());
        linear.base = demand.base * scale;
        for (driver, coefficient) in &demand.per {
            linear.per[self.driver(driver)] += coefficient * scale;
        }
        linear
    }

    /// `coefficient × driver`.
    fn proportional(&self, driver: &str, coefficient: f64) -> Linear {
        let mut linear = Linear::zero(self.drivers.len());
        linear.per[self.driver(driver)] = coefficient;
        linear
    }

    fn constant(&self, value: f64) -> Linear {
        Linear {
            base: value,
            ..Linear::zero(self.drivers.len())
        }
    }

    /// A component's demand per resource index, its domain kind compiled.
    fn component_demand(&self, component: &Component) -> BTreeMap<usize, Linear> {
        let mut demand: BTreeMap<usize, Linear> = BTreeMap::new();
        let mut add = |resource: &str, linear: Linear| {
            demand
                .entry(self.resource(resource))
                .or_insert_with(|| Linear::zero(self.drivers.len()))
                .add_scaled(&linear, 1.0);
        };
        match &component.kind {
            ComponentKind::Custom => {}
            ComponentKind::VectorStore {
                driver,
                dimensions,
                bytes_per_dim,
                overhead,
                ram_fraction,
            } => {
                let gb_per_vector = dimensions * bytes_per_dim * overhead / BYTES_PER_GB;
                add(
                    "ram",
                    self.proportional(driver, gb_per_vector * ram_fraction),
                );
                add("disk", self.proportional(driver, gb_per_vector));
            }
            ComponentKind::GraphStore {
                driver,
                bytes_per_triple,
                heap_gb,
                page_cache_fraction,
            } => {
                let gb_per_triple = bytes_per_triple / BYTES_PER_GB;
                let mut ram = self.proportional(driver, gb_per_triple * page_cache_fraction);
                ram.base = *heap_gb;
                add("ram", ram);
                add("disk", self.proportional(driver, gb_per_triple));
            }
            ComponentKind::WebApp {
                driver,
                workers,
                ram_per_worker_gb,
                ram_per_user_mb,
                cpu_per_user_vcpu,
                requests_per_user,
                concurrency_limit: _,
            } => {
                let mut ram = self.proportional(driver, ram_per_user_mb / MB_PER_GB);
                ram.base = workers * ram_per_worker_gb;
                add("ram", ram);
                add("cpu", self.proportional(driver, *cpu_per_user_vcpu));
                if *requests_per_user > 0.0 {
                    add(
                        "request_slots",
                        self.proportional(driver, *requests_per_user),
                    );
                }
            }
            ComponentKind::RelationalDb {
                shared_buffers_gb,
                max_connections: _,
                ram_per_connection_mb,
                connections,
            } => {
                let mut ram = self.linear(connections, ram_per_connection_mb / MB_PER_GB);
                ram.base += shared_buffers_gb;
                add("ram", ram);
                add("db_connections", self.linear(connections, 1.0));
            }
            ComponentKind::Cache { max_memory_gb } => {
                add("ram", self.constant(*max_memory_gb));
            }
            ComponentKind::WorkerPool {
                driver,
                concurrency: _,
                cpu_per_task_vcpu,
                ram_per_task_gb,
            } => {
                add("cpu", self.proportional(driver, *cpu_per_task_vcpu));
                add("ram", self.proportional(driver, *ram_per_task_gb));
                add("task_slots", self.proportional(driver, 1.0));
            }
        }
        for (resource, linear) in &component.demand {
            add(resource, self.linear(linear, 1.0));
        }
        demand
    }

    /// Capacity a component adds to each node that runs it.
    fn component_provides(&self, component: &Component) -> BTreeMap<usize, f64> {
        let mut provides: BTreeMap<usize, f64> = BTreeMap::new();
        match &component.kind {
            ComponentKind::WebApp {
                workers,
                concurrency_limit,
                ..
            } if *concurrency_limit > 0.0 => {
                *provides.entry(self.resource("request_slots")).or_default() +=
                    workers * concurrency_limit;
            }
            ComponentKind::RelationalDb {
                max_connections, ..
            } => {
                *provides.entry(self.resource("db_connections")).or_default() += max_connections;
            }
            ComponentKind::WorkerPool { concurrency, .. } => {
                *provides.entry(self.resource("task_slots")).or_default() += concurrency;
            }
            _ => {}
        }
        for (resource, amount) in &component.provides {
            *provides.entry(self.resource(resource)).or_default() += amount;
        }
        provides
    }

    fn price_usd(&self, price: &Price) -> (f64, String) {
        match price {
            Price::Usd(usd) => (*usd, "plan".to_owned()),
            Price::Catalog(id) => {
                let entry = self
                    .catalog
                    .get(id)
                    .expect("validated: catalog references resolve");
                let monthly = entry.per.monthly_usd(entry.usd).unwrap_or(entry.usd);
                let source = format!(
                    "catalog {id}: {} {} at ${} per {} ({}, as of {})",
                    entry.provider,
                    entry.product,
                    entry.usd,
                    entry.per.label(),
                    entry.source,
                    entry.as_of
                );
                (monthly, source)
            }
        }
    }

    fn unit_price_usd(&self, price: &Price) -> (f64, String) {
        match price {
            Price::Catalog(id) => {
                let entry = self
                    .catalog
                    .get(id)
                    .expect("validated: catalog references resolve");
                let (_, source) = self.price_usd(price);
                (entry.usd, source)
            }
            Price::Usd(_) => self.price_usd(price),
        }
    }

    fn services(&self, services: &[Service]) -> Vec<ServiceCost> {
        services
            .iter()
            .map(|service| {
                let (unit, source) = self.price_usd(&service.price);
                ServiceCost {
                    name: service.name.clone(),
                    monthly_usd: unit * service.count,
                    source: join_source(&service.note, &source),
                }
            })
            .collect()
    }

    fn usage(&self, items: &[UsageItem]) -> Vec<UsageCost> {
        items
            .iter()
            .map(|item| {
                let (unit_price_usd, source) = self.unit_price_usd(&item.price);
                UsageCost {
                    name: item.name.clone(),
                    driver: self.driver(&item.driver),
                    quantity_per_unit: item.quantity_per_unit,
                    included: item.included,
                    unit_price_usd,
                    unit: item.unit.clone(),
                    source: join_source(&item.note, &source),
                }
            })
            .collect()
    }

    fn model(mut self, plan: &Plan) -> Result<Model, PlanErrors> {
        let mut phases = Vec::with_capacity(plan.phases.len());
        for (phase_index, phase) in plan.phases.iter().enumerate() {
            let path = FieldPath::default().field("phases").index(phase_index);
            phases.push(self.phase(path, plan, phase));
        }
        if !self.errors.is_empty() {
            return Err(PlanErrors(self.errors));
        }
        let main_driver = self.driver(&plan.main_driver);
        Ok(Model {
            name: plan.name.clone(),
            title: plan.title.clone(),
            description: plan.description.clone(),
            date: plan.date,
            drivers: self.drivers,
            resources: self.resources,
            main_driver,
            phases,
        })
    }

    fn phase(&mut self, path: FieldPath, plan: &Plan, phase: &Phase) -> PhaseModel {
        let component = |name: &str| -> &Component {
            phase
                .components
                .iter()
                .chain(&plan.components)
                .find(|c| c.name == name)
                .expect("validated: placed components exist")
        };
        let mut groups = Vec::with_capacity(phase.groups.len());
        for (group_index, group) in phase.groups.iter().enumerate() {
            let group_path = path.field("groups").index(group_index);
            let placed: Vec<(&Component, Placement)> = group
                .runs
                .iter()
                .map(|Run(name, placement)| (component(name), *placement))
                .collect();
            groups.push(self.group(group_path, phase, group, &placed));
        }
        let mut services = self.services(&plan.services);
        services.extend(self.services(&phase.services));
        let mut usage = self.usage(&plan.usage);
        usage.extend(self.usage(&phase.usage));
        PhaseModel {
            name: phase.name.clone(),
            description: phase.description.clone(),
            lead_time_days: phase.lead_time_days,
            groups,
            services,
            usage,
        }
    }

    fn group(
        &mut self,
        path: FieldPath,
        phase: &Phase,
        group: &NodeGroup,
        placed: &[(&Component, Placement)],
    ) -> GroupModel {
        let n = self.drivers.len();
        let mut capacity: BTreeMap<usize, f64> = BTreeMap::new();
        capacity.insert(self.resource("cpu"), group.shape.vcpu);
        capacity.insert(self.resource("ram"), group.shape.ram_gb);
        capacity.insert(self.resource("disk"), group.shape.disk_gb);
        for (resource, amount) in &group.shape.extra {
            *capacity.entry(self.resource(resource)).or_default() += amount;
        }

        let mut whole: BTreeMap<usize, Linear> = BTreeMap::new();
        let mut divided: BTreeMap<usize, Linear> = BTreeMap::new();
        for (resource, reserved) in [
            ("cpu", group.reserve.vcpu),
            ("ram", group.reserve.ram_gb),
            ("disk", group.reserve.disk_gb),
        ] {
            if reserved > 0.0 {
                whole.insert(self.resource(resource), self.constant(reserved));
            }
        }
        let storage = [self.resource("ram"), self.resource("disk")];
        for (component, placement) in placed {
            for (resource, amount) in self.component_provides(component) {
                *capacity.entry(resource).or_default() += amount;
            }
            for (resource, demand) in self.component_demand(component) {
                // `base` is the per-instance footprint: every node running the
                // component pays it. What grows with the drivers is what divides.
                let (base, growth) = demand.split_base();
                let growth_whole = match placement {
                    Placement::Single => true,
                    Placement::Spread => false,
                    Placement::Replicated => storage.contains(&resource),
                };
                whole
                    .entry(resource)
                    .or_insert_with(|| Linear::zero(n))
                    .add_scaled(&base, 1.0);
                let target = if growth_whole {
                    &mut whole
                } else {
                    &mut divided
                };
                target
                    .entry(resource)
                    .or_insert_with(|| Linear::zero(n))
                    .add_scaled(&growth, 1.0);
            }
        }

        let mut loads = Vec::new();
        for resource in 0..self.resources.len() {
            let cap = capacity.get(&resource).copied().unwrap_or(0.0);
            let whole = whole.remove(&resource).unwrap_or_else(|| Linear::zero(n));
            let divided = divided.remove(&resource).unwrap_or_else(|| Linear::zero(n));
            let has_demand = whole.base > 0.0
                || divided.base > 0.0
                || !whole.is_constant()
                || !divided.is_constant();
            if cap <= 0.0 {
                if has_demand {
                    let info = &self.resources[resource];
                    self.errors.push(ValidationError {
                        path: path.field("shape"),
                        message: format!(
                            "phase {:?}, group {:?}: components need {} but the group has no {} capacity \
                             (add it to shape.extra or place a component that provides it)",
                            phase.name, group.name, info.name, info.name
                        ),
                    });
                }
                continue;
            }
            let info = &self.resources[resource];
            loads.push(Load {
                resource,
                capacity: cap,
                whole,
                divided,
                warn: info.warn,
                critical: info.critical,
            });
        }

        let mode = group.pricing.unwrap_or(self.pricing);
        let (list_price, source) = self.price_usd(&group.price);
        let multiplier = self.catalog.multiplier(mode);
        let price_source = if multiplier == 1.0 {
            source
        } else {
            format!("{source} × {multiplier} ({mode:?} pricing)")
        };
        GroupModel {
            name: group.name.clone(),
            note: group.note.clone(),
            count: match group.count {
                NodeCount::Fixed(n) => Count::Fixed(n),
                NodeCount::Autoscale { min, max, target } => Count::Autoscale { min, max, target },
            },
            node_price_usd: list_price * multiplier,
            price_source: join_source(&group.note, &price_source),
            shape: group.shape.clone(),
            runs: group.runs.clone(),
            loads,
        }
    }
}

fn join_source(note: &str, source: &str) -> String {
    match (note.is_empty(), source.is_empty()) {
        (true, _) => source.to_owned(),
        (false, true) => note.to_owned(),
        (false, false) => format!("{note} ({source})"),
    }
}
