//! The process environment, injectable so tests can run many environments in one process.

use std::collections::HashMap;

/// Environment variables as the library sees them.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `None` reads the real process environment at each lookup.
    vars: Option<HashMap<String, String>>,
}

impl Env {
    /// The real process environment, read at each lookup (so `$env:` changes apply at once).
    pub fn process() -> Self {
        Env { vars: None }
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
        }
    }

    /// The value of `name`, if set and valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
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
