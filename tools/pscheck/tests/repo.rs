//! Runs every check on the real repository. Red until module/ and native/include/awscred.h have
//! landed; after that, any finding here is a regression in the module.

use std::path::Path;

#[test]
fn repo_module_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let report = pscheck::check_repo(&root).expect("repository loads");
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert!(
        lines.is_empty(),
        "{} finding(s) in {} files:\n{}",
        lines.len(),
        report.files,
        lines.join("\n")
    );
}
