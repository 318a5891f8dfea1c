//! The shared config and credentials files: where they are, how they read, and how they are changed
//! without losing a byte. The operations in `api` use only `load`, `edit_profile` and
//! `remove_profile`.

pub mod document;
pub mod locate;
pub mod normalize;
pub mod parse;
mod scan;
pub mod store;
pub mod validate;
#[cfg(windows)]
mod winacl;

use std::path::{Path, PathBuf};

use crate::env::Env;
use crate::error::{Error, Result};
use document::Document;
use locate::{FileKind, ProfileFiles};
use normalize::{ParsedFiles, ProfileSet};

/// Keys that go to the credentials file (the AWS CLI's split); every other key goes to the config
/// file. The access key id is here too: it identifies a key pair without being a secret.
pub const CREDENTIALS_FILE_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// Keys whose values are secrets: masked in every display (`show`, `explain`, format views). The
/// access key id is shown whole, as the AWS CLI and the console show it.
pub const MASKED_KEYS: &[&str] = &[
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// Whether `key` (any case) belongs in the credentials file rather than the config file.
pub fn is_credentials_file_key(key: &str) -> bool {
    CREDENTIALS_FILE_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(key))
}

/// Whether the value of `key` (any case) is masked on display.
pub fn is_masked_key(key: &str) -> bool {
    MASKED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// The text of each file in reading order (missing files read as empty).
#[derive(Debug)]
pub struct FileTexts {
    texts: Vec<(PathBuf, FileKind, String)>,
}

impl FileTexts {
    /// Whether any file's text contains `needle` (a cheap test before a per-profile look).
    pub fn contains(&self, needle: &str) -> bool {
        self.texts.iter().any(|(_, _, t)| t.contains(needle))
    }

    /// Reads every file in `files`.
    pub fn read(files: &ProfileFiles) -> Result<Self> {
        let mut texts = Vec::with_capacity(2);
        for (path, kind) in files.in_read_order() {
            let text = store::read_optional(path)?.unwrap_or_default();
            texts.push((path.to_path_buf(), kind, text));
        }
        Ok(FileTexts { texts })
    }

    /// Parses the texts; syntax errors name the file and line.
    pub fn parse(&self) -> Result<ParsedFiles<'_>> {
        let mut parsed = Vec::with_capacity(self.texts.len());
        for (path, kind, text) in &self.texts {
            parsed.push((path.as_path(), *kind, parse::parse(text, path)?));
        }
        Ok(ParsedFiles::new(parsed))
    }
}

/// Reads and normalizes every file in `files` into the full view.
pub fn load(files: &ProfileFiles) -> Result<ProfileSet> {
    Ok(FileTexts::read(files)?.parse()?.to_set())
}

/// One file to change under its lock: the path the user knows, the file to replace, its dialect.
struct Target {
    shown: PathBuf,
    real: PathBuf,
    kind: FileKind,
}

fn targets(files: &ProfileFiles) -> Result<Vec<Target>> {
    let mut out = Vec::with_capacity(2);
    for (path, kind) in files.in_read_order() {
        out.push(Target {
            shown: path.to_path_buf(),
            real: store::write_target(path)?,
            kind,
        });
    }
    if out.len() == 2 && out[0].real == out[1].real {
        return Err(Error::InvalidInput(format!(
            "the config file and the credentials file are the same file ({}); point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at different files",
            out[0].real.display()
        )));
    }
    Ok(out)
}

/// Runs `edit` on each file's document while holding every file's lock (taken in path order, so
/// writers never deadlock), then writes back the files that changed. Returns the paths written.
fn edit_locked(
    files: &ProfileFiles,
    env: &Env,
    mut edit: impl FnMut(&mut Document, FileKind) -> Result<bool>,
) -> Result<Vec<PathBuf>> {
    edit_locked_with(files, env, |_| Ok(()), |_, doc, kind| edit(doc, kind)).map(|(w, _)| w)
}

/// As `edit_locked`, but first runs `prepare` on the files' texts as read under the locks, so a
/// decision (what to change, whether to refuse) is taken on exactly what is replaced.
fn edit_locked_with<P>(
    files: &ProfileFiles,
    env: &Env,
    prepare: impl FnOnce(&FileTexts) -> Result<P>,
    mut edit: impl FnMut(&P, &mut Document, FileKind) -> Result<bool>,
) -> Result<(Vec<PathBuf>, P)> {
    let targets = targets(files)?;
    let timeout = store::lock_timeout(env);
    let mut order: Vec<&Target> = targets.iter().collect();
    order.sort_by(|a, b| a.real.cmp(&b.real));
    let _locks = order
        .iter()
        .map(|t| store::lock(&t.real, timeout))
        .collect::<Result<Vec<_>>>()?;
    let mut texts = Vec::with_capacity(targets.len());
    for t in &targets {
        let text = store::read_optional(&t.real)?.unwrap_or_default();
        texts.push((t.shown.clone(), t.kind, text));
    }
    let texts = FileTexts { texts };
    let plan = prepare(&texts)?;
    // Compute every change before writing anything, so a format error in one file leaves both as
    // they were.
    let mut changed = Vec::new();
    for (t, (_, _, text)) in targets.iter().zip(texts.texts) {
        let mut doc = Document::new(&t.shown, t.kind, text);
        if edit(&plan, &mut doc, t.kind)? {
            changed.push((t, doc));
        }
    }
    // Stage every file before replacing any: a full disk, a quota or a read-only folder fails the
    // edit with both files as they were.
    let staged = changed
        .iter()
        .map(|(t, doc)| store::stage(&t.real, doc.text().as_bytes()))
        .collect::<Result<Vec<_>>>()?;
    let mut written = Vec::with_capacity(staged.len());
    for ((t, _), file) in changed.iter().zip(staged) {
        file.commit()?;
        written.push(t.shown.clone());
    }
    Ok((written, plan))
}

/// Applies `changes` of profile `name` to one file's document, keeping each key in its file.
fn apply_changes(
    doc: &mut Document,
    kind: FileKind,
    single: bool,
    name: &str,
    changes: &[(String, Option<String>)],
) -> Result<bool> {
    let here: Vec<(&str, Option<&str>)> = changes
        .iter()
        .map(|(k, v)| {
            let belongs = single || (kind == FileKind::Credentials) == is_credentials_file_key(k);
            (k.as_str(), if belongs { v.as_deref() } else { None })
        })
        .collect();
    doc.update_profile(name, &here)
}

/// Sets and removes keys of profile `name`. With two files, credentials-file keys go to the
/// credentials file and every other key to the config file, and a key written to one file is
/// removed from the other (so the file that wins on conflict never holds a stale value).
pub fn edit_profile(
    files: &ProfileFiles,
    env: &Env,
    name: &str,
    changes: &[(String, Option<String>)],
) -> Result<Vec<PathBuf>> {
    let single = files.is_single_file();
    edit_locked(files, env, |doc, kind| {
        apply_changes(doc, kind, single, name, changes)
    })
}

/// As `edit_profile`, with the changes decided by `plan` from the files as read under the locks
/// (it may also refuse, and nothing is written). Returns the paths written and the plan's extra.
pub fn edit_profile_planned<P>(
    files: &ProfileFiles,
    env: &Env,
    name: &str,
    plan: impl FnOnce(&FileTexts) -> Result<(Vec<(String, Option<String>)>, P)>,
) -> Result<(Vec<PathBuf>, P)> {
    let single = files.is_single_file();
    let (written, (_, extra)) = edit_locked_with(files, env, plan, |(changes, _), doc, kind| {
        apply_changes(doc, kind, single, name, changes)
    })?;
    Ok((written, extra))
}

/// Sets keys of the `[sso-session session]` section (config file) and of profile `profile` in
/// one locked edit: `Initialize-AWSSSOConfiguration` writes both or neither.
pub fn edit_sso_configuration(
    files: &ProfileFiles,
    env: &Env,
    session: &str,
    session_changes: &[(String, Option<String>)],
    profile: &str,
    profile_changes: &[(String, Option<String>)],
) -> Result<Vec<PathBuf>> {
    if files.is_single_file() {
        return Err(Error::InvalidInput(
            "IAM Identity Center settings go to the shared config file (an [sso-session] section); a ProfileLocation file cannot hold them".into(),
        ));
    }
    let session_changes: Vec<(&str, Option<&str>)> = session_changes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_deref()))
        .collect();
    edit_locked(files, env, |doc, kind| {
        let mut changed = false;
        if kind == FileKind::Config {
            changed |= doc.update_sso_session(session, &session_changes)?;
        }
        changed |= apply_changes(doc, kind, false, profile, profile_changes)?;
        Ok(changed)
    })
}

/// The files `edit_profile` would change with `changes`, computed on `texts` without taking a
/// lock or writing anything (for dry runs).
pub fn files_edit_would_change(
    files: &ProfileFiles,
    texts: &FileTexts,
    name: &str,
    changes: &[(String, Option<String>)],
) -> Result<Vec<PathBuf>> {
    let single = files.is_single_file();
    let mut out = Vec::new();
    for (path, kind, text) in &texts.texts {
        let mut doc = Document::new(path, *kind, text.clone());
        if apply_changes(&mut doc, *kind, single, name, changes)? {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Removes profile `name` from every file that defines it. `ProfileNotFound` when none does.
pub fn remove_profile(files: &ProfileFiles, env: &Env, name: &str) -> Result<Vec<PathBuf>> {
    let written = edit_locked(files, env, |doc, _| doc.remove_profile(name))?;
    if written.is_empty() {
        return Err(Error::ProfileNotFound {
            name: name.to_string(),
            searched: files.describe(),
        });
    }
    Ok(written)
}

/// The file that `list` reports for a profile: the credentials file when it defines the profile,
/// else the first file that does.
pub fn primary_location<'a>(files: &'a ProfileFiles, defined_in: &'a [PathBuf]) -> &'a Path {
    defined_in
        .iter()
        .find(|p| **p == files.credentials)
        .or_else(|| defined_in.first())
        .map(PathBuf::as_path)
        .unwrap_or(files.credentials.as_path())
}
