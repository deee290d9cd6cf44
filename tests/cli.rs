//! Runs the `headroom` binary and checks its output against MODEL.md §3 and the model.

use std::process::{Command, Output};

use headroom::presets::PRESETS;
use serde_json::Value;

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout_json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON value")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn presets_lists_all_five() {
    let json = stdout_json(&headroom(&["presets", "--json"]));
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "social-mvp-vps",
            "kg-agents-3vps",
            "chat-k8s",
            "mgx-platform",
            "erpnext-agents"
        ]
    );
    let table = headroom(&["presets"]);
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains("mgx-platform"));
}

/// `eval --preset NAME --set users=N --json` for every preset: the shape of MODEL.md §3,
/// and the same numbers as the library's evaluation.
#[test]
fn eval_json_matches_contract_and_model_for_every_preset() {
    for preset in &PRESETS {
        let (_, model) = preset.load().unwrap();
        let users = model.driver_index("users").unwrap();
        let mut drivers = model.plan_drivers();
        drivers[users] = 1234.0;
        let expected = model.evaluate(&drivers);

        let json = stdout_json(&headroom(&[
            "eval",
            "--preset",
            preset.name,
            "--set",
            "users=1234",
            "--json",
        ]));
        assert_eq!(json["plan"], preset.name);
        assert_eq!(json["drivers"]["users"], 1234.0, "{}", preset.name);
        for builtin in ["triples", "vectors", "workloads"] {
            assert!(
                json["drivers"][builtin].is_number(),
                "{} {builtin}",
                preset.name
            );
        }
        let recommended = expected.recommended.map(|i| model.phases[i].name.as_str());
        assert_eq!(json["recommended_phase"].as_str(), recommended);

        let phases = json["phases"].as_array().unwrap();
        assert_eq!(phases.len(), model.phases.len());
        for ((phase, eval), out) in model.phases.iter().zip(&expected.phases).zip(phases) {
            let what = format!("{} / {}", preset.name, phase.name);
            assert_eq!(out["name"], phase.name.as_str(), "{what}");
            assert_eq!(out["status"], eval.status.as_str(), "{what}");
            assert!(close(
                out["monthly_cost"].as_f64().unwrap(),
                eval.monthly_cost_usd
            ));
            let breakdown: f64 = out["cost_breakdown"]
                .as_array()
                .unwrap()
                .iter()
                .map(|line| {
                    assert!(line["item"].is_string());
                    line["monthly_cost"].as_f64().unwrap()
                })
                .sum();
            assert!(close(breakdown, eval.monthly_cost_usd), "{what}: breakdown");
            match model.users_driver() {
                Some(_) => assert!(close(
                    out["cost_per_user"].as_f64().unwrap(),
                    eval.monthly_cost_usd / 1234.0
                )),
                None => assert!(out["cost_per_user"].is_null()),
            }
            let bottleneck = &out["bottleneck"];
            assert!(bottleneck["group"].is_string() && bottleneck["resource"].is_string());
            assert!(bottleneck["utilization"].is_number());
            for (group, out_group) in eval.groups.iter().zip(out["groups"].as_array().unwrap()) {
                assert_eq!(out_group["nodes"], group.nodes, "{what}");
                for resource in &group.resources {
                    let name = &model.resources[resource.resource].name;
                    let r = &out_group["resources"][name];
                    for field in ["demand", "capacity", "utilization", "headroom"] {
                        assert!(r[field].is_number(), "{what}: {name}.{field}");
                    }
                    assert!(close(
                        r["utilization"].as_f64().unwrap(),
                        resource.utilization
                    ));
                    assert_eq!(r["status"], resource.status.as_str());
                }
            }
            for (driver, ceiling) in model.drivers.iter().zip(&eval.ceilings) {
                let out_ceiling = &out["ceilings"][&driver.name];
                match ceiling {
                    Some(c) => assert!(close(out_ceiling.as_f64().unwrap(), *c), "{what}"),
                    None => assert!(out_ceiling.is_null(), "{what}: {}", driver.name),
                }
            }
        }
    }
}

#[test]
fn eval_table_is_readable() {
    let output = headroom(&["eval", "--preset", "social-mvp-vps"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("recommended phase:"));
    assert!(text.contains("bottleneck:"));
    assert!(text.contains("ceilings:"));
}

#[test]
fn check_accepts_a_good_file_and_names_line_and_column_of_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    std::fs::write(&good, PRESETS[0].ron).unwrap();
    let output = headroom(&["check", good.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));

    let bad = dir.path().join("bad.ron");
    let text = PRESETS[0].ron.replacen("version: 1", "version: \"one\"", 1);
    std::fs::write(&bad, &text).unwrap();
    let output = headroom(&["check", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    let line = text
        .lines()
        .position(|l| l.contains("version: \"one\""))
        .unwrap()
        + 1;
    assert!(
        message.contains(&format!("bad.ron:{line}:")),
        "expected file:line in {message:?}"
    );

    let missing = dir.path().join("missing.ron");
    let output = headroom(&["check", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("missing.ron"));
}

#[test]
fn bad_driver_values_are_refused_with_a_message() {
    for (set, expected) in [
        ("users=-5", "negative"),
        ("users=NaN", "NaN"),
        ("users=1e308", "largest accepted"),
        ("nobody=5", "no driver"),
        ("users", "DRIVER=VALUE"),
        ("users=lots", "not a number"),
    ] {
        let output = headroom(&["eval", "--preset", "chat-k8s", "--set", set]);
        assert!(!output.status.success(), "{set} should fail");
        assert!(
            stderr(&output).contains(expected),
            "{set}: {}",
            stderr(&output)
        );
    }
    let output = headroom(&["eval", "--preset", "no-such-preset"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("social-mvp-vps"));
}

#[test]
fn sweep_gives_n_points_in_json_and_csv() {
    let json = stdout_json(&headroom(&[
        "sweep",
        "--preset",
        "mgx-platform",
        "--driver",
        "users",
        "--from",
        "100",
        "--to",
        "20k",
        "--points",
        "1000",
        "--json",
    ]));
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 1000);
    assert_eq!(points[0]["value"], 100.0);
    assert_eq!(points[999]["value"], 20_000.0);
    let values: Vec<f64> = points
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] < w[1]), "points ascend");

    let output = headroom(&[
        "sweep", "--preset", "chat-k8s", "--driver", "users", "--from", "1k", "--to", "100k",
        "--points", "7", "--csv", "--scale", "linear",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = text.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 8, "header + 7 rows");
    let columns = rows[0].split(',').count();
    assert!(rows.iter().all(|r| r.split(',').count() == columns));
    assert!(rows[0].starts_with("users,recommended_phase,"));
    assert_eq!(rows[1].split(',').next(), Some("1000"));
    assert_eq!(rows[7].split(',').next(), Some("100000"));
}

/// The plans shown in the README and the format reference are real plans:
/// `headroom check` accepts them.
#[test]
fn documented_example_plans_check() {
    for (name, document) in [
        ("README.md", include_str!("../README.md")),
        (
            "docs/PLAN-FORMAT.md",
            include_str!("../docs/PLAN-FORMAT.md"),
        ),
    ] {
        let start = document.find("```ron\n").expect("a ron block") + "```ron\n".len();
        let end = start + document[start..].find("```").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("example.ron");
        std::fs::write(&path, &document[start..end]).unwrap();
        let output = headroom(&["check", path.to_str().unwrap()]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
}
