//! Writing an export: each file atomically (a temporary file in the same folder,
//! renamed over the target), a new folder as a whole.

use std::path::{Path, PathBuf};

use super::{ExportError, Rendered};

/// Writes `rendered` to `out`; returns the paths written.
pub fn write(out: &Path, rendered: &Rendered) -> Result<Vec<PathBuf>, ExportError> {
    let _ = rendered;
    Err(ExportError::Write {
        path: out.to_owned(),
        source: std::io::Error::other("not built yet"),
    })
}
