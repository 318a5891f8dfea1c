function New-AwsCredCredentialObject {
    <#
    .SYNOPSIS
    Wraps a get_credentials response as an AwsCredentialManager.AWSCredentials object.

    .DESCRIPTION
    The object has the visible properties ProfileName, Source, ProfileLocation and AccessKey (the
    key id, which is not a secret) and a GetCredentials() script method that returns an
    AwsCredentialManager.ImmutableCredentials object {AccessKey, SecretKey, Token, UseToken}, as
    Amazon.Runtime.AWSCredentials.GetCredentials() does, so incumbent scripts such as
    (Get-AWSCredential -ProfileName x).GetCredentials().SecretKey keep working.

    The secret key and token are not properties of the outer object. They live only in the
    variables captured by a closure (ScriptBlock.GetNewClosure()) that backs the script method.
    So they appear in no format view, in no Format-List *, Select-Object *, ConvertTo-Json or
    Export-Clixml output of the outer object (script methods are not serialized), and they are not
    sent over remoting. A hidden note property would not achieve this: note properties show up in
    Format-List *, Select-Object * and every serializer. The closure is created in a fresh script
    block scope that holds nothing but the three values, so it captures nothing else.

    .PARAMETER Response
    The parsed get_credentials response.

    .OUTPUTS
    AwsCredentialManager.AWSCredentials
    #>
    [CmdletBinding()]
    [OutputType('AwsCredentialManager.AWSCredentials')]
    param(
        [Parameter(Mandatory = $true)]
        [psobject]
        $Response
    )

    $properties = $Response.PSObject.Properties
    $accessKey = [string]$properties['AccessKeyId'].Value
    $secretKey = [string]$properties['SecretAccessKey'].Value
    $token = $null
    if ($null -ne $properties['SessionToken'] -and -not [string]::IsNullOrEmpty([string]$properties['SessionToken'].Value)) {
        $token = [string]$properties['SessionToken'].Value
    }
    $profileName = $null
    if ($null -ne $properties['ProfileName']) {
        $profileName = [string]$properties['ProfileName'].Value
    }
    $profileLocation = $null
    if ($null -ne $properties['ProfileLocation']) {
        $profileLocation = [string]$properties['ProfileLocation'].Value
    }
    $source = $null
    if ($null -ne $properties['Source']) {
        $source = [string]$properties['Source'].Value
    }

    $getCredentials = & {
        param($AccessKey, $SecretKey, $Token)
        {
            [pscustomobject]@{
                PSTypeName = 'AwsCredentialManager.ImmutableCredentials'
                AccessKey  = $AccessKey
                SecretKey  = $SecretKey
                Token      = $Token
                UseToken   = -not [string]::IsNullOrEmpty($Token)
            }
        }.GetNewClosure()
    } $accessKey $secretKey $token

    $credential = [pscustomobject]@{
        PSTypeName      = 'AwsCredentialManager.AWSCredentials'
        ProfileName     = $profileName
        Source          = $source
        ProfileLocation = $profileLocation
        AccessKey       = $accessKey
    }
    Microsoft.PowerShell.Utility\Add-Member -InputObject $credential -MemberType ScriptMethod -Name 'GetCredentials' -Value $getCredentials
    $credential
}
