"""The smithy-rs SSO end-to-end vectors (shared/vectors/sso-e2e): each case's files under HOME and
environment, its recorded portal traffic replayed by a local server (the request must be the
recorded one: path, query and bearer token), and its expected credentials or failure (the FIPS and
dual-stack case runs without those two settings: the endpoint is moved to the replay server). The
token-provider cases yield a bearer token, not credentials: `awscred sso-login` reading that
token as valid ("AlreadyLoggedIn", with its expiry) is how they are checked here."""

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[3] / "shared" / "vectors" / "sso-e2e"
CASES = sorted(p.name for p in SUITE.iterdir() if p.is_dir())


def replay(events):
    """The recorded (request, (status, body)) pairs of a case."""
    pairs, request, status, body = [], None, None, b""
    for e in events:
        action = e["action"]
        if "Request" in action:
            request = action["Request"]["request"]
        elif "Response" in action:
            status = action["Response"]["response"]["Ok"]["status"]
        elif "Data" in action and action["Data"]["direction"] == "Response":
            body = action["Data"]["data"]["Utf8"].encode()
        elif "Eof" in action and action["Eof"]["direction"] == "Response":
            pairs.append((request, (status, body)))
            request, status, body = None, None, b""
    return pairs


@pytest.mark.parametrize("case", CASES)
def test_sso_vector(sandbox, http_server, case):
    folder = SUITE / case
    shutil.copytree(folder / "fs" / "home", sandbox.home, dirs_exist_ok=True)
    env = json.loads((folder / "env.json").read_text())
    env.pop("HOME")
    # The endpoint is moved to the replay server, and the SDK refuses FIPS or dual-stack with a
    # moved endpoint: those two settings are dropped (the variant host names are not checked).
    env.pop("AWS_USE_FIPS_ENDPOINT", None)
    env.pop("AWS_USE_DUALSTACK_ENDPOINT", None)
    sandbox.setenv(**env)
    expected = json.loads((folder / "test-case.json").read_text())["result"]
    pairs = replay(json.loads((folder / "http-traffic.json").read_text())["events"])
    seen = []

    def app(req):
        seen.append(req.raw_path)
        want, (status, body) = pairs[0]
        url = urllib.parse.urlsplit(want["uri"])
        assert req.path == url.path
        assert req.query == dict(urllib.parse.parse_qsl(url.query))
        assert req.headers.get("x-amz-sso_bearer_token") == want["headers"][
            "x-amz-sso_bearer_token"][0]
        return status, {"Content-Type": "application/json"}, body

    server = http_server(app)
    sandbox.setenv(AWS_ENDPOINT_URL_SSO=server.url)
    if case.startswith("default-token-provider-chain"):
        out = json.loads(sandbox.awscred("sso-login", "--json").stdout)
        assert out["Status"] == "AlreadyLoggedIn"
        assert out["ExpiresAt"] == expected["Ok"]["expiration"]
        assert seen == []
        return
    if "Ok" in expected:
        want = expected["Ok"]
        got = sandbox.get()
        assert (got["AccessKeyId"], got["SecretAccessKey"], got["SessionToken"]) == (
            want["access_key_id"], want["secret_access_key"], want["session_token"])
        assert got["AccountId"] == want["account_id"]
        assert got["Expiration"].startswith("2009-02-13T23:31:30")
        assert len(seen) == 1
    else:
        r = sandbox.awscred("get", expect_rc=None)
        assert r.returncode != 0
        if "No such file" in expected["ErrorContains"]:
            assert r.returncode == 11 and "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12" in r.stderr
            assert seen == []
        else:
            assert r.returncode == 12 and seen, r.stderr
