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
    let cached = if creds.cached {
        ", from the CLI cache"
    } else {
        ""
    };
    match (&creds.profile_name, &creds.profile_location) {
        (Some(name), Some(loc)) => println!(
            "Source:          {} of profile {name} ({loc}){cached}",
            creds.source
        ),
        (Some(name), None) => println!(
            "Source:          {} of profile {name}{cached}",
            creds.source
        ),
        _ => println!("Source:          {}{cached}", creds.source),
    }
}

pub fn identity(id: &CallerIdentity, as_json: bool) {
    if as_json {
        return json(id);
    }
    println!("Account: {}", id.account);
    println!("Arn:     {}", id.arn);
    println!("UserId:  {}", id.user_id);
}

pub fn explain(res: &ExplainResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    match &res.profile_name {
        Some(p) => println!("Profile: {p}"),
        None => println!("Default chain"),
    }
    for s in &res.skipped {
        println!("  skipped: {s}");
    }
    if res.steps.is_empty() {
        println!("  no source is configured: resolution would fail with exit code 9");
    }
    for (i, step) in res.steps.iter().enumerate() {
        let at = match (&step.file, step.line) {
            (Some(f), Some(l)) => format!("  ({f}:{l})"),
            _ => String::new(),
        };
        let cached = match step.cached {
            Some(true) => "  [cached]",
            _ => "",
        };
        println!(
            "  {}. {} {}{at}{cached}",
            i + 1,
            step.provider,
            step.settings
        );
    }
    if let Some((region, source)) = res
        .region
        .as_ref()
        .and_then(|r| r.region.as_ref().zip(r.source.as_ref()))
    {
        println!("Region: {region} ({source})");
    }
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

pub fn sync(res: &SyncResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("{}", res.message);
    if res.changed || res.dry_run && res.old_access_key_id != res.new_access_key_id {
        println!("  OldAccessKeyId      {}", res.old_access_key_id);
        println!("  NewAccessKeyId      {}", res.new_access_key_id);
        println!("  SecretAccessKey     {}", res.masked_secret_access_key);
        println!("  UserArn             {}", res.user_arn);
    }
}

pub fn keys(res: &KeyStatusResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("IAM user {} ({})", res.user_name, res.user_arn);
    println!(
        "{:24}  {:8}  {:>5}  {:20}  {:24}  InProfile",
        "AccessKeyId", "Status", "Days", "LastUsed", "Service/Region"
    );
    for k in &res.keys {
        let place = match (&k.last_used_service, &k.last_used_region) {
            (Some(s), Some(r)) => format!("{s}/{r}"),
            (Some(s), None) => s.clone(),
            _ => "-".into(),
        };
        println!(
            "{:24}  {:8}  {:>5}  {:20}  {:24}  {}",
            k.access_key_id,
            k.status,
            k.age_days
                .map(|d| d.to_string())
                .unwrap_or_else(|| "?".into()),
            k.last_used_date.as_deref().unwrap_or("never"),
            place,
            if k.in_profile { "yes" } else { "" }
        );
    }
    for w in &res.warnings {
        eprintln!("awscred: warning: {w}");
    }
}

pub fn rotation(res: &RotationResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    for note in &res.notes {
        println!("{note}");
    }
    println!("{}: {}", res.status, res.message);
    if let Some(new) = &res.new_access_key_id {
        println!(
            "  OldAccessKeyId      {} ({})",
            res.old_access_key_id, res.old_key_state
        );
        println!("  NewAccessKeyId      {new}");
        if let Some(m) = &res.masked_secret_access_key {
            println!("  SecretAccessKey     {m}");
        }
        if let Some(s) = &res.secret_id {
            println!(
                "  Secret              {s}{}",
                if res.published { " (published)" } else { "" }
            );
        }
    }
}

pub fn login(res: &LoginResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("{}: {}", res.status, res.message);
    if let Some(s) = &res.login_session {
        println!("  LoginSession        {s}");
    }
    if let Some(s) = &res.session_name {
        println!("  SsoSession          {s}");
    }
    if let Some(e) = &res.expires_at {
        println!("  ExpiresAt           {e}");
    }
    if let Some(c) = &res.cache_file {
        println!("  CacheFile           {c}");
    }
    for f in &res.files_written {
        println!("  Written             {f}");
    }
}

pub fn logout(res: &LogoutResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("{}", res.message);
    for f in &res.files_removed {
        println!(
            "  {}{f}",
            if res.dry_run {
                "would remove "
            } else {
                "removed "
            }
        );
    }
}

pub fn sso_configured(res: &SsoConfigureResponse, as_json: bool) {
    if as_json {
        return json(res);
    }
    println!("{}", res.message);
    for f in &res.files_written {
        println!("  Written             {f}");
    }
}
