"""The private Secret Service harness (secretservice.py) itself: a real gnome-keyring-daemon on a
private dbus-daemon, checked with libsecret's secret-tool, locked and unlocked without any prompt,
stopped without leaving a process or a file outside the test's tmp_path."""

import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from secretservice import SECRETS_NAME, HarnessError, SecretService, _pid_alive, headless_env
from secretservice import private_bus, secret_service  # noqa: F401  (pytest fixtures)

ATTRS = ["service", "awscred-test", "account", "a"]


def secret_tool(env, *args, stdin=None, timeout=10):
    """secret-tool with a hard timeout: a prompt that waits for nobody would fail the test, not
    hang it."""
    t0 = time.monotonic()
    r = subprocess.run(["secret-tool", *args], input=stdin,
                       stdin=subprocess.DEVNULL if stdin is None else None,
                       capture_output=True, text=True, env=env, timeout=timeout)
    r.seconds = time.monotonic() - t0
    return r


@pytest.fixture
def env(secret_service, tmp_path):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return secret_service.environ(dict(os.environ, HOME=str(home)))


def test_store_and_lookup_with_secret_tool(secret_service, env):
    assert env["DBUS_SESSION_BUS_ADDRESS"] == secret_service.env["DBUS_SESSION_BUS_ADDRESS"]
    assert "DISPLAY" not in env
    assert secret_service.default_collection() == "/org/freedesktop/secrets/collection/login"
    assert secret_service.locked() is False

    r = secret_tool(env, "store", "--label", "x", *ATTRS, stdin="s3cret")
    assert r.returncode == 0, r.stderr
    r = secret_tool(env, "lookup", *ATTRS)
    assert (r.returncode, r.stdout) == (0, "s3cret"), r.stderr

    [item] = secret_service.items()
    assert item["label"] == "x"
    attributes = dict(item["attributes"])
    # libsecret may add its schema name (org.freedesktop.Secret.Generic for secret-tool)
    attributes.pop("xdg:schema", None)
    assert attributes == {"service": "awscred-test", "account": "a"}
    assert item["secret"] == b"s3cret" and item["locked"] is False
    assert item["collection"] == "/org/freedesktop/secrets/collection/login"
    # the keyring file is the test's own
    assert (secret_service.keyrings_dir / "login.keyring").is_file()


def test_store_directly_and_find_with_secret_tool(secret_service, env):
    path = secret_service.store({"service": "svc", "username": "u", "target": "default"}, "pw",
                                label="u@svc:default")
    r = secret_tool(env, "lookup", "service", "svc", "username", "u")
    assert (r.returncode, r.stdout) == (0, "pw"), r.stderr
    assert [(i["path"], i["label"], i["secret"]) for i in secret_service.items()] == [
        (path, "u@svc:default", b"pw")]


def test_locked_collection_fails_at_once_without_prompting(secret_service, env):
    assert secret_tool(env, "store", "--label", "x", *ATTRS, stdin="s3cret").returncode == 0
    secret_service.lock()
    assert secret_service.locked() is True

    r = secret_tool(env, "lookup", *ATTRS)
    assert r.returncode != 0 and r.stdout == "", (r.returncode, r.stdout, r.stderr)
    assert r.seconds < 5, f"lookup on a locked collection took {r.seconds:.1f}s"

    [item] = secret_service.items()
    assert item["locked"] is True and item["secret"] is None
    assert item["attributes"]["service"] == "awscred-test"  # attributes stay searchable

    # what a client that asks to unlock gets: a prompt, dismissed at once (no prompter here)
    seconds, dismissed, _ = secret_service.prompt_outcome()
    assert dismissed is True and seconds < 2
    assert secret_service.locked() is True

    secret_service.unlock()
    r = secret_tool(env, "lookup", *ATTRS)
    assert (r.returncode, r.stdout) == (0, "s3cret"), r.stderr


def test_silent_prompter_makes_prompts_hang(secret_service):
    secret_service.lock()
    with secret_service.silent_prompter():
        with pytest.raises(TimeoutError):
            secret_service.prompt_outcome(timeout=1.0)
    # stop() (the fixture) ends the daemons with the prompt still pending


def test_stop_ends_both_daemons_and_writes_only_under_tmp(tmp_path):
    real_home = Path.home()
    watched = [real_home / ".local" / "share" / "keyrings", real_home / ".cache" / "keyring",
               Path(f"/run/user/{os.getuid()}/keyring")]
    before = {p: sorted(os.listdir(p)) if p.is_dir() else None for p in watched}
    tmp_before = set(os.listdir(tempfile.gettempdir()))

    ss = SecretService(tmp_path / "ss")
    ss.start()
    env = ss.environ()  # HOME: the harness's private home
    assert env["HOME"].startswith(str(tmp_path))
    assert secret_tool(env, "store", "--label", "x", *ATTRS, stdin="v").returncode == 0
    pids = (ss.pid, ss.keyring_pid)
    assert all(_pid_alive(p) for p in pids)
    ss.stop()

    assert not any(_pid_alive(p) for p in pids)
    assert ss.survivors() == []
    assert {p: sorted(os.listdir(p)) if p.is_dir() else None for p in watched} == before
    # no socket or directory of a bus or keyring daemon in the shared temp dir either
    new_tmp = set(os.listdir(tempfile.gettempdir())) - tmp_before
    assert not [n for n in new_tmp if n.startswith(("ss-run-", "dbus-", "keyring-", ".X11"))]
    assert (tmp_path / "ss" / "data" / "keyrings" / "login.keyring").is_file()
    r = secret_tool(env, "lookup", *ATTRS, timeout=10)
    assert r.returncode != 0  # nothing answers on the private bus any more


def test_stop_kills_and_reports_a_process_left_on_the_private_bus(tmp_path):
    ss = SecretService(tmp_path / "ss").start()
    child = subprocess.Popen(["sleep", "60"], env=ss.environ())
    try:
        with pytest.raises(AssertionError, match="survived stop"):
            ss.stop()
        assert child.wait(timeout=5) != 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_without_password_there_is_no_default_collection(tmp_path):
    with SecretService(tmp_path / "ss", password=None) as ss:
        assert ss.default_collection() == "/"
        assert ss.collections() == ["/org/freedesktop/secrets/collection/session"]
        with pytest.raises(HarnessError, match="no default collection"):
            ss.lock()
        r = secret_tool(ss.environ(), "store", "--label", "x", *ATTRS, stdin="v")
        assert r.returncode != 0 and r.seconds < 5, (r.returncode, r.stderr)


def test_bus_without_secret_service(private_bus):
    with private_bus.connect() as c:
        assert SECRETS_NAME not in c.list_names()
    r = secret_tool(private_bus.environ(), "lookup", *ATTRS)
    assert r.returncode != 0 and r.seconds < 5
    assert "org.freedesktop.secrets was not provided by any .service files" in r.stderr


@pytest.mark.parametrize("bus, dbus_send_error, secret_tool_error", [
    ("missing", "Failed to connect to socket", "Could not connect: No such file or directory"),
    ("unset", "Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
     "Cannot autolaunch D-Bus without X11 $DISPLAY"),
])
def test_headless_environments(tmp_path, bus, dbus_send_error, secret_tool_error):
    env = headless_env(tmp_path, bus)
    assert "DISPLAY" not in env and env["XDG_RUNTIME_DIR"].startswith(str(tmp_path))
    assert ("DBUS_SESSION_BUS_ADDRESS" in env) == (bus == "missing")
    # dbus-send uses libdbus, as the keyring crate's sync-secret-service backend does
    r = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                        "/", "org.freedesktop.DBus.ListNames"],
                       capture_output=True, text=True, env=env, timeout=10)
    assert r.returncode != 0 and dbus_send_error in r.stderr, r.stderr
    r = secret_tool(env, "lookup", *ATTRS)
    assert r.returncode != 0 and secret_tool_error in r.stderr, r.stderr
