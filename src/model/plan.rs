//! The plan: what a user writes in a `.ron` file and edits in the window.
//!
//! These types are the file schema (MODEL.md §1). They are plain data: no
//! validation happens here (see [`crate::model::validate`]) and no arithmetic
//! (see [`crate::model::compile`] and [`crate::model::evaluate`]).
//!
//! Units are in the field names: `ram_gb`, `vcpu`, `usd`, `..._mb`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The plan-file format this build writes. Older versions are migrated on load.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// The four drivers every plan may use without declaring them.
pub const BUILTIN_DRIVERS: [&str; 4] = ["users", "triples", "vectors", "workloads"];

/// The three resources every node has.
pub const BUILTIN_RESOURCES: [&str; 3] = ["cpu", "ram", "disk"];

/// A whole capacity plan: drivers, the software, and the phases it may run on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Plan-file format version ([`PLAN_FORMAT_VERSION`]).
    pub version: u32,
    /// Short identifier-like name, e.g. `social-mvp-vps`.
    pub name: String,
    /// Human title shown in the window and reports.
    #[serde(default)]
    pub title: String,
    /// What the plan is about, in a sentence or two.
    #[serde(default)]
    pub description: String,
    /// The date the plan's figures are as of (reports show it; never the wall clock).
    #[serde(default, deserialize_with = "plan_date")]
    pub date: Option<NaiveDate>,
    /// The driver that costs are divided by ("cost per user"). Defaults to `users`.
    #[serde(default = "default_main_driver")]
    pub main_driver: String,
    /// Pricing mode applied to every node group (catalog multipliers).
    #[serde(default)]
    pub pricing: PricingMode,
    /// Drivers this plan uses, in display order. Built-in drivers not listed are unused (0).
    pub drivers: Vec<Driver>,
    /// Extra resources (e.g. `db_connections`) and threshold overrides for built-ins.
    #[serde(default)]
    pub resources: Vec<ResourceSpec>,
    /// The software that consumes resources.
    pub components: Vec<Component>,
    /// Fixed monthly services included in every phase (domain, monitoring, ...).
    #[serde(default)]
    pub services: Vec<Service>,
    /// Usage-priced items included in every phase (LLM tokens, GPU hours, ...).
    #[serde(default)]
    pub usage: Vec<UsageItem>,
    /// The ordered steps of the plan.
    pub phases: Vec<Phase>,
    /// The timeline's start, horizon and budget (drivers grow by their `growth`).
    #[serde(default, skip_serializing_if = "TimelineSpec::is_default")]
    pub timeline: TimelineSpec,
    /// Named what-ifs: other driver values and growth rates, compared side by side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
}

fn default_main_driver() -> String {
    "users".to_owned()
}

/// `date: "2025-03-01"`, with an error that says which form is expected (chrono's
/// own says only "input contains invalid characters").
fn plan_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|e| {
        serde::de::Error::custom(format!(
            "expected a date as \"YYYY-MM-DD\", got {text:?} ({e})"
        ))
    })
}

/// A quantity the user drags: users, triples, vectors, workloads or a plan-defined one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    /// Identifier (`users`, `tenants`, ...).
    pub name: String,
    /// Current value.
    pub value: f64,
    /// Slider range lower end.
    pub min: f64,
    /// Slider range upper end.
    pub max: f64,
    /// Display unit ("users", "triples", "agents").
    #[serde(default)]
    pub unit: String,
    /// What the driver means in this plan ("concurrent users").
    #[serde(default)]
    pub meaning: String,
    /// Slider scale.
    #[serde(default)]
    pub scale: SliderScale,
    /// How the value grows month by month on the timeline (none by default).
    #[serde(default, skip_serializing_if = "Growth::is_none")]
    pub growth: Growth,
}

/// How a driver grows over the timeline, from its value at the start date.
///
/// Month `t` (fractional months since the start): `Compound`: `v0 × (1 + p/100)^t`;
/// `Linear`: `v0 + per_month × t`. Rates are ≥ 0: a driver never shrinks on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Growth {
    /// The value stays as it is.
    #[default]
    None,
    /// Compound growth: `percent_per_month` % more every month (`15` = ×1.15 a month).
    Compound {
        /// Percent per month (0..=1000).
        percent_per_month: f64,
    },
    /// Linear growth: the same amount added every month.
    Linear {
        /// Driver units added per month.
        per_month: f64,
    },
}

impl Growth {
    /// Whether this is [`Growth::None`] (a file need not write it).
    pub fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }
}

/// Default horizon of a timeline, months.
pub const DEFAULT_HORIZON_MONTHS: u32 = 24;

/// Start, horizon and budget of a plan's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineSpec {
    /// Month 0 of the timeline; the plan's `date` when absent.
    #[serde(
        default,
        deserialize_with = "plan_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<NaiveDate>,
    /// Months covered (1..=120).
    #[serde(default = "default_horizon_months")]
    pub horizon_months: u32,
    /// A monthly budget: the timeline reports the first month whose cost exceeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_usd_per_month: Option<f64>,
}

impl Default for TimelineSpec {
    fn default() -> Self {
        Self {
            start: None,
            horizon_months: DEFAULT_HORIZON_MONTHS,
            budget_usd_per_month: None,
        }
    }
}

impl TimelineSpec {
    /// Whether every field has its default (a plan without one need not write it).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

fn default_horizon_months() -> u32 {
    DEFAULT_HORIZON_MONTHS
}

/// A named what-if: driver values and growth rates that replace the plan's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name, unique in the plan ("conservative", "expected", "aggressive").
    pub name: String,
    /// What the scenario assumes and where its figures come from.
    #[serde(default)]
    pub description: String,
    /// Driver values at the start date, replacing the plan's (drivers not listed keep theirs).
    #[serde(default)]
    pub drivers: BTreeMap<String, f64>,
    /// Growth per driver, replacing the plan's (drivers not listed keep theirs).
    #[serde(default)]
    pub growth: BTreeMap<String, Growth>,
}

/// How a driver's slider maps position to value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SliderScale {
    /// Logarithmic (the default: plans span orders of magnitude).
    #[default]
    Log,
    /// Linear.
    Linear,
}

/// A resource declaration or a threshold override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// Identifier (`cpu`, `ram`, `disk`, `db_connections`, ...).
    pub name: String,
    /// Display unit ("vCPU", "GB", "connections").
    #[serde(default)]
    pub unit: String,
    /// Warn threshold as a fraction of capacity (default per MODEL.md §1).
    #[serde(default)]
    pub warn: Option<f64>,
    /// Critical threshold as a fraction of capacity.
    #[serde(default)]
    pub critical: Option<f64>,
}

/// Demand for one resource: `base + Σ per[driver] × driver`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearDemand {
    /// Demand when every driver is zero.
    #[serde(default)]
    pub base: f64,
    /// Demand added per unit of each driver.
    #[serde(default)]
    pub per: BTreeMap<String, f64>,
}

/// A piece of software and how much it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Identifier, unique in the plan (a phase may redefine it).
    pub name: String,
    /// Where the figures come from (shown when hovering a number).
    #[serde(default)]
    pub note: String,
    /// The domain kind; compiled to linear demand.
    #[serde(default)]
    pub kind: ComponentKind,
    /// Raw linear demand per resource, added to what the kind compiles to.
    #[serde(default)]
    pub demand: BTreeMap<String, LinearDemand>,
    /// Capacity this component adds to each node that runs it (e.g. worker slots).
    #[serde(default)]
    pub provides: BTreeMap<String, f64>,
}

/// Domain kinds (MODEL.md §1) that compile to linear demand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ComponentKind {
    /// Only the raw `demand` map.
    #[default]
    Custom,
    /// Vector index: `ram ≈ vectors × dimensions × bytes_per_dim × overhead × ram_fraction`.
    VectorStore {
        /// Driver counting the vectors.
        #[serde(default = "driver_vectors")]
        driver: String,
        /// Embedding dimensions.
        dimensions: f64,
        /// Bytes per dimension (4 for float32).
        #[serde(default = "four")]
        bytes_per_dim: f64,
        /// Index overhead multiplier (Qdrant's sizing guidance: 1.5).
        #[serde(default = "one_and_a_half")]
        overhead: f64,
        /// Share of the index held in RAM (1.0 = all; less with on-disk storage).
        #[serde(default = "one")]
        ram_fraction: f64,
    },
    /// Graph database: bytes per triple on disk; RAM = heap + page cache sized to the store.
    GraphStore {
        /// Driver counting the triples (edges).
        #[serde(default = "driver_triples")]
        driver: String,
        /// Store bytes per triple, indexes included.
        bytes_per_triple: f64,
        /// JVM heap, GB.
        heap_gb: f64,
        /// Page cache as a share of the store size (1.0 = the whole store cached).
        #[serde(default = "one")]
        page_cache_fraction: f64,
    },
    /// Web application: RAM per worker process + per active user; request slots.
    WebApp {
        /// Driver counting active users.
        #[serde(default = "driver_users")]
        driver: String,
        /// Worker processes.
        workers: f64,
        /// RAM per worker process, GB.
        ram_per_worker_gb: f64,
        /// RAM per active user (sessions, buffers), MB.
        #[serde(default)]
        ram_per_user_mb: f64,
        /// CPU per active user, vCPU.
        #[serde(default)]
        cpu_per_user_vcpu: f64,
        /// Requests in flight per active user (demand on `request_slots`).
        #[serde(default)]
        requests_per_user: f64,
        /// Concurrency limit per worker; `workers × limit` request slots (0 = not modelled).
        #[serde(default)]
        concurrency_limit: f64,
    },
    /// Relational database: shared_buffers + connections × per-connection memory.
    RelationalDb {
        /// shared_buffers (or buffer pool), GB.
        shared_buffers_gb: f64,
        /// `max_connections`: the `db_connections` capacity it provides.
        max_connections: f64,
        /// Memory per open connection (work_mem and backend), MB.
        ram_per_connection_mb: f64,
        /// Open connections as a function of the drivers.
        connections: LinearDemand,
    },
    /// In-memory cache with a fixed memory limit (Redis `maxmemory`).
    Cache {
        /// Memory limit, GB.
        max_memory_gb: f64,
    },
    /// Pool of task workers: one `task_slots` demand per concurrent task.
    WorkerPool {
        /// Driver counting concurrent tasks.
        #[serde(default = "driver_workloads")]
        driver: String,
        /// Tasks one instance runs at once (the `task_slots` it provides per node).
        concurrency: f64,
        /// CPU per running task, vCPU.
        #[serde(default)]
        cpu_per_task_vcpu: f64,
        /// RAM per running task, GB.
        #[serde(default)]
        ram_per_task_gb: f64,
    },
}

fn driver_users() -> String {
    "users".to_owned()
}
fn driver_triples() -> String {
    "triples".to_owned()
}
fn driver_vectors() -> String {
    "vectors".to_owned()
}
fn driver_workloads() -> String {
    "workloads".to_owned()
}
fn one() -> f64 {
    1.0
}
fn four() -> f64 {
    4.0
}
fn one_and_a_half() -> f64 {
    1.5
}

/// One step of the plan: a complete deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Name, unique in the plan ("MVP", "A1 RAM upgrade").
    pub name: String,
    /// What changes in this phase.
    #[serde(default)]
    pub description: String,
    /// Components defined or redefined here (same name replaces the plan-level one).
    #[serde(default)]
    pub components: Vec<Component>,
    /// Node groups.
    pub groups: Vec<NodeGroup>,
    /// Fixed monthly services of this phase (in addition to the plan's).
    #[serde(default)]
    pub services: Vec<Service>,
    /// Usage-priced items of this phase (in addition to the plan's).
    #[serde(default)]
    pub usage: Vec<UsageItem>,
    /// Days needed to move into this phase (for order-by dates).
    #[serde(default)]
    pub lead_time_days: f64,
}

/// A set of identical nodes and the components placed on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    /// Name, unique in the phase.
    pub name: String,
    /// Where the shape and price come from.
    #[serde(default)]
    pub note: String,
    /// One node's capacity.
    pub shape: NodeShape,
    /// OS/agent reserve, counted as demand on every node.
    #[serde(default)]
    pub reserve: Reserve,
    /// How many nodes.
    pub count: NodeCount,
    /// Price of one node per month.
    pub price: Price,
    /// Pricing mode for this group, overriding the plan's.
    #[serde(default)]
    pub pricing: Option<PricingMode>,
    /// Components placed on this group.
    #[serde(default)]
    pub runs: Vec<Run>,
}

/// One node's capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeShape {
    /// Virtual CPUs.
    pub vcpu: f64,
    /// Memory, GB.
    pub ram_gb: f64,
    /// Disk, GB.
    pub disk_gb: f64,
    /// Other capacities of one node (`db_connections`, `request_slots`, ...).
    #[serde(default)]
    pub extra: BTreeMap<String, f64>,
}

/// What the OS and node agents use on every node.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reserve {
    /// vCPU.
    #[serde(default)]
    pub vcpu: f64,
    /// GB.
    #[serde(default)]
    pub ram_gb: f64,
    /// GB.
    #[serde(default)]
    pub disk_gb: f64,
}

/// Node count of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum NodeCount {
    /// Exactly this many nodes.
    Fixed(u32),
    /// Scaled to keep every resource at or below `target` utilization, within `min..=max`.
    Autoscale {
        /// Fewest nodes.
        min: u32,
        /// Most nodes.
        max: u32,
        /// Target utilization (0..1) the autoscaler keeps each resource at.
        target: f64,
    },
}

/// A price per month: a number, or an entry of the price catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Price {
    /// US dollars per month (per unit for usage items).
    Usd(f64),
    /// Catalog entry id; the catalog's price and source apply.
    Catalog(String),
}

/// Where a component runs in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run(pub String, pub Placement);

/// How a component's demand falls on a group's nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// One node carries it all (the group's first node).
    Single,
    /// Stateless or sharded: all demand divided across the nodes.
    Spread,
    /// Every node holds the full RAM and disk; CPU and other demand is divided.
    Replicated,
}

/// Pricing mode: a catalog multiplier on node prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PricingMode {
    /// List price.
    #[default]
    OnDemand,
    /// Committed use (the catalog's reserved multiplier).
    Reserved,
    /// Interruptible capacity (the catalog's spot multiplier).
    Spot,
}

/// A fixed monthly service (CDN, load balancer, managed DB tier, domain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Name shown in the cost breakdown.
    pub name: String,
    /// Price of one per month.
    pub price: Price,
    /// How many per month: instances for monthly or hourly prices, GB for a
    /// per-GB-month price, M tokens for a per-token price.
    #[serde(default = "one")]
    pub count: f64,
    /// Where the figure comes from.
    #[serde(default)]
    pub note: String,
}

/// A cost proportional to a driver: `max(0, quantity_per_unit × driver − included) × unit price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageItem {
    /// Name shown in the cost breakdown.
    pub name: String,
    /// Driver the usage is proportional to.
    pub driver: String,
    /// Billed units per month per unit of the driver (e.g. M tokens per agent-month).
    pub quantity_per_unit: f64,
    /// Billed unit ("M tokens", "GPU hours", "GB").
    #[serde(default)]
    pub unit: String,
    /// Price of one billed unit.
    pub price: Price,
    /// Billed units included for free each month.
    #[serde(default)]
    pub included: f64,
    /// Where the figures come from.
    #[serde(default)]
    pub note: String,
}
