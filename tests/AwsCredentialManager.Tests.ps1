# End-to-end tests of the AwsCredentialManager cmdlets against the real native library and real
# files in $TestDrive. Run with ./build.ps1 -Task Test (Pester 5.7.1, fresh pwsh -NoProfile).

Set-StrictMode -Version Latest

BeforeDiscovery {
    $OnWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    $ModuleRoot = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'module'
    Import-Module -Name (Join-Path $ModuleRoot 'AwsCredentialManager.psd1') -Force -ErrorAction Stop

    $IsWindowsPlatform = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $SavedEnvironment = @{}
    foreach ($name in @('AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')) {
        $SavedEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
    }

    # Where the shared config and credentials files are for these tests.
    #
    # The native library reads the process environment. On Windows, $env: changes made here reach
    # it, so without a runner-provided pair of files the tests point both variables at $TestDrive.
    # On Linux and macOS .NET keeps a private copy of the environment that native code never sees
    # (Environment.SetEnvironmentVariable has no effect on native libraries there), so the files
    # must be named before pwsh starts: ./build.ps1 -Task Test sets AWS_CONFIG_FILE and
    # AWS_SHARED_CREDENTIALS_FILE to a fresh folder under out/ for the test process. Either way a
    # probe below proves the library uses these files before any test writes, so a run can never
    # touch the real ~/.aws files.
    if ([string]::IsNullOrEmpty($env:AWS_CONFIG_FILE) -or [string]::IsNullOrEmpty($env:AWS_SHARED_CREDENTIALS_FILE)) {
        if (-not $IsWindowsPlatform) {
            throw 'AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE must point at scratch files before pwsh starts on this OS (the native library cannot see $env: changes made inside pwsh). Run the tests with ./build.ps1 -Task Test.'
        }
        $sharedFolder = Join-Path $TestDrive 'shared-aws'
        $null = New-Item -Path $sharedFolder -ItemType Directory -Force
        $env:AWS_CONFIG_FILE = Join-Path $sharedFolder 'config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $sharedFolder 'credentials'
    }
    foreach ($name in @('AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')) {
        [System.Environment]::SetEnvironmentVariable($name, $null)
    }
    $ConfigPath = $env:AWS_CONFIG_FILE
    $CredentialsPath = $env:AWS_SHARED_CREDENTIALS_FILE

    $AccessKey = 'AKIAIOSFODNN7EXAMPLE'
    $SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    $SessionToken = 'FwoGZXIvYXdzEXAMPLETOKENVALUE0123456789'
    $RoleArn = 'arn:aws:iam::123456789012:role/Admin'
    $MfaSerial = 'arn:aws:iam::123456789012:mfa/alice'

    # Deletes the shared files (and their lock files) so each test starts from nothing.
    function Reset-SharedFiles {
        foreach ($path in @($ConfigPath, $CredentialsPath, "$ConfigPath.lock", "$CredentialsPath.lock")) {
            if (Test-Path -LiteralPath $path) {
                Remove-Item -LiteralPath $path -Force
            }
        }
        $folder = Split-Path -Path $CredentialsPath -Parent
        if (-not (Test-Path -LiteralPath $folder)) {
            $null = New-Item -Path $folder -ItemType Directory -Force
        }
    }

    # A fresh folder in $TestDrive (a real path, not TestDrive:\) for -ProfileLocation files.
    function New-TestFolder {
        $folder = Join-Path $TestDrive ([System.Guid]::NewGuid().ToString('N'))
        $null = New-Item -Path $folder -ItemType Directory -Force
        $folder
    }

    function Write-TestFile {
        param(
            [string] $Path,
            [string[]] $Line,
            [string] $NewLine = "`n"
        )
        [System.IO.File]::WriteAllText($Path, (($Line -join $NewLine) + $NewLine), [System.Text.UTF8Encoding]::new($false))
    }

    function Read-TestFile {
        param([string] $Path)
        [System.IO.File]::ReadAllText($Path)
    }

    function Get-FileFingerprint {
        param([string] $Path)
        if (Test-Path -LiteralPath $Path) {
            [System.Convert]::ToBase64String([System.IO.File]::ReadAllBytes($Path))
        }
        else {
            '<missing>'
        }
    }

    # The probe: a profile written straight into the test credentials file must be listed from
    # that file. Otherwise the library reads other files, and no test may write anything.
    Reset-SharedFiles
    $probeName = 'awscred-probe-' + [System.Guid]::NewGuid().ToString('N')
    Write-TestFile -Path $CredentialsPath -Line @("[$probeName]", 'aws_access_key_id = AKIDPROBE', 'aws_secret_access_key = probeSecret')
    $probe = @(Get-AWSCredential -ListProfileDetail | Where-Object { $_.ProfileName -eq $probeName })
    if ($probe.Count -ne 1 -or $probe[0].ProfileLocation -ne $CredentialsPath) {
        throw "The native library does not read '$CredentialsPath' (AWS_SHARED_CREDENTIALS_FILE); refusing to run tests that write the shared files. Run the tests with ./build.ps1 -Task Test."
    }
    Reset-SharedFiles
}

AfterAll {
    foreach ($name in $SavedEnvironment.Keys) {
        [System.Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name])
    }
    Remove-Module -Name 'AwsCredentialManager' -Force -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'exports exactly the functions in Public/' {
        $expected = @(Get-ChildItem -LiteralPath (Join-Path $ModuleRoot 'Public') -Filter '*.ps1' | ForEach-Object { $_.BaseName } | Sort-Object)
        $actual = @((Get-Module -Name 'AwsCredentialManager').ExportedFunctions.Keys | Sort-Object)
        $actual | Should -Be $expected
        (Get-Module -Name 'AwsCredentialManager').ExportedCmdlets.Count | Should -Be 0
    }

    It 'lists the same functions in the manifest' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $ModuleRoot 'AwsCredentialManager.psd1')
        $expected = @(Get-ChildItem -LiteralPath (Join-Path $ModuleRoot 'Public') -Filter '*.ps1' | ForEach-Object { $_.BaseName } | Sort-Object)
        @($manifest.FunctionsToExport | Sort-Object) | Should -Be $expected
        $manifest.ModuleVersion | Should -Be '0.1.0'
    }

    It 'exports the incumbent alias <Alias> for <Command>' -TestCases @(
        @{ Alias = 'Set-AWSCredentials'; Command = 'Set-AWSCredential' }
        @{ Alias = 'Get-AWSCredentials'; Command = 'Get-AWSCredential' }
    ) {
        param($Alias, $Command)
        (Get-Module -Name 'AwsCredentialManager').ExportedAliases.Keys | Should -Contain $Alias
        (Get-Alias -Name $Alias).ResolvedCommandName | Should -Be $Command
    }

    It 'has a valid manifest' {
        { Test-ModuleManifest -Path (Join-Path $ModuleRoot 'AwsCredentialManager.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'loaded a native library with ABI version 1 from runtimes/<rid>/' {
        [AwsCredentialManager.Native.NativeMethods]::awscred_abi_version() | Should -Be 1
        $rid = InModuleScope -ModuleName 'AwsCredentialManager' { Get-AwsCredRuntimeIdentifier }
        $rid | Should -BeIn @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')
        [AwsCredentialManager.Native.NativeMethods]::LibraryPath | Should -BeLike "*runtimes*$rid*awscred*"
        Test-Path -LiteralPath ([AwsCredentialManager.Native.NativeMethods]::LibraryPath) | Should -BeTrue
    }

    It 'can be imported again in the same session' {
        { Import-Module -Name (Join-Path $ModuleRoot 'AwsCredentialManager.psd1') -Force -ErrorAction Stop -WarningVariable importWarnings -WarningAction SilentlyContinue } | Should -Not -Throw
    }
}

Describe 'Set-AWSCredential and Get-AWSCredential' {
    BeforeEach {
        Reset-SharedFiles
        $Folder = New-TestFolder
    }

    Context 'Access keys' {
        It 'stores basic keys in the credentials file and reads them back' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'basic'

            Read-TestFile $CredentialsPath | Should -BeExactly "[basic]`naws_access_key_id = $AccessKey`naws_secret_access_key = $SecretKey`n"
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse

            $credential = Get-AWSCredential -ProfileName 'basic'
            $credential.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.AWSCredentials'
            $credential.ProfileName | Should -BeExactly 'basic'
            $credential.AccessKey | Should -BeExactly $AccessKey
            $credential.Source | Should -BeExactly 'Profile'
            $credential.ProfileLocation | Should -BeExactly $CredentialsPath

            $keys = $credential.GetCredentials()
            $keys.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.ImmutableCredentials'
            $keys.AccessKey | Should -BeExactly $AccessKey
            $keys.SecretKey | Should -BeExactly $SecretKey
            $keys.Token | Should -BeNullOrEmpty
            $keys.UseToken | Should -BeFalse
        }

        It 'stores session keys and reports UseToken' {
            Set-AWSCredential -AccessKey 'ASIAIOSFODNN7EXAMPLE' -SecretKey $SecretKey -SessionToken $SessionToken -StoreAs 'session'

            Read-TestFile $CredentialsPath | Should -Match "(?m)^aws_session_token = $SessionToken$"
            $keys = (Get-AWSCredential -ProfileName 'session').GetCredentials()
            $keys.AccessKey | Should -BeExactly 'ASIAIOSFODNN7EXAMPLE'
            $keys.SecretKey | Should -BeExactly $SecretKey
            $keys.Token | Should -BeExactly $SessionToken
            $keys.UseToken | Should -BeTrue
        }

        It 'treats an empty -SessionToken as not given' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -SessionToken '' -StoreAs 'basic'

            Read-TestFile $CredentialsPath | Should -Not -Match 'aws_session_token'
            (Get-AWSCredential -ProfileName 'basic').GetCredentials().UseToken | Should -BeFalse
        }

        It 'accepts the incumbent aliases AK, SK, ST, StoredCredentials and Set-AWSCredentials' {
            Set-AWSCredentials -AK $AccessKey -SK $SecretKey -ST $SessionToken -StoreAs 'aliased'

            $keys = (Get-AWSCredentials -StoredCredentials 'aliased').GetCredentials()
            $keys.SecretKey | Should -BeExactly $SecretKey
            $keys.Token | Should -BeExactly $SessionToken
            (Get-AWSCredential 'aliased').ProfileName | Should -BeExactly 'aliased'
        }

        It 'binds parameters by property name from the pipeline' {
            @(
                [pscustomobject]@{ AccessKey = 'AKIDPIPELINE1'; SecretAccessKey = 'pipelineSecret1'; StoreAs = 'pipe1' }
                [pscustomobject]@{ AccessKey = 'AKIDPIPELINE2'; SecretAccessKey = 'pipelineSecret2'; StoreAs = 'pipe2' }
            ) | Set-AWSCredential

            (Get-AWSCredential -ProfileName 'pipe1').GetCredentials().SecretKey | Should -BeExactly 'pipelineSecret1'
            (Get-AWSCredential -ProfileName 'pipe2').GetCredentials().SecretKey | Should -BeExactly 'pipelineSecret2'
        }

        It 'writes -Region to the config file' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'regional' -Region 'eu-west-1'

            Read-TestFile $ConfigPath | Should -BeExactly "[profile regional]`nregion = eu-west-1`n"
            Read-TestFile $CredentialsPath | Should -Not -Match 'region'
        }

        It 'writes the default profile as [default] in the config file' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'default' -Region 'us-east-2'

            Read-TestFile $ConfigPath | Should -BeExactly "[default]`nregion = us-east-2`n"
            Read-TestFile $CredentialsPath | Should -Match '(?m)^\[default\]$'
        }

        It 'names the files written in the verbose stream' {
            $verbose = Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'basic' -Verbose 4>&1
            $messages = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message }) -join "`n"
            $messages | Should -BeLike "*$CredentialsPath*"
        }

        It 'writes nothing to the output stream' {
            $output = Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'basic'
            $output | Should -BeNullOrEmpty
        }
    }

    Context 'Role profiles' {
        It 'stores a role in the config file as [profile NAME]' {
            Set-AWSCredential -StoreAs 'admin' -SourceProfile 'basic' -RoleArn $RoleArn -ExternalID 'ext-1' -MfaSerial $MfaSerial -RoleSessionName 'alice-session' -DurationSeconds 3600

            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
            $config = Read-TestFile $ConfigPath
            $config | Should -Match '(?m)^\[profile admin\]$'
            $config | Should -Match "(?m)^role_arn = $([regex]::Escape($RoleArn))$"
            $config | Should -Match '(?m)^source_profile = basic$'
            $config | Should -Match '(?m)^external_id = ext-1$'
            $config | Should -Match "(?m)^mfa_serial = $([regex]::Escape($MfaSerial))$"
            $config | Should -Match '(?m)^role_session_name = alice-session$'
            $config | Should -Match '(?m)^duration_seconds = 3600$'
        }

        It 'lists a role profile but reports NotSupported when reading its credentials' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'basic'
            Set-AWSCredential -StoreAs 'admin' -SourceProfile 'basic' -RoleArn $RoleArn

            (Get-AWSCredential -ListProfileDetail).ProfileName | Should -Contain 'admin'
            $result = Get-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported*'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::NotImplemented)
        }

        It 'replaces keys with a role in the same profile' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'switch' -Region 'eu-west-1'
            Set-AWSCredential -StoreAs 'switch' -SourceProfile 'basic' -RoleArn $RoleArn

            Read-TestFile $CredentialsPath | Should -Not -Match 'aws_secret_access_key'
            $config = Read-TestFile $ConfigPath
            $config | Should -Match '(?m)^region = eu-west-1$'
            $config | Should -Match '(?m)^source_profile = basic$'
        }
    }

    Context 'Copying a profile (-ProfileName with -StoreAs)' {
        It 'copies every setting to the new profile' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'source' -Region 'ap-south-1'
            Set-AWSCredential -ProfileName 'source' -StoreAs 'copy'

            $keys = (Get-AWSCredential -ProfileName 'copy').GetCredentials()
            $keys.AccessKey | Should -BeExactly $AccessKey
            $keys.SecretKey | Should -BeExactly $SecretKey
            Read-TestFile $ConfigPath | Should -Match '(?m)^\[profile copy\]$'
        }

        It 'accepts the AWSProfileName alias and the position 200 binding' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'source'
            Set-AWSCredential -AWSProfileName 'source' -StoreAs 'copy1'
            Set-AWSCredential 'source' -StoreAs 'copy2'

            (Get-AWSCredential -ListProfile -WarningAction SilentlyContinue) | Should -Contain 'copy1'
            (Get-AWSCredential -ListProfile -WarningAction SilentlyContinue) | Should -Contain 'copy2'
        }

        It 'reports ProfileNotFound for an unknown source profile' {
            Set-AWSCredential -ProfileName 'missing' -StoreAs 'copy' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        }
    }

    Context 'One file (-ProfileLocation)' {
        It 'writes keys and roles to the one file as [NAME] and reads them from it' {
            $single = Join-Path $Folder 'single-credentials'
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'one' -ProfileLocation $single
            Set-AWSCredential -StoreAs 'role1' -SourceProfile 'one' -RoleArn $RoleArn -ProfileLocation $single

            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
            $text = Read-TestFile $single
            $text | Should -Match '(?m)^\[one\]$'
            $text | Should -Match '(?m)^\[role1\]$'
            $text | Should -Not -Match 'profile role1'

            $credential = Get-AWSCredential -ProfileName 'one' -ProfileLocation $single
            $credential.GetCredentials().SecretKey | Should -BeExactly $SecretKey
            $credential.ProfileLocation | Should -BeExactly $single

            $detail = @(Get-AWSCredential -ListProfileDetail -ProfileLocation $single)
            $detail.ProfileName | Should -Be @('one', 'role1')
            $detail | ForEach-Object { $_.ProfileLocation | Should -BeExactly $single }

            # The shared files do not know these profiles.
            Get-AWSCredential -ProfileName 'one' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'accepts the aliases <Alias>' -TestCases @(
            @{ Alias = 'ProfilesLocation' }
            @{ Alias = 'AWSProfilesLocation' }
        ) {
            param($Alias)
            $single = Join-Path $Folder 'aliased-credentials'
            $parameters = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; StoreAs = 'one'; $Alias = $single }
            Set-AWSCredential @parameters
            Test-Path -LiteralPath $single | Should -BeTrue
            $readParameters = @{ ProfileName = 'one'; $Alias = $single }
            (Get-AWSCredential @readParameters).AccessKey | Should -BeExactly $AccessKey
        }

        It 'resolves a relative path against the current PowerShell location' {
            Push-Location -LiteralPath $Folder
            try {
                Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'relative' -ProfileLocation 'relative-credentials'
                (Get-AWSCredential -ProfileName 'relative' -ProfileLocation './relative-credentials').AccessKey | Should -BeExactly $AccessKey
            }
            finally {
                Pop-Location
            }
            Test-Path -LiteralPath (Join-Path $Folder 'relative-credentials') | Should -BeTrue
        }

        It 'refuses a path on a provider other than the file system' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'x' -ProfileLocation 'Env:\AWSCRED_TEST' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
        }

        It 'treats an empty -ProfileLocation as not given' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'shared' -ProfileLocation ''
            Read-TestFile $CredentialsPath | Should -Match '(?m)^\[shared\]$'
        }
    }

    Context 'File preservation' {
        It 'keeps comments and other profiles byte for byte, and set then remove restores the file' {
            Write-TestFile -Path $CredentialsPath -Line @(
                '# Company credentials: do not edit by hand'
                '[other]'
                '; rotated 2024-01-01'
                'aws_access_key_id = AKIDOTHER'
                'aws_secret_access_key = otherSecretValue'
            )
            $originalText = Read-TestFile $CredentialsPath
            $original = Get-FileFingerprint $CredentialsPath

            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'new'
            $after = Read-TestFile $CredentialsPath
            $after.StartsWith($originalText) | Should -BeTrue
            $after | Should -BeExactly ($originalText + "`n[new]`naws_access_key_id = $AccessKey`naws_secret_access_key = $SecretKey`n")
            (Get-AWSCredential -ProfileName 'other').GetCredentials().SecretKey | Should -BeExactly 'otherSecretValue'

            Remove-AWSCredentialProfile -ProfileName 'new' -Force
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $original
        }

        It 'keeps CRLF line endings and restores the file after removal' {
            Write-TestFile -Path $CredentialsPath -NewLine "`r`n" -Line @(
                '# Windows file'
                '[other]'
                'aws_access_key_id = AKIDOTHER'
                'aws_secret_access_key = otherSecretValue'
            )
            $original = Get-FileFingerprint $CredentialsPath

            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'new'
            $after = Read-TestFile $CredentialsPath
            $after | Should -Match "\[new\]`r`n"
            ($after -replace "`r`n", '') | Should -Not -Match "`n"

            Remove-AWSCredentialProfile -ProfileName 'new' -Force
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $original
        }

        It 'keeps the config file byte for byte around a role profile' {
            Write-TestFile -Path $ConfigPath -Line @(
                '# config comment'
                '[default]'
                'region = us-east-1'
                ''
                '[profile keep] # trailing comment'
                'output = json'
            )
            $original = Get-FileFingerprint $ConfigPath

            Set-AWSCredential -StoreAs 'admin' -SourceProfile 'default' -RoleArn $RoleArn -Region 'eu-west-2'
            Read-TestFile $ConfigPath | Should -Match '(?m)^\[profile admin\]$'

            Remove-AWSCredentialProfile -ProfileName 'admin' -Force
            Get-FileFingerprint $ConfigPath | Should -BeExactly $original
        }
    }

    Context '-WhatIf' {
        BeforeEach {
            Write-TestFile -Path $CredentialsPath -Line @('# keep', '[other]', 'aws_access_key_id = AKIDOTHER', 'aws_secret_access_key = otherSecretValue')
            Write-TestFile -Path $ConfigPath -Line @('[profile other]', 'region = eu-west-1')
            $OriginalCredentials = Get-FileFingerprint $CredentialsPath
            $OriginalConfig = Get-FileFingerprint $ConfigPath
        }

        It 'Set-AWSCredential -WhatIf leaves the files byte-identical' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'new' -Region 'eu-west-3' -WhatIf
            Set-AWSCredential -StoreAs 'role' -SourceProfile 'other' -RoleArn $RoleArn -WhatIf
            Set-AWSCredential -ProfileName 'other' -StoreAs 'copy' -WhatIf

            Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
            Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
        }

        It 'Set-AWSCredential -WhatIf creates no file' {
            $single = Join-Path $Folder 'never-created'
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'new' -ProfileLocation $single -WhatIf
            Test-Path -LiteralPath $single | Should -BeFalse
        }

        It 'Remove-AWSCredentialProfile -WhatIf leaves the files byte-identical, even with -Force' {
            Remove-AWSCredentialProfile -ProfileName 'other' -WhatIf
            Remove-AWSCredentialProfile -ProfileName 'other' -Force -WhatIf

            Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
            Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
            (Get-AWSCredential -ProfileName 'other').AccessKey | Should -BeExactly 'AKIDOTHER'
        }
    }

    Context 'Listing' {
        BeforeEach {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'beta'
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'alpha'
            Set-AWSCredential -StoreAs 'gamma' -SourceProfile 'alpha' -RoleArn $RoleArn
        }

        It '-ListProfileDetail returns ProfileInfo objects sorted by name' {
            $detail = @(Get-AWSCredential -ListProfileDetail)

            $detail.ProfileName | Should -Be @('alpha', 'beta', 'gamma')
            $detail | ForEach-Object {
                $_.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.ProfileInfo'
                $_.StoreTypeName | Should -BeExactly 'SharedCredentialsFile'
            }
            ($detail | Where-Object ProfileName -EQ 'alpha').ProfileLocation | Should -BeExactly $CredentialsPath
            ($detail | Where-Object ProfileName -EQ 'gamma').ProfileLocation | Should -BeExactly $ConfigPath
        }

        It '-ListProfileDetail has a table view with the incumbent columns' {
            $text = Get-AWSCredential -ListProfileDetail | Out-String
            $text | Should -Match 'ProfileName\s+StoreTypeName\s+ProfileLocation'
        }

        It '-ListProfile writes the deprecation warning and outputs the names' {
            $names = Get-AWSCredential -ListProfile -WarningVariable warnings -WarningAction SilentlyContinue

            @($names) | Should -Be @('alpha', 'beta', 'gamma')
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeExactly 'The ListProfile switch is deprecated and will be removed from a future release.  Please use ListProfileDetail instead.'
        }

        It 'accepts the -ListProfile alias <Alias>' -TestCases @(
            @{ Alias = 'ListProfiles' }
            @{ Alias = 'ListStoredCredentials' }
        ) {
            param($Alias)
            $parameters = @{ $Alias = $true }
            @(Get-AWSCredential @parameters -WarningAction SilentlyContinue) | Should -Be @('alpha', 'beta', 'gamma')
        }

        It 'lists nothing for an empty file' {
            $empty = Join-Path $Folder 'empty-credentials'
            $null = New-Item -Path $empty -ItemType File
            Get-AWSCredential -ListProfileDetail -ProfileLocation $empty | Should -BeNullOrEmpty
        }

        It 'pipes -ListProfileDetail into Remove-AWSCredentialProfile -WhatIf without changing anything' {
            $before = Get-FileFingerprint $CredentialsPath
            Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'alpha' | Remove-AWSCredentialProfile -WhatIf
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $before
        }
    }

    Context 'Errors' {
        It 'reports an unknown profile as a non-terminating ProfileNotFound error' {
            $result = Get-AWSCredential -ProfileName 'nope' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err.Count | Should -BeGreaterThan 0
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $err[0].TargetObject | Should -BeExactly 'nope'
            $err[0].Exception.Message | Should -BeLike '*nope*'
        }

        It 'throws ProfileNotFound with -ErrorAction Stop' {
            { Get-AWSCredential -ProfileName 'nope' -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotFound*'
        }

        It 'continues with the next pipeline item after an unknown profile' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'known'
            $results = @([pscustomobject]@{ ProfileName = 'nope' }, [pscustomobject]@{ ProfileName = 'known' } | Get-AWSCredential -ErrorVariable err -ErrorAction SilentlyContinue)

            $results.Count | Should -Be 1
            $results[0].ProfileName | Should -BeExactly 'known'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }

        It 'Remove-AWSCredentialProfile reports an unknown profile as ProfileNotFound' {
            Remove-AWSCredentialProfile -ProfileName 'nope' -Force -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        }

        It 'refuses the profile name <Name> with InvalidInput and writes nothing' -TestCases @(
            @{ Name = 'bad]name' }
            @{ Name = '[bad' }
            @{ Name = 'has space' }
            @{ Name = "new`nline" }
        ) {
            param($Name)
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs $Name -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        }

        It 'refuses a line break in <Parameter> with InvalidInput and leaves the files unchanged' -TestCases @(
            @{ Parameter = 'SecretKey'; Value = "abcSECRET`ndef" }
            @{ Parameter = 'SessionToken'; Value = "tokenSECRET`r`nmore" }
            @{ Parameter = 'Region'; Value = "eu-west-1`n[evil]" }
            @{ Parameter = 'AccessKey'; Value = "AKID`nX" }
        ) {
            param($Parameter, $Value)
            Write-TestFile -Path $CredentialsPath -Line @('[other]', 'aws_access_key_id = AKIDOTHER', 'aws_secret_access_key = otherSecretValue')
            $original = Get-FileFingerprint $CredentialsPath
            $parameters = @{ AccessKey = $AccessKey; SecretKey = $SecretKey; StoreAs = 'target' }
            $parameters[$Parameter] = $Value

            Set-AWSCredential @parameters -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            $err[0].Exception.Message | Should -Not -BeLike '*SECRET*'
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $original
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        }

        It 'refuses session mode (no -StoreAs) with a terminating NotSupported error' {
            { Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey } | Should -Throw -ErrorId 'NotSupported*'
            { Set-AWSCredential -ProfileName 'dev' } | Should -Throw -ErrorId 'NotSupported*'
            { Set-AWSCredential -ProfileName 'dev' -Scope Global } | Should -Throw -ErrorId 'NotSupported*'
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        }

        It 'reports NotSupported with category NotImplemented and says when it arrives' {
            try {
                Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey
                throw 'expected an error'
            }
            catch {
                $_.FullyQualifiedErrorId | Should -BeLike 'NotSupported*'
                $_.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::NotImplemented)
                $_.Exception | Should -BeOfType ([System.NotSupportedException])
                $_.Exception.Message | Should -BeLike '*credential resolution*'
            }
        }

        It 'refuses -Credential and -NetworkCredential with NotSupported' {
            { Set-AWSCredential -Credential ([pscustomobject]@{ AccessKey = 'x' }) -StoreAs 'x' } | Should -Throw -ErrorId 'NotSupported*'
            $password = ConvertTo-SecureString -String 'not-a-secret' -AsPlainText -Force
            $networkCredential = [System.Management.Automation.PSCredential]::new('user', $password)
            { Set-AWSCredential -ProfileName 'dev' -NetworkCredential $networkCredential -StoreAs 'x' } | Should -Throw -ErrorId 'NotSupported*'
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        }

        It 'refuses -Scope with -StoreAs as the incumbent does' {
            { Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'x' -Scope Global } | Should -Throw -ExpectedMessage 'Parameters Scope and StoreAs cannot be used together.' -ErrorId 'InvalidInput*'
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        }

        It 'refuses an invalid role ARN with InvalidInput' {
            Set-AWSCredential -StoreAs 'role' -SourceProfile 'basic' -RoleArn 'not-an-arn' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        }
    }

    Context 'Secrets stay out of views' {
        BeforeEach {
            Set-AWSCredential -AccessKey 'ASIAIOSFODNN7EXAMPLE' -SecretKey $SecretKey -SessionToken $SessionToken -StoreAs 'secret'
            $Credential = Get-AWSCredential -ProfileName 'secret'
        }

        It 'has no secret property on the credentials object' {
            $Credential.PSObject.Properties.Name | Should -Not -Contain 'SecretKey'
            $Credential.PSObject.Properties.Name | Should -Not -Contain 'Token'
            ($Credential.PSObject.Properties | ForEach-Object { [string]$_.Value }) | Should -Not -Contain $SecretKey
        }

        It 'does not show the secret in the default view, Format-List *, or JSON' {
            $Credential | Out-String | Should -Not -BeLike "*$SecretKey*"
            $Credential | Format-List -Property * | Out-String | Should -Not -BeLike "*$SecretKey*"
            $Credential | ConvertTo-Json | Should -Not -BeLike "*$SecretKey*"
            $Credential | Out-String | Should -BeLike '*ASIAIOSFODNN7EXAMPLE*'
        }

        It 'masks the secret key and token in the ImmutableCredentials views' {
            $keys = $Credential.GetCredentials()
            $table = $keys | Out-String
            $table | Should -Not -BeLike "*$SecretKey*"
            $table | Should -Match ([regex]::Escape('****' + $SecretKey.Substring($SecretKey.Length - 4)))
            $list = $keys | Format-List | Out-String
            $list | Should -Not -BeLike "*$SecretKey*"
            $list | Should -Not -BeLike "*$SessionToken*"
        }

        It 'returns a new ImmutableCredentials object on each call' {
            $first = $Credential.GetCredentials()
            $first.SecretKey = 'changed'
            $Credential.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        }
    }

    Context 'Environment variables changed inside PowerShell' {
        It 'follows $env:AWS_SHARED_CREDENTIALS_FILE changed in this process' -Skip:(-not $OnWindows) {
            # Windows only: on Linux and macOS .NET does not pass $env: changes on to native code.
            $other = Join-Path $Folder 'other-credentials'
            Write-TestFile -Path $other -Line @('[elsewhere]', 'aws_access_key_id = AKIDELSEWHERE', 'aws_secret_access_key = elsewhereSecret')
            $saved = $env:AWS_SHARED_CREDENTIALS_FILE
            try {
                $env:AWS_SHARED_CREDENTIALS_FILE = $other
                (Get-AWSCredential -ProfileName 'elsewhere').AccessKey | Should -BeExactly 'AKIDELSEWHERE'
            }
            finally {
                $env:AWS_SHARED_CREDENTIALS_FILE = $saved
            }
            Get-AWSCredential -ProfileName 'elsewhere' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    Context 'Without parameters (shell credentials)' {
        AfterEach {
            Remove-Variable -Name 'StoredAWSCredentials' -Scope Global -ErrorAction SilentlyContinue
        }

        It 'returns nothing when $StoredAWSCredentials is not set' {
            Remove-Variable -Name 'StoredAWSCredentials' -Scope Global -ErrorAction SilentlyContinue
            Get-AWSCredential | Should -BeNullOrEmpty
        }

        It 'returns the credentials held in $StoredAWSCredentials' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'shell'
            $global:StoredAWSCredentials = Get-AWSCredential -ProfileName 'shell'

            $result = Get-AWSCredential
            $result.ProfileName | Should -BeExactly 'shell'
            $result.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        }
    }
}

Describe 'Remove-AWSCredentialProfile' {
    BeforeEach {
        Reset-SharedFiles
        $Folder = New-TestFolder
    }

    It 'removes the profile from both files' {
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'both' -Region 'eu-west-1'
        Remove-AWSCredentialProfile -ProfileName 'both' -Force

        Read-TestFile $CredentialsPath | Should -Not -Match 'both'
        Read-TestFile $ConfigPath | Should -Not -Match 'both'
        Get-AWSCredential -ListProfile -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'accepts the StoredCredentials alias, positions 1 and 2, and -Confirm:$false' {
        $single = Join-Path $Folder 'single'
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'one' -ProfileLocation $single
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'two' -ProfileLocation $single

        Remove-AWSCredentialProfile 'one' $single -Confirm:$false
        Remove-AWSCredentialProfile -StoredCredentials 'two' -ProfilesLocation $single -Force

        Get-AWSCredential -ListProfileDetail -ProfileLocation $single | Should -BeNullOrEmpty
    }

    It 'declares ConfirmImpact High and SupportsShouldProcess' {
        $command = Get-Command -Name 'Remove-AWSCredentialProfile'
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $metadata = [System.Management.Automation.CommandMetadata]::new($command)
        $metadata.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }
}

Describe 'Parameter metadata matches the incumbent' {
    It 'Set-AWSCredential <Parameter> has aliases <Aliases>' -TestCases @(
        @{ Parameter = 'AccessKey'; Aliases = @('AK') }
        @{ Parameter = 'SecretKey'; Aliases = @('SK', 'SecretAccessKey') }
        @{ Parameter = 'SessionToken'; Aliases = @('ST') }
        @{ Parameter = 'ProfileName'; Aliases = @('StoredCredentials', 'AWSProfileName') }
        @{ Parameter = 'ProfileLocation'; Aliases = @('AWSProfilesLocation', 'ProfilesLocation') }
    ) {
        param($Parameter, $Aliases)
        @((Get-Command -Name 'Set-AWSCredential').Parameters[$Parameter].Aliases) | Should -Be $Aliases
    }

    It 'Set-AWSCredential has the parameter sets of the incumbent' {
        $sets = @((Get-Command -Name 'Set-AWSCredential').ParameterSets.Name | Sort-Object)
        $sets | Should -Be @('AssumeRole', 'AWSCredentialsObject', 'BasicOrSession', 'StoredProfile')
    }

    It 'Set-AWSCredential -ProfileName is at position 200 and -ProfileLocation at 201' {
        $command = Get-Command -Name 'Set-AWSCredential'
        $command.Parameters['ProfileName'].ParameterSets['StoredProfile'].Position | Should -Be 200
        $command.Parameters['ProfileLocation'].ParameterSets['__AllParameterSets'].Position | Should -Be 201
    }

    It 'Get-AWSCredential has the parameter sets of the incumbent' {
        $command = Get-Command -Name 'Get-AWSCredential'
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('ListDetail', 'ListName', 'Shell', 'SingleProfile')
        $command.DefaultParameterSet | Should -Be 'Shell'
        $command.Parameters['ProfileName'].ParameterSets['SingleProfile'].Position | Should -Be 1
        @($command.Parameters['ListProfile'].Aliases) | Should -Be @('ListStoredCredentials', 'ListProfiles')
    }

    It 'Remove-AWSCredentialProfile has the incumbent positions' {
        $command = Get-Command -Name 'Remove-AWSCredentialProfile'
        $command.Parameters['ProfileName'].ParameterSets['__AllParameterSets'].Position | Should -Be 1
        $command.Parameters['ProfileLocation'].ParameterSets['__AllParameterSets'].Position | Should -Be 2
        @($command.Parameters['ProfileName'].Aliases) | Should -Be @('StoredCredentials')
    }
}

Describe 'Argument completion of -ProfileName' {
    BeforeAll {
        Reset-SharedFiles
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'alpha'
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'alpine'
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'beta'
        $Single = Join-Path $TestDrive 'completion-single'
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'only-here' -ProfileLocation $Single

        function Get-Completion {
            param([string] $InputScript)
            (TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches
        }
    }

    It 'completes profile names for <Command>' -TestCases @(
        @{ Command = 'Get-AWSCredential' }
        @{ Command = 'Set-AWSCredential' }
        @{ Command = 'Remove-AWSCredentialProfile' }
        @{ Command = 'Get-AWSCredentials' }
    ) {
        param($Command)
        $completions = Get-Completion "$Command -ProfileName "
        @($completions.CompletionText) | Should -Be @('alpha', 'alpine', 'beta')
    }

    It 'filters by the word typed so far' {
        @((Get-Completion 'Get-AWSCredential -ProfileName alp').CompletionText) | Should -Be @('alpha', 'alpine')
    }

    It 'honours -ProfileLocation already on the command line' {
        @((Get-Completion "Get-AWSCredential -ProfileLocation '$Single' -ProfileName ").CompletionText) | Should -Be @('only-here')
    }

    It 'completes -SourceProfile of Set-AWSCredential' {
        @((Get-Completion 'Set-AWSCredential -StoreAs x -RoleArn y -SourceProfile b').CompletionText) | Should -Be @('beta')
    }
}
