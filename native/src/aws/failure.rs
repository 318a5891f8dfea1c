//! How an AWS call failed, in the terms the key operations decide on (`Kind`), with the error to
//! report (`CallError::error`). One mapping for STS, IAM and Secrets Manager: the code AWS gave,
//! else the HTTP status (moto answers Secrets Manager denials as a bare 403 with an XML body).

use std::future::Future;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::env::Env;
use crate::error::Error;
use crate::resolve::deadline::aws_call;

/// What kind of failure a call met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The signing key is not (or not yet) accepted: unknown, deleted, wrong secret.
    Rejected,
    /// The key is accepted but lacks permission.
    Denied,
    /// The named resource (user, key, secret, version) does not exist.
    NotFound,
    /// Throttling, a 5xx, a dropped connection or the deadline: worth another try.
    Transient,
    /// Any other service error (a limit, a bad parameter).
    Other,
}

/// A failed AWS call: its kind, for decisions, and the error to report.
#[derive(Debug)]
pub struct CallError {
    pub kind: Kind,
    pub code: String,
    pub error: Error,
}

impl From<CallError> for Error {
    fn from(e: CallError) -> Error {
        e.error
    }
}

const REJECTED: &[&str] = &[
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "AuthFailure",
];
const DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "403",
];
const NOT_FOUND: &[&str] = &[
    "NoSuchEntity",
    "ResourceNotFoundException",
    "NoSuchEntityException",
];
const TRANSIENT: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "ServiceUnavailable",
    "InternalFailure",
    "InternalServiceError",
    "InternalServiceErrorException",
    "RequestTimeout",
];

/// The kind of a service error from its code and HTTP status.
pub fn classify(code: &str, status: Option<u16>) -> Kind {
    if REJECTED.contains(&code) {
        Kind::Rejected
    } else if DENIED.contains(&code) || (code.is_empty() && status == Some(403)) {
        Kind::Denied
    } else if NOT_FOUND.contains(&code) {
        Kind::NotFound
    } else if TRANSIENT.contains(&code) || status.is_some_and(|s| s >= 500) {
        Kind::Transient
    } else {
        Kind::Other
    }
}

/// Runs one AWS call within the AWS deadline and maps its failure. `key_id` (never a secret) is
/// the signing key, named in the message when AWS rejected it.
pub fn call<T, E, F>(
    env: &Env,
    service: &'static str,
    operation: &'static str,
    key_id: &str,
    send: impl FnOnce() -> F,
) -> Result<T, CallError>
where
    F: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let out =
        aws_call(env, || format!("{service} {operation}"), send()).map_err(|error| CallError {
            kind: Kind::Transient,
            code: "Timeout".into(),
            error,
        })?;
    out.map_err(|e| map(service, operation, key_id, e))
}

/// Maps an SDK error. Messages carry AWS's code and message, never a request or response body.
pub fn map<E>(
    service: &'static str,
    operation: &'static str,
    key_id: &str,
    e: SdkError<E, HttpResponse>,
) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = e.raw_response().map(|r| r.status().as_u16());
    let Some(se) = e.as_service_error() else {
        return CallError {
            kind: Kind::Transient,
            code: "ConnectionError".into(),
            error: Error::AwsService {
                service,
                operation,
                code: "ConnectionError".into(),
                message: crate::resolve::error_chain(&e),
            },
        };
    };
    let mut code = se.code().unwrap_or_default().to_string();
    if code.is_empty() {
        code = e
            .raw_response()
            .and_then(|r| r.body().bytes())
            .and_then(xml_code)
            .unwrap_or_default();
    }
    let message = se.message().unwrap_or_default().replace(['\n', '\r'], " ");
    let kind = classify(&code, status);
    if code.is_empty() {
        code = status.map_or("Unknown".into(), |s| s.to_string());
    }
    let said = if message.is_empty() {
        code.clone()
    } else {
        format!("{code}: {message}")
    };
    let error = match kind {
        Kind::Rejected => Error::KeyRejected(format!(
            "{service} {operation}: AWS did not accept the key {key_id} ({said})"
        )),
        Kind::Denied => Error::AccessDenied(format!(
            "{service} {operation} with the key {key_id} was denied ({said}); grant the permission to the key's user"
        )),
        Kind::NotFound if service == "Secrets Manager" => {
            Error::SecretNotFound(format!("{service} {operation}: {said}"))
        }
        _ => Error::AwsService {
            service,
            operation,
            code: code.clone(),
            message,
        },
    };
    CallError { kind, code, error }
}

/// The `<Code>` of an XML error body that the SDK's parser did not read (moto answers
/// signature failures as `<ErrorResponse><Errors><Error>`, on JSON services too). Only a code-like
/// token is taken: letters, digits, dots and underscores.
fn xml_code(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(&body[..body.len().min(4096)]).ok()?;
    let start = text.find("<Code>")? + "<Code>".len();
    let len = text[start..].find("</Code>")?;
    let code = &text[start..start + len];
    (!code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_'))
    .then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_unparsed_xml_bodies() {
        let body = br#"<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>m</Message></Error></Errors></ErrorResponse>"#;
        assert_eq!(xml_code(body).as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(xml_code(b"<Code>has space</Code>"), None);
        assert_eq!(xml_code(b"no xml"), None);
        assert_eq!(xml_code(&[0xff, 0xfe]), None);
    }

    #[test]
    fn kinds_from_codes_and_statuses() {
        assert_eq!(classify("InvalidClientTokenId", Some(403)), Kind::Rejected);
        assert_eq!(classify("SignatureDoesNotMatch", Some(403)), Kind::Rejected);
        assert_eq!(classify("AccessDenied", Some(403)), Kind::Denied);
        assert_eq!(classify("", Some(403)), Kind::Denied);
        assert_eq!(classify("NoSuchEntity", Some(404)), Kind::NotFound);
        assert_eq!(
            classify("ResourceNotFoundException", Some(400)),
            Kind::NotFound
        );
        assert_eq!(classify("Throttling", Some(400)), Kind::Transient);
        assert_eq!(classify("", Some(500)), Kind::Transient);
        assert_eq!(classify("LimitExceeded", Some(409)), Kind::Other);
    }
}
