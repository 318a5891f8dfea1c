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

/// The file beside the copy that records the version of the library that installed it.
const VERSION_FILE: &str = "awscred.version";

/// `major.minor.patch` as numbers (anything after a `-` or `+` ignored); None when unreadable.
fn version_of(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.trim().split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Copies `source` (an awscred) to the stable folder unless the copy there is current; returns the
/// stable path and whether it was copied. Atomic (temp file and rename) and executable. A copy
/// installed by a newer version is kept: importing an older module must not downgrade the
/// awscred that every keychain line runs.
pub fn install(env: &Env, source: &Path) -> Result<(PathBuf, bool)> {
    let dir = stable_dir(env);
    let target = dir.join(file_name());
    let newer_installed = || {
        let recorded = std::fs::read_to_string(dir.join(VERSION_FILE))
            .ok()
            .and_then(|t| version_of(&t));
        target.is_file() && recorded.is_some() && recorded > version_of(env!("CARGO_PKG_VERSION"))
    };
    if newer_installed() {
        return Ok((target, false));
    }
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
    // Again under the lock: a newer module imported at the same moment may have just installed.
    if newer_installed() {
        return Ok((target, false));
    }
    store::write_atomic(&target, &new)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("cannot make executable", &target, e))?;
    }
    store::write_atomic(
        &dir.join(VERSION_FILE),
        env!("CARGO_PKG_VERSION").as_bytes(),
    )?;
    Ok((target, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_in(home: &Path) -> Env {
        Env::from_pairs([
            ("HOME", home.to_str().unwrap()),
            ("XDG_DATA_HOME", home.join("data").to_str().unwrap()),
            ("LOCALAPPDATA", home.join("local").to_str().unwrap()),
        ])
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(version_of("0.10.2\n"), Some((0, 10, 2)));
        assert!(version_of("0.10.0") > version_of("0.9.9"));
        assert_eq!(version_of("1.2.3-beta+x"), Some((1, 2, 3)));
        assert_eq!(version_of("1.2"), None);
        assert_eq!(version_of("x.y.z"), None);
    }

    #[test]
    fn a_copy_from_a_newer_version_is_not_downgraded() {
        let home = std::env::temp_dir().join(format!("awscred-cli-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let env = env_in(&home);
        let source = home.join("awscred-src");
        std::fs::write(&source, b"first build").unwrap();
        let (target, copied) = install(&env, &source).unwrap();
        assert!(copied);
        assert_eq!(std::fs::read(&target).unwrap(), b"first build");
        assert_eq!(
            std::fs::read_to_string(stable_dir(&env).join(VERSION_FILE)).unwrap(),
            env!("CARGO_PKG_VERSION")
        );
        // Same version, another build: replaced.
        std::fs::write(&source, b"second build, longer").unwrap();
        assert!(install(&env, &source).unwrap().1);
        assert_eq!(std::fs::read(&target).unwrap(), b"second build, longer");
        // A newer version installed it: kept.
        std::fs::write(stable_dir(&env).join(VERSION_FILE), "999.0.0").unwrap();
        std::fs::write(&source, b"older module").unwrap();
        assert!(!install(&env, &source).unwrap().1);
        assert_eq!(std::fs::read(&target).unwrap(), b"second build, longer");
        // An unreadable record does not pin the copy.
        std::fs::write(stable_dir(&env).join(VERSION_FILE), "garbage").unwrap();
        assert!(install(&env, &source).unwrap().1);
        assert_eq!(std::fs::read(&target).unwrap(), b"older module");
        std::fs::remove_dir_all(&home).unwrap();
    }
}
