//! The status and operation tables are defined once in Rust (`STATUS_TABLE`, `OPERATIONS`); the
//! copies in docs/api.md, README.md and the generated header must say the same.

use std::path::Path;

use awscred::api::OPERATIONS;
use awscred::error::{Status, STATUS_TABLE};

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of the Markdown table whose header line starts with `header`, as trimmed cells with
/// backquotes removed.
fn markdown_table(text: &str, header: &str, file: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(header));
    assert!(
        lines.next().is_some(),
        "{file}: no table starting with {header:?}"
    );
    lines
        .skip(1) // |---|---|
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}

/// Every member of System.Management.Automation.ErrorCategory.
const ERROR_CATEGORIES: &[&str] = &[
    "NotSpecified",
    "OpenError",
    "CloseError",
    "DeviceError",
    "DeadlockDetected",
    "InvalidArgument",
    "InvalidData",
    "InvalidOperation",
    "InvalidResult",
    "InvalidType",
    "MetadataError",
    "NotImplemented",
    "NotInstalled",
    "ObjectNotFound",
    "OperationStopped",
    "OperationTimeout",
    "SyntaxError",
    "ParserError",
    "PermissionDenied",
    "ResourceBusy",
    "ResourceExists",
    "ResourceUnavailable",
    "ReadError",
    "WriteError",
    "FromStdErr",
    "SecurityError",
    "ProtocolError",
    "ConnectionError",
    "AuthenticationError",
    "LimitsExceeded",
    "QuotaExceeded",
    "NotEnabled",
];

#[test]
fn status_table_is_well_formed() {
    for (i, row) in STATUS_TABLE.iter().enumerate() {
        assert_eq!(row.status as i32 as usize, i);
        assert_eq!(Status::from_code(i as i32), Some(row.status));
        assert!(!row.meaning.contains('|') && !row.meaning.is_empty());
        if row.status == Status::Ok {
            assert_eq!(row.category, "");
        } else {
            assert!(
                ERROR_CATEGORIES.contains(&row.category),
                "{}: '{}' is not an ErrorCategory member",
                row.code,
                row.category
            );
        }
    }
    assert_eq!(Status::from_code(STATUS_TABLE.len() as i32), None);
    assert_eq!(Status::from_code(-1), None);
}

#[test]
fn docs_status_table_matches() {
    let rows = markdown_table(
        &read("../docs/api.md"),
        "| Status | Code | CLI exit | PowerShell ErrorCategory | Meaning |",
        "docs/api.md",
    );
    let want: Vec<Vec<String>> = STATUS_TABLE
        .iter()
        .map(|r| {
            vec![
                (r.status as i32).to_string(),
                r.code.to_string(),
                r.exit_code.to_string(),
                r.category.to_string(),
                r.meaning.to_string(),
            ]
        })
        .collect();
    assert_eq!(
        rows, want,
        "docs/api.md's status table drifted from STATUS_TABLE in native/src/error.rs"
    );
}

#[test]
fn readme_exit_code_table_matches() {
    let rows = markdown_table(
        &read("../README.md"),
        "| Code | Name | Meaning |",
        "README.md",
    );
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let want: Vec<(String, String)> = STATUS_TABLE
        .iter()
        .map(|r| (r.exit_code.to_string(), r.code.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "README.md's exit-code table drifted from STATUS_TABLE in native/src/error.rs"
    );
}

#[test]
fn docs_operation_table_matches() {
    let rows = markdown_table(
        &read("../docs/api.md"),
        "| Operation | C function | Changes files |",
        "docs/api.md",
    );
    let want: Vec<Vec<String>> = OPERATIONS
        .iter()
        .map(|o| {
            vec![
                o.name.to_string(),
                o.function.to_string(),
                if o.changes { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    assert_eq!(
        rows, want,
        "docs/api.md's operation table drifted from OPERATIONS in native/src/api/operations.rs"
    );
    let docs = read("../docs/api.md");
    for o in OPERATIONS {
        assert!(
            docs.contains(&format!("### `{}`", o.function)),
            "docs/api.md has no section for {}",
            o.function
        );
    }
}

#[test]
fn header_matches_the_tables() {
    let header = read("include/awscred.h");
    // Statuses: `AWSCRED_STATUS_<NAME> = <value>,` for every row, and no others.
    let statuses: Vec<(String, i32)> = header
        .lines()
        .filter_map(|l| l.trim().strip_prefix("AWSCRED_STATUS_"))
        .filter_map(|l| {
            let (name, value) = l.trim_end_matches(',').split_once(" = ")?;
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect();
    let screaming = |code: &str| {
        let mut out = String::new();
        for (i, c) in code.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    };
    let want: Vec<(String, i32)> = STATUS_TABLE
        .iter()
        .map(|r| (screaming(r.code), r.status as i32))
        .collect();
    assert_eq!(
        statuses, want,
        "awscred.h's statuses differ from STATUS_TABLE"
    );
    // Operations: one `int32_t awscred_<name>(` per row, and no others.
    let functions: Vec<&str> = header
        .lines()
        .filter_map(|l| l.strip_prefix("int32_t "))
        .filter_map(|l| l.split_once('(').map(|(f, _)| f))
        .filter(|f| *f != "awscred_free")
        .collect();
    let want: Vec<&str> = OPERATIONS.iter().map(|o| o.function).collect();
    assert_eq!(
        functions, want,
        "awscred.h's operations differ from OPERATIONS"
    );
}

/// The library's version is the module's: the stable awscred's downgrade guard compares it.
#[test]
fn crate_version_is_the_module_version() {
    let psd1 = read("../module/AwsCredentialManager.psd1");
    let line = psd1
        .lines()
        .find(|l| l.trim_start().starts_with("ModuleVersion"))
        .expect("module/AwsCredentialManager.psd1 has a ModuleVersion");
    let version = line.split('\'').nth(1).expect("ModuleVersion = 'x.y.z'");
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "native/Cargo.toml's version must equal the ModuleVersion of module/AwsCredentialManager.psd1"
    );
}
