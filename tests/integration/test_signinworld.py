"""Tests of the sign-in stand-ins themselves (signinworld.py, scripted_browser.py), so that the
awscred tests built on them can trust them: each server is driven with plain http.client and
cryptography (positive and negative cases), then by botocore's own clients (sso-oidc, sso and
signin with botocore's DPoP code), which proves the wire shapes; the scripted browser is started
the way the Rust `webbrowser` crate and Python's webbrowser start $BROWSER.

These tests need neither the awscred binary nor moto. Nothing secret is printed: assertion
messages name fields, not values.
"""

import base64
import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import botocore.credentials
import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError, LoginRefreshRequired
from botocore.utils import LoginTokenLoader
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, decode_dss_signature

from localaws import LocalHttpServer, text_response
from signinworld import (CROSS_DEVICE_CLIENT, DEFAULT_SESSION_ARN, REDACTED, SAME_DEVICE_CLIENT,
                         CrtEcShim,
                         SigninServer, SsoServer, b64url, b64url_decode, compact_jws,
                         dpop_proof, jwk_of, jwk_thumbprint, pkce_pair)

HERE = Path(__file__).resolve().parent
BROWSER_SCRIPT = HERE / "scripted_browser.py"
CALLBACK = "http://127.0.0.1:9/oauth/callback"  # never visited unless a browser follows
START_URL = "https://example.awsapps.com/start"
# The coral-style suffix AWS services may append to x-amzn-ErrorType; clients cut it at ':'.
ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"


# ------------------------------------------------------------------------------------------------
# Plain HTTP
# ------------------------------------------------------------------------------------------------

class Reply:
    """A response: status, headers (lower-case names), body bytes."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def location_query(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.headers["location"]).query))

    @property
    def error(self):
        """(x-amzn-ErrorType, body `error`) of an error answer."""
        return self.headers.get("x-amzn-errortype"), self.json.get("error")


def request(method, url, body=None, headers=None):
    """One request with http.client: header names sent as given, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=data,
                     headers=all_headers)
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


# ------------------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------------------

@pytest.fixture
def signin():
    server = SigninServer()
    yield server
    server.stop()
    assert not server.errors, server.errors


@pytest.fixture
def sso():
    server = SsoServer()
    yield server
    server.stop()
    assert not server.errors, server.errors


@pytest.fixture
def loopback():
    """The client's loopback listener: answers /oauth/callback and records what reached it."""
    server = LocalHttpServer(lambda req: text_response("You can close this window."))
    yield server
    server.stop()


def callbacks(server):
    return [r.query for r in server.requests if r.path == "/oauth/callback"]


# ------------------------------------------------------------------------------------------------
# Sign-In helpers: the client side of `aws login`
# ------------------------------------------------------------------------------------------------

def authorize_url(base, client_id=SAME_DEVICE_CLIENT, redirect_uri=CALLBACK, state="st-1",
                  challenge=None, **overrides):
    """The authorize URL as the AWS CLI builds it (code_challenge appended unencoded)."""
    params = {"response_type": "code", "client_id": client_id, "state": state,
              "code_challenge_method": "SHA-256", "scope": "openid", "redirect_uri": redirect_uri}
    params.update(overrides)
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    return f"{base}/v1/authorize?{query}&code_challenge={challenge or pkce_pair()[1]}"


def get_code(signin, redirect_uri=CALLBACK, client_id=SAME_DEVICE_CLIENT):
    """Authorizes (same-device) and returns (code, verifier)."""
    verifier, challenge = pkce_pair()
    r = request("GET", authorize_url(signin.url, client_id, redirect_uri, challenge=challenge))
    assert r.status == 302, r.status
    return r.location_query["code"], verifier


def exchange(signin, code, verifier, key, redirect_uri=CALLBACK, client_id=SAME_DEVICE_CLIENT,
             header="DPoP", proof=None):
    body = {"clientId": client_id, "grantType": "authorization_code", "code": code,
            "codeVerifier": verifier, "redirectUri": redirect_uri}
    proof = proof if proof is not None else dpop_proof(key, signin.token_url)
    return request("POST", signin.token_url, body, {header: proof} if proof else {})


def refresh(signin, refresh_token, key, client_id=SAME_DEVICE_CLIENT, header="dpop"):
    body = {"clientId": client_id, "grantType": "refresh_token", "refreshToken": refresh_token}
    return request("POST", signin.token_url, body, {header: dpop_proof(key, signin.token_url)})


def login(signin, key):
    """A full same-device login; returns the token response."""
    code, verifier = get_code(signin)
    r = exchange(signin, code, verifier, key)
    assert r.status == 200, (r.status, r.error)
    return r.json


def jwt_payload(token):
    return json.loads(b64url_decode(token.split(".")[1]))


# ------------------------------------------------------------------------------------------------
# SigninServer
# ------------------------------------------------------------------------------------------------

def test_same_device_login_issues_credentials_and_id_token(signin):
    verifier, challenge = pkce_pair()
    r = request("GET", authorize_url(signin.url, challenge=challenge, state="s-123"))
    assert r.status == 302
    assert r.headers["location"].startswith(CALLBACK + "?")
    q = r.location_query
    assert set(q) == {"code", "state"} and q["state"] == "s-123"

    key = new_key()
    r = exchange(signin, q["code"], verifier, key)
    assert r.status == 200, r.error
    assert r.headers["content-type"] == "application/json"
    out = r.json
    assert set(out) == {"accessToken", "tokenType", "expiresIn", "refreshToken", "idToken"}
    assert set(out["accessToken"]) == {"accessKeyId", "secretAccessKey", "sessionToken"}
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", out["accessToken"]["accessKeyId"])
    assert out["tokenType"] == "aws_sigv4" and out["expiresIn"] == 900
    claims = jwt_payload(out["idToken"])
    assert claims["sub"] == DEFAULT_SESSION_ARN and claims["aud"] == SAME_DEVICE_CLIENT
    assert signin.issued[-1]["accessKeyId"] == out["accessToken"]["accessKeyId"]
    assert (signin.authorize_calls, signin.token_calls, signin.refresh_calls) == (1, 1, 0)

    call = signin.calls("/v1/token")[-1]
    assert call.dpop == "ok" and call.status == 200
    assert call.body == {"clientId": SAME_DEVICE_CLIENT, "grantType": "authorization_code",
                         "code": REDACTED, "codeVerifier": REDACTED, "redirectUri": CALLBACK}
    assert call.headers["dpop"] == REDACTED
    assert signin.calls("/v1/authorize")[-1].query["code_challenge"] == challenge


def test_session_arn_and_expires_in_are_configurable(signin):
    signin.session_arn = "arn:aws:sts::012345678910:assumed-role/Admin/admin"
    signin.expires_in = 60
    out = login(signin, new_key())
    assert jwt_payload(out["idToken"])["sub"] == signin.session_arn
    assert out["expiresIn"] == 60


def test_refresh_rotates_and_rejects_the_old_token(signin):
    key = new_key()
    first = login(signin, key)["refreshToken"]
    r = refresh(signin, first, key)  # lowercase `dpop`, as smithy-rs sends it
    assert r.status == 200, r.error
    second = r.json["refreshToken"]
    assert second != first and "idToken" not in r.json
    assert signin.calls("/v1/token")[-1].body["refreshToken"] == REDACTED

    r = refresh(signin, first, key)
    assert r.status == 400 and r.error == ("AccessDeniedException", "TOKEN_EXPIRED")
    assert set(r.json) == {"error", "message"}

    r = refresh(signin, second, key, header="DPoP")
    assert r.status == 200, r.error
    assert signin.refresh_calls == 3 and signin.token_calls == 4


def test_refresh_must_use_the_key_the_session_is_bound_to(signin):
    key = new_key()
    token = login(signin, key)["refreshToken"]
    r = refresh(signin, token, new_key())
    assert r.status == 400 and r.error == ("ValidationException", "invalid_dpop_proof")
    assert refresh(signin, token, key).status == 200  # the failed attempt did not spend it


def test_add_session_seeds_a_refreshable_session(signin):
    key = new_key()
    token = signin.add_session(key, client_id=CROSS_DEVICE_CLIENT)
    assert refresh(signin, token, key, client_id=SAME_DEVICE_CLIENT).error == (
        "ValidationException", "invalid_grant")
    r = refresh(signin, token, key, client_id=CROSS_DEVICE_CLIENT)
    assert r.status == 200, r.error
    assert signin.add_session(jwk_of(key))  # a JWK works too


def test_cross_device_page_shows_the_verification_code(signin):
    verifier, challenge = pkce_pair()
    r = request("GET", authorize_url(signin.url, CROSS_DEVICE_CLIENT, signin.confirmation_uri,
                                     state="x-1", challenge=challenge))
    assert r.status == 200 and r.headers["content-type"].startswith("text/html")
    shown = re.search(r'<pre id="verification-code">([^<]+)</pre>', r.body.decode()).group(1)
    assert shown == signin.last_cross_device_code
    q = dict(urllib.parse.parse_qsl(base64.b64decode(shown).decode()))
    assert set(q) == {"code", "state"} and q["state"] == "x-1"

    r = exchange(signin, q["code"], verifier, new_key(), signin.confirmation_uri,
                 CROSS_DEVICE_CLIENT)
    assert r.status == 200, r.error


@pytest.mark.parametrize("case", [
    dict(client_id="arn:aws:signin:::devtools/other"),
    dict(redirect_uri="https://evil.example/cb"),
    dict(client_id=CROSS_DEVICE_CLIENT),                      # loopback redirect: not cross
    dict(redirect_uri=None),
])
def test_authorize_without_a_usable_client_or_redirect_answers_400(signin, case):
    r = request("GET", authorize_url(signin.url, **case))
    assert r.status == 400 and "location" not in r.headers


@pytest.mark.parametrize("override, problem", [
    (dict(code_challenge_method="S256"), "code_challenge_method"),
    (dict(scope="openid profile"), "scope"),
    (dict(scope=None), "scope"),
    (dict(response_type="token"), "response_type"),
    (dict(challenge="short"), "code_challenge"),
])
def test_authorize_parameter_errors_go_back_to_the_redirect_uri(signin, override, problem):
    r = request("GET", authorize_url(signin.url, state="s-9", **override))
    assert r.status == 302
    q = r.location_query
    assert q["error"] == "invalid_request" and problem in q["error_description"]
    assert q["state"] == "s-9" and "code" not in q


def test_deny_next_consent_deny_and_wrong_state(signin):
    signin.deny_next = "access_denied"
    q = request("GET", authorize_url(signin.url, state="s-1")).location_query
    assert q == {"error": "access_denied", "state": "s-1"}
    assert "code" in request("GET", authorize_url(signin.url)).location_query  # one-shot

    q = request("GET", authorize_url(signin.url, state="s-2", consent="deny")).location_query
    assert q == {"error": "access_denied", "state": "s-2"}

    signin.wrong_state = True
    q = request("GET", authorize_url(signin.url, state="s-3")).location_query
    assert q["code"] and q["state"] != "s-3"


def _tamper_signature(proof):
    head, payload, sig = proof.split(".")
    raw = bytearray(b64url_decode(sig))
    raw[5] ^= 1
    return f"{head}.{payload}.{b64url(bytes(raw))}"


def _der_signature(key, url):
    header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk_of(key)}
    payload = {"htm": "POST", "htu": url, "iat": int(time.time()), "jti": "der-1"}
    signing_input = (b64url(json.dumps(header).encode()) + "."
                     + b64url(json.dumps(payload).encode()))
    der = key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    return f"{signing_input}.{b64url(der)}"


def _padded(proof):
    head, payload, sig = proof.split(".")
    return f"{head}.{payload}.{sig}=="


@pytest.mark.parametrize("name, make, reason", [
    ("bad signature", lambda k, u: _tamper_signature(dpop_proof(k, u)), "signature"),
    ("signed by another key", lambda k, u: dpop_proof(new_key(), u, header={"jwk": jwk_of(k)}),
     "signature"),
    ("DER signature", _der_signature, "64-byte"),
    ("padded base64", lambda k, u: _padded(dpop_proof(k, u)), "base64url"),
    ("wrong htu", lambda k, u: dpop_proof(k, "http://127.0.0.1:1/v1/token"), "htu"),
    ("htu of another path", lambda k, u: dpop_proof(k, u.replace("/v1/token", "/v1/x")), "htu"),
    ("wrong htm", lambda k, u: dpop_proof(k, u, htm="GET"), "htm"),
    ("stale iat", lambda k, u: dpop_proof(k, u, iat=int(time.time()) - 400), "iat"),
    ("future iat", lambda k, u: dpop_proof(k, u, iat=int(time.time()) + 400), "iat"),
    ("string iat", lambda k, u: dpop_proof(k, u, iat=str(int(time.time()))), "iat"),
    ("no jti", lambda k, u: dpop_proof(k, u, payload={"jti": None}), "jti"),
    ("typ JWT", lambda k, u: dpop_proof(k, u, header={"typ": "JWT"}), "typ"),
    ("alg ES384", lambda k, u: dpop_proof(k, u, header={"alg": "ES384"}), "alg"),
    ("private key in jwk", lambda k, u: dpop_proof(k, u, header={"jwk": dict(
        jwk_of(k), d=b64url(k.private_numbers().private_value.to_bytes(32, "big")))}),
     "private"),
    ("RSA jwk", lambda k, u: dpop_proof(k, u, header={"jwk": {"kty": "RSA", "e": "AQAB"}}),
     "P-256"),
    ("not a JWS", lambda k, u: "not-a-jws", "compact"),
    ("missing header", lambda k, u: "", "missing"),
])
def test_bad_dpop_proofs_are_rejected_and_do_not_spend_the_code(signin, name, make, reason):
    key = new_key()
    code, verifier = get_code(signin)
    r = exchange(signin, code, verifier, key, proof=make(key, signin.token_url) or "")
    assert r.status == 400, name
    assert r.error == ("ValidationException", "invalid_dpop_proof"), name
    assert reason in signin.calls("/v1/token")[-1].dpop, (name, signin.calls("/v1/token")[-1].dpop)
    assert exchange(signin, code, verifier, key).status == 200, name


def test_a_reused_jti_is_rejected(signin):
    key = new_key()
    proof = dpop_proof(key, signin.token_url)
    code, verifier = get_code(signin)
    assert exchange(signin, code, verifier, key, proof=proof).status == 200
    code, verifier = get_code(signin)
    r = exchange(signin, code, verifier, key, proof=proof)
    assert r.error == ("ValidationException", "invalid_dpop_proof")
    assert signin.calls("/v1/token")[-1].dpop == "jti was already used"


def test_the_iat_leeway_is_300_seconds(signin):
    key = new_key()
    code, verifier = get_code(signin)
    proof = dpop_proof(key, signin.token_url, iat=int(time.time()) - 290)
    assert exchange(signin, code, verifier, key, proof=proof).status == 200


@pytest.mark.parametrize("field, value, expected", [
    ("codeVerifier", pkce_pair()[0], ("ValidationException", "invalid_grant")),
    ("redirectUri", "http://127.0.0.1:10/oauth/callback", ("ValidationException", "invalid_grant")),
    ("clientId", CROSS_DEVICE_CLIENT, ("ValidationException", "invalid_grant")),
    ("codeVerifier", "short", ("ValidationException", "INVALID_REQUEST")),
    ("code", "never-issued", ("AccessDeniedException", "AUTHCODE_EXPIRED")),
])
def test_code_exchange_binding_is_checked(signin, field, value, expected):
    key = new_key()
    code, verifier = get_code(signin)
    body = {"clientId": SAME_DEVICE_CLIENT, "grantType": "authorization_code", "code": code,
            "codeVerifier": verifier, "redirectUri": CALLBACK, field: value}
    r = request("POST", signin.token_url, body, {"DPoP": dpop_proof(key, signin.token_url)})
    assert r.status == 400 and r.error == expected
    if field != "code":  # a code is spent by any exchange that names it
        r = exchange(signin, code, verifier, key)
        assert r.error == ("AccessDeniedException", "AUTHCODE_EXPIRED")


def test_an_expired_or_reused_code_is_authcode_expired(signin):
    key = new_key()
    code, verifier = get_code(signin)
    assert exchange(signin, code, verifier, key).status == 200
    assert exchange(signin, code, verifier, key).error == (
        "AccessDeniedException", "AUTHCODE_EXPIRED")
    signin.code_lifetime = 0
    code, verifier = get_code(signin)
    assert exchange(signin, code, verifier, key).error == (
        "AccessDeniedException", "AUTHCODE_EXPIRED")


@pytest.mark.parametrize("body, expected", [
    (b"not json", "INVALID_REQUEST"),
    (b"[]", "INVALID_REQUEST"),
    ({"grantType": "refresh_token", "refreshToken": "x"}, "INVALID_REQUEST"),
    ({"clientId": "arn:aws:signin:::devtools/other", "grantType": "refresh_token"},
     "INVALID_REQUEST"),
    ({"clientId": SAME_DEVICE_CLIENT, "grantType": "password"}, "unsupported_grant_type"),
    ({"clientId": SAME_DEVICE_CLIENT, "grantType": "refresh_token"}, "INVALID_REQUEST"),
])
def test_malformed_token_requests_are_validation_errors(signin, body, expected):
    r = request("POST", signin.token_url, body, {"DPoP": dpop_proof(new_key(), signin.token_url)})
    assert r.status == 400 and r.error == ("ValidationException", expected)


def test_injected_failure_and_expired_sessions(signin):
    key = new_key()
    token = login(signin, key)["refreshToken"]
    signin.fail_next_token = (500, "InternalServerException",
                              {"error": "server_error", "message": "boom"})
    r = refresh(signin, token, key)
    assert r.status == 500 and r.error == ("InternalServerException", "server_error")
    assert signin.fail_next_token is None and signin.refresh_calls == 1
    assert signin.calls("/v1/token")[-1].body["refreshToken"] == REDACTED

    r = refresh(signin, token, key)  # the injected failure did not spend it
    assert r.status == 200
    signin.expire_sessions("USER_CREDENTIALS_CHANGED")
    r = refresh(signin, r.json["refreshToken"], key)
    assert r.error == ("AccessDeniedException", "USER_CREDENTIALS_CHANGED")


def test_concurrent_refreshes_with_one_token_race(signin):
    key = new_key()
    token = login(signin, key)["refreshToken"]
    signin.token_delay = 1.0
    statuses = []

    def worker():
        r = refresh(signin, token, key)
        statuses.append((r.status, r.error if r.status != 200 else None))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert time.monotonic() - started < 1.9  # the delays overlapped (in turn: over 2 s)
    assert sorted(statuses, key=str) == [
        (200, None), (400, ("AccessDeniedException", "TOKEN_EXPIRED"))]
    assert signin.refresh_calls == 2


# ------------------------------------------------------------------------------------------------
# SsoServer: SSO-OIDC
# ------------------------------------------------------------------------------------------------

def register(sso, **extra):
    r = request("POST", f"{sso.url}/client/register",
                dict({"clientName": "botocore-client-dev", "clientType": "public"}, **extra))
    assert r.status == 200, r.body
    return r.json


def create_token(sso, reg, **body):
    return request("POST", f"{sso.url}/token",
                   dict(clientId=reg["clientId"], clientSecret=reg["clientSecret"], **body))


def device_poll(sso, reg, device):
    return create_token(sso, reg, grantType="urn:ietf:params:oauth:grant-type:device_code",
                        deviceCode=device["deviceCode"])


def test_register_client_answers_90_day_secret(sso):
    before = int(time.time())
    reg = register(sso, scopes=["sso:account:access"])
    assert set(reg) == {"clientId", "clientSecret", "clientIdIssuedAt", "clientSecretExpiresAt"}
    assert before <= reg["clientIdIssuedAt"] <= time.time()
    assert reg["clientSecretExpiresAt"] - reg["clientIdIssuedAt"] == 90 * 24 * 3600
    assert sso.registrations == 1
    assert sso.calls("/client/register")[-1].body["clientName"] == "botocore-client-dev"

    r = request("POST", f"{sso.url}/client/register", {"clientName": "x", "clientType": "secret"})
    assert r.status == 400 and r.error == ("InvalidClientMetadataException",
                                           "invalid_client_metadata")
    r = request("POST", f"{sso.url}/client/register",
                {"clientName": "x", "clientType": "public", "grantTypes": ["authorization_code"],
                 "redirectUris": ["https://evil.example/cb"]})
    assert r.error == ("InvalidRedirectUriException", "invalid_redirect_uri")


def test_device_flow_pending_slow_down_then_success(sso):
    reg = register(sso)
    r = request("POST", f"{sso.url}/device_authorization",
                {"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                 "startUrl": START_URL})
    assert r.status == 200
    device = r.json
    assert set(device) == {"deviceCode", "userCode", "verificationUri",
                           "verificationUriComplete", "expiresIn", "interval"}
    assert device["verificationUriComplete"] == (
        f"{device['verificationUri']}?user_code={device['userCode']}")
    assert (device["expiresIn"], device["interval"]) == (600, 1)

    r = device_poll(sso, reg, device)
    assert r.status == 400 and r.error == ("AuthorizationPendingException",
                                           "authorization_pending")
    assert set(r.json) == {"error", "error_description"}
    sso.slow_down_times = 1
    assert device_poll(sso, reg, device).error == ("SlowDownException", "slow_down")
    assert device_poll(sso, reg, device).error[0] == "AuthorizationPendingException"

    page = request("GET", device["verificationUriComplete"])
    assert page.status == 200 and b"approved" in page.body
    r = device_poll(sso, reg, device)
    assert r.status == 200, r.body
    assert set(r.json) == {"accessToken", "tokenType", "expiresIn", "refreshToken"}
    assert r.json["tokenType"] == "Bearer" and r.json["expiresIn"] == 3600
    assert len(sso.create_token_times) == 4
    assert sso.create_token_times == sorted(sso.create_token_times)
    assert sso.calls("/token")[-1].body["deviceCode"] == REDACTED

    r = device_poll(sso, reg, device)  # a device code gives one token
    assert r.error == ("InvalidGrantException", "invalid_grant")


def test_device_flow_denied_expired_and_bad_client(sso):
    reg = register(sso)
    start = {"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
             "startUrl": START_URL}
    device = request("POST", f"{sso.url}/device_authorization", start).json
    request("GET", device["verificationUriComplete"] + "&consent=deny")
    assert device_poll(sso, reg, device).error == ("AccessDeniedException", "access_denied")

    sso.device_expires_in = 0
    device = request("POST", f"{sso.url}/device_authorization", start).json
    assert device_poll(sso, reg, device).error == ("ExpiredTokenException", "expired_token")

    bad = dict(reg, clientSecret="wrong")
    r = device_poll(sso, bad, device)
    assert r.status == 401 and r.error == ("InvalidClientException", "invalid_client")
    r = request("POST", f"{sso.url}/device_authorization", dict(start, clientSecret="wrong"))
    assert r.status == 401 and r.error[0] == "InvalidClientException"
    r = request("POST", f"{sso.url}/device_authorization", dict(start, startUrl=None))
    assert r.status == 400 and r.error == ("InvalidRequestException", "invalid_request")


def test_enforced_interval_answers_slow_down_to_a_hasty_poller(sso):
    sso.enforce_interval = True
    reg = register(sso)
    device = request("POST", f"{sso.url}/device_authorization",
                     {"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                      "startUrl": START_URL}).json
    assert device_poll(sso, reg, device).error[0] == "AuthorizationPendingException"
    assert device_poll(sso, reg, device).error[0] == "SlowDownException"
    sso.approve()
    assert device_poll(sso, reg, device).error[0] == "SlowDownException"  # now 6 s apart


def sso_authorize_url(sso, client_id, redirect_uri, challenge, state="st", **overrides):
    """The authorize URL as aws-cli v2's SSOTokenFetcherAuth builds it."""
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
              "state": state, "code_challenge_method": "S256", "scopes": "sso:account:access"}
    params.update(overrides)
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None},
                                   quote_via=urllib.parse.quote)
    return f"{sso.url}/authorize?{query}&code_challenge={challenge}"


def auth_code_client(sso):
    return register(sso, grantTypes=["authorization_code", "refresh_token"],
                    redirectUris=["http://127.0.0.1/oauth/callback"], issuerUrl=START_URL,
                    scopes=["sso:account:access"])


def test_authorization_code_flow_with_pkce_and_rotating_refresh(sso):
    reg = auth_code_client(sso)
    redirect = "http://127.0.0.1:4711/oauth/callback"  # registered without the port

    def fresh_code():
        verifier, challenge = pkce_pair()
        r = request("GET", sso_authorize_url(sso, reg["clientId"], redirect, challenge))
        assert r.status == 302 and r.headers["location"].startswith(redirect + "?")
        assert r.location_query["state"] == "st"
        return r.location_query["code"], verifier

    code, verifier = fresh_code()
    r = create_token(sso, reg, grantType="authorization_code", code=code, redirectUri=redirect,
                     codeVerifier=pkce_pair()[0])
    assert r.error == ("InvalidGrantException", "invalid_grant")
    code, verifier = fresh_code()
    r = create_token(sso, reg, grantType="authorization_code", code=code, codeVerifier=verifier,
                     redirectUri="http://127.0.0.1:4712/oauth/callback")
    assert r.error == ("InvalidGrantException", "invalid_grant")

    code, verifier = fresh_code()
    r = create_token(sso, reg, grantType="authorization_code", code=code, redirectUri=redirect,
                     codeVerifier=verifier)
    assert r.status == 200, r.body
    first = r.json["refreshToken"]
    r = create_token(sso, reg, grantType="authorization_code", code=code, redirectUri=redirect,
                     codeVerifier=verifier)
    assert r.error == ("InvalidGrantException", "invalid_grant")

    r = create_token(sso, reg, grantType="refresh_token", refreshToken=first)
    assert r.status == 200 and r.json["refreshToken"] != first
    assert create_token(sso, reg, grantType="refresh_token", refreshToken=first).error == (
        "InvalidGrantException", "invalid_grant")
    assert sso.refresh_calls == 2

    sso.code_lifetime = 0
    code, verifier = fresh_code()
    r = create_token(sso, reg, grantType="authorization_code", code=code, redirectUri=redirect,
                     codeVerifier=verifier)
    assert r.error == ("ExpiredTokenException", "expired_token")


@pytest.mark.parametrize("override, error", [
    (dict(scopes=None, scope="sso:account:access"), "invalid_request"),  # botocore says scopes
    (dict(code_challenge_method="SHA-256"), "invalid_request"),
    (dict(scopes="sso:account:access other:scope"), "invalid_scope"),
    (dict(consent="deny"), "access_denied"),
])
def test_sso_authorize_errors_go_back_to_the_redirect_uri(sso, override, error):
    reg = auth_code_client(sso)
    redirect = "http://127.0.0.1:4711/oauth/callback"
    r = request("GET", sso_authorize_url(sso, reg["clientId"], redirect, pkce_pair()[1],
                                         **override))
    assert r.status == 302 and r.location_query["error"] == error
    assert "code" not in r.location_query


def test_sso_authorize_refuses_unregistered_redirects_and_clients(sso):
    reg = auth_code_client(sso)
    challenge = pkce_pair()[1]
    for client_id, redirect in [(reg["clientId"], "http://127.0.0.1:4711/other"),
                                (reg["clientId"], "http://example.com/oauth/callback"),
                                ("unknown", "http://127.0.0.1:4711/oauth/callback")]:
        r = request("GET", sso_authorize_url(sso, client_id, redirect, challenge))
        assert r.status == 400 and "location" not in r.headers
    device_client = register(sso)
    r = create_token(sso, device_client, grantType="authorization_code", code="c",
                     redirectUri="http://127.0.0.1/oauth/callback", codeVerifier="v" * 43)
    assert r.error == ("UnauthorizedClientException", "unauthorized_client")
    r = create_token(sso, device_client, grantType="password")
    assert r.error == ("UnsupportedGrantTypeException", "unsupported_grant_type")


# ------------------------------------------------------------------------------------------------
# SsoServer: the portal
# ------------------------------------------------------------------------------------------------

def portal(sso, path, token, method="GET"):
    headers = {"x-amz-sso_bearer_token": token} if token else {}
    return request(method, f"{sso.url}{path}", headers=headers)


def test_portal_lists_paginate_and_role_credentials_expire_in_milliseconds(sso):
    sso.accounts = {"111111111111": {"name": "Dev", "roles": ["Admin", "Read", "Write"]},
                    "222222222222": {"name": "Prod", "roles": ["Read"]},
                    "333333333333": {"name": "Logs", "email": "logs@example.com", "roles": []}}
    token = sso.add_access_token()
    r = portal(sso, "/assignment/accounts?max_result=2", token)
    assert r.status == 200
    assert [a["accountId"] for a in r.json["accountList"]] == ["111111111111", "222222222222"]
    assert r.json["accountList"][0] == {"accountId": "111111111111", "accountName": "Dev",
                                        "emailAddress": "111111111111@example.com"}
    nxt = urllib.parse.quote(r.json["nextToken"])
    r = portal(sso, f"/assignment/accounts?max_result=2&next_token={nxt}", token)
    assert r.json == {"accountList": [{"accountId": "333333333333", "accountName": "Logs",
                                       "emailAddress": "logs@example.com"}]}
    r = portal(sso, "/assignment/accounts?next_token=garbage", token)
    assert r.status == 400 and r.headers["x-amzn-errortype"] == "InvalidRequestException"
    assert set(r.json) == {"message"}

    r = portal(sso, "/assignment/roles?account_id=111111111111&max_result=1", token)
    assert r.json["roleList"] == [{"roleName": "Admin", "accountId": "111111111111"}]
    nxt = urllib.parse.quote(r.json["nextToken"])
    r = portal(sso, f"/assignment/roles?account_id=111111111111&next_token={nxt}", token)
    assert [x["roleName"] for x in r.json["roleList"]] == ["Read", "Write"]
    assert "nextToken" not in r.json

    before = time.time()
    r = portal(sso, "/federation/credentials?role_name=Read&account_id=222222222222", token)
    assert r.status == 200
    creds = r.json["roleCredentials"]
    assert set(creds) == {"accessKeyId", "secretAccessKey", "sessionToken", "expiration"}
    assert isinstance(creds["expiration"], int)
    assert (before + 3600) * 1000 - 1000 <= creds["expiration"] <= (time.time() + 3600) * 1000
    assert sso.issued[-1]["roleName"] == "Read"
    assert sso.calls("/federation/credentials")[-1].headers["x-amz-sso_bearer_token"] == REDACTED

    r = portal(sso, "/federation/credentials?role_name=Admin&account_id=222222222222", token)
    assert r.status == 403 and r.headers["x-amzn-errortype"] == "ForbiddenException"
    r = portal(sso, "/federation/credentials?role_name=Read", token)
    assert r.status == 400


def test_portal_bearer_checks_and_logout(sso):
    reg = register(sso)
    token = sso.add_access_token()
    for bad in (None, "not-a-token"):
        r = portal(sso, "/assignment/accounts", bad)
        assert r.status == 401 and r.headers["x-amzn-errortype"] == "UnauthorizedException"
    expired = sso.add_access_token()
    sso.expire_access_token(expired)
    assert portal(sso, "/assignment/accounts", expired).status == 401

    assert portal(sso, "/assignment/accounts", token).status == 200
    r = portal(sso, "/logout", token, method="POST")
    assert r.status == 200 and r.body == b"" and sso.logouts == 1
    assert portal(sso, "/assignment/accounts", token).status == 401
    assert portal(sso, "/logout", token, method="POST").status == 401
    assert sso.logouts == 1

    # a logout also ends the refresh token issued with that access token
    device = request("POST", f"{sso.url}/device_authorization",
                     {"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                      "startUrl": START_URL}).json
    sso.approve(device["userCode"])
    out = device_poll(sso, reg, device).json
    assert portal(sso, "/logout", out["accessToken"], method="POST").status == 200
    r = create_token(sso, reg, grantType="refresh_token", refreshToken=out["refreshToken"])
    assert r.error == ("InvalidGrantException", "invalid_grant")


def test_injected_portal_failure(sso):
    token = sso.add_access_token()
    sso.fail_next["GetRoleCredentials"] = (429, "TooManyRequestsException",
                                           {"message": "slow down"})
    path = "/federation/credentials?role_name=ReadOnlyAccess&account_id=111111111111"
    r = portal(sso, path, token)
    assert r.status == 429 and r.headers["x-amzn-errortype"] == "TooManyRequestsException"
    assert portal(sso, path, token).status == 200


# ------------------------------------------------------------------------------------------------
# botocore against the servers: the wire shapes are the real ones
# ------------------------------------------------------------------------------------------------

def botocore_client(service, url, **kw):
    return botocore.session.get_session().create_client(
        service, endpoint_url=url, region_name="us-east-1",
        config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}), **kw)


def test_botocore_sso_oidc_device_flow_and_sso_portal(sso):
    sso.error_type_suffix = ERROR_TYPE_SUFFIX
    oidc = botocore_client("sso-oidc", sso.url)
    reg = oidc.register_client(clientName="botocore-client-dev", clientType="public",
                               scopes=["sso:account:access"])
    assert reg["clientSecretExpiresAt"] > time.time()
    device = oidc.start_device_authorization(clientId=reg["clientId"],
                                             clientSecret=reg["clientSecret"],
                                             startUrl=START_URL)
    assert device["interval"] == 1
    grant = dict(grantType="urn:ietf:params:oauth:grant-type:device_code",
                 clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                 deviceCode=device["deviceCode"])
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**grant)
    sso.slow_down_times = 1
    with pytest.raises(oidc.exceptions.SlowDownException):
        oidc.create_token(**grant)
    assert request("GET", device["verificationUriComplete"]).status == 200
    token = oidc.create_token(**grant)
    assert token["tokenType"] == "Bearer" and token["expiresIn"] == 3600
    refreshed = oidc.create_token(grantType="refresh_token", clientId=reg["clientId"],
                                  clientSecret=reg["clientSecret"],
                                  refreshToken=token["refreshToken"])
    access = refreshed["accessToken"]
    with pytest.raises(oidc.exceptions.InvalidClientException):
        oidc.create_token(**dict(grant, clientSecret="wrong"))

    portal_client = botocore_client("sso", sso.url)
    pages = portal_client.get_paginator("list_accounts").paginate(
        accessToken=access, PaginationConfig={"PageSize": 1})
    accounts = [a["accountId"] for page in pages for a in page["accountList"]]
    assert accounts == sorted(sso.accounts)
    assert len(sso.calls("/assignment/accounts")) == 2
    roles = portal_client.list_account_roles(accessToken=access, accountId=accounts[0])
    assert [r["roleName"] for r in roles["roleList"]] == sso.accounts[accounts[0]]["roles"]
    creds = portal_client.get_role_credentials(accessToken=access, accountId=accounts[0],
                                               roleName="ReadOnlyAccess")["roleCredentials"]
    assert creds["accessKeyId"] == sso.issued[-1]["accessKeyId"]
    assert creds["expiration"] > time.time() * 1000 + 3500 * 1000
    portal_client.logout(accessToken=access)
    with pytest.raises(portal_client.exceptions.UnauthorizedException):
        portal_client.list_accounts(accessToken=access)
    assert sso.logouts == 1


def test_botocore_sso_oidc_authorization_code_grant(sso):
    oidc = botocore_client("sso-oidc", sso.url)
    reg = oidc.register_client(clientName="botocore-client-dev", clientType="public",
                               grantTypes=["authorization_code", "refresh_token"],
                               redirectUris=["http://127.0.0.1/oauth/callback"],
                               issuerUrl=START_URL, scopes=["sso:account:access"])
    verifier, challenge = pkce_pair()
    redirect = "http://127.0.0.1:4711/oauth/callback"
    r = request("GET", sso_authorize_url(sso, reg["clientId"], redirect, challenge))
    code = r.location_query["code"]
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(grantType="authorization_code", clientId=reg["clientId"],
                          clientSecret=reg["clientSecret"], redirectUri=redirect,
                          codeVerifier=pkce_pair()[0], code=code)
    r = request("GET", sso_authorize_url(sso, reg["clientId"], redirect, challenge))
    token = oidc.create_token(grantType="authorization_code", clientId=reg["clientId"],
                              clientSecret=reg["clientSecret"], redirectUri=redirect,
                              codeVerifier=verifier, code=r.location_query["code"])
    assert token["refreshToken"] and token["accessToken"]


def test_botocore_signin_with_its_own_dpop(signin, monkeypatch):
    monkeypatch.setattr(botocore.credentials, "EC", CrtEcShim)
    key = new_key()
    session = botocore.session.get_session()

    def client_creator(service, **kw):
        assert service == "signin"
        return session.create_client(service, endpoint_url=signin.url, region_name="us-east-1",
                                     **kw)

    client = client_creator("signin", config=Config(signature_version=UNSIGNED))
    client.meta.events.register("before-call.signin.CreateOAuth2Token",
                                botocore.credentials._build_add_dpop_header_handler(
                                    CrtEcShim.Key(key)))
    code, verifier = get_code(signin)
    out = client.create_o_auth2_token(tokenInput={
        "clientId": SAME_DEVICE_CLIENT, "grantType": "authorization_code", "code": code,
        "codeVerifier": verifier, "redirectUri": CALLBACK})["tokenOutput"]
    assert signin.calls("/v1/token")[-1].dpop == "ok"
    assert jwt_payload(out["idToken"])["sub"] == DEFAULT_SESSION_ARN
    with pytest.raises(client.exceptions.AccessDeniedException) as e:
        client.create_o_auth2_token(tokenInput={
            "clientId": SAME_DEVICE_CLIENT, "grantType": "authorization_code", "code": code,
            "codeVerifier": verifier, "redirectUri": CALLBACK})
    assert e.value.response["error"] == "AUTHCODE_EXPIRED"

    # LoginCredentialFetcher.refresh_credentials: the refresh botocore does for login_session
    pem = key.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode()
    cached = {"accessToken": dict(out["accessToken"], accountId="123456789012",
                                  expiresAt="2020-01-01T00:00:00Z"),
              "tokenType": "aws_sigv4", "clientId": SAME_DEVICE_CLIENT,
              "refreshToken": out["refreshToken"], "idToken": out["idToken"], "dpopKey": pem}
    loader = LoginTokenLoader(cache={})
    loader.save_token(DEFAULT_SESSION_ARN, json.loads(json.dumps(cached)))
    fetcher = botocore.credentials.LoginCredentialFetcher(DEFAULT_SESSION_ARN, loader,
                                                          client_creator)
    creds = fetcher.refresh_credentials()
    assert creds["access_key"] == signin.issued[-1]["accessKeyId"]
    saved = loader.load_token(DEFAULT_SESSION_ARN)
    assert saved["refreshToken"] == signin.issued[-1]["refreshToken"] != out["refreshToken"]
    expires = datetime.datetime.strptime(saved["accessToken"]["expiresAt"], "%Y-%m-%dT%H:%M:%SZ")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    assert abs((expires - now).total_seconds() - 900) < 10
    call = signin.calls("/v1/token")[-1]
    assert call.dpop == "ok" and call.body["grantType"] == "refresh_token"
    assert signin.refresh_calls == 1

    # another process still holding the rotated-out refresh token must log in again
    stale = LoginTokenLoader(cache={})
    stale.save_token(DEFAULT_SESSION_ARN, json.loads(json.dumps(cached)))
    with pytest.raises(LoginRefreshRequired):
        botocore.credentials.LoginCredentialFetcher(DEFAULT_SESSION_ARN, stale,
                                                    client_creator).refresh_credentials()


def test_botocore_maps_signin_errors(signin):
    client = botocore_client("signin", signin.url)
    with pytest.raises(client.exceptions.ValidationException) as e:
        client.create_o_auth2_token(tokenInput={"clientId": SAME_DEVICE_CLIENT,
                                                "grantType": "refresh_token",
                                                "refreshToken": "x"})
    assert e.value.response["error"] == "invalid_dpop_proof"  # no DPoP header at all
    assert isinstance(e.value, ClientError)


# ------------------------------------------------------------------------------------------------
# The scripted browser
# ------------------------------------------------------------------------------------------------

def open_like_webbrowser_crate(browser_env, url):
    """What the Rust `webbrowser` crate (1.2, src/unix.rs try_with_browser_env + common.rs
    run_command) does with $BROWSER: each ':'-separated entry has %s replaced by the URL, then
    %c by ':' and %% by '%', is split on ASCII whitespace (no quoting), gets the URL appended if
    it had no %s, and is spawned with stdio on /dev/null and not waited for."""
    for browser in browser_env.split(":"):
        if not browser:
            continue
        argv = browser.replace("%s", url).replace("%c", ":").replace("%%", "%").split()
        program = argv[0] if "/" in argv[0] else shutil.which(argv[0])
        if not program or not os.path.isfile(program) or not os.access(program, os.X_OK):
            continue
        if "%s" not in browser:
            argv.append(url)
        return subprocess.Popen([program] + argv[1:], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    raise FileNotFoundError("no usable browser in BROWSER")


@pytest.fixture
def browser_env(tmp_path, monkeypatch):
    """BROWSER as awscred tests set it, and a log file; returns (BROWSER value, log path)."""
    log = tmp_path / "browser.log"
    monkeypatch.setenv("SCRIPTED_BROWSER_LOG", str(log))
    for name in ("SCRIPTED_BROWSER_MODE", "SCRIPTED_BROWSER_FOREGROUND",
                 "SCRIPTED_BROWSER_DELAY"):
        monkeypatch.delenv(name, raising=False)
    return f"{sys.executable} {BROWSER_SCRIPT} %s", log


def run_browser(url, mode="follow", foreground=True):
    env = dict(os.environ, SCRIPTED_BROWSER_MODE=mode,
               SCRIPTED_BROWSER_FOREGROUND="1" if foreground else "0")
    return subprocess.run([sys.executable, str(BROWSER_SCRIPT), url], env=env,
                          capture_output=True, text=True, timeout=30)


def test_browser_follows_the_redirect_to_the_loopback_callback(signin, loopback, browser_env):
    _, log = browser_env
    redirect = f"{loopback.url}/oauth/callback"
    verifier, challenge = pkce_pair()
    r = run_browser(authorize_url(signin.url, redirect_uri=redirect, state="st-77",
                                  challenge=challenge))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    [cb] = callbacks(loopback)
    assert cb["state"] == "st-77"
    assert exchange(signin, cb["code"], verifier, new_key(), redirect).status == 200

    lines = log.read_text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"follow 302 {signin.url}/v1/authorize?response_type=code&")
    assert "client_id=arn:aws:signin:::devtools/same-device" in lines[0]
    assert "state=*" in lines[0] and "code_challenge=*" in lines[0]
    assert lines[1] == f"follow 200 {redirect}?code=*&state=*"
    text = log.read_text()
    assert cb["code"] not in text and "st-77" not in text and challenge not in text


def test_browser_started_like_the_webbrowser_crate_returns_at_once(signin, loopback, browser_env):
    browser, _ = browser_env
    redirect = f"{loopback.url}/oauth/callback"
    started = time.monotonic()
    proc = open_like_webbrowser_crate(browser, authorize_url(signin.url, redirect_uri=redirect))
    assert proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    wait_for(lambda: callbacks(loopback), what="the loopback callback")
    assert set(callbacks(loopback)[0]) == {"code", "state"}


def test_python_webbrowser_runs_the_script_as_one_executable(signin, loopback, browser_env):
    """Python's webbrowser (botocore / AWS CLI) takes a BROWSER entry as one program name and
    waits for it: point BROWSER at the executable script itself."""
    assert os.access(BROWSER_SCRIPT, os.X_OK)
    redirect = f"{loopback.url}/oauth/callback"
    env = dict(os.environ, BROWSER=str(BROWSER_SCRIPT))
    code = "import sys, webbrowser; sys.exit(0 if webbrowser.open(sys.argv[1]) else 1)"
    r = subprocess.run([sys.executable, "-c", code, authorize_url(signin.url,
                                                                  redirect_uri=redirect)],
                       env=env, capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: callbacks(loopback), what="the loopback callback")


def test_browser_tamper_state_deny_and_close(signin, loopback, browser_env):
    _, log = browser_env
    redirect = f"{loopback.url}/oauth/callback"
    assert run_browser(authorize_url(signin.url, redirect_uri=redirect, state="a"),
                       "tamper-state").returncode == 0
    assert callbacks(loopback)[-1]["state"] == "tampered-by-scripted-browser"

    assert run_browser(authorize_url(signin.url, redirect_uri=redirect, state="b"),
                       "deny").returncode == 0
    assert callbacks(loopback)[-1] == {"error": "access_denied", "state": "b"}

    calls = signin.authorize_calls
    assert run_browser(authorize_url(signin.url, redirect_uri=redirect), "close").returncode == 0
    assert signin.authorize_calls == calls and len(callbacks(loopback)) == 2

    lines = log.read_text().splitlines()
    assert lines[1] == f"tamper-state 200 {redirect}?code=*&state=*"
    assert "consent=deny" in lines[2]
    assert lines[3] == f"deny 200 {redirect}?error=access_denied&state=*"
    assert lines[4].startswith(f"close closed {signin.url}/v1/authorize?")


def test_browser_reports_an_unreachable_callback(signin, browser_env):
    _, log = browser_env
    r = run_browser(authorize_url(signin.url, redirect_uri="http://127.0.0.1:9/oauth/callback"))
    assert r.returncode == 1
    assert log.read_text().splitlines()[-1].startswith("follow error:")


def test_browser_approves_a_device_code(sso, browser_env):
    reg = register(sso)
    device = request("POST", f"{sso.url}/device_authorization",
                     {"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                      "startUrl": START_URL}).json
    assert device_poll(sso, reg, device).error[0] == "AuthorizationPendingException"
    assert run_browser(device["verificationUriComplete"]).returncode == 0
    assert device_poll(sso, reg, device).status == 200
    _, log = browser_env
    assert log.read_text() == f"follow 200 {sso.url}/device?user_code=*\n"


def test_jwt_helpers_round_trip():
    key = new_key()
    token = compact_jws(key, {"alg": "ES256"}, {"a": 1})
    assert jwt_payload(token) == {"a": 1}
    jwk = jwk_of(key)
    assert jwk_thumbprint(jwk) == jwk_thumbprint(dict(reversed(list(jwk.items()))))
    with pytest.raises(ValueError):
        b64url_decode("abc=")
