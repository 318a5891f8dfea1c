function New-AwsCredErrorRecord {
    <#
    .SYNOPSIS
    Builds the ErrorRecord for a native error code or a module-level failure.

    .DESCRIPTION
    The error id is the stable code (ProfileNotFound, InvalidInput, NotSupported, ...), so the
    record's FullyQualifiedErrorId is "<Code>,<Command>" and scripts can test it with
    -like 'ProfileNotFound*'. The category comes from Get-AwsCredErrorCategory unless given. The
    exception type follows the category so that `catch [System.ArgumentException]` and friends
    keep working. The native code, file and line are kept in Exception.Data.

    .PARAMETER ErrorId
    The error id: a native error code or a module error id.

    .PARAMETER Message
    The message; native messages never contain a secret.

    .PARAMETER Category
    The category; derived from ErrorId when not given.

    .PARAMETER TargetObject
    What the error is about (usually the profile name).

    .PARAMETER Reading
    The failed operation only reads files (Io -> ReadError instead of WriteError).

    .PARAMETER File
    The file the native error is about, if any.

    .PARAMETER Line
    The 1-based line the native error is about, if any.

    .PARAMETER RecommendedAction
    A hint shown with the error.

    .PARAMETER Data
    Extra facts kept in Exception.Data (for example MfaSerial, Command, AwsCode).

    .OUTPUTS
    System.Management.Automation.ErrorRecord
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $ErrorId,

        [Parameter(Mandatory = $true)]
        [string]
        $Message,

        [Parameter()]
        [System.Nullable[System.Management.Automation.ErrorCategory]]
        $Category,

        [Parameter()]
        [AllowNull()]
        [object]
        $TargetObject,

        [Parameter()]
        [switch]
        $Reading,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $File,

        [Parameter()]
        [int]
        $Line,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $RecommendedAction,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Data
    )

    if ($null -eq $Category) {
        $Category = Get-AwsCredErrorCategory -Code $ErrorId -Reading:$Reading
    }

    switch ($Category) {
        ([System.Management.Automation.ErrorCategory]::ObjectNotFound) {
            $exception = [System.Management.Automation.ItemNotFoundException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::InvalidArgument) {
            $exception = [System.ArgumentException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::ParserError) {
            $exception = [System.IO.InvalidDataException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::ResourceBusy) {
            $exception = [System.TimeoutException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::ReadError) {
            $exception = [System.IO.IOException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::WriteError) {
            $exception = [System.IO.IOException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::NotImplemented) {
            $exception = [System.NotSupportedException]::new($Message)
        }
        ([System.Management.Automation.ErrorCategory]::AuthenticationError) {
            # System.dll on .NET Framework, System.Net.Primitives on .NET: resolve it by name.
            $authenticationException = 'System.Security.Authentication.AuthenticationException' -as [type]
            if ($null -ne $authenticationException) {
                $exception = $authenticationException::new($Message)
            }
            else {
                $exception = [System.UnauthorizedAccessException]::new($Message)
            }
        }
        default {
            $exception = [System.InvalidOperationException]::new($Message)
        }
    }

    $exception.Data['AwsCredErrorCode'] = $ErrorId
    if (-not [string]::IsNullOrEmpty($File)) {
        $exception.Data['File'] = $File
    }
    if ($Line -gt 0) {
        $exception.Data['Line'] = $Line
    }
    if ($null -ne $Data) {
        foreach ($key in @($Data.Keys)) {
            $exception.Data[[string]$key] = $Data[$key]
        }
    }

    $record = [System.Management.Automation.ErrorRecord]::new($exception, $ErrorId, [System.Management.Automation.ErrorCategory]$Category, $TargetObject)
    if (-not [string]::IsNullOrEmpty($RecommendedAction)) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Message)
        $record.ErrorDetails.RecommendedAction = $RecommendedAction
    }
    $record
}
