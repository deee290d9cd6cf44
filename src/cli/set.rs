//! `headroom set PLAN.ron DRIVER=VALUE...`: change driver values in a plan file in
//! place, through the atomic save (MODEL.md §3), so that a script or a CI job can
//! keep plan files current.
//!
//! Only the value tokens change: each driver's `value: 20` becomes `value: 5000`
//! where it is written ([`Locator::span`]), and every comment, blank and number
//! format elsewhere stays as the user wrote it. Before anything is written the
//! edited text is loaded again and must be the old plan with exactly those values
//! changed.
//!
//! Refused, with the file left alone:
//! - a driver the plan does not declare (adding a `Driver(..)` block is not an
//!   in-place edit): the message lists the drivers it declares;
//! - a value outside the driver's slider range: the message names the range and
//!   says to widen `min`/`max` first (the validator would refuse the file
//!   otherwise, with a less direct message);
//! - a value that is not a number, negative, or too large (`check_driver_value`),
//!   and a driver given twice;
//! - a file that does not load as it is (its own error, with line and column).
//!
//! A file of an older format version is written back migrated to the current one.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::Args;

use crate::catalog::Catalog;
use crate::format::parse_quantity;
use crate::model::{FieldPath, PLAN_FORMAT_VERSION, Plan, check_driver_value};
use crate::plan_file::{
    Locator, PlanFileError, backup_path, migrate, parse_plan, save_plan_atomic,
};

/// Arguments of `headroom set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Plan file (.ron) to update in place.
    #[arg(value_name = "PLAN.ron")]
    pub plan: PathBuf,
    /// New driver values, e.g. `users=5000 triples=21M vectors=1.5e6`.
    #[arg(value_name = "DRIVER=VALUE", required = true)]
    pub assignments: Vec<String>,
}

/// One driver's change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The driver.
    pub driver: String,
    /// Its value in the file before.
    pub old: f64,
    /// Its value now.
    pub new: f64,
}

/// The edited text of a plan and what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// The whole new text.
    pub text: String,
    /// One per assignment, in the order given.
    pub changes: Vec<Change>,
    /// The format version the file had, when it was older and has been migrated.
    pub migrated_from: Option<u32>,
}

pub fn run(args: &SetArgs) -> anyhow::Result<()> {
    let file = args.plan.display().to_string();
    let text = std::fs::read_to_string(&args.plan).map_err(|error| PlanFileError::Io {
        file: file.clone(),
        error,
    })?;
    let edit = set_drivers(&text, &file, &args.assignments)?;
    for change in &edit.changes {
        if change.old == change.new {
            println!("{}: {} (unchanged)", change.driver, change.old);
        } else {
            println!("{}: {} → {}", change.driver, change.old, change.new);
        }
    }
    if let Some(version) = edit.migrated_from {
        println!("format version {version} → {PLAN_FORMAT_VERSION}");
    }
    if edit.text == text {
        println!("{file}: nothing changed, not written");
        return Ok(());
    }
    save_plan_atomic(&args.plan, &edit.text)?;
    println!(
        "saved {file} (previous version in {})",
        backup_path(&args.plan).display()
    );
    Ok(())
}

/// The text of the plan `text` (named `file` in errors) with the drivers'
/// values set by `assignments` (`DRIVER=VALUE`), checked to load as the same plan
/// with only those values changed.
pub fn set_drivers(text: &str, file: &str, assignments: &[String]) -> anyhow::Result<Edit> {
    let catalog = Catalog::embedded();
    let current = migrate::to_current(text, file)?;
    let migrated_from = match &current {
        std::borrow::Cow::Owned(_) => migrate::probe_version(text),
        std::borrow::Cow::Borrowed(_) => None,
    };
    let (plan, _) = parse_plan(&current, file, catalog)?;

    let mut targets: Vec<(usize, f64)> = Vec::with_capacity(assignments.len());
    for assignment in assignments {
        let (index, value) = parse_target(&plan, file, assignment)?;
        if targets.iter().any(|(i, _)| *i == index) {
            bail!(
                "{assignment}: driver {:?} is given twice",
                plan.drivers[index].name
            );
        }
        targets.push((index, value));
    }

    let locator = Locator::new(&current);
    let mut spans = Vec::with_capacity(targets.len());
    for &(index, value) in &targets {
        let path = FieldPath::default()
            .field("drivers")
            .index(index)
            .field("value");
        let span = locator
            .span(&path)
            .ok_or_else(|| anyhow!("{file}: could not find {path} in the text"))?;
        spans.push((span, value));
    }
    let mut edited = current.clone().into_owned();
    spans.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    for (span, value) in spans {
        edited.replace_range(span, &number(value));
    }

    let mut expected = plan.clone();
    for &(index, value) in &targets {
        expected.drivers[index].value = value;
    }
    let (reloaded, _): (Plan, _) = parse_plan(&edited, file, catalog)
        .context("the edited plan does not load; the file was not changed")?;
    if reloaded != expected {
        bail!(
            "{file}: the edit would change more than the driver values; the file was not changed"
        );
    }
    Ok(Edit {
        text: edited,
        changes: targets
            .iter()
            .map(|&(index, new)| Change {
                driver: plan.drivers[index].name.clone(),
                old: plan.drivers[index].value,
                new,
            })
            .collect(),
        migrated_from,
    })
}

/// `DRIVER=VALUE` against the plan's declared drivers: the driver's index and the
/// value, checked against the driver's slider range.
fn parse_target(plan: &Plan, file: &str, assignment: &str) -> anyhow::Result<(usize, f64)> {
    let (name, value) = assignment
        .split_once('=')
        .ok_or_else(|| anyhow!("{assignment:?}: expected DRIVER=VALUE, e.g. users=5000"))?;
    let name = name.trim();
    let Some(index) = plan.drivers.iter().position(|d| d.name == name) else {
        let declared: Vec<&str> = plan.drivers.iter().map(|d| d.name.as_str()).collect();
        let declared = if declared.is_empty() {
            "none".to_owned()
        } else {
            declared.join(", ")
        };
        bail!(
            "{file}: plan {:?} does not declare a driver {name:?} (it declares: {declared}); \
             `set` only changes the values of declared drivers: add a Driver(name: {name:?}, ..) \
             to the file to use it",
            plan.name
        );
    };
    let value = parse_quantity(value).map_err(|e| anyhow!("{assignment}: {e}"))?;
    check_driver_value(name, value).map_err(|e| anyhow!("{assignment}: {e}"))?;
    let driver = &plan.drivers[index];
    if value < driver.min || value > driver.max {
        bail!(
            "{assignment}: {value} is outside the slider range of {name:?} in {file} ({} to {}); \
             widen the driver's `min`/`max` in the file first",
            driver.min,
            driver.max
        );
    }
    Ok((index, value))
}

/// A driver value as written in a plan: `5000`, `0.25`, `21000000` (the shortest
/// text that reads back as exactly the same number).
fn number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PRESETS;

    fn set(text: &str, assignments: &[&str]) -> anyhow::Result<Edit> {
        let owned: Vec<String> = assignments.iter().map(|a| (*a).to_owned()).collect();
        set_drivers(text, "p.ron", &owned)
    }

    #[test]
    fn only_the_value_tokens_change() {
        let text = PRESETS[1].ron; // kg-agents-3vps: several drivers, comments inside.
        let edit = set(text, &["triples=60M", "workloads=15", "vectors=1.5e6"]).unwrap();
        let changed: Vec<(&str, f64, f64)> = edit
            .changes
            .iter()
            .map(|c| (c.driver.as_str(), c.old, c.new))
            .collect();
        assert_eq!(
            changed,
            [
                ("triples", 22e6, 60e6),
                ("workloads", 10.0, 15.0),
                ("vectors", 10.4e6, 1.5e6)
            ]
        );
        let expected = text
            .replacen("value: 22000000,", "value: 60000000,", 1)
            .replacen("value: 10400000,", "value: 1500000,", 1)
            .replacen("value: 10,", "value: 15,", 1);
        assert_eq!(edit.text, expected);
        assert_eq!(edit.migrated_from, None);
    }

    #[test]
    fn numbers_are_written_to_read_back_exactly() {
        for value in [0.0, 1.0, 0.1, 1.0 / 3.0, 21e6, 1e15, 123_456.789] {
            assert_eq!(number(value).parse::<f64>().unwrap(), value);
        }
        assert_eq!(number(5000.0), "5000");
    }

    #[test]
    fn undeclared_drivers_are_refused_with_the_declared_ones() {
        let error = set(PRESETS[0].ron, &["triples=5"]).unwrap_err().to_string();
        assert!(
            error.contains("does not declare a driver \"triples\""),
            "{error}"
        );
        assert!(error.contains("it declares: users"), "{error}");
    }

    #[test]
    fn values_outside_the_slider_range_are_refused_naming_it() {
        let error = set(PRESETS[0].ron, &["users=50000"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("1 to 20000"), "{error}");
        assert!(error.contains("`min`/`max`"), "{error}");
    }

    #[test]
    fn bad_assignments_are_refused() {
        for (assignment, says) in [
            ("users", "expected DRIVER=VALUE"),
            ("users=lots", "not a number"),
            ("users=-5", "must not be negative"),
            ("users=NaN", "NaN"),
        ] {
            let error = set(PRESETS[0].ron, &[assignment]).unwrap_err().to_string();
            assert!(error.contains(says), "{assignment}: {error}");
        }
        let error = set(PRESETS[0].ron, &["users=5", "users=6"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("given twice"), "{error}");
    }

    #[test]
    fn a_plan_that_does_not_load_is_not_edited() {
        let broken = PRESETS[0].ron.replacen("max: 20000", "max: -1", 1);
        let error = format!("{:#}", set(&broken, &["users=5"]).unwrap_err());
        assert!(error.contains("p.ron:"), "{error}");
    }
}
