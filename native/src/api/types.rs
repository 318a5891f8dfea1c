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
    /// Keep the keys in the OS keychain; the profile gets a `credential_process` line instead.
    #[serde(default)]
    pub encrypted: bool,
    /// The awscred that the `credential_process` line runs (copied to a stable per-user folder
    /// first): the CLI gives itself, the module its bundled one.
    pub cli_path: Option<String>,
}

/// `move_profile`: move a profile's keys between the shared credentials file and the keychain.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MoveProfileRequest {
    pub profile_name: String,
    pub profile_location: Option<String>,
    /// `Keychain` or `SharedCredentialsFile` (the StoreTypeName values).
    pub to: String,
    /// `NetSDKCredentialsFile` to move the profile of that name from the AWS SDK for .NET store;
    /// absent, the shared files' profile, else the store's when the files have none.
    pub from: Option<String>,
    /// Also remove the profile from the .NET SDK store after the move (that store is shared with
    /// the .NET SDK and Visual Studio, so it is left alone by default).
    #[serde(default)]
    pub remove_source: bool,
    pub cli_path: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `refresh_cli`: the awscred shipped with the caller.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RefreshCliRequest {
    pub cli_path: String,
}

/// `refresh_cli`: the stable copy (None when there is none to refresh) and whether it was replaced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RefreshCliResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub refreshed: bool,
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

/// `get_credentials`, `whoami`: a named profile, or the default chain (environment,
/// AWS_PROFILE / `default`, web identity, container, instance metadata).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetCredentialsRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    /// The current MFA code for roles with `mfa_serial` (asked for by an MfaRequired error).
    pub token_code: Option<String>,
    /// An explicit region (or the shell default) for the STS calls.
    pub region: Option<String>,
}

/// `export_credentials`: credentials as text for a shell or a credential_process.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExportRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub token_code: Option<String>,
    pub region: Option<String>,
    /// `env` (POSIX shell), `powershell`, `json` (credential_process format), `environment`
    /// (a `Variables` map for a front end that sets its own process environment).
    pub format: String,
}

/// The answer of `export_credentials`. Holds secrets.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExportResponse {
    pub text: String,
    /// For `environment`: each variable to set, or null to unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<std::collections::BTreeMap<String, Option<String>>>,
}

/// `explain`: which sources a profile (or the default chain) uses, without calling AWS.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExplainRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
}

/// One step of a resolution plan: the provider, its settings (secrets masked), where they came from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExplainStep {
    /// `AccessKey`, `NamedSource`, `WebIdentityToken`, `Sso`, `Login`, `Process`, `AssumeRole`,
    /// `Environment`, `Container`, `InstanceMetadata`.
    pub provider: String,
    /// The settings as the cross-SDK vectors name them (a string for `NamedSource`).
    pub settings: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For roles: whether the CLI cache holds credentials good for 15 more minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
}

/// The answer of `explain`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExplainResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    /// The sources used, base first, then each role in the order assumed.
    pub steps: Vec<ExplainStep>,
    /// For the default chain: the sources passed over and why.
    pub skipped: Vec<String>,
    /// The region from the files and environment (no instance metadata).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionResponse>,
}

/// `whoami`: STS GetCallerIdentity's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// `resolve_region`: the region chain for a profile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RegionRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub region: Option<String>,
    /// Ask instance metadata last (bounded to about 1.5 s); default true.
    pub use_instance_metadata: Option<bool>,
}

/// The answer of `resolve_region`: no `Region` when nothing configures one.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegionResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// What kind of credentials a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProfileKind {
    Basic,
    Session,
    AssumeRole,
    WebIdentity,
    CredentialProcess,
    /// Keys in the OS keychain, read through our `credential_process` line.
    Keychain,
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
    pub account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    /// `Profile`, `Environment`, `AssumeRole`, `WebIdentity`, `Sso`, `Login`, `Process`,
    /// `EcsContainer`, `Ec2InstanceMetadata`.
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_location: Option<String>,
    /// True when the credentials came from the CLI cache without calling STS.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cached: bool,
}

/// `describe`: takes no fields (an `Environment` is accepted and ignored, as by every operation).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRequest {}

/// One operation as `describe` lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OperationDescription {
    /// The operation's name, e.g. `set_profile`.
    pub name: &'static str,
    /// The exported C function, e.g. `awscred_set_profile`.
    pub function: &'static str,
    /// Whether the operation can change files.
    pub changes: bool,
}

/// One error status as `describe` lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDescription {
    /// The C ABI return value.
    pub status: i32,
    /// The `code` of the JSON error.
    pub code: &'static str,
    /// The CLI's exit code.
    pub exit_code: u8,
    /// The PowerShell ErrorCategory member name.
    pub category: &'static str,
    /// One line.
    pub meaning: &'static str,
}

/// The environment variables the library reads, which a front end sends with every request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnvironmentDescription {
    /// Every variable whose name starts with one of these.
    pub prefixes: Vec<&'static str>,
    /// And these names.
    pub names: Vec<&'static str>,
}

/// The answer of `describe`: the library's contract, from its own tables.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeResponse {
    pub abi_version: u32,
    pub operations: Vec<OperationDescription>,
    pub errors: Vec<ErrorDescription>,
    pub environment: EnvironmentDescription,
}

/// `validate`: checks each given value with the rules the operations apply; `{}` when all pass.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ValidateRequest {
    /// A region name (`us-east-1`).
    pub region: Option<String>,
    /// An MFA code: 6 digits. Never echoed in an error.
    pub token_code: Option<String>,
    /// A profile name.
    pub profile_name: Option<String>,
}

/// The answer of `validate`: an empty object.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValidateResponse {}

/// `initialize_defaults`: create or update the profile `default` from keys, a role or another
/// profile, or check that the default chain has credentials; and find a region.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InitializeDefaultsRequest {
    /// An existing profile to copy to `default` (resolved first; the StoredProfile set).
    pub profile_name: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub session_token: Option<String>,
    pub role_arn: Option<String>,
    pub source_profile: Option<String>,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    /// The region to store in `default` (`-Region`).
    pub region: Option<String>,
    /// The shell's region (`$StoredAWSRegion`): used after `Region`, never stored; empty counts
    /// as not given.
    pub shell_region: Option<String>,
    /// The MFA code, when the credentials come from a role with `mfa_serial`.
    pub token_code: Option<String>,
    pub profile_location: Option<String>,
    /// Ask instance metadata for the region last (bounded to about 1.5 s); default true.
    pub use_instance_metadata: Option<bool>,
    /// Answer the plan, write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Replace a `default` profile that holds other credentials or another region.
    #[serde(default)]
    pub force: bool,
}

/// The answer of `initialize_defaults`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitializeDefaultsResponse {
    /// Always `default`.
    pub profile_name: String,
    /// Where the credentials come from: `Keys`, `Role`, `Profile` or `DefaultChain`.
    pub credential_source: &'static str,
    /// The kind of credentials stored in `default` (absent for `DefaultChain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ProfileKind>,
    /// The credentials resolved before anything was written (`Profile`: the copied profile;
    /// `DefaultChain`), as get_credentials answers them. Holds secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Credentials>,
    pub region: String,
    /// `Explicit`, `Shell`, `Profile`, `Environment`, `DefaultProfile` or `InstanceMetadata`.
    pub region_source: String,
    /// Whether `default` holds this region after the call (stored from `Region`, or copied).
    pub region_stored: bool,
    /// What is (or, on a dry run, would be) done to `default`, one line each, no secrets.
    pub actions: Vec<String>,
    /// The files written (empty on a dry run or when nothing changed).
    pub files_written: Vec<String>,
    /// The files the plan changes (on a dry run: would change).
    pub files_to_write: Vec<String>,
    /// Whether `default` exists and holds other credentials or another region.
    pub replaces_different_default: bool,
    /// How it differs, when it does (no secret values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub dry_run: bool,
}

/// `sync_credentials`: update a host's profile from the key published in Secrets Manager.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SyncRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub token_code: Option<String>,
    pub region: Option<String>,
    /// The secret; without it, the IAM user's tag `TagKey` names it.
    pub secret_id: Option<String>,
    /// The user tag that names the secret (default `SecretName`).
    pub tag_key: Option<String>,
    /// The identity the secret's key must belong to (required when the profile's key is already
    /// rejected and no earlier sync recorded one).
    pub expected_user_arn: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The answer of `sync_credentials`. The secret is masked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SyncResponse {
    pub profile_name: String,
    pub changed: bool,
    pub dry_run: bool,
    pub old_access_key_id: String,
    pub new_access_key_id: String,
    pub masked_secret_access_key: String,
    pub secret_id: String,
    pub user_arn: String,
    pub files_written: Vec<String>,
    pub message: String,
}

/// `access_key_status`: the keys of the profile's IAM user.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeyStatusRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub token_code: Option<String>,
    pub region: Option<String>,
    /// Keys older than this many days are reported (default 90).
    pub max_key_age_days: Option<u32>,
}

/// One key of `access_key_status`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKeyInfo {
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: &'static str,
    pub create_date: Option<String>,
    pub age_days: Option<i64>,
    pub last_used_date: Option<String>,
    pub last_used_service: Option<String>,
    pub last_used_region: Option<String>,
    pub in_profile: bool,
    pub warning: Option<String>,
}

/// The answer of `access_key_status`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyStatusResponse {
    pub profile_name: String,
    pub user_name: String,
    pub user_arn: String,
    pub max_key_age_days: u32,
    pub keys: Vec<AccessKeyInfo>,
    pub warnings: Vec<String>,
}

/// `get_secret_credential`: a user name and password from a secret.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SecretCredentialRequest {
    pub secret_id: String,
    /// The JSON field of the user name (default `username`).
    pub user_name_key: Option<String>,
    /// The JSON field of the password (default `password`).
    pub password_key: Option<String>,
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub token_code: Option<String>,
    pub region: Option<String>,
}

/// The answer of `get_secret_credential`. Holds the password: free it as soon as it is read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecretCredentialResponse {
    pub user_name: String,
    pub password: String,
    pub secret_arn: String,
    pub version_id: String,
}

/// `rotate_start`: begin (or resume) the rotation of a profile's key.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RotateRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub token_code: Option<String>,
    pub region: Option<String>,
    /// Publish the new key to this secret (without it, the user's tag `TagKey` if present).
    pub secret_id: Option<String>,
    pub tag_key: Option<String>,
    /// Keep the old key inactive instead of deleting it.
    #[serde(default)]
    pub deactivate_only: bool,
    /// Delete an inactive second key first (otherwise its presence refuses the rotation).
    #[serde(default)]
    pub delete_inactive_key: bool,
    /// Keep the old key active this many seconds after the switch; a later run finishes.
    pub grace_period_seconds: Option<u64>,
    /// Rotate only a key at least this many days old.
    pub max_key_age_days: Option<u32>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `rotate_poll`, `rotate_cancel`: the session from `rotate_start`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RotationHandle {
    pub handle: u64,
}

/// Where a rotation stands. The new secret is masked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RotationResponse {
    /// Poll this handle until `Done`; 0 once done.
    pub handle: u64,
    pub done: bool,
    pub status: String,
    pub percent: u8,
    pub message: String,
    pub profile_name: String,
    pub user_name: String,
    pub old_access_key_id: String,
    pub new_access_key_id: Option<String>,
    pub masked_secret_access_key: Option<String>,
    pub old_key_state: String,
    pub secret_id: Option<String>,
    pub published: bool,
    pub resumed: bool,
    pub notes: Vec<String>,
    pub files_written: Vec<String>,
}

/// `login_start`: begin a console sign-in (`aws login`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoginRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub region: Option<String>,
    /// Cross-device: no local browser; the user pastes the code the page shows (`login_poll` Code).
    #[serde(default)]
    pub remote: bool,
    pub redirect_port: Option<u16>,
    /// How long to wait for the browser or code, in milliseconds (default 600000).
    pub timeout_ms: Option<u64>,
    /// Switch a profile signed in as another identity without asking.
    #[serde(default)]
    pub force: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// `login_poll` and `login_cancel`: the login from `login_start`; for poll, the pasted code of a
/// cross-device login, or Confirm to accept an identity change it reported.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoginPollRequest {
    pub handle: u64,
    pub code: Option<String>,
    #[serde(default)]
    pub confirm: bool,
}

/// Where a sign-in stands (console or IAM Identity Center). No token is ever in it.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct LoginResponse {
    /// Poll this handle until `Done`; 0 once done.
    pub handle: u64,
    pub done: bool,
    /// WaitingForBrowser, WaitingForCode, WaitingForDevice, ConfirmIdentityChange, LoggedIn,
    /// AlreadyLoggedIn, Cancelled or DryRun.
    pub status: String,
    pub message: String,
    pub profile_name: String,
    pub session_name: Option<String>,
    pub region: String,
    /// The page to open in a browser.
    pub authorize_url: String,
    pub redirect_uri: String,
    /// The code to confirm on the device page (device-code flow).
    pub user_code: Option<String>,
    /// When the wait gives up (RFC 3339 UTC).
    pub deadline: String,
    pub login_session: Option<String>,
    pub previous_login_session: Option<String>,
    pub account_id: Option<String>,
    /// When the credentials (console) or the token (SSO) expire, RFC 3339 UTC.
    pub expires_at: Option<String>,
    pub cache_file: Option<String>,
    pub files_written: Vec<String>,
}

/// `logout`: forget the console login of a profile, or every one with All.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LogoutRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// What a logout removed (cache files of tokens and of credentials obtained with them).
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct LogoutResponse {
    pub files_removed: Vec<String>,
    pub sessions_ended: u32,
    pub dry_run: bool,
    pub message: String,
}

/// `sso_configure`: write an IAM Identity Center profile and its `[sso-session]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SsoConfigureRequest {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    /// Default: the profile name.
    pub session_name: Option<String>,
    pub start_url: Option<String>,
    #[serde(rename = "SSORegion")]
    pub sso_region: Option<String>,
    #[serde(default)]
    pub registration_scopes: Vec<String>,
    pub account_id: Option<String>,
    pub role_name: Option<String>,
    pub region: Option<String>,
    /// Write only the `[sso-session]` (AccountId and RoleName not needed): an interactive front
    /// end signs in with it, offers the accounts and roles, then writes the profile.
    #[serde(default)]
    pub session_only: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// What `sso_configure` wrote.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct SsoConfigureResponse {
    pub profile_name: String,
    pub session_name: String,
    pub files_written: Vec<String>,
    pub dry_run: bool,
    pub message: String,
}

/// `sso_login_start`, `sso_accounts`, `sso_logout`: a profile or an sso-session.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SsoLoginRequest {
    pub profile_name: Option<String>,
    pub session_name: Option<String>,
    pub profile_location: Option<String>,
    #[serde(default)]
    pub use_device_code: bool,
    /// Sign in even when a valid token is cached.
    #[serde(default)]
    pub force: bool,
    pub timeout_ms: Option<u64>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The accounts and roles a signed-in IAM Identity Center user may use.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct SsoAccountsResponse {
    pub accounts: Vec<SsoAccount>,
}

/// One account and its roles.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct SsoAccount {
    pub account_id: String,
    pub account_name: String,
    pub email_address: String,
    pub roles: Vec<String>,
}
