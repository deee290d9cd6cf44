//! Writing an export: each file atomically (a temporary file in the same folder,
//! renamed over the target, the same code as plan files:
//! [`crate::plan_file::write_atomic`]), a new folder as a whole.
//!
//! - [`Rendered::File`]: the file, atomically.
//! - [`Rendered::FileWithSiblings`]: each sibling atomically in the output's folder,
//!   then the main file (so a document never links to a chart that is not there).
//! - [`Rendered::Folder`]: when `out` does not exist, every file goes into a hidden
//!   temporary folder next to it, which is then renamed to `out`: all or nothing. When
//!   `out` is an existing folder, each file is replaced atomically inside it (other
//!   files there are left alone). When `out` is a file, nothing is written.
//!
//! The folder the output goes into must exist: an export never creates parent folders
//! (a typo in a path would otherwise scatter folders around).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::{ExportError, ExportFile, Rendered};
use crate::plan_file::{SaveError, write_atomic};

/// Writes `rendered` to `out`; returns the paths written.
pub fn write(out: &Path, rendered: &Rendered) -> Result<Vec<PathBuf>, ExportError> {
    match rendered {
        Rendered::File(bytes) => {
            write_file(out, bytes)?;
            Ok(vec![out.to_owned()])
        }
        Rendered::FileWithSiblings { main, siblings } => {
            check_names(out, siblings)?;
            let folder = parent_of(out);
            check_folder(out, &folder)?;
            if out.is_dir() {
                return Err(write_error(
                    out,
                    io::ErrorKind::IsADirectory,
                    "it is a folder",
                ));
            }
            let mut written = Vec::with_capacity(siblings.len() + 1);
            for sibling in siblings {
                let path = folder.join(&sibling.name);
                write_file(&path, &sibling.bytes)?;
                written.push(path);
            }
            write_file(out, main)?;
            written.push(out.to_owned());
            Ok(written)
        }
        Rendered::Folder(files) => write_folder(out, files),
    }
}

/// An error about `path` with a message.
fn write_error(path: &Path, kind: io::ErrorKind, message: &str) -> ExportError {
    ExportError::Write {
        path: path.to_owned(),
        source: io::Error::new(kind, message.to_owned()),
    }
}

/// The folder `path` is in; `.` for a bare name.
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Refuses to write `out` when `folder` (its parent) is not an existing folder.
fn check_folder(out: &Path, folder: &Path) -> Result<(), ExportError> {
    if folder.is_dir() {
        Ok(())
    } else {
        Err(write_error(
            out,
            io::ErrorKind::NotFound,
            &format!(
                "the folder {} does not exist (create it first)",
                folder.display()
            ),
        ))
    }
}

/// Refuses file names that are not plain names in one folder (no separators, no
/// `..`): a renderer names its files, and they must land where they are said to.
fn check_names(out: &Path, files: &[ExportFile]) -> Result<(), ExportError> {
    for file in files {
        let plain = Path::new(&file.name)
            .file_name()
            .is_some_and(|n| n == file.name.as_str());
        if !plain || file.name.starts_with('.') {
            return Err(write_error(
                out,
                io::ErrorKind::InvalidInput,
                &format!("{:?} is not a plain file name", file.name),
            ));
        }
    }
    Ok(())
}

/// One file, atomically; the error names the path.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic(path, bytes).map_err(|error| from_save_error(path, error))
}

/// A plan-file save error as an export error (its message without "cannot save PATH",
/// which [`ExportError::Write`] says itself).
fn from_save_error(path: &Path, error: SaveError) -> ExportError {
    let source = match error {
        SaveError::NotAFile { .. } => {
            io::Error::new(io::ErrorKind::IsADirectory, "it is a folder, not a file")
        }
        SaveError::NoFolder { folder, .. } => io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the folder {} does not exist (create it first)",
                folder.display()
            ),
        ),
        SaveError::Io { step, error, .. } => {
            io::Error::new(error.kind(), format!("{step}: {error}"))
        }
        SaveError::FolderSync { error, .. } => io::Error::new(
            error.kind(),
            format!("written, but its folder could not be synced: {error}"),
        ),
    };
    ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

/// A folder of files (see the module documentation).
fn write_folder(out: &Path, files: &[ExportFile]) -> Result<Vec<PathBuf>, ExportError> {
    check_names(out, files)?;
    let written: Vec<PathBuf> = files.iter().map(|f| out.join(&f.name)).collect();
    match fs::symlink_metadata(out) {
        Ok(_) if out.is_dir() => {
            for (file, path) in files.iter().zip(&written) {
                write_file(path, &file.bytes)?;
            }
            Ok(written)
        }
        Ok(_) => Err(write_error(
            out,
            io::ErrorKind::AlreadyExists,
            "it is a file, and this format writes a folder of files (give a folder name)",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            new_folder(out, files)?;
            Ok(written)
        }
        Err(source) => Err(ExportError::Write {
            path: out.to_owned(),
            source,
        }),
    }
}

/// Writes `files` into a temporary folder beside `out`, then renames it to `out`.
fn new_folder(out: &Path, files: &[ExportFile]) -> Result<(), ExportError> {
    let parent = parent_of(out);
    check_folder(out, &parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| write_error(out, io::ErrorKind::InvalidInput, "not a folder name"))?;
    let fail = |path: &Path, step: &str| {
        let path = path.to_owned();
        let step = step.to_owned();
        move |error: io::Error| ExportError::Write {
            path,
            source: io::Error::new(error.kind(), format!("{step}: {error}")),
        }
    };
    // Removed on drop unless it was renamed into place.
    let temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempdir_in(&parent)
        .map_err(fail(
            out,
            &format!(
                "could not create a temporary folder in {} (is it writable?)",
                parent.display()
            ),
        ))?;
    for file in files {
        let path = temporary.path().join(&file.name);
        let mut handle = fs::File::create(&path).map_err(fail(out, "could not create a file"))?;
        handle
            .write_all(&file.bytes)
            .and_then(|()| handle.sync_all())
            .map_err(fail(
                out,
                &format!("could not write {} (is the disk full?)", file.name),
            ))?;
    }
    sync_folder(temporary.path()).map_err(fail(out, "could not sync the new folder"))?;
    fs::rename(temporary.path(), out).map_err(fail(
        out,
        "could not rename the temporary folder into place",
    ))?;
    // Renamed: nothing left to remove.
    let _ = temporary.keep();
    sync_folder(&parent).map_err(fail(out, "written, but its folder could not be synced"))
}

/// Syncs a folder's entries to the disk (Unix; elsewhere the rename is all there is).
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> ExportFile {
        ExportFile {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_folder_appears_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tables");
        let rendered = Rendered::Folder(vec![file("a.csv", b"1"), file("b.csv", b"2")]);
        let written = write(&out, &rendered).unwrap();
        assert_eq!(written, [out.join("a.csv"), out.join("b.csv")]);
        assert_eq!(names_in(dir.path()), ["tables"]);
        assert_eq!(names_in(&out), ["a.csv", "b.csv"]);
        // Again into the existing folder: replaced in place, others kept.
        fs::write(out.join("mine.txt"), "kept").unwrap();
        let rendered = Rendered::Folder(vec![file("a.csv", b"3")]);
        write(&out, &rendered).unwrap();
        assert_eq!(fs::read(out.join("a.csv")).unwrap(), b"3");
        assert_eq!(names_in(&out), ["a.csv", "b.csv", "mine.txt"]);
    }

    #[test]
    fn a_file_where_a_folder_goes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tables");
        fs::write(&out, "kept").unwrap();
        let error = write(&out, &Rendered::Folder(vec![file("a.csv", b"1")])).unwrap_err();
        assert!(error.to_string().contains("it is a file"), "{error}");
        assert!(error.to_string().contains(&out.display().to_string()));
        assert_eq!(fs::read(&out).unwrap(), b"kept");
        assert_eq!(names_in(dir.path()), ["tables"]);
    }

    #[test]
    fn a_missing_parent_is_refused_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        for rendered in [
            Rendered::File(b"x".to_vec()),
            Rendered::Folder(vec![file("a.csv", b"1")]),
            Rendered::FileWithSiblings {
                main: b"x".to_vec(),
                siblings: vec![file("c.svg", b"1")],
            },
        ] {
            let error = write(&gone.join("out"), &rendered).unwrap_err();
            assert!(error.to_string().contains("does not exist"), "{error}");
        }
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn siblings_land_beside_the_main_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.md");
        let rendered = Rendered::FileWithSiblings {
            main: b"# r".to_vec(),
            siblings: vec![file("report-cost.svg", b"<svg/>")],
        };
        let written = write(&out, &rendered).unwrap();
        assert_eq!(written, [dir.path().join("report-cost.svg"), out.clone()]);
        assert_eq!(names_in(dir.path()), ["report-cost.svg", "report.md"]);
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["../x.csv", "a/b.csv", "", ".hidden", ".."] {
            let rendered = Rendered::Folder(vec![file(name, b"1")]);
            assert!(write(&dir.path().join("t"), &rendered).is_err(), "{name}");
        }
        assert!(names_in(dir.path()).is_empty());
    }
}
