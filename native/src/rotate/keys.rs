//! Key status: every access key of the profile's IAM user with its status, age and last use,
//! and warnings where a key is older than the limit or two keys are active.

use crate::aws::iam::LastUsed;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::resolve::{time, Request};

/// The age limit unless told otherwise (CIS 1.14: 90 days).
pub const DEFAULT_MAX_KEY_AGE_DAYS: u32 = 90;

/// One key of the user.
#[derive(Debug, Clone)]
pub struct KeyStatus {
    pub access_key_id: String,
    pub active: bool,
    pub created: Option<i64>,
    pub age_days: Option<i64>,
    pub last_used: LastUsed,
    /// The key that the profile resolves to.
    pub in_profile: bool,
    pub warning: Option<String>,
}

/// The user's keys.
#[derive(Debug, Clone)]
pub struct KeysReport {
    pub profile_name: String,
    pub user_name: String,
    pub user_arn: String,
    pub keys: Vec<KeyStatus>,
    pub warnings: Vec<String>,
}

/// Lists the keys of the IAM user that profile `req` (any kind that resolves to a user's key,
/// or a session of one) belongs to.
pub fn report(env: &Env, req: &Request, max_age_days: u32) -> Result<KeysReport> {
    let profile = super::profile_name(env, req.profile_name.as_deref())?;
    let req = Request {
        profile_name: Some(profile.clone()),
        ..req.clone()
    };
    let (signed, _, key_id) = super::signed_for(env, &req)?;
    let me = signed.identity()?;
    let user = me.user_name().ok_or_else(|| {
        Error::NotSupported(format!(
            "profile '{profile}' resolves to {}, not to an IAM user; access keys belong to users",
            me.arn
        ))
    })?;
    let now = time::now_epoch();
    let mut keys = Vec::new();
    for k in signed.access_keys(user)? {
        let last_used = signed.last_used(&k.id)?;
        let age_days = k.created.map(|c| age_in_days(c, now));
        let warning = age_warning(&k.id, age_days, max_age_days);
        keys.push(KeyStatus {
            in_profile: k.id == key_id,
            access_key_id: k.id,
            active: k.active,
            created: k.created,
            age_days,
            last_used,
            warning,
        });
    }
    let mut warnings: Vec<String> = keys.iter().filter_map(|k| k.warning.clone()).collect();
    let active: Vec<&str> = keys
        .iter()
        .filter(|k| k.active)
        .map(|k| k.access_key_id.as_str())
        .collect();
    if active.len() > 1 {
        warnings.push(format!(
            "user '{user}' has {} active keys ({}): one of them is probably no longer needed",
            active.len(),
            active.join(", ")
        ));
    }
    Ok(KeysReport {
        profile_name: profile,
        user_name: user.to_string(),
        user_arn: me.arn.clone(),
        keys,
        warnings,
    })
}

/// Whole days between `created` and `now` (epoch seconds), never negative.
pub fn age_in_days(created: i64, now: i64) -> i64 {
    (now - created).max(0) / 86_400
}

/// The warning for a key older than `max_days`.
fn age_warning(id: &str, age_days: Option<i64>, max_days: u32) -> Option<String> {
    age_days
        .filter(|&d| d > i64::from(max_days))
        .map(|d| format!("key {id} is {d} days old, more than {max_days}: rotate it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_warnings() {
        let day = 86_400;
        assert_eq!(age_in_days(0, 91 * day + 5), 91);
        assert_eq!(age_in_days(10, 0), 0);
        assert_eq!(age_warning("AKIA1", Some(90), 90), None);
        let w = age_warning("AKIA1", Some(91), 90).unwrap();
        assert!(w.contains("AKIA1") && w.contains("91 days"));
        assert_eq!(age_warning("AKIA1", None, 0), None);
    }
}
