//! Autosave and recovery: while the plan has unsaved changes, the working plan (its
//! RON text, where it came from and the driver values: a [`LastPlan`]) is written to
//! one file in the app's data folder, at most every [`INTERVAL`], through
//! [`save_plan_atomic`]. The file is removed when the plan is saved or its changes
//! are discarded, and on a clean quit; one found at start belongs to a run that
//! crashed or was killed, and the window offers to recover it.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::LastPlan;
use crate::plan_file::{backup_path, save_plan_atomic};

/// The shortest time between two autosaves.
pub const INTERVAL: Duration = Duration::from_secs(5);

/// The recovery file's name in the data folder.
pub const FILE_NAME: &str = "unsaved-plan.ron";

/// Where the window autosaves: `unsaved-plan.ron` in Headroom's data folder
/// (`~/.local/share/headroom` on Linux), if the system has one.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "Headroom")?;
    Some(dirs.data_dir().join(FILE_NAME))
}

/// Writes the working plan to `path` atomically (creating its folder).
pub fn write(path: &Path, plan: &LastPlan) -> Result<(), String> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    let text = ron::ser::to_string_pretty(plan, ron::ser::PrettyConfig::default())
        .map_err(|error| format!("cannot write the unsaved plan: {error}"))?;
    save_plan_atomic(path, &text).map_err(|error| error.to_string())
}

/// The working plan autosaved at `path`: `None` when there is none, an error when
/// the file cannot be read.
pub fn read(path: &Path) -> Option<Result<LastPlan, String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => return Some(Err(format!("{}: {error}", path.display()))),
    };
    Some(ron::from_str(&text).map_err(|error| format!("{}: {error}", path.display())))
}

/// Removes the autosave at `path` and the `.bak` the atomic save keeps.
pub fn remove(path: &Path) {
    // Already gone is fine; anything else leaves a file the next start offers.
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(backup_path(path));
}
