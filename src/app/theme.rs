//! Colours and small drawing helpers shared by the panels: status colours that read
//! in light and dark mode, the status chip and the headroom bar.

use egui::{Color32, CornerRadius, Rect, Response, Sense, Stroke, StrokeKind, Ui, Vec2, vec2};

use crate::model::Status;

/// The colour of a status, tuned for the current background.
pub fn status_color(ui: &Ui, status: Status) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match (status, dark) {
        (Status::Ok, true) => Color32::from_rgb(86, 196, 120),
        (Status::Ok, false) => Color32::from_rgb(28, 128, 62),
        (Status::Warn, true) => Color32::from_rgb(240, 180, 50),
        (Status::Warn, false) => Color32::from_rgb(168, 100, 0),
        (Status::Over, true) => Color32::from_rgb(244, 96, 86),
        (Status::Over, false) => Color32::from_rgb(190, 36, 36),
    }
}

/// Text that reads on top of [`status_color`].
fn on_status_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(20, 20, 20)
    } else {
        Color32::WHITE
    }
}

/// Accent for the recommended phase (border and label).
pub fn recommended_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 170, 255)
    } else {
        Color32::from_rgb(20, 90, 200)
    }
}

/// A small filled chip with the status name (`OK`, `WARN`, `OVER`).
pub fn status_chip(ui: &mut Ui, status: Status) -> Response {
    let text = status.as_str().to_uppercase();
    let galley =
        ui.painter()
            .layout_no_wrap(text, egui::FontId::proportional(11.0), on_status_color(ui));
    let padding = vec2(6.0, 2.0);
    let (rect, response) = ui.allocate_exact_size(galley.size() + 2.0 * padding, Sense::hover());
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        painter.rect_filled(rect, CornerRadius::same(4), status_color(ui, status));
        painter.galley(rect.min + padding, galley, Color32::PLACEHOLDER);
    }
    response
}

/// Thresholds drawn on a [`headroom_bar`].
#[derive(Debug, Clone, Copy)]
pub struct BarMarks {
    /// Warn threshold (fraction of capacity).
    pub warn: f64,
    /// Critical threshold (fraction of capacity).
    pub critical: f64,
}

/// A horizontal utilization bar: filled to `utilization` (capped at the end) in the
/// status colour, with ticks at the warn and critical thresholds.
pub fn headroom_bar(
    ui: &mut Ui,
    width: f32,
    utilization: f64,
    status: Status,
    marks: BarMarks,
) -> Response {
    let height = ui.spacing().interact_size.y * 0.6;
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let painter = ui.painter();
        let radius = CornerRadius::same(3);
        painter.rect_filled(rect, radius, visuals.extreme_bg_color);
        let fill = utilization.clamp(0.0, 1.0) as f32;
        if fill > 0.0 {
            let filled = Rect::from_min_size(rect.min, Vec2::new(rect.width() * fill, height));
            painter.rect_filled(filled, radius, status_color(ui, status));
        }
        let tick = Stroke::new(1.5, visuals.strong_text_color());
        for mark in [marks.warn, marks.critical] {
            let x = rect.left() + rect.width() * mark.clamp(0.0, 1.0) as f32;
            painter.line_segment(
                [
                    egui::pos2(x, rect.top() - 2.0),
                    egui::pos2(x, rect.bottom() + 2.0),
                ],
                tick,
            );
        }
        painter.rect_stroke(
            rect,
            radius,
            Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
            StrokeKind::Inside,
        );
    }
    response
}
