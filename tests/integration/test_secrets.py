"""No failing call prints a secret: static keys, session tokens, assumed-role keys, web identity
tokens, SSO bearer tokens and keys in malformed service answers stay out of stderr and stdout.

(Every failing awscred call in the whole suite is also checked by the sandbox against the secrets
that test registered; this file collects the failure paths that are about secrets.)"""

import json
import time
import urllib.request
from datetime import datetime, timezone

import pytest

from localaws import closed_port, json_response, sha1_hex

KEY = "AKIDINTEGSECRETS0015"
SECRET = "fakeSecretIntegSecrets/0015+abcdefghijk"
TOKEN = "fakeTokenIntegSecrets0015/+abc=="
ROLE = "arn:aws:iam::123456789012:role/SecretsRole"
MFA_SERIAL = "arn:aws:iam::123456789012:mfa/secrets-tester"
WEB_TOKEN = "fake.web-identity-token.secrets0015"
BEARER = "fake-sso-bearer-token-secrets-0015"
LEAKED = "fakeSecretInAMalformedAnswer/0015+abcdefg"


def utc(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def files(sb):
    token_file = sb.write(sb.tmp / "web-token", WEB_TOKEN)
    sb.secret(SECRET, TOKEN, WEB_TOKEN, BEARER, LEAKED)
    sb.credentials(f"""
        [base]
        aws_access_key_id = {KEY}
        aws_secret_access_key = {SECRET}
        aws_session_token = {TOKEN}

        [halfkeys]
        aws_secret_access_key = {SECRET}
        """)
    sb.config(f"""
        [profile role]
        role_arn = {ROLE}
        source_profile = base

        [profile mfa]
        role_arn = {ROLE}
        source_profile = base
        mfa_serial = {MFA_SERIAL}

        [profile web]
        role_arn = {ROLE}
        web_identity_token_file = {token_file}

        [profile sso]
        sso_session = sec
        sso_account_id = 111122223333
        sso_role_name = SecretsSsoRole

        [sso-session sec]
        sso_start_url = https://integ-secrets.example.invalid/start
        sso_region = us-east-1
        """)


def sso_token(sb, expires_in):
    sb.write(sb.aws_dir / "sso" / "cache" / f"{sha1_hex('sec')}.json", json.dumps({
        "accessToken": BEARER, "expiresAt": utc(time.time() + expires_in)}))


def check(sb, r):
    assert r.returncode != 0
    for s in sb.secrets:
        assert s not in r.stderr, f"stderr shows {s[:6]}...: {r.stderr!r}"
        assert s not in r.stdout, f"stdout shows {s[:6]}...: {r.stdout!r}"


def test_failures_without_network(sandbox):
    files(sandbox)
    # one attempt per call keeps this quick (the default is 3 attempts with back-off)
    sandbox.setenv(AWS_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}", AWS_MAX_ATTEMPTS=1)
    cases = [
        (("get", "role", "--json"), 12),          # STS unreachable, signed with base keys
        (("whoami", "base", "--json"), 12),
        (("export", "role", "--format", "env"), 12),
        (("credential-process", "role"), 12),
        (("get", "web", "--json"), 12),           # web identity token never printed
        (("get", "mfa", "--json"), 10),           # MFA required
        (("get", "mfa", "--mfa-code", "12ab56", "--json"), 4),
        (("get", "halfkeys", "--json"), 13),      # incomplete keys
        (("explain", "nosuch", "--json"), 3),
    ]
    for args, rc in cases:
        check(sandbox, sandbox.awscred(*args, expect_rc=rc))


def test_environment_half_keys(sandbox):
    sandbox.secret(SECRET, TOKEN)
    sandbox.setenv(AWS_SECRET_ACCESS_KEY=SECRET, AWS_SESSION_TOKEN=TOKEN)
    check(sandbox, sandbox.awscred("get", "--json", expect_rc=9))
    check(sandbox, sandbox.awscred("export", "--format", "json", expect_rc=9))


def test_sso_expired(sandbox, http_server):
    files(sandbox)
    sso_token(sandbox, -60)
    portal = http_server(lambda req: json_response({"message": "unexpected"}, 500))
    sandbox.setenv(AWS_ENDPOINT_URL_SSO=portal.url,
                   AWS_ENDPOINT_URL_SSO_OIDC=f"http://127.0.0.1:{closed_port()}")
    check(sandbox, sandbox.awscred("get", "sso", "--json", expect_rc=11))


@pytest.fixture
def enforcing_moto(moto):
    """moto checking signatures: unknown keys get InvalidClientTokenId."""

    def reset_auth(value):
        req = urllib.request.Request(f"{moto.url}/moto-api/reset-auth", data=value.encode(),
                                     headers={"Content-Type": "text/plain"}, method="POST")
        urllib.request.urlopen(req, timeout=10).close()

    reset_auth("0")
    try:
        yield moto
    finally:
        reset_auth("inf")


def test_rejected_by_sts(sandbox, enforcing_moto):
    files(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=enforcing_moto.url)
    for args in (("get", "role", "--json"), ("whoami", "base", "--json"),
                 ("get", "mfa", "--mfa-code", "246801", "--json")):
        r = sandbox.awscred(*args, expect_rc=12)
        # (moto words this error <ErrorResponse><Errors><Error>, which the SDK cannot read the
        # code of; STS itself answers as in test_access_denied_by_sts)
        assert "STS " in r.stderr, r.stderr
        check(sandbox, r)


STS_ACCESS_DENIED = (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
    '<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/integ is not '
    'authorized to perform: sts:AssumeRole on resource: ' + ROLE + '</Message></Error>'
    '<RequestId>00000000-0000-0000-0000-000000000015</RequestId></ErrorResponse>')


def test_access_denied_by_sts(sandbox, http_server):
    files(sandbox)
    sts = http_server(lambda req: (403, {"Content-Type": "text/xml"}, STS_ACCESS_DENIED.encode()))
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts.url)
    r = sandbox.awscred("get", "role", "--json", expect_rc=12)
    assert "AccessDenied" in r.stderr and "not authorized to perform: sts:AssumeRole" in r.stderr
    assert r.stderr.count("\n") == 1
    check(sandbox, r)
    [req] = sts.requests
    assert req.signing_key_id == KEY


MALFORMED_SSO = {
    # a 200 whose expiration is not a number: the body holds the role's secret key
    "bad-expiration": (200, {"roleCredentials": {"accessKeyId": "ASIAFAKEMALFORMED015",
                                                 "secretAccessKey": LEAKED,
                                                 "sessionToken": "fakeTokenMalformed",
                                                 "expiration": "soon"}}),
    "truncated": (200, '{"roleCredentials": {"accessKeyId": "ASIAFAKEMALFORMED015", '
                       f'"secretAccessKey": "{LEAKED}"'),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_SSO))
def test_malformed_sso_answer_does_not_print_its_keys(sandbox, http_server, case):
    files(sandbox)
    sso_token(sandbox, 3600)
    status, body = MALFORMED_SSO[case]
    payload = body if isinstance(body, str) else json.dumps(body)
    portal = http_server(lambda req: (status, {"Content-Type": "application/json"},
                                      payload.encode()))
    sandbox.setenv(AWS_ENDPOINT_URL_SSO=portal.url,
                   AWS_ENDPOINT_URL_SSO_OIDC=f"http://127.0.0.1:{closed_port()}")
    r = sandbox.awscred("get", "sso", "--json", expect_rc=None)
    check(sandbox, r)
    # an answer that cannot be read is a service error, not a login to redo
    assert r.returncode == 12, r.stderr
