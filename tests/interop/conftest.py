"""Fixtures for the awscred <-> botocore / AWS CLI v1 interop suite.

Every test runs with an isolated HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE under its
tmp_path, and with every AWS_* variable inherited from the parent process removed, so neither the
developer's ~/.aws nor their environment credentials can leak in (or be touched).

Binaries:
  AWSCRED_BIN   the awscred CLI (default: <repo>/target/release/awscred)
  AWSCRED_LIB   the shared library (default: <repo>/target/release/libawscred.so)
  AWSCRED_AWS   the AWS CLI v1 `aws` (default: the one next to this Python, else `aws` on PATH)
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Read before any test clears the environment (none of these start with "AWS_").
AWSCRED_BIN = Path(os.environ.get("AWSCRED_BIN") or REPO / "target" / "release" / "awscred")
AWSCRED_LIB = Path(os.environ.get("AWSCRED_LIB") or REPO / "target" / "release" / "libawscred.so")


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
    import botocore

    return [
        f"awscred: {AWSCRED_BIN} ({_version([str(AWSCRED_BIN), '--version'])})",
        f"botocore (in-process): {botocore.__version__} from {Path(botocore.__file__).parent}",
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
        pytest.fail("AWS CLI v1 `aws` not found: pip install -r tests/interop/requirements.txt "
                    "into the venv running pytest, or set AWSCRED_AWS")
    return AWS_BIN


@pytest.fixture(scope="session")
def awscred_lib():
    if not AWSCRED_LIB.is_file():
        pytest.fail(f"libawscred.so not found at {AWSCRED_LIB}: build it with "
                    f"`cargo build --release -p awscred` or set AWSCRED_LIB")
    return AWSCRED_LIB


def isolated_environ(home, config, credentials):
    """os.environ without AWS_*, with HOME and the two file variables pointing under home."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environ.update(HOME=str(home), AWS_CONFIG_FILE=str(config),
                   AWS_SHARED_CREDENTIALS_FILE=str(credentials),
                   # nothing may reach for IMDS while a profile is resolved
                   AWS_EC2_METADATA_DISABLED="true")
    return environ


class AwsEnv:
    """One test's isolated AWS file environment plus helpers to drive awscred, aws and botocore."""

    def __init__(self, tmp_path, monkeypatch, awscred_bin):
        self.tmp = tmp_path
        self.home = tmp_path / "home"
        self.home.mkdir()
        self.aws_dir = self.home / ".aws"
        self.config = self.aws_dir / "config"
        self.credentials = self.aws_dir / "credentials"
        self.awscred_bin = awscred_bin
        self._monkeypatch = monkeypatch
        environ = isolated_environ(self.home, self.config, self.credentials)
        for name in list(os.environ):
            if name not in environ:
                monkeypatch.delenv(name)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)

    def setenv(self, name, value):
        self._monkeypatch.setenv(name, str(value))

    def write(self, path, data, mode=0o600):
        """Write bytes (or text, byte-exact) to path, creating parents; mode 0600 by default so the
        AWS CLI does not warn about permissions."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        path.chmod(mode)
        return path

    @staticmethod
    def mode(path):
        return stat.S_IMODE(Path(path).stat().st_mode)

    def run(self, argv, stdin=None, expect_rc=0, timeout=60):
        r = subprocess.run([str(a) for a in argv], input=stdin, capture_output=True, text=True,
                           env=dict(os.environ), timeout=timeout)
        if expect_rc is not None:
            assert r.returncode == expect_rc, (
                f"{argv} exited {r.returncode}, expected {expect_rc}\n"
                f"stdout: {r.stdout!r}\nstderr: {r.stderr!r}")
        return r

    def awscred(self, *args, stdin_json=None, stdin=None, expect_rc=0):
        if stdin_json is not None:
            stdin = json.dumps(stdin_json)
        return self.run([self.awscred_bin, *args], stdin=stdin, expect_rc=expect_rc)

    def awscred_json(self, *args, stdin_json=None):
        return json.loads(self.awscred(*args, stdin_json=stdin_json).stdout)

    def session(self, profile):
        import botocore.session

        return botocore.session.Session(profile=profile)


@pytest.fixture(scope="session")
def make_environ():
    """isolated_environ, for fixtures wider than one test (which cannot use `env`)."""
    return isolated_environ


@pytest.fixture
def env(tmp_path, monkeypatch, awscred_bin):
    return AwsEnv(tmp_path, monkeypatch, awscred_bin)


@pytest.fixture
def aws(env, aws_bin):
    """Run the AWS CLI v1 in the test's environment: aws("configure", "get", ...)."""

    def run(*args, expect_rc=0):
        return env.run([aws_bin, *args], expect_rc=expect_rc)

    return run
