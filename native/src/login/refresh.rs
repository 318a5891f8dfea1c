//! Console-login credentials during resolution: read the cache, and when less than five minutes
//! are left, refresh under the cache file's lock. The lock is taken, the file read again, and the
//! call skipped when another process refreshed meanwhile; the new file replaces the old atomically,
//! so a refresh token is used once and no reader sees half a file (aws-config writes in place).

use super::cache::{self, LoginToken};
use super::exchange::{self, Grant};
use crate::error::{Error, Result};
use crate::resolve::{Context, Resolved};

/// Refresh when at most this many seconds are left (botocore, the CLI and smithy-rs: 5 minutes).
pub const REFRESH_WINDOW_SECS: i64 = 300;

/// The credentials of `profile`, whose `login_session` is `session`, in `region`.
pub(crate) fn credentials(
    ctx: &Context<'_>,
    profile: &str,
    session: &str,
    region: &str,
) -> Result<Resolved> {
    let path = cache::file(ctx.env, session);
    let required = |why: String| Error::LoginRequired {
        message: format!("the console login of profile '{profile}' {why}"),
        command: super::login_command(profile),
    };
    let Some(token) = cache::read(&path)? else {
        return Err(required(format!(
            "is not cached ({} does not exist)",
            path.display()
        )));
    };
    if token.fresh_for(REFRESH_WINDOW_SECS) {
        return Ok(resolved(&token, profile));
    }
    let _lock = cache::lock(&path, ctx.env)?;
    let Some(mut token) = cache::read(&path)? else {
        return Err(required("was removed (logged out) meanwhile".into()));
    };
    if token.fresh_for(REFRESH_WINDOW_SECS) {
        // Another process refreshed while we waited for the lock.
        return Ok(resolved(&token, profile));
    }
    let key = super::dpop::from_pem(&token.dpop_key).ok_or_else(|| {
        required(format!(
            "cannot be refreshed: the dpopKey in {} is not a P-256 private key",
            path.display()
        ))
    })?;
    let base = exchange::base_url(ctx, profile, region)?;
    let fresh = exchange::create_token(
        ctx,
        profile,
        region,
        &base,
        &token.client_id,
        Grant::Refresh {
            token: &token.refresh_token,
        },
        &key,
    )?;
    token.access_token.access_key_id = fresh.access_key_id;
    token.access_token.secret_access_key = fresh.secret_access_key;
    token.access_token.session_token = fresh.session_token;
    token.refresh_token = fresh.refresh_token;
    token.set_expiry_in(fresh.expires_in);
    cache::write_locked(&path, &token)?;
    Ok(resolved(&token, profile))
}

fn resolved(token: &LoginToken, profile: &str) -> Resolved {
    let t = &token.access_token;
    Resolved {
        access_key_id: t.access_key_id.clone(),
        secret_access_key: t.secret_access_key.clone(),
        session_token: Some(t.session_token.clone()),
        expiration: token.expires(),
        account_id: Some(t.account_id.clone()).filter(|a| !a.is_empty()),
        profile_name: Some(profile.to_string()),
        source: "Login",
        profile_location: None,
        from_cache: false,
    }
}
