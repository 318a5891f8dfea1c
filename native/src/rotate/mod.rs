//! Long-term keys of an IAM user, kept fresh: sync a host's key from Secrets Manager (`sync`),
//! rotate it with a journal so no run leaves the host without a working key (`machine`), report
//! the user's keys (`keys`), and read a secret as a user name and password (`secret`).

pub mod journal;
pub mod keys;
pub mod machine;
pub mod secret;
pub mod sync;
pub mod verify;

use std::path::PathBuf;

use crate::aws::{CallError, Key, Kind, Signed};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::locate::ProfileFiles;
use crate::profile::{self, validate};
use crate::resolve::{self, region, Context, Request};

/// The profile whose long-term key an operation reads or replaces.
pub(crate) struct Host {
    pub env: Env,
    pub profile: String,
    pub location: Option<String>,
    pub region: String,
    pub key: Key,
    pub files: ProfileFiles,
    /// The profile's `mfa_serial`, for an MFA session (`iam_signer`).
    pub mfa_serial: Option<String>,
    /// The OS keychain entry that holds the key, for a keychain profile (the files hold none).
    pub keychain: Option<String>,
}

pub(crate) use crate::resolve::profile_name;

impl Host {
    /// Profile `name` (see `profile_name`), which must hold an IAM user's long-term keys.
    pub fn load(
        env: &Env,
        name: Option<&str>,
        location: Option<&str>,
        region: Option<&str>,
    ) -> Result<Host> {
        let profile = profile_name(env, name)?;
        if let Some(loc) = location {
            validate::value("ProfileLocation", loc, false)?;
        }
        if let Some(r) = region {
            validate::region("Region", r)?;
        }
        let req = Request {
            profile_name: Some(profile.clone()),
            profile_location: location.map(str::to_string),
            token_code: None,
            region: region.map(str::to_string),
        };
        let ctx = Context::new(env, location)?;
        let parsed = ctx.texts.parse()?;
        let section = parsed
            .profile(&profile)
            .ok_or_else(|| Error::ProfileNotFound {
                name: profile.clone(),
                searched: ctx.files.describe(),
            })?;
        let keychain = crate::keychain::entry_of_profile(&section);
        let from_keychain = match &keychain {
            Some(entry) => Some(crate::keychain::read(env, entry)?.ok_or_else(|| {
                Error::NoCredentials(format!(
                    "profile '{profile}' keeps its key in the keychain entry '{entry}', which does not exist"
                ))
            })?),
            None => None,
        };
        if from_keychain
            .as_ref()
            .is_some_and(|s| s.session_token.is_some())
        {
            return Err(Error::NotSupported(format!(
                "profile '{profile}' holds session credentials in the keychain; IAM key operations need the user's long-term key"
            )));
        }
        let (Some(id), Some(secret)) = (
            from_keychain
                .as_ref()
                .map(|s| s.access_key_id.as_str())
                .or(section.get("aws_access_key_id")),
            from_keychain
                .as_ref()
                .map(|s| s.secret_access_key.as_str())
                .or(section.get("aws_secret_access_key")),
        ) else {
            let kind = if section.get("role_arn").is_some() {
                "assumes a role"
            } else {
                "holds no access key"
            };
            return Err(Error::NotSupported(format!(
                "profile '{profile}' {kind}; this works on the long-term access key of an IAM user. Name the profile that holds that key{}",
                section
                    .get("source_profile")
                    .map(|s| format!(" (here: its source_profile '{s}')"))
                    .unwrap_or_default()
            )));
        };
        if section.get("aws_session_token").is_some() {
            return Err(Error::NotSupported(format!(
                "profile '{profile}' holds session credentials (aws_session_token); IAM key operations need the user's long-term key"
            )));
        }
        let region = region::for_sts(&ctx, &parsed, &profile, &req);
        let mfa_serial = section.get("mfa_serial").map(str::to_string);
        Ok(Host {
            mfa_serial,
            keychain,
            env: env.clone(),
            key: Key {
                id: id.to_string(),
                secret: secret.to_string(),
            },
            profile,
            location: location.map(str::to_string),
            region,
            files: ctx.files,
        })
    }

    /// Clients signed with `key` for this profile's endpoints and region.
    pub fn signed(&self, key: &Key) -> Result<Signed> {
        let ctx = Context::new(&self.env, self.location.as_deref())?;
        Signed::new(&ctx, &self.profile, &self.region, key, None)
    }

    /// The clients for the IAM and Secrets Manager calls made with the profile's key: signed by
    /// the key itself, or with `token_code` by an MFA session of it (GetSessionToken with the
    /// profile's `mfa_serial`), for accounts whose policies allow IAM only with MFA.
    pub fn iam_signer(&self, token_code: Option<&str>) -> Result<Signed, CallError> {
        let own = self.signed(&self.key).map_err(not_a_call)?;
        let Some(code) = token_code else {
            return Ok(own);
        };
        let serial = self.mfa_serial.as_deref().ok_or_else(|| {
            not_a_call(Error::InvalidInput(format!(
                "a TokenCode was given, but profile '{}' has no mfa_serial naming the MFA device",
                self.profile
            )))
        })?;
        let (key, token) = own.mfa_session(serial, code)?;
        let ctx = Context::new(&self.env, self.location.as_deref()).map_err(not_a_call)?;
        Signed::new(&ctx, &self.profile, &self.region, &key, Some(&token)).map_err(not_a_call)
    }

    /// The access key id the profile holds now (read again from the files, or the keychain).
    pub fn current_key_id(&self) -> Result<Option<String>> {
        if let Some(entry) = &self.keychain {
            return Ok(crate::keychain::read(&self.env, entry)?.map(|s| s.access_key_id));
        }
        let ctx = Context::new(&self.env, self.location.as_deref())?;
        let parsed = ctx.texts.parse()?;
        Ok(parsed
            .profile(&self.profile)
            .and_then(|s| s.get("aws_access_key_id").map(str::to_string)))
    }

    /// Every access key id that some profile of these files holds.
    pub fn key_ids_in_profiles(&self) -> Result<Vec<String>> {
        let ctx = Context::new(&self.env, self.location.as_deref())?;
        let parsed = ctx.texts.parse()?;
        Ok(parsed
            .profile_files()
            .keys()
            .filter_map(|name| parsed.profile(name))
            .filter_map(|s| match crate::keychain::entry_of_profile(&s) {
                // A keychain profile's key (an entry that cannot be read counts as none).
                Some(entry) => crate::keychain::read(&self.env, &entry)
                    .ok()
                    .flatten()
                    .map(|k| k.access_key_id),
                None => s.get("aws_access_key_id").map(str::to_string),
            })
            .collect())
    }

    /// Replaces the profile's key with `new`, but only while it still holds `expected`: the usual
    /// locked, byte-preserving edit, checked under the lock (another writer's change is never
    /// overwritten).
    pub fn replace_key(&self, expected: &str, new: &Key) -> Result<Vec<PathBuf>> {
        if let Some(entry) = &self.keychain {
            return self.replace_keychain_key(entry, expected, new);
        }
        let name = self.profile.clone();
        let (written, ()) = profile::edit_profile_planned(
            &self.files,
            &self.env,
            &name,
            |texts| {
                let parsed = texts.parse()?;
                let now = parsed
                    .profile(&name)
                    .and_then(|s| s.get("aws_access_key_id").map(str::to_string));
                if now.as_deref() != Some(expected) {
                    return Err(Error::ProfileConfig(format!(
                    "profile '{name}' changed meanwhile: it holds {} instead of {expected}; nothing was written",
                    now.as_deref().unwrap_or("no key")
                )));
                }
                Ok((
                    vec![
                        ("aws_access_key_id".to_string(), Some(new.id.clone())),
                        (
                            "aws_secret_access_key".to_string(),
                            Some(new.secret.clone()),
                        ),
                    ],
                    (),
                ))
            },
        )?;
        Ok(written)
    }

    /// `replace_key` for a keychain profile: the entry is replaced (and read back) under a lock
    /// of ours, only while it still holds `expected`; no file changes.
    fn replace_keychain_key(&self, entry: &str, expected: &str, new: &Key) -> Result<Vec<PathBuf>> {
        let _lock = crate::profile::store::lock_named(
            &self.state_path("keychain.lock"),
            crate::profile::store::lock_timeout(&self.env),
        )?;
        let now = crate::keychain::read(&self.env, entry)?.map(|s| s.access_key_id);
        if now.as_deref() != Some(expected) {
            return Err(Error::ProfileConfig(format!(
                "the keychain entry '{entry}' of profile '{}' changed meanwhile: it holds {} instead of {expected}; nothing was written",
                self.profile,
                now.as_deref().unwrap_or("no key")
            )));
        }
        let secret = crate::keychain::entry::Secret {
            version: 1,
            access_key_id: new.id.clone(),
            secret_access_key: new.secret.clone(),
            session_token: None,
            token_apart: false,
        };
        crate::keychain::store(&self.env, entry, &secret)?;
        Ok(Vec::new())
    }

    /// A file of ours beside the file that holds the profile's key: `.<file>.<suffix>`, under
    /// the same convention as the locks (dot-named, owner-only, hidden on Windows).
    pub fn state_path(&self, suffix: &str) -> PathBuf {
        crate::profile::store::state_path(&self.files.credentials, suffix)
    }
}

/// An error that is not an AWS answer, in the shape of one (it is never retried).
pub(crate) fn not_a_call(error: Error) -> CallError {
    CallError {
        kind: Kind::Other,
        code: error.code().to_string(),
        error,
    }
}

/// The string fields `names` of a secret's JSON object. Errors name the field, never a value.
pub(crate) fn secret_fields<const N: usize>(
    secret_id: &str,
    text: Option<&str>,
    names: [&str; N],
) -> Result<[String; N]> {
    let value: serde_json::Value = text
        .and_then(|t| serde_json::from_str(t).ok())
        .filter(serde_json::Value::is_object)
        .ok_or_else(|| {
            Error::SecretMalformed(format!(
                "secret '{secret_id}' is not a JSON object with the fields {}",
                names.join(" and ")
            ))
        })?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = match value.get(name) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => {
                return Err(Error::SecretMalformed(format!(
                    "secret '{secret_id}': the field {name} is not a non-empty string"
                )))
            }
            None => {
                return Err(Error::SecretMalformed(format!(
                    "secret '{secret_id}' has no field {name}; it needs {}",
                    names.join(" and ")
                )))
            }
        };
    }
    Ok(out)
}

/// The key pair a secret holds: `AccessKeyId` and `SecretAccessKey` of a JSON object.
pub(crate) fn key_in_secret(secret_id: &str, text: Option<&str>) -> Result<Key> {
    let [id, secret] = secret_fields(secret_id, text, ["AccessKeyId", "SecretAccessKey"])?;
    let key = Key { id, secret };
    validate::access_key_id("AccessKeyId", &key.id).map_err(|_| {
        Error::SecretMalformed(format!(
            "secret '{secret_id}': AccessKeyId is not an access key id"
        ))
    })?;
    validate::secret("SecretAccessKey", &key.secret).map_err(|_| {
        Error::SecretMalformed(format!(
            "secret '{secret_id}': SecretAccessKey is not a usable secret key"
        ))
    })?;
    Ok(key)
}

/// A Secrets Manager read failure, in the terms of the secret.
pub(crate) fn secret_error(e: CallError, secret_id: &str) -> Error {
    match e.kind {
        Kind::NotFound => Error::SecretNotFound(format!(
            "secret '{secret_id}' was not found (or has no AWSCURRENT value): {}",
            e.error
        )),
        _ => e.error,
    }
}

/// Clients signed with whatever `req` resolves to (a profile of any kind, AWS_PROFILE /
/// `default`, or the default chain when no profile is given), with the profile name used for
/// endpoint settings and the key id the credentials carry.
pub(crate) fn signed_for(env: &Env, req: &Request) -> Result<(Signed, String, String)> {
    let ctx = Context::new(env, req.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    // One read of the files serves both the resolution and the clients' settings.
    let creds = resolve::resolve_in(&ctx, &parsed, req)?;
    let profile = req
        .profile_name
        .clone()
        .unwrap_or_else(|| resolve::default_profile_name(env).0);
    let region = region::for_sts(&ctx, &parsed, &profile, req);
    let signed = Signed::new(
        &ctx,
        &profile,
        &region,
        &Key {
            id: creds.access_key_id.clone(),
            secret: creds.secret_access_key,
        },
        creds.session_token.as_deref(),
    )?;
    Ok((signed, profile, creds.access_key_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_must_hold_both_fields_and_errors_never_quote_values() {
        let ok = key_in_secret(
            "s",
            Some(r#"{"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"abc/def+ghi","Other":1}"#),
        )
        .unwrap();
        assert_eq!(ok.id, "AKIAEXAMPLE");
        let missing = key_in_secret("s", Some(r#"{"AccessKeyId":"AKIAEXAMPLE"}"#)).unwrap_err();
        assert_eq!(missing.code(), "SecretMalformed");
        assert!(missing.to_string().contains("SecretAccessKey"));
        let bad = key_in_secret(
            "s",
            Some(r#"{"AccessKeyId":"AKIA EXAMPLE","SecretAccessKey":"topsecretvalue"}"#),
        )
        .unwrap_err();
        assert!(!bad.to_string().contains("AKIA EXAMPLE"));
        let spaced = key_in_secret(
            "s",
            Some(r#"{"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"top secret value"}"#),
        )
        .unwrap_err();
        assert!(!spaced.to_string().contains("top secret"));
        for text in [None, Some("not json"), Some("[1]"), Some("\"x\"")] {
            assert_eq!(
                key_in_secret("s", text).unwrap_err().code(),
                "SecretMalformed"
            );
        }
    }
}
