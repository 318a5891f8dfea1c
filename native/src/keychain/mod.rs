//! Long-term keys in the OS keychain instead of the plain-text credentials file (opt-in): the
//! secret goes to an entry of ours, the profile to the config file as a `credential_process` line
//! that reads that entry, so the AWS CLI and every SDK still use the profile, and our resolver
//! reads the entry in process.

pub mod backend;
pub mod cli;
pub mod entry;
mod json_members;
pub mod line;
pub mod netsdk;

use crate::env::Env;
use crate::error::{Error, Result};
use entry::{Secret, TOKEN_SUFFIX};

/// Stores `secret` under entry `name` (the session token apart when it would not fit on
/// Windows), then reads it back: an entry that does not read back as written is an error.
pub fn store(env: &Env, name: &str, secret: &Secret) -> Result<()> {
    let (main, token) = entry::blobs(secret)?;
    match &token {
        Some(t) => backend::set(env, &format!("{name}{TOKEN_SUFFIX}"), t)?,
        None => {
            backend::delete(env, &format!("{name}{TOKEN_SUFFIX}"))?;
        }
    }
    backend::set(env, name, &main)?;
    match read(env, name)? {
        Some(back) if back == *secret => Ok(()),
        _ => Err(Error::KeychainUnavailable(format!(
            "the keychain entry '{name}' did not read back as written; nothing else was changed"
        ))),
    }
}

/// The secret of entry `name`, None when the entry does not exist.
pub fn read(env: &Env, name: &str) -> Result<Option<Secret>> {
    let Some(blob) = backend::get(env, name)? else {
        return Ok(None);
    };
    let mut secret = entry::decode(&blob)?;
    if secret.token_apart {
        secret.session_token = backend::get(env, &format!("{name}{TOKEN_SUFFIX}"))?;
        secret.token_apart = false;
    }
    secret.version = 1;
    Ok(Some(secret))
}

/// Deletes entry `name` (and its token entry); whether there was one.
pub fn remove(env: &Env, name: &str) -> Result<bool> {
    backend::delete(env, &format!("{name}{TOKEN_SUFFIX}"))?;
    backend::delete(env, name)
}

/// The keychain entry a profile section's `credential_process` reads, if it is one of our lines.
pub fn entry_of_profile(section: &crate::profile::normalize::Section) -> Option<String> {
    section
        .get("credential_process")
        .and_then(line::entry_of)
        .map(str::to_string)
}

/// Resolution of a keychain profile: the entry read in process (no child process).
pub fn credentials(env: &Env, profile: &str, entry: &str) -> Result<crate::resolve::Resolved> {
    let secret = read(env, entry)?.ok_or_else(|| {
        Error::NoCredentials(format!(
            "profile '{profile}' keeps its keys in the {} entry '{entry}', which does not exist (deleted outside awscred?); store the keys again",
            backend::kind()
        ))
    })?;
    Ok(crate::resolve::Resolved {
        access_key_id: secret.access_key_id,
        secret_access_key: secret.secret_access_key,
        session_token: secret.session_token,
        expiration: None,
        account_id: None,
        profile_name: Some(profile.to_string()),
        source: "Keychain",
        profile_location: None,
        from_cache: false,
    })
}
