# The cmdlets against a local AWS: moto's server for STS behind a recording proxy
# (tests/pester/localaws_serve.py), so a test can assert what AssumeRole received (moto accepts
# any MFA code). Also the scheduled-task style run: a script in `pwsh -NonInteractive -File` with
# stdin from /dev/null that stores keys, reads them back, exports them and runs
# `aws sts get-caller-identity` against moto; and a variant that stops at an unknown profile.

Set-StrictMode -Version Latest

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/LocalAws.psm1') -Force -ErrorAction Stop
    $ModulePath = Get-BuiltModulePath
    Import-Module -Name $ModulePath -Force -ErrorAction Stop
    $Repo = Split-Path -Path $PSScriptRoot -Parent
    $Pwsh = Get-PwshPath
    # AWS_CA_BUNDLE stays: pwsh hands a removed variable to native children as empty, which the AWS CLI refuses.
    $Saved = Save-TestEnvironment -Keep 'AWS_CA_BUNDLE'
    $LocalAws = Start-LocalAws -StateDirectory (Join-Path $TestDrive 'localaws')

    $HomeFolder = Join-Path $TestDrive 'home'
    $null = New-Item -ItemType Directory -Path (Join-Path $HomeFolder '.aws') -Force
    $env:HOME = $HomeFolder
    $env:USERPROFILE = $HomeFolder
    $env:AWS_CONFIG_FILE = Join-Path $HomeFolder '.aws/config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $HomeFolder '.aws/credentials'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ENDPOINT_URL = $LocalAws.ProxyUrl
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_DEFAULT_REGION = 'us-east-1'

    # moto's default account; any key pair is accepted when signatures are not checked.
    $Account = '123456789012'
    $RoleArn = "arn:aws:iam::${Account}:role/Admin"
    $MfaSerial = "arn:aws:iam::${Account}:mfa/alice"
    $BaseKey = 'AKIAIOSFODNN7EXAMPLE'
    $BaseSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    Set-AWSCredential -StoreAs base -AccessKey $BaseKey -SecretKey $BaseSecret
    Set-AWSCredential -StoreAs admin -RoleArn $RoleArn -SourceProfile base -MfaSerial $MfaSerial
    Set-AWSCredential -StoreAs plain -RoleArn $RoleArn -SourceProfile base
}

AfterAll {
    Stop-LocalAws $LocalAws
    Restore-TestEnvironment $Saved
    Remove-Module -Name 'AwsCredentialManager', 'LocalAws', 'TestEnvironment' -Force -ErrorAction SilentlyContinue
}

Describe 'Get-STSCallerIdentity against moto' {
    It 'returns the identity of a key profile' {
        $identity = Get-STSCallerIdentity -ProfileName base -ErrorAction Stop
        $identity | Should -BeOfType ([AwsCredentialManager.CallerIdentity])
        $identity.Account | Should -BeExactly $Account
        $identity.Arn | Should -Not -BeNullOrEmpty
        $request = @(Get-LocalAwsRequest $LocalAws -Action 'GetCallerIdentity')[-1]
        $request.key | Should -BeExactly $BaseKey
    }

    It 'selects one field with -Select' {
        Get-STSCallerIdentity -ProfileName base -Select Account -ErrorAction Stop | Should -BeExactly $Account
    }

    It 'assumes a role profile and calls STS with the role credentials' {
        $identity = Get-STSCallerIdentity -ProfileName plain -ErrorAction Stop
        $identity.Arn | Should -BeLike "arn:aws:sts::${Account}:assumed-role/Admin/*"
        $assume = @(Get-LocalAwsRequest $LocalAws -Action 'AssumeRole')[-1]
        $assume.form.RoleArn | Should -BeExactly $RoleArn
        $assume.key | Should -BeExactly $BaseKey
    }

    It 'sends -TokenCode and the device serial to AssumeRole for an MFA role' {
        $identity = Get-STSCallerIdentity -ProfileName admin -TokenCode 654321 -ErrorAction Stop
        $identity.Arn | Should -BeLike '*assumed-role/Admin/*'
        $assume = @(Get-LocalAwsRequest $LocalAws -Action 'AssumeRole' | Where-Object { $_.form.PSObject.Properties['SerialNumber'] })[-1]
        $assume.form.SerialNumber | Should -BeExactly $MfaSerial
        $assume.form.TokenCode | Should -BeExactly '654321'
    }

    It 'uses the role cached by the previous call without a code' {
        $before = @(Get-LocalAwsRequest $LocalAws -Action 'AssumeRole').Count
        (Get-AWSCredential -ProfileName admin -ErrorAction Stop).GetCredentials().UseToken | Should -BeTrue
        @(Get-LocalAwsRequest $LocalAws -Action 'AssumeRole').Count | Should -Be $before
    }

    It 'uses $StoredAWSCredentials when no profile is named' {
        Set-AWSCredential -AccessKey 'AKIDSHELLKEY00000001' -SecretKey 'shellSecretValue000001'
        try {
            $null = Get-STSCallerIdentity -ErrorAction Stop
            @(Get-LocalAwsRequest $LocalAws -Action 'GetCallerIdentity')[-1].key | Should -BeExactly 'AKIDSHELLKEY00000001'
        }
        finally {
            Clear-AWSCredential
        }
    }
}

Describe 'A scheduled-task style script (pwsh -NonInteractive -File, stdin from /dev/null)' {
    BeforeAll {
        $Aws = Join-Path $Repo '.venv/bin/aws'
        function Invoke-Job {
            param([string] $Body)
            $script = Join-Path $TestDrive ('job-' + [guid]::NewGuid().ToString('N') + '.ps1')
            $header = "`$ErrorActionPreference = 'Stop'`nImport-Module '$ModulePath'`n"
            [System.IO.File]::WriteAllText($script, $header + $Body)
            $out = Join-Path $TestDrive 'job.out'
            $errFile = Join-Path $TestDrive 'job.err'
            $process = Start-Process -FilePath $Pwsh -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $script) -RedirectStandardInput '/dev/null' -RedirectStandardOutput $out -RedirectStandardError $errFile -Wait -PassThru
            [pscustomobject]@{
                ExitCode = $process.ExitCode
                Output   = (Get-Content -Raw -LiteralPath $out)
                Errors   = (Get-Content -Raw -LiteralPath $errFile)
            }
        }
    }

    It 'stores keys, reads them back, exports them for a child aws sts get-caller-identity and exits 0' {
        $result = Invoke-Job @"
Set-AWSCredential -StoreAs job -AccessKey AKIDJOBKEY0000000001 -SecretKey jobSecretValue0000000001
`$keys = (Get-AWSCredential -ProfileName job).GetCredentials()
if (`$keys.AccessKey -ne 'AKIDJOBKEY0000000001') { throw 'wrong key read back' }
Export-AWSCredential -ProfileName job
& '$Aws' sts get-caller-identity --output json
if (`$LASTEXITCODE -ne 0) { exit 3 }
'job done'
"@
        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -BeLike '*job done*'
        ($result.Output -replace '(?s)job done.*$', '' | ConvertFrom-Json).Account | Should -BeExactly $Account
        @(Get-LocalAwsRequest $LocalAws -Action 'GetCallerIdentity')[-1].key | Should -BeExactly 'AKIDJOBKEY0000000001'
        $result.Output | Should -Not -BeLike '*jobSecretValue*'
    }

    It 'stops at an unknown profile with a non-zero exit code and does not run the next line' {
        $result = Invoke-Job @"
Get-AWSCredential -ProfileName does-not-exist
'next line ran'
"@
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Not -BeLike '*next line ran*'
        $result.Errors | Should -BeLike '*does-not-exist*'
    }

    It 'fails at once with MfaRequired naming the device instead of prompting' {
        Remove-Item -Path (Join-Path $HomeFolder '.aws/cli/cache') -Recurse -Force -ErrorAction SilentlyContinue
        $result = Invoke-Job @"
try { Get-AWSCredential -ProfileName admin } catch { `$_.FullyQualifiedErrorId; exit 10 }
"@
        $result.ExitCode | Should -Be 10
        $result.Output | Should -BeLike 'MfaRequired,*'
    }
}
