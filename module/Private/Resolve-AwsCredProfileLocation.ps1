function Resolve-AwsCredProfileLocation {
    <#
    .SYNOPSIS
    Turns a -ProfileLocation argument into an absolute file-system path.

    .DESCRIPTION
    The native library resolves relative paths against the process's working directory, which in
    PowerShell is not the current location ($PWD). So the path is resolved here, the way
    PowerShell resolves any path argument: relative to the current location, with ~ and PowerShell
    drives (including TestDrive:) translated to the provider path. The file does not need to
    exist. A path on another provider (Registry, Env, ...) is refused as InvalidInput. An empty
    string is passed through unchanged, so the library reports it as InvalidInput.

    .PARAMETER Path
    The -ProfileLocation argument.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]
        $Path
    )

    if ([string]::IsNullOrWhiteSpace($Path)) {
        $Path
        return
    }

    $provider = $null
    $drive = $null
    try {
        $resolved = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path, [ref]$provider, [ref]$drive)
    }
    catch {
        $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message "ProfileLocation '$Path' is not a usable file path: $($_.Exception.Message)" -TargetObject $Path
        $PSCmdlet.ThrowTerminatingError($record)
    }

    if ($null -eq $provider -or $provider.Name -ne 'FileSystem') {
        $providerName = if ($null -ne $provider) { $provider.Name } else { 'an unknown provider' }
        $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message "ProfileLocation '$Path' is on the $providerName provider; give a file-system path." -TargetObject $Path
        $PSCmdlet.ThrowTerminatingError($record)
    }

    $resolved
}
