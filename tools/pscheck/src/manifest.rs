//! Check 2: the manifest's export lists are explicit string-literal arrays (no `'*'`, no `$null`)
//! and FunctionsToExport is exactly the set of module/Public functions, one per file, named after
//! the file; no Private function is exported.

use std::collections::BTreeMap;

use tree_sitter::Node;

use crate::ast::{self, StringItem};
use crate::finding::Finding;
use crate::parse::{self, child_of_kind, children_of_kind, descendants_of_kind};
use crate::repo::{PsFile, Repo, MANIFEST, PRIVATE_DIR, PUBLIC_DIR};

/// Export keys that must be explicit lists: without them PowerShell exports everything.
const EXPORT_KEYS: [&str; 4] = [
    "FunctionsToExport",
    "CmdletsToExport",
    "AliasesToExport",
    "VariablesToExport",
];

/// Runs the manifest and Public/Private layout checks.
pub fn check(repo: &Repo) -> Vec<Finding> {
    let mut findings = check_public_files(repo);
    let Some(manifest) = repo.ps_file(MANIFEST) else {
        findings.push(Finding::new(MANIFEST, 1, "module manifest is missing"));
        return findings;
    };
    if !manifest.is_clean() {
        return findings; // the syntax check reports it; values read from a broken tree mislead
    }
    let entries = match top_level_entries(manifest) {
        Some(entries) => entries,
        None => {
            findings.push(Finding::new(
                MANIFEST,
                1,
                "manifest is not a hash literal @{ ... }",
            ));
            return findings;
        }
    };
    let mut exported = None;
    for key in EXPORT_KEYS {
        let Some(entry) = entries.get(&key.to_ascii_lowercase()) else {
            findings.push(Finding::new(
                MANIFEST,
                1,
                format!("{key} is missing (PowerShell then exports everything); set an explicit list, e.g. @()"),
            ));
            continue;
        };
        match ast::string_list(entry.value, &manifest.text) {
            Err(bad) => findings.push(Finding::new(
                MANIFEST,
                bad.line,
                format!(
                    "{key} must be an array of string literals, found `{}`",
                    bad.text
                ),
            )),
            Ok(items) => {
                for item in items.iter().filter(|i| i.value.contains(['*', '?'])) {
                    findings.push(Finding::new(
                        MANIFEST,
                        item.line,
                        format!(
                            "{key} contains the wildcard '{}'; list names explicitly",
                            item.value
                        ),
                    ));
                }
                if key == "FunctionsToExport" {
                    exported = Some((entry.line, items));
                }
            }
        }
    }
    if let Some((line, items)) = exported {
        findings.extend(compare_exports(repo, line, &items));
    }
    findings
}

/// A `Key = value` entry of the manifest's top-level hash literal.
struct Entry<'t> {
    line: usize,
    value: Node<'t>,
}

/// The entries of the first (outermost) hash literal, keyed by lower-cased name.
fn top_level_entries(file: &PsFile) -> Option<BTreeMap<String, Entry<'_>>> {
    let body = descendants_of_kind(file.tree.root_node(), "hash_literal_expression")
        .into_iter()
        .next()
        .and_then(|hash| child_of_kind(hash, "hash_literal_body"))?;
    let mut entries = BTreeMap::new();
    for entry in children_of_kind(body, "hash_entry") {
        let (Some(key), Some(value)) =
            (child_of_kind(entry, "key_expression"), entry.named_child(1))
        else {
            continue;
        };
        let name = descendants_of_kind(key, "string_literal")
            .first()
            .and_then(|s| ast::string_literal_value(*s, &file.text))
            .unwrap_or_else(|| parse::text(key, &file.text).to_string());
        entries.entry(name.to_ascii_lowercase()).or_insert(Entry {
            line: parse::line(entry),
            value,
        });
    }
    Some(entries)
}

/// FunctionsToExport against the Public file names and the Private functions.
fn compare_exports(repo: &Repo, key_line: usize, items: &[StringItem]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let public: Vec<&PsFile> = repo.scripts_in(PUBLIC_DIR).collect();
    let private = private_functions(repo);
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        let name = item.value.as_str();
        if seen.contains(&name) {
            findings.push(Finding::new(
                MANIFEST,
                item.line,
                format!("FunctionsToExport lists '{name}' twice"),
            ));
            continue;
        }
        seen.push(name);
        if public.iter().any(|f| f.stem() == name) {
            continue;
        }
        let message = if let Some(file) = private.get(&name.to_ascii_lowercase()) {
            format!("FunctionsToExport exports the private function '{name}' ({file})")
        } else if let Some(f) = public.iter().find(|f| f.stem().eq_ignore_ascii_case(name)) {
            format!(
                "FunctionsToExport lists '{name}' but the public file is {} (case differs)",
                f.rel
            )
        } else {
            format!("FunctionsToExport lists '{name}', which no {PUBLIC_DIR}/*.ps1 defines")
        };
        findings.push(Finding::new(MANIFEST, item.line, message));
    }
    for file in &public {
        let stem = file.stem();
        if !items.iter().any(|i| i.value.eq_ignore_ascii_case(stem)) {
            findings.push(Finding::new(
                MANIFEST,
                key_line,
                format!(
                    "FunctionsToExport lacks the public function '{stem}' ({})",
                    file.rel
                ),
            ));
        }
    }
    findings
}

/// Top-level functions of module/Private scripts: lower-cased name to file.
fn private_functions(repo: &Repo) -> BTreeMap<String, String> {
    repo.scripts_under(PRIVATE_DIR)
        .flat_map(|f| {
            ast::top_level_functions(&f.tree, &f.text)
                .into_iter()
                .map(move |d| (d.name.to_ascii_lowercase(), f.rel.clone()))
        })
        .collect()
}

/// Each Public file defines exactly one top-level function named after the file, and no Private
/// file defines a function of the same name.
fn check_public_files(repo: &Repo) -> Vec<Finding> {
    let private = private_functions(repo);
    let mut findings = Vec::new();
    for file in repo.scripts_in(PUBLIC_DIR).filter(|f| f.is_clean()) {
        let defs = ast::top_level_functions(&file.tree, &file.text);
        let stem = file.stem();
        match defs.as_slice() {
            [def] if def.name == stem => {}
            [def] => findings.push(Finding::new(
                &file.rel,
                def.line,
                format!("defines function '{}' but the file is named '{stem}.ps1'; a public file is named after its function", def.name),
            )),
            _ => findings.push(Finding::new(
                &file.rel,
                defs.get(1).map_or(1, |d| d.line),
                format!("defines {} top-level functions; a public file defines exactly one ('{stem}')", defs.len()),
            )),
        }
        if let Some(other) = private.get(&stem.to_ascii_lowercase()) {
            findings.push(Finding::new(
                &file.rel,
                1,
                format!("'{stem}' is also defined in {other}"),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD_MANIFEST: &str = "@{\n    RootModule = 'AwsCredentialManager.psm1'\n    ModuleVersion = '0.1.0'\n    FunctionsToExport = @(\n        'Get-AWSCredential'\n        'Set-AWSCredential'\n    )\n    CmdletsToExport = @()\n    VariablesToExport = @()\n    AliasesToExport = @('Get-AWSCredentials')\n    PrivateData = @{ PSData = @{ Tags = @('AWS') } }\n}\n";
    const GET: &str = "function Get-AWSCredential {\n    [CmdletBinding()]\n    param()\n}\n";
    const SET: &str = "function Set-AWSCredential {\n    [CmdletBinding()]\n    param()\n}\n";
    const PRIVATE: &str =
        "function Invoke-AwsCredNative { param() }\nfunction ConvertTo-Request { param() }\n";

    fn run(manifest: &str, extra: &[(&str, &str)]) -> Vec<Finding> {
        let mut files = vec![
            (MANIFEST, manifest),
            ("module/Public/Get-AWSCredential.ps1", GET),
            ("module/Public/Set-AWSCredential.ps1", SET),
            ("module/Private/Native.ps1", PRIVATE),
        ];
        files.extend_from_slice(extra);
        check(&Repo::from_sources(&files, None, None))
    }

    fn messages(findings: &[Finding]) -> String {
        findings.iter().map(|f| format!("{f}\n")).collect()
    }

    #[test]
    fn good_manifest_passes() {
        let findings = run(GOOD_MANIFEST, &[]);
        assert!(findings.is_empty(), "{}", messages(&findings));
    }

    #[test]
    fn quoted_keys_and_comma_lists_pass() {
        let m = "@{\n 'FunctionsToExport' = 'Get-AWSCredential', 'Set-AWSCredential'\n CmdletsToExport = @()\n VariablesToExport = @()\n AliasesToExport = @()\n}\n";
        let findings = run(m, &[]);
        assert!(findings.is_empty(), "{}", messages(&findings));
    }

    #[test]
    fn wildcard_is_flagged() {
        let m = GOOD_MANIFEST.replace(
            "@(\n        'Get-AWSCredential'\n        'Set-AWSCredential'\n    )",
            "'*'",
        );
        let findings = run(&m, &[]);
        assert!(
            messages(&findings).contains("FunctionsToExport contains the wildcard '*'"),
            "{}",
            messages(&findings)
        );
        let m = GOOD_MANIFEST.replace("CmdletsToExport = @()", "CmdletsToExport = '*'");
        let f = run(&m, &[]);
        assert_eq!(f.len(), 1, "{}", messages(&f));
        assert_eq!(f[0].line, 8);
        assert!(f[0]
            .message
            .contains("CmdletsToExport contains the wildcard"));
        let m = GOOD_MANIFEST.replace("@('Get-AWSCredentials')", "@('Get-*')");
        assert!(messages(&run(&m, &[])).contains("AliasesToExport contains the wildcard 'Get-*'"));
    }

    #[test]
    fn null_and_variables_are_flagged() {
        let m = GOOD_MANIFEST.replace("VariablesToExport = @()", "VariablesToExport = $null");
        assert!(messages(&run(&m, &[]))
            .contains("VariablesToExport must be an array of string literals, found `$null`"));
        let m = GOOD_MANIFEST.replace(
            "@(\n        'Get-AWSCredential'\n        'Set-AWSCredential'\n    )",
            "$functions",
        );
        assert!(messages(&run(&m, &[]))
            .contains("FunctionsToExport must be an array of string literals"));
    }

    #[test]
    fn missing_export_key_is_flagged() {
        let m = GOOD_MANIFEST.replace("    AliasesToExport = @('Get-AWSCredentials')\n", "");
        let f = run(&m, &[]);
        assert_eq!(f.len(), 1, "{}", messages(&f));
        assert!(f[0].message.starts_with("AliasesToExport is missing"));
    }

    #[test]
    fn public_function_missing_from_manifest_is_flagged() {
        let m = GOOD_MANIFEST.replace("        'Set-AWSCredential'\n", "");
        let f = run(&m, &[]);
        assert_eq!(f.len(), 1, "{}", messages(&f));
        assert_eq!(f[0].line, 4);
        assert!(f[0]
            .message
            .contains("lacks the public function 'Set-AWSCredential'"));
    }

    #[test]
    fn exported_name_without_public_file_is_flagged() {
        let m = GOOD_MANIFEST.replace(
            "'Set-AWSCredential'\n",
            "'Set-AWSCredential'\n        'Remove-AWSCredentialProfile'\n",
        );
        let f = run(&m, &[]);
        assert_eq!(f.len(), 1, "{}", messages(&f));
        assert_eq!(f[0].line, 7);
        assert!(f[0]
            .message
            .contains("'Remove-AWSCredentialProfile', which no module/Public/*.ps1 defines"));
    }

    #[test]
    fn exported_private_function_is_flagged() {
        let m = GOOD_MANIFEST.replace(
            "'Set-AWSCredential'\n",
            "'Set-AWSCredential'\n        'Invoke-AwsCredNative'\n",
        );
        let f = run(&m, &[]);
        assert_eq!(f.len(), 1, "{}", messages(&f));
        assert!(f[0].message.contains(
            "exports the private function 'Invoke-AwsCredNative' (module/Private/Native.ps1)"
        ));
    }

    #[test]
    fn duplicate_and_miscased_names_are_flagged() {
        let m = GOOD_MANIFEST.replace(
            "'Set-AWSCredential'\n",
            "'Set-AWSCredential'\n        'Get-AWSCredential'\n",
        );
        assert!(messages(&run(&m, &[])).contains("lists 'Get-AWSCredential' twice"));
        let m = GOOD_MANIFEST.replace("'Set-AWSCredential'\n", "'set-awscredential'\n");
        assert!(messages(&run(&m, &[])).contains("(case differs)"));
    }

    #[test]
    fn public_file_rules_are_enforced() {
        let f = run(
            GOOD_MANIFEST,
            &[(
                "module/Public/Get-Other.ps1",
                "function Get-Wrong { param() }\n",
            )],
        );
        let text = messages(&f);
        assert!(text.contains("module/Public/Get-Other.ps1:1: defines function 'Get-Wrong' but the file is named 'Get-Other.ps1'"), "{text}");
        assert!(
            text.contains("lacks the public function 'Get-Other'"),
            "{text}"
        );

        let two = "function Get-Two { param() }\nfunction Get-Helper { param() }\n";
        let f = run(GOOD_MANIFEST, &[("module/Public/Get-Two.ps1", two)]);
        assert!(
            messages(&f).contains("module/Public/Get-Two.ps1:2: defines 2 top-level functions"),
            "{}",
            messages(&f)
        );

        let f = run(
            GOOD_MANIFEST,
            &[("module/Private/Dup.ps1", "function Get-AWSCredential { }\n")],
        );
        assert!(
            messages(&f).contains("'Get-AWSCredential' is also defined in module/Private/Dup.ps1"),
            "{}",
            messages(&f)
        );
    }

    #[test]
    fn missing_or_malformed_manifest_is_flagged() {
        let f = check(&Repo::from_sources(&[], None, None));
        assert_eq!(
            messages(&f),
            format!("{MANIFEST}:1: module manifest is missing\n")
        );
        let f = run("'not a hash'\n", &[]);
        assert!(messages(&f).contains("not a hash literal"));
    }
}
