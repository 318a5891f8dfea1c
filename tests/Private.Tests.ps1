# Unit tests of the private layer: error mapping, request serialization, native-call handling and
# the request each cmdlet sends. The native boundary is mocked where noted
# (Invoke-AwsCredNativeCall, Invoke-AwsCredNative), so these tests pin down the PowerShell side.

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
            Mock -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -MockWith {
                [pscustomobject]@{ Status = 0; Body = '{"ProfileName":"p","FilesWritten":[]}' }
            }
            # 'p' + e-acute, built from its code point so the test file's encoding does not matter.
            $name = 'p' + [char]0x00E9
            InModuleScope -ModuleName 'AwsCredentialManager' -Parameters @{ Name = $name } -ScriptBlock {
                param($Name)
                $null = Invoke-AwsCredNative -Operation 'remove_profile' -Request @{ ProfileName = $Name }
            }
            Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNativeCall' -Times 1 -Exactly -ParameterFilter {
                $Operation -eq 'remove_profile' -and
                ([System.Text.Encoding]::UTF8.GetString($RequestBytes) | ConvertFrom-Json).ProfileName -ceq ('p' + [char]0x00E9)
            }
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

    It 'Set-AWSCredential in session mode does not call the native layer' {
        { Set-AWSCredential -AccessKey 'AKIDX' -SecretKey 'secretX' } | Should -Throw -ErrorId 'NotSupported*'
        Should -Invoke -ModuleName 'AwsCredentialManager' -CommandName 'Invoke-AwsCredNative' -Times 0 -Exactly
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
        $credential.PSObject.Properties.Name | Should -Be @('ProfileName', 'Source', 'ProfileLocation', 'AccessKey')
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
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported*'
        $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::NotImplemented)
        $err[0].TargetObject | Should -BeExactly 'r'
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
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'LockTimeout*' }).Count | Should -BeGreaterOrEqual 2
        $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceBusy)
    }
}
