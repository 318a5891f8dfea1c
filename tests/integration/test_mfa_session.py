"""Sync and rotation with -TokenCode / --mfa-code: the IAM and Secrets Manager calls made with the
profile's key go through an STS GetSessionToken session made with the profile's mfa_serial and the
code, as accounts whose policies allow IAM only with MFA require. moto's session keys are unusable
(static example keys) and it checks no MFA policy, so moto runs without signature checks here and
the proxy plays STS GetSessionToken: it answers with the user's own key id and secret plus a
session token of its own, which moto ignores; every call then shows which token it carried. The
proxy also denies the changing IAM calls that come without the session (the new key has none), as
an MFA policy would."""

import json
import time
import urllib.parse

import pytest

from keyworld import SECRET_NAME, FaultProxy, World

SERIAL = "arn:aws:iam::123456789012:mfa/web-1"
CODE = "864097"
TOKEN = "MFASESSIONTOKEN0000000000000000000000000"
CREDS = """\
[web]
aws_access_key_id = {id}
aws_secret_access_key = {secret}
mfa_serial = {serial}
region = us-east-1
"""


def session_answer(key, secret):
    body = (f'<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<GetSessionTokenResult><Credentials><SessionToken>{TOKEN}</SessionToken>"
            f"<SecretAccessKey>{secret}</SecretAccessKey><Expiration>2099-01-01T00:00:00Z"
            f"</Expiration><AccessKeyId>{key}</AccessKeyId></Credentials>"
            f"</GetSessionTokenResult><ResponseMetadata><RequestId>p</RequestId>"
            f"</ResponseMetadata></GetSessionTokenResponse>")
    return 200, {"Content-Type": "text/xml"}, body.encode()


def denied(action):
    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>"
            f"{action} needs MFA</Message></Error><RequestId>p</RequestId></ErrorResponse>")
    return 403, {"Content-Type": "text/xml"}, body.encode()


@pytest.fixture
def host(sandbox, moto):
    world = World(moto)
    # moto cannot check session keys: signatures off for this file (the proxy plays the policy).
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(
        f"{moto.url}/moto-api/reset-auth", data=b"inf", method="POST",
        headers={"Content-Type": "text/plain"}), timeout=10).close()
    proxy = FaultProxy(moto.url)
    sessions = []

    def intercept(req, call):
        if call.action == "GetSessionToken":
            form = urllib.parse.parse_qs(req.body.decode())
            sessions.append((call.key, form.get("SerialNumber", [None])[0],
                             form.get("TokenCode", [None])[0]))
            # The session of whichever key asked (its own id and secret, plus our token).
            secret = world.key[1] if call.key == world.key[0] else None
            assert secret, "only the profile's key asks for a session"
            return session_answer(call.key, secret)
        if call.action in ("UpdateAccessKey", "DeleteAccessKey", "CreateAccessKey") \
                and call.token != TOKEN:
            return denied(call.action)
        return None

    proxy.intercept = intercept
    sandbox.secret(world.key[1], world.admin[1])
    sandbox.credentials(CREDS.format(id=world.key[0], secret=world.key[1], serial=SERIAL))
    sandbox.setenv(AWS_ENDPOINT_URL=proxy.url, AWS_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
                   AWSCRED_VERIFY_SUCCESSES="1")
    sandbox.world, sandbox.proxy, sandbox.sessions = world, proxy, sessions
    yield sandbox
    proxy.stop()
    assert not proxy.server.errors, proxy.server.errors


def test_sync_reads_through_the_mfa_session(host):
    world = host.world
    new = world.new_key()
    host.secret(new[1])
    world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
    out = host.awscred_json("sync", "web", "--mfa-code", CODE)
    assert out["Changed"] is True
    assert host.sessions == [(world.key[0], SERIAL, CODE)]
    by_action = {c.action: c for c in host.proxy.calls}
    assert by_action["GetUser"].token == TOKEN
    assert by_action["GetSecretValue"].token == TOKEN
    # The new key verifies itself, without a session.
    assert by_action["GetCallerIdentity"].key == new[0] and by_action["GetCallerIdentity"].token is None
    assert CODE not in json.dumps(out)


def test_rotation_signs_changes_with_the_mfa_session(host):
    world = host.world
    out = host.awscred_json("rotate", "web", "--mfa-code", CODE, "--secret-id", SECRET_NAME)
    assert out["Status"] == "Rotated", out
    # One session for the run: an MFA code is accepted once.
    assert host.sessions == [(world.key[0], SERIAL, CODE)]
    calls = host.proxy.calls
    create = [c for c in calls if c.action == "CreateAccessKey"]
    assert [c.token for c in create] == [TOKEN]
    # Deactivating and deleting the old key: denied to the new key (no MFA), done by the session.
    for action in ("UpdateAccessKey", "DeleteAccessKey"):
        tried = [c for c in calls if c.action == action]
        assert [c.token for c in tried] == [None, TOKEN], (action, tried)
    new_id = out["NewAccessKeyId"]
    assert world.keys() == {new_id: "Active"}


def test_a_token_without_an_mfa_device_is_refused(host):
    host.credentials(CREDS.format(id=host.world.key[0], secret=host.world.key[1],
                                  serial=SERIAL).replace(f"mfa_serial = {SERIAL}\n", ""))
    r = host.awscred("sync", "web", "--mfa-code", CODE, expect_rc=4)
    assert "mfa_serial" in r.stderr
    r = host.awscred("sync", "web", "--mfa-code", "12ab56", expect_rc=4)
    assert not host.proxy.calls
