"""Nothing waits for ever: every AWS endpoint that accepts and never answers (a black hole), and a
credential_process that never exits, fail within the configured deadline with Timeout (exit 16),
naming what timed out and the setting; the process group of a stuck credential_process is killed."""

import os
import time
from pathlib import Path

import pytest

from test_sources import WEB_ROLE, WEB_TOKEN, sso_setup

KEY = "AKIDINTEGDEADLINE001"
SECRET = "fakeSecretIntegDeadline/0001+abcdefghij"
AWS_LIMIT_MS = 1500
BOUND_S = 8.0  # the deadline, plus process start-up and the runtime, with room for a loaded host


def _timed(sandbox, *args, expect_rc):
    started = time.monotonic()
    r = sandbox.awscred(*args, expect_rc=expect_rc)
    return r, time.monotonic() - started


def _expect_timeout(sandbox, what, *args):
    r, elapsed = _timed(sandbox, *args, expect_rc=16)
    assert elapsed < BOUND_S, f"{args} took {elapsed:.2f} s"
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1, r.stderr
    assert what in r.stderr, r.stderr
    assert "AWSCRED_AWS_TIMEOUT_MS" in r.stderr, r.stderr
    return elapsed


@pytest.fixture
def silent_sts(sandbox, black_hole):
    sandbox.secret(SECRET)
    sandbox.credentials(f"""
        [base]
        aws_access_key_id = {KEY}
        aws_secret_access_key = {SECRET}
        """)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=black_hole.url, AWSCRED_AWS_TIMEOUT_MS=str(AWS_LIMIT_MS))
    return black_hole


def test_assume_role_at_a_silent_sts(sandbox, silent_sts, capsys):
    sandbox.config("""
        [profile R]
        role_arn = arn:aws:iam::123456789012:role/Silent
        source_profile = base
        """)
    elapsed = _expect_timeout(sandbox, "STS AssumeRole", "get", "R", "--json")
    assert silent_sts.accepted() >= 1, "STS was not even called"
    with capsys.disabled():
        print(f"\n[deadline] AssumeRole at a black hole: Timeout after {elapsed:.2f} s "
              f"(limit {AWS_LIMIT_MS} ms)")


def test_caller_identity_at_a_silent_sts(sandbox, silent_sts):
    _expect_timeout(sandbox, "STS GetCallerIdentity", "whoami", "base", "--json")
    assert silent_sts.accepted() >= 1


def test_web_identity_at_a_silent_sts(sandbox, silent_sts):
    token_file = sandbox.write(sandbox.tmp / "token.jwt", WEB_TOKEN)
    sandbox.secret(WEB_TOKEN)
    sandbox.config(f"""
        [profile W]
        role_arn = {WEB_ROLE}
        web_identity_token_file = {token_file}
        """)
    _expect_timeout(sandbox, "STS AssumeRoleWithWebIdentity", "get", "W", "--json")


def test_sso_at_a_silent_portal(sandbox, http_server, black_hole):
    sso_setup(sandbox, http_server)
    sandbox.setenv(AWS_ENDPOINT_URL_SSO=black_hole.url, AWSCRED_AWS_TIMEOUT_MS=str(AWS_LIMIT_MS))
    _expect_timeout(sandbox, "SSO GetRoleCredentials", "get", "S", "--json")
    assert black_hole.accepted() >= 1


def test_container_endpoint_that_never_answers(sandbox, black_hole):
    sandbox.setenv(AWS_CONTAINER_CREDENTIALS_FULL_URI=black_hole.url + "/creds",
                   AWSCRED_AWS_TIMEOUT_MS=str(AWS_LIMIT_MS))
    r, elapsed = _timed(sandbox, "get", "--json", expect_rc=9)
    assert elapsed < BOUND_S, f"took {elapsed:.2f} s"
    assert black_hole.accepted() >= 1
    assert "container (ECS): " in r.stderr and f"within {AWS_LIMIT_MS} ms" in r.stderr, r.stderr


def _group_members(pgid):
    """Live (not zombie) processes whose process group is `pgid`."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_credential_process_that_never_exits_is_killed_with_its_group(sandbox, capsys):
    pids = sandbox.tmp / "pids"
    # The shell (the group leader) records itself and a background child, then waits for ever.
    sandbox.config(f"""
        [profile P]
        credential_process = echo $$ > {pids}; sleep 600 & echo $! >> {pids}; sleep 600
        """)
    sandbox.setenv(AWSCRED_PROCESS_TIMEOUT_MS="1000")
    r, elapsed = _timed(sandbox, "get", "P", "--json", expect_rc=16)
    assert elapsed < BOUND_S, f"took {elapsed:.2f} s"
    assert "credential_process of profile 'P'" in r.stderr, r.stderr
    assert "AWSCRED_PROCESS_TIMEOUT_MS" in r.stderr, r.stderr
    leader, child = (int(p) for p in pids.read_text().split())
    deadline = time.monotonic() + 2
    while _group_members(leader) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(leader) == [], "a process of the credential_process group survived"
    for pid in (leader, child):
        assert not Path(f"/proc/{pid}").exists() or \
            Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "Z"
    with capsys.disabled():
        print(f"\n[deadline] credential_process `sleep 600`: Timeout after {elapsed:.2f} s "
              f"(limit 1000 ms), group {leader} gone")
