"""Role profiles resolved against moto's STS: a role over static keys, a chain of two roles with an
external id, and a role with an MFA device. A recording proxy in front of moto shows exactly what
awscred sent (role, session name, external id, MFA serial and code, which key signed)."""

import json
import time
from datetime import datetime, timezone

from localaws import cli_cache_key

BASE_KEY = "AKIDINTEGBASE0000001"
BASE_SECRET = "fakeSecretIntegBase/0001+abcdefghijklmnopq"
ROLE_A = "arn:aws:iam::111122223333:role/IntegRoleA"
ROLE_B = "arn:aws:iam::444455556666:role/IntegRoleB"
EXTERNAL_ID = "fake-external-id-0002"
MFA_SERIAL = "arn:aws:iam::123456789012:mfa/integ-tester"
MFA_CODE = "864209"  # any 6 digits: moto does not check codes
ROLE_M = "arn:aws:iam::123456789012:role/IntegMfaRole"


def base_credentials(sb):
    sb.secret(BASE_SECRET)
    sb.credentials(f"""
        [base]
        aws_access_key_id = {BASE_KEY}
        aws_secret_access_key = {BASE_SECRET}
        """)


def parse_utc(text):
    return datetime.strptime(text.replace("+00:00", "Z").split(".")[0].rstrip("Z"),
                             "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()


def sts_calls(spy, action):
    return [r for r in spy.requests if r.form.get("Action") == action]


def test_role_over_static_source_profile(sandbox, sts_spy):
    base_credentials(sandbox)
    sandbox.config(f"""
        [profile A]
        role_arn = {ROLE_A}
        source_profile = base
        role_session_name = integ-session-a
        """)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)

    before = time.time()
    creds = sandbox.get("A")
    assert creds["Source"] == "AssumeRole"
    assert creds["ProfileName"] == "A"
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40
    assert creds["SessionToken"]
    assert creds["AccountId"] == "111122223333"
    assert "Cached" not in creds
    # moto's default duration is one hour
    assert before + 3500 < parse_utc(creds["Expiration"]) < time.time() + 3700

    [call] = sts_calls(sts_spy, "AssumeRole")
    assert call.form["RoleArn"] == ROLE_A
    assert call.form["RoleSessionName"] == "integ-session-a"
    assert "ExternalId" not in call.form and "SerialNumber" not in call.form
    assert call.signing_key_id == BASE_KEY
    assert "x-amz-security-token" not in call.headers

    who = sandbox.whoami("A")
    assert who["Arn"] == "arn:aws:sts::111122223333:assumed-role/IntegRoleA/integ-session-a"
    assert who["Account"] == "111122223333"
    assert who["UserId"].endswith(":integ-session-a")
    # whoami reused the cached role (no second AssumeRole) and signed with the role's keys
    assert len(sts_calls(sts_spy, "AssumeRole")) == 1
    [ident] = sts_calls(sts_spy, "GetCallerIdentity")
    assert ident.signing_key_id == creds["AccessKeyId"]
    assert ident.headers["x-amz-security-token"] == creds["SessionToken"]


def test_chained_roles_with_external_id(sandbox, sts_spy):
    base_credentials(sandbox)
    sandbox.config(f"""
        [profile A]
        role_arn = {ROLE_A}
        source_profile = B
        role_session_name = chain-a

        [profile B]
        role_arn = {ROLE_B}
        source_profile = base
        external_id = {EXTERNAL_ID}
        """)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)

    creds = sandbox.get("A")
    assert creds["Source"] == "AssumeRole"
    assert creds["AccountId"] == "111122223333"

    first, second = sts_calls(sts_spy, "AssumeRole")
    # B first, with the base keys and the external id
    assert first.form["RoleArn"] == ROLE_B
    assert first.form["ExternalId"] == EXTERNAL_ID
    assert first.signing_key_id == BASE_KEY
    # then A, signed with B's temporary credentials
    assert second.form["RoleArn"] == ROLE_A
    assert second.form["RoleSessionName"] == "chain-a"
    assert "ExternalId" not in second.form

    # both roles cached under the AWS CLI's key derivation; B's generated session name is left
    # out of its key, A's configured one is in
    key_b = cli_cache_key({"RoleArn": ROLE_B, "ExternalId": EXTERNAL_ID})
    key_a = cli_cache_key({"RoleArn": ROLE_A, "RoleSessionName": "chain-a"})
    assert sandbox.cache_entries() == sorted([f"{key_a}.json", f"{key_b}.json"])
    b_entry = json.loads((sandbox.cache_dir / f"{key_b}.json").read_text())
    a_entry = json.loads((sandbox.cache_dir / f"{key_a}.json").read_text())
    sandbox.secret(b_entry["Credentials"]["SecretAccessKey"], b_entry["Credentials"]["SessionToken"])
    assert second.signing_key_id == b_entry["Credentials"]["AccessKeyId"]
    assert second.headers["x-amz-security-token"] == b_entry["Credentials"]["SessionToken"]
    assert a_entry["Credentials"]["AccessKeyId"] == creds["AccessKeyId"]
    assert a_entry["Credentials"]["SecretAccessKey"] == creds["SecretAccessKey"]
    assert a_entry["Credentials"]["SessionToken"] == creds["SessionToken"]

    who = sandbox.whoami("A")
    assert who["Arn"] == "arn:aws:sts::111122223333:assumed-role/IntegRoleA/chain-a"


def test_mfa_round_trip(sandbox, sts_spy):
    base_credentials(sandbox)
    sandbox.config(f"""
        [profile M]
        role_arn = {ROLE_M}
        source_profile = base
        mfa_serial = {MFA_SERIAL}
        """)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)

    # no code, standard input not a terminal: MfaRequired, naming the device, nothing sent
    r = sandbox.awscred("get", "M", "--json", expect_rc=10)
    assert MFA_SERIAL in r.stderr
    assert r.stdout == ""
    assert sts_spy.requests == []
    assert sandbox.cache_entries() == []

    creds = sandbox.get("M", "--mfa-code", MFA_CODE)
    assert creds["Source"] == "AssumeRole"
    assert "Cached" not in creds
    [call] = sts_calls(sts_spy, "AssumeRole")
    assert call.form["RoleArn"] == ROLE_M
    assert call.form["SerialNumber"] == MFA_SERIAL
    assert call.form["TokenCode"] == MFA_CODE
    assert call.signing_key_id == BASE_KEY

    # the CLI's cache file: key without the code or the generated session name, CLI format, 0600
    path = sandbox.cache_file({"RoleArn": ROLE_M, "SerialNumber": MFA_SERIAL})
    assert sandbox.cache_entries() == [path.name]
    assert sandbox.mode(path) == 0o600
    entry = json.loads(path.read_text())
    c = entry["Credentials"]
    assert c["AccessKeyId"] == creds["AccessKeyId"]
    assert c["SecretAccessKey"] == creds["SecretAccessKey"]
    assert c["SessionToken"] == creds["SessionToken"]
    assert parse_utc(c["Expiration"]) == parse_utc(creds["Expiration"])
    assert MFA_CODE not in path.read_text()

    # again without a code: from the cache, no STS call
    again = sandbox.get("M")
    assert again["Cached"] is True
    assert again["AccessKeyId"] == creds["AccessKeyId"]
    assert again["SecretAccessKey"] == creds["SecretAccessKey"]
    assert again["SessionToken"] == creds["SessionToken"]
    assert len(sts_spy.requests) == 1


INCOMPLETE_ASSUME_ROLE = (
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
    '<AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/IntegRoleA/s</Arn>'
    '<AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser><Credentials>'
    '<AccessKeyId>ASIAFAKEINCOMPLETE01</AccessKeyId>'
    '<SecretAccessKey>fakeSecretIncompleteAnswer/0001+abcdefgh</SecretAccessKey>'
    '</Credentials></AssumeRoleResult></AssumeRoleResponse>')


def test_incomplete_assume_role_answer_is_an_error(sandbox, http_server):
    """An AssumeRole answer without SessionToken and Expiration is not usable credentials."""
    base_credentials(sandbox)
    sandbox.secret("fakeSecretIncompleteAnswer/0001+abcdefgh")
    sandbox.config(f"""
        [profile A]
        role_arn = {ROLE_A}
        source_profile = base
        """)
    sts = http_server(lambda req: (200, {"Content-Type": "text/xml"},
                                   INCOMPLETE_ASSUME_ROLE.encode()))
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts.url)
    r = sandbox.awscred("get", "A", "--json", expect_rc=None)
    assert r.returncode == 12, (
        f"exit {r.returncode}: an answer without SessionToken/Expiration was accepted: {r.stdout}")
    assert sandbox.cache_entries() == []
