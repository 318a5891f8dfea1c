# The OS-keychain store from PowerShell: Set-AWSCredential -Encrypted, Get-AWSCredential of a
# keychain profile, -ListProfileDetail's StoreTypeName, Move-AWSCredentialProfile both ways and
# Remove-AWSCredentialProfile of a keychain profile, against a private Secret Service
# (gnome-keyring-daemon on its own dbus-daemon, tests/integration/secretservice.py, started by
# tests/pester/keychain_serve.py), in a TestDrive home. What is in the files (a credential_process
# line, never a secret) and in the keychain (the serve script's `items`) is checked directly; the
# headless case (no D-Bus session) must fail at once with KeychainUnavailable and write nothing.
#
# The native library reaches the Secret Service through the PROCESS environment's
# DBUS_SESSION_BUS_ADDRESS (and refuses a request whose Environment names another bus). On Unix,
# .NET keeps its own copy of the environment: $env: (Environment.SetEnvironmentVariable) changes
# only that copy, which the module sends as the request's Environment, not the C environment the
# library's D-Bus connection reads. So the bus variables are set in both, $env: and libc's
# setenv (Set-ProcessVariable below), and restored in both afterwards.
# Nothing here may prompt: AWSCRED_NO_PROMPT is 1. Calls that must succeed run with
# -ErrorAction Stop; expected failures are asserted by error id, never by message.

Set-StrictMode -Version Latest

BeforeDiscovery {
    # The Secret Service exists on Linux only (the harness needs dbus-daemon and gnome-keyring).
    $NoSecretService = -not $IsLinux -or
        $null -eq (Get-Command -Name 'dbus-daemon' -CommandType Application -ErrorAction SilentlyContinue) -or
        $null -eq (Get-Command -Name 'gnome-keyring-daemon' -CommandType Application -ErrorAction SilentlyContinue)
}

Describe 'The OS keychain store' -Skip:$NoSecretService {
    BeforeAll {
        Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
        $ModulePath = Get-BuiltModulePath
        Import-Module -Name $ModulePath -Force -ErrorAction Stop
        $Saved = Save-TestEnvironment
        foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
            if (($name -like 'AWS_*' -or $name -like 'AWSCRED_*') -and [string]::IsNullOrEmpty([System.Environment]::GetEnvironmentVariable($name))) {
                Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue
            }
        }
        Add-Type -Namespace 'AwsCredentialManagerTests' -Name 'LibC' -MemberDefinition @'
[System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
public static extern int setenv(string name, string value, int overwrite);
[System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
public static extern int unsetenv(string name);
'@
        # Sets (or with $null removes) a variable in .NET's environment ($env:) and in the C one.
        function Set-ProcessVariable {
            param([string] $Name, [AllowNull()] [string] $Value)
            if ([string]::IsNullOrEmpty($Value)) {
                Remove-Item -LiteralPath "env:$Name" -ErrorAction SilentlyContinue
                $null = [AwsCredentialManagerTests.LibC]::unsetenv($Name)
            }
            else {
                Set-Item -LiteralPath "env:$Name" -Value $Value
                $null = [AwsCredentialManagerTests.LibC]::setenv($Name, $Value, 1)
            }
        }
        $BusVariables = @('DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME')
        $SavedBus = @{}
        foreach ($name in $BusVariables) {
            $SavedBus[$name] = [System.Environment]::GetEnvironmentVariable($name)
        }

        $Repo = Split-Path -Path $PSScriptRoot -Parent
        $Python = Join-Path $Repo '.venv/bin/python'
        if (-not (Test-Path -LiteralPath $Python)) {
            throw "The project's Python environment is missing ($Python); create it as .ci/run does."
        }
        $State = Join-Path $TestDrive 'keychain'
        $null = New-Item -ItemType Directory -Path $State -Force
        $info = [System.Diagnostics.ProcessStartInfo]::new($Python)
        $info.ArgumentList.Add((Join-Path $PSScriptRoot 'pester/keychain_serve.py'))
        $info.ArgumentList.Add($State)
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        $Server = [System.Diagnostics.Process]::Start($info)
        $envFile = Join-Path $State 'env.json'
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path -LiteralPath $envFile)) {
            if ($Server.HasExited) { throw "keychain_serve.py exited with $($Server.ExitCode)" }
            if ([DateTime]::UtcNow -gt $deadline) { $Server.Kill(); throw 'the private Secret Service did not start within 60 s' }
            Start-Sleep -Milliseconds 50
        }
        $BusEnv = Get-Content -Raw -LiteralPath $envFile | ConvertFrom-Json
        foreach ($name in $BusVariables) {
            Set-ProcessVariable -Name $name -Value $BusEnv.$name
        }

        $HomeFolder = Join-Path $TestDrive 'home'
        $AwsFolder = Join-Path $HomeFolder '.aws'
        $null = New-Item -ItemType Directory -Path $AwsFolder -Force
        $env:HOME = $HomeFolder
        $env:USERPROFILE = $HomeFolder
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        $env:AWSCRED_NO_PROMPT = '1'
        $CredentialsPath = Join-Path $AwsFolder 'credentials'
        $ConfigPath = Join-Path $AwsFolder 'config'
        # Created here, so Pester's TestDrive cleanup at the end of each Context (which deletes the
        # files created inside it) keeps them: the profiles carry over from Context to Context.
        $null = New-Item -ItemType File -Path $CredentialsPath, $ConfigPath -Force

        $AccessKey = 'AKIAKEYCHAINTEST0001'
        $SecretKey = 'kEyChAiNsEcReT/0001+wJalrXUtnFEMIK7MDENG'
        $OtherAccessKey = 'AKIAKEYCHAINTEST0002'
        $OtherSecretKey = 'kEyChAiNsEcReT/0002+bPxRfiCYEXAMPLEKEYzz'

        # One command to the serve script, its one-line JSON answer.
        function Invoke-Keyring {
            param([string] $Command)
            $Server.StandardInput.WriteLine($Command)
            $Server.StandardInput.Flush()
            $read = $Server.StandardOutput.ReadLineAsync()
            if (-not $read.Wait(30000)) { throw "keychain_serve.py did not answer '$Command' within 30 s" }
            $answer = ConvertFrom-Json -InputObject $read.Result -NoEnumerate
            if ($answer -is [System.Management.Automation.PSCustomObject] -and $null -ne $answer.PSObject.Properties['error']) {
                throw "keychain_serve.py: $($answer.error)"
            }
            $answer
        }

        # The keychain items of this module, by profile name (the entry's username attribute).
        function Get-OurItem {
            param([string] $ProfileName)
            @(Invoke-Keyring 'items' | Where-Object {
                    $_.attributes.PSObject.Properties['service'] -and $_.attributes.service -eq 'AwsCredentialManager' -and
                    (-not $ProfileName -or $_.attributes.username -eq $ProfileName)
                })
        }

        function Get-FileText {
            param([string] $Path)
            if (Test-Path -LiteralPath $Path) { [System.IO.File]::ReadAllText($Path) } else { '' }
        }

        # {key: value} of a profile: [Name] of the credentials file and [profile Name] ([default])
        # of the config file, merged (the credential_process line goes to the config file).
        function Get-ProfileSetting {
            param([string] $Name)
            $values = @{}
            $configName = if ($Name -eq 'default') { 'default' } else { "profile $Name" }
            foreach ($file in @(@{ Path = $CredentialsPath; Section = $Name }, @{ Path = $ConfigPath; Section = $configName })) {
                $inside = $false
                foreach ($line in ((Get-FileText $file.Path) -split "`r?`n")) {
                    if ($line -match '^\s*\[(.+)\]\s*$') {
                        $inside = ($Matches[1].Trim() -replace '\s+', ' ') -eq $file.Section
                        continue
                    }
                    if ($inside -and $line -match '^\s*([^=#;]+?)\s*=\s*(.*?)\s*$') {
                        $values[$Matches[1]] = $Matches[2]
                    }
                }
            }
            $values
        }

        # The shared credentials and config files, as one text.
        function Get-AwsFilesText {
            (Get-FileText $CredentialsPath) + "`n<config>`n" + (Get-FileText $ConfigPath)
        }

        # Every file under TestDrive whose bytes hold $Text (as UTF-8).
        function Find-TextInFiles {
            param([string] $Text)
            $needle = [System.Text.Encoding]::UTF8.GetBytes($Text)
            $pattern = [System.Text.Encoding]::Latin1.GetString($needle)
            foreach ($file in Get-ChildItem -LiteralPath $TestDrive -Recurse -File -Force -ErrorAction SilentlyContinue) {
                try {
                    $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
                }
                catch {
                    continue  # a socket of the private bus or keyring daemon
                }
                if ([System.Text.Encoding]::Latin1.GetString($bytes).Contains($pattern)) { $file.FullName }
            }
        }

        function Get-StoreType {
            param([string] $ProfileName)
            @(Get-AWSCredential -ListProfileDetail -ErrorAction Stop | Where-Object ProfileName -EQ $ProfileName).StoreTypeName
        }
    }

    AfterAll {
        if ($null -ne (Get-Variable -Name 'Server' -ValueOnly -ErrorAction SilentlyContinue)) {
            try {
                $Server.StandardInput.Close()
                if (-not $Server.WaitForExit(30000)) { $Server.Kill() }
            }
            catch {
                Write-Warning "keychain_serve.py: $($_.Exception.Message)"
            }
        }
        if ($null -ne (Get-Variable -Name 'SavedBus' -ValueOnly -ErrorAction SilentlyContinue)) {
            foreach ($name in $SavedBus.Keys) {
                Set-ProcessVariable -Name $name -Value $SavedBus[$name]
            }
        }
        if ($null -ne (Get-Variable -Name 'Saved' -ValueOnly -ErrorAction SilentlyContinue)) {
            Restore-TestEnvironment -Saved $Saved
        }
        Remove-Variable -Name 'StoredAWSCredentials', 'StoredAWSRegion' -Scope Global -Force -ErrorAction SilentlyContinue
        Remove-Module -Name 'AwsCredentialManager' -Force -ErrorAction SilentlyContinue
    }

    Context 'Set-AWSCredential -Encrypted' {
        It 'keeps the keys in the keychain: the profile gets a credential_process line and no file holds the secret' {
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'vault' -Encrypted -ErrorAction Stop
            $section = Get-ProfileSetting 'vault'
            $section.Keys | Should -Contain 'credential_process'
            $section['credential_process'] | Should -BeLike '*credential-process --keychain vault*'
            $section.Keys | Should -Not -Contain 'aws_access_key_id'
            $section.Keys | Should -Not -Contain 'aws_secret_access_key'
            @(Find-TextInFiles $SecretKey) | Should -BeNullOrEmpty
            $item = @(Get-OurItem 'vault')
            $item.Count | Should -Be 1
            $entry = $item[0].secret | ConvertFrom-Json
            $entry.AccessKeyId | Should -Be $AccessKey
            $entry.SecretAccessKey | Should -Be $SecretKey
        }

        It 'Get-AWSCredential -ProfileName returns the keys from the keychain' {
            $credential = Get-AWSCredential -ProfileName 'vault' -ErrorAction Stop
            $keys = $credential.GetCredentials()
            $keys.AccessKey | Should -Be $AccessKey
            $keys.SecretKey | Should -Be $SecretKey
        }

        It '-ListProfileDetail shows StoreTypeName Keychain' {
            Get-StoreType 'vault' | Should -Be 'Keychain'
        }

        It '-WhatIf writes nothing, neither to the files nor to the keychain' {
            $before = Get-AwsFilesText
            Set-AWSCredential -AccessKey $OtherAccessKey -SecretKey $OtherSecretKey -StoreAs 'whatif' -Encrypted -WhatIf -ErrorAction Stop
            Get-AwsFilesText | Should -BeExactly $before
            @(Get-OurItem 'whatif').Count | Should -Be 0
        }

        It 'without -StoreAs is refused with InvalidInput' {
            { Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -Encrypted -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidInput,*'
        }
    }

    Context 'Move-AWSCredentialProfile' {
        BeforeAll {
            Set-AWSCredential -AccessKey $OtherAccessKey -SecretKey $OtherSecretKey -StoreAs 'mover' -ErrorAction Stop
        }

        It 'has -To with the values Keychain and SharedCredentialsFile' {
            $command = Get-Command -Name 'Move-AWSCredentialProfile' -ErrorAction Stop
            $set = $command.Parameters['To'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            @($set.ValidValues | Sort-Object) | Should -Be @('Keychain', 'SharedCredentialsFile')
            { Move-AWSCredentialProfile -ProfileName 'mover' -To 'Vault' -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        }

        It '-WhatIf moves nothing' {
            $before = Get-AwsFilesText
            Move-AWSCredentialProfile -ProfileName 'mover' -To Keychain -WhatIf -ErrorAction Stop
            Get-AwsFilesText | Should -BeExactly $before
            @(Get-OurItem 'mover').Count | Should -Be 0
            Get-StoreType 'mover' | Should -Be 'SharedCredentialsFile'
        }

        It '-To Keychain moves the keys out of the credentials file' {
            Move-AWSCredentialProfile -ProfileName 'mover' -To Keychain -Confirm:$false -ErrorAction Stop
            $section = Get-ProfileSetting 'mover'
            $section['credential_process'] | Should -BeLike '*credential-process --keychain mover*'
            $section.Keys | Should -Not -Contain 'aws_secret_access_key'
            @(Find-TextInFiles $OtherSecretKey) | Should -BeNullOrEmpty
            @(Get-OurItem 'mover').Count | Should -Be 1
            Get-StoreType 'mover' | Should -Be 'Keychain'
            (Get-AWSCredential -ProfileName 'mover' -ErrorAction Stop).GetCredentials().SecretKey | Should -Be $OtherSecretKey
        }

        It 'a second -To Keychain is refused with InvalidInput and changes nothing' {
            $before = Get-AwsFilesText
            Move-AWSCredentialProfile -ProfileName 'mover' -To Keychain -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            Get-AwsFilesText | Should -BeExactly $before
        }

        It '-To SharedCredentialsFile puts the keys back and deletes the keychain entry' {
            Move-AWSCredentialProfile -ProfileName 'mover' -To SharedCredentialsFile -ErrorAction Stop
            $section = Get-ProfileSetting 'mover'
            $section['aws_access_key_id'] | Should -Be $OtherAccessKey
            $section['aws_secret_access_key'] | Should -Be $OtherSecretKey
            $section.Keys | Should -Not -Contain 'credential_process'
            @(Get-OurItem 'mover').Count | Should -Be 0
            Get-StoreType 'mover' | Should -Be 'SharedCredentialsFile'
            (Get-AWSCredential -ProfileName 'mover' -ErrorAction Stop).GetCredentials().SecretKey | Should -Be $OtherSecretKey
        }

        It 'an unknown profile is ProfileNotFound' {
            Move-AWSCredentialProfile -ProfileName 'nope' -To Keychain -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
        }
    }

    Context 'Remove-AWSCredentialProfile' {
        It 'removes the profile and its keychain entry' {
            @(Get-OurItem 'vault').Count | Should -Be 1
            Remove-AWSCredentialProfile -ProfileName 'vault' -Force -ErrorAction Stop
            (Get-ProfileSetting 'vault').Count | Should -Be 0
            @(Get-AWSCredential -ListProfileDetail -ErrorAction Stop | Where-Object ProfileName -EQ 'vault').Count | Should -Be 0
            @(Get-OurItem 'vault').Count | Should -Be 0
        }
    }

    Context 'No usable keychain' {
        BeforeEach {
            $CredentialsBefore = Get-AwsFilesText
            $ConfigBefore = Get-FileText $ConfigPath
            $ItemsBefore = @(Get-OurItem).Count
        }

        AfterEach {
            Set-ProcessVariable -Name 'DBUS_SESSION_BUS_ADDRESS' -Value $BusEnv.DBUS_SESSION_BUS_ADDRESS
        }

        It 'headless (no DBUS_SESSION_BUS_ADDRESS): Set-AWSCredential -Encrypted fails at once with KeychainUnavailable and writes nothing' {
            Set-ProcessVariable -Name 'DBUS_SESSION_BUS_ADDRESS' -Value $null
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'headless' -Encrypted -ErrorVariable err -ErrorAction SilentlyContinue
            $watch.Stop()
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KeychainUnavailable,*'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            Get-AwsFilesText | Should -BeExactly $CredentialsBefore
            Get-FileText $ConfigPath | Should -BeExactly $ConfigBefore
            @(Get-OurItem).Count | Should -Be $ItemsBefore
        }

        It 'headless: Move-AWSCredentialProfile -To Keychain fails with KeychainUnavailable and moves nothing' {
            Set-ProcessVariable -Name 'DBUS_SESSION_BUS_ADDRESS' -Value $null
            Move-AWSCredentialProfile -ProfileName 'mover' -To Keychain -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KeychainUnavailable,*'
            Get-AwsFilesText | Should -BeExactly $CredentialsBefore
        }

        It 'a locked collection: Set-AWSCredential -Encrypted fails with KeychainUnavailable and writes nothing' {
            (Invoke-Keyring 'lock').locked | Should -BeTrue
            try {
                Set-AWSCredential -AccessKey $AccessKey -SecretKey $SecretKey -StoreAs 'locked' -Encrypted -ErrorVariable err -ErrorAction SilentlyContinue
            }
            finally {
                (Invoke-Keyring 'unlock').locked | Should -BeFalse
            }
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KeychainUnavailable,*'
            Get-AwsFilesText | Should -BeExactly $CredentialsBefore
            @(Get-OurItem 'locked').Count | Should -Be 0
        }
    }

    Context 'The AWS SDK for .NET store (RegisteredAccounts.json)' {
        # Read wherever LOCALAPPDATA is set (always on Windows). Its values are DPAPI blobs, so off
        # Windows a profile is listed but every read of its keys fails with KeychainUnavailable.
        BeforeAll {
            $LocalAppData = Join-Path $TestDrive 'LocalAppData'
            $StorePath = Join-Path $LocalAppData 'AWSToolkit/RegisteredAccounts.json'
            $null = New-Item -ItemType Directory -Path (Split-Path $StorePath) -Force
            $blob = '01000000D08C9DDF0115D1118C7A00C04FC297EB01000000' + ('AB' * 40)
            $StoreText = @{
                '3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f' = @{ AWSAccessKey = $blob; AWSSecretKey = $blob; ProfileType = 'AWS'; Region = 'us-west-2'; DisplayName = 'legacy' }
            } | ConvertTo-Json
            Set-Content -LiteralPath $StorePath -Value $StoreText -NoNewline
            $env:LOCALAPPDATA = $LocalAppData
        }

        AfterAll {
            Remove-Item -LiteralPath 'env:LOCALAPPDATA' -ErrorAction SilentlyContinue
        }

        BeforeEach {
            $CredentialsBefore = Get-AwsFilesText
            $ConfigBefore = Get-FileText $ConfigPath
        }

        It '-ListProfileDetail lists its profiles first, with StoreTypeName NetSDKCredentialsFile and no location' {
            $rows = @(Get-AWSCredential -ListProfileDetail -ErrorAction Stop)
            $rows[0].ProfileName | Should -BeExactly 'legacy'
            $rows[0].StoreTypeName | Should -BeExactly 'NetSDKCredentialsFile'
            $rows[0].ProfileLocation | Should -BeNullOrEmpty
            @($rows | Where-Object StoreTypeName -EQ 'NetSDKCredentialsFile').Count | Should -Be 1
        }

        It '-ProfileLocation leaves the store out' {
            @(Get-AWSCredential -ListProfileDetail -ProfileLocation $CredentialsPath -ErrorAction Stop | Where-Object StoreTypeName -EQ 'NetSDKCredentialsFile').Count | Should -Be 0
        }

        It 'has -From NetSDKCredentialsFile and -RemoveSource on Move-AWSCredentialProfile' {
            $command = Get-Command Move-AWSCredentialProfile
            $command.Parameters['From'].Attributes.Where({ $_ -is [ValidateSet] }).ValidValues | Should -Be @('NetSDKCredentialsFile')
            $command.Parameters['RemoveSource'].SwitchParameter | Should -BeTrue
        }

        It 'off Windows, Move -From NetSDKCredentialsFile -RemoveSource fails with KeychainUnavailable (DPAPI) and changes nothing' -Skip:$IsWindows {
            Move-AWSCredentialProfile -ProfileName 'legacy' -From NetSDKCredentialsFile -To Keychain -RemoveSource -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KeychainUnavailable,*'
            Get-FileText $StorePath | Should -BeExactly $StoreText
            Get-AwsFilesText | Should -BeExactly $CredentialsBefore
            Get-FileText $ConfigPath | Should -BeExactly $ConfigBefore
            @(Get-OurItem 'legacy').Count | Should -Be 0
        }

        It '-RemoveSource with a profile of the shared files is refused with InvalidInput and changes nothing' {
            Set-AWSCredential -StoreAs 'plainmove' -AccessKey $AccessKey -SecretKey $SecretKey -ErrorAction Stop
            $before = Get-AwsFilesText
            Move-AWSCredentialProfile -ProfileName 'plainmove' -To Keychain -RemoveSource -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            Get-AwsFilesText | Should -BeExactly $before
            Get-FileText $StorePath | Should -BeExactly $StoreText
            @(Get-OurItem 'plainmove').Count | Should -Be 0
            Remove-AWSCredentialProfile -ProfileName 'plainmove' -Force -ErrorAction Stop
        }

        It 'off Windows, Get-AWSCredential -ProfileName of a store profile fails with KeychainUnavailable' -Skip:$IsWindows {
            $out = Get-AWSCredential -ProfileName 'legacy' -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KeychainUnavailable,*'
        }
    }

    Context 'The stable awscred that keychain lines run' {
        BeforeAll {
            $StableCli = Join-Path $env:XDG_DATA_HOME 'AwsCredentialManager/bin/awscred'
            $ShippedCli = @(Get-ChildItem -Path (Join-Path (Split-Path -Path $ModulePath -Parent) 'runtimes/*/awscred') -File)[0].FullName
            # A child pwsh imports the module, then waits (deadline 30 s) for the copy to match.
            function Invoke-ImportInChild {
                param([string] $Wait)
                $script = "Import-Module -Name '$ModulePath' -ErrorAction Stop; $Wait"
                & (Get-PwshPath) -NoProfile -NonInteractive -Command $script
                $LASTEXITCODE | Should -Be 0
            }
        }

        It 'Import-Module refreshes an out-of-date copy from the module''s awscred' {
            $null = New-Item -ItemType Directory -Path (Split-Path $StableCli) -Force
            Set-Content -LiteralPath $StableCli -Value 'an older awscred' -NoNewline
            $size = (Get-Item -LiteralPath $ShippedCli).Length
            Invoke-ImportInChild -Wait "`$end = [DateTime]::UtcNow.AddSeconds(30); while ((Get-Item -LiteralPath '$StableCli').Length -ne $size -and [DateTime]::UtcNow -lt `$end) { Start-Sleep -Milliseconds 50 }"
            (Get-FileHash -LiteralPath $StableCli).Hash | Should -BeExactly (Get-FileHash -LiteralPath $ShippedCli).Hash
            (Get-Item -LiteralPath $StableCli).UnixFileMode.HasFlag([System.IO.UnixFileMode]::UserExecute) | Should -BeTrue
        }

        It 'Import-Module creates no copy where none exists (users without keychain profiles)' {
            Remove-Item -LiteralPath (Split-Path $StableCli) -Recurse -Force
            Invoke-ImportInChild -Wait '$null = Get-AWSCredential -ListProfileDetail; Start-Sleep -Seconds 1'
            Test-Path -LiteralPath (Split-Path $StableCli) | Should -BeFalse
        }
    }
}
