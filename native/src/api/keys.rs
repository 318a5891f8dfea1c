//! Key operations: sync a host's key from Secrets Manager, rotate it (start, poll, cancel), the
//! user's key status, and a secret as a user name and password. The work is in `crate::rotate`.

use super::profiles::mask;
use super::types::*;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::validate;
use crate::resolve::{time, Request};
use crate::rotate::{keys, machine, secret, sync};

/// One range for MaxKeyAgeDays wherever it is taken: 0 (every key counts as due) to 100 years.
fn max_key_age_days(days: Option<u32>) -> Result<()> {
    match days {
        Some(d) if d > 36_500 => Err(Error::InvalidInput(
            "MaxKeyAgeDays must be 0 to 36500".into(),
        )),
        _ => Ok(()),
    }
}

fn resolve_request(
    profile_name: Option<String>,
    profile_location: Option<String>,
    token_code: Option<String>,
    region: Option<String>,
) -> Result<Request> {
    if let Some(code) = &token_code {
        validate::token_code("TokenCode", code)?;
    }
    if let Some(r) = &region {
        validate::region("Region", r)?;
    }
    if let Some(loc) = &profile_location {
        validate::value("ProfileLocation", loc, false)?;
    }
    Ok(Request {
        profile_name,
        profile_location,
        token_code,
        region,
    })
}

/// Updates the profile from the key in Secrets Manager when it differs (verified first).
pub fn sync_credentials(env: &Env, req: SyncRequest) -> Result<SyncResponse> {
    if let Some(code) = &req.token_code {
        validate::token_code("TokenCode", code)?;
    }
    let out = sync::sync(
        env,
        &sync::SyncOptions {
            profile_name: req.profile_name,
            profile_location: req.profile_location,
            region: req.region,
            secret_id: req.secret_id,
            tag_key: req.tag_key,
            expected_user_arn: req.expected_user_arn,
            token_code: req.token_code,
            dry_run: req.dry_run,
        },
    )?;
    Ok(SyncResponse {
        profile_name: out.profile_name,
        changed: out.changed,
        dry_run: req.dry_run,
        old_access_key_id: out.old_access_key_id,
        new_access_key_id: out.new_access_key_id,
        masked_secret_access_key: mask(&out.new_secret),
        secret_id: out.secret_id,
        user_arn: out.user_arn,
        files_written: out.files_written,
        message: out.message,
    })
}

/// Every key of the profile's IAM user, with status, age and last use.
pub fn access_key_status(env: &Env, req: KeyStatusRequest) -> Result<KeyStatusResponse> {
    let max = req
        .max_key_age_days
        .unwrap_or(keys::DEFAULT_MAX_KEY_AGE_DAYS);
    let r = resolve_request(
        req.profile_name,
        req.profile_location,
        req.token_code,
        req.region,
    )?;
    let report = keys::report(env, &r, max)?;
    Ok(KeyStatusResponse {
        profile_name: report.profile_name,
        user_name: report.user_name,
        user_arn: report.user_arn,
        max_key_age_days: max,
        keys: report
            .keys
            .into_iter()
            .map(|k| AccessKeyInfo {
                access_key_id: k.access_key_id,
                status: if k.active { "Active" } else { "Inactive" },
                create_date: k.created.map(time::format_utc),
                age_days: k.age_days,
                last_used_date: k.last_used.date.map(time::format_utc),
                last_used_service: k.last_used.service,
                last_used_region: k.last_used.region,
                in_profile: k.in_profile,
                warning: k.warning,
            })
            .collect(),
        warnings: report.warnings,
    })
}

/// A user name and password from a secret's JSON.
pub fn get_secret_credential(
    env: &Env,
    req: SecretCredentialRequest,
) -> Result<SecretCredentialResponse> {
    let r = resolve_request(
        req.profile_name,
        req.profile_location,
        req.token_code,
        req.region,
    )?;
    let c = secret::read(
        env,
        &r,
        &req.secret_id,
        req.user_name_key.as_deref().unwrap_or("username"),
        req.password_key.as_deref().unwrap_or("password"),
    )?;
    Ok(SecretCredentialResponse {
        user_name: c.user_name,
        password: c.password,
        secret_arn: c.secret_arn,
        version_id: c.version_id,
    })
}

fn rotation_response(r: machine::Report) -> RotationResponse {
    RotationResponse {
        handle: r.handle,
        done: r.done,
        status: r.status,
        percent: r.percent,
        message: r.message,
        profile_name: r.profile_name,
        user_name: r.user_name,
        old_access_key_id: r.old_access_key_id,
        new_access_key_id: r.new_access_key_id,
        masked_secret_access_key: r.new_secret.as_deref().map(mask),
        old_key_state: r.old_key_state,
        secret_id: r.secret_id,
        published: r.published,
        resumed: r.resumed,
        notes: r.notes,
        files_written: r.files_written,
    }
}

/// Plans the rotation and creates the new key (or resumes the journal's rotation).
pub fn rotate_start(env: &Env, req: RotateRequest) -> Result<RotationResponse> {
    if let Some(code) = &req.token_code {
        validate::token_code("TokenCode", code)?;
    }
    max_key_age_days(req.max_key_age_days)?;
    let report = machine::start(
        env,
        machine::RotateOptions {
            profile_name: req.profile_name,
            profile_location: req.profile_location,
            region: req.region,
            secret_id: req.secret_id,
            tag_key: req.tag_key,
            deactivate_only: req.deactivate_only,
            delete_inactive: req.delete_inactive_key,
            grace_seconds: req.grace_period_seconds,
            max_key_age_days: req.max_key_age_days,
            token_code: req.token_code,
            dry_run: req.dry_run,
        },
    )?;
    Ok(rotation_response(report))
}

/// Advances a rotation by one step (waits at most about a second).
pub fn rotate_poll(_env: &Env, req: RotationHandle) -> Result<RotationResponse> {
    Ok(rotation_response(machine::poll(req.handle)?))
}

/// Stops a rotation: undone before the profile switch, paused (journal kept) after it.
pub fn rotate_cancel(_env: &Env, req: RotationHandle) -> Result<RotationResponse> {
    Ok(rotation_response(machine::cancel(req.handle)?))
}
