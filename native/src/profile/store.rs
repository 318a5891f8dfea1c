//! Safe file access: read whole files, and write them so that no reader ever sees a partial file and
//! no two writers lose each other's update.
//!
//! A writer holds an exclusive lock on a hidden sibling `.<file>.lock` for the whole
//! read-modify-write, writes a hidden temp file `.<file>.<pid>.<n>.<nanos>.tmp` in the same folder,
//! flushes it to disk and renames it over the original. The lock file stays (removing a lock file
//! that another process may hold open would let two writers in); it is dot-named, hidden on
//! Windows too, empty and owner-only, and every lock of ours (caches, journals) follows the same
//! convention. Versions before 0.2 locked a visible `<file>.lock`: while one exists it is locked as
//! well, so an older process running at the same time cannot lose an update. New
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

/// The exclusive lock for writing one file (its `.<file>.lock`, and the older `<file>.lock` while
/// that exists), released when dropped.
#[derive(Debug)]
pub struct FileLock {
    files: Vec<File>,
}

impl Drop for FileLock {
    fn drop(&mut self) {
        for file in self.files.iter().rev() {
            let _ = file.unlock();
        }
    }
}

/// Takes the exclusive lock for writing `target`, creating its folder if needed, waiting up to
/// `timeout` in all for other writers. The hidden lock is always taken first, then the legacy one
/// if it exists: one order for every process, so two of ours cannot deadlock, and an older
/// version (which takes only the legacy lock) cannot interleave with us.
pub fn lock(target: &Path, timeout: Duration) -> Result<FileLock> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let started = Instant::now();
    let lock_path = lock_path(target);
    let file = open_private(&lock_path, false)
        .map_err(|e| Error::io("cannot create lock file", &lock_path, e))?;
    let mut held = FileLock { files: Vec::new() };
    acquire(&file, target, &lock_path, started, timeout)?;
    held.files.push(file);
    let legacy = legacy_lock_path(target);
    match OpenOptions::new().read(true).write(true).open(&legacy) {
        Ok(file) => {
            acquire(&file, target, &legacy, started, timeout)?;
            held.files.push(file);
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("cannot open lock file", &legacy, e)),
    }
    Ok(held)
}

/// Takes an exclusive lock of ours that guards something other than one file's edit (a rotation):
/// the owner-only, dot-named `lock_path` itself, waiting up to `timeout`.
pub fn lock_named(lock_path: &Path, timeout: Duration) -> Result<FileLock> {
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let file = open_private(lock_path, false)
        .map_err(|e| Error::io("cannot create lock file", lock_path, e))?;
    acquire(&file, lock_path, lock_path, Instant::now(), timeout)?;
    Ok(FileLock { files: vec![file] })
}

/// Waits for the exclusive lock on `file` until `timeout` has passed since `started`.
fn acquire(
    file: &File,
    target: &Path,
    lock_path: &Path,
    started: Instant,
    timeout: Duration,
) -> Result<()> {
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => {
                return Err(Error::io("cannot lock", lock_path, e));
            }
        }
        if started.elapsed() >= timeout {
            return Err(Error::LockTimeout {
                path: target.to_path_buf(),
                lock: lock_path.to_path_buf(),
                waited_ms: started.elapsed().as_millis() as u64,
            });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// The hidden lock file of `target`: `.<file>.lock` beside it.
pub fn lock_path(target: &Path) -> PathBuf {
    sibling(target, ".", ".lock")
}

/// The visible `<file>.lock` that versions before 0.2 used.
pub fn legacy_lock_path(target: &Path) -> PathBuf {
    sibling(target, "", ".lock")
}

/// A state file of ours beside `target` (a rotation journal, the last sync): `.<file>.<suffix>`,
/// dot-named like the lock, so nothing visible is added to the user's folder.
pub fn state_path(target: &Path, suffix: &str) -> PathBuf {
    sibling(target, ".", &format!(".{suffix}"))
}

/// `<prefix><file name of target><suffix>` in the folder of `target`.
fn sibling(target: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(prefix);
    name.push(target.file_name().unwrap_or_default());
    name.push(suffix);
    target.with_file_name(name)
}

/// Replaces `target` with `contents` atomically: temp file in the same folder, flush, rename.
/// Call with the lock held. Keeps the mode (and owner, where permitted) of an existing file.
pub fn write_atomic(target: &Path, contents: &[u8]) -> Result<()> {
    stage(target, contents)?.commit()
}

/// New contents for `target`, written and flushed to a temp file beside it but not yet in place.
/// Dropped without `commit`, the temp file is removed and `target` is untouched. Staging every file
/// of an edit before committing any means that a full disk or a quota fails the whole edit with
/// every file as it was: only the renames, which need no space, remain after the last staging.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    target_exists: bool,
    committed: bool,
}

/// Writes `contents` to a new temp file for `target` (call with the lock held).
pub fn stage(target: &Path, contents: &[u8]) -> Result<Staged> {
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    remove_stale_temps(&dir, target);
    let existing = fs::metadata(target).ok();
    let staged = Staged {
        target: target.to_path_buf(),
        temp: temp_path(target),
        target_exists: existing.is_some(),
        committed: false,
    };
    let temp = &staged.temp;
    let mut file =
        open_private(temp, true).map_err(|e| Error::io("cannot create temp file", temp, e))?;
    file.write_all(contents)
        .map_err(|e| Error::io("cannot write", temp, e))?;
    match &existing {
        Some(meta) => keep_mode_and_owner(&file, meta),
        None => make_private_file(temp),
    }
    .map_err(|e| Error::io("cannot set permissions of", temp, e))?;
    file.sync_all()
        .map_err(|e| Error::io("cannot flush", temp, e))?;
    Ok(staged)
}

impl Staged {
    /// Renames the temp file over the target. The rename is atomic: readers see the old file or
    /// the new one, never a mix. (The folder is not fsynced: after a power loss the file may be the
    /// previous version, never a partial one.)
    pub fn commit(mut self) -> Result<()> {
        replace(&self.temp, &self.target, self.target_exists)
            .map_err(|e| Error::io("cannot replace", &self.target, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Removes temp files left by writers of `target` that were killed before their rename. Called with
/// the lock held, so no live writer of `target` can own one. Only names that `temp_path` makes for
/// this very file match: the temp files of a sibling such as `credentials.bak` (which share the
/// prefix `.credentials.`) belong to another lock and are never touched.
fn remove_stale_temps(dir: &Path, target: &Path) {
    let Some(base) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temp_of(&entry.file_name().to_string_lossy(), &base) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is exactly a `temp_path` name for the file named `base`:
/// `.<base>.<pid>.<counter>.<8 hex digits>.tmp`.
fn is_temp_of(name: &str, base: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_prefix(base))
        .and_then(|n| n.strip_prefix('.'))
        .and_then(|n| n.strip_suffix(".tmp"))
    else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let decimal = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.as_slice(), [pid, n, nanos]
        if decimal(pid) && decimal(n) && nanos.len() == 8 && nanos.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A unique temp file name next to `target`, hidden on Unix (see `is_temp_of`).
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    sibling(
        target,
        ".",
        &format!(".{}.{n}.{nanos:08x}.tmp", std::process::id()),
    )
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
    #[cfg(windows)]
    {
        // Dot-named files are not hidden on Windows: say so with the attribute (lock and temp
        // files are the only files opened here).
        use std::os::windows::fs::OpenOptionsExt;
        options.attributes(windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_HIDDEN);
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

    /// Found by the stress run: with `--region`, a full disk stored the region and not the keys.
    /// Staged files that are dropped uncommitted leave their targets and no temp file.
    #[test]
    fn a_staged_file_not_committed_changes_nothing() {
        let d = temp_dir("stage");
        let config = d.join("config");
        fs::write(&config, "old config").unwrap();
        let staged = stage(&config, b"new config").unwrap();
        assert_eq!(fs::read(&config).unwrap(), b"old config");
        drop(staged);
        assert_eq!(fs::read(&config).unwrap(), b"old config");
        let left: Vec<_> = fs::read_dir(&d).unwrap().collect();
        assert_eq!(left.len(), 1, "the temp file is gone");
        stage(&config, b"new config").unwrap().commit().unwrap();
        assert_eq!(fs::read(&config).unwrap(), b"new config");
    }

    /// Found by review: the cleanup matched `.credentials.` and so deleted the live temp file of a
    /// writer of `credentials.bak`.
    #[test]
    fn cleanup_never_touches_a_sibling_files_temp() {
        let d = temp_dir("sibling");
        let creds = d.join("credentials");
        let bak = d.join("credentials.bak");
        let mine = temp_path(&creds);
        let theirs = temp_path(&bak);
        let numbered = temp_path(&d.join("credentials.7"));
        for t in [&mine, &theirs, &numbered] {
            fs::write(t, "partial").unwrap();
        }
        write_atomic(&creds, b"new").unwrap();
        assert!(!mine.exists(), "the file's own stale temp is cleared");
        assert!(theirs.exists(), "a sibling's temp is left alone");
        assert!(numbered.exists(), "a sibling's temp is left alone");
        let base = "credentials";
        assert!(is_temp_of(".credentials.12.0.0000abcd.tmp", base));
        for other in [
            ".credentials.bak.12.0.0000abcd.tmp",
            ".credentials.12.0.0000abcd.tmp.x",
            ".credentials.12.0.abc.tmp",
            ".credentials.x.0.0000abcd.tmp",
            "credentials.12.0.0000abcd.tmp",
            ".credentials.lock",
        ] {
            assert!(!is_temp_of(other, base), "{other}");
        }
    }

    #[test]
    fn the_lock_is_hidden_and_an_older_versions_lock_is_honoured() {
        let d = temp_dir("locks");
        let f = d.join("config");
        drop(lock(&f, Duration::from_millis(100)).unwrap());
        assert!(d.join(".config.lock").exists());
        assert!(!d.join("config.lock").exists(), "no visible litter");
        // An older version holds `config.lock`: we wait for it.
        let legacy = File::create(d.join("config.lock")).unwrap();
        legacy.lock().unwrap();
        let err = lock(&f, Duration::from_millis(50)).unwrap_err();
        assert!(
            matches!(&err, Error::LockTimeout { lock, .. } if lock.ends_with("config.lock")),
            "{err}"
        );
        legacy.unlock().unwrap();
        let held = lock(&f, Duration::from_millis(50)).unwrap();
        // ... and it waits for us.
        assert!(matches!(
            legacy.try_lock(),
            Err(fs::TryLockError::WouldBlock)
        ));
        drop(held);
        legacy.try_lock().unwrap();
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
