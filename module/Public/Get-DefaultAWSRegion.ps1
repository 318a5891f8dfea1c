function Get-DefaultAWSRegion {
    <#
    .SYNOPSIS
    Returns the shell's default region ($StoredAWSRegion) set by Set-DefaultAWSRegion or Initialize-AWSDefaultConfiguration.

    .DESCRIPTION
    Reads $StoredAWSRegion as the caller's scope sees it and returns it as an
    AwsCredentialManager.AWSRegion object {Region, Name, IsShellDefault}. When the variable is not
    set (or is empty) nothing is returned.

    This module has no table of region names, so Name is the region's system name (us-west-2),
    not its display name (US West (Oregon)). IsShellDefault is always $true: the object describes
    the shell default.

    The region configured in profiles or environment variables is not reported here; the cmdlets
    that call AWS use $StoredAWSRegion first, then the profile's region, AWS_REGION,
    AWS_DEFAULT_REGION, the default profile's region and instance metadata.

    .EXAMPLE
    Get-DefaultAWSRegion

    Shows the shell's default region, for example us-west-2 us-west-2 True.

    .EXAMPLE
    if (-not (Get-DefaultAWSRegion)) { Set-DefaultAWSRegion -Region eu-west-1 }

    Sets a default region when none is set.

    .INPUTS
    None.

    .OUTPUTS
    AwsCredentialManager.AWSRegion

    .NOTES
    Differences from Get-DefaultAWSRegion in the AWS Tools for PowerShell:
    - The output is an AwsCredentialManager.AWSRegion object with the same properties as
      Amazon.PowerShell.Common.AWSRegion, but Name equals Region (no display names are built in).

    .LINK
    Set-DefaultAWSRegion

    .LINK
    Clear-DefaultAWSRegion
    #>
    [CmdletBinding()]
    [OutputType('AwsCredentialManager.AWSRegion')]
    param()

    $region = Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion'
    if ($null -eq $region) {
        return
    }
    if ($region -is [System.Management.Automation.PSObject]) {
        $region = $region.PSObject.BaseObject
    }
    if ($null -ne $region.PSObject.Properties['Region'] -and $region -isnot [string]) {
        # An AWSRegion-like object stored by other code.
        $region = $region.Region
    }
    $text = [string]$region
    if ([string]::IsNullOrEmpty($text)) {
        return
    }

    $regionObject = [pscustomobject]@{
        PSTypeName     = 'AwsCredentialManager.AWSRegion'
        Region         = $text
        Name           = $text
        IsShellDefault = $true
    }
    Microsoft.PowerShell.Utility\Add-Member -InputObject $regionObject -MemberType ScriptMethod -Name 'ToString' -Value { $this.Region } -Force
    $regionObject
}
