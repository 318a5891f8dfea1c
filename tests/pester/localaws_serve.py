"""Starts moto's server and a recording proxy in front of it on 127.0.0.1 for the Pester suites.

Usage: python localaws_serve.py STATE_DIR
Writes STATE_DIR/endpoints.json ({"moto": url, "proxy": url}) once both answer, and appends one
JSON line per request the proxy forwarded to STATE_DIR/requests.jsonl (method, path, the form
fields, the access key id that signed it). Runs until its stdin closes or it is terminated, then
stops moto. Reuses tests/integration/localaws.py; nothing here reaches the internet.
"""

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))

from localaws import MotoServer, recording_proxy  # noqa: E402


def main():
    state = Path(sys.argv[1])
    state.mkdir(parents=True, exist_ok=True)
    moto = MotoServer(state / "moto.log").start()
    proxy = recording_proxy(moto.url)
    log = state / "requests.jsonl"
    lock = threading.Lock()
    forward = proxy.app

    def recording(req):
        answer = forward(req)
        try:
            form = req.form if req.body else {}
        except UnicodeDecodeError:
            form = {}
        with lock, open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"method": req.method, "path": req.path, "form": form,
                                "key": req.signing_key_id}) + "\n")
        return answer

    proxy.app = recording
    tmp = state / "endpoints.json.tmp"
    tmp.write_text(json.dumps({"moto": moto.url, "proxy": proxy.url}))
    tmp.replace(state / "endpoints.json")
    try:
        sys.stdin.read()
    finally:
        proxy.stop()
        moto.stop()


if __name__ == "__main__":
    main()
