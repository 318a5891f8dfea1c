function Test-AwsCredRegionName {
    <#
    .SYNOPSIS
    Tells whether a text is a region name as the native library accepts it.

    .DESCRIPTION
    Lower-case ASCII letters, digits and '-', at least one character (us-east-1, eu-west-3,
    us-gov-west-1, cn-north-1), the rule of native/src/profile/validate.rs. No list of regions is
    consulted, so new regions work without an update.

    .PARAMETER Region
    The text to check.

    .OUTPUTS
    System.Boolean
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Region
    )

    -not [string]::IsNullOrEmpty($Region) -and $Region -cmatch '^[a-z0-9-]+$'
}
