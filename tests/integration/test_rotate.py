"""`awscred rotate` against moto with signature checking, behind a proxy that rejects new keys for
a while, fails every call in turn (a 500, a dropped connection) and SIGKILLs the process after
every call. Every case ends with a working key in the profile, at most two keys on the user, no
unverified key stored, and the journal resumed or cleared."""

import json
import subprocess
import time

import pytest

from keyworld import HOST_USER, SECRET_NAME, FaultProxy, World

CREDS = """\
# host keys
[web]
aws_access_key_id = {id}
aws_secret_access_key = {secret}
region = us-east-1
"""
JOURNAL = ".credentials.rotation.json"


@pytest.fixture
def world(moto):
    return World(moto)


@pytest.fixture
def proxy(moto, world):
    p = FaultProxy(moto.url, known=[world.key[0], world.admin[0]])
    yield p
    p.stop()


@pytest.fixture
def host(sandbox, world, proxy):
    sandbox.secret(world.key[1], world.admin[1])
    sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1]))
    sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
                   AWSCRED_VERIFY_SUCCESSES="2", AWSCRED_PROPAGATION_TIMEOUT_MS="20000")
    return sandbox


def profile_keys(sandbox):
    """(id, secret) the profile holds."""
    text = sandbox.credentials_path.read_text()
    get = lambda k: text.split(f"{k} = ", 1)[1].split("\n", 1)[0]
    return get("aws_access_key_id"), get("aws_secret_access_key")


def rotate(host, *args, expect_rc=0):
    r = host.awscred("rotate", "web", "--json", *args, expect_rc=expect_rc)
    if r.returncode == 0:
        return json.loads(r.stdout)
    return r


def assert_healthy(host, world):
    """At most two keys, the profile's key among them, Active, and accepted by AWS."""
    keys = world.keys()
    assert len(keys) <= 2, keys
    key, secret = profile_keys(host)
    host.secret(secret)
    assert keys.get(key) == "Active", (key, keys)
    assert world.works(key, secret)
    return keys


def test_rotation_end_to_end(host, world, proxy):
    before = host.credentials_path.read_text()
    out = rotate(host)
    assert out["Status"] == "Rotated" and out["Done"] is True
    new_id, new_secret = profile_keys(host)
    host.secret(new_secret)
    assert out["NewAccessKeyId"] == new_id != world.key[0]
    assert out["OldKeyState"] == "Deleted" and out["Published"] is True
    assert out["SecretId"] == SECRET_NAME
    assert new_secret not in json.dumps(out)
    assert world.keys() == {new_id: "Active"}
    # The secret now holds the new key; its other fields were kept.
    assert world.current_secret() == {"AccessKeyId": new_id, "SecretAccessKey": new_secret,
                                      "Note": "kept"}
    # The profile's other bytes were kept.
    assert host.credentials_path.read_text().replace(new_id, world.key[0]).replace(
        new_secret, world.key[1]) == before
    # The old key was deactivated and deleted with the new key; the new key verified itself.
    by_action = {c.action: c.key for c in proxy.calls}
    assert by_action["UpdateAccessKey"] == new_id and by_action["DeleteAccessKey"] == new_id
    assert by_action["CreateAccessKey"] == world.key[0]
    # No journal, no visible litter.
    assert not (host.aws_dir / JOURNAL).exists()
    assert sorted(p.name for p in host.aws_dir.iterdir() if not p.name.startswith(".")) == [
        "credentials"]
    assert_healthy(host, world)


def test_dry_run_sends_no_changing_call(host, world, proxy):
    before = host.credentials_path.read_bytes()
    out = rotate(host, "--dry-run")
    assert out["Status"] == "DryRun" and "would create" in out["Message"]
    assert not proxy.changing_calls(), proxy.calls
    assert host.credentials_path.read_bytes() == before
    assert world.keys() == {world.key[0]: "Active"}


def test_a_young_key_is_not_due(host, world, proxy):
    out = rotate(host, "--max-key-age-days", "30")
    assert out["Status"] == "NotDue"
    assert not proxy.changing_calls()


def test_deactivate_only_keeps_the_old_key_inactive(host, world):
    out = rotate(host, "--deactivate-only")
    new_id, _ = profile_keys(host)
    assert out["OldKeyState"] == "Inactive"
    assert world.keys() == {world.key[0]: "Inactive", new_id: "Active"}
    # The next rotation refuses because of the inactive key, unless told to delete it.
    r = rotate(host, expect_rc=22)
    assert world.key[0] in r.stderr and "--delete-inactive" in r.stderr
    out = rotate(host, "--delete-inactive")
    assert out["Status"] == "Rotated"
    assert len(world.keys()) == 1
    assert_healthy(host, world)


def test_two_active_keys_refuse(host, world, proxy):
    other = world.new_key()
    r = rotate(host, expect_rc=22)
    assert other[0] in r.stderr and world.key[0] in r.stderr
    assert not proxy.changing_calls()


def test_grace_period_keeps_the_old_key_until_a_later_run(host, world, proxy):
    # Long enough that the run itself (publishing included) cannot outlast it on a slow host.
    out = rotate(host, "--grace-period", "4")
    assert out["Status"] == "GraceWaiting"
    new_id, new_secret = profile_keys(host)
    assert world.keys() == {world.key[0]: "Active", new_id: "Active"}
    # The journal: key ids and steps, owner-only, never a secret.
    journal = host.aws_dir / JOURNAL
    record = json.loads(journal.read_text())
    assert record["Step"] == "GraceWaiting" and record["NewAccessKeyId"] == new_id
    assert new_secret not in journal.read_text() and world.key[1] not in journal.read_text()
    assert host.mode(journal) == 0o600
    # Too early: nothing more happens.
    out = rotate(host)
    assert out["Status"] == "GraceWaiting" and out["Resumed"] is True
    time.sleep(4.2)
    out = rotate(host)
    assert out["Status"] == "Rotated" and out["Resumed"] is True
    assert world.keys() == {new_id: "Active"}
    assert not (host.aws_dir / JOURNAL).exists()


def test_the_old_key_used_after_the_switch_stays(host, world, proxy):
    out = rotate(host, "--grace-period", "4")
    assert out["Status"] == "GraceWaiting"
    time.sleep(4.2)
    # Another host still uses the old key.
    from keyworld import client
    client("iam", world.moto.url, *world.key).list_access_keys(UserName=HOST_USER)
    out = rotate(host)
    assert out["Status"] == "OldKeyInUse"
    assert world.keys()[world.key[0]] == "Active"


def test_a_new_key_rejected_at_first_is_waited_for(host, world, proxy):
    proxy.reject_new_until = time.monotonic() + 3
    out = rotate(host)
    assert out["Status"] == "Rotated"
    new_id, _ = profile_keys(host)
    rejected = [c for c in proxy.calls if c.key == new_id and c.action == "GetCallerIdentity"]
    assert len(rejected) >= 3
    assert_healthy(host, world)


def test_a_new_key_never_accepted_is_deleted_and_nothing_changes(host, world, proxy):
    proxy.reject_new_until = time.monotonic() + 3600
    host.setenv(AWSCRED_PROPAGATION_TIMEOUT_MS="2500")
    before = host.credentials_path.read_bytes()
    r = rotate(host, expect_rc=20)
    assert "deleted" in r.stderr
    assert host.credentials_path.read_bytes() == before
    assert world.keys() == {world.key[0]: "Active"}
    assert not (host.aws_dir / JOURNAL).exists()
    assert world.current_secret()["AccessKeyId"] == world.key[0]


def test_a_second_rotation_while_one_runs_is_refused(host, world, proxy):
    proxy.reject_new_until = time.monotonic() + 3600
    host.setenv(AWSCRED_PROPAGATION_TIMEOUT_MS="8000")
    first = subprocess.Popen([str(host.awscred_bin), "rotate", "web"], env=dict(host.env),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not any(c.action == "CreateAccessKey" for c in proxy.calls):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        r = rotate(host, expect_rc=21)
        assert "another rotation" in r.stderr
        assert len(world.keys()) == 2  # never a third key
    finally:
        first.wait(timeout=30)
    assert first.returncode == 20
    assert world.keys() == {world.key[0]: "Active"}


def test_ctrl_c_before_the_switch_undoes_everything(host, world, proxy):
    proxy.reject_new_until = time.monotonic() + 3600
    before = host.credentials_path.read_bytes()
    p = subprocess.Popen([str(host.awscred_bin), "rotate", "web"], env=dict(host.env),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not any(c.action == "CreateAccessKey" for c in proxy.calls):
        assert time.monotonic() < deadline and p.poll() is None
        time.sleep(0.05)
    time.sleep(0.5)
    p.send_signal(2)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 130, (out, err)
    assert "Cancelled" in out
    assert host.credentials_path.read_bytes() == before
    assert world.keys() == {world.key[0]: "Active"}
    assert not (host.aws_dir / JOURNAL).exists()


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_a_failure_at_every_call_leaves_a_working_key(sandbox, moto, fault):
    """For each call i of a rotation: call i fails; then a second run (no fault) finishes."""
    n = None
    i = failed = resumed = 0
    while n is None or i < n:
        world = World(moto)
        proxy = FaultProxy(moto.url, known=[world.key[0], world.admin[0]])
        try:
            sandbox.secret(world.key[1])
            sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1]))
            sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1",
                           AWS_MAX_ATTEMPTS="1", AWSCRED_VERIFY_SUCCESSES="1",
                           AWSCRED_PROPAGATION_TIMEOUT_MS="4000")
            if n is None:
                rotate(sandbox)
                n = len(proxy.calls)
                assert n >= 12, proxy.calls
                moto.reset()
                continue
            proxy.fail_at = {i: fault}
            first = sandbox.awscred("rotate", "web", expect_rc=None)
            hit = proxy.calls[i]
            if hit.key == world.key[0] or hit.service == "secretsmanager":
                # Planning, creating and publishing are not retried: the run stops there.
                assert first.returncode != 0, (i, hit)
                failed += 1
            assert_healthy(sandbox, world)
            proxy.fail_at = {}
            out = rotate(sandbox)
            resumed += out["Resumed"]
            assert out["Status"] == "Rotated", (i, first.stderr, out)
            keys = assert_healthy(sandbox, world)
            assert len(keys) == 1, (i, keys)
            assert not (sandbox.aws_dir / JOURNAL).exists()
            assert world.current_secret()["AccessKeyId"] == profile_keys(sandbox)[0]
        finally:
            proxy.stop()
        moto.reset()
        i += 1
    # Checks of the new key and its changing IAM calls are retried within their deadline; every
    # other fault stopped its run, and the faults after the profile switch were finished by a
    # resumed run.
    assert failed >= 6 and resumed >= 3, (failed, resumed, n)


def test_a_kill_after_every_call_is_finished_by_the_next_run(sandbox, moto):
    """For each call i of a rotation: SIGKILL right after call i reached AWS; the next run
    resumes or cleans up and finishes."""
    n = None
    i = resumed = cleaned = 0
    while n is None or i < n:
        world = World(moto)
        proxy = FaultProxy(moto.url, known=[world.key[0], world.admin[0]])
        try:
            sandbox.secret(world.key[1])
            sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1]))
            sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1",
                           AWS_MAX_ATTEMPTS="1", AWSCRED_VERIFY_SUCCESSES="1")
            if n is None:
                rotate(sandbox)
                n = len(proxy.calls)
                moto.reset()
                continue
            proxy.fail_at = {i: "kill"}
            p = subprocess.Popen([str(sandbox.awscred_bin), "rotate", "web"],
                                 env=dict(sandbox.env), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            proxy.victim_pid = p.pid
            p.communicate(timeout=60)
            assert p.returncode == -9, (i, p.returncode, proxy.calls)
            assert_healthy(sandbox, world)
            proxy.fail_at = {}
            out = rotate(sandbox)
            assert out["Status"] == "Rotated", (i, out)
            resumed += out["Resumed"]
            cleaned += any("interrupted rotation" in note for note in out["Notes"])
            keys = assert_healthy(sandbox, world)
            assert len(keys) == 1, (i, keys)
            assert not (sandbox.aws_dir / JOURNAL).exists()
        finally:
            proxy.stop()
        moto.reset()
        i += 1
    # Kills before the switch left a key that the next run deleted; kills after it were resumed.
    assert cleaned >= 3 and resumed >= 3, (cleaned, resumed, n)


def reject_new_key_after_deactivation(proxy, world, actions):
    """From the UpdateAccessKey that deactivates the old key on, the proxy rejects the new key's
    calls of `actions` (all when None), as if AWS had stopped accepting it."""
    from keyworld import _error_xml
    state = {"after": False}

    def intercept(req, call):
        if call.action == "UpdateAccessKey" and "Status=Inactive" in req.body.decode():
            state["after"] = True
            return None
        if (state["after"] and call.key not in (world.key[0], world.admin[0])
                and (actions is None or call.action in actions)):
            return 403, {"Content-Type": "text/xml"}, _error_xml(
                "InvalidClientTokenId", "The security token included in the request is invalid.")
        return None

    proxy.intercept = intercept


def test_a_new_key_that_stops_working_after_deactivation_is_rolled_back(host, world, proxy):
    # STS stops taking the new key; IAM still does, so the new key can reactivate the old one.
    reject_new_key_after_deactivation(proxy, world, {"GetCallerIdentity"})
    host.setenv(AWSCRED_PROPAGATION_TIMEOUT_MS="3000")
    before = host.credentials_path.read_bytes()
    r = rotate(host, expect_rc=20)
    assert "reactivated" in r.stderr and world.key[0] in r.stderr
    assert host.credentials_path.read_bytes() == before
    assert world.keys() == {world.key[0]: "Active"}
    assert not (host.aws_dir / JOURNAL).exists()
    reactivations = [c for c in proxy.calls if c.action == "UpdateAccessKey"]
    assert len(reactivations) == 2 and reactivations[1].key != world.key[0]


def test_when_neither_key_can_act_the_rotation_stops_with_both_ids(host, world, proxy):
    reject_new_key_after_deactivation(proxy, world, None)
    host.setenv(AWSCRED_PROPAGATION_TIMEOUT_MS="3000")
    r = rotate(host, expect_rc=24)
    new_id = profile_keys(host)[0]
    assert world.key[0] in r.stderr and new_id in r.stderr and "IAM console" in r.stderr
    assert (host.aws_dir / JOURNAL).exists()
    assert world.keys() == {world.key[0]: "Inactive", new_id: "Active"}
