//! Finding and loading the files pscheck looks at: PowerShell sources under module/ and tests/,
//! build.ps1, module/Private/NativeMethods.cs and native/include/awscred.h.

use std::fs;
use std::path::{Path, PathBuf};

use tree_sitter::Tree;

use crate::error::Error;
use crate::parse;

/// Where the module manifest lives, relative to the repository root.
pub const MANIFEST: &str = "module/AwsCredentialManager.psd1";
/// Directory of exported functions, one per file.
pub const PUBLIC_DIR: &str = "module/Public";
/// Directory of internal functions.
pub const PRIVATE_DIR: &str = "module/Private";
/// The C# source with the `[DllImport]` declarations.
pub const NATIVE_METHODS: &str = "module/Private/NativeMethods.cs";
/// The cbindgen-generated C header of the native library.
pub const HEADER: &str = "native/include/awscred.h";

const PS_EXTENSIONS: [&str; 3] = ["ps1", "psm1", "psd1"];

/// A parsed PowerShell file.
pub struct PsFile {
    /// Path relative to the repository root, `/`-separated.
    pub rel: String,
    pub text: String,
    pub tree: Tree,
}

impl PsFile {
    /// Parses `text` as the file at `rel` (used by tests to build repositories in memory).
    pub fn from_text(rel: &str, text: &str) -> PsFile {
        PsFile {
            rel: rel.to_string(),
            text: text.to_string(),
            tree: parse::parse_str(text),
        }
    }

    /// True when the grammar found no ERROR or MISSING node; other checks skip unclean files so
    /// that one syntax error is reported once, not as a cascade.
    pub fn is_clean(&self) -> bool {
        !self.tree.root_node().has_error()
    }

    /// The file name without directory and extension (`Get-Foo` for `module/Public/Get-Foo.ps1`).
    pub fn stem(&self) -> &str {
        let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// True when the file sits directly in `dir` and has extension `ext`.
    pub fn is_in(&self, dir: &str, ext: &str) -> bool {
        match self.rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            Some(rest) => !rest.contains('/') && rest.ends_with(&format!(".{ext}")),
            None => false,
        }
    }
}

/// Everything pscheck reads from one repository.
pub struct Repo {
    pub root: PathBuf,
    /// PowerShell files sorted by path.
    pub ps_files: Vec<PsFile>,
    /// Text of module/Private/NativeMethods.cs, if present.
    pub native_methods: Option<String>,
    /// Text of native/include/awscred.h, if present.
    pub header: Option<String>,
}

impl Repo {
    /// Reads and parses the files of the repository at `root`.
    pub fn load(root: &Path) -> Result<Repo, Error> {
        if !root.is_dir() {
            return Err(Error::NotADirectory(root.to_path_buf()));
        }
        let mut paths = Vec::new();
        for dir in ["module", "tests"] {
            collect_ps_files(&root.join(dir), &mut paths)?;
        }
        let build = root.join("build.ps1");
        if build.is_file() {
            paths.push(build);
        }
        let mut parser = parse::parser()?;
        let mut ps_files = Vec::new();
        for path in paths {
            let text = read(&path)?;
            let tree =
                parse::parse(&mut parser, &text).ok_or_else(|| Error::NoTree(path.clone()))?;
            ps_files.push(PsFile {
                rel: relative(root, &path),
                text,
                tree,
            });
        }
        ps_files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(Repo {
            root: root.to_path_buf(),
            ps_files,
            native_methods: read_optional(&root.join(NATIVE_METHODS))?,
            header: read_optional(&root.join(HEADER))?,
        })
    }

    /// A repository held in memory: PowerShell files as (relative path, text), plus the C# and C
    /// sources. Used by the unit tests.
    pub fn from_sources(
        ps: &[(&str, &str)],
        native_methods: Option<&str>,
        header: Option<&str>,
    ) -> Repo {
        let mut ps_files: Vec<PsFile> = ps
            .iter()
            .map(|(rel, text)| PsFile::from_text(rel, text))
            .collect();
        ps_files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Repo {
            root: PathBuf::from("."),
            ps_files,
            native_methods: native_methods.map(str::to_string),
            header: header.map(str::to_string),
        }
    }

    /// The PowerShell file at `rel`, if it was found.
    pub fn ps_file(&self, rel: &str) -> Option<&PsFile> {
        self.ps_files.iter().find(|f| f.rel == rel)
    }

    /// The `.ps1` files directly in `dir` (e.g. [`PUBLIC_DIR`]).
    pub fn scripts_in<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a PsFile> + 'a {
        self.ps_files.iter().filter(move |f| f.is_in(dir, "ps1"))
    }

    /// The `.ps1` files anywhere under `dir`.
    pub fn scripts_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a PsFile> + 'a {
        let prefix = format!("{dir}/");
        self.ps_files
            .iter()
            .filter(move |f| f.rel.starts_with(&prefix) && f.rel.ends_with(".ps1"))
    }

    /// How many files were read, for the summary line.
    pub fn files_read(&self) -> usize {
        self.ps_files.len()
            + usize::from(self.native_methods.is_some())
            + usize::from(self.header.is_some())
    }
}

fn collect_ps_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    if !dir.is_dir() {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let path = entry.path();
        // file_type() does not follow symlinks, so a link cycle cannot loop the walk.
        let kind = entry.file_type().map_err(|e| io_error(&path, e))?;
        if kind.is_dir() {
            collect_ps_files(&path, out)?;
        } else if kind.is_file() && has_ps_extension(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_ps_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PS_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read(path: &Path) -> Result<String, Error> {
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    // A UTF-8 byte order mark is common in PowerShell files (5.1 needs it for non-ASCII text).
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    if path.is_file() {
        read(path).map(Some)
    } else {
        Ok(None)
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_ps_files_from_module_tests_and_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("module/Public")).unwrap();
        fs::create_dir_all(root.join("tests")).unwrap();
        fs::create_dir_all(root.join("other")).unwrap();
        fs::write(
            root.join("module/Public/Get-A.ps1"),
            "\u{feff}function Get-A {}",
        )
        .unwrap();
        fs::write(root.join("module/M.psm1"), "").unwrap();
        fs::write(root.join("module/readme.md"), "").unwrap();
        fs::write(root.join("tests/A.Tests.ps1"), "").unwrap();
        fs::write(root.join("other/x.ps1"), "").unwrap();
        fs::write(root.join("build.ps1"), "").unwrap();
        let repo = Repo::load(root).unwrap();
        let rels: Vec<&str> = repo.ps_files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "build.ps1",
                "module/M.psm1",
                "module/Public/Get-A.ps1",
                "tests/A.Tests.ps1"
            ]
        );
        assert!(!repo.ps_files[2].text.starts_with('\u{feff}'));
        assert_eq!(repo.ps_files[2].stem(), "Get-A");
        assert!(repo.ps_files[2].is_in(PUBLIC_DIR, "ps1"));
        assert_eq!(repo.files_read(), 4);
    }

    #[test]
    fn missing_root_is_an_error() {
        assert!(matches!(
            Repo::load(Path::new("/nonexistent/pscheck")),
            Err(Error::NotADirectory(_))
        ));
    }
}
