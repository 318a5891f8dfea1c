//! Sync: a host's profile follows the key published in Secrets Manager. The secret is named by
//! -SecretId or by a tag of the key's IAM user (`SecretName`, read with iam:GetUser); its key is verified with STS (same
//! user as expected) before the profile is touched, and written only while the profile still holds
//! the key it held when the sync began. The identity of the last successful sync is kept in
//! `.<file>.sync.json`, so that a host whose key was already deleted can still check who the new
//! key belongs to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{key_in_secret, Host};
use crate::aws::{secrets, Key, Kind, Signed};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::store;
use crate::resolve::{self, time};

/// What to sync.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub region: Option<String>,
    pub secret_id: Option<String>,
    pub tag_key: Option<String>,
    pub expected_user_arn: Option<String>,
    pub token_code: Option<String>,
    pub dry_run: bool,
}

/// What a sync did.
#[derive(Debug, Clone)]
pub struct SyncOutcome {
    pub profile_name: String,
    pub changed: bool,
    pub old_access_key_id: String,
    pub new_access_key_id: String,
    /// The new secret, for masking by the caller.
    pub new_secret: String,
    pub secret_id: String,
    pub user_arn: String,
    pub files_written: Vec<String>,
    pub message: String,
}

/// The tag that names a user's secret unless told otherwise.
pub const DEFAULT_TAG_KEY: &str = "SecretName";
/// How often a key read from the secret is tried before it counts as not working.
const VERIFY_TRIES: u32 = 3;

/// The last successful sync of one profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Synced {
    user_arn: String,
    access_key_id: String,
    synced_at: String,
}

/// Runs one sync.
pub fn sync(env: &Env, opts: &SyncOptions) -> Result<SyncOutcome> {
    let host = Host::load(
        env,
        opts.profile_name.as_deref(),
        opts.profile_location.as_deref(),
        opts.region.as_deref(),
    )?;
    if let Some(id) = &opts.secret_id {
        crate::profile::validate::value("SecretId", id, false)?;
    }
    if let Some(arn) = &opts.expected_user_arn {
        crate::profile::validate::value("ExpectedUserArn", arn, false)?;
    }
    let tag_key = opts.tag_key.as_deref().unwrap_or(DEFAULT_TAG_KEY);
    let record_path = host.state_path("sync.json");

    // Who the profile's key belongs to, and which secret to read: IAM GetUser gives both (the
    // user's tag names the secret); with a secret id, STS alone (no IAM permission needed).
    let identified = host
        .iam_signer(opts.token_code.as_deref())
        .and_then(|current| {
            let (arn, secret_id) = match &opts.secret_id {
                Some(id) => (current.identity()?.arn, id.clone()),
                None => {
                    let (user, arn, tag) = current.iam_user(tag_key)?;
                    let secret_id = tag.ok_or_else(|| {
                        super::not_a_call(Error::SecretNotFound(format!(
                            "IAM user '{user}' has no tag '{tag_key}' naming its secret; tag the user or give -SecretId (--secret-id)"
                        )))
                    })?;
                    (arn, secret_id)
                }
            };
            Ok((current, arn, secret_id))
        });
    let (reader, secret_id, expected) = match identified {
        Ok((current, arn, secret_id)) => {
            if let Some(expected) = &opts.expected_user_arn {
                if *expected != arn {
                    return Err(Error::KeyVerificationFailed(format!(
                        "profile '{}' holds a key of {arn}, not of the expected {expected}; nothing was changed",
                        host.profile
                    )));
                }
            }
            (current, secret_id, arn)
        }
        Err(e) if e.kind == Kind::Rejected => {
            let Some(secret_id) = opts.secret_id.clone() else {
                return Err(Error::KeyRejected(format!(
                    "{}; the user's tag cannot be read with it: give -SecretId (--secret-id), and -ExpectedUserArn (--expected-user-arn) unless this profile was synced before",
                    e.error
                )));
            };
            let expected = match &opts.expected_user_arn {
                Some(arn) => arn.clone(),
                None => last_synced(&record_path, &host.profile)?.ok_or_else(|| {
                    Error::KeyVerificationFailed(format!(
                        "{}; without -ExpectedUserArn (--expected-user-arn) or an earlier sync of profile '{}' there is no identity to check the secret's key against; nothing was changed",
                        e.error, host.profile
                    ))
                })?,
            };
            (default_chain_reader(&host)?, secret_id, expected)
        }
        Err(e) => return Err(e.into()),
    };

    let version = reader
        .secret_value(&secret_id, secrets::CURRENT)
        .map_err(|e| super::secret_error(e, &secret_id))?;
    let new = key_in_secret(&secret_id, version.text.as_deref())?;
    let mut outcome = SyncOutcome {
        profile_name: host.profile.clone(),
        changed: false,
        old_access_key_id: host.key.id.clone(),
        new_access_key_id: new.id.clone(),
        new_secret: new.secret.clone(),
        secret_id: secret_id.clone(),
        user_arn: expected.clone(),
        files_written: Vec::new(),
        message: String::new(),
    };
    if new == host.key {
        outcome.message = format!(
            "profile '{}' is up to date: it holds {}, the key of secret '{secret_id}'",
            host.profile, new.id
        );
        return Ok(outcome);
    }

    verify(&host, &new, &expected, &secret_id)?;
    if opts.dry_run {
        outcome.message = format!(
            "would replace {} with {} (verified) in profile '{}'",
            host.key.id, new.id, host.profile
        );
        return Ok(outcome);
    }
    let written = host.replace_key(&host.key.id, &new)?;
    remember(
        &record_path,
        &host.state_path("sync.lock"),
        &host.profile,
        &expected,
        &new.id,
    )?;
    outcome.changed = true;
    outcome.files_written = written.iter().map(|p| p.display().to_string()).collect();
    outcome.message = format!(
        "profile '{}' now holds {} from secret '{secret_id}' (was {})",
        host.profile, new.id, host.key.id
    );
    Ok(outcome)
}

/// The credentials that read the secret when the profile's own key is rejected: the default
/// chain (environment, web identity, container, instance metadata), never this profile again.
fn default_chain_reader(host: &Host) -> Result<Signed> {
    let mut env = host.env.clone();
    if resolve::default_profile_name(&env).0 == host.profile {
        env = env.with_overrides([("AWS_PROFILE".to_string(), None)].into());
    }
    let req = resolve::Request {
        profile_name: None,
        profile_location: None,
        token_code: None,
        region: Some(host.region.clone()),
    };
    let creds = resolve::resolve(&env, &req).map_err(|e| {
        Error::KeyRejected(format!(
            "the key of profile '{}' is no longer accepted, and no other credentials can read the secret ({e})",
            host.profile
        ))
    })?;
    if creds.access_key_id == host.key.id {
        return Err(Error::KeyRejected(format!(
            "the key {} of profile '{}' is no longer accepted, and the default chain gives the same key; give the host other credentials that can read the secret (an instance role, say)",
            host.key.id, host.profile
        )));
    }
    let ctx = resolve::Context::new(&env, host.location.as_deref())?;
    Signed::new(
        &ctx,
        &host.profile,
        &host.region,
        &Key {
            id: creds.access_key_id,
            secret: creds.secret_access_key,
        },
        creds.session_token.as_deref(),
    )
}

/// Checks with STS that `new` works and belongs to `expected` (a few tries: a key published a
/// moment ago may still be propagating). Never stores anything.
fn verify(host: &Host, new: &Key, expected: &str, secret_id: &str) -> Result<()> {
    let signed = host.signed(new)?;
    let mut last = String::new();
    for attempt in 0..VERIFY_TRIES {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(500 << attempt));
        }
        match signed.identity() {
            Ok(id) if id.arn == expected => return Ok(()),
            Ok(id) => {
                return Err(Error::KeyVerificationFailed(format!(
                    "the key {} of secret '{secret_id}' belongs to {}, not to {expected}; it was not stored",
                    new.id, id.arn
                )))
            }
            Err(e) if matches!(e.kind, Kind::Rejected | Kind::Transient) => {
                last = e.error.to_string()
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::KeyVerificationFailed(format!(
        "the key {} of secret '{secret_id}' does not work ({last}); it was not stored",
        new.id
    )))
}

/// The user ARN recorded at the last successful sync of `profile`.
fn last_synced(path: &std::path::Path, profile: &str) -> Result<Option<String>> {
    Ok(read_records(path)?.remove(profile).map(|s| s.user_arn))
}

fn read_records(path: &std::path::Path) -> Result<BTreeMap<String, Synced>> {
    match store::read_optional(path)? {
        Some(text) => serde_json::from_str(&text).map_err(|e| Error::FileFormat {
            path: path.to_path_buf(),
            line: e.line(),
            message: "the sync record is not the JSON this version writes; delete it".into(),
        }),
        None => Ok(BTreeMap::new()),
    }
}

/// Records a successful sync (identity and key id, never a secret) under the record's own lock.
fn remember(
    path: &std::path::Path,
    lock_path: &std::path::Path,
    profile: &str,
    arn: &str,
    key_id: &str,
) -> Result<()> {
    let _lock = store::lock_named(lock_path, std::time::Duration::from_secs(10))?;
    let mut records = read_records(path)?;
    records.insert(
        profile.to_string(),
        Synced {
            user_arn: arn.to_string(),
            access_key_id: key_id.to_string(),
            synced_at: time::format_utc(time::now_epoch()),
        },
    );
    let text = serde_json::to_vec_pretty(&records)
        .map_err(|e| Error::Internal(format!("cannot encode the sync record: {e}")))?;
    store::write_atomic(path, &text)
}
