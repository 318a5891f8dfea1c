"""Fixtures for the awscred integration suite: real credential resolution against local stand-ins.

Each test gets an isolated HOME (its ~/.aws is the only one awscred, aws and botocore can see) and
an environment with every AWS_* variable of the parent process removed and
AWS_EC2_METADATA_DISABLED=true (tests that exercise instance metadata remove it). Nothing here
contacts the internet: moto (STS) and every other server listen on 127.0.0.1, and awscred reaches
them only through the standard settings (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, endpoint_url,
[services], AWS_ENDPOINT_URL_SSO, AWS_CONTAINER_CREDENTIALS_FULL_URI,
AWS_EC2_METADATA_SERVICE_ENDPOINT).

Run (from the repository root, after `cargo build --release -p awscred`):
  .venv/bin/pip install -r tests/integration/requirements.txt
  .venv/bin/python -m pytest tests/integration -q -p no:cacheprovider

Binaries:
  AWSCRED_BIN   the awscred CLI (default: <repo>/target/release/awscred)
  AWSCRED_AWS   the AWS CLI v1 `aws` (default: the one next to this Python, else `aws` on PATH)
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from localaws import (BlackHole, LocalHttpServer, MotoServer, clean_environ, cli_cache_key,
                      recording_proxy)

REPO = Path(__file__).resolve().parents[2]
AWSCRED_BIN = Path(os.environ.get("AWSCRED_BIN") or REPO / "target" / "release" / "awscred")


def _find_aws():
    explicit = os.environ.get("AWSCRED_AWS")
    if explicit:
        return Path(explicit)
    beside = Path(sys.executable).parent / "aws"
    if beside.exists():
        return beside
    found = shutil.which("aws")
    return Path(found) if found else None


AWS_BIN = _find_aws()

def _version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except OSError as e:
        return f"unavailable ({e})"


def pytest_report_header(config):
    try:
        import moto
        moto_version = moto.__version__
    except ImportError:
        moto_version = "not installed (pip install -r tests/integration/requirements.txt)"
    return [
        f"awscred: {AWSCRED_BIN} ({_version([str(AWSCRED_BIN), '--version'])})",
        f"moto: {moto_version}",
        f"aws: {AWS_BIN} ({_version([str(AWS_BIN), '--version']) if AWS_BIN else 'not found'})",
    ]


@pytest.fixture(scope="session")
def awscred_bin():
    if not AWSCRED_BIN.is_file() or not os.access(AWSCRED_BIN, os.X_OK):
        pytest.fail(f"awscred binary not found at {AWSCRED_BIN}: build it with "
                    f"`cargo build --release -p awscred` or set AWSCRED_BIN")
    return AWSCRED_BIN


@pytest.fixture(scope="session")
def aws_bin():
    if AWS_BIN is None or not AWS_BIN.exists():
        pytest.fail("AWS CLI v1 `aws` not found: pip install -r tests/integration/requirements.txt "
                    "into the venv running pytest, or set AWSCRED_AWS")
    return AWS_BIN


# ------------------------------------------------------------------------------------------------
# moto
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    """One moto server for the session on a free loopback port, stopped at the end."""
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def moto(moto_server):
    """The session's moto server, with all state wiped before the test."""
    moto_server.reset()
    return moto_server


@pytest.fixture
def sts_spy(moto):
    """A recording proxy in front of moto: point AWS_ENDPOINT_URL_STS at .url, read .requests."""
    proxy = recording_proxy(moto.url)
    yield proxy
    proxy.stop()
    assert not proxy.errors, proxy.errors


# ------------------------------------------------------------------------------------------------
# Other local servers
# ------------------------------------------------------------------------------------------------

@pytest.fixture
def http_server():
    """Factory: http_server(app) starts a LocalHttpServer, stopped after the test."""
    started = []

    def start(app):
        s = LocalHttpServer(app)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
    for s in started:
        assert not s.errors, s.errors


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.stop()


# ------------------------------------------------------------------------------------------------
# The per-test sandbox
# ------------------------------------------------------------------------------------------------

class Sandbox:
    """One test's HOME, environment and helpers to run awscred and aws in it.

    Every secret the test writes or receives is registered in `secrets`; every awscred call that
    fails is checked not to print any of them (on stderr or stdout).
    """

    def __init__(self, tmp_path, awscred_bin):
        self.tmp = tmp_path
        self.home = tmp_path / "home"
        self.aws_dir = self.home / ".aws"
        self.aws_dir.mkdir(parents=True)
        self.config_path = self.aws_dir / "config"
        self.credentials_path = self.aws_dir / "credentials"
        self.cache_dir = self.aws_dir / "cli" / "cache"
        self.awscred_bin = awscred_bin
        self.env = clean_environ()
        self.env.update(HOME=str(self.home), AWS_EC2_METADATA_DISABLED="true")
        self.env.pop("USERPROFILE", None)
        self.secrets = set()
        self.failures = []  # (argv, CompletedProcess) of every failing awscred call

    # -- environment --------------------------------------------------------------------------

    def setenv(self, **values):
        for k, v in values.items():
            if v is None:
                self.env.pop(k, None)
            else:
                self.env[k] = str(v)

    def secret(self, *values):
        self.secrets.update(v for v in values if v)
        return values[0] if len(values) == 1 else values

    # -- files --------------------------------------------------------------------------------

    def write(self, path, text, mode=0o600):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        path.chmod(mode)
        return path

    def config(self, text):
        return self.write(self.config_path, textwrap.dedent(text).lstrip("\n"))

    def credentials(self, text):
        return self.write(self.credentials_path, textwrap.dedent(text).lstrip("\n"))

    @staticmethod
    def line_of(path, needle):
        """1-based number of the only line of path that contains needle."""
        lines = [i for i, line in enumerate(Path(path).read_text().splitlines(), 1)
                 if needle in line]
        assert len(lines) == 1, (needle, lines)
        return lines[0]

    @staticmethod
    def mode(path):
        return stat.S_IMODE(Path(path).stat().st_mode)

    def cache_file(self, args):
        return self.cache_dir / f"{cli_cache_key(args)}.json"

    def cache_entries(self):
        """The .json files in ~/.aws/cli/cache (awscred's .lock companions left out)."""
        if not self.cache_dir.is_dir():
            return []
        return sorted(p.name for p in self.cache_dir.iterdir() if p.name.endswith(".json"))

    # -- processes ----------------------------------------------------------------------------

    def run(self, argv, expect_rc=0, stdin=None, timeout=60):
        """Runs argv in the sandbox; stdin None means /dev/null (never a terminal)."""
        r = subprocess.run([str(a) for a in argv],
                           input=stdin, stdin=subprocess.DEVNULL if stdin is None else None,
                           capture_output=True, text=True, env=dict(self.env), timeout=timeout)
        if expect_rc is not None:
            assert r.returncode == expect_rc, (
                f"{argv} exited {r.returncode}, expected {expect_rc}\n"
                f"stdout: {r.stdout!r}\nstderr: {r.stderr!r}")
        return r

    def awscred(self, *args, expect_rc=0, stdin=None, timeout=60):
        r = self.run([self.awscred_bin, *args], expect_rc=expect_rc, stdin=stdin, timeout=timeout)
        if r.returncode != 0:
            self.failures.append((args, r))
            self.assert_no_secret(r.stderr, f"stderr of awscred {' '.join(map(str, args))}")
            self.assert_no_secret(r.stdout, f"stdout of awscred {' '.join(map(str, args))}")
        return r

    def awscred_json(self, *args, **kw):
        out = json.loads(self.awscred(*args, "--json", **kw).stdout)
        for k in ("SecretAccessKey", "SessionToken"):
            if isinstance(out, dict) and out.get(k):
                self.secrets.add(out[k])
        return out

    def get(self, name=None, *args, **kw):
        return self.awscred_json("get", *([name] if name else []), *args, **kw)

    def whoami(self, name=None, *args, **kw):
        return self.awscred_json("whoami", *([name] if name else []), *args, **kw)

    def aws(self, aws_bin, *args, expect_rc=0, stdin=None):
        return self.run([aws_bin, *args], expect_rc=expect_rc, stdin=stdin)

    def assert_no_secret(self, text, what):
        for s in self.secrets:
            assert s not in text, f"{what} contains the secret {s[:4]}...: {text!r}"


@pytest.fixture
def sandbox(tmp_path, awscred_bin):
    return Sandbox(tmp_path, awscred_bin)
