"""`awscred sync` against moto with signature checking: a host's profile follows the key published
in Secrets Manager, verified with STS before it is written, and never loses a working key."""

import json

import pytest

from keyworld import HOST_USER, SECRET_NAME, FaultProxy, World

CREDS = """\
# host keys
[web]
aws_access_key_id = {id}
aws_secret_access_key = {secret}
region = us-east-1

[other]
aws_access_key_id = AKIAOTHER0000000000
aws_secret_access_key = otherSecretValue0000000000000000000000
"""


@pytest.fixture
def world(moto):
    return World(moto)


@pytest.fixture
def proxy(moto, world):
    p = FaultProxy(moto.url)
    yield p
    p.stop()


@pytest.fixture
def host(sandbox, world, proxy):
    """The sandbox as host web-1: its key in profile `web`, AWS through the proxy."""
    sandbox.secret(world.key[1], world.admin[1])
    sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1]))
    sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1", AWS_MAX_ATTEMPTS="1")
    return sandbox


def profile_key(sandbox):
    text = sandbox.credentials_path.read_text()
    section = text.split("[web]", 1)[1].split("[", 1)[0]
    return section.split("aws_access_key_id = ", 1)[1].split("\n", 1)[0]


def test_up_to_date_changes_nothing(host, world):
    before = host.credentials_path.read_bytes()
    out = host.awscred_json("sync", "web")
    assert out["Changed"] is False and "up to date" in out["Message"]
    assert out["SecretId"] == SECRET_NAME
    assert host.credentials_path.read_bytes() == before


def test_new_key_in_the_secret_is_verified_and_written(host, world, proxy):
    new = world.new_key()
    host.secret(new[1])
    world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
    before = host.credentials_path.read_text()
    r = host.awscred("sync", "web")
    assert new[1] not in r.stdout and new[1] not in r.stderr
    assert new[0] in r.stdout and world.key[0] in r.stdout
    after = host.credentials_path.read_text()
    assert profile_key(host) == new[0]
    assert f"aws_secret_access_key = {new[1]}" in after
    # Every other byte kept: the comment, the region, the other profile.
    assert after.replace(new[0], world.key[0]).replace(new[1], world.key[1]) == before
    # The new key was checked with STS, signed by itself, before the write.
    assert any(c.action == "GetCallerIdentity" and c.key == new[0] for c in proxy.calls)
    # Our state sits beside the file, dot-named and owner-only.
    visible = sorted(p.name for p in host.aws_dir.iterdir() if not p.name.startswith("."))
    assert visible == ["credentials"]
    ours = sorted(p.name for p in host.aws_dir.iterdir() if p.name.startswith("."))
    assert ours == [".config.lock", ".credentials.lock", ".credentials.sync.json",
                    ".credentials.sync.lock"], ours
    record = host.aws_dir / ".credentials.sync.json"
    assert host.mode(record) == 0o600
    assert new[1] not in record.read_text()
    # Again: up to date.
    assert host.awscred_json("sync", "web")["Changed"] is False


def test_dry_run_verifies_but_writes_nothing(host, world, proxy):
    new = world.new_key()
    host.secret(new[1])
    world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
    before = host.credentials_path.read_bytes()
    out = host.awscred_json("sync", "web", "--dry-run")
    assert out["DryRun"] is True and out["Changed"] is False
    assert out["NewAccessKeyId"] == new[0]
    assert host.credentials_path.read_bytes() == before
    assert not proxy.changing_calls()


def test_a_key_of_another_user_is_never_stored(host, world):
    world.iam().create_user(UserName="intruder")
    other = world.new_key("intruder")
    host.secret(other[1])
    world.publish({"AccessKeyId": other[0], "SecretAccessKey": other[1]})
    before = host.credentials_path.read_bytes()
    r = host.awscred("sync", "web", expect_rc=20)
    assert "KeyVerificationFailed" not in r.stdout
    assert "intruder" in r.stderr and "not stored" in r.stderr
    assert host.credentials_path.read_bytes() == before


def test_a_key_that_does_not_work_is_never_stored(host, world):
    fake = ("AKIANOTAREALKEY00000", "x" * 40)
    host.secret(fake[1])
    world.publish({"AccessKeyId": fake[0], "SecretAccessKey": fake[1]})
    before = host.credentials_path.read_bytes()
    r = host.awscred("sync", "web", expect_rc=20)
    assert fake[0] in r.stderr
    assert host.credentials_path.read_bytes() == before


@pytest.mark.parametrize("fields, missing", [
    ({"AccessKeyId": "AKIAONLYTHEID0000000"}, "SecretAccessKey"),
    ({"SecretAccessKey": "onlyTheSecretValue000000000000000000000"}, "AccessKeyId"),
])
def test_a_malformed_secret_names_the_field_and_no_value(host, world, fields, missing):
    host.secret(*[v for k, v in fields.items() if k == "SecretAccessKey"])
    world.publish(fields)
    before = host.credentials_path.read_bytes()
    r = host.awscred("sync", "web", expect_rc=18)
    assert missing in r.stderr
    assert host.credentials_path.read_bytes() == before


def test_secret_not_found_and_missing_tag(host, world):
    r = host.awscred("sync", "web", "--secret-id", "hosts/nobody", expect_rc=17)
    assert "hosts/nobody" in r.stderr
    r = host.awscred("sync", "web", "--tag-key", "NoSuchTag", expect_rc=17)
    assert "NoSuchTag" in r.stderr and HOST_USER in r.stderr


def test_access_denied_is_its_own_error(sandbox, moto):
    denied = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUserTags"], "Resource": "*"}]})
    world = World(moto, host_policy=denied)
    sandbox.secret(world.key[1])
    sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1]))
    sandbox.setenv(AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1")
    r = sandbox.awscred("sync", "web", expect_rc=19)
    assert "GetSecretValue" in r.stderr


def test_a_deleted_key_needs_the_secret_id_and_an_identity(host, world, moto):
    new = world.new_key()
    host.secret(new[1])
    world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
    world.iam().delete_access_key(UserName=HOST_USER, AccessKeyId=world.key[0])
    before = host.credentials_path.read_bytes()
    # The tag cannot be read with a deleted key.
    r = host.awscred("sync", "web", expect_rc=23)
    assert "--secret-id" in r.stderr
    # The secret is read with other credentials of the host (here: the admin's, in the
    # environment, standing in for an instance role); without an identity to check, refused.
    host.setenv(AWS_ACCESS_KEY_ID=world.admin[0], AWS_SECRET_ACCESS_KEY=world.admin[1])
    r = host.awscred("sync", "web", "--secret-id", SECRET_NAME, expect_rc=20)
    assert "--expected-user-arn" in r.stderr
    assert host.credentials_path.read_bytes() == before
    # The wrong identity: refused.
    r = host.awscred("sync", "web", "--secret-id", SECRET_NAME,
                     "--expected-user-arn", "arn:aws:iam::123456789012:user/someone-else",
                     expect_rc=20)
    assert host.credentials_path.read_bytes() == before
    out = host.awscred_json("sync", "web", "--secret-id", SECRET_NAME,
                            "--expected-user-arn", world.host_arn)
    assert out["Changed"] is True and profile_key(host) == new[0]


def test_the_identity_of_the_last_sync_serves_when_the_key_is_deleted(host, world):
    first = world.new_key()
    host.secret(first[1])
    world.publish({"AccessKeyId": first[0], "SecretAccessKey": first[1]})
    assert host.awscred_json("sync", "web")["Changed"] is True
    world.iam().delete_access_key(UserName=HOST_USER, AccessKeyId=world.key[0])
    second = world.new_key()
    host.secret(second[1])
    world.publish({"AccessKeyId": second[0], "SecretAccessKey": second[1]})
    world.iam().delete_access_key(UserName=HOST_USER, AccessKeyId=first[0])
    host.setenv(AWS_ACCESS_KEY_ID=world.admin[0], AWS_SECRET_ACCESS_KEY=world.admin[1])
    out = host.awscred_json("sync", "web", "--secret-id", SECRET_NAME)
    assert out["Changed"] is True and out["UserArn"] == world.host_arn
    assert profile_key(host) == second[0]


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_a_failing_call_changes_nothing(host, world, proxy, fault):
    new = world.new_key()
    host.secret(new[1])
    world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
    before = host.credentials_path.read_bytes()
    calls = len(proxy.calls)
    host.awscred_json("sync", "web", "--dry-run")
    per_run = len(proxy.calls) - calls
    assert per_run >= 3  # GetUser (name and tag), GetSecretValue, GetCallerIdentity of the new key
    failed = 0
    for i in range(per_run):
        proxy.calls.clear()
        proxy.fail_at = {i: fault}
        r = host.awscred("sync", "web", expect_rc=None)
        if r.returncode == 0:
            # A verification call is retried: one fault there may still end in a verified write.
            assert proxy.calls[i].action == "GetCallerIdentity" and proxy.calls[i].key == new[0]
            assert profile_key(host) == new[0]
            host.credentials_path.write_bytes(before)
        else:
            assert host.credentials_path.read_bytes() == before, (i, proxy.calls)
            failed += 1
    assert failed >= per_run - 1
    proxy.fail_at = {}
    assert host.awscred_json("sync", "web")["Changed"] is True
