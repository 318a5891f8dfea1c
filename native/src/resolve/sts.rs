//! STS calls made while resolving (AssumeRole, AssumeRoleWithWebIdentity) and GetCallerIdentity,
//! through aws-sdk-sts with a client configured like any SDK client: the profile's and the
//! environment's endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, endpoint_url,
//! [services]) apply. Assumed-role results go through the CLI's cache.

use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_sdk_sts::error::ProvideErrorMetadata;
use aws_types::region::Region;

use super::cache::{self, CacheArgs, CachedCredentials};
use super::chain::RoleLink;
use super::deadline::{aws_call, sdk_timeouts};
use super::{Context, Resolved};
use crate::error::{Error, Result};

/// STS GetCallerIdentity's answer (the API reports it as `api::types::CallerIdentity`).
#[derive(Debug, Clone)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// The files of `ctx` that exist, for aws-config; `None` when there is none.
fn sdk_profile_files(ctx: &Context<'_>) -> Option<EnvConfigFiles> {
    let mut files = EnvConfigFiles::builder();
    let mut any = false;
    for (path, kind) in ctx.files.in_read_order() {
        if path.exists() {
            let kind = match kind {
                crate::profile::locate::FileKind::Config => EnvConfigFileKind::Config,
                crate::profile::locate::FileKind::Credentials => EnvConfigFileKind::Credentials,
            };
            files = files.with_file(kind, path);
            any = true;
        }
    }
    any.then(|| files.build())
}

/// aws-config's loader for `profile` in `region`, over the files of `ctx` and the environment
/// `env` (the request's view, or a narrowing of it). `ConfigLoader::env` (aws-config's
/// `test-util` feature) is aws-config's only public way to give its providers and clients an
/// environment other than the real process one.
pub(crate) fn sdk_loader(
    ctx: &Context<'_>,
    env: aws_types::os_shim_internal::Env,
    profile: &str,
    region: &str,
) -> aws_config::ConfigLoader {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .env(env)
        .region(Region::new(region.to_string()))
        .timeout_config(sdk_timeouts(ctx.env))
        .profile_name(profile);
    if let Some(files) = sdk_profile_files(ctx) {
        loader = loader.profile_files(files);
    }
    loader
}

/// An STS client for `profile`'s endpoint settings, in `region`, signing with `creds` (or
/// unsigned for web identity).
async fn client(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
    creds: Option<&Resolved>,
) -> aws_sdk_sts::Client {
    let mut loader = sdk_loader(ctx, ctx.env.to_sdk(), profile, region);
    if let Ok(parsed) = ctx.texts.parse() {
        if let Some(url) = super::endpoint::configured(ctx.env, &parsed, profile, "sts") {
            loader = loader.endpoint_url(url);
        }
    }
    loader = match creds {
        Some(c) => loader.credentials_provider(Credentials::new(
            c.access_key_id.clone(),
            c.secret_access_key.clone(),
            c.session_token.clone(),
            None,
            "awscred",
        )),
        None => loader.no_credentials(),
    };
    aws_sdk_sts::Client::new(&loader.load().await)
}

/// Maps an SDK error to AwsService with the service's code and message (never a credential).
fn service_error<E>(operation: &'static str, e: aws_sdk_sts::error::SdkError<E>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (code, message) = match e.as_service_error() {
        Some(se) => (
            se.code().unwrap_or("Unknown").to_string(),
            se.message().unwrap_or_default().to_string(),
        ),
        None => ("ConnectionError".to_string(), super::error_chain(&e)),
    };
    Error::AwsService {
        service: "STS",
        operation,
        code,
        message,
    }
}

fn account_of(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}

fn generated_session_name() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("awscred-session-{millis}")
}

fn cached(c: CachedCredentials, source: &'static str, from_cache: bool) -> Resolved {
    Resolved {
        access_key_id: c.access_key_id,
        secret_access_key: c.secret_access_key,
        session_token: Some(c.session_token),
        expiration: Some(c.expiration),
        account_id: c.account_id,
        profile_name: None,
        source,
        profile_location: None,
        from_cache,
    }
}

/// Converts STS credentials into a cache entry, refusing an incomplete or already expired answer
/// (the SDK fills missing fields with empty defaults; such an answer must never be cached).
fn to_cached(
    operation: &'static str,
    c: &aws_sdk_sts::types::Credentials,
    arn: Option<&str>,
) -> Result<CachedCredentials> {
    let incomplete = |what: &str| Error::AwsService {
        service: "STS",
        operation,
        code: "IncompleteResponse".into(),
        message: format!("the answer {what}"),
    };
    if c.access_key_id().is_empty() || c.secret_access_key().is_empty() {
        return Err(incomplete("lacks the access key id or the secret key"));
    }
    if c.session_token().is_empty() {
        return Err(incomplete("lacks the session token"));
    }
    if c.expiration().secs() <= super::time::now_epoch() {
        return Err(incomplete("lacks an expiration in the future"));
    }
    Ok(CachedCredentials {
        access_key_id: c.access_key_id().to_string(),
        secret_access_key: c.secret_access_key().to_string(),
        session_token: c.session_token().to_string(),
        expiration: c.expiration().secs(),
        account_id: arn.and_then(account_of),
        assumed_role_arn: arn.map(str::to_string),
    })
}

/// Assumes `link`'s role with `source` credentials, reusing the CLI cache when it has at least
/// 15 minutes left. A role with `mfa_serial` and no cached entry needs `token_code`.
pub(crate) fn assume_role(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
    source: &Resolved,
    link: &RoleLink,
    token_code: Option<&str>,
) -> Result<Resolved> {
    let args = CacheArgs::for_role(link);
    let path = cache::cache_file(&cache::cache_dir(ctx.env), &args);
    if let Some(hit) = cache::read_fresh(&path) {
        return Ok(cached(hit, "AssumeRole", true));
    }
    let token_code = match (&link.mfa_serial, token_code) {
        (Some(serial), None) => {
            return Err(Error::MfaRequired {
                profile: link.origin.profile.clone(),
                serial: serial.clone(),
            })
        }
        (Some(_), Some(code)) => Some(code.to_string()),
        (None, _) => None,
    };
    let session_name = link
        .session_name
        .clone()
        .unwrap_or_else(generated_session_name);
    let what = || {
        format!(
            "STS AssumeRole of {} for profile '{profile}'",
            link.role_arn
        )
    };
    let out = aws_call(ctx.env, what, async {
        client(ctx, profile, region, Some(source))
            .await
            .assume_role()
            .role_arn(&link.role_arn)
            .role_session_name(session_name)
            .set_external_id(link.external_id.clone())
            .set_serial_number(link.mfa_serial.clone())
            .set_token_code(token_code)
            .set_duration_seconds(link.duration_seconds)
            .send()
            .await
    })?;
    let out = out.map_err(|e| service_error("AssumeRole", e))?;
    let creds = out.credentials().ok_or_else(|| Error::AwsService {
        service: "STS",
        operation: "AssumeRole",
        code: "EmptyResponse".into(),
        message: "the answer held no credentials".into(),
    })?;
    let entry = to_cached(
        "AssumeRole",
        creds,
        out.assumed_role_user().map(|u| u.arn()),
    )?;
    // The cache is an optimisation: failing to write it must not fail the resolution.
    let _ = cache::write(&path, &entry, ctx.env);
    Ok(cached(entry, "AssumeRole", false))
}

/// AssumeRoleWithWebIdentity with the token read from `token_file` (unsigned, cached like roles).
pub(crate) fn web_identity(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
    role_arn: &str,
    token_file: &str,
    session_name: Option<&str>,
) -> Result<Resolved> {
    let args = CacheArgs {
        role_arn: role_arn.to_string(),
        role_session_name: session_name.map(str::to_string),
        ..Default::default()
    };
    let path = cache::cache_file(&cache::cache_dir(ctx.env), &args);
    if let Some(hit) = cache::read_fresh(&path) {
        return Ok(cached(hit, "WebIdentity", true));
    }
    let token_path = crate::profile::locate::expand_home(token_file, ctx.env);
    let token = std::fs::read_to_string(&token_path)
        .map_err(|e| Error::io("cannot read web identity token file", &token_path, e))?;
    let token = token.trim().to_string();
    let name = session_name
        .map(str::to_string)
        .unwrap_or_else(generated_session_name);
    let what = || format!("STS AssumeRoleWithWebIdentity of {role_arn} for profile '{profile}'");
    let out = aws_call(ctx.env, what, async {
        client(ctx, profile, region, None)
            .await
            .assume_role_with_web_identity()
            .role_arn(role_arn)
            .role_session_name(name)
            .web_identity_token(token)
            .send()
            .await
    })?;
    let out = out.map_err(|e| service_error("AssumeRoleWithWebIdentity", e))?;
    let creds = out.credentials().ok_or_else(|| Error::AwsService {
        service: "STS",
        operation: "AssumeRoleWithWebIdentity",
        code: "EmptyResponse".into(),
        message: "the answer held no credentials".into(),
    })?;
    let entry = to_cached(
        "AssumeRoleWithWebIdentity",
        creds,
        out.assumed_role_user().map(|u| u.arn()),
    )?;
    let _ = cache::write(&path, &entry, ctx.env);
    Ok(cached(entry, "WebIdentity", false))
}

/// STS GetCallerIdentity: who these credentials are.
pub(crate) fn caller_identity(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
    creds: &Resolved,
) -> Result<Identity> {
    let what = || format!("STS GetCallerIdentity for profile '{profile}'");
    let out = aws_call(ctx.env, what, async {
        client(ctx, profile, region, Some(creds))
            .await
            .get_caller_identity()
            .send()
            .await
    })?;
    let out = out.map_err(|e| service_error("GetCallerIdentity", e))?;
    Ok(Identity {
        account: out.account().unwrap_or_default().to_string(),
        arn: out.arn().unwrap_or_default().to_string(),
        user_id: out.user_id().unwrap_or_default().to_string(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn account_from_arn() {
        assert_eq!(
            super::account_of("arn:aws:sts::123456789012:assumed-role/R/s").as_deref(),
            Some("123456789012")
        );
        assert_eq!(super::account_of("nonsense"), None);
    }

    #[test]
    fn expiry_window_is_fifteen_minutes() {
        assert_eq!(super::cache::REUSE_WINDOW_SECS, 900);
        assert!(super::super::time::now_epoch() > 1_700_000_000);
    }
}
