"""Interop: files written by awscred are read identically by botocore and the AWS CLI v1, files
written by `aws configure set` are read identically by awscred, awscred edits of such files keep
every other byte, `awscred credential-process` works as a botocore credential_process, and no error
path prints a secret.

All values are obvious test values; no test contacts AWS (role profiles are only inspected).
"""

import ctypes
import json
import shlex
import subprocess

import pytest
from botocore.exceptions import CredentialRetrievalError

BASIC = {"AccessKey": "AKIDTESTKEY000001", "SecretKey": "testsecretbasic/0001+abcdefghijklmnop"}
SESSION = {
    "AccessKey": "ASIATESTKEY000002",
    "SecretKey": "testsecretsession0002",
    "SessionToken": "testtokensession0002/with+base64=chars==",
}
ROLE_ARN = "arn:aws:iam::123456789012:role/InteropTestRole"
MFA_SERIAL = "arn:aws:iam::123456789012:mfa/interop-tester"
ROLE_ARGS = [
    "--role-arn", ROLE_ARN,
    "--source-profile", "basic",
    "--external-id", "ext-id-0003",
    "--mfa-serial", MFA_SERIAL,
    "--role-session-name", "interop-session",
    "--duration-seconds", "1800",
    "--region", "eu-west-2",
]
ROLE_EXPECTED = {
    "role_arn": ROLE_ARN,
    "source_profile": "basic",
    "external_id": "ext-id-0003",
    "mfa_serial": MFA_SERIAL,
    "role_session_name": "interop-session",
    "duration_seconds": "1800",
    "region": "eu-west-2",
}


def assert_keys(session, access_key, secret_key, token, method):
    creds = session.get_credentials()
    assert creds is not None
    assert creds.method == method
    assert creds.access_key == access_key
    assert creds.secret_key == secret_key
    assert creds.token == token


# --------------------------------------------------------------------------------------------
# awscred set -> botocore (shared config and credentials files)
# --------------------------------------------------------------------------------------------

@pytest.fixture
def stored(env):
    """basic (keys + region), sess (keys + token) and role (assume-role + region), via awscred set."""
    env.awscred("set", "basic", "--stdin-json", stdin_json={**BASIC, "Region": "us-west-1"})
    env.awscred("set", "sess", "--stdin-json", stdin_json=SESSION)
    env.awscred("set", "role", *ROLE_ARGS)
    return env


def test_set_basic_keys_read_by_botocore(stored):
    s = stored.session("basic")
    assert_keys(s, BASIC["AccessKey"], BASIC["SecretKey"], None, "shared-credentials-file")
    assert s.get_config_variable("region") == "us-west-1"


def test_set_session_keys_read_by_botocore(stored):
    s = stored.session("sess")
    assert_keys(s, SESSION["AccessKey"], SESSION["SecretKey"], SESSION["SessionToken"],
                "shared-credentials-file")
    assert s.get_config_variable("region") is None


def test_set_role_profile_read_by_botocore(stored):
    s = stored.session("role")
    assert s.full_config["profiles"]["role"] == ROLE_EXPECTED
    assert s.get_config_variable("region") == "eu-west-2"
    # botocore picks its assume-role provider; the credentials are deferred, so STS is not called.
    assert s.get_credentials().method == "assume-role"
    # the source profile it would use holds the basic keys
    assert s.full_config["profiles"]["basic"] == {
        "aws_access_key_id": BASIC["AccessKey"],
        "aws_secret_access_key": BASIC["SecretKey"],
        "region": "us-west-1",
    }


def test_set_files_are_private_and_secrets_only_in_credentials(stored):
    assert stored.mode(stored.credentials) == 0o600
    assert stored.mode(stored.config) == 0o600
    config_text = stored.config.read_text()
    for secret in (BASIC["SecretKey"], SESSION["SecretKey"], SESSION["SessionToken"]):
        assert secret not in config_text
        assert secret in stored.credentials.read_text()


def test_set_replaces_other_kind_botocore_sees_new_kind(stored):
    # keys -> role in the same profile: the keys must disappear for botocore as well
    stored.awscred("set", "sess", "--role-arn", ROLE_ARN, "--source-profile", "basic")
    s = stored.session("sess")
    prof = s.full_config["profiles"]["sess"]
    assert prof == {"role_arn": ROLE_ARN, "source_profile": "basic"}
    assert s.get_credentials().method == "assume-role"


def test_get_without_json_masks_secret(stored):
    out = stored.awscred("get", "sess").stdout
    assert SESSION["AccessKey"] in out
    assert SESSION["SecretKey"] not in out
    assert SESSION["SessionToken"] not in out


# --------------------------------------------------------------------------------------------
# --profile-location: one credentials-format file
# --------------------------------------------------------------------------------------------

def test_profile_location_read_by_botocore(env):
    store = env.tmp / "store" / "creds.ini"
    env.awscred("set", "basic", "--stdin-json", "--profile-location", store,
                stdin_json={**BASIC, "Region": "us-west-1"})
    env.awscred("set", "sess", "--stdin-json", "--profile-location", store, stdin_json=SESSION)
    env.awscred("set", "role", *ROLE_ARGS, "--profile-location", store)

    # the shared files were not touched
    assert not env.config.exists()
    assert not env.credentials.exists()
    assert env.mode(store) == 0o600

    env.setenv("AWS_SHARED_CREDENTIALS_FILE", store)
    env.setenv("AWS_CONFIG_FILE", env.tmp / "no-such-config")
    s = env.session("basic")
    assert_keys(s, BASIC["AccessKey"], BASIC["SecretKey"], None, "shared-credentials-file")
    assert s.get_config_variable("region") == "us-west-1"
    assert_keys(env.session("sess"), SESSION["AccessKey"], SESSION["SecretKey"],
                SESSION["SessionToken"], "shared-credentials-file")
    r = env.session("role")
    assert r.full_config["profiles"]["role"] == ROLE_EXPECTED
    assert r.get_config_variable("region") == "eu-west-2"
    assert sorted(r.full_config["profiles"]) == ["basic", "role", "sess"]

    # and awscred reads back the same thing it wrote
    assert env.awscred_json("config", "--json", "--profile-location", store)["profiles"] == \
        r.full_config["profiles"]


# --------------------------------------------------------------------------------------------
# aws configure set -> awscred, and awscred edits of CLI-written files
# --------------------------------------------------------------------------------------------

HAND_CREDENTIALS = (
    "# credentials written by hand\n"
    "; second comment style\n"
    "\n"
    "# about handmade\n"
    "[handmade]\n"
    "# comment inside, before the keys\n"
    "aws_access_key_id=AKIDTESTKEY000010\n"
    "aws_secret_access_key = testsecrethandmade0010\n"
    "; comment after the keys\n"
    "unknown_key = keepme\n"
    "\n"
    "# trailing comment\n"
)
HAND_CONFIG = (
    "# config written by hand\n"
    "[profile handmade]\n"
    "# about region\n"
    "region = ap-south-1\n"
    "output = json\n"
    "\n"
    "; end of handmade\n"
)

# What AWS CLI v1 (awscli 1.46.3) leaves after the `aws configure set` calls in cli_files().
CLI_CREDENTIALS = (
    HAND_CREDENTIALS.replace("testsecrethandmade0010", "testsecrethandmade0012")
    + "[cli1]\n"
    "aws_access_key_id = AKIDTESTKEY000011\n"
    "aws_secret_access_key = testsecretcli0011\n"
    "aws_session_token = testtokencli0011\n"
)
CLI_CONFIG = (
    HAND_CONFIG.replace("output = json", "output = text")
    + "[profile cli1]\n"
    "region = eu-central-1\n"
    "[default]\n"
    "region = us-east-2\n"
)
CLI_PROFILES = {
    "cli1": {
        "aws_access_key_id": "AKIDTESTKEY000011",
        "aws_secret_access_key": "testsecretcli0011",
        "aws_session_token": "testtokencli0011",
        "region": "eu-central-1",
    },
    "default": {"region": "us-east-2"},
    "handmade": {
        "aws_access_key_id": "AKIDTESTKEY000010",
        "aws_secret_access_key": "testsecrethandmade0012",
        "unknown_key": "keepme",
        "region": "ap-south-1",
        "output": "text",
    },
}


@pytest.fixture(scope="module")
def cli_written(tmp_path_factory, aws_bin, make_environ):
    """The hand-written files after a series of `aws configure set` calls: run once per module
    (each `aws` process takes ~0.4 s), returned as (credentials bytes, config bytes)."""
    home = tmp_path_factory.mktemp("cli-home")
    creds, config = home / ".aws" / "credentials", home / ".aws" / "config"
    creds.parent.mkdir()
    creds.write_text(HAND_CREDENTIALS)
    config.write_text(HAND_CONFIG)
    creds.chmod(0o600)
    config.chmod(0o600)
    environ = make_environ(home, config, creds)
    for args in (["aws_access_key_id", "AKIDTESTKEY000011", "--profile", "cli1"],
                 ["aws_secret_access_key", "testsecretcli0011", "--profile", "cli1"],
                 ["aws_session_token", "testtokencli0011", "--profile", "cli1"],
                 ["region", "eu-central-1", "--profile", "cli1"],
                 ["region", "us-east-2"],
                 ["aws_secret_access_key", "testsecrethandmade0012", "--profile", "handmade"],
                 ["output", "text", "--profile", "handmade"]):
        r = subprocess.run([str(aws_bin), "configure", "set", *args], env=environ,
                           capture_output=True, text=True, timeout=60)
        assert (r.returncode, r.stderr) == (0, ""), args
    # Precondition (pins the CLI behaviour the rest relies on): exact bytes.
    assert creds.read_text() == CLI_CREDENTIALS
    assert config.read_text() == CLI_CONFIG
    return creds.read_bytes(), config.read_bytes()


@pytest.fixture
def cli_files(env, cli_written):
    env.write(env.credentials, cli_written[0])
    env.write(env.config, cli_written[1])
    return env


def configure_get(aws, key, profile):
    return aws("configure", "get", key, "--profile", profile).stdout.rstrip("\n")


def test_cli_written_files_read_by_awscred_get(cli_files):
    assert cli_files.awscred_json("get", "cli1", "--json") == {
        "AccessKeyId": "AKIDTESTKEY000011",
        "SecretAccessKey": "testsecretcli0011",
        "SessionToken": "testtokencli0011",
        "ProfileName": "cli1",
        "Source": "Profile",
        "ProfileLocation": str(cli_files.credentials),
    }
    assert cli_files.awscred_json("get", "handmade", "--json") == {
        "AccessKeyId": "AKIDTESTKEY000010",
        "SecretAccessKey": "testsecrethandmade0012",
        "ProfileName": "handmade",
        "Source": "Profile",
        "ProfileLocation": str(cli_files.credentials),
    }


def test_cli_written_files_read_by_awscred_config_and_list(cli_files):
    dump = cli_files.awscred_json("config", "--json")
    assert dump["profiles"] == CLI_PROFILES
    assert dump["sso_sessions"] == {}
    assert dump.get("warnings", []) == []
    # botocore agrees on this file (no inline comments, no duplicates: both families read it alike)
    assert cli_files.session("default").full_config["profiles"] == CLI_PROFILES

    assert cli_files.awscred_json("list", "--detail", "--json") == [
        {"ProfileName": "cli1", "StoreTypeName": "SharedCredentialsFile",
         "ProfileLocation": str(cli_files.credentials)},
        {"ProfileName": "default", "StoreTypeName": "SharedCredentialsFile",
         "ProfileLocation": str(cli_files.config)},
        {"ProfileName": "handmade", "StoreTypeName": "SharedCredentialsFile",
         "ProfileLocation": str(cli_files.credentials)},
    ]


def test_awscred_add_and_remove_in_cli_written_files(cli_files, aws):
    env = cli_files
    before_creds = env.credentials.read_bytes()
    before_config = env.config.read_bytes()

    env.awscred("set", "added", "--stdin-json", stdin_json={
        "AccessKey": "AKIDTESTKEY000020", "SecretKey": "testsecretadded0020",
        "SessionToken": "testtokenadded0020", "Region": "sa-east-1"})
    after_creds = env.credentials.read_bytes()
    after_config = env.config.read_bytes()
    # everything before the appended section is byte-identical
    assert after_creds.startswith(before_creds)
    assert after_config.startswith(before_config)
    assert after_creds[len(before_creds):].lstrip(b"\n") == (
        b"[added]\n"
        b"aws_access_key_id = AKIDTESTKEY000020\n"
        b"aws_secret_access_key = testsecretadded0020\n"
        b"aws_session_token = testtokenadded0020\n")
    assert after_config[len(before_config):].lstrip(b"\n") == (
        b"[profile added]\n"
        b"region = sa-east-1\n")

    # the AWS CLI reads the new profile and still reads the old ones unchanged
    assert configure_get(aws, "aws_access_key_id", "added") == "AKIDTESTKEY000020"
    assert configure_get(aws, "aws_secret_access_key", "added") == "testsecretadded0020"
    assert configure_get(aws, "aws_session_token", "added") == "testtokenadded0020"
    assert configure_get(aws, "region", "added") == "sa-east-1"
    assert configure_get(aws, "aws_secret_access_key", "handmade") == "testsecrethandmade0012"
    assert configure_get(aws, "output", "handmade") == "text"
    assert configure_get(aws, "aws_session_token", "cli1") == "testtokencli0011"
    assert configure_get(aws, "region", "cli1") == "eu-central-1"
    assert configure_get(aws, "region", "default") == "us-east-2"

    env.awscred("remove", "added")
    # removal restores the files byte for byte
    assert env.credentials.read_bytes() == before_creds
    assert env.config.read_bytes() == before_config
    r = aws("configure", "get", "aws_access_key_id", "--profile", "added", expect_rc=255)
    assert r.stdout == ""
    assert "The config profile (added) could not be found" in r.stderr
    assert configure_get(aws, "aws_access_key_id", "cli1") == "AKIDTESTKEY000011"
    assert configure_get(aws, "region", "handmade") == "ap-south-1"


def test_awscred_update_in_place_in_cli_written_files(cli_files, aws):
    env = cli_files
    before_creds = env.credentials.read_text().splitlines(keepends=True)
    before_config = env.config.read_text().splitlines(keepends=True)

    env.awscred("set", "handmade", "--stdin-json", stdin_json={
        "AccessKey": "AKIDTESTKEY000030", "SecretKey": "testsecrethandmade0030",
        "Region": "ap-southeast-2"})
    after_creds = env.credentials.read_text().splitlines(keepends=True)
    after_config = env.config.read_text().splitlines(keepends=True)

    # only the edited lines differ, and they keep their own spacing style
    assert len(after_creds) == len(before_creds)
    changed = {i: after_creds[i] for i in range(len(before_creds))
               if before_creds[i] != after_creds[i]}
    assert changed == {6: "aws_access_key_id=AKIDTESTKEY000030\n",
                       7: "aws_secret_access_key = testsecrethandmade0030\n"}
    assert len(after_config) == len(before_config)
    changed = {i: after_config[i] for i in range(len(before_config))
               if before_config[i] != after_config[i]}
    assert changed == {3: "region = ap-southeast-2\n"}

    assert configure_get(aws, "aws_access_key_id", "handmade") == "AKIDTESTKEY000030"
    assert configure_get(aws, "aws_secret_access_key", "handmade") == "testsecrethandmade0030"
    assert configure_get(aws, "region", "handmade") == "ap-southeast-2"
    assert configure_get(aws, "unknown_key", "handmade") == "keepme"
    assert configure_get(aws, "aws_secret_access_key", "cli1") == "testsecretcli0011"


def test_cli_edits_awscred_written_files(env, aws):
    """The other direction of a shared file: aws configure set on files awscred created."""
    env.awscred("set", "basic", "--stdin-json", stdin_json={**BASIC, "Region": "us-west-1"})
    env.awscred("set", "role", *ROLE_ARGS)
    aws("configure", "set", "region", "us-east-1", "--profile", "basic")
    aws("configure", "set", "aws_secret_access_key", "testsecretbasic0040", "--profile", "basic")
    aws("configure", "set", "external_id", "ext-id-0041", "--profile", "role")
    assert env.awscred_json("config", "--json")["profiles"] == {
        "basic": {"aws_access_key_id": BASIC["AccessKey"],
                  "aws_secret_access_key": "testsecretbasic0040", "region": "us-east-1"},
        "role": {**ROLE_EXPECTED, "external_id": "ext-id-0041"},
    }


# --------------------------------------------------------------------------------------------
# credential_process = awscred credential-process NAME
# --------------------------------------------------------------------------------------------

def test_credential_process_through_botocore(env):
    store = env.tmp / "store.ini"
    env.awscred("set", "src-basic", "--stdin-json", "--profile-location", store, stdin_json=BASIC)
    env.awscred("set", "src-sess", "--stdin-json", "--profile-location", store, stdin_json=SESSION)

    # the process output itself, exactly
    out = env.awscred("credential-process", "src-sess", "--profile-location", store).stdout
    assert json.loads(out) == {"Version": 1, "AccessKeyId": SESSION["AccessKey"],
                               "SecretAccessKey": SESSION["SecretKey"],
                               "SessionToken": SESSION["SessionToken"]}

    cmd = shlex.quote(str(env.awscred_bin))
    loc = shlex.quote(str(store))
    env.write(env.config,
              f"[profile via-sess]\n"
              f"credential_process = {cmd} credential-process src-sess --profile-location {loc}\n"
              f"[profile via-basic]\n"
              f"credential_process = {cmd} credential-process src-basic --profile-location {loc}\n"
              f"[profile via-shared]\n"
              f"credential_process = {cmd} credential-process shared-src\n"
              f"[profile via-missing]\n"
              f"credential_process = {cmd} credential-process nosuchprofile "
              f"--profile-location {loc}\n")
    # a source profile in the shared credentials file (the child inherits the environment)
    env.awscred("set", "shared-src", "--stdin-json", stdin_json={
        "AccessKey": "AKIDTESTKEY000050", "SecretKey": "testsecretshared0050"})

    assert_keys(env.session("via-sess"), SESSION["AccessKey"], SESSION["SecretKey"],
                SESSION["SessionToken"], "custom-process")
    assert_keys(env.session("via-basic"), BASIC["AccessKey"], BASIC["SecretKey"], None,
                "custom-process")
    assert_keys(env.session("via-shared"), "AKIDTESTKEY000050", "testsecretshared0050", None,
                "custom-process")
    with pytest.raises(CredentialRetrievalError) as exc:
        env.session("via-missing").get_credentials()
    assert "nosuchprofile" in str(exc.value)


# --------------------------------------------------------------------------------------------
# secrets never reach stderr (or stdout) on error paths
# --------------------------------------------------------------------------------------------

def _secret(tag):
    return f"testsecretLEAK{tag}xyz"


def _leak_markers(secret):
    # the whole secret and its distinctive middle, so partial echoes are caught too
    return [secret, secret[len("testsecret"):-3]]


STDIN_CASES = [
    # id, stdin text (SECRET is replaced), extra args, expected exit code
    ("newline-in-secret", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET\\nmore"}', [], 4),
    ("cr-in-token", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"testsecretok0060",'
     '"SessionToken":"SECRET\\rmore"}', [], 4),
    ("nul-in-secret", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET\\u0000"}', [], 4),
    ("space-around-secret", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":" SECRET"}', [], 4),
    ("keys-and-role", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET",'
     '"RoleArn":"arn:aws:iam::123456789012:role/R","SourceProfile":"basic"}', [], 4),
    ("secret-without-key-id", '{"SecretKey":"SECRET"}', [], 4),
    ("bad-key-id", '{"AccessKey":"AKID TEST","SecretKey":"SECRET"}', [], 4),
    ("bare-string", '"SECRET"', [], 4),
    ("array", '["SECRET"]', [], 4),
    ("truncated-json", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET"', [], 4),
    ("wrong-type", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET",'
     '"DurationSeconds":"SECRET"}', [], 4),
    ("duplicate-field", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET",'
     '"SecretKey":"SECRET"}', [], 4),
    ("bad-escape", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET\\q"}', [], 4),
    ("secret-in-key-id-slot", '{"AccessKey":"SECRET!","SecretKey":"SECRET"}', [], 4),
    ("unknown-field", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET","Bogus":1}', [], 4),
    ("location-is-directory", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET"}',
     ["--profile-location", "{tmp}"], 7),
    ("location-under-a-file", '{"AccessKey":"AKIDTESTKEY000060","SecretKey":"SECRET"}',
     ["--profile-location", "{tmp}/afile/creds"], 7),
]


@pytest.mark.parametrize("case", STDIN_CASES, ids=[c[0] for c in STDIN_CASES])
def test_set_stdin_errors_do_not_print_secret(env, case):
    tag, template, extra, expected_rc = case
    secret = _secret(tag.replace("-", ""))
    (env.tmp / "afile").write_text("not a directory\n")
    extra = [a.replace("{tmp}", str(env.tmp)) for a in extra]
    r = env.awscred("set", "victim", "--stdin-json", *extra,
                    stdin=template.replace("SECRET", secret), expect_rc=expected_rc)
    _check_error_output(r, secret)
    # nothing was written
    assert not env.credentials.exists()


def test_set_argv_error_does_not_print_secret(env):
    secret = _secret("argv")
    r = env.awscred("set", "victim", "--access-key", "AKID TEST", "--secret-key", secret,
                    expect_rc=4)
    _check_error_output(r, secret)


BAD_FILES = [
    # id, credentials file content with a syntax error near a secret (SECRET is replaced)
    ("missing-equals", "[victim]\naws_access_key_id = AKIDTESTKEY000070\n"
     "aws_secret_access_key SECRET\n"),
    ("property-before-section", "aws_secret_access_key = SECRET\n[victim]\n"),
    ("continuation-first", "[victim]\n  aws_secret_access_key = SECRET\n"),
    ("unclosed-header", "[victim\naws_secret_access_key = SECRET\n"),
    ("header-is-secret", "[SECRET\n"),
    ("invalid-utf8", b"[victim]\naws_access_key_id = AKIDTESTKEY000070\n"
     b"aws_secret_access_key = SECRET\xff\n"),
]
EVERY_COMMAND = {
    "get": ["get", "victim", "--json"],
    "credential-process": ["credential-process", "victim"],
    "show": ["show", "victim", "--json"],
    "list": ["list", "--detail", "--json"],
    "config": ["config", "--json"],
    "remove": ["remove", "victim"],
    "set": ["set", "victim", "--region", "us-east-1"],
}


def _check_error_output(r, secret):
    assert r.stdout == ""
    assert r.stderr.startswith("awscred: ")
    assert r.stderr.count("\n") == 1
    for marker in _leak_markers(secret):
        assert marker not in r.stderr


@pytest.mark.parametrize("command", list(EVERY_COMMAND))
@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_file_format_errors_do_not_print_secret(env, case, command):
    tag, template = case
    secret = _secret(tag.replace("-", ""))
    if isinstance(template, bytes):
        data = template.replace(b"SECRET", secret.encode())
    else:
        data = template.replace("SECRET", secret).encode()
    env.write(env.credentials, data)
    r = env.awscred(*EVERY_COMMAND[command], expect_rc=5)
    _check_error_output(r, secret)
    assert str(env.credentials) in r.stderr  # says which file
    assert env.credentials.read_bytes() == data  # and leaves it alone
    assert not env.config.exists()


@pytest.mark.parametrize("command", ["get", "credential-process"])
def test_incomplete_keys_do_not_print_secret(env, command):
    secret = _secret("nokey")
    env.write(env.credentials, f"[victim]\naws_secret_access_key = {secret}\n")
    # Half a key pair is an inconsistent profile (exit 13), named without the secret.
    _check_error_output(env.awscred(*EVERY_COMMAND[command], expect_rc=13), secret)
    env.write(env.credentials, f"[victim]\naws_access_key_id = AKIDTESTKEY000071\n"
                               f"aws_session_token = {secret}\n")
    _check_error_output(env.awscred(*EVERY_COMMAND[command], expect_rc=13), secret)


def test_not_found_and_not_supported_do_not_print_secret(env):
    secret = _secret("nf")
    env.awscred("set", "basic", "--stdin-json", stdin_json={
        "AccessKey": "AKIDTESTKEY000080", "SecretKey": secret})
    env.awscred("set", "role", *ROLE_ARGS)
    for args, rc in ((["get", "nosuch", "--json"], 3), (["credential-process", "nosuch"], 3),
                     (["remove", "nosuch"], 3), (["show", "nosuch"], 3),
                     # the role has mfa_serial: MFA code required, asked for without a terminal
                     (["get", "role", "--json"], 10), (["credential-process", "role"], 10)):
        _check_error_output(env.awscred(*args, expect_rc=rc), secret)


# --------------------------------------------------------------------------------------------
# C ABI (the PowerShell module's path): same contract for errors
# --------------------------------------------------------------------------------------------

def _abi(lib_path):
    lib = ctypes.CDLL(str(lib_path))
    for name in ("awscred_set_profile", "awscred_get_credentials"):
        fn = getattr(lib, name)
        fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t,
                       ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)),
                       ctypes.POINTER(ctypes.c_size_t)]
        fn.restype = ctypes.c_int32
    lib.awscred_free.argtypes = [ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t]
    lib.awscred_free.restype = None

    def call(name, request):
        req = json.dumps(request).encode()
        resp = ctypes.POINTER(ctypes.c_uint8)()
        n = ctypes.c_size_t()
        status = getattr(lib, name)(req, len(req), ctypes.byref(resp), ctypes.byref(n))
        try:
            body = json.loads(ctypes.string_at(resp, n.value)) if resp else None
        finally:
            lib.awscred_free(resp, n)
        return status, body

    return call


def test_c_abi_round_trip_and_error_without_secret(env, awscred_lib):
    call = _abi(awscred_lib)
    secret = _secret("abi")
    status, body = call("awscred_set_profile", {"ProfileName": "abi", "AccessKey":
                                                "AKIDTESTKEY000090", "SecretKey": secret + "\n"})
    assert status == 4
    assert body["error"]["code"] == "InvalidInput"
    for marker in _leak_markers(secret):
        assert marker not in json.dumps(body)

    status, body = call("awscred_set_profile", {"ProfileName": "abi", **SESSION})
    assert status == 0, body
    assert_keys(env.session("abi"), SESSION["AccessKey"], SESSION["SecretKey"],
                SESSION["SessionToken"], "shared-credentials-file")
    status, body = call("awscred_get_credentials", {"ProfileName": "abi"})
    assert status == 0, body
    assert (body["AccessKeyId"], body["SecretAccessKey"], body["SessionToken"]) == (
        SESSION["AccessKey"], SESSION["SecretKey"], SESSION["SessionToken"])
