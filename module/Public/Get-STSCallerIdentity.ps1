function Get-STSCallerIdentity {
    <#
    .SYNOPSIS
    Returns the AWS account, ARN and user id of the credentials in use (STS GetCallerIdentity).

    .DESCRIPTION
    Calls STS GetCallerIdentity with the credentials chosen the way the AWS Tools for PowerShell
    choose them for a service cmdlet:

    1. -ProfileName (with -ProfileLocation): that profile, of any kind.
    2. -ProfileLocation alone: the default profile of that one file.
    3. The shell credentials in $StoredAWSCredentials (Set-AWSCredential,
       Initialize-AWSDefaultConfiguration), as the caller's scope sees them.
    4. The default chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the
       default profile, web identity, container credentials, instance metadata (given up after
       about 1.5 seconds off EC2).

    The STS region is -Region, else $StoredAWSRegion, else the profile's region, else the usual
    region chain; an endpoint configured with AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL is used.

    It is the usual way to check which identity a profile or the shell resolves to. No secret is
    part of the output.

    .PARAMETER ProfileName
    The profile whose credentials are used.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location.

    .PARAMETER Region
    The region of the STS endpoint, such as eu-west-1.

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, for a role profile with mfa_serial (extension;
    the incumbent prompts). Without it an interactive session asks when the role needs a code and
    a non-interactive one fails with the error id MfaRequired.

    .PARAMETER Select
    '*' (the default) returns the whole answer as an AwsCredentialManager.CallerIdentity object
    {Account, Arn, UserId}; 'Account', 'Arn' or 'UserId' returns that value only.

    .EXAMPLE
    Get-STSCallerIdentity

    Shows the account, ARN and user id of the shell credentials or the default chain.

    .EXAMPLE
    Get-STSCallerIdentity -ProfileName prod -Select Account

    Returns only the account id of the profile prod.

    .EXAMPLE
    Get-STSCallerIdentity -ProfileName admin -TokenCode 123456

    Assumes the role of the profile admin with an MFA code and shows the assumed-role ARN.

    .INPUTS
    System.Management.Automation.PSObject
    -ProfileName, -ProfileLocation and -Region bind by property name from the pipeline.

    .OUTPUTS
    AwsCredentialManager.CallerIdentity
    With -Select '*'.

    .OUTPUTS
    System.String
    With -Select Account, Arn or UserId.

    .NOTES
    Differences from Get-STSCallerIdentity in AWS.Tools.SecurityToken:
    - Only the credential parameters -ProfileName, -ProfileLocation, -Region and -TokenCode are
      offered; for keys, set them for the shell first (Set-AWSCredential -AccessKey -SecretKey) or
      in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. -Select takes '*' or one property name.
    - The output is an AwsCredentialManager.CallerIdentity, not an
      Amazon.SecurityToken.Model.GetCallerIdentityResponse (no ResponseMetadata).
    - Failures are non-terminating errors with error ids: ProfileNotFound, NoCredentials (naming
      every source tried), MfaRequired, LoginRequired (naming the login command),
      AwsServiceError (the AWS error code is in Exception.Data['AwsCode']).
    - Shell credentials that came from a profile are resolved again by profile name (the AWS
      CLI's cache serves roles); other shell keys are passed to the native library for this call
      only, without changing the process environment.

    .LINK
    Set-AWSCredential

    .LINK
    Export-AWSCredential

    .LINK
    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    #>
    [CmdletBinding()]
    [OutputType('AwsCredentialManager.CallerIdentity')]
    [OutputType([string])]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [string]
        $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('RegionToCall')]
        [string]
        $Region,

        [Parameter()]
        [string]
        $TokenCode,

        [Parameter()]
        [ValidateSet('*', 'Account', 'Arn', 'UserId')]
        [string]
        $Select = '*'
    )

    process {
        $location = $null
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            try {
                $location = Resolve-AwsCredProfileLocation -Path $ProfileLocation
            }
            catch {
                $PSCmdlet.WriteError($_)
                return
            }
        }

        try {
            $source = Get-AwsCredCallSource -SessionState $PSCmdlet.SessionState -ProfileName $ProfileName -ProfileLocation $location -Region $Region
            Microsoft.PowerShell.Utility\Write-Verbose -Message "Calling STS GetCallerIdentity with $($source.Description)."
            $target = $source.Request['ProfileName']
            $response = Invoke-AwsCredCredentialRequest -Operation 'whoami' -Request $source.Request -Environment $source.Environment -TargetObject $target -TokenCode $TokenCode
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }

        $identity = [pscustomobject]@{
            PSTypeName = 'AwsCredentialManager.CallerIdentity'
            Account    = [string]$response.Account
            Arn        = [string]$response.Arn
            UserId     = [string]$response.UserId
        }
        if ($Select -eq '*') {
            $identity
        }
        else {
            $identity.$Select
        }
    }
}
