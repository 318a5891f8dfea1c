//! Credentials for any profile, as the AWS SDKs resolve them: a plan from the files (`chain`),
//! a base source from aws-config's providers (or the STS web-identity call), then each role
//! assumed through aws-sdk-sts with MFA and the CLI's cache. Without a profile name the default
//! chain runs: environment, AWS_PROFILE / default, web identity, container, instance metadata.

pub mod cache;
pub mod chain;
pub mod deadline;
pub mod default_chain;
pub mod endpoint;
mod process;
pub mod region;
mod sources;
mod sts;
pub mod time;

use std::sync::OnceLock;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::locate::{locate, ProfileFiles};
use crate::profile::normalize::{ParsedFiles, Section};
use crate::profile::FileTexts;
use chain::{Base, Chain, NamedSource, ProfileSource};
use default_chain::Configured;

/// What to resolve.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A profile; `None` runs the default chain.
    pub profile_name: Option<String>,
    /// One credentials-format file instead of the shared files.
    pub profile_location: Option<String>,
    /// The current MFA code, for roles with `mfa_serial`.
    pub token_code: Option<String>,
    /// An explicit region (also the shell default, passed by the front end).
    pub region: Option<String>,
}

/// Credentials and where they came from. Holds secrets.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// Epoch seconds.
    pub expiration: Option<i64>,
    pub account_id: Option<String>,
    /// The profile used, if any.
    pub profile_name: Option<String>,
    /// `Profile`, `Environment`, `AssumeRole`, `WebIdentity`, `Sso`, `Login`, `Process`,
    /// `EcsContainer` or `Ec2InstanceMetadata`.
    pub source: &'static str,
    /// The file holding the profile's keys, for static profiles.
    pub profile_location: Option<String>,
    /// True when the last role came from the CLI cache (no STS call).
    pub from_cache: bool,
}

/// An error and its causes as one line, from each error's own message only. Never the Debug form:
/// SDK errors carry the raw HTTP response there, which can hold credentials.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = c.source();
    }
    text.replace(['\n', '\r'], " ")
}

/// The name of the runtime's worker threads (the C ABI's panic hook counts them as its own).
pub(crate) const RUNTIME_THREAD: &str = "awscred-rt";

/// The one tokio runtime, built on first use (static keys never need it).
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(RUNTIME_THREAD)
            .enable_all()
            .build()
            .expect("the tokio runtime starts")
    })
}

/// The files and their parsed view for one operation.
pub(crate) struct Context<'e> {
    pub env: &'e Env,
    pub files: ProfileFiles,
    pub texts: FileTexts,
    /// Whether the AWS SDK for .NET store is read too (only without a ProfileLocation).
    pub netsdk: bool,
}

impl<'e> Context<'e> {
    pub fn new(env: &'e Env, profile_location: Option<&str>) -> Result<Self> {
        crate::fault::panic_point(env, "resolve");
        let files = locate(env, profile_location);
        let texts = FileTexts::read(&files)?;
        Ok(Context {
            env,
            files,
            texts,
            netsdk: crate::keychain::netsdk::applies(profile_location),
        })
    }
}

/// The parsed files are the planner's source of profiles and sso-sessions.
impl ProfileSource for ParsedFiles<'_> {
    fn profile(&self, name: &str) -> Option<Section> {
        ParsedFiles::profile(self, name)
    }
    fn sso_session(&self, name: &str) -> Option<Section> {
        ParsedFiles::sso_session(self, name)
    }
    fn has_profiles(&self) -> bool {
        ParsedFiles::has_profiles(self)
    }
}

/// The profile name an operation uses: the given one, else AWS_PROFILE, else `default`.
pub(crate) fn profile_name(env: &Env, given: Option<&str>) -> Result<String> {
    let name = match given {
        Some(n) => n.to_string(),
        None => default_profile_name(env).0,
    };
    crate::profile::validate::profile_name("ProfileName", &name)?;
    Ok(name)
}

/// Which profile the default chain uses: AWS_PROFILE, else `default`.
pub fn default_profile_name(env: &Env) -> (String, bool) {
    match env.get_non_blank("AWS_PROFILE") {
        Some(p) => (p, true),
        None => ("default".to_string(), false),
    }
}

/// Resolves credentials for the request.
pub fn resolve(env: &Env, req: &Request) -> Result<Resolved> {
    let ctx = Context::new(env, req.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    resolve_in(&ctx, &parsed, req)
}

/// Resolves with files already read and parsed.
pub(crate) fn resolve_in(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    req: &Request,
) -> Result<Resolved> {
    match &req.profile_name {
        Some(name) => named(ctx, parsed, name, req),
        None => default_chain(ctx, parsed, req),
    }
}

/// Resolves profile `name`: from the files, else (a profile the files do not define) from the AWS
/// SDK for .NET store where that applies.
fn named(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    name: &str,
    req: &Request,
) -> Result<Resolved> {
    if let Some(found) = netsdk_profile(ctx, parsed, name)? {
        return crate::keychain::netsdk::credentials(&found);
    }
    let chain = chain::plan(parsed, name)?;
    run_chain(ctx, parsed, name, &chain, req)
}

/// The .NET SDK store's profile `name`, when the files do not define it and the store applies.
pub(crate) fn netsdk_profile(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    name: &str,
) -> Result<Option<crate::keychain::netsdk::NetSdkProfile>> {
    if !ctx.netsdk || parsed.profile(name).is_some() {
        return Ok(None);
    }
    // A profile the SDK cannot classify ("Other") gives no credentials: the files' error stands.
    Ok(crate::keychain::netsdk::find(ctx.env, name)?
        .map(|(_, p)| p)
        .filter(|p| p.kind() != "Other"))
}

/// The default chain (`default_chain::DEFAULT_CHAIN`), collecting why each source gave nothing.
fn default_chain(ctx: &Context<'_>, parsed: &ParsedFiles<'_>, req: &Request) -> Result<Resolved> {
    let mut tried = Vec::new();
    for source in default_chain::DEFAULT_CHAIN {
        let found = match default_chain::configured(source, ctx, parsed)? {
            Ok(found) => found,
            Err(why) => {
                tried.push(why);
                continue;
            }
        };
        let outcome = match found {
            Configured::Environment => sources::environment(ctx.env)
                .ok_or_else(|| "the keys went away while resolving".to_string()),
            // The .NET SDK store's implicit `default` that cannot be decrypted (another user's or
            // machine's store, or off Windows) is skipped like any source that gives nothing.
            Configured::Profile(name)
                if parsed.profile(&name).is_none() && !default_profile_name(ctx.env).1 =>
            {
                named(ctx, parsed, &name, req)
                    .map_err(|e| format!("'{name}' of the .NET SDK store: {e}"))
            }
            Configured::Profile(name) => return named(ctx, parsed, &name, req),
            Configured::WebIdentity {
                role_arn,
                token_file,
            } => return sources::web_identity_from_env(ctx, parsed, req, &role_arn, &token_file),
            Configured::Container { .. } => sources::container(ctx.env),
            Configured::InstanceMetadata { .. } => sources::instance_metadata(ctx, parsed),
        };
        match outcome {
            Ok(found) => return Ok(found),
            Err(why) => tried.push(format!("{}: {why}", source.label())),
        }
    }
    Err(Error::NoCredentials(format!(
        "no credentials found; tried: {}",
        tried.join("; ")
    )))
}

/// Runs a planned chain: base source, then each role.
fn run_chain(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: &str,
    chain: &Chain,
    req: &Request,
) -> Result<Resolved> {
    let mut current = match &chain.base {
        Base::AccessKey {
            access_key_id,
            secret_access_key,
            session_token,
            account_id,
        } => Resolved {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
            session_token: session_token.clone(),
            expiration: None,
            account_id: account_id.clone(),
            profile_name: Some(chain.base_origin.profile.clone()),
            source: "Profile",
            profile_location: chain.base_origin.file.clone(),
            from_cache: false,
        },
        Base::NamedSource(NamedSource::Environment) => sources::environment(ctx.env).ok_or_else(|| {
            Error::NoCredentials(format!(
                "profile '{}' has credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
                chain.base_origin.profile
            ))
        })?,
        Base::NamedSource(NamedSource::EcsContainer) => sources::container(ctx.env).map_err(|why| {
            Error::NoCredentials(format!(
                "profile '{}' has credential_source = EcsContainer: {why}",
                chain.base_origin.profile
            ))
        })?,
        Base::NamedSource(NamedSource::Ec2InstanceMetadata) => sources::instance_metadata(ctx, parsed)
            .map_err(|why| {
                Error::NoCredentials(format!(
                    "profile '{}' has credential_source = Ec2InstanceMetadata: {why}",
                    chain.base_origin.profile
                ))
            })?,
        Base::WebIdentity {
            role_arn,
            token_file,
            session_name,
        } => {
            let region = region::for_sts(ctx, parsed, profile, req);
            sts::web_identity(ctx, profile, &region, role_arn, token_file, session_name.as_deref())?
        }
        Base::Sso {
            session_name,
            start_url,
            region,
            account_id,
            role_name,
        } => {
            let profile = &chain.base_origin.profile;
            let (Some(account_id), Some(role_name)) = (account_id, role_name) else {
                return Err(Error::ProfileConfig(format!(
                    "profile `{profile}` names an SSO session but no sso_account_id and sso_role_name, so it yields a token, not credentials"
                )));
            };
            let target = crate::sso::Target {
                session: session_name.clone(),
                start_url: start_url.clone(),
                region: region.clone(),
                scopes: Vec::new(),
                profile: Some(profile.clone()),
            };
            crate::sso::refresh::credentials(ctx, profile, &target, account_id, role_name)?
        }
        Base::Login { login_session } => {
            let region = region::for_sts(ctx, parsed, profile, req);
            crate::login::refresh::credentials(
                ctx,
                &chain.base_origin.profile,
                login_session,
                &region,
            )?
        }
        Base::Process { command } => match crate::keychain::line::entry_of(command) {
            // Our own keychain line: read the entry here instead of starting awscred again.
            Some(entry) => crate::keychain::credentials(ctx.env, &chain.base_origin.profile, entry)?,
            None => process::process(ctx.env, &chain.base_origin.profile, command)?,
        },
    };
    if chain.roles.is_empty() {
        current.profile_name = Some(profile.to_string());
        return Ok(current);
    }
    let region = region::for_sts(ctx, parsed, profile, req);
    for link in &chain.roles {
        current = sts::assume_role(
            ctx,
            profile,
            &region,
            &current,
            link,
            req.token_code.as_deref(),
        )?;
    }
    current.profile_name = Some(profile.to_string());
    Ok(current)
}

/// STS GetCallerIdentity with the request's credentials.
pub fn caller_identity(env: &Env, req: &Request) -> Result<sts::Identity> {
    let ctx = Context::new(env, req.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    let creds = resolve_in(&ctx, &parsed, req)?;
    let profile = req
        .profile_name
        .clone()
        .unwrap_or_else(|| default_profile_name(env).0);
    let region = region::for_sts(&ctx, &parsed, &profile, req);
    sts::caller_identity(&ctx, &profile, &region, &creds)
}

pub(crate) use sts::sdk_loader;
pub use sts::Identity;
