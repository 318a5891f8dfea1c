//! The one error type of the core API, and THE table of statuses (`STATUS_TABLE`) from which the
//! C ABI return value, the JSON `code` and `category`, the CLI exit status, `describe` and the
//! documentation tables are all derived. Messages never contain a secret value.

use std::path::{Path, PathBuf};

/// Stable status codes shared by the C ABI (return value) and the CLI (exit code).
///
/// Values are part of the ABI: never renumber, never reuse a retired value.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A bug or a panic inside the library.
    Internal = 1,
    /// Reserved for the CLI's command-line usage errors; never returned by the library.
    Usage = 2,
    /// The named profile is not defined in any file read.
    ProfileNotFound = 3,
    /// The request or a value in it is not acceptable; nothing was changed.
    InvalidInput = 4,
    /// A config or credentials file does not follow the file format.
    FileFormat = 5,
    /// Another writer held the file lock for longer than the timeout.
    LockTimeout = 6,
    /// Reading or writing a file failed.
    Io = 7,
    /// The profile exists but its kind cannot be resolved by this build.
    NotSupported = 8,
    /// No credentials could be found.
    NoCredentials = 9,
    /// A role needs an MFA token code; call again with one.
    MfaRequired = 10,
    /// A login (SSO or console) is needed before credentials can be had.
    LoginRequired = 11,
    /// An AWS service answered with an error.
    AwsServiceError = 12,
    /// A profile's settings contradict each other or the specification (e.g. a source_profile loop).
    ProfileConfig = 13,
    /// No region is configured for the operation.
    NoRegion = 14,
    /// The profile `default` holds other credentials or another region; replacing it needs Force.
    DefaultProfileExists = 15,
    /// An AWS endpoint or a credential_process did not finish within its deadline.
    Timeout = 16,
    /// The secret (or the IAM user's tag that names it) does not exist.
    SecretNotFound = 17,
    /// The secret's value is not the JSON object expected (names the field, never a value).
    SecretMalformed = 18,
    /// AWS refused the call for lack of permission.
    AccessDenied = 19,
    /// A key could not be verified (identity differs, or AWS never accepted it in time).
    KeyVerificationFailed = 20,
    /// Another rotation of these credentials is in progress or unfinished.
    RotationInProgress = 21,
    /// The IAM user already has two keys (the AWS limit), or one active key too many.
    TooManyKeys = 22,
    /// The profile's key is no longer accepted by AWS (deleted or wrong secret).
    KeyRejected = 23,
    /// A rotation stopped half way and needs a person: names both keys and the step to take.
    RotationStopped = 24,
    /// A sign-in came back with a state value the login did not send; nothing was written.
    LoginStateMismatch = 25,
    /// A sign-in did not come back before its deadline (browser closed, code never entered).
    LoginTimeout = 26,
    /// There is no usable OS keychain here (no D-Bus session or Secret Service, a locked
    /// collection); says what to do instead.
    KeychainUnavailable = 27,
}

/// One row of `STATUS_TABLE`: everything a front end needs to know about a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    /// The status (the C ABI return value is `status as i32`).
    pub status: Status,
    /// The stable code string of JSON errors (`{"error": {"code": ...}}`), also the PowerShell
    /// FullyQualifiedErrorId.
    pub code: &'static str,
    /// The exit code of the `awscred` CLI.
    pub exit_code: u8,
    /// The `System.Management.Automation.ErrorCategory` member name (empty for `Ok`).
    pub category: &'static str,
    /// What the status means, one line.
    pub meaning: &'static str,
}

const fn row(
    status: Status,
    code: &'static str,
    exit_code: u8,
    category: &'static str,
    meaning: &'static str,
) -> StatusInfo {
    StatusInfo {
        status,
        code,
        exit_code,
        category,
        meaning,
    }
}

/// THE status table, indexed by status value. docs/api.md and README.md repeat it; the test
/// `tables` fails when they drift.
pub const STATUS_TABLE: &[StatusInfo] = &[
    row(Status::Ok, "Ok", 0, "", "success"),
    row(
        Status::Internal,
        "Internal",
        1,
        "NotSpecified",
        "a bug or a panic inside the library",
    ),
    row(
        Status::Usage,
        "Usage",
        2,
        "InvalidArgument",
        "command-line usage error (CLI only, never returned by the library)",
    ),
    row(
        Status::ProfileNotFound,
        "ProfileNotFound",
        3,
        "ObjectNotFound",
        "the named profile is not defined in any file read",
    ),
    row(
        Status::InvalidInput,
        "InvalidInput",
        4,
        "InvalidArgument",
        "the request or a value in it is not acceptable; nothing was changed",
    ),
    row(
        Status::FileFormat,
        "FileFormat",
        5,
        "ParserError",
        "a config or credentials file does not follow the file format (names file and line)",
    ),
    row(
        Status::LockTimeout,
        "LockTimeout",
        6,
        "ResourceBusy",
        "another writer held the file lock for longer than the timeout",
    ),
    row(
        Status::Io,
        "Io",
        7,
        "WriteError",
        "reading or writing a file failed (category ReadError when reading)",
    ),
    row(
        Status::NotSupported,
        "NotSupported",
        8,
        "NotImplemented",
        "the profile's kind or the request is not supported by this build",
    ),
    row(
        Status::NoCredentials,
        "NoCredentials",
        9,
        "AuthenticationError",
        "no credentials could be found (lists every source tried and why)",
    ),
    row(
        Status::MfaRequired,
        "MfaRequired",
        10,
        "AuthenticationError",
        "a role needs an MFA token code; call again with one",
    ),
    row(
        Status::LoginRequired,
        "LoginRequired",
        11,
        "AuthenticationError",
        "an SSO or console login is needed (names the command to run)",
    ),
    row(
        Status::AwsServiceError,
        "AwsServiceError",
        12,
        "InvalidResult",
        "an AWS service answered with an error",
    ),
    row(
        Status::ProfileConfig,
        "ProfileConfig",
        13,
        "InvalidData",
        "a profile's settings contradict each other (e.g. a source_profile loop)",
    ),
    row(
        Status::NoRegion,
        "NoRegion",
        14,
        "ObjectNotFound",
        "no region is configured for the operation",
    ),
    row(
        Status::DefaultProfileExists,
        "DefaultProfileExists",
        15,
        "ResourceExists",
        "the profile 'default' holds other credentials or another region; replacing it needs Force",
    ),
    row(
        Status::Timeout,
        "Timeout",
        16,
        "OperationTimeout",
        "an AWS endpoint or a credential_process did not finish within its deadline (names which and the setting)",
    ),
    row(
        Status::SecretNotFound,
        "SecretNotFound",
        17,
        "ObjectNotFound",
        "the secret, or the IAM user's tag that names it, does not exist",
    ),
    row(
        Status::SecretMalformed,
        "SecretMalformed",
        18,
        "InvalidData",
        "the secret is not the JSON object expected (names the missing field, never a value)",
    ),
    row(
        Status::AccessDenied,
        "AccessDenied",
        19,
        "PermissionDenied",
        "AWS refused the call for lack of permission (names the service and action)",
    ),
    row(
        Status::KeyVerificationFailed,
        "KeyVerificationFailed",
        20,
        "SecurityError",
        "a key was not accepted in time or belongs to another identity; it was not stored",
    ),
    row(
        Status::RotationInProgress,
        "RotationInProgress",
        21,
        "ResourceBusy",
        "another rotation of these credentials is running or unfinished (names the profile)",
    ),
    row(
        Status::TooManyKeys,
        "TooManyKeys",
        22,
        "LimitsExceeded",
        "the IAM user has two keys already (the AWS limit); names them",
    ),
    row(
        Status::KeyRejected,
        "KeyRejected",
        23,
        "AuthenticationError",
        "the profile's key is no longer accepted by AWS (deleted, or a wrong secret)",
    ),
    row(
        Status::RotationStopped,
        "RotationStopped",
        24,
        "OperationStopped",
        "a rotation stopped half way; names both keys, the journal and the console step to take",
    ),
    row(
        Status::LoginStateMismatch,
        "LoginStateMismatch",
        25,
        "SecurityError",
        "a sign-in came back with a state this login did not send (stale tab or forged redirect); nothing written",
    ),
    row(
        Status::LoginTimeout,
        "LoginTimeout",
        26,
        "OperationTimeout",
        "no sign-in came back before the deadline (browser tab closed, code never entered); nothing written",
    ),
    row(
        Status::KeychainUnavailable,
        "KeychainUnavailable",
        27,
        "ResourceUnavailable",
        "no usable OS keychain here (no D-Bus session or Secret Service, locked); says what to do instead",
    ),
];

// The table is indexed by status value: row i describes status i.
const _: () = {
    let mut i = 0;
    while i < STATUS_TABLE.len() {
        assert!(STATUS_TABLE[i].status as i32 as usize == i);
        i += 1;
    }
};

impl Status {
    /// This status's row of `STATUS_TABLE`.
    pub fn info(self) -> &'static StatusInfo {
        &STATUS_TABLE[self as i32 as usize]
    }

    /// The status with this numeric value, if any.
    pub fn from_code(value: i32) -> Option<Status> {
        usize::try_from(value)
            .ok()
            .and_then(|i| STATUS_TABLE.get(i))
            .map(|r| r.status)
    }
}

/// Everything that can go wrong in an operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidInput(String),

    #[error("profile '{name}' was not found in {searched}")]
    ProfileNotFound { name: String, searched: String },

    #[error("error parsing {} on line {line}: {message}", path.display())]
    FileFormat {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("timed out after {waited_ms} ms waiting for the lock on {} (another writer holds {})", path.display(), lock.display())]
    LockTimeout {
        path: PathBuf,
        lock: PathBuf,
        waited_ms: u64,
    },

    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    NotSupported(String),

    #[error("{0}")]
    NoCredentials(String),

    #[error("{0}")]
    ProfileConfig(String),

    #[error("profile '{profile}' assumes a role that needs an MFA code from device {serial}; give the current code (--mfa-code, -TokenCode)")]
    MfaRequired { profile: String, serial: String },

    #[error("{message}; run `{command}` and try again")]
    LoginRequired { message: String, command: String },

    #[error("{service} {operation} failed: {code}: {message}")]
    AwsService {
        service: &'static str,
        operation: &'static str,
        code: String,
        message: String,
    },

    #[error("internal error: {0}")]
    Internal(String),

    #[error("{0}")]
    NoRegion(String),

    #[error("the profile '{profile}' in {location} already exists and {reason}; nothing was written. Call again with Force (-Force) to replace it, or store these settings under another name")]
    DefaultProfileExists {
        profile: String,
        location: String,
        reason: String,
    },

    #[error("{0}")]
    SecretNotFound(String),

    #[error("{0}")]
    SecretMalformed(String),

    #[error("{0}")]
    AccessDenied(String),

    #[error("{0}")]
    KeyVerificationFailed(String),

    #[error("{0}")]
    RotationInProgress(String),

    #[error("{0}")]
    TooManyKeys(String),

    #[error("{0}")]
    KeyRejected(String),

    #[error("{0}")]
    RotationStopped(String),

    #[error("{0}")]
    LoginStateMismatch(String),

    #[error("{0}")]
    LoginTimeout(String),

    #[error("{0}")]
    KeychainUnavailable(String),

    #[error("{what} did not finish within {after_ms} ms and was stopped; raise {setting} (milliseconds) if it needs longer")]
    Timeout {
        what: String,
        after_ms: u64,
        setting: &'static str,
    },
}

impl Error {
    /// The stable status for this error.
    pub fn status(&self) -> Status {
        match self {
            Error::InvalidInput(_) => Status::InvalidInput,
            Error::ProfileNotFound { .. } => Status::ProfileNotFound,
            Error::FileFormat { .. } => Status::FileFormat,
            Error::LockTimeout { .. } => Status::LockTimeout,
            Error::Io { .. } => Status::Io,
            Error::NotSupported(_) => Status::NotSupported,
            Error::NoCredentials(_) => Status::NoCredentials,
            Error::ProfileConfig(_) => Status::ProfileConfig,
            Error::MfaRequired { .. } => Status::MfaRequired,
            Error::LoginRequired { .. } => Status::LoginRequired,
            Error::AwsService { .. } => Status::AwsServiceError,
            Error::Internal(_) => Status::Internal,
            Error::NoRegion(_) => Status::NoRegion,
            Error::DefaultProfileExists { .. } => Status::DefaultProfileExists,
            Error::Timeout { .. } => Status::Timeout,
            Error::SecretNotFound(_) => Status::SecretNotFound,
            Error::SecretMalformed(_) => Status::SecretMalformed,
            Error::AccessDenied(_) => Status::AccessDenied,
            Error::KeyVerificationFailed(_) => Status::KeyVerificationFailed,
            Error::RotationInProgress(_) => Status::RotationInProgress,
            Error::TooManyKeys(_) => Status::TooManyKeys,
            Error::KeyRejected(_) => Status::KeyRejected,
            Error::RotationStopped(_) => Status::RotationStopped,
            Error::LoginStateMismatch(_) => Status::LoginStateMismatch,
            Error::LoginTimeout(_) => Status::LoginTimeout,
            Error::KeychainUnavailable(_) => Status::KeychainUnavailable,
        }
    }

    /// The stable code string (`ProfileNotFound`, ...) used in JSON error responses.
    pub fn code(&self) -> &'static str {
        self.status().info().code
    }

    /// The PowerShell ErrorCategory name: the table's, except `ReadError` for an `Io` error that
    /// happened while reading.
    pub fn category(&self) -> &'static str {
        match self {
            Error::Io { action, .. }
                if action.starts_with("cannot read") || action.starts_with("cannot inspect") =>
            {
                "ReadError"
            }
            _ => self.status().info().category,
        }
    }

    /// The exit code of the `awscred` CLI for this error.
    pub fn exit_code(&self) -> u8 {
        self.status().info().exit_code
    }

    /// The file this error is about, if any.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Error::FileFormat { path, .. }
            | Error::LockTimeout { path, .. }
            | Error::Io { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The 1-based line this error is about, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::FileFormat { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// Shorthand for an I/O error on a path.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The error as the JSON object that every front end shows: `{"error": {...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        body.insert("code".into(), self.code().into());
        body.insert("category".into(), self.category().into());
        body.insert("message".into(), self.to_string().into());
        if let Some(file) = self.file() {
            body.insert("file".into(), file.display().to_string().into());
        }
        if let Some(line) = self.line() {
            body.insert("line".into(), line.into());
        }
        match self {
            Error::MfaRequired { profile, serial } => {
                body.insert("mfa_serial".into(), serial.clone().into());
                body.insert("profile".into(), profile.clone().into());
            }
            Error::LoginRequired { command, .. } => {
                body.insert("command".into(), command.clone().into());
            }
            Error::AwsService { code, .. } => {
                body.insert("aws_code".into(), code.clone().into());
            }
            Error::DefaultProfileExists {
                profile, reason, ..
            } => {
                body.insert("profile".into(), profile.clone().into());
                body.insert("reason".into(), reason.clone().into());
            }
            _ => {}
        }
        serde_json::json!({ "error": body })
    }
}

/// The code string for a status (the names in docs/api.md), from `STATUS_TABLE`.
pub fn status_code_name(status: Status) -> &'static str {
    status.info().code
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_code_and_category_from_the_table() {
        let e = Error::NoRegion("no region".into());
        assert_eq!(e.status(), Status::NoRegion);
        assert_eq!(e.exit_code(), 14);
        let json = e.to_json();
        assert_eq!(json["error"]["code"], "NoRegion");
        assert_eq!(json["error"]["category"], "ObjectNotFound");
        let e = Error::InvalidInput("x".into());
        assert_eq!(e.to_json()["error"]["category"], "InvalidArgument");
        assert_eq!(status_code_name(Status::ProfileConfig), "ProfileConfig");
    }

    #[test]
    fn io_errors_say_whether_they_read_or_wrote() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let read = Error::io("cannot read", Path::new("/x"), io());
        assert_eq!(read.category(), "ReadError");
        assert_eq!(read.to_json()["error"]["category"], "ReadError");
        let write = Error::io("cannot replace", Path::new("/x"), io());
        assert_eq!(write.category(), "WriteError");
        assert_eq!(write.code(), "Io");
    }
}
