function Set-AwsCredShellVariable {
    <#
    .SYNOPSIS
    Sets $StoredAWSCredentials or $StoredAWSRegion in the caller's scope or in the -Scope given.

    .DESCRIPTION
    A public cmdlet passes $PSCmdlet.SessionState: the session state of its caller. Without
    -Scope the variable is set in the caller's current scope, exactly as the incumbent's
    compiled cmdlets do (a call inside a function or script sets it for that function or script
    only; see about_Scopes and aws-tools-for-powershell#106). With -Scope the name is qualified
    (Global:StoredAWSCredentials, Script:..., Local:..., Private:...) and resolved from the
    caller's scope, again as the incumbent does. The public cmdlet has already asked
    ShouldProcess.

    .PARAMETER SessionState
    $PSCmdlet.SessionState of the public cmdlet.

    .PARAMETER Name
    StoredAWSCredentials or StoredAWSRegion.

    .PARAMETER Value
    The new value; $null clears the variable (it stays defined, as in the incumbent).

    .PARAMETER Scope
    Global, Local, Script or Private; empty for the caller's current scope.

    .OUTPUTS
    None.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'The public cmdlets that call this ask ShouldProcess themselves.')]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.SessionState]
        $SessionState,

        [Parameter(Mandatory = $true)]
        [ValidateSet('StoredAWSCredentials', 'StoredAWSRegion')]
        [string]
        $Name,

        [Parameter()]
        [AllowNull()]
        [object]
        $Value,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Scope
    )

    $qualifiedName = $Name
    if (-not [string]::IsNullOrEmpty($Scope)) {
        $qualifiedName = '{0}:{1}' -f $Scope, $Name
    }
    $SessionState.PSVariable.Set($qualifiedName, $Value)
}
