function Get-AwsCredProfileNameCompletion {
    <#
    .SYNOPSIS
    Completion results for a -ProfileName (or -SourceProfile) argument.

    .DESCRIPTION
    Lists the profile names with list_profiles, from the file of a -ProfileLocation already on
    the command line (or its aliases) or else from the shared config and credentials files, and
    returns those that start with the word typed so far. Names that PowerShell would not take as
    a bare word (a leading @ or -, for example) are single-quoted; profile names cannot contain a
    quote. Any failure yields no results: a completer must never throw at the user.

    .PARAMETER WordToComplete
    The text typed so far, possibly with an opening quote.

    .PARAMETER FakeBoundParameters
    The parameters already on the command line, as the completion engine passes them.

    .OUTPUTS
    System.Management.Automation.CompletionResult
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.CompletionResult])]
    param(
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [string]
        $WordToComplete,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $FakeBoundParameters
    )

    try {
        $request = @{}
        if ($null -ne $FakeBoundParameters) {
            foreach ($name in @('ProfileLocation', 'AWSProfilesLocation', 'ProfilesLocation')) {
                if ($FakeBoundParameters.Contains($name) -and -not [string]::IsNullOrEmpty([string]$FakeBoundParameters[$name])) {
                    $request['ProfileLocation'] = Resolve-AwsCredProfileLocation -Path ([string]$FakeBoundParameters[$name])
                    break
                }
            }
        }

        $word = ''
        if (-not [string]::IsNullOrEmpty($WordToComplete)) {
            $word = $WordToComplete.Trim([char[]]@([char]39, [char]34))
        }
        $pattern = [System.Management.Automation.WildcardPattern]::Escape($word) + '*'

        $response = Invoke-AwsCredNative -Operation 'list_profiles' -Request $request
        foreach ($profileInfo in @($response.Profiles)) {
            $name = [string]$profileInfo.ProfileName
            if ($name -notlike $pattern) {
                continue
            }
            $text = $name
            if ($name -notmatch '^[A-Za-z0-9_./][A-Za-z0-9_./:%+@-]*$') {
                $text = "'$name'"
            }
            [System.Management.Automation.CompletionResult]::new($text, $name, [System.Management.Automation.CompletionResultType]::ParameterValue, $name)
        }
    }
    catch {
        Microsoft.PowerShell.Utility\Write-Debug -Message "AwsCredentialManager: profile name completion failed: $($_.Exception.Message)"
    }
}
