//! Safe file access: read whole files, and write them so that no reader ever sees a partial file and
//! no two writers lose each other's update.
//!
//! A writer holds an exclusive lock on a sibling `<file>.lock` for the whole read-modify-write,
//! writes a temp file in the same folder, flushes it to disk and renames it over the original. New
//! files are created 0600 in folders created 0700; an existing file keeps its mode (and, where the
//! OS allows, its owner). A symlinked file is edited through its link: the target is replaced and
//! the link stays a link.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::env::Env;
use crate::error::{Error, Result};

/// How long a writer waits for another writer's lock by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The lock timeout: `AWSCRED_LOCK_TIMEOUT_MS` if set to a number, else the default.
pub fn lock_timeout(env: &Env) -> Duration {
    env.get("AWSCRED_LOCK_TIMEOUT_MS")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_LOCK_TIMEOUT)
}

/// Reads a whole file as UTF-8; a missing file is `None`. Invalid UTF-8 is a FileFormat error,
/// so nothing ever rewrites a file it could not read faithfully.
pub fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Error::FileFormat {
                path: path.to_path_buf(),
                line,
                message: "the file is not valid UTF-8".into(),
            }
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read", path, e)),
    }
}

/// The file that writes to `path` must replace: `path` itself, or the final target of a symlink.
pub fn write_target(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)
                    .map_err(|e| Error::io("cannot read symlink", &current, e))?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(Error::io("cannot inspect", &current, e)),
        }
    }
    Err(Error::InvalidInput(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

/// An exclusive lock on `<file>.lock`, released when dropped.
#[derive(Debug)]
pub struct FileLock {
    file: File,
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Takes the exclusive lock for writing `target`, creating its folder if needed, waiting up to
/// `timeout` for other writers.
pub fn lock(target: &Path, timeout: Duration) -> Result<FileLock> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let lock_path = lock_path(target);
    let file = open_private(&lock_path, false)
        .map_err(|e| Error::io("cannot create lock file", &lock_path, e))?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(FileLock { file }),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => {
                return Err(Error::io("cannot lock", &lock_path, e));
            }
        }
        if started.elapsed() >= timeout {
            return Err(Error::LockTimeout {
                path: target.to_path_buf(),
                lock: lock_path,
                waited_ms: started.elapsed().as_millis() as u64,
            });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// The sibling lock file of `target`.
pub fn lock_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    target.with_file_name(name)
}

/// Replaces `target` with `contents` atomically: temp file in the same folder, flush, rename.
/// Call with the lock held. Keeps the mode (and owner, where permitted) of an existing file.
pub fn write_atomic(target: &Path, contents: &[u8]) -> Result<()> {
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    remove_stale_temps(&dir, target);
    let existing = fs::metadata(target).ok();
    let temp = temp_path(target);
    let result = (|| {
        let mut file = open_private(&temp, true)
            .map_err(|e| Error::io("cannot create temp file", &temp, e))?;
        file.write_all(contents)
            .map_err(|e| Error::io("cannot write", &temp, e))?;
        match &existing {
            Some(meta) => keep_mode_and_owner(&file, meta),
            None => make_private_file(&temp),
        }
        .map_err(|e| Error::io("cannot set permissions of", &temp, e))?;
        file.sync_all()
            .map_err(|e| Error::io("cannot flush", &temp, e))?;
        drop(file);
        // The rename is atomic: readers see the old file or the new one, never a mix. (The folder
        // is not fsynced: after a power loss the file may be the previous version, never a partial.)
        replace(&temp, target, existing.is_some())
            .map_err(|e| Error::io("cannot replace", target, e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes temp files left by writers of `target` that were killed before their rename. Called with
/// the lock held, so no live writer of `target` can own one.
fn remove_stale_temps(dir: &Path, target: &Path) {
    let Some(base) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{base}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A unique temp file name next to `target`, hidden on Unix.
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let base = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    target.with_file_name(format!(
        ".{base}.{}.{n}.{nanos:08x}.tmp",
        std::process::id()
    ))
}

/// Creates `dir` and its missing parents with mode 0700.
fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, e))?;
    #[cfg(windows)]
    super::winacl::owner_only(dir, true)
        .map_err(|e| Error::io("cannot set permissions of", dir, e))?;
    Ok(())
}

/// Opens (creating with mode 0600) a file for writing; `new` requires that it does not exist.
fn open_private(path: &Path, new: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Renames `temp` over `target` (on Windows, ReplaceFileW for an existing target keeps its ACL).
fn replace(temp: &Path, target: &Path, target_exists: bool) -> std::io::Result<()> {
    #[cfg(windows)]
    if target_exists {
        return super::winacl::replace_keeping_acl(target, temp);
    }
    let _ = target_exists;
    fs::rename(temp, target)
}

/// New files are private: 0600 comes from `open_private` on Unix; owner-only ACL on Windows.
fn make_private_file(_path: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    super::winacl::owner_only(_path, false)?;
    Ok(())
}

#[cfg(unix)]
fn keep_mode_and_owner(file: &File, meta: &fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{fchown, MetadataExt, PermissionsExt};
    file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    // Best effort: only root can give a file away; everyone else keeps their own ownership.
    let _ = fchown(file, Some(meta.uid()), Some(meta.gid()));
    Ok(())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, meta: &fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("awscred-store-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[cfg(unix)]
    #[test]
    fn new_files_private_existing_mode_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = temp_dir("mode");
        let f = d.join("sub/credentials");
        write_atomic(&f, b"a").unwrap();
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(d.join("sub")).unwrap().permissions().mode() & 0o777,
            0o700
        );
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&f, b"b").unwrap();
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read(&f).unwrap(), b"b");
        let leftovers: Vec<_> = fs::read_dir(d.join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp files left behind");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_is_written_through() {
        let d = temp_dir("link");
        fs::create_dir_all(d.join("real")).unwrap();
        fs::write(d.join("real/creds"), "old").unwrap();
        std::os::unix::fs::symlink("real/creds", d.join("link")).unwrap();
        let target = write_target(&d.join("link")).unwrap();
        assert_eq!(target, d.join("real/creds"));
        write_atomic(&target, b"new").unwrap();
        assert!(fs::symlink_metadata(d.join("link"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(d.join("real/creds")).unwrap(), "new");
    }

    #[test]
    fn lock_times_out_while_held() {
        let d = temp_dir("lock");
        let f = d.join("credentials");
        let held = lock(&f, Duration::from_millis(100)).unwrap();
        let err = lock(&f, Duration::from_millis(50)).unwrap_err();
        assert!(matches!(err, Error::LockTimeout { .. }), "{err}");
        drop(held);
        lock(&f, Duration::from_millis(50)).unwrap();
    }

    #[test]
    fn invalid_utf8_is_a_format_error_with_line() {
        let d = temp_dir("utf8");
        let f = d.join("config");
        fs::write(&f, b"[a]\nx = \xff\n").unwrap();
        let err = read_optional(&f).unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(read_optional(&d.join("missing")).unwrap().is_none());
    }
}
