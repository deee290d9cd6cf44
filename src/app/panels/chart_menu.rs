//! The context menu of every chart: "Copy as image", "Save as SVG…", "Save as PNG…".
//! It only reports what was asked ([`ChartRequest`]); the app draws the chart with the
//! one chart code of [`crate::export::chart`], off the UI thread.

use egui::Response;

use crate::app::export_dialog::chart_label;
use crate::export::ChartKind;

/// What the user asked of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartOp {
    /// Put the chart on the clipboard as an image.
    CopyImage,
    /// Save it as an SVG file (asks where).
    SaveSvg,
    /// Save it as a PNG file (asks where).
    SavePng,
}

/// A chart and what to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartRequest {
    /// Which chart.
    pub kind: ChartKind,
    /// What to do.
    pub op: ChartOp,
}

/// Names the plot for screen readers and tests ("Cost across range chart") and adds
/// the context menu; a click on an item is written to `request`.
pub fn chart_menu(response: &Response, kind: ChartKind, request: &mut Option<ChartRequest>) {
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Image,
            true,
            format!("{} chart", chart_label(kind)),
        )
    });
    response.context_menu(|ui| {
        for (op, text) in [
            (ChartOp::CopyImage, "Copy as image"),
            (ChartOp::SaveSvg, "Save as SVG…"),
            (ChartOp::SavePng, "Save as PNG…"),
        ] {
            if ui.button(text).clicked() {
                *request = Some(ChartRequest { kind, op });
                ui.close();
            }
        }
    });
}
