//! Every case of tests/vectors/assume-role-tests.json, written to a real config file and checked
//! through the `explain` operation (secrets compared masked, as explain shows them).

mod common;

use awscred::api::{self, mask, types::ExplainRequest};
use awscred::env::Env;
use serde_json::{json, Value};

fn write_config(dir: &std::path::Path, input: &Value) -> std::path::PathBuf {
    let mut text = String::new();
    for (name, props) in input["profiles"].as_object().unwrap() {
        text.push_str(&format!("[profile {name}]\n"));
        for (k, v) in props.as_object().unwrap() {
            text.push_str(&format!("{k} = {}\n", v.as_str().unwrap()));
        }
    }
    for (name, props) in input
        .get("sso_sessions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        text.push_str(&format!("[sso-session {name}]\n"));
        for (k, v) in props.as_object().unwrap() {
            text.push_str(&format!("{k} = {}\n", v.as_str().unwrap()));
        }
    }
    let path = dir.join("config");
    std::fs::write(&path, text).unwrap();
    path
}

/// The expected chain with secrets masked as explain masks them.
fn masked(expected: &Value) -> Value {
    let mut out = expected.clone();
    for step in out.as_array_mut().unwrap() {
        if let Some(ak) = step.get_mut("AccessKey") {
            let secret = ak["secret_access_key"].as_str().unwrap().to_string();
            ak["secret_access_key"] = mask(&secret).into();
        }
    }
    out
}

#[test]
fn assume_role_vectors_through_explain() {
    let path = common::vectors_dir().join("assume-role-tests.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(cases.len(), 28);
    let mut failures = Vec::new();
    for case in &cases {
        let docs = case["docs"].as_str().unwrap();
        let dir = common::temp_dir("vector");
        let config = write_config(&dir, &case["input"]);
        let env = Env::from_pairs([
            ("HOME", dir.to_str().unwrap()),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.join("credentials").to_str().unwrap(),
            ),
        ]);
        let got = api::explain(
            &env,
            ExplainRequest {
                profile_name: Some(case["input"]["selected_profile"].as_str().unwrap().into()),
                profile_location: None,
            },
        );
        match (&case["output"], got) {
            (out, Ok(res)) if out.get("ProfileChain").is_some() => {
                let chain: Value = res
                    .steps
                    .iter()
                    .map(|s| json!({ s.provider.clone(): s.settings.clone() }))
                    .collect();
                let want = masked(&out["ProfileChain"]);
                if chain != want {
                    failures.push(format!("{docs}: got {chain}, want {want}"));
                }
                // Every step names where it was configured.
                for s in &res.steps {
                    if s.file.is_none() || s.line.is_none() {
                        failures.push(format!("{docs}: step {} has no file/line", s.provider));
                    }
                }
            }
            (out, Err(e)) if out.get("Error").is_some() => {
                let want = out["Error"].as_str().unwrap();
                if !e.to_string().contains(want) {
                    failures.push(format!("{docs}: error {e} lacks {want:?}"));
                }
            }
            (out, got) => failures.push(format!("{docs}: expected {out}, got {got:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
