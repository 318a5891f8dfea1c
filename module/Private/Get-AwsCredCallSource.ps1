function Get-AwsCredCallSource {
    <#
    .SYNOPSIS
    Decides which credentials a credential operation (whoami, export_credentials) uses, and how
    the native library gets them.

    .DESCRIPTION
    The order of the incumbent's service cmdlets, as far as this module's parameters go:

    1. -ProfileName (with -ProfileLocation): that profile, any kind.
    2. -ProfileLocation alone: the default chain with that one file (its `default` profile), as
       the incumbent's guide describes.
    3. $StoredAWSCredentials of the caller (Set-AWSCredential, Initialize-AWSDefaultConfiguration).
       The native library cannot read PowerShell variables, so:
       - credentials that came from a profile are asked for again by that profile name (and the
         -ProfileLocation they were read with): the library resolves it afresh, using the AWS
         CLI's cache for roles, so nothing is prompted twice and nothing goes stale;
       - any other keys (supplied with -AccessKey/-SecretKey, from environment variables, a
         credentials object, instance metadata) are handed to the library's default chain for
         this call only, through the request's Environment: AWS_ACCESS_KEY_ID,
         AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN set, AWS_PROFILE, AWS_SECURITY_TOKEN and
         AWS_CREDENTIAL_EXPIRATION unset. The process environment is not changed.
    4. Otherwise the default chain: environment keys, AWS_PROFILE or `default`, web identity,
       container, instance metadata.

    The region for STS is -Region, else $StoredAWSRegion of the caller.

    .PARAMETER SessionState
    $PSCmdlet.SessionState of the public cmdlet (the caller's variables).

    .PARAMETER ProfileName
    The -ProfileName given, if any.

    .PARAMETER ProfileLocation
    The -ProfileLocation given, already resolved to an absolute path, if any.

    .PARAMETER Region
    The -Region given, if any.

    .OUTPUTS
    PSCustomObject {Request, Environment, Description}.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.SessionState]
        $SessionState,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $ProfileName,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $ProfileLocation,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Region
    )

    $request = [ordered]@{}
    $environment = $null
    $description = $null

    if (-not [string]::IsNullOrEmpty($ProfileName)) {
        $request['ProfileName'] = $ProfileName
        $description = "profile '$ProfileName'"
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            $request['ProfileLocation'] = $ProfileLocation
            $description = "profile '$ProfileName' in '$ProfileLocation'"
        }
    }
    elseif (-not [string]::IsNullOrEmpty($ProfileLocation)) {
        $request['ProfileLocation'] = $ProfileLocation
        $description = "the default credentials of '$ProfileLocation'"
    }
    else {
        $stored = Get-AwsCredShellVariable -SessionState $SessionState -Name 'StoredAWSCredentials'
        if ($null -ne $stored) {
            $sourceMethod = $stored.PSObject.Methods['GetSourceParameters']
            $keysMethod = $stored.PSObject.Methods['GetCredentials']
            $sourceParameters = $null
            if ($null -ne $sourceMethod) {
                $sourceParameters = $stored.GetSourceParameters()
            }
            if ($null -ne $sourceParameters -and -not [string]::IsNullOrEmpty([string]$sourceParameters['ProfileName'])) {
                $request['ProfileName'] = [string]$sourceParameters['ProfileName']
                $description = "the shell credentials (`$StoredAWSCredentials: profile '$($request['ProfileName'])')"
                if (-not [string]::IsNullOrEmpty([string]$sourceParameters['ProfileLocation'])) {
                    $request['ProfileLocation'] = [string]$sourceParameters['ProfileLocation']
                }
            }
            elseif ($null -ne $keysMethod) {
                $keys = $stored.GetCredentials()
                $token = $null
                if (-not [string]::IsNullOrEmpty([string]$keys.Token)) {
                    $token = [string]$keys.Token
                }
                $environment = [ordered]@{
                    AWS_ACCESS_KEY_ID         = [string]$keys.AccessKey
                    AWS_SECRET_ACCESS_KEY     = [string]$keys.SecretKey
                    AWS_SESSION_TOKEN         = $token
                    AWS_SECURITY_TOKEN        = $null
                    AWS_CREDENTIAL_EXPIRATION = $null
                    AWS_PROFILE               = $null
                }
                $description = "the shell credentials (`$StoredAWSCredentials: $stored)"
            }
            else {
                $typeName = @($stored.PSObject.TypeNames)[0]
                $message = "`$StoredAWSCredentials holds an object of type $typeName, which has no GetCredentials() method this module can use. Set it with Set-AWSCredential, or clear it with Clear-AWSCredential."
                $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -TargetObject $stored
                $PSCmdlet.ThrowTerminatingError($record)
            }
        }
        else {
            $description = 'the default credential chain'
        }
    }

    if (-not [string]::IsNullOrEmpty($Region)) {
        $request['Region'] = $Region
    }
    else {
        $shellRegion = Get-AwsCredShellVariable -SessionState $SessionState -Name 'StoredAWSRegion'
        if ($null -ne $shellRegion -and -not [string]::IsNullOrEmpty([string]$shellRegion)) {
            $request['Region'] = [string]$shellRegion
        }
    }

    [pscustomobject]@{
        Request     = $request
        Environment = $environment
        Description = $description
    }
}
