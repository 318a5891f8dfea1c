"""explain (the plan with file and line, secrets masked, cache state) and export (env, PowerShell,
credential_process JSON) of resolved credentials."""

import json
import re
import subprocess

BASE_KEY = "AKIDINTEGEXPLAIN0001"
BASE_SECRET = "fakeSecretIntegExplain/0013+abcdefghijk"
BASE_TOKEN = "fakeTokenIntegExplain0013/abc+def=="
ROLE_A = "arn:aws:iam::123456789012:role/ExplainRoleA"
ROLE_B = "arn:aws:iam::123456789012:role/ExplainRoleB"


def chain_files(sb):
    sb.secret(BASE_SECRET, BASE_TOKEN)
    sb.credentials(f"""
        # integration test keys (fake)
        [other]
        aws_access_key_id = AKIDOTHER00000000000
        aws_secret_access_key = fakeSecretOther0000000000000000000

        [base]
        aws_access_key_id = {BASE_KEY}
        aws_secret_access_key = {BASE_SECRET}
        aws_session_token = {BASE_TOKEN}
        """)
    sb.secret("fakeSecretOther0000000000000000000")
    sb.config(f"""
        [default]
        region = us-east-2

        [profile A]
        region = eu-west-2
        role_arn = {ROLE_A}
        source_profile = B
        role_session_name = explain-a

        [profile B]
        source_profile = base
        external_id = fake-explain-ext
        role_arn = {ROLE_B}
        """)


def test_explain_role_chain(sandbox, moto):
    chain_files(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    r = sandbox.awscred("explain", "A", "--json")
    assert BASE_SECRET not in r.stdout and BASE_TOKEN not in r.stdout
    plan = json.loads(r.stdout)
    assert plan["ProfileName"] == "A"
    assert [s["Provider"] for s in plan["Steps"]] == ["AccessKey", "AssumeRole", "AssumeRole"]
    base, role_b, role_a = plan["Steps"]

    creds_file, config_file = sandbox.credentials_path, sandbox.config_path
    assert base["Profile"] == "base"
    assert base["File"] == str(creds_file)
    assert base["Line"] == sandbox.line_of(creds_file, f"aws_access_key_id = {BASE_KEY}")
    assert base["Settings"]["access_key_id"] == BASE_KEY
    assert base["Settings"]["secret_access_key"] == "****" + BASE_SECRET[-4:]
    assert base["Settings"]["session_token"] == "****" + BASE_TOKEN[-4:]
    assert "Cached" not in base

    assert role_b["Profile"] == "B"
    assert role_b["File"] == str(config_file)
    assert role_b["Line"] == sandbox.line_of(config_file, f"role_arn = {ROLE_B}")
    assert role_b["Settings"] == {"role_arn": ROLE_B, "external_id": "fake-explain-ext"}
    assert role_b["Cached"] is False

    assert role_a["Profile"] == "A"
    assert role_a["File"] == str(config_file)
    assert role_a["Line"] == sandbox.line_of(config_file, f"role_arn = {ROLE_A}")
    assert role_a["Settings"] == {"role_arn": ROLE_A, "role_session_name": "explain-a"}
    assert role_a["Cached"] is False

    assert plan["Region"] == {"Region": "eu-west-2", "Source": "Profile", "Profile": "A"}

    # the human-readable form shows the same places and no secret either
    text = sandbox.awscred("explain", "A").stdout
    assert BASE_SECRET not in text and BASE_TOKEN not in text
    assert f"{creds_file}:{base['Line']}" in text
    assert f"{config_file}:{role_a['Line']}" in text

    # after a get both roles are cached, and explain says so (still without calling AWS)
    sandbox.get("A")
    plan = sandbox.awscred_json("explain", "A")
    assert [s.get("Cached") for s in plan["Steps"]] == [None, True, True]
    assert "[cached]" in sandbox.awscred("explain", "A").stdout


def test_explain_default_chain_without_files(sandbox):
    sandbox.setenv(AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:9/creds")
    plan = sandbox.awscred_json("explain")
    assert "ProfileName" not in plan
    assert plan["Steps"] == [{"Provider": "Container", "Settings": {
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds"}}]
    assert any(s.startswith("environment:") for s in plan["Skipped"])
    assert any(s.startswith("profile 'default'") for s in plan["Skipped"])


# ------------------------------------------------------------------------------------------------
# 14. export
# ------------------------------------------------------------------------------------------------

TRICKY_KEY = "AKIDINTEGEXPORT00014"
TRICKY_SECRET = "fake'Secret\"With$Special`Chars/0014+abc"
ROLE_R = "arn:aws:iam::123456789012:role/ExportRole"


def export_files(sb):
    sb.secret(TRICKY_SECRET)
    sb.credentials(f"""
        [tricky]
        aws_access_key_id = {TRICKY_KEY}
        aws_secret_access_key = {TRICKY_SECRET}
        """)
    sb.config(f"""
        [profile R]
        role_arn = {ROLE_R}
        source_profile = tricky
        role_session_name = export-session
        """)


def variables(creds):
    out = [("AWS_ACCESS_KEY_ID", creds["AccessKeyId"]),
           ("AWS_SECRET_ACCESS_KEY", creds["SecretAccessKey"])]
    if "SessionToken" in creds:
        out.append(("AWS_SESSION_TOKEN", creds["SessionToken"]))
    if "Expiration" in creds:
        out.append(("AWS_CREDENTIAL_EXPIRATION", creds["Expiration"]))
    return out


def sh_quote(v):
    return "'" + v.replace("'", "'\\''") + "'"


def ps_quote(v):
    return "'" + v.replace("'", "''") + "'"


def sh_eval(text, names):
    """The values a POSIX shell gets from evaluating text."""
    script = 'eval "$1"; ' + "; ".join(f'printf "%s\\0" "${n}"' for n in names)
    r = subprocess.run(["sh", "-c", script, "sh", text], capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin"}, check=True)
    return r.stdout.split("\0")[:-1]


def ps_parse(text):
    """$Env:NAME = 'value' lines as PowerShell reads single-quoted strings."""
    out = []
    for line in text.splitlines():
        m = re.fullmatch(r"\$Env:(\w+) = '((?:[^']|'')*)'", line)
        assert m, f"not a PowerShell assignment: {line!r}"
        out.append((m.group(1), m.group(2).replace("''", "'")))
    return out


def check_exports(sandbox, name, creds):
    expected = variables(creds)
    env_text = sandbox.awscred("export", name, "--format", "env").stdout
    assert env_text == "".join(f"export {k}={sh_quote(v)}\n" for k, v in expected)
    assert sh_eval(env_text, [k for k, _ in expected]) == [v for _, v in expected]

    ps_text = sandbox.awscred("export", name, "--format", "powershell").stdout
    assert ps_text == "".join(f"$Env:{k} = {ps_quote(v)}\n" for k, v in expected)
    assert ps_parse(ps_text) == expected

    json_text = sandbox.awscred("export", name, "--format", "json").stdout
    process = {"Version": 1, "AccessKeyId": creds["AccessKeyId"],
               "SecretAccessKey": creds["SecretAccessKey"]}
    for k in ("SessionToken", "Expiration", "AccountId"):
        if k in creds:
            process[k] = creds[k]
    assert json.loads(json_text) == process
    assert json.loads(sandbox.awscred("credential-process", name).stdout) == process


def test_export_static_keys_with_quotes(sandbox):
    export_files(sandbox)
    creds = sandbox.get("tricky")
    assert creds["SecretAccessKey"] == TRICKY_SECRET
    check_exports(sandbox, "tricky", creds)


def test_export_assumed_role(sandbox, moto):
    export_files(sandbox)
    sandbox.setenv(AWS_ENDPOINT_URL_STS=moto.url)
    creds = sandbox.get("R")  # assumes the role once; the exports below come from the cache
    assert creds["Source"] == "AssumeRole"
    check_exports(sandbox, "R", creds)
