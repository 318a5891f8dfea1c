//! The incumbent's Windows store: the AWS SDK for .NET's `RegisteredAccounts.json`
//! (`NetSDKCredentialsFile`), shared with the AWS Tools for PowerShell and the Visual Studio
//! toolkit. A JSON object keyed by GUID; each value a flat object of strings with `DisplayName`
//! as the profile name; `AWSAccessKey`, `AWSSecretKey`, `SessionToken`, `ExternalId` and
//! `MfaSerial` are DPAPI-protected (current user, no entropy) UTF-16LE, written as uppercase hex.
//! The format is parsed on every platform; only the decryption is Windows code.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::entry::Secret;
use crate::env::Env;
use crate::error::{Error, Result};

/// The StoreTypeName of profiles from this file.
pub const STORE_TYPE_NAME: &str = "NetSDKCredentialsFile";

/// The values that the SDK encrypts (exact case).
const ENCRYPTED: &[&str] = &[
    "AWSAccessKey",
    "AWSSecretKey",
    "SessionToken",
    "ExternalId",
    "MfaSerial",
    "UserIdentity",
];

/// One profile of the file, its protected values still protected.
#[derive(Clone, PartialEq, Eq)]
pub struct NetSdkProfile {
    pub name: String,
    pub unique_key: String,
    /// Plain values (Region, RoleArn, SourceProfile, ...).
    pub plain: BTreeMap<String, String>,
    /// Protected values: the DPAPI blobs (decoded from hex).
    pub protected: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for NetSdkProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "NetSdkProfile({}, {:?}, protected {:?})",
            self.name,
            self.plain,
            self.protected.keys().collect::<Vec<_>>()
        )
    }
}

impl NetSdkProfile {
    /// The kind the SDK detects from the exact set of values present.
    pub fn kind(&self) -> &'static str {
        let has = |k: &str| self.plain.contains_key(k) || self.protected.contains_key(k);
        match (
            has("AWSAccessKey") && has("AWSSecretKey"),
            has("SessionToken"),
            has("RoleArn"),
        ) {
            (true, false, false) => "Basic",
            (true, true, false) => "Session",
            (false, _, true) if has("SourceProfile") => "AssumeRole",
            (false, _, true) if has("EndpointName") => "SAMLRole",
            _ => "Other",
        }
    }
}

/// `%LOCALAPPDATA%\AWSToolkit\RegisteredAccounts.json` (where the AWS Tools for PowerShell and
/// Visual Studio keep it).
pub fn path(env: &Env) -> Option<PathBuf> {
    env.get_non_blank("LOCALAPPDATA").map(|d| {
        PathBuf::from(d)
            .join("AWSToolkit")
            .join("RegisteredAccounts.json")
    })
}

/// Parses the file's text. Entries whose key is not a GUID or that have no DisplayName are
/// skipped, as the SDK skips them; a value that is not valid hex where a protected one is
/// expected makes that value absent (the SDK drops what it cannot decrypt). The whole text not
/// being a JSON object is an error naming the file.
pub fn parse(text: &str) -> Result<Vec<NetSdkProfile>> {
    let bad = |why: String| Error::FileFormat {
        path: PathBuf::from("RegisteredAccounts.json"),
        line: 1,
        message: why,
    };
    let value: serde_json::Value = if text.trim().is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?
    };
    let top = value
        .as_object()
        .ok_or_else(|| bad("the top level is not a JSON object".into()))?;
    let mut out = Vec::new();
    for (key, entry) in top {
        let Some(fields) = entry.as_object() else {
            continue;
        };
        if !is_guid(key) {
            continue;
        }
        let mut plain = BTreeMap::new();
        let mut protected = BTreeMap::new();
        for (k, v) in fields {
            let Some(v) = v.as_str() else { continue };
            if ENCRYPTED.contains(&k.as_str()) {
                if let Some(bytes) = hex(v) {
                    protected.insert(k.clone(), bytes);
                }
            } else {
                plain.insert(k.clone(), v.to_string());
            }
        }
        let Some(name) = plain.remove("DisplayName").filter(|n| !n.is_empty()) else {
            continue;
        };
        out.push(NetSdkProfile {
            name,
            unique_key: key.clone(),
            plain,
            protected,
        });
    }
    Ok(out)
}

fn is_guid(s: &str) -> bool {
    let s = s.trim_start_matches('{').trim_end_matches('}');
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.is_empty() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Decrypts a protected value (DPAPI, current user) into text. Windows only.
#[cfg(windows)]
pub fn unprotect(blob: &[u8]) -> Result<String> {
    use windows_sys::Win32::Foundation::LocalFree;
    use windows_sys::Win32::Security::Cryptography::{
        CryptUnprotectData, CRYPTPROTECT_UI_FORBIDDEN, CRYPT_INTEGER_BLOB,
    };
    let input = CRYPT_INTEGER_BLOB {
        cbData: blob.len() as u32,
        pbData: blob.as_ptr() as *mut u8,
    };
    let mut output = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: std::ptr::null_mut(),
    };
    // SAFETY: input points to blob for the call; output is filled by the call and freed below.
    let ok = unsafe {
        CryptUnprotectData(
            &input,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
            std::ptr::null(),
            CRYPTPROTECT_UI_FORBIDDEN,
            &mut output,
        )
    };
    if ok == 0 || output.pbData.is_null() {
        return Err(Error::KeychainUnavailable(
            "DPAPI could not decrypt a value of RegisteredAccounts.json (another user's or another machine's store?)".into(),
        ));
    }
    // SAFETY: DPAPI returned cbData bytes at pbData.
    let bytes = unsafe { std::slice::from_raw_parts(output.pbData, output.cbData as usize) };
    let mut units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units);
    // The plain secret does not outlive this call in memory of ours or DPAPI's (volatile writes,
    // so the zeroing is not elided).
    for u in units.iter_mut() {
        // SAFETY: `u` is a valid, aligned, writable u16 of the vector.
        unsafe { std::ptr::write_volatile(u, 0) };
    }
    // SAFETY: DPAPI returned cbData writable bytes at pbData, allocated with LocalAlloc: zeroed,
    // then freed with LocalFree as DPAPI requires.
    unsafe {
        for i in 0..output.cbData as usize {
            std::ptr::write_volatile(output.pbData.add(i), 0);
        }
        LocalFree(output.pbData as _);
    }
    text.map_err(|_| Error::InvalidInput("a decrypted value is not UTF-16 text".into()))
}

/// Decrypts a protected value: DPAPI exists on Windows only.
#[cfg(not(windows))]
pub fn unprotect(_blob: &[u8]) -> Result<String> {
    Err(Error::KeychainUnavailable(
        "the AWS SDK for .NET credential store (RegisteredAccounts.json) is encrypted with Windows DPAPI; it can be read on Windows only".into(),
    ))
}

/// The profiles of the store on this machine (none when the file does not exist).
pub fn load(env: &Env) -> Result<Vec<NetSdkProfile>> {
    let Some(path) = path(env) else {
        return Ok(Vec::new());
    };
    match crate::profile::store::read_optional(&path)? {
        Some(text) => parse(&text).map_err(|e| match e {
            Error::FileFormat { line, message, .. } => Error::FileFormat {
                path: path.clone(),
                line,
                message,
            },
            other => other,
        }),
        None => Ok(Vec::new()),
    }
}

/// Whether a request reads this store: only for the shared locations (a ProfileLocation names one
/// file and nothing else, as the AWS Tools' -ProfileLocation disables the .NET store).
pub fn applies(profile_location: Option<&str>) -> bool {
    profile_location.is_none()
}

/// The profile `name` of the store, with the file it came from (None when no file or no profile).
pub fn find(env: &Env, name: &str) -> Result<Option<(PathBuf, NetSdkProfile)>> {
    let Some(path) = path(env) else {
        return Ok(None);
    };
    Ok(load(env)?
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| (path, p)))
}

/// The profiles the listing shows: those that can give credentials (keys or a role).
pub fn listed(env: &Env) -> Result<Vec<NetSdkProfile>> {
    Ok(load(env)?
        .into_iter()
        .filter(|p| p.kind() != "Other")
        .collect())
}

/// The keys of a key profile (Basic or Session), decrypted. A role profile of this store is
/// refused with what to do instead: its source profile lives in this store too, and recreating
/// it in the shared files is one command.
pub fn secret(profile: &NetSdkProfile) -> Result<Secret> {
    let kind = profile.kind();
    if !matches!(kind, "Basic" | "Session") {
        return Err(Error::ProfileConfig(format!(
            "profile '{}' of the AWS SDK for .NET store (RegisteredAccounts.json) is a {kind} profile; only its key profiles (Basic, Session) are read: store the role in the shared files with Set-AWSCredential -StoreAs {} -SourceProfile ... -RoleArn ... (awscred set)",
            profile.name, profile.name
        )));
    }
    let value = |k: &str| -> Result<Option<String>> {
        profile.protected.get(k).map(|b| unprotect(b)).transpose()
    };
    let (Some(access_key_id), Some(secret_access_key)) =
        (value("AWSAccessKey")?, value("AWSSecretKey")?)
    else {
        return Err(Error::ProfileConfig(format!(
            "profile '{}' of RegisteredAccounts.json holds no readable access key",
            profile.name
        )));
    };
    Ok(Secret {
        version: 1,
        access_key_id,
        secret_access_key,
        session_token: value("SessionToken")?,
        token_apart: false,
    })
}

/// Resolution of a profile found only in this store.
pub fn credentials(profile: &NetSdkProfile) -> Result<crate::resolve::Resolved> {
    let s = secret(profile)?;
    Ok(crate::resolve::Resolved {
        access_key_id: s.access_key_id,
        secret_access_key: s.secret_access_key,
        session_token: s.session_token,
        expiration: None,
        account_id: None,
        profile_name: Some(profile.name.clone()),
        source: STORE_TYPE_NAME,
        profile_location: None,
        from_cache: false,
    })
}

/// Removes the entry `unique_key` from the store at `path` (Move -RemoveSource), under a lock of
/// ours and atomically. The .NET SDK takes no lock: the entry must still be exactly what `expected`
/// describes, else nothing is removed.
pub fn remove_entry(env: &Env, path: &std::path::Path, expected: &NetSdkProfile) -> Result<()> {
    let _lock = crate::profile::store::lock(path, crate::profile::store::lock_timeout(env))?;
    let text = crate::profile::store::read_optional(path)?.unwrap_or_default();
    let now = parse(&text)?;
    if !now.iter().any(|p| p == expected) {
        return Err(Error::ProfileConfig(format!(
            "profile '{}' of {} changed meanwhile; it was not removed",
            expected.name,
            path.display()
        )));
    }
    let new = without_entry(&text, &expected.unique_key)?;
    crate::profile::store::write_atomic(path, new.as_bytes())
}

/// The store's text without the entry `unique_key`: that member and its comma are cut out, every
/// other byte of the file (order, indentation, line endings) is kept.
fn without_entry(text: &str, unique_key: &str) -> Result<String> {
    let not_json = |message: String| Error::FileFormat {
        path: PathBuf::from("RegisteredAccounts.json"),
        line: 1,
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| not_json(format!("not JSON: {e}")))?;
    if !value.is_object() {
        return Err(not_json("the top level is not a JSON object".into()));
    }
    let out = super::json_members::without_member(text, unique_key).ok_or_else(|| {
        Error::Internal(format!(
            "the entry {unique_key} was not found in the text of RegisteredAccounts.json"
        ))
    })?;
    // What is written must read back as the store without that entry and nothing else changed.
    let mut expected = value;
    if let Some(top) = expected.as_object_mut() {
        top.remove(unique_key);
    }
    match serde_json::from_str::<serde_json::Value>(&out) {
        Ok(back) if back == expected => Ok(out),
        _ => Err(Error::Internal(format!(
            "removing the entry {unique_key} from RegisteredAccounts.json did not read back as expected; the file was left as it was"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{
    "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f" : {
        "AWSAccessKey" : "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000AAAA",
        "AWSSecretKey" : "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000BBBB",
        "ProfileType"  : "AWS",
        "Region"       : "us-west-2",
        "DisplayName"  : "default"
    },
    "7a9d0e42-1c3b-4f5e-8d6a-b1c2d3e4f5a6": {
        "AWSAccessKey": "01000000d08c9ddf",
        "AWSSecretKey": "01000000D08C9DDF",
        "SessionToken": "01000000D08C9DDF",
        "ProfileType": "Session",
        "DisplayName": "temp-session"
    },
    "c0ffee00-1111-4222-8333-444455556666": {
        "RoleArn": "arn:aws:iam::123456789012:role/ExampleRole",
        "SourceProfile": "default",
        "ExternalId": "01000000D08C9DDF",
        "ProfileType": "AssumeRoleExternalMFA",
        "DisplayName": "role"
    },
    "not-a-guid": { "DisplayName": "skipped" },
    "d0d0d0d0-1111-4222-8333-444455556666": { "Region": "eu-west-1" },
    "e0e0e0e0-1111-4222-8333-444455556666": { "AWSAccessKey": "XYZ", "AWSSecretKey": "0102", "DisplayName": "badhex" }
}"#;

    #[test]
    fn parses_the_sdk_store_format() {
        let p = parse(SAMPLE).unwrap();
        let names: Vec<(&str, &str)> = p.iter().map(|p| (p.name.as_str(), p.kind())).collect();
        assert_eq!(
            names,
            [
                ("default", "Basic"),
                ("temp-session", "Session"),
                ("role", "AssumeRole"),
                ("badhex", "Other"),
            ]
        );
        assert_eq!(p[0].plain["Region"], "us-west-2");
        assert_eq!(p[0].protected["AWSAccessKey"][..4], [1, 0, 0, 0]);
        assert_eq!(
            p[1].protected["AWSAccessKey"],
            vec![1, 0, 0, 0, 0xd0, 0x8c, 0x9d, 0xdf]
        );
        assert!(!format!("{:?}", p[0]).contains("01000000"));
        assert!(parse("").unwrap().is_empty());
        assert!(parse("[1]").is_err() && parse("{").is_err());
        #[cfg(not(windows))]
        assert!(matches!(
            unprotect(&p[0].protected["AWSSecretKey"]),
            Err(Error::KeychainUnavailable(_))
        ));
    }

    #[test]
    fn removing_an_entry_keeps_every_other_value() {
        let out = without_entry(SAMPLE, "7a9d0e42-1c3b-4f5e-8d6a-b1c2d3e4f5a6").unwrap();
        let before: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
        let after: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut expected = before.as_object().unwrap().clone();
        expected.remove("7a9d0e42-1c3b-4f5e-8d6a-b1c2d3e4f5a6");
        assert_eq!(after.as_object().unwrap(), &expected);
        assert_eq!(expected.len(), 5);
        // Byte for byte: the text before and after the removed member is the original text.
        let at = SAMPLE.find("\"7a9d0e42").unwrap();
        let next = SAMPLE.find("\"c0ffee00").unwrap();
        assert_eq!(out, format!("{}{}", &SAMPLE[..at], &SAMPLE[next..]));
        assert!(without_entry("[]", "x").is_err());
    }

    #[test]
    fn role_profiles_are_refused_with_what_to_do() {
        let p = parse(SAMPLE).unwrap();
        let role = p.iter().find(|p| p.name == "role").unwrap();
        let e = secret(role).unwrap_err();
        assert!(matches!(e, Error::ProfileConfig(_)));
        assert!(e.to_string().contains("Set-AWSCredential -StoreAs role"));
        let listed: Vec<_> = p
            .iter()
            .filter(|p| p.kind() != "Other")
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(listed, ["default", "temp-session", "role"]);
    }

    #[test]
    fn remove_entry_is_refused_when_the_entry_changed_and_keeps_the_rest() {
        let dir = std::env::temp_dir().join(format!("awscred-netsdk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("RegisteredAccounts.json");
        std::fs::write(&path, SAMPLE).unwrap();
        let env = Env::from_pairs(Vec::<(String, String)>::new());
        let mut stale = parse(SAMPLE).unwrap().remove(0);
        stale.plain.insert("Region".into(), "eu-north-1".into());
        assert!(matches!(
            remove_entry(&env, &path, &stale),
            Err(Error::ProfileConfig(_))
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), SAMPLE);
        let current = parse(SAMPLE).unwrap().remove(0);
        remove_entry(&env, &path, &current).unwrap();
        let left = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut expected = parse(SAMPLE).unwrap();
        expected.remove(0);
        assert_eq!(left, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
