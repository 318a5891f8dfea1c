function Invoke-AwsCredCredentialRequest {
    <#
    .SYNOPSIS
    Runs a credential operation (get_credentials, whoami, export_credentials), asking for the MFA
    code when a role needs one and the session can ask.

    .DESCRIPTION
    The native library never prompts: a role with mfa_serial and nothing cached fails with
    MfaRequired, naming the device (docs/api.md). Then:

    - with -TokenCode the code was already sent, so the error stands;
    - in an interactive session (Test-AwsCredInteractive) the user is asked for the 6-digit code
      of that device (Read-AwsCredHostInput, input not echoed) and the operation runs again with
      it; the role's credentials then land in the AWS CLI's cache, so the next call does not ask;
    - otherwise a terminating MfaRequired error (category AuthenticationError) names the device
      and -TokenCode, and nothing waits for input.

    Every other failure (LoginRequired naming the login command, ProfileNotFound, ...) is
    rethrown as the terminating ErrorRecord that Invoke-AwsCredNative built.

    .PARAMETER Operation
    get_credentials, whoami or export_credentials.

    .PARAMETER Request
    The request fields; TokenCode is added here.

    .PARAMETER Environment
    Per-call environment overrides (see Invoke-AwsCredNative).

    .PARAMETER TargetObject
    What an error is about (usually the profile name).

    .PARAMETER TokenCode
    The MFA code given by the user, if any.

    .OUTPUTS
    PSCustomObject: the parsed response.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateSet('get_credentials', 'whoami', 'export_credentials')]
        [string]
        $Operation,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Request,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Environment,

        [Parameter()]
        [AllowNull()]
        [object]
        $TargetObject,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $TokenCode
    )

    $codeGiven = -not [string]::IsNullOrEmpty($TokenCode)
    if ($codeGiven) {
        $Request['TokenCode'] = $TokenCode
    }

    $failure = $null
    try {
        Invoke-AwsCredNative -Operation $Operation -Request $Request -Environment $Environment -TargetObject $TargetObject
    }
    catch {
        $failure = $_
    }
    if ($null -eq $failure) {
        return
    }

    $code = [string]$failure.Exception.Data['AwsCredErrorCode']
    if ($code -ne 'MfaRequired' -or $codeGiven) {
        $PSCmdlet.ThrowTerminatingError($failure)
    }

    $serial = [string]$failure.Exception.Data['MfaSerial']
    $profileName = [string]$failure.Exception.Data['Profile']
    $data = @{ MfaSerial = $serial; Profile = $profileName }

    if (-not (Test-AwsCredInteractive)) {
        $message = "Profile '$profileName' assumes a role that needs the current code of the MFA device $serial, and this PowerShell session is not interactive, so it cannot ask for it. Run the command again with -TokenCode and the 6-digit code the device shows."
        $record = New-AwsCredErrorRecord -ErrorId 'MfaRequired' -Message $message -Category ([System.Management.Automation.ErrorCategory]::AuthenticationError) -TargetObject $TargetObject -Data $data -RecommendedAction "Add -TokenCode <6-digit code of $serial>."
        $PSCmdlet.ThrowTerminatingError($record)
    }

    $entered = Read-AwsCredHostInput -Prompt "MFA code of $serial (profile '$profileName')" -AsSecureString
    $entered = ([string]$entered).Trim()
    if ($entered -notmatch '^[0-9]{6}$') {
        $message = "The MFA code of $serial must be the 6 digits the device shows; nothing was sent to AWS."
        $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -TargetObject $TargetObject -Data $data
        $PSCmdlet.ThrowTerminatingError($record)
    }
    $Request['TokenCode'] = $entered
    Invoke-AwsCredNative -Operation $Operation -Request $Request -Environment $Environment -TargetObject $TargetObject
}
