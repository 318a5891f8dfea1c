function Clear-DefaultAWSRegion {
    <#
    .SYNOPSIS
    Clears the shell's default region ($StoredAWSRegion).

    .DESCRIPTION
    Sets $StoredAWSRegion to $null in the caller's scope, or in the scope named by -Scope. The
    cmdlets that call AWS then take the region from the profile, AWS_REGION, AWS_DEFAULT_REGION,
    the default profile or instance metadata. No file is changed.

    .PARAMETER Scope
    The scope of the variable to clear: Global, Local, Script or Private, relative to the caller.
    Without it, the caller's current scope.

    .EXAMPLE
    Clear-DefaultAWSRegion

    Clears the default region set at the prompt.

    .EXAMPLE
    Clear-DefaultAWSRegion -Scope Global

    Clears the session-wide default region from inside a script or function.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .NOTES
    Differences from Clear-DefaultAWSRegion in the AWS Tools for PowerShell: -WhatIf and -Confirm
    are supported (ConfirmImpact Low, so it does not ask by default).

    .LINK
    Set-DefaultAWSRegion

    .LINK
    Get-DefaultAWSRegion
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType([void])]
    param(
        [Parameter()]
        [ValidateSet('Global', 'Local', 'Script', 'Private')]
        [string]
        $Scope
    )

    $scopeText = "the caller's scope"
    if (-not [string]::IsNullOrEmpty($Scope)) {
        $scopeText = "scope $Scope"
    }
    if ($PSCmdlet.ShouldProcess("`$StoredAWSRegion ($scopeText)", 'Clear')) {
        Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion' -Value $null -Scope $Scope
        Microsoft.PowerShell.Utility\Write-Verbose -Message "Cleared `$StoredAWSRegion ($scopeText)."
    }
}
