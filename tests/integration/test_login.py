"""Console sign-in end to end through the CLI (`awscred login`, `awscred logout` and resolution of
a `login_session` profile) against signinworld.SigninServer on 127.0.0.1 and the scripted browser:
the same-device and cross-device flows, the cache file in the AWS CLI's format, the refresh under
the cache file's lock (concurrent refreshes use the refresh token once), botocore reading the
cache, the login-provider vectors, and every failure leaving nothing half written."""

import base64
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from signinworld import CROSS_DEVICE_CLIENT, SAME_DEVICE_CLIENT, SigninServer

HERE = Path(__file__).resolve().parent
BROWSER = f"{sys.executable} {HERE / 'scripted_browser.py'} %s"
ARN = "arn:aws:iam::123456789012:user/Admin"
VECTORS = HERE.parent.parent.parent / "shared" / "vectors" / "login-provider-test-cases.json"

# Status exit codes (docs/api.md).
INVALID_INPUT, LOGIN_REQUIRED, PROFILE_CONFIG, STATE_MISMATCH, LOGIN_TIMEOUT = 4, 11, 13, 25, 26


def cache_name(session):
    return hashlib.sha256(session.encode()).hexdigest() + ".json"


@pytest.fixture
def signin():
    server = SigninServer(session_arn=ARN)
    yield server
    server.stop()


@pytest.fixture
def world(sandbox, signin, tmp_path):
    sandbox.setenv(AWS_ENDPOINT_URL_SIGNIN=signin.url, BROWSER=BROWSER,
                   SCRIPTED_BROWSER_LOG=tmp_path / "browser.log", AWS_REGION=None)
    sandbox.cache = sandbox.aws_dir / "login" / "cache"
    return sandbox


def login(world, *args, expect_rc=0, timeout=60):
    r = world.awscred("login", *args, "--json", expect_rc=expect_rc, timeout=timeout)
    return json.loads(r.stdout) if expect_rc == 0 else r


def cached(world, session=ARN):
    return json.loads((world.cache / cache_name(session)).read_text())


def no_litter(world):
    """Nothing of a login is left: no cache entry, no temp file, no login_session."""
    entries = sorted(p.name for p in world.cache.iterdir()) if world.cache.exists() else []
    assert [e for e in entries if not e.endswith(".lock")] == [], entries
    assert "login_session" not in (world.config_path.read_text()
                                   if world.config_path.exists() else "")


def test_same_device_login_writes_the_cache_and_the_profile(world, signin):
    world.config("""
        # mine
        [profile other]
        region = eu-west-1
    """)
    before = world.config_path.read_text()
    out = login(world, "web", "--region", "us-east-2")
    assert out["Status"] == "LoggedIn" and out["LoginSession"] == ARN
    assert out["AccountId"] == "123456789012"
    text = world.config_path.read_text()
    assert text.startswith(before), "bytes before the new profile changed"
    assert text[len(before):] == f"\n[profile web]\nlogin_session = {ARN}\nregion = us-east-2\n"
    path = world.cache / cache_name(ARN)
    assert world.mode(path) == 0o600
    c = cached(world)
    assert set(c) == {"accessToken", "tokenType", "clientId", "refreshToken", "idToken", "dpopKey"}
    assert c["clientId"] == SAME_DEVICE_CLIENT and c["tokenType"] == "aws_sigv4"
    assert c["dpopKey"].startswith("-----BEGIN EC PRIVATE KEY-----\n")
    assert c["dpopKey"].endswith("-----END EC PRIVATE KEY-----\n")
    token = c["accessToken"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", token["expiresAt"])
    assert token["accountId"] == "123456789012"
    assert token["accessKeyId"] == signin.issued[-1]["accessKeyId"]
    world.secret(token["secretAccessKey"], token["sessionToken"], c["refreshToken"])
    # Sign-In saw one code exchange with a valid DPoP proof and PKCE, nothing refused.
    assert signin.token_calls == 1 and signin.errors == []
    got = world.get("web")
    assert (got["AccessKeyId"], got["Source"]) == (token["accessKeyId"], "Login")
    assert "Expiration" in got


def test_refresh_uses_the_refresh_token_once_and_rotates_it(world, signin):
    login(world, "web", "--region", "us-east-1")
    path = world.cache / cache_name(ARN)
    c = cached(world)
    c["accessToken"]["expiresAt"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(c))
    got = world.get("web")
    assert signin.refresh_calls == 1 and signin.errors == []
    again = cached(world)
    assert got["AccessKeyId"] == again["accessToken"]["accessKeyId"] != c["accessToken"]["accessKeyId"]
    assert again["refreshToken"] != c["refreshToken"]
    assert again["dpopKey"] == c["dpopKey"] and again["idToken"] == c["idToken"]
    world.get("web")
    assert signin.refresh_calls == 1, "a fresh entry must not be refreshed again"


def test_concurrent_refreshes_call_sign_in_once_and_never_corrupt_the_file(world, signin):
    login(world, "web", "--region", "us-east-1")
    path = world.cache / cache_name(ARN)
    c = cached(world)
    c["accessToken"]["expiresAt"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(c))
    signin.token_delay = 0.5
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: world.get("web")["AccessKeyId"], range(8)))
    assert signin.refresh_calls == 1 and signin.errors == []
    assert len(set(keys)) == 1
    assert cached(world)["accessToken"]["accessKeyId"] == keys[0]
    assert [p.name for p in world.cache.iterdir() if p.name.endswith(".tmp")] == []


def botocore_key(world, profile):
    r = world.run([sys.executable, str(HERE / "botocore_login.py"), profile])
    return r.stdout.strip()


def test_botocore_reads_and_refreshes_the_cache_written_here_and_we_read_its_refresh(world, signin):
    login(world, "web", "--region", "us-east-1")
    assert botocore_key(world, "web") == cached(world)["accessToken"]["accessKeyId"]
    path = world.cache / cache_name(ARN)
    c = cached(world)
    c["accessToken"]["expiresAt"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(c))
    key = botocore_key(world, "web")
    assert signin.refresh_calls == 1 and signin.errors == []
    assert key == cached(world)["accessToken"]["accessKeyId"] != c["accessToken"]["accessKeyId"]
    # botocore's rewrite (its DPoP key, rotated refresh token) serves awscred without a refresh.
    assert world.get("web")["AccessKeyId"] == key and signin.refresh_calls == 1


def test_cross_device_login_reads_the_pasted_code(world, signin):
    world.setenv(BROWSER="/bin/false")
    proc = subprocess.Popen([world.awscred_bin, "login", "web", "--region", "us-east-1",
                             "--remote", "--json"], env=world.env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    while url is None:
        line = proc.stderr.readline()
        assert line, "awscred ended before printing the page"
        if line.startswith("http"):
            url = line.strip()
    assert "client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device" in url
    urllib.request.urlopen(url, timeout=10).read()
    code = signin.last_cross_device_code
    out, err = proc.communicate(code + "\n", timeout=60)
    assert proc.returncode == 0, err
    assert json.loads(out)["Status"] == "LoggedIn"
    assert cached(world)["clientId"] == CROSS_DEVICE_CLIENT


def test_a_tampered_state_is_refused_and_nothing_is_written(world, signin):
    world.setenv(SCRIPTED_BROWSER_MODE="tamper-state")
    r = login(world, "web", "--region", "us-east-1", expect_rc=STATE_MISMATCH)
    assert "LoginStateMismatch" in r.stderr or "state" in r.stderr
    assert signin.token_calls == 0
    no_litter(world)


def test_a_closed_browser_tab_times_out_and_nothing_is_written(world, signin):
    world.setenv(SCRIPTED_BROWSER_MODE="close")
    started = time.monotonic()
    login(world, "web", "--region", "us-east-1", "--timeout", "2", expect_rc=LOGIN_TIMEOUT)
    assert time.monotonic() - started < 20
    no_litter(world)


def test_a_refused_sign_in_is_access_denied(world, signin):
    world.setenv(SCRIPTED_BROWSER_MODE="deny")
    login(world, "web", "--region", "us-east-1", expect_rc=19)
    no_litter(world)


def test_ctrl_c_cancels_cleanly(world, signin):
    world.setenv(SCRIPTED_BROWSER_MODE="close")
    proc = subprocess.Popen([world.awscred_bin, "login", "web", "--region", "us-east-1"],
                            env=world.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, (out, err)
    assert "Cancelled" in out
    no_litter(world)


def test_an_identity_change_needs_force(world, signin):
    login(world, "web", "--region", "us-east-1")
    signin.session_arn = "arn:aws:iam::123456789012:user/Other"
    login(world, "web", expect_rc=INVALID_INPUT)
    assert f"login_session = {ARN}" in world.config_path.read_text()
    out = login(world, "web", "--force")
    assert out["PreviousLoginSession"] is None and out["LoginSession"].endswith("/Other")
    assert "user/Other" in world.config_path.read_text()


def test_profiles_of_another_kind_and_missing_regions_are_refused(world, signin):
    world.credentials("""
        [keys]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    """)
    world.secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    login(world, "keys", "--region", "us-east-1", expect_rc=PROFILE_CONFIG)
    login(world, "web", expect_rc=14)
    assert signin.authorize_calls == 0


def test_logout_removes_the_cache_and_resolution_asks_for_a_login(world, signin):
    login(world, "web", "--region", "us-east-1")
    out = json.loads(world.awscred("logout", "web", "--json").stdout)
    assert out["FilesRemoved"] == [str(world.cache / cache_name(ARN))]
    assert not (world.cache / cache_name(ARN)).exists()
    assert f"login_session = {ARN}" in world.config_path.read_text()
    r = world.awscred("get", "web", expect_rc=LOGIN_REQUIRED)
    assert "awscred login web" in r.stderr and "Invoke-AWSLogin" in r.stderr


def test_logout_all_removes_every_cached_login(world, signin):
    login(world, "a", "--region", "us-east-1")
    signin.session_arn = "arn:aws:iam::123456789012:user/B"
    login(world, "b", "--region", "us-east-1")
    out = json.loads(world.awscred("logout", "--all", "--json").stdout)
    assert len(out["FilesRemoved"]) == 2
    no_json = [p for p in world.cache.iterdir() if p.name.endswith(".json")]
    assert no_json == []


def shifted(value, delta):
    """A vector's RFC 3339 times moved by `delta` seconds (the vectors' clock is 2025-11-19)."""
    if isinstance(value, dict):
        return {k: shifted(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [shifted(v, delta) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        t = time.mktime(time.strptime(value, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        if value.startswith("30"):  # "valid for ever" stays so
            return value
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t + delta))
    return value


@pytest.mark.parametrize("case", json.loads(VECTORS.read_text()), ids=lambda c: c["documentation"])
def test_login_provider_vectors(sandbox, http_server, case):
    clock = 1763510400  # 2025-11-19T00:00:00Z, the vectors' now
    delta = int(time.time()) - clock
    calls = list(case.get("mockApiCalls") or [])
    seen = []

    def app(req):
        body = json.loads(req.body)
        seen.append((body, req.headers.get("DPoP") or req.headers.get("dpop")))
        mock = calls.pop(0)
        assert body == mock["request"]["tokenInput"]
        if "responseCode" in mock:
            return mock["responseCode"], {"Content-Type": "application/json",
                                          "x-amzn-ErrorType": "AccessDeniedException"}, \
                json.dumps({"error": "TOKEN_EXPIRED", "message": "expired"}).encode()
        return 200, {"Content-Type": "application/json"}, \
            json.dumps(mock["response"]["tokenOutput"]).encode()

    server = http_server(app)
    sandbox.config(case["configContents"])
    cache = sandbox.aws_dir / "login" / "cache"
    for name, content in case["cacheContents"].items():
        sandbox.write(cache / name, json.dumps(shifted(content, delta)))
    sandbox.setenv(AWS_ENDPOINT_URL_SIGNIN=server.url, AWS_REGION="us-east-2")
    for outcome in case["outcomes"]:
        if outcome["result"] == "credentials":
            got = sandbox.get("signin")
            assert (got["AccessKeyId"], got["SecretAccessKey"], got["SessionToken"]) == (
                outcome["accessKeyId"], outcome["secretAccessKey"], outcome["sessionToken"])
            assert got.get("AccountId") == outcome["accountId"]
            want = shifted(outcome["expiresAt"], delta)
            assert abs(_epoch(got["Expiration"]) - _epoch(want)) <= 60
        elif outcome["result"] == "error":
            r = sandbox.awscred("get", "signin", expect_rc=None)
            assert r.returncode != 0
        elif outcome["result"] == "cacheContents":
            for name, want in outcome.items():
                if name == "result":
                    continue
                have = json.loads((cache / name).read_text())
                want = shifted(want, delta)
                te, we = have["accessToken"].pop("expiresAt"), want["accessToken"].pop("expiresAt")
                assert abs(_epoch(te) - _epoch(we)) <= 60
                assert have == want
    assert calls == [], "every mocked call was made"
    assert all(proof for _, proof in seen), "every token call carried a DPoP proof"


def _epoch(text):
    return time.mktime(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone


def test_a_refresh_with_a_wrong_dpop_key_is_refused_and_the_cache_kept(world, signin):
    """A proof signed by another key than the session's: Sign-In refuses it; the file stays."""
    login(world, "web", "--region", "us-east-1")
    path = world.cache / cache_name(ARN)
    c = cached(world)
    c["accessToken"]["expiresAt"] = "2020-01-01T00:00:00Z"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode()
    c["dpopKey"] = other
    path.write_text(json.dumps(c))
    before = path.read_bytes()
    r = world.awscred("get", "web", expect_rc=12)
    assert "invalid_dpop_proof" in r.stderr and "Sign-In" in r.stderr
    assert path.read_bytes() == before
    assert [call.error_code for call in signin.calls("/v1/token")][-1] == "invalid_dpop_proof"


def test_an_expired_code_asks_for_a_new_login_and_writes_nothing(world, signin):
    signin.code_lifetime = -1
    r = login(world, "web", "--region", "us-east-1", expect_rc=LOGIN_REQUIRED)
    assert "AUTHCODE_EXPIRED" in r.stderr
    no_litter(world)


def test_whoami_works_right_after_the_login(world, signin, sts_spy):
    """The login's session credentials sign STS GetCallerIdentity (moto) through resolution."""
    login(world, "web", "--region", "us-east-1")
    world.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)
    out = world.whoami("web")
    assert out["Arn"]
    [req] = sts_spy.requests
    assert req.signing_key_id == cached(world)["accessToken"]["accessKeyId"]
