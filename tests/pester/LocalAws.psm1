# Test helpers for the Pester suites that need a local AWS: moto's server and a recording proxy
# (tests/pester/localaws_serve.py), started from the project's .venv and stopped by the caller.
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
        Process  = $process
        MotoUrl  = $urls.moto
        ProxyUrl = $urls.proxy
        Requests = Join-Path $StateDirectory 'requests.jsonl'
    }
}

function Stop-LocalAws {
    param($LocalAws)
    if ($null -eq $LocalAws) { return }
    try { $LocalAws.Process.StandardInput.Close() } catch { }
    if (-not $LocalAws.Process.WaitForExit(10000)) { $LocalAws.Process.Kill($true) }
}

function Get-LocalAwsRequest {
    param($LocalAws, [string] $Action)
    if (-not (Test-Path -LiteralPath $LocalAws.Requests)) { return }
    foreach ($line in [System.IO.File]::ReadAllLines($LocalAws.Requests)) {
        $entry = $line | ConvertFrom-Json
        if ([string]::IsNullOrEmpty($Action) -or ($entry.form.PSObject.Properties['Action'] -and $entry.form.Action -eq $Action)) {
            $entry
        }
    }
}

Export-ModuleMember -Function Start-LocalAws, Stop-LocalAws, Get-LocalAwsRequest
