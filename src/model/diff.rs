//! Two plans compared (`headroom diff`, issue 6 item 5): what changed in the plan and
//! what it does to cost, status, bottleneck, ceilings and run-out dates.
//!
//! Pure. The plan changes come from serde: both plans are serialized to
//! [`serde_json::Value`] and walked together, so every field of the schema is covered
//! without a hand-written comparison per type. Lists of named items (drivers,
//! resources, components, phases, groups, services, usage items, scenarios) and a
//! group's `runs` are matched by name, not position; a removed and an added item that
//! are equal but for the name are reported as a rename.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::compile::Model;
use super::evaluate::{Evaluation, Status};
use super::plan::Plan;
use super::timeline::Timeline;

/// One changed value of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where, e.g. `phases["Growth"].groups["vps"].shape.ram_gb`.
    pub path: String,
    /// The value in the first plan (`(none)` when absent), compact JSON for lists and
    /// records, plain text for numbers and strings.
    pub before: String,
    /// The value in the second plan, same form.
    pub after: String,
}

/// Written for a value one side does not have.
pub const ABSENT: &str = "(none)";

/// Every changed value between two plans, in schema order (named items by name).
pub fn plan_changes(before: &Plan, after: &Plan) -> Vec<Change> {
    let a = serde_json::to_value(before).expect("a plan serializes");
    let b = serde_json::to_value(after).expect("a plan serializes");
    let mut changes = Vec::new();
    walk("", Some(&a), Some(&b), &mut changes);
    changes
}

/// The key a list element is matched by: its `name`, or the first element of a
/// `(name, ...)` tuple (a group's `runs`).
fn element_key(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) => map.get("name")?.as_str(),
        Value::Array(items) => items.first()?.as_str(),
        _ => None,
    }
}

/// The keys of a list when every element has one and they are unique.
fn keys_of(items: &[Value]) -> Option<Vec<&str>> {
    let keys: Option<Vec<&str>> = items.iter().map(element_key).collect();
    let keys = keys?;
    let unique: BTreeSet<&str> = keys.iter().copied().collect();
    (unique.len() == keys.len()).then_some(keys)
}

fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    match (a, b) {
        (None, None) => {}
        (Some(a), Some(b)) if a == b => {}
        (Some(Value::Object(a)), Some(Value::Object(b)))
            // An enum changing variant (`Usd(12)` → `Catalog("..")`) is one change.
            if !(a.len() == 1 && b.len() == 1 && a.keys().ne(b.keys())) =>
        {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            // Schema order for struct fields would need the types; serde_json's map is
            // sorted, which is stable and easy to scan.
            for key in keys {
                walk(&field_path(path, key), a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => walk_list(path, a, b, out),
        (a, b) => out.push(Change {
            path: if path.is_empty() { "plan".to_owned() } else { path.to_owned() },
            before: a.map_or_else(|| ABSENT.to_owned(), show),
            after: b.map_or_else(|| ABSENT.to_owned(), show),
        }),
    }
}

fn walk_list(path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    let (Some(keys_a), Some(keys_b)) = (keys_of(a), keys_of(b)) else {
        // Plain lists (none in the schema today but tuples): by position.
        for i in 0..a.len().max(b.len()) {
            walk(&format!("{path}[{i}]"), a.get(i), b.get(i), out);
        }
        return;
    };
    let removed: Vec<usize> = (0..a.len())
        .filter(|&i| !keys_b.contains(&keys_a[i]))
        .collect();
    let added: Vec<usize> = (0..b.len())
        .filter(|&j| !keys_a.contains(&keys_b[j]))
        .collect();
    // A removed and an added item equal but for the name: a rename.
    let mut renamed: Vec<(usize, usize)> = Vec::new();
    for &i in &removed {
        if let Some(&j) = added
            .iter()
            .find(|&&j| !renamed.iter().any(|&(_, r)| r == j) && same_but_name(&a[i], &b[j]))
        {
            renamed.push((i, j));
        }
    }
    for (i, key) in keys_a.iter().enumerate() {
        let item_path = format!("{path}[{}]", quoted(key));
        if let Some(j) = keys_b.iter().position(|k| k == key) {
            walk(&item_path, Some(&a[i]), Some(&b[j]), out);
        } else if let Some(&(_, j)) = renamed.iter().find(|&&(r, _)| r == i) {
            out.push(Change {
                path: format!("{item_path}.name"),
                before: (*key).to_owned(),
                after: keys_b[j].to_owned(),
            });
        } else {
            walk(&item_path, Some(&a[i]), None, out);
        }
    }
    for &j in &added {
        if !renamed.iter().any(|&(_, r)| r == j) {
            walk(
                &format!("{path}[{}]", quoted(keys_b[j])),
                None,
                Some(&b[j]),
                out,
            );
        }
    }
}

fn same_but_name(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| k == "name" || b.get(k).is_some_and(|w| w == v))
        }
        _ => false,
    }
}

fn field_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    match (path.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", quoted(key)),
    }
}

fn quoted(key: &str) -> String {
    serde_json::to_string(key).expect("a string serializes")
}

/// A value for people: numbers and strings as they are, the rest as compact JSON.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f}")),
        other => other.to_string(),
    }
}

/// A before/after pair.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair<T> {
    /// In the first plan.
    pub before: T,
    /// In the second plan.
    pub after: T,
}

impl<T: PartialEq> Pair<T> {
    /// Whether the two differ.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A number before and after, and the difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    /// In the first plan.
    pub before: f64,
    /// In the second plan.
    pub after: f64,
    /// `after − before`.
    pub delta: f64,
    /// `delta / before` (`None` when `before` is 0).
    pub relative: Option<f64>,
}

impl Delta {
    /// `before` → `after`.
    pub fn new(before: f64, after: f64) -> Self {
        Self {
            before,
            after,
            delta: after - before,
            relative: (before != 0.0).then(|| (after - before) / before),
        }
    }

    /// Whether the two differ.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A bottleneck by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BottleneckName {
    /// Group name.
    pub group: String,
    /// Resource name.
    pub resource: String,
    /// Its utilization.
    pub utilization: f64,
}

/// One driver's ceiling in a phase, before and after (`None`: the driver does not
/// move the phase).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CeilingChange {
    /// Driver name.
    pub driver: String,
    /// Ceiling in the first plan.
    pub before: Option<f64>,
    /// Ceiling in the second plan.
    pub after: Option<f64>,
    /// `after / before − 1` when both are set and `before` is not 0.
    pub relative: Option<f64>,
}

impl CeilingChange {
    /// Whether the two differ.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// A phase both plans have, evaluated in each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseEffect {
    /// Phase name.
    pub name: String,
    /// Monthly cost, USD.
    pub monthly_cost: Delta,
    /// Status.
    pub status: Pair<Status>,
    /// Bottleneck.
    pub bottleneck: Pair<Option<BottleneckName>>,
    /// Ceilings of the drivers both plans have, in the first plan's driver order.
    pub ceilings: Vec<CeilingChange>,
}

/// A phase's run-out date on both timelines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunoutChange {
    /// Phase name.
    pub phase: String,
    /// The day it stops being ok (`None`: not within the horizon).
    pub before: Option<NaiveDate>,
    /// The same on the second plan's timeline.
    pub after: Option<NaiveDate>,
}

/// What the change does over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEffect {
    /// Run-out dates of the phases both plans have.
    pub runouts: Vec<RunoutChange>,
    /// Spend over each plan's horizon, USD.
    pub total_spend: Delta,
}

/// What the change does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effects {
    /// Phases only the first plan has.
    pub phases_removed: Vec<String>,
    /// Phases only the second plan has.
    pub phases_added: Vec<String>,
    /// Phases both have, in the second plan's order.
    pub phases: Vec<PhaseEffect>,
    /// The recommended phase (`None`: no phase is ok).
    pub recommended_phase: Pair<Option<String>>,
    /// When both plans have a timeline.
    pub timeline: Option<TimelineEffect>,
}

/// Everything that differs between two plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    /// What changed in the plan.
    pub changes: Vec<Change>,
    /// What it does.
    pub effects: Effects,
}

/// One side of a diff: the model, its evaluation and (optionally) its timeline.
#[derive(Debug, Clone, Copy)]
pub struct DiffSide<'a> {
    /// The plan as written.
    pub plan: &'a Plan,
    /// Its model.
    pub model: &'a Model,
    /// The model evaluated (with ceilings).
    pub evaluation: &'a Evaluation,
    /// Its timeline, when it has one.
    pub timeline: Option<&'a Timeline>,
}

/// Compares two plans and their evaluations.
pub fn diff(before: DiffSide<'_>, after: DiffSide<'_>) -> PlanDiff {
    PlanDiff {
        changes: plan_changes(before.plan, after.plan),
        effects: effects(before, after),
    }
}

/// What the second plan does differently from the first.
pub fn effects(a: DiffSide<'_>, b: DiffSide<'_>) -> Effects {
    let (ma, mb) = (a.model, b.model);
    let phases_removed = ma
        .phases
        .iter()
        .filter(|p| mb.phase_index(&p.name).is_none())
        .map(|p| p.name.clone())
        .collect();
    let phases_added = mb
        .phases
        .iter()
        .filter(|p| ma.phase_index(&p.name).is_none())
        .map(|p| p.name.clone())
        .collect();
    let shared: Vec<(usize, usize)> = mb
        .phases
        .iter()
        .enumerate()
        .filter_map(|(j, p)| Some((ma.phase_index(&p.name)?, j)))
        .collect();
    let drivers: Vec<(usize, usize)> = ma
        .drivers
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((i, mb.driver_index(&d.name)?)))
        .collect();

    let phases = shared
        .iter()
        .map(|&(i, j)| {
            let (pa, pb) = (&a.evaluation.phases[i], &b.evaluation.phases[j]);
            let ceilings = drivers
                .iter()
                .map(|&(da, db)| {
                    let before = pa.ceilings.get(da).copied().flatten();
                    let after = pb.ceilings.get(db).copied().flatten();
                    CeilingChange {
                        driver: ma.drivers[da].name.clone(),
                        before,
                        after,
                        relative: match (before, after) {
                            (Some(x), Some(y)) if x != 0.0 => Some(y / x - 1.0),
                            _ => None,
                        },
                    }
                })
                .collect();
            PhaseEffect {
                name: mb.phases[j].name.clone(),
                monthly_cost: Delta::new(pa.monthly_cost_usd, pb.monthly_cost_usd),
                status: Pair {
                    before: pa.status,
                    after: pb.status,
                },
                bottleneck: Pair {
                    before: bottleneck_name(ma, i, a.evaluation),
                    after: bottleneck_name(mb, j, b.evaluation),
                },
                ceilings,
            }
        })
        .collect();

    let recommended_phase = Pair {
        before: a.evaluation.recommended.map(|i| ma.phases[i].name.clone()),
        after: b.evaluation.recommended.map(|j| mb.phases[j].name.clone()),
    };

    let timeline = match (a.timeline, b.timeline) {
        (Some(ta), Some(tb)) => Some(TimelineEffect {
            runouts: shared
                .iter()
                .map(|&(i, j)| RunoutChange {
                    phase: mb.phases[j].name.clone(),
                    before: ta.phases[i].runout.map(|r| r.date),
                    after: tb.phases[j].runout.map(|r| r.date),
                })
                .collect(),
            total_spend: Delta::new(ta.total_spend_usd, tb.total_spend_usd),
        }),
        _ => None,
    };

    Effects {
        phases_removed,
        phases_added,
        phases,
        recommended_phase,
        timeline,
    }
}

fn bottleneck_name(model: &Model, phase: usize, evaluation: &Evaluation) -> Option<BottleneckName> {
    let b = evaluation.phases[phase].bottleneck?;
    Some(BottleneckName {
        group: model.phases[phase].groups[b.group].name.clone(),
        resource: model.resources[b.resource].name.clone(),
        utilization: b.utilization,
    })
}
