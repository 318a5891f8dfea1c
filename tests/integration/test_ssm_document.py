"""The Systems Manager document docs/ssm/RunPowerShellAsSecretUser.yml and the scheduled-task
example docs/examples/Sync-HostKey.ps1.

What runs here: the document's shape and parameter patterns; its name against AWS's reserved
prefixes; moto's SSM CreateDocument / DescribeDocument / GetDocument on it; its embedded script,
with parameter values put in the way SSM does (plain text in place of {{Name}}), parsed by a real
pwsh 7.6 (no errors, the expected commands and parameters, the Command value kept whole inside its
here-string, and the values the Command pattern refuses shown to break out of it); Sync-HostKey.ps1
parsed the same way and run under `pwsh -NonInteractive -File` against a stub module.

What does not run here: the document on a Windows instance (SSM agent, Windows PowerShell 5.1),
Get-AWSSecretCredential against Secrets Manager from the document, and the PSSession itself
(New-PSSession over WinRM exists only on Windows).
"""

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import boto3
import pytest
import yaml

from localaws import clean_environ

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "docs" / "ssm" / "RunPowerShellAsSecretUser.yml"
SYNC_SCRIPT = REPO / "docs" / "examples" / "Sync-HostKey.ps1"
DOCUMENT_NAME = DOCUMENT.stem

# SSM puts {{Name}} and {{ Name }} in a document's inputs, textually ({{ssm:...}} references to
# Parameter Store are something else and do not match).
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")

# A Command with single and double quotes, $ (expanded and not), a backtick, braces, and @ after a
# quote in the middle of a line: all must reach the PSSession exactly as written.
COMMAND = textwrap.dedent("""\
    $who = "it's $env:USERNAME on `"$env:COMPUTERNAME`""
    Write-Output 'single ''quoted'' "double" $notExpanded'
    $user, $domain = 'svc@corp.example' -split '@'
    Get-ChildItem -Path 'C:\\Reports' | ForEach-Object { "$($_.Name): done" }""")

SAMPLE = {
    "SecretId": "prod/windows/report-user",
    "UserNameKey": "username",
    "PasswordKey": "password",
    "Region": "eu-west-1",
    "Command": COMMAND,
}

# The five characters PowerShell reads as a single quote (', U+2018..U+201B).
QUOTES = ["'", "\u2018", "\u2019", "\u201a", "\u201b"]

# Command values the pattern must let through, and values it must refuse: each refused one is a
# line that begins with a single quote followed by @, after LF, CR, CRLF or at the very start.
COMMANDS_ACCEPTED = {
    "sample": COMMAND,
    "at_in_the_middle": "Write-Output 'a'@'b'",
    "quote_quote_at": "''@ is not a terminator",
    "lone_quote_line": "Write-Output 1\n'",
    "indented": "if ($true) {\n    Write-Output 'x'\n}",
    "crlf": "Write-Output 1\r\nWrite-Output '2'",
}
BREAKOUT = "@ ; Write-Output injected\n"
COMMANDS_REFUSED = {
    "start": "'" + BREAKOUT,
    "after_lf": "Write-Output 1\n'" + BREAKOUT,
    "after_cr": "Write-Output 1\r'" + BREAKOUT,
    "after_crlf": "Write-Output 1\r\n'" + BREAKOUT,
    **{f"typographic_{ord(q):04x}": f"Write-Output 1\n{q}{BREAKOUT}" for q in QUOTES[1:]},
}


def is_reserved_document_name(name):
    """AWS reserves SSM document names that begin with aws, amazon or amzn, in any letter case.

    (moto checks only the lower-case prefixes aws-, amazon and amzn, so its accepting a name
    proves little: this is the rule to go by.)"""
    return name.lower().startswith(("aws", "amazon", "amzn"))


def load_document():
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def embedded_script(doc):
    (step,) = doc["mainSteps"]
    # The agent writes the runCommand lines, joined by newlines, to a .ps1 file.
    return "\n".join(step["inputs"]["runCommand"])


def substitute(script, values):
    """What SSM does before the agent runs the script: each {{Name}} becomes the value's text."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], script)


def pattern_admits(doc, name, value):
    # search with the pattern's own ^ and $ (which, as in Java, may also match before a final
    # newline): the looser reading, so a value refused here is refused by a full match too.
    return re.search(doc["parameters"][name]["allowedPattern"], value) is not None


# ------------------------------------------------------------------------------------------------
# pwsh
# ------------------------------------------------------------------------------------------------

def find_pwsh():
    for candidate in (REPO / ".tools" / "pwsh" / "pwsh", shutil.which("pwsh")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    pytest.fail(f"pwsh not found at {REPO / '.tools' / 'pwsh' / 'pwsh'} (where .ci/run installs "
                "it) nor on PATH: the scripts cannot be parsed")


def pwsh_env(**extra):
    env = clean_environ()
    env.update(TERM="dumb", NO_COLOR="1", POWERSHELL_TELEMETRY_OPTOUT="1",
               POWERSHELL_UPDATECHECK="Off", **extra)
    return env


# Read by pwsh from stdin (`-Command -`); the texts to parse are files in a directory, never on the
# command line. One JSON line per run: for each file, the parse errors, every command with its
# parameter names, the single-quoted here-strings' values, how the variable $credential is used,
# the script's parameters and the examples of its comment-based help. (In stdin mode pwsh runs a
# multi-line block once a blank line follows it.)
PARSE_DRIVER = r"""
& {
    $ErrorActionPreference = 'Stop'
    $L = 'System.Management.Automation.Language'
    $results = [ordered]@{}
    foreach ($file in Get-ChildItem -LiteralPath '@DIR@' -Filter '*.ps1' | Sort-Object Name) {
        $text = [System.IO.File]::ReadAllText($file.FullName)
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput(
            $text, [ref]$tokens, [ref]$errors)
        $all = @($ast.FindAll({ $true }, $true))
        $commands = @(foreach ($c in $all | Where-Object { $_ -is "$L.CommandAst" }) {
            [ordered]@{
                name = $c.GetCommandName()
                parameters = @($c.CommandElements |
                    Where-Object { $_ -is "$L.CommandParameterAst" } |
                    ForEach-Object { $_.ParameterName })
            }
        })
        $hereStrings = @($all |
            Where-Object { $_ -is "$L.StringConstantExpressionAst" } |
            Where-Object { $_.StringConstantType -eq 'SingleQuotedHereString' } |
            ForEach-Object { $_.Value })
        $variables = @($all | Where-Object { $_ -is "$L.VariableExpressionAst" })
        $credentialUses = @(foreach ($v in $variables) {
            if ($v.VariablePath.UserPath -ne 'credential') { continue }
            $p = $v.Parent
            $detail = switch ($p.GetType().Name) {
                'AssignmentStatementAst' { if ($p.Left -eq $v) { 'target' } else { 'value' } }
                'CommandAst' { $p.GetCommandName() }
                'MemberExpressionAst' { $p.Member.Extent.Text }
                default { $p.Extent.Text }
            }
            '{0}:{1}' -f $p.GetType().Name, $detail
        })
        $parameters = [ordered]@{}
        if ($ast.ParamBlock) {
            foreach ($p in $ast.ParamBlock.Parameters) {
                $default = if ($p.DefaultValue) { $p.DefaultValue.Extent.Text } else { $null }
                $parameters[$p.Name.VariablePath.UserPath] = $default
            }
        }
        $help = $ast.GetHelpContent()
        $results[$file.BaseName] = [ordered]@{
            errors = @($errors |
                ForEach-Object { 'line {0}: {1}' -f $_.Extent.StartLineNumber, $_.Message })
            commands = $commands
            hereStrings = $hereStrings
            credentialUses = $credentialUses
            parameters = $parameters
            helpExamples = @(if ($help) { $help.Examples })
        }
    }
    [Console]::Out.WriteLine('PARSE-RESULTS ' + ($results | ConvertTo-Json -Depth 8 -Compress))
}

"""


def pwsh_parse(pwsh, workdir, texts):
    """Parses each text with [Parser]::ParseInput in one pwsh process; {name: result}."""
    cases = workdir / "parse-cases"
    cases.mkdir()
    for name, text in texts.items():
        (cases / f"{name}.ps1").write_bytes(text.encode("utf-8"))
    driver = PARSE_DRIVER.replace("@DIR@", str(cases).replace("'", "''"))
    r = subprocess.run([str(pwsh), "-NoProfile", "-NonInteractive", "-Command", "-"],
                       input=driver, capture_output=True, text=True, env=pwsh_env(), timeout=180)
    marker = "PARSE-RESULTS "
    lines = [line for line in r.stdout.splitlines() if marker in line]
    assert r.returncode == 0 and len(lines) == 1, (
        f"pwsh exited {r.returncode}\nstdout: {r.stdout!r}\nstderr: {r.stderr!r}")
    results = json.loads(lines[0].split(marker, 1)[1])
    assert set(results) == set(texts)
    return results


def commands_named(result, name):
    return [c for c in result["commands"] if (c["name"] or "").lower() == name.lower()]


def parameters_of(result, name):
    """The parameter names of the only call to command `name`."""
    calls = commands_named(result, name)
    assert len(calls) == 1, (name, result["commands"])
    return set(calls[0]["parameters"])


@pytest.fixture(scope="module")
def pwsh():
    return find_pwsh()


@pytest.fixture(scope="module")
def parsed(pwsh, tmp_path_factory):
    """Every text of this file parsed by one pwsh process: the document's script with each
    accepted and each refused Command value, with an empty Region, and Sync-HostKey.ps1."""
    doc = load_document()
    script = embedded_script(doc)
    texts = {f"accepted_{k}": substitute(script, {**SAMPLE, "Command": v})
             for k, v in COMMANDS_ACCEPTED.items()}
    texts.update({f"refused_{k}": substitute(script, {**SAMPLE, "Command": v})
                  for k, v in COMMANDS_REFUSED.items()})
    texts["no_region"] = substitute(script, {**SAMPLE, "Region": ""})
    texts["sync_host_key"] = SYNC_SCRIPT.read_text(encoding="utf-8")
    return pwsh_parse(pwsh, tmp_path_factory.mktemp("pwsh"), texts)


# ------------------------------------------------------------------------------------------------
# The document itself
# ------------------------------------------------------------------------------------------------

def test_document_shape():
    doc = load_document()
    assert doc["schemaVersion"] == "2.2"  # a string: YAML would read an unquoted 2.2 as a float
    params = doc["parameters"]
    assert set(params) == {"SecretId", "Command", "UserNameKey", "PasswordKey", "Region"}
    assert all(p["type"] == "String" for p in params.values())
    # Required in SSM means: no default.
    assert "default" not in params["SecretId"] and "default" not in params["Command"]
    assert params["UserNameKey"]["default"] == "username"
    assert params["PasswordKey"]["default"] == "password"
    assert params["Region"]["default"] == ""

    steps = doc["mainSteps"]
    assert [s["action"] for s in steps] == ["aws:runPowerShellScript"]
    assert steps[0]["precondition"] == {"StringEquals": ["platformType", "Windows"]}
    # The agent writes the script to a file that Windows PowerShell 5.1 reads as ANSI when it has
    # no byte order mark: keep the script ASCII.
    assert embedded_script(doc).isascii()


def test_every_placeholder_is_a_parameter_and_every_parameter_is_used():
    doc = load_document()
    used = set(PLACEHOLDER.findall(embedded_script(doc)))
    assert used == set(doc["parameters"])


@pytest.mark.parametrize("name, reserved", [
    ("AWS-Run", True), ("aws-RunPowerShellScript", True), ("Aws", True), ("awsome", True),
    ("amazonFoo", True), ("AmazonLinux", True), ("AMZNx", True), ("amzn", True),
    ("MyAws", False), ("Run-aws", False), ("AmazingDoc", False), ("amz", False),
    ("RunPowerShellAsSecretUser", False),
])
def test_reserved_document_name_rule(name, reserved):
    assert is_reserved_document_name(name) is reserved


def test_document_name_is_allowed():
    assert DOCUMENT_NAME == "RunPowerShellAsSecretUser"
    assert not is_reserved_document_name(DOCUMENT_NAME)
    # CreateDocument's name pattern
    assert re.fullmatch(r"[a-zA-Z0-9_\-.]{3,128}", DOCUMENT_NAME)


def test_allowed_patterns_admit_the_defaults_and_no_quotes():
    doc = load_document()
    for name, param in doc["parameters"].items():
        if "default" in param:
            assert pattern_admits(doc, name, param["default"]), name
        assert pattern_admits(doc, name, SAMPLE[name]), name

    good = {
        "SecretId": ["prod/windows/report-user",
                     "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/win-AbCdEf",
                     "a+b=c.d@e_f-g"],
        "UserNameKey": ["username", "user_name", "Login.Name-2"],
        "Region": ["", "us-east-1", "us-gov-west-1", "ap-southeast-2", "cn-north-1"],
    }
    for name, values in good.items():
        for value in values:
            assert pattern_admits(doc, name, value), (name, value)

    # Anything that could end a single-quoted PowerShell string (or start an expression) is out.
    bad = ["x'y", "x\u2019y", 'x"y', "x$(whoami)", "x`y", "x y", "x\ny", ""]
    for name in ("SecretId", "UserNameKey", "PasswordKey"):
        for value in bad:
            assert not pattern_admits(doc, name, value), (name, value)
    for value in [*bad[:-1], "US-EAST-1", "eu-west", "eu-west-1 "]:
        assert not pattern_admits(doc, "Region", value), value


def test_command_pattern_refuses_only_here_string_terminators():
    doc = load_document()
    for key, value in COMMANDS_ACCEPTED.items():
        assert pattern_admits(doc, "Command", value), key
    for key, value in COMMANDS_REFUSED.items():
        assert not pattern_admits(doc, "Command", value), key


# ------------------------------------------------------------------------------------------------
# moto's SSM
# ------------------------------------------------------------------------------------------------

@pytest.fixture
def ssm(moto, monkeypatch, tmp_path):
    """A boto3 SSM client on moto with dummy keys, blind to the caller's AWS settings and files."""
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    return boto3.client("ssm", endpoint_url=moto.url, region_name="us-east-1",
                        aws_access_key_id="AKIDINTEGSSMDOC00001",
                        aws_secret_access_key="fakeSecretIntegSsmDoc/0001+abcdefghijk")


def parameter_summary(parameters):
    return {p["Name"]: (p["Type"], p.get("DefaultValue")) for p in parameters}


def test_moto_create_describe_get_document(ssm):
    content = DOCUMENT.read_text(encoding="utf-8")
    expected_parameters = {
        "SecretId": ("String", None),
        "Command": ("String", None),
        "UserNameKey": ("String", "username"),
        "PasswordKey": ("String", "password"),
        "Region": ("String", ""),
    }

    created = ssm.create_document(Content=content, Name=DOCUMENT_NAME, DocumentType="Command",
                                  DocumentFormat="YAML")["DocumentDescription"]
    assert created["Name"] == DOCUMENT_NAME
    assert created["Status"] == "Active"
    assert (created["DocumentType"], created["DocumentFormat"], created["SchemaVersion"]) == (
        "Command", "YAML", "2.2")
    assert parameter_summary(created["Parameters"]) == expected_parameters

    described = ssm.describe_document(Name=DOCUMENT_NAME)["Document"]
    assert (described["Name"], described["DocumentType"], described["SchemaVersion"]) == (
        DOCUMENT_NAME, "Command", "2.2")
    assert parameter_summary(described["Parameters"]) == expected_parameters

    got = ssm.get_document(Name=DOCUMENT_NAME, DocumentFormat="YAML")
    assert (got["Name"], got["DocumentType"], got["DocumentFormat"]) == (
        DOCUMENT_NAME, "Command", "YAML")
    assert got["Content"] == content
    # The same document as JSON (what the console and send-command show) loses nothing.
    as_json = ssm.get_document(Name=DOCUMENT_NAME, DocumentFormat="JSON")["Content"]
    assert json.loads(as_json) == load_document()


# ------------------------------------------------------------------------------------------------
# The embedded script in pwsh
# ------------------------------------------------------------------------------------------------

def test_script_with_sample_values_parses(parsed):
    for name in ("accepted_sample", "no_region"):
        result = parsed[name]
        assert result["errors"] == [], (name, result["errors"])
        assert {"SecretId", "UserNameKey", "PasswordKey", "LocalComputer"} <= parameters_of(
            result, "Get-AWSSecretCredential")
        assert {"ComputerName", "Credential"} <= parameters_of(result, "New-PSSession")
        assert {"Session", "ScriptBlock"} <= parameters_of(result, "Invoke-Command")
        assert "Session" in parameters_of(result, "Remove-PSSession")
        assert "Name" in parameters_of(result, "Import-Module")
        # The command text reaches [scriptblock]::Create exactly as sent.
        assert result["hereStrings"] == [COMMAND]


def test_script_never_outputs_the_credential(parsed):
    # $credential is assigned, handed to New-PSSession, and its UserName named in an error line;
    # nothing else (no Write-Output, no bare `$credential`, no password property).
    uses = set(parsed["accepted_sample"]["credentialUses"])
    assert "CommandAst:New-PSSession" in uses
    assert uses <= {"AssignmentStatementAst:target", "CommandAst:New-PSSession",
                    "MemberExpressionAst:UserName"}, uses


@pytest.mark.parametrize("key", sorted(COMMANDS_ACCEPTED))
def test_accepted_commands_stay_inside_the_here_string(parsed, key):
    result = parsed[f"accepted_{key}"]
    assert result["errors"] == [], result["errors"]
    # Verbatim, line breaks included.
    assert result["hereStrings"] == [COMMANDS_ACCEPTED[key]]
    # The document's script has no Write-Output of its own: the value's stayed text.
    assert commands_named(result, "Write-Output") == []


@pytest.mark.parametrize("key", sorted(COMMANDS_REFUSED))
def test_refused_commands_would_break_out(parsed, key):
    # Why the Command pattern refuses these: put in unchecked, each one ends the here-string early
    # and the rest of the line is parsed as part of the document's own script.
    result = parsed[f"refused_{key}"]
    assert COMMANDS_REFUSED[key] not in result["hereStrings"]
    # `Write-Output injected` was parsed as a command of the script, not kept as text.
    assert commands_named(result, "Write-Output"), result["commands"]


# ------------------------------------------------------------------------------------------------
# Sync-HostKey.ps1
# ------------------------------------------------------------------------------------------------

def test_sync_host_key_parses_and_syncs_first(parsed):
    result = parsed["sync_host_key"]
    assert result["errors"] == [], result["errors"]
    assert {"ProfileName", "ErrorAction"} <= parameters_of(result, "Sync-AWSCredential")
    # The script's own strict mode comes first (the job later runs with it off).
    assert commands_named(result, "Set-StrictMode")[0]["parameters"] == ["Version"]
    params = result["parameters"]
    assert params["ProfileName"] == "'default'"
    assert {"SecretId", "ExpectedUserArn", "ProfileLocation", "JobPath", "Job"} <= set(params)
    # The comment-based help is recognised as help, with both schedulers and plain awscred.
    examples = "\n".join(result["helpExamples"])
    for needle in ("Register-ScheduledTask", "New-ScheduledTaskAction", "-Daily",
                   "pwsh -NonInteractive -NoProfile -File", "awscred sync"):
        assert needle in examples, needle


STUB_MODULE = r"""
function Sync-AWSCredential {
    [CmdletBinding(SupportsShouldProcess)]
    param([string] $ProfileName, [string] $SecretId, [string] $ExpectedUserArn,
          [string] $ProfileLocation)
    $call = [ordered]@{
        step = 'sync'
        parameters = @($PSBoundParameters.Keys | Sort-Object)
        ProfileName = $ProfileName
        SecretId = $SecretId
    }
    Add-Content -LiteralPath $env:STUB_LOG -Value ($call | ConvertTo-Json -Compress)
    if ($env:STUB_SYNC_FAILS) { throw 'SecretNotFound: the secret prod/hosts/backup was not found' }
    'up to date'
}
"""

JOB = r"""
$entry = @{ step = 'job'; profile = $env:AWS_PROFILE }
Add-Content -LiteralPath $env:STUB_LOG -Value ($entry | ConvertTo-Json -Compress)
exit [int]$env:STUB_JOB_EXIT
"""


@pytest.fixture
def stub_run(pwsh, tmp_path):
    """Runs Sync-HostKey.ps1 the way a scheduler does, with a stub AwsCredentialManager module
    first on PSModulePath; returns (CompletedProcess, the stub's log as a list of dicts)."""
    module = tmp_path / "modules" / "AwsCredentialManager"
    module.mkdir(parents=True)
    (module / "AwsCredentialManager.psm1").write_text(STUB_MODULE)
    job = tmp_path / "job.ps1"
    job.write_text(JOB)
    log = tmp_path / "stub.log"

    def run(*args, sync_fails=False, job_exit=0):
        log.write_text("")
        env = pwsh_env(STUB_LOG=str(log), STUB_JOB_EXIT=str(job_exit),
                       PSModulePath=str(tmp_path / "modules"))
        if sync_fails:
            env["STUB_SYNC_FAILS"] = "1"
        r = subprocess.run([str(pwsh), "-NonInteractive", "-NoProfile", "-File", str(SYNC_SCRIPT),
                            *[str(a).replace("@JOB@", str(job)) for a in args]],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                           timeout=120)
        return r, [json.loads(line) for line in log.read_text().splitlines() if line.strip()]

    return run


def test_sync_host_key_runs_the_job_after_a_sync(stub_run):
    r, log = stub_run("-ProfileName", "backup", "-SecretId", "prod/hosts/backup",
                      "-JobPath", "@JOB@")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert [e["step"] for e in log] == ["sync", "job"]
    assert (log[0]["ProfileName"], log[0]["SecretId"]) == ("backup", "prod/hosts/backup")
    assert {"ProfileName", "SecretId", "ErrorAction", "Confirm"} <= set(log[0]["parameters"])
    assert "ExpectedUserArn" not in log[0]["parameters"]  # not given, not passed
    assert log[1]["profile"] == "backup"
    assert "up to date" in r.stdout


def test_sync_host_key_does_not_run_the_job_when_the_sync_fails(stub_run):
    r, log = stub_run("-JobPath", "@JOB@", sync_fails=True)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert [e["step"] for e in log] == ["sync"]
    assert log[0]["ProfileName"] == "default"
    assert "syncing the profile 'default' failed, the job was not run" in r.stderr
    assert "SecretNotFound" in r.stderr


def test_sync_host_key_reports_a_failed_job(stub_run):
    r, log = stub_run("-JobPath", "@JOB@", job_exit=3)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert [e["step"] for e in log] == ["sync", "job"]
    assert "the job failed: it exited with 3" in r.stderr


def test_sync_host_key_never_prompts(stub_run):
    # No -JobPath: under -NonInteractive pwsh fails at once instead of asking for it.
    r, log = stub_run("-ProfileName", "backup")
    assert r.returncode != 0
    assert log == []
    assert "JobPath" in r.stderr or "mandatory" in r.stderr.lower(), r.stderr
