//! Rotation as a state machine that a front end drives: `start` plans and creates the new key,
//! each `poll` advances one step (waiting at most about a second), `cancel` stops. The journal
//! (`journal.rs`) records every step before it is taken, and the in-memory session holds the new
//! secret until the profile has it. The order never leaves the host without a working key:
//! create, verify (several successes in a row on STS and IAM), write the profile (only while it
//! still holds the old key), publish to Secrets Manager, deactivate the old key with the new one,
//! verify again, delete the old key. Before the profile is written a failure deletes the new key;
//! after it, a failure leaves the journal for the next run, which resumes.

use std::time::{Duration, Instant};

use super::journal::{Journal, Record, Step};
use super::verify::{Progress, Verifier};
use super::Host;
use crate::aws::{secrets, CallError, Key, Kind, Signed};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::store::{self, FileLock};
use crate::resolve::time;
use crate::session::Registry;

/// What to rotate and how.
#[derive(Debug, Clone, Default)]
pub struct RotateOptions {
    pub profile_name: Option<String>,
    pub profile_location: Option<String>,
    pub region: Option<String>,
    pub secret_id: Option<String>,
    pub tag_key: Option<String>,
    pub deactivate_only: bool,
    pub delete_inactive: bool,
    pub grace_seconds: Option<u64>,
    pub max_key_age_days: Option<u32>,
    /// An MFA code: IAM calls made with the profile's key go through an MFA session of it.
    pub token_code: Option<String>,
    pub dry_run: bool,
}

/// Where the rotation is, for the front end after each call.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The session to poll; 0 once done.
    pub handle: u64,
    pub done: bool,
    /// `Rotated`, `NotDue`, `DryRun`, `GraceWaiting`, `OldKeyInUse`, `Cancelled`, or while
    /// running the step under way.
    pub status: String,
    pub percent: u8,
    pub message: String,
    pub profile_name: String,
    pub user_name: String,
    pub old_access_key_id: String,
    pub new_access_key_id: Option<String>,
    /// `Active`, `Inactive` or `Deleted`.
    pub old_key_state: String,
    pub secret_id: Option<String>,
    pub published: bool,
    pub resumed: bool,
    /// The new secret, for masking by the front end (never shown).
    pub new_secret: Option<String>,
    pub notes: Vec<String>,
    pub files_written: Vec<String>,
}

/// The step a live session is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    VerifyNew,
    WriteProfile,
    Publish,
    Grace,
    Deactivate,
    VerifyAfterDeactivate,
    DeleteOld,
}

impl Phase {
    fn describe(self) -> (&'static str, u8) {
        match self {
            Phase::VerifyNew => ("VerifyingNewKey", 20),
            Phase::WriteProfile => ("WritingProfile", 50),
            Phase::Publish => ("Publishing", 60),
            Phase::Grace => ("GracePeriod", 70),
            Phase::Deactivate => ("DeactivatingOldKey", 75),
            Phase::VerifyAfterDeactivate => ("VerifyingAfterDeactivation", 85),
            Phase::DeleteOld => ("DeletingOldKey", 95),
        }
    }
}

/// One rotation in progress in this process.
struct Session {
    host: Host,
    journal: Journal,
    record: Record,
    opts: RotateOptions,
    /// The old key's secret, known only to the run that switched the profile.
    old_secret: Option<String>,
    new: Option<Key>,
    phase: Phase,
    verifier: Option<Verifier>,
    retry_until: Option<Instant>,
    /// The MFA session of the key the run started with, when a TokenCode was given: it signs
    /// what that key signs, and a changing call that the new key is denied (no MFA) is retried
    /// with it.
    mfa: Option<Signed>,
    /// The clients signed with the new key, built once for the session (each poll reuses their
    /// configuration and connections instead of loading them again).
    new_signed: Option<Signed>,
    report: Report,
    _lock: FileLock,
}

static ROTATIONS: Registry<Session> = Registry::new("rotation");
/// How long a changing IAM call is retried when AWS does not accept the new key yet.
const RETRY_WINDOW: Duration = Duration::from_secs(60);

/// Plans the rotation and, unless it has nothing to do, creates the new key (or resumes the
/// journal's rotation). Returns a report with a handle to `poll`, or a finished report.
pub fn start(env: &Env, opts: RotateOptions) -> Result<Report> {
    if let Some(id) = &opts.secret_id {
        crate::profile::validate::value("SecretId", id, false)?;
    }
    if opts.deactivate_only && opts.grace_seconds.is_some() {
        return Err(Error::InvalidInput(
            "give DeactivateOnly or GracePeriod, not both".into(),
        ));
    }
    let host = Host::load(
        env,
        opts.profile_name.as_deref(),
        opts.profile_location.as_deref(),
        opts.region.as_deref(),
    )?;
    let lock_path = host.state_path("rotation.lock");
    let lock = store::lock_named(&lock_path, Duration::from_millis(200)).map_err(|e| match e {
        Error::LockTimeout { .. } => Error::RotationInProgress(format!(
            "another rotation of the keys in {} is running (it holds {}); wait for it to finish",
            host.files.credentials.display(),
            lock_path.display()
        )),
        other => other,
    })?;
    let journal = Journal::new(host.state_path("rotation.json"));
    let mut notes = Vec::new();
    // One MFA session per run: an MFA code is accepted once.
    let iam = host.iam_signer(opts.token_code.as_deref())?;
    if let Some(record) = journal.read()? {
        if record.profile_name != host.profile {
            return Err(Error::RotationInProgress(format!(
                "an unfinished rotation of profile '{}' (user {}, new key {}) is recorded in {}; run the rotation of '{}' first",
                record.profile_name,
                record.user_name,
                record.new_access_key_id.as_deref().unwrap_or("not created"),
                journal.path.display(),
                record.profile_name
            )));
        }
        return match resume(host, journal, record, opts, lock, &iam, &mut notes)? {
            Resumed::Session(session) => Ok(register(*session, notes)),
            Resumed::Finished(report) => Ok(with_notes(*report, notes)),
            Resumed::Fresh(fresh) => {
                let (host, journal, opts, lock) = *fresh;
                plan_and_create(host, journal, opts, lock, &iam, notes)
            }
        };
    }
    plan_and_create(host, journal, opts, lock, &iam, notes)
}

/// Advances session `handle` by one step.
pub fn poll(handle: u64) -> Result<Report> {
    let mut session = take(handle)?;
    match session.step() {
        Ok(true) => Ok(session.finish()),
        Ok(false) => {
            let mut report = session.report.clone();
            report.handle = handle;
            ROTATIONS.put_back(handle, session);
            Ok(report)
        }
        Err(e) => Err(session.fail(e)),
    }
}

/// Stops session `handle`: before the profile was written the new key is deleted and nothing
/// changed; after, the journal stays and the next run finishes the rotation.
pub fn cancel(handle: u64) -> Result<Report> {
    let mut session = take(handle)?;
    if session.before_switch() {
        session.undo_new_key()?;
        session.report.status = "Cancelled".into();
        session.report.message = format!(
            "rotation cancelled; the new key was deleted and profile '{}' keeps {}",
            session.host.profile, session.record.old_access_key_id
        );
    } else {
        session.report.status = "Cancelled".into();
        session.report.message = format!(
            "rotation paused after profile '{}' took the new key {}; run it again to finish (the journal {} records where it stopped)",
            session.host.profile,
            session.record.new_access_key_id.as_deref().unwrap_or_default(),
            session.journal.path.display()
        );
    }
    session.report.done = true;
    session.report.handle = 0;
    session.report.new_secret = None;
    Ok(session.report.clone())
}

/// Takes session `handle` out of the registry (a poll puts it back unless it finished).
fn take(handle: u64) -> Result<Session> {
    ROTATIONS.take(handle)
}

fn register(mut session: Session, notes: Vec<String>) -> Report {
    session.report.notes.extend(notes);
    let (status, percent) = session.phase.describe();
    session.report.status = status.into();
    session.report.percent = percent;
    let mut report = session.report.clone();
    report.handle = ROTATIONS.insert(session);
    report
}

fn with_notes(mut report: Report, notes: Vec<String>) -> Report {
    report.notes.splice(0..0, notes);
    report
}

enum Resumed {
    Session(Box<Session>),
    Finished(Box<Report>),
    Fresh(Box<(Host, Journal, RotateOptions, FileLock)>),
}

/// A base report for `host`.
fn report_for(host: &Host, record: &Record) -> Report {
    Report {
        profile_name: host.profile.clone(),
        user_name: record.user_name.clone(),
        old_access_key_id: record.old_access_key_id.clone(),
        new_access_key_id: record.new_access_key_id.clone(),
        old_key_state: "Active".into(),
        secret_id: record.secret_id.clone(),
        ..Report::default()
    }
}

/// Picks up the journal's rotation. Before the switch, the key it created (not among the keys
/// before, in no profile) is deleted and the rotation starts again; after it, the session goes on
/// from the recorded step with the profile's (new) key.
fn resume(
    host: Host,
    journal: Journal,
    mut record: Record,
    opts: RotateOptions,
    lock: FileLock,
    iam: &Signed,
    notes: &mut Vec<String>,
) -> Result<Resumed> {
    let in_profile = host.current_key_id()?;
    if matches!(record.step, Step::Creating | Step::Created)
        && in_profile.is_some()
        && in_profile == record.new_access_key_id
    {
        // Killed between writing the profile and recording it: the profile has the new key.
        record.step = Step::ProfileWritten;
        record.switched_at = Some(time::now_epoch());
    }
    if matches!(record.step, Step::Creating | Step::Created) {
        let signer = iam;
        let in_profiles = host.key_ids_in_profiles()?;
        let strays: Vec<String> = signer
            .access_keys(&record.user_name)?
            .into_iter()
            .map(|k| k.id)
            .filter(|id| !record.keys_before.contains(id) && !in_profiles.contains(id))
            .collect();
        for id in &strays {
            if opts.dry_run {
                notes.push(format!(
                    "would delete key {id}, created by an interrupted rotation and stored nowhere"
                ));
            } else {
                signer.delete_access_key(&record.user_name, id)?;
                notes.push(format!(
                    "deleted key {id}, created by an interrupted rotation (started {}) and stored nowhere",
                    time::format_utc(record.started_at)
                ));
            }
        }
        if !opts.dry_run {
            journal.clear()?;
        }
        return Ok(Resumed::Fresh(Box::new((host, journal, opts, lock))));
    }
    let new_id = record.new_access_key_id.clone().unwrap_or_default();
    if in_profile.as_deref() != Some(new_id.as_str()) {
        return Err(Error::RotationStopped(format!(
            "the journal {} says profile '{}' took the new key {new_id}, but it holds {}; check the keys of IAM user {} in the console, then delete the journal",
            journal.path.display(),
            host.profile,
            in_profile.as_deref().unwrap_or("no key"),
            record.user_name
        )));
    }
    let mut report = report_for(&host, &record);
    report.resumed = true;
    notes.push(format!(
        "resuming the rotation started {} (recorded step {:?})",
        time::format_utc(record.started_at),
        record.step
    ));
    let phase = match record.step {
        Step::ProfileWritten if record.secret_id.is_some() => Phase::Publish,
        Step::ProfileWritten | Step::Published => after_publish(&record),
        Step::GraceWaiting => Phase::Grace,
        Step::OldDeactivated => {
            report.old_key_state = "Inactive".into();
            Phase::VerifyAfterDeactivate
        }
        Step::Creating | Step::Created => unreachable!("handled above"),
    };
    report.published = record.step == Step::Published || record.step == Step::GraceWaiting;
    if opts.dry_run {
        report.done = true;
        report.status = "DryRun".into();
        report.message = format!(
            "would resume the rotation of profile '{}' at {}",
            host.profile,
            phase.describe().0
        );
        return Ok(Resumed::Finished(Box::new(report)));
    }
    let new = host.key.clone();
    let mfa = opts.token_code.is_some().then(|| iam.clone());
    Ok(Resumed::Session(Box::new(Session {
        mfa,
        host,
        journal,
        record,
        opts,
        old_secret: None,
        new: Some(new),
        phase,
        verifier: None,
        retry_until: None,
        new_signed: None,
        report,
        _lock: lock,
    })))
}

/// The phase after the profile switch (and the publish, if any).
fn after_publish(record: &Record) -> Phase {
    if record.grace_until.is_some() {
        Phase::Grace
    } else {
        Phase::Deactivate
    }
}

/// A fresh rotation: checks the user's keys, then records and creates the new key.
fn plan_and_create(
    host: Host,
    journal: Journal,
    opts: RotateOptions,
    lock: FileLock,
    iam: &Signed,
    notes: Vec<String>,
) -> Result<Report> {
    let old = iam;
    let me = old.identity()?;
    let user = me
        .user_name()
        .ok_or_else(|| {
            Error::NotSupported(format!(
                "profile '{}' holds a key of {}, not of an IAM user",
                host.profile, me.arn
            ))
        })?
        .to_string();
    let keys = old.access_keys(&user)?;
    let mine = keys.iter().find(|k| k.id == host.key.id).cloned();
    let others: Vec<_> = keys
        .iter()
        .filter(|k| k.id != host.key.id)
        .cloned()
        .collect();
    let mut report = Report {
        profile_name: host.profile.clone(),
        user_name: user.clone(),
        old_access_key_id: host.key.id.clone(),
        old_key_state: "Active".into(),
        notes,
        ..Report::default()
    };
    if let Some(active) = others.iter().find(|k| k.active) {
        return Err(Error::TooManyKeys(format!(
            "IAM user '{user}' has two active keys, {} (profile '{}') and {}; a rotation needs a free slot: deactivate and delete {} once nothing uses it",
            host.key.id, host.profile, active.id, active.id
        )));
    }
    if let Some(inactive) = others.first() {
        if !opts.delete_inactive {
            return Err(Error::TooManyKeys(format!(
                "IAM user '{user}' has an inactive key {} besides {}; give -DeleteInactiveKey (--delete-inactive) to delete it first",
                inactive.id, host.key.id
            )));
        }
        if opts.dry_run {
            report
                .notes
                .push(format!("would delete the inactive key {}", inactive.id));
        } else {
            old.delete_access_key(&user, &inactive.id)?;
            report
                .notes
                .push(format!("deleted the inactive key {}", inactive.id));
        }
    }
    if let (Some(days), Some(created)) =
        (opts.max_key_age_days, mine.as_ref().and_then(|k| k.created))
    {
        let age = super::keys::age_in_days(created, time::now_epoch());
        if age < i64::from(days) {
            report.done = true;
            report.status = "NotDue".into();
            report.percent = 100;
            report.message = format!(
                "key {} of profile '{}' is {age} days old, younger than {days}: not due",
                host.key.id, host.profile
            );
            return Ok(report);
        }
    }
    let secret_id = match &opts.secret_id {
        Some(id) => Some(id.clone()),
        None => {
            let tag = opts
                .tag_key
                .as_deref()
                .unwrap_or(super::sync::DEFAULT_TAG_KEY);
            old.user_tag(&user, tag)?
        }
    };
    report.secret_id = secret_id.clone();
    if opts.dry_run {
        report.done = true;
        report.status = "DryRun".into();
        report.percent = 100;
        report.message = format!(
            "would create a new key for IAM user '{user}', verify it, write it to profile '{}'{}, then {} the old key {}",
            host.profile,
            secret_id.as_deref().map(|s| format!(", publish it to secret '{s}'")).unwrap_or_default(),
            if opts.deactivate_only { "deactivate" } else { "deactivate and delete" },
            host.key.id
        );
        return Ok(report);
    }
    let now = time::now_epoch();
    let mut record = Record {
        version: 1,
        profile_name: host.profile.clone(),
        user_name: user.clone(),
        user_arn: me.arn.clone(),
        keys_before: keys.iter().map(|k| k.id.clone()).collect(),
        old_access_key_id: host.key.id.clone(),
        new_access_key_id: None,
        step: Step::Creating,
        started_at: now,
        switched_at: None,
        grace_until: None,
        secret_id,
        deactivate_only: opts.deactivate_only,
    };
    journal.write(&record)?;
    let new = match old.create_access_key(&user) {
        Ok(k) => k,
        Err(e) => {
            journal.clear()?;
            return Err(match e.code.as_str() {
                "LimitExceeded" => Error::TooManyKeys(format!(
                    "IAM user '{user}' cannot have another key ({}); delete its unused key first",
                    e.error
                )),
                _ => e.error,
            });
        }
    };
    record.new_access_key_id = Some(new.id.clone());
    record.step = Step::Created;
    journal.write(&record)?;
    report.new_access_key_id = Some(new.id.clone());
    report.new_secret = Some(new.secret.clone());
    report.message = format!("created key {} for IAM user '{user}'; verifying it", new.id);
    let session = Session {
        mfa: opts.token_code.is_some().then(|| iam.clone()),
        old_secret: Some(host.key.secret.clone()),
        verifier: Some(Verifier::new(&host.env, 0)),
        host,
        journal,
        record,
        opts,
        new: Some(new),
        phase: Phase::VerifyNew,
        retry_until: None,
        new_signed: None,
        report,
        _lock: lock,
    };
    Ok(register(session, Vec::new()))
}

impl Session {
    fn before_switch(&self) -> bool {
        matches!(self.phase, Phase::VerifyNew | Phase::WriteProfile)
    }

    fn old_key(&self) -> Option<Key> {
        self.old_secret.as_ref().map(|s| Key {
            id: self.record.old_access_key_id.clone(),
            secret: s.clone(),
        })
    }

    fn new_key(&self) -> Key {
        self.new.clone().expect("a session always has the new key")
    }

    /// The clients signed with the new key (built on first use).
    fn new_signer(&mut self) -> Result<Signed> {
        if self.new_signed.is_none() {
            self.new_signed = Some(self.host.signed(&self.new_key())?);
        }
        Ok(self.new_signed.clone().expect("set above"))
    }

    /// Runs one step; true when the rotation is finished.
    fn step(&mut self) -> Result<bool> {
        let (status, percent) = self.phase.describe();
        self.report.status = status.into();
        self.report.percent = percent;
        match self.phase {
            Phase::VerifyNew => self.verify_new(),
            Phase::WriteProfile => self.write_profile(),
            Phase::Publish => self.publish(),
            Phase::Grace => self.grace(),
            Phase::Deactivate => self.deactivate(),
            Phase::VerifyAfterDeactivate => self.verify_after_deactivate(),
            Phase::DeleteOld => self.delete_old(),
        }
    }

    /// The check that a key works: STS says it is the user, and IAM accepts a read signed by it.
    fn works(&self, signed: &Signed) -> std::result::Result<(), CallError> {
        let id = signed.identity()?;
        if id.arn != self.record.user_arn {
            return Err(CallError {
                kind: Kind::Other,
                code: "WrongIdentity".into(),
                error: Error::KeyVerificationFailed(format!(
                    "the new key belongs to {}, not to {}",
                    id.arn, self.record.user_arn
                )),
            });
        }
        // AccessDenied also proves that IAM accepted the key (it authenticated, then the policy
        // answered), e.g. under a policy that wants MFA for IAM reads.
        match signed.access_keys(&self.record.user_name) {
            Err(e) if e.kind != Kind::Denied => Err(e),
            _ => Ok(()),
        }
    }

    fn verify_new(&mut self) -> Result<bool> {
        let signed = self.new_signer()?;
        let mut verifier = self
            .verifier
            .take()
            .unwrap_or_else(|| Verifier::new(&self.host.env, 0));
        let progress = verifier.poll(&[Kind::Rejected, Kind::Transient], || self.works(&signed));
        let limit = verifier.limit_ms();
        self.verifier = Some(verifier);
        match progress.map_err(Error::from)? {
            Progress::Verified => {
                self.phase = Phase::WriteProfile;
                self.verifier = None;
                self.report.message = "the new key works; writing the profile".into();
            }
            Progress::Waiting { successes, needed } => {
                self.report.message = format!(
                    "waiting for AWS to accept the new key ({successes} of {needed} checks passed in a row)"
                );
            }
            Progress::Expired(why) => {
                return Err(Error::KeyVerificationFailed(format!(
                    "the new key {} was not accepted consistently within {limit} ms ({why})",
                    self.new_key().id
                )))
            }
        }
        Ok(false)
    }

    fn write_profile(&mut self) -> Result<bool> {
        let new = self.new_key();
        let written = self
            .host
            .replace_key(&self.record.old_access_key_id, &new)?;
        self.record.step = Step::ProfileWritten;
        self.record.switched_at = Some(time::now_epoch());
        if let Some(grace) = self.opts.grace_seconds {
            self.record.grace_until = Some(time::now_epoch() + grace as i64);
        }
        self.journal.write(&self.record)?;
        self.report.files_written = written.iter().map(|p| p.display().to_string()).collect();
        self.report.message = format!("profile '{}' now holds {}", self.host.profile, new.id);
        self.phase = if self.record.secret_id.is_some() {
            Phase::Publish
        } else {
            after_publish(&self.record)
        };
        Ok(false)
    }

    /// Publishes the new key: every other field of the secret kept, written as AWSPENDING with a
    /// token derived from the key id (a repeat is idempotent), read back, then AWSCURRENT moved.
    fn publish(&mut self) -> Result<bool> {
        let id = self.record.secret_id.clone().unwrap_or_default();
        let new = self.new_key();
        let signed = self.new_signer()?;
        let current = signed
            .secret_value(&id, secrets::CURRENT)
            .map_err(|e| super::secret_error(e, &id))?;
        let mut value: serde_json::Map<String, serde_json::Value> = match current.text.as_deref() {
            None => serde_json::Map::new(),
            Some(t) => match serde_json::from_str(t) {
                Ok(serde_json::Value::Object(m)) => m,
                _ => {
                    return Err(Error::SecretMalformed(format!(
                        "secret '{id}' is not a JSON object; the new key was not published (the profile holds it; run again after fixing the secret)"
                    )))
                }
            },
        };
        if value.get("AccessKeyId").and_then(|v| v.as_str()) != Some(new.id.as_str()) {
            value.insert("AccessKeyId".into(), new.id.clone().into());
            value.insert("SecretAccessKey".into(), new.secret.clone().into());
            let text = serde_json::Value::Object(value).to_string();
            let token = request_token(&new.id);
            let version = signed.put_pending(&id, &text, &token)?;
            let pending = signed.secret_value(&id, secrets::PENDING)?;
            if super::key_in_secret(&id, pending.text.as_deref())?.id != new.id {
                return Err(Error::AwsService {
                    service: "Secrets Manager",
                    operation: "GetSecretValue",
                    code: "ReadBackMismatch".into(),
                    message: format!("the AWSPENDING version of '{id}' does not hold the new key"),
                });
            }
            signed.move_stage(&id, secrets::CURRENT, &version, &current.version_id)?;
            let now = signed.secret_value(&id, secrets::CURRENT)?;
            if super::key_in_secret(&id, now.text.as_deref())?.id != new.id {
                return Err(Error::AwsService {
                    service: "Secrets Manager",
                    operation: "GetSecretValue",
                    code: "ReadBackMismatch".into(),
                    message: format!("AWSCURRENT of '{id}' does not hold the new key"),
                });
            }
        }
        self.record.step = Step::Published;
        self.journal.write(&self.record)?;
        self.report.published = true;
        self.report.message = format!("secret '{id}' now holds {}", new.id);
        self.phase = after_publish(&self.record);
        Ok(false)
    }

    /// With a grace period the old key stays active until a later run finds the period over
    /// and the key unused since the switch.
    fn grace(&mut self) -> Result<bool> {
        let until = self.record.grace_until.unwrap_or(0);
        let now = time::now_epoch();
        if self.record.step != Step::GraceWaiting {
            self.record.step = Step::GraceWaiting;
            self.journal.write(&self.record)?;
        }
        if now < until {
            self.report.status = "GraceWaiting".into();
            self.report.message = format!(
                "profile '{}' holds the new key {}; the old key {} stays active until {} so other hosts can follow; run again after that to finish",
                self.host.profile,
                self.new_key().id,
                self.record.old_access_key_id,
                time::format_utc(until)
            );
            return Ok(true);
        }
        let signed = self.new_signer()?;
        let used = signed.last_used(&self.record.old_access_key_id)?;
        let switched = self.record.switched_at.unwrap_or(0);
        if let Some(date) = used.date.filter(|&d| d > switched) {
            self.report.status = "OldKeyInUse".into();
            self.report.message = format!(
                "the old key {} was used at {} ({}), after the switch: it stays active; find who still uses it, then run again",
                self.record.old_access_key_id,
                time::format_utc(date),
                used.service.as_deref().unwrap_or("unknown service")
            );
            return Ok(true);
        }
        self.phase = Phase::Deactivate;
        Ok(false)
    }

    /// A changing call with the new key, retried while AWS does not accept it yet.
    fn with_new_key_retried(
        &mut self,
        call: impl Fn(&Signed) -> std::result::Result<(), CallError>,
    ) -> Result<bool> {
        let signed = self.new_signer()?;
        let outcome = match (call(&signed), &self.mfa) {
            // The new key has no MFA session: where the policy wants one, the old key's does it.
            (Err(e), Some(mfa)) if e.kind == Kind::Denied => call(mfa),
            (other, _) => other,
        };
        match outcome {
            Ok(()) => {
                self.retry_until = None;
                Ok(true)
            }
            Err(e) if matches!(e.kind, Kind::Rejected | Kind::Transient) => {
                let until = *self
                    .retry_until
                    .get_or_insert_with(|| Instant::now() + RETRY_WINDOW);
                if Instant::now() >= until {
                    return Err(e.error);
                }
                std::thread::sleep(Duration::from_millis(500));
                self.report.message =
                    format!("AWS did not take the call yet ({}); retrying", e.code);
                Ok(false)
            }
            Err(e) => Err(e.error),
        }
    }

    fn deactivate(&mut self) -> Result<bool> {
        let (user, old) = (
            self.record.user_name.clone(),
            self.record.old_access_key_id.clone(),
        );
        if !self.with_new_key_retried(|s| s.set_key_active(&user, &old, false))? {
            return Ok(false);
        }
        self.record.step = Step::OldDeactivated;
        self.journal.write(&self.record)?;
        self.report.old_key_state = "Inactive".into();
        self.report.message = format!("old key {old} deactivated; checking the new key again");
        self.phase = Phase::VerifyAfterDeactivate;
        self.verifier = Some(Verifier::new(&self.host.env, 2));
        Ok(false)
    }

    fn verify_after_deactivate(&mut self) -> Result<bool> {
        let signed = self.new_signer()?;
        let mut verifier = self
            .verifier
            .take()
            .unwrap_or_else(|| Verifier::new(&self.host.env, 2));
        let progress = verifier.poll(&[Kind::Rejected, Kind::Transient], || self.works(&signed));
        self.verifier = Some(verifier);
        match progress {
            Ok(Progress::Verified) => {
                self.verifier = None;
                if self.record.deactivate_only {
                    self.journal.clear()?;
                    self.report.status = "Rotated".into();
                    self.report.message = format!(
                        "profile '{}' holds {}; the old key {} is inactive (kept, as asked)",
                        self.host.profile,
                        self.new_key().id,
                        self.record.old_access_key_id
                    );
                    return Ok(true);
                }
                self.phase = Phase::DeleteOld;
                Ok(false)
            }
            Ok(Progress::Waiting { .. }) => Ok(false),
            Ok(Progress::Expired(why)) => Err(self.roll_back_after_deactivate(why)),
            Err(e) => Err(self.roll_back_after_deactivate(e.error.to_string())),
        }
    }

    /// The new key stopped working after the old one was deactivated: reactivate the old key
    /// with the new one while it still authenticates, restore the profile where the old secret
    /// is known; if that fails, stop with both key ids and the console step.
    fn roll_back_after_deactivate(&mut self, why: String) -> Error {
        let (user, old) = (
            self.record.user_name.clone(),
            self.record.old_access_key_id.clone(),
        );
        let new_id = self.new_key().id;
        let deadline = Instant::now()
            + RETRY_WINDOW.min(Duration::from_millis(
                Verifier::new(&self.host.env, 1).limit_ms() as u64,
            ));
        let mut reactivated = false;
        while Instant::now() < deadline {
            let by_new = self
                .new_signer()
                .ok()
                .is_some_and(|s| s.set_key_active(&user, &old, true).is_ok());
            let ok = by_new
                || self
                    .mfa
                    .as_ref()
                    .is_some_and(|m| m.set_key_active(&user, &old, true).is_ok());
            if ok {
                reactivated = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        if !reactivated {
            return Error::RotationStopped(format!(
                "after the old key {old} was deactivated the new key {new_id} stopped working ({why}), and the old key could not be reactivated; in the IAM console, user '{user}': set {old} to Active, then check which key profile '{}' holds. The journal {} is kept",
                self.host.profile,
                self.journal.path.display()
            ));
        }
        self.report.old_key_state = "Active".into();
        let restored = match self.old_key() {
            Some(old_key) => self.host.replace_key(&new_id, &old_key).is_ok(),
            None => false,
        };
        if restored {
            if let Some(old_key) = self.old_key() {
                if let Ok(s) = self.host.signed(&old_key) {
                    let _ = s.delete_access_key(&user, &new_id);
                }
            }
            let _ = self.journal.clear();
            return Error::KeyVerificationFailed(format!(
                "the new key {new_id} stopped working after the old key was deactivated ({why}); the old key {old} was reactivated and profile '{}' holds it again",
                self.host.profile
            ));
        }
        Error::RotationStopped(format!(
            "the new key {new_id} stopped working after the old key was deactivated ({why}); the old key {old} was reactivated, but profile '{}' still holds {new_id}. The journal {} is kept; run the rotation again once the new key works",
            self.host.profile,
            self.journal.path.display()
        ))
    }

    fn delete_old(&mut self) -> Result<bool> {
        let (user, old) = (
            self.record.user_name.clone(),
            self.record.old_access_key_id.clone(),
        );
        let done = self.with_new_key_retried(|s| match s.delete_access_key(&user, &old) {
            Err(e) if e.kind == Kind::NotFound => Ok(()),
            other => other,
        })?;
        if !done {
            return Ok(false);
        }
        self.journal.clear()?;
        self.report.old_key_state = "Deleted".into();
        self.report.status = "Rotated".into();
        self.report.message = format!(
            "profile '{}' holds {}; the old key {old} was deleted",
            self.host.profile,
            self.new_key().id
        );
        Ok(true)
    }

    /// Deletes the new key (before the switch) with the old key and clears the journal; if the
    /// delete fails the journal stays, and the next run deletes it.
    fn undo_new_key(&mut self) -> Result<()> {
        let (Some(old), Some(new)) = (self.old_key(), self.new.clone()) else {
            return Ok(());
        };
        let signed = match &self.mfa {
            Some(mfa) => mfa.clone(),
            None => self.host.signed(&old)?,
        };
        let mut last = None;
        for attempt in 0..3 {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(500));
            }
            match signed.delete_access_key(&self.record.user_name, &new.id) {
                Ok(()) => {
                    last = None;
                    break;
                }
                Err(e) if e.kind == Kind::NotFound => {
                    last = None;
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        if let Some(e) = last {
            return Err(Error::RotationStopped(format!(
                "the new key {} could not be deleted ({}); profile '{}' keeps {}. The journal {} records it: the next rotation deletes it",
                new.id,
                e.error,
                self.host.profile,
                old.id,
                self.journal.path.display()
            )));
        }
        self.journal.clear()
    }

    fn finish(mut self) -> Report {
        self.report.done = true;
        self.report.handle = 0;
        self.report.percent = 100;
        self.report.clone()
    }

    /// A step failed: before the switch everything is undone; after it the journal stays.
    fn fail(mut self, e: Error) -> Error {
        if self.before_switch() {
            let new_id = self.new.as_ref().map(|k| k.id.clone()).unwrap_or_default();
            return match self.undo_new_key() {
                Ok(()) => with_suffix(
                    e,
                    &format!(
                        "; the new key {new_id} was deleted and profile '{}' keeps {}",
                        self.host.profile, self.record.old_access_key_id
                    ),
                ),
                Err(undo) => undo,
            };
        }
        if matches!(e, Error::RotationStopped(_)) || matches!(e, Error::KeyVerificationFailed(_)) {
            return e;
        }
        with_suffix(
            e,
            &format!(
                "; profile '{}' already holds the new key {}: run the rotation again to finish (journal {})",
                self.host.profile,
                self.new_key().id,
                self.journal.path.display()
            ),
        )
    }
}

/// The ClientRequestToken of a publish: derived from the new key id, 32 to 64 characters.
fn request_token(key_id: &str) -> String {
    let mut token = format!("awscred-rotation-{key_id}");
    while token.len() < 32 {
        token.push('0');
    }
    token.truncate(64);
    token
}

/// `e` with `suffix` added to its message (same status).
fn with_suffix(e: Error, suffix: &str) -> Error {
    match e {
        Error::KeyVerificationFailed(m) => Error::KeyVerificationFailed(m + suffix),
        Error::KeyRejected(m) => Error::KeyRejected(m + suffix),
        Error::AccessDenied(m) => Error::AccessDenied(m + suffix),
        Error::SecretNotFound(m) => Error::SecretNotFound(m + suffix),
        Error::SecretMalformed(m) => Error::SecretMalformed(m + suffix),
        Error::ProfileConfig(m) => Error::ProfileConfig(m + suffix),
        Error::AwsService {
            service,
            operation,
            code,
            message,
        } => Error::AwsService {
            service,
            operation,
            code,
            message: message + suffix,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_tokens_are_long_enough_and_stable() {
        let t = request_token("AKIA1234");
        assert!(t.len() >= 32 && t.len() <= 64, "{t}");
        assert_eq!(t, request_token("AKIA1234"));
        assert_ne!(t, request_token("AKIA1235"));
        assert_eq!(request_token(&"A".repeat(128)).len(), 64);
    }

    #[test]
    fn unknown_handles_are_refused() {
        assert_eq!(poll(u64::MAX).unwrap_err().code(), "InvalidInput");
        assert_eq!(cancel(u64::MAX).unwrap_err().code(), "InvalidInput");
    }
}
