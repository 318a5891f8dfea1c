# The package that ./build.ps1 -Task Package writes (out/AwsCredentialManager.<version>.nupkg)
# installs with Install-PSResource from a folder repository, and the installed module imports in a
# fresh non-interactive pwsh and runs a cmdlet. Everything happens under $TestDrive: the repository
# folder, HOME (so the repository registration and the CurrentUser scope land there) and
# PSModulePath, so nothing leaks into the real user's modules or settings.
# build.ps1 -Task Test packages before running Pester and sets AWSCRED_PACKAGE_PATH.

Set-StrictMode -Version Latest

BeforeAll {
    $PackagePath = $env:AWSCRED_PACKAGE_PATH
    if ([string]::IsNullOrEmpty($PackagePath)) {
        $outDir = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'out'
        $PackagePath = Get-ChildItem -Path (Join-Path $outDir 'AwsCredentialManager.*.nupkg') -ErrorAction SilentlyContinue |
            Sort-Object -Property LastWriteTime -Descending | Select-Object -First 1 -ExpandProperty FullName
    }
    if ([string]::IsNullOrEmpty($PackagePath) -or -not (Test-Path -LiteralPath $PackagePath -PathType Leaf)) {
        throw "No package to test: run ./build.ps1 -Task Package (or -Task Test), or set AWSCRED_PACKAGE_PATH to the .nupkg."
    }
    $Pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $IsWindowsPlatform = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT

    $Root = Join-Path $TestDrive 'package'
    $RepositoryFolder = Join-Path $Root 'repository'
    $HomeFolder = Join-Path $Root 'home'
    $null = New-Item -Path $RepositoryFolder, $HomeFolder -ItemType Directory -Force
    Copy-Item -LiteralPath $PackagePath -Destination $RepositoryFolder

    # Where the CurrentUser scope installs modules for this HOME: pwsh on Linux/macOS uses
    # $XDG_DATA_HOME/powershell/Modules, with XDG_DATA_HOME defaulting to ~/.local/share. On
    # Windows the CurrentUser scope is the Documents folder, which no variable redirects: there
    # the module is saved (Save-PSResource) into the same kind of folder under $TestDrive instead.
    $ModulesFolder = [System.IO.Path]::Combine($HomeFolder, '.local', 'share', 'powershell', 'Modules')

    # The variables the children see; Invoke-Child puts every one back afterwards.
    $ChildEnvironment = @{
        HOME                        = $HomeFolder
        USERPROFILE                 = $HomeFolder
        LOCALAPPDATA                = Join-Path $HomeFolder 'AppData/Local'
        APPDATA                     = Join-Path $HomeFolder 'AppData/Roaming'
        XDG_DATA_HOME               = $null
        XDG_CONFIG_HOME             = $null
        XDG_CACHE_HOME              = $null
        PSModulePath                = $ModulesFolder
        AWS_SHARED_CREDENTIALS_FILE = Join-Path $Root 'credentials'
        AWS_CONFIG_FILE             = Join-Path $Root 'config'
        AWS_PROFILE                 = $null
        AWS_EC2_METADATA_DISABLED   = 'true'
    }
    Set-Content -LiteralPath $ChildEnvironment.AWS_CONFIG_FILE -Value '' -NoNewline
    Set-Content -LiteralPath $ChildEnvironment.AWS_SHARED_CREDENTIALS_FILE -Value @(
        '[packaged-one]'
        'aws_access_key_id = AKIDPACKAGETEST00001'
        'aws_secret_access_key = packagetestsecret0000000000000000000001'
        ''
        '[packaged-two]'
        'aws_access_key_id = AKIDPACKAGETEST00002'
        'aws_secret_access_key = packagetestsecret0000000000000000000002'
    )

    # Runs a command in a fresh pwsh -NoProfile -NonInteractive with $ChildEnvironment; returns
    # the exit code and the output lines (stderr included).
    function Invoke-Child {
        param([string] $Command)
        $saved = @{}
        foreach ($name in $ChildEnvironment.Keys) {
            $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
            [System.Environment]::SetEnvironmentVariable($name, $ChildEnvironment[$name])
        }
        try {
            $output = & $Pwsh -NoProfile -NonInteractive -Command $Command 2>&1
            # Plain text: no ANSI escapes or other control characters (they cannot go into the
            # NUnit XML when a message quotes them).
            $lines = @($output | ForEach-Object { ([string]$_) -replace '\x1b\[[0-9;?]*[A-Za-z]', '' -replace '[\x00-\x08\x0b\x0c\x0e-\x1f]', '' })
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = $lines }
        }
        finally {
            foreach ($name in $saved.Keys) {
                [System.Environment]::SetEnvironmentVariable($name, $saved[$name])
            }
        }
    }

    $repositoryLiteral = $RepositoryFolder.Replace("'", "''")
    $modulesLiteral = $ModulesFolder.Replace("'", "''")
    $install = if ($IsWindowsPlatform) {
        "Save-PSResource -Name AwsCredentialManager -Repository AwsCredTestLocal -Path '$modulesLiteral' -TrustRepository"
    }
    else {
        'Install-PSResource -Name AwsCredentialManager -Repository AwsCredTestLocal -Scope CurrentUser -TrustRepository'
    }
    $Installed = Invoke-Child -Command (@(
            "`$ErrorActionPreference = 'Stop'"
            "Register-PSResourceRepository -Name AwsCredTestLocal -Uri '$repositoryLiteral' -Trusted"
            $install
            "Get-InstalledPSResource -Name AwsCredentialManager -Path '$modulesLiteral' | ForEach-Object { 'installed ' + `$_.Version + ' ' + `$_.InstalledLocation }"
        ) -join "`n")
}

Describe 'The package (build.ps1 -Task Package)' {
    It 'installs from a local folder repository into the temporary HOME' {
        $Installed.Lines -join "`n" | Should -BeLike "*installed *$ModulesFolder*"
        $Installed.ExitCode | Should -Be 0
        Test-Path -LiteralPath (Join-Path $ModulesFolder 'AwsCredentialManager') -PathType Container | Should -BeTrue
    }

    It 'holds the manifest, the assembly, the format views, the help and runtimes/rids.txt' {
        $base = Get-ChildItem -LiteralPath (Join-Path $ModulesFolder 'AwsCredentialManager') -Directory | Select-Object -First 1 -ExpandProperty FullName
        foreach ($file in @('AwsCredentialManager.psd1', 'AwsCredentialManager.dll', 'AwsCredentialManager.Format.ps1xml', 'AwsCredentialManager.dll-Help.xml', 'runtimes/rids.txt')) {
            Join-Path $base $file | Should -Exist
        }
        foreach ($rid in @(Get-Content -LiteralPath (Join-Path $base 'runtimes/rids.txt'))) {
            @(Get-ChildItem -LiteralPath ([System.IO.Path]::Combine($base, 'runtimes', $rid)) -File).Count | Should -BeGreaterOrEqual 2
        }
    }

    It 'keeps the CLI executable (Linux and macOS), so awscred runs from the installed folder' -Skip:([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) {
        $base = Get-ChildItem -LiteralPath (Join-Path $ModulesFolder 'AwsCredentialManager') -Directory | Select-Object -First 1 -ExpandProperty FullName
        $rid = @(Get-Content -LiteralPath (Join-Path $base 'runtimes/rids.txt')) | Where-Object { $_ -notlike 'win-*' } | Select-Object -First 1
        $cli = [System.IO.Path]::Combine($base, 'runtimes', $rid, 'awscred')
        (Get-Item -LiteralPath $cli).UnixMode | Should -BeLike '-rwx*'
        $version = & $cli --version
        $LASTEXITCODE | Should -Be 0
        $version | Should -BeLike 'awscred *'
    }

    It 'imports by name in a fresh non-interactive pwsh and lists the profiles of the credentials file' {
        $result = Invoke-Child -Command (@(
                "`$ErrorActionPreference = 'Stop'"
                'Import-Module AwsCredentialManager'
                "'base ' + (Get-Module AwsCredentialManager).ModuleBase"
                'Get-AWSCredential -ListProfileDetail | ForEach-Object { ''profile '' + $_.ProfileName }'
            ) -join "`n")
        $text = $result.Lines -join "`n"
        $result.ExitCode | Should -Be 0 -Because $text
        $result.Lines | Should -Contain 'profile packaged-one'
        $result.Lines | Should -Contain 'profile packaged-two'
        ($result.Lines | Where-Object { $_ -like 'base *' }) | Should -BeLike "base $ModulesFolder*"
    }
}
