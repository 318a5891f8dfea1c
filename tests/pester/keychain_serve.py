"""Starts a private Secret Service (gnome-keyring-daemon on its own dbus-daemon, from
tests/integration/secretservice.py) for the Pester suite tests/Keychain.Tests.ps1.

Usage: python keychain_serve.py STATE_DIR
Writes STATE_DIR/env.json ({"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME"}: what
the test puts in its process environment) once the service answers with an unlocked default
collection, then reads commands from stdin, one a line, and answers each with one JSON line on
stdout:
- items:  every item of every collection: [{"label", "attributes", "locked", "secret"}], the
          secret as UTF-8 text (null while locked);
- lock / unlock: locks or unlocks the default collection (no prompt); answers {"locked": bool};
- ping:   {"ok": true}.
A failing command answers {"error": "..."}. When stdin closes (or on "quit") both daemons are
stopped and checked gone. Nothing here touches the machine's session bus or keyrings.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))

from secretservice import SecretService  # noqa: E402


def answer(value):
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def items(service):
    out = []
    for item in service.items():
        secret = item["secret"]
        out.append({"label": item["label"], "attributes": item["attributes"],
                    "locked": item["locked"],
                    "secret": None if secret is None else bytes(secret).decode("utf-8", "replace")})
    return out


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    service = SecretService(folder / "secretservice")
    service.start()
    try:
        tmp = folder / "env.json.tmp"
        tmp.write_text(json.dumps(service.env))
        tmp.replace(folder / "env.json")
        for line in sys.stdin:
            command = line.strip()
            if not command:
                continue
            if command == "quit":
                break
            try:
                if command == "items":
                    answer(items(service))
                elif command == "lock":
                    service.lock()
                    answer({"locked": service.locked()})
                elif command == "unlock":
                    service.unlock()
                    answer({"locked": service.locked()})
                elif command == "ping":
                    answer({"ok": True})
                else:
                    answer({"error": f"unknown command {command!r}"})
            except Exception as e:  # noqa: BLE001 (reported to the test, which fails on it)
                answer({"error": repr(e)})
    finally:
        service.stop()


if __name__ == "__main__":
    main()
