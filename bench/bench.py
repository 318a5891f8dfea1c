#!/usr/bin/env python3
"""awscred vs AWS CLI v1: whole-process wall time on credentials files of 10 and 10,000 profiles,
plus the in-process cost of one lookup through the C ABI. A benchmark, not a test: it prints
numbers and ratios measured in this run and exits 0 whether or not the 30x target is met (it exits
1 only if a command fails or returns a wrong value).

Usage: python bench/bench.py [--awscred PATH] [--aws PATH] [--lib PATH] [--quick]
"""

import argparse
import ctypes
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = (10, 10_000)
TARGET_RATIO = 30.0

# Two alternating values per written key, same length, so every `set` run really changes the file
# and the file size stays constant.
ALT_KEYS = ("AKIDTESTALTERNATE0A1", "AKIDTESTALTERNATE0B2")
ALT_SECRETS = ("testsecretalternate/aaaaaaaaaaaaaaaaaaaa", "testsecretalternate/bbbbbbbbbbbbbbbbbbbb")


def key_id(i):
    return f"AKIDTEST{i:012d}"  # 20 characters


def secret(i):
    return f"testsecret{i:030d}"  # 40 characters


def write_credentials(path, n):
    """[p1] .. [pN], ~120 bytes each, target pN last."""
    with open(path, "w", newline="\n") as f:
        for i in range(1, n + 1):
            f.write(f"[p{i}]\naws_access_key_id = {key_id(i)}\n"
                    f"aws_secret_access_key = {secret(i)}\n\n")
    os.chmod(path, 0o600)


def find_aws(explicit):
    if explicit:
        return explicit
    # The venv's own CLI first (the pinned awscli, no shim in front of it), then PATH.
    for candidate in (Path(sys.executable).parent / "aws", REPO / ".venv" / "bin" / "aws",
                      shutil.which("aws")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    sys.exit("bench: AWS CLI v1 `aws` not found (pip install -r tests/interop/requirements.txt "
             "into .venv, or pass --aws PATH)")


def run_checked(argv, env, expect_stdout=None):
    r = subprocess.run(argv, env=env, capture_output=True, text=True)
    if r.returncode != 0 or (expect_stdout is not None and expect_stdout(r.stdout) is False):
        sys.exit(f"bench: {argv} failed (exit {r.returncode})\nstdout: {r.stdout[:500]}\n"
                 f"stderr: {r.stderr[:500]}")
    return r.stdout


def time_process(argv_for_run, env, runs, check):
    """Warm up once (checking the result), then time `runs` whole-process runs; ms list."""
    run_checked(argv_for_run(-1), env, check)
    samples = []
    for i in range(runs):
        argv = argv_for_run(i)
        t0 = time.perf_counter()
        rc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
        samples.append((time.perf_counter() - t0) * 1000.0)
        if rc != 0:
            sys.exit(f"bench: {argv} exited {rc} during timing")
    return samples


def load_abi(lib_path):
    lib = ctypes.CDLL(str(lib_path))
    fn = lib.awscred_get_credentials
    fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t,
                   ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)), ctypes.POINTER(ctypes.c_size_t)]
    fn.restype = ctypes.c_int32
    lib.awscred_free.argtypes = [ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t]
    lib.awscred_free.restype = ctypes.c_int32
    return lib


def abi_get_mean_us(lib, profile, expected_key, calls):
    req = json.dumps({"ProfileName": profile}).encode()
    resp = ctypes.POINTER(ctypes.c_uint8)()
    n = ctypes.c_size_t()
    fn, free = lib.awscred_get_credentials, lib.awscred_free
    # warm-up + correctness
    status = fn(req, len(req), ctypes.byref(resp), ctypes.byref(n))
    body = json.loads(ctypes.string_at(resp, n.value))
    free(resp, n)
    if status != 0 or body.get("AccessKeyId") != expected_key:
        sys.exit(f"bench: awscred_get_credentials returned {status}: {body}")
    t0 = time.perf_counter()
    for _ in range(calls):
        status = fn(req, len(req), ctypes.byref(resp), ctypes.byref(n))
        free(resp, n)
    elapsed = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"bench: awscred_get_credentials returned {status} during timing")
    return elapsed / calls * 1e6


def botocore_get_mean_us(profile, expected_key, calls):
    """Mean in-process cost of botocore's `Session(profile=...).get_credentials()` (a new session
    each call, so the files are read and parsed each time, as awscred reads them each call)."""
    import botocore.session

    def once():
        return botocore.session.Session(profile=profile).get_credentials()

    creds = once()
    if creds is None or creds.access_key != expected_key:
        sys.exit(f"bench: botocore found {creds and creds.access_key} for {profile}")
    t0 = time.perf_counter()
    for _ in range(calls):
        once()
    return (time.perf_counter() - t0) / calls * 1e6


def machine_info(awscred, aws):
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    aws_version = subprocess.run([aws, "--version"], capture_output=True, text=True)
    awscred_version = subprocess.run([awscred, "--version"], capture_output=True, text=True)
    return [
        f"date:     {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"machine:  {platform.system()} {platform.release()} {platform.machine()}, "
        f"nproc {nproc}, {cpu}",
        f"load:     {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min, at start)",
        f"python:   {platform.python_version()} ({sys.executable})",
        f"awscli:   {(aws_version.stdout + aws_version.stderr).strip()} ({aws})",
        f"awscred:  {awscred_version.stdout.strip()} ({awscred})",
    ]


def fmt(samples):
    return f"{statistics.median(samples):8.2f} / {min(samples):7.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--awscred", default=str(REPO / "target" / "release" / "awscred"))
    ap.add_argument("--aws", default=None,
                    help="AWS CLI v1 (default: the venv's `aws` - next to this Python or "
                         "<repo>/.venv/bin/aws - else `aws` on PATH)")
    ap.add_argument("--lib", default=str(REPO / "target" / "release" / "libawscred.so"))
    ap.add_argument("--quick", action="store_true", help="fewer runs (a smoke check, noisier)")
    args = ap.parse_args()

    awscred = args.awscred
    aws = find_aws(args.aws)
    for p in (awscred, args.lib):
        if not Path(p).exists():
            sys.exit(f"bench: {p} not found (cargo build --release -p awscred)")
    n_awscred, n_aws = (10, 3) if args.quick else (30, 10)
    abi_calls = {10: 2000, 10_000: 50} if args.quick else {10: 20000, 10_000: 300}
    boto_calls = {10: 50, 10_000: 3} if args.quick else {10: 500, 10_000: 20}

    print("awscred benchmark: whole-process wall time, ms (median / min of N runs after 1 warm-up)")
    for line in machine_info(awscred, aws):
        print("  " + line)
    print(f"  runs:     awscred N={n_awscred}, aws N={n_aws}; target profile last; empty config "
          f"file; HOME a temp dir; AWS_* cleared")
    print()

    t_start = time.perf_counter()
    rows, abi_rows = [], []
    lib = load_abi(args.lib)
    with tempfile.TemporaryDirectory(prefix="awscred-bench-") as tmp:
        tmp = Path(tmp)
        # floor: spawning a trivial process from this Python
        true_bin = shutil.which("true") or "/bin/true"
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        spawn = time_process(lambda i: [true_bin], base_env, n_awscred, None)

        for n in SIZES:
            d = tmp / f"n{n}"
            home = d / "home"
            home.mkdir(parents=True)
            creds, config = d / "credentials", d / "config"
            write_credentials(creds, n)
            config.write_text("")
            config.chmod(0o600)
            env = dict(base_env, HOME=str(home), AWS_CONFIG_FILE=str(config),
                       AWS_SHARED_CREDENTIALS_FILE=str(creds))
            target = f"p{n}"
            size_label = f"{n:,} ({creds.stat().st_size / 1024:,.0f} KiB)"

            # get
            want = key_id(n)
            a = time_process(lambda i: [awscred, "get", target, "--json"], env, n_awscred,
                             lambda out: json.loads(out)["AccessKeyId"] == want)
            b = time_process(lambda i: [aws, "configure", "get", "aws_access_key_id",
                                        "--profile", target], env, n_aws,
                             lambda out: out.strip() == want)
            rows.append(("get", size_label, a, b))

            # set (alternating values so every run writes)
            a = time_process(lambda i: [awscred, "set", target,
                                        "--access-key", ALT_KEYS[i % 2],
                                        "--secret-key", ALT_SECRETS[i % 2]],
                             env, n_awscred, None)
            b = time_process(lambda i: [aws, "configure", "set", "aws_access_key_id",
                                        ALT_KEYS[i % 2], "--profile", target], env, n_aws, None)
            rows.append(("set", size_label, a, b))
            # the file still holds n profiles and the last value written
            last = ALT_KEYS[(n_aws - 1) % 2]
            run_checked([awscred, "get", target, "--json"], env,
                        lambda out: json.loads(out)["AccessKeyId"] == last)
            listed = json.loads(run_checked([awscred, "list", "--json"], env))
            if len(listed) != n:
                sys.exit(f"bench: expected {n} profiles after the set runs, found {len(listed)}")

            # A role profile whose assumed-role credentials sit in the CLI cache: no network.
            role_arn = "arn:aws:iam::123456789012:role/bench-role"
            config.write_text(f"[profile bench-role]\nrole_arn = {role_arn}\nsource_profile = p1\n")
            cache_dir = home / ".aws" / "cli" / "cache"
            cache_dir.mkdir(parents=True)
            cache_key = hashlib.sha1(json.dumps({"RoleArn": role_arn}, sort_keys=True).encode()).hexdigest()
            expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 6 * 3600))
            (cache_dir / f"{cache_key}.json").write_text(json.dumps({"Credentials": {
                "AccessKeyId": "ASIABENCHCACHED00001", "SecretAccessKey": "testsecretcached",
                "SessionToken": "testtokencached", "Expiration": expires}}))
            a = time_process(lambda i: [awscred, "get", "bench-role", "--json"], env, n_awscred,
                             lambda out: json.loads(out).get("Cached") is True
                             and json.loads(out)["AccessKeyId"] == "ASIABENCHCACHED00001")
            b = time_process(lambda i: [aws, "configure", "get", "role_arn", "--profile",
                                        "bench-role"], env, n_aws,
                             lambda out: out.strip() == role_arn)
            rows.append(("get role (cached)", size_label, a, b))
            config.write_text("")

            # C ABI, in this process
            os.environ.update(HOME=str(home), AWS_CONFIG_FILE=str(config),
                              AWS_SHARED_CREDENTIALS_FILE=str(creds))
            for k in [k for k in os.environ if k.startswith("AWS_") and
                      k not in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")]:
                del os.environ[k]
            us = abi_get_mean_us(lib, target, last, abi_calls[n])
            boto_us = botocore_get_mean_us(target, last, boto_calls[n])
            abi_rows.append((size_label, abi_calls[n], us, statistics.median(b_get(rows, n)),
                             boto_calls[n], boto_us))

    print(f"{'operation':<18} {'profiles':<20} {'awscred ms (med/min)':>21} "
          f"{'aws ms (med/min)':>21} {'ratio aws/awscred':>18}")
    verdicts = []
    for op, size, a, b in rows:
        ratio = statistics.median(b) / statistics.median(a)
        ratio_min = min(b) / min(a)
        print(f"{op:<18} {size:<20} {fmt(a):>21} {fmt(b):>21} {ratio:>10.1f}x (min {ratio_min:.1f}x)")
        verdicts.append(f"{op} @ {size}: {ratio:.1f}x -> "
                        f"{'target >=30x MET' if ratio >= TARGET_RATIO else 'target >=30x NOT met'}")
    print(f"(floor: spawning /bin/true from this Python takes {fmt(spawn)} ms)")
    print()
    print("In-process lookup, mean per call: awscred_get_credentials + awscred_free via ctypes vs "
          "botocore Session(profile).get_credentials() in the same Python")
    for size, calls, us, aws_ms, b_calls, boto_us in abi_rows:
        ratio = boto_us / us
        verdict = "target >=100x MET" if ratio >= 100 else "target >=100x NOT met"
        print(f"  get {size:<20} awscred {us:10.1f} us ({calls} calls)  botocore "
              f"{boto_us / 1000:8.2f} ms ({b_calls} calls)  ratio {ratio:,.0f}x -> {verdict}; "
              f"`aws configure get` process {aws_ms:.0f} ms")
    print()
    for v in verdicts:
        print(v)
    print(f"(benchmark took {time.perf_counter() - t_start:.1f} s)")


def b_get(rows, n):
    """aws samples of the `get` row for size n (for the C ABI comparison line)."""
    for op, size, _a, b in rows:
        if op == "get" and size.startswith(f"{n:,} "):
            return b
    return [float("nan")]


if __name__ == "__main__":
    main()
