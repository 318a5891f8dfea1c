# AwsCredentialManager: the PowerShell front end over the awscred native library.
#
# Import order: strict mode; dot-source Private/*.ps1 then Public/*.ps1 (a file that fails to
# load fails the import, so the module never half-loads); bind the native library for this
# OS/architecture and check its ABI version; register the -ProfileName argument completer;
# define the incumbent's aliases. Exports are listed in AwsCredentialManager.psd1.

Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

foreach ($folder in @('Private', 'Public')) {
    $folderPath = [System.IO.Path]::Combine($PSScriptRoot, $folder)
    $files = @(Microsoft.PowerShell.Management\Get-ChildItem -LiteralPath $folderPath -Filter '*.ps1' -File -ErrorAction Stop | Microsoft.PowerShell.Utility\Sort-Object -Property Name)
    foreach ($file in $files) {
        try {
            . $file.FullName
        }
        catch {
            $exception = [System.InvalidOperationException]::new("AwsCredentialManager: cannot load '$($file.FullName)': $($_.Exception.Message)", $_.Exception)
            throw [System.Management.Automation.ErrorRecord]::new($exception, 'ModuleFileLoadFailed', [System.Management.Automation.ErrorCategory]::InvalidData, $file.FullName)
        }
    }
}

Initialize-AwsCredNativeLibrary -ModuleRoot $PSScriptRoot -ErrorAction Stop

# -ProfileName (and -SourceProfile, which also names a profile) complete from list_profiles,
# honouring a -ProfileLocation already on the command line. Registered for the aliases too, so
# completion works whichever name is typed.
$profileNameCompleter = {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Get-AwsCredProfileNameCompletion -WordToComplete $wordToComplete -FakeBoundParameters $fakeBoundParameters
}
$completedCommands = @(
    'Get-AWSCredential', 'Get-AWSCredentials',
    'Set-AWSCredential', 'Set-AWSCredentials',
    'New-AWSCredential', 'New-AWSCredentials',
    'Initialize-AWSDefaultConfiguration', 'Initialize-AWSDefaults',
    'Remove-AWSCredentialProfile',
    'Export-AWSCredential',
    'Get-STSCallerIdentity'
)
$sourceProfileCommands = @(
    'Set-AWSCredential', 'Set-AWSCredentials',
    'New-AWSCredential', 'New-AWSCredentials',
    'Initialize-AWSDefaultConfiguration', 'Initialize-AWSDefaults'
)
Microsoft.PowerShell.Core\Register-ArgumentCompleter -CommandName $completedCommands -ParameterName 'ProfileName' -ScriptBlock $profileNameCompleter
Microsoft.PowerShell.Core\Register-ArgumentCompleter -CommandName $sourceProfileCommands -ParameterName 'SourceProfile' -ScriptBlock $profileNameCompleter

# The incumbent's plural aliases (AWS Tools for PowerShell), exported by the manifest.
$aliases = [ordered]@{
    'Clear-AWSCredentials'   = 'Clear-AWSCredential'
    'Get-AWSCredentials'     = 'Get-AWSCredential'
    'Initialize-AWSDefaults' = 'Initialize-AWSDefaultConfiguration'
    'New-AWSCredentials'     = 'New-AWSCredential'
    'Set-AWSCredentials'     = 'Set-AWSCredential'
}
foreach ($alias in $aliases.Keys) {
    Microsoft.PowerShell.Utility\Set-Alias -Name $alias -Value $aliases[$alias] -Scope Script
}

# Export the public functions (one per Public/*.ps1 file, named after it) and the aliases; the
# manifest's lists say the same and are what the static checks compare.
$publicFunctions = @(Microsoft.PowerShell.Management\Get-ChildItem -LiteralPath ([System.IO.Path]::Combine($PSScriptRoot, 'Public')) -Filter '*.ps1' -File | Microsoft.PowerShell.Utility\Sort-Object -Property Name | Microsoft.PowerShell.Core\ForEach-Object { $_.BaseName })
Microsoft.PowerShell.Core\Export-ModuleMember -Function $publicFunctions -Alias @($aliases.Keys)

Microsoft.PowerShell.Utility\Remove-Variable -Name 'folder', 'folderPath', 'files', 'file', 'profileNameCompleter', 'completedCommands', 'sourceProfileCommands', 'aliases', 'alias', 'publicFunctions' -ErrorAction SilentlyContinue
