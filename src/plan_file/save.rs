//! Saving a plan file so that a crash, a kill or a full disk never leaves it
//! half-written.
//!
//! [`save_plan_atomic`] never writes into the target file. It:
//!
//! 1. writes the new text to a temporary file in the target's own folder
//!    (`.NAME.ron.XXXXXX.tmp`: hidden, and named after the file it belongs to), then
//!    `write_all`, `flush` and `sync_all` it (the bytes are on the disk);
//! 2. keeps the current file as `NAME.ron.bak`: a hard link to it is made under a
//!    temporary name (`.NAME.ron.bak.XXXXXX.tmp`) and renamed over the `.bak`, so
//!    the `.bak` is always a complete earlier version, never a half copy (where hard
//!    links are not supported, a synced copy is renamed instead);
//! 3. renames the temporary file over the target (atomic on POSIX file systems: a
//!    reader sees the old file or the new one, never a mix);
//! 4. syncs the folder (Unix), so that the renames themselves survive a power cut.
//!
//! A failure in steps 1–3 returns a [`SaveError`] naming the path and leaves the
//! target exactly as it was (the temporary file is removed). A failure in step 4
//! comes after the rename: the new text is in place, and the error says so.
//!
//! A process killed mid-save cannot remove its temporary file, so a crash may leave
//! a `.NAME.ron.XXXXXX.tmp` next to the plan. They are hidden, never read, and each
//! save of the same file removes those of them older than [`STALE_AFTER`] (a save
//! takes milliseconds, so an older one belongs to a save that died).
//!
//! The new file keeps the permissions of the one it replaces (Unix). A symbolic link is
//! followed: the file it points to is replaced, the link stays.
//!
//! [`write_atomic`] is the same without step 2, for files derived from a plan
//! (exports), where a `.bak` would only be clutter.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::{Builder, NamedTempFile};

/// Temporary files of a save older than this are left over from a save that died.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Random characters in a temporary file's name (tempfile's default).
const RANDOM_LEN: usize = 6;

/// Why a plan file could not be saved. Except for [`SaveError::FolderSync`], the
/// file on disk is exactly as it was before the save.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The path names a folder (or is empty).
    #[error("cannot save {}: it is a folder, not a file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// The folder to save in does not exist (or is not a folder).
    #[error("cannot save {}: the folder {} does not exist", path.display(), folder.display())]
    NoFolder {
        /// The path given.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// A step of the save failed; nothing was changed.
    #[error("cannot save {}: {step}: {error}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What was being done, e.g. "could not create a temporary file in /plans".
        step: String,
        /// What the OS said (in the message, so not the error's `source()`).
        error: io::Error,
    },
    /// The new file is in place, but the folder could not be synced: the rename may
    /// not survive a power cut.
    #[error(
        "saved {}, but could not sync its folder (the save may not survive a power cut): {error}",
        path.display()
    )]
    FolderSync {
        /// The path given.
        path: PathBuf,
        /// What the OS said (in the message, so not the error's `source()`).
        error: io::Error,
    },
}

impl SaveError {
    /// The path that was being saved.
    pub fn path(&self) -> &Path {
        match self {
            Self::NotAFile { path }
            | Self::NoFolder { path, .. }
            | Self::Io { path, .. }
            | Self::FolderSync { path, .. } => path,
        }
    }
}

/// The `.bak` kept next to `path`: `plan.ron` → `plan.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Whether `name` is a temporary file of a save of `file_name` (the plan's or its
/// `.bak`'s): `.plan.ron.Ab3xYz.tmp`, `.plan.ron.bak.Ab3xYz.tmp`.
pub fn is_temporary_of(name: &str, file_name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_prefix(file_name))
        .and_then(|n| n.strip_suffix(".tmp"))
    else {
        return false;
    };
    let random = rest
        .strip_prefix(".bak.")
        .or_else(|| rest.strip_prefix('.'));
    random.is_some_and(|r| r.len() == RANDOM_LEN && r.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Writes `text` to `path` atomically, keeping the previous file as `NAME.bak`
/// (see the module documentation for the steps and what a failure leaves).
pub fn save_plan_atomic(path: &Path, text: &str) -> Result<(), SaveError> {
    write_file(path, text.as_bytes(), true)
}

/// Writes `bytes` to `path` atomically, as [`save_plan_atomic`] does but without
/// keeping a `.bak` (exports: the file is derived, the plan is the source).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_file(path, bytes, false)
}

/// Steps 1–4 of the module documentation; step 2 only with `backup`.
fn write_file(path: &Path, bytes: &[u8], backup: bool) -> Result<(), SaveError> {
    let given = path;
    let io_error = |step: String| {
        move |error: io::Error| SaveError::Io {
            path: given.to_owned(),
            step,
            error,
        }
    };

    // Follow a symbolic link to the file it names.
    let target = match fs::symlink_metadata(given) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(given).map_err(io_error(
            "it is a symbolic link to a file that cannot be reached".to_owned(),
        ))?,
        _ => given.to_owned(),
    };
    let Some(file_name) = target.file_name().map(OsString::from) else {
        return Err(SaveError::NotAFile {
            path: given.to_owned(),
        });
    };
    let folder = folder_of(&target);
    match fs::metadata(&folder) {
        Ok(meta) if meta.is_dir() => {}
        _ => {
            return Err(SaveError::NoFolder {
                path: given.to_owned(),
                folder,
            });
        }
    }
    let existing = match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => {
            return Err(SaveError::NotAFile {
                path: given.to_owned(),
            });
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error("could not read its metadata".to_owned())(e)),
    };

    sweep_stale_temporaries(&folder, &file_name.to_string_lossy());

    // 1. The new text, complete and on the disk, under a temporary name.
    let prefix = format!(".{}.", file_name.to_string_lossy());
    let mut builder = Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(RANDOM_LEN);
    let keep = permissions_to_keep(existing.as_ref());
    match &keep {
        Some(permissions) => {
            builder.permissions(permissions.clone());
        }
        None => new_file_permissions(&mut builder),
    }
    let mut temporary = builder.tempfile_in(&folder).map_err(io_error(format!(
        "could not create a temporary file in {} (is the folder writable?)",
        folder.display()
    )))?;
    if let Some(permissions) = keep {
        // Creation applied the umask; the plan keeps exactly its old permissions.
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(io_error("could not copy the file's permissions".to_owned()))?;
    }
    let write_step = format!(
        "could not write {} (is the disk full?)",
        temporary.path().display()
    );
    let written = temporary
        .write_all(bytes)
        .and_then(|()| temporary.flush())
        .and_then(|()| temporary.as_file().sync_all());
    written.map_err(io_error(write_step))?;

    // 2. The previous version, complete, as NAME.bak.
    if backup && existing.is_some() {
        keep_backup(&target, &folder, &file_name).map_err(io_error(format!(
            "could not keep the previous version as {}",
            backup_path(&target).display()
        )))?;
    }

    // 3. The switch.
    temporary
        .persist(&target)
        .map_err(|e| io_error("could not rename the temporary file over it".to_owned())(e.error))?;

    // 4. The renames themselves on the disk.
    sync_folder(&folder).map_err(|error| SaveError::FolderSync {
        path: given.to_owned(),
        error,
    })
}

/// The folder a file is in; `.` for a bare file name.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes `NAME.bak` a complete copy of `target`: a hard link under a temporary
/// name renamed over the `.bak` (or, where hard links fail, a synced copy).
fn keep_backup(target: &Path, folder: &Path, file_name: &OsString) -> io::Result<()> {
    let bak = backup_path(target);
    if same_file(target, &bak) {
        // Already a link to the current file (a save killed after step 2): it holds
        // the previous version. Renaming another link to the same file over it would
        // do nothing and leave the temporary name behind (rename(2) on two links of
        // one file is a no-op).
        return Ok(());
    }
    let prefix = format!(".{}.bak.", file_name.to_string_lossy());
    let mut builder = Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(RANDOM_LEN);
    match builder.make_in(folder, |link| fs::hard_link(target, link)) {
        Ok(link) => link.persist(&bak).map_err(|e| e.error),
        Err(_) => {
            let mut copy: NamedTempFile = builder.tempfile_in(folder)?;
            let mut source = File::open(target)?;
            io::copy(&mut source, &mut copy)?;
            copy.flush()?;
            if let Some(permissions) = permissions_to_keep(Some(&source.metadata()?)) {
                copy.as_file().set_permissions(permissions)?;
            }
            copy.as_file().sync_all()?;
            copy.persist(&bak).map_err(|e| e.error)?;
            Ok(())
        }
    }
}

/// The permissions a new file copies from the one it replaces: the mode bits on
/// Unix; none elsewhere (Windows has only a read-only flag, which tempfile refuses to
/// set, and a read-only target refuses the rename with a clear error anyway).
fn permissions_to_keep(existing: Option<&fs::Metadata>) -> Option<fs::Permissions> {
    if cfg!(unix) {
        existing.map(fs::Metadata::permissions)
    } else {
        None
    }
}

/// A new file gets what any new file gets (`rw-rw-rw-` less the umask, so usually
/// `rw-r--r--`), not tempfile's private `rw-------`: a plan or a report is shared.
fn new_file_permissions(builder: &mut Builder<'_, '_>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), which applies the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    {
        let _ = builder;
    }
}

/// Whether two paths are links to the same file (Unix; elsewhere, never).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Syncs a folder's entries to the disk (Unix; elsewhere the rename is all there is).
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

/// Removes the temporary files of earlier saves of `file_name` that died (older
/// than [`STALE_AFTER`]). Best effort: a file that cannot be removed is left.
fn sweep_stale_temporaries(folder: &Path, file_name: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_temporary_of(&name.to_string_lossy(), file_name) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_is_written_without_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        save_plan_atomic(&path, "one").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(names_in(dir.path()), ["plan.ron"]);
    }

    #[test]
    fn saving_again_keeps_the_previous_version_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        save_plan_atomic(&path, "one").unwrap();
        save_plan_atomic(&path, "two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "one");
        save_plan_atomic(&path, "three ☃").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "three ☃");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "two");
        assert_eq!(names_in(dir.path()), ["plan.ron", "plan.ron.bak"]);
    }

    #[test]
    fn a_bare_file_name_is_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("plan.ron")), Path::new("."));
        assert_eq!(folder_of(Path::new("a/plan.ron")), Path::new("a"));
        assert_eq!(folder_of(Path::new("/plan.ron")), Path::new("/"));
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_symlinks_followed() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        save_plan_atomic(&path, "new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);

        let link = dir.path().join("link.ron");
        symlink(&path, &link).unwrap();
        save_plan_atomic(&link, "through the link").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "through the link");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "new");
    }

    #[test]
    fn a_folder_as_target_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("plans");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside.ron"), "kept").unwrap();
        let error = save_plan_atomic(&target, "x").unwrap_err();
        assert!(matches!(error, SaveError::NotAFile { .. }), "{error}");
        assert!(error.to_string().contains(&target.display().to_string()));
        assert!(error.to_string().contains("is a folder"), "{error}");
        assert_eq!(names_in(&target), ["inside.ron"]);
        assert_eq!(names_in(dir.path()), ["plans"]);
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let path = gone.join("plan.ron");
        let error = save_plan_atomic(&path, "x").unwrap_err();
        assert!(matches!(error, SaveError::NoFolder { .. }), "{error}");
        let shown = error.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert!(shown.contains(&gone.display().to_string()), "{shown}");
        assert_eq!(error.path(), path);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_file_as_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "kept").unwrap();
        let error = save_plan_atomic(&file.join("plan.ron"), "x").unwrap_err();
        assert!(matches!(error, SaveError::NoFolder { .. }), "{error}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "kept");
    }

    #[test]
    fn a_bak_that_cannot_be_replaced_fails_the_save_and_keeps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        fs::write(&path, "old").unwrap();
        // A folder where the .bak goes: neither rename nor copy can replace it.
        fs::create_dir(backup_path(&path)).unwrap();
        fs::write(backup_path(&path).join("x"), "").unwrap();
        let error = save_plan_atomic(&path, "new").unwrap_err();
        assert!(matches!(error, SaveError::Io { .. }), "{error}");
        assert!(error.to_string().contains("plan.ron.bak"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names_in(dir.path()), ["plan.ron", "plan.ron.bak"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_bak_already_linked_to_the_file_is_kept_and_nothing_is_left() {
        // What a save killed between keeping the .bak and the rename leaves.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        fs::write(&path, "old").unwrap();
        fs::hard_link(&path, backup_path(&path)).unwrap();
        save_plan_atomic(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "old");
        assert_eq!(names_in(dir.path()), ["plan.ron", "plan.ron.bak"]);
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_temporary_of(".plan.ron.Ab3xYz.tmp", "plan.ron"));
        assert!(is_temporary_of(".plan.ron.bak.Ab3xYz.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.Ab3xY.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.Ab3x-z.tmp", "plan.ron"));
        assert!(!is_temporary_of(".other.ron.Ab3xYz.tmp", "plan.ron"));
        assert!(!is_temporary_of("plan.ron.Ab3xYz.tmp", "plan.ron"));
        assert!(!is_temporary_of(".plan.ron.Ab3xYz", "plan.ron"));
        assert!(!is_temporary_of("plan.ron.bak", "plan.ron"));
    }

    #[test]
    fn stale_temporaries_are_swept_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        let stale = dir.path().join(".plan.ron.AAAAAA.tmp");
        let stale_bak = dir.path().join(".plan.ron.bak.BBBBBB.tmp");
        let fresh = dir.path().join(".plan.ron.CCCCCC.tmp");
        let other = dir.path().join(".other.ron.DDDDDD.tmp");
        for file in [&stale, &stale_bak, &fresh, &other] {
            fs::write(file, "partial").unwrap();
        }
        let long_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        for file in [&stale, &stale_bak, &other] {
            File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        save_plan_atomic(&path, "x").unwrap();
        assert_eq!(
            names_in(dir.path()),
            [".other.ron.DDDDDD.tmp", ".plan.ron.CCCCCC.tmp", "plan.ron"]
        );
    }

    #[test]
    fn write_atomic_replaces_without_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, &[0, 159, 146, 150]).unwrap();
        assert_eq!(fs::read(&path).unwrap(), [0, 159, 146, 150]);
        assert_eq!(names_in(dir.path()), ["report.xlsx"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomic(&path, b"x").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // Whatever the umask, the group and others get what a plain new file gets.
        let probe = dir.path().join("probe");
        fs::write(&probe, "").unwrap();
        let plain = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, plain);
    }

    #[test]
    fn backup_path_appends_bak() {
        assert_eq!(
            backup_path(Path::new("/a/plan.ron")),
            Path::new("/a/plan.ron.bak")
        );
        assert_eq!(backup_path(Path::new("plan")), Path::new("plan.bak"));
    }
}
