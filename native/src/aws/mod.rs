//! The AWS services that the key operations call (STS, IAM, Secrets Manager): clients signed with
//! one given key and configured like any SDK client (endpoint settings, region, deadlines), and
//! the one mapping of their errors to the core's (`failure`).

pub mod failure;
pub mod iam;
pub mod secrets;

use aws_credential_types::Credentials;

use crate::env::Env;
use crate::error::Result;
use crate::resolve::{endpoint, Context};
pub use failure::{CallError, Kind};

/// A long-term access key pair. Debug shows the id only.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    pub id: String,
    pub secret: String,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({}, ****)", self.id)
    }
}

/// STS, IAM and Secrets Manager clients that all sign with one key.
#[derive(Clone)]
pub struct Signed {
    pub key_id: String,
    pub env: Env,
    pub sts: aws_sdk_sts::Client,
    pub iam: aws_sdk_iam::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
}

impl Signed {
    /// Clients for `profile`'s endpoint settings in `region`, signing with `key` (plus a session
    /// token for session credentials).
    pub(crate) fn new(
        ctx: &Context<'_>,
        profile: &str,
        region: &str,
        key: &Key,
        session_token: Option<&str>,
    ) -> Result<Signed> {
        let loader = crate::resolve::sdk_loader(ctx, ctx.env.to_sdk(), profile, region)
            .credentials_provider(Credentials::new(
                key.id.clone(),
                key.secret.clone(),
                session_token.map(str::to_string),
                None,
                "awscred",
            ));
        let config = crate::resolve::runtime().block_on(loader.load());
        let parsed = ctx.texts.parse()?;
        let url = |service: &str| endpoint::configured(ctx.env, &parsed, profile, service);
        let mut sts = aws_sdk_sts::config::Builder::from(&config);
        if let Some(u) = url("sts") {
            sts = sts.endpoint_url(u);
        }
        let mut iam = aws_sdk_iam::config::Builder::from(&config);
        if let Some(u) = url("iam") {
            iam = iam.endpoint_url(u);
        }
        let mut secrets = aws_sdk_secretsmanager::config::Builder::from(&config);
        if let Some(u) = url("secretsmanager").or_else(|| url("secrets_manager")) {
            secrets = secrets.endpoint_url(u);
        }
        Ok(Signed {
            key_id: key.id.clone(),
            env: ctx.env.clone(),
            sts: aws_sdk_sts::Client::from_conf(sts.build()),
            iam: aws_sdk_iam::Client::from_conf(iam.build()),
            secrets: aws_sdk_secretsmanager::Client::from_conf(secrets.build()),
        })
    }

    /// STS GetCallerIdentity: the ARN, account and user id of this key.
    pub fn identity(&self) -> Result<Identity, CallError> {
        let out = failure::call(&self.env, "STS", "GetCallerIdentity", &self.key_id, || {
            self.sts.get_caller_identity().send()
        })?;
        Ok(Identity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
        })
    }
}

impl Signed {
    /// STS GetSessionToken with an MFA device: a session of this key for the calls that an
    /// account's policy allows only with MFA (IAM). 15 minutes, the shortest STS gives.
    pub fn mfa_session(&self, serial: &str, code: &str) -> Result<(Key, String), CallError> {
        let out = failure::call(&self.env, "STS", "GetSessionToken", &self.key_id, || {
            self.sts
                .get_session_token()
                .serial_number(serial)
                .token_code(code)
                .duration_seconds(900)
                .send()
        })?;
        let c = out.credentials();
        Ok((
            Key {
                id: c.map(|c| c.access_key_id().to_string()).unwrap_or_default(),
                secret: c
                    .map(|c| c.secret_access_key().to_string())
                    .unwrap_or_default(),
            },
            c.map(|c| c.session_token().to_string()).unwrap_or_default(),
        ))
    }
}

/// Who a key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
}

impl Identity {
    /// The IAM user name of an `arn:...:iam::ACCOUNT:user/PATH/NAME` identity; None for roles.
    pub fn user_name(&self) -> Option<&str> {
        let resource = self.arn.splitn(6, ':').nth(5)?;
        let rest = resource.strip_prefix("user/")?;
        rest.rsplit('/').next().filter(|n| !n.is_empty())
    }
}

/// Epoch seconds of an SDK timestamp.
pub(crate) fn epoch(t: &aws_smithy_types::DateTime) -> i64 {
    t.secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_come_from_user_arns_only() {
        let id = |arn: &str| Identity {
            account: "1".into(),
            arn: arn.into(),
        };
        assert_eq!(
            id("arn:aws:iam::123456789012:user/alice").user_name(),
            Some("alice")
        );
        assert_eq!(
            id("arn:aws:iam::123456789012:user/ops/hosts/web-1").user_name(),
            Some("web-1")
        );
        assert_eq!(
            id("arn:aws:sts::123456789012:assumed-role/R/s").user_name(),
            None
        );
        assert_eq!(id("nonsense").user_name(), None);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let k = Key {
            id: "AKIAEXAMPLE".into(),
            secret: "very-secret-value".into(),
        };
        assert!(!format!("{k:?}").contains("very-secret"));
    }
}
