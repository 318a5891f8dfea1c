<#
.SYNOPSIS
Builds the awscred native library into the module, runs the Pester tests, or packages the module.

.DESCRIPTION
Build: runs `cargo build --release -p awscred` (or a debug build with -Configuration Debug) and
copies the library (awscred.dll, libawscred.so or libawscred.dylib) into
module/runtimes/<rid>/, where the module looks for it. The runtime identifier (win-x64,
linux-arm64, osx-arm64, ...) is the one of the PowerShell process running this script, computed
by the module's own Get-AwsCredRuntimeIdentifier so the two always agree.

Test: builds, then runs Pester 5.7.1 on tests/ in a fresh PowerShell process started with
-NoProfile -NonInteractive (so a library loaded by an earlier run is not locked, no profile
script interferes, and nothing can wait for input). The suites point AWS_CONFIG_FILE,
AWS_SHARED_CREDENTIALS_FILE and HOME at files in $TestDrive themselves (the module passes $env:
values to the native library with every call) and refuse to run if the library would read the
real ~/.aws files.
The fresh process is of the same edition as the one running this script: run it from pwsh to
test PowerShell 7, from powershell.exe to test Windows PowerShell 5.1. Pester 5.7.1 is saved to
out/modules/ with Save-Module when it is not there yet. Results: out/testResults.xml (NUnitXml).

Package: builds, then zips module/ (with the library for this platform) into
out/AwsCredentialManager-<version>.zip, the version being ModuleVersion of the manifest.

.PARAMETER Task
Build, Test or Package.

.PARAMETER Configuration
Release (default) or Debug: the cargo profile whose library is copied into the module.

.EXAMPLE
./build.ps1

Builds the native library in release mode and places it in module/runtimes/<rid>/.

.EXAMPLE
./build.ps1 -Task Test

Builds, then runs the Pester suites in a fresh process and writes out/testResults.xml.

.EXAMPLE
./build.ps1 -Task Package -Verbose

Builds and writes out/AwsCredentialManager-0.1.0.zip.

.NOTES
Needs cargo on PATH. Test needs access to the PowerShell Gallery the first time (to save Pester).
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package')]
    [string]
    $Task = 'Build',

    [Parameter()]
    [ValidateSet('Release', 'Debug')]
    [string]
    $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$PesterVersion = '5.7.1'
$RepoRoot = $PSScriptRoot
$ModuleRoot = Join-Path $RepoRoot 'module'
$OutDir = Join-Path $RepoRoot 'out'

# The module's own RID and path logic, so build and import agree on where the library goes.
. (Join-Path $ModuleRoot 'Private/Get-AwsCredRuntimeIdentifier.ps1')
. (Join-Path $ModuleRoot 'Private/Get-AwsCredNativeLibraryPath.ps1')

function Invoke-External {
    # Runs a program, echoing its stdout and stderr to the host, and returns its exit code.
    # stderr is merged and printed with ErrorActionPreference Continue: Windows PowerShell 5.1
    # turns redirected stderr lines into error records, which 'Stop' would make terminating
    # (cargo writes its progress to stderr).
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $FilePath,

        [Parameter()]
        [string[]]
        $ArgumentList = @()
    )

    $previousPreference = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        & $FilePath @ArgumentList 2>&1 | ForEach-Object { Write-Host ([string]$_) }
        $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previousPreference
    }
}

function Invoke-NativeBuild {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $cargo = Get-Command -Name 'cargo' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $cargo) {
        throw 'cargo was not found on PATH. Install the Rust toolchain (https://rustup.rs) to build the native library.'
    }

    $cargoArgs = @('build', '-p', 'awscred')
    $profileDir = 'debug'
    if ($Configuration -eq 'Release') {
        $cargoArgs += '--release'
        $profileDir = 'release'
    }

    Write-Verbose -Message "cargo $($cargoArgs -join ' ')"
    Push-Location -LiteralPath $RepoRoot
    try {
        $exitCode = Invoke-External -FilePath $cargo.Path -ArgumentList $cargoArgs
    }
    finally {
        Pop-Location
    }
    if ($exitCode -ne 0) {
        throw "cargo $($cargoArgs -join ' ') failed with exit code $exitCode."
    }

    $targetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path $RepoRoot 'target' }
    $rid = Get-AwsCredRuntimeIdentifier
    $destination = Get-AwsCredNativeLibraryPath -ModuleRoot $ModuleRoot -RuntimeIdentifier $rid
    $fileName = Split-Path -Path $destination -Leaf
    $source = Join-Path (Join-Path $targetDir $profileDir) $fileName
    if (-not (Test-Path -LiteralPath $source -PathType Leaf)) {
        throw "cargo finished but '$source' does not exist."
    }

    $destinationDir = Split-Path -Path $destination -Parent
    if (-not (Test-Path -LiteralPath $destinationDir -PathType Container)) {
        $null = New-Item -Path $destinationDir -ItemType Directory -Force
    }
    Copy-Item -LiteralPath $source -Destination $destination -Force
    Write-Host "Native library ($Configuration, $rid): $destination"
    $destination
}

function Get-PesterModulePath {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $modulesDir = Join-Path $OutDir 'modules'
    $manifest = Join-Path $modulesDir "Pester/$PesterVersion/Pester.psd1"
    if (Test-Path -LiteralPath $manifest -PathType Leaf) {
        $manifest
        return
    }

    if (-not (Test-Path -LiteralPath $modulesDir -PathType Container)) {
        $null = New-Item -Path $modulesDir -ItemType Directory -Force
    }
    if ($PSVersionTable.PSEdition -ne 'Core') {
        # Windows PowerShell 5.1 may default to TLS 1.0, which the PowerShell Gallery refuses.
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    }
    Write-Host "Saving Pester $PesterVersion to $modulesDir"
    if (Get-Command -Name 'Save-Module' -ErrorAction SilentlyContinue) {
        Save-Module -Name 'Pester' -RequiredVersion $PesterVersion -Path $modulesDir -Repository 'PSGallery' -Force
    }
    elseif (Get-Command -Name 'Save-PSResource' -ErrorAction SilentlyContinue) {
        Save-PSResource -Name 'Pester' -Version $PesterVersion -Path $modulesDir -Repository 'PSGallery' -TrustRepository
    }
    else {
        throw "Neither Save-Module nor Save-PSResource is available to download Pester $PesterVersion."
    }
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "Pester $PesterVersion was saved but '$manifest' does not exist."
    }
    $manifest
}

# The test runner, written to out/ and run with -File in a fresh process. Kept as a script block
# so that it is parsed (and checked) with the rest of this file.
$PesterRunner = {
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $PesterManifest,

        [Parameter(Mandatory = $true)]
        [string]
        $TestPath,

        [Parameter(Mandatory = $true)]
        [string]
        $ResultPath
    )

    $ErrorActionPreference = 'Stop'
    $PSVersionTable | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $runtimeInformation = 'System.Runtime.InteropServices.RuntimeInformation' -as [type]
    if ($null -ne $runtimeInformation) {
        Write-Host "Process architecture: $($runtimeInformation::ProcessArchitecture); OS: $($runtimeInformation::OSDescription)"
    }
    else {
        Write-Host "Process architecture: $env:PROCESSOR_ARCHITECTURE; 64-bit process: $([System.Environment]::Is64BitProcess)"
    }

    Import-Module -Name $PesterManifest -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $TestPath
    $configuration.Run.Throw = $true
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
    $result = Invoke-Pester -Configuration $configuration
    Write-Host ('{0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
}

function Invoke-Test {
    [CmdletBinding()]
    param()

    $pesterManifest = Get-PesterModulePath
    if (-not (Test-Path -LiteralPath $OutDir -PathType Container)) {
        $null = New-Item -Path $OutDir -ItemType Directory -Force
    }
    $runnerPath = Join-Path $OutDir 'Invoke-PesterRun.ps1'
    Set-Content -LiteralPath $runnerPath -Value $PesterRunner.ToString() -Encoding UTF8

    # A fresh process of the same edition as this one (pwsh or powershell.exe).
    $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($executable) -notin @('pwsh', 'powershell')) {
        $executable = 'pwsh'
    }
    $resultPath = Join-Path $OutDir 'testResults.xml'
    $testPath = Join-Path $RepoRoot 'tests'

    $arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $runnerPath, '-PesterManifest', $pesterManifest, '-TestPath', $testPath, '-ResultPath', $resultPath)
    $exitCode = Invoke-External -FilePath $executable -ArgumentList $arguments
    if ($exitCode -ne 0) {
        throw "Pester failed (exit code $exitCode); results in $resultPath."
    }
}

function Invoke-Package {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $ModuleRoot 'AwsCredentialManager.psd1')
    $version = $manifest.ModuleVersion
    $staging = Join-Path $OutDir 'package'
    $stagedModule = Join-Path $staging 'AwsCredentialManager'
    if (Test-Path -LiteralPath $staging) {
        Remove-Item -LiteralPath $staging -Recurse -Force
    }
    $null = New-Item -Path $stagedModule -ItemType Directory -Force
    Copy-Item -Path (Join-Path $ModuleRoot '*') -Destination $stagedModule -Recurse -Force

    $zipPath = Join-Path $OutDir "AwsCredentialManager-$version.zip"
    if (Test-Path -LiteralPath $zipPath) {
        Remove-Item -LiteralPath $zipPath -Force
    }
    # ZipFile rather than Compress-Archive: Compress-Archive in Windows PowerShell 5.1 writes
    # backslashes into entry names, which other platforms' unzip tools mishandle.
    # Both assemblies: Windows PowerShell 5.1 resolves [System.IO.Compression.CompressionLevel]
    # only from loaded assemblies, and loading System.IO.Compression.FileSystem does not load it.
    Add-Type -AssemblyName 'System.IO.Compression'
    Add-Type -AssemblyName 'System.IO.Compression.FileSystem'
    [System.IO.Compression.ZipFile]::CreateFromDirectory($stagedModule, $zipPath, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Package: $zipPath (native library for $(Get-AwsCredRuntimeIdentifier) only)"
    $zipPath
}

switch ($Task) {
    'Build' {
        $null = Invoke-NativeBuild
    }
    'Test' {
        $null = Invoke-NativeBuild
        Invoke-Test
    }
    'Package' {
        $null = Invoke-NativeBuild
        $null = Invoke-Package
    }
}
