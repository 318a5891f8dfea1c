//! `pscheck`: static checks of the AwsCredentialManager PowerShell module.
//!
//! No pwsh runs on the project's machines, so what a module import and a Pester run would catch is
//! checked here instead: syntax (tree-sitter PowerShell grammar), the manifest's export lists, the
//! P/Invoke declarations against the C header, comment-based help, and `[CmdletBinding()]`.

pub mod ast;
pub mod binding;
pub mod cheader;
pub mod csharp;
pub mod error;
pub mod finding;
pub mod help;
pub mod manifest;
pub mod parse;
pub mod pinvoke;
pub mod repo;
pub mod syntax;

use std::path::Path;

pub use error::Error;
pub use finding::Finding;
pub use repo::Repo;

/// The outcome of a full run: how many files were read and what was wrong with them.
#[derive(Debug, Default)]
pub struct Report {
    /// Files read (PowerShell sources, NativeMethods.cs, the C header).
    pub files: usize,
    /// Findings sorted by path, then line; empty when everything passes.
    pub findings: Vec<Finding>,
}

/// Loads the repository at `root` and runs every check on it.
pub fn check_repo(root: &Path) -> Result<Report, Error> {
    let repo = Repo::load(root)?;
    Ok(run_checks(&repo))
}

/// Runs every check on an already loaded repository.
pub fn run_checks(repo: &Repo) -> Report {
    let mut findings = Vec::new();
    findings.extend(syntax::check(repo));
    findings.extend(manifest::check(repo));
    findings.extend(pinvoke::check(repo));
    findings.extend(help::check(repo));
    findings.extend(binding::check(repo));
    // Stable sort: findings on one line keep the order the checks produced them in.
    findings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Report {
        files: repo.files_read(),
        findings,
    }
}
