# What only a real run shows (issue 6, point 5): caller preferences reach the cmdlets, one failure
# is one error record, piped -ListProfileDetail rows act on their profile in every file, nothing
# prompts when prompting is not allowed, the per-request environment is authoritative (down to a
# credential_process child), and Export-AWSCredential -WhatIf resolves nothing.

Set-StrictMode -Version Latest

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
    $ModulePath = Get-BuiltModulePath
    Import-Module -Name $ModulePath -Force -ErrorAction Stop
    $Pwsh = Get-PwshPath
    $Saved = Save-TestEnvironment
    $HomeFolder = Join-Path $TestDrive 'home'
    $Aws = Join-Path $HomeFolder '.aws'
    $null = New-Item -ItemType Directory -Path $Aws -Force
    $env:HOME = $HomeFolder
    $env:USERPROFILE = $HomeFolder
    $env:AWS_CONFIG_FILE = Join-Path $Aws 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Aws 'credentials'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9'
    $ConfigPath = $env:AWS_CONFIG_FILE
    $CredentialsPath = $env:AWS_SHARED_CREDENTIALS_FILE

    function Reset-Files {
        Set-Content -LiteralPath $CredentialsPath -Value @('[dev]', 'aws_access_key_id = AKIDDEVEXAMPLE000001', 'aws_secret_access_key = devSecretValue00000001')
        Set-Content -LiteralPath $ConfigPath -Value @('[profile dev]', 'region = eu-west-1', '[profile admin]', 'role_arn = arn:aws:iam::123456789012:role/Admin', 'source_profile = dev', 'mfa_serial = arn:aws:iam::123456789012:mfa/alice')
    }
    function Get-Fingerprint { (Get-FileHash -LiteralPath $ConfigPath).Hash + (Get-FileHash -LiteralPath $CredentialsPath).Hash }
}

AfterAll {
    Restore-TestEnvironment $Saved
    Remove-Module -Name 'AwsCredentialManager', 'TestEnvironment' -Force -ErrorAction SilentlyContinue
}

Describe 'Caller preferences' {
    BeforeEach { Reset-Files }

    It '$ErrorActionPreference = Stop in a calling script stops it on our error' {
        $script = Join-Path $TestDrive 'stop.ps1'
        Set-Content -LiteralPath $script -Value @(
            "`$ErrorActionPreference = 'Stop'"
            "Get-AWSCredential -ProfileName nope"
            "'after'"
        )
        { & $script } | Should -Throw -ErrorId 'ProfileNotFound,AwsCredentialManager.Cmdlets.GetAWSCredentialCommand'
    }

    It '$WhatIfPreference of a calling function reaches the cmdlets' {
        function Test-Caller {
            [CmdletBinding(SupportsShouldProcess)]
            param()
            Set-AWSCredential -StoreAs whatif -AccessKey AKIDWHATIF0000000001 -SecretKey whatifSecret000000001
            Remove-AWSCredentialProfile -ProfileName dev -Force
        }
        $before = Get-Fingerprint
        Test-Caller -WhatIf
        Get-Fingerprint | Should -Be $before
    }

    It 'one failure adds exactly one record to -ErrorVariable and $Error' {
        $Error.Clear()
        Get-AWSCredential -ProfileName nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $Error.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ProfileNotFound,AwsCredentialManager.Cmdlets.GetAWSCredentialCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Piping Get-AWSCredential -ListProfileDetail' {
    BeforeEach { Reset-Files }

    It 'Remove-AWSCredentialProfile removes the profile from every file that defines it' {
        Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'dev' | Remove-AWSCredentialProfile -Force -ErrorAction Stop
        Get-Content -Raw -LiteralPath $CredentialsPath | Should -Not -BeLike '*dev*'
        Get-Content -Raw -LiteralPath $ConfigPath | Should -Not -BeLike '*profile dev*'
        Get-Content -Raw -LiteralPath $ConfigPath | Should -BeLike '*profile admin*'
    }

    It 'Get-AWSCredential resolves the piped profile' {
        $credential = Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'dev' | Get-AWSCredential -ErrorAction Stop
        $credential.GetCredentials().AccessKey | Should -BeExactly 'AKIDDEVEXAMPLE000001'
    }

    It 'Set-AWSCredential -StoreAs copies the piped profile in the shared files' {
        Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'dev' | Set-AWSCredential -StoreAs devcopy -ErrorAction Stop
        Get-Content -Raw -LiteralPath $CredentialsPath | Should -BeLike '*`[devcopy`]*AKIDDEVEXAMPLE000001*'
        Get-Content -Raw -LiteralPath $ConfigPath | Should -BeLike '*`[profile devcopy`]*region = eu-west-1*'
    }

    It 'Export-AWSCredential exports the piped profile' {
        $json = Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'dev' | Export-AWSCredential -Format Json -ErrorAction Stop
        ($json | ConvertFrom-Json).AccessKeyId | Should -BeExactly 'AKIDDEVEXAMPLE000001'
    }

    It 'Get-STSCallerIdentity uses the piped profile' {
        Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -EQ 'dev' | Get-STSCallerIdentity -ErrorVariable err -ErrorAction SilentlyContinue
        # STS is a closed local port here: the credentials were resolved and the call was made.
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError,*'
    }

    It 'a -ProfileLocation that is not a shared file means one-file mode' {
        $one = Join-Path $TestDrive 'one'
        Set-Content -LiteralPath $one -Value @('[solo]', 'aws_access_key_id = AKIDSOLO000000000001', 'aws_secret_access_key = soloSecret0000000001')
        $rows = @(Get-AWSCredential -ListProfileDetail -ProfileLocation $one)
        $rows.ProfileName | Should -Be @('solo')
        $rows | Remove-AWSCredentialProfile -Force -ErrorAction Stop
        Get-Content -Raw -LiteralPath $one | Should -Not -BeLike '*solo*'
        Get-Content -Raw -LiteralPath $CredentialsPath | Should -BeLike '*dev*'
    }
}

Describe 'Never prompts where it must not' {
    BeforeEach { Reset-Files }

    It 'fails at once with MfaRequired under <Case>' -TestCases @(
        @{ Case = 'pwsh -NonInteractive'; Arguments = @('-NoProfile', '-NonInteractive', '-Command'); Prefix = '' }
        @{ Case = 'AWSCRED_NO_PROMPT=1'; Arguments = @('-NoProfile', '-Command'); Prefix = "`$env:AWSCRED_NO_PROMPT = '1'; " }
    ) {
        param($Case, $Arguments, $Prefix)
        $command = $Prefix + "Import-Module '$ModulePath'; try { Get-AWSCredential -ProfileName admin -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = $null | & $Pwsh @Arguments $command 2>&1
        $watch.Stop()
        ($output -join "`n") | Should -BeLike 'MfaRequired,*arn:aws:iam::123456789012:mfa/alice*'
    }

    It 'Initialize-AWSDefaultConfiguration fails with NoRegion, writing nothing, when only the region is missing' {
        Set-Content -LiteralPath $ConfigPath -Value @()
        $before = Get-Fingerprint
        { Initialize-AWSDefaultConfiguration -AccessKey AKIDINIT000000000001 -SecretKey initSecret0000000001 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'NoRegion,*'
        Get-Fingerprint | Should -Be $before
    }
}

Describe 'The per-request environment is authoritative' {
    BeforeEach { Reset-Files }

    It 'a variable removed in pwsh is unset for the library and for a credential_process child' {
        $script = Join-Path $TestDrive 'print-env.sh'
        # Prints credentials whose key id says whether the child saw AWS_CONFIG_FILE and AWSCRED_TEST_MARK.
        Set-Content -LiteralPath $script -Value @(
            '#!/bin/sh'
            'cfg=no; [ -n "${AWS_CONFIG_FILE+x}" ] && cfg=yes'
            'printf ''{"Version":1,"AccessKeyId":"AKIDCFG%sMARK%s","SecretAccessKey":"childSecret000001"}'' "$cfg" "${AWSCRED_TEST_MARK:-none}"'
        )
        $one = Join-Path $TestDrive 'proc-profile'
        Set-Content -LiteralPath $one -Value @('[proc]', "credential_process = sh '$script'")
        $env:AWSCRED_TEST_MARK = 'seen'
        try {
            $keys = (Get-AWSCredential -ProfileName proc -ProfileLocation $one -ErrorAction Stop).GetCredentials()
            $keys.AccessKey | Should -BeExactly 'AKIDCFGyesMARKseen'
            Remove-Item Env:AWS_CONFIG_FILE
            Remove-Item Env:AWSCRED_TEST_MARK
            $keys = (Get-AWSCredential -ProfileName proc -ProfileLocation $one -ErrorAction Stop).GetCredentials()
            $keys.AccessKey | Should -BeExactly 'AKIDCFGnoMARKnone'
        }
        finally {
            $env:AWS_CONFIG_FILE = $ConfigPath
            Remove-Item Env:AWSCRED_TEST_MARK -ErrorAction SilentlyContinue
        }
    }

    It 'follows AWS_SHARED_CREDENTIALS_FILE changed in pwsh' {
        $other = Join-Path $TestDrive 'other-credentials'
        Set-Content -LiteralPath $other -Value @('[elsewhere]', 'aws_access_key_id = AKIDELSEWHERE0000001', 'aws_secret_access_key = elsewhereSecret00001')
        $env:AWS_SHARED_CREDENTIALS_FILE = $other
        try {
            (Get-AWSCredential -ListProfile 3>$null) | Should -Contain 'elsewhere'
        }
        finally {
            $env:AWS_SHARED_CREDENTIALS_FILE = $CredentialsPath
        }
    }
}

Describe 'Export-AWSCredential -WhatIf' {
    BeforeEach { Reset-Files }

    It 'resolves nothing and writes nothing' {
        $before = [System.Environment]::GetEnvironmentVariable('AWS_ACCESS_KEY_ID')
        # A profile that would fail to resolve: with -WhatIf no resolution may happen, so no error.
        Export-AWSCredential -ProfileName admin -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 0
        [System.Environment]::GetEnvironmentVariable('AWS_ACCESS_KEY_ID') | Should -Be $before
        Export-AWSCredential -ProfileName nope -Format Json -WhatIf -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2.Count | Should -Be 0
    }
}

Describe 'Nothing waits for ever (issue 7)' {
    BeforeEach { Reset-Files }

    It 'a credential_process that never exits is stopped at $env:AWSCRED_PROCESS_TIMEOUT_MS with a Timeout error' {
        Add-Content -LiteralPath $ConfigPath -Value @('[profile stuck]', 'credential_process = sleep 600')
        $env:AWSCRED_PROCESS_TIMEOUT_MS = '500'
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Get-AWSCredential -ProfileName stuck -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $watch.Stop()
        }
        finally {
            Remove-Item Env:AWSCRED_PROCESS_TIMEOUT_MS -ErrorAction SilentlyContinue
        }
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'Timeout,AwsCredentialManager.Cmdlets.GetAWSCredentialCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].Exception.Message | Should -BeLike '*AWSCRED_PROCESS_TIMEOUT_MS*'
        # The bound holds: the 600 s child was not waited for (generous for a loaded host).
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
    }
}
