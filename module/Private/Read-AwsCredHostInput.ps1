function Read-AwsCredHostInput {
    <#
    .SYNOPSIS
    Asks the user for one value through the host (Read-Host).

    .DESCRIPTION
    The only place the module prompts, so tests can mock it. Callers check
    Test-AwsCredInteractive first and never call this in a non-interactive session. With
    -AsSecureString the input is not echoed (MFA codes, secret keys) and is converted back to a
    string for the native request.

    .PARAMETER Prompt
    The text shown to the user.

    .PARAMETER AsSecureString
    Do not echo the input.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $Prompt,

        [Parameter()]
        [switch]
        $AsSecureString
    )

    if ($AsSecureString.IsPresent) {
        $secure = Microsoft.PowerShell.Utility\Read-Host -Prompt $Prompt -AsSecureString
        if ($null -eq $secure) {
            return ''
        }
        [System.Net.NetworkCredential]::new('', $secure).Password
        return
    }
    [string](Microsoft.PowerShell.Utility\Read-Host -Prompt $Prompt)
}
