#!/usr/bin/env python3
"""Import time of the AwsCredentialManager module in a fresh pwsh: the wall time of

    pwsh -NoProfile -c 'Import-Module <psd1>; Get-AWSCredential -ListProfileDetail | Out-Null'

minus the wall time of `pwsh -NoProfile -c exit`, each the median of N runs (default 10) after one
warm-up, with HOME a temp dir holding a small ~/.aws/credentials (3 profiles) and AWS_* cleared.
Informational: it prints the numbers and exits 0 whatever they are (non-zero only when pwsh or the
module is missing, or the checked run does not list the profiles), so callers can `|| true` it.

Usage: python bench/import_time.py [--module PATH.psd1] [--pwsh PATH] [--runs N]
"""

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODULE = REPO / "out" / "AwsCredentialManager" / "AwsCredentialManager.psd1"
PROFILES = ("import-bench-1", "import-bench-2", "import-bench-3")


def find_pwsh(explicit):
    if explicit:
        return explicit
    for candidate in (shutil.which("pwsh"), REPO / ".tools" / "pwsh" / "pwsh"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def ps_quote(s):
    return "'" + str(s).replace("'", "''") + "'"


def cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(argvs, env, runs):
    """One warm-up of each command, then `runs` rounds of one timed whole-process run of each
    command in turn (interleaved, so drifting load hits both alike); per command, (wall ms list,
    CPU ms list). CPU time (user + system of the process and its children) moves less than wall
    time on a busy host."""
    for argv in argvs:
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = [([], []) for _ in argvs]
    for _ in range(runs):
        for argv, (wall, cpu) in zip(argvs, results):
            c0, t0 = cpu_s(), time.perf_counter()
            rc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode
            wall.append((time.perf_counter() - t0) * 1000.0)
            cpu.append((cpu_s() - c0) * 1000.0)
            if rc != 0:
                sys.exit(f"import_time: {argv} exited {rc} during timing")
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", default=str(DEFAULT_MODULE),
                    help="the module manifest (default: out/AwsCredentialManager/"
                         "AwsCredentialManager.psd1, as ./build.ps1 -Task Build assembles it)")
    ap.add_argument("--pwsh", default=None, help="default: pwsh on PATH, else .tools/pwsh/pwsh")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    pwsh = find_pwsh(args.pwsh)
    if pwsh is None:
        sys.exit("import_time: pwsh not found (PATH or .tools/pwsh/pwsh; bash .ci/run installs it)")
    module = Path(args.module).resolve()
    if not module.exists():
        sys.exit(f"import_time: {module} not found (./build.ps1 -Task Build)")

    with tempfile.TemporaryDirectory(prefix="awscred-import-") as tmp:
        home = Path(tmp)
        aws = home / ".aws"
        aws.mkdir(mode=0o700)
        creds = aws / "credentials"
        creds.write_text("".join(
            f"[{p}]\naws_access_key_id = AKIDIMPORTBENCH0000{i}\n"
            f"aws_secret_access_key = importbenchsecret{i:023d}\n\n"
            for i, p in enumerate(PROFILES, 1)))
        creds.chmod(0o600)
        (aws / "config").write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(HOME=str(home), AWS_EC2_METADATA_DISABLED="true")

        # Correctness first: the module imports and lists the three profiles.
        check = subprocess.run(
            [pwsh, "-NoProfile", "-NonInteractive", "-c",
             f"$ErrorActionPreference = 'Stop'; Import-Module {ps_quote(module)}; "
             "Get-AWSCredential -ListProfileDetail | Out-String -Width 300"],
            env=env, capture_output=True, text=True)
        if check.returncode != 0 or not all(p in check.stdout for p in PROFILES):
            sys.exit(f"import_time: the checked run failed (exit {check.returncode})\n"
                     f"stdout: {check.stdout[:800]}\nstderr: {check.stderr[:800]}")

        version = subprocess.run([pwsh, "--version"], capture_output=True, text=True).stdout.strip()
        command = (f"Import-Module {ps_quote(module)}; "
                   "Get-AWSCredential -ListProfileDetail | Out-Null")
        baseline, imported = timed([[pwsh, "-NoProfile", "-c", "exit"],
                                    [pwsh, "-NoProfile", "-c", command]], env, args.runs)

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    (baseline, baseline_cpu), (imported, imported_cpu) = baseline, imported
    b, m = statistics.median(baseline), statistics.median(imported)
    bc, mc = statistics.median(baseline_cpu), statistics.median(imported_cpu)
    print(f"module import time, ms: wall median / min, CPU (user+sys) median, of {args.runs} runs "
          "each (interleaved) after 1 warm-up")
    print(f"  date:     {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"  machine:  {platform.system()} {platform.release()} {platform.machine()}, nproc {nproc}, {cpu}")
    print(f"  load:     {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min, at end)")
    print(f"  pwsh:     {version} ({pwsh})")
    print(f"  module:   {module}")
    print(f"  {'command':<52} {'wall med':>9} {'wall min':>9} {'CPU med':>9}")
    print(f"  {'pwsh -NoProfile -c exit':<52} {b:9.1f} {min(baseline):9.1f} {bc:9.1f}")
    print(f"  {'pwsh -NoProfile -c Import-Module; Get-AWSCredential':<52} "
          f"{m:9.1f} {min(imported):9.1f} {mc:9.1f}")
    print(f"  {'import + first call (difference)':<52} {m - b:9.1f} "
          f"{min(imported) - min(baseline):9.1f} {mc - bc:9.1f}")


if __name__ == "__main__":
    main()
