//! Credential operations: get (resolve any profile or the default chain), explain, whoami,
//! export, and the region chain.

use serde_json::{json, Value};

use super::profiles::mask;
use super::types::*;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::validate;
use crate::resolve::chain::{Base, Chain, NamedSource};
use crate::resolve::default_chain::{self, Configured, DEFAULT_CHAIN};
use crate::resolve::region::{self, RegionAnswer};
use crate::resolve::{self, cache, time, Context, Request, Resolved};

fn request(
    profile_name: &Option<String>,
    profile_location: &Option<String>,
    token_code: &Option<String>,
    region: &Option<String>,
) -> Result<Request> {
    if let Some(name) = profile_name {
        validate::profile_name("ProfileName", name)?;
    }
    if let Some(loc) = profile_location {
        validate::value("ProfileLocation", loc, false)?;
    }
    if let Some(code) = token_code {
        validate::token_code("TokenCode", code)?;
    }
    if let Some(r) = region {
        validate::region("Region", r)?;
    }
    Ok(Request {
        profile_name: profile_name.clone(),
        profile_location: profile_location.clone(),
        token_code: token_code.clone(),
        region: region.clone(),
    })
}

/// The keys in OS keychain entry `entry` (`awscred credential-process --keychain ENTRY`).
pub fn keychain_credentials(env: &Env, entry: &str) -> Result<Credentials> {
    crate::profile::validate::profile_name("Keychain", entry)?;
    Ok(to_response(crate::keychain::credentials(
        env, entry, entry,
    )?))
}

pub(super) fn to_response(r: Resolved) -> Credentials {
    Credentials {
        access_key_id: r.access_key_id,
        secret_access_key: r.secret_access_key,
        session_token: r.session_token,
        expiration: r.expiration.map(time::format_utc),
        account_id: r.account_id,
        profile_name: r.profile_name,
        source: r.source,
        profile_location: r.profile_location,
        cached: r.from_cache,
    }
}

/// Credentials for a named profile of any kind, or from the default chain.
pub fn get_credentials(env: &Env, req: GetCredentialsRequest) -> Result<Credentials> {
    let r = request(
        &req.profile_name,
        &req.profile_location,
        &req.token_code,
        &req.region,
    )?;
    Ok(to_response(resolve::resolve(env, &r)?))
}

/// STS GetCallerIdentity with the resolved credentials.
pub fn whoami(env: &Env, req: GetCredentialsRequest) -> Result<CallerIdentity> {
    let r = request(
        &req.profile_name,
        &req.profile_location,
        &req.token_code,
        &req.region,
    )?;
    let id = resolve::caller_identity(env, &r)?;
    Ok(CallerIdentity {
        account: id.account,
        arn: id.arn,
        user_id: id.user_id,
    })
}

/// A region answer of the core as the API reports it (all fields absent when there is none).
fn region_response(answer: Option<RegionAnswer>) -> RegionResponse {
    match answer {
        Some(a) => RegionResponse {
            region: Some(a.region),
            source: Some(a.source.name().to_string()),
            profile: a.profile,
        },
        None => RegionResponse::default(),
    }
}

/// Credentials as text: `env` (POSIX shell `export` lines), `powershell` (`$Env:` assignments) or
/// `json` (the credential_process format).
pub fn export_credentials(env: &Env, req: ExportRequest) -> Result<ExportResponse> {
    let format = req.format.to_ascii_lowercase();
    if !matches!(
        format.as_str(),
        "env" | "powershell" | "json" | "environment"
    ) {
        return Err(Error::InvalidInput(format!(
            "Format '{}' is not one of env, powershell, json, environment",
            req.format
        )));
    }
    let c = get_credentials(
        env,
        GetCredentialsRequest {
            profile_name: req.profile_name,
            profile_location: req.profile_location,
            token_code: req.token_code,
            region: req.region,
        },
    )?;
    if format == "environment" {
        return Ok(ExportResponse {
            text: String::new(),
            variables: Some(environment_variables(&c)),
        });
    }
    Ok(ExportResponse {
        text: render_export(&c, &format),
        variables: None,
    })
}

/// The variables a shell needs, in order.
fn variables(c: &Credentials) -> Vec<(&'static str, &str)> {
    let mut vars = vec![
        ("AWS_ACCESS_KEY_ID", c.access_key_id.as_str()),
        ("AWS_SECRET_ACCESS_KEY", c.secret_access_key.as_str()),
    ];
    if let Some(t) = &c.session_token {
        vars.push(("AWS_SESSION_TOKEN", t));
    }
    if let Some(e) = &c.expiration {
        vars.push(("AWS_CREDENTIAL_EXPIRATION", e));
    }
    vars
}

/// The variables to set in a process for `environment` (null: unset, so no stale token or
/// expiration of earlier credentials stays behind).
fn environment_variables(c: &Credentials) -> std::collections::BTreeMap<String, Option<String>> {
    let mut map: std::collections::BTreeMap<String, Option<String>> = [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
    ]
    .into_iter()
    .map(|k| (k.to_string(), None))
    .collect();
    for (k, v) in variables(c) {
        map.insert(k.to_string(), Some(v.to_string()));
    }
    map
}

/// Renders exported credentials (`format` already checked).
pub fn render_export(c: &Credentials, format: &str) -> String {
    match format {
        "env" => variables(c)
            .iter()
            .map(|(k, v)| format!("export {k}='{}'\n", v.replace('\'', "'\\''")))
            .collect(),
        "powershell" => variables(c)
            .iter()
            .map(|(k, v)| format!("$Env:{k} = '{}'\n", v.replace('\'', "''")))
            .collect(),
        _ => credential_process_json(c).to_string() + "\n",
    }
}

/// The credential_process format (Version 1).
pub fn credential_process_json(c: &Credentials) -> Value {
    let mut v = json!({
        "Version": 1,
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key,
    });
    if let Some(t) = &c.session_token {
        v["SessionToken"] = t.clone().into();
    }
    if let Some(e) = &c.expiration {
        v["Expiration"] = e.clone().into();
    }
    if let Some(a) = &c.account_id {
        v["AccountId"] = a.clone().into();
    }
    v
}

/// The region chain (explicit, the profile's own, environment, default profile, instance metadata).
pub fn resolve_region(env: &Env, req: RegionRequest) -> Result<RegionResponse> {
    let r = request(&req.profile_name, &req.profile_location, &None, &req.region)?;
    let ctx = Context::new(env, r.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    let profile = r
        .profile_name
        .clone()
        .unwrap_or_else(|| resolve::default_profile_name(env).0);
    let metadata = req.use_instance_metadata.unwrap_or(true);
    let answer = region::find(&ctx, &parsed, Some(&profile), r.region.as_deref(), metadata);
    Ok(region_response(answer))
}

/// Which sources a profile (or the default chain) would use, from the files alone. Without a
/// profile name it walks `DEFAULT_CHAIN` with the same test of each source that `get` uses, and
/// stops at the first configured one.
pub fn explain(env: &Env, req: ExplainRequest) -> Result<ExplainResponse> {
    let r = request(&req.profile_name, &req.profile_location, &None, &None)?;
    let ctx = Context::new(env, r.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    let mut skipped = Vec::new();
    let found = match &r.profile_name {
        Some(name) => Some(Configured::Profile(name.clone())),
        None => {
            let mut found = None;
            for source in DEFAULT_CHAIN {
                match default_chain::configured(source, &ctx, &parsed)? {
                    Ok(configured) => {
                        found = Some(configured);
                        break;
                    }
                    Err(why) => skipped.push(why),
                }
            }
            found
        }
    };
    let profile_name = match &found {
        Some(Configured::Profile(name)) => Some(name.clone()),
        _ => None,
    };
    let netsdk = match &profile_name {
        Some(name) => crate::resolve::netsdk_profile(&ctx, &parsed, name)?,
        None => None,
    };
    let steps = match (found, netsdk) {
        (_, Some(p)) => vec![netsdk_step(env, &p)],
        (None, None) => Vec::new(),
        (Some(source), None) => steps_for(env, &parsed, source)?,
    };
    Ok(ExplainResponse {
        steps,
        skipped,
        region: region::find(&ctx, &parsed, profile_name.as_deref(), None, false)
            .map(|a| region_response(Some(a))),
        profile_name,
    })
}

/// The one step of a profile read from the AWS SDK for .NET store: which file, entry and kind.
fn netsdk_step(env: &Env, p: &crate::keychain::netsdk::NetSdkProfile) -> ExplainStep {
    ExplainStep {
        provider: crate::keychain::netsdk::STORE_TYPE_NAME.into(),
        settings: json!({
            "kind": p.kind(),
            "entry": p.unique_key,
            "encryption": "DPAPI (current user)",
        }),
        profile: Some(p.name.clone()),
        file: crate::keychain::netsdk::path(env).map(|f| f.display().to_string()),
        line: None,
        cached: None,
    }
}

/// The explain steps of a configured source: a profile's planned chain, or one step.
fn steps_for(
    env: &Env,
    parsed: &crate::profile::normalize::ParsedFiles<'_>,
    source: Configured,
) -> Result<Vec<ExplainStep>> {
    let step = |provider: &str, settings: Value| ExplainStep {
        provider: provider.into(),
        settings,
        profile: None,
        file: None,
        line: None,
        cached: None,
    };
    let one = match source {
        Configured::Profile(name) => {
            return Ok(steps_of(&crate::resolve::chain::plan(parsed, &name)?, env))
        }
        Configured::Environment => {
            let mut settings =
                json!({ "AWS_ACCESS_KEY_ID": env.get_non_blank("AWS_ACCESS_KEY_ID") });
            if env.get_non_blank("AWS_SESSION_TOKEN").is_some() {
                settings["AWS_SESSION_TOKEN"] = "****".into();
            }
            step("Environment", settings)
        }
        Configured::WebIdentity {
            role_arn,
            token_file,
        } => step(
            "WebIdentityToken",
            json!({"role_arn": role_arn, "web_identity_token_file": token_file}),
        ),
        Configured::Container { variable, value } => step("Container", json!({ variable: value })),
        Configured::InstanceMetadata { endpoint } => {
            step("InstanceMetadata", json!({ "endpoint": endpoint }))
        }
    };
    Ok(vec![one])
}

/// The plan as explain steps; settings named as in the cross-SDK assume-role vectors.
pub fn steps_of(chain: &Chain, env: &Env) -> Vec<ExplainStep> {
    let o = &chain.base_origin;
    let (provider, settings) = match &chain.base {
        Base::AccessKey {
            access_key_id,
            secret_access_key,
            session_token,
            account_id,
        } => {
            let mut s = json!({"access_key_id": access_key_id, "secret_access_key": mask(secret_access_key)});
            if let Some(t) = session_token {
                s["session_token"] = mask(t).into();
            }
            if let Some(a) = account_id {
                s["account_id"] = a.clone().into();
            }
            ("AccessKey", s)
        }
        Base::NamedSource(n) => (
            "NamedSource",
            Value::String(
                match n {
                    NamedSource::Environment => "Environment",
                    NamedSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
                    NamedSource::EcsContainer => "EcsContainer",
                }
                .into(),
            ),
        ),
        Base::WebIdentity {
            role_arn,
            token_file,
            session_name,
        } => {
            let mut s = json!({"role_arn": role_arn, "web_identity_token_file": token_file});
            if let Some(n) = session_name {
                s["role_session_name"] = n.clone().into();
            }
            ("WebIdentityToken", s)
        }
        Base::Sso {
            session_name,
            start_url,
            region,
            account_id,
            role_name,
        } => {
            let mut s = json!({"sso_region": region, "sso_start_url": start_url});
            if let Some(n) = session_name {
                s["sso_session"] = n.clone().into();
            }
            if let Some(a) = account_id {
                s["sso_account_id"] = a.clone().into();
            }
            if let Some(r) = role_name {
                s["sso_role_name"] = r.clone().into();
            }
            ("Sso", s)
        }
        Base::Login { login_session } => ("Login", json!({ "login_session": login_session })),
        Base::Process { command } if crate::keychain::line::entry_of(command).is_some() => (
            "Keychain",
            json!({
                "keychain": crate::keychain::backend::kind(),
                "service": crate::keychain::entry::SERVICE,
                "entry": crate::keychain::line::entry_of(command),
            }),
        ),
        Base::Process { command } => {
            // Only the program: arguments may carry secrets.
            let program = command.split_whitespace().next().unwrap_or_default();
            let args = command.split_whitespace().count().saturating_sub(1);
            (
                "Process",
                json!({ "credential_process": format!("{program} (+{args} arguments)") }),
            )
        }
    };
    let mut steps = vec![ExplainStep {
        provider: provider.into(),
        settings,
        profile: Some(o.profile.clone()),
        file: o.file.clone(),
        line: o.line,
        cached: None,
    }];
    let dir = cache::cache_dir(env);
    for link in &chain.roles {
        let mut s = json!({ "role_arn": link.role_arn });
        if let Some(v) = &link.session_name {
            s["role_session_name"] = v.clone().into();
        }
        if let Some(v) = &link.external_id {
            s["external_id"] = v.clone().into();
        }
        if let Some(v) = &link.mfa_serial {
            s["mfa_serial"] = v.clone().into();
        }
        if let Some(v) = link.duration_seconds {
            s["duration_seconds"] = v.into();
        }
        let args = cache::CacheArgs::for_role(link);
        steps.push(ExplainStep {
            provider: "AssumeRole".into(),
            settings: s,
            profile: Some(link.origin.profile.clone()),
            file: link.origin.file.clone(),
            line: link.origin.line,
            cached: Some(cache::read_fresh(&cache::cache_file(&dir, &args)).is_some()),
        });
    }
    steps
}
