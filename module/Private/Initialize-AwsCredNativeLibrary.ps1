function Initialize-AwsCredNativeLibrary {
    <#
    .SYNOPSIS
    Finds the native library for this OS and architecture, binds the P/Invoke type to it and
    checks its ABI version.

    .DESCRIPTION
    Called once by AwsCredentialManager.psm1 at import. The library must be at
    <module>/runtimes/<rid>/<file> (Get-AwsCredNativeLibraryPath); when it is missing, import fails
    with a terminating ObjectNotFound error naming the expected path and the supported RIDs.

    NativeMethods.cs declares every function with a const library path; the placeholder is
    replaced with the absolute path found here and the type is compiled with Add-Type, unless
    an earlier import in this process already did (a type cannot be redefined or unloaded). If
    that earlier type points at another file, a warning says which library stays in use until
    PowerShell restarts. Finally awscred_abi_version() must equal NativeMethods.ExpectedAbiVersion,
    otherwise import fails with a clear message; a library that cannot be loaded at all (wrong
    architecture, missing dependency) fails import the same way.

    .PARAMETER ModuleRoot
    The folder that holds AwsCredentialManager.psd1.

    .OUTPUTS
    None.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $ModuleRoot
    )

    $supported = @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')
    $rid = Get-AwsCredRuntimeIdentifier
    $libraryPath = Get-AwsCredNativeLibraryPath -ModuleRoot $ModuleRoot -RuntimeIdentifier $rid

    if (-not [System.IO.File]::Exists($libraryPath)) {
        $hint = if ($supported -contains $rid) {
            'Build it with ./build.ps1 -Task Build (cargo build --release -p awscred), or install a release of the module that includes it.'
        }
        else {
            "This platform ($rid) has no build of the native library."
        }
        $message = "The AwsCredentialManager native library for this platform was not found at '$libraryPath'. Runtime identifier: $rid. Supported runtime identifiers: $($supported -join ', '). $hint"
        $record = New-AwsCredErrorRecord -ErrorId 'NativeLibraryNotFound' -Message $message -Category ([System.Management.Automation.ErrorCategory]::ObjectNotFound) -TargetObject $libraryPath
        $PSCmdlet.ThrowTerminatingError($record)
    }

    $typeName = 'AwsCredentialManager.Native.NativeMethods'
    $nativeType = $typeName -as [type]
    if ($null -eq $nativeType) {
        $sourcePath = [System.IO.Path]::Combine($ModuleRoot, 'Private', 'NativeMethods.cs')
        $source = [System.IO.File]::ReadAllText($sourcePath)
        # The path goes into a C# regular string literal: escape backslashes and quotes.
        $literal = $libraryPath.Replace('\', '\\').Replace('"', '\"')
        $source = $source.Replace('@@AWSCRED_LIBRARY_PATH@@', $literal)
        Microsoft.PowerShell.Utility\Add-Type -TypeDefinition $source -Language CSharp -ErrorAction Stop
        $nativeType = $typeName -as [type]
    }
    elseif ($nativeType::LibraryPath -ne $libraryPath) {
        Microsoft.PowerShell.Utility\Write-Warning -Message "AwsCredentialManager: this PowerShell process already loaded the native library from '$($nativeType::LibraryPath)'; it stays in use instead of '$libraryPath' until PowerShell is restarted."
    }

    try {
        $abiVersion = $nativeType::awscred_abi_version()
    }
    catch {
        $message = "The AwsCredentialManager native library at '$($nativeType::LibraryPath)' could not be loaded ($rid): $($_.Exception.GetBaseException().Message)"
        $record = New-AwsCredErrorRecord -ErrorId 'NativeLibraryLoadFailed' -Message $message -Category ([System.Management.Automation.ErrorCategory]::ResourceUnavailable) -TargetObject $libraryPath
        $PSCmdlet.ThrowTerminatingError($record)
    }

    if ($abiVersion -ne $nativeType::ExpectedAbiVersion) {
        $message = "The AwsCredentialManager native library at '$($nativeType::LibraryPath)' has ABI version $abiVersion, but this module needs ABI version $($nativeType::ExpectedAbiVersion). Install the library that was built with this version of the module (./build.ps1 -Task Build)."
        $record = New-AwsCredErrorRecord -ErrorId 'NativeLibraryAbiMismatch' -Message $message -Category ([System.Management.Automation.ErrorCategory]::InvalidResult) -TargetObject $libraryPath
        $PSCmdlet.ThrowTerminatingError($record)
    }

    Microsoft.PowerShell.Utility\Write-Verbose -Message "AwsCredentialManager: native library $($nativeType::LibraryPath) (ABI $abiVersion, $rid)."
}
