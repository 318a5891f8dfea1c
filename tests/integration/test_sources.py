"""Base credential sources other than static keys: web identity (profile and environment),
credential_process (alone and under a role), ECS container credentials, EC2 instance metadata
(IMDSv2) and IAM Identity Center (sso-session and legacy), each against a local stand-in."""

import json
import sys
import time
from datetime import datetime, timezone

from localaws import closed_port, json_response, sha1_hex, text_response

BASE_KEY = "AKIDINTEGSRC00000001"
BASE_SECRET = "fakeSecretIntegSources/0001+abcdefghijk"


def utc(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sts_calls(spy, action):
    return [r for r in spy.requests if r.form.get("Action") == action]


# ------------------------------------------------------------------------------------------------
# 7. web identity
# ------------------------------------------------------------------------------------------------

WEB_ROLE = "arn:aws:iam::123456789012:role/IntegWebRole"
WEB_TOKEN = "fake.web-identity-token.integ0007"


def test_web_identity_profile(sandbox, sts_spy):
    token_file = sandbox.write(sandbox.tmp / "token.jwt", WEB_TOKEN + "\n")
    sandbox.secret(WEB_TOKEN)
    sandbox.config(f"""
        [profile W]
        role_arn = {WEB_ROLE}
        web_identity_token_file = {token_file}
        role_session_name = integ-web
        """)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)

    creds = sandbox.get("W")
    assert creds["Source"] == "WebIdentity"
    assert creds["ProfileName"] == "W"
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["AccountId"] == "123456789012"
    [call] = sts_calls(sts_spy, "AssumeRoleWithWebIdentity")
    assert call.form["RoleArn"] == WEB_ROLE
    assert call.form["RoleSessionName"] == "integ-web"
    assert call.form["WebIdentityToken"] == WEB_TOKEN
    assert call.signing_key_id is None, "AssumeRoleWithWebIdentity is an unsigned call"

    who = sandbox.whoami("W")
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/IntegWebRole/integ-web"


def test_web_identity_from_environment(sandbox, sts_spy):
    token_file = sandbox.write(sandbox.tmp / "token", WEB_TOKEN)
    sandbox.secret(WEB_TOKEN)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url, AWS_WEB_IDENTITY_TOKEN_FILE=token_file,
                   AWS_ROLE_ARN=WEB_ROLE, AWS_ROLE_SESSION_NAME="integ-web-env")
    assert not sandbox.config_path.exists() and not sandbox.credentials_path.exists()

    creds = sandbox.get()
    assert creds["Source"] == "WebIdentity"
    assert creds["AccessKeyId"].startswith("ASIA")
    [call] = sts_calls(sts_spy, "AssumeRoleWithWebIdentity")
    assert call.form["RoleArn"] == WEB_ROLE
    assert call.form["WebIdentityToken"] == WEB_TOKEN
    assert call.form["RoleSessionName"] == "integ-web-env"

    who = sandbox.whoami()
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/IntegWebRole/integ-web-env"


# ------------------------------------------------------------------------------------------------
# 8. credential_process
# ------------------------------------------------------------------------------------------------

PROC_KEY = "AKIDINTEGPROC0000001"
PROC_SECRET = "fakeSecretIntegProcess/0008+abcdefghijkl"
PROC_TOKEN = "fakeTokenIntegProcess0008//+=="
PROC_ACCOUNT = "777788889999"

PROC_SCRIPT = """\
import json, sys
mode = sys.argv[1]
if mode == "ok":
    print(json.dumps({"Version": 1, "AccessKeyId": %(key)r, "SecretAccessKey": %(secret)r,
                      "SessionToken": %(token)r, "Expiration": %(exp)r, "AccountId": %(acct)r}))
elif mode == "fail":
    sys.stderr.write("integ process failed: first line\\nsecond line of the failure\\n")
    sys.exit(3)
elif mode == "version2":
    print(json.dumps({"Version": 2, "AccessKeyId": %(key)r, "SecretAccessKey": %(secret)r}))
"""


def process_profiles(sb):
    exp = utc(time.time() + 2 * 3600)
    script = sb.write(sb.tmp / "proc.py", PROC_SCRIPT % {
        "key": PROC_KEY, "secret": PROC_SECRET, "token": PROC_TOKEN, "exp": exp,
        "acct": PROC_ACCOUNT})
    sb.secret(PROC_SECRET, PROC_TOKEN)
    cmd = f"{sys.executable} {script}"
    sb.config(f"""
        [profile P]
        credential_process = {cmd} ok

        [profile PR]
        role_arn = arn:aws:iam::123456789012:role/IntegProcRole
        source_profile = P
        role_session_name = integ-proc

        [profile PF]
        credential_process = {cmd} fail

        [profile PV]
        credential_process = {cmd} version2
        """)
    return exp


def test_credential_process_profile(sandbox):
    exp = process_profiles(sandbox)
    creds = sandbox.get("P")
    assert creds == {
        "AccessKeyId": PROC_KEY,
        "SecretAccessKey": PROC_SECRET,
        "SessionToken": PROC_TOKEN,
        "Expiration": exp,
        "AccountId": PROC_ACCOUNT,
        "ProfileName": "P",
        "Source": "Process",
    }


def test_role_over_credential_process(sandbox, sts_spy):
    process_profiles(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)
    creds = sandbox.get("PR")
    assert creds["Source"] == "AssumeRole"
    assert creds["AccessKeyId"].startswith("ASIA")
    [call] = sts_calls(sts_spy, "AssumeRole")
    assert call.form["RoleArn"] == "arn:aws:iam::123456789012:role/IntegProcRole"
    assert call.signing_key_id == PROC_KEY
    assert call.headers["x-amz-security-token"] == PROC_TOKEN
    who = sandbox.whoami("PR")
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/IntegProcRole/integ-proc"


def test_failing_credential_process(sandbox):
    process_profiles(sandbox)
    r = sandbox.awscred("get", "PF", "--json", expect_rc=9)
    assert r.stdout == ""
    assert r.stderr.startswith("awscred: ") and r.stderr.endswith("\n")
    assert r.stderr.count("\n") == 1, f"not one line: {r.stderr!r}"
    assert "'PF'" in r.stderr
    assert "integ process failed: first line" in r.stderr

    r = sandbox.awscred("get", "PV", "--json", expect_rc=9)
    assert r.stderr.count("\n") == 1 and "'PV'" in r.stderr
    assert "version" in r.stderr.lower()


# ------------------------------------------------------------------------------------------------
# 9. ECS container and EC2 instance metadata through the default chain
# ------------------------------------------------------------------------------------------------

ECS_KEY = "ASIAINTEGECS00000009"
ECS_SECRET = "fakeSecretIntegEcs/0009+abcdefghijklmnopq"
ECS_TOKEN = "fakeTokenIntegEcs0009=="
ECS_AUTH = "fake-ecs-authorization-token-0009"


def test_ecs_container_credentials(sandbox, http_server):
    exp = utc(time.time() + 3 * 3600)
    sandbox.secret(ECS_SECRET, ECS_TOKEN, ECS_AUTH)

    def app(req):
        if req.path != "/v2/credentials/integ" or req.headers.get("authorization") != ECS_AUTH:
            return text_response("denied", 401)
        return json_response({"AccessKeyId": ECS_KEY, "SecretAccessKey": ECS_SECRET,
                              "Token": ECS_TOKEN, "Expiration": exp,
                              "RoleArn": "arn:aws:iam::123456789012:role/IntegTaskRole"})

    server = http_server(app)
    sandbox.setenv(AWS_CONTAINER_CREDENTIALS_FULL_URI=f"{server.url}/v2/credentials/integ",
                   AWS_CONTAINER_AUTHORIZATION_TOKEN=ECS_AUTH)
    creds = sandbox.get()
    assert creds["Source"] == "EcsContainer"
    assert creds["AccessKeyId"] == ECS_KEY
    assert creds["SecretAccessKey"] == ECS_SECRET
    assert creds["SessionToken"] == ECS_TOKEN
    assert creds["Expiration"] == exp
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/v2/credentials/integ")]


IMDS_KEY = "ASIAINTEGIMDS0000009"
IMDS_SECRET = "fakeSecretIntegImds/0009+abcdefghijklmnop"
IMDS_TOKEN = "fakeTokenIntegImds0009=="
IMDS_SESSION = "fake-imds-session-token-0009"


def imds_app(exp, region="eu-central-1"):
    def app(req):
        if req.path == "/latest/api/token":
            if req.method != "PUT" or "x-aws-ec2-metadata-token-ttl-seconds" not in req.headers:
                return text_response("bad token request", 400)
            status, headers, body = text_response(IMDS_SESSION)
            headers["x-aws-ec2-metadata-token-ttl-seconds"] = \
                req.headers["x-aws-ec2-metadata-token-ttl-seconds"]
            return status, headers, body
        if req.headers.get("x-aws-ec2-metadata-token") != IMDS_SESSION:
            return text_response("unauthorized", 401)
        if req.path == "/latest/meta-data/iam/security-credentials/":
            return text_response("integ-instance-role")
        if req.path == "/latest/meta-data/iam/security-credentials/integ-instance-role":
            return json_response({"Code": "Success", "LastUpdated": utc(time.time()),
                                  "Type": "AWS-HMAC", "AccessKeyId": IMDS_KEY,
                                  "SecretAccessKey": IMDS_SECRET, "Token": IMDS_TOKEN,
                                  "Expiration": exp})
        if req.path == "/latest/meta-data/placement/region":
            return text_response(region)
        return text_response("not found", 404)

    return app


def test_instance_metadata_credentials_and_region(sandbox, http_server):
    exp = utc(time.time() + 6 * 3600)
    sandbox.secret(IMDS_SECRET, IMDS_TOKEN)
    server = http_server(imds_app(exp))
    sandbox.setenv(AWS_EC2_METADATA_DISABLED=None, AWS_EC2_METADATA_SERVICE_ENDPOINT=server.url)

    creds = sandbox.get()
    assert creds["Source"] == "Ec2InstanceMetadata"
    assert creds["AccessKeyId"] == IMDS_KEY
    assert creds["SecretAccessKey"] == IMDS_SECRET
    assert creds["SessionToken"] == IMDS_TOKEN
    assert creds["Expiration"] == exp
    # IMDSv2: a session token first, then every read carries it
    assert server.requests[0].method == "PUT" and server.requests[0].path == "/latest/api/token"
    gets = [r for r in server.requests if r.method == "GET"]
    assert [r.path for r in gets] == ["/latest/meta-data/iam/security-credentials/",
                                      "/latest/meta-data/iam/security-credentials/integ-instance-role"]
    assert all(r.headers["x-aws-ec2-metadata-token"] == IMDS_SESSION for r in gets)

    # nothing else configures a region: instance metadata answers
    assert sandbox.awscred_json("region") == {"Region": "eu-central-1", "Source": "InstanceMetadata"}
    assert sandbox.awscred("region").stdout == "eu-central-1\n"
    assert server.requests[-1].path == "/latest/meta-data/placement/region"


# ------------------------------------------------------------------------------------------------
# 11. IAM Identity Center
# ------------------------------------------------------------------------------------------------

SSO_ACCOUNT = "210987654321"
SSO_ROLE = "IntegSsoRole"
SSO_KEY = "ASIAINTEGSSO00000011"
SSO_SECRET = "fakeSecretIntegSso/0011+abcdefghijklmnopq"
SSO_TOKEN = "fakeTokenIntegSso0011=="
SESSION_BEARER = "fake-sso-bearer-token-session-0011"
LEGACY_BEARER = "fake-sso-bearer-token-legacy-0011"
START_URL = "https://integ-sso.example.invalid/start"
LEGACY_URL = "https://integ-legacy.example.invalid/start"


def sso_setup(sb, http_server, expires_in=3600):
    sb.secret(SSO_SECRET, SSO_TOKEN, SESSION_BEARER, LEGACY_BEARER)
    exp_ms = int(time.time() + 4 * 3600) * 1000

    def app(req):
        if req.method != "GET" or req.path != "/federation/credentials":
            return json_response({"message": "not found"}, 404)
        # like the real portal: an unknown or expired bearer token is UnauthorizedException
        if req.headers.get("x-amz-sso_bearer_token") not in (SESSION_BEARER, LEGACY_BEARER) \
                or expires_in <= 0:
            status, headers, body = json_response(
                {"message": "Session token not found or invalid"}, 401)
            headers["x-amzn-ErrorType"] = "UnauthorizedException"
            return status, headers, body
        if req.query != {"account_id": SSO_ACCOUNT, "role_name": SSO_ROLE}:
            return json_response({"message": "No access"}, 403)
        return json_response({"roleCredentials": {
            "accessKeyId": SSO_KEY, "secretAccessKey": SSO_SECRET, "sessionToken": SSO_TOKEN,
            "expiration": exp_ms}})

    portal = http_server(app)
    sb.setenv(AWS_ENDPOINT_URL_SSO=portal.url,
              # a refresh attempt must not leave the machine
              AWS_ENDPOINT_URL_SSO_OIDC=f"http://127.0.0.1:{closed_port()}")
    sb.config(f"""
        [profile S]
        sso_session = integ-sso
        sso_account_id = {SSO_ACCOUNT}
        sso_role_name = {SSO_ROLE}

        [sso-session integ-sso]
        sso_start_url = {START_URL}
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile L]
        sso_start_url = {LEGACY_URL}
        sso_region = eu-west-1
        sso_account_id = {SSO_ACCOUNT}
        sso_role_name = {SSO_ROLE}
        """)
    sso_cache = sb.aws_dir / "sso" / "cache"
    sb.write(sso_cache / f"{sha1_hex('integ-sso')}.json", json.dumps({
        "startUrl": START_URL, "region": "eu-west-1", "accessToken": SESSION_BEARER,
        "expiresAt": utc(time.time() + expires_in)}))
    sb.write(sso_cache / f"{sha1_hex(LEGACY_URL)}.json", json.dumps({
        "startUrl": LEGACY_URL, "region": "eu-west-1", "accessToken": LEGACY_BEARER,
        "expiresAt": utc(time.time() + expires_in)}))
    return portal, exp_ms


def test_sso_session_profile(sandbox, http_server):
    portal, exp_ms = sso_setup(sandbox, http_server)
    creds = sandbox.get("S")
    assert creds == {
        "AccessKeyId": SSO_KEY,
        "SecretAccessKey": SSO_SECRET,
        "SessionToken": SSO_TOKEN,
        "Expiration": utc(exp_ms // 1000),
        "AccountId": SSO_ACCOUNT,
        "ProfileName": "S",
        "Source": "Sso",
    }
    [req] = portal.requests
    assert req.headers["x-amz-sso_bearer_token"] == SESSION_BEARER
    assert req.query == {"account_id": SSO_ACCOUNT, "role_name": SSO_ROLE}


def test_sso_legacy_profile(sandbox, http_server):
    portal, exp_ms = sso_setup(sandbox, http_server)
    creds = sandbox.get("L")
    assert creds["Source"] == "Sso"
    assert creds["AccessKeyId"] == SSO_KEY
    assert creds["SecretAccessKey"] == SSO_SECRET
    assert creds["SessionToken"] == SSO_TOKEN
    assert creds["Expiration"] == utc(exp_ms // 1000)
    [req] = portal.requests
    assert req.headers["x-amz-sso_bearer_token"] == LEGACY_BEARER


def test_sso_expired_token_needs_login(sandbox, http_server):
    portal, _ = sso_setup(sandbox, http_server, expires_in=-3600)
    r = sandbox.awscred("get", "S", "--json", expect_rc=11)
    assert "awscred sso-login S" in r.stderr and "Invoke-AWSSSOLogin -ProfileName S" in r.stderr
    assert r.stderr.count("\n") == 1
    # tokens are checked before any call
    assert portal.requests == []
    # a legacy (start URL) token is never refreshed: expired, it is a login to redo at once
    r = sandbox.awscred("get", "L", "--json", expect_rc=11)
    assert "awscred sso-login L" in r.stderr
    assert r.stderr.count("\n") == 1
