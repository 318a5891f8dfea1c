//! IAM Identity Center credentials during resolution: the cached token (refreshed under the cache
//! file's lock when an sso-session token has less than five minutes left, the file read again
//! first so concurrent refreshes use the refresh token once), then GetRoleCredentials.

use super::cache::{self, SsoToken};
use super::oidc::{self, Grant, Registered};
use super::{portal, Target};
use crate::error::{Error, Result};
use crate::resolve::time::{format_utc, now_epoch, parse_utc};
use crate::resolve::{Context, Resolved};

/// Refresh when at most this many seconds are left (smithy-rs's buffer).
pub const REFRESH_WINDOW_SECS: i64 = 300;

/// A usable access token for `target`, refreshing it when it can be.
pub(crate) fn token(ctx: &Context<'_>, target: &Target, profile: &str) -> Result<String> {
    let path = cache::token_file(ctx.env, target.cache_id());
    let required = |why: String| Error::LoginRequired {
        message: format!(
            "the IAM Identity Center sign-in{} {why}",
            target
                .session
                .as_ref()
                .map(|s| format!(" of sso-session '{s}'"))
                .unwrap_or_default()
        ),
        command: target.login_command(),
    };
    let read = |p: &std::path::Path| -> Result<Option<SsoToken>> {
        cache::read_token(p).map_err(|e| required(format!("cannot be used: {e}")))
    };
    let Some(t) = read(&path)? else {
        return Err(required(format!(
            "is not cached ({} does not exist)",
            path.display()
        )));
    };
    if t.fresh_for(REFRESH_WINDOW_SECS) {
        return Ok(t.access_token);
    }
    let refreshable = target.session.is_some()
        && t.refresh_token.is_some()
        && t.client_id.is_some()
        && t.client_secret.is_some()
        && t.registration_expires_at
            .as_deref()
            .and_then(parse_utc)
            .is_some_and(|e| e > now_epoch());
    if !refreshable {
        if t.fresh_for(0) {
            return Ok(t.access_token);
        }
        return Err(required("has expired".into()));
    }
    let _lock = cache::lock(&path, ctx.env)?;
    let Some(mut t) = read(&path)? else {
        return Err(required("was removed (logged out) meanwhile".into()));
    };
    if t.fresh_for(REFRESH_WINDOW_SECS) {
        return Ok(t.access_token);
    }
    let (client, _) = oidc::client(ctx, profile, &target.region)?;
    let reg = Registered {
        client_id: t.client_id.clone().unwrap_or_default(),
        client_secret: t.client_secret.clone().unwrap_or_default(),
        expires_at: 0,
    };
    let refresh = t.refresh_token.clone().unwrap_or_default();
    let fresh = match oidc::create_token(
        ctx,
        &client,
        &reg,
        Grant::Refresh { token: &refresh },
        &target.login_command(),
    )? {
        Ok(token) => token,
        Err(_) => {
            return Err(required(
                "could not be refreshed (the service asked to wait)".into(),
            ))
        }
    };
    t.access_token = fresh.access_token;
    t.expires_at = format_utc(now_epoch() + fresh.expires_in);
    if let Some(r) = fresh.refresh_token {
        t.refresh_token = Some(r);
    }
    cache::write_locked(&path, &t)?;
    Ok(t.access_token)
}

/// Role credentials of an SSO profile.
pub(crate) fn credentials(
    ctx: &Context<'_>,
    profile: &str,
    target: &Target,
    account_id: &str,
    role_name: &str,
) -> Result<Resolved> {
    let token = token(ctx, target, profile)?;
    let client = portal::client(ctx, profile, &target.region)?;
    let mut r = portal::role_credentials(
        ctx,
        &client,
        &token,
        account_id,
        role_name,
        &target.login_command(),
    )?;
    r.profile_name = Some(profile.to_string());
    Ok(r)
}
