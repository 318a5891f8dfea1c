# Comment-based help of every exported command, in the style of Pester's own tst/Help.Tests.ps1:
# a real synopsis, a description, examples, and a description for every parameter.

Set-StrictMode -Version Latest

BeforeDiscovery {
    $moduleRoot = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'module'
    Import-Module -Name (Join-Path $moduleRoot 'AwsCredentialManager.psd1') -Force -ErrorAction Stop
    $exportedCommands = @((Get-Module -Name 'AwsCredentialManager').ExportedFunctions.Keys | Sort-Object)
    $commandCases = @($exportedCommands | ForEach-Object { @{ CommandName = $_ } })
}

BeforeAll {
    $ModuleRoot = Join-Path (Split-Path -Path $PSScriptRoot -Parent) 'module'
    Import-Module -Name (Join-Path $ModuleRoot 'AwsCredentialManager.psd1') -Force -ErrorAction Stop
    $CommonParameters = @(
        [System.Management.Automation.Cmdlet]::CommonParameters
        [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    )
}

AfterAll {
    Remove-Module -Name 'AwsCredentialManager' -Force -ErrorAction SilentlyContinue
}

Describe 'Exported commands' {
    It 'exports at least the three incumbent commands' {
        $commands = @((Get-Module -Name 'AwsCredentialManager').ExportedFunctions.Keys)
        $commands | Should -Contain 'Set-AWSCredential'
        $commands | Should -Contain 'Get-AWSCredential'
        $commands | Should -Contain 'Remove-AWSCredentialProfile'
    }
}

Describe 'Help of <CommandName>' -ForEach $commandCases {
    BeforeAll {
        $Help = Get-Help -Name $CommandName -Full
        $Command = Get-Command -Name $CommandName
    }

    It 'has a synopsis that is not the generated syntax' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match ([regex]::Escape('[<CommonParameters>]'))
        $Help.Synopsis.Trim() | Should -Not -BeExactly $CommandName
    }

    It 'has a description' {
        ($Help.description | ForEach-Object { $_.Text }) -join ' ' | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example, each with code and an explanation' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            (($example.remarks | ForEach-Object { $_.Text }) -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        $parameterNames = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
        foreach ($name in $parameterNames) {
            $parameterHelp = @($Help.parameters.parameter | Where-Object { $_.name -eq $name })
            $parameterHelp.Count | Should -Be 1 -Because "-$name needs a .PARAMETER entry"
            (($parameterHelp[0].description | ForEach-Object { $_.Text }) -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'documents no parameter that does not exist' {
        $parameterNames = @($Command.Parameters.Keys)
        # A command without parameters of its own (Get-DefaultAWSRegion) has no parameter entries:
        # @($null) would hold one $null item.
        foreach ($parameterHelp in @($Help.parameters.parameter | Where-Object { $null -ne $_ })) {
            $parameterNames | Should -Contain $parameterHelp.name
        }
    }

    It 'has notes and links' {
        $Help.alertSet | Should -Not -BeNullOrEmpty
        @($Help.relatedLinks.navigationLink).Count | Should -BeGreaterThan 0
    }

    It 'uses CmdletBinding' {
        $Command.CmdletBinding | Should -BeTrue
    }
}
