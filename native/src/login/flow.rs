//! `awscred login` / Invoke-AWSLogin as start, poll and cancel calls: a fresh P-256 key, PKCE,
//! a random state, the authorize URL, then either the loopback redirect (same device) or a pasted
//! code (cross device), the token exchange, the cache file and `login_session` in the profile.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use p256::SecretKey;
use serde::Serialize;

use super::cache::{self, AccessToken, LoginToken};
use super::exchange::{self, Grant};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::oauth::loopback::{Callback, Loopback};
use crate::oauth::pkce::Pkce;
use crate::oauth::{query_escape, uuid4};
use crate::profile::{self, validate};
use crate::resolve::time::format_utc;
use crate::resolve::Context;
use crate::session::Registry;

/// The longest a login waits for the browser unless told otherwise (the AWS CLI's 10 minutes).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// How long one poll waits for the browser.
const POLL_SLICE: Duration = Duration::from_millis(800);

/// What a login is asked to do.
#[derive(Debug, Clone, Default)]
pub struct LoginOptions {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub region: Option<String>,
    pub remote: bool,
    pub redirect_port: Option<u16>,
    pub timeout: Option<Duration>,
    /// Switch a profile signed in as another identity without asking.
    pub force: bool,
    pub dry_run: bool,
}

/// Where a login stands; `done` with `status` LoggedIn, Cancelled or DryRun when it is over.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LoginReport {
    /// WaitingForBrowser, WaitingForCode, ConfirmIdentityChange, LoggedIn, Cancelled or DryRun.
    pub status: String,
    pub done: bool,
    /// Pass to poll and cancel while not done.
    pub handle: u64,
    pub profile_name: String,
    pub region: String,
    /// The page to open (same device) or to visit on another device (cross device).
    pub authorize_url: String,
    pub redirect_uri: String,
    /// When the wait gives up (RFC 3339 UTC).
    pub deadline: String,
    pub login_session: Option<String>,
    /// The identity the profile was signed in as, when the new one differs.
    pub previous_login_session: Option<String>,
    pub account_id: Option<String>,
    /// When the session credentials expire (they refresh for up to 12 hours).
    pub expires_at: Option<String>,
    pub cache_file: Option<String>,
    pub files_written: Vec<String>,
    pub message: String,
}

/// The keys of profiles of another kind: a login refuses them, as the AWS CLI does.
const OTHER_KINDS: &[&str] = &[
    "aws_access_key_id",
    "role_arn",
    "credential_process",
    "web_identity_token_file",
    "sso_role_name",
    "sso_account_id",
    "sso_session",
];

/// A login waiting for its browser or code.
struct Pending {
    env: Env,
    profile: String,
    location: Option<String>,
    region: String,
    write_region: bool,
    base: String,
    client_id: &'static str,
    key: SecretKey,
    pkce: Pkce,
    state: String,
    redirect_uri: String,
    listener: Option<Loopback>,
    deadline: Instant,
    force: bool,
    /// Tokens received for an identity change the user has still to confirm.
    received: Option<(LoginToken, String)>,
    report: LoginReport,
}

static LOGINS: Registry<Pending> = Registry::new("login");

/// Checks the profile and region, makes the key, PKCE pair and state, opens the loopback listener
/// (same device) and returns the authorize URL with a handle to poll.
pub fn start(env: &Env, opts: LoginOptions) -> Result<LoginReport> {
    let profile = crate::resolve::profile_name(env, opts.profile_name.as_deref())?;
    if let Some(loc) = &opts.profile_location {
        validate::value("ProfileLocation", loc, false)?;
    }
    if let Some(r) = &opts.region {
        validate::region("Region", r)?;
    }
    let ctx = Context::new(env, opts.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    let section = parsed.profile(&profile);
    if let Some(s) = &section {
        if let Some(k) = OTHER_KINDS.iter().find(|k| s.get(k).is_some()) {
            return Err(Error::ProfileConfig(format!(
                "profile '{profile}' already holds {k}, so it is not a console-login profile; sign in to a new profile name, or remove {k} first"
            )));
        }
    }
    let configured = section
        .as_ref()
        .and_then(|s| s.get("region"))
        .map(str::to_string);
    let region = opts
        .region
        .clone()
        .or_else(|| configured.clone())
        .or_else(|| env.get_non_blank("AWS_REGION"))
        .or_else(|| env.get_non_blank("AWS_DEFAULT_REGION"))
        .ok_or_else(|| {
            Error::NoRegion(format!(
                "profile '{profile}' has no region and none was given; give one (--region, -Region): the login writes it into the profile"
            ))
        })?;
    let write_region = configured.as_deref() != Some(region.as_str());
    let base = exchange::base_url(&ctx, &profile, &region)?;
    let timeout = opts.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let mut report = LoginReport {
        profile_name: profile.clone(),
        region: region.clone(),
        ..Default::default()
    };
    if opts.dry_run {
        report.status = "DryRun".into();
        report.done = true;
        report.message = format!(
            "would open {base}/v1/authorize, write the login cache under {} and login_session{} into profile '{profile}'",
            cache::dir(env).display(),
            if write_region { " and region" } else { "" }
        );
        return Ok(report);
    }
    let (client_id, listener, redirect_uri) = if opts.remote {
        let uri = format!("{base}/v1/sessions/confirmation");
        (super::CROSS_DEVICE_CLIENT, None, uri)
    } else {
        let l = Loopback::bind(opts.redirect_port.unwrap_or(0))?;
        let uri = l.redirect_uri();
        (super::SAME_DEVICE_CLIENT, Some(l), uri)
    };
    let pkce = Pkce::new();
    let state = uuid4();
    let url = format!(
        "{base}/v1/authorize?response_type=code&client_id={}&state={}&code_challenge_method=SHA-256&scope=openid&redirect_uri={}&code_challenge={}",
        query_escape(client_id),
        query_escape(&state),
        query_escape(&redirect_uri),
        pkce.challenge
    );
    let deadline = Instant::now() + timeout;
    report.status = if opts.remote {
        "WaitingForCode"
    } else {
        "WaitingForBrowser"
    }
    .into();
    report.authorize_url = url;
    report.redirect_uri = redirect_uri.clone();
    report.deadline = format_utc(crate::resolve::time::now_epoch() + timeout.as_secs() as i64);
    report.message = if opts.remote {
        "open the URL on a device with a browser, sign in, and paste the code it shows".into()
    } else {
        "sign in in the browser; if it did not open, open the URL yourself".into()
    };
    let pending = Pending {
        env: env.clone(),
        profile,
        location: opts.profile_location,
        region,
        write_region,
        base,
        client_id,
        key: super::dpop::new_key(),
        pkce,
        state,
        redirect_uri,
        listener,
        deadline,
        force: opts.force,
        received: None,
        report,
    };
    let mut report = pending.report.clone();
    report.handle = LOGINS.insert(pending);
    Ok(report)
}

/// Advances login `handle`: waits up to about a second for the browser, or takes the pasted
/// `code` (cross device), or, with `confirm`, accepts an identity change it reported.
pub fn poll(handle: u64, code: Option<&str>, confirm: bool) -> Result<LoginReport> {
    let mut p = LOGINS.take(handle)?;
    if let Some((token, session)) = p.received.take() {
        if !confirm {
            p.received = Some((token, session));
            return Ok(keep(handle, p));
        }
        return finish(p, token, session);
    }
    let callback = match code {
        Some(pasted) => Some(decode_pasted(pasted)?),
        None => p.listener.as_ref().and_then(|l| l.poll(POLL_SLICE)),
    };
    let Some(callback) = callback else {
        if Instant::now() >= p.deadline {
            return Err(Error::LoginTimeout(format!(
                "no sign-in came back before the deadline ({}); the browser tab may have been closed. Run the login again (a longer --timeout / -ExecutionTimeout gives more time)",
                p.report.deadline
            )));
        }
        if code.is_none() && p.listener.is_none() {
            std::thread::sleep(POLL_SLICE);
        }
        return Ok(keep(handle, p));
    };
    let (code, state) = match callback {
        Callback::Code { code, state } => (code, state),
        Callback::Denied { error, .. } => {
            return Err(Error::AccessDenied(format!(
                "the sign-in page returned {error}: the login was refused or abandoned; nothing was written"
            )))
        }
    };
    if state != p.state {
        return Err(Error::LoginStateMismatch(
            "the sign-in came back with a state value that this login did not send (a stale tab or a forged redirect); nothing was written. Run the login again".into(),
        ));
    }
    let ctx = Context::new(&p.env, p.location.as_deref())?;
    let tokens = exchange::create_token(
        &ctx,
        &p.profile,
        &p.region,
        &p.base,
        p.client_id,
        Grant::Code {
            code: &code,
            verifier: &p.pkce.verifier,
            redirect_uri: &p.redirect_uri,
        },
        &p.key,
    )?;
    let session = tokens
        .id_token
        .as_deref()
        .and_then(subject)
        .ok_or_else(|| Error::AwsService {
            service: "Sign-In",
            operation: "CreateOAuth2Token",
            code: "MalformedResponse".into(),
            message: "the answer has no idToken with a sub claim (the login session)".into(),
        })?;
    let account = super::account_of(&session).unwrap_or_default();
    let mut token = LoginToken {
        access_token: AccessToken {
            access_key_id: tokens.access_key_id,
            secret_access_key: tokens.secret_access_key,
            session_token: tokens.session_token,
            account_id: account,
            expires_at: String::new(),
            extra: Default::default(),
        },
        token_type: tokens.token_type,
        client_id: p.client_id.to_string(),
        refresh_token: tokens.refresh_token,
        id_token: tokens.id_token,
        dpop_key: super::dpop::to_pem(&p.key)?,
        extra: Default::default(),
    };
    token.set_expiry_in(tokens.expires_in);
    let previous = ctx
        .texts
        .parse()?
        .profile(&p.profile)
        .and_then(|s| s.get("login_session").map(str::to_string));
    if let Some(old) = previous.filter(|old| *old != session && !p.force && !confirm) {
        p.report.status = "ConfirmIdentityChange".into();
        p.report.previous_login_session = Some(old.clone());
        p.report.login_session = Some(session.clone());
        p.report.message = format!(
            "profile '{}' is signed in as {old}; this login is {session}. Confirm to switch the profile (--force, -Force)",
            p.profile
        );
        p.received = Some((token, session));
        return Ok(keep(handle, p));
    }
    finish(p, token, session)
}

/// Drops login `handle`: nothing was written, the listener closes.
pub fn cancel(handle: u64) -> Result<LoginReport> {
    let p = LOGINS.take(handle)?;
    let mut report = p.report;
    report.status = "Cancelled".into();
    report.done = true;
    report.handle = 0;
    report.message = "login cancelled; nothing was written".into();
    Ok(report)
}

fn keep(handle: u64, p: Pending) -> LoginReport {
    let mut report = p.report.clone();
    report.handle = handle;
    LOGINS.put_back(handle, p);
    report
}

/// Writes the cache file, then `login_session` (and region) into the profile.
fn finish(p: Pending, token: LoginToken, session: String) -> Result<LoginReport> {
    let path = cache::file(&p.env, &session);
    {
        let _lock = cache::lock(&path, &p.env)?;
        cache::write_locked(&path, &token)?;
    }
    let ctx = Context::new(&p.env, p.location.as_deref())?;
    let mut changes = vec![("login_session".to_string(), Some(session.clone()))];
    if p.write_region {
        changes.push(("region".to_string(), Some(p.region.clone())));
    }
    let written = profile::edit_profile(&ctx.files, &p.env, &p.profile, &changes)?;
    let mut report = p.report;
    report.status = "LoggedIn".into();
    report.done = true;
    report.handle = 0;
    report.account_id = Some(token.access_token.account_id.clone());
    report.expires_at = Some(token.access_token.expires_at.clone());
    report.login_session = Some(session.clone());
    report.cache_file = Some(path.display().to_string());
    report.files_written = written.iter().map(|w| w.display().to_string()).collect();
    report.message = format!(
        "profile '{}' is signed in as {session}; its credentials refresh automatically for up to 12 hours",
        report.profile_name
    );
    Ok(report)
}

/// The cross-device code: base64 of a query string with `code` and `state`.
fn decode_pasted(pasted: &str) -> Result<Callback> {
    let bad = || {
        Error::InvalidInput(
            "the pasted text is not a sign-in code (it should be the base64 text the confirmation page shows)".into(),
        )
    };
    let bytes = base64_simd::STANDARD
        .decode_to_vec(pasted.trim())
        .or_else(|_| base64_simd::URL_SAFE.decode_to_vec(pasted.trim()))
        .map_err(|_| bad())?;
    let query = String::from_utf8(bytes).map_err(|_| bad())?;
    crate::oauth::loopback::parse(&query).ok_or_else(bad)
}

/// The `sub` claim of a JWT (the login session ARN). The token's signature is Sign-In's to check;
/// we only read who signed in.
fn subject(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = crate::oauth::b64url_decode(payload)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("sub")?.as_str().map(str::to_string)
}

/// Deletes the cached login of profile `name` (or, with `all`, every cached login). The profile
/// keeps its `login_session`, as the AWS CLI leaves it; resolution then says LoginRequired.
pub fn logout(
    env: &Env,
    name: Option<&str>,
    location: Option<&str>,
    all: bool,
    dry_run: bool,
) -> Result<Vec<PathBuf>> {
    let targets: Vec<PathBuf> = if all {
        match std::fs::read_dir(cache::dir(env)) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "json")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io("cannot list", &cache::dir(env), e)),
        }
    } else {
        let profile = crate::resolve::profile_name(env, name)?;
        let ctx = Context::new(env, location)?;
        let parsed = ctx.texts.parse()?;
        let section = parsed
            .profile(&profile)
            .ok_or_else(|| Error::ProfileNotFound {
                name: profile.clone(),
                searched: ctx.files.describe(),
            })?;
        let session = section.get("login_session").ok_or_else(|| {
            Error::ProfileConfig(format!(
                "profile '{profile}' has no login_session: it is not a console-login profile"
            ))
        })?;
        vec![cache::file(env, session)]
    };
    let mut removed = Vec::new();
    for path in targets {
        if dry_run {
            if path.exists() {
                removed.push(path);
            }
            continue;
        }
        let _lock = cache::lock(&path, env)?;
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("cannot remove", &path, e)),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_codes_and_subjects() {
        let pasted = base64_simd::STANDARD.encode_to_string(b"code=abc&state=s-1");
        assert_eq!(
            decode_pasted(&format!(" {pasted}\n")).unwrap(),
            Callback::Code {
                code: "abc".into(),
                state: "s-1".into()
            }
        );
        assert!(decode_pasted("%%%").is_err());
        let jwt = format!(
            "e30.{}.sig",
            crate::oauth::b64url(br#"{"sub":"arn:aws:iam::123456789012:user/Admin"}"#)
        );
        assert_eq!(
            subject(&jwt).as_deref(),
            Some("arn:aws:iam::123456789012:user/Admin")
        );
        assert_eq!(subject("x"), None);
    }
}
