//! `Initialize-AWSSSOConfiguration` / `awscred sso-configure`: write `[sso-session S]` and
//! `[profile X]` (sso_session, sso_account_id, sso_role_name, region) in one locked edit. The
//! interactive choices (accounts and roles) are the front end's; here every value is given.

use std::path::PathBuf;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::{self, validate};
use crate::resolve::Context;

/// The values a configuration needs.
#[derive(Debug, Clone, Default)]
pub struct Configuration {
    pub profile_name: Option<String>,
    pub session_name: Option<String>,
    pub start_url: Option<String>,
    pub sso_region: Option<String>,
    pub scopes: Vec<String>,
    pub account_id: Option<String>,
    pub role_name: Option<String>,
    pub region: Option<String>,
    /// Write the `[sso-session]` only (an interactive front end signs in with it first, then
    /// offers the accounts and roles, then writes the profile).
    pub session_only: bool,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Configured {
    pub profile_name: String,
    pub session_name: String,
    pub files_written: Vec<PathBuf>,
}

/// Writes the configuration; a missing value is InvalidInput naming every missing parameter (a
/// non-interactive host cannot be asked). An existing session keeps what is not given.
pub fn write(
    env: &Env,
    location: Option<&str>,
    c: &Configuration,
    dry_run: bool,
) -> Result<Configured> {
    let profile = crate::resolve::profile_name(env, c.profile_name.as_deref())?;
    let ctx = Context::new(env, location)?;
    let parsed = ctx.texts.parse()?;
    let session_name = c.session_name.clone().unwrap_or_else(|| profile.clone());
    validate::profile_name("SessionName", &session_name)?;
    let existing = parsed.sso_session(&session_name);
    let from_existing = |k: &str| existing.as_ref().and_then(|s| s.get(k).map(str::to_string));
    let start_url = c
        .start_url
        .clone()
        .or_else(|| from_existing("sso_start_url"));
    let sso_region = c.sso_region.clone().or_else(|| from_existing("sso_region"));
    let mut missing = Vec::new();
    for (name, v) in [
        ("StartUrl (--start-url)", &start_url),
        ("SSORegion (--sso-region)", &sso_region),
        ("AccountId (--account-id)", &c.account_id),
        ("RoleName (--role-name)", &c.role_name),
    ] {
        let profile_value = name.starts_with("AccountId") || name.starts_with("RoleName");
        if v.is_none() && !(c.session_only && profile_value) {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(Error::InvalidInput(format!(
            "give {}: nothing can ask for them here (not an interactive session); nothing was written",
            missing.join(", ")
        )));
    }
    let (start_url, sso_region) = (
        start_url.unwrap_or_default(),
        sso_region.unwrap_or_default(),
    );
    validate::value("StartUrl", &start_url, false)?;
    if !(start_url.starts_with("https://") || start_url.starts_with("http://")) {
        return Err(Error::InvalidInput(format!(
            "StartUrl must be the portal URL (https://...), not '{start_url}'"
        )));
    }
    validate::region("SSORegion", &sso_region)?;
    let account = c.account_id.clone().unwrap_or_default();
    let role = c.role_name.clone().unwrap_or_default();
    if !c.session_only {
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidInput(format!(
                "AccountId must be 12 digits, not '{account}'"
            )));
        }
        validate::value("RoleName", &role, false)?;
    }
    if let Some(r) = &c.region {
        validate::region("Region", r)?;
    }
    for s in &c.scopes {
        validate::value("RegistrationScopes", s, false)?;
    }
    let mut session_changes = vec![
        ("sso_start_url".to_string(), Some(start_url)),
        ("sso_region".to_string(), Some(sso_region)),
    ];
    if !c.scopes.is_empty() {
        session_changes.push(("sso_registration_scopes".into(), Some(c.scopes.join(","))));
    } else if from_existing("sso_registration_scopes").is_none() {
        session_changes.push((
            "sso_registration_scopes".into(),
            Some(super::DEFAULT_SCOPE.to_string()),
        ));
    }
    let mut profile_changes: Vec<(String, Option<String>)> = vec![
        ("sso_session".to_string(), Some(session_name.clone())),
        ("sso_account_id".to_string(), Some(account)),
        ("sso_role_name".to_string(), Some(role)),
        // A profile with sso_session must not also carry the legacy keys (smithy-rs refuses it).
        ("sso_start_url".to_string(), None),
        ("sso_region".to_string(), None),
    ];
    if let Some(r) = &c.region {
        profile_changes.push(("region".to_string(), Some(r.clone())));
    }
    if c.session_only {
        profile_changes.clear();
    }
    let files_written = if dry_run {
        Vec::new()
    } else {
        profile::edit_sso_configuration(
            &ctx.files,
            env,
            &session_name,
            &session_changes,
            &profile,
            &profile_changes,
        )?
    };
    Ok(Configured {
        profile_name: profile,
        session_name,
        files_written,
    })
}
