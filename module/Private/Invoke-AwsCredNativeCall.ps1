function Invoke-AwsCredNativeCall {
    <#
    .SYNOPSIS
    Calls one awscred_<operation> function: UTF-8 request bytes in, status and UTF-8 response text out.

    .DESCRIPTION
    The only function that touches AwsCredentialManager.Native.NativeMethods for operations, so
    tests can mock the native boundary in one place. The library allocates the response; it is
    copied into a managed byte array with Marshal.Copy (available on .NET Framework and .NET,
    unlike Marshal.PtrToStringUTF8), decoded as UTF-8, and released with awscred_free in a finally
    block, so it is freed even when decoding fails or the pipeline is stopped. The managed copy of
    the bytes is cleared after decoding (responses can hold secrets).

    .PARAMETER Operation
    The operation, the part of the exported name after "awscred_".

    .PARAMETER RequestBytes
    The UTF-8 JSON request.

    .OUTPUTS
    PSCustomObject with Status (int) and Body (string).
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidateSet('set_profile', 'copy_profile', 'list_profiles', 'show_profile', 'get_credentials', 'remove_profile', 'dump_config', 'explain', 'whoami', 'export_credentials', 'resolve_region')]
        [string]
        $Operation,

        [Parameter(Mandatory = $true)]
        [byte[]]
        $RequestBytes
    )

    $requestLength = [System.UIntPtr]::new([uint64]$RequestBytes.Length)
    $responsePointer = [System.IntPtr]::Zero
    $responseLength = [System.UIntPtr]::Zero
    $status = -1
    $body = $null

    try {
        switch ($Operation) {
            'set_profile' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_set_profile($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'copy_profile' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_copy_profile($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'list_profiles' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_list_profiles($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'show_profile' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_show_profile($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'get_credentials' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_get_credentials($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'remove_profile' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_remove_profile($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'dump_config' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_dump_config($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'explain' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_explain($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'whoami' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_whoami($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'export_credentials' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_export_credentials($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
            'resolve_region' {
                $status = [AwsCredentialManager.Native.NativeMethods]::awscred_resolve_region($RequestBytes, $requestLength, [ref]$responsePointer, [ref]$responseLength)
            }
        }

        $length = $responseLength.ToUInt64()
        if ($responsePointer -ne [System.IntPtr]::Zero -and $length -gt 0) {
            if ($length -gt [uint64][int]::MaxValue) {
                throw [System.InvalidOperationException]::new("awscred_$Operation returned a response of $length bytes, more than this module can read.")
            }
            $buffer = [byte[]]::new([int]$length)
            try {
                [System.Runtime.InteropServices.Marshal]::Copy($responsePointer, $buffer, 0, [int]$length)
                $body = [System.Text.Encoding]::UTF8.GetString($buffer)
            }
            finally {
                [System.Array]::Clear($buffer, 0, $buffer.Length)
            }
        }
    }
    finally {
        if ($responsePointer -ne [System.IntPtr]::Zero) {
            [AwsCredentialManager.Native.NativeMethods]::awscred_free($responsePointer, $responseLength)
        }
    }

    [pscustomobject]@{
        Status = [int]$status
        Body   = $body
    }
}
