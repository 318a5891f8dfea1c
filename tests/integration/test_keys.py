"""`awscred keys`: every key of the profile's IAM user with status, age and last use (moto tracks
GetAccessKeyLastUsed), warnings for two active keys and old keys, and refusals for roles."""

import pytest

from keyworld import HOST_USER, World

CREDS = """\
[web]
aws_access_key_id = {id}
aws_secret_access_key = {secret}
[admin]
aws_access_key_id = {admin_id}
aws_secret_access_key = {admin_secret}
"""


@pytest.fixture
def host(sandbox, moto):
    world = World(moto)
    sandbox.secret(world.key[1], world.admin[1])
    sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1],
                                     admin_id=world.admin[0], admin_secret=world.admin[1]))
    sandbox.config("[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
                   "source_profile = admin\n")
    sandbox.setenv(AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1")
    sandbox.world = world
    return sandbox


def test_lists_the_keys_with_last_use(host):
    world = host.world
    out = host.awscred_json("keys", "web")
    assert out["UserName"] == HOST_USER and out["UserArn"] == world.host_arn
    (key,) = out["Keys"]
    assert key["AccessKeyId"] == world.key[0] and key["Status"] == "Active"
    assert key["InProfile"] is True and key["AgeDays"] == 0
    # moto records the use of the key by the calls just made.
    assert key["LastUsedDate"] and key["LastUsedService"] == "iam"
    assert out["Warnings"] == []


def test_warns_about_two_active_keys_and_old_keys(host):
    other = host.world.new_key()
    host.world.iam().update_access_key(UserName=HOST_USER, AccessKeyId=other[0],
                                       Status="Inactive")
    out = host.awscred_json("keys", "web")
    assert {k["AccessKeyId"]: k["Status"] for k in out["Keys"]} == {
        host.world.key[0]: "Active", other[0]: "Inactive"}
    assert out["Warnings"] == []
    host.world.iam().update_access_key(UserName=HOST_USER, AccessKeyId=other[0], Status="Active")
    r = host.awscred("keys", "web")
    assert "2 active keys" in r.stderr and other[0] in r.stdout
    # --max-key-age-days 0 reports no key (none is older than today); the limit is in the JSON.
    out = host.awscred_json("keys", "web", "--max-key-age-days", "0")
    assert out["MaxKeyAgeDays"] == 0


def test_a_role_profile_has_no_keys(host):
    r = host.awscred("keys", "role", expect_rc=8)
    assert "assumed-role" in r.stderr
