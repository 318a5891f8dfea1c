function Initialize-AWSDefaultConfiguration {
    <#
    .SYNOPSIS
    Creates or updates the profile named 'default' from keys, a role, another profile or the default chain, and makes its credentials and region active for the shell.

    .DESCRIPTION
    Initialize-AWSDefaultConfiguration does three things, as in the AWS Tools for PowerShell:

    1. Finds credentials, by parameter set:
       - BasicOrSession: -AccessKey, -SecretKey and optionally -SessionToken.
       - AssumeRole: -RoleArn and -SourceProfile (optionally -ExternalID, -MfaSerial).
       - StoredProfile: -ProfileName, an existing profile of any kind; it is resolved first, so a
         profile that does not resolve is not copied.
       - AWSCredentialsObject: the access keys of -Credential.
       - InstanceProfile (no credential parameters) and RegionOnly (-Region alone): the default
         chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the default profile,
         web identity, container credentials, and instance metadata, which is how it is used on
         an EC2 instance (the lookup gives up after about 1.5 seconds elsewhere).
       And a region: -Region, else $StoredAWSRegion, else the profile's region (StoredProfile),
       AWS_REGION, AWS_DEFAULT_REGION, the default profile's region, instance metadata.
    2. Persists what was given as parameters (or typed at a prompt) into the profile `default`:
       keys and -Region with set_profile, a role with set_profile, -ProfileName with a copy of
       that profile. Nothing is persisted for credentials found by the default chain, and a
       region found in the environment or instance metadata is not written either.
    3. Sets $StoredAWSCredentials and $StoredAWSRegion for the shell (the caller's scope, or
       -Scope).

    Nothing is written and the shell is not changed unless both credentials and a region are
    found. When something is missing, an interactive session asks for it (access key and secret
    key, region name); a non-interactive session (a scheduled task, pwsh -NonInteractive) never
    waits for input: it fails with the error id NoCredentials or NoRegion, naming what is
    missing and the parameters that supply it.

    An existing `default` profile that holds other credentials (or another region) is never
    replaced silently. Replacing it asks for confirmation (ConfirmImpact High), which -Force
    skips; -WhatIf shows what would be replaced. A non-interactive session without -Force fails
    with the error id DefaultProfileExists instead of replacing it. Writing the same values
    again, or adding credentials to a default profile that holds only settings, does not ask.

    .PARAMETER AccessKey
    The AWS access key id to store in the default profile.

    .PARAMETER SecretKey
    The AWS secret access key to store in the default profile.

    .PARAMETER SessionToken
    The session token of temporary keys; empty counts as not given.

    .PARAMETER RoleArn
    The ARN of the role the default profile assumes (role_arn).

    .PARAMETER SourceProfile
    The profile whose credentials assume the role (source_profile).

    .PARAMETER ExternalID
    The external id the role's trust policy requires (external_id).

    .PARAMETER MfaSerial
    The MFA device the role requires (mfa_serial).

    .PARAMETER Credential
    A credentials object whose access keys are stored (keys read from a profile or supplied as
    parameters; resolved temporary credentials are refused).

    .PARAMETER ProfileName
    An existing profile to copy to the default profile.

    .PARAMETER NetworkCredential
    A PSCredential for SAML role profiles. Declared for compatibility with the incumbent; not
    supported (error id NotSupported).

    .PARAMETER Region
    The region to store in the default profile and set for the shell, such as us-east-1 (lower-case
    letters, digits and -). Mandatory in the RegionOnly set; not part of the InstanceProfile set.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files: the default profile is written there and read from there.

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, when the credentials come from a role with
    mfa_serial (extension; the incumbent prompts).

    .PARAMETER Scope
    The scope of $StoredAWSCredentials and $StoredAWSRegion: Global, Local, Script or Private,
    relative to the caller. Without it, the caller's current scope.

    .PARAMETER Force
    Replace an existing default profile that holds other credentials or another region without
    asking. -WhatIf still only shows what would happen.

    .EXAMPLE
    Initialize-AWSDefaultConfiguration -AccessKey AKIAIOSFODNN7EXAMPLE -SecretKey $secret -Region us-west-2

    Stores the keys and region in the default profile and uses them for this shell.

    .EXAMPLE
    Initialize-AWSDefaultConfiguration -ProfileName dev -Region eu-west-1

    Copies the profile dev to the default profile, sets its region, and uses it for this shell.

    .EXAMPLE
    Initialize-AWSDefaultConfiguration

    On an EC2 instance: uses the instance profile credentials and the instance's region for this shell; nothing is written.

    .EXAMPLE
    Initialize-AWSDefaultConfiguration -ProfileName prod -Force -Scope Global

    Replaces a default profile that holds other credentials without asking, and keeps the result for the whole session.

    .EXAMPLE
    Initialize-AWSDefaultConfiguration -ProfileName prod -WhatIf

    Shows whether the default profile would be created or replaced, and why, without changing anything.

    .INPUTS
    None.

    .OUTPUTS
    None. Use -Verbose to see where the credentials and region came from and what was written.

    .NOTES
    Differences from Initialize-AWSDefaultConfiguration in the AWS Tools for PowerShell:
    - A non-interactive session never prompts: missing credentials or region fail with the error
      ids NoCredentials or NoRegion before anything is written (the incumbent throws "host does
      not support user interaction", or blocks).
    - An existing default profile with other credentials or region is replaced only after
      confirmation or with -Force (the incumbent overwrites it silently); -WhatIf is supported.
    - The interactive prompt asks for keys and a region name; it does not offer a list of saved
      profiles or of regions (pass -ProfileName or -Region instead).
    - A region that came from the environment or instance metadata is not written to the default
      profile, so it cannot later override the instance's own region.
    - Everything is written to the shared config and credentials files (or -ProfileLocation),
      never to an encrypted .NET store; role settings and region go to the config file.
    - The parameters do not bind from the pipeline; -TokenCode, -Force are extensions.
    - Without -Scope the variables are set in the caller's scope, as the incumbent does: inside a
      function or script they end with it (aws-tools-for-powershell#106). Use -Scope Global there.

    .LINK
    Set-AWSCredential

    .LINK
    Set-DefaultAWSRegion

    .LINK
    Get-STSCallerIdentity
    #>
    [CmdletBinding(DefaultParameterSetName = 'InstanceProfile', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType([void])]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUsePSCredentialType', '', Justification = 'The incumbent types -Credential as Amazon.Runtime.AWSCredentials, which is not a PSCredential.')]
    param(
        [Parameter(ParameterSetName = 'BasicOrSession', Mandatory = $true)]
        [Alias('AK')]
        [string]
        $AccessKey,

        [Parameter(ParameterSetName = 'BasicOrSession', Mandatory = $true)]
        [Alias('SK', 'SecretAccessKey')]
        [string]
        $SecretKey,

        [Parameter(ParameterSetName = 'BasicOrSession')]
        [Alias('ST')]
        [string]
        $SessionToken,

        [Parameter(ParameterSetName = 'AssumeRole', Mandatory = $true)]
        [string]
        $RoleArn,

        [Parameter(ParameterSetName = 'AssumeRole', Mandatory = $true)]
        [string]
        $SourceProfile,

        [Parameter(ParameterSetName = 'AssumeRole')]
        [string]
        $ExternalID,

        [Parameter(ParameterSetName = 'AssumeRole')]
        [string]
        $MfaSerial,

        [Parameter(ParameterSetName = 'AWSCredentialsObject', Mandatory = $true)]
        [object]
        $Credential,

        [Parameter(ParameterSetName = 'StoredProfile', Mandatory = $true, Position = 200)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [string]
        $ProfileName,

        [Parameter(ParameterSetName = 'StoredProfile')]
        [System.Management.Automation.PSCredential]
        $NetworkCredential,

        [Parameter(ParameterSetName = 'BasicOrSession', Position = 210)]
        [Parameter(ParameterSetName = 'AssumeRole', Position = 210)]
        [Parameter(ParameterSetName = 'AWSCredentialsObject', Position = 210)]
        [Parameter(ParameterSetName = 'StoredProfile', Position = 210)]
        [Parameter(ParameterSetName = 'RegionOnly', Mandatory = $true, Position = 210)]
        [Alias('RegionToCall')]
        [string]
        $Region,

        [Parameter(Position = 201)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter()]
        [string]
        $TokenCode,

        [Parameter()]
        [ValidateSet('Global', 'Local', 'Script', 'Private')]
        [string]
        $Scope,

        [Parameter()]
        [switch]
        $Force
    )

    $set = $PSCmdlet.ParameterSetName

    if ($PSBoundParameters.ContainsKey('NetworkCredential')) {
        $message = 'Initialize-AWSDefaultConfiguration -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.'
        $record = New-AwsCredErrorRecord -ErrorId 'NotSupported' -Message $message -Category ([System.Management.Automation.ErrorCategory]::NotImplemented) -TargetObject $ProfileName
        $PSCmdlet.ThrowTerminatingError($record)
    }
    if (-not [string]::IsNullOrEmpty($Region) -and -not (Test-AwsCredRegionName -Region $Region)) {
        $message = "Region '$Region' is not a region name (lower-case letters, digits and -, e.g. us-east-1)."
        $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -TargetObject $Region
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
    $where = 'the shared AWS config and credentials files'
    if ($null -ne $location) {
        $where = "'$location'"
    }
    $scopeText = "the caller's scope"
    if (-not [string]::IsNullOrEmpty($Scope)) {
        $scopeText = "scope $Scope"
    }

    $shellRegion = [string](Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion')
    $stsRegion = $Region
    if ([string]::IsNullOrEmpty($stsRegion)) {
        $stsRegion = $shellRegion
    }

    # 1. Credentials: what goes into the default profile, and the shell credentials when they
    #    can be known before anything is written.
    $writes = [System.Collections.Generic.List[object]]::new()
    $writeKind = $null
    $writeSettings = $null
    $copiedRegion = $null
    $keys = $null
    $shellCredential = $null
    $resolveDefaultAfterWrite = $false
    $credentialsMissing = $false
    $chainMessage = $null

    try {
        switch ($set) {
            'BasicOrSession' {
                $token = $null
                if (-not [string]::IsNullOrEmpty($SessionToken)) {
                    $token = $SessionToken
                }
                $keys = [pscustomobject]@{ AccessKey = $AccessKey; SecretKey = $SecretKey; Token = $token }
            }
            'AWSCredentialsObject' {
                $keys = Get-AwsCredSavableKey -Credential $Credential
            }
            'AssumeRole' {
                $request = [ordered]@{ ProfileName = 'default'; RoleArn = $RoleArn; SourceProfile = $SourceProfile }
                $writeSettings = [ordered]@{ role_arn = $RoleArn; source_profile = $SourceProfile; external_id = $null; mfa_serial = $null }
                if (-not [string]::IsNullOrEmpty($ExternalID)) {
                    $request['ExternalId'] = $ExternalID
                    $writeSettings['external_id'] = $ExternalID
                }
                if (-not [string]::IsNullOrEmpty($MfaSerial)) {
                    $request['MfaSerial'] = $MfaSerial
                    $writeSettings['mfa_serial'] = $MfaSerial
                }
                $writeKind = 'AssumeRole'
                $writes.Add([pscustomobject]@{ Operation = 'set_profile'; Request = $request; Action = "store role $RoleArn with source profile '$SourceProfile'" })
                $resolveDefaultAfterWrite = $true
            }
            'StoredProfile' {
                # Resolved first: a profile that does not resolve is not copied.
                $shellCredential = Resolve-AwsCredCredential -ProfileName $ProfileName -ProfileLocation $location -TokenCode $TokenCode -Region $stsRegion
                if ($ProfileName -ne 'default') {
                    $showRequest = [ordered]@{ ProfileName = $ProfileName; ProfileLocation = $location }
                    $shown = Invoke-AwsCredNative -Operation 'show_profile' -Request $showRequest -TargetObject $ProfileName
                    $writeKind = [string]$shown.Kind
                    $writeSettings = [ordered]@{}
                    foreach ($setting in @($shown.Settings)) {
                        if ($null -eq $setting) {
                            continue
                        }
                        if ([string]$setting.Name -eq 'region') {
                            $copiedRegion = [string]$setting.Value
                        }
                        else {
                            $writeSettings[[string]$setting.Name] = [string]$setting.Value
                        }
                    }
                    $writes.Add([pscustomobject]@{ Operation = 'copy_profile'; Request = [ordered]@{ ProfileName = $ProfileName; StoreAs = 'default' }; Action = "copy profile '$ProfileName'" })
                }
            }
            default {
                # InstanceProfile and RegionOnly: the default chain, as the incumbent falls through to it.
                try {
                    $shellCredential = Resolve-AwsCredCredential -ProfileLocation $location -TokenCode $TokenCode -Region $stsRegion
                }
                catch {
                    if ([string]$_.Exception.Data['AwsCredErrorCode'] -ne 'NoCredentials') {
                        throw
                    }
                    $credentialsMissing = $true
                    $chainMessage = $_.Exception.Message
                }
            }
        }
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }

    # 2. Region: -Region or the shell default, the profile's own, environment, default profile,
    #    instance metadata.
    $regionRequest = [ordered]@{ UseInstanceMetadata = $true }
    if (-not [string]::IsNullOrEmpty($stsRegion)) {
        $regionRequest['Region'] = $stsRegion
    }
    if ($set -eq 'StoredProfile') {
        $regionRequest['ProfileName'] = $ProfileName
    }
    if ($null -ne $location) {
        $regionRequest['ProfileLocation'] = $location
    }
    try {
        $regionAnswer = Invoke-AwsCredNative -Operation 'resolve_region' -Request $regionRequest -TargetObject $Region
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    $resolvedRegion = $null
    $regionSource = $null
    if ($null -ne $regionAnswer.PSObject.Properties['Region'] -and -not [string]::IsNullOrEmpty([string]$regionAnswer.Region)) {
        $resolvedRegion = [string]$regionAnswer.Region
        # Source is optional in the response (docs/api.md); read it without tripping strict mode.
        $sourceProperty = $regionAnswer.PSObject.Properties['Source']
        if ($null -ne $sourceProperty) {
            $regionSource = [string]$sourceProperty.Value
        }
    }

    # 3. Ask for what is missing, or fail naming it. Nothing has been written yet.
    $regionMissing = $null -eq $resolvedRegion
    if ($credentialsMissing -or $regionMissing) {
        if (-not (Test-AwsCredInteractive)) {
            if ($credentialsMissing) {
                $missing = 'credentials'
                if ($regionMissing) {
                    $missing = 'credentials and no region'
                }
                $message = "Initialize-AWSDefaultConfiguration found no $missing, and this session is not interactive, so it does not ask; nothing was written. Pass -AccessKey and -SecretKey, -ProfileName, or -RoleArn with -SourceProfile"
                if ($regionMissing) {
                    $message += ', and -Region'
                }
                $message += ". Sources tried: $chainMessage"
                $record = New-AwsCredErrorRecord -ErrorId 'NoCredentials' -Message $message -Category ([System.Management.Automation.ErrorCategory]::AuthenticationError) -TargetObject $ProfileLocation
            }
            else {
                $message = 'Initialize-AWSDefaultConfiguration found no region (-Region, $StoredAWSRegion, the profile, AWS_REGION, AWS_DEFAULT_REGION, the default profile, instance metadata), and this session is not interactive, so it does not ask; nothing was written. Pass -Region, for example -Region us-east-1.'
                $record = New-AwsCredErrorRecord -ErrorId 'NoRegion' -Message $message -Category ([System.Management.Automation.ErrorCategory]::ObjectNotFound) -TargetObject $ProfileLocation
            }
            $PSCmdlet.ThrowTerminatingError($record)
        }

        if ($credentialsMissing) {
            $enteredKey = ([string](Read-AwsCredHostInput -Prompt 'AWS Access Key')).Trim()
            $enteredSecret = ([string](Read-AwsCredHostInput -Prompt 'AWS Secret Key' -AsSecureString)).Trim()
            if ([string]::IsNullOrEmpty($enteredKey) -or [string]::IsNullOrEmpty($enteredSecret)) {
                $record = New-AwsCredErrorRecord -ErrorId 'NoCredentials' -Message 'AWS Access Key and AWS Secret Key are both needed; nothing was written.' -Category ([System.Management.Automation.ErrorCategory]::AuthenticationError)
                $PSCmdlet.ThrowTerminatingError($record)
            }
            $keys = [pscustomobject]@{ AccessKey = $enteredKey; SecretKey = $enteredSecret; Token = $null }
        }
        if ($regionMissing) {
            $enteredRegion = ([string](Read-AwsCredHostInput -Prompt 'Region system name, such as us-east-1')).Trim()
            if (-not (Test-AwsCredRegionName -Region $enteredRegion)) {
                $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message "Region '$enteredRegion' is not a region name (lower-case letters, digits and -, e.g. us-east-1); nothing was written." -TargetObject $enteredRegion
                $PSCmdlet.ThrowTerminatingError($record)
            }
            $resolvedRegion = $enteredRegion
            $regionSource = 'Prompt'
        }
    }

    if ($null -ne $keys) {
        $request = [ordered]@{ ProfileName = 'default'; AccessKey = $keys.AccessKey; SecretKey = $keys.SecretKey }
        $writeKind = 'Basic'
        if ($null -ne $keys.Token) {
            $request['SessionToken'] = $keys.Token
            $writeKind = 'Session'
        }
        $writeSettings = [ordered]@{
            aws_access_key_id     = $keys.AccessKey
            aws_secret_access_key = ConvertTo-AwsCredMaskedValue -Value $keys.SecretKey
            aws_session_token     = ConvertTo-AwsCredMaskedValue -Value $keys.Token
        }
        $writes.Add([pscustomobject]@{ Operation = 'set_profile'; Request = $request; Action = "store access key $($keys.AccessKey)" })
        $shellCredential = Resolve-AwsCredCredential -AccessKey $keys.AccessKey -SecretKey $keys.SecretKey -SessionToken $keys.Token
    }

    # 4. The region goes into the default profile when it was given or typed.
    $regionToWrite = $null
    if (-not [string]::IsNullOrEmpty($Region)) {
        $regionToWrite = $Region
    }
    elseif ($regionSource -eq 'Prompt') {
        $regionToWrite = $resolvedRegion
    }
    if ($null -ne $regionToWrite) {
        $setWrite = $null
        foreach ($write in $writes) {
            if ($write.Operation -eq 'set_profile') {
                $setWrite = $write
            }
        }
        if ($null -ne $setWrite) {
            $setWrite.Request['Region'] = $regionToWrite
            $setWrite.Action = "$($setWrite.Action) and region $regionToWrite"
        }
        else {
            $writes.Add([pscustomobject]@{ Operation = 'set_profile'; Request = [ordered]@{ ProfileName = 'default'; Region = $regionToWrite }; Action = "store region $regionToWrite" })
        }
    }
    foreach ($write in $writes) {
        if ($null -ne $location) {
            $write.Request['ProfileLocation'] = $location
        }
    }

    # 5. Would this replace a default profile that holds something else?
    $overwriteReason = $null
    if ($writes.Count -gt 0) {
        $existing = $null
        try {
            $existing = Invoke-AwsCredNative -Operation 'show_profile' -Request ([ordered]@{ ProfileName = 'default'; ProfileLocation = $location }) -TargetObject 'default'
        }
        catch {
            if ([string]$_.Exception.Data['AwsCredErrorCode'] -ne 'ProfileNotFound') {
                $PSCmdlet.ThrowTerminatingError($_)
            }
        }
        if ($null -ne $existing) {
            $compareRegion = $regionToWrite
            if ($null -eq $compareRegion) {
                $compareRegion = $copiedRegion
            }
            $overwriteReason = Get-AwsCredOverwriteReason -Existing $existing -Kind $writeKind -Settings $writeSettings -Region $compareRegion -CompareAll:($set -eq 'StoredProfile')
        }
    }

    # 6. Confirmation: only replacing a different default profile asks (ConfirmImpact High);
    #    everything else goes ahead unless -Confirm was given. ShouldProcess reads the
    #    preference once, so it is set before the one ShouldProcess call below.
    if ([string]::IsNullOrEmpty($overwriteReason) -or $Force.IsPresent) {
        if (-not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }
    elseif (-not $WhatIfPreference -and $ConfirmPreference -ne 'None' -and -not (Test-AwsCredInteractive)) {
        $message = "The profile 'default' in $where already exists and $overwriteReason. Initialize-AWSDefaultConfiguration replaces it only after confirmation, and this session is not interactive; nothing was written. Add -Force to replace it, or store these credentials under another name with Set-AWSCredential -StoreAs."
        $record = New-AwsCredErrorRecord -ErrorId 'DefaultProfileExists' -Message $message -Category ([System.Management.Automation.ErrorCategory]::ResourceExists) -TargetObject 'default'
        $PSCmdlet.ThrowTerminatingError($record)
    }

    $credentialText = "the credentials of profile 'default'"
    if ($null -ne $shellCredential) {
        $credentialText = "credentials '$shellCredential'"
    }
    $shellAction = "set `$StoredAWSCredentials to $credentialText and `$StoredAWSRegion to $resolvedRegion ($scopeText)"
    if ($writes.Count -gt 0) {
        $target = "profile 'default' in $where"
        $action = (@($writes | Microsoft.PowerShell.Core\ForEach-Object { $_.Action }) -join ', ') + ', then ' + $shellAction
        if (-not [string]::IsNullOrEmpty($overwriteReason)) {
            $action = "Replace the existing profile ($overwriteReason): $action"
        }
    }
    else {
        $target = 'the shell variables $StoredAWSCredentials and $StoredAWSRegion'
        $action = $shellAction
    }
    if (-not $PSCmdlet.ShouldProcess($target, $action)) {
        return
    }

    # 7. Write, resolve what needs the written profile, set the shell.
    try {
        foreach ($write in $writes) {
            $response = Invoke-AwsCredNative -Operation $write.Operation -Request $write.Request -TargetObject 'default'
            $written = @()
            $writtenProperty = $response.PSObject.Properties['FilesWritten']
            if ($null -ne $writtenProperty -and $null -ne $writtenProperty.Value) {
                $written = @($writtenProperty.Value)
            }
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Profile 'default': $($write.Action); updated $($written -join ', ')."
        }
        if ($resolveDefaultAfterWrite) {
            $shellCredential = Resolve-AwsCredCredential -ProfileName 'default' -ProfileLocation $location -TokenCode $TokenCode -Region $stsRegion
        }
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }

    Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSCredentials' -Value $shellCredential -Scope $Scope
    Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion' -Value $resolvedRegion -Scope $Scope
    Microsoft.PowerShell.Utility\Write-Verbose -Message "Credentials loaded from $shellCredential; region $resolvedRegion (from $regionSource)."
    if ($writes.Count -gt 0) {
        Microsoft.PowerShell.Utility\Write-Verbose -Message "Default credentials and/or region have been stored to credentials profile 'default' and set active for this shell."
    }
    else {
        Microsoft.PowerShell.Utility\Write-Verbose -Message 'Default credentials and region have been set active for this shell; nothing was written.'
    }
}
