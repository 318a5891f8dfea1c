//! A request's `Environment` is authoritative for the names it covers (AWS_*, AWSCRED_*, HOME,
//! ...): a covered variable the object does not hold is unset for the call, even when the process
//! has it; other variables still come from the process. Checked through `api::call_json` for file
//! lookups and for a credential_process child. A test binary of its own: it sets process
//! variables (the same values in every test, so parallel tests agree).
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use awscred::api::{call_json, Operation};
use awscred::env::Env;
use serde_json::{json, Value};

/// The process side: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name files A, AWSCRED_TEST_GONE
/// is set, and a non-covered variable too. Returns the folder of file A.
fn process_env() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = common::temp_dir("reqenv-process");
        let config = dir.join("config-A");
        std::fs::write(
            &config,
            "[profile p]\naws_access_key_id = AKIDFROMFILEA\naws_secret_access_key = secretA\n",
        )
        .unwrap();
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials-A"));
        std::env::set_var("AWSCRED_TEST_GONE", "from-process");
        std::env::set_var("REQENV_NOT_COVERED", "passes-through");
        std::env::remove_var("AWS_PROFILE");
        std::env::remove_var("AWSCRED_TEST_MARK");
        dir
    })
}

/// A home folder holding `~/.aws/config` B with `text`.
fn home_with_config(tag: &str, text: &str) -> PathBuf {
    let home = common::temp_dir(tag);
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/config"), text).unwrap();
    home
}

fn call(op: Operation, request: Value) -> awscred::error::Result<Value> {
    let bytes = serde_json::to_vec(&request).unwrap();
    call_json(op, &Env::process(), &bytes).map(|out| serde_json::from_slice(&out).unwrap())
}

#[test]
fn a_covered_variable_missing_from_the_request_is_unset() {
    let a_dir = process_env();
    let home = home_with_config(
        "reqenv-home",
        "[profile p]\naws_access_key_id = AKIDFROMFILEB\naws_secret_access_key = secretB\n",
    );
    // The request omits AWS_CONFIG_FILE (the process names file A): ~/.aws/config B is read.
    let got = call(
        Operation::GetCredentials,
        json!({"ProfileName": "p", "Environment": {"HOME": home}}),
    )
    .unwrap();
    assert_eq!(got["AccessKeyId"], "AKIDFROMFILEB");
    assert_eq!(got["Source"], "Profile");

    // Without an Environment the process environment stands: file A.
    let got = call(Operation::GetCredentials, json!({"ProfileName": "p"})).unwrap();
    assert_eq!(got["AccessKeyId"], "AKIDFROMFILEA");

    // An empty Environment unsets every covered name: no HOME, no AWS_CONFIG_FILE, so neither
    // file A nor B is found.
    let err = call(
        Operation::GetCredentials,
        json!({"ProfileName": "p", "Environment": {}}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "ProfileNotFound", "{err}");
    assert!(!err.to_string().contains(a_dir.to_str().unwrap()), "{err}");
}

/// A credential_process that reports, in its AccessKeyId, what its environment holds.
const REPORTER: &str = r#"#!/bin/sh
printf '{"Version": 1, "AccessKeyId": "cfg=%s|gone=%s|mark=%s|home=%s|other=%s", "SecretAccessKey": "s"}\n' \
  "${AWS_CONFIG_FILE-unset}" "${AWSCRED_TEST_GONE-unset}" "${AWSCRED_TEST_MARK-unset}" \
  "${HOME-unset}" "${REQENV_NOT_COVERED-unset}"
"#;

fn reporter_profile(home: &Path) {
    let script = home.join("report.sh");
    std::fs::write(&script, REPORTER).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        format!(
            "[profile proc]\ncredential_process = {}\n",
            script.display()
        ),
    )
    .unwrap();
}

#[test]
fn a_credential_process_child_gets_exactly_the_view() {
    process_env();
    let home = home_with_config("reqenv-proc", "");
    reporter_profile(&home);
    let got = call(
        Operation::GetCredentials,
        json!({
            "ProfileName": "proc",
            "Environment": {"HOME": home, "AWSCRED_TEST_MARK": "m1", "AWS_PROFILE": null},
        }),
    )
    .unwrap();
    assert_eq!(got["Source"], "Process");
    assert_eq!(
        got["AccessKeyId"],
        format!(
            "cfg=unset|gone=unset|mark=m1|home={}|other=passes-through",
            home.display()
        )
    );
}

#[test]
fn without_an_environment_the_child_inherits_the_process() {
    let a_dir = process_env();
    let home = home_with_config("reqenv-proc-plain", "");
    reporter_profile(&home);
    // One credentials-format file names the profile, whatever the process's files hold.
    let location = home.join("credentials-for-process");
    std::fs::write(
        &location,
        format!(
            "[proc]\ncredential_process = {}\n",
            home.join("report.sh").display()
        ),
    )
    .unwrap();
    let got = call(
        Operation::GetCredentials,
        json!({"ProfileName": "proc", "ProfileLocation": location}),
    )
    .unwrap();
    let key = got["AccessKeyId"].as_str().unwrap().to_string();
    assert!(
        key.starts_with(&format!(
            "cfg={}|gone=from-process|mark=unset|",
            a_dir.join("config-A").display()
        )),
        "{key}"
    );
    assert!(key.ends_with("|other=passes-through"), "{key}");
}
