# The key cmdlets end to end against moto with signature checking, in the IAM world of
# tests/integration/keyworld.py (an admin user; the host user web-1 whose key the profile `web`
# holds, its tag SecretName and the secret hosts/web-1 that publishes its key), reached through
# the recording proxy that keeps the Host header (tests/pester/localaws_serve.py), so every test
# can read which AWS calls the cmdlet sent and with which key: Sync-AWSCredential,
# Get-AWSAccessKeyStatus, Get-AWSSecretCredential and Invoke-AWSCredentialRotation, with -WhatIf
# (no changing call in the proxy's log), error ids, $StoredAWSCredentials refreshed after a change,
# Write-Progress and Ctrl+C (PowerShell.Stop) during a rotation.
#
# Every call that must succeed runs with -ErrorAction Stop, so a non-terminating error fails the
# test; expected failures are asserted by error id (-ErrorVariable holds exactly one record).

Set-StrictMode -Version Latest

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/LocalAws.psm1') -Force -ErrorAction Stop
    $ModulePath = Get-BuiltModulePath
    Import-Module -Name $ModulePath -Force -ErrorAction Stop
    $Pwsh = Get-PwshPath
    $Saved = Save-TestEnvironment
    $LocalAws = Start-LocalAws -StateDirectory (Join-Path $TestDrive 'localaws')

    $HomeFolder = Join-Path $TestDrive 'home'
    $AwsFolder = Join-Path $HomeFolder '.aws'
    $null = New-Item -ItemType Directory -Path $AwsFolder -Force
    $env:HOME = $HomeFolder
    $env:USERPROFILE = $HomeFolder
    $env:AWS_CONFIG_FILE = Join-Path $AwsFolder 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $AwsFolder 'credentials'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ENDPOINT_URL = $LocalAws.KeyProxyUrl
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_MAX_ATTEMPTS = '1'
    # Read by the native library from the request's Environment (the module sends every AWSCRED_*
    # variable): one verification success is enough against moto, which never delays a new key.
    $env:AWSCRED_VERIFY_SUCCESSES = '1'
    $env:AWSCRED_PROPAGATION_TIMEOUT_MS = '20000'
    $CredentialsPath = $env:AWS_SHARED_CREDENTIALS_FILE
    $SecretName = 'hosts/web-1'
    $OtherKey = 'AKIAOTHER0000000000'

    # A fresh moto world (signature checks on) and a credentials file whose profile `web` holds the
    # host user's key; no shell credentials, no journal or sync record from an earlier test.
    function New-KeyWorld {
        param([hashtable] $SecretFields, [switch] $NoTag)
        Remove-Variable -Name 'StoredAWSCredentials' -Scope Global -Force -ErrorAction SilentlyContinue
        Get-ChildItem -LiteralPath $AwsFolder -Force | Remove-Item -Force -Recurse
        $arguments = @{ tag = -not $NoTag.IsPresent }
        if ($null -ne $SecretFields) {
            $arguments['secret_fields'] = $SecretFields
        }
        $world = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'world' -Arguments $arguments
        $text = @(
            '# host keys'
            '[web]'
            "aws_access_key_id = $($world.key[0])"
            "aws_secret_access_key = $($world.key[1])"
            'region = us-east-1'
            ''
            '[other]'
            "aws_access_key_id = $OtherKey"
            'aws_secret_access_key = otherSecretValue0000000000000000000000'
            ''
        ) -join "`n"
        [System.IO.File]::WriteAllText($CredentialsPath, $text)
        $world
    }

    # The key id and secret that profile `web` holds in the credentials file.
    function Get-ProfileKey {
        $section = ([System.IO.File]::ReadAllText($CredentialsPath) -split '\[web\]', 2)[1] -split '\[', 2 | Select-Object -First 1
        [pscustomobject]@{
            Id     = [regex]::Match($section, 'aws_access_key_id = (\S+)').Groups[1].Value
            Secret = [regex]::Match($section, 'aws_secret_access_key = (\S+)').Groups[1].Value
        }
    }

    # {key id: status} of the host user's keys, as the admin sees them.
    function Get-UserKey {
        param($World)
        $answer = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'keys' -Arguments @{ admin = $World.admin }
        $keys = @{}
        foreach ($property in $answer.PSObject.Properties) {
            $keys[$property.Name] = $property.Value
        }
        $keys
    }

    # A new key of the host user published in its secret, as another host's rotation would.
    function Publish-NewKey {
        param($World)
        $new = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'new-key' -Arguments @{ admin = $World.admin }
        Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'publish' -Arguments @{ admin = $World.admin; fields = @{ AccessKeyId = $new[0]; SecretAccessKey = $new[1] } }
        [pscustomobject]@{ Id = $new[0]; Secret = $new[1] }
    }

    function Get-RequestCount {
        @(Get-LocalAwsRequest -LocalAws $LocalAws).Count
    }

    # Runs a script in a fresh runspace of this process (module imported there), for the streams a
    # test cannot read from its own (progress) and for stopping a pipeline as Ctrl+C does.
    function New-ModulePowerShell {
        param([string] $Script)
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module -Name '$($ModulePath.Replace("'", "''"))' -ErrorAction Stop`n$Script")
        $ps
    }
}

AfterAll {
    Stop-LocalAws $LocalAws
    Restore-TestEnvironment $Saved
    Remove-Variable -Name 'StoredAWSCredentials' -Scope Global -Force -ErrorAction SilentlyContinue
    Remove-Module -Name 'AwsCredentialManager', 'LocalAws', 'TestEnvironment' -Force -ErrorAction SilentlyContinue
}

Describe 'Sync-AWSCredential' {
    BeforeEach {
        $World = New-KeyWorld
    }

    It 'reports a profile that already holds the published key as up to date and changes nothing' {
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        $result = Sync-AWSCredential -ProfileName web -ErrorAction Stop
        $result | Should -BeOfType ([AwsCredentialManager.CredentialSyncResult])
        $result.Changed | Should -BeFalse
        $result.ProfileName | Should -BeExactly 'web'
        $result.SecretId | Should -BeExactly $SecretName
        $result.NewAccessKeyId | Should -BeExactly $World.key[0]
        $result.Message | Should -BeLike '*up to date*'
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
    }

    It 'takes AWS_PROFILE when no profile is named' {
        $env:AWS_PROFILE = 'web'
        try {
            (Sync-AWSCredential -ErrorAction Stop).ProfileName | Should -BeExactly 'web'
        }
        finally {
            $env:AWS_PROFILE = $null
        }
    }

    It 'writes a newly published key once verified, keeps every other byte and refreshes $StoredAWSCredentials of that profile' {
        $new = Publish-NewKey -World $World
        $before = [System.IO.File]::ReadAllText($CredentialsPath)
        Set-AWSCredential -ProfileName web -ErrorAction Stop
        $StoredAWSCredentials.AccessKey | Should -BeExactly $World.key[0]
        $skip = Get-RequestCount

        $result = Sync-AWSCredential -ProfileName web -ErrorAction Stop

        $result.Changed | Should -BeTrue
        $result.OldAccessKeyId | Should -BeExactly $World.key[0]
        $result.NewAccessKeyId | Should -BeExactly $new.Id
        $result.MaskedSecretAccessKey | Should -BeExactly ('****' + $new.Secret.Substring($new.Secret.Length - 4))
        $result.UserArn | Should -BeExactly $World.hostArn
        ($result | Format-List | Out-String) | Should -Not -BeLike "*$($new.Secret)*"
        (Get-ProfileKey).Id | Should -BeExactly $new.Id
        (Get-ProfileKey).Secret | Should -BeExactly $new.Secret
        [System.IO.File]::ReadAllText($CredentialsPath).Replace($new.Id, $World.key[0]).Replace($new.Secret, $World.key[1]) | Should -BeExactly $before
        # Verified with STS, signed by the new key itself, before the write.
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'GetCallerIdentity' -Skip $skip | Where-Object key -EQ $new.Id).Count | Should -BeGreaterThan 0
        # The shell credentials came from profile web: they hold the new key now.
        $StoredAWSCredentials.AccessKey | Should -BeExactly $new.Id
        $StoredAWSCredentials.GetCredentials().SecretKey | Should -BeExactly $new.Secret
    }

    It 'refreshes $StoredAWSCredentials in the scope that holds it (global, synced from a child scope)' {
        $new = Publish-NewKey -World $World
        Set-AWSCredential -ProfileName web -Scope Global -ErrorAction Stop
        & { $null = Sync-AWSCredential -ProfileName web -ErrorAction Stop }
        $global:StoredAWSCredentials.AccessKey | Should -BeExactly $new.Id
        $global:StoredAWSCredentials.ProfileName | Should -BeExactly 'web'
    }

    It 'leaves $StoredAWSCredentials of another profile alone' {
        $null = Publish-NewKey -World $World
        Set-AWSCredential -ProfileName other -ErrorAction Stop
        $null = Sync-AWSCredential -ProfileName web -ErrorAction Stop
        $StoredAWSCredentials.AccessKey | Should -BeExactly $OtherKey
        $StoredAWSCredentials.ProfileName | Should -BeExactly 'other'
    }

    It '-WhatIf reads and verifies, writes nothing, outputs nothing and sends no changing call' {
        $new = Publish-NewKey -World $World
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        $skip = Get-RequestCount
        $verbose = Sync-AWSCredential -ProfileName web -WhatIf -Verbose -ErrorAction Stop 4>&1
        @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        ($verbose | ForEach-Object Message) -join "`n" | Should -BeLike "*would replace $($World.key[0]) with $($new.Id)*"
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
        @(Get-LocalAwsChangingRequest -LocalAws $LocalAws -Skip $skip) | Should -BeNullOrEmpty
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'GetSecretValue' -Skip $skip).Count | Should -BeGreaterThan 0
    }

    It '-WhatIf says the native plan as What if text (child pwsh)' {
        $new = Publish-NewKey -World $World
        $command = "Import-Module '$($ModulePath.Replace("'", "''"))'; Sync-AWSCredential -ProfileName web -WhatIf"
        $output = & $Pwsh -NoProfile -NonInteractive -Command $command 2>&1
        $LASTEXITCODE | Should -Be 0
        ($output -join "`n") | Should -BeLike "*What if: would replace $($World.key[0]) with $($new.Id) (verified) in profile 'web'*"
        (Get-ProfileKey).Id | Should -BeExactly $World.key[0]
    }

    It 'SecretMalformed names the missing field, never a value, and writes nothing' {
        Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'publish' -Arguments @{ admin = $World.admin; fields = @{ AccessKeyId = 'AKIAONLYTHEID0000000' } }
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        { Sync-AWSCredential -ProfileName web -ErrorAction Stop } | Should -Throw -ErrorId 'SecretMalformed,AwsCredentialManager.Cmdlets.SyncAWSCredentialCommand' -ExpectedMessage '*SecretAccessKey*'
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
    }

    It 'SecretNotFound for an unknown -SecretId: one non-terminating record with its category' {
        $result = Sync-AWSCredential -ProfileName web -SecretId 'hosts/nobody' -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'SecretNotFound,AwsCredentialManager.Cmdlets.SyncAWSCredentialCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*hosts/nobody*'
    }

    It 'SecretNotFound names the tag when the user has no such tag' {
        { Sync-AWSCredential -ProfileName web -TagKey 'NoSuchTag' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretNotFound,*' -ExpectedMessage '*NoSuchTag*'
    }
}

Describe 'Get-AWSAccessKeyStatus' {
    BeforeAll {
        $World = New-KeyWorld
    }

    It 'lists the profile''s key: Active, InProfile, UTC dates, no warning' {
        $keys = @(Get-AWSAccessKeyStatus -ProfileName web -ErrorAction Stop -WarningVariable warnings)
        $keys.Count | Should -Be 1
        $keys[0] | Should -BeOfType ([AwsCredentialManager.AccessKeyStatus])
        $keys[0].AccessKeyId | Should -BeExactly $World.key[0]
        $keys[0].Status | Should -BeExactly 'Active'
        $keys[0].InProfile | Should -BeTrue
        $keys[0].UserName | Should -BeExactly 'web-1'
        $keys[0].AgeDays | Should -Be 0
        $keys[0].CreateDate.Kind | Should -Be 'Utc'
        ([datetime]::UtcNow - $keys[0].CreateDate).TotalHours | Should -BeLessThan 1
        $warnings | Should -BeNullOrEmpty
    }

    It 'accepts -MaxKeyAgeDays 0; a key created today is not older than 0 days, so it gives no age warning' {
        $keys = @(Get-AWSAccessKeyStatus -ProfileName web -MaxKeyAgeDays 0 -ErrorAction Stop -WarningVariable warnings)
        $keys.Count | Should -Be 1
        $warnings | Should -BeNullOrEmpty
    }

    It 'lists both keys and warns once when the user has two active keys' {
        $second = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'new-key' -Arguments @{ admin = $World.admin }
        $keys = @(Get-AWSAccessKeyStatus -ProfileName web -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue)
        $keys.Count | Should -Be 2
        ($keys | Where-Object AccessKeyId -EQ $second[0]).InProfile | Should -BeFalse
        ($keys | Where-Object AccessKeyId -EQ $World.key[0]).InProfile | Should -BeTrue
        @($warnings).Count | Should -Be 1
        [string]$warnings[0] | Should -BeLike "*2 active keys*$($second[0])*"
    }

    It 'ProfileNotFound for an unknown profile, as a non-terminating record' {
        $keys = Get-AWSAccessKeyStatus -ProfileName 'nope' -ErrorVariable err -ErrorAction SilentlyContinue
        $keys | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ProfileNotFound,AwsCredentialManager.Cmdlets.GetAWSAccessKeyStatusCommand'
    }
}

Describe 'Get-AWSSecretCredential' {
    BeforeAll {
        $World = New-KeyWorld
        # Escapes, non-ASCII, a surrogate pair and the text "Password" inside the password.
        $Password = 'p"ä\ {"Password": "decoy"} ' + [char]::ConvertFromUtf32(0x1F600) + ' Password'
        $null = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'create-secret' -Arguments @{
            admin = $World.admin; name = 'apps/svc'
            value = (ConvertTo-Json -Compress -InputObject ([ordered]@{ username = 'svc-user'; password = $Password; note = 'Password' }))
        }
        $null = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'create-secret' -Arguments @{
            admin = $World.admin; name = 'apps/custom'
            value = (ConvertTo-Json -Compress -InputObject @{ login = 'etl'; secret = 'custom-secret' })
        }
        $null = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'create-secret' -Arguments @{
            admin = $World.admin; name = 'apps/nopass'
            value = (ConvertTo-Json -Compress -InputObject @{ username = 'svc-user' })
        }
    }

    It 'returns a PSCredential whose password is the secret''s' {
        $credential = Get-AWSSecretCredential -SecretId 'apps/svc' -ProfileName web -ErrorAction Stop
        $credential | Should -BeOfType ([System.Management.Automation.PSCredential])
        $credential.UserName | Should -BeExactly 'svc-user'
        $credential.Password.IsReadOnly() | Should -BeTrue
        $credential.GetNetworkCredential().Password | Should -BeExactly $Password
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'GetSecretValue')[-1].key | Should -BeExactly $World.key[0]
    }

    It '<Switch> gives the user name <Expected>' -TestCases @(
        @{ Switch = '-Domain CORP'; Parameters = @{ Domain = 'CORP' }; Expected = 'CORP\svc-user' }
        @{ Switch = '-LocalComputer'; Parameters = @{ LocalComputer = $true }; Expected = '.\svc-user' }
    ) {
        $credential = Get-AWSSecretCredential -SecretId 'apps/svc' -ProfileName web -ErrorAction Stop @Parameters
        $credential.UserName | Should -BeExactly $Expected
        $credential.GetNetworkCredential().Password | Should -BeExactly $Password
    }

    It 'reads other fields with -UserNameKey and -PasswordKey' {
        $credential = Get-AWSSecretCredential -SecretId 'apps/custom' -UserNameKey login -PasswordKey secret -ProfileName web -ErrorAction Stop
        $credential.UserName | Should -BeExactly 'etl'
        $credential.GetNetworkCredential().Password | Should -BeExactly 'custom-secret'
    }

    It 'SecretMalformed names the missing password field' {
        { Get-AWSSecretCredential -SecretId 'apps/nopass' -ProfileName web -ErrorAction Stop } |
            Should -Throw -ErrorId 'SecretMalformed,AwsCredentialManager.Cmdlets.GetAWSSecretCredentialCommand' -ExpectedMessage '*password*'
    }

    It 'SecretNotFound for an unknown secret, as one non-terminating record' {
        $credential = Get-AWSSecretCredential -SecretId 'apps/none' -ProfileName web -ErrorVariable err -ErrorAction SilentlyContinue
        $credential | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'SecretNotFound,AwsCredentialManager.Cmdlets.GetAWSSecretCredentialCommand'
        $err[0].TargetObject | Should -BeExactly 'apps/none'
    }
}

Describe 'Invoke-AWSCredentialRotation' {
    BeforeEach {
        $World = New-KeyWorld
    }

    It 'rotates end to end: the new key in the profile and the secret, one key on the user, $StoredAWSCredentials refreshed' {
        Set-AWSCredential -ProfileName web -ErrorAction Stop
        $output = Invoke-AWSCredentialRotation -ProfileName web -Verbose -ErrorAction Stop 4>&1
        $result = @($output | Where-Object { $_ -is [AwsCredentialManager.CredentialRotationResult] })
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $result.Count | Should -Be 1
        $result = $result[0]
        $result.Status | Should -BeExactly 'Rotated'
        $result.UserName | Should -BeExactly 'web-1'
        $result.OldAccessKeyId | Should -BeExactly $World.key[0]
        $result.OldKeyState | Should -BeExactly 'Deleted'
        $result.Published | Should -BeTrue
        $result.SecretId | Should -BeExactly $SecretName
        $profileKey = Get-ProfileKey
        $result.NewAccessKeyId | Should -BeExactly $profileKey.Id
        $profileKey.Id | Should -Not -BeExactly $World.key[0]
        $result.MaskedSecretAccessKey | Should -BeExactly ('****' + $profileKey.Secret.Substring($profileKey.Secret.Length - 4))
        $keys = Get-UserKey -World $World
        $keys.Count | Should -Be 1
        $keys[$profileKey.Id] | Should -BeExactly 'Active'
        $secret = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'current-secret' -Arguments @{ admin = $World.admin }
        $secret.AccessKeyId | Should -BeExactly $profileKey.Id
        $secret.SecretAccessKey | Should -BeExactly $profileKey.Secret
        $secret.Note | Should -BeExactly 'kept'
        Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'works' -Arguments @{ key = @($World.key[0], $World.key[1]) } | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $AwsFolder '.credentials.rotation.json') | Should -BeFalse
        $StoredAWSCredentials.AccessKey | Should -BeExactly $profileKey.Id
        $verbose.Count | Should -BeGreaterThan 0
        ($verbose | ForEach-Object Message) -join "`n" | Should -Not -BeLike "*$($profileKey.Secret)*"
    }

    It 'shows Write-Progress for the rotation of the profile and completes it' {
        $ps = New-ModulePowerShell -Script 'Invoke-AWSCredentialRotation -ProfileName web -ErrorAction Stop'
        try {
            $result = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $result.Count | Should -Be 1
            $result[0].Status | Should -BeExactly 'Rotated'
            $progress = @($ps.Streams.Progress)
            $progress.Count | Should -BeGreaterThan 0
            $progress | ForEach-Object { $_.Activity | Should -BeExactly 'Rotating the access key of profile web' }
            @($progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.PercentComplete -ge 0 -and $_.StatusDescription -like 'Verifying*' }).Count | Should -BeGreaterThan 0
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally {
            $ps.Dispose()
        }
    }

    It '-WhatIf shows the native plan, writes nothing and sends no changing call' {
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        $skip = Get-RequestCount
        $output = Invoke-AWSCredentialRotation -ProfileName web -WhatIf -Verbose -ErrorAction Stop 4>&1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        ($output | ForEach-Object Message) -join "`n" | Should -BeLike "*would create a new key for IAM user 'web-1'*publish it to secret '$SecretName'*$($World.key[0])*"
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
        @(Get-LocalAwsChangingRequest -LocalAws $LocalAws -Skip $skip) | Should -BeNullOrEmpty
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'ListAccessKeys' -Skip $skip).Count | Should -BeGreaterThan 0
        (Get-UserKey -World $World).Keys | Should -Be @($World.key[0])
    }

    It 'TooManyKeys when the user has two active keys; nothing is changed' {
        $second = Invoke-LocalAwsKeys -LocalAws $LocalAws -Command 'new-key' -Arguments @{ admin = $World.admin }
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        $skip = Get-RequestCount
        $result = Invoke-AWSCredentialRotation -ProfileName web -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'TooManyKeys,AwsCredentialManager.Cmdlets.InvokeAWSCredentialRotationCommand'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err[0].Exception.Message | Should -BeLike "*$($second[0])*"
        @(Get-LocalAwsChangingRequest -LocalAws $LocalAws -Skip $skip) | Should -BeNullOrEmpty
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
    }

    It '-DeactivateOnly keeps the old key, inactive; the next rotation needs -DeleteInactiveKey' {
        $result = Invoke-AWSCredentialRotation -ProfileName web -DeactivateOnly -ErrorAction Stop
        $result.OldKeyState | Should -BeExactly 'Inactive'
        $newId = (Get-ProfileKey).Id
        $keys = Get-UserKey -World $World
        $keys.Count | Should -Be 2
        $keys[$World.key[0]] | Should -BeExactly 'Inactive'
        $keys[$newId] | Should -BeExactly 'Active'
        { Invoke-AWSCredentialRotation -ProfileName web -ErrorAction Stop } | Should -Throw -ErrorId 'TooManyKeys,*' -ExpectedMessage "*$($World.key[0])*"
        (Invoke-AWSCredentialRotation -ProfileName web -DeleteInactiveKey -ErrorAction Stop).Status | Should -BeExactly 'Rotated'
        (Get-UserKey -World $World).Count | Should -Be 1
    }

    It '-MaxKeyAgeDays leaves a younger key alone (NotDue) without a changing call' {
        $skip = Get-RequestCount
        $result = Invoke-AWSCredentialRotation -ProfileName web -MaxKeyAgeDays 30 -ErrorAction Stop
        $result.Status | Should -BeExactly 'NotDue'
        $result.NewAccessKeyId | Should -BeNullOrEmpty
        @(Get-LocalAwsChangingRequest -LocalAws $LocalAws -Skip $skip) | Should -BeNullOrEmpty
    }

    It 'refuses <Case> with InvalidInput, calling nothing' -TestCases @(
        @{ Case = '-GracePeriod under one second (checked by the cmdlet)'; Parameters = @{ GracePeriod = [timespan]::FromMilliseconds(500) } }
        @{ Case = '-MaxKeyAgeDays over 100 years (checked by the library)'; Parameters = @{ MaxKeyAgeDays = 40000 } }
    ) {
        $skip = Get-RequestCount
        $null = Invoke-AWSCredentialRotation -ProfileName web @Parameters -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidInput,AwsCredentialManager.Cmdlets.InvokeAWSCredentialRotationCommand'
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Skip $skip) | Should -BeNullOrEmpty
    }

    It 'sends -GracePeriod in whole seconds and keeps the old key active (GraceWaiting)' {
        $result = Invoke-AWSCredentialRotation -ProfileName web -GracePeriod (New-TimeSpan -Hours 1) -ErrorAction Stop
        $result.Status | Should -BeExactly 'GraceWaiting'
        $result.OldKeyState | Should -BeExactly 'Active'
        (Get-UserKey -World $World)[$World.key[0]] | Should -BeExactly 'Active'
        (Get-ProfileKey).Id | Should -BeExactly $result.NewAccessKeyId
    }

    It 'Ctrl+C (PowerShell.Stop) while the new key is verified cancels: the new key is deleted, the profile unchanged' {
        $before = [System.IO.File]::ReadAllBytes($CredentialsPath)
        $skip = Get-RequestCount
        # 20 successes in a row (the most the library accepts; 200 ms apart) keep the rotation in
        # VerifyingNewKey for about four seconds after the new key's first check.
        $env:AWSCRED_VERIFY_SUCCESSES = '20'
        $ps = New-ModulePowerShell -Script 'Invoke-AWSCredentialRotation -ProfileName web'
        try {
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (@(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'GetCallerIdentity' -Skip $skip | Where-Object key -NE $World.key[0]).Count -eq 0 -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            $async.IsCompleted | Should -BeFalse -Because 'the rotation must still be verifying the new key when it is stopped'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $env:AWSCRED_VERIFY_SUCCESSES = '1'
            $ps.Dispose()
        }
        $created = @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'CreateAccessKey' -Skip $skip)
        $created.Count | Should -Be 1
        @(Get-LocalAwsRequest -LocalAws $LocalAws -Action 'DeleteAccessKey' -Skip $skip).Count | Should -Be 1
        $keys = Get-UserKey -World $World
        $keys.Count | Should -Be 1
        $keys[$World.key[0]] | Should -BeExactly 'Active'
        [System.IO.File]::ReadAllBytes($CredentialsPath) | Should -Be $before
        Test-Path -LiteralPath (Join-Path $AwsFolder '.credentials.rotation.json') | Should -BeFalse
        # The rotation lock was released: a new rotation runs.
        (Invoke-AWSCredentialRotation -ProfileName web -ErrorAction Stop).Status | Should -BeExactly 'Rotated'
    }
}
