//! The rotation journal: what a rotation has done so far, so that a run killed at any point is
//! finished or undone by the next. It holds key ids and steps, never a secret; it lives beside the
//! file that holds the profile's key as `.<file>.rotation.json` (owner-only, flushed to disk,
//! replaced atomically), written only while the rotation lock `.<file>.rotation.lock` is held.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::profile::store;

/// How far a rotation got. Before `ProfileWritten` a failure undoes everything; from it on the
/// profile holds the new key and the next run resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// About to call CreateAccessKey (the user's keys before it are recorded).
    Creating,
    /// The new key exists; the profile still holds the old one.
    Created,
    /// The profile holds the new key.
    ProfileWritten,
    /// The new key is AWSCURRENT in the secret.
    Published,
    /// The old key stays active until the grace period is over.
    GraceWaiting,
    /// The old key is inactive.
    OldDeactivated,
}

/// One rotation in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Record {
    pub version: u32,
    pub profile_name: String,
    pub user_name: String,
    pub user_arn: String,
    /// The user's key ids before CreateAccessKey: a key not among them and in no profile is one
    /// that an interrupted run created.
    pub keys_before: Vec<String>,
    pub old_access_key_id: String,
    pub new_access_key_id: Option<String>,
    pub step: Step,
    /// Epoch seconds.
    pub started_at: i64,
    /// Epoch seconds at which the profile took the new key.
    pub switched_at: Option<i64>,
    /// Epoch seconds after which the old key may be deactivated.
    pub grace_until: Option<i64>,
    pub secret_id: Option<String>,
    pub deactivate_only: bool,
}

/// The journal file of one credentials file.
#[derive(Debug, Clone)]
pub struct Journal {
    pub path: PathBuf,
}

impl Journal {
    pub fn new(path: PathBuf) -> Journal {
        Journal { path }
    }

    /// The recorded rotation, if any. An unreadable journal is an error naming the file (never
    /// ignored: it may record a key that must not be forgotten).
    pub fn read(&self) -> Result<Option<Record>> {
        let Some(text) = store::read_optional(&self.path)? else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|e| Error::FileFormat {
            path: self.path.clone(),
            line: e.line(),
            message: format!(
                "the rotation journal cannot be read ({}); it records a rotation in progress: check the IAM user's keys, then delete the file",
                e.classify_name()
            ),
        })
    }

    /// Replaces the journal with `record`, flushed before this returns (call with the rotation
    /// lock held).
    pub fn write(&self, record: &Record) -> Result<()> {
        let text = serde_json::to_vec_pretty(record)
            .map_err(|e| Error::Internal(format!("cannot encode the journal: {e}")))?;
        store::write_atomic(&self.path, &text)?;
        sync_folder(&self.path);
        Ok(())
    }

    /// Removes the journal (the rotation is finished or undone).
    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => {
                sync_folder(&self.path);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("cannot remove", &self.path, e)),
        }
    }
}

/// Flushes the folder entry of `path` too, so a rename or removal survives a power loss.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "unexpected fields",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            version: 1,
            profile_name: "p".into(),
            user_name: "u".into(),
            user_arn: "arn:aws:iam::1:user/u".into(),
            keys_before: vec!["AKIAOLD".into()],
            old_access_key_id: "AKIAOLD".into(),
            new_access_key_id: None,
            step: Step::Creating,
            started_at: 1,
            switched_at: None,
            grace_until: None,
            secret_id: None,
            deactivate_only: false,
        }
    }

    #[test]
    fn round_trips_and_clears() {
        let dir = std::env::temp_dir().join(format!("awscred-journal-{}", std::process::id()));
        let j = Journal::new(dir.join(".credentials.rotation.json"));
        assert_eq!(j.read().unwrap(), None);
        j.write(&record()).unwrap();
        assert_eq!(j.read().unwrap(), Some(record()));
        let text = std::fs::read_to_string(&j.path).unwrap();
        assert!(text.contains("\"Step\": \"Creating\""));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&j.path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "owner-only");
        }
        j.clear().unwrap();
        j.clear().unwrap();
        assert_eq!(j.read().unwrap(), None);
        std::fs::write(&j.path, "{").unwrap();
        assert_eq!(j.read().unwrap_err().code(), "FileFormat");
        let _ = std::fs::remove_dir_all(dir);
    }
}
