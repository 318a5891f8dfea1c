//! The process environment, injectable so tests can run many environments in one process, and
//! replaceable per request: on Linux and macOS a .NET host (pwsh) keeps `$env:` changes to itself,
//! so the PowerShell module sends, with every call, every variable this library cares about
//! (the names `COVERED_PREFIXES` and `COVERED_NAMES` describe) as pwsh sees them.
//!
//! When a request carries such an `Environment`, it is authoritative for the covered names: a
//! covered variable that it does not hold is unset for that call, whatever the process has. Every
//! other variable (PATH, proxies, ...) still comes from the process. One view serves everything
//! the call does: our own lookups (`Env::get`), aws-config's providers (`Env::to_sdk`) and
//! credential_process children (`Env::apply_to`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::process::Command;

/// Prefixes of the variable names a request's `Environment` covers in full.
pub const COVERED_PREFIXES: &[&str] = &["AWS_", "AWSCRED_"];

/// Further variable names a request's `Environment` covers in full (the home directory rules, the
/// session bus of the desktop keyring, and the per-user data folders: the stable awscred, the
/// .NET SDK store).
pub const COVERED_NAMES: &[&str] = &[
    "HOME",
    "USERPROFILE",
    "HOMEDRIVE",
    "HOMEPATH",
    "DBUS_SESSION_BUS_ADDRESS",
    "LOCALAPPDATA",
    "XDG_DATA_HOME",
];

/// The name as the platform compares it: Windows variable names ignore case.
fn key(name: &str) -> Cow<'_, str> {
    if cfg!(windows) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Whether a request's `Environment` covers `name` (see `COVERED_PREFIXES`, `COVERED_NAMES`).
pub fn is_covered(name: &str) -> bool {
    let name = key(name);
    COVERED_PREFIXES.iter().any(|p| name.starts_with(p)) || COVERED_NAMES.contains(&name.as_ref())
}

/// Environment variables as the library sees them.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `None` reads the real process environment at each lookup.
    vars: Option<HashMap<String, String>>,
    /// Per-request values that win over `vars`; `None` means "unset". Keys as `key` makes them.
    overrides: HashMap<String, Option<String>>,
    /// The request carried an `Environment`: covered names missing from `overrides` are unset.
    authoritative: bool,
}

impl Env {
    /// The real process environment, read at each lookup.
    pub fn process() -> Self {
        Env::default()
    }

    /// A fixed environment, for tests.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            vars: Some(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            ),
            ..Env::default()
        }
    }

    /// This environment with `overrides` layered on top (`None` unsets a variable); names not in
    /// `overrides` keep their values.
    pub fn with_overrides(mut self, overrides: HashMap<String, Option<String>>) -> Self {
        self.overrides.extend(
            overrides
                .into_iter()
                .map(|(k, v)| (key(&k).into_owned(), v)),
        );
        self
    }

    /// This environment as a request's `Environment` object replaces it: the object's values
    /// (`None` unsets), every other covered name (`is_covered`) unset, the rest unchanged.
    pub fn with_request_environment(self, vars: HashMap<String, Option<String>>) -> Self {
        let mut env = self.with_overrides(vars);
        env.authoritative = true;
        env
    }

    /// The value of `name`, if set and valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        if let Some(v) = self.overrides.get(key(name).as_ref()) {
            return v.clone();
        }
        if self.authoritative && is_covered(name) {
            return None;
        }
        match &self.vars {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
    }

    /// The value of `name` if set to something other than blanks (blank counts as unset, as in the SDKs).
    pub fn get_non_blank(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }

    /// Every variable of this view with a Unicode name and value.
    pub fn snapshot(&self) -> HashMap<String, String> {
        let base: Box<dyn Iterator<Item = (String, String)>> = match &self.vars {
            Some(map) => Box::new(map.clone().into_iter()),
            None => Box::new(
                std::env::vars_os()
                    .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
            ),
        };
        let mut out: HashMap<String, String> = base
            .filter(|(k, _)| !(self.authoritative && is_covered(k)))
            .map(|(k, v)| (key(&k).into_owned(), v))
            .collect();
        for (k, v) in &self.overrides {
            match v {
                Some(v) => out.insert(k.clone(), v.clone()),
                None => out.remove(k),
            };
        }
        out
    }

    /// This view for aws-config's providers and SDK clients.
    ///
    /// A covered variable set to an empty value is left out, as if unset: aws-config panics on
    /// some (an empty AWS_MAX_ATTEMPTS), and every rule of ours already reads blank as unset.
    pub fn to_sdk(&self) -> aws_types::os_shim_internal::Env {
        let blank_covered = |k: &str, v: &str| is_covered(k) && v.trim().is_empty();
        let real_is_clean = || {
            !std::env::vars_os()
                .any(|(k, v)| blank_covered(&k.to_string_lossy(), &v.to_string_lossy()))
        };
        if self.vars.is_none()
            && self.overrides.is_empty()
            && !self.authoritative
            && real_is_clean()
        {
            aws_types::os_shim_internal::Env::real()
        } else {
            let mut vars = self.snapshot();
            vars.retain(|k, v| !blank_covered(k, v));
            aws_types::os_shim_internal::Env::from(vars)
        }
    }

    /// Gives a child process exactly this view: covered names it does not hold are removed from
    /// the child's environment, the values it holds are set.
    pub fn apply_to(&self, command: &mut Command) {
        if self.vars.is_some() {
            command.env_clear().envs(self.snapshot());
            return;
        }
        if self.authoritative {
            for (name, _) in std::env::vars_os() {
                if is_covered(&name.to_string_lossy()) {
                    command.env_remove(&name);
                }
            }
        }
        for (k, v) in &self.overrides {
            match v {
                Some(v) => command.env(k, v),
                None => command.env_remove(k),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_can_unset() {
        let base = Env::from_pairs([("A", "1"), ("B", "2")]);
        let env = base.with_overrides(HashMap::from([
            ("A".to_string(), Some("9".to_string())),
            ("B".to_string(), None),
        ]));
        assert_eq!(env.get("A").as_deref(), Some("9"));
        assert_eq!(env.get("B"), None);
        assert_eq!(env.get("C"), None);
    }

    #[test]
    fn covered_names() {
        for name in [
            "AWS_PROFILE",
            "AWS_CONFIG_FILE",
            "AWSCRED_X",
            "HOME",
            "USERPROFILE",
            "HOMEDRIVE",
            "HOMEPATH",
            "DBUS_SESSION_BUS_ADDRESS",
        ] {
            assert!(is_covered(name), "{name}");
        }
        for name in ["PATH", "AWS", "AWSX", "HOMEX", "TMPDIR", "HTTPS_PROXY"] {
            assert!(!is_covered(name), "{name}");
        }
    }

    #[test]
    fn a_request_environment_is_authoritative_for_covered_names() {
        let base = Env::from_pairs([
            ("AWS_CONFIG_FILE", "/a"),
            ("AWS_PROFILE", "p"),
            ("HOME", "/home/real"),
            ("PATH", "/bin"),
            ("AWSCRED_X", "1"),
        ]);
        let env = base.with_request_environment(HashMap::from([
            ("HOME".to_string(), Some("/home/view".to_string())),
            ("AWS_REGION".to_string(), Some("eu-west-1".to_string())),
            ("AWS_PROFILE".to_string(), None),
        ]));
        assert_eq!(env.get("AWS_CONFIG_FILE"), None);
        assert_eq!(env.get("AWS_PROFILE"), None);
        assert_eq!(env.get("AWSCRED_X"), None);
        assert_eq!(env.get("HOME").as_deref(), Some("/home/view"));
        assert_eq!(env.get("AWS_REGION").as_deref(), Some("eu-west-1"));
        assert_eq!(env.get("PATH").as_deref(), Some("/bin"));
        let snap = env.snapshot();
        assert_eq!(
            snap,
            HashMap::from([
                ("HOME".to_string(), "/home/view".to_string()),
                ("AWS_REGION".to_string(), "eu-west-1".to_string()),
                ("PATH".to_string(), "/bin".to_string()),
            ])
        );
        let sdk = env.to_sdk();
        assert!(sdk.get("AWS_CONFIG_FILE").is_err());
        assert_eq!(sdk.get("HOME").unwrap(), "/home/view");
    }

    #[test]
    fn without_a_request_environment_the_base_stands() {
        let env = Env::from_pairs([("AWS_CONFIG_FILE", "/a")]).with_overrides(HashMap::new());
        assert_eq!(env.get("AWS_CONFIG_FILE").as_deref(), Some("/a"));
        assert_eq!(env.snapshot().len(), 1);
    }
}
