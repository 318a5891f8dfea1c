function Remove-AWSCredentialProfile {
    <#
    .SYNOPSIS
    Removes a profile from the shared AWS config and credentials files.

    .DESCRIPTION
    Remove-AWSCredentialProfile removes the profile's sections from every file that defines it:
    [NAME] in the shared credentials file and [profile NAME] (or [default]) in the shared config
    file, or [NAME] in the one file named by -ProfileLocation. Afterwards the profile neither lists
    nor resolves, and every other byte of the files is unchanged: comments, blank lines, order,
    line endings and other profiles stay. Each file is locked for the update and replaced
    atomically.

    The cmdlet asks for confirmation (ConfirmImpact High) unless -Force is given; -WhatIf shows what
    would be removed and changes nothing, even with -Force.

    .PARAMETER ProfileName
    The profile to remove.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location. An
    empty value is treated as not given.

    .PARAMETER Force
    Removes the profile without asking for confirmation. -WhatIf still only reports.

    .EXAMPLE
    Remove-AWSCredentialProfile -ProfileName dev

    Asks for confirmation, then removes the profile dev from the shared config and credentials files.

    .EXAMPLE
    Remove-AWSCredentialProfile -ProfileName dev -Force

    Removes the profile dev without asking, for scripts and scheduled tasks.

    .EXAMPLE
    Remove-AWSCredentialProfile -ProfileName build -ProfileLocation C:\Jobs\aws-credentials -Force -Verbose

    Removes the profile build from one file and names the file written.

    .EXAMPLE
    Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -like 'tmp-*' | Remove-AWSCredentialProfile -WhatIf

    Shows which temporary profiles would be removed, without removing any. Note that ProfileLocation binds from the pipeline too and names a single file.

    .INPUTS
    System.Management.Automation.PSObject
    -ProfileName and -ProfileLocation bind by property name from the pipeline.

    .OUTPUTS
    None. Use -Verbose to see the files written.

    .NOTES
    Differences from Remove-AWSCredentialProfile in the AWS Tools for PowerShell:
    - An unknown profile is a non-terminating error with the error id ProfileNotFound (category
      ObjectNotFound); the incumbent throws an ArgumentException.
    - The profile is removed from the config file as well as from the credentials file, so it does
      not linger as a config-only profile; the incumbent leaves the config file untouched.
    - There is no encrypted .NET credential store to remove from.
    - Changes made with $env: inside PowerShell (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
      ...) apply at once on every OS: each call passes them to the native library.

    .LINK
    Set-AWSCredential

    .LINK
    Get-AWSCredential
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)]
        [Alias('StoredCredentials')]
        [string]
        $ProfileName,

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        # -Force skips the confirmation prompt, but an explicit -Confirm and -WhatIf still apply:
        # ShouldProcess keeps honouring $WhatIfPreference.
        if ($Force.IsPresent -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        $request = [ordered]@{
            ProfileName = $ProfileName
        }
        $where = 'the shared AWS config and credentials files'
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            try {
                $request['ProfileLocation'] = Resolve-AwsCredProfileLocation -Path $ProfileLocation
            }
            catch {
                $PSCmdlet.WriteError($_)
                return
            }
            $where = "'$($request['ProfileLocation'])'"
        }

        if (-not $PSCmdlet.ShouldProcess("profile '$ProfileName' in $where", 'Remove profile')) {
            return
        }

        try {
            $response = Invoke-AwsCredNative -Operation 'remove_profile' -Request $request -TargetObject $ProfileName
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
        Microsoft.PowerShell.Utility\Write-Verbose -Message "Removed profile '$ProfileName'; updated $($written -join ', ')."
    }
}
