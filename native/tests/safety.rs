//! File-safety proofs with real processes: concurrent writers lose nothing, and a writer killed at
//! random moments never leaves a partial or unparseable file.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn awscred(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_awscred"));
    c.env_clear()
        .env("HOME", home)
        .env("AWSCRED_LOCK_TIMEOUT_MS", "60000")
        .stdin(Stdio::null());
    c
}

#[test]
fn concurrent_writers_lose_no_update() {
    let home = common::temp_dir("concurrent");
    let creds = home.join(".aws/credentials");
    fs::create_dir_all(creds.parent().unwrap()).unwrap();
    fs::write(&creds, "# shared by many writers\n[existing]\naws_access_key_id = AKIDEXISTING\naws_secret_access_key = s-existing-secret\n").unwrap();
    const WRITERS: usize = 8;
    const EACH: usize = 6;
    // Each writer is a shell loop of sequential `awscred set` calls; all loops run at once.
    let bin = env!("CARGO_BIN_EXE_awscred");
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {
            let script = (0..EACH)
                .map(|j| {
                    format!(
                        "'{bin}' set w{w}-p{j} --access-key AKIDW{w}P{j} --secret-key s-w{w}-p{j}-secret --region us-east-{} >/dev/null || exit 1",
                        1 + (j % 2)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Command::new("sh")
                .arg("-c")
                .arg(script)
                .env_clear()
                .env("HOME", &home)
                .env("AWSCRED_LOCK_TIMEOUT_MS", "60000")
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a writer failed");
    }
    let out = awscred(&home).args(["config", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let profiles = view["profiles"].as_object().unwrap();
    assert_eq!(
        profiles.len(),
        WRITERS * EACH + 1,
        "profiles lost: {:?}",
        profiles.keys()
    );
    for w in 0..WRITERS {
        for j in 0..EACH {
            let p = &profiles[&format!("w{w}-p{j}")];
            assert_eq!(p["aws_access_key_id"], format!("AKIDW{w}P{j}"));
            assert_eq!(p["aws_secret_access_key"], format!("s-w{w}-p{j}-secret"));
            assert_eq!(p["region"], format!("us-east-{}", 1 + (j % 2)));
        }
    }
    assert!(fs::read_to_string(&creds)
        .unwrap()
        .starts_with("# shared by many writers\n[existing]\n"));
}

/// A small deterministic generator, seeded from the clock and printed so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[cfg(unix)]
#[test]
fn killed_writer_never_leaves_a_partial_file() {
    let home = common::temp_dir("crash");
    let creds = home.join(".aws/credentials");
    fs::create_dir_all(creds.parent().unwrap()).unwrap();
    // A large file (10,000 profiles, ~1 MB) so that each write takes long enough to be interrupted.
    let mut text = String::from("# generated\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "[p{i}]\naws_access_key_id = AKIDGEN{i:08}\naws_secret_access_key = s-gen-{i:08}-secret-value-padding\n\n"
        ));
    }
    fs::write(&creds, &text).unwrap();
    let seed = std::env::var("AWSCRED_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("crash test seed: {seed} (AWSCRED_CRASH_SEED to replay)");
    let mut rng = Lcg(seed);
    // Measure one full write to spread the kill times over it.
    let started = Instant::now();
    assert!(awscred(&home)
        .args([
            "set",
            "p9999",
            "--access-key",
            "AKIDWARM",
            "--secret-key",
            "s-warm-secret"
        ])
        .status()
        .unwrap()
        .success());
    let full = started.elapsed().max(Duration::from_millis(2));
    let (mut interrupted, mut completed) = (0, 0);
    for round in 0..40 {
        let before = fs::read_to_string(&creds).unwrap();
        let key = format!("AKIDROUND{round:04}");
        let mut child = awscred(&home)
            .args([
                "set",
                "p5000",
                "--access-key",
                &key,
                "--secret-key",
                "s-round-secret",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let after = fs::read_to_string(&creds).unwrap();
        if after == before {
            interrupted += 1;
        } else {
            completed += 1;
            // The new content: the two key lines of [p5000] replaced, every other byte the same.
            let start = before.find("[p5000]\n").unwrap() + "[p5000]\n".len();
            let end = start + before[start..].match_indices('\n').nth(1).unwrap().0 + 1;
            let expected = format!(
                "{}aws_access_key_id = {key}\naws_secret_access_key = s-round-secret\n{}",
                &before[..start],
                &before[end..]
            );
            assert_eq!(
                after.len(),
                expected.len(),
                "round {round}: partial file (status {status:?})"
            );
            assert!(
                after == expected,
                "round {round}: file is neither the old nor the new content"
            );
        }
        let out = awscred(&home)
            .args(["get", "p5000", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "round {round}: file unreadable: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    eprintln!("crash test: {interrupted} writes killed before the rename, {completed} completed");
    // The next successful write clears the temp files of killed writers.
    assert!(awscred(&home)
        .args([
            "set",
            "p1",
            "--access-key",
            "AKIDLAST",
            "--secret-key",
            "s-last-secret"
        ])
        .status()
        .unwrap()
        .success());
    let leftovers: Vec<_> = fs::read_dir(home.join(".aws"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "stale temp files: {leftovers:?}");
    let out = awscred(&home).args(["list", "--json"]).output().unwrap();
    let names: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names.len(), 10_000);
}
