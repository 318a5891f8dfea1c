//! Stored-profile operations: set, copy, list, show, remove, dump.

use std::collections::BTreeSet;

use super::types::*;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::keychain::netsdk;
use crate::profile::locate::{locate, ProfileFiles};
use crate::profile::normalize::Section;
use crate::profile::{self, validate, FileTexts, CREDENTIALS_FILE_KEYS};

/// Key changes of one profile: a value to set, or `None` to remove the key.
pub(super) type Changes = Vec<(String, Option<String>)>;

/// Keys that say how a profile gets credentials. Storing one kind removes the others' keys.
pub(super) const ROLE_KEYS: &[&str] = &[
    "role_arn",
    "source_profile",
    "external_id",
    "mfa_serial",
    "role_session_name",
    "duration_seconds",
];
pub(super) const OTHER_KIND_KEYS: &[&str] = &[
    "credential_source",
    "web_identity_token_file",
    "credential_process",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "login_session",
];

/// The kind of credentials a stored profile describes (as the SDKs decide: in the selected profile
/// a role wins over static keys).
pub fn kind_of(section: &Section) -> ProfileKind {
    let has = |k: &str| section.get(k).is_some();
    if has("role_arn") && has("web_identity_token_file") {
        ProfileKind::WebIdentity
    } else if has("role_arn") {
        ProfileKind::AssumeRole
    } else if has("web_identity_token_file") {
        ProfileKind::WebIdentity
    } else if has("sso_session") || has("sso_start_url") || has("sso_account_id") {
        ProfileKind::Sso
    } else if has("login_session") {
        ProfileKind::Login
    } else if crate::keychain::entry_of_profile(section).is_some() {
        ProfileKind::Keychain
    } else if has("credential_process") {
        ProfileKind::CredentialProcess
    } else if has("aws_access_key_id") {
        if section.get("aws_session_token").is_some() || section.get("aws_security_token").is_some()
        {
            ProfileKind::Session
        } else {
            ProfileKind::Basic
        }
    } else {
        ProfileKind::Settings
    }
}

pub(super) fn files_for(env: &Env, location: Option<&str>) -> Result<ProfileFiles> {
    if let Some(loc) = location {
        validate::value("ProfileLocation", loc, false)?;
    }
    Ok(locate(env, location))
}

fn shown(paths: Vec<std::path::PathBuf>) -> Vec<String> {
    paths.into_iter().map(|p| p.display().to_string()).collect()
}

/// Stores keys, a role or settings in a profile, creating it if needed.
pub fn set_profile(env: &Env, req: SetProfileRequest) -> Result<WriteResponse> {
    validate::profile_name("ProfileName", &req.profile_name)?;
    let files = files_for(env, req.profile_location.as_deref())?;
    if req.encrypted {
        return set_encrypted(env, &files, req);
    }
    let (kind, changes) = set_changes(&req)?;
    let written = profile::edit_profile(&files, env, &req.profile_name, &changes)?;
    Ok(WriteResponse {
        profile_name: req.profile_name,
        kind: Some(kind),
        files_written: shown(written),
    })
}

/// The keys written by a profile that holds them in the file.
const KEY_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// The stable awscred for a keychain line, installed from `cli_path`.
fn keychain_cli(env: &Env, cli_path: Option<&str>) -> Result<String> {
    let path = cli_path.ok_or_else(|| {
        Error::InvalidInput(
            "CliPath (the awscred that the credential_process line runs) is required to store keys in the keychain".into(),
        )
    })?;
    validate::value("CliPath", path, false)?;
    let (stable, _) = crate::keychain::cli::install(env, std::path::Path::new(path))?;
    Ok(stable.display().to_string())
}

/// Refreshes the stable awscred from `CliPath` where a copy exists already (the module calls it at
/// import, so keychain lines run the current version); a user without keychain profiles pays one
/// `stat`.
pub fn refresh_cli(env: &Env, req: RefreshCliRequest) -> Result<RefreshCliResponse> {
    validate::value("CliPath", &req.cli_path, false)?;
    let target = crate::keychain::cli::stable_dir(env).join(crate::keychain::cli::file_name());
    if !target.is_file() {
        return Ok(RefreshCliResponse {
            path: None,
            refreshed: false,
        });
    }
    let (path, refreshed) =
        crate::keychain::cli::install(env, std::path::Path::new(&req.cli_path))?;
    Ok(RefreshCliResponse {
        path: Some(path.display().to_string()),
        refreshed,
    })
}

/// The profile changes that point `name` at keychain entry `name`: the line, and no keys.
fn keychain_changes(cli: &str, name: &str) -> Changes {
    let mut changes: Changes = KEY_KEYS.iter().map(|k| (k.to_string(), None)).collect();
    changes.push((
        "credential_process".into(),
        Some(crate::keychain::line::render(cli, name)),
    ));
    changes
}

/// `set_profile` with Encrypted: the keys go to the keychain entry named after the profile (read
/// back before anything else changes), the profile gets the `credential_process` line and loses
/// any keys it held in the files. If the files cannot be written, a new entry is removed again.
fn set_encrypted(env: &Env, files: &ProfileFiles, req: SetProfileRequest) -> Result<WriteResponse> {
    let (kind, mut changes) = set_changes(&req)?;
    if !matches!(kind, ProfileKind::Basic | ProfileKind::Session) {
        return Err(Error::InvalidInput(
            "Encrypted keeps access keys in the keychain; give AccessKey and SecretKey (a role profile holds no secret)".into(),
        ));
    }
    let cli = keychain_cli(env, req.cli_path.as_deref())?;
    let secret = crate::keychain::entry::Secret {
        version: 1,
        access_key_id: req.access_key.clone().unwrap_or_default(),
        secret_access_key: req.secret_key.clone().unwrap_or_default(),
        session_token: req.session_token.clone(),
        token_apart: false,
    };
    let name = &req.profile_name;
    let existed = crate::keychain::read(env, name)?.is_some();
    if existed {
        // Only the profile that uses the entry may replace its keys: a profile of the same name in
        // another ProfileLocation would otherwise lose them.
        let texts = FileTexts::read(files)?;
        let ours = texts
            .parse()?
            .profile(name)
            .and_then(|s| crate::keychain::entry_of_profile(&s));
        if ours.as_deref() != Some(name.as_str()) {
            return Err(entry_taken(name, "nothing was written"));
        }
    }
    crate::keychain::store(env, name, &secret)?;
    changes.retain(|(k, _)| !KEY_KEYS.contains(&k.as_str()) && k != "credential_process");
    changes.extend(keychain_changes(&cli, &req.profile_name));
    match profile::edit_profile(files, env, &req.profile_name, &changes) {
        Ok(written) => Ok(WriteResponse {
            profile_name: req.profile_name,
            kind: Some(ProfileKind::Keychain),
            files_written: shown(written),
        }),
        Err(e) => {
            if !existed {
                let _ = crate::keychain::remove(env, &req.profile_name);
            }
            Err(e)
        }
    }
}

/// Moves the keys of a profile between the shared credentials file and the keychain, so that at
/// every moment one place holds them: the new place is written and read back first, then the
/// profile switches (locked edit), and only then is the old place cleared.
pub fn move_profile(env: &Env, req: MoveProfileRequest) -> Result<WriteResponse> {
    validate::profile_name("ProfileName", &req.profile_name)?;
    if !matches!(req.to.as_str(), "Keychain" | "SharedCredentialsFile") {
        return Err(Error::InvalidInput(format!(
            "To must be Keychain or SharedCredentialsFile, not '{}'",
            req.to
        )));
    }
    let files = files_for(env, req.profile_location.as_deref())?;
    let name = req.profile_name.clone();
    let texts = FileTexts::read(&files)?;
    let parsed = texts.parse()?;
    let netsdk = match req.from.as_deref() {
        None if parsed.profile(&name).is_some()
            || !netsdk::applies(req.profile_location.as_deref()) =>
        {
            None
        }
        None | Some(netsdk::STORE_TYPE_NAME) => {
            if !netsdk::applies(req.profile_location.as_deref()) {
                return Err(Error::InvalidInput(
                    "From NetSDKCredentialsFile reads the .NET SDK store, which a ProfileLocation excludes".into(),
                ));
            }
            netsdk::find(env, &name)?
        }
        Some(other) => {
            return Err(Error::InvalidInput(format!(
                "From must be NetSDKCredentialsFile (the shared files' profiles are found by name), not '{other}'"
            )))
        }
    };
    if let Some((path, source)) = netsdk {
        return move_from_netsdk(env, &files, req, &path, &source);
    }
    if req.from.is_some() {
        return Err(Error::ProfileNotFound {
            name,
            searched: netsdk::path(env)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "the .NET SDK store (LOCALAPPDATA is not set)".into()),
        });
    }
    let section = parsed
        .profile(&name)
        .ok_or_else(|| Error::ProfileNotFound {
            name: name.clone(),
            searched: files.describe(),
        })?;
    if req.remove_source {
        return Err(Error::InvalidInput(format!(
            "RemoveSource applies to a move out of the .NET SDK store (From NetSDKCredentialsFile); profile '{name}' is in the shared files, and a move from them always clears its old place"
        )));
    }
    let entry = crate::keychain::entry_of_profile(&section);
    match req.to.as_str() {
        "Keychain" => {
            if entry.is_some() {
                return Err(Error::InvalidInput(format!(
                    "profile '{name}' already keeps its keys in the keychain"
                )));
            }
            let (Some(id), Some(secret)) = (
                section.get("aws_access_key_id"),
                section.get("aws_secret_access_key"),
            ) else {
                return Err(Error::InvalidInput(format!(
                    "profile '{name}' holds no access key to move (only profiles with keys can move)"
                )));
            };
            let secret = crate::keychain::entry::Secret {
                version: 1,
                access_key_id: id.to_string(),
                secret_access_key: secret.to_string(),
                session_token: section
                    .get("aws_session_token")
                    .or_else(|| section.get("aws_security_token"))
                    .map(str::to_string),
                token_apart: false,
            };
            if req.dry_run {
                entry_free(env, &name)?;
                return Ok(WriteResponse {
                    profile_name: name,
                    kind: Some(ProfileKind::Keychain),
                    files_written: Vec::new(),
                });
            }
            let cli = keychain_cli(env, req.cli_path.as_deref())?;
            store_for_move(env, &name, &secret)?;
            let expected = secret.access_key_id.clone();
            let (written, ()) = profile::edit_profile_planned(&files, env, &name, |texts| {
                let parsed = texts.parse()?;
                let now = parsed
                    .profile(&name)
                    .and_then(|s| s.get("aws_access_key_id").map(str::to_string));
                if now.as_deref() != Some(expected.as_str()) {
                    return Err(Error::ProfileConfig(format!(
                        "profile '{name}' changed meanwhile; nothing was moved (the keychain entry was written and is removed again)"
                    )));
                }
                Ok((keychain_changes(&cli, &name), ()))
            })
            .inspect_err(|_| {
                let _ = crate::keychain::remove(env, &name);
            })?;
            Ok(WriteResponse {
                profile_name: name,
                kind: Some(ProfileKind::Keychain),
                files_written: shown(written),
            })
        }
        "SharedCredentialsFile" => {
            let Some(entry) = entry else {
                return Err(Error::InvalidInput(format!(
                    "profile '{name}' does not keep its keys in the keychain"
                )));
            };
            let secret = crate::keychain::read(env, &entry)?.ok_or_else(|| {
                Error::NoCredentials(format!(
                    "the keychain entry '{entry}' of profile '{name}' does not exist; nothing was moved"
                ))
            })?;
            if req.dry_run {
                return Ok(WriteResponse {
                    profile_name: name,
                    kind: Some(ProfileKind::Basic),
                    files_written: Vec::new(),
                });
            }
            let mut changes: Changes = vec![
                (
                    "aws_access_key_id".into(),
                    Some(secret.access_key_id.clone()),
                ),
                (
                    "aws_secret_access_key".into(),
                    Some(secret.secret_access_key.clone()),
                ),
                ("aws_session_token".into(), secret.session_token.clone()),
                ("aws_security_token".into(), None),
                ("credential_process".into(), None),
            ];
            changes.dedup();
            let written = profile::edit_profile(&files, env, &name, &changes)?;
            // The keys read back from the files before the entry goes.
            if !keys_read_back(&files, &name, &secret)? {
                return Err(Error::Internal(format!(
                    "profile '{name}' did not read back with its keys; the keychain entry '{entry}' was kept"
                )));
            }
            crate::keychain::remove(env, &entry)?;
            Ok(WriteResponse {
                profile_name: name,
                kind: Some(if secret.session_token.is_some() {
                    ProfileKind::Session
                } else {
                    ProfileKind::Basic
                }),
                files_written: shown(written),
            })
        }
        other => Err(Error::InvalidInput(format!(
            "To must be Keychain or SharedCredentialsFile, not '{other}'"
        ))),
    }
}

/// Stores `secret` as the new keychain entry `name` of a move.
fn store_for_move(env: &Env, name: &str, secret: &crate::keychain::entry::Secret) -> Result<()> {
    entry_free(env, name)?;
    crate::keychain::store(env, name, secret)
}

/// Checks that no keychain entry `name` exists (also what a dry run checks: that the keychain
/// answers). An existing entry is never taken over, even with the same keys: a profile of the
/// same name in another ProfileLocation may read it, and would lose its keys when this profile is
/// removed or moved back.
fn entry_free(env: &Env, name: &str) -> Result<()> {
    if crate::keychain::read(env, name)?.is_some() {
        return Err(entry_taken(name, "nothing was moved"));
    }
    Ok(())
}

/// The refusal to take over keychain entry `name`, which profile `name` of these files does not
/// use: the user chooses between another name and deleting an entry that no profile uses any more.
fn entry_taken(name: &str, outcome: &str) -> Error {
    Error::InvalidInput(format!(
        "a keychain entry '{name}' (service {}) exists already and profile '{name}' of these files does not use it; a profile of that name in another ProfileLocation may, so {outcome}. Use another profile name, or remove that other profile; if no profile uses the entry any more, delete it with `{}`",
        crate::keychain::entry::SERVICE,
        crate::keychain::backend::delete_command(name)
    ))
}

/// Whether profile `name` reads back from the files with the keys of `secret`.
fn keys_read_back(
    files: &ProfileFiles,
    name: &str,
    secret: &crate::keychain::entry::Secret,
) -> Result<bool> {
    let back = FileTexts::read(files)?;
    let ok = back.parse()?.profile(name).is_some_and(|s| {
        s.get("aws_access_key_id") == Some(secret.access_key_id.as_str())
            && s.get("aws_secret_access_key") == Some(secret.secret_access_key.as_str())
    });
    Ok(ok)
}

/// Moves a key profile of the AWS SDK for .NET store (decrypted with DPAPI) to the keychain or the
/// shared credentials file, written and read back there; the store's entry is removed afterwards
/// only with RemoveSource. A profile of that name in the shared files is never overwritten (checked
/// again under the files' locks).
fn move_from_netsdk(
    env: &Env,
    files: &ProfileFiles,
    req: MoveProfileRequest,
    path: &std::path::Path,
    source: &netsdk::NetSdkProfile,
) -> Result<WriteResponse> {
    let name = req.profile_name.clone();
    let absent = |texts: &FileTexts| -> Result<()> {
        if texts.parse()?.profile(&name).is_some() {
            return Err(Error::InvalidInput(format!(
                "profile '{name}' exists in the shared files too; remove or rename it there first (nothing was moved)"
            )));
        }
        Ok(())
    };
    absent(&FileTexts::read(files)?)?;
    let secret = netsdk::secret(source)?;
    let to_keychain = req.to == "Keychain";
    let kind = match (to_keychain, secret.session_token.is_some()) {
        (true, _) => ProfileKind::Keychain,
        (false, true) => ProfileKind::Session,
        (false, false) => ProfileKind::Basic,
    };
    if req.dry_run {
        if to_keychain {
            entry_free(env, &name)?;
        }
        return Ok(WriteResponse {
            profile_name: name,
            kind: Some(kind),
            files_written: Vec::new(),
        });
    }
    let region = source.plain.get("Region").filter(|r| !r.is_empty());
    let mut changes: Changes = if to_keychain {
        let cli = keychain_cli(env, req.cli_path.as_deref())?;
        store_for_move(env, &name, &secret)?;
        keychain_changes(&cli, &name)
    } else {
        vec![
            (
                "aws_access_key_id".into(),
                Some(secret.access_key_id.clone()),
            ),
            (
                "aws_secret_access_key".into(),
                Some(secret.secret_access_key.clone()),
            ),
            ("aws_session_token".into(), secret.session_token.clone()),
        ]
    };
    changes.push(("region".into(), region.cloned()));
    // One locked edit for both places; a new keychain entry goes again if the files refuse.
    let planned = profile::edit_profile_planned(files, env, &name, |texts| {
        absent(texts)?;
        Ok((changes, ()))
    });
    if to_keychain && planned.is_err() {
        let _ = crate::keychain::remove(env, &name);
    }
    let (mut written, ()) = planned?;
    if !to_keychain && !keys_read_back(files, &name, &secret)? {
        return Err(Error::Internal(format!(
            "profile '{name}' did not read back with its keys; RegisteredAccounts.json was left as it was"
        )));
    }
    if req.remove_source {
        netsdk::remove_entry(env, path, source).map_err(|e| {
            Error::ProfileConfig(format!(
                "profile '{name}' was moved to {} ({}), but it is still in {}: removing it there failed: {e}",
                req.to,
                shown(written.clone()).join(", "),
                path.display()
            ))
        })?;
        written.push(path.to_path_buf());
    }
    Ok(WriteResponse {
        profile_name: name,
        kind: Some(kind),
        files_written: shown(written),
    })
}

/// The kind and the key changes that `set_profile` makes for `req` (values checked).
pub(super) fn set_changes(req: &SetProfileRequest) -> Result<(ProfileKind, Changes)> {
    let has_keys =
        req.access_key.is_some() || req.secret_key.is_some() || req.session_token.is_some();
    let has_role = req.role_arn.is_some()
        || req.source_profile.is_some()
        || req.external_id.is_some()
        || req.mfa_serial.is_some()
        || req.role_session_name.is_some()
        || req.duration_seconds.is_some();
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    let mut put = |k: &str, v: Option<&String>| changes.push((k.to_string(), v.cloned()));
    let kind = match (has_keys, has_role) {
        (true, true) => return Err(Error::InvalidInput(
            "give either keys (AccessKey, SecretKey) or a role (RoleArn, SourceProfile), not both"
                .into(),
        )),
        (true, false) => {
            let (Some(ak), Some(sk)) = (&req.access_key, &req.secret_key) else {
                return Err(Error::InvalidInput(
                    "AccessKey and SecretKey are both required to store keys".into(),
                ));
            };
            validate::access_key_id("AccessKey", ak)?;
            validate::secret("SecretKey", sk)?;
            if let Some(st) = &req.session_token {
                validate::secret("SessionToken", st)?;
            }
            put("aws_access_key_id", Some(ak));
            put("aws_secret_access_key", Some(sk));
            put("aws_session_token", req.session_token.as_ref());
            put("aws_security_token", None);
            for k in ROLE_KEYS.iter().chain(OTHER_KIND_KEYS) {
                put(k, None);
            }
            if req.session_token.is_some() {
                ProfileKind::Session
            } else {
                ProfileKind::Basic
            }
        }
        (false, true) => {
            let (Some(arn), Some(source)) = (&req.role_arn, &req.source_profile) else {
                return Err(Error::InvalidInput(
                    "RoleArn and SourceProfile are both required to store a role".into(),
                ));
            };
            validate::role_arn("RoleArn", arn)?;
            validate::profile_name("SourceProfile", source)?;
            if let Some(v) = &req.external_id {
                validate::sts_token("ExternalId", v, 2, 1224)?;
            }
            if let Some(v) = &req.mfa_serial {
                validate::sts_token("MfaSerial", v, 9, 256)?;
            }
            if let Some(v) = &req.role_session_name {
                validate::sts_token("RoleSessionName", v, 2, 64)?;
            }
            if let Some(v) = req.duration_seconds {
                validate::duration_seconds("DurationSeconds", v)?;
            }
            put("role_arn", Some(arn));
            put("source_profile", Some(source));
            put("external_id", req.external_id.as_ref());
            put("mfa_serial", req.mfa_serial.as_ref());
            put("role_session_name", req.role_session_name.as_ref());
            put(
                "duration_seconds",
                req.duration_seconds.map(|d| d.to_string()).as_ref(),
            );
            for k in CREDENTIALS_FILE_KEYS.iter().chain(OTHER_KIND_KEYS) {
                put(k, None);
            }
            ProfileKind::AssumeRole
        }
        (false, false) => {
            if req.region.is_none() {
                return Err(Error::InvalidInput(
                    "nothing to store: give AccessKey and SecretKey, RoleArn and SourceProfile, or Region".into(),
                ));
            }
            ProfileKind::Settings
        }
    };
    if let Some(region) = &req.region {
        validate::region("Region", region)?;
        put("region", Some(region));
    }
    Ok((kind, changes))
}

/// Stores a copy of an existing profile under another name, replacing what the target held.
pub fn copy_profile(env: &Env, req: CopyProfileRequest) -> Result<WriteResponse> {
    validate::profile_name("ProfileName", &req.profile_name)?;
    validate::profile_name("StoreAs", &req.store_as)?;
    let files = files_for(env, req.profile_location.as_deref())?;
    let texts = FileTexts::read(&files)?;
    let parsed = texts.parse()?;
    let source = parsed
        .profile(&req.profile_name)
        .ok_or_else(|| not_found(&req.profile_name, &files))?;
    let changes = copy_changes(&source, parsed.profile(&req.store_as).as_ref());
    let kind = kind_of(&source);
    if req.profile_name == req.store_as {
        return Ok(WriteResponse {
            profile_name: req.store_as,
            kind: Some(kind),
            files_written: Vec::new(),
        });
    }
    let written = profile::edit_profile(&files, env, &req.store_as, &changes)?;
    Ok(WriteResponse {
        profile_name: req.store_as,
        kind: Some(kind),
        files_written: shown(written),
    })
}

/// The key changes that make a profile holding `old` (if any) a copy of `source`.
pub(super) fn copy_changes(
    source: &Section,
    old: Option<&Section>,
) -> Vec<(String, Option<String>)> {
    let mut changes: Vec<(String, Option<String>)> = source
        .properties
        .iter()
        .map(|(k, p)| (k.clone(), Some(p.value.clone())))
        .collect();
    if let Some(old) = old {
        let keep: BTreeSet<&String> = source.properties.keys().collect();
        changes.extend(
            old.properties
                .keys()
                .filter(|k| !keep.contains(k))
                .map(|k| (k.clone(), None)),
        );
    }
    changes
}

/// Lists every profile with the file that defines it.
pub fn list_profiles(env: &Env, req: LocationRequest) -> Result<ListResponse> {
    let files = files_for(env, req.profile_location.as_deref())?;
    let texts = FileTexts::read(&files)?;
    let parsed = texts.parse()?;
    // Only files that hold one of our keychain lines need a per-profile look.
    let any_keychain = texts.contains(" credential-process --keychain ");
    // The .NET SDK store first, as the AWS Tools list it (a name in both is listed twice).
    let netsdk = if crate::keychain::netsdk::applies(req.profile_location.as_deref()) {
        crate::keychain::netsdk::listed(env)?
    } else {
        Vec::new()
    };
    let netsdk = netsdk.into_iter().map(|p| ProfileInfo {
        profile_name: p.name,
        store_type_name: crate::keychain::netsdk::STORE_TYPE_NAME,
        profile_location: String::new(),
    });
    let profiles = netsdk
        .chain(
            parsed
                .profile_files()
                .into_iter()
                .map(|(name, defined_in)| ProfileInfo {
                    profile_location: profile::primary_location(&files, &defined_in)
                        .display()
                        .to_string(),
                    store_type_name: if any_keychain
                        && parsed
                            .profile(&name)
                            .as_ref()
                            .and_then(crate::keychain::entry_of_profile)
                            .is_some()
                    {
                        "Keychain"
                    } else {
                        "SharedCredentialsFile"
                    },
                    profile_name: name,
                }),
        )
        .collect();
    Ok(ListResponse { profiles })
}

/// Shows one stored profile: its kind and settings with where each is defined, secrets masked.
pub fn show_profile(env: &Env, req: ProfileRequest) -> Result<ShowResponse> {
    validate::profile_name("ProfileName", &req.profile_name)?;
    let files = files_for(env, req.profile_location.as_deref())?;
    let texts = FileTexts::read(&files)?;
    let section = texts
        .parse()?
        .profile(&req.profile_name)
        .ok_or_else(|| not_found(&req.profile_name, &files))?;
    let settings = section
        .properties
        .iter()
        .map(|(k, p)| Setting {
            name: k.clone(),
            value: if profile::is_masked_key(k) {
                mask(&p.value)
            } else {
                p.value.clone()
            },
            file: p.file.display().to_string(),
            line: p.line,
        })
        .collect();
    Ok(ShowResponse {
        profile_name: req.profile_name,
        kind: kind_of(&section),
        files: section
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
        settings,
    })
}

/// Removes a profile from every file that defines it.
pub fn remove_profile(env: &Env, req: ProfileRequest) -> Result<WriteResponse> {
    validate::profile_name("ProfileName", &req.profile_name)?;
    let files = files_for(env, req.profile_location.as_deref())?;
    let entry = FileTexts::read(&files)?
        .parse()?
        .profile(&req.profile_name)
        .as_ref()
        .and_then(crate::keychain::entry_of_profile);
    let written = profile::remove_profile(&files, env, &req.profile_name)?;
    // A keychain profile's entry goes with it (after the files: a failure here leaves an entry
    // that nothing references, never a profile whose keys are gone).
    if let Some(entry) = entry {
        crate::keychain::remove(env, &entry)?;
    }
    Ok(WriteResponse {
        profile_name: req.profile_name,
        kind: None,
        files_written: shown(written),
    })
}

/// The normalized view, in the shape of the cross-SDK parser vectors, plus warnings.
pub fn dump_config(env: &Env, req: LocationRequest) -> Result<serde_json::Value> {
    let files = files_for(env, req.profile_location.as_deref())?;
    let set = profile::load(&files)?;
    let mut out = set.to_vector_json();
    out["warnings"] = set.warnings.into();
    Ok(out)
}

/// ProfileNotFound for `name`, naming the files searched.
pub(crate) fn not_found(name: &str, files: &ProfileFiles) -> Error {
    Error::ProfileNotFound {
        name: name.to_string(),
        searched: files.describe(),
    }
}

/// `****` plus the last four characters (none of a value shorter than 12).
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "****".into();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("****{tail}")
}
