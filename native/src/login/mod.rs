//! Console sign-in (`aws login`, Invoke-AWSLogin): the browser flow that creates the login token
//! cache, the refresh that keeps it alive during resolution, and logout. Shares the AWS CLI's
//! cache files (shared/reference/config-files-and-caches.md 3.2 and 3.3).

pub mod cache;
pub mod dpop;
pub mod exchange;
pub mod flow;
pub mod refresh;

/// The client id of the same-device flow (browser on this machine, loopback redirect).
pub const SAME_DEVICE_CLIENT: &str = "arn:aws:signin:::devtools/same-device";
/// The client id of the cross-device flow (the user pastes a code shown by the browser).
pub const CROSS_DEVICE_CLIENT: &str = "arn:aws:signin:::devtools/cross-device";

/// The command a user runs to sign in profile `profile` again (CLI and cmdlet).
pub fn login_command(profile: &str) -> String {
    format!("awscred login {profile}` or `Invoke-AWSLogin -ProfileName {profile}")
}

/// The account id of an ARN (`arn:aws:sts::123456789012:assumed-role/...`).
pub fn account_of(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}
