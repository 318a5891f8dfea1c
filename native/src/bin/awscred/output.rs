//! How the CLI prints answers: plain text for people (secrets masked), JSON on request.

use awscred::api::mask;
use awscred::api::types::*;
use serde::Serialize;

/// Prints any value as one JSON document.
pub fn json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("responses always serialize")
    );
}

pub fn list(res: &ListResponse, detail: bool, as_json: bool) {
    match (detail, as_json) {
        (true, true) => json(&res.profiles),
        (false, true) => json(
            &res.profiles
                .iter()
                .map(|p| p.profile_name.as_str())
                .collect::<Vec<_>>(),
        ),
        (false, false) => {
            for p in &res.profiles {
                println!("{}", p.profile_name);
            }
        }
        (true, false) => {
            let width = res
                .profiles
                .iter()
                .map(|p| p.profile_name.len())
                .chain(["ProfileName".len()])
                .max()
                .unwrap_or(0);
            println!(
                "{:width$}  {:21}  ProfileLocation",
                "ProfileName", "StoreTypeName"
            );
            for p in &res.profiles {
                println!(
                    "{:width$}  {:21}  {}",
                    p.profile_name, p.store_type_name, p.profile_location
                );
            }
        }
    }
}

pub fn show(res: &ShowResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("Profile: {}", res.profile_name);
    println!("Kind:    {:?}", res.kind);
    let width = res.settings.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in &res.settings {
        let value = s.value.replace('\n', "\\n");
        println!("  {:width$} = {value}    ({}:{})", s.name, s.file, s.line);
    }
}

pub fn credentials(creds: &Credentials, as_json: bool) {
    if as_json {
        return json(creds);
    }
    println!("AccessKeyId:     {}", creds.access_key_id);
    println!("SecretAccessKey: {}", mask(&creds.secret_access_key));
    if let Some(token) = &creds.session_token {
        println!("SessionToken:    {}", mask(token));
    }
    if let Some(exp) = &creds.expiration {
        println!("Expiration:      {exp}");
    }
    match (&creds.profile_name, &creds.profile_location) {
        (Some(name), Some(loc)) => println!("Source:          profile {name} ({loc})"),
        (Some(name), None) => println!("Source:          profile {name}"),
        _ => println!("Source:          {:?}", creds.source),
    }
}

/// The credential_process format: `{"Version": 1, AccessKeyId, SecretAccessKey, SessionToken?, Expiration?}`.
pub fn credential_process(creds: &Credentials) {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Process<'a> {
        version: u8,
        access_key_id: &'a str,
        secret_access_key: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        session_token: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        expiration: Option<&'a str>,
    }
    json(&Process {
        version: 1,
        access_key_id: &creds.access_key_id,
        secret_access_key: &creds.secret_access_key,
        session_token: creds.session_token.as_deref(),
        expiration: creds.expiration.as_deref(),
    });
}

pub fn written(verb: &str, res: &WriteResponse) {
    let kind = res.kind.map(|k| format!(" ({k:?})")).unwrap_or_default();
    if res.files_written.is_empty() {
        println!("Profile '{}'{kind}: no change", res.profile_name);
    } else {
        println!(
            "{verb} profile '{}'{kind}: {}",
            res.profile_name,
            res.files_written.join(", ")
        );
    }
}
