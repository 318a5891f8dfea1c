//! IAM Identity Center (`aws configure sso`, `aws sso login/logout`): the token cache shared with
//! the AWS CLI, client registration, the authorization-code and device-code flows, the refresh
//! during resolution, and the portal calls (shared/reference/config-files-and-caches.md 3.1).

pub mod cache;
pub mod configure;
pub mod flow;
pub mod oidc;
pub mod portal;
pub mod refresh;

use crate::error::{Error, Result};
use crate::profile::normalize::ParsedFiles;

/// The scope the AWS CLI asks for when a session names none.
pub const DEFAULT_SCOPE: &str = "sso:account:access";

/// The command a user runs to sign in to IAM Identity Center again: through the profile that
/// was used when there is one (the user knows it), else through the session.
pub fn login_command(profile: Option<&str>, session: Option<&str>) -> String {
    match (profile, session) {
        (Some(p), _) => format!("awscred sso-login {p}` or `Invoke-AWSSSOLogin -ProfileName {p}"),
        (None, Some(s)) => {
            format!("awscred sso-login --sso-session {s}` or `Invoke-AWSSSOLogin -SessionName {s}")
        }
        (None, None) => "awscred sso-login` or `Invoke-AWSSSOLogin".to_string(),
    }
}

/// Where a token comes from: an `[sso-session]` or a legacy profile's own start URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The sso-session name; None for a legacy profile (its token is never refreshed).
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    pub scopes: Vec<String>,
    /// The profile it was found through, if any (for messages).
    pub profile: Option<String>,
}

impl Target {
    /// The text hashed into the token cache file name: the session name, else the start URL.
    pub fn cache_id(&self) -> &str {
        self.session.as_deref().unwrap_or(&self.start_url)
    }

    /// The login command for this target.
    pub fn login_command(&self) -> String {
        login_command(self.profile.as_deref(), self.session.as_deref())
    }

    /// The `[sso-session name]` section.
    pub fn of_session(parsed: &ParsedFiles<'_>, name: &str) -> Result<Target> {
        let s = parsed.sso_session(name).ok_or_else(|| {
            Error::ProfileConfig(format!("sso-session named `{name}` was not found"))
        })?;
        let get = |k: &str| {
            s.get(k)
                .map(str::to_string)
                .ok_or_else(|| Error::ProfileConfig(format!("[sso-session {name}] has no {k}")))
        };
        Ok(Target {
            session: Some(name.to_string()),
            start_url: get("sso_start_url")?,
            region: get("sso_region")?,
            scopes: s
                .get("sso_registration_scopes")
                .map(|v| {
                    v.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            profile: None,
        })
    }

    /// The target of profile `name`: its sso_session, or its legacy sso_start_url and sso_region.
    pub fn of_profile(parsed: &ParsedFiles<'_>, name: &str) -> Result<Target> {
        let p = parsed
            .profile(name)
            .ok_or_else(|| Error::ProfileConfig(format!("profile '{name}' is not defined")))?;
        let mut t = if let Some(session) = p.get("sso_session") {
            Target::of_session(parsed, session)?
        } else {
            match (p.get("sso_start_url"), p.get("sso_region")) {
                (Some(url), Some(region)) => Target {
                    session: None,
                    start_url: url.to_string(),
                    region: region.to_string(),
                    scopes: Vec::new(),
                    profile: None,
                },
                _ => {
                    return Err(Error::ProfileConfig(format!(
                        "profile '{name}' is not an IAM Identity Center profile (it has no sso_session, nor sso_start_url and sso_region); run `awscred sso-configure {name}` or Initialize-AWSSSOConfiguration"
                    )))
                }
            }
        };
        t.profile = Some(name.to_string());
        Ok(t)
    }
}
