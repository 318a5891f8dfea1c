function Resolve-AwsCredCredential {
    <#
    .SYNOPSIS
    Turns the credential parameters of Set-/New-AWSCredential and Initialize-AWSDefaultConfiguration
    into an AwsCredentialManager.AWSCredentials object, without writing anything.

    .DESCRIPTION
    - Keys: -AccessKey, -SecretKey and optionally -SessionToken become an object whose source is
      'Supplied Key Parameters'. Nothing is sent to the native library.
    - Profile: get_credentials for -ProfileName (any kind: keys, roles, credential_process, SSO,
      web identity, console login), asking for an MFA code when a role needs one and the session
      is interactive (Invoke-AwsCredCredentialRequest).
    - Object: a -Credential object. This module's AWSCredentials objects are returned as they are;
      any other object with a GetCredentials() method (an Amazon.Runtime.AWSCredentials of the
      AWS Tools for PowerShell, for example) is copied into one, named 'Credentials Object'.
    - Chain: get_credentials without a profile name: the default chain (environment keys,
      AWS_PROFILE or default, web identity, container, instance metadata bounded to 1.5 s).

    Failures are terminating ErrorRecords with the native error code as id.

    .PARAMETER AccessKey
    The access key id.

    .PARAMETER SecretKey
    The secret access key.

    .PARAMETER SessionToken
    The session token of temporary keys; empty for none.

    .PARAMETER ProfileName
    The profile to resolve.

    .PARAMETER Credential
    A credentials object.

    .PARAMETER ProfileLocation
    An absolute -ProfileLocation path, if any.

    .PARAMETER TokenCode
    The MFA code, if given.

    .PARAMETER Region
    The region for STS calls (explicit or the shell default), if any.

    .OUTPUTS
    AwsCredentialManager.AWSCredentials
    #>
    [CmdletBinding(DefaultParameterSetName = 'Chain')]
    [OutputType('AwsCredentialManager.AWSCredentials')]
    param(
        [Parameter(ParameterSetName = 'Keys', Mandatory = $true)]
        [string]
        $AccessKey,

        [Parameter(ParameterSetName = 'Keys', Mandatory = $true)]
        [string]
        $SecretKey,

        [Parameter(ParameterSetName = 'Keys')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $SessionToken,

        [Parameter(ParameterSetName = 'Profile', Mandatory = $true)]
        [string]
        $ProfileName,

        [Parameter(ParameterSetName = 'Object', Mandatory = $true)]
        [object]
        $Credential,

        [Parameter(ParameterSetName = 'Profile')]
        [Parameter(ParameterSetName = 'Chain')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $ProfileLocation,

        [Parameter(ParameterSetName = 'Profile')]
        [Parameter(ParameterSetName = 'Chain')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $TokenCode,

        [Parameter(ParameterSetName = 'Profile')]
        [Parameter(ParameterSetName = 'Chain')]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Region
    )

    switch ($PSCmdlet.ParameterSetName) {
        'Keys' {
            $token = $null
            if (-not [string]::IsNullOrEmpty($SessionToken)) {
                $token = $SessionToken
            }
            $response = [pscustomobject]@{
                AccessKeyId     = $AccessKey
                SecretAccessKey = $SecretKey
                SessionToken    = $token
                Source          = 'Parameters'
            }
            New-AwsCredCredentialObject -Response $response
            return
        }
        'Object' {
            if ($null -ne $Credential -and @($Credential.PSObject.TypeNames) -contains 'AwsCredentialManager.AWSCredentials' -and $null -ne $Credential.PSObject.Methods['GetCredentials']) {
                $Credential
                return
            }
            if ($null -eq $Credential -or $null -eq $Credential.PSObject.Methods['GetCredentials']) {
                $typeName = if ($null -eq $Credential) { 'null' } else { @($Credential.PSObject.TypeNames)[0] }
                $message = "-Credential must be a credentials object with a GetCredentials() method (from Get-AWSCredential or New-AWSCredential); got $typeName."
                $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -TargetObject $Credential
                $PSCmdlet.ThrowTerminatingError($record)
            }
            $keys = $Credential.GetCredentials()
            $token = $null
            if (-not [string]::IsNullOrEmpty([string]$keys.Token)) {
                $token = [string]$keys.Token
            }
            $response = [pscustomobject]@{
                AccessKeyId     = [string]$keys.AccessKey
                SecretAccessKey = [string]$keys.SecretKey
                SessionToken    = $token
                Source          = 'CredentialsObject'
            }
            New-AwsCredCredentialObject -Response $response
            return
        }
    }

    $request = [ordered]@{}
    $target = $null
    if ($PSCmdlet.ParameterSetName -eq 'Profile') {
        $request['ProfileName'] = $ProfileName
        $target = $ProfileName
    }
    if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
        $request['ProfileLocation'] = $ProfileLocation
    }
    if (-not [string]::IsNullOrEmpty($Region)) {
        $request['Region'] = $Region
    }

    $response = Invoke-AwsCredCredentialRequest -Operation 'get_credentials' -Request $request -TargetObject $target -TokenCode $TokenCode
    New-AwsCredCredentialObject -Response $response -RequestedProfileLocation $ProfileLocation
}
