//! The SSO portal (unsigned, bearer token): GetRoleCredentials, ListAccounts, ListAccountRoles and
//! Logout, at the configured endpoint or the regional one.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::resolve::deadline::aws_call;
use crate::resolve::{endpoint, Context, Resolved};

/// A portal client for `profile`'s endpoint settings in the session's `region`.
pub(crate) fn client(
    ctx: &Context<'_>,
    profile: &str,
    region: &str,
) -> Result<aws_sdk_sso::Client> {
    let parsed = ctx.texts.parse()?;
    let loader =
        crate::resolve::sdk_loader(ctx, ctx.env.to_sdk(), profile, region).no_credentials();
    let config = crate::resolve::runtime().block_on(loader.load());
    let mut b = aws_sdk_sso::config::Builder::from(&config);
    if let Some(u) = endpoint::configured(ctx.env, &parsed, profile, "sso") {
        b = b.endpoint_url(u);
    }
    Ok(aws_sdk_sso::Client::from_conf(b.build()))
}

fn failed<E>(
    operation: &'static str,
    e: aws_sdk_sso::error::SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>,
    login_command: &str,
) -> Error
where
    E: aws_sdk_sso::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    use aws_sdk_sso::error::ProvideErrorMetadata;
    let code = e.code().unwrap_or("RequestFailed").to_string();
    let message = e
        .message()
        .map(str::to_string)
        .unwrap_or_else(|| crate::resolve::error_chain(&e));
    if code == "UnauthorizedException" {
        return Error::LoginRequired {
            message: format!("the IAM Identity Center token was refused ({code}: {message})"),
            command: login_command.to_string(),
        };
    }
    Error::AwsService {
        service: "SSO",
        operation,
        code,
        message,
    }
}

/// GetRoleCredentials: the role's session credentials.
pub(crate) fn role_credentials(
    ctx: &Context<'_>,
    client: &aws_sdk_sso::Client,
    token: &str,
    account_id: &str,
    role_name: &str,
    login_command: &str,
) -> Result<Resolved> {
    let send = client
        .get_role_credentials()
        .access_token(token)
        .account_id(account_id)
        .role_name(role_name)
        .send();
    let out = aws_call(ctx.env, || "SSO GetRoleCredentials".into(), send)?
        .map_err(|e| failed("GetRoleCredentials", e, login_command))?;
    let c = out.role_credentials().ok_or_else(|| Error::AwsService {
        service: "SSO",
        operation: "GetRoleCredentials",
        code: "MalformedResponse".into(),
        message: "the answer has no roleCredentials".into(),
    })?;
    Ok(Resolved {
        access_key_id: c.access_key_id().unwrap_or_default().to_string(),
        secret_access_key: c.secret_access_key().unwrap_or_default().to_string(),
        session_token: c.session_token().map(str::to_string),
        expiration: Some(c.expiration() / 1000),
        account_id: Some(account_id.to_string()),
        profile_name: None,
        source: "Sso",
        profile_location: None,
        from_cache: false,
    })
}

/// An account and the roles the user may take in it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    pub account_id: String,
    pub account_name: String,
    pub email_address: String,
    pub roles: Vec<String>,
}

/// ListAccounts and ListAccountRoles, every page.
pub(crate) fn accounts(
    ctx: &Context<'_>,
    client: &aws_sdk_sso::Client,
    token: &str,
    login_command: &str,
) -> Result<Vec<Account>> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let send = client
            .list_accounts()
            .access_token(token)
            .set_next_token(next.clone())
            .send();
        let page = aws_call(ctx.env, || "SSO ListAccounts".into(), send)?
            .map_err(|e| failed("ListAccounts", e, login_command))?;
        for a in page.account_list() {
            out.push(Account {
                account_id: a.account_id().unwrap_or_default().to_string(),
                account_name: a.account_name().unwrap_or_default().to_string(),
                email_address: a.email_address().unwrap_or_default().to_string(),
                roles: Vec::new(),
            });
        }
        next = page
            .next_token()
            .map(str::to_string)
            .filter(|t| !t.is_empty());
        if next.is_none() {
            break;
        }
    }
    for a in &mut out {
        let mut next: Option<String> = None;
        loop {
            let send = client
                .list_account_roles()
                .access_token(token)
                .account_id(&a.account_id)
                .set_next_token(next.clone())
                .send();
            let page = aws_call(ctx.env, || "SSO ListAccountRoles".into(), send)?
                .map_err(|e| failed("ListAccountRoles", e, login_command))?;
            a.roles.extend(
                page.role_list()
                    .iter()
                    .filter_map(|r| r.role_name().map(str::to_string)),
            );
            next = page
                .next_token()
                .map(str::to_string)
                .filter(|t| !t.is_empty());
            if next.is_none() {
                break;
            }
        }
    }
    Ok(out)
}

/// Logout: ends the portal session of `token` (an already invalid token is not an error).
pub(crate) fn logout(ctx: &Context<'_>, client: &aws_sdk_sso::Client, token: &str) -> Result<()> {
    let send = client.logout().access_token(token).send();
    match aws_call(ctx.env, || "SSO Logout".into(), send)? {
        Ok(_) => Ok(()),
        Err(e) => match failed("Logout", e, "") {
            Error::LoginRequired { .. } => Ok(()),
            other => Err(other),
        },
    }
}
