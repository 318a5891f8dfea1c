//! The plan for a profile's credentials, as the cross-SDK specification defines it: one base
//! source, then the roles to assume in order. Planning reads only the files (no network), so it is
//! also what `explain` shows, each step with the file and line it came from.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::profile::normalize::Section;
use crate::profile::validate::DURATION_SECONDS;

/// Where a step of the plan was configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origin {
    pub profile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// The first source of credentials in a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// Keys stored in the profile.
    AccessKey {
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
        account_id: Option<String>,
    },
    /// `credential_source`: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    NamedSource(NamedSource),
    /// `web_identity_token_file` + `role_arn`.
    WebIdentity {
        role_arn: String,
        token_file: String,
        session_name: Option<String>,
    },
    /// IAM Identity Center: legacy (`sso_start_url` in the profile) or `sso_session`.
    Sso {
        session_name: Option<String>,
        start_url: String,
        region: String,
        /// Both or neither; neither makes a token-only profile that yields no credentials.
        account_id: Option<String>,
        role_name: Option<String>,
    },
    /// Console credentials from `aws login` (`login_session`).
    Login { login_session: String },
    /// `credential_process`.
    Process { command: String },
}

/// The sources `credential_source` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// One role to assume with the credentials of the step before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLink {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub mfa_serial: Option<String>,
    pub duration_seconds: Option<i32>,
    pub origin: Origin,
}

/// A resolved plan: the base, where it was configured, then the roles in the order they are assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub base: Base,
    pub base_origin: Origin,
    pub roles: Vec<RoleLink>,
}

/// Looks up profiles and sso-sessions by name (the normalized view, loaded lazily).
pub trait ProfileSource {
    fn profile(&self, name: &str) -> Option<Section>;
    fn sso_session(&self, name: &str) -> Option<Section>;
    fn has_profiles(&self) -> bool;
}

fn origin(name: &str, section: &Section, key: &str) -> Origin {
    let prop = section.properties.get(key);
    Origin {
        profile: name.to_string(),
        file: prop.map(|p| p.file.display().to_string()),
        line: prop.map(|p| p.line),
    }
}

fn owned(section: &Section, key: &str) -> Option<String> {
    section.get(key).map(str::to_string)
}

/// Invalid profile configuration, naming the profile.
fn config_error(profile: &str, message: impl std::fmt::Display) -> Error {
    Error::ProfileConfig(format!("profile `{profile}`: {message}"))
}

/// Plans the credentials of profile `selected`.
pub fn plan(source: &dyn ProfileSource, selected: &str) -> Result<Chain> {
    if !source.has_profiles() {
        return Err(Error::ProfileNotFound {
            name: selected.to_string(),
            searched: "the config and credentials files (No profiles were defined)".into(),
        });
    }
    let mut name = selected.to_string();
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let (base, base_origin) = loop {
        let Some(profile) = source.profile(&name) else {
            return Err(match visited.last() {
                None => Error::ProfileNotFound {
                    name: name.clone(),
                    searched: "the config and credentials files".into(),
                },
                Some(from) => Error::ProfileNotFound {
                    name: name.clone(),
                    searched: format!(
                        "the config and credentials files (could not find source profile {name} referenced from {from})"
                    ),
                },
            });
        };
        if visited.contains(&name) {
            visited.push(name.clone());
            return Err(Error::ProfileConfig(format!(
                "profile formed an infinite loop: {}",
                visited.join(" -> ")
            )));
        }
        visited.push(name.clone());
        // After the first profile, static keys win over anything else in that profile.
        if visited.len() > 1 {
            if let Ok(Some(base)) = static_keys(&name, &profile) {
                break (base, origin(&name, &profile, "aws_access_key_id"));
            }
        }
        let role = profile
            .get("role_arn")
            .filter(|_| profile.get("web_identity_token_file").is_none());
        let Some(role_arn) = role else {
            break base_provider(source, &name, &profile)?;
        };
        roles.push(RoleLink {
            role_arn: role_arn.to_string(),
            external_id: owned(&profile, "external_id"),
            session_name: owned(&profile, "role_session_name"),
            mfa_serial: owned(&profile, "mfa_serial"),
            duration_seconds: duration(&name, &profile)?,
            origin: origin(&name, &profile, "role_arn"),
        });
        match (profile.get("source_profile"), profile.get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(config_error(
                    &name,
                    "profile contained both source_profile and credential_source; only one may be defined",
                ))
            }
            (None, None) => {
                return Err(config_error(
                    &name,
                    "profile must contain `source_profile` or `credential_source` but neither were defined",
                ))
            }
            (Some(next), None) if next == name => {
                // Self-reference: this profile's own keys are the base.
                let base = static_keys(&name, &profile)?.ok_or_else(|| no_credentials(&name))?;
                break (base, origin(&name, &profile, "aws_access_key_id"));
            }
            (Some(next), None) => name = next.to_string(),
            (None, Some(cs)) => {
                let named = named_source(&name, cs)?;
                break (Base::NamedSource(named), origin(&name, &profile, "credential_source"));
            }
        }
    };
    roles.reverse();
    Ok(Chain {
        base,
        base_origin,
        roles,
    })
}

fn no_credentials(name: &str) -> Error {
    Error::NoCredentials(format!(
        "profile `{name}` did not contain credential information (no aws_access_key_id, role_arn, sso_session, credential_process, login_session, ...)"
    ))
}

fn duration(name: &str, profile: &Section) -> Result<Option<i32>> {
    match profile.get("duration_seconds") {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|d| DURATION_SECONDS.contains(d))
            .and_then(|d| i32::try_from(d).ok())
            .map(Some)
            .ok_or_else(|| {
                config_error(
                    name,
                    format!(
                        "duration_seconds = {v} is not a number of seconds between {} and {}",
                        DURATION_SECONDS.start(),
                        DURATION_SECONDS.end()
                    ),
                )
            }),
    }
}

fn named_source(name: &str, value: &str) -> Result<NamedSource> {
    // Matched case-insensitively, as the SDKs built on the specification do.
    match value.to_ascii_lowercase().as_str() {
        "environment" => Ok(NamedSource::Environment),
        "ec2instancemetadata" => Ok(NamedSource::Ec2InstanceMetadata),
        "ecscontainer" => Ok(NamedSource::EcsContainer),
        _ => Err(config_error(
            name,
            format!("credential_source = {value} is not one of Environment, Ec2InstanceMetadata, EcsContainer"),
        )),
    }
}

/// Static keys: `Ok(None)` when the profile has none at all, an error when only half is there.
fn static_keys(name: &str, profile: &Section) -> Result<Option<Base>> {
    let id = profile.get("aws_access_key_id");
    let secret = profile.get("aws_secret_access_key");
    let token = profile
        .get("aws_session_token")
        .or_else(|| profile.get("aws_security_token"));
    match (id, secret) {
        (None, None) if token.is_none() => Ok(None),
        (Some(id), Some(secret)) => Ok(Some(Base::AccessKey {
            access_key_id: id.to_string(),
            secret_access_key: secret.to_string(),
            session_token: token.map(str::to_string),
            account_id: owned(profile, "aws_account_id"),
        })),
        (None, _) => Err(config_error(name, "profile missing aws_access_key_id")),
        (Some(_), None) => Err(config_error(name, "profile missing aws_secret_access_key")),
    }
}

/// The base source of a profile that is not (or no longer) a role link, first match wins:
/// credential_source, web identity, SSO, login, process, static keys.
fn base_provider(
    source: &dyn ProfileSource,
    name: &str,
    profile: &Section,
) -> Result<(Base, Origin)> {
    if let Some(cs) = profile.get("credential_source") {
        return Ok((
            Base::NamedSource(named_source(name, cs)?),
            origin(name, profile, "credential_source"),
        ));
    }
    match (
        profile.get("role_arn"),
        profile.get("web_identity_token_file"),
    ) {
        (Some(role_arn), Some(file)) => {
            return Ok((
                Base::WebIdentity {
                    role_arn: role_arn.to_string(),
                    token_file: file.to_string(),
                    session_name: owned(profile, "role_session_name"),
                },
                origin(name, profile, "web_identity_token_file"),
            ))
        }
        (None, Some(_)) => {
            return Err(config_error(
                name,
                "`web_identity_token_file` was specified but `role_arn` was missing",
            ))
        }
        _ => {}
    }
    if let Some(sso) = sso(source, name, profile)? {
        return Ok(sso);
    }
    if let Some(session) = profile.get("login_session") {
        return Ok((
            Base::Login {
                login_session: session.to_string(),
            },
            origin(name, profile, "login_session"),
        ));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok((
            Base::Process {
                command: command.to_string(),
            },
            origin(name, profile, "credential_process"),
        ));
    }
    match static_keys(name, profile)? {
        Some(base) => Ok((base, origin(name, profile, "aws_access_key_id"))),
        None => Err(no_credentials(name)),
    }
}

/// SSO settings, legacy or through `sso_session`; `Ok(None)` when the profile has none.
fn sso(
    source: &dyn ProfileSource,
    name: &str,
    profile: &Section,
) -> Result<Option<(Base, Origin)>> {
    let account = profile.get("sso_account_id");
    let role = profile.get("sso_role_name");
    let session = profile.get("sso_session");
    if account.is_none()
        && role.is_none()
        && session.is_none()
        && profile.get("sso_start_url").is_none()
    {
        return Ok(None);
    }
    let (session_name, start_url, region, key) = match session {
        Some(session_name) => {
            if profile.get("sso_region").is_some() || profile.get("sso_start_url").is_some() {
                return Err(config_error(
                    name,
                    "`sso_region` can only be specified in the [sso-session] config when a session name is given",
                ));
            }
            let s = source.sso_session(session_name).ok_or_else(|| {
                config_error(
                    name,
                    format!("sso-session named `{session_name}` (referenced by profile `{name}`) was not found"),
                )
            })?;
            let need = |k: &str| {
                owned(&s, k).ok_or_else(|| {
                    config_error(name, format!("[sso-session {session_name}] is missing {k}"))
                })
            };
            (
                Some(session_name.to_string()),
                need("sso_start_url")?,
                need("sso_region")?,
                "sso_session",
            )
        }
        None => {
            let need = |k: &str| {
                owned(profile, k)
                    .ok_or_else(|| config_error(name, format!("SSO profile is missing {k}")))
            };
            (
                None,
                need("sso_start_url")?,
                need("sso_region")?,
                "sso_start_url",
            )
        }
    };
    let (account_id, role_name) = match (account, role) {
        (None, Some(_)) => {
            return Err(config_error(
                name,
                "if `sso_role_name` is set, then `sso_account_id` must also be set",
            ))
        }
        (Some(_), None) => {
            return Err(config_error(
                name,
                "if `sso_account_id` is set, then `sso_role_name` must also be set",
            ))
        }
        (a, r) => (a.map(str::to_string), r.map(str::to_string)),
    };
    Ok(Some((
        Base::Sso {
            session_name,
            start_url,
            region,
            account_id,
            role_name,
        },
        origin(name, profile, key),
    )))
}
