function Get-AwsCredNativeLibraryPath {
    <#
    .SYNOPSIS
    Returns where the native library for a runtime identifier must be.

    .DESCRIPTION
    The layout is <module>/runtimes/<rid>/<file>, with the file named as each OS names a shared
    library: awscred.dll (win-*), libawscred.dylib (osx-*), libawscred.so (everything else).
    Nothing is checked on disk here.

    .PARAMETER ModuleRoot
    The folder that holds AwsCredentialManager.psd1.

    .PARAMETER RuntimeIdentifier
    The RID, as Get-AwsCredRuntimeIdentifier returns it.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string]
        $ModuleRoot,

        [Parameter(Mandatory = $true)]
        [string]
        $RuntimeIdentifier
    )

    if ($RuntimeIdentifier.StartsWith('win-')) {
        $fileName = 'awscred.dll'
    }
    elseif ($RuntimeIdentifier.StartsWith('osx-')) {
        $fileName = 'libawscred.dylib'
    }
    else {
        $fileName = 'libawscred.so'
    }

    [System.IO.Path]::Combine($ModuleRoot, 'runtimes', $RuntimeIdentifier, $fileName)
}
