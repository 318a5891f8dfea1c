//! Check 5: every public function has `[CmdletBinding()]` on its param() block, and functions with
//! a state-changing verb declare `SupportsShouldProcess` (so -WhatIf and -Confirm work).

use crate::ast::{self, FunctionDef};
use crate::finding::Finding;
use crate::repo::{Repo, PUBLIC_DIR};

/// Verbs that change state: the brief's list plus PSScriptAnalyzer's
/// UseShouldProcessForStateChangingFunctions (Start, Stop, Restart, Reset, Update).
pub const STATE_CHANGING_VERBS: &[&str] = &[
    "Set",
    "Remove",
    "New",
    "Clear",
    "Initialize",
    "Export",
    "Start",
    "Stop",
    "Restart",
    "Reset",
    "Update",
];

/// CmdletBinding findings for every clean file in module/Public.
pub fn check(repo: &Repo) -> Vec<Finding> {
    let mut findings = Vec::new();
    for file in repo.scripts_in(PUBLIC_DIR).filter(|f| f.is_clean()) {
        for def in ast::top_level_functions(&file.tree, &file.text) {
            findings.extend(
                check_function(&def)
                    .into_iter()
                    .map(|(line, message)| Finding::new(&file.rel, line, message)),
            );
        }
    }
    findings
}

/// CmdletBinding problems of one function as (line, message).
pub fn check_function(def: &FunctionDef) -> Vec<(usize, String)> {
    let name = &def.name;
    if def.has_header_params {
        return vec![(def.line, format!("{name} declares parameters after its name; use [CmdletBinding()] param(...) in the body"))];
    }
    let Some(block) = &def.param_block else {
        return vec![(
            def.line,
            format!("{name} has no [CmdletBinding()] param() block"),
        )];
    };
    let Some(binding) = block.attributes.iter().find(|a| a.is("CmdletBinding")) else {
        return vec![(
            block.line,
            format!("{name} lacks [CmdletBinding()] on its param() block"),
        )];
    };
    let changes_state = STATE_CHANGING_VERBS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(def.verb()));
    let should_process = binding.arg("SupportsShouldProcess").is_some_and(|a| {
        a.value
            .as_deref()
            .is_none_or(|v| v.trim().eq_ignore_ascii_case("$true"))
    });
    if changes_state && !should_process {
        return vec![(
            binding.line,
            format!(
                "{name} changes state ({}) but its [CmdletBinding()] lacks SupportsShouldProcess",
                def.verb()
            ),
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(name: &str, src: &str) -> Vec<String> {
        let rel = format!("module/Public/{name}.ps1");
        let repo = Repo::from_sources(&[(rel.as_str(), src)], None, None);
        check(&repo).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn getter_with_cmdletbinding_passes() {
        let src = "function Get-AWSCredential {\n    [CmdletBinding(DefaultParameterSetName = 'Name')]\n    param([string] $ProfileName)\n}\n";
        assert_eq!(findings("Get-AWSCredential", src), Vec::<String>::new());
    }

    #[test]
    fn setter_with_should_process_passes() {
        for binding in [
            "SupportsShouldProcess",
            "SupportsShouldProcess = $true",
            "ConfirmImpact = 'Medium', SupportsShouldProcess",
        ] {
            let src = format!(
                "function Set-AWSCredential {{\n    [CmdletBinding({binding})]\n    param()\n}}\n"
            );
            assert_eq!(
                findings("Set-AWSCredential", &src),
                Vec::<String>::new(),
                "{binding}"
            );
        }
    }

    #[test]
    fn missing_cmdletbinding_is_flagged() {
        let src = "function Get-AWSCredential {\n    [OutputType([string])]\n    param([string] $ProfileName)\n}\n";
        assert_eq!(findings("Get-AWSCredential", src), ["module/Public/Get-AWSCredential.ps1:2: Get-AWSCredential lacks [CmdletBinding()] on its param() block"]);
    }

    #[test]
    fn missing_param_block_is_flagged() {
        let f = findings("Get-A", "function Get-A { 'x' }\n");
        assert_eq!(
            f,
            ["module/Public/Get-A.ps1:1: Get-A has no [CmdletBinding()] param() block"]
        );
        let f = findings("Get-A", "function Get-A($x) { $x }\n");
        assert!(f[0].contains("declares parameters after its name"), "{f:?}");
    }

    #[test]
    fn state_changing_verb_without_should_process_is_flagged() {
        for verb in ["Set", "Remove", "New", "Clear", "Initialize", "Export"] {
            let name = format!("{verb}-AWSThing");
            let src = format!("function {name} {{\n    [CmdletBinding()]\n    param()\n}}\n");
            let f = findings(&name, &src);
            assert_eq!(f.len(), 1, "{verb}: {f:?}");
            assert!(f[0].contains("lacks SupportsShouldProcess"), "{f:?}");
        }
        let src = "function Remove-AWSCredentialProfile {\n    [CmdletBinding(SupportsShouldProcess = $false)]\n    param()\n}\n";
        assert_eq!(findings("Remove-AWSCredentialProfile", src).len(), 1);
    }
}
