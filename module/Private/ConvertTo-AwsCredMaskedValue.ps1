function ConvertTo-AwsCredMaskedValue {
    <#
    .SYNOPSIS
    Masks a secret the way the native show_profile does: '****' plus its last 4 characters.

    .DESCRIPTION
    Values shorter than 12 characters become '****' alone; $null and '' stay $null. Used to
    compare a secret about to be written with the masked value show_profile reports, without
    ever handling the stored secret itself.

    .PARAMETER Value
    The secret.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Value
    )

    if ([string]::IsNullOrEmpty($Value)) {
        return $null
    }
    if ($Value.Length -lt 12) {
        return '****'
    }
    '****' + $Value.Substring($Value.Length - 4)
}
