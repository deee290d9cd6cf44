//! The status bar: the last message (saved, autosave failed), the background jobs
//! under way with a spinner, and their results until dismissed.

use egui::{RichText, Ui};

/// A finished job's result, shown until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened: "Exported to …", "Copied chart to the clipboard", or the error.
    pub text: String,
    /// Whether it is an error (shown in the error colour).
    pub error: bool,
}

/// Whether the status bar has anything to show.
pub fn has_content(message: Option<&str>, running: usize, notices: &[Notice]) -> bool {
    message.is_some() || running > 0 || !notices.is_empty()
}

/// Draws the status bar: `message`, a spinner per running job, then each notice with
/// a dismiss button (a dismissed notice is removed from `notices`).
pub fn status_bar_ui<'a>(
    ui: &mut Ui,
    message: Option<&str>,
    running: impl Iterator<Item = &'a str>,
    notices: &mut Vec<Notice>,
) {
    if let Some(message) = message {
        ui.label(message);
    }
    for label in running {
        ui.horizontal(|ui| {
            // The spinner asks for repaints while shown: only while a job runs.
            ui.spinner();
            ui.label(label);
        });
    }
    let mut dismissed = None;
    for (i, notice) in notices.iter().enumerate() {
        ui.horizontal(|ui| {
            let text = RichText::new(&notice.text);
            if notice.error {
                ui.label(text.color(ui.visuals().error_fg_color));
            } else {
                ui.label(text);
            }
            if ui.small_button("Dismiss").clicked() {
                dismissed = Some(i);
            }
        });
    }
    if let Some(i) = dismissed {
        notices.remove(i);
    }
}
