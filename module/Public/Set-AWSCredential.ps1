function Set-AWSCredential {
    <#
    .SYNOPSIS
    Saves AWS credentials to a profile in the shared AWS config and credentials files (-StoreAs), or sets them for the shell in $StoredAWSCredentials.

    .DESCRIPTION
    Set-AWSCredential has two modes, as in the AWS Tools for PowerShell.

    With -StoreAs it writes a profile that the AWS CLI, the AWS SDKs and this module all read:

    - Access keys (-AccessKey, -SecretKey and optionally -SessionToken) go to the shared credentials
      file (~/.aws/credentials or AWS_SHARED_CREDENTIALS_FILE) as [NAME].
    - A role (-RoleArn, -SourceProfile and optionally -ExternalID, -MfaSerial, -RoleSessionName,
      -DurationSeconds) and -Region go to the shared config file (~/.aws/config or AWS_CONFIG_FILE)
      as [profile NAME] ([default] for the default profile), the AWS CLI's convention.
    - -ProfileName copies every setting of an existing profile to the profile named by -StoreAs.
    - -Credential saves the access keys of a credentials object (keys read from a profile or
      supplied as parameters; resolved temporary credentials are refused).
    - With -ProfileLocation everything goes to that one file, as [NAME].

    Storing one kind of profile (keys or role) removes the other kind's settings from that profile;
    unrelated settings such as region and output stay. Only the lines of that profile change:
    comments, blank lines, order, spacing, line endings and other profiles are kept byte for byte.
    The file is locked for the whole update and replaced atomically; new files are created readable
    by the owner only. Names or values that would change the file's structure (a line break, a
    bracket in a profile name, ...) are refused with the error id InvalidInput and nothing is
    written.

    Without -StoreAs (session mode) no file is written. The credentials are resolved and put in
    the shell variable $StoredAWSCredentials, which Get-AWSCredential (without parameters),
    Get-STSCallerIdentity and Export-AWSCredential use when no -ProfileName is given:

    - -ProfileName resolves a profile of any kind: access keys, roles (source_profile or
      credential_source, with MFA), credential_process, SSO, web identity and console login. A
      role that needs an MFA code takes -TokenCode, or asks for the code when the session is
      interactive.
    - -AccessKey, -SecretKey and -SessionToken put those keys in the variable as they are.
    - -Credential puts a credentials object (from Get-AWSCredential or New-AWSCredential) there.

    The variable holds an AwsCredentialManager.AWSCredentials object whose ToString() names the
    source: the profile name, 'Supplied Key Parameters' or 'Credentials Object'. Without -Scope
    it is set in the scope that called Set-AWSCredential, as the incumbent does; in a function or
    script that means the setting ends with it. Use -Scope Global to keep it for the session.

    The parameter names, parameter sets, aliases and positions are those of Set-AWSCredential in the
    AWS Tools for PowerShell, so existing scripts keep working.

    .PARAMETER AccessKey
    The AWS access key id (AKIA... or ASIA...). Written as aws_access_key_id.

    .PARAMETER SecretKey
    The AWS secret access key. Written as aws_secret_access_key. It is never shown in messages.

    .PARAMETER SessionToken
    The session token of temporary credentials. Written as aws_session_token. An empty value is
    treated as not given, as the incumbent does.

    .PARAMETER RoleArn
    The ARN of the IAM role to assume, such as arn:aws:iam::123456789012:role/Admin. Written as role_arn.

    .PARAMETER SourceProfile
    The profile whose credentials assume the role. Written as source_profile.

    .PARAMETER ExternalID
    The external id the role's trust policy requires. Written as external_id.

    .PARAMETER MfaSerial
    The serial number or ARN of the MFA device the role requires. Written as mfa_serial.

    .PARAMETER RoleSessionName
    The session name used when assuming the role (extension: the incumbent has no such
    parameter). Written as role_session_name.

    .PARAMETER DurationSeconds
    How long assumed-role credentials last, 900 to 43200 seconds (extension). Written as duration_seconds.

    .PARAMETER Region
    The default region of the profile, such as eu-west-1 (extension). Written as region in the
    config file with -StoreAs; ignored with a warning in session mode (use Set-DefaultAWSRegion).

    .PARAMETER Credential
    A credentials object: an AwsCredentialManager.AWSCredentials from Get-AWSCredential or
    New-AWSCredential, or any object with a GetCredentials() method that returns AccessKey,
    SecretKey and Token (such as an Amazon.Runtime.AWSCredentials). Unlike the incumbent it binds
    from the pipeline by property name only, not by value.

    .PARAMETER ProfileName
    The existing profile to copy to the profile named by -StoreAs, or, in session mode, the
    profile whose credentials are set for the shell.

    .PARAMETER NetworkCredential
    A PSCredential for SAML role profiles. Declared for compatibility with the incumbent; not
    supported (error id NotSupported).

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, for a role profile with mfa_serial in session
    mode (extension; the incumbent prompts). Without it an interactive session asks for the code
    and a non-interactive one fails with the error id MfaRequired.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location. An
    empty value is treated as not given.

    .PARAMETER StoreAs
    The name of the profile to write. Profile names may contain letters, digits and _ - / . % @ : +.

    .PARAMETER Scope
    The scope of $StoredAWSCredentials in session mode: Global, Local, Script or Private, relative
    to the caller. Without it the caller's current scope. With -StoreAs it is refused, as the
    incumbent does.

    .EXAMPLE
    Set-AWSCredential -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY -StoreAs dev

    Saves access keys as the profile dev in the shared credentials file.

    .EXAMPLE
    Set-AWSCredential -AccessKey ASIAIOSFODNN7EXAMPLE -SecretKey $secret -SessionToken $token -StoreAs temp -Region eu-west-1

    Saves temporary credentials as the profile temp, and its region in the shared config file.

    .EXAMPLE
    Set-AWSCredential -StoreAs admin -SourceProfile dev -RoleArn arn:aws:iam::123456789012:role/Admin -MfaSerial arn:aws:iam::123456789012:mfa/alice

    Saves a role profile in the shared config file: [profile admin] with role_arn, source_profile and mfa_serial.

    .EXAMPLE
    Set-AWSCredential -ProfileName dev -StoreAs default

    Copies every setting of the profile dev to the default profile.

    .EXAMPLE
    Set-AWSCredential -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey $secret -StoreAs build -ProfileLocation C:\Jobs\aws-credentials

    Saves the profile in one file of its own, for example for a scheduled task that runs under another account.

    .EXAMPLE
    Import-Csv .\keys.csv | Set-AWSCredential -Verbose

    Saves one profile per CSV row; the columns AccessKey, SecretKey and StoreAs bind by property name. -Verbose names the files written.

    .EXAMPLE
    Set-AWSCredential -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey $secret -StoreAs dev -WhatIf

    Shows what would be written without touching any file.

    .EXAMPLE
    Set-AWSCredential -ProfileName dev

    Resolves the profile dev and uses it for this shell ($StoredAWSCredentials); no file is written.

    .EXAMPLE
    Set-AWSCredential -ProfileName admin -TokenCode 123456 -Scope Global

    Assumes the role of the profile admin with an MFA code and keeps the credentials for the whole session, even when called from a function or script.

    .EXAMPLE
    Set-AWSCredential -AccessKey $ak -SecretKey $sk -SessionToken $token

    Uses temporary keys for this shell only, for example the output of Use-STSRole.

    .INPUTS
    System.Management.Automation.PSObject
    Every parameter binds by property name from the pipeline.

    .OUTPUTS
    None. Use -Verbose to see the files written or the source of the shell credentials.

    .NOTES
    Differences from Set-AWSCredential in the AWS Tools for PowerShell:
    - There is no encrypted .NET credential store: -StoreAs always writes the shared files that the
      AWS CLI and SDKs read, on every OS, so the CLI sees the profile.
    - Role settings and region go to the config file as [profile NAME], as the AWS CLI writes them;
      the incumbent writes everything to the credentials file.
    - New keys are written as "key = value" in place; existing comments and formatting are kept.
      The incumbent rewrites the section with sorted "key=value" lines.
    - Invalid names or values fail with the error id InvalidInput before anything is written;
      failures of one pipeline item are non-terminating errors with -StoreAs. In session mode a
      failure is terminating, so a script never goes on with the previous credentials.
    - Session mode with -RoleArn and -SourceProfile is not supported (error id NotSupported): the
      native library resolves roles from profiles. Store the role with -StoreAs, then run
      Set-AWSCredential -ProfileName NAME. -NetworkCredential (SAML) is not supported either.
    - Role profiles that need MFA take -TokenCode; the incumbent prompts with Console.ReadKey,
      which fails in hosts without a console. Assumed roles are cached in the AWS CLI's cache
      (~/.aws/cli/cache), so one code serves this module and the CLI until the role expires.
    - $StoredAWSCredentials holds an AwsCredentialManager.AWSCredentials object (not an
      Amazon.PowerShell.Common.AWSPSCredentials); its ToString() gives the source name as the
      incumbent's does, and GetCredentials() gives the keys. Profile credentials are resolved
      again by profile name when they are used, so roles and credential_process stay current.
    - Without -Scope the variable is set in the caller's scope, as the incumbent does, with the
      same consequence: set inside a function, it is gone when the function returns
      (aws-tools-for-powershell#106). Pass -Scope Global there.
    - -RoleSessionName, -DurationSeconds, -Region and -TokenCode are extensions.
    - Empty -SessionToken, -ExternalID, -MfaSerial, -RoleSessionName, -Region and
      -ProfileLocation values count as not given.
    - Changes made with $env: inside PowerShell (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
      AWS_PROFILE, ...) apply at once on every OS: each call passes them to the native library.

    .LINK
    Get-AWSCredential

    .LINK
    New-AWSCredential

    .LINK
    Clear-AWSCredential

    .LINK
    Remove-AWSCredentialProfile

    .LINK
    https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
    #>
    [CmdletBinding(DefaultParameterSetName = 'StoredProfile', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([void])]
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

        [Parameter(ParameterSetName = 'AssumeRole', ValueFromPipelineByPropertyName = $true)]
        [string]
        $RoleSessionName,

        [Parameter(ParameterSetName = 'AssumeRole', ValueFromPipelineByPropertyName = $true)]
        [int]
        $DurationSeconds,

        [Parameter(ParameterSetName = 'BasicOrSession', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'AssumeRole', ValueFromPipelineByPropertyName = $true)]
        [string]
        $Region,

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

        [Parameter(ParameterSetName = 'StoredProfile', ValueFromPipelineByPropertyName = $true)]
        [string]
        $TokenCode,

        [Parameter(Position = 201, ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string]
        $StoreAs,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateSet('Global', 'Local', 'Script', 'Private')]
        [string]
        $Scope
    )

    process {
        $storing = -not [string]::IsNullOrEmpty($StoreAs)

        if ($PSBoundParameters.ContainsKey('Scope') -and $storing) {
            $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message 'Parameters Scope and StoreAs cannot be used together.' -Category ([System.Management.Automation.ErrorCategory]::InvalidArgument) -TargetObject $StoreAs
            $PSCmdlet.ThrowTerminatingError($record)
        }

        if ($PSBoundParameters.ContainsKey('NetworkCredential')) {
            $message = 'Set-AWSCredential -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.'
            $record = New-AwsCredErrorRecord -ErrorId 'NotSupported' -Message $message -Category ([System.Management.Automation.ErrorCategory]::NotImplemented) -TargetObject $ProfileName
            $PSCmdlet.ThrowTerminatingError($record)
        }

        if (-not $storing) {
            # Session mode: resolve, then set $StoredAWSCredentials. No file is written.
            if ($PSCmdlet.ParameterSetName -eq 'AssumeRole') {
                $message = 'Set-AWSCredential cannot use -RoleArn and -SourceProfile without -StoreAs: roles are resolved from profiles. Store the role first (Set-AWSCredential -RoleArn ARN -SourceProfile SOURCE -StoreAs NAME), then run Set-AWSCredential -ProfileName NAME.'
                $record = New-AwsCredErrorRecord -ErrorId 'NotSupported' -Message $message -Category ([System.Management.Automation.ErrorCategory]::NotImplemented) -TargetObject $RoleArn
                $PSCmdlet.ThrowTerminatingError($record)
            }
            if (-not [string]::IsNullOrEmpty($Region)) {
                Microsoft.PowerShell.Utility\Write-Warning -Message '-Region is written to a profile only with -StoreAs; it is ignored here. Use Set-DefaultAWSRegion to set the region for this shell.'
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
            $scopeText = "the caller's scope"
            if (-not [string]::IsNullOrEmpty($Scope)) {
                $scopeText = "scope $Scope"
            }
            if (-not $PSCmdlet.ShouldProcess("`$StoredAWSCredentials ($scopeText)", "Set credentials from $sourceText")) {
                return
            }

            try {
                switch ($PSCmdlet.ParameterSetName) {
                    'BasicOrSession' {
                        $credential = Resolve-AwsCredCredential -AccessKey $AccessKey -SecretKey $SecretKey -SessionToken $SessionToken
                    }
                    'AWSCredentialsObject' {
                        $credential = Resolve-AwsCredCredential -Credential $Credential
                    }
                    default {
                        $shellRegion = [string](Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion')
                        $credential = Resolve-AwsCredCredential -ProfileName $ProfileName -ProfileLocation $location -TokenCode $TokenCode -Region $shellRegion
                    }
                }
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }

            Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSCredentials' -Value $credential -Scope $Scope
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Credentials loaded from $credential."
            return
        }

        $location = $null
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            try {
                $location = Resolve-AwsCredProfileLocation -Path $ProfileLocation
            }
            catch {
                $PSCmdlet.WriteError($_)
                return
            }
        }
        $where = if ($null -ne $location) { "'$location'" } else { 'the shared AWS config and credentials files' }

        $request = [ordered]@{}
        $action = 'Store profile'
        $operation = 'set_profile'
        $errorTarget = $StoreAs
        switch ($PSCmdlet.ParameterSetName) {
            'BasicOrSession' {
                $request['ProfileName'] = $StoreAs
                $request['AccessKey'] = $AccessKey
                $request['SecretKey'] = $SecretKey
                if (-not [string]::IsNullOrEmpty($SessionToken)) {
                    $request['SessionToken'] = $SessionToken
                    $action = "Store access key $AccessKey with a session token"
                }
                else {
                    $action = "Store access key $AccessKey"
                }
            }
            'AssumeRole' {
                $request['ProfileName'] = $StoreAs
                $request['RoleArn'] = $RoleArn
                $request['SourceProfile'] = $SourceProfile
                if (-not [string]::IsNullOrEmpty($ExternalID)) {
                    $request['ExternalId'] = $ExternalID
                }
                if (-not [string]::IsNullOrEmpty($MfaSerial)) {
                    $request['MfaSerial'] = $MfaSerial
                }
                if (-not [string]::IsNullOrEmpty($RoleSessionName)) {
                    $request['RoleSessionName'] = $RoleSessionName
                }
                if ($PSBoundParameters.ContainsKey('DurationSeconds')) {
                    $request['DurationSeconds'] = $DurationSeconds
                }
                $action = "Store role $RoleArn with source profile '$SourceProfile'"
            }
            'AWSCredentialsObject' {
                try {
                    $keys = Get-AwsCredSavableKey -Credential $Credential
                }
                catch {
                    $PSCmdlet.WriteError($_)
                    return
                }
                $request['ProfileName'] = $StoreAs
                $request['AccessKey'] = $keys.AccessKey
                $request['SecretKey'] = $keys.SecretKey
                if ($null -ne $keys.Token) {
                    $request['SessionToken'] = $keys.Token
                }
                $action = "Store access key $($keys.AccessKey) of the credentials object"
            }
            'StoredProfile' {
                $operation = 'copy_profile'
                $errorTarget = $ProfileName
                $request['ProfileName'] = $ProfileName
                $request['StoreAs'] = $StoreAs
                $action = "Copy profile '$ProfileName'"
            }
        }
        if ($operation -eq 'set_profile' -and -not [string]::IsNullOrEmpty($Region)) {
            $request['Region'] = $Region
            $action = "$action and region $Region"
        }
        if ($null -ne $location) {
            $request['ProfileLocation'] = $location
        }

        if (-not $PSCmdlet.ShouldProcess("profile '$StoreAs' in $where", $action)) {
            return
        }

        try {
            $response = Invoke-AwsCredNative -Operation $operation -Request $request -TargetObject $errorTarget
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }

        $written = @()
        $writtenProperty = $response.PSObject.Properties['FilesWritten']
        if ($null -ne $writtenProperty -and $null -ne $writtenProperty.Value) {
            $written = @($writtenProperty.Value)
        }
        $kind = ''
        $kindProperty = $response.PSObject.Properties['Kind']
        if ($null -ne $kindProperty -and $null -ne $kindProperty.Value) {
            $kind = " ($($kindProperty.Value))"
        }
        if ($written.Count -gt 0) {
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Stored profile '$StoreAs'$kind; updated $($written -join ', ')."
        }
        else {
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Profile '$StoreAs'$kind already held these settings; no file was changed."
        }
    }
}
