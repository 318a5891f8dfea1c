#!/usr/bin/env python3
"""Stress and fault run of awscred's file writes: concurrent writers, SIGKILL at random moments,
disk full and read-only folders. It prints numbers and exits 0 when every invariant held, 1 when
any broke (lost update, unparseable file, byte changed outside the edited profiles, partial file,
leftover temp file, wrong error).

Usage: python3 bench/stress.py [--quick] [--awscred PATH] [--seed N] [--no-mount] [--keep]
"""

import argparse
import configparser
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROFILES = 10_000
LOCK_TIMEOUT_MS = "120000"
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
HEADER = re.compile(r"^\[([^\]]*)\][ \t]*\n?$")
IO_EXIT = 7


@dataclass(frozen=True)
class Mode:
    """How much work one run does."""
    name: str
    writers: int
    updates: int
    kills: int


QUICK = Mode("quick", writers=8, updates=10, kills=60)
FULL = Mode("full", writers=16, updates=100, kills=1000)


@dataclass(frozen=True)
class Update:
    """One `awscred set` of a writer."""
    profile: str
    key: str
    secret: str
    region: str


# --------------------------------------------------------------------------------------------
# Reporting


class Report:
    """Collects printed rows and the invariants that broke."""

    def __init__(self):
        self.broken = []

    def section(self, title):
        """Prints a section title."""
        print(f"\n{title}", flush=True)

    def row(self, label, value, ok=None):
        """Prints one `label value` row; `ok` False records a broken invariant."""
        mark = "" if ok is None else ("  ok" if ok else "  FAIL")
        print(f"  {label:<48} {value}{mark}", flush=True)
        if ok is False:
            self.broken.append(label)

    def expect_zero(self, label, count):
        """A row whose invariant is `count == 0`."""
        self.row(label, count, count == 0)


def load_average():
    """The 1, 5 and 15 minute load averages as printed by uptime."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine_lines(binary, copy, mode, seed):
    """The header: date, machine, mode, binary, seed."""
    load = load_average()
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "?")
    version = subprocess.run([str(copy), "--version"], capture_output=True, text=True).stdout
    version = version.strip()
    size = Path(binary).stat().st_size / 1e6
    return [
        f"date      {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC",
        f"machine   {platform.system()} {platform.release()} {platform.machine()}, "
        f"nproc {os.cpu_count()}, {cpu}, load average {load}",
        f"mode      {mode.name}: {mode.writers} writers x {mode.updates} updates, "
        f"{mode.kills} kills, {PROFILES:,}-profile files",
        f"binary    {binary} ({version}, {size:.1f} MB; run from a private copy)",
        f"python    {platform.python_version()}, seed {seed} (--seed to replay)",
    ]


# --------------------------------------------------------------------------------------------
# Files and processes


def awscred_env(home):
    """The cleared environment of every awscred run: PATH, HOME and the lock timeout."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "AWSCRED_LOCK_TIMEOUT_MS": LOCK_TIMEOUT_MS}


def set_argv(binary, update, with_region=True):
    """The argv of `awscred set` for one update."""
    argv = [str(binary), "set", update.profile, "--access-key", update.key,
            "--secret-key", update.secret]
    return argv + ["--region", update.region] if with_region else argv


def run(argv, home, **kwargs):
    """Runs awscred to completion with the cleared environment, capturing text output."""
    return subprocess.run(argv, env=awscred_env(home), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, **kwargs)


def make_home(root, name, credentials, config=""):
    """A HOME folder with ~/.aws/credentials and ~/.aws/config; returns (home, .aws folder)."""
    home = root / name
    aws = home / ".aws"
    aws.mkdir(parents=True)
    write_file(aws / "credentials", credentials)
    write_file(aws / "config", config)
    return home, aws


def write_file(path, text):
    """Writes `text` with LF line ends, mode 0600."""
    with open(path, "w", newline="\n") as f:
        f.write(text)
    os.chmod(path, 0o600)


def read(path):
    """The whole file as text (LF kept as is)."""
    with open(path, newline="") as f:
        return f.read()


def strays(folder):
    """Entries other than the two files and lock files (`*.lock`): temp files and the like."""
    return sorted(n for n in os.listdir(folder)
                  if n not in ("credentials", "config") and not n.endswith(".lock"))


# --------------------------------------------------------------------------------------------
# The generated credentials file


def generated_values(i):
    """The fake keys of generated profile p<i> (20 and 40 characters)."""
    return {"aws_access_key_id": f"AKIDGEN{i:013d}",
            "aws_secret_access_key": f"fake-generated-secret-{i:018d}"}


def generated_section(i):
    """Profile p<i>, ~120 bytes, in one of several spellings so that byte preservation matters."""
    v = generated_values(i)
    sep = ("=", " = ", "   =   ", "\t=\t", " = ")[i % 5]
    trail = "  " if i % 5 == 4 else ""
    lines = []
    if i % 50 == 0:
        lines.append(f"# batch {i // 50}: generated, not real keys\n")
    elif i % 50 == 25:
        lines.append(f"; note for p{i}\n")
    lines.append(f"[p{i}]\n")
    lines.append(f"aws_access_key_id{sep}{v['aws_access_key_id']}{trail}\n")
    if i % 7 == 3:
        lines.append("# rotated 2026-01-01\n")
    lines.append(f"aws_secret_access_key{sep}{v['aws_secret_access_key']}\n")
    lines.append(("\n", "\n\n", "")[i % 3])
    return "".join(lines)


def generated_credentials(n):
    """A credentials file of n fake profiles p0..p<n-1> with comments and blank-line variety."""
    body = "".join(generated_section(i) for i in range(n)).rstrip("\n") + "\n"
    return f"# stress.py: {n:,} generated profiles with fake keys\n\n{body}"


def generated_model(n):
    """The parsed view of `generated_credentials(n)`: profile -> settings."""
    return {f"p{i}": generated_values(i) for i in range(n)}


# --------------------------------------------------------------------------------------------
# Parsing and byte comparison


def sections(text, config=False):
    """Splits a file into (profile name or None, chunk) with the blank lines right before a header
    in that header's chunk; concatenating the chunks gives the text back."""
    chunks = [[None, []]]
    for line in text.splitlines(keepends=True):
        m = HEADER.match(line)
        if m:
            lines = chunks[-1][1]
            blanks = []
            while lines and lines[-1] == "\n":
                blanks.insert(0, lines.pop())
            chunks.append([profile_name(m.group(1), config), blanks])
        chunks[-1][1].append(line)
    return [(name, "".join(lines)) for name, lines in chunks]


def profile_name(inner, config):
    """The profile a header names: `[name]` in credentials, `[profile name]` or `[default]` in
    config."""
    inner = inner.strip()
    if config and inner.startswith("profile "):
        return inner[len("profile "):].strip()
    return inner


def outside(text, edited, config=False):
    """The text with the chunks of the edited profiles removed."""
    return "".join(c for name, c in sections(text, config) if name not in edited)


def changed_span(a, b):
    """0 if equal, else the length of the differing span between the common prefix and suffix."""
    if a == b:
        return 0
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return max(len(a), len(b)) - p - s


def replace_values(chunk, values):
    """The chunk with the value of each `key = value` line replaced, spacing kept; None if a key is
    not there exactly once."""
    for key, value in values.items():
        pattern = re.compile(rf"^([ \t]*{re.escape(key)}[ \t]*=[ \t]*)\S*", re.M)
        if len(pattern.findall(chunk)) != 1:
            return None
        chunk = pattern.sub(lambda m: m.group(1) + value, chunk)
    return chunk


def canonical_section(name, values, config=False):
    """The section awscred appends for a new profile."""
    header = f"[profile {name}]\n" if config else f"[{name}]\n"
    return header + "".join(f"{k} = {v}\n" for k, v in values.items())


def parse_configparser(text, config=False):
    """Profiles of one file parsed by Python's configparser (strict: duplicates are errors)."""
    cp = configparser.ConfigParser(interpolation=None, strict=True, empty_lines_in_values=False,
                                   default_section="\x00no default section")
    cp.read_string(text)
    return {profile_name(s, config): dict(cp[s]) for s in cp.sections()}


def merged(credentials, config):
    """The view of both files: each profile's settings from credentials plus config."""
    view = {name: dict(values) for name, values in credentials.items()}
    for name, values in config.items():
        view.setdefault(name, {}).update(values)
    return view


def parse_both(binary, home, aws):
    """The view of the files by `awscred config --json` and by configparser; (view, error)."""
    views, errors = {}, []
    r = run([str(binary), "config", "--json"], home)
    try:
        if r.returncode != 0:
            raise ValueError(f"exit {r.returncode}: {r.stderr.strip()}")
        views["awscred config --json"] = json.loads(r.stdout)["profiles"]
    except (ValueError, KeyError) as e:
        errors.append(f"awscred config --json: {e!r}")
    try:
        views["configparser"] = merged(parse_configparser(read(aws / "credentials")),
                                       parse_configparser(read(aws / "config"), config=True))
    except configparser.Error as e:
        errors.append(f"configparser: {e}")
    return views, errors


# --------------------------------------------------------------------------------------------
# 1. Concurrent writers


def writer_plan(w, updates):
    """Writer w's updates in order: even ones create a new profile each, odd ones rotate over three
    new profiles and one generated profile in the middle of the file (last value must win)."""
    rotating = [f"w{w}-r{r}" for r in range(3)] + [f"p{1000 + 501 * w}"]
    plan = []
    for j in range(updates):
        name = f"w{w}-u{j}" if j % 2 == 0 else rotating[(j // 2) % len(rotating)]
        key, secret = f"AKIASTRESS{w:03d}U{j:05d}X", f"fake-stress-secret-w{w:03d}-u{j:05d}"
        plan.append(Update(name, key, secret, REGIONS[(j + w) % len(REGIONS)]))
    return plan


def run_writer(binary, home, plan, latencies, failures):
    """Runs one writer's updates one after another, recording latency (ms) and failures."""
    for update in plan:
        t0 = time.perf_counter()
        r = run(set_argv(binary, update), home)
        latencies.append((time.perf_counter() - t0) * 1000.0)
        if r.returncode != 0:
            failures.append(f"{update.profile}: exit {r.returncode}: {r.stderr.strip()[:200]}")


def run_writers(binary, home, plans):
    """Runs all writers at once (one thread each); (elapsed s, latencies ms, failures)."""
    latencies, failures = [], []
    threads = [threading.Thread(target=run_writer, args=(binary, home, p, latencies, failures))
               for p in plans]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, failures


def final_writes(plans):
    """Each profile's last update: name -> Update."""
    last = {}
    for plan in plans:
        for update in plan:
            last[update.profile] = update
    return last


def lost_updates(view, plans):
    """Updates whose value is not in the final view: every new-profile update, and the last update
    of each rotating profile."""
    last = final_writes(plans)
    lost = 0
    for plan in plans:
        for update in plan:
            if last[update.profile] is not update:
                continue
            got = view.get(update.profile, {})
            if (got.get("aws_access_key_id"), got.get("aws_secret_access_key"),
                    got.get("region")) != (update.key, update.secret, update.region):
                lost += 1
    return lost


def expected_view(n, plans):
    """The view the files must have at the end: the generated profiles plus each edited
    profile's last write."""
    view = generated_model(n)
    for name, u in final_writes(plans).items():
        view[name] = dict(key_values(u), region=u.region)
    return view


def check_appended(tail, expected, config, at_start):
    """Counts problems in the appended part: each new profile exactly once, in awscred's form,
    after one blank line (none before a section that starts the file)."""
    problems, seen = 0, set()
    for name, chunk in sections(tail, config):
        if name is None:
            problems += chunk != ""
            continue
        want = ("" if at_start else "\n") + canonical_section(name, expected.get(name, {}), config)
        problems += name in seen or name not in expected or chunk != want
        seen.add(name)
        at_start = False
    return problems + len(set(expected) - seen)


def key_values(update):
    """The credentials-file settings of an update."""
    return {"aws_access_key_id": update.key, "aws_secret_access_key": update.secret}


def check_credentials_bytes(original, final, plans):
    """(bytes changed outside the edited profiles, edited sections not as expected) for the
    credentials file: edited generated profiles in place, new ones appended."""
    last = final_writes(plans)
    new = {n: key_values(u) for n, u in last.items() if not re.fullmatch(r"p\d+", n)}
    in_place = set(last) - set(new)
    cut = first_header_of(final, new, config=False)
    body, tail = final[:cut], final[cut:]
    bad = check_appended(tail, new, False, at_start=cut == 0)
    orig_chunks = dict(sections(original))
    seen = [name for name, _ in sections(body) if name in in_place]
    bad += len(seen) - len(set(seen)) + len(in_place - set(seen))
    for name, chunk in sections(body):
        if name in in_place:
            bad += chunk != replace_values(orig_chunks[name], key_values(last[name]))
    return outside_change(original, body, set(last)), bad


def check_config_bytes(original, final, plans):
    """(bytes changed outside the edited profiles, edited sections not as expected) for the
    config file, where every edited profile's region is appended."""
    last = final_writes(plans)
    new = {n: {"region": u.region} for n, u in last.items()}
    cut = first_header_of(final, new, config=True)
    body, tail = final[:cut], final[cut:]
    bad = check_appended(tail, new, True, at_start=cut == 0)
    return outside_change(original, body, set(last), config=True), bad


def first_header_of(text, names, config):
    """Where the appended part begins: the chunk of the first section naming one of `names`,
    keeping one blank line before it as its separator; the end of the text if none."""
    pos = 0
    for name, chunk in sections(text, config):
        if name in names:
            blanks = len(chunk) - len(chunk.lstrip("\n"))
            return pos + max(0, blanks - 1) if pos > 0 else pos
        pos += len(chunk)
    return len(text)


def outside_change(original, body, edited, config=False):
    """Bytes changed outside the edited profiles between the original and the part of the final
    file before the appended sections (a blank line ending the original may be the separator)."""
    a = outside(original, edited, config)
    b = outside(body, edited, config)
    return min(changed_span(a, b), changed_span(a, b + "\n"))


def section_concurrent(report, binary, root, mode):
    """Many writers at once on one big file: nothing lost, nothing else changed."""
    original = generated_credentials(PROFILES)
    home, aws = make_home(root, "concurrent", original)
    plans = [writer_plan(w, mode.updates) for w in range(mode.writers)]
    report.section(f"1. Concurrent writers ({mode.writers} processes at once, each a loop of "
                   f"{mode.updates} `awscred set` with --region; credentials file "
                   f"{len(original):,} bytes, {PROFILES:,} profiles; empty config file)")
    elapsed, latencies, failures = run_writers(binary, home, plans)
    attempted = mode.writers * mode.updates
    report.row("updates attempted", attempted)
    report.expect_zero("updates failed (non-zero exit)", len(failures))
    for f in failures[:5]:
        print(f"    {f}")
    report_views(report, binary, home, aws, plans)
    report_bytes(report, original, aws, plans)
    report.expect_zero("temp files left", len(strays(aws)))
    report.row("profiles written (distinct)", f"{len(final_writes(plans)):,} "
               f"(of which {mode.writers} generated ones edited in place)")
    report.row("elapsed", f"{elapsed:.1f} s")
    report.row("updates/s", f"{attempted / elapsed:.1f}")
    report.row("latency per update median / p95 / max", latency_summary(latencies))


def report_views(report, binary, home, aws, plans):
    """Rows for the parsed files: both parsers read them, nothing lost, every profile as
    expected."""
    views, errors = parse_both(binary, home, aws)
    report.expect_zero("files unparseable (awscred, configparser)", len(errors))
    for e in errors:
        print(f"    {e[:300]}")
    want = expected_view(PROFILES, plans)
    for label, view in views.items():
        report.expect_zero(f"updates lost ({label})", lost_updates(view, plans))
        wrong = sum(view.get(n) != v for n, v in want.items()) + len(set(view) - set(want))
        report.expect_zero(f"profiles not as expected ({label})", wrong)


def report_bytes(report, original, aws, plans):
    """Rows for the bytes: nothing changed outside the edited profiles, edited ones exact."""
    creds_changed, creds_bad = check_credentials_bytes(original, read(aws / "credentials"), plans)
    config_changed, config_bad = check_config_bytes("", read(aws / "config"), plans)
    report.expect_zero("bytes changed outside edited profiles (creds)", creds_changed)
    report.expect_zero("bytes changed outside edited profiles (config)", config_changed)
    report.expect_zero("edited sections not byte-exact as expected", creds_bad + config_bad)


def latency_summary(samples):
    """`median / p95 / max ms` of a list of milliseconds."""
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    return f"{statistics.median(s):.0f} / {p95:.0f} / {s[-1]:.0f} ms"


# --------------------------------------------------------------------------------------------
# 2. Kills


KILL_TARGET = "p5000"
# Two values of the same length, alternated so that every write changes the file.
KILL_VALUES = tuple(Update(KILL_TARGET, f"AKIAKILLTEST{c * 8}", f"fake-kill-secret-{c * 23}", "")
                    for c in "AB")


def content_with(original, update):
    """The whole credentials file after `update` of a generated profile, computed, not run."""
    out = []
    for name, chunk in sections(original):
        if name == update.profile:
            chunk = replace_values(chunk, key_values(update))
        out.append(chunk)
    return "".join(out)


def timed_write(binary, home, update, poll_dir=None):
    """Runs one unkilled write; (exit code, ms, ms when a temp file was first seen or None)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(set_argv(binary, update, with_region=False), env=awscred_env(home),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    seen = None
    while poll_dir is not None and p.poll() is None:
        if seen is None and strays(poll_dir):
            seen = (time.perf_counter() - t0) * 1000.0
        time.sleep(0.0002)
    rc = p.wait()
    return rc, (time.perf_counter() - t0) * 1000.0, seen


def calibrate(binary, home, aws, contents, runs=6):
    """Times unkilled writes (alternating values, each checked) and finds when the temp file
    exists; (median lifetime ms, median temp-first-seen fraction, wrong results)."""
    lifetimes, fractions, wrong = [], [], 0
    for i in range(runs):
        polled = i >= runs // 2
        rc, ms, seen = timed_write(binary, home, KILL_VALUES[i % 2], aws if polled else None)
        wrong += rc != 0 or read(aws / "credentials") != contents[i % 2]
        if polled and seen is not None:
            fractions.append(seen / ms)
        elif not polled:
            lifetimes.append(ms)
    frac = statistics.median(fractions) if fractions else 0.7
    return statistics.median(lifetimes), frac, wrong


class Aim:
    """Adaptive delay for the aimed kills: later after a kill that came before the temp file
    existed, earlier after one that came after the rename, unchanged after a hit."""

    def __init__(self, lifetime_ms, window_frac):
        self.ms = lifetime_ms * (1 + window_frac) / 2

    def next_delay(self, rng):
        """The next delay in seconds, jittered by +-5%."""
        return self.ms * rng.uniform(0.95, 1.05) / 1000.0

    def learn(self, outcome):
        """Moves the aim after an outcome: 'early', 'late', anything else keeps it."""
        self.ms *= {"early": 1.03, "late": 0.97}.get(outcome, 1.0)


def spread_delay(rng, lifetime_ms):
    """A delay in seconds uniform over 0..1.2x the unkilled lifetime."""
    return rng.uniform(0.0, 1.2 * lifetime_ms) / 1000.0


def kill_once(binary, home, update, delay):
    """Starts a write, sleeps, SIGKILLs it; (exit code, stderr)."""
    p = subprocess.Popen(set_argv(binary, update, with_region=False), env=awscred_env(home),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    p.kill()
    _, err = p.communicate()
    return p.returncode, err


@dataclass
class KillTally:
    """What the kills found."""
    spread: int = 0
    aimed: int = 0
    landed: int = 0
    finished: int = 0
    failed: int = 0
    in_window_spread: int = 0
    in_window_aimed: int = 0
    old: int = 0
    new: int = 0
    other: int = 0
    config_changed: int = 0


def kill_loop(binary, home, aws, contents, kills, rng, lifetime_ms, window_frac):
    """Runs the kills, alternating the two values so old and new content are always known; two in
    three at a delay spread over the lifetime, one in three aimed at the temp-file window. If none
    hit the window, up to `kills` more aimed ones until one does."""
    tally, aim = KillTally(), Aim(lifetime_ms, window_frac)
    state, known = contents.index(read(aws / "credentials")), set(strays(aws))
    i = 0
    while i < kills or (i < 2 * kills and tally.in_window_spread + tally.in_window_aimed == 0):
        aimed, i = i % 3 == 2 or i >= kills, i + 1
        tally.aimed += aimed
        tally.spread += not aimed
        delay = aim.next_delay(rng) if aimed else spread_delay(rng, lifetime_ms)
        rc, err = kill_once(binary, home, KILL_VALUES[1 - state], delay)
        tally.landed += rc == -signal.SIGKILL
        tally.finished += rc == 0
        tally.failed += rc not in (0, -signal.SIGKILL)
        now = set(strays(aws))
        hit, known = bool(now - known), now
        state, outcome = judge_content(tally, aws, contents, state, hit)
        if outcome == "other":
            print(f"    partial or other content (exit {rc}) {err.strip()[:200]}")
        if aimed:
            tally.in_window_aimed += hit
            aim.learn(outcome)
        else:
            tally.in_window_spread += hit
        tally.config_changed += read(aws / "config") != ""
    return tally, state


def judge_content(tally, aws, contents, state, hit):
    """Counts the file after a kill as old, new or other (then restores the old content);
    (new state, outcome for the aim: 'early', 'late', 'hit' or 'other')."""
    after = read(aws / "credentials")
    if after == contents[state]:
        tally.old += 1
        return state, "hit" if hit else "early"
    if after == contents[1 - state]:
        tally.new += 1
        return 1 - state, "late"
    tally.other += 1
    write_file(aws / "credentials", contents[state])
    return state, "other"


def section_kills(report, binary, root, mode, rng):
    """SIGKILL during `awscred set` at random moments: the file is always the old or the new
    content, never partial."""
    original = generated_credentials(PROFILES)
    home, aws = make_home(root, "kills", original)
    contents = [content_with(original, u) for u in KILL_VALUES]
    report.section(f"2. Kills ({mode.kills} SIGKILLs during `awscred set {KILL_TARGET}` on a "
                   f"{len(original):,}-byte, {PROFILES:,}-profile credentials file)")
    parse_errors = sum(parse_error(c) for c in contents)
    lifetime, frac, wrong = calibrate(binary, home, aws, contents)
    report.expect_zero("unkilled calibration writes not byte-exact", wrong)
    report.expect_zero("old/new contents unparseable (configparser)", parse_errors)
    report.row("unkilled write lifetime (median)", f"{lifetime:.1f} ms; temp file exists from "
               f"~{frac * 100:.0f}% of it")
    tally, state = kill_loop(binary, home, aws, contents, mode.kills, rng, lifetime, frac)
    report.row("kills sent", f"{tally.spread + tally.aimed} ({tally.spread} spread over 0..1.2x "
               f"the lifetime, {tally.aimed} aimed at the temp-file window)")
    report.row("  landed (process died by SIGKILL)", tally.landed)
    report.row("  came after the process had finished", tally.finished)
    report.expect_zero("  process failed otherwise", tally.failed)
    in_window = tally.in_window_spread + tally.in_window_aimed
    report.row("kills between temp creation and rename", f"{in_window} (spread "
               f"{tally.in_window_spread}, aimed {tally.in_window_aimed})", in_window > 0)
    report.row("file = old content afterwards", tally.old)
    report.row("file = new content afterwards", tally.new)
    report.expect_zero("file partial or other afterwards", tally.other)
    report.expect_zero("config file changed", tally.config_changed)
    rc, _, _ = timed_write(binary, home, KILL_VALUES[1 - state])
    ok = rc == 0 and read(aws / "credentials") == contents[1 - state]
    report.row("next unkilled write", "ok, byte-exact" if ok else f"exit {rc} or wrong content", ok)
    report.expect_zero("temp files left after the next write", len(strays(aws)))
    r = run([str(binary), "list", "--json"], home)
    listed = len(json.loads(r.stdout)) if r.returncode == 0 else -1
    report.row("profiles listed by awscred afterwards", f"{listed:,}", listed == PROFILES)


def parse_error(text):
    """1 if configparser cannot read the credentials text, else 0."""
    try:
        parse_configparser(text)
        return 0
    except configparser.Error:
        return 1


# --------------------------------------------------------------------------------------------
# 3. Disk full and read-only


def mount(*args):
    """Runs mount with the given arguments; True on success."""
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def umount(path):
    """Unmounts path (lazily if busy)."""
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def small_tmpfs(folder, size, allowed):
    """Mounts a tmpfs of `size` bytes on folder if allowed and possible; yields whether it did."""
    mounted = allowed and os.geteuid() == 0 and mount(
        "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            umount(folder)


@contextmanager
def read_only_bind(folder, allowed):
    """Bind-mounts folder on itself read-only if allowed and possible; yields whether it did."""
    bound = allowed and os.geteuid() == 0 and mount("--bind", str(folder), str(folder))
    try:
        if bound and not mount("-o", "remount,ro,bind", str(folder)):
            umount(folder)
            bound = False
        yield bound
    finally:
        if bound:
            umount(folder)


def fsize_limit(limit):
    """A preexec_fn: RLIMIT_FSIZE to `limit` and SIGXFSZ ignored (else the writer dies by the
    signal and leaves its temp file)."""
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


def check_refused(report, label, r, reason, before, aws):
    """Rows for a refused one-file write: exit 7 naming the reason, files untouched, no temp
    file left."""
    first = r.stderr.strip().splitlines()[0] if r.stderr.strip() else ""
    first = first.replace(str(aws.parent), "~")
    good = r.returncode == IO_EXIT and reason in r.stderr
    report.row(f"{label}: exit code / message", f"{r.returncode} / {first[:120]}", good)
    same = all(read(aws / n) == before[n] for n in before)
    report.row(f"{label}: files byte-for-byte unchanged", "yes" if same else "NO", same)
    report.expect_zero(f"{label}: temp files left", len(strays(aws)))


def check_two_files(report, label, r, reason, before, aws):
    """Rows for a refused `set --region` (config and credentials): exit 7, both files untouched
    (an edit stages every file before replacing any), no temp left."""
    good = r.returncode == IO_EXIT and reason in r.stderr
    report.row(f"{label} with --region: exit code", r.returncode, good)
    same = read(aws / "credentials") == before["credentials"]
    report.row(f"{label} with --region: credentials unchanged", "yes" if same else "NO", same)
    report.expect_zero(f"{label} with --region: temp files left", len(strays(aws)))
    same = read(aws / "config") == before["config"]
    report.row(f"{label} with --region: config unchanged", "yes" if same else "NO", same)


def disk_full(report, binary, root, update, allow_mount):
    """A write that runs out of space: tmpfs too small for a second copy, else RLIMIT_FSIZE."""
    original = generated_credentials(PROFILES)
    home = root / "diskfull"
    aws = home / ".aws"
    aws.mkdir(parents=True)
    size = (len(original) * 3 // 2 + 4095) // 4096 * 4096
    with small_tmpfs(aws, size, allow_mount) as mounted:
        write_file(aws / "credentials", original)
        write_file(aws / "config", "")
        before = {"credentials": original, "config": ""}
        if mounted:
            method = f"tmpfs of {size:,} bytes on ~/.aws (file {len(original):,} bytes)"
            reason, preexec = "No space left on device", None
        else:
            limit = len(original) // 2
            method = f"RLIMIT_FSIZE {limit:,} bytes, SIGXFSZ ignored (no mount)"
            reason, preexec = "File too large", fsize_limit(limit)
        report.row("disk full: method", method)
        r = run(set_argv(binary, update, with_region=False), home, preexec_fn=preexec)
        check_refused(report, "disk full", r, reason, before, aws)
        r = run(set_argv(binary, update), home, preexec_fn=preexec)
        check_two_files(report, "disk full", r, reason, before, aws)


def read_only(report, binary, root, update, allow_mount):
    """A write into a folder it cannot write: read-only bind mount, else an unprivileged writer."""
    original = generated_credentials(PROFILES)
    home, aws = make_home(root, "readonly", original)
    before = {"credentials": original, "config": ""}
    try:
        with read_only_bind(aws, allow_mount) as bound:
            if bound:
                method, prefix = "read-only bind mount of ~/.aws", []
                reason = "Read-only file system"
            else:
                method, prefix = unprivileged_writer(root, home, aws)
                reason = "Permission denied"
            report.row("read-only: method", method)
            r = run(prefix + set_argv(binary, update, with_region=False), home)
            check_refused(report, "read-only", r, reason, before, aws)
            r = run(prefix + set_argv(binary, update), home)
            check_two_files(report, "read-only", r, reason, before, aws)
    finally:
        os.chmod(aws, 0o700)  # writable again (the chmod fallback), so the cleanup can remove it


def unprivileged_writer(root, home, aws):
    """Without a mount: run as nobody (setpriv) against root-owned 0755 folders, or, when not root,
    make ~/.aws 0555; (method, argv prefix)."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        for p in (root, home, aws):
            os.chmod(p, 0o755)
        for name in ("credentials", "config"):
            os.chmod(aws / name, 0o644)
        return ("setpriv --reuid=65534 --regid=65534 --clear-groups, root-owned 0755 ~/.aws",
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    os.chmod(aws, 0o555)
    return "~/.aws chmod 0555 (not root)", []


def section_faults(report, binary, root, allow_mount):
    """Disk full and read-only: a clear Io error (exit 7), nothing changed, no temp file."""
    report.section("3. Disk full and read-only (`awscred set p5000` must fail with Io, exit 7; "
                   "first without --region, one file, then with it, two files)")
    update = Update("p5000", "AKIAFAULTTESTCCCCCCC", "fake-fault-secret-ccccccccccccccccccccccc",
                    "eu-west-1")
    disk_full(report, binary, root, update, allow_mount)
    read_only(report, binary, root, update, allow_mount)


# --------------------------------------------------------------------------------------------


def default_binary():
    """target/release/awscred if built, else target/debug/awscred."""
    release = REPO / "target" / "release" / "awscred"
    return release if release.exists() else REPO / "target" / "debug" / "awscred"


def private_copy(binary, root):
    """Copies the binary into the run's folder (a rebuild during the run cannot change it)."""
    folder = root / "bin"
    folder.mkdir()
    copy = folder / "awscred"
    shutil.copy2(binary, copy)
    os.chmod(folder, 0o755)
    os.chmod(copy, 0o755)
    return copy


def parse_args():
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--awscred", default=str(default_binary()),
                    help="the awscred binary (default: target/release, else target/debug)")
    ap.add_argument("--quick", action="store_true",
                    help=f"CI size: {QUICK.writers}x{QUICK.updates} updates, {QUICK.kills} kills")
    ap.add_argument("--seed", type=int, default=None, help="seed of the kill delays")
    ap.add_argument("--no-mount", action="store_true",
                    help="use the fallbacks (RLIMIT_FSIZE, setpriv) instead of mounts")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    return ap.parse_args()


def main():
    """Runs the three sections; 0 if every invariant held, else 1."""
    args = parse_args()
    mode = QUICK if args.quick else FULL
    binary = Path(args.awscred).resolve()
    if not binary.is_file():
        sys.exit(f"stress: {binary} not found (cargo build -p awscred, or --awscred PATH)")
    seed = args.seed if args.seed is not None else time.time_ns() % 1_000_000_007
    root = Path(tempfile.mkdtemp(prefix="awscred-stress-"))
    report = Report()
    t0 = time.perf_counter()
    try:
        copy = private_copy(binary, root)
        print("awscred stress and fault run")
        for line in machine_lines(binary, copy, mode, seed):
            print("  " + line)
        section_concurrent(report, copy, root, mode)
        section_kills(report, copy, root, mode, random.Random(seed))
        section_faults(report, copy, root, allow_mount=not args.no_mount)
    finally:
        keep = args.keep or report.broken
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    load = load_average()
    print(f"\ntotal {time.perf_counter() - t0:.1f} s; load average at the end {load}")
    if keep:
        print(f"files kept in {root}")
    if report.broken:
        print(f"RESULT: {len(report.broken)} invariant(s) broken: {'; '.join(report.broken)}")
        return 1
    print("RESULT: every invariant held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
