function New-AwsCredCredentialObject {
    <#
    .SYNOPSIS
    Wraps a get_credentials response (or supplied keys) as an AwsCredentialManager.AWSCredentials object.

    .DESCRIPTION
    The object has the visible properties ProfileName, Source, ProfileLocation, AccessKey (the
    key id, which is not a secret) and Expiration (a UTC DateTime for temporary credentials, else
    $null), and three script methods:

    - GetCredentials() returns an AwsCredentialManager.ImmutableCredentials object {AccessKey,
      SecretKey, Token, UseToken}, as Amazon.Runtime.AWSCredentials.GetCredentials() does, so
      incumbent scripts such as (Get-AWSCredential -ProfileName x).GetCredentials().SecretKey
      keep working.
    - ToString() returns the name of the source, as the incumbent's $StoredAWSCredentials does:
      the profile name, 'Supplied Key Parameters', 'Environment Variables', 'Credentials Object',
      'Container' or 'Instance Profile'.
    - GetSourceParameters() returns @{ ProfileName; ProfileLocation } as they were given when
      these credentials were resolved (both $null for keys that did not come from a profile), so
      the cmdlets can ask the native library for the same credentials again.

    The secret key and token are not properties of the outer object. They live only in the
    variables captured by a closure (ScriptBlock.GetNewClosure()) that backs the script method.
    So they appear in no format view, in no Format-List *, Select-Object *, ConvertTo-Json or
    Export-Clixml output of the outer object (script methods are not serialized), and they are not
    sent over remoting. A hidden note property would not achieve this: note properties show up in
    Format-List *, Select-Object * and every serializer. The closure is created in a fresh script
    block scope that holds nothing but the captured values, so it captures nothing else.

    .PARAMETER Response
    The parsed get_credentials response, or an object with the same properties (AccessKeyId,
    SecretAccessKey, SessionToken?, Expiration?, ProfileName?, Source, ProfileLocation?).

    .PARAMETER Name
    What ToString() returns; derived from ProfileName and Source when not given.

    .PARAMETER RequestedProfileLocation
    The -ProfileLocation the credentials were resolved with, if any: it is what
    GetSourceParameters() returns, and the ProfileLocation property when the response names no file.

    .OUTPUTS
    AwsCredentialManager.AWSCredentials
    #>
    [CmdletBinding()]
    [OutputType('AwsCredentialManager.AWSCredentials')]
    param(
        [Parameter(Mandatory = $true)]
        [psobject]
        $Response,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Name,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $RequestedProfileLocation
    )

    $properties = $Response.PSObject.Properties
    $text = {
        param($PropertyName)
        $property = $properties[$PropertyName]
        if ($null -ne $property -and $null -ne $property.Value -and -not [string]::IsNullOrEmpty([string]$property.Value)) {
            [string]$property.Value
        }
        else {
            $null
        }
    }

    $accessKey = [string](& $text 'AccessKeyId')
    $secretKey = [string](& $text 'SecretAccessKey')
    $token = & $text 'SessionToken'
    $profileName = & $text 'ProfileName'
    $profileLocation = & $text 'ProfileLocation'
    $source = & $text 'Source'
    $expiration = $null
    $expirationProperty = $properties['Expiration']
    if ($null -ne $expirationProperty -and $null -ne $expirationProperty.Value) {
        $expiration = ConvertTo-AwsCredUtcDateTime -Value $expirationProperty.Value
    }

    $requestedLocation = $null
    if (-not [string]::IsNullOrEmpty($RequestedProfileLocation)) {
        $requestedLocation = $RequestedProfileLocation
        if ($null -eq $profileLocation) {
            $profileLocation = $RequestedProfileLocation
        }
    }

    if ([string]::IsNullOrEmpty($Name)) {
        if ($null -ne $profileName) {
            $Name = $profileName
        }
        else {
            switch ($source) {
                'Parameters' { $Name = 'Supplied Key Parameters' }
                'Environment' { $Name = 'Environment Variables' }
                'CredentialsObject' { $Name = 'Credentials Object' }
                'EcsContainer' { $Name = 'Container' }
                'Ec2InstanceMetadata' { $Name = 'Instance Profile' }
                default { $Name = [string]$source }
            }
        }
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

    $getSourceParameters = & {
        param($ProfileName, $ProfileLocation)
        {
            @{
                ProfileName     = $ProfileName
                ProfileLocation = $ProfileLocation
            }
        }.GetNewClosure()
    } $profileName $requestedLocation

    $toString = & {
        param($Name)
        {
            $Name
        }.GetNewClosure()
    } $Name

    $credential = [pscustomobject]@{
        PSTypeName      = 'AwsCredentialManager.AWSCredentials'
        ProfileName     = $profileName
        Source          = $source
        ProfileLocation = $profileLocation
        AccessKey       = $accessKey
        Expiration      = $expiration
    }
    Microsoft.PowerShell.Utility\Add-Member -InputObject $credential -MemberType ScriptMethod -Name 'GetCredentials' -Value $getCredentials
    Microsoft.PowerShell.Utility\Add-Member -InputObject $credential -MemberType ScriptMethod -Name 'GetSourceParameters' -Value $getSourceParameters
    Microsoft.PowerShell.Utility\Add-Member -InputObject $credential -MemberType ScriptMethod -Name 'ToString' -Value $toString -Force
    $credential
}
