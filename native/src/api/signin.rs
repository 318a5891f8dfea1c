//! Sign-in operations: console login (start, poll, cancel) and logout. The work is in
//! `crate::login`.

use std::time::Duration;

use super::types::*;
use crate::env::Env;
use crate::error::Result;
use crate::login::flow::{self, LoginOptions, LoginReport};

impl From<LoginReport> for LoginResponse {
    fn from(r: LoginReport) -> Self {
        LoginResponse {
            handle: r.handle,
            done: r.done,
            status: r.status,
            message: r.message,
            profile_name: r.profile_name,
            session_name: None,
            region: r.region,
            authorize_url: r.authorize_url,
            redirect_uri: r.redirect_uri,
            user_code: None,
            deadline: r.deadline,
            login_session: r.login_session,
            previous_login_session: r.previous_login_session,
            account_id: r.account_id,
            expires_at: r.expires_at,
            cache_file: r.cache_file,
            files_written: r.files_written,
        }
    }
}

/// Starts a console sign-in: returns the authorize URL and a handle to poll.
pub fn login_start(env: &Env, req: LoginRequest) -> Result<LoginResponse> {
    let report = flow::start(
        env,
        LoginOptions {
            profile_name: req.profile_name,
            profile_location: req.profile_location,
            region: req.region,
            remote: req.remote,
            redirect_port: req.redirect_port,
            timeout: req.timeout_ms.map(Duration::from_millis),
            force: req.force,
            dry_run: req.dry_run,
        },
    )?;
    Ok(report.into())
}

/// Waits up to about a second for the sign-in (or takes the pasted code, or a confirmation).
pub fn login_poll(_env: &Env, req: LoginPollRequest) -> Result<LoginResponse> {
    Ok(flow::poll(req.handle, req.code.as_deref(), req.confirm)?.into())
}

/// Abandons a sign-in; nothing is written.
pub fn login_cancel(_env: &Env, req: LoginPollRequest) -> Result<LoginResponse> {
    Ok(flow::cancel(req.handle)?.into())
}

/// Deletes the cached console login of a profile (every one with All); the profile is kept.
pub fn logout(env: &Env, req: LogoutRequest) -> Result<LogoutResponse> {
    let removed = flow::logout(
        env,
        req.profile_name.as_deref(),
        req.profile_location.as_deref(),
        req.all,
        req.dry_run,
    )?;
    let n = removed.len();
    Ok(LogoutResponse {
        files_removed: removed.iter().map(|p| p.display().to_string()).collect(),
        sessions_ended: n as u32,
        dry_run: req.dry_run,
        message: match (n, req.dry_run) {
            (0, _) => "no cached console login to remove".into(),
            (_, true) => format!("would remove {n} cached console login(s)"),
            _ => format!("removed {n} cached console login(s); sign in again to use them"),
        },
    })
}
