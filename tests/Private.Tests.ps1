# Unit tests of the private layer: error mapping, request serialization, native-call handling and
# the request each cmdlet sends. The native boundary is mocked where noted
# (Invoke-AwsCredNativeCall, Invoke-AwsCredNative), so these tests pin down the PowerShell side.
#
# -ErrorVariable of an advanced function also collects the terminating errors that the module's
# private functions threw and the cmdlet caught, before the record the cmdlet writes (as
# exception objects or wrapped copies: PowerShell/PowerShell#3165, #18390). The record the
# cmdlet wrote is the last one, so the tests read $err[-1].

Set-StrictMode -Version Latest

BeforeAll {
    $ModuleRoot = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'module'
    Import-Module -Name (Join-Path $ModuleRoot 'AwsCredentialManager.psd1') -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module -Name 'AwsCredentialManager' -Force -ErrorAction SilentlyContinue
}

Describe 'Get-AwsCredErrorCategory' {
    It 'maps <Code> to <Category>' -TestCases @(
        @{ Code = 'Internal'; Reading = $false; Category = 'NotSpecified' }
        @{ Code = 'ProfileNotFound'; Reading = $true; Category = 'ObjectNotFound' }
        @{ Code = 'InvalidInput'; Reading = $false; Category = 'InvalidArgument' }
        @{ Code = 'FileFormat'; Reading = $true; Category = 'ParserError' }
        @{ Code = 'LockTimeout'; Reading = $false; Category = 'ResourceBusy' }
        @{ Code = 'Io'; Reading = $false; Category = 'WriteError' }
        @{ Code = 'Io'; Reading = $true; Category = 'ReadError' }
        @{ Code = 'NotSupported'; Reading = $true; Category = 'NotImplemented' }
        @{ Code = 'NoCredentials'; Reading = $true; Category = 'AuthenticationError' }
        @{ Code = 'MfaRequired'; Reading = $true; Category = 'AuthenticationError' }
        @{ Code = 'LoginRequired'; Reading = $true; Category = 'AuthenticationError' }
        @{ Code = 'AwsServiceError'; Reading = $true; Category = 'InvalidResult' }
        @{ Code = 'ProfileConfig'; Reading = $true; Category = 'InvalidData' }
        @{ Code = 'SomethingNewer'; Reading = $false; Category = 'NotSpecified' }
    ) {
        param($Code, $Reading, $Category)
        $actual = InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Code = $Code; Reading = $Reading } -ScriptBlock {
            param($Code, $Reading)
            Get-AwsCredErrorCategory -Code $Code -Reading:$Reading
        }
        $actual | Should -Be ([System.Management.Automation.ErrorCategory]$Category)
    }
}

Describe 'New-AwsCredErrorRecord' {
    It 'uses the code as error id and an exception of type <ExceptionType> for <Code>' -TestCases @(
        @{ Code = 'ProfileNotFound'; ExceptionType = 'System.Management.Automation.ItemNotFoundException' }
        @{ Code = 'InvalidInput'; ExceptionType = 'System.ArgumentException' }
        @{ Code = 'FileFormat'; ExceptionType = 'System.IO.InvalidDataException' }
        @{ Code = 'LockTimeout'; ExceptionType = 'System.TimeoutException' }
        @{ Code = 'Io'; ExceptionType = 'System.IO.IOException' }
        @{ Code = 'NotSupported'; ExceptionType = 'System.NotSupportedException' }
        @{ Code = 'Internal'; ExceptionType = 'System.InvalidOperationException' }
    ) {
        param($Code, $ExceptionType)
        $record = InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Code = $Code } -ScriptBlock {
            param($Code)
            New-AwsCredErrorRecord -ErrorId $Code -Message 'message' -TargetObject 'target' -File '/some/file' -Line 7
        }
        $record.FullyQualifiedErrorId | Should -BeExactly $Code
        $record.Exception.GetType().FullName | Should -BeExactly $ExceptionType
        $record.TargetObject | Should -BeExactly 'target'
        $record.Exception.Data['AwsCredErrorCode'] | Should -BeExactly $Code
        $record.Exception.Data['File'] | Should -BeExactly '/some/file'
        $record.Exception.Data['Line'] | Should -Be 7
    }

    It 'honours an explicit category' {
        $record = InModuleScope -ModuleName 'AwsCredentialManager' {
            New-AwsCredErrorRecord -ErrorId 'NativeLibraryNotFound' -Message 'm' -Category ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        }
        $record.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $record.FullyQualifiedErrorId | Should -BeExactly 'NativeLibraryNotFound'
    }
}

Describe 'ConvertTo-AwsCredRequestJson' {
    It 'leaves out null values and keeps strings, integers and booleans' {
        $json = InModuleScope -ModuleName 'AwsCredentialManager' {
            $request = [ordered]@{
                ProfileName     = 'dev'
                SessionToken    = $null
                DurationSeconds = 3600
                Flag            = $true
            }
            ConvertTo-AwsCredRequestJson -Request $request
        }
        $json | Should -BeExactly '{"ProfileName":"dev","DurationSeconds":3600,"Flag":true}'
    }

    It 'serializes a string that carries note properties as a plain string' {
        $json = InModuleScope -ModuleName 'AwsCredentialManager' {
            $decorated = 'dev' | Add-Member -NotePropertyName 'PSPath' -NotePropertyValue 'somewhere' -PassThru
            ConvertTo-AwsCredRequestJson -Request @{ ProfileName = $decorated }
        }
        $json | Should -BeExactly '{"ProfileName":"dev"}'
    }

    It 'escapes characters that would break the JSON' {
        $json = InModuleScope -ModuleName 'AwsCredentialManager' {
            ConvertTo-AwsCredRequestJson -Request @{ ProfileName = "a`"b`nc\d" }
        }
        ($json | ConvertFrom-Json).ProfileName | Should -BeExactly "a`"b`nc\d"
    }

    It 'writes a nested dictionary as an object of strings, keeping nulls' {
        $json = InModuleScope -ModuleName 'AwsCredentialManager' {
            $environment = [ordered]@{ AWS_PROFILE = 'dev'; AWS_REGION = $null }
            ConvertTo-AwsCredRequestJson -Request ([ordered]@{ ProfileName = 'p'; Environment = $environment })
        }
        $json | Should -BeExactly '{"ProfileName":"p","Environment":{"AWS_PROFILE":"dev","AWS_REGION":null}}'
    }

    It 'writes an empty request as {}' {
        $json = InModuleScope -ModuleName 'AwsCredentialManager' {
            ConvertTo-AwsCredRequestJson -Request @{}
        }
        $json | Should -BeExactly '{}'
    }
}

Describe 'Get-AwsCredNativeLibraryPath' {
    It 'names the library <File> for <Rid>' -TestCases @(
        @{ Rid = 'win-x64'; File = 'awscred.dll' }
        @{ Rid = 'win-arm64'; File = 'awscred.dll' }
        @{ Rid = 'linux-x64'; File = 'libawscred.so' }
        @{ Rid = 'linux-arm64'; File = 'libawscred.so' }
        @{ Rid = 'osx-x64'; File = 'libawscred.dylib' }
        @{ Rid = 'osx-arm64'; File = 'libawscred.dylib' }
    ) {
        param($Rid, $File)
        $path = InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Rid = $Rid } -ScriptBlock {
            param($Rid)
            Get-AwsCredNativeLibraryPath -ModuleRoot 'root' -RuntimeIdentifier $Rid
        }
        $path | Should -BeExactly ([System.IO.Path]::Combine('root', 'runtimes', $Rid, $File))
    }
}

Describe 'Invoke-AwsCredNative' {
    Context 'With the real library' {
        It 'returns the parsed response on success' {
            $response = InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Path = (Join-Path $TestDrive 'no-such-file') } -ScriptBlock {
                param($Path)
                Invoke-AwsCredNative -Operation 'list_profiles' -Request @{ ProfileLocation = $Path }
            }
            @($response.Profiles).Count | Should -Be 0
        }

        It 'turns a refused request into an InvalidInput error' {
            {
                InModuleScope -ModuleName 'AwsCredentialManager' {
                    Invoke-AwsCredNative -Operation 'list_profiles' -Request @{ NoSuchField = 'x' }
                }
            } | Should -Throw -ErrorId 'InvalidInput*'
        }
    }

    Context 'With a mocked native call' {
        It 'maps a LockTimeout response with file and line to an ErrorRecord' {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 6; Body = '{"error":{"code":"LockTimeout","message":"timed out waiting for the lock on /x/credentials","file":"/x/credentials","line":3}}' }
            }
            $caught = InModuleScope -ModuleName 'AwsCredentialManager' {
                try {
                    Invoke-AwsCredNative -Operation 'set_profile' -Request @{ ProfileName = 'p' } -TargetObject 'p'
                }
                catch {
                    $_
                }
            }
            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'LockTimeout*'
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceBusy)
            $caught.Exception.Message | Should -BeExactly 'timed out waiting for the lock on /x/credentials'
            $caught.Exception.Data['File'] | Should -BeExactly '/x/credentials'
            $caught.Exception.Data['Line'] | Should -Be 3
            $caught.TargetObject | Should -BeExactly 'p'
        }

        It 'maps Io to ReadError for an operation that only reads' {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 7; Body = '{"error":{"code":"Io","message":"cannot read /x"}}' }
            }
            $caught = InModuleScope -ModuleName 'AwsCredentialManager' {
                try {
                    Invoke-AwsCredNative -Operation 'list_profiles' -Request @{}
                }
                catch {
                    $_
                }
            }
            $caught.FullyQualifiedErrorId | Should -BeLike 'Io*'
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ReadError)
        }

        It 'reports a response that is not JSON as Internal' {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 1; Body = 'not json' }
            }
            {
                InModuleScope -ModuleName 'AwsCredentialManager' {
                    Invoke-AwsCredNative -Operation 'show_profile' -Request @{ ProfileName = 'p' }
                }
            } | Should -Throw -ErrorId 'Internal*'
        }

        It 'reports a failure without an error body as Internal with the status' {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 42; Body = $null }
            }
            {
                InModuleScope -ModuleName 'AwsCredentialManager' {
                    Invoke-AwsCredNative -Operation 'show_profile' -Request @{ ProfileName = 'p' }
                }
            } | Should -Throw -ErrorId 'Internal*' -ExpectedMessage '*status 42*'
        }

        It 'sends the request as UTF-8 JSON' {
            # The request bytes are cleared after the call (they can hold secrets), so they are
            # checked by a mock's -ParameterFilter, which runs during the call: only a request
            # that passes gets the success answer.
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 4; Body = '{"error":{"code":"InvalidInput","message":"unexpected request"}}' }
            }
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
                $Operation -eq 'remove_profile' -and
                ([System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json).ProfileName -ceq ('p' + [char]0x00E9)
            } -MockWith {
                [pscustomobject]@{ Status = 0; Body = '{"ProfileName":"p","FilesWritten":[]}' }
            }
            # 'p' + e-acute, built from its code point so the test file's encoding does not matter.
            $name = 'p' + [char]0x00E9
            {
                InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Name = $name } -ScriptBlock {
                    param($Name)
                    $null = Invoke-AwsCredNative -Operation 'remove_profile' -Request @{ ProfileName = $Name }
                }
            } | Should -Not -Throw
            Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly
        }

        It 'adds Environment to every request: AWS_* values as PowerShell sees them, null for unset names, -Environment on top' {
            $savedProfile = $env:AWS_PROFILE
            $savedRegion = $env:AWS_REGION
            try {
                $env:AWS_PROFILE = 'from-pwsh'
                Remove-Item -Path 'Env:AWS_REGION' -ErrorAction SilentlyContinue
                Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                    [pscustomobject]@{ Status = 4; Body = '{"error":{"code":"InvalidInput","message":"unexpected request"}}' }
                }
                Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
                    $body = [System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json
                    $environment = $body.Environment
                    $null -ne $environment -and
                    $environment.AWS_PROFILE -ceq 'from-pwsh' -and
                    $null -ne $environment.PSObject.Properties['AWS_REGION'] -and $null -eq $environment.AWS_REGION -and
                    $null -ne $environment.PSObject.Properties['AWS_SHARED_CREDENTIALS_FILE'] -and
                    $environment.AWS_ACCESS_KEY_ID -ceq 'AKIDOVERRIDE' -and
                    $null -ne $environment.PSObject.Properties['HOME'] -and
                    $null -eq $environment.PSObject.Properties['PATH']
                } -MockWith {
                    [pscustomobject]@{ Status = 0; Body = '{"Profiles":[]}' }
                }

                {
                    InModuleScope -ModuleName 'AwsCredentialManager' {
                        $null = Invoke-AwsCredNative -Operation 'list_profiles' -Request @{} -Environment @{ AWS_ACCESS_KEY_ID = 'AKIDOVERRIDE' }
                    }
                } | Should -Not -Throw
            }
            finally {
                [System.Environment]::SetEnvironmentVariable('AWS_PROFILE', $savedProfile)
                [System.Environment]::SetEnvironmentVariable('AWS_REGION', $savedRegion)
            }
        }

        It 'keeps the extra fields of <Code> in Exception.Data' -TestCases @(
            @{ Code = 'MfaRequired'; Status = 10; Extra = '"mfa_serial":"arn:aws:iam::123456789012:mfa/alice","profile":"admin"'; Key = 'MfaSerial'; Value = 'arn:aws:iam::123456789012:mfa/alice' }
            @{ Code = 'LoginRequired'; Status = 11; Extra = '"command":"aws sso login --profile sso"'; Key = 'Command'; Value = 'aws sso login --profile sso' }
            @{ Code = 'AwsServiceError'; Status = 12; Extra = '"aws_code":"AccessDenied"'; Key = 'AwsCode'; Value = 'AccessDenied' }
        ) {
            param($Code, $Status, $Extra, $Key, $Value)
            $body = '{"error":{"code":"' + $Code + '","message":"m",' + $Extra + '}}'
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = $Status; Body = $body }
            }
            $caught = InModuleScope -ModuleName 'AwsCredentialManager' {
                try {
                    Invoke-AwsCredNative -Operation 'get_credentials' -Request @{ ProfileName = 'p' }
                }
                catch {
                    $_
                }
            }
            $caught.FullyQualifiedErrorId | Should -BeLike "$Code*"
            $caught.Exception.Data[$Key] | Should -BeExactly $Value
        }

        It 'names the login command of LoginRequired in the message and the recommended action' {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 11; Body = '{"error":{"code":"LoginRequired","message":"the SSO login is missing","command":"aws sso login --profile sso"}}' }
            }
            $caught = InModuleScope -ModuleName 'AwsCredentialManager' {
                try {
                    Invoke-AwsCredNative -Operation 'get_credentials' -Request @{ ProfileName = 'sso' }
                }
                catch {
                    $_
                }
            }
            $caught.Exception.Message | Should -BeLike '*aws sso login --profile sso*'
            $caught.ErrorDetails.RecommendedAction | Should -BeLike '*aws sso login --profile sso*'
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        }
    }
}

Describe 'Cmdlet requests (native layer mocked)' {
    BeforeEach {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -MockWith {
            [pscustomobject]@{ ProfileName = 'p'; Kind = 'Basic'; FilesWritten = @('/x/credentials') }
        }
    }

    It 'Set-AWSCredential sends keys to set_profile and leaves out empty optional values' {
        Set-AWSCredential -AccessKey 'AKIDX' -SecretKey 'secretX' -SessionToken '' -Region '' -StoreAs 'p'

        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 1 -Exactly -ParameterFilter {
            $Operation -eq 'set_profile' -and
            $Request['ProfileName'] -eq 'p' -and
            $Request['AccessKey'] -eq 'AKIDX' -and
            $Request['SecretKey'] -eq 'secretX' -and
            -not $Request.Contains('SessionToken') -and
            -not $Request.Contains('Region') -and
            -not $Request.Contains('ProfileLocation')
        }
    }

    It 'Set-AWSCredential sends a role with every option to set_profile' {
        Set-AWSCredential -StoreAs 'r' -RoleArn 'arn:aws:iam::123456789012:role/R' -SourceProfile 'src' -ExternalID 'ext' -MfaSerial 'arn:aws:iam::123456789012:mfa/u' -RoleSessionName 'sess' -DurationSeconds 900 -Region 'eu-west-1'

        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 1 -Exactly -ParameterFilter {
            $Operation -eq 'set_profile' -and
            $Request['ProfileName'] -eq 'r' -and
            $Request['RoleArn'] -eq 'arn:aws:iam::123456789012:role/R' -and
            $Request['SourceProfile'] -eq 'src' -and
            $Request['ExternalId'] -eq 'ext' -and
            $Request['MfaSerial'] -eq 'arn:aws:iam::123456789012:mfa/u' -and
            $Request['RoleSessionName'] -eq 'sess' -and
            $Request['DurationSeconds'] -eq 900 -and
            $Request['Region'] -eq 'eu-west-1'
        }
    }

    It 'Set-AWSCredential -ProfileName sends copy_profile' {
        Set-AWSCredential -ProfileName 'src' -StoreAs 'dst'

        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 1 -Exactly -ParameterFilter {
            $Operation -eq 'copy_profile' -and $Request['ProfileName'] -eq 'src' -and $Request['StoreAs'] -eq 'dst'
        }
    }

    It 'Set-AWSCredential sends an absolute -ProfileLocation' {
        Set-AWSCredential -AccessKey 'AKIDX' -SecretKey 'secretX' -StoreAs 'p' -ProfileLocation 'relative-file'

        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 1 -Exactly -ParameterFilter {
            [System.IO.Path]::IsPathRooted($Request['ProfileLocation']) -and $Request['ProfileLocation'] -like '*relative-file'
        }
    }

    It 'Set-AWSCredential -WhatIf does not call the native layer' {
        Set-AWSCredential -AccessKey 'AKIDX' -SecretKey 'secretX' -StoreAs 'p' -WhatIf
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 0 -Exactly
    }

    It 'Set-AWSCredential in session mode with keys does not call the native layer' {
        Set-AWSCredential -AccessKey 'AKIDX' -SecretKey 'secretX'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 0 -Exactly
        $StoredAWSCredentials.AccessKey | Should -BeExactly 'AKIDX'
    }

    It 'Remove-AWSCredentialProfile -Force removes without prompting' {
        Remove-AWSCredentialProfile -ProfileName 'p' -Force
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 1 -Exactly -ParameterFilter {
            $Operation -eq 'remove_profile' -and $Request['ProfileName'] -eq 'p'
        }
    }

    It 'Remove-AWSCredentialProfile -Force -WhatIf does not remove' {
        Remove-AWSCredentialProfile -ProfileName 'p' -Force -WhatIf
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 0 -Exactly
    }

    It 'Get-AWSCredential -ListProfileDetail shapes list_profiles rows as ProfileInfo objects' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -ParameterFilter { $Operation -eq 'list_profiles' } -MockWith {
            [pscustomobject]@{
                Profiles = @(
                    [pscustomobject]@{ ProfileName = 'a'; StoreTypeName = 'SharedCredentialsFile'; ProfileLocation = '/x/credentials' }
                    [pscustomobject]@{ ProfileName = 'b'; StoreTypeName = 'SharedCredentialsFile'; ProfileLocation = '/x/config' }
                )
            }
        }

        $rows = @(Get-AWSCredential -ListProfileDetail)

        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -BeExactly 'AwsCredentialManager.ProfileInfo'
        $rows[1].ProfileName | Should -BeExactly 'b'
        $rows[1].ProfileLocation | Should -BeExactly '/x/config'
    }

    It 'Get-AWSCredential -ProfileName wraps get_credentials without exposing the secret' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -ParameterFilter { $Operation -eq 'get_credentials' } -MockWith {
            [pscustomobject]@{ AccessKeyId = 'AKIDX'; SecretAccessKey = 'mockedSecretValue'; ProfileName = 'p'; Source = 'Profile'; ProfileLocation = '/x/credentials' }
        }

        $credential = Get-AWSCredential -ProfileName 'p'

        $credential.AccessKey | Should -BeExactly 'AKIDX'
        $credential.PSObject.Properties.Name | Should -Be @('ProfileName', 'Source', 'ProfileLocation', 'AccessKey', 'Expiration')
        $credential.Expiration | Should -BeNullOrEmpty
        "$credential" | Should -BeExactly 'p'
        $credential.GetCredentials().SecretKey | Should -BeExactly 'mockedSecretValue'
        $credential.GetCredentials().Token | Should -BeNullOrEmpty
        $credential.GetCredentials().UseToken | Should -BeFalse
    }
}

Describe 'Cmdlet errors (native call mocked)' {
    It 'Get-AWSCredential writes a NotSupported answer of the library as a non-terminating error' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
            [pscustomobject]@{ Status = 8; Body = '{"error":{"code":"NotSupported","message":"profile r is a AssumeRole profile"}}' }
        }

        $result = Get-AWSCredential -ProfileName 'r' -ErrorVariable err -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $err[-1].FullyQualifiedErrorId | Should -BeLike 'NotSupported*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::NotImplemented)
        $err[-1].TargetObject | Should -BeExactly 'r'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly -ParameterFilter { $Operation -eq 'get_credentials' }
    }

    It 'Set-AWSCredential writes a LockTimeout answer as a non-terminating ResourceBusy error and goes on' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
            [pscustomobject]@{ Status = 6; Body = '{"error":{"code":"LockTimeout","message":"timed out waiting for the lock"}}' }
        }

        @(
            [pscustomobject]@{ AccessKey = 'AKIDA'; SecretKey = 'secretA'; StoreAs = 'a' }
            [pscustomobject]@{ AccessKey = 'AKIDB'; SecretKey = 'secretB'; StoreAs = 'b' }
        ) | Set-AWSCredential -ErrorVariable err -ErrorAction SilentlyContinue

        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 2 -Exactly
        @($err | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -like 'LockTimeout*' }).Count | Should -BeGreaterOrEqual 2
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceBusy)
    }
}

Describe 'Get-AwsCredEnvironment' {
    It 'lists AWS_* variables, HOME and USERPROFILE, with null for unset names the library reads' {
        $saved = $env:AWS_ENDPOINT_URL_STS
        $savedCustom = $env:AWS_AWSCRED_TEST_VARIABLE
        try {
            Remove-Item -Path 'Env:AWS_ENDPOINT_URL_STS' -ErrorAction SilentlyContinue
            $env:AWS_AWSCRED_TEST_VARIABLE = 'custom value'
            $environment = InModuleScope -ModuleName 'AwsCredentialManager' { Get-AwsCredEnvironment }

            $environment['AWS_AWSCRED_TEST_VARIABLE'] | Should -BeExactly 'custom value'
            foreach ($name in @('AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'HOME', 'USERPROFILE')) {
                $environment.Contains($name) | Should -BeTrue -Because "$name is always sent"
            }
            $environment['AWS_ENDPOINT_URL_STS'] | Should -BeNullOrEmpty
            @($environment.Keys | Where-Object { $_ -notlike 'AWS_*' -and $_ -notin @('HOME', 'USERPROFILE') }).Count | Should -Be 0
        }
        finally {
            [System.Environment]::SetEnvironmentVariable('AWS_ENDPOINT_URL_STS', $saved)
            [System.Environment]::SetEnvironmentVariable('AWS_AWSCRED_TEST_VARIABLE', $savedCustom)
        }
    }
}

Describe 'Test-AwsCredInteractive' {
    It 'returns a boolean' {
        InModuleScope -ModuleName 'AwsCredentialManager' { Test-AwsCredInteractive } | Should -BeOfType ([bool])
    }
}

Describe 'New-AwsCredCredentialObject' {
    It 'names the source <Expected> for <Source>' -TestCases @(
        @{ Source = 'Profile'; ProfileName = 'dev'; Expected = 'dev' }
        @{ Source = 'AssumeRole'; ProfileName = 'admin'; Expected = 'admin' }
        @{ Source = 'Parameters'; ProfileName = $null; Expected = 'Supplied Key Parameters' }
        @{ Source = 'Environment'; ProfileName = $null; Expected = 'Environment Variables' }
        @{ Source = 'CredentialsObject'; ProfileName = $null; Expected = 'Credentials Object' }
        @{ Source = 'EcsContainer'; ProfileName = $null; Expected = 'Container' }
        @{ Source = 'Ec2InstanceMetadata'; ProfileName = $null; Expected = 'Instance Profile' }
    ) {
        param($Source, $ProfileName, $Expected)
        $credential = InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Source = $Source; ProfileName = $ProfileName } -ScriptBlock {
            param($Source, $ProfileName)
            New-AwsCredCredentialObject -Response ([pscustomobject]@{ AccessKeyId = 'AKIDX'; SecretAccessKey = 'secretX'; ProfileName = $ProfileName; Source = $Source })
        }
        $credential.ToString() | Should -BeExactly $Expected
        "$credential" | Should -BeExactly $Expected
        $credential.GetSourceParameters()['ProfileName'] | Should -Be $ProfileName
    }

    It 'reads Expiration as UTC and keeps the requested -ProfileLocation for GetSourceParameters()' {
        $credential = InModuleScope -ModuleName 'AwsCredentialManager' {
            New-AwsCredCredentialObject -Response ([pscustomobject]@{ AccessKeyId = 'ASIAX'; SecretAccessKey = 'secretX'; SessionToken = 'tokenX'; Expiration = '2030-05-06T07:08:09Z'; ProfileName = 'proc'; Source = 'Process' }) -RequestedProfileLocation '/x/one-file'
        }
        $credential.Expiration | Should -Be ([datetime]::new(2030, 5, 6, 7, 8, 9, [System.DateTimeKind]::Utc))
        $credential.Expiration.Kind | Should -Be ([System.DateTimeKind]::Utc)
        $credential.ProfileLocation | Should -BeExactly '/x/one-file'
        $credential.GetSourceParameters()['ProfileLocation'] | Should -BeExactly '/x/one-file'
        $credential | ConvertTo-Json | Should -Not -BeLike '*secretX*'
        $credential | ConvertTo-Json | Should -Not -BeLike '*tokenX*'
    }
}

Describe 'MFA prompting (native call mocked)' {
    BeforeAll {
        $Serial = 'arn:aws:iam::123456789012:mfa/alice'
        $MfaBody = '{"error":{"code":"MfaRequired","message":"profile ''admin'' needs an MFA code","mfa_serial":"' + $Serial + '","profile":"admin"}}'
        $RoleBody = '{"AccessKeyId":"ASIAROLEEXAMPLE","SecretAccessKey":"roleSecretValue","SessionToken":"roleToken","Expiration":"2030-01-01T00:00:00Z","ProfileName":"admin","Source":"AssumeRole"}'
    }

    BeforeEach {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
            [pscustomobject]@{ Status = 10; Body = $MfaBody }
        }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
            ([System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json).PSObject.Properties['TokenCode'] -ne $null
        } -MockWith {
            $sent = ([System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json).TokenCode
            if ($sent -eq '654321') {
                [pscustomobject]@{ Status = 0; Body = $RoleBody }
            }
            else {
                [pscustomobject]@{ Status = 12; Body = '{"error":{"code":"AwsServiceError","message":"STS AssumeRole failed: AccessDenied: MultiFactorAuthentication failed","aws_code":"AccessDenied"}}' }
            }
        }
    }

    It 'asks for the code in an interactive session and calls again with it' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { $true }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -MockWith { ' 654321 ' }

        $credential = Get-AWSCredential -ProfileName 'admin'

        $credential.AccessKey | Should -BeExactly 'ASIAROLEEXAMPLE'
        $credential.Source | Should -BeExactly 'AssumeRole'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 2 -Exactly
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -Times 1 -Exactly -ParameterFilter { $Prompt -like "*$Serial*" -and $AsSecureString }
    }

    It 'fails with MfaRequired naming the device and -TokenCode, without asking, in a non-interactive session' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { $false }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -MockWith { throw 'must not prompt' }

        Get-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[-1].FullyQualifiedErrorId | Should -BeLike 'MfaRequired*'
        $err[-1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $err[-1].Exception.Message | Should -BeLike "*$Serial*"
        $err[-1].Exception.Message | Should -BeLike '*-TokenCode*'
        $err[-1].TargetObject | Should -BeExactly 'admin'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -Times 0 -Exactly
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly
    }

    It 'refuses a typed code that is not 6 digits without calling again' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { $true }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -MockWith { '12ab' }

        Get-AWSCredential -ProfileName 'admin' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[-1].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly
    }

    It 'sends -TokenCode with the first call and does not ask' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { throw 'must not be asked' }

        $credential = Get-AWSCredential -ProfileName 'admin' -TokenCode '654321'

        $credential.AccessKey | Should -BeExactly 'ASIAROLEEXAMPLE'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly
    }

    It 'passes the answer of a wrong -TokenCode on (AwsServiceError), without asking' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { $true }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -MockWith { throw 'must not prompt' }

        Get-AWSCredential -ProfileName 'admin' -TokenCode '000000' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[-1].FullyQualifiedErrorId | Should -BeLike 'AwsServiceError*'
        $err[-1].Exception.Data['AwsCode'] | Should -BeExactly 'AccessDenied'
    }

    It 'asks for the code for <Command> too' -TestCases @(
        @{ Command = 'New-AWSCredential' }
        @{ Command = 'Set-AWSCredential' }
    ) {
        param($Command)
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Test-AwsCredInteractive' -MockWith { $true }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -MockWith { '654321' }

        $result = & $Command -ProfileName 'admin'
        if ($Command -eq 'Set-AWSCredential') {
            $result = $StoredAWSCredentials
        }

        $result.AccessKey | Should -BeExactly 'ASIAROLEEXAMPLE'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Read-AwsCredHostInput' -Times 1 -Exactly
    }
}

Describe 'Shell credentials reach the native calls (native call mocked)' {
    BeforeAll {
        $IdentityBody = '{"Account":"123456789012","Arn":"arn:aws:iam::123456789012:user/alice","UserId":"AIDAEXAMPLE"}'
        $Unexpected = [pscustomobject]@{ Status = 4; Body = '{"error":{"code":"InvalidInput","message":"unexpected request"}}' }
    }

    BeforeEach {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith { $Unexpected }
    }

    It 'Get-STSCallerIdentity hands supplied shell keys to the default chain through Environment, with AWS_PROFILE unset' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
            $body = [System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json
            $environment = $body.Environment
            $Operation -eq 'whoami' -and
            $null -eq $body.PSObject.Properties['ProfileName'] -and
            $environment.AWS_ACCESS_KEY_ID -ceq 'AKIDSHELLEXAMPLE' -and
            $environment.AWS_SECRET_ACCESS_KEY -ceq 'shellSecretValue' -and
            $environment.AWS_SESSION_TOKEN -ceq 'shellToken' -and
            $null -ne $environment.PSObject.Properties['AWS_PROFILE'] -and $null -eq $environment.AWS_PROFILE
        } -MockWith {
            [pscustomobject]@{ Status = 0; Body = $IdentityBody }
        }

        Set-AWSCredential -AccessKey 'AKIDSHELLEXAMPLE' -SecretKey 'shellSecretValue' -SessionToken 'shellToken'
        $identity = Get-STSCallerIdentity

        $identity.PSObject.TypeNames | Should -Contain 'AwsCredentialManager.CallerIdentity'
        $identity.Account | Should -BeExactly '123456789012'
        $identity.Arn | Should -BeExactly 'arn:aws:iam::123456789012:user/alice'
        $identity.UserId | Should -BeExactly 'AIDAEXAMPLE'
        Get-STSCallerIdentity -Select 'Account' | Should -BeExactly '123456789012'
        Get-STSCallerIdentity -Select 'Arn' | Should -BeExactly 'arn:aws:iam::123456789012:user/alice'
    }

    It 'Get-STSCallerIdentity asks again by profile name (and location) for profile shell credentials, with $StoredAWSRegion' {
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
            $Operation -eq 'get_credentials'
        } -MockWith {
            [pscustomobject]@{ Status = 0; Body = '{"AccessKeyId":"AKIDX","SecretAccessKey":"secretX","ProfileName":"dev","Source":"Profile"}' }
        }
        Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
            $body = [System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json
            $Operation -eq 'whoami' -and
            $body.ProfileName -ceq 'dev' -and
            ([string]$body.ProfileLocation).EndsWith('one-file') -and
            $body.Region -ceq 'eu-west-3'
        } -MockWith {
            [pscustomobject]@{ Status = 0; Body = $IdentityBody }
        }

        Set-AWSCredential -ProfileName 'dev' -ProfileLocation (Join-Path $TestDrive 'one-file')
        Set-DefaultAWSRegion -Region 'eu-west-3'
        (Get-STSCallerIdentity).Account | Should -BeExactly '123456789012'
    }

    It 'Export-AWSCredential -Format Environment sets the four variables from export_credentials' {
        $saved = @{}
        foreach ($name in @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION')) {
            $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        }
        try {
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -ParameterFilter {
                $body = [System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json
                $Operation -eq 'export_credentials' -and $body.Format -ceq 'json' -and $body.ProfileName -ceq 'role'
            } -MockWith {
                [pscustomobject]@{ Status = 0; Body = '{"Text":"{\"AccessKeyId\":\"ASIAEXPORT\",\"Expiration\":\"2030-01-02T03:04:05Z\",\"SecretAccessKey\":\"exportSecret\",\"SessionToken\":\"exportToken\",\"Version\":1}\n"}' }
            }

            Export-AWSCredential -ProfileName 'role' | Should -BeNullOrEmpty

            $env:AWS_ACCESS_KEY_ID | Should -BeExactly 'ASIAEXPORT'
            $env:AWS_SECRET_ACCESS_KEY | Should -BeExactly 'exportSecret'
            $env:AWS_SESSION_TOKEN | Should -BeExactly 'exportToken'
            $env:AWS_CREDENTIAL_EXPIRATION | Should -BeExactly '2030-01-02T03:04:05Z'
        }
        finally {
            foreach ($name in $saved.Keys) {
                [System.Environment]::SetEnvironmentVariable($name, $saved[$name])
            }
        }
    }

    It 'Export-AWSCredential -WhatIf does not call the native layer' {
        Export-AWSCredential -ProfileName 'role' -WhatIf
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 0 -Exactly
    }
}
