//! End-to-end tests of the `awscred` CLI on real files in temp folders.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// An isolated HOME with its own config and credentials files.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new(tag: &str) -> Self {
        Home {
            dir: common::temp_dir(tag),
        }
    }
    fn config(&self) -> PathBuf {
        self.dir.join(".aws/config")
    }
    fn credentials(&self) -> PathBuf {
        self.dir.join(".aws/credentials")
    }
    fn write(&self, path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fn read(&self, path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_awscred"));
        c.args(args).env_clear().env("HOME", &self.dir);
        if let Ok(path) = std::env::var("PATH") {
            c.env("PATH", path);
        }
        c
    }
    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).stdin(Stdio::null()).output().unwrap()
    }
    fn run_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SECRET: &str = "cli-test-secret-value-0001";

#[test]
fn set_basic_keys_then_get_show_list() {
    let h = Home::new("basic");
    h.ok(&[
        "set",
        "dev",
        "--access-key",
        "AKIDCLI0001",
        "--secret-key",
        SECRET,
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(
        h.read(&h.credentials()),
        format!("[dev]\naws_access_key_id = AKIDCLI0001\naws_secret_access_key = {SECRET}\n")
    );
    assert_eq!(h.read(&h.config()), "[profile dev]\nregion = eu-west-1\n");

    let creds = h.json(&["get", "dev", "--json"]);
    assert_eq!(creds["AccessKeyId"], "AKIDCLI0001");
    assert_eq!(creds["SecretAccessKey"], SECRET);
    assert_eq!(creds["ProfileName"], "dev");
    assert_eq!(creds["Source"], "Profile");
    assert!(creds.get("SessionToken").is_none());

    let plain = h.ok(&["get", "dev"]);
    assert!(
        !plain.contains(SECRET),
        "default output shows the secret: {plain}"
    );
    assert!(plain.contains("****0001"), "{plain}");

    let show = h.json(&["show", "dev", "--json"]);
    assert_eq!(show["Kind"], "Basic");
    let text = show.to_string();
    assert!(!text.contains(SECRET), "show leaks the secret: {text}");
    let region = show["Settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Name"] == "region")
        .unwrap();
    assert_eq!(region["Line"], 2);
    assert_eq!(region["File"], h.config().display().to_string());

    let list = h.json(&["list", "--detail", "--json"]);
    assert_eq!(
        list,
        serde_json::json!([{
            "ProfileName": "dev",
            "StoreTypeName": "SharedCredentialsFile",
            "ProfileLocation": h.credentials().display().to_string()
        }])
    );
    assert_eq!(h.json(&["list", "--json"]), serde_json::json!(["dev"]));
}

#[test]
fn session_and_role_profiles() {
    let h = Home::new("role");
    let out = h.run_stdin(
        &["set", "base", "--stdin-json"],
        &format!(r#"{{"AccessKey":"AKIDBASE01","SecretKey":"{SECRET}","SessionToken":"tok-value-000001"}}"#),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let creds = h.json(&["get", "base", "--json"]);
    assert_eq!(creds["SessionToken"], "tok-value-000001");
    assert_eq!(h.json(&["show", "base", "--json"])["Kind"], "Session");

    h.ok(&[
        "set",
        "admin",
        "--role-arn",
        "arn:aws:iam::123456789012:role/Admin",
        "--source-profile",
        "base",
        "--external-id",
        "ext-1",
        "--mfa-serial",
        "arn:aws:iam::123456789012:mfa/me",
        "--role-session-name",
        "me-session",
        "--duration-seconds",
        "3600",
    ]);
    assert_eq!(
        h.read(&h.config()),
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n\
         external_id = ext-1\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n\
         role_session_name = me-session\nduration_seconds = 3600\n"
    );
    assert_eq!(h.json(&["show", "admin", "--json"])["Kind"], "AssumeRole");
    // The role needs an MFA code: without a terminal the CLI exits 10 naming the device, and
    // makes no STS call (nothing is cached, nothing is contacted).
    let out = h.run(&["get", "admin", "--json"]);
    assert_eq!(code(&out), 10, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("arn:aws:iam::123456789012:mfa/me"),
        "{}",
        stderr(&out)
    );
    assert!(!h.dir.join(".aws/cli/cache").exists());
    let out = h.run(&["get", "admin", "--mfa-code", "12x"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));

    // Storing keys into the role profile replaces the role: the profile is one kind at a time.
    // The config section, emptied by the switch, goes away.
    h.ok(&[
        "set",
        "admin",
        "--access-key",
        "AKIDADMIN1",
        "--secret-key",
        SECRET,
    ]);
    assert_eq!(h.read(&h.config()), "");
    assert_eq!(h.json(&["show", "admin", "--json"])["Kind"], "Basic");
}

#[test]
fn copy_from_profile() {
    let h = Home::new("copy");
    h.ok(&[
        "set",
        "a",
        "--access-key",
        "AKIDA1",
        "--secret-key",
        SECRET,
        "--region",
        "us-west-2",
    ]);
    h.ok(&["set", "b", "--copy-from", "a"]);
    let creds = h.json(&["get", "b", "--json"]);
    assert_eq!(creds["AccessKeyId"], "AKIDA1");
    assert_eq!(
        h.json(&["config", "--json"])["profiles"]["b"]["region"],
        "us-west-2"
    );
    let out = h.run(&["set", "c", "--copy-from", "missing"]);
    assert_eq!(code(&out), 3);
}

#[test]
fn edits_keep_every_other_byte_and_set_then_remove_is_identical() {
    let h = Home::new("bytes");
    let creds = "# my keys\r\n[default]\r\naws_access_key_id=AKIDDEF\r\naws_secret_access_key = x-secret-def ; not a comment\r\n\r\n; work\r\n[work]\r\naws_access_key_id = AKIDWORK\r\naws_secret_access_key = y-secret-work\r\nunknown_key = kept\r\n";
    let config = "[default]\nregion=us-east-1\n\n# profile for work\n[profile work]\nregion = eu-central-1\noutput = json\ns3 =\n  max_concurrent_requests = 20\n[sso-session corp]\nsso_region = us-east-1\n";
    h.write(&h.credentials(), creds);
    h.write(&h.config(), config);

    h.ok(&[
        "set",
        "newbie",
        "--access-key",
        "AKIDNEW",
        "--secret-key",
        SECRET,
        "--region",
        "ap-south-1",
    ]);
    let after = h.read(&h.credentials());
    assert!(
        after.starts_with(creds),
        "existing bytes changed: {after:?}"
    );
    assert_eq!(
        &after[creds.len()..],
        format!(
            "\r\n[newbie]\r\naws_access_key_id = AKIDNEW\r\naws_secret_access_key = {SECRET}\r\n"
        )
    );
    assert_eq!(
        h.read(&h.config()),
        format!("{config}\n[profile newbie]\nregion = ap-south-1\n")
    );

    h.ok(&["remove", "newbie"]);
    assert_eq!(h.read(&h.credentials()), creds);
    assert_eq!(h.read(&h.config()), config);

    // Changing one value touches only that value.
    h.ok(&["set", "work", "--region", "eu-west-3"]);
    assert_eq!(
        h.read(&h.config()),
        config.replace("region = eu-central-1", "region = eu-west-3")
    );
    assert_eq!(h.read(&h.credentials()), creds);
}

#[test]
fn remove_takes_profile_out_of_every_file() {
    let h = Home::new("remove");
    h.write(&h.credentials(), "[p]\naws_access_key_id = AKIDP\naws_secret_access_key = s-p-secret\n[q]\naws_access_key_id = AKIDQ\naws_secret_access_key = s-q-secret\n");
    h.write(
        &h.config(),
        "[profile p]\nregion = us-east-1\n[profile q]\nregion = us-east-2\n",
    );
    let out = h.ok(&["remove", "p"]);
    assert!(
        out.contains("credentials") && out.contains("config"),
        "{out}"
    );
    assert_eq!(
        h.read(&h.credentials()),
        "[q]\naws_access_key_id = AKIDQ\naws_secret_access_key = s-q-secret\n"
    );
    assert_eq!(h.read(&h.config()), "[profile q]\nregion = us-east-2\n");
    assert_eq!(h.json(&["list", "--json"]), serde_json::json!(["q"]));
    let out = h.run(&["get", "p"]);
    assert_eq!(code(&out), 3);
    let out = h.run(&["remove", "p"]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("'p' was not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn profile_location_puts_everything_in_one_file() {
    let h = Home::new("location");
    let file = h.dir.join("elsewhere/creds.ini");
    let loc = file.to_str().unwrap();
    h.ok(&[
        "set",
        "one",
        "--access-key",
        "AKIDONE",
        "--secret-key",
        SECRET,
        "--region",
        "sa-east-1",
        "--profile-location",
        loc,
    ]);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("[one]\naws_access_key_id = AKIDONE\naws_secret_access_key = {SECRET}\nregion = sa-east-1\n")
    );
    assert!(!h.credentials().exists() && !h.config().exists());
    assert_eq!(
        h.json(&["get", "one", "--json", "--profile-location", loc])["AccessKeyId"],
        "AKIDONE"
    );
    let list = h.json(&["list", "--detail", "--json", "--profile-location", loc]);
    assert_eq!(list[0]["ProfileLocation"], loc);
    assert_eq!(code(&h.run(&["get", "one"])), 3);
    h.ok(&["remove", "one", "--profile-location", loc]);
    assert_eq!(fs::read_to_string(&file).unwrap(), "");
}

#[test]
fn env_vars_and_default_chain() {
    let h = Home::new("env");
    let custom = h.dir.join("custom-creds");
    h.write(&custom, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s-file-secret\n[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s-other-secret\n");
    let run = |envs: &[(&str, &str)]| {
        let mut c = h.cmd(&["get", "--json"]);
        c.env("AWS_SHARED_CREDENTIALS_FILE", &custom);
        for (k, v) in envs {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(run(&[])["AccessKeyId"], "AKIDFILE");
    assert_eq!(run(&[("AWS_PROFILE", "other")])["AccessKeyId"], "AKIDOTHER");
    let env = run(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "s-env-secret"),
        ("AWS_SESSION_TOKEN", "tok-env"),
    ]);
    assert_eq!(env["Source"], "Environment");
    assert_eq!(env["SessionToken"], "tok-env");
    // Blank environment values count as unset.
    assert_eq!(
        run(&[("AWS_ACCESS_KEY_ID", " "), ("AWS_SECRET_ACCESS_KEY", "x")])["AccessKeyId"],
        "AKIDFILE"
    );

    // AWS_PROFILE naming a missing profile is an error, not a fall-through to other sources.
    let out = h
        .cmd(&["get"])
        .env("AWS_PROFILE", "nope")
        .env("AWS_SHARED_CREDENTIALS_FILE", &custom)
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("AWS_PROFILE"), "{}", stderr(&out));
    // Nothing anywhere: exit 9 with every source tried and why.
    let out = h
        .cmd(&["get"])
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert_eq!(code(&out), 9, "{}", stderr(&out));
    let err = stderr(&out);
    for needle in [
        "environment",
        "profile 'default'",
        "web identity",
        "container",
        "AWS_EC2_METADATA_DISABLED",
    ] {
        assert!(err.contains(needle), "{needle} missing: {err}");
    }
}

#[test]
fn credential_process_format() {
    let h = Home::new("process");
    h.ok(&[
        "set",
        "p",
        "--access-key",
        "AKIDPROC",
        "--secret-key",
        SECRET,
        "--session-token",
        "tok-proc-0001",
    ]);
    let v = h.json(&["credential-process", "p"]);
    assert_eq!(
        v,
        serde_json::json!({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": SECRET, "SessionToken": "tok-proc-0001"})
    );
}

#[test]
fn config_json_matches_vector_shape() {
    let h = Home::new("config");
    h.write(
        &h.config(),
        "[profile a]\nregion = x\n[a]\nignored = yes\n[sso-session s]\nsso_region = us-east-1\n",
    );
    h.write(&h.credentials(), "[a]\nAWS_ACCESS_KEY_ID = AKIDA\n");
    let out = h.run(&["config", "--json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"profiles": {"a": {"region": "x", "aws_access_key_id": "AKIDA"}}, "sso_sessions": {"s": {"sso_region": "us-east-1"}}})
    );
    assert!(
        stderr(&out).contains("warning:") && stderr(&out).contains("config:3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_is_refused_with_its_exit_code_and_nothing_written() {
    let h = Home::new("invalid");
    let creds = "[keep]\naws_access_key_id = AKIDKEEP\naws_secret_access_key = s-keep-secret\n";
    h.write(&h.credentials(), creds);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "set",
                "bad]name",
                "--access-key",
                "AKID1",
                "--secret-key",
                SECRET,
            ],
            "not a valid profile name",
        ),
        (
            vec![
                "set",
                "bad name",
                "--access-key",
                "AKID1",
                "--secret-key",
                SECRET,
            ],
            "not a valid profile name",
        ),
        (
            vec!["set", "p", "--access-key", "", "--secret-key", SECRET],
            "AccessKey is empty",
        ),
        (
            vec!["set", "p", "--access-key", "AKID1"],
            "AccessKey and SecretKey are both required",
        ),
        (
            vec![
                "set",
                "p",
                "--access-key",
                "AKID1",
                "--secret-key",
                "two words",
            ],
            "SecretKey",
        ),
        (
            vec![
                "set",
                "p",
                "--role-arn",
                "arn:aws:iam::1:role/x",
                "--source-profile",
                "a]",
            ],
            "SourceProfile",
        ),
        (
            vec![
                "set",
                "p",
                "--role-arn",
                "notanarn",
                "--source-profile",
                "keep",
            ],
            "not an IAM role ARN",
        ),
        (
            vec!["set", "p", "--region", "us-east-1\n[evil]"],
            "line break",
        ),
        (
            vec![
                "set",
                "p",
                "--access-key",
                "AKID1",
                "--secret-key",
                SECRET,
                "--role-arn",
                "arn:aws:iam::1:role/x",
            ],
            "not both",
        ),
        (vec!["set", "p"], "nothing to store"),
        (
            vec![
                "set",
                "p",
                "--role-arn",
                "arn:aws:iam::1:role/x",
                "--source-profile",
                "keep",
                "--duration-seconds",
                "60",
            ],
            "between 900 and 43200",
        ),
    ];
    for (args, needle) in cases {
        let out = h.run(&args);
        assert_eq!(code(&out), 4, "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains(SECRET), "{args:?} leaks the secret: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert_eq!(h.read(&h.credentials()), creds, "{args:?} wrote");
        assert!(!h.config().exists(), "{args:?} created config");
    }
    // A secret with a line break given on stdin: refused, not echoed.
    let out = h.run_stdin(
        &["set", "p", "--stdin-json"],
        &format!(r#"{{"AccessKey":"AKID1","SecretKey":"{SECRET}\n[x]"}}"#),
    );
    assert_eq!(code(&out), 4);
    assert!(!stderr(&out).contains(SECRET), "{}", stderr(&out));
    let out = h.run_stdin(
        &["set", "p", "--stdin-json"],
        r#"{"AccessKey":"AKID1","Secret":"zzz"}"#,
    );
    assert_eq!(code(&out), 4);
    assert!(
        stderr(&out).contains("unknown field `Secret`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(h.read(&h.credentials()), creds);
    // Usage errors exit 2.
    assert_eq!(code(&h.run(&["set"])), 2);
    assert_eq!(code(&h.run(&["frobnicate"])), 2);
}

#[test]
fn format_errors_name_file_and_line_and_block_writes() {
    let h = Home::new("format");
    let broken = "[ok]\naws_access_key_id = AKIDOK\n[broken\n";
    h.write(&h.credentials(), broken);
    let out = h.run(&["list"]);
    assert_eq!(code(&out), 5);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} on line 3", h.credentials().display())),
        "{err}"
    );
    let out = h.run(&["set", "x", "--access-key", "AKIDX", "--secret-key", SECRET]);
    assert_eq!(code(&out), 5);
    assert_eq!(h.read(&h.credentials()), broken);
    // A broken config file also blocks the write, leaving the credentials file untouched.
    h.write(&h.credentials(), "");
    h.write(&h.config(), "[profile a]\n  orphan continuation\n");
    let out = h.run(&["set", "x", "--access-key", "AKIDX", "--secret-key", SECRET]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(h.read(&h.credentials()), "");
}

#[test]
fn lock_timeout_exit_code() {
    let h = Home::new("lock");
    h.write(&h.credentials(), "");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(h.dir.join(".aws/.credentials.lock"))
        .unwrap();
    lock.lock().unwrap();
    let out = h
        .cmd(&["set", "p", "--access-key", "AKIDP", "--secret-key", SECRET])
        .env("AWSCRED_LOCK_TIMEOUT_MS", "200")
        .output()
        .unwrap();
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("credentials.lock"),
        "{}",
        stderr(&out)
    );
    assert_eq!(h.read(&h.credentials()), "");
    lock.unlock().unwrap();
    h.ok(&["set", "p", "--access-key", "AKIDP", "--secret-key", SECRET]);
}

/// Locks and temp files are ours to hide: after writes, the user's folder shows only their files.
#[test]
fn writes_leave_no_visible_litter() {
    let h = Home::new("litter");
    h.ok(&[
        "set",
        "p",
        "--access-key",
        "AKIDP",
        "--secret-key",
        SECRET,
        "--region",
        "eu-west-1",
    ]);
    h.ok(&["remove", "p"]);
    let mut visible: Vec<String> = fs::read_dir(h.dir.join(".aws"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    visible.sort();
    assert_eq!(visible, ["config", "credentials"]);
}

#[cfg(unix)]
#[test]
fn symlinked_credentials_edited_through_the_link_keeping_mode() {
    use std::os::unix::fs::PermissionsExt;
    let h = Home::new("symlink");
    let real = h.dir.join("dotfiles/aws-credentials");
    h.write(
        &real,
        "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s-a-secret\n",
    );
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    fs::create_dir_all(h.dir.join(".aws")).unwrap();
    std::os::unix::fs::symlink(&real, h.credentials()).unwrap();
    h.ok(&["set", "b", "--access-key", "AKIDB", "--secret-key", SECRET]);
    assert!(fs::symlink_metadata(h.credentials())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().contains("[b]"));
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // New files are private; new folders too.
    let h2 = Home::new("private");
    h2.ok(&[
        "set",
        "p",
        "--access-key",
        "AKIDP",
        "--secret-key",
        SECRET,
        "--region",
        "us-east-1",
    ]);
    for f in [h2.credentials(), h2.config()] {
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600,
            "{}",
            f.display()
        );
    }
    assert_eq!(
        fs::metadata(h2.dir.join(".aws"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
}

#[test]
fn describe_and_exit_codes_come_from_the_tables() {
    let h = Home::new("describe");
    let d = h.json(&["describe", "--json"]);
    assert_eq!(d["AbiVersion"], 4);
    for row in awscred::error::STATUS_TABLE.iter().skip(1) {
        assert!(
            d["Errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["Code"] == row.code && e["ExitCode"] == row.exit_code),
            "{}",
            row.code
        );
    }
    // No region anywhere: NoRegion, exit 14.
    let out = h.run(&["region", "--no-instance-metadata"]);
    assert_eq!(code(&out), 14, "{}", stderr(&out));
    assert!(stderr(&out).contains("no region"), "{}", stderr(&out));
    let help = h.ok(&["--help"]);
    assert!(help.contains("14 NoRegion"), "{help}");
}

/// `explain` and `get` walk the one default chain: the same first source, the same reasons for
/// the sources passed over, the same error for an AWS_PROFILE that names nothing.
#[test]
fn explain_and_get_walk_the_same_default_chain() {
    let h = Home::new("chain");
    h.write(
        &h.credentials(),
        "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s-other-secret\n",
    );
    let both = |vars: &[(&str, &str)]| {
        let mut explain = h.cmd(&["explain", "--json"]);
        let mut get = h.cmd(&["get", "--json"]);
        for (k, v) in vars {
            explain.env(k, v);
            get.env(k, v);
        }
        (explain.output().unwrap(), get.output().unwrap())
    };
    let no_imds = ("AWS_EC2_METADATA_DISABLED", "true");

    // Nothing configured: explain's skipped list is exactly what get says it tried.
    let (explain, get) = both(&[no_imds]);
    assert_eq!(code(&get), 9, "{}", stderr(&get));
    let explained: Value = serde_json::from_slice(&explain.stdout).unwrap();
    assert_eq!(explained["Steps"], serde_json::json!([]));
    let skipped: Vec<String> = explained["Skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let err = stderr(&get);
    let tried = err.trim().split_once("tried: ").unwrap().1;
    assert_eq!(tried.split("; ").collect::<Vec<_>>(), skipped);
    assert_eq!(skipped.len(), 5, "{skipped:?}");

    // The first configured source is the one both name.
    for (vars, provider, source) in [
        (
            vec![
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "s-env-secret"),
            ],
            "Environment",
            "Environment",
        ),
        (vec![("AWS_PROFILE", "other")], "AccessKey", "Profile"),
    ] {
        let mut vars = vars;
        vars.push(no_imds);
        let (explain, get) = both(&vars);
        let explained: Value = serde_json::from_slice(&explain.stdout).unwrap();
        let got: Value = serde_json::from_slice(&get.stdout).unwrap();
        assert_eq!(explained["Steps"][0]["Provider"], provider, "{explained}");
        assert_eq!(got["Source"], source, "{got}");
    }

    // A container endpoint is the first configured source; get tries it and says why it failed.
    let (explain, get) = both(&[
        no_imds,
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:9/creds",
        ),
    ]);
    let explained: Value = serde_json::from_slice(&explain.stdout).unwrap();
    assert_eq!(explained["Steps"][0]["Provider"], "Container");
    assert!(
        stderr(&get).contains("container (ECS): "),
        "{}",
        stderr(&get)
    );

    // AWS_PROFILE naming nothing: the same error from both.
    let (explain, get) = both(&[no_imds, ("AWS_PROFILE", "missing")]);
    assert_eq!((code(&explain), code(&get)), (3, 3));
}

/// A panic (injected where AWSCRED_FAULT_PANIC says; debug builds only) is exit 1 (Internal) with
/// one line on stderr, not Rust's report and exit 101.
#[cfg(debug_assertions)]
#[test]
fn a_panic_is_one_line_and_exit_1() {
    let h = Home::new("panic");
    let out = h
        .cmd(&["get", "any", "--json"])
        .env("AWSCRED_FAULT_PANIC", "resolve")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("awscred: internal error: a panic at "),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
