//! `awscred`: the command-line front end over the core API. It parses arguments, calls one
//! operation, prints the answer, and exits with the documented status (docs/api.md).

mod output;
mod signin;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use awscred::api::{self, types::*};
use awscred::env::Env;
use awscred::error::{Error, Status, STATUS_TABLE};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// The exit codes for `--help`, from the status table.
fn exit_codes_help() -> String {
    let mut text = String::from("Exit codes:");
    for row in STATUS_TABLE {
        text.push_str(&format!(
            "\n  {:<3}{:<21}{}",
            row.exit_code, row.code, row.meaning
        ));
    }
    text
}

/// Stores and reads AWS credential profiles in the shared config and credentials files without
/// losing a byte of them.
#[derive(Debug, Parser)]
#[command(name = "awscred", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args, Clone, Default)]
struct Location {
    /// One credentials-format file that holds everything, instead of the shared config and
    /// credentials files (as -ProfileLocation in the AWS Tools for PowerShell).
    #[arg(long, value_name = "PATH")]
    profile_location: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Store keys, a role or a region in profile NAME (creating it if needed).
    Set(Box<SetArgs>),
    /// List profiles.
    List {
        /// Show ProfileName, StoreTypeName and ProfileLocation.
        #[arg(long)]
        detail: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Show one stored profile: its kind and settings, secrets masked.
    Show {
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Print the credentials of profile NAME, of any kind (keys, roles, web identity, SSO,
    /// login, credential_process); without NAME, of the default chain (environment,
    /// AWS_PROFILE / default, web identity, container, instance metadata). Without --json the
    /// secret is masked.
    Get {
        name: Option<String>,
        /// Print JSON with the secret: AccessKeyId, SecretAccessKey, SessionToken, Expiration,
        /// AccountId, ProfileName, Source.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Show which sources profile NAME (or the default chain) uses, each with the file and line it
    /// was configured on, without calling AWS.
    Explain {
        name: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Ask STS who the credentials of profile NAME (or the default chain) belong to.
    Whoami {
        name: Option<String>,
        /// Print JSON: Account, Arn, UserId.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Print the credentials of profile NAME as shell variable assignments or JSON.
    Export {
        name: Option<String>,
        /// env (POSIX shell export lines), powershell ($Env: assignments) or json
        /// (credential_process format).
        #[arg(long, value_parser = ["env", "powershell", "json"])]
        format: String,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Print the region for profile NAME: explicit, the profile's own, AWS_REGION /
    /// AWS_DEFAULT_REGION, the default profile, then instance metadata.
    Region {
        name: Option<String>,
        /// Print JSON: Region, Source, Profile.
        #[arg(long)]
        json: bool,
        /// Do not ask instance metadata.
        #[arg(long)]
        no_instance_metadata: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Remove profile NAME from every file that defines it.
    Remove {
        name: String,
        #[command(flatten)]
        location: Location,
    },
    /// Print the normalized view of the files as JSON ({"profiles": ..., "sso_sessions": ...}).
    Config {
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Print the library's contract as JSON: ABI version, operations, error statuses with their
    /// exit codes and PowerShell error categories, and the environment variables it reads.
    Describe {
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Print credentials in the credential_process format (Version 1), for
    /// `credential_process = awscred credential-process NAME` in another profile.
    CredentialProcess {
        /// The profile (not with --keychain).
        #[arg(required_unless_present = "keychain")]
        name: Option<String>,
        /// Read the OS keychain entry ENTRY directly (the line `set --encrypted` writes).
        #[arg(long, value_name = "ENTRY", conflicts_with = "name")]
        keychain: Option<String>,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Move the keys of profile NAME between the shared credentials file and the OS keychain, or
    /// out of the AWS SDK for .NET store (Windows); the new place is written and read back before
    /// the old one is cleared.
    Move {
        name: String,
        /// Keychain or SharedCredentialsFile.
        #[arg(long, value_name = "STORE")]
        to: String,
        /// NetSDKCredentialsFile: the profile of that name in the .NET SDK store (default: the
        /// shared files' profile, else the store's).
        #[arg(long, value_name = "STORE")]
        from: Option<String>,
        /// Also remove the profile from the .NET SDK store (left alone by default: the .NET SDK
        /// and Visual Studio share it).
        #[arg(long)]
        remove_source: bool,
        /// Report, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Update profile NAME from the key published in Secrets Manager (the IAM user's tag
    /// SecretName names the secret unless --secret-id does); the key is verified with STS before
    /// it is written. Exit 0 both when it changed and when it was up to date.
    Sync {
        name: Option<String>,
        /// The secret (name or ARN); required when the profile's key is already rejected.
        #[arg(long, value_name = "ID")]
        secret_id: Option<String>,
        /// The IAM user tag that names the secret.
        #[arg(long, value_name = "KEY", default_value = "SecretName")]
        tag_key: String,
        /// The identity the secret's key must belong to.
        #[arg(long, value_name = "ARN")]
        expected_user_arn: Option<String>,
        /// Verify and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// List every access key of the IAM user of profile NAME: status, age, last use; warn about
    /// old keys and two active keys.
    Keys {
        name: Option<String>,
        /// Warn about keys older than this.
        #[arg(long, value_name = "N", default_value_t = 90)]
        max_key_age_days: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Rotate the access key of profile NAME: create, verify until AWS accepts it, write the
    /// profile, publish to Secrets Manager, deactivate and delete the old key. A journal lets an
    /// interrupted run be finished by the next; Ctrl+C before the profile switch undoes it.
    Rotate {
        name: Option<String>,
        /// Publish the new key to this secret (default: the user's SecretName tag, if any).
        #[arg(long, value_name = "ID")]
        secret_id: Option<String>,
        /// Keep the old key inactive instead of deleting it.
        #[arg(long)]
        deactivate_only: bool,
        /// Delete an inactive second key first.
        #[arg(long)]
        delete_inactive: bool,
        /// Keep the old key active this long after the switch (e.g. 3600, 90m, 24h, 7d); a later
        /// run deactivates and deletes it once unused.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        grace_period: Option<u64>,
        /// Rotate only a key at least this many days old.
        #[arg(long, value_name = "N")]
        max_key_age_days: Option<u32>,
        /// Plan and report, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        resolve: ResolveArgs,
    },
    /// Sign profile NAME in with console credentials (`aws login`): a browser sign-in whose
    /// session credentials refresh for up to 12 hours, shared with the AWS CLI and SDKs.
    Login {
        name: Option<String>,
        /// The region to sign in to (written into the profile); default: the profile's.
        #[arg(long)]
        region: Option<String>,
        /// Sign in on another device: print the page, then read the code it shows from stdin.
        #[arg(long)]
        remote: bool,
        /// The loopback port of the browser redirect (default: a free one).
        #[arg(long, value_name = "PORT")]
        redirect_port: Option<u16>,
        /// How long to wait for the browser or the code (e.g. 600, 10m).
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        timeout: Option<u64>,
        /// Switch a profile signed in as another identity without asking.
        #[arg(long)]
        force: bool,
        /// Check and report, open nothing, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Write IAM Identity Center profile NAME and its [sso-session] (as `aws configure sso`, with
    /// every value given as a flag).
    SsoConfigure {
        name: Option<String>,
        /// The sso-session name (default: the profile name).
        #[arg(long = "sso-session", value_name = "NAME")]
        session_name: Option<String>,
        #[arg(long, value_name = "URL")]
        start_url: Option<String>,
        #[arg(long, value_name = "REGION")]
        sso_region: Option<String>,
        /// Comma-separated registration scopes (default sso:account:access).
        #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
        registration_scopes: Vec<String>,
        #[arg(long, value_name = "ID")]
        account_id: Option<String>,
        #[arg(long, value_name = "ROLE")]
        role_name: Option<String>,
        /// The profile's default region.
        #[arg(long)]
        region: Option<String>,
        /// Write only the [sso-session] (then sign in, then configure the profile).
        #[arg(long)]
        session_only: bool,
        /// Check and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Sign in to IAM Identity Center for profile NAME (or --sso-session): the browser with PKCE by
    /// default, or the device code; the token goes to the cache the AWS CLI and SDKs share.
    SsoLogin {
        name: Option<String>,
        #[arg(long = "sso-session", value_name = "NAME")]
        session_name: Option<String>,
        /// Show a code to confirm on any device instead of the browser redirect.
        #[arg(long)]
        use_device_code: bool,
        /// Print the page to open instead of opening a browser.
        #[arg(long)]
        no_browser: bool,
        /// Sign in even when a valid token is cached.
        #[arg(long)]
        force: bool,
        /// How long to wait (e.g. 600, 10m).
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        timeout: Option<u64>,
        /// Check and report, open nothing, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// End IAM Identity Center sessions: of profile NAME or --sso-session, or, named by neither,
    /// every one (as `aws sso logout`), removing their tokens and cached credentials.
    SsoLogout {
        name: Option<String>,
        #[arg(long = "sso-session", value_name = "NAME")]
        session_name: Option<String>,
        /// Report what would be removed, remove nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Forget the console login of profile NAME (every cached login with --all); the profile
    /// keeps its login_session, as with `aws logout`.
    Logout {
        name: Option<String>,
        #[arg(long)]
        all: bool,
        /// Report what would be removed, remove nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        location: Location,
    },
}

/// Seconds from `N`, `Ns`, `Nm`, `Nh` or `Nd`.
fn parse_duration(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a duration such as 3600, 90m, 24h or 7d"))?;
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("'{text}': the unit must be s, m, h or d")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("'{text}' is too long"))
}

#[derive(Debug, Args, Clone, Default)]
struct ResolveArgs {
    /// The current code of the MFA device, for roles with mfa_serial. Without it the CLI asks when
    /// standard input is a terminal, and otherwise exits with code 10.
    #[arg(long, value_name = "CODE")]
    mfa_code: Option<String>,
    /// The region for the STS calls (otherwise the profile's, AWS_REGION, ...).
    #[arg(long)]
    region: Option<String>,
    #[command(flatten)]
    location: Location,
}

#[derive(Debug, Args)]
struct SetArgs {
    /// The profile to store.
    name: String,
    #[arg(long)]
    access_key: Option<String>,
    /// Prefer --stdin-json: a secret on the command line is visible to other users' `ps`.
    #[arg(long)]
    secret_key: Option<String>,
    /// Prefer --stdin-json: a secret on the command line is visible to other users' `ps`.
    #[arg(long)]
    session_token: Option<String>,
    #[arg(long)]
    role_arn: Option<String>,
    #[arg(long)]
    source_profile: Option<String>,
    #[arg(long)]
    external_id: Option<String>,
    #[arg(long)]
    mfa_serial: Option<String>,
    #[arg(long)]
    role_session_name: Option<String>,
    #[arg(long)]
    duration_seconds: Option<i64>,
    #[arg(long)]
    region: Option<String>,
    /// Copy every setting of this existing profile into NAME.
    #[arg(long, value_name = "PROFILE", conflicts_with_all = [
        "access_key", "secret_key", "session_token", "role_arn", "source_profile", "external_id",
        "mfa_serial", "role_session_name", "duration_seconds", "region", "stdin_json"])]
    copy_from: Option<String>,
    /// Read the fields as a JSON object from standard input (AccessKey, SecretKey, SessionToken,
    /// RoleArn, SourceProfile, ExternalId, MfaSerial, RoleSessionName, DurationSeconds, Region),
    /// so secrets stay off the command line.
    #[arg(long)]
    stdin_json: bool,
    /// Keep the keys in the OS keychain; the profile gets a credential_process line that reads
    /// them (every AWS tool can use it) and the files hold no secret.
    #[arg(long)]
    encrypted: bool,
    #[command(flatten)]
    location: Location,
}

/// The fields `--stdin-json` accepts: those of the set request without the name and location.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct StdinFields {
    access_key: Option<String>,
    secret_key: Option<String>,
    session_token: Option<String>,
    role_arn: Option<String>,
    source_profile: Option<String>,
    external_id: Option<String>,
    mfa_serial: Option<String>,
    role_session_name: Option<String>,
    duration_seconds: Option<i64>,
    region: Option<String>,
}

fn main() -> ExitCode {
    restore_sigpipe();
    let parsed = Cli::command()
        .after_help(exit_codes_help())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Status::Usage.info().exit_code
            } else {
                Status::Ok.info().exit_code
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let env = Env::process();
    quiet_panics();
    match std::panic::catch_unwind(|| run(cli.command, &env)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("awscred: {}", one_line(&e));
            ExitCode::from(e.exit_code())
        }
        Err(_) => ExitCode::from(Status::Internal.info().exit_code),
    }
}

/// A panic prints one line (where, never the message, which could hold a value) and `main` exits
/// with the Internal code, instead of Rust's multi-line report and exit 101.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("awscred: internal error: a panic{place}; please report it");
    }));
}

/// Dies quietly when the reader of stdout goes away (`awscred list | head`), as other command-line
/// tools do, instead of panicking on the broken pipe.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to the default at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The error as one line (multi-line causes folded).
fn one_line(e: &Error) -> String {
    e.to_string().replace(['\n', '\r'], " ")
}

fn run(command: Command, env: &Env) -> Result<(), Error> {
    match command {
        Command::Set(args) => set(*args, env),
        Command::List {
            detail,
            json,
            location,
        } => {
            let res = api::list_profiles(env, location_request(location))?;
            output::list(&res, detail, json);
            Ok(())
        }
        Command::Show {
            name,
            json,
            location,
        } => {
            let res = api::show_profile(
                env,
                ProfileRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                },
            )?;
            output::show(&res, json);
            Ok(())
        }
        Command::Get {
            name,
            json,
            resolve,
        } => {
            let creds = with_mfa(&resolve, |code| {
                api::get_credentials(env, credentials_request(&name, &resolve, code))
            })?;
            output::credentials(&creds, json);
            Ok(())
        }
        Command::Explain {
            name,
            json,
            location,
        } => {
            let res = api::explain(
                env,
                ExplainRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                },
            )?;
            output::explain(&res, json);
            Ok(())
        }
        Command::Whoami {
            name,
            json,
            resolve,
        } => {
            let id = with_mfa(&resolve, |code| {
                api::whoami(env, credentials_request(&name, &resolve, code))
            })?;
            output::identity(&id, json);
            Ok(())
        }
        Command::Export {
            name,
            format,
            resolve,
        } => {
            let res = with_mfa(&resolve, |code| {
                api::export_credentials(
                    env,
                    ExportRequest {
                        profile_name: name.clone(),
                        profile_location: resolve.location.profile_location.clone(),
                        token_code: code,
                        region: resolve.region.clone(),
                        format: format.clone(),
                    },
                )
            })?;
            print!("{}", res.text);
            Ok(())
        }
        Command::Region {
            name,
            json,
            no_instance_metadata,
            location,
        } => {
            let res = api::resolve_region(
                env,
                RegionRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                    region: None,
                    use_instance_metadata: Some(!no_instance_metadata),
                },
            )?;
            match (&res.region, json) {
                (_, true) => output::json(&res),
                (Some(r), false) => println!("{r}"),
                (None, false) => {
                    return Err(Error::NoRegion(
                        "no region is configured (set AWS_REGION, or add region to the profile or to the default profile)".into(),
                    ))
                }
            }
            Ok(())
        }
        Command::Remove { name, location } => {
            let res = api::remove_profile(
                env,
                ProfileRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                },
            )?;
            output::written("Removed", &res);
            Ok(())
        }
        Command::Config { json: _, location } => {
            let mut view = api::dump_config(env, location_request(location))?;
            if let Some(warnings) = view.as_object_mut().and_then(|o| o.remove("warnings")) {
                for w in warnings.as_array().into_iter().flatten() {
                    eprintln!("awscred: warning: {}", w.as_str().unwrap_or_default());
                }
            }
            output::json(&view);
            Ok(())
        }
        Command::Describe { json: _ } => {
            output::json(&api::describe(env, DescribeRequest {})?);
            Ok(())
        }
        Command::CredentialProcess {
            name,
            keychain,
            resolve,
        } => {
            let creds = match keychain {
                Some(entry) => api::keychain_credentials(env, &entry)?,
                None => with_mfa(&resolve, |code| {
                    api::get_credentials(env, credentials_request(&name, &resolve, code))
                })?,
            };
            output::json(&api::credential_process_json(&creds));
            Ok(())
        }
        Command::Move {
            name,
            to,
            from,
            remove_source,
            dry_run,
            json,
            location,
        } => {
            let res = api::move_profile(
                env,
                MoveProfileRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                    to,
                    from,
                    remove_source,
                    cli_path: own_path(),
                    dry_run,
                },
            )?;
            if json {
                output::json(&res);
            } else {
                output::written("Moved", &res);
            }
            Ok(())
        }
        Command::Sync {
            name,
            secret_id,
            tag_key,
            expected_user_arn,
            dry_run,
            json,
            resolve,
        } => {
            let res = api::sync_credentials(
                env,
                SyncRequest {
                    profile_name: name,
                    profile_location: resolve.location.profile_location,
                    token_code: resolve.mfa_code,
                    region: resolve.region,
                    secret_id,
                    tag_key: Some(tag_key),
                    expected_user_arn,
                    dry_run,
                },
            )?;
            output::sync(&res, json);
            Ok(())
        }
        Command::Keys {
            name,
            max_key_age_days,
            json,
            resolve,
        } => {
            let res = api::access_key_status(
                env,
                KeyStatusRequest {
                    profile_name: name,
                    profile_location: resolve.location.profile_location,
                    token_code: resolve.mfa_code,
                    region: resolve.region,
                    max_key_age_days: Some(max_key_age_days),
                },
            )?;
            output::keys(&res, json);
            Ok(())
        }
        Command::Rotate {
            name,
            secret_id,
            deactivate_only,
            delete_inactive,
            grace_period,
            max_key_age_days,
            dry_run,
            json,
            resolve,
        } => {
            let request = RotateRequest {
                profile_name: name,
                profile_location: resolve.location.profile_location,
                token_code: resolve.mfa_code,
                region: resolve.region,
                secret_id,
                tag_key: None,
                deactivate_only,
                delete_inactive_key: delete_inactive,
                grace_period_seconds: grace_period,
                max_key_age_days,
                dry_run,
            };
            let res = rotate(env, request)?;
            output::rotation(&res, json);
            exit_if_cancelled(&res.status);
            Ok(())
        }
        Command::Login {
            name,
            region,
            remote,
            redirect_port,
            timeout,
            force,
            dry_run,
            json,
            location,
        } => {
            let request = LoginRequest {
                profile_name: name,
                profile_location: location.profile_location,
                region,
                remote,
                redirect_port,
                timeout_ms: timeout.map(|s| s.saturating_mul(1000)),
                force,
                dry_run,
            };
            let res = signin::login(env, request)?;
            output::login(&res, json);
            exit_if_cancelled(&res.status);
            Ok(())
        }
        Command::Logout {
            name,
            all,
            dry_run,
            json,
            location,
        } => {
            let res = api::logout(
                env,
                LogoutRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                    all,
                    dry_run,
                },
            )?;
            output::logout(&res, json);
            Ok(())
        }
        Command::SsoConfigure {
            name,
            session_name,
            start_url,
            sso_region,
            registration_scopes,
            account_id,
            role_name,
            region,
            session_only,
            dry_run,
            json,
            location,
        } => {
            let res = api::sso_configure(
                env,
                SsoConfigureRequest {
                    profile_name: name,
                    profile_location: location.profile_location,
                    session_name,
                    start_url,
                    sso_region,
                    registration_scopes,
                    account_id,
                    role_name,
                    region,
                    session_only,
                    dry_run,
                },
            )?;
            output::sso_configured(&res, json);
            Ok(())
        }
        Command::SsoLogin {
            name,
            session_name,
            use_device_code,
            no_browser,
            force,
            timeout,
            dry_run,
            json,
            location,
        } => {
            let request = SsoLoginRequest {
                profile_name: name,
                session_name,
                profile_location: location.profile_location,
                use_device_code,
                force,
                timeout_ms: timeout.map(|s| s.saturating_mul(1000)),
                dry_run,
            };
            let res = signin::sso_login(env, request, no_browser)?;
            output::login(&res, json);
            exit_if_cancelled(&res.status);
            Ok(())
        }
        Command::SsoLogout {
            name,
            session_name,
            dry_run,
            json,
            location,
        } => {
            let res = api::sso_logout(
                env,
                SsoLoginRequest {
                    profile_name: name,
                    session_name,
                    profile_location: location.profile_location,
                    dry_run,
                    ..Default::default()
                },
            )?;
            output::logout(&res, json);
            Ok(())
        }
    }
}

/// This awscred's own path, for the keychain line (copied to the stable folder by the library).
fn own_path() -> Option<String> {
    std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
}

/// A wait stopped by Ctrl+C exits 130, as a shell reports a command stopped that way.
fn exit_if_cancelled(status: &str) {
    if status == "Cancelled" {
        std::process::exit(130);
    }
}

/// Ctrl+C during a wait (rotation, sign-in): the loop cancels at its next poll instead of dying.
mod interrupt {
    use std::sync::atomic::{AtomicBool, Ordering};

    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    #[cfg(unix)]
    extern "C" fn on_interrupt(_: libc::c_int) {
        INTERRUPTED.store(true, Ordering::SeqCst);
    }

    /// Routes SIGINT to the flag.
    pub fn install() {
        #[cfg(unix)]
        // SAFETY: installs an async-signal-safe handler that only stores to an atomic.
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }

    /// Whether Ctrl+C was pressed since `install`.
    pub fn requested() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }
}

/// Runs a rotation to the end: start, then poll, a progress line on a terminal; Ctrl+C cancels.
fn rotate(env: &Env, request: RotateRequest) -> Result<RotationResponse, Error> {
    interrupt::install();
    let terminal = std::io::stderr().is_terminal();
    let mut res = api::rotate_start(env, request)?;
    while !res.done {
        if interrupt::requested() {
            if terminal {
                eprintln!();
            }
            res = api::rotate_cancel(env, RotationHandle { handle: res.handle })?;
            break;
        }
        if terminal {
            eprint!(
                "\r\x1b[2K[{:>3}%] {}: {}",
                res.percent, res.status, res.message
            );
        }
        res = api::rotate_poll(env, RotationHandle { handle: res.handle })?;
    }
    if terminal {
        eprint!("\r\x1b[2K");
    }
    Ok(res)
}

fn credentials_request(
    name: &Option<String>,
    resolve: &ResolveArgs,
    code: Option<String>,
) -> GetCredentialsRequest {
    GetCredentialsRequest {
        profile_name: name.clone(),
        profile_location: resolve.location.profile_location.clone(),
        token_code: code,
        region: resolve.region.clone(),
    }
}

/// Runs `call`; when it answers MfaRequired and no code was given, asks for the code on the
/// terminal (only when standard input is one) and calls again.
fn with_mfa<T>(
    resolve: &ResolveArgs,
    call: impl Fn(Option<String>) -> Result<T, Error>,
) -> Result<T, Error> {
    match call(resolve.mfa_code.clone()) {
        Err(Error::MfaRequired { serial, .. })
            if resolve.mfa_code.is_none() && std::io::stdin().is_terminal() =>
        {
            eprint!("Enter MFA code for {serial}: ");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Error::InvalidInput(format!("cannot read the MFA code: {e}")))?;
            call(Some(line.trim().to_string()))
        }
        other => other,
    }
}

fn location_request(location: Location) -> LocationRequest {
    LocationRequest {
        profile_location: location.profile_location,
    }
}

fn set(args: SetArgs, env: &Env) -> Result<(), Error> {
    if let Some(source) = args.copy_from {
        let res = api::copy_profile(
            env,
            CopyProfileRequest {
                profile_name: source,
                store_as: args.name,
                profile_location: args.location.profile_location,
            },
        )?;
        output::written("Stored", &res);
        return Ok(());
    }
    let stdin = if args.stdin_json {
        read_stdin_fields()?
    } else {
        StdinFields::default()
    };
    let req = SetProfileRequest {
        profile_name: args.name,
        access_key: either("access-key", args.access_key, stdin.access_key)?,
        secret_key: either("secret-key", args.secret_key, stdin.secret_key)?,
        session_token: either("session-token", args.session_token, stdin.session_token)?,
        role_arn: either("role-arn", args.role_arn, stdin.role_arn)?,
        source_profile: either("source-profile", args.source_profile, stdin.source_profile)?,
        external_id: either("external-id", args.external_id, stdin.external_id)?,
        mfa_serial: either("mfa-serial", args.mfa_serial, stdin.mfa_serial)?,
        role_session_name: either(
            "role-session-name",
            args.role_session_name,
            stdin.role_session_name,
        )?,
        duration_seconds: either(
            "duration-seconds",
            args.duration_seconds,
            stdin.duration_seconds,
        )?,
        region: either("region", args.region, stdin.region)?,
        profile_location: args.location.profile_location,
        encrypted: args.encrypted,
        cli_path: if args.encrypted { own_path() } else { None },
    };
    let res = api::set_profile(env, req)?;
    output::written("Stored", &res);
    Ok(())
}

/// A field given on the command line or in the stdin JSON, not both.
fn either<T>(flag: &str, arg: Option<T>, stdin: Option<T>) -> Result<Option<T>, Error> {
    match (arg, stdin) {
        (Some(_), Some(_)) => Err(Error::InvalidInput(format!(
            "--{flag} was given both on the command line and in the --stdin-json object"
        ))),
        (a, s) => Ok(a.or(s)),
    }
}

fn read_stdin_fields() -> Result<StdinFields, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::InvalidInput(
            "--stdin-json reads a JSON object from standard input, which is a terminal; pipe the object in".into(),
        ));
    }
    let mut text = String::new();
    stdin
        .lock()
        .take(api::MAX_REQUEST_BYTES as u64 + 1)
        .read_to_string(&mut text)
        .map_err(|e| Error::InvalidInput(format!("cannot read standard input as UTF-8: {e}")))?;
    if text.len() > api::MAX_REQUEST_BYTES {
        return Err(Error::InvalidInput(
            "the --stdin-json object is larger than 1 MiB".into(),
        ));
    }
    serde_json::from_str(&text).map_err(|e| {
        let msg = e.to_string();
        let msg = if msg.starts_with("unknown field") {
            msg
        } else {
            format!("line {}, column {}", e.line(), e.column())
        };
        Error::InvalidInput(format!(
            "--stdin-json: not a valid object of set fields ({msg})"
        ))
    })
}
