# Test helpers for the Pester suites that need a local AWS: moto's server and two recording
# proxies (tests/pester/localaws_serve.py: ProxyUrl for moto without signature checks, KeyProxyUrl
# keeping the Host header so signatures check), started from the project's .venv and stopped by
# the caller; and the IAM world of tests/integration/keyworld.py (tests/pester/localaws_keys.py).
Set-StrictMode -Version Latest

function Start-LocalAws {
    param([Parameter(Mandatory)] [string] $StateDirectory)
    $repo = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $python = Join-Path $repo '.venv/bin/python'
    if (-not (Test-Path -LiteralPath $python)) {
        throw "The project's Python environment is missing ($python); create it as .ci/run does."
    }
    $null = New-Item -ItemType Directory -Path $StateDirectory -Force
    $info = [System.Diagnostics.ProcessStartInfo]::new($python)
    $info.ArgumentList.Add((Join-Path $PSScriptRoot 'localaws_serve.py'))
    $info.ArgumentList.Add($StateDirectory)
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
        if ($name -like 'AWS_*') { $null = $info.Environment.Remove($name) }
    }
    $process = [System.Diagnostics.Process]::Start($info)
    $endpoints = Join-Path $StateDirectory 'endpoints.json'
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $endpoints)) {
        if ($process.HasExited) { throw "localaws_serve.py exited with $($process.ExitCode): $(Get-Content -Raw -LiteralPath (Join-Path $StateDirectory 'moto.log') -ErrorAction SilentlyContinue)" }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw 'moto did not start within 60 s' }
        Start-Sleep -Milliseconds 50
    }
    $urls = Get-Content -Raw -LiteralPath $endpoints | ConvertFrom-Json
    [pscustomobject]@{
        Process     = $process
        Python      = $python
        MotoUrl     = $urls.moto
        ProxyUrl    = $urls.proxy
        KeyProxyUrl = $urls.keyproxy
        Requests    = Join-Path $StateDirectory 'requests.jsonl'
    }
}

function Stop-LocalAws {
    param($LocalAws)
    if ($null -eq $LocalAws) { return }
    try { $LocalAws.Process.StandardInput.Close() } catch { }
    if (-not $LocalAws.Process.WaitForExit(10000)) { $LocalAws.Process.Kill($true) }
}

# The requests the proxies forwarded, in order (-Action: only that action, from the form's Action
# or the X-Amz-Target operation; -Skip: leave out the first N, as counted before a step).
function Get-LocalAwsRequest {
    param($LocalAws, [string] $Action, [int] $Skip = 0)
    if (-not (Test-Path -LiteralPath $LocalAws.Requests)) { return }
    $lines = [System.IO.File]::ReadAllLines($LocalAws.Requests)
    for ($i = $Skip; $i -lt $lines.Count; $i++) {
        $entry = $lines[$i] | ConvertFrom-Json
        $entryAction = if ($entry.PSObject.Properties['action']) { $entry.action } elseif ($entry.form.PSObject.Properties['Action']) { $entry.form.Action } else { $null }
        if ([string]::IsNullOrEmpty($Action) -or $entryAction -eq $Action) {
            $entry
        }
    }
}

# The calls that change IAM keys or secrets (keyworld.CHANGING) among the requests after the first -Skip.
function Get-LocalAwsChangingRequest {
    param($LocalAws, [int] $Skip = 0)
    $changing = @('CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'PutSecretValue', 'UpdateSecretVersionStage', 'TagUser', 'CreateSecret')
    Get-LocalAwsRequest -LocalAws $LocalAws -Skip $Skip | Where-Object { $_.PSObject.Properties['action'] -and $_.action -in $changing }
}

# One command of tests/pester/localaws_keys.py against this moto (the IAM world of keyworld.py);
# returns its JSON answer as objects. `world` resets moto and turns signature checks on.
function Invoke-LocalAwsKeys {
    param(
        [Parameter(Mandatory)] $LocalAws,
        [Parameter(Mandatory)] [string] $Command,
        [hashtable] $Arguments = @{}
    )
    $script = Join-Path $PSScriptRoot 'localaws_keys.py'
    $json = ConvertTo-Json -InputObject $Arguments -Depth 10 -Compress
    $info = [System.Diagnostics.ProcessStartInfo]::new($LocalAws.Python)
    foreach ($argument in @($script, $LocalAws.MotoUrl, $Command, $json)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
        if ($name -like 'AWS_*' -or $name -like 'AWSCRED_*') { $null = $info.Environment.Remove($name) }
    }
    $process = [System.Diagnostics.Process]::Start($info)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw "localaws_keys.py $Command failed with exit code $($process.ExitCode): $($errors.Result)"
    }
    $output | ConvertFrom-Json -NoEnumerate
}

Export-ModuleMember -Function Start-LocalAws, Stop-LocalAws, Get-LocalAwsRequest, Get-LocalAwsChangingRequest, Invoke-LocalAwsKeys
