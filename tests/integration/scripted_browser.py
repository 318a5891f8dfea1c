#!/usr/bin/env python3
"""A scripted stand-in for the user's web browser in the sign-in tests: `scripted_browser.py URL`
GETs URL and follows redirects (301/302/303/307/308, at most 10), including the one to the
client's 127.0.0.1 loopback callback, then stops at the first other answer. Standard library
only, so any python3 runs it.

How it is started (tests set BROWSER):
- awscred (Rust `webbrowser` crate, unix): splits $BROWSER on ':', replaces %s with the URL (%c
  with ':', %% with '%'), splits the result on whitespace (no quoting), appends the URL only when
  there was no %s, and spawns the command with stdin/stdout/stderr on /dev/null without waiting
  for it. So BROWSER="<venv python> <path>/scripted_browser.py %s" works (no ':' and no spaces in
  the paths).
- Python's webbrowser (botocore, the AWS CLI): runs each ':'-separated $BROWSER entry as ONE
  executable name, with the URL as its only argument, and waits for it. So point BROWSER at this
  file itself (it is executable, #!/usr/bin/env python3).
Either way the script returns at once: it re-starts itself detached (new session, stdio on
/dev/null) and that child does the browsing, so a caller that waits for the browser before it
accepts the callback cannot deadlock. SCRIPTED_BROWSER_FOREGROUND=1 browses in the foreground
instead (exit status 0 when the last answer was 2xx, else 1).

Environment:
- SCRIPTED_BROWSER_MODE: follow (default); close (visit nothing: the user closed the tab);
  tamper-state (change the `state` of every redirect before following it, as an attacker would);
  deny (the user clicks Deny: adds consent=deny to the first URL, which signinworld's servers
  answer as a refusal).
- SCRIPTED_BROWSER_LOG: a file to which one line per URL is appended, `<mode> <status> <url>`,
  status being the HTTP status, `error:<exception>` or `closed`; query values are shown only for
  the names in SHOWN, others are `*` (no code, state, challenge or token reaches the log).
- SCRIPTED_BROWSER_DELAY: seconds to wait before the first request (a slow user).
- SCRIPTED_BROWSER_TIMEOUT: seconds per request (default 10).

It never prints anything.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

MODES = ("follow", "close", "tamper-state", "deny")
REDIRECTS = (301, 302, 303, 307, 308)
MAX_HOPS = 10
TAMPERED_STATE = "tampered-by-scripted-browser"
SHOWN = frozenset({"response_type", "client_id", "code_challenge_method", "scope", "scopes",
                   "redirect_uri", "error", "consent"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands 3xx answers back instead of following them (the script follows them itself)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def redacted(url):
    """url with the values of query names outside SHOWN replaced by `*`."""
    parts = urllib.parse.urlsplit(url)
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = "&".join(f"{urllib.parse.quote(k, safe='')}="
                     + (urllib.parse.quote(v, safe=':/') if k in SHOWN else "*")
                     for k, v in pairs)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def with_param(url, name, value):
    """url with query parameter name set to value (replaced when present, else appended)."""
    parts = urllib.parse.urlsplit(url)
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if k != name]
    pairs.append((name, value))
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path,
                                    urllib.parse.urlencode(pairs), parts.fragment))


def log(mode, status, url):
    path = os.environ.get("SCRIPTED_BROWSER_LOG")
    if not path:
        return
    line = f"{mode} {status} {redacted(url)}\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def browse(url, mode):
    """Visits url as `mode` says; True when the last answer was 2xx."""
    if mode == "close":
        log(mode, "closed", url)
        return True
    delay = float(os.environ.get("SCRIPTED_BROWSER_DELAY") or 0)
    if delay > 0:
        time.sleep(delay)
    timeout = float(os.environ.get("SCRIPTED_BROWSER_TIMEOUT") or 10)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    if mode == "deny":
        url = with_param(url, "consent", "deny")
    for _hop in range(MAX_HOPS):
        request = urllib.request.Request(url, headers={"User-Agent": "scripted-browser/1"})
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read()
                status, location = response.status, None
        except urllib.error.HTTPError as e:
            status, location = e.code, e.headers.get("Location")
            e.close()
        except (OSError, ValueError) as e:
            log(mode, f"error:{type(e).__name__}", url)
            return False
        log(mode, status, url)
        if status not in REDIRECTS or not location:
            return 200 <= status < 300
        url = urllib.parse.urljoin(url, location)
        if mode == "tamper-state" and "state" in dict(
                urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)):
            url = with_param(url, "state", TAMPERED_STATE)
    return False


def main(argv):
    if len(argv) != 2:
        return 2
    url = argv[1]
    mode = os.environ.get("SCRIPTED_BROWSER_MODE") or "follow"
    if mode not in MODES:
        return 2
    if os.environ.get("SCRIPTED_BROWSER_FOREGROUND") == "1":
        return 0 if browse(url, mode) else 1
    env = dict(os.environ, SCRIPTED_BROWSER_FOREGROUND="1")
    subprocess.Popen([sys.executable, os.path.abspath(__file__), url], env=env,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
