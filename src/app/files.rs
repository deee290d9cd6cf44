//! Open and Save: native file dialogs run off the UI thread, their answers come back
//! through a channel ([`FileEvent`]), and plan files are read and written here.
//!
//! The channel is the seam tests use: they send a [`FileEvent`] instead of clicking
//! through a dialog (see [`NoDialogs`]).

use std::path::PathBuf;
use std::sync::mpsc::Sender;

/// An answer from a file dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileEvent {
    /// Open this plan file.
    Open(PathBuf),
    /// Save the plan to this file.
    SaveAs(PathBuf),
}

/// Shows file dialogs. Implementations answer later, by sending a [`FileEvent`]
/// and asking for a repaint; a cancelled dialog sends nothing.
pub trait FileDialogs {
    /// Asks for a plan file to open.
    fn open(&self, events: Sender<FileEvent>, ctx: egui::Context);
    /// Asks where to save the plan; `file_name` is the suggestion.
    fn save_as(&self, events: Sender<FileEvent>, ctx: egui::Context, file_name: String);
}

/// Native dialogs (xdg portal on Linux), each on its own thread.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeDialogs;

fn plan_dialog() -> rfd::FileDialog {
    let dialog = rfd::FileDialog::new().add_filter("Headroom plan", &["ron"]);
    match default_folder() {
        Some(folder) => dialog.set_directory(folder),
        None => dialog,
    }
}

impl FileDialogs for NativeDialogs {
    fn open(&self, events: Sender<FileEvent>, ctx: egui::Context) {
        std::thread::spawn(move || {
            if let Some(path) = plan_dialog().set_title("Open plan").pick_file() {
                // The window may have closed meanwhile; then nobody listens.
                let _ = events.send(FileEvent::Open(path));
                ctx.request_repaint();
            }
        });
    }

    fn save_as(&self, events: Sender<FileEvent>, ctx: egui::Context, file_name: String) {
        std::thread::spawn(move || {
            if let Some(path) = plan_dialog()
                .set_title("Save plan as")
                .set_file_name(file_name)
                .save_file()
            {
                let _ = events.send(FileEvent::SaveAs(path));
                ctx.request_repaint();
            }
        });
    }
}

/// No dialogs at all (tests and benchmarks): paths arrive through the channel.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&self, _events: Sender<FileEvent>, _ctx: egui::Context) {}
    fn save_as(&self, _events: Sender<FileEvent>, _ctx: egui::Context, _file_name: String) {}
}

/// Where dialogs start: `Documents/Headroom` when it exists, else the documents folder.
pub fn default_folder() -> Option<PathBuf> {
    let documents = directories::UserDirs::new()?.document_dir()?.to_path_buf();
    let headroom = documents.join("Headroom");
    Some(if headroom.is_dir() {
        headroom
    } else {
        documents
    })
}
