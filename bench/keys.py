#!/usr/bin/env python3
"""Key rotation and sync against moto (signature checks on, no injected delay): the wall time of
`awscred rotate` and `awscred sync`, next to the same jobs done the way peers and users' scripts
do them with AWS CLI v1 (aws-vault's order for rotation: create, store, delete, no verification;
the SecretName-tag recipe for sync). A benchmark, not a test: it prints numbers and ratios and
exits 1 only when a command fails or leaves a wrong result.

Usage: .venv/bin/python bench/keys.py [--awscred PATH] [--aws PATH] [--runs N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from keyworld import HOST_USER, World  # noqa: E402
from localaws import MotoServer, clean_environ  # noqa: E402


def run(argv, env):
    r = subprocess.run(argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, argv[:3]))} exited {r.returncode}: {r.stderr[-400:]}")
    return r.stdout


def timed(fn):
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--awscred", default=str(REPO / "target" / "release" / "awscred"))
    ap.add_argument("--aws", default=str(Path(sys.executable).parent / "aws"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="awscred-keys-bench-") as tmp:
        tmp = Path(tmp)
        moto = MotoServer(tmp / "moto.log").start()
        try:
            bench(args, tmp, moto)
        finally:
            moto.stop()


def bench(args, tmp, moto):
    home = tmp / "home"
    (home / ".aws").mkdir(parents=True)
    creds = home / ".aws" / "credentials"
    env = dict(clean_environ(), HOME=str(home), AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1",
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    rows = {"awscred rotate": [], "aws CLI rotate (no verification)": [],
            "awscred sync (new key)": [], "aws CLI sync script": []}
    for _ in range(args.runs):
        moto.reset()
        world = World(moto)
        creds.write_text(f"[web]\naws_access_key_id = {world.key[0]}\n"
                         f"aws_secret_access_key = {world.key[1]}\n")
        rows["awscred rotate"].append(timed(lambda: run([args.awscred, "rotate", "web"], env)))
        if len(world.keys()) != 1 or world.current_secret()["AccessKeyId"] == world.key[0]:
            sys.exit("bench: awscred rotate left a wrong state")

        moto.reset()
        world = World(moto)
        creds.write_text(f"[web]\naws_access_key_id = {world.key[0]}\n"
                         f"aws_secret_access_key = {world.key[1]}\n")
        penv = dict(env, AWS_PROFILE="web")

        def peer_rotate():
            new = json.loads(run([args.aws, "iam", "create-access-key", "--output", "json"],
                                 penv))["AccessKey"]
            run([args.aws, "configure", "set", "aws_access_key_id", new["AccessKeyId"]], penv)
            run([args.aws, "configure", "set", "aws_secret_access_key", new["SecretAccessKey"]],
                penv)
            run([args.aws, "iam", "delete-access-key", "--access-key-id", world.key[0]], penv)
        rows["aws CLI rotate (no verification)"].append(timed(peer_rotate))

        moto.reset()
        world = World(moto)
        new = world.new_key()
        world.publish({"AccessKeyId": new[0], "SecretAccessKey": new[1]})
        creds.write_text(f"[web]\naws_access_key_id = {world.key[0]}\n"
                         f"aws_secret_access_key = {world.key[1]}\n")
        rows["awscred sync (new key)"].append(timed(lambda: run([args.awscred, "sync", "web"], env)))
        creds.write_text(f"[web]\naws_access_key_id = {world.key[0]}\n"
                         f"aws_secret_access_key = {world.key[1]}\n")

        def peer_sync():
            tags = json.loads(run([args.aws, "iam", "list-user-tags", "--user-name", HOST_USER,
                                   "--output", "json"], penv))["Tags"]
            name = next(t["Value"] for t in tags if t["Key"] == "SecretName")
            value = json.loads(json.loads(run([args.aws, "secretsmanager", "get-secret-value",
                                               "--secret-id", name, "--output", "json"],
                                              penv))["SecretString"])
            run([args.aws, "configure", "set", "aws_access_key_id", value["AccessKeyId"]], penv)
            run([args.aws, "configure", "set", "aws_secret_access_key", value["SecretAccessKey"]],
                penv)
        rows["aws CLI sync script"].append(timed(peer_sync))

    print(f"Key jobs against moto on 127.0.0.1 (signature checks on, no injected delay), "
          f"{args.runs} runs each, ms (median / min)")
    print("  awscred rotate: create, 3 checks in a row of the new key (STS + IAM), write, publish "
          "to the secret (AWSPENDING, read back, AWSCURRENT), deactivate, 2 checks, delete")
    print("  aws CLI rotate: aws-vault's order (create, store, delete): 4 processes, no check, "
          "no secret")
    for name, samples in rows.items():
        print(f"  {name:<34} {statistics.median(samples):8.0f} / {min(samples):6.0f}")
    r = statistics.median(rows["aws CLI sync script"]) / statistics.median(rows["awscred sync (new key)"])
    r_rot = statistics.median(rows["aws CLI rotate (no verification)"]) / statistics.median(
        rows["awscred rotate"])
    print(f"  rotate: the unverified aws CLI rotation takes {r_rot:.1f}x the time of awscred "
          f"rotate (which verifies the new key 5 times, with a 0.2 s pause between successes)")
    print(f"  sync: the aws CLI script takes {r:.1f}x the time of awscred sync (which also verifies)")


if __name__ == "__main__":
    main()
