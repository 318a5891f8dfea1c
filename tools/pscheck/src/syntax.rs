//! Check 1: every PowerShell file parses with no ERROR or MISSING node under the tree-sitter
//! grammar; the first problem of each file is reported with its line and column.

use crate::finding::Finding;
use crate::parse;
use crate::repo::{PsFile, Repo};

/// Reports the first syntax problem of each PowerShell file in the repository.
pub fn check(repo: &Repo) -> Vec<Finding> {
    repo.ps_files.iter().filter_map(check_file).collect()
}

/// The first syntax problem of one file, if any.
pub fn check_file(file: &PsFile) -> Option<Finding> {
    let node = parse::first_problem(file.tree.root_node())?;
    let column = parse::char_column(&file.text, node.start_byte());
    let message = if node.is_missing() {
        format!(
            "syntax error at column {column}: missing `{}` (tree-sitter MISSING node)",
            node.kind()
        )
    } else {
        let near: String = parse::text(node, &file.text)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .take(40)
            .collect();
        format!("syntax error at column {column} near `{near}` (tree-sitter ERROR node)")
    };
    Some(Finding::new(&file.rel, parse::line(node), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(text: &str) -> Option<Finding> {
        check_file(&PsFile::from_text("module/x.ps1", text))
    }

    #[test]
    fn valid_code_passes() {
        let text = "function Get-X {\n    [CmdletBinding()]\n    param([string] $Name)\n    process { \"Hello $Name\" }\n}\n";
        assert_eq!(finding(text), None);
    }

    #[test]
    fn a_manifest_hash_literal_passes() {
        assert_eq!(
            finding("@{\n    ModuleVersion = '0.1.0'\n    FunctionsToExport = @('Get-X')\n}\n"),
            None
        );
    }

    #[test]
    fn unbalanced_parenthesis_is_flagged_with_its_line() {
        let f = finding("$a = 1\n$b = (1 + \n").expect("a finding");
        assert_eq!(f.path, "module/x.ps1");
        assert_eq!(f.line, 2, "{f}");
        assert!(f.message.starts_with("syntax error at column"), "{f}");
    }

    #[test]
    fn stray_operator_is_flagged() {
        let f = finding("Write-Output 'ok'\nif ($x -eq ) { }\n").expect("a finding");
        assert_eq!(f.line, 2, "{f}");
    }

    #[test]
    fn only_the_first_problem_per_file_is_reported() {
        let repo = Repo::from_sources(
            &[
                ("module/a.ps1", "$a = (\n$b = (\n"),
                ("module/b.ps1", "'ok'\n"),
            ],
            None,
            None,
        );
        let findings = check(&repo);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].path, "module/a.ps1");
    }
}
