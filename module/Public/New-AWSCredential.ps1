function New-AWSCredential {
    <#
    .SYNOPSIS
    Returns a credentials object from access keys, a stored profile or another credentials object, without storing anything.

    .DESCRIPTION
    New-AWSCredential resolves credentials the way Set-AWSCredential does in session mode, but
    returns them as an AwsCredentialManager.AWSCredentials object instead of setting
    $StoredAWSCredentials, and writes no file:

    - -AccessKey, -SecretKey and optionally -SessionToken: those keys ('Supplied Key Parameters').
    - -ProfileName (with -ProfileLocation): the profile, of any kind: access keys, roles
      (source_profile or credential_source, with MFA), credential_process, SSO, web identity and
      console login.
    - -Credential: a credentials object, returned as this module's type.

    The object's GetCredentials() method returns {AccessKey, SecretKey, Token, UseToken}; no
    property and no format view shows the secret. Pass it to Set-AWSCredential -Credential to
    use it for the shell.

    A role profile with mfa_serial takes -TokenCode; without it an interactive session asks for
    the code and a non-interactive one fails with the error id MfaRequired, naming the device.

    .PARAMETER AccessKey
    The AWS access key id (AKIA... or ASIA...).

    .PARAMETER SecretKey
    The AWS secret access key.

    .PARAMETER SessionToken
    The session token of temporary credentials; empty counts as not given.

    .PARAMETER RoleArn
    The ARN of a role to assume. Declared for compatibility with the incumbent; roles are
    resolved from profiles only (error id NotSupported): store the role with
    Set-AWSCredential -StoreAs and pass -ProfileName.

    .PARAMETER SourceProfile
    The profile whose credentials would assume -RoleArn (see -RoleArn).

    .PARAMETER ExternalID
    The external id of the role (see -RoleArn).

    .PARAMETER MfaSerial
    The MFA device of the role (see -RoleArn).

    .PARAMETER Credential
    A credentials object: an AwsCredentialManager.AWSCredentials, or any object with a
    GetCredentials() method that returns AccessKey, SecretKey and Token.

    .PARAMETER ProfileName
    The profile to resolve.

    .PARAMETER NetworkCredential
    A PSCredential for SAML role profiles. Declared for compatibility with the incumbent; not
    supported (error id NotSupported).

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location.

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, for a role profile with mfa_serial (extension).

    .EXAMPLE
    $credential = New-AWSCredential -ProfileName dev

    Resolves the profile dev into a credentials object.

    .EXAMPLE
    New-AWSCredential -AccessKey $ak -SecretKey $sk -SessionToken $token | ForEach-Object { Set-AWSCredential -Credential $_ }

    Builds a credentials object from temporary keys and uses it for the shell.

    .EXAMPLE
    (New-AWSCredential -ProfileName admin -TokenCode 123456).GetCredentials().Token

    Assumes the role of the profile admin with an MFA code and reads the session token.

    .INPUTS
    System.Management.Automation.PSObject
    The parameters bind by property name from the pipeline.

    .OUTPUTS
    AwsCredentialManager.AWSCredentials

    .NOTES
    Differences from New-AWSCredential in the AWS Tools for PowerShell:
    - The output is an AwsCredentialManager.AWSCredentials object, not an
      Amazon.Runtime.AWSCredentials; it cannot be passed to the AWS service cmdlets.
    - Profiles are resolved when the command runs (the incumbent resolves roles and SSO when the
      object is first used), so failures are errors here: ProfileNotFound, MfaRequired,
      LoginRequired (an expired SSO or console login never opens a browser), AwsServiceError.
      Failures are terminating.
    - The AssumeRole set (-RoleArn, -SourceProfile) and -NetworkCredential are not supported
      (error id NotSupported): store the role as a profile first.
    - -TokenCode is an extension; -WhatIf and -Confirm are supported (ConfirmImpact Low).

    .LINK
    Set-AWSCredential

    .LINK
    Get-AWSCredential
    #>
    [CmdletBinding(DefaultParameterSetName = 'StoredProfile', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType('AwsCredentialManager.AWSCredentials')]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUsePSCredentialType', '', Justification = 'The incumbent types -Credential as Amazon.Runtime.AWSCredentials, which is not a PSCredential.')]
    param(
        [Parameter(ParameterSetName = 'BasicOrSession', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('AK')]
        [string]
        $AccessKey,

        [Parameter(ParameterSetName = 'BasicOrSession', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('SK', 'SecretAccessKey')]
        [string]
        $SecretKey,

        [Parameter(ParameterSetName = 'BasicOrSession', ValueFromPipelineByPropertyName = $true)]
        [Alias('ST')]
        [string]
        $SessionToken,

        [Parameter(ParameterSetName = 'AssumeRole', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string]
        $RoleArn,

        [Parameter(ParameterSetName = 'AssumeRole', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string]
        $SourceProfile,

        [Parameter(ParameterSetName = 'AssumeRole', ValueFromPipelineByPropertyName = $true)]
        [string]
        $ExternalID,

        [Parameter(ParameterSetName = 'AssumeRole', ValueFromPipelineByPropertyName = $true)]
        [string]
        $MfaSerial,

        [Parameter(ParameterSetName = 'AWSCredentialsObject', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [object]
        $Credential,

        [Parameter(ParameterSetName = 'StoredProfile', Mandatory = $true, Position = 200, ValueFromPipelineByPropertyName = $true)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [string]
        $ProfileName,

        [Parameter(ParameterSetName = 'StoredProfile', ValueFromPipelineByPropertyName = $true)]
        [System.Management.Automation.PSCredential]
        $NetworkCredential,

        [Parameter(Position = 201, ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter(ParameterSetName = 'StoredProfile', ValueFromPipelineByPropertyName = $true)]
        [string]
        $TokenCode
    )

    process {
        if ($PSCmdlet.ParameterSetName -eq 'AssumeRole') {
            $message = 'New-AWSCredential cannot use -RoleArn and -SourceProfile: roles are resolved from profiles. Store the role first (Set-AWSCredential -RoleArn ARN -SourceProfile SOURCE -StoreAs NAME), then run New-AWSCredential -ProfileName NAME.'
            $record = New-AwsCredErrorRecord -ErrorId 'NotSupported' -Message $message -Category ([System.Management.Automation.ErrorCategory]::NotImplemented) -TargetObject $RoleArn
            $PSCmdlet.ThrowTerminatingError($record)
        }
        if ($PSBoundParameters.ContainsKey('NetworkCredential')) {
            $message = 'New-AWSCredential -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.'
            $record = New-AwsCredErrorRecord -ErrorId 'NotSupported' -Message $message -Category ([System.Management.Automation.ErrorCategory]::NotImplemented) -TargetObject $ProfileName
            $PSCmdlet.ThrowTerminatingError($record)
        }

        $location = $null
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            try {
                $location = Resolve-AwsCredProfileLocation -Path $ProfileLocation
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
        }

        switch ($PSCmdlet.ParameterSetName) {
            'BasicOrSession' { $sourceText = "supplied access key $AccessKey" }
            'AWSCredentialsObject' { $sourceText = 'the credentials object' }
            default { $sourceText = "profile '$ProfileName'" }
        }
        if (-not $PSCmdlet.ShouldProcess($sourceText, 'Create a credentials object')) {
            return
        }

        try {
            switch ($PSCmdlet.ParameterSetName) {
                'BasicOrSession' {
                    Resolve-AwsCredCredential -AccessKey $AccessKey -SecretKey $SecretKey -SessionToken $SessionToken
                }
                'AWSCredentialsObject' {
                    Resolve-AwsCredCredential -Credential $Credential
                }
                default {
                    $shellRegion = [string](Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion')
                    Resolve-AwsCredCredential -ProfileName $ProfileName -ProfileLocation $location -TokenCode $TokenCode -Region $shellRegion
                }
            }
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
