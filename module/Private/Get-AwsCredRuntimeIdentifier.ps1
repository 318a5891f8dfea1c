function Get-AwsCredRuntimeIdentifier {
    <#
    .SYNOPSIS
    Returns the runtime identifier (RID) of this process, such as win-x64 or osx-arm64.

    .DESCRIPTION
    The RID names the folder under module/runtimes/ that holds the native library built for this
    operating system and process architecture. The architecture is the process's, not the
    machine's (an x64 pwsh under emulation on arm64 needs the x64 library), so it comes from
    RuntimeInformation.ProcessArchitecture. Windows PowerShell 5.1 on .NET Framework before 4.7.1
    lacks that type; there PROCESSOR_ARCHITECTURE, which Windows sets per process, is used.
    $IsWindows and friends do not exist on 5.1, so the OS comes from Environment.OSVersion and
    RuntimeInformation.IsOSPlatform.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $runtimeInformation = 'System.Runtime.InteropServices.RuntimeInformation' -as [type]
    $osPlatform = 'System.Runtime.InteropServices.OSPlatform' -as [type]

    if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) {
        $os = 'win'
    }
    elseif ($null -ne $runtimeInformation -and $runtimeInformation::IsOSPlatform($osPlatform::OSX)) {
        $os = 'osx'
    }
    elseif ($null -ne $runtimeInformation -and $runtimeInformation::IsOSPlatform($osPlatform::Linux)) {
        $os = 'linux'
    }
    else {
        $os = 'unknown'
    }

    if ($null -ne $runtimeInformation) {
        $arch = $runtimeInformation::ProcessArchitecture.ToString().ToLowerInvariant()
    }
    else {
        switch ($env:PROCESSOR_ARCHITECTURE) {
            'AMD64' { $arch = 'x64' }
            'ARM64' { $arch = 'arm64' }
            'x86' { $arch = 'x86' }
            default { $arch = 'unknown' }
        }
    }

    '{0}-{1}' -f $os, $arch
}
