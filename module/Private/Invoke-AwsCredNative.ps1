function Invoke-AwsCredNative {
    <#
    .SYNOPSIS
    Runs one native operation: request hashtable in, parsed response out, failures as ErrorRecords.

    .DESCRIPTION
    Serializes the request to UTF-8 JSON, calls the operation through Invoke-AwsCredNativeCall,
    parses the JSON response with ConvertFrom-Json and returns it. On a non-zero status the
    response is {"error": {"code", "message", "file"?, "line"?}} and this function throws a
    terminating ErrorRecord (New-AwsCredErrorRecord) whose error id is the native code and whose
    category follows docs/api.md. Callers catch it and write it as a non-terminating error or
    rethrow it, as their cmdlet's contract says. The request bytes are cleared after the call
    (requests can hold secrets).

    Every request carries "Environment" (docs/api.md): the variables the library reads, as this
    PowerShell process sees them now (Get-AwsCredEnvironment), with -Environment layered on top.
    Without it the library would not see $env: changes made inside pwsh on Linux and macOS.

    The extra fields of some errors are kept in Exception.Data: MfaSerial and Profile
    (MfaRequired), Command (LoginRequired, also the RecommendedAction), AwsCode (AwsServiceError).

    .PARAMETER Operation
    The operation, the part of the exported name after "awscred_".

    .PARAMETER Request
    The request fields, named as in docs/api.md.

    .PARAMETER TargetObject
    What an error is about, for the ErrorRecord (usually the profile name).

    .PARAMETER Environment
    Variables to send instead of (or in addition to) the process's values for this call only;
    $null unsets one. Used to hand shell credentials to the default chain.

    .OUTPUTS
    PSCustomObject: the parsed response.
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateSet('set_profile', 'copy_profile', 'list_profiles', 'show_profile', 'get_credentials', 'remove_profile', 'dump_config', 'explain', 'whoami', 'export_credentials', 'resolve_region')]
        [string]
        $Operation,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Request,

        [Parameter()]
        [AllowNull()]
        [object]
        $TargetObject,

        [Parameter()]
        [AllowNull()]
        [System.Collections.IDictionary]
        $Environment
    )

    $reading = $Operation -in @('list_profiles', 'show_profile', 'get_credentials', 'dump_config', 'explain', 'whoami', 'export_credentials', 'resolve_region')
    $body = [ordered]@{}
    foreach ($key in @($Request.Keys)) {
        $body[[string]$key] = $Request[$key]
    }
    $environmentView = Get-AwsCredEnvironment
    if ($null -ne $Environment) {
        foreach ($key in @($Environment.Keys)) {
            $environmentView[[string]$key] = $Environment[$key]
        }
    }
    $body['Environment'] = $environmentView
    $json = ConvertTo-AwsCredRequestJson -Request $body
    $requestBytes = [System.Text.Encoding]::UTF8.GetBytes($json)
    try {
        $result = Invoke-AwsCredNativeCall -Operation $Operation -RequestBytes $requestBytes
    }
    finally {
        [System.Array]::Clear($requestBytes, 0, $requestBytes.Length)
    }

    $response = $null
    if (-not [string]::IsNullOrEmpty($result.Body)) {
        try {
            $response = Microsoft.PowerShell.Utility\ConvertFrom-Json -InputObject $result.Body
        }
        catch {
            $record = New-AwsCredErrorRecord -ErrorId 'Internal' -Message "awscred_$Operation returned a response that is not JSON: $($_.Exception.Message)" -TargetObject $TargetObject
            $PSCmdlet.ThrowTerminatingError($record)
        }
    }

    if ($result.Status -eq 0) {
        if ($null -eq $response) {
            $record = New-AwsCredErrorRecord -ErrorId 'Internal' -Message "awscred_$Operation succeeded but returned no response." -TargetObject $TargetObject
            $PSCmdlet.ThrowTerminatingError($record)
        }
        $response
        return
    }

    # Failure: {"error": {"code", "message", "file"?, "line"?}}. Read it defensively (strict mode).
    $code = 'Internal'
    $message = "awscred_$Operation failed with status $($result.Status) and no error description."
    $file = $null
    $line = 0
    $data = @{}
    $recommendedAction = $null
    $errorProperty = $null
    if ($null -ne $response) {
        $errorProperty = $response.PSObject.Properties['error']
    }
    if ($null -ne $errorProperty -and $null -ne $errorProperty.Value) {
        $detail = $errorProperty.Value
        foreach ($property in $detail.PSObject.Properties) {
            switch ($property.Name) {
                'code' { $code = [string]$property.Value }
                'message' { $message = [string]$property.Value }
                'file' { $file = [string]$property.Value }
                'line' { $line = [int]$property.Value }
                'mfa_serial' { $data['MfaSerial'] = [string]$property.Value }
                'profile' { $data['Profile'] = [string]$property.Value }
                'command' { $data['Command'] = [string]$property.Value }
                'aws_code' { $data['AwsCode'] = [string]$property.Value }
            }
        }
    }
    if ($code -eq 'Internal') {
        $message = "$message (native error code Internal, status $($result.Status))"
    }

    if ($code -eq 'LoginRequired' -and $data.ContainsKey('Command')) {
        # Name the login command even if a library version words its message differently.
        if ($message.IndexOf($data['Command'], [System.StringComparison]::Ordinal) -lt 0) {
            $message = "$message; run ``$($data['Command'])`` and try again"
        }
        $recommendedAction = "Run: $($data['Command'])"
    }
    elseif ($code -eq 'MfaRequired' -and $data.ContainsKey('MfaSerial')) {
        $recommendedAction = "Run the command again with -TokenCode and the current 6-digit code of the MFA device $($data['MfaSerial'])."
    }

    $record = New-AwsCredErrorRecord -ErrorId $code -Message $message -TargetObject $TargetObject -Reading:$reading -File $file -Line $line -Data $data -RecommendedAction $recommendedAction
    $PSCmdlet.ThrowTerminatingError($record)
}
