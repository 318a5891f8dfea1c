function Get-AWSCredential {
    <#
    .SYNOPSIS
    Returns the credentials of a stored profile, or lists the profiles in the shared AWS config and credentials files.

    .DESCRIPTION
    Get-AWSCredential -ProfileName NAME resolves the profile from the shared config and
    credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and
    ~/.aws/credentials), or from the one file named by -ProfileLocation, and returns an
    AwsCredentialManager.AWSCredentials object. Every kind of profile resolves: access keys,
    roles (source_profile or credential_source, external id, MFA), credential_process, SSO, web
    identity and console login. Its GetCredentials() method returns the keys as an
    AwsCredentialManager.ImmutableCredentials object {AccessKey, SecretKey, Token, UseToken}, as the
    incumbent's Amazon.Runtime.AWSCredentials does, so (Get-AWSCredential -ProfileName dev).GetCredentials().SecretKey
    keeps working. The secret key and token are not properties of the returned object and no
    format view shows them; the ImmutableCredentials views mask the secret key.

    A role with mfa_serial whose credentials are not in the AWS CLI's cache needs the current
    MFA code: pass -TokenCode, or let an interactive session ask for it. A non-interactive session
    (a scheduled task, pwsh -NonInteractive) never waits for input: it fails with the error id
    MfaRequired naming the device. An SSO or console login that has expired fails with the error
    id LoginRequired naming the command that logs in again.

    -ListProfileDetail lists every profile with the file that defines it; -ListProfile (deprecated,
    as in the incumbent) lists the names only.

    Without parameters it returns the credentials held in $StoredAWSCredentials (set by
    Set-AWSCredential or Initialize-AWSDefaultConfiguration), as seen from the caller's scope, and
    nothing when it is not set. It does not run the default credential chain, as the incumbent
    does not; Get-STSCallerIdentity shows which identity the default chain gives.

    .PARAMETER ProfileName
    The profile to read.

    .PARAMETER ProfileLocation
    One credentials-format file that holds everything, instead of the shared config and
    credentials files. Relative paths are resolved against the current PowerShell location. An
    empty value is treated as not given.

    .PARAMETER TokenCode
    The current 6-digit code of the MFA device, for a role profile with mfa_serial (extension;
    the incumbent prompts). Without it an interactive session asks for the code when the role
    needs one, and a non-interactive session fails with the error id MfaRequired.

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
    (Get-AWSCredential -ProfileName admin -TokenCode 123456).GetCredentials()

    Assumes the role of the profile admin, whose mfa_serial needs a code, and shows the temporary keys (the secret masked).

    .EXAMPLE
    Get-AWSCredential

    Returns the shell credentials set by Set-AWSCredential, or nothing.

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
    - Credentials are resolved when the command runs (the incumbent resolves roles and SSO
      lazily, when GetCredentials() is first called), so errors show up here, with error ids:
      MfaRequired, LoginRequired, AwsServiceError, NoCredentials, ProfileConfig.
    - GetCredentials() returns the keys resolved by this command; it does not refresh them. Run
      Get-AWSCredential again for fresh temporary credentials (roles come from the AWS CLI's
      cache while they are valid for at least 15 more minutes).
    - -TokenCode is an extension; the incumbent prompts with Console.ReadKey, which fails in
      hosts without a console.
    - There is no encrypted .NET credential store; StoreTypeName is always SharedCredentialsFile.
    - -ListProfileDetail lists every profile, including profiles that hold only settings, each
      once; ProfileLocation is the credentials file when it defines the profile, else the config file.
    - The returned object is a PowerShell object with a GetCredentials() method, not an
      Amazon.Runtime.AWSCredentials, so it cannot be passed to -Credential of the AWS service
      cmdlets. Its ToString() names the source, as the incumbent's $StoredAWSCredentials does.
    - Changes made with $env: inside PowerShell (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
      AWS_PROFILE, ...) apply at once on every OS: each call passes them to the native library.

    .LINK
    Set-AWSCredential

    .LINK
    New-AWSCredential

    .LINK
    Get-STSCallerIdentity

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

        [Parameter(ParameterSetName = 'SingleProfile', ValueFromPipelineByPropertyName = $true)]
        [string]
        $TokenCode,

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
            $stored = Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSCredentials'
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
            # The shell's default region, if set, is the region of the STS calls of roles.
            $shellRegion = [string](Get-AwsCredShellVariable -SessionState $PSCmdlet.SessionState -Name 'StoredAWSRegion')
            try {
                Resolve-AwsCredCredential -ProfileName $ProfileName -ProfileLocation $request['ProfileLocation'] -TokenCode $TokenCode -Region $shellRegion
            }
            catch {
                $PSCmdlet.WriteError($_)
            }
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
