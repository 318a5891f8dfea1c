function Get-AwsCredSavableKey {
    <#
    .SYNOPSIS
    The keys of a -Credential object that may be written to a profile, or a terminating error.

    .DESCRIPTION
    As the incumbent: only long-term or session keys are saved. This module's objects qualify
    when their Source is Profile (static or session keys read from a profile) or Parameters
    (keys supplied with -AccessKey/-SecretKey); an Amazon.Runtime.BasicAWSCredentials or
    SessionAWSCredentials of the AWS Tools for PowerShell qualifies too. Credentials that were
    resolved from a role, credential_process, SSO, the environment or instance metadata are
    temporary and refreshed by their source: saving a snapshot of them would go stale, so they
    are refused (error id InvalidInput, category InvalidOperation); store the profile they came
    from instead (Set-AWSCredential -ProfileName SOURCE -StoreAs NAME).

    .PARAMETER Credential
    The -Credential object.

    .OUTPUTS
    PSCustomObject {AccessKey, SecretKey, Token}.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]
        $Credential
    )

    $typeName = 'null'
    $savable = $false
    $kind = $null
    if ($null -ne $Credential) {
        $typeName = [string]@($Credential.PSObject.TypeNames)[0]
        if (@($Credential.PSObject.TypeNames) -contains 'AwsCredentialManager.AWSCredentials') {
            $sourceProperty = $Credential.PSObject.Properties['Source']
            if ($null -ne $sourceProperty) {
                $kind = [string]$sourceProperty.Value
            }
            $savable = $kind -in @('Profile', 'Parameters')
        }
        else {
            $kind = $typeName
            $savable = $typeName -like '*.BasicAWSCredentials' -or $typeName -like '*.SessionAWSCredentials'
        }
        if ($null -eq $Credential.PSObject.Methods['GetCredentials']) {
            $savable = $false
        }
    }

    if (-not $savable) {
        $message = "Cannot save credentials of type $kind ($typeName): only access keys (from a profile or supplied with -AccessKey and -SecretKey) can be written to a profile. Store the profile they came from instead: Set-AWSCredential -ProfileName SOURCE -StoreAs NAME."
        $record = New-AwsCredErrorRecord -ErrorId 'InvalidInput' -Message $message -Category ([System.Management.Automation.ErrorCategory]::InvalidOperation) -TargetObject $Credential
        $PSCmdlet.ThrowTerminatingError($record)
    }

    $keys = $Credential.GetCredentials()
    $token = $null
    if (-not [string]::IsNullOrEmpty([string]$keys.Token)) {
        $token = [string]$keys.Token
    }
    [pscustomobject]@{
        AccessKey = [string]$keys.AccessKey
        SecretKey = [string]$keys.SecretKey
        Token     = $token
    }
}
