# End-to-end tests of the AwsCredentialManager cmdlets against the real native library and real
# files in $TestDrive: storing, listing and removing profiles; resolution of every local profile
# kind with MFA and login errors; Set-AWSCredential session mode, New-/Clear-AWSCredential,
# Initialize-AWSDefaultConfiguration, the region cmdlets, Get-STSCallerIdentity and
# Export-AWSCredential. Run with ./build.ps1 -Task Test (Pester 5.7.1, fresh
# pwsh -NoProfile -NonInteractive).
#
# -ErrorVariable of an advanced function also collects the terminating errors that the module's
# private functions threw and the cmdlet caught, before the record the cmdlet writes (as
# exception objects or wrapped copies: PowerShell/PowerShell#3165, #18390). The record the
# cmdlet wrote is the last one, so the tests read $err[-1].

Set-StrictMode -Version Latest

BeforeAll {
    # Everything the native library reads points into $TestDrive: the shared config and
    # credentials files, HOME (so ~/.aws/cli/cache is a scratch folder too) and USERPROFILE. The
    # module sends the process's AWS_* variables, HOME and USERPROFILE with every native call, so
    # plain $env: assignments are enough on every OS. Instance metadata is disabled and the STS
    # endpoint is a closed local port, so no test waits for EC2 metadata or reaches AWS: calls
    # that get as far as STS end in AwsServiceError, which proves the credentials were resolved
    # and sent. A probe at the end proves the library reads the test files before any test
    # writes; otherwise nothing runs, so a test run can never touch the real ~/.aws.
    # Restore-TestEnvironment (AfterAll) puts every variable back.
    # The BUILT module (./build.ps1 -Task Build assembles it; the runner sets AWSCRED_MODULE_PATH).
    $ModulePath = $env:AWSCRED_MODULE_PATH
    if ([string]::IsNullOrEmpty($ModulePath)) {
        $ModulePath = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'out/AwsCredentialManager/AwsCredentialManager.psd1'
    }
    $ModuleRoot = Split-Path -Path $ModulePath -Parent
    Import-Module -Name $ModulePath -Force -ErrorAction Stop

    $IsWindowsPlatform = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $TestEnvironmentNames = @(
        'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE',
        'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN',
        'AWS_CREDENTIAL_EXPIRATION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EC2_METADATA_DISABLED',
        'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'HOME', 'USERPROFILE'
    )
    $SavedEnvironment = @{}
    foreach ($name in $TestEnvironmentNames) {
        $SavedEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, $null)
    }

    $HomeFolder = Join-Path $TestDrive 'home'
    $SharedFolder = Join-Path $HomeFolder '.aws'
    $null = New-Item -Path $SharedFolder -ItemType Directory -Force
    $env:HOME = $HomeFolder
    $env:USERPROFILE = $HomeFolder
    $env:AWS_CONFIG_FILE = Join-Path $SharedFolder 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $SharedFolder 'credentials'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9'
    $ConfigPath = $env:AWS_CONFIG_FILE
    $CredentialsPath = $env:AWS_SHARED_CREDENTIALS_FILE

    $AccessKey = 'AKIAIOSFODNN7EXAMPLE'
    $SecretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    $SessionToken = 'FwoGZXIvYXdzEXAMPLETOKENVALUE0123456789'
    $RoleArn = 'arn:aws:iam::123456789012:role/Admin'
    $MfaSerial = 'arn:aws:iam::123456789012:mfa/alice'

    # Puts back every variable this file changed.
    function Restore-TestEnvironment {
        foreach ($name in $SavedEnvironment.Keys) {
            [System.Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name])
        }
    }

    # Deletes the shared files (and their hidden lock files) so each test starts from nothing.
    function Reset-SharedFiles {
        $locks = foreach ($file in $ConfigPath, $CredentialsPath) {
            Join-Path (Split-Path -Parent $file) ('.' + (Split-Path -Leaf $file) + '.lock')
        }
        foreach ($path in @($ConfigPath, $CredentialsPath) + $locks) {
            if (Test-Path -LiteralPath $path) {
                Remove-Item -LiteralPath $path -Force
            }
        }
        if (-not (Test-Path -LiteralPath $SharedFolder)) {
            $null = New-Item -Path $SharedFolder -ItemType Directory -Force
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

    # A credential_process command that prints fixed keys: a tiny script in $Folder, run with sh on
    # Linux and macOS and as a .cmd file on Windows.
    function New-CredentialProcessCommand {
        param(
            [string] $Folder,
            [string] $KeyId = 'AKIDPROCESSEXAMPLE',
            [string] $Secret = 'processSecretValue0123',
            [string] $Token = 'processTokenValue0123456789',
            [string] $Expiration = '2099-01-01T00:00:00Z'
        )
        $json = '{"Version":1,"AccessKeyId":"' + $KeyId + '","SecretAccessKey":"' + $Secret + '","SessionToken":"' + $Token + '","Expiration":"' + $Expiration + '"}'
        if ($IsWindowsPlatform) {
            $script = Join-Path $Folder 'credential-process.cmd'
            [System.IO.File]::WriteAllText($script, "@echo off`r`necho $json`r`n", [System.Text.UTF8Encoding]::new($false))
            '"' + $script + '"'
        }
        else {
            $script = Join-Path $Folder 'credential-process.sh'
            [System.IO.File]::WriteAllText($script, "#!/bin/sh`necho '$json'`n", [System.Text.UTF8Encoding]::new($false))
            "sh '$script'"
        }
    }

    # The probe: a profile written straight into the test credentials file must be listed from that
    # file. Otherwise the library reads other files, and no test may write anything.
    Reset-SharedFiles
    $probeName = 'awscred-probe-' + [System.Guid]::NewGuid().ToString('N')
    Write-TestFile -Path $CredentialsPath -Line @("[$probeName]", 'aws_access_key_id = AKIDPROBE', 'aws_secret_access_key = probeSecret')
    $probe = @(Get-AWSCredential -ListProfileDetail | Where-Object { $_.ProfileName -eq $probeName })
    if ($probe.Count -ne 1 -or $probe[0].ProfileLocation -ne $CredentialsPath -or -not $CredentialsPath.StartsWith([string]$TestDrive)) {
        Restore-TestEnvironment
        throw "The native library does not read '$CredentialsPath' (AWS_SHARED_CREDENTIALS_FILE in `$TestDrive); refusing to run tests that write the shared files."
    }
    Reset-SharedFiles

    $OtherKey = 'AKIDOTHEREXAMPLE0001'
    $OtherSecret = 'otherSecretValue0123456'
    $ProcessKey = 'AKIDPROCESSEXAMPLE'
    $ProcessSecret = 'processSecretValue0123'
    $ProcessToken = 'processTokenValue0123456789'

    # dev and other: static keys; admin: a role that needs MFA; plainrole: a role without MFA;
    # proc: credential_process (a script in $TestDrive); sso: an SSO profile never logged in;
    # loop1/loop2: a source_profile loop.
    function Write-StandardProfiles {
        $processCommand = New-CredentialProcessCommand -Folder $SharedFolder -KeyId $ProcessKey -Secret $ProcessSecret -Token $ProcessToken
        Write-TestFile -Path $CredentialsPath -Line @(
            '[dev]'
            "aws_access_key_id = $AccessKey"
            "aws_secret_access_key = $SecretKey"
            '[other]'
            "aws_access_key_id = $OtherKey"
            "aws_secret_access_key = $OtherSecret"
        )
        Write-TestFile -Path $ConfigPath -Line @(
            '[profile dev]'
            'region = eu-west-1'
            '[profile admin]'
            "role_arn = $RoleArn"
            'source_profile = dev'
            "mfa_serial = $MfaSerial"
            '[profile plainrole]'
            "role_arn = $RoleArn"
            'source_profile = dev'
            '[profile proc]'
            "credential_process = $processCommand"
            '[profile sso]'
            'sso_session = corp'
            'sso_account_id = 123456789012'
            'sso_role_name = Admin'
            '[sso-session corp]'
            'sso_start_url = https://example.awsapps.com/start'
            'sso_region = us-east-1'
            '[profile loop1]'
            "role_arn = $RoleArn"
            'source_profile = loop2'
            '[profile loop2]'
            "role_arn = $RoleArn"
            'source_profile = loop1'
        )
    }

    function Clear-ShellVariables {
        Remove-Variable -Name 'StoredAWSCredentials', 'StoredAWSRegion' -Scope Global -Force -ErrorAction SilentlyContinue
    }

    function Clear-ExportedVariables {
        foreach ($name in @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION')) {
            [System.Environment]::SetEnvironmentVariable($name, $null)
        }
    }
}

AfterAll {
    Restore-TestEnvironment
    Remove-Variable -Name 'StoredAWSCredentials', 'StoredAWSRegion' -Scope Global -Force -ErrorAction SilentlyContinue
    Remove-Module -Name 'AwsCredentialManager' -Force -ErrorAction SilentlyContinue
}

Describe 'Module' {
    BeforeAll {
        $ExpectedCmdlets = @(
            'Clear-AWSCredential', 'Clear-DefaultAWSRegion', 'Export-AWSCredential', 'Get-AWSCredential',
            'Get-DefaultAWSRegion', 'Get-STSCallerIdentity', 'Initialize-AWSDefaultConfiguration',
            'New-AWSCredential', 'Remove-AWSCredentialProfile', 'Move-AWSCredentialProfile', 'Set-AWSCredential', 'Set-DefaultAWSRegion',
            'Sync-AWSCredential', 'Get-AWSAccessKeyStatus', 'Invoke-AWSCredentialRotation', 'Get-AWSSecretCredential',
            'Invoke-AWSLogin', 'Invoke-AWSLogout', 'Initialize-AWSSSOConfiguration', 'Invoke-AWSSSOLogin', 'Invoke-AWSSSOLogout'
        ) | Sort-Object
    }

    It 'is a binary module that exports exactly the cmdlets of the manifest and no function' {
        $module = Get-Module -Name 'AwsCredentialManager'
        $module.ModuleType | Should -Be 'Binary'
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $ExpectedCmdlets
        $module.ExportedFunctions.Count | Should -Be 0
        $manifest = Import-PowerShellDataFile -LiteralPath $ModulePath
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be $ExpectedCmdlets
        @($manifest.FunctionsToExport).Count | Should -Be 0
        $manifest.RootModule | Should -Be 'AwsCredentialManager.dll'
    }

    It 'exports the incumbent alias <Alias> for <Command>' -TestCases @(
        @{ Alias = 'Set-AWSCredentials'; Command = 'Set-AWSCredential' }
        @{ Alias = 'Get-AWSCredentials'; Command = 'Get-AWSCredential' }
        @{ Alias = 'New-AWSCredentials'; Command = 'New-AWSCredential' }
        @{ Alias = 'Clear-AWSCredentials'; Command = 'Clear-AWSCredential' }
        @{ Alias = 'Initialize-AWSDefaults'; Command = 'Initialize-AWSDefaultConfiguration' }
    ) {
        param($Alias, $Command)
        (Get-Module -Name 'AwsCredentialManager').ExportedAliases.Keys | Should -Contain $Alias
        (Get-Alias -Name $Alias).ResolvedCommandName | Should -Be $Command
        $manifest = Import-PowerShellDataFile -LiteralPath $ModulePath
        $manifest.AliasesToExport | Should -Contain $Alias
    }

    It 'has a valid manifest' {
        { Test-ModuleManifest -Path $ModulePath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'loaded the native library of this platform from runtimes/<rid>/ beside the assembly' {
        $rid = [AwsCredentialManager.NativeLibraryInfo]::RuntimeIdentifier
        $rid | Should -BeIn @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')
        $path = [AwsCredentialManager.NativeLibraryInfo]::Path
        $path | Should -BeLike ([System.IO.Path]::Combine($ModuleRoot, 'runtimes', $rid, '*awscred*'))
        Test-Path -LiteralPath $path | Should -BeTrue
    }

    It 'compiles no C# at import and dot-sources no script' {
        $module = Get-Module -Name 'AwsCredentialManager'
        @(Get-ChildItem -LiteralPath $ModuleRoot -Recurse -Include '*.ps1', '*.psm1', '*.cs').Count | Should -Be 0
        $module.NestedModules.Count | Should -Be 0
    }

    It 'can be imported again in the same session' {
        { Import-Module -Name $ModulePath -Force -ErrorAction Stop } | Should -Not -Throw
        Get-Command -Name 'Get-AWSCredential' -Module 'AwsCredentialManager' | Should -Not -BeNullOrEmpty
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
            Read-TestFile $CredentialsPath | Should -Not -Match 'region ='
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

        It 'lists a role profile and resolves it up to the MFA code it needs' {
            # Roles resolve now; mfa_serial makes the library stop before calling STS, so this
            # needs no network. The session is made non-interactive so nothing prompts.
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'basic'
            Set-AWSCredential -StoreAs 'admin' -SourceProfile 'basic' -RoleArn $RoleArn -MfaSerial $MfaSerial

            (Get-AWSCredential -ListProfileDetail).ProfileName | Should -Contain 'admin'
            $result = Get-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'MfaRequired*'
            $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err[-1].Exception.Message | Should -BeLike "*$MfaSerial*"
            $err[-1].Exception.Message | Should -BeLike '*-TokenCode*'
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
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
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
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
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
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $err[-1].TargetObject | Should -BeExactly 'nope'
            $err[-1].Exception.Message | Should -BeLike '*nope*'
        }

        It 'throws ProfileNotFound with -ErrorAction Stop' {
            { Get-AWSCredential -ProfileName 'nope' -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotFound*'
        }

        It 'continues with the next pipeline item after an unknown profile' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'known'
            $results = @([pscustomobject]@{ ProfileName = 'nope' }, [pscustomobject]@{ ProfileName = 'known' } | Get-AWSCredential -ErrorVariable err -ErrorAction SilentlyContinue)

            $results.Count | Should -Be 1
            $results[0].ProfileName | Should -BeExactly 'known'
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }

        It 'Remove-AWSCredentialProfile reports an unknown profile as ProfileNotFound' {
            Remove-AWSCredentialProfile -ProfileName 'nope' -Force -ErrorVariable err -ErrorAction SilentlyContinue
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        }

        It 'refuses the profile name <Name> with InvalidInput and writes nothing' -TestCases @(
            @{ Name = 'bad]name' }
            @{ Name = '[bad' }
            @{ Name = 'has space' }
            @{ Name = "new`nline" }
        ) {
            param($Name)
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs $Name -ErrorVariable err -ErrorAction SilentlyContinue

            $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
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

            $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            $err[-1].Exception.Message | Should -Not -BeLikeExactly '*SECRET*'
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $original
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        }

        It 'refuses a role in session mode (no -StoreAs) with a terminating NotSupported error' {
            { Set-AWSCredential -RoleArn $RoleArn -SourceProfile 'basic' } | Should -Throw -ErrorId 'NotSupported*'
            try {
                Set-AWSCredential -RoleArn $RoleArn -SourceProfile 'basic'
                throw 'expected an error'
            }
            catch {
                $_.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::NotImplemented)
                $_.FullyQualifiedErrorId | Should -BeExactly 'NotSupported,AwsCredentialManager.Cmdlets.SetAWSCredentialCommand'
                $_.Exception.Message | Should -BeLike '*-StoreAs*'
            }
            Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
            Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        }

        It 'refuses a -Credential object without GetCredentials() and -NetworkCredential' {
            Set-AWSCredential -Credential ([pscustomobject]@{ AccessKey = 'x' }) -StoreAs 'x' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
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
            $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
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
            $Credential | Out-String -Width 250 | Should -Not -BeLike "*$SecretKey*"
            $Credential | Format-List -Property * | Out-String | Should -Not -BeLike "*$SecretKey*"
            $Credential | ConvertTo-Json | Should -Not -BeLike "*$SecretKey*"
            $Credential | Out-String -Width 250 | Should -BeLike '*ASIAIOSFODNN7EXAMPLE*'
        }

        It 'shows neither the secret key nor the token in the ImmutableCredentials views' {
            $keys = $Credential.GetCredentials()
            $table = $keys | Out-String -Width 250
            $table | Should -Not -BeLike "*$SecretKey*"
            $table | Should -Not -BeLike "*$SessionToken*"
            $table | Should -BeLike '*ASIAIOSFODNN7EXAMPLE*'
            $list = $keys | Format-List | Out-String
            $list | Should -Not -BeLike "*$SecretKey*"
            $list | Should -Not -BeLike "*$SessionToken*"
        }

        It 'returns ImmutableCredentials that cannot be changed' {
            $first = $Credential.GetCredentials()
            { $first.SecretKey = 'changed' } | Should -Throw
            $Credential.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        }
    }

    Context 'Environment variables changed inside PowerShell' {
        It 'follows $env:AWS_SHARED_CREDENTIALS_FILE changed in this process' {
            # On Linux and macOS .NET keeps $env: changes from native code; the module sends them
            # with every call, so this holds on every OS.
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

Describe 'Get-AWSCredential -ProfileName resolves every profile kind' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
    }

    It 'resolves a credential_process profile' {
        $credential = Get-AWSCredential -ProfileName 'proc'

        $credential.Source | Should -BeExactly 'Process'
        $credential.ProfileName | Should -BeExactly 'proc'
        $credential.AccessKey | Should -BeExactly $ProcessKey
        $credential.Expiration | Should -Be ([datetime]::new(2099, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
        $keys = $credential.GetCredentials()
        $keys.SecretKey | Should -BeExactly $ProcessSecret
        $keys.Token | Should -BeExactly $ProcessToken
        $keys.UseToken | Should -BeTrue
        "$credential" | Should -BeExactly 'proc'
    }

    It 'reports MfaRequired for a role with mfa_serial in a non-interactive session, naming the device and -TokenCode' {
        $result = Get-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'MfaRequired*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $err[-1].Exception.Message | Should -BeLike "*$MfaSerial*"
        $err[-1].Exception.Message | Should -BeLike '*-TokenCode*'
        $err[-1].Exception.Data['MfaSerial'] | Should -BeExactly $MfaSerial
    }

    It 'sends -TokenCode without asking' {

        Get-AWSCredential -ProfileName 'admin' -TokenCode '123456' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
        $err[-1].Exception.Data['AwsCode'] | Should -Not -BeNullOrEmpty
    }

    It 'refuses a -TokenCode that is not 6 digits with InvalidInput' {
        Get-AWSCredential -ProfileName 'admin' -TokenCode '12ab' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
    }

    It 'resolves a role without MFA as far as STS' {
        Get-AWSCredential -ProfileName 'plainrole' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidResult)
    }

    It 'reports LoginRequired for an SSO profile that never logged in, naming the login command' {
        Get-AWSCredential -ProfileName 'sso' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[-1].FullyQualifiedErrorId | Should -BeLike 'LoginRequired*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $command = [string]$err[-1].Exception.Data['Command']
        # `aws sso login`, `awscred sso-login` or Invoke-AWSSSOLogin, as the library names it.
        $command | Should -Match 'sso.?login'
        $err[-1].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($command))*"
        $err[-1].ErrorDetails.RecommendedAction | Should -BeLike "*$([WildcardPattern]::Escape($command))*"
    }

    It 'reports a source_profile loop as ProfileConfig' {
        Get-AWSCredential -ProfileName 'loop1' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileConfig*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
    }
}

Describe 'Set-AWSCredential session mode' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
        $OriginalCredentials = Get-FileFingerprint $CredentialsPath
        $OriginalConfig = Get-FileFingerprint $ConfigPath
    }

    AfterEach {
        Clear-ShellVariables
    }

    It 'sets $StoredAWSCredentials from a profile without writing any file' {
        Set-AWSCredential -ProfileName 'dev'

        $StoredAWSCredentials.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.AWSCredentials'
        $StoredAWSCredentials.ToString() | Should -BeExactly 'dev'
        "$StoredAWSCredentials" | Should -BeExactly 'dev'
        $StoredAWSCredentials.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        (Get-AWSCredential).AccessKey | Should -BeExactly $AccessKey
        Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
        Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
    }

    It 'stores supplied keys as Supplied Key Parameters without creating a file' {
        Reset-SharedFiles
        Set-AWSCredential -AccessKey 'ASIAIOSFODNN7EXAMPLE' -SecretKey $SecretKey -SessionToken $SessionToken

        "$StoredAWSCredentials" | Should -BeExactly 'Supplied Key Parameters'
        $StoredAWSCredentials.ProfileName | Should -BeNullOrEmpty
        $keys = $StoredAWSCredentials.GetCredentials()
        $keys.AccessKey | Should -BeExactly 'ASIAIOSFODNN7EXAMPLE'
        $keys.Token | Should -BeExactly $SessionToken
        Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
    }

    It 'resolves a credential_process profile for the shell' {
        Set-AWSCredential -ProfileName 'proc'
        $StoredAWSCredentials.Source | Should -BeExactly 'Process'
        $StoredAWSCredentials.GetCredentials().AccessKey | Should -BeExactly $ProcessKey
    }

    It 'takes a credentials object with -Credential' {
        Set-AWSCredential -Credential (New-AWSCredential -ProfileName 'other')
        "$StoredAWSCredentials" | Should -BeExactly 'other'
        $StoredAWSCredentials.AccessKey | Should -BeExactly $OtherKey
    }

    It 'sets the variable in the caller''s scope without -Scope, as the incumbent does' {
        function Set-InFunction {
            Set-AWSCredential -ProfileName 'dev'
            "$StoredAWSCredentials"
        }
        Set-InFunction | Should -BeExactly 'dev'
        Get-Variable -Name 'StoredAWSCredentials' -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'sets the global variable with -Scope Global, from inside a function' {
        function Set-InFunction {
            Set-AWSCredential -ProfileName 'dev' -Scope Global
        }
        Set-InFunction
        "$global:StoredAWSCredentials" | Should -BeExactly 'dev'
    }

    It 'honours -WhatIf' {
        Set-AWSCredential -ProfileName 'dev' -Scope Global -WhatIf
        Get-Variable -Name 'StoredAWSCredentials' -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'fails with a terminating ProfileNotFound and keeps the previous credentials' {
        Set-AWSCredential -ProfileName 'dev' -Scope Global
        { Set-AWSCredential -ProfileName 'nope' -Scope Global } | Should -Throw -ErrorId 'ProfileNotFound*'
        "$global:StoredAWSCredentials" | Should -BeExactly 'dev'
    }

    It 'fails with a terminating MfaRequired for a role that needs a code in a non-interactive session' {
        { Set-AWSCredential -ProfileName 'admin' -Scope Global } | Should -Throw -ErrorId 'MfaRequired*'
        Get-Variable -Name 'StoredAWSCredentials' -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'warns that -Region is ignored without -StoreAs' {
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -Region 'eu-west-1' -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
    }
}

Describe 'Clear-AWSCredential' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
    }

    AfterEach {
        Clear-ShellVariables
    }

    It 'sets $StoredAWSCredentials to $null' {
        Set-AWSCredential -ProfileName 'dev'
        Clear-AWSCredential
        $StoredAWSCredentials | Should -BeNullOrEmpty
        Get-AWSCredential | Should -BeNullOrEmpty
    }

    It 'clears the global variable with -Scope Global and accepts (and ignores) -ProfileLocation' {
        Set-AWSCredential -ProfileName 'dev' -Scope Global
        $before = Get-FileFingerprint $CredentialsPath
        Clear-AWSCredentials -Scope Global -ProfileLocation (Join-Path $TestDrive 'ignored')
        $global:StoredAWSCredentials | Should -BeNullOrEmpty
        Get-FileFingerprint $CredentialsPath | Should -BeExactly $before
        Test-Path -LiteralPath (Join-Path $TestDrive 'ignored') | Should -BeFalse
    }

    It 'honours -WhatIf' {
        Set-AWSCredential -ProfileName 'dev' -Scope Global
        Clear-AWSCredential -Scope Global -WhatIf
        "$global:StoredAWSCredentials" | Should -BeExactly 'dev'
    }
}

Describe 'New-AWSCredential' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
        $OriginalCredentials = Get-FileFingerprint $CredentialsPath
    }

    It 'returns an object for supplied keys and writes nothing' {
        $credential = New-AWSCredentials -AccessKey $AccessKey -SecretKey $SecretKey

        "$credential" | Should -BeExactly 'Supplied Key Parameters'
        $credential.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        $credential | Out-String -Width 250 | Should -Not -BeLike "*$SecretKey*"
        Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
        Get-Variable -Name 'StoredAWSCredentials' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'resolves a profile (position 200)' {
        $credential = New-AWSCredential 'other'
        $credential.AccessKey | Should -BeExactly $OtherKey
        $credential.ProfileName | Should -BeExactly 'other'
    }

    It 'throws ProfileNotFound for an unknown profile' {
        { New-AWSCredential -ProfileName 'nope' } | Should -Throw -ErrorId 'ProfileNotFound*'
    }

    It 'throws MfaRequired for a role that needs a code in a non-interactive session' {
        { New-AWSCredential -ProfileName 'admin' } | Should -Throw -ErrorId 'MfaRequired*'
    }

    It 'refuses the AssumeRole set with NotSupported' {
        { New-AWSCredential -RoleArn $RoleArn -SourceProfile 'dev' } | Should -Throw -ErrorId 'NotSupported*'
    }
}

Describe 'Region cmdlets' {
    BeforeEach {
        Clear-ShellVariables
    }

    AfterEach {
        Clear-ShellVariables
    }

    It 'Set-DefaultAWSRegion sets $StoredAWSRegion and Get-DefaultAWSRegion returns it' {
        Set-DefaultAWSRegion -Region 'us-west-2'

        $StoredAWSRegion | Should -BeExactly 'us-west-2'
        $region = Get-DefaultAWSRegion
        $region.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.AWSRegion'
        $region.Region | Should -BeExactly 'us-west-2'
        $region.Name | Should -BeExactly 'us-west-2'
        $region.IsShellDefault | Should -BeTrue
        $region | Out-String | Should -Match 'Region\s+Name\s+IsShellDefault'
    }

    It 'takes the region by position 210, by the RegionToCall alias and from the pipeline' {
        Set-DefaultAWSRegion 'eu-central-1'
        $StoredAWSRegion | Should -BeExactly 'eu-central-1'
        Set-DefaultAWSRegion -RegionToCall 'ap-south-1'
        $StoredAWSRegion | Should -BeExactly 'ap-south-1'
        'sa-east-1' | Set-DefaultAWSRegion
        $StoredAWSRegion | Should -BeExactly 'sa-east-1'
        Get-DefaultAWSRegion | Set-DefaultAWSRegion -Scope Global
        $global:StoredAWSRegion | Should -BeExactly 'sa-east-1'
    }

    It 'refuses <Region> with InvalidInput and keeps the previous region' -TestCases @(
        @{ Region = 'US-EAST-1' }
        @{ Region = 'us east 1' }
        @{ Region = 'us-east-1;rm' }
    ) {
        param($Region)
        Set-DefaultAWSRegion -Region 'us-east-2' -Scope Global
        Set-DefaultAWSRegion -Region $Region -Scope Global -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
        $global:StoredAWSRegion | Should -BeExactly 'us-east-2'
    }

    It 'Get-DefaultAWSRegion returns nothing when no region is set' {
        Get-DefaultAWSRegion | Should -BeNullOrEmpty
    }

    It 'Clear-DefaultAWSRegion clears it, honouring -Scope and -WhatIf' {
        Set-DefaultAWSRegion -Region 'us-west-1' -Scope Global
        Clear-DefaultAWSRegion -Scope Global -WhatIf
        $global:StoredAWSRegion | Should -BeExactly 'us-west-1'
        Clear-DefaultAWSRegion -Scope Global
        $global:StoredAWSRegion | Should -BeNullOrEmpty
        Get-DefaultAWSRegion | Should -BeNullOrEmpty
    }
}

Describe 'Get-STSCallerIdentity' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    AfterEach {
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    It 'reports an unknown profile as a non-terminating ProfileNotFound error' {
        $result = Get-STSCallerIdentity -ProfileName 'nope' -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
    }

    It 'reports MfaRequired for a role that needs a code' {
        Get-STSCallerIdentity -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'MfaRequired*'
        $err[-1].Exception.Message | Should -BeLike '*-TokenCode*'
    }

    It 'calls STS with the keys of a profile' {
        Get-STSCallerIdentity -ProfileName 'dev' -Region 'us-east-1' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
        $err[-1].Exception.Message | Should -BeLike '*GetCallerIdentity*'
    }

    It 'reports NoCredentials when nothing provides credentials' {
        Get-STSCallerIdentity -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'NoCredentials*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
    }

    It 'uses supplied keys held in $StoredAWSCredentials' {
        # Without the shell keys the default chain finds nothing (see the test above).
        Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey
        Get-STSCallerIdentity -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
    }

    It 'uses the profile behind $StoredAWSCredentials' {
        Set-AWSCredential -ProfileName 'dev'
        Get-STSCallerIdentity -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
    }

    It 'accepts only *, Account, Arn and UserId for -Select' {
        { Get-STSCallerIdentity -Select 'Nope' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Export-AWSCredential' {
    BeforeEach {
        Reset-SharedFiles
        Write-StandardProfiles
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    AfterEach {
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    It 'writes the credential_process JSON with -Format <Format>' -TestCases @(
        @{ Format = 'Json' }
        @{ Format = 'CredentialProcess' }
    ) {
        param($Format)
        $text = Export-AWSCredential -ProfileName 'dev' -Format $Format
        @($text).Count | Should -Be 1
        $json = $text | ConvertFrom-Json
        $json.Version | Should -Be 1
        $json.AccessKeyId | Should -BeExactly $AccessKey
        $json.SecretAccessKey | Should -BeExactly $SecretKey
    }

    It 'exports a credential_process profile with its token and expiration' {
        $json = Export-AWSCredential -ProfileName 'proc' -Format Json | ConvertFrom-Json
        $json.SessionToken | Should -BeExactly $ProcessToken
        $json.PSObject.Properties.Name | Should -Contain 'Expiration'
    }

    It 'writes PowerShell lines with -Format PowerShell' {
        $lines = @(Export-AWSCredential -ProfileName 'dev' -Format PowerShell)
        $lines | Should -Contain "`$Env:AWS_ACCESS_KEY_ID = '$AccessKey'"
        $lines | Should -Contain "`$Env:AWS_SECRET_ACCESS_KEY = '$SecretKey'"
    }

    It 'writes POSIX export lines with -Format Env' {
        $lines = @(Export-AWSCredential -ProfileName 'proc' -Format Env)
        $lines | Should -Contain "export AWS_ACCESS_KEY_ID='$ProcessKey'"
        $lines | Should -Contain "export AWS_SESSION_TOKEN='$ProcessToken'"
        $lines | Should -Contain "export AWS_CREDENTIAL_EXPIRATION='2099-01-01T00:00:00Z'"
    }

    It 'sets the process environment by default and removes a stale session token' {
        $env:AWS_SESSION_TOKEN = 'stale-token'
        $output = Export-AWSCredential -ProfileName 'dev'

        $output | Should -BeNullOrEmpty
        $env:AWS_ACCESS_KEY_ID | Should -BeExactly $AccessKey
        $env:AWS_SECRET_ACCESS_KEY | Should -BeExactly $SecretKey
        [System.Environment]::GetEnvironmentVariable('AWS_SESSION_TOKEN') | Should -BeNullOrEmpty
        [System.Environment]::GetEnvironmentVariable('AWS_CREDENTIAL_EXPIRATION') | Should -BeNullOrEmpty
    }

    It 'sets AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION for temporary credentials' {
        Export-AWSCredential -ProfileName 'proc' -Format Environment
        $env:AWS_SESSION_TOKEN | Should -BeExactly $ProcessToken
        $env:AWS_CREDENTIAL_EXPIRATION | Should -BeExactly '2099-01-01T00:00:00Z'
    }

    It 'changes nothing with -WhatIf' {
        Export-AWSCredential -ProfileName 'dev' -WhatIf
        [System.Environment]::GetEnvironmentVariable('AWS_ACCESS_KEY_ID') | Should -BeNullOrEmpty
    }

    It 'changes nothing when resolution fails' {
        Export-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'MfaRequired*'
        [System.Environment]::GetEnvironmentVariable('AWS_ACCESS_KEY_ID') | Should -BeNullOrEmpty
    }

    It 'exports the supplied keys of $StoredAWSCredentials, even when AWS_PROFILE names another profile' {
        $env:AWS_PROFILE = 'other'
        Set-AWSCredential -AccessKey 'AKIDSHELLEXAMPLE0001' -SecretKey 'shellSecretValue0001'
        $json = Export-AWSCredential -Format Json | ConvertFrom-Json
        $json.AccessKeyId | Should -BeExactly 'AKIDSHELLEXAMPLE0001'
        $json.SecretAccessKey | Should -BeExactly 'shellSecretValue0001'
    }

    It 'follows $env:AWS_PROFILE set and removed inside PowerShell' {
        Write-TestFile -Path $CredentialsPath -Line @(
            '[default]'
            "aws_access_key_id = $AccessKey"
            "aws_secret_access_key = $SecretKey"
            '[other]'
            "aws_access_key_id = $OtherKey"
            "aws_secret_access_key = $OtherSecret"
        )
        $env:AWS_PROFILE = 'other'
        (Export-AWSCredential -Format Json | ConvertFrom-Json).AccessKeyId | Should -BeExactly $OtherKey
        Remove-Item -Path 'Env:AWS_PROFILE'
        (Export-AWSCredential -Format Json | ConvertFrom-Json).AccessKeyId | Should -BeExactly $AccessKey
    }

    It 'asks the library again for the profile behind $StoredAWSCredentials, by name' {
        Set-AWSCredential -ProfileName 'dev'
        # The profile changes after the shell credentials were set: the export follows the file.
        Write-TestFile -Path $CredentialsPath -Line @('[dev]', "aws_access_key_id = $OtherKey", "aws_secret_access_key = $OtherSecret")
        (Export-AWSCredential -Format Json | ConvertFrom-Json).AccessKeyId | Should -BeExactly $OtherKey
    }

    It 'uses the default profile of -ProfileLocation alone' {
        $single = Join-Path (New-TestFolder) 'single'
        Write-TestFile -Path $single -Line @('[default]', "aws_access_key_id = $OtherKey", "aws_secret_access_key = $OtherSecret")
        (Export-AWSCredential -ProfileLocation $single -Format Json | ConvertFrom-Json).AccessKeyId | Should -BeExactly $OtherKey
    }
}

Describe 'Initialize-AWSDefaultConfiguration' {
    BeforeEach {
        Reset-SharedFiles
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    AfterEach {
        Clear-ShellVariables
        Clear-ExportedVariables
    }

    It 'stores keys and region in the default profile and sets both shell variables' {
        Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'us-west-2'

        Read-TestFile $CredentialsPath | Should -BeExactly "[default]`naws_access_key_id = $AccessKey`naws_secret_access_key = $SecretKey`n"
        Read-TestFile $ConfigPath | Should -BeExactly "[default]`nregion = us-west-2`n"
        $StoredAWSCredentials.GetCredentials().SecretKey | Should -BeExactly $SecretKey
        $StoredAWSRegion | Should -BeExactly 'us-west-2'
    }

    It 'copies a profile to default with -ProfileName and -Region' {
        Write-StandardProfiles
        Initialize-AWSDefaults -ProfileName 'other' -Region 'ca-central-1' -Scope Global

        (Get-AWSCredential -ProfileName 'default').AccessKey | Should -BeExactly $OtherKey
        Read-TestFile $ConfigPath | Should -Match '(?m)^region = ca-central-1$'
        "$global:StoredAWSCredentials" | Should -BeExactly 'other'
        $global:StoredAWSRegion | Should -BeExactly 'ca-central-1'
    }

    It 'uses the region of the profile given with -ProfileName' {
        Write-StandardProfiles
        Initialize-AWSDefaultConfiguration -ProfileName 'dev'
        $StoredAWSRegion | Should -BeExactly 'eu-west-1'
        (Get-AWSCredential -ProfileName 'default').AccessKey | Should -BeExactly $AccessKey
    }

    It 'uses an existing default profile and writes nothing when called without parameters' {
        Write-TestFile -Path $CredentialsPath -Line @('[default]', "aws_access_key_id = $AccessKey", "aws_secret_access_key = $SecretKey")
        Write-TestFile -Path $ConfigPath -Line @('[default]', 'region = eu-north-1')
        $credentials = Get-FileFingerprint $CredentialsPath
        $config = Get-FileFingerprint $ConfigPath

        Initialize-AWSDefaultConfiguration

        "$StoredAWSCredentials" | Should -BeExactly 'default'
        $StoredAWSRegion | Should -BeExactly 'eu-north-1'
        Get-FileFingerprint $CredentialsPath | Should -BeExactly $credentials
        Get-FileFingerprint $ConfigPath | Should -BeExactly $config
    }

    It 'uses environment keys and AWS_REGION without writing them' {
        $env:AWS_ACCESS_KEY_ID = $AccessKey
        $env:AWS_SECRET_ACCESS_KEY = $SecretKey
        $env:AWS_REGION = 'ap-northeast-1'

        Initialize-AWSDefaultConfiguration

        "$StoredAWSCredentials" | Should -BeExactly 'Environment Variables'
        $StoredAWSRegion | Should -BeExactly 'ap-northeast-1'
        Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
    }

    It 'writes only the region with -Region alone (RegionOnly)' {
        Write-TestFile -Path $CredentialsPath -Line @('[default]', "aws_access_key_id = $AccessKey", "aws_secret_access_key = $SecretKey")
        $credentials = Get-FileFingerprint $CredentialsPath

        Initialize-AWSDefaultConfiguration -Region 'eu-south-1'

        Read-TestFile $ConfigPath | Should -BeExactly "[default]`nregion = eu-south-1`n"
        Get-FileFingerprint $CredentialsPath | Should -BeExactly $credentials
        $StoredAWSRegion | Should -BeExactly 'eu-south-1'
    }

    It 'fails with NoCredentials naming credentials and region when nothing is found, and writes nothing' {
        { Initialize-AWSDefaultConfiguration } | Should -Throw -ErrorId 'NoCredentials*'
        try {
            Initialize-AWSDefaultConfiguration
        }
        catch {
            $_.Exception.Message | Should -BeLike '*credentials and no region*'
            $_.Exception.Message | Should -BeLike '*AccessKey*'
            $_.Exception.Message | Should -BeLike '*Region*'
        }
        Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        Get-Variable -Name 'StoredAWSCredentials' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'fails with NoRegion when credentials are found but no region, and writes nothing' {
        { Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey } | Should -Throw -ErrorId 'NoRegion*'
        Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
    }

    It 'never asks in a non-interactive session' {
        { Initialize-AWSDefaultConfiguration } | Should -Throw -ErrorId 'NoCredentials*'
    }

    Context 'An existing default profile' {
        BeforeEach {
            Write-TestFile -Path $CredentialsPath -Line @('# keep me', '[default]', "aws_access_key_id = $OtherKey", "aws_secret_access_key = $OtherSecret")
            Write-TestFile -Path $ConfigPath -Line @('[default]', 'region = us-east-1')
            $OriginalCredentials = Get-FileFingerprint $CredentialsPath
            $OriginalConfig = Get-FileFingerprint $ConfigPath
        }

        It 'is not replaced in a non-interactive session without -Force (DefaultProfileExists)' {
            { Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'us-east-1' } | Should -Throw -ErrorId 'DefaultProfileExists*'
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
            Get-Variable -Name 'StoredAWSCredentials' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'is not replaced by another region without -Force' {
            Write-TestFile -Path $CredentialsPath -Line @('[default]', "aws_access_key_id = $AccessKey", "aws_secret_access_key = $SecretKey")
            { Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'eu-west-1' } | Should -Throw -ErrorId 'DefaultProfileExists*'
            Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
        }

        It 'is replaced with -Force, keeping the comment' {
            Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'us-east-1' -Force

            $text = Read-TestFile $CredentialsPath
            $text | Should -BeLike '# keep me*'
            $text | Should -Match "(?m)^aws_access_key_id = $AccessKey$"
            $StoredAWSCredentials.AccessKey | Should -BeExactly $AccessKey
        }

        It 'is not changed with -WhatIf, even with -Force' {
            Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'us-east-1' -Force -WhatIf
            Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'us-east-1' -WhatIf

            Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
            Get-FileFingerprint $ConfigPath | Should -BeExactly $OriginalConfig
            Get-Variable -Name 'StoredAWSCredentials' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'is rewritten without asking when the values are the same' {
            Initialize-AWSDefaultConfiguration -AccessKey $OtherKey -SecretKey $OtherSecret -Region 'us-east-1'
            Get-FileFingerprint $CredentialsPath | Should -BeExactly $OriginalCredentials
            $StoredAWSCredentials.AccessKey | Should -BeExactly $OtherKey
        }

        It 'that holds only settings gets credentials without asking' {
            Reset-SharedFiles
            Write-TestFile -Path $ConfigPath -Line @('[default]', 'region = us-east-1')
            Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey
            (Get-AWSCredential -ProfileName 'default').AccessKey | Should -BeExactly $AccessKey
            $StoredAWSRegion | Should -BeExactly 'us-east-1'
        }
    }

    It 'refuses an invalid -Region with InvalidInput before anything else' {
        { Initialize-AWSDefaultConfiguration -AccessKey $AccessKey -SecretKey $SecretKey -Region 'Not A Region' } | Should -Throw -ErrorId 'InvalidInput*'
        Test-Path -LiteralPath $CredentialsPath | Should -BeFalse
    }

    It 'stores a role and reports MfaRequired when resolving it needs a code' {
        Write-StandardProfiles
        Remove-Item -LiteralPath $ConfigPath
        Write-TestFile -Path $ConfigPath -Line @('[profile dev]', 'region = eu-west-1')
        { Initialize-AWSDefaultConfiguration -RoleArn $RoleArn -SourceProfile 'dev' -MfaSerial $MfaSerial -Region 'eu-west-1' } | Should -Throw -ErrorId 'MfaRequired*'
        Read-TestFile $ConfigPath | Should -Match "(?m)^mfa_serial = $([regex]::Escape($MfaSerial))$"
    }
}

Describe 'Parameter metadata of the new cmdlets matches the incumbent' {
    It 'Initialize-AWSDefaultConfiguration has the incumbent parameter sets, positions and aliases' {
        $command = Get-Command -Name 'Initialize-AWSDefaultConfiguration'
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('AssumeRole', 'AWSCredentialsObject', 'BasicOrSession', 'InstanceProfile', 'RegionOnly', 'StoredProfile')
        $command.DefaultParameterSet | Should -Be 'InstanceProfile'
        $command.Parameters['Region'].ParameterSets.Keys | Should -Not -Contain 'InstanceProfile'
        $command.Parameters['Region'].ParameterSets['RegionOnly'].IsMandatory | Should -BeTrue
        $command.Parameters['Region'].ParameterSets['RegionOnly'].Position | Should -Be 210
        @($command.Parameters['Region'].Aliases) | Should -Be @('RegionToCall')
        $command.Parameters['ProfileName'].ParameterSets['StoredProfile'].Position | Should -Be 200
        $command.Parameters['ProfileLocation'].ParameterSets['__AllParameterSets'].Position | Should -Be 201
        [System.Management.Automation.CommandMetadata]::new($command).ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
    }

    It 'New-AWSCredential has the sets of Set-AWSCredential' {
        $command = Get-Command -Name 'New-AWSCredential'
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('AssumeRole', 'AWSCredentialsObject', 'BasicOrSession', 'StoredProfile')
        $command.Parameters.Keys | Should -Not -Contain 'StoreAs'
        $command.Parameters.Keys | Should -Not -Contain 'Scope'
    }

    It 'Set-DefaultAWSRegion -Region is at position 210, takes pipeline input and has the alias RegionToCall' {
        $parameter = (Get-Command -Name 'Set-DefaultAWSRegion').Parameters['Region']
        $parameter.ParameterSets['__AllParameterSets'].Position | Should -Be 210
        $parameter.ParameterSets['__AllParameterSets'].ValueFromPipeline | Should -BeTrue
        @($parameter.Aliases) | Should -Be @('RegionToCall')
    }

    It '<Command> declares SupportsShouldProcess' -TestCases @(
        @{ Command = 'Clear-AWSCredential' }
        @{ Command = 'New-AWSCredential' }
        @{ Command = 'Initialize-AWSDefaultConfiguration' }
        @{ Command = 'Set-DefaultAWSRegion' }
        @{ Command = 'Clear-DefaultAWSRegion' }
        @{ Command = 'Export-AWSCredential' }
    ) {
        param($Command)
        (Get-Command -Name $Command).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It 'completes -ProfileName for <Command>' -TestCases @(
        @{ Command = 'New-AWSCredential' }
        @{ Command = 'Initialize-AWSDefaultConfiguration' }
        @{ Command = 'Get-STSCallerIdentity' }
        @{ Command = 'Export-AWSCredential' }
    ) {
        param($Command)
        Reset-SharedFiles
        Write-TestFile -Path $CredentialsPath -Line @('[completeme]', "aws_access_key_id = $AccessKey", "aws_secret_access_key = $SecretKey")
        $inputScript = "$Command -ProfileName comp"
        $completions = (TabExpansion2 -inputScript $inputScript -cursorColumn $inputScript.Length).CompletionMatches
        @($completions.CompletionText) | Should -Be @('completeme')
    }
}
