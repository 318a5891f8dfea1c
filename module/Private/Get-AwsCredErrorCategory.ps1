function Get-AwsCredErrorCategory {
    <#
    .SYNOPSIS
    Maps a native error code to a PowerShell ErrorCategory.

    .DESCRIPTION
    The table is the one in docs/api.md ("Status codes"). Io maps to ReadError for operations that
    only read and to WriteError for operations that write. Codes this module does not know (a
    newer library) map to NotSpecified.

    .PARAMETER Code
    The native error code, such as ProfileNotFound.

    .PARAMETER Reading
    The operation only reads files (list, show, get, dump).

    .OUTPUTS
    System.Management.Automation.ErrorCategory
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorCategory])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]
        $Code,

        [Parameter()]
        [switch]
        $Reading
    )

    switch -CaseSensitive ($Code) {
        'Internal' { [System.Management.Automation.ErrorCategory]::NotSpecified; break }
        'ProfileNotFound' { [System.Management.Automation.ErrorCategory]::ObjectNotFound; break }
        'InvalidInput' { [System.Management.Automation.ErrorCategory]::InvalidArgument; break }
        'FileFormat' { [System.Management.Automation.ErrorCategory]::ParserError; break }
        'LockTimeout' { [System.Management.Automation.ErrorCategory]::ResourceBusy; break }
        'Io' {
            if ($Reading.IsPresent) {
                [System.Management.Automation.ErrorCategory]::ReadError
            }
            else {
                [System.Management.Automation.ErrorCategory]::WriteError
            }
            break
        }
        'NotSupported' { [System.Management.Automation.ErrorCategory]::NotImplemented; break }
        'NoCredentials' { [System.Management.Automation.ErrorCategory]::AuthenticationError; break }
        'MfaRequired' { [System.Management.Automation.ErrorCategory]::AuthenticationError; break }
        'LoginRequired' { [System.Management.Automation.ErrorCategory]::AuthenticationError; break }
        'AwsServiceError' { [System.Management.Automation.ErrorCategory]::InvalidResult; break }
        # Status 13: settings that contradict each other, such as a source_profile loop.
        'ProfileConfig' { [System.Management.Automation.ErrorCategory]::InvalidData; break }
        default { [System.Management.Automation.ErrorCategory]::NotSpecified }
    }
}
