function Get-AWSCredential {
    <#
    .SYNOPSIS
    Returns the credentials of a stored profile, or lists the profiles in the shared AWS config and credentials files.

    .DESCRIPTION
    Get-AWSCredential -ProfileName NAME reads the profile from the shared config and credentials
    files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and
    ~/.aws/credentials), or from the one file named by -ProfileLocation, and returns an
    AwsCredentialManager.AWSCredentials object. Its GetCredentials() method returns the keys as an
    AwsCredentialManager.ImmutableCredentials object {AccessKey, SecretKey, Token, UseToken}, as the
    incumbent's Amazon.Runtime.AWSCredentials does, so (Get-AWSCredential -ProfileName dev).GetCredentials().SecretKey
    keeps working. The secret key and token are not properties of the returned object and no
    format view shows them; the ImmutableCredentials views mask the secret key.

    This version returns static and session keys. Role, SSO, web identity, credential_process and
    login profiles are reported with the error id NotSupported until credential resolution lands.

    -ListProfileDetail lists every profile with the file that defines it; -ListProfile (deprecated,
    as in the incumbent) lists the names only.

    Without parameters it returns the credentials held in $StoredAWSCredentials, if that variable
    is set in the caller's scope, and nothing otherwise. The default credential chain
    (environment, AWS_PROFILE, default profile, container and instance credentials) arrives later.

    .PARAMETER ProfileName
    The profile to read.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location. An
    empty value is treated as not given.

    .PARAMETER ListProfile
    Deprecated: lists the profile names. Use -ListProfileDetail.

    .PARAMETER ListProfileDetail
    Lists the profiles as AwsCredentialManager.ProfileInfo objects (ProfileName, StoreTypeName, ProfileLocation).

    .EXAMPLE
    Get-AWSCredential -ProfileName dev

    Returns the credentials object of the profile dev; the default view shows its name, source, access key id and file, never the secret.

    .EXAMPLE
    (Get-AWSCredential -ProfileName dev).GetCredentials().SecretKey

    Reads the secret key, as scripts written for the AWS Tools for PowerShell do.

    .EXAMPLE
    Get-AWSCredential -ListProfileDetail

    Lists every profile with the file that defines it.

    .EXAMPLE
    Get-AWSCredential -ProfileName build -ProfileLocation C:\Jobs\aws-credentials

    Reads the profile build from one file of its own.

    .EXAMPLE
    if (-not (Get-AWSCredential -ProfileName dev -ErrorAction SilentlyContinue)) { Set-AWSCredential -AccessKey $ak -SecretKey $sk -StoreAs dev }

    Creates the profile dev when it does not exist yet. An unknown profile is a ProfileNotFound error, silenced here.

    .EXAMPLE
    Get-AWSCredential -ListProfileDetail | Where-Object ProfileName -like 'prod-*'

    Lists the profiles whose names start with prod-.

    .INPUTS
    System.Management.Automation.PSObject
    -ProfileName and -ProfileLocation bind by property name from the pipeline.

    .OUTPUTS
    AwsCredentialManager.AWSCredentials
    With -ProfileName, or without parameters when $StoredAWSCredentials is set.

    .OUTPUTS
    AwsCredentialManager.ProfileInfo
    With -ListProfileDetail.

    .OUTPUTS
    System.String
    With -ListProfile.

    .NOTES
    Differences from Get-AWSCredential in the AWS Tools for PowerShell:
    - An unknown profile is a non-terminating error with the error id ProfileNotFound (category
      ObjectNotFound). The incumbent returns nothing and says nothing, a frequent source of
      confusion; use -ErrorAction SilentlyContinue for its behaviour.
    - Profile kinds that cannot be resolved yet (role, SSO, ...) are errors with the error id
      NotSupported rather than objects that fail later.
    - There is no encrypted .NET credential store; StoreTypeName is always SharedCredentialsFile.
    - -ListProfileDetail lists every profile, including profiles that hold only settings, each
      once; ProfileLocation is the credentials file when it defines the profile, else the config file.
    - The returned object is a PowerShell object with a GetCredentials() method, not an
      Amazon.Runtime.AWSCredentials, so it cannot be passed to -Credential of the AWS service cmdlets.
    - On Linux and macOS, set AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE before PowerShell
      starts (or use -ProfileLocation): the native library does not yet see changes made with $env:
      inside pwsh, because .NET keeps a private copy of the environment on those systems. On
      Windows $env: changes apply at once.

    .LINK
    Set-AWSCredential

    .LINK
    Remove-AWSCredentialProfile

    .LINK
    https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
    #>
    [CmdletBinding(DefaultParameterSetName = 'Shell')]
    [OutputType('AwsCredentialManager.AWSCredentials', ParameterSetName = ('Shell', 'SingleProfile'))]
    [OutputType('System.String', ParameterSetName = 'ListName')]
    [OutputType('AwsCredentialManager.ProfileInfo', ParameterSetName = 'ListDetail')]
    param(
        [Parameter(ParameterSetName = 'SingleProfile', Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)]
        [Alias('StoredCredentials')]
        [string]
        $ProfileName,

        [Parameter(ParameterSetName = 'SingleProfile', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ListName', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ListDetail', ValueFromPipelineByPropertyName = $true)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string]
        $ProfileLocation,

        [Parameter(ParameterSetName = 'ListName', Mandatory = $true)]
        [Alias('ListStoredCredentials', 'ListProfiles')]
        [switch]
        $ListProfile,

        [Parameter(ParameterSetName = 'ListDetail', Mandatory = $true)]
        [switch]
        $ListProfileDetail
    )

    process {
        if ($PSCmdlet.ParameterSetName -eq 'Shell') {
            # The caller's $StoredAWSCredentials ($PSCmdlet.SessionState is the caller's session state).
            $stored = $PSCmdlet.SessionState.PSVariable.GetValue('StoredAWSCredentials', $null)
            if ($null -ne $stored) {
                $inner = $stored.PSObject.Properties['Credentials']
                if ($null -ne $inner -and $null -ne $inner.Value) {
                    $inner.Value
                }
                else {
                    $stored
                }
            }
            return
        }

        $request = [ordered]@{}
        if (-not [string]::IsNullOrEmpty($ProfileLocation)) {
            try {
                $request['ProfileLocation'] = Resolve-AwsCredProfileLocation -Path $ProfileLocation
            }
            catch {
                $PSCmdlet.WriteError($_)
                return
            }
        }

        if ($PSCmdlet.ParameterSetName -eq 'SingleProfile') {
            $request['ProfileName'] = $ProfileName
            try {
                $response = Invoke-AwsCredNative -Operation 'get_credentials' -Request $request -TargetObject $ProfileName
            }
            catch {
                $PSCmdlet.WriteError($_)
                return
            }
            New-AwsCredCredentialObject -Response $response
            return
        }

        if ($ListProfile.IsPresent) {
            Microsoft.PowerShell.Utility\Write-Warning -Message 'The ListProfile switch is deprecated and will be removed from a future release.  Please use ListProfileDetail instead.'
        }

        try {
            $response = Invoke-AwsCredNative -Operation 'list_profiles' -Request $request -TargetObject $ProfileLocation
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }

        foreach ($profileInfo in @($response.Profiles)) {
            if ($PSCmdlet.ParameterSetName -eq 'ListName') {
                [string]$profileInfo.ProfileName
            }
            else {
                [pscustomobject]@{
                    PSTypeName      = 'AwsCredentialManager.ProfileInfo'
                    ProfileName     = [string]$profileInfo.ProfileName
                    StoreTypeName   = [string]$profileInfo.StoreTypeName
                    ProfileLocation = [string]$profileInfo.ProfileLocation
                }
            }
        }
    }
}
