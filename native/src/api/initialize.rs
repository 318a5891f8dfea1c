//! `validate` (the core's rules for values a front end asks for) and `initialize_defaults` (what
//! Initialize-AWSDefaultConfiguration stores in the profile `default`, and whether that replaces
//! a different one).

use super::credentials::to_response;
use super::profiles::{
    copy_changes, files_for, kind_of, not_found, set_changes, Changes, OTHER_KIND_KEYS, ROLE_KEYS,
};
use super::types::*;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::locate::ProfileFiles;
use crate::profile::normalize::{ParsedFiles, Section};
use crate::profile::validate as rules;
use crate::profile::{self, CREDENTIALS_FILE_KEYS};
use crate::resolve::region::{self, RegionSource};
use crate::resolve::{self, Context, Request};

/// The profile `initialize_defaults` writes.
const DEFAULT: &str = "default";

/// Checks each given value with the rules the operations apply. Messages name the field and never
/// echo a TokenCode.
pub fn validate(_env: &Env, req: ValidateRequest) -> Result<ValidateResponse> {
    if let Some(r) = &req.region {
        rules::region("Region", r)?;
    }
    if let Some(c) = &req.token_code {
        rules::token_code("TokenCode", c)?;
    }
    if let Some(n) = &req.profile_name {
        rules::profile_name("ProfileName", n)?;
    }
    Ok(ValidateResponse {})
}

/// Where the credentials of `initialize_defaults` come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// AccessKey + SecretKey (+ SessionToken): stored.
    Keys,
    /// RoleArn + SourceProfile (+ ExternalId, MfaSerial): stored.
    Role,
    /// ProfileName: resolved, then copied (nothing to copy when it is `default` itself).
    Profile,
    /// Nothing given: the default chain must find credentials; nothing stored for them.
    DefaultChain,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Keys => "Keys",
            Source::Role => "Role",
            Source::Profile => "Profile",
            Source::DefaultChain => "DefaultChain",
        }
    }
}

/// What would be done to `default`, decided on one view of the files.
#[derive(Debug, Clone)]
struct Plan {
    changes: Changes,
    kind: Option<ProfileKind>,
    actions: Vec<String>,
    reason: Option<String>,
    /// The region `default` holds after the changes.
    region_after: Option<String>,
}

/// Creates or updates the profile `default` as Initialize-AWSDefaultConfiguration does: finds
/// credentials and a region (failing with NoCredentials or NoRegion, before anything is written,
/// when one is missing), decides what to store, and refuses with DefaultProfileExists to replace
/// a `default` that holds other credentials or another region unless `Force` (or `DryRun`) is set.
/// One locked write.
pub fn initialize_defaults(
    env: &Env,
    mut req: InitializeDefaultsRequest,
) -> Result<InitializeDefaultsResponse> {
    // 1. Every value is checked before anything is read or written. An empty shell region is the
    //    shell variable unset.
    req.shell_region = req.shell_region.filter(|r| !r.trim().is_empty());
    if let Some(r) = &req.region {
        rules::region("Region", r)?;
    }
    if let Some(r) = &req.shell_region {
        rules::region("ShellRegion", r)?;
    }
    if let Some(c) = &req.token_code {
        rules::token_code("TokenCode", c)?;
    }
    if let Some(n) = &req.profile_name {
        rules::profile_name("ProfileName", n)?;
    }
    let files = files_for(env, req.profile_location.as_deref())?;
    let has_keys =
        req.access_key.is_some() || req.secret_key.is_some() || req.session_token.is_some();
    let has_role = req.role_arn.is_some()
        || req.source_profile.is_some()
        || req.external_id.is_some()
        || req.mfa_serial.is_some();
    let source = match (has_keys, has_role, &req.profile_name) {
        (false, false, None) => Source::DefaultChain,
        (true, false, None) => Source::Keys,
        (false, true, None) => Source::Role,
        (false, false, Some(_)) => Source::Profile,
        _ => {
            return Err(Error::InvalidInput(
                "give one source of credentials: AccessKey and SecretKey, RoleArn and SourceProfile, or ProfileName".into(),
            ))
        }
    };
    // Keys and roles follow set_profile's rules and changes exactly.
    let stored = match source {
        Source::Keys | Source::Role => {
            if req.source_profile.as_deref() == Some(DEFAULT) {
                return Err(Error::InvalidInput(
                    "SourceProfile cannot be 'default': storing the role replaces the keys of 'default', so it would have no credentials to assume the role with".into(),
                ));
            }
            Some(set_changes(&SetProfileRequest {
                profile_name: DEFAULT.into(),
                access_key: req.access_key.clone(),
                secret_key: req.secret_key.clone(),
                session_token: req.session_token.clone(),
                role_arn: req.role_arn.clone(),
                source_profile: req.source_profile.clone(),
                external_id: req.external_id.clone(),
                mfa_serial: req.mfa_serial.clone(),
                ..SetProfileRequest::default()
            })?)
        }
        _ => None,
    };

    let ctx = Context::new(env, req.profile_location.as_deref())?;
    let parsed = ctx.texts.parse()?;
    if let Some(sp) = req.source_profile.as_deref() {
        if parsed.profile(sp).is_none() {
            return Err(not_found(sp, &files));
        }
    }

    // 2. Credentials that must resolve before anything is written: the profile to copy (a profile
    //    that does not resolve is not copied), or the default chain.
    let sts_region = req.region.clone().or_else(|| req.shell_region.clone());
    let mut credentials = None;
    let mut no_credentials = None;
    match source {
        Source::Profile | Source::DefaultChain => {
            let found = resolve::resolve(
                env,
                &Request {
                    profile_name: req.profile_name.clone(),
                    profile_location: req.profile_location.clone(),
                    token_code: req.token_code.clone(),
                    region: sts_region,
                },
            );
            match found {
                Ok(r) => credentials = Some(to_response(r)),
                Err(Error::NoCredentials(why)) if source == Source::DefaultChain => {
                    no_credentials = Some(why)
                }
                Err(e) => return Err(e),
            }
        }
        Source::Keys | Source::Role => {}
    }

    // 3. The region: Region, ShellRegion, the copied (or chain's) profile, AWS_REGION,
    //    AWS_DEFAULT_REGION, the default profile, instance metadata.
    let region_profile = match source {
        Source::Profile => req.profile_name.clone(),
        Source::DefaultChain => credentials.as_ref().and_then(|c| c.profile_name.clone()),
        _ => None,
    };
    let explicit = req.region.as_deref().or(req.shell_region.as_deref());
    let metadata = no_credentials.is_none() && req.use_instance_metadata.unwrap_or(true);
    let answer = region::find(&ctx, &parsed, region_profile.as_deref(), explicit, metadata);

    // 4. Missing pieces fail now, naming them; nothing has been written.
    if let Some(why) = no_credentials {
        let (and_region, give_region) = if answer.is_none() {
            (" and no region", ", and Region")
        } else {
            ("", "")
        };
        return Err(Error::NoCredentials(format!(
            "found no credentials{and_region} for the profile 'default'; nothing was written. Give AccessKey and SecretKey, ProfileName, or RoleArn and SourceProfile{give_region}. {why}"
        )));
    }
    let Some(answer) = answer else {
        return Err(Error::NoRegion(
            "found no region for the profile 'default' (Region, the shell region, the profile, AWS_REGION, AWS_DEFAULT_REGION, the default profile, instance metadata); nothing was written. Give Region, for example us-east-1".into(),
        ));
    };
    let region_source = if answer.source == RegionSource::Explicit && req.region.is_none() {
        "Shell".to_string()
    } else {
        answer.source.name().to_string()
    };

    // 5. The plan, on the files as read now; the write decides again under the locks.
    let inputs = Inputs {
        source,
        stored: stored.as_ref(),
        profile_name: req.profile_name.as_deref(),
        access_key: req.access_key.as_deref(),
        session_token: req.session_token.is_some(),
        role: req.role_arn.as_deref().zip(req.source_profile.as_deref()),
        region: req.region.as_deref(),
        files: &files,
    };
    let plan = make_plan(&parsed, &inputs)?;
    let refuse = |plan: &Plan| -> Result<()> {
        match &plan.reason {
            Some(reason) if !req.force && !req.dry_run => Err(Error::DefaultProfileExists {
                profile: DEFAULT.into(),
                location: files.describe(),
                reason: reason.clone(),
            }),
            _ => Ok(()),
        }
    };
    refuse(&plan)?;
    let (plan, files_written, files_to_write) = if req.dry_run || plan.changes.is_empty() {
        let to_write =
            profile::files_edit_would_change(&files, &ctx.texts, DEFAULT, &plan.changes)?;
        (plan, Vec::new(), to_write)
    } else {
        let (written, plan) = profile::edit_profile_planned(&files, env, DEFAULT, |texts| {
            let plan = make_plan(&texts.parse()?, &inputs)?;
            refuse(&plan)?;
            Ok((plan.changes.clone(), plan))
        })?;
        (plan, written.clone(), written)
    };
    let shown = |paths: Vec<std::path::PathBuf>| -> Vec<String> {
        paths.iter().map(|p| p.display().to_string()).collect()
    };
    Ok(InitializeDefaultsResponse {
        profile_name: DEFAULT.into(),
        credential_source: source.name(),
        kind: plan.kind,
        credentials,
        region_stored: plan.region_after.as_deref() == Some(answer.region.as_str()),
        region: answer.region,
        region_source,
        actions: plan.actions,
        files_written: shown(files_written),
        files_to_write: shown(files_to_write),
        replaces_different_default: plan.reason.is_some(),
        reason: plan.reason,
        dry_run: req.dry_run,
    })
}

/// What `make_plan` needs from the request, checked.
struct Inputs<'a> {
    source: Source,
    /// Keys or role: the kind and changes set_profile would make.
    stored: Option<&'a (ProfileKind, Changes)>,
    profile_name: Option<&'a str>,
    access_key: Option<&'a str>,
    session_token: bool,
    role: Option<(&'a str, &'a str)>,
    region: Option<&'a str>,
    files: &'a ProfileFiles,
}

/// Decides the changes to `default` on one view of the files, and how they would change a
/// `default` that exists.
fn make_plan(parsed: &ParsedFiles<'_>, inputs: &Inputs<'_>) -> Result<Plan> {
    let existing = parsed.profile(DEFAULT);
    let mut changes = Vec::new();
    let mut actions = Vec::new();
    let mut kind = None;
    match inputs.source {
        Source::Keys | Source::Role => {
            let Some((k, c)) = inputs.stored else {
                return Err(Error::Internal(
                    "keys and roles are planned before the files are read".into(),
                ));
            };
            kind = Some(*k);
            changes = c.clone();
            actions.push(match (inputs.role, inputs.access_key) {
                (Some((arn, source)), _) => {
                    format!("store role {arn} with source profile '{source}' in profile 'default'")
                }
                (None, Some(ak)) if inputs.session_token => {
                    format!("store access key {ak} with a session token in profile 'default'")
                }
                (None, ak) => format!(
                    "store access key {} in profile 'default'",
                    ak.unwrap_or_default()
                ),
            });
        }
        Source::Profile => {
            let name = inputs.profile_name.unwrap_or(DEFAULT);
            let from = parsed
                .profile(name)
                .ok_or_else(|| not_found(name, inputs.files))?;
            kind = Some(kind_of(&from));
            if name != DEFAULT {
                changes = copy_changes(&from, existing.as_ref());
                actions.push(format!("copy profile '{name}' to 'default'"));
            }
        }
        Source::DefaultChain => {}
    }
    if let Some(r) = inputs.region {
        put(&mut changes, "region", Some(r));
        actions.push(format!("store region {r} in profile 'default'"));
    }
    let reason = existing
        .as_ref()
        .and_then(|old| overwrite_reason(old, kind, &changes));
    let region_after = match changes.iter().find(|(k, _)| k == "region") {
        Some((_, v)) => v.clone(),
        None => existing
            .as_ref()
            .and_then(|s| s.get("region").map(str::to_string)),
    };
    Ok(Plan {
        changes,
        kind,
        actions,
        reason,
        region_after,
    })
}

/// Sets `key` in a change list, replacing an earlier change of it.
fn put(changes: &mut Vec<(String, Option<String>)>, key: &str, value: Option<&str>) {
    let value = value.map(str::to_string);
    match changes.iter_mut().find(|(k, _)| k == key) {
        Some(c) => c.1 = value,
        None => changes.push((key.to_string(), value)),
    }
}

/// Keys that say how a profile gets credentials.
fn is_credential_key(key: &str) -> bool {
    CREDENTIALS_FILE_KEYS
        .iter()
        .chain(ROLE_KEYS)
        .chain(OTHER_KIND_KEYS)
        .any(|k| *k == key)
}

/// Basic and Session keys are one family: switching between them is an update, not a replacement.
fn family(kind: ProfileKind) -> ProfileKind {
    match kind {
        ProfileKind::Session => ProfileKind::Basic,
        k => k,
    }
}

/// How `changes` (storing credentials of `kind`, if any) would change the credentials or region
/// of the existing profile `old`; `None` when they would not. A profile with settings only (no
/// credentials) gaining credentials, or getting exactly the values it has, is not a replacement.
/// Secret values are never quoted.
fn overwrite_reason(
    old: &Section,
    kind: Option<ProfileKind>,
    changes: &[(String, Option<String>)],
) -> Option<String> {
    let mut reasons = Vec::new();
    let old_kind = kind_of(old);
    if let Some(new_kind) = kind {
        if old_kind != ProfileKind::Settings {
            if family(old_kind) != family(new_kind) {
                reasons.push(format!("it holds {old_kind:?} credentials"));
            } else {
                for (key, new) in changes.iter().filter(|(k, _)| is_credential_key(k)) {
                    let before = old.get(key);
                    let after = new.as_deref();
                    if before == after {
                        continue;
                    }
                    reasons.push(match (before, after) {
                        (None, _) => format!("{key} would be added"),
                        (_, None) => format!("{key} would be removed"),
                        _ if profile::is_credentials_file_key(key)
                            && key != "aws_access_key_id" =>
                        {
                            format!("{key} differs")
                        }
                        (Some(b), Some(a)) => format!("{key} is '{b}', not '{a}'"),
                    });
                }
            }
        }
    }
    if let (Some(before), Some((_, after))) = (
        old.get("region"),
        changes.iter().find(|(k, _)| k == "region"),
    ) {
        match after {
            Some(a) if a != before => reasons.push(format!("region is '{before}', not '{a}'")),
            None => reasons.push(format!("region '{before}' would be removed")),
            _ => {}
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh folder with `config` and `credentials` paths (not created) and an environment
    /// pointing at them, with instance metadata off.
    fn setup(tag: &str) -> (PathBuf, Env) {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awscred-init-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let s = |p: &Path| p.display().to_string();
        let env = Env::from_pairs([
            ("HOME", s(&dir)),
            ("AWS_CONFIG_FILE", s(&dir.join("config"))),
            ("AWS_SHARED_CREDENTIALS_FILE", s(&dir.join("credentials"))),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ]);
        (dir, env)
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name)).ok()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn keys(ak: &str, sk: &str) -> InitializeDefaultsRequest {
        InitializeDefaultsRequest {
            access_key: Some(ak.into()),
            secret_key: Some(sk.into()),
            ..Default::default()
        }
    }

    #[test]
    fn validate_checks_each_field_and_never_echoes_a_code() {
        let env = Env::from_pairs::<&str, &str>([]);
        validate(&env, ValidateRequest::default()).unwrap();
        validate(
            &env,
            ValidateRequest {
                region: Some("eu-west-1".into()),
                token_code: Some("123456".into()),
                profile_name: Some("dev/a@b".into()),
            },
        )
        .unwrap();
        let err = |req| validate(&env, req).unwrap_err();
        let e = err(ValidateRequest {
            region: Some("EU West".into()),
            ..Default::default()
        });
        assert_eq!(e.code(), "InvalidInput");
        assert!(e.to_string().starts_with("Region "), "{e}");
        let e = err(ValidateRequest {
            token_code: Some("98765x".into()),
            ..Default::default()
        });
        assert!(e.to_string().starts_with("TokenCode "), "{e}");
        assert!(!e.to_string().contains("98765"), "{e}");
        let e = err(ValidateRequest {
            profile_name: Some("a b".into()),
            ..Default::default()
        });
        assert!(e.to_string().starts_with("ProfileName "), "{e}");
    }

    #[test]
    fn keys_and_region_go_to_their_files() {
        let (dir, env) = setup("keys");
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                region: Some("us-west-2".into()),
                ..keys("AKIANEW", "secret-new")
            },
        )
        .unwrap();
        assert_eq!(res.credential_source, "Keys");
        assert_eq!(res.kind, Some(ProfileKind::Basic));
        assert_eq!(
            (res.region.as_str(), res.region_source.as_str()),
            ("us-west-2", "Explicit")
        );
        assert!(res.region_stored);
        assert!(!res.replaces_different_default && res.reason.is_none());
        assert_eq!(res.files_written.len(), 2);
        assert_eq!(res.files_written, res.files_to_write);
        assert_eq!(
            read(&dir, "credentials").unwrap(),
            "[default]\naws_access_key_id = AKIANEW\naws_secret_access_key = secret-new\n"
        );
        assert_eq!(
            read(&dir, "config").unwrap(),
            "[default]\nregion = us-west-2\n"
        );
        let text = serde_json::to_string(&res).unwrap();
        assert!(!text.contains("secret-new"), "{text}");
        assert!(res.actions.iter().any(|a| a.contains("AKIANEW")));
    }

    #[test]
    fn one_file_holds_everything_with_profile_location() {
        let (dir, env) = setup("location");
        let loc = dir.join("one");
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                region: Some("eu-central-1".into()),
                profile_location: Some(loc.display().to_string()),
                ..keys("AKIAONE", "s1")
            },
        )
        .unwrap();
        assert_eq!(res.files_written, vec![loc.display().to_string()]);
        assert_eq!(
            std::fs::read_to_string(&loc).unwrap(),
            "[default]\naws_access_key_id = AKIAONE\naws_secret_access_key = s1\nregion = eu-central-1\n"
        );
        assert_eq!(read(&dir, "config"), None);
        assert_eq!(read(&dir, "credentials"), None);
    }

    #[test]
    fn a_region_from_the_shell_or_environment_is_not_stored() {
        let (dir, env) = setup("shell");
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                shell_region: Some(String::new()),
                use_instance_metadata: Some(false),
                ..keys("AKIASHELL", "s")
            },
        );
        assert_eq!(
            res.unwrap_err().code(),
            "NoRegion",
            "an empty shell region is none"
        );
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                shell_region: Some("ap-south-1".into()),
                ..keys("AKIASHELL", "s")
            },
        )
        .unwrap();
        assert_eq!(
            (res.region.as_str(), res.region_source.as_str()),
            ("ap-south-1", "Shell")
        );
        assert!(!res.region_stored);
        assert_eq!(read(&dir, "config"), None);

        let env =
            env.with_overrides([("AWS_REGION".to_string(), Some("sa-east-1".to_string()))].into());
        let res = initialize_defaults(&env, keys("AKIASHELL", "s")).unwrap();
        assert_eq!(
            (res.region.as_str(), res.region_source.as_str()),
            ("sa-east-1", "Environment")
        );
        assert!(!res.region_stored);
        assert_eq!(read(&dir, "config"), None);
        // Same values again: nothing to replace, nothing written.
        assert!(!res.replaces_different_default);
        assert!(res.files_written.is_empty());
    }

    #[test]
    fn dry_run_writes_nothing() {
        let (dir, env) = setup("dry");
        write(
            &dir,
            "credentials",
            "[default]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old-secret\n",
        );
        let before = listing(&dir);
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                region: Some("us-east-2".into()),
                dry_run: true,
                ..keys("AKIANEW", "new-secret")
            },
        )
        .unwrap();
        assert!(res.dry_run);
        assert!(res.files_written.is_empty());
        assert_eq!(res.files_to_write.len(), 2);
        assert!(res.replaces_different_default);
        let reason = res.reason.unwrap();
        assert!(
            reason.contains("aws_access_key_id is 'AKIAOLD', not 'AKIANEW'"),
            "{reason}"
        );
        assert!(reason.contains("aws_secret_access_key differs"), "{reason}");
        assert!(!reason.contains("secret-"), "{reason}");
        assert_eq!(listing(&dir), before, "no file, lock or temp file appears");
        assert_eq!(
            read(&dir, "credentials").unwrap(),
            "[default]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old-secret\n"
        );
    }

    #[test]
    fn replacing_a_different_default_needs_force() {
        let (dir, env) = setup("force");
        let creds = "# mine\n[default]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n";
        let config = "[default]\nregion = us-east-1\n";
        write(&dir, "credentials", creds);
        write(&dir, "config", config);
        let req = InitializeDefaultsRequest {
            region: Some("eu-west-1".into()),
            ..keys("AKIANEW", "new")
        };
        let err = initialize_defaults(&env, req.clone()).unwrap_err();
        assert_eq!(err.code(), "DefaultProfileExists");
        assert_eq!(err.status() as i32, 15);
        let json = err.to_json();
        assert_eq!(json["error"]["category"], "ResourceExists");
        assert_eq!(json["error"]["profile"], "default");
        let reason = json["error"]["reason"].as_str().unwrap();
        assert!(
            reason.contains("region is 'us-east-1', not 'eu-west-1'"),
            "{reason}"
        );
        assert_eq!(read(&dir, "credentials").unwrap(), creds);
        assert_eq!(read(&dir, "config").unwrap(), config);

        let res =
            initialize_defaults(&env, InitializeDefaultsRequest { force: true, ..req }).unwrap();
        assert!(res.replaces_different_default);
        assert_eq!(res.files_written.len(), 2);
        assert_eq!(
            read(&dir, "credentials").unwrap(),
            "# mine\n[default]\naws_access_key_id = AKIANEW\naws_secret_access_key = new\n"
        );
        assert_eq!(
            read(&dir, "config").unwrap(),
            "[default]\nregion = eu-west-1\n"
        );
    }

    #[test]
    fn adding_credentials_to_a_settings_only_default_is_not_a_replacement() {
        let (dir, env) = setup("settings");
        write(
            &dir,
            "config",
            "[default]\nregion = us-east-1\noutput = json\n",
        );
        let res = initialize_defaults(&env, keys("AKIAADD", "s")).unwrap();
        assert!(!res.replaces_different_default);
        assert_eq!(res.region_source, "DefaultProfile");
        assert!(res.region_stored);
        assert_eq!(res.files_written.len(), 1);
        assert_eq!(
            read(&dir, "config").unwrap(),
            "[default]\nregion = us-east-1\noutput = json\n"
        );
        // A role over keys is another kind of credentials.
        write(&dir, "credentials", "[default]\naws_access_key_id = AKIAADD\naws_secret_access_key = s\n[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = b\n");
        let err = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                role_arn: Some("arn:aws:iam::123456789012:role/R".into()),
                source_profile: Some("base".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "DefaultProfileExists");
        assert!(
            err.to_string().contains("it holds Basic credentials"),
            "{err}"
        );
    }

    #[test]
    fn other_bytes_are_kept() {
        let (dir, env) = setup("bytes");
        let config = "; top comment\r\n[profile dev]\r\nregion = eu-west-1 \r\n\r\n[default]\r\n# keep me\r\noutput=text\r\n";
        let creds =
            "[dev]\naws_access_key_id=AKIADEV\naws_secret_access_key=devsecret\n\n# tail comment\n";
        write(&dir, "config", config);
        write(&dir, "credentials", creds);
        initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                region: Some("us-west-1".into()),
                ..keys("AKIAKEEP", "k")
            },
        )
        .unwrap();
        assert_eq!(
            read(&dir, "config").unwrap(),
            "; top comment\r\n[profile dev]\r\nregion = eu-west-1 \r\n\r\n[default]\r\n# keep me\r\noutput=text\r\nregion = us-west-1\r\n"
        );
        assert_eq!(
            read(&dir, "credentials").unwrap(),
            "[dev]\naws_access_key_id=AKIADEV\naws_secret_access_key=devsecret\n\n# tail comment\n\n[default]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = k\n"
        );
    }

    #[test]
    fn a_profile_is_resolved_then_copied_with_its_region() {
        let (dir, env) = setup("copy");
        write(
            &dir,
            "credentials",
            "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n",
        );
        write(&dir, "config", "[profile dev]\nregion = eu-north-1\n");
        let res = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                profile_name: Some("dev".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(res.credential_source, "Profile");
        assert_eq!(res.kind, Some(ProfileKind::Basic));
        assert_eq!(res.credentials.as_ref().unwrap().access_key_id, "AKIADEV");
        assert_eq!(
            (res.region.as_str(), res.region_source.as_str()),
            ("eu-north-1", "Profile")
        );
        assert!(res.region_stored);
        assert_eq!(
            res.actions,
            vec!["copy profile 'dev' to 'default'".to_string()]
        );
        assert!(read(&dir, "credentials").unwrap().ends_with(
            "[default]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n"
        ));
        assert!(read(&dir, "config")
            .unwrap()
            .ends_with("[default]\nregion = eu-north-1\n"));

        let err = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                profile_name: Some("missing".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "ProfileNotFound");
    }

    #[test]
    fn missing_pieces_fail_before_anything_is_written() {
        let (dir, env) = setup("missing");
        let err = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                use_instance_metadata: Some(false),
                ..keys("AKIANOREGION", "s")
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "NoRegion");
        assert_eq!(err.to_json()["error"]["category"], "ObjectNotFound");
        assert_eq!(err.exit_code(), 14);
        assert!(listing(&dir).is_empty());

        let err = initialize_defaults(
            &env,
            InitializeDefaultsRequest {
                use_instance_metadata: Some(false),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "NoCredentials");
        assert!(
            err.to_string().contains("no credentials and no region"),
            "{err}"
        );
        assert!(listing(&dir).is_empty());

        // The default chain with a region: nothing to store, nothing written.
        let env = env.with_overrides(
            [
                ("AWS_ACCESS_KEY_ID".to_string(), Some("AKIAENV".to_string())),
                (
                    "AWS_SECRET_ACCESS_KEY".to_string(),
                    Some("envsecret".to_string()),
                ),
                (
                    "AWS_DEFAULT_REGION".to_string(),
                    Some("us-east-1".to_string()),
                ),
            ]
            .into(),
        );
        let res = initialize_defaults(&env, InitializeDefaultsRequest::default()).unwrap();
        assert_eq!(res.credential_source, "DefaultChain");
        assert_eq!(res.credentials.unwrap().source, "Environment");
        assert!(res.actions.is_empty() && res.files_written.is_empty());
        assert!(!res.region_stored);
        assert!(listing(&dir).is_empty());
    }

    #[test]
    fn requests_that_cannot_be_planned_are_refused() {
        let (dir, env) = setup("refuse");
        let both = InitializeDefaultsRequest {
            profile_name: Some("dev".into()),
            region: Some("us-east-1".into()),
            ..keys("AKIA", "s")
        };
        assert_eq!(
            initialize_defaults(&env, both).unwrap_err().code(),
            "InvalidInput"
        );
        let role = |source: &str| InitializeDefaultsRequest {
            role_arn: Some("arn:aws:iam::123456789012:role/R".into()),
            source_profile: Some(source.into()),
            region: Some("us-east-1".into()),
            ..Default::default()
        };
        assert_eq!(
            initialize_defaults(&env, role("default"))
                .unwrap_err()
                .code(),
            "InvalidInput"
        );
        assert_eq!(
            initialize_defaults(&env, role("nope")).unwrap_err().code(),
            "ProfileNotFound"
        );
        let bad_code = InitializeDefaultsRequest {
            token_code: Some("12".into()),
            ..Default::default()
        };
        assert_eq!(
            initialize_defaults(&env, bad_code).unwrap_err().code(),
            "InvalidInput"
        );
        assert!(listing(&dir).is_empty());

        write(
            &dir,
            "credentials",
            "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = b\n",
        );
        let res = initialize_defaults(&env, role("base")).unwrap();
        assert_eq!(res.credential_source, "Role");
        assert_eq!(res.kind, Some(ProfileKind::AssumeRole));
        assert!(res.credentials.is_none());
        assert_eq!(
            read(&dir, "config").unwrap(),
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\nregion = us-east-1\n"
        );
    }
}
