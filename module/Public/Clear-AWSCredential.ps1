function Clear-AWSCredential {
    <#
    .SYNOPSIS
    Clears the shell credentials ($StoredAWSCredentials) set by Set-AWSCredential or Initialize-AWSDefaultConfiguration.

    .DESCRIPTION
    Sets the variable $StoredAWSCredentials to $null in the caller's scope, or in the scope named
    by -Scope, so that Get-AWSCredential without parameters returns nothing and
    Get-STSCallerIdentity and Export-AWSCredential fall back to the default credential chain
    (environment variables, AWS_PROFILE or the default profile, container and instance
    credentials). No profile and no file is touched; to delete a stored profile use
    Remove-AWSCredentialProfile.

    Use the same -Scope as the Set-AWSCredential call that set the variable: clearing it in a
    function's scope does not clear the global variable (the local $null only hides it there).

    .PARAMETER ProfileLocation
    Accepted for compatibility with the AWS Tools for PowerShell and ignored, as there: clearing
    the shell variable involves no file.

    .PARAMETER Scope
    The scope of the variable to clear: Global, Local, Script or Private, relative to the caller.
    Without it, the caller's current scope.

    .EXAMPLE
    Clear-AWSCredential

    Clears the shell credentials set at the prompt (the prompt's scope is the global scope).

    .EXAMPLE
    Clear-AWSCredential -Scope Global

    Clears the session-wide shell credentials from inside a script or function.

    .EXAMPLE
    Clear-AWSCredential -WhatIf

    Shows what would be cleared without changing anything.

    .INPUTS
    None.

    .OUTPUTS
    None.

    .NOTES
    Differences from Clear-AWSCredential in the AWS Tools for PowerShell:
    - -WhatIf and -Confirm are supported (ConfirmImpact Low, so it does not ask by default).
    - As there, -ProfileLocation is ignored and no stored profile is deleted, whatever older
      versions of the incumbent's synopsis say; use Remove-AWSCredentialProfile for that.

    .LINK
    Set-AWSCredential

    .LINK
    Get-AWSCredential

    .LINK
    Remove-AWSCredentialProfile
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    [OutputType([void])]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'ProfileLocation', Justification = 'Accepted and ignored for compatibility with the incumbent.')]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter()]
        [ValidateSet('Global', 'Local', 'Script', 'Private')]
        [string]
        $Scope
    )

    $scopeText = "the caller's scope"
    if (-not [string]::IsNullOrEmpty($Scope)) {
        $scopeText = "scope $Scope"
    }
    if ($PSCmdlet.ShouldProcess("`$StoredAWSCredentials ($scopeText)", 'Clear')) {
        Set-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSCredentials' -Value $null -Scope $Scope
        Microsoft.PowerShell.Utility\Write-Verbose -Message "Cleared `$StoredAWSCredentials ($scopeText)."
    }
}
