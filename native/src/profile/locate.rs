//! Where the shared config and credentials files are, following the AWS SDKs: AWS_CONFIG_FILE,
//! AWS_SHARED_CREDENTIALS_FILE, the home directory rules per OS and `~` expansion; or one explicit
//! credentials-format file (`-ProfileLocation`).

use std::path::{Path, PathBuf};

use crate::env::Env;

/// Which dialect a file is read in: config (`[profile x]`) or credentials (`[x]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Credentials,
}

/// The files an operation reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileFiles {
    /// The config file; `None` when one explicit file was named.
    pub config: Option<PathBuf>,
    /// The credentials file, or the one explicit file.
    pub credentials: PathBuf,
}

impl ProfileFiles {
    /// True when the user named one file (`-ProfileLocation`) that holds everything.
    pub fn is_single_file(&self) -> bool {
        self.config.is_none()
    }

    /// The files with their kinds, in reading order (config first, so credentials win on conflict).
    pub fn in_read_order(&self) -> Vec<(&Path, FileKind)> {
        let mut files = Vec::with_capacity(2);
        if let Some(config) = &self.config {
            files.push((config.as_path(), FileKind::Config));
        }
        files.push((self.credentials.as_path(), FileKind::Credentials));
        files
    }

    /// A short description of the files, for "not found in ..." messages.
    pub fn describe(&self) -> String {
        match &self.config {
            Some(config) => format!("{} or {}", self.credentials.display(), config.display()),
            None => self.credentials.display().to_string(),
        }
    }
}

/// Locates the files: `profile_location` if given, else the environment and home directory.
///
/// A `profile_location` that names the shared config or credentials file itself means the
/// shared files (both of them), not one-file mode: rows listed from the shared files carry that
/// path, and piping them to another command must act on the profile in every file defining it.
pub fn locate(env: &Env, profile_location: Option<&str>) -> ProfileFiles {
    let shared = shared_files(env);
    if let Some(location) = profile_location {
        let path = expand_home(location, env);
        let names_shared = [shared.config.as_deref(), Some(shared.credentials.as_path())]
            .into_iter()
            .flatten()
            .any(|p| same_file(p, &path));
        if names_shared {
            return shared;
        }
        return ProfileFiles {
            config: None,
            credentials: path,
        };
    }
    shared
}

/// True when both paths name the same file (the same text, or the same file once resolved).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The shared config and credentials files: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else
/// under the home directory.
fn shared_files(env: &Env) -> ProfileFiles {
    let config = env
        .get("AWS_CONFIG_FILE")
        .filter(|p| !p.is_empty())
        .map(|p| expand_home(&p, env))
        .unwrap_or_else(|| expand_home("~/.aws/config", env));
    let credentials = env
        .get("AWS_SHARED_CREDENTIALS_FILE")
        .filter(|p| !p.is_empty())
        .map(|p| expand_home(&p, env))
        .unwrap_or_else(|| expand_home("~/.aws/credentials", env));
    ProfileFiles {
        config: Some(config),
        credentials,
    }
}

/// The home directory: HOME first on every OS, then (Windows) USERPROFILE, then HOMEDRIVE+HOMEPATH.
pub fn home_dir(env: &Env) -> Option<PathBuf> {
    home_dir_for(env, cfg!(windows))
}

fn home_dir_for(env: &Env, windows: bool) -> Option<PathBuf> {
    if let Some(home) = env.get("HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    if windows {
        if let Some(profile) = env.get("USERPROFILE").filter(|h| !h.is_empty()) {
            return Some(PathBuf::from(profile));
        }
        if let (Some(drive), Some(path)) = (env.get("HOMEDRIVE"), env.get("HOMEPATH")) {
            return Some(PathBuf::from(format!("{drive}{path}")));
        }
    }
    None
}

/// Expands a leading `~` component (`~/x`, and `~\x` on Windows) to the home directory and joins the
/// rest with the platform separator. Without a home directory the literal `~` stays.
pub fn expand_home(path: &str, env: &Env) -> PathBuf {
    expand_home_for(path, env, cfg!(windows))
}

fn expand_home_for(path: &str, env: &Env, windows: bool) -> PathBuf {
    let is_sep = |c: char| c == '/' || (windows && c == '\\');
    let rest = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(is_sep) => rest,
        _ => return PathBuf::from(path),
    };
    let Some(home) = home_dir_for(env, windows) else {
        return PathBuf::from(path);
    };
    let mut out = home;
    for part in rest.split(is_sep).filter(|p| !p.is_empty()) {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_vars_override_defaults() {
        let env = Env::from_pairs([
            ("HOME", "/home/u"),
            ("AWS_CONFIG_FILE", "/etc/cfg"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/creds"),
        ]);
        let files = locate(&env, None);
        assert_eq!(files.config, Some(PathBuf::from("/etc/cfg")));
        assert_eq!(files.credentials, PathBuf::from("/home/u/creds"));
    }

    #[test]
    fn defaults_under_home() {
        let env = Env::from_pairs([("HOME", "/home/u")]);
        let files = locate(&env, None);
        assert_eq!(files.config, Some(PathBuf::from("/home/u/.aws/config")));
        assert_eq!(files.credentials, PathBuf::from("/home/u/.aws/credentials"));
    }

    #[test]
    fn profile_location_is_one_file() {
        let env = Env::from_pairs([("HOME", "/home/u"), ("AWS_CONFIG_FILE", "/etc/cfg")]);
        let files = locate(&env, Some("~/my/creds"));
        assert!(files.is_single_file());
        assert_eq!(files.credentials, PathBuf::from("/home/u/my/creds"));
    }

    #[test]
    fn profile_location_naming_a_shared_file_means_the_shared_files() {
        let env = Env::from_pairs([
            ("HOME", "/home/u"),
            ("AWS_CONFIG_FILE", "/etc/cfg"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"),
        ]);
        for named in ["/etc/cfg", "/etc/creds"] {
            let files = locate(&env, Some(named));
            assert!(!files.is_single_file(), "{named}");
            assert_eq!(files.config, Some(PathBuf::from("/etc/cfg")));
            assert_eq!(files.credentials, PathBuf::from("/etc/creds"));
        }
        assert!(locate(&env, Some("/etc/other")).is_single_file());
    }

    #[test]
    fn tilde_only_as_whole_first_component() {
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(
            expand_home_for("~user/x", &env, false),
            PathBuf::from("~user/x")
        );
        assert_eq!(
            expand_home_for("a/~/x", &env, false),
            PathBuf::from("a/~/x")
        );
        assert_eq!(expand_home_for("~", &env, false), PathBuf::from("/h"));
        assert_eq!(expand_home_for("~\\x", &env, false), PathBuf::from("~\\x"));
    }

    #[test]
    fn no_home_keeps_tilde() {
        let env = Env::from_pairs::<&str, &str>([]);
        assert_eq!(expand_home_for("~/x", &env, false), PathBuf::from("~/x"));
    }

    #[test]
    fn windows_home_order() {
        let env = Env::from_pairs([
            ("USERPROFILE", "C:\\Users\\u"),
            ("HOMEDRIVE", "D:"),
            ("HOMEPATH", "\\h"),
        ]);
        assert_eq!(
            home_dir_for(&env, true),
            Some(PathBuf::from("C:\\Users\\u"))
        );
        assert_eq!(home_dir_for(&env, false), None);
        let env = Env::from_pairs([("HOMEDRIVE", "D:"), ("HOMEPATH", "\\h")]);
        assert_eq!(home_dir_for(&env, true), Some(PathBuf::from("D:\\h")));
        let env = Env::from_pairs([("HOME", "/x"), ("USERPROFILE", "C:\\Users\\u")]);
        assert_eq!(home_dir_for(&env, true), Some(PathBuf::from("/x")));
    }
}
