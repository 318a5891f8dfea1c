//! Sign-In's CreateOAuth2Token (`POST /v1/token`, unsigned, with a DPoP proof) for both grants:
//! the authorization code of a login and the refresh token of a cached login.

use aws_sdk_signin::types::CreateOAuth2TokenRequestBody;
use p256::SecretKey;

use crate::error::{Error, Result};
use crate::resolve::time::now_epoch;
use crate::resolve::{endpoint, Context};

/// Where Sign-In answers for `profile` in `region`: the configured endpoint (AWS_ENDPOINT_URL_SIGNIN,
/// a `[services]` entry, endpoint_url, AWS_ENDPOINT_URL) or `https://{region}.signin.aws.amazon.com`
/// (and the China and GovCloud forms). The authorize page lives under the same base, as the AWS
/// CLI derives it from the token endpoint.
pub(crate) fn base_url(ctx: &Context<'_>, profile: &str, region: &str) -> Result<String> {
    let parsed = ctx.texts.parse()?;
    if let Some(url) = endpoint::configured(ctx.env, &parsed, profile, "signin") {
        return Ok(url.trim_end_matches('/').to_string());
    }
    Ok(if region.starts_with("cn-") {
        format!("https://{region}.signin.amazonaws.cn")
    } else if region.starts_with("us-gov-") {
        format!("https://{region}.signin.amazonaws-us-gov.com")
    } else {
        format!("https://{region}.signin.aws.amazon.com")
    })
}

/// What the token endpoint gave.
pub struct Tokens {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub id_token: Option<String>,
    pub token_type: Option<String>,
}

/// The grant to exchange.
pub enum Grant<'a> {
    Code {
        code: &'a str,
        verifier: &'a str,
        redirect_uri: &'a str,
    },
    Refresh {
        token: &'a str,
    },
}

/// Calls CreateOAuth2Token at `base` for `client_id`, proving possession of `key`. Sign-In's
/// refusals map to LoginRequired (`expired_command` names the login to run again); a timeout to
/// Timeout; anything else to AwsService. Never a token in a message.
pub(crate) fn create_token(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
    base: &str,
    client_id: &str,
    grant: Grant<'_>,
    key: &SecretKey,
) -> Result<Tokens> {
    let loader =
        crate::resolve::sdk_loader(ctx, ctx.env.to_sdk(), profile, region).no_credentials();
    let config = crate::resolve::runtime().block_on(loader.load());
    let conf = aws_sdk_signin::config::Builder::from(&config)
        .endpoint_url(base)
        .build();
    let client = aws_sdk_signin::Client::from_conf(conf);
    let body = match grant {
        Grant::Code {
            code,
            verifier,
            redirect_uri,
        } => CreateOAuth2TokenRequestBody::builder()
            .client_id(client_id)
            .grant_type("authorization_code")
            .code(code)
            .code_verifier(verifier)
            .redirect_uri(redirect_uri),
        Grant::Refresh { token } => CreateOAuth2TokenRequestBody::builder()
            .client_id(client_id)
            .grant_type("refresh_token")
            .refresh_token(token),
    }
    .build()
    .map_err(|e| Error::Internal(format!("CreateOAuth2Token request: {e}")))?;
    let key = key.clone();
    let send = client
        .create_o_auth2_token()
        .token_input(body)
        .customize()
        .mutate_request(move |req| {
            // Each attempt (retries too) gets its own proof over the URL it is sent to.
            let proof = super::dpop::proof(&key, req.uri(), now_epoch());
            req.headers_mut().insert("DPoP", proof);
        })
        .send();
    let out = crate::resolve::deadline::aws_call(
        ctx.env,
        || "Sign-In CreateOAuth2Token".to_string(),
        send,
    )?
    .map_err(|e| map_error(profile, e))?;
    let t = out.token_output().ok_or_else(|| missing("tokenOutput"))?;
    let creds = t.access_token().ok_or_else(|| missing("accessToken"))?;
    Ok(Tokens {
        access_key_id: creds.access_key_id().to_string(),
        secret_access_key: creds.secret_access_key().to_string(),
        session_token: creds.session_token().to_string(),
        expires_in: i64::from(t.expires_in()),
        refresh_token: t.refresh_token().to_string(),
        id_token: t.id_token().map(str::to_string),
        token_type: Some(t.token_type().to_string()).filter(|s| !s.is_empty()),
    })
}

fn missing(field: &str) -> Error {
    Error::AwsService {
        service: "Sign-In",
        operation: "CreateOAuth2Token",
        code: "MalformedResponse".into(),
        message: format!("the answer has no {field}"),
    }
}

/// Sign-In's error codes that mean "sign in again".
const SIGN_IN_AGAIN: &[&str] = &[
    "TOKEN_EXPIRED",
    "AUTHCODE_EXPIRED",
    "USER_CREDENTIALS_CHANGED",
    "invalid_grant",
    "OAUTH_INVALID_GRANT",
];

fn map_error<R>(
    profile: &str,
    e: aws_sdk_signin::error::SdkError<
        aws_sdk_signin::operation::create_o_auth2_token::CreateOAuth2TokenError,
        R,
    >,
) -> Error
where
    R: std::fmt::Debug + 'static,
{
    use aws_sdk_signin::error::ProvideErrorMetadata;
    use aws_sdk_signin::operation::create_o_auth2_token::CreateOAuth2TokenError as E;
    let Some(service) = e.as_service_error() else {
        return Error::AwsService {
            service: "Sign-In",
            operation: "CreateOAuth2Token",
            code: "RequestFailed".into(),
            message: crate::resolve::error_chain(&e),
        };
    };
    let (code, message) = match service {
        E::AccessDeniedException(a) => (a.error().as_str().to_string(), a.message().to_string()),
        E::ValidationException(v) => (v.error().as_str().to_string(), v.message().to_string()),
        other => (
            other.code().unwrap_or("Unknown").to_string(),
            other.message().unwrap_or_default().to_string(),
        ),
    };
    if SIGN_IN_AGAIN.contains(&code.as_str()) {
        let why = match code.as_str() {
            "TOKEN_EXPIRED" => "the console session has expired",
            "AUTHCODE_EXPIRED" => "the sign-in code expired before it was used",
            "USER_CREDENTIALS_CHANGED" => "the user's password changed since the login",
            _ => "Sign-In refused the grant",
        };
        return Error::LoginRequired {
            message: format!("{why} ({code}: {message})"),
            command: super::login_command(profile),
        };
    }
    Error::AwsService {
        service: "Sign-In",
        operation: "CreateOAuth2Token",
        code,
        message,
    }
}
