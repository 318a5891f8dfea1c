<#
.SYNOPSIS
Writes the MAML help file of the module's compiled cmdlets from the markdown help sources.

.DESCRIPTION
Reads the compiled module assembly by reflection, without importing it (importing would load
the native library): every public, non-abstract type that derives from
System.Management.Automation.Cmdlet and carries a CmdletAttribute is a cmdlet. From the
attributes it takes the verb and noun, the parameter sets (DefaultParameterSetName included)
and, for every parameter, its type, mandatory flag, position, pipeline input, aliases and
ValidateSet values; -WhatIf and -Confirm are added for SupportsShouldProcess.

The text comes from SourcePath/<Verb-Noun>.md, in the layout described in
module/help/README.md. The result is one MAML command help file (helpItems with one
command:command per cmdlet, the schema Get-Help reads), written to OutputPath, normally
<Assembly>.dll-Help.xml beside the DLL.

The script fails (a terminating error; exit code 1 under pwsh -File) and writes nothing when
any of these hold, listing every problem found:
- a cmdlet has no source file, or the file's title is not the cmdlet's name;
- a source lacks a synopsis, a description, or two examples with code and remarks;
- a compiled parameter (common parameters excepted) has no description in the source;
- a source describes a parameter the cmdlet does not have (common parameters excepted);
- a source does not follow the layout (unknown section, text outside a section, an unclosed
  code fence, a malformed link).
A source file that matches no compiled cmdlet only gives a warning.

.PARAMETER AssemblyPath
The compiled module assembly, such as module/src/bin/Release/netstandard2.0/AwsCredentialManager.dll.

.PARAMETER SourcePath
The folder of the markdown help sources (module/help).

.PARAMETER OutputPath
The MAML file to write, such as out/AwsCredentialManager/AwsCredentialManager.dll-Help.xml.
Its folder is created when missing.

.EXAMPLE
pwsh -NoProfile -File tools/New-MamlHelp.ps1 -AssemblyPath module/src/bin/Release/netstandard2.0/AwsCredentialManager.dll -SourcePath module/help -OutputPath out/AwsCredentialManager/AwsCredentialManager.dll-Help.xml

Writes the help file of the built module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]
    $AssemblyPath,

    [Parameter(Mandatory = $true)]
    [string]
    $SourcePath,

    [Parameter(Mandatory = $true)]
    [string]
    $OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Problems = [System.Collections.Generic.List[string]]::new()

$CommonParameterNames = @(
    [System.Management.Automation.Cmdlet]::CommonParameters
    [System.Management.Automation.Cmdlet]::OptionalCommonParameters
)

$SectionNames = [ordered]@{
    'synopsis'      = 'Synopsis'
    'description'   = 'Description'
    'parameters'    = 'Parameters'
    'examples'      = 'Examples'
    'inputs'        = 'Inputs'
    'outputs'       = 'Outputs'
    'notes'         = 'Notes'
    'related links' = 'Related links'
}
# Sections made of '### ' entries; the others are plain text.
$EntrySections = @('Parameters', 'Examples', 'Inputs', 'Outputs')

$ShouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$ShouldProcessAliases = @{ WhatIf = 'wi'; Confirm = 'cf' }

function Add-Problem {
    param([string] $Message)
    $script:Problems.Add($Message)
}

#region Markdown source

function Read-HelpSource {
    <# Parses one markdown help source into sections; layout errors become problems. #>
    param([string] $Path, [string] $Label)

    $text = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::UTF8).Replace("`r`n", "`n").Replace("`r", "`n")
    $lines = $text.Split("`n")
    $source = [ordered]@{
        Title    = $null
        Sections = @{}
    }
    $section = $null
    $entry = $null
    $inFence = $false
    $fenceLine = 0
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        $lineNumber = $i + 1
        if ($line -match '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]') {
            Add-Problem "${Label}:${lineNumber}: a control character (U+$(([int][char]$Matches[0][0]).ToString('X4'))) cannot be written to XML."
        }
        if ($line -match '^\s*(```|~~~)') {
            $inFence = -not $inFence
            $fenceLine = $lineNumber
        }
        elseif (-not $inFence -and $line -match '^(#{1,3})\s+(.*?)\s*#*\s*$') {
            $level = $Matches[1].Length
            $heading = $Matches[2]
            if ($level -eq 1) {
                if ($null -ne $source.Title -or $null -ne $section) {
                    Add-Problem "${Label}:${lineNumber}: only one '# Name' title is allowed, on top."
                }
                $source.Title = $heading
                continue
            }
            if ($level -eq 2) {
                $name = $SectionNames[$heading.ToLowerInvariant()]
                if ($null -eq $name) {
                    Add-Problem "${Label}:${lineNumber}: unknown section '## $heading' (known: $($SectionNames.Values -join ', '))."
                    # Its content is skipped, not reported line by line.
                    $section = [ordered]@{ Name = $null; Lines = $null; Entries = $null; Line = $lineNumber }
                    $entry = $null
                    continue
                }
                if ($source.Sections.ContainsKey($name)) {
                    Add-Problem "${Label}:${lineNumber}: section '## $name' appears twice."
                }
                $section = [ordered]@{ Name = $name; Lines = [System.Collections.Generic.List[string]]::new(); Entries = [System.Collections.Generic.List[object]]::new(); Line = $lineNumber }
                $source.Sections[$name] = $section
                $entry = $null
                continue
            }
            # level 3
            if ($null -ne $section -and $null -eq $section.Name) {
                continue
            }
            if ($null -eq $section -or $section.Name -notin $EntrySections) {
                Add-Problem "${Label}:${lineNumber}: '### $heading' is allowed only under $($EntrySections -join ', ')."
                $entry = $null
                continue
            }
            $entry = [ordered]@{ Heading = $heading; Lines = [System.Collections.Generic.List[string]]::new(); Line = $lineNumber }
            $section.Entries.Add($entry)
            continue
        }

        if ($null -ne $entry) {
            $entry.Lines.Add($line)
        }
        elseif ($null -ne $section -and $null -eq $section.Name) {
            continue
        }
        elseif ($null -ne $section) {
            if ($section.Name -in $EntrySections) {
                if ($line.Trim().Length -gt 0) {
                    Add-Problem "${Label}:${lineNumber}: text under '## $($section.Name)' must follow a '### ' heading."
                }
            }
            else {
                $section.Lines.Add($line)
            }
        }
        elseif ($line.Trim().Length -gt 0) {
            Add-Problem "${Label}:${lineNumber}: text outside any section."
        }
    }
    if ($inFence) {
        Add-Problem "${Label}:${fenceLine}: code fence not closed."
    }
    return $source
}

function ConvertTo-HelpParagraph {
    <#
    Splits text into paragraphs: blocks separated by blank lines, line breaks inside a block
    kept as written; a fenced code block is one paragraph, verbatim, without its fences.
    #>
    param([AllowEmptyCollection()][string[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') {
            if ($current.Count -gt 0) {
                $paragraphs.Add(($current -join "`n"))
                $current.Clear()
            }
            $inFence = -not $inFence
            continue
        }
        if (-not $inFence -and $line.Trim().Length -eq 0) {
            if ($current.Count -gt 0) {
                $paragraphs.Add(($current -join "`n"))
                $current.Clear()
            }
            continue
        }
        $current.Add($line.TrimEnd())
    }
    if ($current.Count -gt 0) {
        $paragraphs.Add(($current -join "`n"))
    }
    return , $paragraphs.ToArray()
}

function Split-Example {
    <# The code (the one fenced block) and the remarks (the text around it) of an example entry. #>
    param($Entry, [string] $Label)

    $code = [System.Collections.Generic.List[string]]::new()
    $remarks = [System.Collections.Generic.List[string]]::new()
    $fences = 0
    $inFence = $false
    foreach ($line in $Entry.Lines) {
        if ($line -match '^\s*(```|~~~)') {
            if (-not $inFence) {
                $fences++
            }
            $inFence = -not $inFence
            continue
        }
        if ($inFence) {
            if ($fences -eq 1) {
                $code.Add($line.TrimEnd())
            }
        }
        else {
            $remarks.Add($line)
        }
    }
    if ($fences -gt 1) {
        Add-Problem "${Label}:$($Entry.Line): '### $($Entry.Heading)' has $fences code blocks; put the example's code in one."
    }
    [pscustomobject]@{
        Title   = $Entry.Heading
        Code    = ($code -join "`n").Trim("`n")
        Remarks = ConvertTo-HelpParagraph -Lines $remarks
    }
}

function Read-RelatedLink {
    param($Section, [string] $Label)

    $links = [System.Collections.Generic.List[object]]::new()
    $lineNumber = $Section.Line
    foreach ($line in $Section.Lines) {
        $lineNumber++
        $trimmed = $line.Trim()
        if ($trimmed.Length -eq 0) {
            continue
        }
        if ($trimmed -match '^[-*+]\s+\[([^\]]+)\]\(([^)\s]+)\)$') {
            $links.Add([pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] })
        }
        elseif ($trimmed -match '^[-*+]\s+<([a-z][a-z0-9+.-]*://[^>\s]+)>$') {
            $links.Add([pscustomobject]@{ Text = ''; Uri = $Matches[1] })
        }
        elseif ($trimmed -match '^[-*+]\s+([^\s\[\]<>()]+)$') {
            $links.Add([pscustomobject]@{ Text = $Matches[1]; Uri = '' })
        }
        else {
            Add-Problem "${Label}:${lineNumber}: a related link is '- Command-Name', '- <https://...>' or '- [Text](https://...)'."
        }
    }
    return , $links.ToArray()
}

#endregion

#region Compiled cmdlets

function Import-CmdletAssembly {
    <#
    Loads the assembly from its bytes (the file stays unlocked) into a collectible load context
    of its own, so no module initializer runs and no native library is loaded; its references
    (System.Management.Automation, netstandard) resolve to the ones this pwsh has loaded.
    #>
    param([string] $Path)

    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $contextType = 'System.Runtime.Loader.AssemblyLoadContext' -as [type]
    if ($null -ne $contextType) {
        $context = $contextType::new('New-MamlHelp', $true)
        $stream = [System.IO.MemoryStream]::new($bytes)
        try {
            return [pscustomobject]@{ Assembly = $context.LoadFromStream($stream); Context = $context }
        }
        finally {
            $stream.Dispose()
        }
    }
    # Windows PowerShell 5.1 (.NET Framework): no load contexts.
    return [pscustomobject]@{ Assembly = [System.Reflection.Assembly]::Load($bytes); Context = $null }
}

function Get-TypeDisplayName {
    param([type] $Type, [switch] $Full)

    $underlying = [System.Nullable]::GetUnderlyingType($Type)
    if ($null -ne $underlying) {
        $Type = $underlying
    }
    if ($Type.IsArray) {
        return (Get-TypeDisplayName -Type $Type.GetElementType() -Full:$Full) + '[]'
    }
    if ($Full) {
        return $Type.FullName
    }
    return $Type.Name
}

function Get-CmdletModel {
    <# Verb, noun, parameter sets and parameters of one cmdlet type, from its attributes. #>
    param([type] $Type, $CmdletAttribute)

    $name = "$($CmdletAttribute.VerbName)-$($CmdletAttribute.NounName)"
    $instance = $null
    try {
        $instance = [System.Activator]::CreateInstance($Type)
    }
    catch {
        Write-Verbose "${name}: no default values (the type cannot be created here: $($_.Exception.Message))."
    }

    $parameters = [System.Collections.Generic.List[object]]::new()
    $members = @($Type.GetProperties([System.Reflection.BindingFlags]'Public, Instance')) + @($Type.GetFields([System.Reflection.BindingFlags]'Public, Instance'))
    foreach ($member in $members) {
        $attributes = @($member.GetCustomAttributes($true))
        $parameterAttributes = @($attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        if ($parameterAttributes.Count -eq 0) {
            continue
        }
        $memberType = if ($member -is [System.Reflection.PropertyInfo]) { $member.PropertyType } else { $member.FieldType }
        $aliases = @($attributes | Where-Object { $_ -is [System.Management.Automation.AliasAttribute] } | ForEach-Object { $_.AliasNames })
        $validValues = @($attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
        $isSwitch = $memberType -eq [System.Management.Automation.SwitchParameter]

        $default = 'None'
        if ($isSwitch) {
            $default = 'False'
        }
        elseif ($null -ne $instance) {
            try {
                $value = $member.GetValue($instance)
                if ($null -ne $value -and "$value".Length -gt 0 -and -not ($memberType.IsValueType -and $value -eq [System.Activator]::CreateInstance($memberType))) {
                    $default = "$value"
                }
            }
            catch {
                Write-Verbose "${name}: no default value for -$($member.Name)."
            }
        }

        $sets = [ordered]@{}
        foreach ($attribute in $parameterAttributes) {
            $sets[$attribute.ParameterSetName] = [pscustomobject]@{
                Mandatory         = [bool]$attribute.Mandatory
                Position          = $attribute.Position
                ByValue           = [bool]$attribute.ValueFromPipeline
                ByPropertyName    = [bool]$attribute.ValueFromPipelineByPropertyName
                ValueFromRemaining = [bool]$attribute.ValueFromRemainingArguments
            }
        }
        $parameters.Add([pscustomobject]@{
                Name        = $member.Name
                Type        = $memberType
                TypeName    = Get-TypeDisplayName -Type $memberType
                FullType    = Get-TypeDisplayName -Type $memberType -Full
                IsSwitch    = $isSwitch
                Aliases     = $aliases
                ValidValues = $validValues
                Default     = $default
                Sets        = $sets
                Common      = $false
            })
    }

    if ($CmdletAttribute.SupportsShouldProcess) {
        foreach ($common in 'WhatIf', 'Confirm') {
            $parameters.Add([pscustomobject]@{
                    Name        = $common
                    Type        = [System.Management.Automation.SwitchParameter]
                    TypeName    = 'SwitchParameter'
                    FullType    = 'System.Management.Automation.SwitchParameter'
                    IsSwitch    = $true
                    Aliases     = @($ShouldProcessAliases[$common])
                    ValidValues = @()
                    Default     = 'False'
                    Sets        = [ordered]@{
                        '__AllParameterSets' = [pscustomobject]@{ Mandatory = $false; Position = [int]::MinValue; ByValue = $false; ByPropertyName = $false; ValueFromRemaining = $false }
                    }
                    Common      = $true
                })
        }
    }

    # The parameter sets as PowerShell builds them: every named set, plus the default set even
    # when no parameter names it; one set of everything when there are no named sets.
    $setNames = [System.Collections.Generic.List[string]]::new()
    if (-not [string]::IsNullOrEmpty($CmdletAttribute.DefaultParameterSetName)) {
        $setNames.Add($CmdletAttribute.DefaultParameterSetName)
    }
    foreach ($parameter in $parameters) {
        foreach ($set in $parameter.Sets.Keys) {
            if ($set -ne '__AllParameterSets' -and -not $setNames.Contains($set)) {
                $setNames.Add($set)
            }
        }
    }
    if ($setNames.Count -eq 0) {
        $setNames.Add('__AllParameterSets')
    }

    [pscustomobject]@{
        Name                  = $name
        Verb                  = $CmdletAttribute.VerbName
        Noun                  = $CmdletAttribute.NounName
        TypeName              = $Type.FullName
        SupportsShouldProcess = [bool]$CmdletAttribute.SupportsShouldProcess
        Parameters            = $parameters.ToArray()
        SetNames              = $setNames.ToArray()
    }
}

function Get-SetParameter {
    <# The parameters of one set with their metadata there, in PowerShell's syntax order. #>
    param($Model, [string] $SetName)

    $inSet = foreach ($parameter in $Model.Parameters) {
        $metadata = $null
        if ($parameter.Sets.Contains($SetName)) {
            $metadata = $parameter.Sets[$SetName]
        }
        elseif ($parameter.Sets.Contains('__AllParameterSets')) {
            $metadata = $parameter.Sets['__AllParameterSets']
        }
        if ($null -ne $metadata) {
            [pscustomobject]@{ Parameter = $parameter; Metadata = $metadata }
        }
    }
    $inSet = @($inSet)
    $positional = @($inSet | Where-Object { -not $_.Parameter.Common -and $_.Metadata.Position -ne [int]::MinValue } | Sort-Object -Property { $_.Metadata.Position })
    $mandatory = @($inSet | Where-Object { -not $_.Parameter.Common -and $_.Metadata.Position -eq [int]::MinValue -and $_.Metadata.Mandatory })
    $optional = @($inSet | Where-Object { -not $_.Parameter.Common -and $_.Metadata.Position -eq [int]::MinValue -and -not $_.Metadata.Mandatory })
    $common = @($inSet | Where-Object { $_.Parameter.Common })
    return , @($positional + $mandatory + $optional + $common)
}

function Get-PipelineInputText {
    param([bool] $ByValue, [bool] $ByPropertyName)

    $kinds = @()
    if ($ByValue) {
        $kinds += 'ByValue'
    }
    if ($ByPropertyName) {
        $kinds += 'ByPropertyName'
    }
    if ($kinds.Count -eq 0) {
        return 'False'
    }
    return "True ($($kinds -join ', '))"
}

#endregion

#region MAML

$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraph {
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()][string[]] $Paragraphs)

    foreach ($paragraph in $Paragraphs) {
        $Writer.WriteElementString('maml', 'para', $NsMaml, $paragraph)
    }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [AllowEmptyCollection()][string[]] $Paragraphs)

    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Write-Paragraph -Writer $Writer -Paragraphs $Paragraphs
    $Writer.WriteEndElement()
}

function Write-ParameterElement {
    param(
        [System.Xml.XmlWriter] $Writer,
        $Parameter,
        [bool] $Required,
        [string] $Position,
        [string] $PipelineInput,
        [string[]] $Description,
        [switch] $InSyntax
    )

    $Writer.WriteStartElement('command', 'parameter', $NsCommand)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $aliases = 'none'
    if ($Parameter.Aliases.Count -gt 0) {
        $aliases = $Parameter.Aliases -join ', '
    }
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Parameter.Name)
    Write-Description -Writer $Writer -Paragraphs $Description
    if ($InSyntax -and $Parameter.ValidValues.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($value in $Parameter.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $NsCommand, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # A switch takes no value: no parameterValue in the syntax, so it shows as [-Name].
    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
        $Writer.WriteAttributeString('required', (-not $Parameter.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Parameter.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $NsDev)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $Parameter.FullType)
    $Writer.WriteElementString('maml', 'uri', $NsMaml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $NsDev, $Parameter.Default)
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Model, $Help)

    $Writer.WriteStartElement('command', 'command', $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $NsMaml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $NsDev)

    $Writer.WriteStartElement('command', 'details', $NsCommand)
    $Writer.WriteElementString('command', 'name', $NsCommand, $Model.Name)
    $Writer.WriteElementString('command', 'verb', $NsCommand, $Model.Verb)
    $Writer.WriteElementString('command', 'noun', $NsCommand, $Model.Noun)
    Write-Description -Writer $Writer -Paragraphs @($Help.Synopsis)
    $Writer.WriteEndElement()

    Write-Description -Writer $Writer -Paragraphs $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $NsCommand)
    foreach ($setName in $Model.SetNames) {
        $Writer.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $Model.Name)
        foreach ($item in (Get-SetParameter -Model $Model -SetName $setName)) {
            $position = 'named'
            if ($item.Metadata.Position -ne [int]::MinValue) {
                $position = [string]$item.Metadata.Position
            }
            Write-ParameterElement -Writer $Writer -Parameter $item.Parameter -Required $item.Metadata.Mandatory -Position $position `
                -PipelineInput (Get-PipelineInputText -ByValue $item.Metadata.ByValue -ByPropertyName $item.Metadata.ByPropertyName) `
                -Description $Help.Parameters[$item.Parameter.Name] -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($parameter in $Model.Parameters) {
        $metadata = @($parameter.Sets.Values)
        # One entry per parameter: required when mandatory in every set it belongs to; the
        # position it has in its sets (named when they differ); any pipeline input of any set.
        $required = @($metadata | Where-Object { -not $_.Mandatory }).Count -eq 0
        $positions = @($metadata | ForEach-Object { $_.Position } | Sort-Object -Unique)
        $position = 'named'
        if ($positions.Count -eq 1 -and $positions[0] -ne [int]::MinValue) {
            $position = [string]$positions[0]
        }
        $byValue = @($metadata | Where-Object { $_.ByValue }).Count -gt 0
        $byPropertyName = @($metadata | Where-Object { $_.ByPropertyName }).Count -gt 0
        Write-ParameterElement -Writer $Writer -Parameter $parameter -Required $required -Position $position `
            -PipelineInput (Get-PipelineInputText -ByValue $byValue -ByPropertyName $byPropertyName) `
            -Description $Help.Parameters[$parameter.Name]
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(
            @{ Section = 'Inputs'; List = 'inputTypes'; Item = 'inputType' },
            @{ Section = 'Outputs'; List = 'returnValues'; Item = 'returnValue' })) {
        $Writer.WriteStartElement('command', $kind.List, $NsCommand)
        foreach ($type in $Help[$kind.Section]) {
            $Writer.WriteStartElement('command', $kind.Item, $NsCommand)
            $Writer.WriteStartElement('dev', 'type', $NsDev)
            $Writer.WriteElementString('maml', 'name', $NsMaml, $type.Name)
            $Writer.WriteEndElement()
            Write-Description -Writer $Writer -Paragraphs $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $NsMaml)
    if ($Help.Notes.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alert', $NsMaml)
        Write-Paragraph -Writer $Writer -Paragraphs $Help.Notes
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $NsCommand)
    $number = 0
    foreach ($example in $Help.Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $NsCommand)
        $Writer.WriteElementString('maml', 'title', $NsMaml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $NsDev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $NsDev)
        Write-Paragraph -Writer $Writer -Paragraphs $example.Remarks
        # An empty last paragraph: Get-Help then leaves a blank line before the next example.
        $Writer.WriteElementString('maml', 'para', $NsMaml, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $NsCommand)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $NsMaml)
        $Writer.WriteElementString('maml', 'linkText', $NsMaml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $NsMaml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region Checks

function Get-CommandHelp {
    <# The help of one cmdlet from its source, checked against the compiled cmdlet. #>
    param($Model, [string] $Path)

    $label = Split-Path -Path $Path -Leaf
    $source = Read-HelpSource -Path $Path -Label $label
    $sections = $source.Sections
    if ($source.Title -cne $Model.Name) {
        Add-Problem "${label}: the title must be '# $($Model.Name)' (found '# $($source.Title)')."
    }

    $synopsis = @()
    if ($sections.ContainsKey('Synopsis')) {
        $synopsis = ConvertTo-HelpParagraph -Lines $sections['Synopsis'].Lines
    }
    if ($synopsis.Count -eq 0) {
        Add-Problem "${label}: $($Model.Name) has no synopsis ('## Synopsis' with text)."
    }
    $description = @()
    if ($sections.ContainsKey('Description')) {
        $description = ConvertTo-HelpParagraph -Lines $sections['Description'].Lines
    }
    if ($description.Count -eq 0) {
        Add-Problem "${label}: $($Model.Name) has no description ('## Description' with text)."
    }

    # Parameters: every compiled one described, none described that the cmdlet lacks.
    $described = @{}
    if ($sections.ContainsKey('Parameters')) {
        foreach ($entry in $sections['Parameters'].Entries) {
            if ($entry.Heading -notmatch '^-([A-Za-z_][A-Za-z0-9_]*)$') {
                Add-Problem "${label}:$($entry.Line): a parameter heading is '### -Name' (found '### $($entry.Heading)')."
                continue
            }
            $name = $Matches[1]
            $compiled = @($Model.Parameters | Where-Object { $_.Name -eq $name })
            if ($compiled.Count -eq 0) {
                if ($name -in $CommonParameterNames -and $name -notin 'WhatIf', 'Confirm') {
                    continue
                }
                if ($name -in 'WhatIf', 'Confirm') {
                    Add-Problem "${label}:$($entry.Line): describes -$name, but $($Model.Name) does not support ShouldProcess."
                }
                else {
                    Add-Problem "${label}:$($entry.Line): describes -$name, which $($Model.Name) does not have."
                }
                continue
            }
            $name = $compiled[0].Name
            if ($described.ContainsKey($name)) {
                Add-Problem "${label}:$($entry.Line): -$name is described twice."
                continue
            }
            $described[$name] = ConvertTo-HelpParagraph -Lines $entry.Lines
        }
    }
    $parameterText = @{}
    foreach ($parameter in $Model.Parameters) {
        $text = $described[$parameter.Name]
        if ($null -eq $text -or $text.Count -eq 0) {
            if ($parameter.Common) {
                $text = @($ShouldProcessText[$parameter.Name])
            }
            else {
                Add-Problem "${label}: -$($parameter.Name) of $($Model.Name) has no description ('### -$($parameter.Name)' with text under '## Parameters')."
                $text = @()
            }
        }
        $parameterText[$parameter.Name] = $text
    }

    $examples = @()
    if ($sections.ContainsKey('Examples')) {
        $examples = @(foreach ($entry in $sections['Examples'].Entries) {
                $example = Split-Example -Entry $entry -Label $label
                if ($example.Code.Length -eq 0) {
                    Add-Problem "${label}:$($entry.Line): '### $($entry.Heading)' has no code (a fenced code block)."
                }
                if ($example.Remarks.Count -eq 0) {
                    Add-Problem "${label}:$($entry.Line): '### $($entry.Heading)' has no remarks (text saying what it does)."
                }
                $example
            })
    }
    if ($examples.Count -lt 2) {
        Add-Problem "${label}: $($Model.Name) has $($examples.Count) example(s); at least two are needed ('### Example N' under '## Examples')."
    }

    $types = @{}
    foreach ($kind in 'Inputs', 'Outputs') {
        $types[$kind] = @()
        if ($sections.ContainsKey($kind)) {
            $types[$kind] = @(foreach ($entry in $sections[$kind].Entries) {
                    [pscustomobject]@{ Name = $entry.Heading; Description = ConvertTo-HelpParagraph -Lines $entry.Lines }
                })
        }
    }

    $notes = @()
    if ($sections.ContainsKey('Notes')) {
        $notes = ConvertTo-HelpParagraph -Lines $sections['Notes'].Lines
    }
    $links = @()
    if ($sections.ContainsKey('Related links')) {
        $links = Read-RelatedLink -Section $sections['Related links'] -Label $label
    }

    @{
        Synopsis    = ($synopsis -join ' ') -replace '\s*\n\s*', ' '
        Description = $description
        Parameters  = $parameterText
        Examples    = $examples
        Inputs      = $types['Inputs']
        Outputs     = $types['Outputs']
        Notes       = $notes
        Links       = $links
    }
}

#endregion

$assemblyFile = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($AssemblyPath)
$sourceFolder = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($SourcePath)
$outputFile = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (-not [System.IO.File]::Exists($assemblyFile)) {
    throw "New-MamlHelp: the assembly '$assemblyFile' does not exist; build the module first."
}
if (-not [System.IO.Directory]::Exists($sourceFolder)) {
    throw "New-MamlHelp: the help source folder '$sourceFolder' does not exist."
}

$loaded = Import-CmdletAssembly -Path $assemblyFile
try {
    try {
        $types = $loaded.Assembly.GetTypes()
    }
    catch [System.Reflection.ReflectionTypeLoadException] {
        $types = @($_.Exception.Types | Where-Object { $null -ne $_ })
        foreach ($loaderException in $_.Exception.LoaderExceptions) {
            Write-Warning "New-MamlHelp: a type of $([System.IO.Path]::GetFileName($assemblyFile)) did not load: $($loaderException.Message)"
        }
    }

    $models = @(foreach ($type in $types) {
            if (-not $type.IsPublic -or $type.IsAbstract -or -not [System.Management.Automation.Cmdlet].IsAssignableFrom($type)) {
                continue
            }
            $cmdletAttribute = @($type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false))
            if ($cmdletAttribute.Count -eq 0) {
                continue
            }
            Get-CmdletModel -Type $type -CmdletAttribute $cmdletAttribute[0]
        })
    $models = @($models | Sort-Object -Property Name)
    if ($models.Count -eq 0) {
        throw "New-MamlHelp: '$assemblyFile' has no cmdlet (public non-abstract Cmdlet type with a CmdletAttribute)."
    }

    $sourceFiles = @{}
    foreach ($file in [System.IO.Directory]::GetFiles($sourceFolder, '*.md')) {
        $sourceFiles[[System.IO.Path]::GetFileNameWithoutExtension($file)] = $file
    }

    $helps = [ordered]@{}
    foreach ($model in $models) {
        $file = $sourceFiles[$model.Name]
        if ($null -eq $file) {
            Add-Problem "$($model.Name) ($($model.TypeName)) has no help source; write $([System.IO.Path]::Combine($sourceFolder, $model.Name + '.md'))."
            continue
        }
        $helps[$model.Name] = Get-CommandHelp -Model $model -Path $file
    }
    foreach ($name in ($sourceFiles.Keys | Sort-Object)) {
        if ($name -ne 'README' -and -not ($models | Where-Object { $_.Name -eq $name })) {
            Write-Warning "New-MamlHelp: $([System.IO.Path]::GetFileName($sourceFiles[$name])) matches no cmdlet of $([System.IO.Path]::GetFileName($assemblyFile)); it is not part of the help."
        }
    }

    if ($script:Problems.Count -gt 0) {
        # One plain line per problem, then one short terminating error (exit code 1 under -File).
        foreach ($problem in $script:Problems) {
            $Host.UI.WriteErrorLine("New-MamlHelp: $problem")
        }
        throw "New-MamlHelp: $($script:Problems.Count) problem(s) in the help sources in $sourceFolder (listed above); $outputFile was not written."
    }

    # Written to memory first, so that an error leaves no partial file behind.
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $buffer = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($buffer, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($model in $models) {
            Write-CommandHelp -Writer $writer -Model $model -Help $helps[$model.Name]
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
        $writer.Flush()
    }
    catch {
        throw "New-MamlHelp: the help of $([System.IO.Path]::GetFileName($assemblyFile)) cannot be written as XML: $($_.Exception.Message)"
    }
    finally {
        $writer.Dispose()
    }
    $bytes = $buffer.ToArray()
    $buffer.Dispose()

    # Check the result reads back as XML before it replaces anything.
    $check = [System.Xml.XmlDocument]::new()
    $check.LoadXml([System.Text.Encoding]::UTF8.GetString($bytes))

    $outputFolder = [System.IO.Path]::GetDirectoryName($outputFile)
    if (-not [string]::IsNullOrEmpty($outputFolder)) {
        $null = [System.IO.Directory]::CreateDirectory($outputFolder)
    }
    [System.IO.File]::WriteAllBytes($outputFile, $bytes)
    Write-Verbose "New-MamlHelp: wrote the help of $($models.Count) cmdlets to $outputFile."
}
finally {
    if ($null -ne $loaded.Context) {
        $loaded.Context.Unload()
    }
}
