//! File ▸ Export…: the choices (format, scenario, period, sections, chart, size, theme),
//! remembered between runs, and the window that edits them. Where the export goes is
//! asked afterwards, through the dialog seam ([`crate::app::files`]); the export itself
//! runs off the UI thread ([`crate::app::jobs`]).

use egui::{Context, Ui};
use serde::{Deserialize, Serialize};

use crate::app::files::{FileEvent, PathKind, PathRequest};
use crate::export::{ChartKind, ChartStyle, ExportOptions, Format, Include, Period, Theme};

/// Smallest and largest chart side, px (what the chart code draws).
const SIDE_PX: std::ops::RangeInclusive<u32> = ChartStyle::MIN_SIDE..=ChartStyle::MAX_SIDE;

/// The export choices, remembered between runs (by name, so that an unknown value
/// written by another version falls back to the default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// [`Format::name`].
    pub format: String,
    /// [`Period::name`].
    pub period: String,
    /// One of the plan's scenarios, by name; `None`: the plan's own figures.
    pub scenario: Option<String>,
    /// One chart ([`ChartKind::name`]) for svg/png; `None`: every chart.
    pub chart: Option<String>,
    /// Chart width, px.
    pub width_px: u32,
    /// Chart height, px.
    pub height_px: u32,
    /// Dark charts (light by default, for slides).
    pub dark: bool,
    /// Include the charts in the report.
    pub charts: bool,
    /// Include a deployment sketch per phase.
    pub sketches: bool,
    /// Include the cost breakdown per phase.
    pub breakdown: bool,
    /// Include the timeline, scenarios and sensitivity.
    pub timeline: bool,
    /// Include the assumptions appendix.
    pub assumptions: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        let options = ExportOptions::new(Format::Html);
        let mut settings = Self {
            format: Format::Html.name().to_owned(),
            period: Period::Month.name().to_owned(),
            scenario: None,
            chart: None,
            width_px: 0,
            height_px: 0,
            dark: false,
            charts: false,
            sketches: false,
            breakdown: false,
            timeline: false,
            assumptions: false,
        };
        settings.set_style(options.style);
        settings.set_include(options.include);
        settings
    }
}

impl ExportSettings {
    /// The format (HTML when the remembered name is unknown).
    pub fn format(&self) -> Format {
        Format::from_name(&self.format).unwrap_or(Format::Html)
    }

    /// The period of the money columns.
    pub fn period(&self) -> Period {
        if self.period == Period::Year.name() {
            Period::Year
        } else {
            Period::Month
        }
    }

    /// The one chart picked for svg/png (`None`: every chart).
    pub fn chart(&self) -> Option<ChartKind> {
        self.chart.as_deref().and_then(ChartKind::from_name)
    }

    /// The size and theme of chart files (also the context menu's "Save as…" and
    /// "Copy as image").
    pub fn style(&self) -> ChartStyle {
        ChartStyle {
            width: self.width_px.clamp(*SIDE_PX.start(), *SIDE_PX.end()),
            height: self.height_px.clamp(*SIDE_PX.start(), *SIDE_PX.end()),
            theme: if self.dark { Theme::Dark } else { Theme::Light },
            period: self.period(),
        }
    }

    fn set_style(&mut self, style: ChartStyle) {
        self.width_px = style.width;
        self.height_px = style.height;
        self.dark = style.theme == Theme::Dark;
    }

    /// The report's sections.
    pub fn include(&self) -> Include {
        Include {
            charts: self.charts,
            sketches: self.sketches,
            breakdown: self.breakdown,
            timeline: self.timeline,
            assumptions: self.assumptions,
        }
    }

    fn set_include(&mut self, include: Include) {
        self.charts = include.charts;
        self.sketches = include.sketches;
        self.breakdown = include.breakdown;
        self.timeline = include.timeline;
        self.assumptions = include.assumptions;
    }

    /// The options [`crate::export::export`] takes.
    pub fn options(&self) -> ExportOptions {
        let format = self.format();
        ExportOptions {
            format,
            period: self.period(),
            chart: if charts_only(format) {
                self.chart()
            } else {
                None
            },
            style: self.style(),
            include: self.include(),
        }
    }

    /// The scenario to export if the plan has it (`None`: the plan's own figures).
    pub fn scenario_in(&self, scenarios: &[String]) -> Option<String> {
        self.scenario.clone().filter(|s| scenarios.contains(s))
    }

    /// Where the export goes: a save dialog for one file (with the format's
    /// extension), a folder picker for formats that write several. `stem` names the
    /// suggested file (the plan's name).
    pub fn path_request(&self, stem: &str) -> PathRequest {
        let options = self.options();
        let format = options.format;
        let answer: fn(std::path::PathBuf) -> FileEvent = FileEvent::ExportTo;
        if format.writes_folder(options.chart) {
            PathRequest {
                title: format!("Export {}: choose a folder", format.label()),
                kind: PathKind::Folder,
                filter: None,
                answer,
            }
        } else {
            let stem = match options.chart {
                Some(chart) => format!("{stem}-{}", chart.name()),
                None => stem.to_owned(),
            };
            PathRequest {
                title: format!("Export {}", format.label()),
                kind: PathKind::SaveFile {
                    file_name: format!("{stem}.{}", format.extension()),
                },
                filter: Some((
                    format.label().to_owned(),
                    vec![format.extension().to_owned()],
                )),
                answer,
            }
        }
    }
}

/// Whether a format writes charts only (and takes a chart, a size and a theme).
fn charts_only(format: Format) -> bool {
    matches!(format, Format::Svg | Format::Png)
}

/// A chart's name in menus.
pub fn chart_label(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::Cost => "Cost across range",
        ChartKind::Utilization => "Bottleneck utilization",
        ChartKind::Breakdown => "Cost breakdown",
        ChartKind::Timeline => "Timeline",
        ChartKind::Scenarios => "Scenarios",
        ChartKind::Sensitivity => "Sensitivity",
    }
}

/// The Export window: `open` is cleared by its close button and Cancel. Returns true
/// when "Export…" is clicked (the app then asks where).
pub fn export_window_ui(
    ctx: &Context,
    settings: &mut ExportSettings,
    scenarios: &[String],
    open: &mut bool,
) -> bool {
    let mut export = false;
    let mut cancel = false;
    egui::Window::new("Export")
        .id(egui::Id::unique("export-window"))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .default_width(440.0)
        .show(ctx, |ui| {
            settings_ui(ui, settings, scenarios);
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .button("Export…")
                    .on_hover_text("Choose where, then export with the window's driver values")
                    .clicked()
                {
                    export = true;
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
    if cancel {
        *open = false;
    }
    export
}

fn settings_ui(ui: &mut Ui, settings: &mut ExportSettings, scenarios: &[String]) {
    egui::Grid::new("export-settings")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label("Format");
            ui.vertical(|ui| {
                let current = settings.format();
                for format in Format::ALL {
                    if ui.radio(current == format, format.label()).clicked() {
                        settings.format = format.name().to_owned();
                    }
                }
            });
            ui.end_row();

            ui.label("Scenario");
            let mut scenario = settings.scenario_in(scenarios);
            egui::ComboBox::from_id_salt("export-scenario")
                .selected_text(scenario.as_deref().unwrap_or("Plan (no scenario)"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut scenario, None, "Plan (no scenario)");
                    for name in scenarios {
                        ui.selectable_value(&mut scenario, Some(name.clone()), name);
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::accesskit::Role::ComboBox,
                        true,
                        "Export scenario",
                    )
                });
            if scenario != settings.scenario_in(scenarios) {
                settings.scenario = scenario;
            }
            ui.end_row();

            ui.label("Money");
            ui.horizontal(|ui| {
                let mut period = settings.period();
                ui.radio_value(&mut period, Period::Month, "per month");
                ui.radio_value(&mut period, Period::Year, "per year");
                settings.period = period.name().to_owned();
            });
            ui.end_row();

            let format = settings.format();
            if charts_only(format) {
                ui.label("Chart");
                let mut chart = settings.chart();
                egui::ComboBox::from_id_salt("export-chart")
                    .selected_text(chart.map_or("All charts (a folder)", chart_label))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut chart, None, "All charts (a folder)");
                        for kind in ChartKind::ALL {
                            ui.selectable_value(&mut chart, Some(kind), chart_label(kind));
                        }
                    })
                    .response
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::accesskit::Role::ComboBox,
                            true,
                            "Export chart",
                        )
                    });
                settings.chart = chart.map(|c| c.name().to_owned());
                ui.end_row();

                ui.label("Size");
                ui.horizontal(|ui| {
                    side_ui(ui, &mut settings.width_px, "Width, px");
                    ui.label("×");
                    side_ui(ui, &mut settings.height_px, "Height, px");
                    ui.label("px");
                    if ui
                        .small_button("1920×1080")
                        .on_hover_text("A 16:9 slide")
                        .clicked()
                    {
                        let default = ChartStyle::default();
                        settings.width_px = default.width;
                        settings.height_px = default.height;
                    }
                });
                ui.end_row();

                ui.label("Theme");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut settings.dark, false, "Light charts");
                    ui.radio_value(&mut settings.dark, true, "Dark charts");
                });
                ui.end_row();
            } else {
                ui.label("Include");
                ui.vertical(|ui| {
                    ui.checkbox(&mut settings.charts, "Charts");
                    ui.checkbox(&mut settings.sketches, "Deployment sketches");
                    ui.checkbox(&mut settings.breakdown, "Cost breakdown");
                    ui.checkbox(
                        &mut settings.timeline,
                        "Timeline, scenarios and sensitivity",
                    );
                    ui.checkbox(&mut settings.assumptions, "Assumptions appendix");
                });
                ui.end_row();
            }
        });
    ui.label(
        egui::RichText::new("Exported at the window's driver values.")
            .small()
            .weak(),
    );
}

/// A chart side in px, labelled for screen readers and tests.
fn side_ui(ui: &mut Ui, value: &mut u32, label: &str) {
    let response = ui.add(egui::DragValue::new(value).range(SIDE_PX).speed(4.0));
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::SpinButton, true, label));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_export_defaults() {
        let settings = ExportSettings::default();
        let options = settings.options();
        assert_eq!(options, ExportOptions::new(Format::Html));
    }

    #[test]
    fn unknown_remembered_names_fall_back_to_the_defaults() {
        let settings: ExportSettings =
            ron::from_str("(format: \"pdf\", chart: Some(\"pie\"), width_px: 0)").unwrap();
        assert_eq!(settings.format(), Format::Html);
        assert_eq!(settings.chart(), None);
        assert_eq!(settings.style().width, ChartStyle::MIN_SIDE, "clamped");
        assert_eq!(settings.style().height, 1080, "default");
    }

    #[test]
    fn one_file_formats_ask_for_a_file_with_their_extension_and_csv_for_a_folder() {
        let mut settings = ExportSettings::default();
        let request = settings.path_request("plan");
        assert_eq!(
            request.kind,
            PathKind::SaveFile {
                file_name: "plan.html".to_owned()
            }
        );
        assert_eq!(request.filter.map(|f| f.1), Some(vec!["html".to_owned()]));
        settings.format = Format::Csv.name().to_owned();
        assert_eq!(settings.path_request("plan").kind, PathKind::Folder);
        settings.format = Format::Svg.name().to_owned();
        assert_eq!(settings.path_request("plan").kind, PathKind::Folder);
        settings.chart = Some("cost".to_owned());
        assert_eq!(
            settings.path_request("plan").kind,
            PathKind::SaveFile {
                file_name: "plan-cost.svg".to_owned()
            }
        );
    }
}
