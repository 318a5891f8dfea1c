"""Starts moto's server and two recording proxies in front of it on 127.0.0.1 for the Pester suites.

Usage: python localaws_serve.py STATE_DIR
Writes STATE_DIR/endpoints.json ({"moto": url, "proxy": url, "keyproxy": url}) once they answer,
and appends one JSON line per request either proxy forwarded to STATE_DIR/requests.jsonl (method,
path, the form fields, the access key id that signed it, the service and the action: the form's
Action, or the X-Amz-Target operation of JSON protocols such as Secrets Manager).

- proxy: forwards with moto's own Host header (tests/integration/localaws.recording_proxy), for
  moto without signature checks;
- keyproxy: forwards keeping the client's Host header (tests/integration/keyworld.FaultProxy,
  with no fault set), so SigV4 signatures still check when moto verifies them (the IAM world of
  localaws_keys.py turns that on).

Runs until its stdin closes or it is terminated, then stops moto. Nothing here reaches the internet.
"""

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))

from keyworld import FaultProxy, describe  # noqa: E402
from localaws import MotoServer, recording_proxy  # noqa: E402


def main():
    state = Path(sys.argv[1])
    state.mkdir(parents=True, exist_ok=True)
    moto = MotoServer(state / "moto.log").start()
    proxy = recording_proxy(moto.url)
    keyproxy = FaultProxy(moto.url)
    log = state / "requests.jsonl"
    lock = threading.Lock()

    def recording(forward):
        def app(req):
            answer = forward(req)
            try:
                form = req.form if req.body else {}
            except UnicodeDecodeError:
                form = {}
            try:
                service, action, _ = describe(req)
            except Exception:  # a request that is not an AWS call: log what is known
                service, action = "?", "?"
            with lock, open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"method": req.method, "path": req.path, "form": form,
                                    "key": req.signing_key_id, "service": service,
                                    "action": action}) + "\n")
            return answer
        return app

    proxy.app = recording(proxy.app)
    keyproxy.server.app = recording(keyproxy.server.app)
    tmp = state / "endpoints.json.tmp"
    tmp.write_text(json.dumps({"moto": moto.url, "proxy": proxy.url, "keyproxy": keyproxy.url}))
    tmp.replace(state / "endpoints.json")
    try:
        sys.stdin.read()
    finally:
        keyproxy.stop()
        proxy.stop()
        moto.stop()


if __name__ == "__main__":
    main()
