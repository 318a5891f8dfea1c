//! Errors that stop a run (as opposed to findings, which are reported and counted).

use std::path::PathBuf;

/// Why pscheck could not check a repository at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory that exists could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The repository root given on the command line is not a directory.
    #[error("{0} is not a directory")]
    NotADirectory(PathBuf),
    /// The compiled-in grammar does not fit the tree-sitter runtime (a dependency mismatch).
    #[error("cannot load the tree-sitter PowerShell grammar: {0}")]
    Grammar(#[from] tree_sitter::LanguageError),
    /// tree-sitter gave up on a file (only happens on cancellation or timeout, which are not set).
    #[error("tree-sitter returned no tree for {0}")]
    NoTree(PathBuf),
}
