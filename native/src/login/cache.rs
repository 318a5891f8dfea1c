//! The console login token cache: `~/.aws/login/cache/<sha256(login_session)>.json` (or under
//! AWS_LOGIN_CACHE_DIRECTORY), in the AWS CLI's format, written owner-only, under the file's lock
//! and replaced atomically. Unknown fields are kept when we rewrite a file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::env::Env;
use crate::error::Result;
use crate::profile::locate;
use crate::resolve::time::{format_utc, now_epoch, parse_utc};

/// The variable that moves the cache (botocore, the CLI and smithy-rs honour it).
pub const CACHE_DIR_SETTING: &str = "AWS_LOGIN_CACHE_DIRECTORY";

/// The session credentials of a login (`accessToken` in the file).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub account_id: String,
    pub expires_at: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One cache file.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginToken {
    pub access_token: AccessToken,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    pub client_id: String,
    pub refresh_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    pub dpop_key: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for LoginToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "LoginToken({}, expires {})",
            self.access_token.access_key_id, self.access_token.expires_at
        )
    }
}

impl LoginToken {
    /// Epoch seconds of `expiresAt` (None when unreadable).
    pub fn expires(&self) -> Option<i64> {
        parse_utc(&self.access_token.expires_at)
    }

    /// Whether the credentials have more than `margin` seconds left.
    pub fn fresh_for(&self, margin: i64) -> bool {
        self.expires().is_some_and(|e| e - now_epoch() > margin)
    }

    /// Sets `expiresAt` to `now + seconds` in the CLI's format.
    pub fn set_expiry_in(&mut self, seconds: i64) {
        self.access_token.expires_at = format_utc(now_epoch() + seconds);
    }
}

/// The cache folder.
pub fn dir(env: &Env) -> PathBuf {
    match env.get_non_blank(CACHE_DIR_SETTING) {
        Some(d) => locate::expand_home(&d, env),
        None => locate::expand_home("~/.aws/login/cache", env),
    }
}

/// The file of `login_session`: lowercase hex SHA-256 of the value (not trimmed, as botocore and
/// the CLI name it; the profile parser has already trimmed the value).
pub fn file(env: &Env, login_session: &str) -> PathBuf {
    let digest = Sha256::digest(login_session.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    dir(env).join(format!("{hex}.json"))
}

/// Reads a cache file: None when it does not exist; an error naming the file (never a value)
/// when it is not a login token.
pub fn read(path: &Path) -> Result<Option<LoginToken>> {
    crate::oauth::cachefile::read(path, "login cache")
}

pub use crate::oauth::cachefile::{lock, write_locked};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_match_the_reference() {
        let env = Env::from_pairs([("HOME", "/home/u"), (CACHE_DIR_SETTING, "~/c")]);
        let f = file(&env, "arn:aws:sts::012345678910:assumed-role/Admin/admin");
        assert_eq!(
            f,
            PathBuf::from(
                "/home/u/c/4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
            )
        );
        let env = Env::from_pairs([("HOME", "/home/u")]);
        assert_eq!(
            file(&env, "arn:aws:iam::0123456789012:user/Admin"),
            PathBuf::from("/home/u/.aws/login/cache/36db1d138ff460920374e4c3d8e01f53f9f73537e89c88d639f68393df0e2726.json")
        );
    }
}
