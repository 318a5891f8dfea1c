//! The SSO token cache `~/.aws/sso/cache/<sha1>.json` and the client registration cache beside
//! it, in the AWS CLI's format (camelCase, `%Y-%m-%dT%H:%M:%SZ`), written owner-only under the
//! file's lock and replaced atomically. Unknown fields are kept when we rewrite a file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::locate;
use crate::resolve::time::{now_epoch, parse_utc};

/// A cached token.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SsoToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub access_token: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for SsoToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SsoToken(expires {})", self.expires_at)
    }
}

impl SsoToken {
    /// Whether the token has more than `margin` seconds left.
    pub fn fresh_for(&self, margin: i64) -> bool {
        parse_utc(&self.expires_at).is_some_and(|e| e - now_epoch() > margin)
    }
}

/// A cached client registration.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub grant_types: Vec<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Registration {
    /// Usable for a flow needing `grant` for at least a day more (a registration lasts 90 days).
    pub fn usable_for(&self, grant: &str, scopes: &[String]) -> bool {
        parse_utc(&self.expires_at).is_some_and(|e| e - now_epoch() > 86_400)
            && (self.grant_types.is_empty() && grant.ends_with("device_code")
                || self.grant_types.iter().any(|g| g == grant))
            && scopes.iter().all(|s| self.scopes.contains(s))
    }
}

/// `~/.aws/sso/cache` (no variable moves it, as in every SDK).
pub fn dir(env: &Env) -> PathBuf {
    locate::expand_home("~/.aws/sso/cache", env)
}

/// Lowercase hex SHA-1 (the cache file names).
pub(crate) fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The token file of a session name (or a legacy start URL), not trimmed.
pub fn token_file(env: &Env, id: &str) -> PathBuf {
    dir(env).join(format!("{}.json", sha1_hex(id)))
}

/// The registration file: sha1 of the botocore key `json.dumps({...}, sort_keys=True)` over the
/// tool, start URL, region, scopes and session name.
pub fn registration_file(
    env: &Env,
    start_url: &str,
    region: &str,
    scopes: &[String],
    session: Option<&str>,
) -> PathBuf {
    let mut map = serde_json::Map::new();
    map.insert("region".into(), region.into());
    if !scopes.is_empty() {
        map.insert("scopes".into(), scopes.to_vec().into());
    }
    if let Some(s) = session {
        map.insert("session_name".into(), s.into());
    }
    map.insert("startUrl".into(), start_url.into());
    map.insert("tool".into(), "botocore".into());
    dir(env).join(format!("{}.json", sha1_hex(&python_dumps(&map.into()))))
}

/// `json.dumps(value, sort_keys=True)` as Python writes it (", " and ": " separators, non-ASCII
/// escaped).
fn python_dumps(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        crate::resolve::cache::py_json_string(k),
                        python_dumps(&m[*k])
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(python_dumps).collect::<Vec<_>>().join(", ")
        ),
        Value::String(s) => crate::resolve::cache::py_json_string(s),
        other => other.to_string(),
    }
}

/// The token fields, as the AWS CLI spells them: smithy-rs matches them case-insensitively, so a
/// file written by another tool with other capitals is read the same (the vectors have one).
const TOKEN_FIELDS: &[&str] = &[
    "startUrl",
    "region",
    "accessToken",
    "expiresAt",
    "clientId",
    "clientSecret",
    "registrationExpiresAt",
    "refreshToken",
];

/// Reads a token file (field names matched case-insensitively): None when missing.
pub fn read_token(path: &Path) -> Result<Option<SsoToken>> {
    let Some(value) = read::<serde_json::Value>(path)? else {
        return Ok(None);
    };
    let value = match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let known = TOKEN_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(&k));
                    (known.map_or(k, |f| f.to_string()), v)
                })
                .collect(),
        ),
        other => other,
    };
    serde_json::from_value(value).map(Some).map_err(|e| {
        Error::InvalidInput(format!(
            "the SSO token file {} is not what the AWS CLI writes ({e}); sign in again to replace it",
            path.display()
        ))
    })
}

/// Reads a JSON cache file: None when missing; an error naming the file when malformed.
pub fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    crate::oauth::cachefile::read(path, "SSO cache")
}

pub use crate::oauth::cachefile::{lock, write_locked};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_reference() {
        let env = Env::from_pairs([("HOME", "/h")]);
        let name = |id: &str| {
            token_file(&env, id)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        assert_eq!(name("dev"), "34c6fceca75e456f25e7e99531e2425c6c1de443");
        assert_eq!(
            name("https://ssotest.awsapps.com/start"),
            "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12"
        );
        assert_eq!(
            python_dumps(&serde_json::json!({"b": [1, "é"], "a": "x"})),
            r#"{"a": "x", "b": [1, "\u00e9"]}"#
        );
    }
}
