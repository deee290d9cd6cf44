//! Growth over time (MODEL.md §2, "Over time"): month by month from a start date, the
//! driver values, the recommended phase, its cost and bottleneck; per phase the exact
//! moment it runs out, by which driver and resource, and the date to order the next
//! step; the spend over the horizon and the first month over budget. Also what-if
//! scenarios side by side and the sensitivity of cost and dates to every driver.
//!
//! Pure: no I/O, no wall clock (the start is the plan's date or `timeline.start`).
//!
//! # Semantics
//!
//! - Time `t` is in months since the start (fractional inside a month). A driver with
//!   value `v0` at the start is `v0 × (1 + p/100)^t` under `Compound`, `v0 + a × t` under
//!   `Linear`. Rates are ≥ 0, so no driver ever falls.
//! - The timeline has `horizon + 1` **month boundaries**, `0..=horizon`; boundary `m` is
//!   `start + m` calendar months (chrono `checked_add_months`: Jan 31 + 1 month = Feb 28).
//!   Each boundary is evaluated exactly with the model.
//! - Month `m` (for `m < horizon`) is billed at the monthly cost of boundary `m`; the
//!   **total spend** is the sum of those `horizon` monthly costs. The last boundary shows
//!   the run rate at the horizon's end and is not billed. The cost of a boundary is the
//!   recommended phase's; when no phase is ok it is the **last** phase's (the biggest
//!   step the plan has) and the month is flagged `over_capacity`.
//! - A phase **runs out** at the first boundary where its status is not ok (warn or
//!   over); the exact moment `t` inside the month before it is the first instant its
//!   status stops being ok. With one growing driver that moves the phase, `t` is a closed
//!   form: the phase's ceiling `c` of that driver (exact, [`super::ceiling`]) solved for
//!   time, `t = ln(c / v0) / ln(1 + r)` or `t = (c − v0) / a`. With several growing
//!   drivers a load's demand is `Σ b_i v_i(t)`, a sum of exponentials with different
//!   bases and linear terms, which has no closed-form root (and autoscaled node counts
//!   are step functions of it), so `t` is found by bisection on the exact status inside
//!   that month (to 1e-9 of a month). There is no per-day loop anywhere.
//! - The date of a moment `t` is boundary `⌊t⌋` plus the fractional part as days of
//!   that calendar month, rounded down (the day on which it happens).
//! - **Phase switches** are where the recommended phase changes between two boundaries,
//!   timed at the moment the earlier phase ran out. A phase is **needed from** the first
//!   switch into it (the start for the phase recommended at month 0, the current one);
//!   it must be **ordered by** that date minus its `lead_time_days` (rounded up to whole
//!   days). An order-by date before the start is flagged late.
//! - The **runway** is the exact time until the current phase runs out.

use chrono::{Days, Months, NaiveDate};

use super::ceiling::ceiling;
use super::compile::{Count, GroupModel, Load, Model, PhaseModel};
use super::evaluate::{Bottleneck, Status, node_count, resource_use};
use super::plan::{Growth, Plan, Scenario};
use super::validate::MAX_HORIZON_MONTHS;

/// The months at which scenarios are compared (cost at 6, 12 and 24 months).
pub const COMPARISON_MONTHS: [u32; 3] = [6, 12, 24];

/// The relative change applied to each driver value and growth rate by [`Model::sensitivity`].
pub const SENSITIVITY_STEP: f64 = 0.10;

/// Width of the bracket the bisection stops at, months (about 3 ms).
const BISECTION_TOLERANCE_MONTHS: f64 = 1e-9;

/// A closed-form run-out this close outside its month (floating-point noise between the
/// logarithm and the boundary evaluation) is clamped into it.
const CLOSED_FORM_SLACK_MONTHS: f64 = 1e-9;

/// Floating-point slack when a fractional month becomes whole days.
const DAY_SLACK: f64 = 1e-9;

impl Growth {
    /// The value `months` after the start, from `start_value`.
    #[inline]
    pub fn value_at(self, start_value: f64, months: f64) -> f64 {
        match self {
            Self::None => start_value,
            Self::Compound { percent_per_month } => {
                start_value * (months * (percent_per_month / 100.0).ln_1p()).exp()
            }
            Self::Linear { per_month } => start_value + per_month * months,
        }
    }

    /// Whether a value starting at `start_value` changes over time (compound growth of 0
    /// stays 0).
    pub fn moves(self, start_value: f64) -> bool {
        match self {
            Self::None => false,
            Self::Compound { percent_per_month } => percent_per_month > 0.0 && start_value > 0.0,
            Self::Linear { per_month } => per_month > 0.0,
        }
    }

    /// The first time (months ≥ 0) the value reaches `target`, in closed form; `None`
    /// when it never does.
    pub fn months_to_reach(self, start_value: f64, target: f64) -> Option<f64> {
        if target <= start_value {
            return Some(0.0);
        }
        if !self.moves(start_value) {
            return None;
        }
        match self {
            Self::None => None,
            Self::Compound { percent_per_month } => {
                Some((target / start_value).ln() / (percent_per_month / 100.0).ln_1p())
            }
            Self::Linear { per_month } => Some((target - start_value) / per_month),
        }
    }

    /// The same kind of growth with its rate multiplied by `factor`.
    pub fn scaled(self, factor: f64) -> Self {
        match self {
            Self::None => Self::None,
            Self::Compound { percent_per_month } => Self::Compound {
                percent_per_month: percent_per_month * factor,
            },
            Self::Linear { per_month } => Self::Linear {
                per_month: per_month * factor,
            },
        }
    }
}

/// Why a timeline cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    /// Neither `timeline.start` nor the plan's `date` is set.
    #[error(
        "the timeline needs a start date: set the plan's `date` or `timeline: (start: \"YYYY-MM-DD\")`"
    )]
    NoStart,
    /// The horizon is outside `1..=MAX_HORIZON_MONTHS`.
    #[error("a horizon of {0} months: expected 1..={MAX_HORIZON_MONTHS}")]
    Horizon(u32),
    /// A boundary date does not exist in chrono's calendar.
    #[error("{start} + {months} months is past the last date there is")]
    DateOutOfRange {
        /// The start.
        start: NaiveDate,
        /// The months added.
        months: u32,
    },
    /// `--scenario NAME` names no scenario of the plan.
    #[error("plan {plan:?} has no scenario {name:?} ({known})")]
    NoScenario {
        /// Plan name.
        plan: String,
        /// The name asked for.
        name: String,
        /// The scenarios there are, in words.
        known: String,
    },
}

/// What a timeline is computed from: the values at the start and how they grow.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineInput {
    /// Month 0.
    pub start: NaiveDate,
    /// Months covered (boundaries `0..=horizon_months`).
    pub horizon_months: u32,
    /// The monthly budget, if any.
    pub budget_usd_per_month: Option<f64>,
    /// Driver values at the start, indexed like [`Model::drivers`].
    pub drivers: Vec<f64>,
    /// Growth per driver, indexed like [`Model::drivers`].
    pub growth: Vec<Growth>,
}

impl TimelineInput {
    /// The plan's own timeline: `timeline.start` (else the plan's date), horizon, budget,
    /// the plan's driver values and each driver's growth.
    pub fn from_plan(model: &Model, plan: &Plan) -> Result<Self, TimelineError> {
        let start = plan
            .timeline
            .start
            .or(plan.date)
            .ok_or(TimelineError::NoStart)?;
        let mut growth = vec![Growth::None; model.drivers.len()];
        for driver in &plan.drivers {
            if let Some(index) = model.driver_index(&driver.name) {
                growth[index] = driver.growth;
            }
        }
        Ok(Self {
            start,
            horizon_months: plan.timeline.horizon_months,
            budget_usd_per_month: plan.timeline.budget_usd_per_month,
            drivers: model.plan_drivers(),
            growth,
        })
    }

    /// This input with a scenario's driver values and growth rates in place of these
    /// (drivers the scenario does not list keep theirs).
    pub fn with_scenario(&self, model: &Model, scenario: &Scenario) -> Self {
        let mut input = self.clone();
        for (name, value) in &scenario.drivers {
            if let Some(index) = model.driver_index(name) {
                input.drivers[index] = *value;
            }
        }
        for (name, growth) in &scenario.growth {
            if let Some(index) = model.driver_index(name) {
                input.growth[index] = *growth;
            }
        }
        input
    }
}

/// The plan's scenario called `name`.
pub fn find_scenario<'p>(plan: &'p Plan, name: &str) -> Result<&'p Scenario, TimelineError> {
    plan.scenarios
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| TimelineError::NoScenario {
            plan: plan.name.clone(),
            name: name.to_owned(),
            known: if plan.scenarios.is_empty() {
                "it has none".to_owned()
            } else {
                let names: Vec<_> = plan.scenarios.iter().map(|s| s.name.as_str()).collect();
                format!("expected one of {}", names.join(", "))
            },
        })
}

/// One month boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineMonth {
    /// Months since the start.
    pub month: u32,
    /// `start + month` calendar months.
    pub date: NaiveDate,
    /// The first phase whose status is ok.
    pub recommended: Option<usize>,
    /// The phase whose cost and bottleneck are shown: the recommended one, else the last.
    pub cost_phase: usize,
    /// No phase is ok: the cost is the last phase's.
    pub over_capacity: bool,
    /// Monthly cost of `cost_phase`, USD.
    pub monthly_cost_usd: f64,
    /// Spent from the start up to this boundary (the months before it), USD.
    pub spend_before_usd: f64,
    /// The bottleneck of `cost_phase`.
    pub bottleneck: Option<Bottleneck>,
}

/// How a run-out moment was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunoutMethod {
    /// The phase is already past a warn threshold at the start.
    AtStart,
    /// One growing driver moves the phase: its ceiling solved for time.
    ClosedForm,
    /// Several growing drivers: bisection on the exact status inside the month.
    Bisection,
}

impl RunoutMethod {
    /// Lowercase name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtStart => "at_start",
            Self::ClosedForm => "closed_form",
            Self::Bisection => "bisection",
        }
    }
}

/// Where and when a phase runs out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Runout {
    /// The first month boundary at which the phase's status is not ok.
    pub month: u32,
    /// The exact moment, months since the start (in `[month − 1, month]`; 0 at the start).
    pub months: f64,
    /// The date of that moment.
    pub date: NaiveDate,
    /// The growing driver that contributed most to the crossing load since the start
    /// (`None` when the phase was already past warn at the start).
    pub driver: Option<usize>,
    /// The group (index into the phase's groups) of the load that crossed.
    pub group: usize,
    /// The resource (index into [`Model::resources`]) that crossed.
    pub resource: usize,
    /// How the moment was found.
    pub method: RunoutMethod,
}

/// A moment on the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    /// Months since the start.
    pub months: f64,
    /// Its date.
    pub date: NaiveDate,
}

/// One phase over the timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseTimeline {
    /// When it runs out, if within the horizon.
    pub runout: Option<Runout>,
    /// When the recommendation first moves into it (the start for the current phase).
    pub needed_from: Option<Moment>,
    /// `needed_from` minus the phase's lead time (none for the current phase).
    pub order_by: Option<NaiveDate>,
    /// The order-by date is before the start: already late.
    pub order_late: bool,
}

/// The recommended phase changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseSwitch {
    /// The first boundary showing the new recommendation.
    pub month: u32,
    /// The exact moment, months since the start.
    pub months: f64,
    /// Its date.
    pub date: NaiveDate,
    /// Recommended before.
    pub from: Option<usize>,
    /// Recommended after.
    pub to: Option<usize>,
}

/// A plan over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Month 0.
    pub start: NaiveDate,
    /// Months covered.
    pub horizon_months: u32,
    /// The monthly budget, if any.
    pub budget_usd_per_month: Option<f64>,
    /// Boundaries `0..=horizon_months`.
    pub months: Vec<TimelineMonth>,
    /// One per phase, plan order.
    pub phases: Vec<PhaseTimeline>,
    /// Changes of the recommended phase, in time order.
    pub switches: Vec<PhaseSwitch>,
    /// Σ monthly cost of months `0..horizon_months`, USD.
    pub total_spend_usd: f64,
    /// The first boundary whose monthly cost exceeds the budget.
    pub budget_exceeded_month: Option<u32>,
    /// The phase recommended at the start.
    pub current_phase: Option<usize>,
    /// Months until the current phase runs out (0 when no phase is ok at the start;
    /// `None` when it lasts the whole horizon).
    pub runway_months: Option<f64>,
    /// Driver values per boundary, row-major.
    drivers: Vec<f64>,
    /// Drivers per row.
    width: usize,
}

impl Timeline {
    /// Driver values at boundary `month`, indexed like [`Model::drivers`].
    pub fn drivers(&self, month: u32) -> &[f64] {
        let row = month as usize * self.width;
        &self.drivers[row..row + self.width]
    }

    /// Monthly cost at boundary `month`, if within the horizon.
    pub fn cost_at(&self, month: u32) -> Option<f64> {
        self.months.get(month as usize).map(|m| m.monthly_cost_usd)
    }

    /// The date of a moment `months` after the start (see the module docs).
    pub fn date_at(&self, months: f64) -> NaiveDate {
        let (whole, fraction) = split_months(months, self.months.len() - 1);
        match self.months.get(whole + 1) {
            Some(next) if fraction > 0.0 => {
                day_within(self.months[whole].date, next.date, fraction)
            }
            _ => self.months[whole].date,
        }
    }
}

/// `(⌊months⌋, fraction)`, the whole part clamped to `0..=last`.
fn split_months(months: f64, last: usize) -> (usize, f64) {
    let whole = (months.max(0.0).floor() as usize).min(last);
    (whole, months - whole as f64)
}

/// The day `fraction` of the way from `from` to `to` (one calendar month), rounded down.
fn day_within(from: NaiveDate, to: NaiveDate, fraction: f64) -> NaiveDate {
    let days_in_month = (to - from).num_days() as f64;
    from + Days::new((fraction * days_in_month + DAY_SLACK).floor() as u64)
}

/// The date of `months` after `dates[0]`: boundary `⌊months⌋` plus the fraction as days
/// of that calendar month, rounded down.
fn date_at(dates: &[NaiveDate], months: f64) -> NaiveDate {
    let (whole, fraction) = split_months(months, dates.len() - 1);
    match dates.get(whole + 1) {
        Some(next) if fraction > 0.0 => day_within(dates[whole], *next, fraction),
        _ => dates[whole],
    }
}

/// A phase's cost and bottleneck at some driver values, as [`Model::evaluate_phase`]
/// computes them but without allocating.
struct PhaseState {
    monthly_cost_usd: f64,
    bottleneck: Option<Bottleneck>,
}

fn phase_state(phase: &PhaseModel, drivers: &[f64]) -> PhaseState {
    let mut bottleneck: Option<(f64, Bottleneck)> = None;
    // Summed in the order `evaluate_phase` sums its cost lines: groups, services, usage.
    let mut cost = 0.0;
    for (group_index, group) in phase.groups.iter().enumerate() {
        let nodes = node_count(group, drivers);
        for load in &group.loads {
            let usage = resource_use(load, drivers, nodes);
            let closeness = usage.utilization / load.critical;
            if bottleneck.is_none_or(|(best, _)| closeness > best) {
                bottleneck = Some((
                    closeness,
                    Bottleneck {
                        group: group_index,
                        resource: load.resource,
                        utilization: usage.utilization,
                    },
                ));
            }
        }
        cost += f64::from(nodes) * group.node_price_usd;
    }
    for service in &phase.services {
        cost += service.monthly_usd;
    }
    for usage in &phase.usage {
        cost += usage.monthly_usd(drivers);
    }
    PhaseState {
        monthly_cost_usd: cost,
        bottleneck: bottleneck.map(|(_, b)| b),
    }
}

/// Whether every load of the phase is ok (stops at the first one that is not).
fn phase_ok(phase: &PhaseModel, drivers: &[f64]) -> bool {
    phase.groups.iter().all(|group| {
        let nodes = node_count(group, drivers);
        group
            .loads
            .iter()
            .all(|load| resource_use(load, drivers, nodes).status == Status::Ok)
    })
}

/// Whether the phase's status can only worsen as drivers grow: with fixed node counts
/// every utilization is a non-decreasing function of the drivers. (An autoscaler adding
/// a node lowers utilization, so autoscaled phases are scanned boundary by boundary.)
fn status_monotone(phase: &PhaseModel) -> bool {
    phase
        .groups
        .iter()
        .all(|g| matches!(g.count, Count::Fixed(_)))
}

/// Whether driver `driver` moves any load of the phase.
fn moves_phase(phase: &PhaseModel, driver: usize) -> bool {
    phase
        .groups
        .iter()
        .flat_map(|g| &g.loads)
        .any(|load| load.whole.per[driver] != 0.0 || load.divided.per[driver] != 0.0)
}

/// The driver values along the timeline.
struct Path<'a> {
    input: &'a TimelineInput,
    /// Drivers whose value changes over time.
    moving: Vec<usize>,
}

impl Path<'_> {
    fn at(&self, months: f64, out: &mut [f64]) {
        out.copy_from_slice(&self.input.drivers);
        for &i in &self.moving {
            out[i] = self.input.growth[i].value_at(self.input.drivers[i], months);
        }
    }
}

/// Smallest `t` in `[lo, hi]` (to [`BISECTION_TOLERANCE_MONTHS`]) at which `changed`
/// holds, given it does not at `lo` and does at `hi`.
fn bisect(
    path: &Path,
    scratch: &mut [f64],
    mut lo: f64,
    mut hi: f64,
    mut changed: impl FnMut(&[f64]) -> bool,
) -> f64 {
    while hi - lo > BISECTION_TOLERANCE_MONTHS {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        path.at(mid, scratch);
        if changed(scratch) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Utilization of a load over its warn threshold with `nodes` nodes.
fn warn_ratio(load: &Load, drivers: &[f64], nodes: u32) -> f64 {
    load.demand(drivers, nodes) / load.capacity / load.warn
}

/// The load that crossed: among the loads not ok at `after`, the one closest to (or
/// past) its warn threshold at the moment `at`. Returns `(group, load index)`.
fn crossing_load(phase: &PhaseModel, at: &[f64], after: &[f64]) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (g, group) in phase.groups.iter().enumerate() {
        let nodes_after = node_count(group, after);
        let nodes_at = node_count(group, at);
        for (l, load) in group.loads.iter().enumerate() {
            if resource_use(load, after, nodes_after).status == Status::Ok {
                continue;
            }
            let ratio = warn_ratio(load, at, nodes_at);
            if best.is_none_or(|(r, ..)| ratio > r) {
                best = Some((ratio, g, l));
            }
        }
    }
    best.map(|(_, g, l)| (g, l))
}

/// The growing driver whose growth since the start added most demand to `load`.
fn driving_driver(
    group: &GroupModel,
    load: &Load,
    path: &Path,
    at: &[f64],
    moving: &[usize],
) -> Option<usize> {
    let nodes = f64::from(node_count(group, at));
    moving
        .iter()
        .map(|&i| {
            let coefficient = load.whole.per[i] + load.divided.per[i] / nodes;
            (i, coefficient * (at[i] - path.input.drivers[i]))
        })
        .filter(|(_, added)| *added > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

impl Model {
    /// The plan over time (see the module docs for every convention).
    pub fn timeline(&self, input: &TimelineInput) -> Result<Timeline, TimelineError> {
        let horizon = input.horizon_months;
        if horizon == 0 || horizon > MAX_HORIZON_MONTHS {
            return Err(TimelineError::Horizon(horizon));
        }
        assert_eq!(
            input.drivers.len(),
            self.drivers.len(),
            "one value per driver"
        );
        assert_eq!(
            input.growth.len(),
            self.drivers.len(),
            "one growth per driver"
        );
        let dates = (0..=horizon)
            .map(|m| {
                input.start.checked_add_months(Months::new(m)).ok_or(
                    TimelineError::DateOutOfRange {
                        start: input.start,
                        months: m,
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;

        let width = self.drivers.len();
        let path = Path {
            input,
            moving: (0..width)
                .filter(|&i| input.growth[i].moves(input.drivers[i]))
                .collect(),
        };
        let rows = horizon as usize + 1;
        let mut drivers = vec![0.0; rows * width];
        for (m, row) in drivers.chunks_exact_mut(width).enumerate() {
            path.at(m as f64, row);
        }
        let row = |m: u32| &drivers[m as usize * width..(m as usize + 1) * width];

        // The first boundary at which each phase is not ok: a binary search where the
        // status can only worsen, else a scan.
        let monotone: Vec<bool> = self.phases.iter().map(status_monotone).collect();
        let first_out: Vec<Option<u32>> = self
            .phases
            .iter()
            .zip(&monotone)
            .map(|(phase, &monotone)| {
                let ok = |m: u32| phase_ok(phase, row(m));
                if !ok(0) {
                    Some(0)
                } else if monotone {
                    if ok(horizon) {
                        None
                    } else {
                        let (mut lo, mut hi) = (0, horizon);
                        while hi - lo > 1 {
                            let mid = lo + (hi - lo) / 2;
                            if ok(mid) {
                                lo = mid;
                            } else {
                                hi = mid;
                            }
                        }
                        Some(hi)
                    }
                } else {
                    (1..=horizon).find(|&m| !ok(m))
                }
            })
            .collect();
        let ok_at_boundary = |p: usize, m: u32| match first_out[p] {
            None => true,
            Some(out) if m < out => true,
            Some(_) if monotone[p] => false,
            Some(_) => phase_ok(&self.phases[p], row(m)),
        };

        // Month by month.
        let last_phase = self.phases.len() - 1;
        let mut months = Vec::with_capacity(rows);
        let mut spend = 0.0;
        for (m, &date) in (0..=horizon).zip(&dates) {
            let recommended = (0..self.phases.len()).find(|&p| ok_at_boundary(p, m));
            let cost_phase = recommended.unwrap_or(last_phase);
            let state = phase_state(&self.phases[cost_phase], row(m));
            months.push(TimelineMonth {
                month: m,
                date,
                recommended,
                cost_phase,
                over_capacity: recommended.is_none(),
                monthly_cost_usd: state.monthly_cost_usd,
                spend_before_usd: spend,
                bottleneck: state.bottleneck,
            });
            if m < horizon {
                spend += state.monthly_cost_usd;
            }
        }

        // The exact run-out of each phase.
        let mut scratch = vec![0.0; width];
        let mut after = vec![0.0; width];
        let runouts: Vec<Option<Runout>> = self
            .phases
            .iter()
            .zip(&first_out)
            .map(|(phase, &out)| {
                let out = out?;
                let (months, method) = if out == 0 {
                    (0.0, RunoutMethod::AtStart)
                } else {
                    self.runout_moment(phase, &path, row(0), out, &mut scratch)
                };
                // Which load crossed, judged just after the moment: at the boundary for a
                // closed form, at the bisection's upper end otherwise.
                match method {
                    RunoutMethod::Bisection => path.at(months, &mut after),
                    _ => after.copy_from_slice(row(out)),
                }
                path.at(months, &mut scratch);
                let (group, load) = crossing_load(phase, &scratch, &after)?;
                let group_model = &phase.groups[group];
                let load_model = &group_model.loads[load];
                Some(Runout {
                    month: out,
                    months,
                    date: date_at(&dates, months),
                    driver: if out == 0 {
                        None
                    } else {
                        driving_driver(group_model, load_model, &path, &scratch, &path.moving)
                    },
                    group,
                    resource: load_model.resource,
                    method,
                })
            })
            .collect();

        // Switches of the recommended phase, timed exactly.
        let mut switches = Vec::new();
        for m in 1..=horizon {
            let (from, to) = (
                months[m as usize - 1].recommended,
                months[m as usize].recommended,
            );
            if from == to {
                continue;
            }
            let exact = from
                .and_then(|a| runouts[a])
                .filter(|r| r.month == m)
                .map(|r| r.months);
            let t = exact.unwrap_or_else(|| {
                bisect(&path, &mut scratch, f64::from(m - 1), f64::from(m), |d| {
                    self.phases.iter().position(|p| phase_ok(p, d)) != from
                })
            });
            switches.push(PhaseSwitch {
                month: m,
                months: t,
                date: date_at(&dates, t),
                from,
                to,
            });
        }

        let current_phase = months[0].recommended;
        let phases = (0..self.phases.len())
            .map(|p| {
                let needed_from = if current_phase == Some(p) {
                    Some(Moment {
                        months: 0.0,
                        date: input.start,
                    })
                } else {
                    switches.iter().find(|s| s.to == Some(p)).map(|s| Moment {
                        months: s.months,
                        date: s.date,
                    })
                };
                let order_by =
                    needed_from
                        .filter(|_| current_phase != Some(p))
                        .and_then(|needed| {
                            let lead_days = self.phases[p].lead_time_days.ceil() as u64;
                            needed.date.checked_sub_days(Days::new(lead_days))
                        });
                PhaseTimeline {
                    runout: runouts[p],
                    needed_from,
                    order_by,
                    order_late: order_by.is_some_and(|d| d < input.start),
                }
            })
            .collect();

        let runway_months = match current_phase {
            None => Some(0.0),
            Some(p) => runouts[p].map(|r| r.months),
        };
        let budget_exceeded_month = input.budget_usd_per_month.and_then(|budget| {
            months
                .iter()
                .find(|m| m.monthly_cost_usd > budget)
                .map(|m| m.month)
        });

        Ok(Timeline {
            start: input.start,
            horizon_months: horizon,
            budget_usd_per_month: input.budget_usd_per_month,
            months,
            phases,
            switches,
            total_spend_usd: spend,
            budget_exceeded_month,
            current_phase,
            runway_months,
            drivers,
            width,
        })
    }

    /// The exact moment in `[out − 1, out]` a phase stops being ok, given it is ok at
    /// boundary `out − 1` and not at `out`.
    fn runout_moment(
        &self,
        phase: &PhaseModel,
        path: &Path,
        start: &[f64],
        out: u32,
        scratch: &mut [f64],
    ) -> (f64, RunoutMethod) {
        let (lo, hi) = (f64::from(out - 1), f64::from(out));
        let mut movers = path.moving.iter().filter(|&&i| moves_phase(phase, i));
        if let (Some(&driver), None) = (movers.next(), movers.next()) {
            // One growing driver moves the phase; the others are constant, so the phase
            // leaves ok where that driver passes its ceiling (ok at the ceiling itself).
            let growth = path.input.growth[driver];
            let closed = ceiling(phase, start, driver)
                .and_then(|c| growth.months_to_reach(start[driver], c))
                .filter(|t| {
                    *t >= lo - CLOSED_FORM_SLACK_MONTHS && *t <= hi + CLOSED_FORM_SLACK_MONTHS
                });
            if let Some(t) = closed {
                return (t.clamp(lo, hi), RunoutMethod::ClosedForm);
            }
        }
        let t = bisect(path, scratch, lo, hi, |d| !phase_ok(phase, d));
        (t, RunoutMethod::Bisection)
    }
}

/// One scenario's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRun {
    /// `plan` for the plan's own figures, else the scenario's name.
    pub name: String,
    /// The scenario's description.
    pub description: String,
    /// What it was computed from.
    pub input: TimelineInput,
    /// The result.
    pub timeline: Timeline,
}

impl ScenarioRun {
    /// Monthly cost at each of [`COMPARISON_MONTHS`] (`None` past the horizon).
    pub fn costs_compared(&self) -> [Option<f64>; 3] {
        COMPARISON_MONTHS.map(|m| self.timeline.cost_at(m))
    }
}

/// Scenarios side by side: the plan's own figures first, then each scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Plan first, then the scenarios in plan order.
    pub runs: Vec<ScenarioRun>,
}

/// Which figure of a driver [`Model::sensitivity`] changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensitivityParameter {
    /// Its value at the start.
    Value,
    /// Its growth rate.
    Growth,
}

impl SensitivityParameter {
    /// Lowercase name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Value => "value",
            Self::Growth => "growth",
        }
    }
}

/// What one change does, relative to the unchanged timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityEffect {
    /// Change of the monthly cost at month 0, USD.
    pub cost_start_delta_usd: f64,
    /// Change of the monthly cost at the horizon, USD.
    pub cost_horizon_delta_usd: f64,
    /// Change of the total spend over the horizon, USD.
    pub total_spend_delta_usd: f64,
    /// Per phase: change of the run-out moment, months (negative = earlier); `None`
    /// when the phase does not run out within the horizon with or without the change.
    pub runout_delta_months: Vec<Option<f64>>,
}

/// One driver figure at −10 % and +10 %.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityEntry {
    /// Index into [`Model::drivers`].
    pub driver: usize,
    /// Value or growth rate.
    pub parameter: SensitivityParameter,
    /// The figure × (1 − [`SENSITIVITY_STEP`]).
    pub low: SensitivityEffect,
    /// The figure × (1 + [`SENSITIVITY_STEP`]).
    pub high: SensitivityEffect,
}

impl SensitivityEntry {
    /// The larger change of total spend, USD (the sort key).
    pub fn spend_impact_usd(&self) -> f64 {
        self.low
            .total_spend_delta_usd
            .abs()
            .max(self.high.total_spend_delta_usd.abs())
    }

    /// The largest shift of any run-out moment, months.
    pub fn runout_impact_months(&self) -> f64 {
        self.low
            .runout_delta_months
            .iter()
            .chain(&self.high.runout_delta_months)
            .flatten()
            .fold(0.0, |a: f64, d| a.max(d.abs()))
    }
}

/// Which driver figures move cost and dates most (the tornado chart's rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The relative change applied ([`SENSITIVITY_STEP`]).
    pub step: f64,
    /// The unchanged timeline.
    pub base: Timeline,
    /// Sorted by spend impact, then run-out impact, largest first.
    pub entries: Vec<SensitivityEntry>,
}

impl Model {
    /// The plan's own timeline and every scenario's, each applied over `base`.
    pub fn compare_scenarios(
        &self,
        base: &TimelineInput,
        scenarios: &[Scenario],
    ) -> Result<Comparison, TimelineError> {
        let mut runs = vec![ScenarioRun {
            name: "plan".to_owned(),
            description: "the plan's own driver values and growth".to_owned(),
            input: base.clone(),
            timeline: self.timeline(base)?,
        }];
        for scenario in scenarios {
            let input = base.with_scenario(self, scenario);
            runs.push(ScenarioRun {
                name: scenario.name.clone(),
                description: scenario.description.clone(),
                timeline: self.timeline(&input)?,
                input,
            });
        }
        Ok(Comparison { runs })
    }

    /// Each driver value (when above 0) and each growth rate (when it moves the driver)
    /// changed by ±[`SENSITIVITY_STEP`], one at a time: the change in monthly cost at
    /// the start and at the horizon, in total spend and in every run-out moment.
    pub fn sensitivity(&self, input: &TimelineInput) -> Result<Sensitivity, TimelineError> {
        let base = self.timeline(input)?;
        let effect = |changed: &TimelineInput| -> Result<SensitivityEffect, TimelineError> {
            let timeline = self.timeline(changed)?;
            let horizon = input.horizon_months as usize;
            Ok(SensitivityEffect {
                cost_start_delta_usd: timeline.months[0].monthly_cost_usd
                    - base.months[0].monthly_cost_usd,
                cost_horizon_delta_usd: timeline.months[horizon].monthly_cost_usd
                    - base.months[horizon].monthly_cost_usd,
                total_spend_delta_usd: timeline.total_spend_usd - base.total_spend_usd,
                runout_delta_months: timeline
                    .phases
                    .iter()
                    .zip(&base.phases)
                    .map(|(after, before)| Some(after.runout?.months - before.runout?.months))
                    .collect(),
            })
        };
        let mut entries = Vec::new();
        for driver in 0..self.drivers.len() {
            let value = input.drivers[driver];
            let growth = input.growth[driver];
            for parameter in [SensitivityParameter::Value, SensitivityParameter::Growth] {
                let applies = match parameter {
                    SensitivityParameter::Value => value > 0.0,
                    SensitivityParameter::Growth => growth.moves(value),
                };
                if !applies {
                    continue;
                }
                let changed = |factor: f64| {
                    let mut changed = input.clone();
                    match parameter {
                        SensitivityParameter::Value => changed.drivers[driver] = value * factor,
                        SensitivityParameter::Growth => {
                            changed.growth[driver] = growth.scaled(factor);
                        }
                    }
                    changed
                };
                entries.push(SensitivityEntry {
                    driver,
                    parameter,
                    low: effect(&changed(1.0 - SENSITIVITY_STEP))?,
                    high: effect(&changed(1.0 + SENSITIVITY_STEP))?,
                });
            }
        }
        entries.sort_by(|a, b| {
            b.spend_impact_usd().total_cmp(&a.spend_impact_usd()).then(
                b.runout_impact_months()
                    .total_cmp(&a.runout_impact_months()),
            )
        });
        Ok(Sensitivity {
            step: SENSITIVITY_STEP,
            base,
            entries,
        })
    }
}
