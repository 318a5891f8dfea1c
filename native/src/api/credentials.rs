//! Getting the credentials of a profile. This slice reads static and session keys from the files
//! and the environment; role, SSO, web identity, process and login profiles answer NotSupported
//! until credential resolution lands.

use super::profiles::{kind_of, not_found};
use super::types::*;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::locate::locate;
use crate::profile::normalize::Section;
use crate::profile::{self, validate, FileTexts};

/// Credentials for a named profile, or with no name: the environment, then AWS_PROFILE, then
/// `default`.
pub fn get_credentials(env: &Env, req: GetCredentialsRequest) -> Result<Credentials> {
    if let Some(loc) = &req.profile_location {
        validate::value("ProfileLocation", loc, false)?;
    }
    let files = locate(env, req.profile_location.as_deref());
    let mut tried = Vec::new();
    let name = match &req.profile_name {
        Some(name) => {
            validate::profile_name("ProfileName", name)?;
            name.clone()
        }
        None => {
            if let Some(creds) = from_environment(env) {
                return Ok(creds);
            }
            tried.push("environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: not set");
            env.get_non_blank("AWS_PROFILE")
                .unwrap_or_else(|| "default".to_string())
        }
    };
    let texts = FileTexts::read(&files)?;
    let parsed = texts.parse()?;
    let section = match (&req.profile_name, parsed.profile(&name)) {
        (_, Some(section)) => section,
        (Some(_), None) => return Err(not_found(&name, &files)),
        (None, None) => {
            return Err(Error::NoCredentials(format!(
                "no credentials found; tried {}; profile '{name}': not found in {}",
                tried.join("; "),
                files.describe()
            )))
        }
    };
    from_profile(&name, &section, &files)
}

/// Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (blank counts as unset).
fn from_environment(env: &Env) -> Option<Credentials> {
    let access_key_id = env.get_non_blank("AWS_ACCESS_KEY_ID")?;
    let secret_access_key = env.get_non_blank("AWS_SECRET_ACCESS_KEY")?;
    Some(Credentials {
        access_key_id,
        secret_access_key,
        session_token: env
            .get_non_blank("AWS_SESSION_TOKEN")
            .or_else(|| env.get_non_blank("AWS_SECURITY_TOKEN")),
        expiration: env.get_non_blank("AWS_CREDENTIAL_EXPIRATION"),
        profile_name: None,
        source: CredentialSource::Environment,
        profile_location: None,
    })
}

/// Static or session keys stored in a profile.
fn from_profile(
    name: &str,
    section: &Section,
    files: &crate::profile::locate::ProfileFiles,
) -> Result<Credentials> {
    let kind = kind_of(section);
    match kind {
        ProfileKind::Basic | ProfileKind::Session => {}
        ProfileKind::Settings => {
            return Err(Error::NoCredentials(format!(
                "profile `{name}` did not contain credential information (no aws_access_key_id, role_arn, sso_session, credential_process, ...)"
            )))
        }
        other => {
            return Err(Error::NotSupported(format!(
                "profile '{name}' (kind {other:?}): credentials of this kind are not yet resolvable here (only static and session keys in this version)"
            )))
        }
    }
    let access_key_id = section.get("aws_access_key_id").unwrap_or_default();
    let Some(secret_access_key) = section
        .get("aws_secret_access_key")
        .filter(|s| !s.is_empty())
    else {
        return Err(Error::NoCredentials(format!(
            "profile `{name}` is missing aws_secret_access_key"
        )));
    };
    if access_key_id.is_empty() {
        return Err(Error::NoCredentials(format!(
            "profile `{name}` is missing aws_access_key_id"
        )));
    }
    let location = section
        .properties
        .get("aws_access_key_id")
        .map(|p| p.file.display().to_string())
        .or_else(|| {
            Some(
                profile::primary_location(files, &section.files)
                    .display()
                    .to_string(),
            )
        });
    Ok(Credentials {
        access_key_id: access_key_id.to_string(),
        secret_access_key: secret_access_key.to_string(),
        session_token: section
            .get("aws_session_token")
            .or_else(|| section.get("aws_security_token"))
            .map(str::to_string),
        expiration: None,
        profile_name: Some(name.to_string()),
        source: CredentialSource::Profile,
        profile_location: location,
    })
}
