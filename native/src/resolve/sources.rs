//! Base credential sources, through aws-config's providers: environment, container (ECS), instance
//! metadata (bounded so that resolution fails fast off EC2), SSO and console-login token caches,
//! and credential_process.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::{error::CredentialsError, ProvideCredentials};
use aws_credential_types::Credentials;
use aws_types::region::Region;

use super::{runtime, Context, Request, Resolved};
use crate::env::Env;
use crate::error::{Error, Result};

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

/// Web identity from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN; `None` when they are not set.
pub(crate) fn web_identity_from_env(ctx: &Context<'_>, req: &Request) -> Option<Result<Resolved>> {
    let file = ctx.env.get_non_blank("AWS_WEB_IDENTITY_TOKEN_FILE")?;
    let role = ctx.env.get_non_blank("AWS_ROLE_ARN")?;
    let session = ctx.env.get_non_blank("AWS_ROLE_SESSION_NAME");
    let region = req
        .region
        .clone()
        .or_else(|| ctx.env.get_non_blank("AWS_REGION"))
        .or_else(|| ctx.env.get_non_blank("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| "us-east-1".into());
    let profile = super::default_profile_name(ctx.env).0;
    Some(super::sts::web_identity(
        ctx,
        &profile,
        &region,
        &role,
        &file,
        session.as_deref(),
    ))
}

/// Container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI).
pub(crate) fn container(env: &Env) -> std::result::Result<Resolved, String> {
    if env
        .get_non_blank("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        .is_none()
        && env
            .get_non_blank("AWS_CONTAINER_CREDENTIALS_FULL_URI")
            .is_none()
    {
        return Err("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set".into());
    }
    let provider = aws_config::ecs::EcsCredentialsProvider::builder()
        .configure(&ProviderConfig::default())
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build();
    runtime()
        .block_on(provider.provide_credentials())
        .map(|c| from_sdk(&c, "EcsContainer"))
        .map_err(|e| error_text(&e))
}

fn imds_disabled(env: &Env) -> bool {
    env.get("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// An instance metadata client that gives up quickly; AWS_EC2_METADATA_SERVICE_ENDPOINT is read
/// from our environment view.
fn imds_client(env: &Env) -> aws_config::imds::Client {
    let mut builder = aws_config::imds::Client::builder()
        .configure(&ProviderConfig::default())
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(700))
        .max_attempts(1);
    if let Some(endpoint) = env.get_non_blank("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
        if let Ok(b) = builder.clone().endpoint(endpoint) {
            builder = b;
        }
    }
    builder.build()
}

/// EC2 instance metadata credentials, given up on within `IMDS_BUDGET`.
pub(crate) fn instance_metadata(env: &Env) -> std::result::Result<Resolved, String> {
    if imds_disabled(env) {
        return Err("disabled by AWS_EC2_METADATA_DISABLED".into());
    }
    let provider = aws_config::imds::credentials::ImdsCredentialsProvider::builder()
        .configure(&ProviderConfig::default())
        .imds_client(imds_client(env))
        .build();
    let outcome = runtime().block_on(async {
        tokio::time::timeout(IMDS_BUDGET, provider.provide_credentials()).await
    });
    match outcome {
        Ok(Ok(c)) => Ok(from_sdk(&c, "Ec2InstanceMetadata")),
        Ok(Err(e)) => Err(format!(
            "not reachable or no role attached ({})",
            error_text(&e)
        )),
        Err(_) => Err(format!(
            "no answer within {} ms (not on EC2?)",
            IMDS_BUDGET.as_millis()
        )),
    }
}

/// The region from instance metadata, or `None` (disabled, off EC2, or slower than `budget`).
pub(crate) fn imds_region(env: &Env, budget: Duration) -> Option<String> {
    if imds_disabled(env) {
        return None;
    }
    let provider = aws_config::imds::region::ImdsRegionProvider::builder()
        .imds_client(imds_client(env))
        .build();
    runtime()
        .block_on(async { tokio::time::timeout(budget, provider.region()).await })
        .ok()
        .flatten()
        .map(|r| r.to_string())
}

/// Whether a token-cache provider's error means "log in again" (the token is missing, expired,
/// or refused as unauthorized) rather than a service or network problem.
fn needs_login(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    if t.contains("unauthorized") || t.contains("expired") {
        return true;
    }
    let service_or_network = [
        "service error",
        "response error",
        "dispatch failure",
        "timed out",
        "timeout",
        "io error",
        "connection",
        "unhandled",
        "did not return",
        "no access key",
        "no secret key",
        "expiration could not",
    ];
    !service_or_network.iter().any(|s| t.contains(s))
}

/// The error of a provider that reads a login token cache (SSO, console login): LoginRequired with
/// the command to run, or AwsService when the service or the network failed.
fn token_source_error(
    e: &CredentialsError,
    what: &str,
    profile: &str,
    service: &'static str,
    operation: &'static str,
    command: &str,
) -> Error {
    let text = error_text(e);
    if needs_login(&text) {
        Error::LoginRequired {
            message: format!("the {what} for profile '{profile}' is missing or expired ({text})"),
            command: format!("{command} --profile {profile}"),
        }
    } else {
        Error::AwsService {
            service,
            operation,
            code: "ServiceError".into(),
            message: text,
        }
    }
}

/// IAM Identity Center role credentials from the SSO token cache (refreshed by aws-config when it
/// can be); an expired or missing token is LoginRequired.
pub(crate) fn sso(
    profile: &str,
    session_name: Option<&str>,
    start_url: &str,
    region: &str,
    account_id: Option<&str>,
    role_name: Option<&str>,
) -> Result<Resolved> {
    let (Some(account_id), Some(role_name)) = (account_id, role_name) else {
        return Err(Error::ProfileConfig(format!(
            "profile `{profile}` names an SSO session but no sso_account_id and sso_role_name, so it yields a token, not credentials"
        )));
    };
    let mut builder = aws_config::sso::SsoCredentialsProvider::builder()
        .configure(&ProviderConfig::default().with_region(Some(Region::new(region.to_string()))))
        .account_id(account_id)
        .role_name(role_name)
        .start_url(start_url)
        .region(Region::new(region.to_string()));
    if let Some(s) = session_name {
        builder = builder.session_name(s);
    }
    let provider = builder.build();
    runtime()
        .block_on(provider.provide_credentials())
        .map(|c| from_sdk(&c, "Sso"))
        .map_err(|e| {
            token_source_error(
                &e,
                "SSO login",
                profile,
                "SSO",
                "GetRoleCredentials",
                "aws sso login",
            )
        })
}

/// Console credentials from `aws login` (the login token cache, refreshed by aws-config).
pub(crate) fn login(profile: &str, login_session: &str, region: &str) -> Result<Resolved> {
    let provider = aws_config::login::LoginCredentialsProvider::builder(login_session)
        .configure(&ProviderConfig::default().with_region(Some(Region::new(region.to_string()))))
        .build();
    runtime()
        .block_on(provider.provide_credentials())
        .map(|c| from_sdk(&c, "Login"))
        .map_err(|e| {
            token_source_error(
                &e,
                "console login",
                profile,
                "Sign-In",
                "CreateOAuth2Token",
                "aws login",
            )
        })
}

/// Credentials printed by `credential_process`, run as aws-config runs it: through the platform
/// shell (`sh -c`, `cmd.exe /C`). botocore splits the command itself and uses no shell.
pub(crate) fn process(profile: &str, command: &str) -> Result<Resolved> {
    let provider =
        aws_config::credential_process::CredentialProcessProvider::new(command.to_string());
    runtime()
        .block_on(provider.provide_credentials())
        .map(|c| from_sdk(&c, "Process"))
        .map_err(|e| {
            Error::NoCredentials(format!(
                "credential_process of profile '{profile}' failed: {}",
                error_text(&e)
            ))
        })
}
