//! A secret as a user name and password (for PSCredential): the AWSCURRENT value of a secret that
//! is a JSON object with the two fields named by the caller.

use crate::aws::secrets;
use crate::env::Env;
use crate::error::Result;
use crate::resolve::Request;

/// A user name and password from a secret. Holds the password.
pub struct SecretCredential {
    pub user_name: String,
    pub password: String,
    pub secret_arn: String,
    pub version_id: String,
}

/// Reads secret `secret_id` with the credentials of `req` (a profile or the default chain) and
/// takes fields `user_key` and `password_key` of its JSON.
pub fn read(
    env: &Env,
    req: &Request,
    secret_id: &str,
    user_key: &str,
    password_key: &str,
) -> Result<SecretCredential> {
    crate::profile::validate::value("SecretId", secret_id, false)?;
    for (field, v) in [("UserNameKey", user_key), ("PasswordKey", password_key)] {
        crate::profile::validate::value(field, v, false)?;
    }
    let (signed, _, _) = super::signed_for(env, req)?;
    let version = signed
        .secret_value(secret_id, secrets::CURRENT)
        .map_err(|e| super::secret_error(e, secret_id))?;
    let [user_name, password] =
        super::secret_fields(secret_id, version.text.as_deref(), [user_key, password_key])?;
    Ok(SecretCredential {
        user_name,
        password,
        secret_arn: version.arn,
        version_id: version.version_id,
    })
}
