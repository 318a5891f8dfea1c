//! credential_process, run by the library itself: the platform shell, exactly the request's
//! environment view, no stdin, a deadline (`deadline::process_timeout`) after which the child's
//! whole process group is killed, and output that never reaches an error message (it holds keys).

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::deadline::{process_timeout, PROCESS_TIMEOUT_SETTING};
use super::Resolved;
use crate::env::Env;
use crate::error::{Error, Result};

/// The platform shell running `command`, as aws-config runs credential_process: `sh -c` on Unix,
/// `cmd.exe /C "<command>"` on Windows (the command appended raw: cmd.exe does not understand
/// the C runtime's quoting). botocore splits the command itself and uses no shell.
#[cfg(not(windows))]
fn shell(command: &str) -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", command]);
    c
}

#[cfg(windows)]
fn shell(command: &str) -> Command {
    use std::os::windows::process::CommandExt;
    let mut c = Command::new("cmd.exe");
    c.arg("/C");
    c.raw_arg(format!("\"{command}\""));
    c
}

/// At most this many characters of a failing process's stderr go into the error.
const STDERR_SHOWN: usize = 1000;
/// At most this many bytes of each output stream are kept (the rest is read and dropped).
const OUTPUT_KEPT: u64 = 1 << 20;

/// Credentials printed by `credential_process`. The child gets exactly the environment view of
/// the request (covered names it does not hold are removed), no stdin, and its output never goes
/// into an error (it holds keys); a failure shows its exit status and stderr. A child that has
/// not finished (exited and closed its output) by the deadline is killed with its process group.
pub(crate) fn process(env: &Env, profile: &str, command: &str) -> Result<Resolved> {
    let fail = |why: String| {
        Error::NoCredentials(format!(
            "credential_process of profile '{profile}' failed: {why}"
        ))
    };
    let limit = process_timeout(env);
    let mut command_line = shell(command);
    env.apply_to(&mut command_line);
    own_process_group(&mut command_line);
    let child = command_line
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("it could not be started: {e}")))?;
    let output = wait_bounded(child, limit).ok_or_else(|| Error::Timeout {
        what: format!("credential_process of profile '{profile}'"),
        after_ms: limit.as_millis() as u64,
        setting: PROCESS_TIMEOUT_SETTING,
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut stderr = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((cut, _)) = stderr.char_indices().nth(STDERR_SHOWN) {
            stderr.truncate(cut);
            stderr.push_str("...");
        }
        let stderr = if stderr.is_empty() {
            String::new()
        } else {
            format!("; stderr: {stderr}")
        };
        return Err(fail(format!("it ended with {}{stderr}", output.status)));
    }
    parse_process_output(&output.stdout).map_err(fail)
}

/// What a finished child left.
struct Finished {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Waits until `child` has exited and both its output streams are closed, or `limit` has passed;
/// then kills its process group and gives `None`.
fn wait_bounded(mut child: Child, limit: Duration) -> Option<Finished> {
    let deadline = Instant::now() + limit;
    let (tx, rx) = mpsc::channel();
    let streams: [Option<Box<dyn Read + Send>>; 2] = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ];
    for (which, stream) in streams.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            if let Some(mut s) = stream {
                let _ = s.by_ref().take(OUTPUT_KEPT).read_to_end(&mut kept);
                let _ = std::io::copy(&mut s, &mut std::io::sink());
            }
            let _ = tx.send((which, kept));
        });
    }
    drop(tx);
    let mut outputs: [Option<Vec<u8>>; 2] = [None, None];
    let mut status = None;
    loop {
        if status.is_none() {
            status = child.try_wait().ok().flatten();
        }
        if let (Some(status), [Some(_), Some(_)]) = (status, &outputs) {
            let [stdout, stderr] = outputs.map(Option::unwrap_or_default);
            return Some(Finished {
                status,
                stdout,
                stderr,
            });
        }
        let now = Instant::now();
        if now >= deadline {
            kill_group(&mut child);
            return None;
        }
        let pause = (deadline - now).min(Duration::from_millis(10));
        if let Ok((which, bytes)) = rx.recv_timeout(pause) {
            outputs[which] = Some(bytes);
        }
    }
}

/// Starts the child in a process group of its own, so a timeout can kill everything it started.
fn own_process_group(command: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    #[cfg(not(unix))]
    let _ = command;
}

/// Kills the child's process group (on Windows, the child itself) and reaps the child.
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(child.id()) {
        // SAFETY: killpg has no memory-safety preconditions; the group is the child's own.
        unsafe { libc::killpg(group, libc::SIGKILL) };
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The credential_process output format, Version 1: `AccessKeyId`, `SecretAccessKey`, and
/// optional `SessionToken`, `Expiration` (RFC 3339) and `AccountId`; keys in any case, as
/// aws-config reads them. Messages name fields, never values.
fn parse_process_output(stdout: &[u8]) -> std::result::Result<Resolved, String> {
    let text = std::str::from_utf8(stdout).map_err(|_| "its output is not UTF-8".to_string())?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "its output is not JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let obj = value
        .as_object()
        .ok_or_else(|| "its output is not a JSON object".to_string())?;
    let field = |name: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    };
    match field("Version") {
        Some(v) if v.as_i64() == Some(1) => {}
        Some(_) => return Err("its output has an unsupported Version (1 is expected)".into()),
        None => return Err("its output has no Version (1 is expected)".into()),
    }
    let optional = |name: &str| match field(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("its output's {name} is not a string")),
    };
    let required = |name: &str| {
        optional(name)?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("its output has no {name}"))
    };
    let expiration = match optional("Expiration")? {
        None => None,
        Some(e) => Some(
            super::time::parse_utc(&e)
                .ok_or_else(|| "its output's Expiration is not an RFC 3339 time".to_string())?,
        ),
    };
    Ok(Resolved {
        access_key_id: required("AccessKeyId")?,
        secret_access_key: required("SecretAccessKey")?,
        session_token: optional("SessionToken")?.filter(|t| !t.is_empty()),
        expiration,
        account_id: optional("AccountId")?.filter(|a| !a.is_empty()),
        profile_name: None,
        source: "Process",
        profile_location: None,
        from_cache: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_output_version_1() {
        let r = parse_process_output(
            br#"{"Version": 1, "accesskeyid": "AKID", "SecretAccessKey": "S",
                 "SessionToken": "T", "Expiration": "2030-01-02T03:04:05Z", "AccountId": "123"}"#,
        )
        .unwrap();
        assert_eq!(r.access_key_id, "AKID");
        assert_eq!(r.secret_access_key, "S");
        assert_eq!(r.session_token.as_deref(), Some("T"));
        assert_eq!(
            r.expiration,
            super::super::time::parse_utc("2030-01-02T03:04:05Z")
        );
        assert_eq!(r.account_id.as_deref(), Some("123"));
        let r = parse_process_output(br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S"}"#)
            .unwrap();
        assert_eq!((r.session_token, r.expiration), (None, None));
    }

    #[test]
    fn process_output_errors_never_quote_values() {
        for (out, want) in [
            (&br#"{"Version": 2, "AccessKeyId": "AKIDSECRETISH"}"#[..], "Version"),
            (br#"{"AccessKeyId": "AKIDSECRETISH"}"#, "no Version"),
            (br#"{"Version": 1, "AccessKeyId": "AKIDSECRETISH"}"#, "no SecretAccessKey"),
            (br#"{"Version": 1, "AccessKeyId": "AKIDSECRETISH", "SecretAccessKey": 5}"#, "not a string"),
            (br#"{"Version": 1, "AccessKeyId": "AKIDSECRETISH", "SecretAccessKey": "s", "Expiration": "AKIDSECRETISH"}"#, "Expiration"),
            (b"AKIDSECRETISH", "not JSON"),
        ] {
            let e = parse_process_output(out).unwrap_err();
            assert!(e.contains(want), "{e}");
            assert!(!e.contains("AKIDSECRETISH"), "{e}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_process_that_never_ends_is_killed_with_its_group() {
        let env = Env::from_pairs([(PROCESS_TIMEOUT_SETTING, "300"), ("PATH", "/usr/bin:/bin")]);
        let started = Instant::now();
        let err = process(&env, "p", "sleep 600 & sleep 600").unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10), "bounded");
        assert_eq!(err.code(), "Timeout", "{err}");
        assert!(err.to_string().contains(PROCESS_TIMEOUT_SETTING), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn output_held_open_by_a_grandchild_is_bounded_too() {
        let env = Env::from_pairs([(PROCESS_TIMEOUT_SETTING, "300"), ("PATH", "/usr/bin:/bin")]);
        let err = process(&env, "p", "sleep 600 & echo started").unwrap_err();
        assert_eq!(err.code(), "Timeout", "{err}");
    }
}
