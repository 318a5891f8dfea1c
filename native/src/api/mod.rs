//! THE operations. Each takes a typed request and returns a typed response or an `Error`; the C ABI,
//! the CLI and (through the C ABI) the PowerShell module are thin front ends over these functions.

mod credentials;
mod initialize;
mod keys;
mod operations;
mod profiles;
mod signin;
pub mod types;

pub use credentials::{
    credential_process_json, explain, export_credentials, get_credentials, keychain_credentials,
    render_export, resolve_region, steps_of, whoami,
};
pub use initialize::{initialize_defaults, validate};
pub use keys::{
    access_key_status, get_secret_credential, rotate_cancel, rotate_poll, rotate_start,
    sync_credentials,
};
pub use operations::{describe, Operation, OperationInfo, OPERATIONS};
pub use profiles::{
    copy_profile, dump_config, kind_of, list_profiles, mask, move_profile, refresh_cli,
    remove_profile, set_profile, show_profile,
};
pub use signin::{
    login_cancel, login_poll, login_start, logout, sso_accounts, sso_configure, sso_login_cancel,
    sso_login_poll, sso_login_start, sso_logout,
};

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::env::Env;
use crate::error::{Error, Result};

/// The largest request accepted, in bytes (1 MiB): the one limit, checked once in `call_sized`
/// (the C header publishes it as `AWSCRED_MAX_REQUEST_BYTES`).
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// Runs `op` on a JSON request and returns the JSON response bytes.
pub fn call_json(op: Operation, env: &Env, request: &[u8]) -> Result<Vec<u8>> {
    call_sized(op, env, request.len(), || request)
}

/// Runs `op` on a request of `len` bytes that `bytes` yields, calling `bytes` only once the length
/// is known to be acceptable (the C ABI builds its slice from a raw pointer there).
pub fn call_sized<'r>(
    op: Operation,
    env: &Env,
    len: usize,
    bytes: impl FnOnce() -> &'r [u8],
) -> Result<Vec<u8>> {
    if len == 0 {
        return Err(Error::InvalidInput("the request is empty".into()));
    }
    if len > MAX_REQUEST_BYTES {
        return Err(Error::InvalidInput(format!(
            "the request is {len} bytes; at most {MAX_REQUEST_BYTES} are accepted"
        )));
    }
    let request = bytes();
    let text = std::str::from_utf8(request)
        .map_err(|e| Error::InvalidInput(format!("the request is not valid UTF-8: {e}")))?;
    let (value, environment) = split_environment(text)?;
    let env = &match environment {
        Some(vars) => env.clone().with_request_environment(vars),
        None => env.clone(),
    };
    let text = &value;
    match op {
        Operation::SetProfile => respond(set_profile(env, parse(text)?)?),
        Operation::CopyProfile => respond(copy_profile(env, parse(text)?)?),
        Operation::ListProfiles => respond(list_profiles(env, parse(text)?)?),
        Operation::ShowProfile => respond(show_profile(env, parse(text)?)?),
        Operation::GetCredentials => respond(get_credentials(env, parse(text)?)?),
        Operation::RemoveProfile => respond(remove_profile(env, parse(text)?)?),
        Operation::DumpConfig => respond(dump_config(env, parse(text)?)?),
        Operation::Explain => respond(explain(env, parse(text)?)?),
        Operation::Whoami => respond(whoami(env, parse(text)?)?),
        Operation::ExportCredentials => respond(export_credentials(env, parse(text)?)?),
        Operation::ResolveRegion => respond(resolve_region(env, parse(text)?)?),
        Operation::Describe => respond(describe(env, parse(text)?)?),
        Operation::Validate => respond(validate(env, parse(text)?)?),
        Operation::InitializeDefaults => respond(initialize_defaults(env, parse(text)?)?),
        Operation::SyncCredentials => respond(sync_credentials(env, parse(text)?)?),
        Operation::AccessKeyStatus => respond(access_key_status(env, parse(text)?)?),
        Operation::GetSecretCredential => respond(get_secret_credential(env, parse(text)?)?),
        Operation::RotateStart => respond(rotate_start(env, parse(text)?)?),
        Operation::RotatePoll => respond(rotate_poll(env, parse(text)?)?),
        Operation::RotateCancel => respond(rotate_cancel(env, parse(text)?)?),
        Operation::LoginStart => respond(login_start(env, parse(text)?)?),
        Operation::LoginPoll => respond(login_poll(env, parse(text)?)?),
        Operation::LoginCancel => respond(login_cancel(env, parse(text)?)?),
        Operation::Logout => respond(logout(env, parse(text)?)?),
        Operation::SsoConfigure => respond(sso_configure(env, parse(text)?)?),
        Operation::SsoLoginStart => respond(sso_login_start(env, parse(text)?)?),
        Operation::SsoLoginPoll => respond(sso_login_poll(env, parse(text)?)?),
        Operation::SsoLoginCancel => respond(sso_login_cancel(env, parse(text)?)?),
        Operation::SsoLogout => respond(sso_logout(env, parse(text)?)?),
        Operation::SsoAccounts => respond(sso_accounts(env, parse(text)?)?),
        Operation::MoveProfile => respond(move_profile(env, parse(text)?)?),
        Operation::RefreshCli => respond(refresh_cli(env, parse(text)?)?),
    }
}

/// The request's `Environment` object: variable name -> string, or null for unset.
type RequestEnvironment = HashMap<String, Option<String>>;

/// Parses the request and takes out its optional `Environment` object, which is authoritative for
/// this call: a covered variable (`crate::env::is_covered`) it does not hold is unset, whatever
/// the process has (`Env::with_request_environment`).
fn split_environment(text: &str) -> Result<(serde_json::Value, Option<RequestEnvironment>)> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let mut environment = None;
    if let Some(obj) = value.as_object_mut() {
        if let Some(envs) = obj.remove("Environment") {
            let overrides = environment.insert(HashMap::new());
            let map = envs.as_object().ok_or_else(|| {
                Error::InvalidInput(
                    "Environment must be an object of variable names to strings or null".into(),
                )
            })?;
            for (k, v) in map {
                let v = match v {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) if !s.contains('\0') => Some(s.clone()),
                    _ => {
                        return Err(Error::InvalidInput(format!(
                            "Environment.{k} must be a string without NUL, or null"
                        )))
                    }
                };
                if k.is_empty() || k.contains(['=', '\0']) {
                    return Err(Error::InvalidInput(
                        "Environment has an invalid variable name".into(),
                    ));
                }
                overrides.insert(k.clone(), v);
            }
        }
    }
    Ok((value, environment))
}

/// Parses a request. The message never quotes the request (it may hold a secret).
fn parse<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T> {
    T::deserialize(value).map_err(|e| json_error(&e))
}

/// An InvalidInput error for a JSON problem, without quoting any value.
fn json_error(e: &serde_json::Error) -> Error {
    let what = match e.classify() {
        serde_json::error::Category::Data => {
            // Keep field names, drop any quoted value (it could be a secret in the wrong field).
            let msg = e.to_string();
            let msg = msg.split(" at line").next().unwrap_or(&msg);
            if msg.starts_with("unknown field") || msg.starts_with("missing field") {
                format!("the request does not fit the operation: {msg}")
            } else {
                let expected = msg.rsplit("expected ").next().unwrap_or("another type");
                format!("the request does not fit the operation: a field has the wrong type (expected {expected})")
            }
        }
        _ => format!(
            "the request is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ),
    };
    Error::InvalidInput(what)
}

fn respond<T: Serialize>(value: T) -> Result<Vec<u8>> {
    serde_json::to_vec(&value).map_err(|e| Error::Internal(format!("cannot encode response: {e}")))
}
