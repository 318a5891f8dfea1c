//! The one error type of the core API, with the stable codes that the C ABI, the CLI exit status
//! and the PowerShell ErrorCategory are derived from. Messages never contain a secret value.

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
        }
    }

    /// The stable code string (`ProfileNotFound`, ...) used in JSON error responses.
    pub fn code(&self) -> &'static str {
        status_code_name(self.status())
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
            _ => {}
        }
        serde_json::json!({ "error": body })
    }
}

/// The code string for a status (the names in docs/api.md).
pub fn status_code_name(status: Status) -> &'static str {
    match status {
        Status::Ok => "Ok",
        Status::Internal => "Internal",
        Status::Usage => "Usage",
        Status::ProfileNotFound => "ProfileNotFound",
        Status::InvalidInput => "InvalidInput",
        Status::FileFormat => "FileFormat",
        Status::LockTimeout => "LockTimeout",
        Status::Io => "Io",
        Status::NotSupported => "NotSupported",
        Status::NoCredentials => "NoCredentials",
        Status::MfaRequired => "MfaRequired",
        Status::LoginRequired => "LoginRequired",
        Status::AwsServiceError => "AwsServiceError",
        Status::ProfileConfig => "ProfileConfig",
    }
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
