"""The AWS CLI's assumed-role cache (~/.aws/cli/cache): shared with `aws` in both directions, used
without network, not used with less than 15 minutes left, and never a reason to fail."""

import json
import time
from datetime import datetime, timezone

import pytest

from localaws import closed_port

BASE_KEY = "AKIDINTEGCACHE000001"
BASE_SECRET = "fakeSecretIntegCache/0001+abcdefghijklmno"
MFA_SERIAL = "arn:aws:iam::123456789012:mfa/cache-tester"
MFA_CODE = "531975"
ROLE_M = "arn:aws:iam::123456789012:role/CacheMfaRole"
ROLE_N = "arn:aws:iam::123456789012:role/CacheOtherMfaRole"
ROLE_R = "arn:aws:iam::123456789012:role/CacheRole"


def utc(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text):
    return datetime.strptime(text.split(".")[0].rstrip("Z"),
                             "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()


def setup_profiles(sb):
    sb.secret(BASE_SECRET)
    sb.credentials(f"""
        [base]
        aws_access_key_id = {BASE_KEY}
        aws_secret_access_key = {BASE_SECRET}
        """)
    sb.config(f"""
        [profile M]
        role_arn = {ROLE_M}
        source_profile = base
        mfa_serial = {MFA_SERIAL}
        region = us-east-1

        [profile N]
        role_arn = {ROLE_N}
        source_profile = base
        mfa_serial = {MFA_SERIAL}
        region = us-east-1

        [profile R]
        role_arn = {ROLE_R}
        source_profile = base
        role_session_name = cache-session
        """)


# ------------------------------------------------------------------------------------------------
# 4. shared with the AWS CLI v1
# ------------------------------------------------------------------------------------------------

def test_awscred_entry_used_by_aws_cli(sandbox, moto, aws_bin):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    creds = sandbox.get("M", "--mfa-code", MFA_CODE)
    who = sandbox.whoami("M")
    assert who["Arn"].startswith("arn:aws:sts::123456789012:assumed-role/CacheMfaRole/")

    # the CLI would have to prompt for the code without a cache hit; stdin is /dev/null
    r = sandbox.aws(aws_bin, "sts", "get-caller-identity", "--profile", "M", "--output", "json")
    assert "MFA" not in r.stderr, r.stderr
    cli_who = json.loads(r.stdout)
    assert cli_who["Arn"] == who["Arn"]
    # (moto invents a new role id per call for roles it does not know; the session part is ours)
    assert cli_who["UserId"].split(":")[1] == who["UserId"].split(":")[1]
    # and the file is still the one awscred wrote (the CLI did not need to refresh it)
    entry = json.loads(sandbox.cache_file({"RoleArn": ROLE_M,
                                           "SerialNumber": MFA_SERIAL}).read_text())
    assert entry["Credentials"]["AccessKeyId"] == creds["AccessKeyId"]


def test_aws_cli_entry_used_by_awscred(sandbox, moto, aws_bin):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    r = sandbox.aws(aws_bin, "sts", "get-caller-identity", "--profile", "N", "--output", "json",
                    stdin=MFA_CODE + "\n")
    cli_who = json.loads(r.stdout)
    path = sandbox.cache_file({"RoleArn": ROLE_N, "SerialNumber": MFA_SERIAL})
    assert sandbox.cache_entries() == [path.name], "the AWS CLI's cache key differs from ours"
    written = json.loads(path.read_text())["Credentials"]
    sandbox.secret(written["SecretAccessKey"], written["SessionToken"])

    creds = sandbox.get("N")  # no code; stdin is /dev/null
    assert creds["Cached"] is True
    assert creds["Source"] == "AssumeRole"
    assert creds["AccessKeyId"] == written["AccessKeyId"]
    assert creds["SecretAccessKey"] == written["SecretAccessKey"]
    assert creds["SessionToken"] == written["SessionToken"]
    assert creds["AccountId"] == "123456789012"
    # the CLI writes "...T..:..:..(.ffffff)Z" (or +00:00 / UTC); the same instant, to the second
    assert parse_utc(creds["Expiration"]) == int(parse_utc(written["Expiration"]))
    assert sandbox.whoami("N")["Arn"] == cli_who["Arn"]


# ------------------------------------------------------------------------------------------------
# 5. reuse without network, and the 15-minute window
# ------------------------------------------------------------------------------------------------

def test_cached_role_needs_no_network(sandbox, moto):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    first = sandbox.get("R")
    assert "Cached" not in first

    sandbox.setenv(AWS_ENDPOINT_URL_STS=f"http://127.0.0.1:{closed_port()}")
    again = sandbox.get("R")
    assert again["Cached"] is True
    for k in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "AccountId"):
        assert again[k] == first[k], k

    # with the network gone a role that is not cached fails as a connection error
    r = sandbox.awscred("get", "M", "--mfa-code", MFA_CODE, "--json", expect_rc=12)
    assert "ConnectionError" in r.stderr or "connect" in r.stderr.lower(), r.stderr


@pytest.mark.parametrize("minutes_left, reused", [(10, False), (14, False), (16, True), (30, True)])
def test_fifteen_minute_window(sandbox, moto, minutes_left, reused):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    first = sandbox.get("R")
    path = sandbox.cache_file({"RoleArn": ROLE_R, "RoleSessionName": "cache-session"})
    entry = json.loads(path.read_text())
    entry["Credentials"]["Expiration"] = utc(time.time() + minutes_left * 60)
    path.write_text(json.dumps(entry))

    second = sandbox.get("R")
    if reused:
        assert second.get("Cached") is True
        assert second["AccessKeyId"] == first["AccessKeyId"]
        assert json.loads(path.read_text()) == entry
    else:
        assert "Cached" not in second
        assert second["AccessKeyId"] != first["AccessKeyId"]
        rewritten = json.loads(path.read_text())["Credentials"]
        assert rewritten["AccessKeyId"] == second["AccessKeyId"]
        assert parse_utc(rewritten["Expiration"]) > time.time() + 50 * 60


def test_short_lived_entry_not_used_offline(sandbox, moto):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    sandbox.get("R")
    path = sandbox.cache_file({"RoleArn": ROLE_R, "RoleSessionName": "cache-session"})
    entry = json.loads(path.read_text())
    entry["Credentials"]["Expiration"] = utc(time.time() + 10 * 60)
    path.write_text(json.dumps(entry))
    sandbox.setenv(AWS_ENDPOINT_URL_STS=f"http://127.0.0.1:{closed_port()}")
    sandbox.awscred("get", "R", "--json", expect_rc=12)


# ------------------------------------------------------------------------------------------------
# 6. corrupt entries
# ------------------------------------------------------------------------------------------------

CORRUPT = {
    "truncated": b'{"Credentials": {"AccessKeyId": "ASIAFAKETRUNC", "SecretAcc',
    "garbage": b"\x00\xff\xfe garbage \x80\x81 not json",
    "empty": b"",
    "whitespace": b"   \n",
    "array": b"[]",
    "null-credentials": b'{"Credentials": null}',
    "bad-expiration": (b'{"Credentials": {"AccessKeyId": "ASIAFAKEBADEXP", "SecretAccessKey": "x",'
                       b' "SessionToken": "y", "Expiration": "not a date"}}'),
    "missing-secret": (b'{"Credentials": {"AccessKeyId": "ASIAFAKENOSECRET", "SessionToken": "y",'
                       b' "Expiration": "2999-01-01T00:00:00Z"}}'),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_entry_replaced(sandbox, moto, case):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    path = sandbox.cache_file({"RoleArn": ROLE_R, "RoleSessionName": "cache-session"})
    sandbox.write(path, CORRUPT[case])

    creds = sandbox.get("R")
    assert creds["Source"] == "AssumeRole"
    assert "Cached" not in creds
    assert creds["AccessKeyId"].startswith("ASIA") and "FAKE" not in creds["AccessKeyId"]
    entry = json.loads(path.read_text())
    assert entry["Credentials"]["AccessKeyId"] == creds["AccessKeyId"]
    assert entry["Credentials"]["SecretAccessKey"] == creds["SecretAccessKey"]
    assert entry["Credentials"]["SessionToken"] == creds["SessionToken"]
    assert sandbox.mode(path) == 0o600
    # and the rewritten entry is used next time
    assert sandbox.get("R")["Cached"] is True


def test_unwritable_cache_does_not_fail(sandbox, moto):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    # ~/.aws/cli/cache is a file: nothing can be read or written there
    sandbox.write(sandbox.cache_dir, "not a directory")
    started = time.monotonic()
    creds = sandbox.get("R")
    assert creds["Source"] == "AssumeRole" and "Cached" not in creds
    assert sandbox.get("R")["Source"] == "AssumeRole"
    assert time.monotonic() - started < 5, "a cache that cannot be written must not wait for a lock"
    assert sandbox.cache_dir.read_text() == "not a directory"


def test_entry_that_is_a_directory_does_not_fail(sandbox, moto):
    setup_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    path = sandbox.cache_file({"RoleArn": ROLE_R, "RoleSessionName": "cache-session"})
    path.mkdir(parents=True)
    creds = sandbox.get("R")
    assert creds["Source"] == "AssumeRole" and "Cached" not in creds
    assert path.is_dir()
