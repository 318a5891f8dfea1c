"""A real Secret Service (gnome-keyring-daemon) on a private D-Bus session bus, for tests of the
OS-keychain credential store (Rust `keyring` 3, Secret Service backend).

Nothing here touches the machine's session bus or keyrings: every test gets its own dbus-daemon
(socket in a private XDG_RUNTIME_DIR) and its own gnome-keyring-daemon, whose keyring files live in
a private XDG_DATA_HOME (<tmp>/secretservice/data/keyrings). The bus has no service directories, so
nothing is ever D-Bus-activated: no second keyring daemon, and no prompter (gcr-prompter), so every
prompt that gnome-keyring would show is dismissed at once (as on a headless machine).

Needs (Debian): dbus (dbus-daemon), gnome-keyring (gnome-keyring-daemon); libsecret-tools
(secret-tool) only for tests that want to cross-check with libsecret. .ci/run installs them.

Use in a test file (the fixtures live in this module; importing them registers them there):

    from secretservice import private_bus, secret_service  # noqa: F401  (pytest fixtures)
    from secretservice import headless_env

    def test_x(sandbox, secret_service):
        sandbox.env = secret_service.environ(sandbox.env)   # point awscred at the private service
        sandbox.awscred(...)
        assert secret_service.items()[0]["attributes"]["service"] == "..."
        secret_service.lock()                               # default collection locked, no prompter

Fixture API
- secret_service (function scope): a started SecretService(tmp_path / "secretservice"), password
  "test", default collection "login" created and unlocked; stopped (and checked gone) afterwards.
- private_bus (function scope): only the dbus-daemon, no Secret Service on it (the
  "org.freedesktop.secrets is not there" case); .env / .environ() as below.
- headless_env(tmp_path, bus="missing"|"unset", base=None): environments without a usable bus.

SecretService(root, password="test") members
- env: {DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, XDG_DATA_HOME} to give a child process;
  unset: names to remove from a child's environment (DISPLAY, WAYLAND_DISPLAY, ...);
  environ(base=None): base (default: os.environ with HOME set to the private home) with both applied.
- lock() / unlock(): lock or unlock the default collection (unlock uses the password through
  gnome-keyring's UnlockWithMasterPassword, no prompt); locked(): whether it is locked.
- items(): every item of every collection: dicts with path, collection, label, attributes, locked,
  secret (bytes, None while locked), created, modified.
- store(attributes, secret, label=None, collection=None): create an item directly (a third-party
  item, a duplicate for the ambiguous case, ...).
- prompt_outcome(): what a client asking to unlock the locked default collection gets
  ((seconds, dismissed, result)); silent_prompter(): a context in which prompts hang ~25 s.
- stop(): SIGTERM then SIGKILL to both daemons, then asserts that no process of theirs survives.
  password=None starts gnome-keyring without a login keyring: no default collection at all.
- pid / keyring_pid, log_path / keyring_log_path, keyrings_dir, start_seconds.

The D-Bus calls are made by a small pure-Python client (DBusConnection below: EXTERNAL auth over the
unix socket, a marshaller for the types the Secret Service API uses), so the harness needs no
Python D-Bus package.
"""

import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SECRETS_NAME = "org.freedesktop.secrets"
SECRETS_PATH = "/org/freedesktop/secrets"
SERVICE_IFACE = "org.freedesktop.Secret.Service"
COLLECTION_IFACE = "org.freedesktop.Secret.Collection"
ITEM_IFACE = "org.freedesktop.Secret.Item"
PROMPT_IFACE = "org.freedesktop.Secret.Prompt"
GNOME_IFACE = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
PROPS_IFACE = "org.freedesktop.DBus.Properties"

# Variables a child must not inherit from the machine: they would lead it to the real session
# (bus, X display for D-Bus autolaunch and prompts, the real keyring daemon's sockets).
FOREIGN_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "DBUS_STARTER_ADDRESS",
                "DBUS_STARTER_BUS_TYPE", "GNOME_KEYRING_CONTROL", "GNOME_KEYRING_PID",
                "SSH_AUTH_SOCK", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                "XDG_CACHE_HOME", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP")

SUN_PATH_MAX = 100  # sockaddr_un.sun_path is 108 bytes; keep a margin for "keyring/control"


class HarnessError(RuntimeError):
    pass


# ------------------------------------------------------------------------------------------------
# A minimal D-Bus client (enough of the wire protocol for the Secret Service API)
# ------------------------------------------------------------------------------------------------

class DBusError(Exception):
    def __init__(self, name, message=""):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def _split_signature(sig):
    """'a{sv}o(ayy)' -> ['a{sv}', 'o', '(ayy)']"""
    out, i = [], 0
    while i < len(sig):
        j = _type_end(sig, i)
        out.append(sig[i:j])
        i = j
    return out


def _type_end(sig, i):
    c = sig[i]
    if c == "a":
        return _type_end(sig, i + 1)
    if c in "({":
        close = ")" if c == "(" else "}"
        j = i + 1
        while sig[j] != close:
            j = _type_end(sig, j)
        return j + 1
    return i + 1


_FIXED = {"y": ("B", 1), "b": ("I", 4), "n": ("h", 2), "q": ("H", 2), "i": ("i", 4),
          "u": ("I", 4), "x": ("q", 8), "t": ("Q", 8), "d": ("d", 8), "h": ("I", 4)}


def _alignment(t):
    c = t[0]
    if c in _FIXED:
        return _FIXED[c][1]
    if c in "sao":
        return 4
    if c in "({":
        return 8
    return 1  # g, v


class _Writer:
    def __init__(self):
        self.buf = bytearray()

    def pad(self, n):
        while len(self.buf) % n:
            self.buf.append(0)

    def write(self, t, v):
        c = t[0]
        self.pad(_alignment(t))
        if c in _FIXED:
            fmt = _FIXED[c][0]
            self.buf += struct.pack("<" + fmt, int(v) if c != "d" else float(v))
        elif c in "so":
            data = v.encode() if isinstance(v, str) else bytes(v)
            self.buf += struct.pack("<I", len(data)) + data + b"\0"
        elif c == "g":
            data = v.encode()
            self.buf += bytes([len(data)]) + data + b"\0"
        elif c == "v":
            vsig, vval = v  # a variant is written from (signature, value)
            self.write("g", vsig)
            self.write(vsig, vval)
        elif c == "a":
            elem = t[1:]
            self.buf += b"\0\0\0\0"
            len_at = len(self.buf) - 4
            self.pad(_alignment(elem))
            start = len(self.buf)
            if elem[0] == "{":
                ksig, vsig = _split_signature(elem[1:-1])
                for k, val in dict(v).items():
                    self.pad(8)
                    self.write(ksig, k)
                    self.write(vsig, val)
            elif elem == "y":
                self.buf += bytes(v)
            else:
                for item in v:
                    self.write(elem, item)
            struct.pack_into("<I", self.buf, len_at, len(self.buf) - start)
        elif c == "(":
            for st, sv in zip(_split_signature(t[1:-1]), v):
                self.write(st, sv)
        else:
            raise ValueError(f"cannot marshal type {t!r}")


class _Reader:
    def __init__(self, data, pos=0):
        self.data = data
        self.pos = pos

    def align(self, n):
        self.pos += (-self.pos) % n

    def read(self, t):
        c = t[0]
        self.align(_alignment(t))
        d = self.data
        if c in _FIXED:
            fmt, size = _FIXED[c]
            (v,) = struct.unpack_from("<" + fmt, d, self.pos)
            self.pos += size
            return bool(v) if c == "b" else v
        if c in "so":
            (n,) = struct.unpack_from("<I", d, self.pos)
            s = d[self.pos + 4:self.pos + 4 + n].decode()
            self.pos += 4 + n + 1
            return s
        if c == "g":
            n = d[self.pos]
            s = d[self.pos + 1:self.pos + 1 + n].decode()
            self.pos += 1 + n + 1
            return s
        if c == "v":
            return self.read(self.read("g"))
        if c == "a":
            (n,) = struct.unpack_from("<I", d, self.pos)
            self.pos += 4
            elem = t[1:]
            self.align(_alignment(elem))
            end = self.pos + n
            if elem == "y":
                v = bytes(d[self.pos:end])
                self.pos = end
                return v
            if elem[0] == "{":
                ksig, vsig = _split_signature(elem[1:-1])
                out = {}
                while self.pos < end:
                    self.align(8)
                    k = self.read(ksig)
                    out[k] = self.read(vsig)
                return out
            out = []
            while self.pos < end:
                out.append(self.read(elem))
            return out
        if c == "(":
            return tuple(self.read(st) for st in _split_signature(t[1:-1]))
        raise ValueError(f"cannot unmarshal type {t!r}")


def _parse_address(address):
    """The unix socket of a D-Bus address: a str path, or bytes for an abstract one."""
    for part in address.split(";"):
        transport, _, params = part.partition(":")
        if transport != "unix":
            continue
        kv = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        if "path" in kv:
            return kv["path"]
        if "abstract" in kv:
            return b"\0" + kv["abstract"].encode()
    raise HarnessError(f"no unix socket in D-Bus address {address!r}")


class DBusConnection:
    """One connection to a bus; method calls are synchronous, signals are queued."""

    def __init__(self, address, timeout=10.0):
        self.timeout = timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(_parse_address(address))
        self._rbuf = b""
        self.serial = 0
        self.signals = []
        self.sock.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode() + b"\r\n")
        line = self._readline()
        if not line.startswith(b"OK "):
            raise HarnessError(f"D-Bus authentication refused: {line!r}")
        self.sock.sendall(b"BEGIN\r\n")
        self.unique_name = self.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "Hello")[0]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _readline(self):
        while b"\r\n" not in self._rbuf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise HarnessError("D-Bus connection closed during authentication")
            self._rbuf += chunk
        line, _, self._rbuf = self._rbuf.partition(b"\r\n")
        return line

    def _recv_exact(self, n):
        while len(self._rbuf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise HarnessError("D-Bus connection closed")
            self._rbuf += chunk
        data, self._rbuf = self._rbuf[:n], self._rbuf[n:]
        return data

    def _send(self, msg_type, fields, signature="", args=(), flags=0):
        self.serial += 1
        body = _Writer()
        for t, v in zip(_split_signature(signature), args):
            body.write(t, v)
        if signature:
            fields = fields + [(8, ("g", signature))]
        hdr = _Writer()
        hdr.buf += struct.pack("<cBBBII", b"l", msg_type, flags, 1, len(body.buf), self.serial)
        hdr.write("a(yv)", fields)
        hdr.pad(8)
        self.sock.sendall(bytes(hdr.buf) + bytes(body.buf))
        return self.serial

    def _recv_message(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no D-Bus message in time")
        self.sock.settimeout(remaining)
        fixed = self._recv_exact(16)
        if fixed[:1] != b"l":
            raise HarnessError("big-endian D-Bus messages are not supported here")
        msg_type, _flags, _ver, body_len, _serial, fields_len = struct.unpack_from("<BBBIII",
                                                                                  fixed, 1)
        hdr_len = 16 + fields_len + ((-(16 + fields_len)) % 8)
        rest = self._recv_exact(hdr_len - 16 + body_len)
        data = fixed + rest
        fields = dict(_Reader(data, 12).read("a(yv)"))
        sig = fields.get(8, "")
        r = _Reader(data, hdr_len)
        body = [r.read(t) for t in _split_signature(sig)]
        # the body's alignment is relative to its start, which is 8-aligned: same as absolute
        return msg_type, fields, body

    def call(self, dest, path, iface, member, signature="", *args, timeout=None):
        fields = [(1, ("o", path)), (3, ("s", member)), (6, ("s", dest))]
        if iface:
            fields.append((2, ("s", iface)))
        serial = self._send(1, fields, signature, args)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            msg_type, f, body = self._recv_message(deadline)
            if msg_type == 4:
                self.signals.append((f, body))
            elif f.get(5) == serial:
                if msg_type == 3:
                    raise DBusError(f.get(4, "?"), body[0] if body else "")
                return body

    def wait_signal(self, predicate, timeout):
        """The body of the first queued or incoming signal with predicate(fields, body)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, (f, body) in enumerate(self.signals):
                if predicate(f, body):
                    del self.signals[i]
                    return body
            msg_type, f, body = self._recv_message(deadline)
            if msg_type == 4:
                self.signals.append((f, body))

    # -- conveniences ------------------------------------------------------------------------

    def get_property(self, dest, path, iface, name):
        return self.call(dest, path, PROPS_IFACE, "Get", "ss", iface, name)[0]

    def list_names(self):
        return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         "ListNames")[0]

    def add_match(self, rule):
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                  "AddMatch", "s", rule)


# ------------------------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------------------------

def _require(tool):
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} not found: install the Debian packages dbus and gnome-keyring "
                    f"(.ci/run does: apt-get install dbus gnome-keyring libsecret-tools)")
    return path


def _pid_alive(pid):
    """True for a live process; False for none or a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def _processes_mentioning(marker):
    """Live pids (not ours) whose command line or environment mentions marker."""
    found = []
    me = os.getpid()
    m = marker.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        pid = int(entry)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    envb = f.read()
            except PermissionError:
                envb = b""
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if (m in cmd or m in envb) and _pid_alive(pid):
            found.append((pid, cmd.replace(b"\0", b" ").decode(errors="replace").strip()))
    return found


def _stop_process(proc, grace=3.0):
    """SIGTERM to the process group of proc (its own session), then SIGKILL; reaps proc."""
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # anything else left in its process group (it is a session leader: start_new_session)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- A private session bus for one test: its own socket, no service directories (so no
     D-Bus activation: no stray keyring daemon, no prompter), nothing included from /etc. -->
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="reply_timeout">60000</limit>
</busconfig>
"""


class PrivateBus:
    """A dbus-daemon of its own: `dbus-daemon --config-file=<root>/bus.conf --nofork
    --print-address=1` (a Popen in its own session: pid is the daemon's), socket <runtime>/bus.
    Works as root: the config has no <user> and no service directories."""

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.home = self.root / "home"
        self.data = self.root / "data"
        self.config = self.root / "config"
        self.cache = self.root / "cache"
        for d in (self.home, self.data, self.config, self.cache):
            d.mkdir(exist_ok=True)
        self.runtime = self.root / "run"
        self._short_runtime = None
        if len(str(self.runtime / "keyring" / "control")) > SUN_PATH_MAX:
            # pytest's tmp_path can be too long for a unix socket path: a short one in /tmp
            self._short_runtime = Path(tempfile.mkdtemp(prefix="ss-run-"))
            self.runtime = self._short_runtime
        self.runtime.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.runtime, 0o700)
        self.socket = self.runtime / "bus"
        self.address = f"unix:path={self.socket}"
        self.log_path = self.root / "dbus-daemon.log"
        self.proc = None
        self.pid = None

    # -- environment --------------------------------------------------------------------------

    @property
    def env(self):
        """What a child needs to use this bus (and this service's keyring directory)."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.address,
                "XDG_RUNTIME_DIR": str(self.runtime),
                "XDG_DATA_HOME": str(self.data)}

    unset = tuple(v for v in FOREIGN_VARS
                  if v not in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME"))

    def environ(self, base=None):
        """base (default: os.environ, HOME set to the private home) without the machine's session
        variables, plus env."""
        if base is None:
            out = dict(os.environ)
            out["HOME"] = str(self.home)
        else:
            out = dict(base)
        for k in self.unset:
            out.pop(k, None)
        out.update(self.env)
        return out

    def daemon_environ(self):
        out = {k: v for k, v in os.environ.items() if k not in FOREIGN_VARS}
        out.update(self.env, HOME=str(self.home), XDG_CONFIG_HOME=str(self.config),
                   XDG_CACHE_HOME=str(self.cache), LC_ALL="C.UTF-8")
        return out

    def connect(self, timeout=10.0):
        return DBusConnection(self.address, timeout=timeout)

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self, timeout=10.0):
        daemon = _require("dbus-daemon")
        conf = self.root / "bus.conf"
        conf.write_text(BUS_CONFIG.replace("{socket}", str(self.socket)))
        addr_file = self.root / "dbus-daemon.address"
        with open(addr_file, "wb") as out, open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [daemon, f"--config-file={conf}", "--nofork", "--print-address=1"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=log, env=self.daemon_environ(),
                start_new_session=True)
        self.pid = self.proc.pid
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise HarnessError(f"dbus-daemon exited with {self.proc.returncode}: "
                                   f"{self.log_path.read_text(errors='replace')}")
            text = addr_file.read_text()
            if text.endswith("\n"):
                self.address = text.strip()
                try:
                    with self.connect(timeout=2):
                        return self
                except OSError:
                    pass
            if time.monotonic() > deadline:
                self.stop()
                raise HarnessError(f"dbus-daemon not ready in {timeout}s")
            time.sleep(0.01)

    def stop(self):
        _stop_process(self.proc)
        self.proc = None
        self._cleanup()

    def _cleanup(self):
        if self._short_runtime is not None:
            shutil.rmtree(self._short_runtime, ignore_errors=True)
            self._short_runtime = None

    def survivors(self):
        """Live processes started for this bus/service (found by their private paths)."""
        out = _processes_mentioning(str(self.runtime))
        if self.runtime != self.root / "run":
            out += _processes_mentioning(str(self.root))
        return out

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SecretService(PrivateBus):
    """gnome-keyring-daemon (secrets component only) on a PrivateBus.

    Started as `gnome-keyring-daemon --foreground --components=secrets --unlock` with the password
    on stdin: it creates <XDG_DATA_HOME>/keyrings/login.keyring encrypted with that password, unlocked,
    with the alias "default". (--start and --unlock do not go together; a second `--unlock` run
    would start a second daemon instead of unlocking this one, hence unlock() over D-Bus.)
    password=None: `gnome-keyring-daemon --foreground --components=secrets`, no login keyring and so
    no default collection (only the in-memory "session" one).
    """

    def __init__(self, root, password="test"):
        super().__init__(root)
        self.password = password
        self.keyring_log_path = self.root / "gnome-keyring-daemon.log"
        self.keyring_proc = None
        self.keyring_pid = None
        self.start_seconds = None

    @property
    def keyrings_dir(self):
        return self.data / "keyrings"

    def start(self, timeout=15.0):
        t0 = time.monotonic()
        super().start()
        gkd = _require("gnome-keyring-daemon")
        argv = [gkd, "--foreground", "--components=secrets"]
        if self.password is not None:
            argv.append("--unlock")
        with open(self.keyring_log_path, "ab") as log:
            self.keyring_proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=log, stderr=log, env=self.daemon_environ(),
                start_new_session=True)
        self.keyring_pid = self.keyring_proc.pid
        if self.password is not None:
            self.keyring_proc.stdin.write(self.password.encode())
        self.keyring_proc.stdin.close()
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop(check=False)
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.keyring_proc.poll() is not None:
                raise HarnessError(
                    f"gnome-keyring-daemon exited with {self.keyring_proc.returncode}: "
                    f"{self.keyring_log_path.read_text(errors='replace')}")
            try:
                with self.connect(timeout=2) as c:
                    if SECRETS_NAME in c.list_names():
                        if self.password is None:
                            return
                        path = self._default_path(c)
                        if path != "/" and not c.get_property(SECRETS_NAME, path,
                                                              COLLECTION_IFACE, "Locked"):
                            return
                        last = f"default collection {path!r} not ready"
            except (OSError, HarnessError, DBusError) as e:
                last = e
            time.sleep(0.02)
        raise HarnessError(f"the Secret Service was not ready in {timeout}s ({last}); log: "
                           f"{self.keyring_log_path.read_text(errors='replace')}")

    def stop(self, check=True):
        """Stops both daemons; with check, asserts that nothing they started is still running."""
        _stop_process(self.keyring_proc)
        self.keyring_proc = None
        _stop_process(self.proc)
        self.proc = None
        runtime = self.runtime
        leftovers = self.survivors()
        self._cleanup()
        if leftovers:
            for pid, _cmd in leftovers:  # started under this harness's private environment
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if check:
                raise AssertionError(f"processes of the private Secret Service ({runtime}) "
                                     f"survived stop(): {leftovers}")
        if check:
            for pid in (self.pid, self.keyring_pid):
                assert pid is None or not _pid_alive(pid), f"pid {pid} still alive after stop()"

    # -- Secret Service operations -------------------------------------------------------------

    @staticmethod
    def _default_path(conn):
        return conn.call(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "ReadAlias", "s",
                         "default")[0]

    def default_collection(self):
        """The object path of the default collection ('/' when there is none)."""
        with self.connect() as c:
            return self._default_path(c)

    def _need_default(self, c):
        path = self._default_path(c)
        if path == "/":
            raise HarnessError("this Secret Service has no default collection")
        return path

    def locked(self):
        with self.connect() as c:
            return c.get_property(SECRETS_NAME, self._need_default(c), COLLECTION_IFACE,
                                  "Locked")

    def lock(self):
        """Locks the default collection (Service.Lock: gnome-keyring locks without a prompt)."""
        with self.connect() as c:
            path = self._need_default(c)
            locked, prompt = c.call(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "Lock", "ao",
                                    [path])
            if prompt != "/" or path not in locked:
                raise HarnessError(f"Lock({path}) returned {locked}, prompt {prompt}")
            assert c.get_property(SECRETS_NAME, path, COLLECTION_IFACE, "Locked") is True

    def unlock(self):
        """Unlocks the default collection with the password, without a prompt (gnome-keyring's
        UnlockWithMasterPassword; Service.Unlock would need a prompter, which is not there)."""
        if self.password is None:
            raise HarnessError("started without a password: nothing to unlock")
        with self.connect() as c:
            path = self._need_default(c)
            session = self._open_plain_session(c)
            c.call(SECRETS_NAME, SECRETS_PATH, GNOME_IFACE, "UnlockWithMasterPassword",
                   "o(oayays)", path, (session, b"", self.password.encode(), "text/plain"))
            assert c.get_property(SECRETS_NAME, path, COLLECTION_IFACE, "Locked") is False

    @staticmethod
    def _open_plain_session(c):
        return c.call(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "OpenSession", "sv", "plain",
                      ("s", ""))[1]

    def collections(self):
        with self.connect() as c:
            return c.get_property(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "Collections")

    def items(self):
        """Every item of every collection, sorted by path: dicts with path, collection, label,
        attributes, locked, secret (bytes; None while locked), created, modified (unix time)."""
        out = []
        with self.connect() as c:
            session = self._open_plain_session(c)
            for coll in c.get_property(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "Collections"):
                for path in c.get_property(SECRETS_NAME, coll, COLLECTION_IFACE, "Items"):
                    props = c.call(SECRETS_NAME, path, PROPS_IFACE, "GetAll", "s", ITEM_IFACE)[0]
                    out.append({"path": path, "collection": coll, "label": props.get("Label"),
                                "attributes": dict(props.get("Attributes", {})),
                                "locked": props.get("Locked"), "secret": None,
                                "created": props.get("Created"),
                                "modified": props.get("Modified")})
            unlocked = [i["path"] for i in out if not i["locked"]]
            if unlocked:
                secrets = c.call(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "GetSecrets", "aoo",
                                 unlocked, session)[0]
                for i in out:
                    if i["path"] in secrets:
                        i["secret"] = secrets[i["path"]][2]
        return sorted(out, key=lambda i: i["path"])

    def store(self, attributes, secret, label=None, collection=None, replace=True):
        """Creates (or with replace, updates) an item directly; returns its path."""
        if isinstance(secret, str):
            secret = secret.encode()
        with self.connect() as c:
            coll = collection or self._need_default(c)
            session = self._open_plain_session(c)
            props = {f"{ITEM_IFACE}.Label": ("s", label or "harness item"),
                     f"{ITEM_IFACE}.Attributes": ("a{ss}", dict(attributes))}
            item, prompt = c.call(SECRETS_NAME, coll, COLLECTION_IFACE, "CreateItem",
                                  "a{sv}(oayays)b", props,
                                  (session, b"", secret, "text/plain"), replace)
            if item == "/":
                raise HarnessError(f"CreateItem needs a prompt ({prompt}): is {coll} locked?")
            return item

    def prompt_outcome(self, timeout=5.0):
        """What a client that asks to unlock the (locked) default collection gets: Service.Unlock
        returns a prompt; Prompt("") is called after subscribing to Completed, as the keyring crate's
        backends do. Returns (seconds, dismissed, result) or raises TimeoutError."""
        with self.connect() as c:
            path = self._need_default(c)
            t0 = time.monotonic()
            unlocked, prompt = c.call(SECRETS_NAME, SECRETS_PATH, SERVICE_IFACE, "Unlock", "ao",
                                      [path])
            if prompt == "/":
                return time.monotonic() - t0, False, unlocked
            c.add_match(f"type='signal',interface='{PROMPT_IFACE}',member='Completed',"
                        f"path='{prompt}'")
            c.call(SECRETS_NAME, prompt, PROMPT_IFACE, "Prompt", "s", "")
            dismissed, result = c.wait_signal(lambda f, b: f.get(1) == prompt, timeout)
            return time.monotonic() - t0, dismissed, result

    def silent_prompter(self):
        """A context manager that owns the prompter's bus name and never answers (see
        SilentPrompter): prompts then block their caller for ~25 s instead of failing at once."""
        return SilentPrompter(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop(check=exc[0] is None)


class SilentPrompter:
    """Owns org.gnome.keyring.SystemPrompter (the name gcr-prompter takes on a desktop) and never
    answers, like a prompt that nobody looks at. gnome-keyring's BeginPrompting call to it then
    times out after GDBus's default 25 s, and only then is the prompt dismissed: a client that
    needs an unlock blocks that long (with a real prompter on a desktop: until the user answers).
    For tests that a caller bounds its own wait. Without it (the default), no prompter exists on
    the private bus and every prompt is dismissed within milliseconds."""

    NAME = "org.gnome.keyring.SystemPrompter"

    def __init__(self, bus):
        self.bus = bus
        self.conn = None

    def __enter__(self):
        self.conn = self.bus.connect()
        reply = self.conn.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "RequestName", "su", self.NAME, 4)[0]
        if reply != 1:  # DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
            self.conn.close()
            raise HarnessError(f"could not own {self.NAME}: reply {reply}")
        return self

    def __exit__(self, *exc):
        self.conn.close()


# ------------------------------------------------------------------------------------------------
# Environments without a usable session bus
# ------------------------------------------------------------------------------------------------

def headless_env(tmp_path, bus="missing", base=None):
    """An environment in which no session bus can be reached, and none of the machine's:

    bus="missing": DBUS_SESSION_BUS_ADDRESS=unix:path=<tmp>/headless/no-such-dir/bus (nothing
                   there: connecting fails with ENOENT);
    bus="unset":   no DBUS_SESSION_BUS_ADDRESS at all, XDG_RUNTIME_DIR an empty private directory
                   (so neither libdbus nor zbus finds $XDG_RUNTIME_DIR/bus) and no DISPLAY (so
                   libdbus cannot autolaunch a bus).
    base defaults to os.environ with HOME=<tmp>/headless/home.
    """
    root = Path(tmp_path) / "headless"
    runtime = root / "run"
    runtime.mkdir(parents=True, mode=0o700, exist_ok=True)
    data = root / "data"
    data.mkdir(exist_ok=True)
    if base is None:
        home = root / "home"
        home.mkdir(exist_ok=True)
        env = dict(os.environ, HOME=str(home))
    else:
        env = dict(base)
    for k in FOREIGN_VARS:
        env.pop(k, None)
    env.update(XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(data))
    if bus == "missing":
        env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={root / 'no-such-dir' / 'bus'}"
    elif bus != "unset":
        raise ValueError(f"bus must be 'missing' or 'unset', not {bus!r}")
    return env


# ------------------------------------------------------------------------------------------------
# Fixtures (import them into a test module: `from secretservice import secret_service  # noqa`)
# ------------------------------------------------------------------------------------------------

@pytest.fixture
def secret_service(tmp_path):
    ss = SecretService(tmp_path / "secretservice")
    ss.start()
    try:
        yield ss
    finally:
        ss.stop()


@pytest.fixture
def private_bus(tmp_path):
    bus = PrivateBus(tmp_path / "privatebus")
    bus.start()
    try:
        yield bus
    finally:
        bus.stop()
        leftovers = bus.survivors()
        assert not leftovers, f"processes of the private bus survived: {leftovers}"
