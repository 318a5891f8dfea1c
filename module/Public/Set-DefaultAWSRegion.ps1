function Set-DefaultAWSRegion {
    <#
    .SYNOPSIS
    Sets the shell's default region ($StoredAWSRegion) for the cmdlets that call AWS.

    .DESCRIPTION
    Sets $StoredAWSRegion to the region's system name (such as us-west-2) in the caller's scope,
    or in the scope named by -Scope. Get-STSCallerIdentity, Export-AWSCredential and role
    resolution use it before any region configured in profiles or environment variables. No file
    is changed: to store a region in a profile use Set-AWSCredential -Region with -StoreAs, or
    Initialize-AWSDefaultConfiguration -Region.

    The name is checked as the native library checks region names: lower-case letters, digits
    and '-' (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). No list of regions is consulted,
    so regions newer than this module are accepted. A name that does not fit is refused with the
    error id InvalidInput and the variable is left as it was.

    .PARAMETER Region
    The region's system name. Also binds from the pipeline, by value or from a Region property
    (the output of Get-DefaultAWSRegion).

    .PARAMETER ProfileLocation
    Accepted for compatibility with the AWS Tools for PowerShell and ignored: the region is
    given, not looked up, so no file is read.

    .PARAMETER Scope
    The scope of the variable: Global, Local, Script or Private, relative to the caller. Without
    it, the caller's current scope.

    .EXAMPLE
    Set-DefaultAWSRegion -Region eu-west-1

    Uses eu-west-1 for this shell.

    .EXAMPLE
    Set-DefaultAWSRegion us-east-2 -Scope Global

    Sets the session-wide default region from inside a script or function (positional -Region).

    .EXAMPLE
    'ap-southeast-2' | Set-DefaultAWSRegion

    Sets the default region from the pipeline.

    .INPUTS
    System.String
    The region name, by value or by property name (Region).

    .OUTPUTS
    None.

    .NOTES
    Differences from Set-DefaultAWSRegion in the AWS Tools for PowerShell:
    - The name is checked for its form only (lower-case letters, digits, '-'); any region of that
      form is accepted. Older versions of the incumbent refuse regions missing from their table,
      and accept upper-case names.
    - -ProfileLocation is accepted and ignored; no instance metadata lookup is made.
    - -WhatIf and -Confirm are supported (ConfirmImpact Low, so it does not ask by default).

    .LINK
    Get-DefaultAWSRegion

    .LINK
    Clear-DefaultAWSRegion

    .LINK
    Initialize-AWSDefaultConfiguration
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType([void])]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'ProfileLocation', Justification = 'Accepted and ignored for compatibility with the incumbent.')]
    param(
        [Parameter(Mandatory = $true, Position = 210, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('RegionToCall')]
        [string]
        $Region,

        [Parameter(Position = 211, ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter()]
        [ValidateSet('Global', 'Local', 'Script', 'Private')]
        [string]
        $Scope
    )

    process {
        if (-not (Test-AwsCredRegionName -Region $Region)) {
            $message = "Region '$Region' is not a region name (lower-case letters, digits and -, e.g. us-east-1)."
            $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -TargetObject $Region
            $PSCmdlet.WriteError($record)
            return
        }

        $scopeText = "the caller's scope"
        if (-not [string]::IsNullOrEmpty($Scope)) {
            $scopeText = "scope $Scope"
        }
        if ($PSCmdlet.ShouldProcess("`$StoredAWSRegion ($scopeText)", "Set to $Region")) {
            Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion' -Value $Region -Scope $Scope
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Default region for the shell: $Region ($scopeText)."
        }
    }
}
