//! The sign-in commands' waits: open the browser (or show the page to visit), then poll until the
//! sign-in is done; Ctrl+C cancels, an identity change is confirmed on a terminal only.

use std::io::IsTerminal;

use awscred::api::{self, types::*};
use awscred::env::Env;
use awscred::error::Error;

use crate::interrupt;

/// Opens `url` in the browser ($BROWSER honoured by the webbrowser crate) and always prints it, so
/// a machine without a browser can still sign in.
pub fn open_browser(url: &str, no_browser: bool) {
    eprintln!("Sign-in page: {url}");
    if no_browser {
        return;
    }
    if let Err(e) = webbrowser::open(url) {
        eprintln!("Could not open a browser ({e}); open the page above yourself.");
    }
}

/// Reads one line from standard input (the pasted cross-device code).
fn read_code() -> Result<String, Error> {
    if std::io::stdin().is_terminal() {
        eprint!("Paste the code the page shows: ");
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::InvalidInput(format!("cannot read the code: {e}")))?;
    if line.trim().is_empty() {
        return Err(Error::InvalidInput(
            "no code was given on standard input; the login was abandoned".into(),
        ));
    }
    Ok(line.trim().to_string())
}

/// Asks y/N on the terminal; false when standard input is not one.
fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).is_ok() && line.trim().eq_ignore_ascii_case("y")
}

/// Runs a console login to the end.
pub fn login(env: &Env, request: LoginRequest) -> Result<LoginResponse, Error> {
    interrupt::install();
    let remote = request.remote;
    let mut res = api::login_start(env, request)?;
    if res.done {
        return Ok(res);
    }
    if remote {
        eprintln!(
            "Open this page on a device with a browser and sign in:\n{}",
            res.authorize_url
        );
    } else {
        open_browser(&res.authorize_url, false);
    }
    let mut code = None;
    while !res.done {
        if interrupt::requested() {
            return api::login_cancel(env, handle(res.handle));
        }
        if remote && code.is_none() && res.status == "WaitingForCode" {
            code = Some(read_code()?);
        }
        let mut poll = handle(res.handle);
        if res.status == "ConfirmIdentityChange" {
            if !confirm(&res.message) {
                let _ = api::login_cancel(env, handle(res.handle));
                return Err(Error::InvalidInput(format!(
                    "{}; nothing was written (give --force to switch without asking)",
                    res.message
                )));
            }
            poll.confirm = true;
        } else {
            poll.code = code.take();
        }
        res = api::login_poll(env, poll)?;
    }
    Ok(res)
}

fn handle(handle: u64) -> LoginPollRequest {
    LoginPollRequest {
        handle,
        ..Default::default()
    }
}

/// Runs an IAM Identity Center sign-in to the end.
pub fn sso_login(
    env: &Env,
    request: SsoLoginRequest,
    no_browser: bool,
) -> Result<LoginResponse, Error> {
    interrupt::install();
    let mut res = api::sso_login_start(env, request)?;
    if res.done {
        return Ok(res);
    }
    if let Some(code) = &res.user_code {
        eprintln!("Confirm the code {code} on the sign-in page.");
    }
    open_browser(&res.authorize_url, no_browser);
    while !res.done {
        if interrupt::requested() {
            return api::sso_login_cancel(env, handle(res.handle));
        }
        res = api::sso_login_poll(env, handle(res.handle))?;
    }
    Ok(res)
}
