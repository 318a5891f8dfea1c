//! Bounds on every wait for another party, so no call blocks for ever: AWS endpoints get a connect
//! timeout, a read timeout and an overall deadline that includes retries (30 s unless
//! `AWSCRED_AWS_TIMEOUT_MS` says otherwise), and a credential_process gets 60 s (or
//! `AWSCRED_PROCESS_TIMEOUT_MS`) before its whole process group is killed.

use std::future::Future;
use std::time::Duration;

use aws_smithy_types::timeout::TimeoutConfig;

use super::runtime;
use crate::env::Env;
use crate::error::{Error, Result};

/// The setting that bounds one AWS call, retries and credential refreshes included.
pub const AWS_TIMEOUT_SETTING: &str = "AWSCRED_AWS_TIMEOUT_MS";
/// The default bound of one AWS call.
pub const DEFAULT_AWS_TIMEOUT: Duration = Duration::from_secs(30);
/// The setting that bounds a credential_process.
pub const PROCESS_TIMEOUT_SETTING: &str = "AWSCRED_PROCESS_TIMEOUT_MS";
/// The default bound of a credential_process.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest a TCP (and TLS) connection may take to open, within the overall bound.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A positive number of milliseconds from `setting`, else `default`.
fn millis(env: &Env, setting: &str, default: Duration) -> Duration {
    env.get(setting)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(default)
}

/// The bound of one AWS call for this request.
pub fn aws_timeout(env: &Env) -> Duration {
    millis(env, AWS_TIMEOUT_SETTING, DEFAULT_AWS_TIMEOUT)
}

/// The bound of a credential_process for this request.
pub fn process_timeout(env: &Env) -> Duration {
    millis(env, PROCESS_TIMEOUT_SETTING, DEFAULT_PROCESS_TIMEOUT)
}

/// The SDK clients' timeouts: connect within the overall bound; read and operation a second past
/// it, so that `aws_call`'s deadline is the one that speaks (one clear Timeout error) and they
/// only matter where aws-config runs a client outside it.
pub(crate) fn sdk_timeouts(env: &Env) -> TimeoutConfig {
    let total = aws_timeout(env);
    let backstop = total + Duration::from_secs(1);
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(total))
        .read_timeout(backstop)
        .operation_timeout(backstop)
        .build()
}

/// Runs `call` on the runtime and stops it at the AWS deadline: `what` names the call
/// ("STS AssumeRole for profile 'x'") in the Timeout error.
pub(crate) fn aws_call<F: Future>(
    env: &Env,
    what: impl FnOnce() -> String,
    call: F,
) -> Result<F::Output> {
    let limit = aws_timeout(env);
    runtime()
        .block_on(async { tokio::time::timeout(limit, call).await })
        .map_err(|_| Error::Timeout {
            what: what(),
            after_ms: limit.as_millis() as u64,
            setting: AWS_TIMEOUT_SETTING,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_defaults() {
        let env = Env::from_pairs([
            (AWS_TIMEOUT_SETTING, "1500"),
            (PROCESS_TIMEOUT_SETTING, "x"),
        ]);
        assert_eq!(aws_timeout(&env), Duration::from_millis(1500));
        assert_eq!(process_timeout(&env), DEFAULT_PROCESS_TIMEOUT);
        let env = Env::from_pairs([(AWS_TIMEOUT_SETTING, "0")]);
        assert_eq!(aws_timeout(&env), DEFAULT_AWS_TIMEOUT, "0 is not a bound");
    }

    #[test]
    fn a_call_that_never_ends_is_stopped_at_the_deadline() {
        let env = Env::from_pairs([(AWS_TIMEOUT_SETTING, "100")]);
        let started = std::time::Instant::now();
        let err = aws_call(
            &env,
            || "a silent peer".into(),
            std::future::pending::<()>(),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(err.code(), "Timeout");
        assert!(err.to_string().contains(AWS_TIMEOUT_SETTING), "{err}");
    }
}
