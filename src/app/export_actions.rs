//! What the window does with File ▸ Export… and the charts' context menus: it gathers
//! the plan, its model and the window's driver values, then hands the work to a
//! background job ([`super::jobs`]) that draws with the one export code
//! ([`crate::export`]); results come back as notices (and a clipboard image).

use std::path::{Path, PathBuf};

use super::files::{FileEvent, PathKind, PathRequest};
use super::jobs::{JobDone, JobKind, JobOutput};
use super::panels::chart_menu::{ChartOp, ChartRequest};
use super::panels::charts::ChartsPanel;
use super::state::Document;
use super::status::Notice;
use super::{HeadroomApp, export_window_ui};
use crate::export::{self, ChartKind, DataOptions, Rendered, ReportData, chart};
use crate::model::{Model, Plan};

/// What a job computes from: the plan with the window's driver values written in, its
/// model, and the window's driver values.
struct Inputs {
    plan: Plan,
    model: Model,
    drivers: Vec<f64>,
}

impl Inputs {
    fn of(document: &Document) -> Self {
        Self {
            plan: document.plan_to_save(),
            model: document.model().clone(),
            drivers: document.drivers().to_vec(),
        }
    }

    fn compute(self, options: &DataOptions) -> Result<ReportData, String> {
        ReportData::compute(self.plan, self.model, self.drivers, options).map_err(|e| e.to_string())
    }
}

/// The names of the plan's scenarios.
fn scenario_names(document: &Document) -> Vec<String> {
    document
        .plan()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect()
}

/// `path` with `.extension` added when it has none (a name typed without one in a
/// save dialog).
fn with_extension(mut path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    path
}

/// "a.svg" for a path, its full form when it has no file name.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// "Exported to /out/report.html", or "Exported 3 files to /out: a.csv, b.csv, c.csv".
fn written_text(verb: &str, paths: &[PathBuf]) -> String {
    match paths {
        [one] => format!("{verb} to {}", one.display()),
        _ => {
            let folder = paths
                .first()
                .and_then(|p| p.parent())
                .map_or_else(String::new, |p| p.display().to_string());
            let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
            format!(
                "{verb} {} files to {folder}: {}",
                paths.len(),
                names.join(", ")
            )
        }
    }
}

impl HeadroomApp {
    /// What the chart `kind` shows in the window: its swept driver, the breakdown's
    /// phase, and the picked scenario for the charts that show it (the timeline and
    /// the sensitivity; the range charts and the scenarios chart show the plan).
    fn chart_data_options(&self, document: &Document, kind: ChartKind) -> DataOptions {
        let scenario = match kind {
            ChartKind::Timeline | ChartKind::Sensitivity => document
                .scenario()
                .map(|i| document.plan().scenarios[i].name.clone()),
            _ => None,
        };
        DataOptions {
            scenario,
            sweep_driver: Some(self.remembered.charts.driver_index(document.model())),
            focus_phase: Some(ChartsPanel::breakdown_phase(document, self.selected_phase)),
            ..DataOptions::default()
        }
    }

    /// The Export window; "Export…" asks where through the dialog seam.
    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else {
            self.export_open = false;
            return;
        };
        if !self.export_open {
            return;
        }
        let scenarios = scenario_names(document);
        let stem = document.model().name.clone();
        if export_window_ui(
            ctx,
            &mut self.remembered.export,
            &scenarios,
            &mut self.export_open,
        ) {
            let request = self.remembered.export.path_request(&stem);
            self.dialogs
                .ask_path(self.events_tx.clone(), ctx.clone(), request);
        }
    }

    /// Exports to `path` with the Export window's choices, at the window's driver
    /// values, off the UI thread.
    pub(super) fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(document) = &self.document else {
            return;
        };
        let settings = &self.remembered.export;
        let options = settings.options();
        let path = if options.format.writes_folder(options.chart) {
            path
        } else {
            with_extension(path, options.format.extension())
        };
        let data_options = DataOptions {
            scenario: settings.scenario_in(&scenario_names(document)),
            sweep_driver: Some(self.remembered.charts.driver_index(document.model())),
            focus_phase: self.selected_phase,
            ..DataOptions::default()
        };
        let inputs = Inputs::of(document);
        self.export_open = false;
        self.jobs.spawn(
            ctx,
            JobKind::Export,
            format!("Exporting {}…", options.format.label()),
            move || {
                let data = inputs.compute(&data_options)?;
                export::export(&data, &options, &path)
                    .map(JobOutput::Written)
                    .map_err(|e| e.to_string())
            },
        );
    }

    /// A chart's context menu: copy at once (off the UI thread), or ask where to save.
    pub(super) fn chart_request(&mut self, ctx: &egui::Context, request: ChartRequest) {
        let Some(document) = &self.document else {
            return;
        };
        let extension = match request.op {
            ChartOp::CopyImage => {
                let inputs = Inputs::of(document);
                let options = self.chart_data_options(document, request.kind);
                let style = self.remembered.export.style();
                self.jobs
                    .spawn(ctx, JobKind::CopyImage, "Copying the chart…", move || {
                        let data = inputs.compute(&options)?;
                        let svg =
                            chart::svg(&data, request.kind, &style).map_err(|e| e.to_string())?;
                        let (width, height, rgba) = chart::rgba(&svg).map_err(|e| e.to_string())?;
                        Ok(JobOutput::Image {
                            width,
                            height,
                            rgba,
                        })
                    });
                return;
            }
            ChartOp::SaveSvg => "svg",
            ChartOp::SavePng => "png",
        };
        let file_name = format!(
            "{}-{}.{extension}",
            document.model().name,
            request.kind.name()
        );
        self.pending_chart = Some(request);
        self.dialogs.ask_path(
            self.events_tx.clone(),
            ctx.clone(),
            PathRequest {
                title: format!("Save chart as {}", extension.to_uppercase()),
                kind: PathKind::SaveFile { file_name },
                filter: Some((
                    format!("{} image", extension.to_uppercase()),
                    vec![extension.to_owned()],
                )),
                answer: FileEvent::SaveChart,
            },
        );
    }

    /// Saves the chart whose "Save as…" asked for `path`, off the UI thread.
    pub(super) fn start_save_chart(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (Some(document), Some(request)) = (&self.document, self.pending_chart.take()) else {
            return;
        };
        let inputs = Inputs::of(document);
        let options = self.chart_data_options(document, request.kind);
        let style = self.remembered.export.style();
        let extension = match request.op {
            ChartOp::SavePng => "png",
            ChartOp::SaveSvg | ChartOp::CopyImage => "svg",
        };
        let path = with_extension(path, extension);
        self.jobs
            .spawn(ctx, JobKind::SaveChart, "Saving the chart…", move || {
                let data = inputs.compute(&options)?;
                let svg = chart::svg(&data, request.kind, &style).map_err(|e| e.to_string())?;
                let bytes = match request.op {
                    ChartOp::SavePng => chart::png(&svg).map_err(|e| e.to_string())?,
                    ChartOp::SaveSvg | ChartOp::CopyImage => svg.into_bytes(),
                };
                export::output::write(&path, &Rendered::File(bytes))
                    .map(JobOutput::Written)
                    .map_err(|e| e.to_string())
            });
    }

    /// A background job ended: its notice, and the image to the clipboard.
    pub(super) fn job_finished(&mut self, ctx: &egui::Context, done: JobDone) {
        let notice = match (done.kind, done.result) {
            (JobKind::Export, Ok(JobOutput::Written(paths))) => Notice {
                text: written_text("Exported", &paths),
                error: false,
            },
            (JobKind::SaveChart, Ok(JobOutput::Written(paths))) => Notice {
                text: written_text("Saved the chart", &paths),
                error: false,
            },
            (
                _,
                Ok(JobOutput::Image {
                    width,
                    height,
                    rgba,
                }),
            ) => {
                let size = [width as usize, height as usize];
                if rgba.len() == size[0] * size[1] * 4 {
                    ctx.copy_image(egui::ColorImage::from_rgba_unmultiplied(size, &rgba));
                    Notice {
                        text: "Copied the chart to the clipboard".to_owned(),
                        error: false,
                    }
                } else {
                    Notice {
                        text: format!(
                            "Copying the chart failed: {} bytes for {width}×{height} px",
                            rgba.len()
                        ),
                        error: true,
                    }
                }
            }
            (kind, Ok(JobOutput::Written(paths))) => Notice {
                text: written_text(&format!("{kind:?}: wrote"), &paths),
                error: false,
            },
            (kind, Err(message)) => Notice {
                text: format!(
                    "{} failed: {message}",
                    match kind {
                        JobKind::Export => "Export",
                        JobKind::SaveChart => "Saving the chart",
                        JobKind::CopyImage => "Copying the chart",
                    }
                ),
                error: true,
            },
        };
        self.notices.push(notice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_an_extension_gets_one() {
        assert_eq!(
            with_extension(PathBuf::from("/out/report"), "html"),
            PathBuf::from("/out/report.html")
        );
        assert_eq!(
            with_extension(PathBuf::from("/out/report.htm"), "html"),
            PathBuf::from("/out/report.htm")
        );
    }

    #[test]
    fn one_path_is_named_whole_several_by_folder_and_names() {
        assert_eq!(
            written_text("Exported", &[PathBuf::from("/out/report.html")]),
            "Exported to /out/report.html"
        );
        assert_eq!(
            written_text(
                "Exported",
                &[PathBuf::from("/out/a.csv"), PathBuf::from("/out/b.csv")]
            ),
            "Exported 2 files to /out: a.csv, b.csv"
        );
    }
}
