function Test-AwsCredInteractive {
    <#
    .SYNOPSIS
    Tells whether this PowerShell session can ask the user something.

    .DESCRIPTION
    True only when all of these hold:
    - [Environment]::UserInteractive (false in services and scheduled tasks without a desktop);
    - the host has a user interface with a RawUI ($Host.UI.RawUI is $null in hosts without a
      console, such as a runspace created by an application);
    - PowerShell was not started with -NonInteractive (or an abbreviation such as -noni) before
      -File or -Command.

    The cmdlets never prompt when this returns false: they fail with an error that names what
    is missing (an MFA code, credentials, a region) and the parameter that supplies it. Tests
    mock this function to take either path.

    .OUTPUTS
    System.Boolean
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()

    if (-not [System.Environment]::UserInteractive) {
        return $false
    }
    if ($null -eq $Host -or $null -eq $Host.UI -or $null -eq $Host.UI.RawUI) {
        return $false
    }

    # The first argument is the executable; arguments after -File or -Command belong to the
    # script, not to PowerShell.
    $arguments = @([System.Environment]::GetCommandLineArgs())
    for ($index = 1; $index -lt $arguments.Count; $index++) {
        $argument = [string]$arguments[$index]
        if ($argument -match '^[-/](f|file|c|command|e|ec|encodedcommand|cwa|commandwithargs)$') {
            break
        }
        if ($argument -match '^[-/]noni') {
            return $false
        }
    }
    $true
}
