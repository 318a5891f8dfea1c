//! SSO-OIDC: RegisterClient, StartDeviceAuthorization and CreateToken (authorization code, device
//! code and refresh token grants), unsigned, at the configured endpoint or the regional one.

use aws_sdk_ssooidc::operation::create_token::CreateTokenError;

use crate::error::{Error, Result};
use crate::resolve::deadline::aws_call;
use crate::resolve::{endpoint, Context};

/// The device-code grant type.
pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// An SSO-OIDC client for `profile`'s endpoint settings in `region`, and its base URL (where the
/// authorize page of the code flow is).
pub(crate) fn client(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
) -> Result<(aws_sdk_ssooidc::Client, String)> {
    let parsed = ctx.texts.parse()?;
    let configured = endpoint::configured(ctx.env, &parsed, profile, "sso_oidc");
    let loader =
        crate::resolve::sdk_loader(ctx, ctx.env.to_sdk(), profile, region).no_credentials();
    let config = crate::resolve::runtime().block_on(loader.load());
    let mut b = aws_sdk_ssooidc::config::Builder::from(&config);
    if let Some(u) = &configured {
        b = b.endpoint_url(u);
    }
    let base = configured
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|| format!("https://oidc.{region}.amazonaws.com"));
    Ok((aws_sdk_ssooidc::Client::from_conf(b.build()), base))
}

fn service(operation: &'static str, code: &str, message: &str) -> Error {
    Error::AwsService {
        service: "SSO-OIDC",
        operation,
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// A client registration: id, secret, expiry (epoch s).
pub struct Registered {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: i64,
}

/// RegisterClient.
pub(crate) fn register(
    ctx: &Context<'_>,
    client: &aws_sdk_ssooidc::Client,
    name: &str,
    scopes: &[String],
    grants: &[&str],
    redirect_uri: Option<&str>,
    issuer_url: Option<&str>,
) -> Result<Registered> {
    let mut req = client
        .register_client()
        .client_name(name)
        .client_type("public");
    for s in scopes {
        req = req.scopes(s);
    }
    for g in grants {
        req = req.grant_types(*g);
    }
    if let Some(r) = redirect_uri {
        req = req.redirect_uris(r);
    }
    if let Some(i) = issuer_url {
        req = req.issuer_url(i);
    }
    let out = aws_call(ctx.env, || "SSO-OIDC RegisterClient".into(), req.send())?.map_err(|e| {
        use aws_sdk_ssooidc::error::ProvideErrorMetadata;
        service(
            "RegisterClient",
            e.code().unwrap_or("RequestFailed"),
            &e.message()
                .map(str::to_string)
                .unwrap_or_else(|| crate::resolve::error_chain(&e)),
        )
    })?;
    Ok(Registered {
        client_id: out.client_id().unwrap_or_default().to_string(),
        client_secret: out.client_secret().unwrap_or_default().to_string(),
        expires_at: out.client_secret_expires_at(),
    })
}

/// A started device authorization.
pub struct Device {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub expires_in: i64,
    pub interval: i64,
}

/// StartDeviceAuthorization.
pub(crate) fn start_device(
    ctx: &Context<'_>,
    client: &aws_sdk_ssooidc::Client,
    reg: &Registered,
    start_url: &str,
) -> Result<Device> {
    let send = client
        .start_device_authorization()
        .client_id(&reg.client_id)
        .client_secret(&reg.client_secret)
        .start_url(start_url)
        .send();
    let out =
        aws_call(ctx.env, || "SSO-OIDC StartDeviceAuthorization".into(), send)?.map_err(|e| {
            use aws_sdk_ssooidc::error::ProvideErrorMetadata;
            service(
                "StartDeviceAuthorization",
                e.code().unwrap_or("RequestFailed"),
                &e.message()
                    .map(str::to_string)
                    .unwrap_or_else(|| crate::resolve::error_chain(&e)),
            )
        })?;
    let uri = out.verification_uri().unwrap_or_default().to_string();
    Ok(Device {
        device_code: out.device_code().unwrap_or_default().to_string(),
        user_code: out.user_code().unwrap_or_default().to_string(),
        verification_uri_complete: out
            .verification_uri_complete()
            .map(str::to_string)
            .unwrap_or_else(|| uri.clone()),
        verification_uri: uri,
        expires_in: i64::from(out.expires_in()),
        interval: i64::from(out.interval()).max(1),
    })
}

/// The grant of a CreateToken call.
pub enum Grant<'a> {
    Code {
        code: &'a str,
        verifier: &'a str,
        redirect_uri: &'a str,
    },
    Device {
        device_code: &'a str,
    },
    Refresh {
        token: &'a str,
    },
}

/// A token from CreateToken.
pub struct Token {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
}

/// What CreateToken said when it gave no token.
pub enum Wait {
    /// authorization_pending: the user has not approved yet.
    Pending,
    /// slow_down: poll less often (5 s more).
    SlowDown,
}

/// CreateToken. `Err(Ok(wait))` for the device flow's pending answers.
pub(crate) fn create_token(
    ctx: &Context<'_>,
    client: &aws_sdk_ssooidc::Client,
    reg: &Registered,
    grant: Grant<'_>,
    login_command: &str,
) -> Result<std::result::Result<Token, Wait>> {
    let req = client
        .create_token()
        .client_id(&reg.client_id)
        .client_secret(&reg.client_secret);
    let req = match grant {
        Grant::Code {
            code,
            verifier,
            redirect_uri,
        } => req
            .grant_type("authorization_code")
            .code(code)
            .code_verifier(verifier)
            .redirect_uri(redirect_uri),
        Grant::Device { device_code } => req.grant_type(DEVICE_GRANT).device_code(device_code),
        Grant::Refresh { token } => req.grant_type("refresh_token").refresh_token(token),
    };
    let out = aws_call(ctx.env, || "SSO-OIDC CreateToken".into(), req.send())?;
    match out {
        Ok(o) => Ok(Ok(Token {
            access_token: o.access_token().unwrap_or_default().to_string(),
            expires_in: i64::from(o.expires_in()),
            refresh_token: o.refresh_token().map(str::to_string),
        })),
        Err(e) => {
            use aws_sdk_ssooidc::error::ProvideErrorMetadata;
            let code = e.code().unwrap_or("RequestFailed").to_string();
            let message = e
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| crate::resolve::error_chain(&e));
            match e.into_service_error() {
                CreateTokenError::AuthorizationPendingException(_) => Ok(Err(Wait::Pending)),
                CreateTokenError::SlowDownException(_) => Ok(Err(Wait::SlowDown)),
                CreateTokenError::ExpiredTokenException(_) => Err(Error::LoginTimeout(format!(
                    "the sign-in code expired before it was approved ({message}); run `{login_command}` again"
                ))),
                CreateTokenError::InvalidGrantException(_)
                | CreateTokenError::AccessDeniedException(_)
                | CreateTokenError::InvalidClientException(_)
                | CreateTokenError::UnauthorizedClientException(_) => Err(Error::LoginRequired {
                    message: format!("IAM Identity Center refused the sign-in ({code}: {message})"),
                    command: login_command.to_string(),
                }),
                _ => Err(service("CreateToken", &code, &message)),
            }
        }
    }
}
