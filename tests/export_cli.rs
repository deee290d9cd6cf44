//! `headroom export` as a user runs it: every format for every preset writes non-empty
//! files and prints their paths; bad arguments fail clearly and write nothing; two
//! runs give byte-identical files. (The content of each format is checked by
//! `tests/export_tables.rs` and the HTML, Markdown and chart tests.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use headroom::export::Format;
use headroom::presets::PRESETS;

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs an export that must succeed; returns the paths it printed.
fn export(args: &[&str]) -> Vec<PathBuf> {
    let output = headroom(args);
    assert!(
        output.status.success(),
        "{args:?}: exit {:?}, stderr: {}",
        output.status,
        stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(PathBuf::from)
        .collect()
}

/// Every file under `path`, recursively, sorted, with its bytes.
fn files_under(path: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    if path.is_file() {
        return vec![(path.to_owned(), std::fs::read(path).expect("read"))];
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(path)
        .expect("a folder")
        .flat_map(|e| files_under(&e.expect("entry").path()))
        .collect();
    files.sort();
    files
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("a folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Where a format's output goes: a file, or a folder for csv and all charts.
fn out_name(format: Format) -> String {
    if format.writes_folder(None) {
        format!("{}-out", format.name())
    } else {
        format!("report.{}", format.extension())
    }
}

#[test]
fn every_format_for_every_preset_writes_files_and_prints_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for preset in PRESETS {
        for format in Format::ALL {
            let folder = dir.path().join(preset.name).join(format.name());
            std::fs::create_dir_all(&folder).expect("mkdir");
            let out = folder.join(out_name(format));
            let out_text = out.to_string_lossy().into_owned();
            let written = export(&[
                "export",
                "--preset",
                preset.name,
                "--format",
                format.name(),
                "--out",
                &out_text,
            ]);
            assert!(!written.is_empty(), "{} {}", preset.name, format.name());
            for path in &written {
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                assert!(size > 0, "{} is empty or missing", path.display());
                assert!(path.starts_with(&folder), "{}", path.display());
            }
            assert!(out.exists(), "{}", out.display());
            // Nothing but what was printed (no temporary files).
            let mut printed: Vec<String> = written
                .iter()
                .filter(|p| p.parent() == Some(folder.as_path()))
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            if format.writes_folder(None) {
                printed.push(out_name(format));
            }
            printed.sort();
            printed.dedup();
            assert_eq!(
                names_in(&folder),
                printed,
                "{} {}",
                preset.name,
                format.name()
            );
        }
    }
}

#[test]
fn one_chart_as_svg_and_png_with_a_size_and_theme() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["svg", "png"] {
        let out = dir.path().join(format!("cost.{format}"));
        let out_text = out.to_string_lossy().into_owned();
        let written = export(&[
            "export", "--preset", "chat-k8s", "--format", format, "--chart", "cost", "--size",
            "1280x720", "--theme", "dark", "--period", "year", "--out", &out_text,
        ]);
        assert_eq!(written, std::slice::from_ref(&out));
        assert!(std::fs::metadata(&out).expect("written").len() > 0);
    }
    assert_eq!(names_in(dir.path()), ["cost.png", "cost.svg"]);
}

#[test]
fn two_runs_give_byte_identical_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in Format::ALL {
        let mut runs = Vec::new();
        for run in ["a", "b"] {
            let folder = dir.path().join(format.name()).join(run);
            std::fs::create_dir_all(&folder).expect("mkdir");
            let out = folder.join(out_name(format));
            let out_text = out.to_string_lossy().into_owned();
            export(&[
                "export",
                "--preset",
                "mgx-platform",
                "--scenario",
                "aggressive",
                "--set",
                "users=1500",
                "--format",
                format.name(),
                "--out",
                &out_text,
            ]);
            let files: Vec<(String, Vec<u8>)> = files_under(&folder)
                .into_iter()
                .map(|(path, bytes)| {
                    let relative = path.strip_prefix(&folder).expect("inside").to_owned();
                    (relative.to_string_lossy().into_owned(), bytes)
                })
                .collect();
            runs.push(files);
        }
        assert!(!runs[0].is_empty());
        assert!(runs[0] == runs[1], "{}: two runs differ", format.name());
    }
}

/// A failing export: exit code ≠ 0, a message containing each of `expected`, and
/// nothing written into the folder.
fn fails(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.xlsx");
    let out_text = out.to_string_lossy().into_owned();
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", &out_text]);
    let output = headroom(&all);
    assert!(!output.status.success(), "{all:?} succeeded");
    let message = stderr(&output);
    for part in expected {
        assert!(
            message.contains(part),
            "{all:?}: {message:?} lacks {part:?}"
        );
    }
    assert!(output.stdout.is_empty(), "{all:?} printed a path");
    assert!(names_in(dir.path()).is_empty(), "{all:?} wrote something");
}

#[test]
fn bad_arguments_fail_clearly_and_write_nothing() {
    fails(
        &["--preset", "chat-k8s", "--format", "docx"],
        &["docx", "html, md, csv, xlsx, svg, png"],
    );
    fails(
        &["--preset", "chat-k8s", "--format", "svg", "--chart", "pie"],
        &["pie", "cost", "utilization", "sensitivity"],
    );
    for size in [
        "0x1080",
        "1920x0",
        "99999x1080",
        "1920",
        "wide",
        "1920x1080x3",
    ] {
        fails(
            &["--preset", "chat-k8s", "--format", "png", "--size", size],
            &["--size"],
        );
    }
    fails(
        &[
            "--preset",
            "chat-k8s",
            "--format",
            "xlsx",
            "--scenario",
            "nope",
        ],
        &["nope"],
    );
    fails(
        &["--preset", "nope", "--format", "xlsx"],
        &["no preset", "chat-k8s"],
    );
    fails(
        &[
            "--preset", "chat-k8s", "--format", "xlsx", "--set", "nope=1",
        ],
        &["nope"],
    );
    fails(
        &[
            "--preset", "chat-k8s", "--format", "xlsx", "--chart", "cost",
        ],
        &["--chart"],
    );
    fails(
        &[
            "--preset", "chat-k8s", "--format", "xlsx", "--period", "week",
        ],
        &["week", "month or year"],
    );
    fails(
        &[
            "--preset",
            "chat-k8s",
            "--format",
            "xlsx",
            "--date",
            "2026-13-01",
        ],
        &["YYYY-MM-DD"],
    );
}

#[test]
fn a_missing_folder_or_a_file_in_the_way_fails_and_keeps_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing").join("report.xlsx");
    let output = headroom(&[
        "export",
        "--preset",
        "chat-k8s",
        "--format",
        "xlsx",
        "--out",
        &missing.to_string_lossy(),
    ]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(
        message.matches("does not exist").count(),
        1,
        "said once: {message}"
    );
    assert!(message.contains(&*missing.to_string_lossy()), "{message}");
    assert!(names_in(dir.path()).is_empty());

    let file = dir.path().join("tables");
    std::fs::write(&file, "mine").expect("write");
    let output = headroom(&[
        "export",
        "--preset",
        "chat-k8s",
        "--format",
        "csv",
        "--out",
        &file.to_string_lossy(),
    ]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains(&*file.to_string_lossy()));
    assert_eq!(std::fs::read(&file).expect("read"), b"mine");
    assert_eq!(names_in(dir.path()), ["tables"]);
}
