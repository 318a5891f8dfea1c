# Shared by the Pester suites: where the built module is, and saving / clearing / restoring the
# environment variables the module sends to the native library, so a suite never touches ~/.aws.
Set-StrictMode -Version Latest

# The built module's manifest: AWSCRED_MODULE_PATH (set by build.ps1 -Task Test), else out/.
function Get-BuiltModulePath {
    if (-not [string]::IsNullOrEmpty($env:AWSCRED_MODULE_PATH)) {
        return $env:AWSCRED_MODULE_PATH
    }
    Join-Path (Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent) 'out/AwsCredentialManager/AwsCredentialManager.psd1'
}

# The pwsh of this session as a program a test can start (a dotnet-tool pwsh runs under `dotnet`).
function Get-PwshPath {
    Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
}

# Clears every AWS_* / AWSCRED_* variable, HOME and USERPROFILE (except -Keep) and returns what
# they were, for Restore-TestEnvironment.
function Save-TestEnvironment {
    param([string[]] $Keep = @())
    $saved = @{}
    foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
        if (($name -like 'AWS_*' -or $name -like 'AWSCRED_*' -or $name -in @('HOME', 'USERPROFILE')) -and $name -notin $Keep) {
            $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
            [System.Environment]::SetEnvironmentVariable($name, [NullString]::Value)
        }
    }
    $saved
}

function Restore-TestEnvironment {
    param([hashtable] $Saved)
    foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
        if (($name -like 'AWS_*' -or $name -like 'AWSCRED_*') -and -not $Saved.ContainsKey($name)) {
            [System.Environment]::SetEnvironmentVariable($name, [NullString]::Value)
        }
    }
    foreach ($name in $Saved.Keys) {
        [System.Environment]::SetEnvironmentVariable($name, $Saved[$name])
    }
}

Export-ModuleMember -Function Get-BuiltModulePath, Get-PwshPath, Save-TestEnvironment, Restore-TestEnvironment
