//! The process environment, injectable so tests can run many environments in one process, and
//! overridable per request: on Linux and macOS a .NET host (pwsh) keeps `$env:` changes to itself,
//! so the PowerShell module sends the variables that matter with each call.

use std::collections::HashMap;

/// Environment variables as the library sees them.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `None` reads the real process environment at each lookup.
    vars: Option<HashMap<String, String>>,
    /// Per-request values that win over `vars`; `None` means "unset".
    overrides: HashMap<String, Option<String>>,
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
            overrides: HashMap::new(),
        }
    }

    /// This environment with `overrides` layered on top (`None` unsets a variable).
    pub fn with_overrides(mut self, overrides: HashMap<String, Option<String>>) -> Self {
        self.overrides.extend(overrides);
        self
    }

    /// The value of `name`, if set and valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        if let Some(v) = self.overrides.get(name) {
            return v.clone();
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
}
