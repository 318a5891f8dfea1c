@{
    RootModule           = 'AwsCredentialManager.dll'
    ModuleVersion        = '0.2.0'
    GUID                 = '00464d04-a37c-45ce-8328-dab79670a589'
    Author               = 'AwsCredentialManager contributors'
    CompanyName          = 'AwsCredentialManager contributors'
    Copyright            = '(c) AwsCredentialManager contributors. Apache-2.0.'
    Description          = 'Stores AWS credential profiles in the shared AWS config and credentials files, keeping every other byte of them, and resolves credentials of every profile kind (keys, roles with MFA, credential_process, SSO, web identity, console login), with the cmdlet names, parameter sets and aliases of the AWS Tools for PowerShell. Backed by a native library; works the same on Windows PowerShell 5.1 and PowerShell 7 on Windows, Linux and macOS.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'

    # The native library is loaded through P/Invoke (Private/NativeMethods.cs), not as an assembly.
    RequiredAssemblies   = @()
    FormatsToProcess     = @('AwsCredentialManager.Format.ps1xml')

    # Exactly the functions in Public/, one per file.
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Clear-AWSCredential'
        'Export-AWSCredential'
        'Get-AWSCredential'
        'Initialize-AWSDefaultConfiguration'
        'New-AWSCredential'
        'Remove-AWSCredentialProfile'
        'Move-AWSCredentialProfile'
        'Set-AWSCredential'
        'Clear-DefaultAWSRegion'
        'Get-DefaultAWSRegion'
        'Set-DefaultAWSRegion'
        'Get-STSCallerIdentity'
        # Keys: sync from Secrets Manager, status, rotation; secrets as PSCredential.
        'Sync-AWSCredential'
        'Get-AWSAccessKeyStatus'
        'Invoke-AWSCredentialRotation'
        'Get-AWSSecretCredential'
        # Sign-in: console login (login_session) and IAM Identity Center.
        'Invoke-AWSLogin'
        'Invoke-AWSLogout'
        'Initialize-AWSSSOConfiguration'
        'Invoke-AWSSSOLogin'
        'Invoke-AWSSSOLogout'
    )
    VariablesToExport    = @()
    # The incumbent's plural aliases.
    AliasesToExport      = @(
        'Clear-AWSCredentials'
        'Get-AWSCredentials'
        'Initialize-AWSDefaults'
        'New-AWSCredentials'
        'Set-AWSCredentials'
    )

    PrivateData          = @{
        PSData = @{
            Tags       = @('AWS', 'Credentials', 'Profile', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'macOS')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
