"""The IAM world of tests/integration/keyworld.py for the Pester suites, one command a call.

Usage: python localaws_keys.py MOTO_URL COMMAND [JSON]
Prints one JSON value. The admin key (returned by `world`) signs every other command.

  world {"secret_fields": {...}?, "tag": bool?}   reset moto, build keyworld.World (an admin, the
        host user web-1 with its key, tag SecretName and secret hosts/web-1; signature checks
        on from then on) -> {"admin": [id, secret], "key": [id, secret], "hostArn": arn}
  new-key {"admin": [...], "user": "web-1"?}                -> [id, secret]
  publish {"admin": [...], "fields": {...}}                 PutSecretValue to hosts/web-1
  keys {"admin": [...], "user": "web-1"?}                   -> {key id: status}
  current-secret {"admin": [...]}                           -> the AWSCURRENT JSON of hosts/web-1
  create-secret {"admin": [...], "name": n, "value": text}  -> the secret's ARN
  create-user {"admin": [...], "user": name}
  works {"key": [id, secret]}                               -> whether moto accepts the key
"""

import json
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))

from keyworld import HOST_USER, World  # noqa: E402


class _Moto:
    def __init__(self, url):
        self.url = url


def _reset(url):
    req = urllib.request.Request(f"{url}/moto-api/reset", data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200, r.status


class _Admin(World):
    """A World already built: only its admin key and moto's address."""

    def __init__(self, url, admin):  # pylint: disable=super-init-not-called
        self.moto = _Moto(url)
        self.admin = tuple(admin)


def main():
    url, command = sys.argv[1], sys.argv[2]
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    if command == "world":
        _reset(url)
        w = World(_Moto(url), secret_fields=args.get("secret_fields"), tag=args.get("tag", True))
        out = {"admin": list(w.admin), "key": list(w.key), "hostArn": w.host_arn}
    elif command == "works":
        key = args["key"]
        out = _Admin(url, ("unused", "unused")).works(key[0], key[1])
    else:
        w = _Admin(url, args["admin"])
        user = args.get("user", HOST_USER)
        if command == "new-key":
            out = list(w.new_key(user))
        elif command == "publish":
            w.publish(args["fields"])
            out = None
        elif command == "keys":
            out = w.keys(user)
        elif command == "current-secret":
            out = w.current_secret()
        elif command == "create-secret":
            out = w.secrets().create_secret(Name=args["name"], SecretString=args["value"])["ARN"]
        elif command == "create-user":
            w.iam().create_user(UserName=user)
            out = None
        else:
            raise SystemExit(f"unknown command {command}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
