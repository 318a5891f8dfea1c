"""Starts the local sign-in services of tests/integration/signinworld.py on 127.0.0.1 for the Pester
suite tests/SignIn.Tests.ps1: AWS Sign-In (SigninServer: `aws login`, Invoke-AWSLogin) and IAM
Identity Center (SsoServer: SSO-OIDC and the SSO portal on one port), plus a small control server.

Usage: python signin_serve.py STATE_DIR
Writes STATE_DIR/endpoints.json ({"signin": url, "sso": url, "control": url}) once they answer.
Runs until its stdin closes or it is terminated. Nothing here reaches the internet.

The control server (JSON over HTTP, for the test only):
- GET  /state: {"signin": {"issued": [accessKeyId, ...], "token_calls", "refresh_calls",
  "authorize_calls", "errors"}, "sso": {"issued": [accessKeyId, ...], "registrations",
  "logouts", "last_user_code", "errors"}}; access key ids only, never a secret;
- POST /set {"server": "signin"|"sso", "name": knob, "value": v}: sets one of the knobs in KNOBS
  (e.g. the `session_arn` the next sign-in gets, `wrong_state`, `deny_next`, `slow_down_times`);
  answers the new state.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))

from localaws import LocalHttpServer, json_response  # noqa: E402
from signinworld import SigninServer, SsoServer  # noqa: E402

KNOBS = {
    "signin": {"session_arn", "expires_in", "code_lifetime", "deny_next", "wrong_state",
               "token_delay"},
    "sso": {"token_expires_in", "interval", "device_expires_in", "code_lifetime",
            "role_credentials_ttl", "slow_down_times", "enforce_interval", "issue_refresh_tokens",
            "deny_next", "wrong_state"},
}


def state(signin, sso):
    with signin.lock:
        signin_state = {"issued": [c["accessKeyId"] for c in signin.issued],
                        "token_calls": signin.token_calls, "refresh_calls": signin.refresh_calls,
                        "authorize_calls": signin.authorize_calls,
                        "errors": [repr(e) for e in signin.errors]}
    with sso.lock:
        sso_state = {"issued": [c["accessKeyId"] for c in sso.issued],
                     "registrations": sso.registrations, "logouts": sso.logouts,
                     "last_user_code": sso.last_user_code,
                     "errors": [repr(e) for e in sso.errors]}
    return {"signin": signin_state, "sso": sso_state}


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    signin = SigninServer()
    sso = SsoServer()
    servers = {"signin": signin, "sso": sso}

    def control(req):
        if req.method == "GET" and req.path == "/state":
            return json_response(state(signin, sso))
        if req.method == "POST" and req.path == "/set":
            try:
                body = json.loads(req.body or b"{}")
                server, name = body["server"], body["name"]
                if name not in KNOBS.get(server, ()):
                    raise KeyError(name)
            except (ValueError, KeyError, TypeError) as e:
                return json_response({"message": f"not a settable knob: {e}"}, status=400)
            target = servers[server]
            with target.lock:
                setattr(target, name, body.get("value"))
            return json_response(state(signin, sso))
        return json_response({"message": f"no {req.method} {req.path}"}, status=404)

    controller = LocalHttpServer(control)
    tmp = folder / "endpoints.json.tmp"
    tmp.write_text(json.dumps({"signin": signin.url, "sso": sso.url, "control": controller.url}))
    tmp.replace(folder / "endpoints.json")
    try:
        sys.stdin.read()
    finally:
        controller.stop()
        sso.stop()
        signin.stop()


if __name__ == "__main__":
    main()
