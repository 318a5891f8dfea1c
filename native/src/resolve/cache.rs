//! The AWS CLI's cache of assumed-role credentials, `~/.aws/cli/cache/<key>.json`, shared with the
//! CLI: same key derivation, same content, reused while at least 15 minutes remain. Written with
//! the lock-and-atomic-replace rules of the profile files; a corrupt file is ignored and replaced.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sha1::{Digest, Sha1};

use super::time::{format_utc, now_epoch, parse_utc};
use crate::env::Env;
use crate::error::Result;
use crate::profile::{locate, store};

/// Cached credentials are reused while at least this many seconds remain (the CLI's window).
pub const REUSE_WINDOW_SECS: i64 = 15 * 60;

/// The STS call arguments that identify a cache entry (never the MFA code or the token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheArgs {
    pub role_arn: String,
    /// Only a configured session name; a generated one is left out, as the CLI does.
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    pub serial_number: Option<String>,
    pub duration_seconds: Option<i32>,
}

impl CacheArgs {
    /// The arguments of the AssumeRole call for `link` (what the CLI keys its entry on).
    pub fn for_role(link: &super::chain::RoleLink) -> Self {
        CacheArgs {
            role_arn: link.role_arn.clone(),
            role_session_name: link.session_name.clone(),
            external_id: link.external_id.clone(),
            serial_number: link.mfa_serial.clone(),
            duration_seconds: link.duration_seconds,
        }
    }
}

/// Credentials read from or written to the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// Epoch seconds.
    pub expiration: i64,
    pub account_id: Option<String>,
    pub assumed_role_arn: Option<String>,
}

/// The cache file name stem: sha1 of the arguments as Python's `json.dumps(args, sort_keys=True)`
/// prints them (separators `", "` and `": "`, ASCII escapes).
pub fn cache_key(args: &CacheArgs) -> String {
    let mut fields: Vec<(&str, String)> = vec![("RoleArn", py_json_string(&args.role_arn))];
    if let Some(v) = &args.role_session_name {
        fields.push(("RoleSessionName", py_json_string(v)));
    }
    if let Some(v) = &args.external_id {
        fields.push(("ExternalId", py_json_string(v)));
    }
    if let Some(v) = &args.serial_number {
        fields.push(("SerialNumber", py_json_string(v)));
    }
    if let Some(v) = args.duration_seconds {
        fields.push(("DurationSeconds", v.to_string()));
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let body = fields
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let digest = Sha1::digest(format!("{{{body}}}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A string as Python's json module writes it with `ensure_ascii=True`.
pub(crate) fn py_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `~/.aws/cli/cache`.
pub fn cache_dir(env: &Env) -> PathBuf {
    locate::expand_home("~/.aws/cli/cache", env)
}

/// The file for `args` in `dir`.
pub fn cache_file(dir: &Path, args: &CacheArgs) -> PathBuf {
    dir.join(format!("{}.json", cache_key(args)))
}

/// Reads a cache entry that is still good for at least the reuse window. Anything unreadable,
/// truncated or malformed counts as no entry.
pub fn read_fresh(path: &Path) -> Option<CachedCredentials> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let c = v.get("Credentials")?;
    let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
    let expiration = parse_utc(c.get("Expiration")?.as_str()?)?;
    if expiration - now_epoch() < REUSE_WINDOW_SECS {
        return None;
    }
    Some(CachedCredentials {
        access_key_id: s("AccessKeyId")?,
        secret_access_key: s("SecretAccessKey")?,
        session_token: s("SessionToken")?,
        expiration,
        account_id: s("AccountId"),
        assumed_role_arn: v
            .get("AssumedRoleUser")
            .and_then(|u| u.get("Arn"))
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// Writes an entry in the CLI's format, under the cache file's lock, replacing it atomically.
pub fn write(path: &Path, creds: &CachedCredentials, env: &Env) -> Result<()> {
    let mut credentials = json!({
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key,
        "SessionToken": creds.session_token,
        "Expiration": format_utc(creds.expiration),
    });
    if let Some(account) = &creds.account_id {
        credentials["AccountId"] = account.clone().into();
    }
    let mut doc = json!({ "Credentials": credentials });
    if let Some(arn) = &creds.assumed_role_arn {
        doc["AssumedRoleUser"] = json!({ "Arn": arn });
    }
    let _lock = store::lock(path, store::lock_timeout(env))?;
    store::write_atomic(path, doc.to_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(role: &str) -> CacheArgs {
        CacheArgs {
            role_arn: role.into(),
            ..Default::default()
        }
    }

    #[test]
    fn keys_match_the_cli() {
        // Values from botocore's own tests (config-files-and-caches.md, section 4).
        assert_eq!(
            cache_key(&args("myrole")),
            "793d6e2f27667ab2da104824407e486bfec24a47"
        );
        assert_eq!(
            cache_key(&args("arn:aws:iam::role/foo-role")),
            "75c539f0711ba78c5b9e488d0add95f178a54d74"
        );
        let mut a = args("myrole");
        a.role_session_name = Some("my_session_name".into());
        assert_eq!(cache_key(&a), "2964201f5648c8be5b9460a9cf842d73a266daf2");
    }

    #[test]
    fn python_json_escapes() {
        assert_eq!(py_json_string("a\"b\\c\né"), "\"a\\\"b\\\\c\\n\\u00e9\"");
        assert_eq!(py_json_string("😂"), "\"\\ud83d\\ude02\"");
    }

    #[test]
    fn corrupt_or_stale_entries_are_ignored() {
        let dir = std::env::temp_dir().join(format!("awscred-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.json");
        for bad in ["", "{", "{\"Credentials\": {}}", "not json at all"] {
            std::fs::write(&f, bad).unwrap();
            assert!(read_fresh(&f).is_none(), "{bad:?}");
        }
        let env = Env::from_pairs([("HOME", dir.to_str().unwrap())]);
        let mut c = CachedCredentials {
            access_key_id: "ASIA1".into(),
            secret_access_key: "s".into(),
            session_token: "t".into(),
            expiration: now_epoch() + 600,
            account_id: Some("123456789012".into()),
            assumed_role_arn: None,
        };
        write(&f, &c, &env).unwrap();
        assert!(read_fresh(&f).is_none(), "less than 15 minutes left");
        c.expiration = now_epoch() + 3600;
        write(&f, &c, &env).unwrap();
        assert_eq!(read_fresh(&f), Some(c));
    }
}
