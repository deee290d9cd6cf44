//! The menu bar (File, Edit, View) and the keyboard shortcuts. Both only report
//! an [`Action`]; the app applies it.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference, Ui};

use crate::presets::PRESETS;

/// Something the user asked the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open an embedded preset by name.
    OpenPreset(&'static str),
    /// Show the Open dialog.
    Open,
    /// Open a recent file.
    OpenRecent(PathBuf),
    /// Save to the plan's file (Save As when it has none).
    Save,
    /// Show the Save As dialog.
    SaveAs,
    /// Show the Compare with… dialog (a plan file).
    CompareWithFile,
    /// Compare the plan with one of its scenarios, by name.
    CompareWithScenario(String),
    /// Show the Export window.
    Export,
    /// Close the window.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Light, dark or the system's theme.
    Theme(ThemePreference),
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Zoom back to 100 %.
    ZoomReset,
}

/// Ctrl+O.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Ctrl+S.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Ctrl+Shift+S.
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// Ctrl+Z.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Ctrl+Y.
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// Ctrl+Shift+Z.
pub const REDO_ALT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);

/// Consumes the app's shortcuts from this frame's input. Undo and redo are left to
/// a focused text field (it has its own).
pub fn shortcuts(ui: &Ui) -> Option<Action> {
    let text_focused = ui.ctx().egui_wants_keyboard_input();
    ui.input_mut(|input| {
        // Most specific first: Ctrl+Shift+S before Ctrl+S.
        if input.consume_shortcut(&SAVE_AS) {
            Some(Action::SaveAs)
        } else if input.consume_shortcut(&SAVE) {
            Some(Action::Save)
        } else if input.consume_shortcut(&OPEN) {
            Some(Action::Open)
        } else if text_focused {
            None
        } else if input.consume_shortcut(&REDO_ALT) || input.consume_shortcut(&REDO) {
            Some(Action::Redo)
        } else if input.consume_shortcut(&UNDO) {
            Some(Action::Undo)
        } else {
            None
        }
    })
}

/// What the menus need to know to enable their items.
#[derive(Debug, Clone, Copy)]
pub struct MenuState<'a> {
    /// A plan is open.
    pub has_document: bool,
    /// Undo would do something.
    pub can_undo: bool,
    /// Redo would do something.
    pub can_redo: bool,
    /// Recently opened files, newest first.
    pub recent: &'a [PathBuf],
    /// The open plan's scenarios, by name.
    pub scenarios: &'a [String],
    /// The theme in use.
    pub theme: ThemePreference,
}

/// Draws the menu bar; returns the item clicked.
pub fn menu_bar_ui(ui: &mut Ui, state: MenuState<'_>) -> Option<Action> {
    let mut action = None;
    let shortcut = |ui: &Ui, s: &KeyboardShortcut| ui.ctx().format_shortcut(s);
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            ui.menu_button("New from preset", |ui| {
                for preset in &PRESETS {
                    if ui
                        .button(preset.name)
                        .on_hover_text(preset.summary)
                        .clicked()
                    {
                        action = Some(Action::OpenPreset(preset.name));
                    }
                }
            });
            if ui
                .add(egui::Button::new("Open…").shortcut_text(shortcut(ui, &OPEN)))
                .clicked()
            {
                action = Some(Action::Open);
            }
            if ui
                .add_enabled(
                    state.has_document,
                    egui::Button::new("Save").shortcut_text(shortcut(ui, &SAVE)),
                )
                .clicked()
            {
                action = Some(Action::Save);
            }
            if ui
                .add_enabled(
                    state.has_document,
                    egui::Button::new("Save As…").shortcut_text(shortcut(ui, &SAVE_AS)),
                )
                .clicked()
            {
                action = Some(Action::SaveAs);
            }
            ui.add_enabled_ui(!state.recent.is_empty(), |ui| {
                ui.menu_button("Recent", |ui| {
                    for path in state.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            action = Some(Action::OpenRecent(path.clone()));
                        }
                    }
                });
            });
            ui.separator();
            if ui
                .add_enabled(state.has_document, egui::Button::new("Compare with…"))
                .on_hover_text("What another plan file changes, and what it does")
                .clicked()
            {
                action = Some(Action::CompareWithFile);
            }
            ui.add_enabled_ui(!state.scenarios.is_empty(), |ui| {
                ui.menu_button("Compare with scenario", |ui| {
                    for name in state.scenarios {
                        if ui.button(name).clicked() {
                            action = Some(Action::CompareWithScenario(name.clone()));
                        }
                    }
                });
            });
            if ui
                .add_enabled(state.has_document, egui::Button::new("Export…"))
                .on_hover_text("HTML report, Markdown, CSV, XLSX or chart files")
                .clicked()
            {
                action = Some(Action::Export);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                action = Some(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            if ui
                .add_enabled(
                    state.can_undo,
                    egui::Button::new("Undo").shortcut_text(shortcut(ui, &UNDO)),
                )
                .clicked()
            {
                action = Some(Action::Undo);
            }
            if ui
                .add_enabled(
                    state.can_redo,
                    egui::Button::new("Redo").shortcut_text(shortcut(ui, &REDO)),
                )
                .clicked()
            {
                action = Some(Action::Redo);
            }
        });
        ui.menu_button("View", |ui| {
            for (theme, name) in [
                (ThemePreference::Light, "Light"),
                (ThemePreference::Dark, "Dark"),
                (ThemePreference::System, "System"),
            ] {
                if ui.radio(state.theme == theme, name).clicked() {
                    action = Some(Action::Theme(theme));
                }
            }
            ui.separator();
            if ui
                .add(
                    egui::Button::new("Zoom in")
                        .shortcut_text(shortcut(ui, &egui::gui_zoom::kb_shortcuts::ZOOM_IN)),
                )
                .clicked()
            {
                action = Some(Action::ZoomIn);
            }
            if ui
                .add(
                    egui::Button::new("Zoom out")
                        .shortcut_text(shortcut(ui, &egui::gui_zoom::kb_shortcuts::ZOOM_OUT)),
                )
                .clicked()
            {
                action = Some(Action::ZoomOut);
            }
            if ui
                .add(
                    egui::Button::new("Reset zoom")
                        .shortcut_text(shortcut(ui, &egui::gui_zoom::kb_shortcuts::ZOOM_RESET)),
                )
                .clicked()
            {
                action = Some(Action::ZoomReset);
            }
        });
    });
    action
}
