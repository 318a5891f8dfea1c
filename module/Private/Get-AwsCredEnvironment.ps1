function Get-AwsCredEnvironment {
    <#
    .SYNOPSIS
    The environment variables every native request carries ("Environment" in docs/api.md).

    .DESCRIPTION
    On Linux and macOS .NET keeps the process environment to itself: a change made with $env:
    inside PowerShell is never seen by getenv() in the native library. So every request carries
    the variables the library reads, with their values as PowerShell sees them now, and the
    library layers them over the real process environment for that call:

    - every variable whose name starts with AWS_;
    - HOME and USERPROFILE (where ~/.aws and ~/.aws/cli/cache are);
    - $null for each name of a fixed list that is not set (AWS_PROFILE, AWS_REGION,
      AWS_DEFAULT_REGION, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_EC2_METADATA_DISABLED, AWS_ENDPOINT_URL,
      AWS_ENDPOINT_URL_STS, HOME, USERPROFILE), so that removing a variable in PowerShell also
      removes it for the library.

    On Windows environment names are case-insensitive, so names are sent upper-cased (the
    library's overrides are looked up by exact name). Elsewhere names are compared exactly, as
    the OS does. A value holding a NUL character (impossible in a real environment) is left out.

    .OUTPUTS
    System.Collections.Specialized.OrderedDictionary
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param()

    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    if ($onWindows) {
        $comparison = [System.StringComparison]::OrdinalIgnoreCase
    }
    else {
        $comparison = [System.StringComparison]::Ordinal
    }

    $unsetAsNull = @(
        'AWS_PROFILE'
        'AWS_REGION'
        'AWS_DEFAULT_REGION'
        'AWS_CONFIG_FILE'
        'AWS_SHARED_CREDENTIALS_FILE'
        'AWS_ACCESS_KEY_ID'
        'AWS_SECRET_ACCESS_KEY'
        'AWS_SESSION_TOKEN'
        'AWS_EC2_METADATA_DISABLED'
        'AWS_ENDPOINT_URL'
        'AWS_ENDPOINT_URL_STS'
        'HOME'
        'USERPROFILE'
    )

    $environment = [System.Collections.Specialized.OrderedDictionary]::new([System.StringComparer]::Ordinal)
    foreach ($name in $unsetAsNull) {
        $environment[$name] = $null
    }

    $variables = [System.Environment]::GetEnvironmentVariables()
    $names = @($variables.Keys | Microsoft.PowerShell.Core\ForEach-Object { [string]$_ } | Microsoft.PowerShell.Utility\Sort-Object)
    foreach ($name in $names) {
        $wanted = $name.StartsWith('AWS_', $comparison) -or [string]::Equals($name, 'HOME', $comparison) -or [string]::Equals($name, 'USERPROFILE', $comparison)
        if (-not $wanted) {
            continue
        }
        $value = [string]$variables[$name]
        if ($value.IndexOf([char]0) -ge 0) {
            continue
        }
        if ($onWindows) {
            $name = $name.ToUpperInvariant()
        }
        $environment[$name] = $value
    }

    $environment
}
