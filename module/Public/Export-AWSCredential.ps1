function Export-AWSCredential {
    <#
    .SYNOPSIS
    Exports resolved AWS credentials to the process environment, or as text for a shell or a credential_process.

    .DESCRIPTION
    Resolves credentials (-ProfileName with -ProfileLocation; else -ProfileLocation's default
    profile; else the shell credentials in $StoredAWSCredentials; else the default chain) and
    exports them in one of these forms:

    - Environment (the default): sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
      and AWS_CREDENTIAL_EXPIRATION in this PowerShell process's environment, so that programs
      started from it (the AWS CLI, SDK-based tools, other pwsh processes) use them. A variable
      the credentials do not have (a token for long-term keys, an expiration) is removed, so no
      stale value is left behind. Nothing is written to the output. Asks ShouldProcess first.
    - CredentialProcess or Json: writes the credential_process JSON (Version 1, AccessKeyId,
      SecretAccessKey, SessionToken, Expiration) as one string, the format a credential_process
      command must print.
    - PowerShell: writes one `$Env:NAME = 'value'` line per variable.
    - Env: writes one POSIX shell `export NAME='value'` line per variable.

    The text forms hold the secret key in plain text: write them only where they are meant to go.

    .PARAMETER ProfileName
    The profile whose credentials are exported, of any kind (keys, roles, credential_process,
    SSO, web identity, console login).

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location.

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, for a role profile with mfa_serial. Without it an
    interactive session asks when the role needs a code and a non-interactive one fails with the
    error id MfaRequired.

    .PARAMETER Region
    The region for the STS calls of roles, such as eu-west-1; else $StoredAWSRegion, else the
    profile's region chain.

    .PARAMETER Format
    Environment (default), CredentialProcess, Json (same as CredentialProcess), PowerShell or Env.

    .EXAMPLE
    Export-AWSCredential -ProfileName admin -TokenCode 123456; aws s3 ls

    Assumes the role of the profile admin and runs the AWS CLI with its temporary credentials.

    .EXAMPLE
    Export-AWSCredential -ProfileName dev -Format PowerShell | Invoke-Expression

    The same as the default Environment format, written out as PowerShell lines first.

    .EXAMPLE
    Export-AWSCredential -ProfileName ci -Format Env | Out-File -Encoding ascii ./aws-env.sh

    Writes export lines for a POSIX shell script.

    .EXAMPLE
    Export-AWSCredential -Format CredentialProcess

    Prints the shell credentials in the credential_process format.

    .INPUTS
    System.Management.Automation.PSObject
    -ProfileName, -ProfileLocation and -Region bind by property name from the pipeline.

    .OUTPUTS
    None
    With -Format Environment.

    .OUTPUTS
    System.String
    With the other formats.

    .NOTES
    This command has no counterpart in the AWS Tools for PowerShell; it matches
    `aws configure export-credentials` of the AWS CLI v2 (formats env, powershell and process).
    - Failures are non-terminating errors with error ids (ProfileNotFound, NoCredentials,
      MfaRequired, LoginRequired, AwsServiceError); with -Format Environment nothing is changed
      when resolution fails.
    - Exported temporary credentials are a snapshot: they are not refreshed when they expire.
      AWS_CREDENTIAL_EXPIRATION tells the tools that read it when that is.
    - Shell credentials that came from a profile are resolved again by profile name; other shell
      keys are passed to the native library for this call only.

    .LINK
    Get-STSCallerIdentity

    .LINK
    Set-AWSCredential

    .LINK
    https://docs.aws.amazon.com/cli/latest/reference/configure/export-credentials.html
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([string])]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [string]
        $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter()]
        [string]
        $TokenCode,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('RegionToCall')]
        [string]
        $Region,

        [Parameter()]
        [ValidateSet('Environment', 'CredentialProcess', 'Json', 'PowerShell', 'Env')]
        [string]
        $Format = 'Environment'
    )

    process {
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

        try {
            $source = Get-AwsCredCallSource -SessionState $PSCmdlet.SessionState -ProfileName $ProfileName -ProfileLocation $location -Region $Region
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }

        $variableNames = @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION')
        switch ($Format) {
            'PowerShell' { $nativeFormat = 'powershell' }
            'Env' { $nativeFormat = 'env' }
            default { $nativeFormat = 'json' }
        }
        if ($Format -eq 'Environment') {
            if (-not $PSCmdlet.ShouldProcess("environment variables $($variableNames -join ', ') of this PowerShell process", "Set from $($source.Description)")) {
                return
            }
        }

        $source.Request['Format'] = $nativeFormat
        $target = $source.Request['ProfileName']
        try {
            $response = Invoke-AwsCredCredentialRequest -Operation 'export_credentials' -Request $source.Request -Environment $source.Environment -TargetObject $target -TokenCode $TokenCode
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }
        $text = [string]$response.Text

        switch ($Format) {
            'Environment' {
                $exported = Microsoft.PowerShell.Utility\ConvertFrom-Json -InputObject $text
                $values = [ordered]@{
                    AWS_ACCESS_KEY_ID         = [string]$exported.AccessKeyId
                    AWS_SECRET_ACCESS_KEY     = [string]$exported.SecretAccessKey
                    AWS_SESSION_TOKEN         = $null
                    AWS_CREDENTIAL_EXPIRATION = $null
                }
                $tokenProperty = $exported.PSObject.Properties['SessionToken']
                if ($null -ne $tokenProperty -and -not [string]::IsNullOrEmpty([string]$tokenProperty.Value)) {
                    $values['AWS_SESSION_TOKEN'] = [string]$tokenProperty.Value
                }
                $expirationProperty = $exported.PSObject.Properties['Expiration']
                if ($null -ne $expirationProperty -and $null -ne $expirationProperty.Value) {
                    $expiration = ConvertTo-AwsCredUtcDateTime -Value $expirationProperty.Value
                    if ($null -ne $expiration) {
                        $values['AWS_CREDENTIAL_EXPIRATION'] = $expiration.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
                    }
                }
                foreach ($name in $values.Keys) {
                    [System.Environment]::SetEnvironmentVariable($name, $values[$name])
                }
                Microsoft.PowerShell.Utility\Write-Verbose -Message "Exported access key $($values['AWS_ACCESS_KEY_ID']) of $($source.Description) to the environment of this process."
            }
            { $_ -in @('CredentialProcess', 'Json') } {
                $text.TrimEnd("`r", "`n")
            }
            default {
                foreach ($line in ($text -split "`r?`n")) {
                    if ($line.Length -gt 0) {
                        $line
                    }
                }
            }
        }
    }
}
