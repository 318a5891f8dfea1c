//! The Secrets Manager calls of sync, rotation and Get-AWSSecretCredential. Reads always name the
//! stage (`AWSCURRENT` unless told otherwise): moto returns a stale version without it.

use super::failure::{call, CallError};
use super::Signed;

const SM: &str = "Secrets Manager";
/// The stage that readers use.
pub const CURRENT: &str = "AWSCURRENT";
/// The stage of a value written but not yet promoted.
pub const PENDING: &str = "AWSPENDING";

/// One version of a secret. Holds the secret string.
#[derive(Clone)]
pub struct SecretVersion {
    pub arn: String,
    pub name: String,
    pub version_id: String,
    pub text: Option<String>,
}

impl Signed {
    /// GetSecretValue of `id` at `stage`.
    pub fn secret_value(&self, id: &str, stage: &str) -> Result<SecretVersion, CallError> {
        let out = call(&self.env, SM, "GetSecretValue", &self.key_id, || {
            self.secrets
                .get_secret_value()
                .secret_id(id)
                .version_stage(stage)
                .send()
        })?;
        Ok(SecretVersion {
            arn: out.arn().unwrap_or_default().to_string(),
            name: out.name().unwrap_or_default().to_string(),
            version_id: out.version_id().unwrap_or_default().to_string(),
            text: out.secret_string().map(str::to_string),
        })
    }

    /// PutSecretValue of `text` under `token` with only the AWSPENDING stage; returns the version.
    pub fn put_pending(&self, id: &str, text: &str, token: &str) -> Result<String, CallError> {
        let out = call(&self.env, SM, "PutSecretValue", &self.key_id, || {
            self.secrets
                .put_secret_value()
                .secret_id(id)
                .secret_string(text)
                .client_request_token(token)
                .version_stages(PENDING)
                .send()
        })?;
        Ok(out.version_id().unwrap_or_default().to_string())
    }

    /// UpdateSecretVersionStage: moves `stage` to version `to` from version `from`.
    pub fn move_stage(&self, id: &str, stage: &str, to: &str, from: &str) -> Result<(), CallError> {
        call(
            &self.env,
            SM,
            "UpdateSecretVersionStage",
            &self.key_id,
            || {
                let mut r = self
                    .secrets
                    .update_secret_version_stage()
                    .secret_id(id)
                    .version_stage(stage)
                    .move_to_version_id(to);
                if !from.is_empty() {
                    r = r.remove_from_version_id(from);
                }
                r.send()
            },
        )?;
        Ok(())
    }
}
