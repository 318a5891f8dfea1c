"""IAM Identity Center end to end through the CLI (`awscred sso-configure`, `sso-login`,
`sso-logout` and resolution of an SSO profile) against signinworld.SsoServer (SSO-OIDC and the
portal on 127.0.0.1) and the scripted browser: configure, the authorization-code and device-code
flows, the token cache in the AWS CLI's format (read by botocore), "already logged in", the locked
refresh, logout of one session and of all."""

import hashlib
import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from signinworld import SsoServer

HERE = Path(__file__).resolve().parent
BROWSER = f"{sys.executable} {HERE / 'scripted_browser.py'} %s"
INVALID_INPUT, LOGIN_REQUIRED, STATE_MISMATCH, LOGIN_TIMEOUT = 4, 11, 25, 26
ACCOUNT, ROLE = "111111111111", "ReadOnlyAccess"


@pytest.fixture
def sso():
    server = SsoServer()
    yield server
    server.stop()


@pytest.fixture
def world(sandbox, sso, tmp_path):
    sandbox.setenv(AWS_ENDPOINT_URL_SSO_OIDC=sso.url, AWS_ENDPOINT_URL_SSO=sso.url,
                   BROWSER=BROWSER, SCRIPTED_BROWSER_LOG=tmp_path / "browser.log")
    sandbox.sso_cache = sandbox.aws_dir / "sso" / "cache"
    return sandbox


def configure(world, name="dev", *extra, expect_rc=0):
    r = world.awscred("sso-configure", name, "--start-url", "https://d-1234.awsapps.com/start",
                      "--sso-region", "us-east-1", "--account-id", ACCOUNT, "--role-name", ROLE,
                      "--region", "eu-west-1", *extra, "--json", expect_rc=expect_rc)
    return json.loads(r.stdout) if expect_rc == 0 else r


def sso_login(world, *args, expect_rc=0, timeout=60):
    r = world.awscred("sso-login", *args, "--json", expect_rc=expect_rc, timeout=timeout)
    return json.loads(r.stdout) if expect_rc == 0 else r


def token_path(world, session="dev"):
    return world.sso_cache / (hashlib.sha1(session.encode()).hexdigest() + ".json")


def test_configure_writes_the_session_and_the_profile(world):
    world.config("""
        [profile keep]
        region = us-west-2 # mine
    """)
    before = world.config_path.read_text()
    out = configure(world)
    assert (out["ProfileName"], out["SessionName"]) == ("dev", "dev")
    text = world.config_path.read_text()
    assert text.startswith(before)
    assert text[len(before):] == (
        "\n[sso-session dev]\nsso_start_url = https://d-1234.awsapps.com/start\n"
        "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        f"\n[profile dev]\nsso_session = dev\nsso_account_id = {ACCOUNT}\n"
        f"sso_role_name = {ROLE}\nregion = eu-west-1\n")
    configure(world)
    assert world.config_path.read_text() == text, "a second configure changes nothing"


def test_configure_names_every_missing_value_and_writes_nothing(world):
    r = world.awscred("sso-configure", "dev", "--sso-region", "us-east-1",
                      expect_rc=INVALID_INPUT)
    for name in ("StartUrl", "AccountId", "RoleName"):
        assert name in r.stderr
    assert not world.config_path.exists()


def test_browser_login_then_resolution_then_already_logged_in(world, sso):
    configure(world)
    out = sso_login(world, "dev")
    assert out["Status"] == "LoggedIn" and out["SessionName"] == "dev"
    path = token_path(world)
    assert world.mode(path) == 0o600
    t = json.loads(path.read_text())
    assert set(t) == {"startUrl", "region", "accessToken", "expiresAt", "clientId",
                      "clientSecret", "registrationExpiresAt", "refreshToken"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t["expiresAt"])
    world.secret(t["accessToken"], t["clientSecret"], t["refreshToken"])
    assert sso.registrations == 1 and sso.errors == []
    got = world.get("dev")
    assert got["Source"] == "Sso" and got["AccessKeyId"] == sso.issued[-1]["accessKeyId"]
    assert got["AccountId"] == ACCOUNT
    again = sso_login(world, "dev")
    assert again["Status"] == "AlreadyLoggedIn"
    forced = sso_login(world, "dev", "--force")
    assert forced["Status"] == "LoggedIn"
    assert sso.registrations == 1, "the cached registration was reused"


def test_botocore_uses_the_token_written_here(world, sso):
    configure(world)
    sso_login(world, "dev")
    script = ("import botocore.session; s = botocore.session.Session(profile='dev');"
              "print(s.get_credentials().get_frozen_credentials().access_key)")
    r = world.run([sys.executable, "-c", script])
    assert r.stdout.strip() == sso.issued[-1]["accessKeyId"]


def test_device_code_flow_polls_at_the_interval_and_slows_down(world, sso):
    configure(world)
    sso.slow_down_times = 1
    approve = threading.Timer(3.5, sso.approve)
    approve.start()
    try:
        out = sso_login(world, "--sso-session", "dev", "--use-device-code", "--no-browser")
    finally:
        approve.cancel()
    assert out["Status"] == "LoggedIn" and token_path(world).exists()
    times = sso.create_token_times
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[0] >= 5.9, f"after slow_down the interval grows by 5 s: {gaps}"
    assert all(g >= 0.9 for g in gaps), gaps


def test_a_tampered_state_is_refused(world, sso):
    configure(world)
    world.setenv(SCRIPTED_BROWSER_MODE="tamper-state")
    sso_login(world, "dev", expect_rc=STATE_MISMATCH)
    assert not token_path(world).exists()


def test_a_closed_tab_times_out(world, sso):
    configure(world)
    world.setenv(SCRIPTED_BROWSER_MODE="close")
    sso_login(world, "dev", "--timeout", "2", expect_rc=LOGIN_TIMEOUT)
    assert not token_path(world).exists()


def test_an_expiring_token_is_refreshed_once_under_concurrency(world, sso):
    configure(world)
    sso_login(world, "dev")
    path = token_path(world)
    t = json.loads(path.read_text())
    t["expiresAt"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(t))
    with ThreadPoolExecutor(6) as pool:
        keys = list(pool.map(lambda _: world.get("dev")["AccessKeyId"], range(6)))
    assert sso.refresh_calls == 1 and sso.errors == []
    fresh = json.loads(path.read_text())
    assert fresh["refreshToken"] != t["refreshToken"] and fresh["accessToken"] != t["accessToken"]
    assert len(keys) == 6


def test_logout_of_everything_ends_the_sessions_and_asks_for_a_login(world, sso):
    configure(world)
    sso_login(world, "dev")
    cli = world.aws_dir / "cli" / "cache"
    world.write(cli / "x.json", json.dumps({"ProviderType": "sso", "Credentials": {}}))
    world.write(cli / "role.json", json.dumps({"Credentials": {}}))
    out = json.loads(world.awscred("sso-logout", "--json").stdout)
    assert out["SessionsEnded"] == 1 and sso.logouts == 1
    assert not token_path(world).exists() and not (cli / "x.json").exists()
    assert (cli / "role.json").exists(), "an assume-role entry is not the SSO logout's"
    r = world.awscred("get", "dev", expect_rc=LOGIN_REQUIRED)
    assert "sso-login" in r.stderr and "Invoke-AWSSSOLogin" in r.stderr


def test_logout_of_one_session_keeps_the_others(world, sso):
    configure(world, "dev")
    configure(world, "ops")
    sso_login(world, "dev")
    sso_login(world, "ops")
    world.awscred("sso-logout", "--sso-session", "dev")
    assert not token_path(world, "dev").exists() and token_path(world, "ops").exists()
    assert world.get("ops")["Source"] == "Sso"


def test_session_only_then_accounts_then_profile(world, sso):
    """The interactive configure's order: the session alone, a login with it, then the profile."""
    r = world.awscred("sso-configure", "--sso-session", "corp", "--start-url",
                      "https://d-1234.awsapps.com/start", "--sso-region", "us-east-1",
                      "--session-only", "--json")
    assert json.loads(r.stdout)["SessionName"] == "corp"
    text = world.config_path.read_text()
    assert "[sso-session corp]" in text and "[profile" not in text
    assert sso_login(world, "--sso-session", "corp")["Status"] == "LoggedIn"
    configure(world, "dev", "--sso-session", "corp")
    assert world.get("dev")["Source"] == "Sso"


def test_whoami_works_right_after_the_login(world, sso, sts_spy):
    configure(world)
    sso_login(world, "dev")
    world.setenv(AWS_ENDPOINT_URL_STS=sts_spy.url)
    assert world.whoami("dev")["Arn"]
    [req] = sts_spy.requests
    assert req.signing_key_id == sso.issued[-1]["accessKeyId"]


def test_ctrl_c_cancels_the_sign_in(world, sso):
    import signal
    import subprocess
    configure(world)
    world.setenv(SCRIPTED_BROWSER_MODE="close")
    proc = subprocess.Popen([world.awscred_bin, "sso-login", "dev"], env=world.env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, (out, err)
    assert not token_path(world).exists()


def test_blank_sdk_settings_are_unset_not_a_crash(world, sso):
    """aws-config panics on an empty AWS_MAX_ATTEMPTS; the library passes blanks as unset."""
    configure(world)
    sso_login(world, "dev")
    world.setenv(AWS_MAX_ATTEMPTS="", AWS_RETRY_MODE=" ")
    assert world.get("dev")["Source"] == "Sso"


def test_logout_removes_the_token_even_when_the_portal_is_down(world, sso, black_hole):
    configure(world)
    sso_login(world, "dev")
    world.setenv(AWS_ENDPOINT_URL_SSO=black_hole.url, AWSCRED_AWS_TIMEOUT_MS="1000")
    out = json.loads(world.awscred("sso-logout", "dev", "--json").stdout)
    assert out["SessionsEnded"] == 0 and "failed" in out["Message"]
    assert not token_path(world).exists()


def test_a_device_code_never_approved_ends_with_login_timeout(world, sso):
    configure(world)
    sso.device_expires_in = 3
    started = time.monotonic()
    sso_login(world, "dev", "--use-device-code", "--no-browser", expect_rc=LOGIN_TIMEOUT)
    assert time.monotonic() - started < 15
    assert not token_path(world).exists()
