//! Sign-in operations: console login (start, poll, cancel, logout) and IAM Identity Center
//! (configure, login start, poll, cancel, logout, accounts). The work is in `crate::login` and
//! `crate::sso`.

use std::time::Duration;

use super::types::*;
use crate::env::Env;
use crate::error::Result;
use crate::login::flow::{self, LoginOptions, LoginReport};
use crate::sso::{
    self,
    configure::{self, Configuration},
    flow::{SsoLoginOptions, SsoReport},
};

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

impl From<SsoReport> for LoginResponse {
    fn from(r: SsoReport) -> Self {
        LoginResponse {
            handle: r.handle,
            done: r.done,
            status: r.status,
            message: r.message,
            profile_name: r.profile_name.unwrap_or_default(),
            session_name: r.session_name,
            region: r.region,
            authorize_url: r.authorize_url,
            redirect_uri: r.redirect_uri,
            user_code: r.user_code,
            deadline: r.deadline,
            expires_at: r.expires_at,
            cache_file: r.cache_file,
            ..Default::default()
        }
    }
}

fn sso_options(req: SsoLoginRequest) -> SsoLoginOptions {
    SsoLoginOptions {
        profile_name: req.profile_name,
        session_name: req.session_name,
        profile_location: req.profile_location,
        use_device_code: req.use_device_code,
        force: req.force,
        timeout: req.timeout_ms.map(Duration::from_millis),
        dry_run: req.dry_run,
    }
}

/// Writes an IAM Identity Center profile and its sso-session.
pub fn sso_configure(env: &Env, req: SsoConfigureRequest) -> Result<SsoConfigureResponse> {
    let done = configure::write(
        env,
        req.profile_location.as_deref(),
        &Configuration {
            profile_name: req.profile_name,
            session_name: req.session_name,
            start_url: req.start_url,
            sso_region: req.sso_region,
            scopes: req.registration_scopes,
            account_id: req.account_id,
            role_name: req.role_name,
            region: req.region,
            session_only: req.session_only,
        },
        req.dry_run,
    )?;
    Ok(SsoConfigureResponse {
        message: format!(
            "{} profile '{}' with sso-session '{}'",
            if req.dry_run { "would write" } else { "wrote" },
            done.profile_name,
            done.session_name
        ),
        profile_name: done.profile_name,
        session_name: done.session_name,
        files_written: done
            .files_written
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        dry_run: req.dry_run,
    })
}

/// Starts an IAM Identity Center sign-in (or answers AlreadyLoggedIn).
pub fn sso_login_start(env: &Env, req: SsoLoginRequest) -> Result<LoginResponse> {
    Ok(sso::flow::start(env, sso_options(req))?.into())
}

/// Advances an IAM Identity Center sign-in by up to about a second.
pub fn sso_login_poll(_env: &Env, req: LoginPollRequest) -> Result<LoginResponse> {
    Ok(sso::flow::poll(req.handle)?.into())
}

/// Abandons an IAM Identity Center sign-in.
pub fn sso_login_cancel(_env: &Env, req: LoginPollRequest) -> Result<LoginResponse> {
    Ok(sso::flow::cancel(req.handle)?.into())
}

/// Ends IAM Identity Center sessions: one (profile or session) or, named by neither, every one.
pub fn sso_logout(env: &Env, req: SsoLoginRequest) -> Result<LogoutResponse> {
    let out = sso::flow::logout(
        env,
        req.profile_name.as_deref(),
        req.session_name.as_deref(),
        req.profile_location.as_deref(),
        req.dry_run,
    )?;
    let n = out.removed.len();
    Ok(LogoutResponse {
        files_removed: out
            .removed
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        sessions_ended: out.sessions_ended,
        dry_run: req.dry_run,
        message: if req.dry_run {
            format!("would remove {n} cached file(s)")
        } else {
            let mut m = format!(
                "ended {} session(s) and removed {n} cached file(s)",
                out.sessions_ended
            );
            for note in &out.notes {
                m.push_str("; ");
                m.push_str(note);
            }
            m
        },
    })
}

/// The accounts and roles of the signed-in user.
pub fn sso_accounts(env: &Env, req: SsoLoginRequest) -> Result<SsoAccountsResponse> {
    let accounts = sso::flow::accounts(env, &sso_options(req))?;
    Ok(SsoAccountsResponse {
        accounts: accounts
            .into_iter()
            .map(|a| SsoAccount {
                account_id: a.account_id,
                account_name: a.account_name,
                email_address: a.email_address,
                roles: a.roles,
            })
            .collect(),
    })
}
