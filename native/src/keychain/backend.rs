//! The OS keychain through the keyring crate (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), with a deadline on every call and a clear KeychainUnavailable
//! when there is none: no D-Bus session, no Secret Service, a locked collection, a prompt nobody
//! answers. Never prompts from a non-interactive host, never hangs.

use std::sync::mpsc;
use std::time::Duration;

use crate::env::Env;
use crate::error::{Error, Result};

use super::entry::SERVICE;

/// Milliseconds a keychain call may take (default 5000).
pub const TIMEOUT_SETTING: &str = "AWSCRED_KEYCHAIN_TIMEOUT_MS";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// What to do instead, said in every KeychainUnavailable.
const ADVICE: &str = "store the profile in the shared credentials file instead (without -Encrypted / --encrypted), or run under a logon that has an unlocked keychain";

fn timeout(env: &Env) -> Duration {
    env.get_non_blank(TIMEOUT_SETTING)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// Checks what can be checked before talking to the keychain: on Linux a D-Bus session bus
/// (the connection reads the process's DBUS_SESSION_BUS_ADDRESS, so a request naming another one
/// is refused rather than silently using the wrong bus).
fn preflight(env: &Env) -> Result<()> {
    if cfg!(target_os = "linux") {
        let wanted = env
            .get("DBUS_SESSION_BUS_ADDRESS")
            .filter(|v| !v.is_empty());
        let process = std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .ok()
            .filter(|v| !v.is_empty());
        match (&wanted, &process) {
            (None, _) => {
                return Err(Error::KeychainUnavailable(format!(
                    "there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so there is no Secret Service keychain here (a cron job, a service or an SSH session); {ADVICE}"
                )))
            }
            (Some(w), Some(p)) if w != p => {
                return Err(Error::KeychainUnavailable(format!(
                    "this call names a D-Bus session ({w}) other than the process's ({p}); the keychain is reached through the process's session only; {ADVICE}"
                )))
            }
            (Some(_), None) => {
                return Err(Error::KeychainUnavailable(format!(
                    "this call names a D-Bus session but the process has none; the keychain is reached through the process's session only; {ADVICE}"
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs `call` on a worker thread and waits at most the keychain timeout. A call that does not
/// answer (a prompt no one sees) is left behind on its thread; the caller gets an error at once.
fn with_deadline<T: Send + 'static>(
    env: &Env,
    what: &str,
    call: impl FnOnce() -> std::result::Result<T, keyring::Error> + Send + 'static,
) -> Result<std::result::Result<T, keyring::Error>> {
    preflight(env)?;
    let limit = timeout(env);
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("awscred-keychain".into())
        .spawn(move || {
            let _ = tx.send(call());
        })
        .map_err(|e| Error::Internal(format!("keychain thread: {e}")))?;
    rx.recv_timeout(limit).map_err(|_| Error::Timeout {
        what: format!("the keychain ({what}), which may be locked and waiting for a password no one can type here"),
        after_ms: limit.as_millis() as u64,
        setting: TIMEOUT_SETTING,
    })
}

fn unavailable(what: &str, e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(inner) => Error::KeychainUnavailable(format!(
            "the keychain refused access while {what} (it is locked, or its unlock prompt was dismissed: {inner}); {ADVICE}"
        )),
        keyring::Error::PlatformFailure(inner) => Error::KeychainUnavailable(format!(
            "the keychain could not be reached while {what} ({inner}); {ADVICE}"
        )),
        other => Error::KeychainUnavailable(format!(
            "the keychain failed while {what} ({other}); {ADVICE}"
        )),
    }
}

fn entry(name: &str) -> std::result::Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(SERVICE, name)
}

/// Stores `blob` as the secret of entry `name` (replacing one that is there).
pub fn set(env: &Env, name: &str, blob: &str) -> Result<()> {
    let (name, blob) = (name.to_string(), blob.to_string());
    let what = format!("storing entry '{name}'");
    with_deadline(env, &what, move || entry(&name)?.set_password(&blob))?
        .map_err(|e| unavailable(&what, e))
}

/// The secret of entry `name`; None when there is no such entry.
pub fn get(env: &Env, name: &str) -> Result<Option<String>> {
    let owned = name.to_string();
    let what = format!("reading entry '{name}'");
    match with_deadline(env, &what, move || entry(&owned)?.get_password())? {
        Ok(s) => Ok(Some(s)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(&what, e)),
    }
}

/// Deletes entry `name`; false when there was none.
pub fn delete(env: &Env, name: &str) -> Result<bool> {
    let owned = name.to_string();
    let what = format!("deleting entry '{name}'");
    match with_deadline(env, &what, move || entry(&owned)?.delete_credential())? {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(unavailable(&what, e)),
    }
}

/// The command of this platform's own keychain tool that deletes entry `name` (for messages: an
/// entry that no profile uses any more is never taken over, the user deletes it). Profile names
/// hold no character that a shell would read.
pub fn delete_command(name: &str) -> String {
    if cfg!(target_os = "macos") {
        format!("security delete-generic-password -s {SERVICE} -a {name}")
    } else if cfg!(windows) {
        format!("cmdkey /delete:{name}.{SERVICE}")
    } else {
        format!("secret-tool clear service {SERVICE} username {name}")
    }
}

/// The name of this platform's keychain, for messages.
pub fn kind() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(windows) {
        "Windows Credential Manager"
    } else {
        "Secret Service"
    }
}
