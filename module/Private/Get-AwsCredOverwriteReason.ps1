function Get-AwsCredOverwriteReason {
    <#
    .SYNOPSIS
    Says how writing new settings would change the credentials or region of an existing profile,
    or returns nothing when it would not.

    .DESCRIPTION
    Initialize-AWSDefaultConfiguration must never silently replace a `default` profile that holds
    other credentials. This compares the profile as show_profile reports it (secrets masked) with
    what is about to be written (secrets masked the same way):

    - the existing profile holds credentials (its kind is not Settings) of another kind (keys vs
      role vs SSO ...): overwrite;
    - same kind, and a credential setting about to be written has another value (or the profile
      has a credential setting the new kind would drop, with -CompareAll): overwrite;
    - a region about to be written differs from the profile's region: overwrite.

    A profile that holds only settings (a region-only default, for example) gaining credentials,
    or a profile that already holds exactly these values, is not an overwrite.

    .PARAMETER Existing
    The show_profile response for the profile.

    .PARAMETER Kind
    The kind about to be written: Basic, Session, AssumeRole, ..., or empty when only a region is
    written.

    .PARAMETER Settings
    The credential settings about to be written, by file key name (aws_access_key_id, role_arn,
    ...), secrets masked; $null for a key the write removes.

    .PARAMETER Region
    The region about to be written, if any.

    .PARAMETER CompareAll
    Also compare credential settings of the existing profile that -Settings does not name (a
    copy replaces them all).

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [psobject]
        $Existing,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Kind,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Settings,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $Region,

        [Parameter()]
        [switch]
        $CompareAll
    )

    $credentialKeys = @(
        'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token',
        'role_arn', 'source_profile', 'credential_source', 'external_id', 'mfa_serial',
        'role_session_name', 'duration_seconds', 'web_identity_token_file', 'credential_process',
        'sso_session', 'sso_account_id', 'sso_role_name', 'sso_start_url', 'sso_region', 'login_session'
    )

    $current = @{}
    foreach ($setting in @($Existing.Settings)) {
        if ($null -ne $setting) {
            $current[[string]$setting.Name] = [string]$setting.Value
        }
    }
    $existingKind = [string]$Existing.Kind

    $family = {
        param($Name)
        if ($Name -in @('Basic', 'Session')) {
            'Keys'
        }
        else {
            $Name
        }
    }

    $reasons = [System.Collections.Generic.List[string]]::new()
    if (-not [string]::IsNullOrEmpty($Kind) -and $existingKind -ne 'Settings') {
        if ((& $family $existingKind) -ne (& $family $Kind)) {
            $reasons.Add("it holds $existingKind credentials")
        }
        else {
            $names = [System.Collections.Generic.List[string]]::new()
            if ($null -ne $Settings) {
                foreach ($name in @($Settings.Keys)) {
                    $names.Add([string]$name)
                }
            }
            if ($CompareAll.IsPresent) {
                foreach ($name in @($current.Keys)) {
                    if ($name -in $credentialKeys -and -not $names.Contains($name)) {
                        $names.Add($name)
                    }
                }
            }
            foreach ($name in $names) {
                $new = $null
                if ($null -ne $Settings -and $Settings.Contains($name)) {
                    $new = [string]$Settings[$name]
                }
                $old = $null
                if ($current.ContainsKey($name)) {
                    $old = $current[$name]
                }
                if ([string]$old -cne [string]$new) {
                    if ([string]::IsNullOrEmpty($old)) {
                        $reasons.Add("$name would be added")
                    }
                    elseif ([string]::IsNullOrEmpty($new)) {
                        $reasons.Add("$name would be removed")
                    }
                    elseif ($name -in @('aws_secret_access_key', 'aws_session_token', 'aws_security_token')) {
                        $reasons.Add("$name differs")
                    }
                    else {
                        $reasons.Add("$name is '$old', not '$new'")
                    }
                }
            }
        }
    }

    if (-not [string]::IsNullOrEmpty($Region) -and $current.ContainsKey('region') -and $current['region'] -cne $Region) {
        $reasons.Add("region is '$($current['region'])', not '$Region'")
    }

    if ($reasons.Count -gt 0) {
        $reasons -join '; '
    }
}
