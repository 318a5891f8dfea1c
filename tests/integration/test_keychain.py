"""The OS keychain store (issue 10) against a real Secret Service (gnome-keyring-daemon in a
private D-Bus session, tests/integration/secretservice.py): `awscred set --encrypted`, reading
back (get, credential-process --keychain, list), botocore and the AWS CLI through the
credential_process line (and failing once the entry is gone), the line surviving a moved awscred,
moving both ways, removal, and the headless cases (no bus, a locked collection, a prompt nobody
answers) failing clearly within a bounded time."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from secretservice import headless_env, private_bus, secret_service  # noqa: F401  (fixtures)

KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NO_CREDENTIALS, TIMEOUT, KEYCHAIN_UNAVAILABLE = 9, 16, 27


@pytest.fixture
def world(sandbox, secret_service, tmp_path):
    sandbox.env = secret_service.environ(sandbox.env)
    sandbox.secret(SECRET)
    # The awscred the line runs is copied to a stable folder: run from a copy that can be moved.
    mod = tmp_path / "module-v1"
    mod.mkdir()
    shutil.copy2(sandbox.awscred_bin, mod / "awscred")
    sandbox.built_awscred = sandbox.awscred_bin
    sandbox.awscred_bin = str(mod / "awscred")
    sandbox.module_dir = mod
    sandbox.keyring = secret_service
    return sandbox


def store(world, name="vault", *extra, expect_rc=0):
    return world.awscred("set", name, "--access-key", KEY, "--stdin-json", "--encrypted",
                         "--region", "eu-west-1", *extra,
                         stdin=json.dumps({"SecretKey": SECRET}), expect_rc=expect_rc)


def our_items(world):
    return [i for i in world.keyring.items() if i["attributes"].get("service") == "AwsCredentialManager"]


def files_with_secret(root):
    hits = []
    for p in Path(root).rglob("*"):
        if p.is_file() and not p.is_symlink():
            try:
                if SECRET.encode() in p.read_bytes():
                    hits.append(str(p))
            except OSError:
                pass
    return hits


def test_stored_encrypted_the_secret_is_in_the_keychain_only(world, tmp_path):
    store(world)
    config = world.config_path.read_text()
    line = next(l for l in config.splitlines() if l.startswith("credential_process"))
    assert line.endswith("credential-process --keychain vault")
    stable = line.split('"')[1]
    assert "AwsCredentialManager/bin/awscred" in stable and Path(stable).is_file()
    assert "region = eu-west-1" in config
    assert not world.credentials_path.exists() or KEY not in world.credentials_path.read_text()
    [item] = our_items(world)
    assert item["attributes"]["username"] == "vault"
    assert json.loads(item["secret"])["SecretAccessKey"] == SECRET
    assert files_with_secret(tmp_path) == [], "the secret's bytes are in a file"
    got = world.get("vault")
    assert (got["AccessKeyId"], got["SecretAccessKey"], got["Source"]) == (KEY, SECRET, "Keychain")
    detail = json.loads(world.awscred("list", "--detail", "--json").stdout)
    assert {p["ProfileName"]: p["StoreTypeName"] for p in detail} == {
        "vault": "Keychain"}
    cp = json.loads(world.awscred("credential-process", "--keychain", "vault").stdout)
    assert cp == {"Version": 1, "AccessKeyId": KEY, "SecretAccessKey": SECRET}


def sdk_example():
    """aws-config's profile provider (the AWS SDK for Rust), built by tests/run.sh as an example."""
    path = Path(os.environ.get("AWSCRED_SDK_EXAMPLE")
                or Path(__file__).resolve().parents[2] / "target/release/examples/sdk_credentials")
    if not path.is_file():
        pytest.fail(f"{path} not found: build it with `cargo build --release -p awscred --example "
                    "sdk_credentials` or set AWSCRED_SDK_EXAMPLE")
    return path


def test_botocore_the_aws_cli_and_the_rust_sdk_use_the_line_and_fail_once_the_entry_is_gone(
        world, aws_bin, moto):
    store(world)
    shutil.rmtree(world.module_dir)  # the module moved or was updated: the line still works
    world.awscred_bin = world.built_awscred
    script = ("import botocore.session; s = botocore.session.Session(profile='vault');"
              "c = s.get_credentials().get_frozen_credentials(); print(c.access_key)")
    assert world.run([sys.executable, "-c", script]).stdout.strip() == KEY
    # The AWS CLI signs a real call with the keys the line gives (no other credentials exist).
    cli = [aws_bin, "sts", "get-caller-identity", "--profile", "vault", "--endpoint-url", moto.url,
           "--output", "json"]
    assert json.loads(world.run(cli).stdout)["Account"].isdigit()
    # The AWS SDK for Rust: aws-config's profile provider runs the line.
    sdk = [sdk_example(), "vault"]
    got = json.loads(world.run(sdk, stdin=SECRET).stdout)
    assert (got["AccessKeyId"], got["SecretMatches"]) == (KEY, True)
    subprocess.run(["secret-tool", "clear", "service", "AwsCredentialManager", "username",
                    "vault"], env=world.env, check=True, timeout=10)
    for argv, stdin in (([sys.executable, "-c", script], None), (cli, None), (sdk, SECRET)):
        r = world.run(argv, expect_rc=None, stdin=stdin)
        assert r.returncode != 0 and SECRET not in r.stderr + r.stdout, argv
    world.awscred("get", "vault", expect_rc=NO_CREDENTIALS)


def test_move_both_ways_and_remove(world, tmp_path):
    world.credentials(f"""
        [plain]
        aws_access_key_id = {KEY}
        aws_secret_access_key = {SECRET}
    """)
    world.awscred("move", "plain", "--to", "Keychain")
    assert SECRET not in world.credentials_path.read_text()
    assert "credential-process --keychain plain" in world.config_path.read_text()
    assert world.get("plain")["Source"] == "Keychain"
    assert files_with_secret(tmp_path) == []
    world.awscred("move", "plain", "--to", "SharedCredentialsFile")
    assert SECRET in world.credentials_path.read_text()
    assert "credential_process" not in world.config_path.read_text()
    assert our_items(world) == []
    assert world.get("plain")["Source"] == "Profile"
    world.awscred("move", "plain", "--to", "Keychain")
    world.awscred("remove", "plain")
    assert our_items(world) == []
    world.awscred("move", "plain", "--to", "Elsewhere", expect_rc=4)


def test_an_entry_of_another_profile_of_the_same_name_is_never_taken_over(world, tmp_path):
    # Profile "twin" of another ProfileLocation keeps its keys in entry "twin"...
    other = tmp_path / "other-credentials"
    store(world, "twin", "--profile-location", str(other))
    [entry] = our_items(world)
    # ...so moving the shared file's "twin" there is refused and changes nothing, with other keys
    # and with the same keys alike (removing or moving back either profile would delete the other's
    # keys), for a dry run too; so is storing the shared file's "twin" encrypted.
    world.secret("other-secret-value-0000000000000000000000")
    for key, secret in (("AKIAOTHERKEY00000001", "other-secret-value-0000000000000000000000"),
                        (KEY, SECRET)):
        world.credentials(f"""
            [twin]
            aws_access_key_id = {key}
            aws_secret_access_key = {secret}
        """)
        before = world.credentials_path.read_bytes()
        r = world.awscred("move", "twin", "--to", "Keychain", expect_rc=4)
        assert "exists already" in r.stderr
        world.awscred("move", "twin", "--to", "Keychain", "--dry-run", expect_rc=4)
        assert world.credentials_path.read_bytes() == before
    r = store(world, "twin", expect_rc=4)
    assert "does not use it" in r.stderr
    assert world.credentials_path.read_bytes() == before
    assert not world.config_path.exists() or "credential_process" not in world.config_path.read_text()
    assert our_items(world) == [entry]
    assert world.get("twin", "--profile-location", str(other))["AccessKeyId"] == KEY
    # Storing again where the profile uses the entry replaces its keys (an update).
    store(world, "twin", "--profile-location", str(other))
    # Once the other profile is gone, the move goes through.
    world.awscred("remove", "twin", "--profile-location", str(other))
    world.awscred("move", "twin", "--to", "Keychain")
    assert world.get("twin")["Source"] == "Keychain"
    assert [i["attributes"]["username"] for i in our_items(world)] == ["twin"]


def test_an_orphaned_entry_blocks_its_name_until_the_command_the_error_names_deletes_it(world):
    store(world, "orphan")
    world.config_path.write_text("")  # the profile deleted by hand: its entry stays
    world.credentials(f"""
        [orphan]
        aws_access_key_id = {KEY}
        aws_secret_access_key = {SECRET}
    """)
    before = world.credentials_path.read_bytes()
    refusals = [world.awscred("move", "orphan", "--to", "Keychain", expect_rc=4),
                store(world, "orphan", expect_rc=4)]
    assert world.credentials_path.read_bytes() == before and len(our_items(world)) == 1
    commands = {re.search(r"delete it with `([^`]+)`", r.stderr).group(1) for r in refusals}
    assert commands == {"secret-tool clear service AwsCredentialManager username orphan"}
    assert all(SECRET not in r.stderr for r in refusals)
    subprocess.run(shlex.split(commands.pop()), env=world.env, check=True, timeout=10)
    assert our_items(world) == []
    world.awscred("move", "orphan", "--to", "Keychain")
    assert world.get("orphan")["Source"] == "Keychain"


def test_a_session_token_too_big_for_one_windows_entry_is_stored_apart(world):
    token = "IQoJb3JpZ2luX2VjE" + "A" * 1180  # with the keys over 2,560 bytes of UTF-16
    world.secret(token)
    world.awscred("set", "sess", "--access-key", "ASIAIOSFODNN7EXAMPLE", "--stdin-json",
                  "--encrypted", stdin=json.dumps({"SecretKey": SECRET, "SessionToken": token}))
    names = sorted(i["attributes"]["username"] for i in our_items(world))
    assert names == ["sess", "sess#session-token"]
    assert world.get("sess")["SessionToken"] == token
    world.awscred("remove", "sess")
    assert our_items(world) == []


def _timed(world, *args, expect_rc):
    started = time.monotonic()
    r = world.awscred(*args, expect_rc=expect_rc)
    return r, time.monotonic() - started


def test_no_dbus_session_fails_at_once(sandbox, tmp_path):
    for bus in ("missing", "unset"):
        sandbox.env = headless_env(tmp_path / bus, bus=bus, base=sandbox.env)
        r, took = _timed(sandbox, "set", "x", "--access-key", KEY, "--secret-key", SECRET,
                         "--encrypted", expect_rc=KEYCHAIN_UNAVAILABLE)
        assert took < 5 and "shared credentials file" in r.stderr, (bus, took, r.stderr)
        assert not sandbox.config_path.exists()


def test_no_secret_service_on_the_bus(sandbox, private_bus):
    sandbox.env = private_bus.environ(sandbox.env)
    r, took = _timed(sandbox, "set", "x", "--access-key", KEY, "--secret-key", SECRET,
                     "--encrypted", expect_rc=KEYCHAIN_UNAVAILABLE)
    assert took < 5


def test_a_locked_collection_fails_clearly_and_a_silent_prompt_times_out(world):
    store(world)
    world.keyring.lock()
    r, took = _timed(world, "get", "vault", expect_rc=KEYCHAIN_UNAVAILABLE)
    assert took < 5 and "locked" in r.stderr
    world.setenv(AWSCRED_KEYCHAIN_TIMEOUT_MS="1500")
    with world.keyring.silent_prompter():
        r, took = _timed(world, "get", "vault", expect_rc=TIMEOUT)
    assert took < 6, took
    world.keyring.unlock()
    assert world.get("vault")["AccessKeyId"] == KEY


def test_rotation_and_sync_update_the_keychain_entry(sandbox, secret_service, moto):
    """A keychain profile rotates in place: the new key goes to the entry, the files never hold a
    secret; a sync then finds the entry up to date, and writes a newly published key to the entry."""
    from keyworld import SECRET_NAME, FaultProxy, World
    world_ = World(moto)
    proxy = FaultProxy(moto.url, known=[world_.key[0], world_.admin[0]])
    try:
        sandbox.env = secret_service.environ(sandbox.env)
        sandbox.secret(world_.key[1], world_.admin[1])
        sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
                       AWSCRED_VERIFY_SUCCESSES="2", AWSCRED_PROPAGATION_TIMEOUT_MS="20000")
        sandbox.awscred("set", "web", "--access-key", world_.key[0], "--stdin-json",
                        "--encrypted", stdin=json.dumps({"SecretKey": world_.key[1]}))
        out = json.loads(sandbox.awscred("rotate", "web", "--json").stdout)
        assert out["Status"] == "Rotated" and out["FilesWritten"] == []
        new = out["NewAccessKeyId"]
        [item] = [i for i in secret_service.items()
                  if i["attributes"].get("service") == "AwsCredentialManager"]
        stored = json.loads(item["secret"])
        sandbox.secret(stored["SecretAccessKey"])
        assert stored["AccessKeyId"] == new != world_.key[0]
        assert list(world_.keys()) == [new]
        assert world_.works(new, stored["SecretAccessKey"])
        assert files_with_secret_value(sandbox.tmp, stored["SecretAccessKey"]) == []
        assert sandbox.get("web")["AccessKeyId"] == new
        sync = json.loads(sandbox.awscred("sync", "web", "--json").stdout)
        assert sync["Changed"] is False
        # A newer key published in Secrets Manager: sync verifies it and writes it to the entry,
        # not to the files.
        config_before = sandbox.config_path.read_bytes()
        published = world_.new_key()
        sandbox.secret(published[1])
        # After a rotation (UpdateSecretVersionStage), moto's PutSecretValue no longer moves
        # AWSCURRENT by itself: move it explicitly, as a rotation Lambda would.
        sm = world_.secrets()
        old_version = next(v for v, stages in sm.describe_secret(SecretId=SECRET_NAME)[
            "VersionIdsToStages"].items() if "AWSCURRENT" in stages)
        put = sm.put_secret_value(SecretId=SECRET_NAME, SecretString=json.dumps(
            {"AccessKeyId": published[0], "SecretAccessKey": published[1]}))
        sm.update_secret_version_stage(SecretId=SECRET_NAME, VersionStage="AWSCURRENT",
                                       MoveToVersionId=put["VersionId"],
                                       RemoveFromVersionId=old_version)
        assert world_.current_secret()["AccessKeyId"] == published[0]
        sync = json.loads(sandbox.awscred("sync", "web", "--json").stdout)
        assert sync["Changed"] is True and sync["FilesWritten"] == [], json.dumps(sync)
        [item] = [i for i in secret_service.items()
                  if i["attributes"].get("service") == "AwsCredentialManager"]
        assert json.loads(item["secret"])["AccessKeyId"] == published[0]
        assert json.loads(item["secret"])["SecretAccessKey"] == published[1]
        assert sandbox.config_path.read_bytes() == config_before
        assert files_with_secret_value(sandbox.tmp, published[1]) == []
        assert sandbox.get("web")["AccessKeyId"] == published[0]
    finally:
        proxy.stop()


def files_with_secret_value(root, value):
    return [str(p) for p in Path(root).rglob("*")
            if p.is_file() and not p.is_symlink() and value.encode() in p.read_bytes()]


def test_show_and_explain_say_where_the_secret_lives_without_it(world):
    store(world)
    show = json.loads(world.awscred("show", "vault", "--json").stdout)
    assert show["Kind"] == "Keychain"
    assert SECRET not in json.dumps(show)
    explain = world.awscred("explain", "vault", "--json").stdout
    step = json.loads(explain)["Steps"][0]
    assert step["Provider"] == "Keychain" and step["Settings"]["entry"] == "vault"
    assert step["Settings"]["keychain"] == "Secret Service" and SECRET not in explain
