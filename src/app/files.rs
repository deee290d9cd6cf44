//! Open, Save, Compare with, Export and Save chart: native file dialogs run off the UI
//! thread, their answers come back through a channel ([`FileEvent`]).
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
    /// Compare the open plan with this plan file (File ▸ Compare with…).
    CompareWith(PathBuf),
    /// Export to this file, or folder for formats that write several (File ▸ Export…).
    ExportTo(PathBuf),
    /// Save the chart asked for from a chart's context menu to this file.
    SaveChart(PathBuf),
}

/// What a [`PathRequest`] asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathKind {
    /// An existing file.
    OpenFile,
    /// A file to write; `file_name` is the suggestion.
    SaveFile {
        /// The suggested file name.
        file_name: String,
    },
    /// A folder (exports that write several files).
    Folder,
}

/// A file or folder dialog: its title, what it picks, its file-type filter, and the
/// [`FileEvent`] its answer becomes.
#[derive(Debug, Clone)]
pub struct PathRequest {
    /// The dialog's title.
    pub title: String,
    /// File to open, file to save, or folder.
    pub kind: PathKind,
    /// The file type: its name and extensions (without the dot).
    pub filter: Option<(String, Vec<String>)>,
    /// Turns the chosen path into the event sent back.
    pub answer: fn(PathBuf) -> FileEvent,
}

/// Shows file dialogs. Implementations answer later, by sending a [`FileEvent`]
/// and asking for a repaint; a cancelled dialog sends nothing.
pub trait FileDialogs {
    /// Asks for a plan file to open.
    fn open(&self, events: Sender<FileEvent>, ctx: egui::Context);
    /// Asks where to save the plan; `file_name` is the suggestion.
    fn save_as(&self, events: Sender<FileEvent>, ctx: egui::Context, file_name: String);
    /// Asks for a file or folder as `request` describes; the answer is `request.answer(path)`.
    fn ask_path(&self, events: Sender<FileEvent>, ctx: egui::Context, request: PathRequest);
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

    fn ask_path(&self, events: Sender<FileEvent>, ctx: egui::Context, request: PathRequest) {
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new().set_title(&request.title);
            if let Some(folder) = default_folder() {
                dialog = dialog.set_directory(folder);
            }
            if let Some((name, extensions)) = &request.filter {
                dialog = dialog.add_filter(name, extensions.as_slice());
            }
            let path = match request.kind {
                PathKind::OpenFile => dialog.pick_file(),
                PathKind::SaveFile { file_name } => dialog.set_file_name(file_name).save_file(),
                PathKind::Folder => dialog.pick_folder(),
            };
            if let Some(path) = path {
                let _ = events.send((request.answer)(path));
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
    fn ask_path(&self, _events: Sender<FileEvent>, _ctx: egui::Context, _request: PathRequest) {}
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
