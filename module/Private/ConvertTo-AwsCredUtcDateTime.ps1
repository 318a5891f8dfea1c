function ConvertTo-AwsCredUtcDateTime {
    <#
    .SYNOPSIS
    Turns an expiration time from a native response into a UTC DateTime.

    .DESCRIPTION
    The library writes times as UTC text ("2026-01-02T03:04:05Z"). Windows PowerShell 5.1's
    ConvertFrom-Json keeps that text as a string; PowerShell 7's turns it into a DateTime (or a
    DateTimeOffset). All three are accepted. Text that is not a time gives $null.

    .PARAMETER Value
    The Expiration value of a response.

    .OUTPUTS
    System.DateTime
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]
        $Value
    )

    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [System.Management.Automation.PSObject]) {
        $Value = $Value.PSObject.BaseObject
    }
    if ($Value -is [datetime]) {
        return $Value.ToUniversalTime()
    }
    if ($Value -is [System.DateTimeOffset]) {
        return $Value.UtcDateTime
    }
    $parsed = [datetime]::MinValue
    $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
    if ([datetime]::TryParse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) {
        return $parsed
    }
    $null
}
