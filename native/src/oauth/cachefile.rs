//! The token cache files of the sign-in flows (console login, SSO tokens and registrations):
//! JSON read leniently (a missing file is no entry), written owner-only under the file's
//! dot-named lock and replaced atomically, as every file of ours.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::store;

/// Reads the JSON file `path`: None when it does not exist; an error naming the file and the
/// position (never a value) when it is not the `what` expected.
pub fn read<T: DeserializeOwned>(path: &Path, what: &str) -> Result<Option<T>> {
    let Some(text) = store::read_optional(path)? else {
        return Ok(None);
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        Error::InvalidInput(format!(
            "the {what} file {} is not what the AWS CLI writes (line {}, column {}); sign in again to replace it",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// Replaces `path` with `value` as pretty JSON; call with the file's lock held (`lock`).
pub fn write_locked<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot encode a token cache entry: {e}")))?;
    store::write_atomic(path, text.as_bytes())
}

/// Takes the lock of the cache file `path` (`.<file>.lock` beside it).
pub fn lock(path: &Path, env: &Env) -> Result<store::FileLock> {
    store::lock(path, store::lock_timeout(env))
}
