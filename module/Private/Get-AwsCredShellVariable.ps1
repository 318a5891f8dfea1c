function Get-AwsCredShellVariable {
    <#
    .SYNOPSIS
    Reads $StoredAWSCredentials or $StoredAWSRegion as the caller of a public cmdlet sees it.

    .DESCRIPTION
    A public cmdlet passes $PSCmdlet.SessionState, which is the session state of the code that
    called the cmdlet (not the module's), so the variable is looked up through the caller's
    scopes (its local scope, then its parents up to global), as the incumbent's compiled
    cmdlets do. A missing variable gives $null.

    .PARAMETER SessionState
    $PSCmdlet.SessionState of the public cmdlet.

    .PARAMETER Name
    StoredAWSCredentials or StoredAWSRegion.

    .OUTPUTS
    System.Object
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.SessionState]
        $SessionState,

        [Parameter(Mandatory = $true)]
        [ValidateSet('StoredAWSCredentials', 'StoredAWSRegion')]
        [string]
        $Name
    )

    $SessionState.PSVariable.GetValue($Name, $null)
}
