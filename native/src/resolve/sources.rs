//! Base credential sources: environment, container (ECS), instance metadata (bounded so that
//! resolution fails fast off EC2) and credential_process (the SSO and console-login token caches
//! are read and refreshed by `crate::sso` and `crate::login`, under their files' locks).
//! Every one reads the request's environment view (`Env`), never the process environment behind
//! it: aws-config's container provider runs in aws-config's own chain over the view
//! (narrowed so that only the wanted provider can answer; `ConfigLoader::env` is aws-config's only
//! public way to give its providers an environment), instance metadata is read through
//! aws-config's IMDS client at an endpoint computed from the view, and credential_process is
//! started here with exactly the view as its environment.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::imds::client::error::ImdsError;
use aws_config::provider_config::ProviderConfig;
use aws_config::BehaviorVersion;
use aws_credential_types::provider::{self, error::CredentialsError, ProvideCredentials};
use aws_credential_types::Credentials;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_types::region::Region;
use serde_json::Value;

use super::deadline::{aws_call, sdk_timeouts};
use super::{runtime, Context, Request, Resolved};
use crate::env::Env;
use crate::error::Result;
use crate::profile::normalize::ParsedFiles;

/// How long instance metadata may take in all before resolution moves on (the incumbent waits
/// about 15 s off EC2).
const IMDS_BUDGET: Duration = Duration::from_millis(1500);

/// Converts aws-config credentials into ours.
pub(crate) fn from_sdk(c: &Credentials, source: &'static str) -> Resolved {
    Resolved {
        access_key_id: c.access_key_id().to_string(),
        secret_access_key: c.secret_access_key().to_string(),
        session_token: c.session_token().map(str::to_string),
        expiration: c.expiry().map(epoch_of),
        account_id: c.account_id().map(|a| a.as_str().to_string()),
        profile_name: None,
        source,
        profile_location: None,
        from_cache: false,
    }
}

pub(crate) fn epoch_of(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn error_text(e: &CredentialsError) -> String {
    super::error_chain(e)
}

/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION).
pub(crate) fn environment(env: &Env) -> Option<Resolved> {
    let access_key_id = env.get_non_blank("AWS_ACCESS_KEY_ID")?;
    let secret_access_key = env.get_non_blank("AWS_SECRET_ACCESS_KEY")?;
    Some(Resolved {
        access_key_id,
        secret_access_key,
        session_token: env
            .get_non_blank("AWS_SESSION_TOKEN")
            .or_else(|| env.get_non_blank("AWS_SECURITY_TOKEN")),
        expiration: env
            .get_non_blank("AWS_CREDENTIAL_EXPIRATION")
            .and_then(|e| super::time::parse_utc(&e)),
        account_id: env.get_non_blank("AWS_ACCOUNT_ID"),
        profile_name: None,
        source: "Environment",
        profile_location: None,
        from_cache: false,
    })
}

/// Web identity from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (the default chain's source), with
/// AWS_ROLE_SESSION_NAME; STS in the region `region::for_sts` gives every STS call.
pub(crate) fn web_identity_from_env(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    req: &Request,
    role_arn: &str,
    token_file: &str,
) -> Result<Resolved> {
    let session = ctx.env.get_non_blank("AWS_ROLE_SESSION_NAME");
    let profile = super::default_profile_name(ctx.env).0;
    let region = super::region::for_sts(ctx, parsed, &profile, req);
    super::sts::web_identity(
        ctx,
        &profile,
        &region,
        role_arn,
        token_file,
        session.as_deref(),
    )
}

/// Which provider of aws-config's default chain may answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Only {
    /// The profile provider (SSO, console login).
    Profile,
    /// The container (ECS) provider.
    Container,
}

/// The request's view for aws-config's default chain, narrowed so that only `only` can answer:
/// no environment keys, no web identity, no instance metadata and, for a profile, no container.
fn narrowed(env: &Env, only: Only) -> aws_types::os_shim_internal::Env {
    let mut vars = env.snapshot();
    vars.remove("AWS_ACCESS_KEY_ID");
    vars.remove("AWS_WEB_IDENTITY_TOKEN_FILE");
    if only == Only::Profile {
        vars.remove("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        vars.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }
    vars.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    vars.into()
}

/// Credentials from the chain aws-config built for `conf`.
async fn provide(conf: aws_types::SdkConfig) -> provider::Result {
    match conf.credentials_provider() {
        Some(p) => p.provide_credentials().await,
        None => Err(CredentialsError::not_loaded(
            "aws-config built no credentials provider",
        )),
    }
}

/// Container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI, with
/// AWS_CONTAINER_AUTHORIZATION_TOKEN / _TOKEN_FILE), read by aws-config from the view.
pub(crate) fn container(env: &Env) -> std::result::Result<Resolved, String> {
    if super::default_chain::container_variable(env).is_none() {
        return Err(super::default_chain::CONTAINER_NOT_SET.into());
    }
    // No profiles (one empty file), so the profile provider has nothing to offer either.
    let no_profiles = EnvConfigFiles::builder()
        .with_contents(EnvConfigFileKind::Config, "")
        .build();
    let loader = aws_config::defaults(BehaviorVersion::latest())
        .env(narrowed(env, Only::Container))
        .region(Region::from_static("us-east-1"))
        .profile_name("default")
        .timeout_config(sdk_timeouts(env))
        .profile_files(no_profiles);
    let what = || "the container credentials endpoint (ECS)".to_string();
    match aws_call(env, what, async { provide(loader.load().await).await }) {
        Ok(outcome) => outcome
            .map(|c| from_sdk(&c, "EcsContainer"))
            .map_err(|e| error_text(&e)),
        Err(timeout) => Err(timeout.to_string()),
    }
}

pub(crate) fn imds_disabled(env: &Env) -> bool {
    env.get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The instance metadata endpoint, as aws-config chooses it but from the view:
/// AWS_EC2_METADATA_SERVICE_ENDPOINT, else the active profile's ec2_metadata_service_endpoint,
/// else the address of the endpoint mode (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, else the
/// profile's ec2_metadata_service_endpoint_mode; IPv4 unless IPv6).
pub(crate) fn imds_endpoint(ctx: &Context<'_>, parsed: &ParsedFiles<'_>) -> String {
    let profile = parsed.profile(&super::default_profile_name(ctx.env).0);
    let setting = |var: &str, key: &str| {
        ctx.env.get_non_blank(var).or_else(|| {
            profile
                .as_ref()
                .and_then(|p| p.get(key))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
    };
    if let Some(endpoint) = setting(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "ec2_metadata_service_endpoint",
    ) {
        return endpoint;
    }
    match setting(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
        "ec2_metadata_service_endpoint_mode",
    ) {
        Some(mode) if mode.eq_ignore_ascii_case("ipv6") => "http://[fd00:ec2::254]".into(),
        _ => "http://169.254.169.254".into(),
    }
}

/// An instance metadata client for `endpoint` that gives up quickly. The endpoint is always
/// explicit, so the client reads no environment.
fn imds_client(endpoint: &str) -> std::result::Result<aws_config::imds::Client, String> {
    aws_config::imds::Client::builder()
        .configure(&ProviderConfig::default())
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(700))
        .max_attempts(1)
        .endpoint(endpoint)
        .map(|b| b.build())
        .map_err(|_| format!("the instance metadata endpoint '{endpoint}' is not a valid URL"))
}

/// An instance metadata error in one line, without the response (its Debug form holds the body).
fn imds_error_text(e: &ImdsError) -> String {
    match e {
        ImdsError::ErrorResponse(r) => format!("HTTP {}", r.response().status().as_u16()),
        other => super::error_chain(other),
    }
}

/// The instance role's credentials, as aws-config's IMDS provider reads them.
async fn imds_credentials(
    client: &aws_config::imds::Client,
) -> std::result::Result<Resolved, String> {
    const ROLES: &str = "/latest/meta-data/iam/security-credentials/";
    let roles = client.get(ROLES).await.map_err(|e| match &e {
        ImdsError::ErrorResponse(r) if r.response().status().as_u16() == 404 => {
            "no role attached to the instance (HTTP 404)".to_string()
        }
        _ => format!(
            "not reachable or no role attached ({})",
            imds_error_text(&e)
        ),
    })?;
    let role = roles
        .as_ref()
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or_else(|| "no role attached to the instance".to_string())?
        .to_string();
    let body = client.get(format!("{ROLES}{role}")).await.map_err(|e| {
        format!(
            "the role's credentials could not be read ({})",
            imds_error_text(&e)
        )
    })?;
    parse_imds_credentials(body.as_ref())
}

/// The JSON instance metadata answers with; messages never quote it.
fn parse_imds_credentials(text: &str) -> std::result::Result<Resolved, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|_| "instance metadata answered something other than JSON".to_string())?;
    let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
    let code = field("Code");
    if code.as_deref().is_some_and(|c| c != "Success") {
        return Err(format!(
            "instance metadata answered {}: {}",
            code.unwrap_or_default(),
            field("Message").unwrap_or_default()
        ));
    }
    let required = |name: &str| {
        field(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("instance metadata's answer has no {name}"))
    };
    Ok(Resolved {
        access_key_id: required("AccessKeyId")?,
        secret_access_key: required("SecretAccessKey")?,
        session_token: Some(required("Token")?),
        expiration: Some(
            super::time::parse_utc(&required("Expiration")?)
                .ok_or_else(|| "instance metadata's Expiration is not a time".to_string())?,
        ),
        account_id: None,
        profile_name: None,
        source: "Ec2InstanceMetadata",
        profile_location: None,
        from_cache: false,
    })
}

/// EC2 instance metadata credentials, given up on within `IMDS_BUDGET`.
pub(crate) fn instance_metadata(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
) -> std::result::Result<Resolved, String> {
    if imds_disabled(ctx.env) {
        return Err("disabled by AWS_EC2_METADATA_DISABLED".into());
    }
    let client = imds_client(&imds_endpoint(ctx, parsed))?;
    let outcome = runtime()
        .block_on(async { tokio::time::timeout(IMDS_BUDGET, imds_credentials(&client)).await });
    outcome.unwrap_or_else(|_| {
        Err(format!(
            "no answer within {} ms (not on EC2?)",
            IMDS_BUDGET.as_millis()
        ))
    })
}

/// The region from instance metadata, or `None` (disabled, off EC2, or slower than `budget`).
pub(crate) fn imds_region(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    budget: Duration,
) -> Option<String> {
    if imds_disabled(ctx.env) {
        return None;
    }
    let client = imds_client(&imds_endpoint(ctx, parsed)).ok()?;
    runtime()
        .block_on(async {
            tokio::time::timeout(budget, client.get("/latest/meta-data/placement/region")).await
        })
        .ok()?
        .ok()
        .map(|r| r.as_ref().trim().to_string())
        .filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imds_answers() {
        let r = parse_imds_credentials(
            r#"{"Code":"Success","AccessKeyId":"A","SecretAccessKey":"S","Token":"T","Expiration":"2030-01-02T03:04:05Z"}"#,
        )
        .unwrap();
        assert_eq!(
            (r.access_key_id.as_str(), r.session_token.as_deref()),
            ("A", Some("T"))
        );
        let e = parse_imds_credentials(r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"no"}"#)
            .unwrap_err();
        assert!(e.contains("AssumeRoleUnauthorizedAccess"), "{e}");
        assert!(parse_imds_credentials("SECRET")
            .unwrap_err()
            .contains("JSON"));
    }
}
