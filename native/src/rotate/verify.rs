//! Waiting for AWS to accept a key, in slices: a new key is rejected for seconds to tens of
//! seconds after CreateAccessKey, and STS and IAM may accept it at different times, so a key
//! counts as working only after several successes in a row (`AWSCRED_VERIFY_SUCCESSES`, default
//! 3), with backoff between failures, within a deadline (`AWSCRED_PROPAGATION_TIMEOUT_MS`,
//! default 120 s). Each `poll` waits at most about a second, so a front end stays responsive.

use std::time::{Duration, Instant};

use crate::aws::{CallError, Kind};
use crate::env::Env;

/// The setting that bounds each wait for a key to work.
pub const PROPAGATION_SETTING: &str = "AWSCRED_PROPAGATION_TIMEOUT_MS";
/// The setting for the successes in a row that make a key verified.
pub const SUCCESSES_SETTING: &str = "AWSCRED_VERIFY_SUCCESSES";
const DEFAULT_PROPAGATION: Duration = Duration::from_secs(120);
const DEFAULT_SUCCESSES: u32 = 3;
/// The longest one `poll` sleeps before returning.
const SLICE: Duration = Duration::from_millis(1000);
const FIRST_PAUSE: Duration = Duration::from_millis(250);
const MAX_PAUSE: Duration = Duration::from_secs(4);
const BETWEEN_SUCCESSES: Duration = Duration::from_millis(200);

/// Where a wait stands after one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Not yet: `successes` of `needed` so far.
    Waiting { successes: u32, needed: u32 },
    /// The check passed `needed` times in a row.
    Verified,
    /// The deadline passed; the last failure, as a line.
    Expired(String),
}

/// One wait for a check to pass several times in a row.
#[derive(Debug)]
pub struct Verifier {
    needed: u32,
    successes: u32,
    pause: Duration,
    next_at: Instant,
    deadline: Instant,
    pub attempts: u32,
    last_failure: String,
    limit: Duration,
}

impl Verifier {
    /// A wait for `needed` successes (0 = the setting) within the propagation deadline.
    pub fn new(env: &Env, needed: u32) -> Verifier {
        let limit = env
            .get(PROPAGATION_SETTING)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_PROPAGATION);
        let needed = match needed {
            0 => env
                .get(SUCCESSES_SETTING)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|&n| (1..=20).contains(&n))
                .unwrap_or(DEFAULT_SUCCESSES),
            n => n,
        };
        let now = Instant::now();
        Verifier {
            needed,
            successes: 0,
            pause: FIRST_PAUSE,
            next_at: now,
            deadline: now + limit,
            attempts: 0,
            last_failure: String::new(),
            limit,
        }
    }

    /// The deadline as milliseconds, for messages.
    pub fn limit_ms(&self) -> u128 {
        self.limit.as_millis()
    }

    /// Sleeps until the next attempt is due (at most a slice), then runs `check` once. A failure
    /// of a kind in `retry` starts the count again; any other failure is returned as is.
    pub fn poll(
        &mut self,
        retry: &[Kind],
        check: impl FnOnce() -> Result<(), CallError>,
    ) -> Result<Progress, CallError> {
        let now = Instant::now();
        if now < self.next_at {
            std::thread::sleep((self.next_at - now).min(SLICE));
            if Instant::now() < self.next_at {
                return Ok(self.waiting());
            }
        }
        if Instant::now() >= self.deadline {
            return Ok(Progress::Expired(self.expired()));
        }
        self.attempts += 1;
        match check() {
            Ok(()) => {
                self.successes += 1;
                self.pause = FIRST_PAUSE;
                if self.successes >= self.needed {
                    return Ok(Progress::Verified);
                }
                self.next_at = Instant::now() + BETWEEN_SUCCESSES;
            }
            Err(e) if retry.contains(&e.kind) => {
                self.successes = 0;
                self.last_failure = e.error.to_string();
                self.next_at = Instant::now() + self.pause;
                self.pause = (self.pause * 2).min(MAX_PAUSE);
            }
            Err(e) => return Err(e),
        }
        if Instant::now() >= self.deadline {
            return Ok(Progress::Expired(self.expired()));
        }
        Ok(self.waiting())
    }

    fn waiting(&self) -> Progress {
        Progress::Waiting {
            successes: self.successes,
            needed: self.needed,
        }
    }

    fn expired(&self) -> String {
        if self.last_failure.is_empty() {
            format!("not verified within {} ms", self.limit.as_millis())
        } else {
            format!(
                "not verified within {} ms after {} attempts; last: {}",
                self.limit.as_millis(),
                self.attempts,
                self.last_failure
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn rejected() -> CallError {
        CallError {
            kind: Kind::Rejected,
            code: "InvalidClientTokenId".into(),
            error: Error::KeyRejected("not yet".into()),
        }
    }

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn needs_successes_in_a_row() {
        let mut v = Verifier::new(&env(&[(SUCCESSES_SETTING, "2")]), 0);
        let mut answers = vec![Ok(()), Err(rejected()), Ok(()), Ok(())].into_iter();
        let mut last = Progress::Waiting {
            successes: 0,
            needed: 2,
        };
        for _ in 0..50 {
            last = v
                .poll(&[Kind::Rejected], || answers.next().unwrap())
                .unwrap();
            if last == Progress::Verified {
                break;
            }
        }
        assert_eq!(last, Progress::Verified);
        assert_eq!(v.attempts, 4);
    }

    #[test]
    fn expires_with_the_last_failure_and_passes_other_errors() {
        let mut v = Verifier::new(&env(&[(PROPAGATION_SETTING, "300")]), 3);
        let started = Instant::now();
        let outcome = loop {
            match v.poll(&[Kind::Rejected], || Err(rejected())).unwrap() {
                Progress::Expired(why) => break why,
                _ => assert!(started.elapsed() < Duration::from_secs(5)),
            }
        };
        assert!(outcome.contains("not yet"), "{outcome}");
        let mut v = Verifier::new(&env(&[]), 3);
        let denied = CallError {
            kind: Kind::Denied,
            code: "AccessDenied".into(),
            error: Error::AccessDenied("no".into()),
        };
        assert_eq!(
            v.poll(&[Kind::Rejected], || Err(denied)).unwrap_err().kind,
            Kind::Denied
        );
    }
}
