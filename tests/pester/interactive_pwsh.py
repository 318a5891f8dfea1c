"""Runs a PowerShell script in a pseudo-terminal, as a person at a console would, and answers its
prompts: for the Pester tests of the interactive paths of the sign-in cmdlets (the pasted code of
Invoke-AWSLogin -Remote, the region it asks for, the identity-change confirmation, the account and
role choice of Initialize-AWSSSOConfiguration), which never run under the -NonInteractive runner.

Usage: python interactive_pwsh.py PWSH SCRIPT STEPS_JSON
Starts `PWSH -NoProfile -File SCRIPT` in a pty (500 columns, TERM=xterm, AWSCRED_NO_PROMPT unset,
everything else inherited; the cursor-position queries .NET sends are answered as a terminal
would), then for each step of STEPS_JSON (a JSON list) waits up to 30 s for
the step's `expect` (a regular expression) in the output that followed the previous match (ANSI
escapes removed) and answers:
- {"expect": re, "send": text}: types text and Enter;
- {"expect": re with a group named url, "code_from": "url"}: GETs that URL (the cross-device
  sign-in page of signinworld.SigninServer, which shows the code in <pre id="verification-code">)
  and types the code and Enter, as a person copying it from another device would.
Then waits up to 60 s for the exit and prints one JSON object: {"exit_code", "output", "failed"}
(`failed`: the step that was not seen or could not be answered, or null). The output holds no secret of the tests: the
pasted code is single-use and already redeemed.
"""

import fcntl
import html
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time
import urllib.request

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>78]|\x1b[()][0-9A-Za-z]|\r")


def read_available(fd, timeout):
    """Bytes the child wrote within timeout seconds (b"" on nothing; None once it closed)."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        data = os.read(fd, 65536)
    except OSError:
        return None
    return data or None


def fetch_code(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        page = response.read().decode("utf-8")
    match = re.search(r'<pre id="verification-code">([^<]+)</pre>', page)
    if not match:
        raise RuntimeError("the sign-in page shows no verification code")
    return html.unescape(match.group(1)).strip()


def main():
    pwsh, script, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    env = {k: v for k, v in os.environ.items() if k != "AWSCRED_NO_PROMPT"}
    env["TERM"] = "xterm"
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(pwsh, [pwsh, "-NoProfile", "-File", script], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 500, 0, 0))
    raw, output, seen, failed, closed = bytearray(), "", 0, None, False

    def pump(timeout):
        nonlocal output, closed
        data = read_available(fd, timeout)
        if data is None:
            closed = True
        elif data:
            # .NET asks the terminal where the cursor is (DSR) while it reads keys: answer as one.
            for _ in range(data.count(b"\x1b[6n")):
                os.write(fd, b"\x1b[1;1R")
            raw.extend(data)
            output = ANSI.sub("", raw.decode("utf-8", "replace"))

    for step in steps:
        deadline = time.monotonic() + 30
        pattern = re.compile(step["expect"])
        match = None
        while match is None and not closed and time.monotonic() < deadline:
            pump(0.2)
            match = pattern.search(output, seen)
        if match is None:
            failed = step["expect"]
            break
        seen = match.end()
        try:
            text = fetch_code(match.group("url")) if step.get("code_from") == "url" else step["send"]
        except (OSError, RuntimeError) as e:
            failed = f"{step['expect']}: {e}"
            break
        os.write(fd, (text + "\r").encode("utf-8"))
    deadline = time.monotonic() + 60
    while not closed and time.monotonic() < deadline:
        pump(0.2)
    exit_code = None
    for _ in range(50):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            exit_code = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.1)
    if exit_code is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    print(json.dumps({"exit_code": exit_code, "output": output, "failed": failed}))


if __name__ == "__main__":
    main()
