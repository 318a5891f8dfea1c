"""Local stand-ins for AWS used by the integration suite, all on 127.0.0.1:

- MotoServer: moto's server mode (STS), started once per session, reset between tests;
- LocalHttpServer: a threaded http.server that answers through a Python function and records every
  request (ECS container credentials, EC2 instance metadata, the IAM Identity Center portal, and a
  recording proxy in front of moto);
- BlackHole: a TCP listener that accepts connections and never answers;
- closed_port(): a port nothing listens on.

Plus the AWS CLI's cache-key derivation, for checking file names.
"""

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def closed_port():
    """A loopback port with no listener (connections are refused at once)."""
    return free_port()


def cli_cache_key(args):
    """The AWS CLI's assume-role cache file stem (botocore `_create_cache_key`): sha1 of
    json.dumps(args, sort_keys=True) with the default separators."""
    return hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest()


def sha1_hex(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def clean_environ():
    """os.environ without any AWS_* variable."""
    return {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}


# ------------------------------------------------------------------------------------------------
# moto
# ------------------------------------------------------------------------------------------------

class MotoServer:
    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.proc = None
        self.port = None

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, timeout=30.0):
        last_error = None
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = free_port()
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=clean_environ())
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last_error = f"moto exited with {self.proc.returncode}"
                    break
                try:
                    with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1) as r:
                        if r.status == 200:
                            return self
                except (urllib.error.URLError, ConnectionError, OSError) as e:
                    last_error = e
                time.sleep(0.01)
            else:
                self.stop()
                raise RuntimeError(f"moto not ready within {timeout}s: {last_error}\n"
                                   f"{self.log_path.read_text(errors='replace')}")
        raise RuntimeError(f"moto did not start: {last_error}\n"
                           f"{self.log_path.read_text(errors='replace')}")

    def reset(self):
        """Wipes all state and turns signature checking off (a test may have turned it on; the
        reset alone keeps that setting)."""
        req = urllib.request.Request(f"{self.url}/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200, r.status
        req = urllib.request.Request(f"{self.url}/moto-api/reset-auth", data=b"inf", method="POST",
                                     headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200, r.status

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


# ------------------------------------------------------------------------------------------------
# Small HTTP servers
# ------------------------------------------------------------------------------------------------

class Request:
    """One request as a LocalHttpServer saw it."""

    def __init__(self, method, raw_path, headers, body):
        self.method = method
        self.raw_path = raw_path
        parsed = urllib.parse.urlsplit(raw_path)
        self.path = parsed.path
        self.query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    @property
    def form(self):
        """The body as an x-www-form-urlencoded dict (STS query protocol)."""
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.body.decode("utf-8")).items()}

    @property
    def signing_key_id(self):
        """The access key id in the SigV4 Authorization header, or None when unsigned."""
        auth = self.headers.get("authorization")
        if not auth or "Credential=" not in auth:
            return None
        return auth.split("Credential=", 1)[1].split("/", 1)[0]

    def __repr__(self):
        return f"<{self.method} {self.raw_path}>"


def json_response(obj, status=200):
    return status, {"Content-Type": "application/json"}, json.dumps(obj).encode()


def text_response(text, status=200):
    return status, {"Content-Type": "text/plain"}, text.encode()


class DropConnection(Exception):
    """Raised by an app: the server closes the connection without answering."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Request(self.command, self.path, dict(self.headers.items()), body)
        self.server.owner.requests.append(req)
        try:
            status, headers, payload = self.server.owner.app(req)
        except DropConnection:
            self.close_connection = True
            return
        except Exception as e:  # a bug in a test's app: answer 500 and keep it for the test
            self.server.owner.errors.append(e)
            status, headers, payload = 500, {"Content-Type": "text/plain"}, repr(e).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_DELETE = _handle

    def log_message(self, *args):
        pass


class LocalHttpServer:
    """http.server in a thread; `app(Request) -> (status, headers, body bytes)`."""

    def __init__(self, app):
        self.app = app
        self.requests = []
        self.errors = []
        self._httpd = ThreadingHTTPServer((LOOPBACK, 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def port(self):
        return self._httpd.server_address[1]

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def recording_proxy(target_url):
    """A LocalHttpServer forwarding every request to target_url (moto) and recording it."""

    def app(req):
        headers = {k: v for k, v in req.headers.items()
                   if k not in ("host", "content-length", "connection", "accept-encoding")}
        fwd = urllib.request.Request(target_url + req.raw_path, data=req.body or None,
                                     headers=headers, method=req.method)
        try:
            with urllib.request.urlopen(fwd, timeout=10) as r:
                status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "text/xml")
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, e.read(), e.headers.get("Content-Type", "text/xml")
        return status, {"Content-Type": ctype}, body

    return LocalHttpServer(app)


# ------------------------------------------------------------------------------------------------
# Black hole
# ------------------------------------------------------------------------------------------------

class BlackHole:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte; counts what it accepted."""

    def __init__(self):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind((LOOPBACK, 0))
        self._sock.listen(128)
        self._sock.settimeout(0.02)
        self._conns = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            self._conns.append(conn)

    @property
    def port(self):
        return self._sock.getsockname()[1]

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def accepted(self, settle=0.3):
        """Connections accepted so far (after letting pending ones reach accept())."""
        time.sleep(settle)
        return len(self._conns)

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for c in self._conns:
            c.close()
        self._sock.close()
