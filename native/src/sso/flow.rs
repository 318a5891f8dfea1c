//! `awscred sso-login` / Invoke-AWSSSOLogin as start, poll and cancel calls: a client
//! registration (cached as the AWS CLI caches it), then the authorization-code flow with PKCE and
//! a loopback redirect, or the device-code flow; the token goes to the shared cache. Also logout.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::cache::{self, Registration, SsoToken};
use super::oidc::{self, Device, Grant, Registered, Wait, DEVICE_GRANT};
use super::{portal, Target};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::oauth::loopback::{Callback, Loopback};
use crate::oauth::pkce::Pkce;
use crate::oauth::{query_escape, uuid4};
use crate::resolve::time::{format_utc, now_epoch};
use crate::resolve::Context;
use crate::session::Registry;

/// How long one poll waits.
const POLL_SLICE: Duration = Duration::from_millis(800);
/// The longest the code flow waits for the browser unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// The token must have at least this long left to count as "already logged in".
const VALID_MARGIN: i64 = 15 * 60;

/// What an SSO login is asked to do.
#[derive(Debug, Clone, Default)]
pub struct SsoLoginOptions {
    pub profile_name: Option<String>,
    pub session_name: Option<String>,
    pub profile_location: Option<String>,
    pub use_device_code: bool,
    pub force: bool,
    pub timeout: Option<Duration>,
    pub dry_run: bool,
}

/// Where an SSO login stands.
#[derive(Debug, Clone, Default)]
pub struct SsoReport {
    /// WaitingForBrowser, WaitingForDevice, LoggedIn, AlreadyLoggedIn, Cancelled or DryRun.
    pub status: String,
    pub done: bool,
    pub handle: u64,
    pub profile_name: Option<String>,
    pub session_name: Option<String>,
    pub region: String,
    pub authorize_url: String,
    pub redirect_uri: String,
    pub user_code: Option<String>,
    pub deadline: String,
    pub expires_at: Option<String>,
    pub cache_file: Option<String>,
    pub message: String,
}

enum Mode {
    Code {
        listener: Loopback,
        pkce: Pkce,
        state: String,
        redirect_uri: String,
    },
    Device {
        device: Device,
        interval: Duration,
        next_poll: Instant,
    },
}

struct Pending {
    env: Env,
    location: Option<String>,
    target: Target,
    profile: String,
    reg: Registered,
    mode: Mode,
    deadline: Instant,
    report: SsoReport,
}

static SSO_LOGINS: Registry<Pending> = Registry::new("SSO login");

/// The target of the options: the session named, else the profile's.
fn target_of(ctx: &Context<'_>, env: &Env, opts: &SsoLoginOptions) -> Result<(Target, String)> {
    let parsed = ctx.texts.parse()?;
    if let Some(s) = &opts.session_name {
        crate::profile::validate::profile_name("SessionName", s)?;
        let profile = opts
            .profile_name
            .clone()
            .unwrap_or_else(|| crate::resolve::default_profile_name(env).0);
        return Ok((Target::of_session(&parsed, s)?, profile));
    }
    let profile = crate::resolve::profile_name(env, opts.profile_name.as_deref())?;
    if parsed.profile(&profile).is_none() {
        return Err(Error::ProfileNotFound {
            name: profile,
            searched: ctx.files.describe(),
        });
    }
    Ok((Target::of_profile(&parsed, &profile)?, profile))
}

/// Starts the login: "already logged in" without `force` when a valid token exists; else
/// registers (or reuses the cached registration) and returns the page to open.
pub fn start(env: &Env, opts: SsoLoginOptions) -> Result<SsoReport> {
    let ctx = Context::new(env, opts.profile_location.as_deref())?;
    let (target, profile) = target_of(&ctx, env, &opts)?;
    let token_path = cache::token_file(env, target.cache_id());
    let mut report = SsoReport {
        profile_name: target.profile.clone(),
        session_name: target.session.clone(),
        region: target.region.clone(),
        cache_file: Some(token_path.display().to_string()),
        ..Default::default()
    };
    if !opts.force {
        if let Ok(Some(t)) = cache::read_token(&token_path) {
            if t.fresh_for(VALID_MARGIN) {
                report.status = "AlreadyLoggedIn".into();
                report.done = true;
                report.expires_at = Some(t.expires_at);
                report.message = "already signed in; give Force (--force) to sign in again".into();
                return Ok(report);
            }
        }
    }
    if opts.dry_run {
        report.status = "DryRun".into();
        report.done = true;
        report.message = format!(
            "would sign in to {} and write {}",
            target.start_url,
            token_path.display()
        );
        return Ok(report);
    }
    let (client, base) = oidc::client(&ctx, &profile, &target.region)?;
    let mut scopes = target.scopes.clone();
    if scopes.is_empty() && target.session.is_some() {
        scopes.push(super::DEFAULT_SCOPE.to_string());
    }
    let grant = if opts.use_device_code {
        DEVICE_GRANT
    } else {
        "authorization_code"
    };
    let listener = if opts.use_device_code {
        None
    } else {
        Some(Loopback::bind(0)?)
    };
    let reg = registration(&ctx, &client, &target, &scopes, grant)?;
    let timeout = opts.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let (mode, deadline) = match listener {
        Some(listener) => {
            let pkce = Pkce::new();
            let state = uuid4();
            let redirect_uri = listener.redirect_uri();
            report.authorize_url = format!(
                "{base}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
                query_escape(&reg.client_id),
                query_escape(&redirect_uri),
                query_escape(&state),
                query_escape(&scopes.join(" ")),
                pkce.challenge
            );
            report.redirect_uri = redirect_uri.clone();
            report.status = "WaitingForBrowser".into();
            report.message =
                "sign in in the browser; if it did not open, open the URL yourself".into();
            (
                Mode::Code {
                    listener,
                    pkce,
                    state,
                    redirect_uri,
                },
                Instant::now() + timeout,
            )
        }
        None => {
            let device = oidc::start_device(&ctx, &client, &reg, &target.start_url)?;
            report.authorize_url = device.verification_uri_complete.clone();
            report.user_code = Some(device.user_code.clone());
            report.status = "WaitingForDevice".into();
            report.message = format!(
                "open {} and confirm the code {}",
                device.verification_uri, device.user_code
            );
            let interval = Duration::from_secs(device.interval as u64);
            let until = Instant::now() + Duration::from_secs(device.expires_in.max(1) as u64);
            (
                Mode::Device {
                    device,
                    interval,
                    next_poll: Instant::now() + interval,
                },
                until.min(Instant::now() + timeout),
            )
        }
    };
    report.deadline = format_utc(now_epoch() + (deadline - Instant::now()).as_secs() as i64);
    let pending = Pending {
        env: env.clone(),
        location: opts.profile_location,
        target,
        profile,
        reg,
        mode,
        deadline,
        report,
    };
    let mut report = pending.report.clone();
    report.handle = SSO_LOGINS.insert(pending);
    Ok(report)
}

/// The cached registration when it serves this flow, else a new one (cached).
fn registration(
    ctx: &Context<'_>,
    client: &aws_sdk_ssooidc::Client,
    target: &Target,
    scopes: &[String],
    grant: &str,
) -> Result<Registered> {
    let path = cache::registration_file(
        ctx.env,
        &target.start_url,
        &target.region,
        scopes,
        target.session.as_deref(),
    );
    if let Ok(Some(r)) = cache::read::<Registration>(&path) {
        if r.usable_for(grant, scopes) {
            return Ok(Registered {
                client_id: r.client_id,
                client_secret: r.client_secret,
                expires_at: crate::resolve::time::parse_utc(&r.expires_at).unwrap_or_default(),
            });
        }
    }
    let name = match &target.session {
        Some(s) => format!("botocore-client-{s}"),
        None => format!("botocore-client-{}", now_epoch()),
    };
    let grants: Vec<&str> = if grant == DEVICE_GRANT {
        if target.session.is_some() {
            vec![DEVICE_GRANT, "refresh_token"]
        } else {
            Vec::new()
        }
    } else {
        vec!["authorization_code", "refresh_token"]
    };
    let (redirect, issuer) = if grant == DEVICE_GRANT {
        (None, None)
    } else {
        (
            Some("http://127.0.0.1/oauth/callback"),
            Some(target.start_url.as_str()),
        )
    };
    let reg = oidc::register(ctx, client, &name, scopes, &grants, redirect, issuer)?;
    let record = Registration {
        client_id: reg.client_id.clone(),
        client_secret: reg.client_secret.clone(),
        expires_at: format_utc(reg.expires_at),
        scopes: scopes.to_vec(),
        grant_types: grants.iter().map(|g| g.to_string()).collect(),
        extra: Default::default(),
    };
    let _lock = cache::lock(&path, ctx.env)?;
    cache::write_locked(&path, &record)?;
    Ok(reg)
}

/// Advances SSO login `handle` by up to about a second.
pub fn poll(handle: u64) -> Result<SsoReport> {
    let mut p = SSO_LOGINS.take(handle)?;
    if Instant::now() >= p.deadline {
        return Err(Error::LoginTimeout(format!(
            "the IAM Identity Center sign-in did not complete before {}; run `{}` again",
            p.report.deadline,
            p.target.login_command()
        )));
    }
    let ctx = Context::new(&p.env, p.location.as_deref())?;
    let (client, _) = oidc::client(&ctx, &p.profile, &p.target.region)?;
    let command = p.target.login_command();
    let token = match &mut p.mode {
        Mode::Code {
            listener,
            pkce,
            state,
            redirect_uri,
        } => {
            let Some(cb) = listener.poll(POLL_SLICE) else {
                return Ok(keep(handle, p));
            };
            let (code, got_state) = match cb {
                Callback::Code { code, state } => (code, state),
                Callback::Denied { error, .. } => {
                    return Err(Error::AccessDenied(format!(
                        "the sign-in page returned {error}: the login was refused or abandoned; nothing was written"
                    )))
                }
            };
            if got_state != *state {
                return Err(Error::LoginStateMismatch(
                    "the sign-in came back with a state value that this login did not send; nothing was written. Run the login again".into(),
                ));
            }
            match oidc::create_token(
                &ctx,
                &client,
                &p.reg,
                Grant::Code {
                    code: &code,
                    verifier: &pkce.verifier,
                    redirect_uri,
                },
                &command,
            )? {
                Ok(t) => t,
                Err(_) => return Ok(keep(handle, p)),
            }
        }
        Mode::Device {
            device,
            interval,
            next_poll,
        } => {
            let now = Instant::now();
            if now < *next_poll {
                std::thread::sleep((*next_poll - now).min(POLL_SLICE));
                return Ok(keep(handle, p));
            }
            let result = oidc::create_token(
                &ctx,
                &client,
                &p.reg,
                Grant::Device {
                    device_code: &device.device_code,
                },
                &command,
            )?;
            match result {
                Ok(t) => t,
                Err(wait) => {
                    if let Wait::SlowDown = wait {
                        *interval += Duration::from_secs(5);
                    }
                    *next_poll = Instant::now() + *interval;
                    return Ok(keep(handle, p));
                }
            }
        }
    };
    let path = cache::token_file(&p.env, p.target.cache_id());
    let record = SsoToken {
        start_url: Some(p.target.start_url.clone()),
        region: Some(p.target.region.clone()),
        access_token: token.access_token,
        expires_at: format_utc(now_epoch() + token.expires_in),
        client_id: Some(p.reg.client_id.clone()),
        client_secret: Some(p.reg.client_secret.clone()),
        registration_expires_at: Some(format_utc(p.reg.expires_at)),
        refresh_token: token.refresh_token,
        extra: Default::default(),
    };
    {
        let _lock = cache::lock(&path, &p.env)?;
        cache::write_locked(&path, &record)?;
    }
    let mut report = p.report;
    report.status = "LoggedIn".into();
    report.done = true;
    report.handle = 0;
    report.expires_at = Some(record.expires_at);
    report.message = format!("signed in to {}", p.target.start_url);
    Ok(report)
}

/// Abandons SSO login `handle`; nothing is written (a registration may stay cached).
pub fn cancel(handle: u64) -> Result<SsoReport> {
    let p = SSO_LOGINS.take(handle)?;
    let mut report = p.report;
    report.status = "Cancelled".into();
    report.done = true;
    report.handle = 0;
    report.message = "sign-in cancelled; no token was written".into();
    Ok(report)
}

fn keep(handle: u64, p: Pending) -> SsoReport {
    let mut report = p.report.clone();
    report.handle = handle;
    SSO_LOGINS.put_back(handle, p);
    report
}

/// What a logout removed.
#[derive(Debug, Default)]
pub struct LoggedOut {
    pub removed: Vec<PathBuf>,
    pub sessions_ended: u32,
    /// What did not go as planned (a portal that could not be reached).
    pub notes: Vec<String>,
}

/// Without a name, as `aws sso logout`: the portal's Logout for every cached token, then every
/// token file and every SSO credential the AWS CLI cached. With a profile or session: that token
/// only, and the CLI's cached credentials of that session. Registrations stay (they hold no grant).
pub fn logout(
    env: &Env,
    profile: Option<&str>,
    session: Option<&str>,
    location: Option<&str>,
    dry_run: bool,
) -> Result<LoggedOut> {
    let ctx = Context::new(env, location)?;
    let one = if profile.is_some() || session.is_some() {
        let opts = SsoLoginOptions {
            profile_name: profile.map(str::to_string),
            session_name: session.map(str::to_string),
            ..Default::default()
        };
        Some(target_of(&ctx, env, &opts)?)
    } else {
        None
    };
    let mut tokens: Vec<PathBuf> = Vec::new();
    match &one {
        Some((t, _)) => tokens.push(cache::token_file(env, t.cache_id())),
        None => {
            if let Ok(entries) = std::fs::read_dir(cache::dir(env)) {
                for e in entries.flatten() {
                    let p = e.path();
                    let hidden = p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                    if !hidden && p.extension().is_some_and(|x| x == "json") {
                        // Only token files: registrations have no accessToken.
                        if let Ok(Some(_)) = cache::read_token(&p) {
                            tokens.push(p);
                        }
                    }
                }
            }
        }
    }
    let mut out = LoggedOut::default();
    let default_profile = crate::resolve::default_profile_name(env).0;
    for path in tokens {
        let Ok(Some(t)) = cache::read_token(&path) else {
            continue;
        };
        if dry_run {
            out.removed.push(path);
            continue;
        }
        let region = t
            .region
            .clone()
            .or_else(|| one.as_ref().map(|(t, _)| t.region.clone()))
            .unwrap_or_else(|| "us-east-1".into());
        let via = one
            .as_ref()
            .map(|(_, p)| p.as_str())
            .unwrap_or(&default_profile);
        if t.fresh_for(0) {
            // Best effort, as `aws sso logout`: a portal that cannot be reached still leaves the
            // token removed here (it expires on its own there).
            let ended = portal::client(&ctx, via, &region)
                .and_then(|client| portal::logout(&ctx, &client, &t.access_token));
            match ended {
                Ok(()) => out.sessions_ended += 1,
                Err(e) => out.notes.push(format!(
                    "the portal's Logout for {} failed ({e}); the token was removed here and expires at {}",
                    path.display(),
                    t.expires_at
                )),
            }
        }
        let _lock = cache::lock(&path, env)?;
        match std::fs::remove_file(&path) {
            Ok(()) => out.removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("cannot remove", &path, e)),
        }
    }
    out.removed.extend(remove_cli_credentials(
        &ctx,
        one.as_ref().map(|(t, _)| t),
        dry_run,
    )?);
    Ok(out)
}

/// The AWS CLI's cached SSO role credentials (`~/.aws/cli/cache`, `"ProviderType": "sso"`): all of
/// them, or those obtained with `target`'s token (their file names are recomputed from the
/// profiles that use the target: sha1 of `{"accountId","roleName","sessionName"|"startUrl"}`).
fn remove_cli_credentials(
    ctx: &Context<'_>,
    target: Option<&Target>,
    dry_run: bool,
) -> Result<Vec<PathBuf>> {
    let dir = crate::resolve::cache::cache_dir(ctx.env);
    let wanted: Option<Vec<PathBuf>> = match target {
        None => None,
        Some(t) => {
            let parsed = ctx.texts.parse()?;
            let mut files = Vec::new();
            for name in parsed.profile_files().keys() {
                let Some(p) = parsed.profile(name) else {
                    continue;
                };
                let uses = match &t.session {
                    Some(s) => p.get("sso_session") == Some(s.as_str()),
                    None => p.get("sso_start_url") == Some(t.start_url.as_str()),
                };
                if let (true, Some(account), Some(role)) =
                    (uses, p.get("sso_account_id"), p.get("sso_role_name"))
                {
                    let mut key = serde_json::Map::new();
                    key.insert("accountId".into(), account.into());
                    key.insert("roleName".into(), role.into());
                    match &t.session {
                        Some(s) => key.insert("sessionName".into(), s.as_str().into()),
                        None => key.insert("startUrl".into(), t.start_url.as_str().into()),
                    };
                    // serde_json's map is sorted and compact, as `sort_keys=True, separators=(',',':')`.
                    let text = serde_json::Value::Object(key).to_string();
                    files.push(dir.join(format!("{}.json", cache::sha1_hex(&text))));
                }
            }
            Some(files)
        }
    };
    let candidates: Vec<PathBuf> = match wanted {
        Some(files) => files,
        None => match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(_) => return Ok(Vec::new()),
        },
    };
    let mut removed = Vec::new();
    for p in candidates {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if v.get("ProviderType").and_then(|t| t.as_str()) != Some("sso") {
            continue;
        }
        if dry_run {
            removed.push(p);
            continue;
        }
        match std::fs::remove_file(&p) {
            Ok(()) => removed.push(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("cannot remove", &p, e)),
        }
    }
    Ok(removed)
}

/// The accounts and roles the cached token of the options' target may use (for configure).
pub fn accounts(env: &Env, opts: &SsoLoginOptions) -> Result<Vec<portal::Account>> {
    let ctx = Context::new(env, opts.profile_location.as_deref())?;
    let (target, profile) = target_of(&ctx, env, opts)?;
    let token = super::refresh::token(&ctx, &target, &profile)?;
    let client = portal::client(&ctx, &profile, &target.region)?;
    portal::accounts(&ctx, &client, &token, &target.login_command())
}
