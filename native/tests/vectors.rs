//! Runs every case of tests/vectors/profile-parser-tests.json through the parser and normalizer.

mod common;

use std::path::Path;

use awscred::profile::locate::FileKind;
use awscred::profile::normalize::ProfileSet;
use awscred::profile::parse::parse;
use serde_json::{json, Value};

fn normalize(input: &Value) -> Result<Value, String> {
    let mut set = ProfileSet::default();
    for (field, kind) in [
        ("configFile", FileKind::Config),
        ("credentialsFile", FileKind::Credentials),
    ] {
        if let Some(text) = input.get(field).and_then(Value::as_str) {
            let path = Path::new(field);
            let raw = parse(text, path).map_err(|e| e.to_string())?;
            set.add_file(&raw, kind, path);
        }
    }
    Ok(set.to_vector_json())
}

#[test]
fn profile_parser_vectors() {
    let path = common::vectors_dir().join("profile-parser-tests.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let suite: Value = serde_json::from_str(&text).unwrap();
    let cases = suite["tests"].as_array().unwrap();
    assert_eq!(cases.len(), 65, "the vector file has 65 cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let got = normalize(&case["input"]);
        let output = &case["output"];
        match (output.get("errorContaining"), got) {
            (Some(expected), Err(message)) => {
                let expected = expected.as_str().unwrap();
                if !message.contains(expected) {
                    failures.push(format!("{name}: error {message:?} lacks {expected:?}"));
                }
            }
            (Some(expected), Ok(view)) => {
                failures.push(format!("{name}: expected error {expected}, got {view}"))
            }
            (None, Err(message)) => failures.push(format!("{name}: unexpected error {message}")),
            (None, Ok(view)) => {
                let config = &output["config"];
                let want = json!({
                    "profiles": config.get("profiles").cloned().unwrap_or(json!({})),
                    "sso_sessions": config.get("sso_sessions").cloned().unwrap_or(json!({})),
                });
                if view != want {
                    failures.push(format!("{name}: got {view}, want {want}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
