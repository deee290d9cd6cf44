//! `headroom diff` (issue 6 item 5): the plan changes listed, and the effects equal to
//! what the model gives for each side.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use headroom::catalog::Catalog;
use headroom::model::diff::{Change, DiffSide, PlanDiff, diff};
use headroom::model::{Model, NodeShape, Plan, Price, TimelineInput};
use headroom::plan_file::{load_plan, plan_to_ron};
use headroom::presets::{PRESETS, find};
use serde_json::Value;

fn headroom(args: &[&Path], extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .arg("diff")
        .args(args)
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write to the temporary folder");
    path
}

/// The library's diff of two plan files, at their own driver values.
fn library_diff(a: &Path, b: &Path) -> (PlanDiff, [(Plan, Model); 2]) {
    let sides = [a, b].map(|p| load_plan(p, Catalog::embedded()).expect("a valid plan"));
    let evaluations: Vec<_> = sides
        .iter()
        .map(|(_, m)| m.evaluate(&m.plan_drivers()))
        .collect();
    let timelines: Vec<_> = sides
        .iter()
        .map(|(p, m)| {
            TimelineInput::from_plan(m, p)
                .ok()
                .map(|input| m.timeline(&input).expect("a timeline"))
        })
        .collect();
    let side = |i: usize| DiffSide {
        plan: &sides[i].0,
        model: &sides[i].1,
        evaluation: &evaluations[i],
        timeline: timelines[i].as_ref(),
    };
    let result = diff(side(0), side(1));
    (result, sides)
}

#[test]
fn every_preset_against_itself_has_no_changes_and_zero_deltas() {
    let dir = tempfile::tempdir().unwrap();
    for preset in PRESETS {
        let a = write(dir.path(), "a.ron", preset.ron);
        let b = write(dir.path(), "b.ron", preset.ron);
        let (result, _) = library_diff(&a, &b);
        assert!(
            result.changes.is_empty(),
            "{}: {:?}",
            preset.name,
            result.changes
        );
        let e = &result.effects;
        assert!(e.phases_added.is_empty() && e.phases_removed.is_empty());
        assert!(!e.phases.is_empty());
        assert!(!e.recommended_phase.changed());
        for phase in &e.phases {
            assert_eq!(
                phase.monthly_cost.delta, 0.0,
                "{} {}",
                preset.name, phase.name
            );
            assert!(!phase.status.changed() && !phase.bottleneck.changed());
            assert!(phase.ceilings.iter().all(|c| !c.changed()));
        }
        let timeline = e.timeline.as_ref().expect("every preset has a timeline");
        assert_eq!(timeline.total_spend.delta, 0.0);
        assert!(timeline.runouts.iter().all(|r| r.before == r.after));

        let output = headroom(&[&a, &b], &["--json"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["identical"], true);
        assert_eq!(json["changes"].as_array().unwrap().len(), 0);
        let table = headroom(&[&a, &b], &[]);
        assert!(table.status.success());
        assert!(String::from_utf8_lossy(&table.stdout).contains("no differences"));
    }
}

/// social-mvp-vps with Growth's node at $30 (was $24) and 8 GB (was 4), and 300 users
/// (was 20).
fn edited() -> (Plan, Plan) {
    let (before, _) = find("social-mvp-vps").unwrap().load().unwrap();
    let mut after = before.clone();
    let growth = after
        .phases
        .iter_mut()
        .find(|p| p.name == "Growth")
        .unwrap();
    let vps = growth.groups.iter_mut().find(|g| g.name == "vps").unwrap();
    assert_eq!(vps.price, Price::Usd(24.0));
    vps.price = Price::Usd(30.0);
    let NodeShape { ram_gb, .. } = &mut vps.shape;
    assert_eq!(*ram_gb, 4.0);
    *ram_gb = 8.0;
    let users = after
        .drivers
        .iter_mut()
        .find(|d| d.name == "users")
        .unwrap();
    assert_eq!(users.value, 20.0);
    users.value = 300.0;
    (before, after)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn an_edited_copy_lists_exactly_the_edits_and_the_model_effects() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = edited();
    let a = write(dir.path(), "a.ron", &plan_to_ron(&before));
    let b = write(dir.path(), "b.ron", &plan_to_ron(&after));
    let (result, sides) = library_diff(&a, &b);

    let change = |path: &str, before: &str, after: &str| Change {
        path: path.to_owned(),
        before: before.to_owned(),
        after: after.to_owned(),
    };
    assert_eq!(
        result.changes,
        [
            change("drivers[\"users\"].value", "20", "300"),
            change("phases[\"Growth\"].groups[\"vps\"].price.Usd", "24", "30"),
            change("phases[\"Growth\"].groups[\"vps\"].shape.ram_gb", "4", "8"),
        ]
    );

    // Effects: computed from each side's own evaluation, never hard-coded.
    let [(_, ma), (_, mb)] = &sides;
    let ea = ma.evaluate(&ma.plan_drivers());
    let eb = mb.evaluate(&mb.plan_drivers());
    assert_eq!(result.effects.phases.len(), ma.phases.len());
    for (i, phase) in result.effects.phases.iter().enumerate() {
        assert_eq!(phase.name, ma.phases[i].name);
        let (ca, cb) = (ea.phases[i].monthly_cost_usd, eb.phases[i].monthly_cost_usd);
        assert_eq!(phase.monthly_cost.before, ca);
        assert_eq!(phase.monthly_cost.after, cb);
        assert!(close(phase.monthly_cost.delta, cb - ca));
        assert_eq!(phase.status.before, ea.phases[i].status);
        assert_eq!(phase.status.after, eb.phases[i].status);
        let users = ma.driver_index("users").unwrap();
        let ceiling = phase.ceilings.iter().find(|c| c.driver == "users").unwrap();
        assert_eq!(ceiling.before, ea.phases[i].ceilings[users]);
        assert_eq!(ceiling.after, eb.phases[i].ceilings[users]);
    }
    let growth = &result.effects.phases[ma.phase_index("Growth").unwrap()];
    assert!(
        growth.monthly_cost.delta > 0.0,
        "the Growth node costs more"
    );
    assert!(
        result
            .effects
            .phases
            .iter()
            .filter(|p| p.monthly_cost.changed())
            .count()
            == 1,
        "only Growth's price changed"
    );
    assert_eq!(
        result.effects.recommended_phase.before,
        ea.recommended.map(|i| ma.phases[i].name.clone())
    );
    assert_eq!(
        result.effects.recommended_phase.after,
        eb.recommended.map(|i| mb.phases[i].name.clone())
    );

    // The binary says the same in JSON.
    let output = headroom(&[&a, &b], &["--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["identical"], false);
    let paths: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        result
            .changes
            .iter()
            .map(|c| c.path.as_str())
            .collect::<Vec<_>>()
    );
    let phases = json["effects"]["phases"].as_array().unwrap();
    for (i, phase) in phases.iter().enumerate() {
        let cost = &phase["monthly_cost"];
        assert!(close(
            cost["before"].as_f64().unwrap(),
            ea.phases[i].monthly_cost_usd
        ));
        assert!(close(
            cost["after"].as_f64().unwrap(),
            eb.phases[i].monthly_cost_usd
        ));
        assert!(close(
            cost["delta"].as_f64().unwrap(),
            eb.phases[i].monthly_cost_usd - ea.phases[i].monthly_cost_usd
        ));
        assert_eq!(
            phase["status"]["after"].as_str().unwrap(),
            eb.phases[i].status.as_str()
        );
    }
    let spend = &json["effects"]["timeline"]["total_spend"];
    assert!(spend["before"].as_f64().is_some() && spend["after"].as_f64().is_some());

    // The table: plan changes, effects, a summary line naming Growth's cost change.
    let table = headroom(&[&a, &b], &[]);
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("phases[\"Growth\"].groups[\"vps\"].shape.ram_gb  4 → 8"),
        "{text}"
    );
    assert!(text.contains("summary: cost of Growth +$"), "{text}");
}

#[test]
fn set_applies_to_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let (before, _) = find("social-mvp-vps").unwrap().load().unwrap();
    let a = write(dir.path(), "a.ron", &plan_to_ron(&before));
    let output = headroom(&[&a, &a], &["--set", "users=400", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["identical"], true);
    let output = headroom(&[&a, &a], &["--set", "nobody=1"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("nobody"));
}

#[test]
fn renamed_phase_is_one_change() {
    let (before, _) = find("social-mvp-vps").unwrap().load().unwrap();
    let mut after = before.clone();
    after.phases[1].name = "Growth spurt".to_owned();
    let changes = headroom::model::diff::plan_changes(&before, &after);
    assert_eq!(
        changes,
        [Change {
            path: "phases[\"Growth\"].name".to_owned(),
            before: "Growth".to_owned(),
            after: "Growth spurt".to_owned(),
        }]
    );
}

#[test]
fn a_malformed_second_file_is_an_error_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let good = find("social-mvp-vps").unwrap().ron;
    let a = write(dir.path(), "a.ron", good);
    // A stray token on the line after `version:`, where a field is expected.
    let mut lines: Vec<&str> = good.lines().collect();
    let marker = lines
        .iter()
        .position(|l| l.trim_start().starts_with("version:"))
        .expect("the preset writes its version");
    lines.insert(marker + 1, "    @@@");
    let b = write(dir.path(), "b.ron", &lines.join("\n"));
    let output = headroom(&[&a, &b], &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("{}:{}:", b.display(), marker + 2);
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in {stderr}"
    );
    let position = stderr.split(&expected).nth(1).unwrap();
    assert!(
        position.starts_with(|c: char| c.is_ascii_digit()),
        "a column follows the line: {stderr}"
    );
}
