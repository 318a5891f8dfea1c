//! Where the `credential_process` line of a keychain profile finds awscred: a per-user copy in a
//! stable folder, refreshed from the running front end's awscred, so the line survives module
//! updates and moves (the module's own folder changes with every version).

use std::path::{Path, PathBuf};

use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::{locate, store};

/// The stable folder: `%LOCALAPPDATA%\AwsCredentialManager\bin` on Windows,
/// `~/Library/Application Support/AwsCredentialManager/bin` on macOS,
/// `$XDG_DATA_HOME/AwsCredentialManager/bin` (default `~/.local/share`) elsewhere.
pub fn stable_dir(env: &Env) -> PathBuf {
    if cfg!(windows) {
        if let Some(local) = env.get_non_blank("LOCALAPPDATA") {
            return PathBuf::from(local)
                .join("AwsCredentialManager")
                .join("bin");
        }
        return locate::expand_home("~/AppData/Local/AwsCredentialManager/bin", env);
    }
    if cfg!(target_os = "macos") {
        return locate::expand_home(
            "~/Library/Application Support/AwsCredentialManager/bin",
            env,
        );
    }
    match env.get_non_blank("XDG_DATA_HOME") {
        Some(d) => PathBuf::from(d).join("AwsCredentialManager").join("bin"),
        None => locate::expand_home("~/.local/share/AwsCredentialManager/bin", env),
    }
}

/// The file name of the CLI on this platform.
pub fn file_name() -> &'static str {
    if cfg!(windows) {
        "awscred.exe"
    } else {
        "awscred"
    }
}

/// Copies `source` (an awscred) to the stable folder unless the copy there is current; returns the
/// stable path and whether it was copied. Atomic (temp file and rename) and executable.
pub fn install(env: &Env, source: &Path) -> Result<(PathBuf, bool)> {
    let target = stable_dir(env).join(file_name());
    let meta = std::fs::metadata(source).map_err(|e| Error::io("cannot read", source, e))?;
    // The copy is current when it has the source's size and is not older than it (a copy is
    // always newer than what it was copied from): no need to read either file.
    if let Ok(have) = std::fs::metadata(&target) {
        let newer = match (have.modified(), meta.modified()) {
            (Ok(h), Ok(m)) => h >= m,
            _ => false,
        };
        if have.len() == meta.len() && newer {
            return Ok((target, false));
        }
    }
    let new = std::fs::read(source).map_err(|e| Error::io("cannot read", source, e))?;
    let _lock = store::lock(&target, store::lock_timeout(env))?;
    store::write_atomic(&target, &new)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("cannot make executable", &target, e))?;
    }
    Ok((target, true))
}
