//! Typed requests and responses of the operations, serialized as JSON with PascalCase fields
//! (docs/api.md). Unknown request fields are refused, so a typo never silently does nothing.

use serde::{Deserialize, Serialize};

/// Fields every request may carry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LocationRequest {
    /// One credentials-format file that holds everything (`-ProfileLocation`).
    pub profile_location: Option<String>,
}

/// `set_profile`: store keys, a role, or settings in a profile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetProfileRequest {
    pub profile_name: String,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub session_token: Option<String>,
    pub role_arn: Option<String>,
    pub source_profile: Option<String>,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub role_session_name: Option<String>,
    pub duration_seconds: Option<i64>,
    pub region: Option<String>,
    pub profile_location: Option<String>,
}

/// `copy_profile`: store a copy of an existing profile under another name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopyProfileRequest {
    pub profile_name: String,
    pub store_as: String,
    pub profile_location: Option<String>,
}

/// Requests naming one profile: `show_profile`, `remove_profile`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ProfileRequest {
    pub profile_name: String,
    pub profile_location: Option<String>,
}

/// `get_credentials`: a named profile, or the environment then AWS_PROFILE / `default`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetCredentialsRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
}

/// What kind of credentials a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProfileKind {
    Basic,
    Session,
    AssumeRole,
    WebIdentity,
    CredentialProcess,
    Sso,
    Login,
    Settings,
}

/// The answer of `set_profile`, `copy_profile` and `remove_profile`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WriteResponse {
    pub profile_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ProfileKind>,
    pub files_written: Vec<String>,
}

/// One row of `list_profiles`, as the incumbent's `ProfileInfo`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProfileInfo {
    pub profile_name: String,
    pub store_type_name: &'static str,
    pub profile_location: String,
}

/// The answer of `list_profiles`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResponse {
    pub profiles: Vec<ProfileInfo>,
}

/// One stored setting, secrets masked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Setting {
    pub name: String,
    pub value: String,
    pub file: String,
    pub line: usize,
}

/// The answer of `show_profile`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShowResponse {
    pub profile_name: String,
    pub kind: ProfileKind,
    pub files: Vec<String>,
    pub settings: Vec<Setting>,
}

/// Where credentials came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CredentialSource {
    Environment,
    Profile,
}

/// The answer of `get_credentials`. Holds secrets: never log it, zero it when done.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    pub source: CredentialSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_location: Option<String>,
}
