function ConvertTo-AwsCredRequestJson {
    <#
    .SYNOPSIS
    Serializes a request hashtable to the JSON object the native operations expect.

    .DESCRIPTION
    Entries whose value is $null are left out (the library refuses unknown fields but treats a
    missing optional field as "not given"). Every other value is reduced to a plain string,
    integer or boolean first: Windows PowerShell 5.1's ConvertTo-Json serializes a string that
    carries PowerShell note properties (for example a line from Get-Content) as an object, which
    the library would refuse.

    .PARAMETER Request
    The request fields, named as in docs/api.md (PascalCase).

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Request
    )

    $clean = [ordered]@{}
    foreach ($key in @($Request.Keys)) {
        $value = $Request[$key]
        if ($null -eq $value) {
            continue
        }
        if ($value -is [System.Management.Automation.PSObject]) {
            $value = $value.PSObject.BaseObject
        }
        if ($value -is [System.Collections.IDictionary]) {
            $nested = [ordered]@{}
            foreach ($nestedKey in @($value.Keys)) {
                $nestedValue = $value[$nestedKey]
                if ($null -eq $nestedValue) {
                    $nested[[string]$nestedKey] = $null
                }
                else {
                    $nested[[string]$nestedKey] = [string]$nestedValue
                }
            }
            $clean[[string]$key] = $nested
        }
        elseif ($value -is [bool] -or $value -is [System.Management.Automation.SwitchParameter]) {
            $clean[[string]$key] = [bool]$value
        }
        elseif ($value -is [int] -or $value -is [long] -or $value -is [short] -or $value -is [byte] -or $value -is [uint32]) {
            $clean[[string]$key] = [long]$value
        }
        else {
            $clean[[string]$key] = [string]$value
        }
    }

    Microsoft.PowerShell.Utility\ConvertTo-Json -InputObject $clean -Compress -Depth 3
}
