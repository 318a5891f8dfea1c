//! A sandbox for `api::call_json`: a temp folder holding the home directory and both shared files
//! (reset to the same seed before every call, so a result depends on the request alone), a fixed
//! environment (`Env::from_pairs`, which never reads the process environment) whose AWS endpoint
//! is a closed local port, and a request filter that keeps every file path a request can name
//! inside the folder. Checks answer `Err(description)` instead of panicking.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use awscred::api::{call_json, Operation, OPERATIONS};
use awscred::env::Env;
use awscred::error::STATUS_TABLE;
use awscred::profile::validate;
use serde_json::Value;

/// The config file every call starts from: a region, a role over the `base` keys, an SSO profile
/// (no token cached: LoginRequired, no network), a loop, and sections of the other kinds.
pub const SEED_CONFIG: &str = "# the fuzz sandbox's config\n[default]\nregion = us-east-1\noutput = json\n\n[profile dev]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n\n[profile sso]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = r\n\n[profile loop]\nrole_arn = arn:aws:iam::123456789012:role/l\nsource_profile = loop\n\n[sso-session s]\nsso_start_url = https://example.invalid/start\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:9\n";

/// The credentials file every call starts from: keys for `default` and `base`.
pub const SEED_CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDEXAMPLE000000001\naws_secret_access_key = fuzzSecret0001\n\n[base]\naws_access_key_id = AKIDEXAMPLE000000002\naws_secret_access_key = fuzzSecret0002\naws_session_token = fuzzToken0002\n";

/// The request `Environment` names passed through (plus the sandbox's own, always forced): none
/// of them names a file, an endpoint, a proxy or the fault-injection switch.
pub const ENVIRONMENT_ALLOWED: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_SDK_LOAD_CONFIG",
];

/// The status codes the library can answer with for a request that is wrong in any way: every
/// code in the status table but `Ok`, `Usage` (CLI only) and `Internal` (a bug or a panic).
pub fn acceptable_code(code: &str) -> bool {
    STATUS_TABLE
        .iter()
        .any(|r| r.code == code && !matches!(code, "Ok" | "Usage" | "Internal"))
}

/// The operation with index `i` modulo the number of operations (every index is one).
pub fn operation(i: usize) -> Operation {
    OPERATIONS[i % OPERATIONS.len()].operation
}

/// A temp folder with the seed files and the fixed environment that points into it.
pub struct Sandbox {
    root: PathBuf,
    env: Env,
}

impl Sandbox {
    /// A fresh sandbox under the system temp dir, unique per process and call.
    pub fn new(tag: &str) -> Sandbox {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "awscred-fuzz-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the sandbox folder");
        let env = Env::from_pairs(Self::variables(&root));
        let sandbox = Sandbox { root, env };
        sandbox.reset();
        sandbox
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The whole environment of every call: home and both files in the folder, no instance
    /// metadata, AWS at a local port where nothing listens, short deadlines.
    fn variables(root: &Path) -> Vec<(String, String)> {
        let at = |p: &str| root.join(p).display().to_string();
        [
            ("HOME", root.display().to_string()),
            ("AWS_CONFIG_FILE", at(".aws/config")),
            ("AWS_SHARED_CREDENTIALS_FILE", at(".aws/credentials")),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9".into()),
            ("AWSCRED_AWS_TIMEOUT_MS", "500".into()),
            ("AWSCRED_LOCK_TIMEOUT_MS", "2000".into()),
            ("AWS_MAX_ATTEMPTS", "1".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// Puts back the seed files and deletes everything a call may have written (`.aws` holds the
    /// shared files, their locks and the caches; `loc` the files requests name).
    pub fn reset(&self) {
        let aws = self.root.join(".aws");
        let _ = std::fs::remove_dir_all(&aws);
        let _ = std::fs::remove_dir_all(self.root.join("loc"));
        std::fs::create_dir_all(&aws).expect("create .aws");
        std::fs::write(aws.join("config"), SEED_CONFIG).expect("write the seed config");
        std::fs::write(aws.join("credentials"), SEED_CREDENTIALS)
            .expect("write the seed credentials");
    }

    /// Where a request's file path goes: `<root>/loc/<its letters and digits>`, written `~/loc/...`
    /// when it started with `~` (so home expansion runs too); `config` and `credentials` name the
    /// shared files, so the "location names a shared file" rule runs.
    fn location(&self, requested: &str) -> String {
        let token: String = requested
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .take(24)
            .collect();
        match token.as_str() {
            "config" | "credentials" => self.root.join(".aws").join(token).display().to_string(),
            _ if requested.starts_with('~') => format!("~/loc/{token}x"),
            _ => self
                .root
                .join("loc")
                .join(format!("{token}x"))
                .display()
                .to_string(),
        }
    }

    /// The request with every path it could name moved into the sandbox and its `Environment`
    /// cut down to `ENVIRONMENT_ALLOWED` plus the sandbox's variables. Bytes that are not a JSON
    /// object or array, or that need no change, pass unchanged. A value the library refuses anyway
    /// (an invalid location, an invalid environment entry) is left as it is, so those checks run.
    pub fn filter<'a>(&self, request: &'a [u8]) -> Cow<'a, [u8]> {
        let Ok(mut value) = serde_json::from_slice::<Value>(request) else {
            return Cow::Borrowed(request);
        };
        let touched = match &mut value {
            Value::Object(obj) => {
                let loc = obj
                    .get_mut("ProfileLocation")
                    .is_some_and(|v| self.relocate(v));
                let env = obj
                    .get_mut("Environment")
                    .is_some_and(|v| self.confine_environment(v));
                loc || env
            }
            // A struct also deserializes from an array, by field position: any string may be the
            // location there.
            Value::Array(items) => {
                let mut moved = false;
                for v in items {
                    moved |= self.relocate(v);
                }
                moved
            }
            _ => false,
        };
        if touched {
            Cow::Owned(serde_json::to_vec(&value).expect("re-encode the request"))
        } else {
            Cow::Borrowed(request)
        }
    }

    /// Moves a location string that the library would accept into the sandbox.
    fn relocate(&self, v: &mut Value) -> bool {
        match v {
            Value::String(s) if validate::value("ProfileLocation", s, false).is_ok() => {
                *s = self.location(s);
                true
            }
            _ => false,
        }
    }

    /// Cuts a valid `Environment` object down to the allowed names and forces the sandbox's.
    fn confine_environment(&self, v: &mut Value) -> bool {
        let Value::Object(vars) = v else {
            return false;
        };
        let valid = vars.iter().all(|(k, v)| {
            !k.is_empty()
                && !k.contains(['=', '\0'])
                && match v {
                    Value::Null => true,
                    Value::String(s) => !s.contains('\0'),
                    _ => false,
                }
        });
        if !valid {
            return false;
        }
        vars.retain(|k, _| ENVIRONMENT_ALLOWED.contains(&k.as_str()));
        for (k, v) in Self::variables(&self.root) {
            vars.insert(k, Value::String(v));
        }
        true
    }

    /// Runs `op` on the filtered request in the sandbox's environment, from the seed files.
    pub fn call(&self, op: Operation, request: &[u8]) -> awscred::Result<Vec<u8>> {
        self.reset();
        call_json(op, &self.env, &self.filter(request))
    }

    /// `call`, checked: no panic; an answer that is JSON, or an error whose code is in the status
    /// table and is not `Internal`.
    pub fn check(&self, op: Operation, request: &[u8]) -> Result<(), String> {
        let outcome = catch_unwind(AssertUnwindSafe(|| self.call(op, request)));
        match outcome {
            Err(panic) => Err(format!(
                "{op:?} panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or(panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(not a string)")
            )),
            Ok(Ok(answer)) => serde_json::from_slice::<Value>(&answer)
                .map(drop)
                .map_err(|e| format!("{op:?} answered something that is not JSON: {e}")),
            Ok(Err(e)) if acceptable_code(e.code()) => Ok(()),
            Ok(Err(e)) => Err(format!("{op:?} failed with code {}: {e}", e.code())),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
