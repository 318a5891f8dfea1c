# Import-Module in a child pwsh fails, with an error naming the path, when the native library is
# missing, has another ABI version (a small C stub), or cannot be loaded; a good copy imports.

Set-StrictMode -Version Latest

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
    $ModulePath = Get-BuiltModulePath
    $ModuleRoot = Split-Path -Path $ModulePath -Parent
    $Pwsh = Get-PwshPath
    $Rid = & $Pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; [AwsCredentialManager.NativeLibraryInfo]::RuntimeIdentifier"
    $LibraryName = if ($IsWindows) { 'awscred.dll' } elseif ($IsMacOS) { 'libawscred.dylib' } else { 'libawscred.so' }

    # A copy of the built module in TestDrive, to break.
    function New-ModuleCopy {
        $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath $ModuleRoot -Destination $copy -Recurse
        [pscustomobject]@{
            Manifest = Join-Path $copy 'AwsCredentialManager.psd1'
            Library  = [System.IO.Path]::Combine($copy, 'runtimes', $Rid, $LibraryName)
        }
    }

    # Imports in a fresh, non-interactive pwsh; returns the exit code and the error text.
    function Invoke-ChildImport {
        param([string] $Manifest)
        $command = "try { Import-Module '$Manifest' -ErrorAction Stop; Get-AWSCredential -ListProfileDetail | Out-Null; 'imported' } catch { 'ERROR: ' + `$_.Exception.Message; exit 7 }"
        $output = & $Pwsh -NoProfile -NonInteractive -Command $command 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
    }
}

Describe 'Import-Module' {
    It 'imports a complete copy' {
        $copy = New-ModuleCopy
        $result = Invoke-ChildImport $copy.Manifest
        $result.Text | Should -BeLike '*imported*'
        $result.ExitCode | Should -Be 0
    }

    It 'fails naming the expected path when the native library is missing' {
        $copy = New-ModuleCopy
        Remove-Item -LiteralPath $copy.Library
        $result = Invoke-ChildImport $copy.Manifest
        $result.ExitCode | Should -Be 7
        $result.Text | Should -BeLike "ERROR:*$($copy.Library)*"
        $result.Text | Should -Not -BeLike '*imported*'
    }

    It 'fails naming the path and both versions when the library has another ABI version' {
        $copy = New-ModuleCopy
        $source = Join-Path $TestDrive 'stub.c'
        Set-Content -LiteralPath $source -Value @(
            '#include <stdint.h>'
            '#include <stddef.h>'
            'uint32_t awscred_abi_version(void) { return 99; }'
            'int awscred_free(uint8_t *p, size_t n) { (void)p; (void)n; return 0; }'
        )
        & gcc -shared -fPIC -o $copy.Library $source
        $LASTEXITCODE | Should -Be 0
        $result = Invoke-ChildImport $copy.Manifest
        $result.ExitCode | Should -Be 7
        $result.Text | Should -BeLike "ERROR:*$($copy.Library)*ABI version 99*"
    }

    It 'fails naming the path when the file is not a loadable library' {
        $copy = New-ModuleCopy
        [System.IO.File]::WriteAllBytes($copy.Library, [byte[]](1..64))
        $result = Invoke-ChildImport $copy.Manifest
        $result.ExitCode | Should -Be 7
        $result.Text | Should -BeLike "ERROR:*$($copy.Library)*"
    }
}
