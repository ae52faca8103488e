#Requires -Version 5.1
<#
    HelpCompiler — compiles PlatyPS schema 2.0.0 markdown (docs/en-US) into the help files PowerShell
    reads, without PlatyPS:

      ConvertTo-MamlHelp      <Verb-Noun>.md  -> <external help file> (MAML, one file per value)
      ConvertTo-AboutHelpText about_*.md      -> about_*.help.txt (80-column plain text)
      Test-MarkdownHelp       completeness and consistency of the pages against Get-Command metadata
      New-MarkdownHelpPage    scaffolds a schema 2.0.0 page from Get-Command metadata

    Syntax and parameter metadata (parameter sets, types, Mandatory, Position, pipeline input, aliases,
    ValidateSet/enum values, SupportsWildcards) always come from the imported command, never from the
    markdown SYNTAX section. Prose, examples and default values come from the markdown.
    The caller imports the module being documented before calling ConvertTo-MamlHelp/Test-MarkdownHelp.
#>

Set-StrictMode -Version 3.0

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:MshNs = 'http://msh'

$script:AboutWidth = 80
$script:CodeLanguages = @('', 'powershell', 'ps', 'ps1', 'pwsh', 'posh', 'psm1')
$script:PlaceholderPattern = '\{\{\s*(?:fill|add|insert|replace|update|enter|provide|todo|tbd)\b[^{}]*\}\}'
$script:RequiredSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')

# Parameters every cmdlet gets for free; they are documented by "### CommonParameters", not one by one.
$script:CommonParameterNames = & {
    $names = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($n in 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
        'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable') {
        [void]$names.Add($n)
    }
    try {
        foreach ($n in [System.Management.Automation.Cmdlet]::CommonParameters) { [void]$names.Add($n) }
    }
    catch {
        Write-Debug "Cmdlet.CommonParameters is not available: $_"
    }
    , $names
}

#region Markdown reading (private)

function Get-MarkdownLine {
    # Splits a file into lines, dropping a BOM and normalising line ends.
    param([Parameter(Mandatory)][string]$Path)
    $text = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::UTF8)
    if ($text.Length -gt 0 -and $text[0] -eq [char]0xFEFF) { $text = $text.Substring(1) }
    , ($text -split '\r?\n')
}

function Read-FrontMatter {
    # Reads "---" delimited YAML front matter (flat "key: value" pairs only).
    # Returns @{ Values = [ordered] dictionary; BodyStart = index of first body line }.
    param([Parameter(Mandatory)][AllowEmptyString()][string[]]$Line)
    $values = [ordered]@{}
    $start = 0
    if ($Line.Count -gt 0 -and $Line[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $Line.Count; $i++) {
            if ($Line[$i].Trim() -eq '---') { $start = $i + 1; break }
            if ($Line[$i] -match '^\s*([^:#][^:]*?)\s*:\s*(.*?)\s*$') {
                $value = $Matches[2]
                if ($value -match '^(["''])(.*)\1$') { $value = $Matches[2] }
                $values[$Matches[1]] = $value
            }
        }
    }
    @{ Values = $values; BodyStart = $start }
}

function Split-MarkdownToken {
    # Turns body lines into a flat token list: Heading (Level, Text), Fence (Lang, Text) and Line (Text),
    # each with its 1-based line number. Headings inside fenced code are not headings.
    param([Parameter(Mandatory)][AllowEmptyString()][string[]]$Line, [int]$Start = 0)
    $tokens = [System.Collections.Generic.List[object]]::new()
    $i = $Start
    while ($i -lt $Line.Count) {
        $l = $Line[$i]
        if ($l -match '^(\s{0,3})(`{3,}|~{3,})\s*([^`\s]*)') {
            $fenceIndent = $Matches[1].Length
            $fence = $Matches[2]
            $lang = $Matches[3]
            $body = [System.Collections.Generic.List[string]]::new()
            $lineNo = $i + 1
            $i++
            while ($i -lt $Line.Count -and $Line[$i] -notmatch ('^\s{0,3}' + [regex]::Escape($fence.Substring(0, 1)) + '{' + $fence.Length + ',}\s*$')) {
                $b = $Line[$i]
                # Drop the fence's own indentation from the content.
                if ($fenceIndent -gt 0 -and $b -match ('^\s{1,' + $fenceIndent + '}')) { $b = $b.Substring($Matches[0].Length) }
                $body.Add($b)
                $i++
            }
            $i++ # closing fence
            $tokens.Add([pscustomobject]@{ Kind = 'Fence'; Lang = $lang; Text = ($body -join "`n"); Line = $lineNo })
            continue
        }
        if ($l -match '^(#{1,6})\s+(.*?)\s*#*\s*$') {
            $tokens.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2].Trim(); Line = $i + 1 })
        }
        else {
            $tokens.Add([pscustomobject]@{ Kind = 'Line'; Text = $l; Line = $i + 1 })
        }
        $i++
    }
    , $tokens
}

function ConvertTo-MarkdownBlock {
    # Groups Line/Fence tokens into blocks:
    #   Para (Text: soft-wrapped lines joined with spaces, hard breaks kept as `n),
    #   List (Items: strings, Ordered), Code (Lang, Text verbatim), Pre (Text verbatim, e.g. tables).
    param([AllowEmptyCollection()][object[]]$Token)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $para = [System.Collections.Generic.List[string]]::new()
    $pre = [System.Collections.Generic.List[string]]::new()
    $items = $null
    $ordered = $false

    $flushPara = {
        if ($para.Count -gt 0) {
            $sb = [System.Text.StringBuilder]::new()
            for ($k = 0; $k -lt $para.Count; $k++) {
                $p = $para[$k]
                $hard = $p -match '(\s{2,}|\\)$'
                $t = $p.Trim()
                if ($hard -and $t.EndsWith('\')) { $t = $t.Substring(0, $t.Length - 1).TrimEnd() }
                [void]$sb.Append($t)
                if ($k -lt $para.Count - 1) { [void]$sb.Append($(if ($hard) { "`n" } else { ' ' })) }
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Para'; Text = $sb.ToString() })
            $para.Clear()
        }
    }
    $flushPre = {
        if ($pre.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'Pre'; Text = ($pre -join "`n") })
            $pre.Clear()
        }
    }
    $flushList = {
        if ($null -ne $items -and $items.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'List'; Items = $items.ToArray(); Ordered = $ordered })
        }
        Set-Variable -Name items -Value $null -Scope 1
    }

    foreach ($t in $Token) {
        if ($t.Kind -eq 'Fence') {
            & $flushPara; & $flushPre; & $flushList
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lang = $t.Lang; Text = $t.Text })
            continue
        }
        if ($t.Kind -ne 'Line') { continue }
        $l = $t.Text
        if ($l.Trim().Length -eq 0) {
            & $flushPara; & $flushPre
            continue
        }
        if ($l -match '^\s*\|') {
            & $flushPara; & $flushList
            $pre.Add($l.Trim())
            continue
        }
        if ($l -match '^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$') {
            & $flushPara; & $flushPre
            # Keep the item text before -match below overwrites $Matches.
            $marker = $Matches[1]; $itemText = $Matches[2].Trim()
            if ($null -eq $items) {
                $items = [System.Collections.Generic.List[string]]::new()
                $ordered = $marker -match '^\d'
            }
            $items.Add($itemText)
            continue
        }
        if ($null -ne $items -and $para.Count -eq 0 -and $l -match '^\s{2,}\S') {
            # continuation of the current list item
            $items[$items.Count - 1] = $items[$items.Count - 1] + ' ' + $l.Trim()
            continue
        }
        & $flushList; & $flushPre
        if ($l -match '^\s*>\s?(.*)$') { $l = $Matches[1] }
        $para.Add($l)
    }
    & $flushPara; & $flushPre; & $flushList
    $blocks # unrolled: callers wrap the call in @()
}

function ConvertFrom-MarkdownInline {
    # Plain-text rendering of inline markdown: links become "text" or "text (url)", emphasis markers and
    # backslash escapes go, inline code keeps its backticks.
    param([AllowEmptyString()][string]$Text)
    if ([string]::IsNullOrEmpty($Text)) { return $Text }
    $parts = [regex]::Split($Text, '(`+[^`]*`+)')
    $out = [System.Text.StringBuilder]::new()
    foreach ($part in $parts) {
        if ($part.StartsWith('`')) { [void]$out.Append($part); continue }
        $p = [regex]::Replace($part, '!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)', {
                param($m)
                $label = $m.Groups[1].Value
                $url = $m.Groups[2].Value
                if ($url -match '^[a-z][a-z0-9+.-]*://' -and $url -ne $label) { "$label ($url)" } else { $label }
            })
        $p = [regex]::Replace($p, '<((?:https?|ftp)://[^>\s]+)>', '$1')
        $p = [regex]::Replace($p, '\*\*(?=\S)(.+?)(?<=\S)\*\*', '$1')
        $p = [regex]::Replace($p, '__(?=\S)(.+?)(?<=\S)__', '$1')
        $p = [regex]::Replace($p, '(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])', '$1')
        $p = [regex]::Replace($p, '(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)', '$1')
        $p = [regex]::Replace($p, '\\([\\`*_{}\[\]()#+\-.!<>|~])', '$1')
        [void]$out.Append($p)
    }
    $out.ToString()
}

function ConvertFrom-HelpYaml {
    # Flat "Key: value" yaml from a parameter block -> ordered dictionary (keys case-insensitive).
    param([AllowEmptyString()][string]$Text)
    $d = [ordered]@{}
    foreach ($l in ($Text -split "`n")) {
        if ($l -match '^\s*([A-Za-z][^:]*?)\s*:\s*(.*?)\s*$') {
            $v = $Matches[2]
            if ($v -match '^(["''])(.*)\1$') { $v = $Matches[2] }
            $d[$Matches[1]] = $v
        }
    }
    $d
}

function Get-YamlValue {
    param($Yaml, [string]$Key)
    foreach ($k in $Yaml.Keys) { if ($k -ieq $Key) { return [string]$Yaml[$k] } }
    $null
}

function Read-CommandHelpMarkdown {
    # Parses one PlatyPS schema 2.0.0 command page.
    param([Parameter(Mandatory)][string]$Path)
    $lines = Get-MarkdownLine -Path $Path
    $front = Read-FrontMatter -Line $lines
    $tokens = Split-MarkdownToken -Line $lines -Start $front.BodyStart

    $page = [pscustomobject]@{
        Path          = $Path
        FrontMatter   = $front.Values
        Name          = $null
        Sections      = [ordered]@{}   # UPPERCASE title -> token list (for presence checks)
        Synopsis      = @()
        Description   = @()
        Examples      = [System.Collections.Generic.List[object]]::new()
        Parameters    = [System.Collections.Generic.List[object]]::new()
        HasCommonParameters = $false
        Inputs        = [System.Collections.Generic.List[object]]::new()
        Outputs       = [System.Collections.Generic.List[object]]::new()
        Notes         = @()
        RelatedLinks  = [System.Collections.Generic.List[object]]::new()
        Placeholders  = [System.Collections.Generic.List[object]]::new()
    }

    for ($i = $front.BodyStart; $i -lt $lines.Count; $i++) {
        foreach ($m in [regex]::Matches($lines[$i], $script:PlaceholderPattern, 'IgnoreCase')) {
            $page.Placeholders.Add([pscustomobject]@{ Line = $i + 1; Text = $m.Value })
        }
    }

    # Cut into H2 sections; the H1 is the command name.
    $current = $null
    foreach ($t in $tokens) {
        if ($t.Kind -eq 'Heading' -and $t.Level -eq 1) {
            if ($null -eq $page.Name) { $page.Name = $t.Text }
            $current = $null
            continue
        }
        if ($t.Kind -eq 'Heading' -and $t.Level -eq 2) {
            $key = $t.Text.Trim().ToUpperInvariant()
            $current = [System.Collections.Generic.List[object]]::new()
            $page.Sections[$key] = $current
            continue
        }
        if ($null -ne $current) { $current.Add($t) }
    }

    # Splits a section's tokens at H3 headings: @{ Intro = tokens; Subs = @(@{ Title; Line; Tokens }) }
    $splitH3 = {
        param($sectionTokens)
        $intro = [System.Collections.Generic.List[object]]::new()
        $subs = [System.Collections.Generic.List[object]]::new()
        $sub = $null
        foreach ($t in $sectionTokens) {
            if ($t.Kind -eq 'Heading' -and $t.Level -eq 3) {
                $sub = [pscustomobject]@{ Title = $t.Text; Line = $t.Line; Tokens = [System.Collections.Generic.List[object]]::new() }
                $subs.Add($sub)
                continue
            }
            if ($null -eq $sub) { $intro.Add($t) } else { $sub.Tokens.Add($t) }
        }
        @{ Intro = $intro; Subs = $subs }
    }

    if ($page.Sections.Contains('SYNOPSIS')) { $page.Synopsis = @(ConvertTo-MarkdownBlock -Token $page.Sections['SYNOPSIS']) }
    if ($page.Sections.Contains('DESCRIPTION')) { $page.Description = @(ConvertTo-MarkdownBlock -Token $page.Sections['DESCRIPTION']) }
    if ($page.Sections.Contains('NOTES')) { $page.Notes = @(ConvertTo-MarkdownBlock -Token $page.Sections['NOTES']) }

    if ($page.Sections.Contains('EXAMPLES')) {
        $n = 0
        foreach ($sub in (& $splitH3 $page.Sections['EXAMPLES']).Subs) {
            $n++
            $blocks = @(ConvertTo-MarkdownBlock -Token $sub.Tokens)
            $code = @($blocks | Where-Object { $_.Kind -eq 'Code' -and $script:CodeLanguages -contains $_.Lang.ToLowerInvariant() })
            $remarks = @($blocks | Where-Object { -not ($_.Kind -eq 'Code' -and $script:CodeLanguages -contains $_.Lang.ToLowerInvariant()) })
            $page.Examples.Add([pscustomobject]@{
                    Number  = $n
                    Title   = $sub.Title
                    Line    = $sub.Line
                    Code    = (@($code | ForEach-Object { $_.Text }) -join "`n`n")
                    HasCode = ($code.Count -gt 0 -and (@($code | Where-Object { $_.Text.Trim().Length -gt 0 }).Count -gt 0))
                    Remarks = $remarks
                })
        }
    }

    if ($page.Sections.Contains('PARAMETERS')) {
        foreach ($sub in (& $splitH3 $page.Sections['PARAMETERS']).Subs) {
            if ($sub.Title -ieq 'CommonParameters') { $page.HasCommonParameters = $true; continue }
            $name = $sub.Title.Trim().TrimStart('-').Trim()
            $yaml = [System.Collections.Generic.List[object]]::new()
            $prose = [System.Collections.Generic.List[object]]::new()
            foreach ($t in $sub.Tokens) {
                if ($t.Kind -eq 'Fence' -and $t.Lang -ieq 'yaml') {
                    $y = ConvertFrom-HelpYaml -Text $t.Text
                    $yaml.Add([pscustomobject]@{ Values = $y; Line = $t.Line })
                }
                else { $prose.Add($t) }
            }
            $page.Parameters.Add([pscustomobject]@{
                    Name        = $name
                    Line        = $sub.Line
                    Description = @(ConvertTo-MarkdownBlock -Token $prose)
                    Yaml        = $yaml.ToArray()
                })
        }
    }

    foreach ($pair in @(@('INPUTS', $page.Inputs), @('OUTPUTS', $page.Outputs))) {
        if (-not $page.Sections.Contains($pair[0])) { continue }
        foreach ($sub in (& $splitH3 $page.Sections[$pair[0]]).Subs) {
            $pair[1].Add([pscustomobject]@{
                    TypeName    = (ConvertFrom-MarkdownInline -Text $sub.Title).Trim('`', ' ')
                    Description = @(ConvertTo-MarkdownBlock -Token $sub.Tokens)
                })
        }
    }

    if ($page.Sections.Contains('RELATED LINKS')) {
        foreach ($t in $page.Sections['RELATED LINKS']) {
            if ($t.Kind -ne 'Line' -or $t.Text.Trim().Length -eq 0) { continue }
            $l = $t.Text.Trim() -replace '^[-*+]\s+', ''
            $found = $false
            foreach ($m in [regex]::Matches($l, '\[([^\]]+)\]\(\s*<?([^)\s>]*)>?\s*\)')) {
                $found = $true
                $uri = $m.Groups[2].Value
                if ($uri -notmatch '^[a-z][a-z0-9+.-]*://') { $uri = '' } # relative .md links: text only
                $page.RelatedLinks.Add([pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $uri })
            }
            if (-not $found) {
                $plain = ConvertFrom-MarkdownInline -Text $l
                if ($plain -match '^(?:https?|ftp)://\S+$') {
                    $page.RelatedLinks.Add([pscustomobject]@{ Text = ''; Uri = $plain })
                }
                else {
                    $page.RelatedLinks.Add([pscustomobject]@{ Text = $plain; Uri = '' })
                }
            }
        }
    }
    $page
}

function Read-AboutHelpMarkdown {
    # Parses a platyPS about template page: "# Title", "## about_Name", then "# SECTION" blocks whose
    # "##"/"###" headings are subtopics.
    param([Parameter(Mandatory)][string]$Path)
    $lines = Get-MarkdownLine -Path $Path
    $front = Read-FrontMatter -Line $lines
    $tokens = Split-MarkdownToken -Line $lines -Start $front.BodyStart
    $topic = [pscustomobject]@{
        Path         = $Path
        Title        = $null
        Name         = $null
        Sections     = [System.Collections.Generic.List[object]]::new()
        Placeholders = [System.Collections.Generic.List[object]]::new()
    }
    for ($i = $front.BodyStart; $i -lt $lines.Count; $i++) {
        foreach ($m in [regex]::Matches($lines[$i], $script:PlaceholderPattern, 'IgnoreCase')) {
            $topic.Placeholders.Add([pscustomobject]@{ Line = $i + 1; Text = $m.Value })
        }
    }
    $section = $null
    foreach ($t in $tokens) {
        if ($t.Kind -eq 'Heading') {
            if ($t.Level -eq 2 -and $null -eq $topic.Name -and $t.Text -match '^about_[\w.-]+$') {
                $topic.Name = $t.Text
                continue
            }
            if ($t.Level -eq 1) {
                if ($null -eq $topic.Title -and $topic.Sections.Count -eq 0 -and $t.Text -cnotmatch '^[A-Z][A-Z ]+$') {
                    $topic.Title = $t.Text
                    continue
                }
                $section = [pscustomobject]@{ Title = $t.Text.ToUpperInvariant(); Tokens = [System.Collections.Generic.List[object]]::new() }
                $topic.Sections.Add($section)
                continue
            }
        }
        if ($null -ne $section) { $section.Tokens.Add($t) }
    }
    if ($null -eq $topic.Name) {
        $base = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        if ($null -ne $topic.Title -and $topic.Title -match '^about_[\w.-]+$') { $topic.Name = $topic.Title }
        elseif ($base -match '^about_') { $topic.Name = $base }
    }
    $topic
}

function Get-HelpMarkdownFile {
    # Classifies the .md files of a help folder: Command pages, About pages, Module page.
    param([Parameter(Mandatory)][string]$MarkdownPath)
    if (-not (Test-Path -LiteralPath $MarkdownPath -PathType Container)) {
        throw [System.IO.DirectoryNotFoundException]::new("Markdown help folder '$MarkdownPath' was not found.")
    }
    $result = @{ Command = @(); About = @(); Module = @() }
    foreach ($f in (Get-ChildItem -LiteralPath $MarkdownPath -Filter '*.md' -File | Sort-Object Name)) {
        if ($f.Name -like 'about_*') { $result.About += $f; continue }
        $front = (Read-FrontMatter -Line (Get-MarkdownLine -Path $f.FullName)).Values
        if ($front.Contains('Module Guid') -or $front.Contains('Download Help Link')) { $result.Module += $f; continue }
        $result.Command += $f
    }
    $result
}

#endregion

#region Command metadata (private)

function Get-HelpTypeName {
    # Short, PlatyPS-style type name: String[], Int32 (for Nullable[Int32]), Dictionary[String,Object].
    param([Parameter(Mandatory)][type]$Type)
    if ($Type.IsArray) { return (Get-HelpTypeName -Type $Type.GetElementType()) + '[' + (',' * ($Type.GetArrayRank() - 1)) + ']' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($null -ne $underlying) { return Get-HelpTypeName -Type $underlying }
    if ($Type.IsGenericType) {
        $argNames = @($Type.GetGenericArguments() | ForEach-Object { Get-HelpTypeName -Type $_ })
        return ($Type.Name -replace '`\d+$', '') + '[' + ($argNames -join ',') + ']'
    }
    $Type.Name
}

function Get-PipelineInputText {
    param([bool]$ByValue, [bool]$ByPropertyName)
    if ($ByValue -and $ByPropertyName) { 'True (ByPropertyName, ByValue)' }
    elseif ($ByValue) { 'True (ByValue)' }
    elseif ($ByPropertyName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Get-AcceptedValue {
    # ValidateSet values, or enum names for enum-typed parameters.
    param([Parameter(Mandatory)]$Parameter)
    foreach ($a in $Parameter.Attributes) {
        if ($a -is [System.Management.Automation.ValidateSetAttribute]) { return @($a.ValidValues) }
    }
    $t = $Parameter.ParameterType
    if ($t.IsArray) { $t = $t.GetElementType() }
    $u = [Nullable]::GetUnderlyingType($t)
    if ($null -ne $u) { $t = $u }
    if ($t.IsEnum) { return @([Enum]::GetNames($t)) }
    @()
}

function Test-SupportsWildcard {
    param([Parameter(Mandatory)]$Parameter)
    foreach ($a in $Parameter.Attributes) {
        if ($a.GetType().Name -eq 'SupportsWildcardsAttribute') { return $true }
    }
    $false
}

function Get-CommandHelpModel {
    # Per-command metadata in the shape the writers need:
    #   Sets: ordered (default first) list of @{ Name; IsDefault; Parameters = per-set parameter info }
    #   Parameters: ordered dictionary name -> merged info across sets
    param([Parameter(Mandatory)][System.Management.Automation.CommandInfo]$Command)
    $sets = [System.Collections.Generic.List[object]]::new()
    $ordered = @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
    $merged = [ordered]@{}
    foreach ($ps in $ordered) {
        $params = [System.Collections.Generic.List[object]]::new()
        $declared = @($ps.Parameters | Where-Object { -not $script:CommonParameterNames.Contains($_.Name) })
        $positional = @($declared | Where-Object { $_.Position -ge 0 } | Sort-Object Position)
        $named = @($declared | Where-Object { $_.Position -lt 0 })
        foreach ($p in ($positional + $named)) {
            $info = [pscustomobject]@{
                Name           = $p.Name
                Type           = $p.ParameterType
                TypeName       = Get-HelpTypeName -Type $p.ParameterType
                IsSwitch       = ($p.ParameterType -eq [System.Management.Automation.SwitchParameter])
                Mandatory      = [bool]$p.IsMandatory
                Position       = $(if ($p.Position -ge 0) { [string]$p.Position } else { 'named' })
                ByValue        = [bool]$p.ValueFromPipeline
                ByPropertyName = [bool]$p.ValueFromPipelineByPropertyName
                PipelineInput  = Get-PipelineInputText -ByValue $p.ValueFromPipeline -ByPropertyName $p.ValueFromPipelineByPropertyName
                Aliases        = @($p.Aliases)
                AcceptedValues = @(Get-AcceptedValue -Parameter $p)
                Globbing       = Test-SupportsWildcard -Parameter $p
                SetName        = $ps.Name
            }
            $params.Add($info)
            if (-not $merged.Contains($p.Name)) {
                $merged[$p.Name] = [pscustomobject]@{
                    Name           = $p.Name
                    Type           = $info.Type
                    TypeName       = $info.TypeName
                    IsSwitch       = $info.IsSwitch
                    Mandatory      = $info.Mandatory
                    Position       = $info.Position
                    ByValue        = $info.ByValue
                    ByPropertyName = $info.ByPropertyName
                    Aliases        = $info.Aliases
                    AcceptedValues = $info.AcceptedValues
                    Globbing       = $info.Globbing
                    PerSet         = [System.Collections.Generic.List[object]]::new()
                }
            }
            $m = $merged[$p.Name]
            $m.PerSet.Add($info)
            # Merged view (the PARAMETERS section of Get-Help -Full): required if mandatory in any set,
            # pipeline input if any set takes it, position of the first (default-first) set.
            if ($info.Mandatory) { $m.Mandatory = $true }
            if ($info.ByValue) { $m.ByValue = $true }
            if ($info.ByPropertyName) { $m.ByPropertyName = $true }
            if ($info.Globbing) { $m.Globbing = $true }
        }
        $sets.Add([pscustomobject]@{ Name = $ps.Name; IsDefault = [bool]$ps.IsDefault; Parameters = $params })
    }
    foreach ($m in $merged.Values) {
        $m | Add-Member -NotePropertyName PipelineInput -NotePropertyValue (Get-PipelineInputText -ByValue $m.ByValue -ByPropertyName $m.ByPropertyName)
    }
    [pscustomobject]@{ Command = $Command; Sets = $sets; Parameters = $merged }
}

function Get-CommandHelpFileName {
    # The MAML file name Get-Help looks for: <assembly>.dll-Help.xml for cmdlets, the
    # "# .ExternalHelp <file>" value for functions ($null when a function has none).
    param([Parameter(Mandatory)][System.Management.Automation.CommandInfo]$Command)
    if ($Command -is [System.Management.Automation.CmdletInfo]) {
        if ($Command.HelpFile) { return (Split-Path -Leaf $Command.HelpFile) }
        if ($null -ne $Command.ImplementingType) { return [System.IO.Path]::GetFileName($Command.ImplementingType.Assembly.Location) + '-Help.xml' }
        return $null
    }
    if ($Command -is [System.Management.Automation.FunctionInfo]) {
        # FunctionInfo.HelpFile is only filled once Get-Help has run; read the comment instead.
        if ($Command.HelpFile) { return (Split-Path -Leaf $Command.HelpFile) }
        $ast = $Command.ScriptBlock.Ast
        while ($null -ne $ast -and $ast -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { $ast = $ast.Parent }
        if ($null -ne $ast) {
            $help = $ast.GetHelpContent()
            if ($null -ne $help -and $help.MamlHelpFile) { return (Split-Path -Leaf $help.MamlHelpFile) }
        }
    }
    $null
}

function Test-HasCommonParameter {
    # Cmdlets and advanced functions get the common parameters.
    param([Parameter(Mandatory)][System.Management.Automation.CommandInfo]$Command)
    $null -ne $Command.Parameters -and $Command.Parameters.ContainsKey('Verbose')
}

function Get-ModuleHelpCommand {
    param([Parameter(Mandatory)][string]$ModuleName)
    $module = @(Get-Module -Name $ModuleName)
    if ($module.Count -eq 0) {
        throw [System.InvalidOperationException]::new("Module '$ModuleName' is not imported. Import the built module (Import-Module <path>/$ModuleName.psd1) before compiling or testing its help.")
    }
    @(Get-Command -Module $ModuleName -CommandType Cmdlet, Function -ErrorAction SilentlyContinue | Sort-Object Name -Unique)
}

#endregion

#region MAML writing (private)

function Write-MamlPara {
    # One maml:para per block; an empty description still gets one empty para (as PlatyPS does).
    param([System.Xml.XmlWriter]$Writer, [AllowEmptyCollection()][object[]]$Block)
    $wrote = $false
    foreach ($b in $Block) {
        switch ($b.Kind) {
            'Para' { $Writer.WriteElementString('maml', 'para', $script:MamlNs, (ConvertFrom-MarkdownInline -Text $b.Text)); $wrote = $true }
            'List' {
                # One para, one item a line: Get-Help keeps the line breaks, so the list stays compact.
                $n = 0
                $itemLines = foreach ($item in $b.Items) {
                    $n++
                    $(if ($b.Ordered) { "$n. " } else { '- ' }) + (ConvertFrom-MarkdownInline -Text $item)
                }
                $Writer.WriteElementString('maml', 'para', $script:MamlNs, (@($itemLines) -join "`n"))
                $wrote = $true
            }
            default {
                # Code and tables stay verbatim.
                $Writer.WriteElementString('maml', 'para', $script:MamlNs, $b.Text)
                $wrote = $true
            }
        }
    }
    if (-not $wrote) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, '') }
}

function Write-MamlDescription {
    param([System.Xml.XmlWriter]$Writer, [AllowEmptyCollection()][object[]]$Block)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-MamlPara -Writer $Writer -Block $Block
    $Writer.WriteEndElement()
}

function Write-MamlType {
    param([System.Xml.XmlWriter]$Writer, [string]$TypeName)
    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $TypeName)
    $Writer.WriteStartElement('maml', 'uri', $script:MamlNs); $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    # One command:parameter. $Info is a per-set (syntax) or merged (parameters section) record.
    param(
        [System.Xml.XmlWriter]$Writer,
        $Info,
        $Doc,
        [switch]$InSyntax
    )
    $yaml = $null
    if ($null -ne $Doc -and $Doc.Yaml.Count -gt 0) {
        $yaml = $Doc.Yaml[0].Values
        if ($InSyntax) {
            foreach ($y in $Doc.Yaml) {
                $setsText = Get-YamlValue -Yaml $y.Values -Key 'Parameter Sets'
                if ($setsText -and (@($setsText -split ',' | ForEach-Object Trim) -contains $Info.SetName)) { $yaml = $y.Values; break }
            }
        }
    }
    $globbing = [bool]$Info.Globbing
    if (-not $globbing -and $null -ne $yaml) { $globbing = (Get-YamlValue -Yaml $yaml -Key 'Accept wildcard characters') -match '^\s*true' }
    $accepted = @($Info.AcceptedValues)
    if ($accepted.Count -eq 0 -and $null -ne $yaml) {
        $av = Get-YamlValue -Yaml $yaml -Key 'Accepted values'
        if ($av) { $accepted = @($av -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
    }
    $default = 'None'
    if ($null -ne $yaml) {
        $dv = Get-YamlValue -Yaml $yaml -Key 'Default value'
        if ($null -ne $dv -and $dv.Trim().Length -gt 0) { $default = $dv.Trim() }
    }
    if ($default -eq 'None' -and $Info.IsSwitch) { $default = 'False' }

    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', $Info.Mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Info.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Info.PipelineInput)
    $Writer.WriteAttributeString('position', $Info.Position)
    $Writer.WriteAttributeString('aliases', $(if (@($Info.Aliases).Count -gt 0) { @($Info.Aliases) -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Info.Name)
    Write-MamlDescription -Writer $Writer -Block $(if ($null -ne $Doc) { $Doc.Description } else { @() })
    if ($accepted.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($v in $accepted) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $script:CommandNs, 'false')
            $Writer.WriteString([string]$v)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $Info.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', (-not $Info.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Info.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString($Info.TypeName)
        $Writer.WriteEndElement()
    }
    Write-MamlType -Writer $Writer -TypeName $Info.TypeName
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNs, $default)
    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter]$Writer, $Page, $Model)
    $cmd = $Model.Command
    $docByName = @{}
    foreach ($p in $Page.Parameters) { if (-not $docByName.ContainsKey($p.Name)) { $docByName[$p.Name] = $p } }

    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)

    # details
    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    $Writer.WriteElementString('command', 'name', $script:CommandNs, $cmd.Name)
    $verb = ''; $noun = ''
    if ($cmd.Name -match '^([^-]+)-(.+)$') { $verb = $Matches[1]; $noun = $Matches[2] }
    $Writer.WriteElementString('command', 'verb', $script:CommandNs, $verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNs, $noun)
    Write-MamlDescription -Writer $Writer -Block $Page.Synopsis
    $Writer.WriteEndElement()

    Write-MamlDescription -Writer $Writer -Block $Page.Description

    # syntax: one item per parameter set, default set first
    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in $Model.Sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $cmd.Name)
        foreach ($p in $set.Parameters) {
            Write-MamlParameter -Writer $Writer -Info $p -Doc $docByName[$p.Name] -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # parameters: markdown order first, then anything the page forgot (Test-MarkdownHelp reports it)
    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    $written = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($doc in $Page.Parameters) {
        if ($Model.Parameters.Contains($doc.Name) -and $written.Add($doc.Name)) {
            Write-MamlParameter -Writer $Writer -Info $Model.Parameters[$doc.Name] -Doc $doc
        }
    }
    foreach ($name in $Model.Parameters.Keys) {
        if ($written.Add($name)) { Write-MamlParameter -Writer $Writer -Info $Model.Parameters[$name] -Doc $null }
    }
    $Writer.WriteEndElement()

    foreach ($io in @(@('inputTypes', 'inputType', $Page.Inputs), @('returnValues', 'returnValue', $Page.Outputs))) {
        $Writer.WriteStartElement('command', $io[0], $script:CommandNs)
        foreach ($t in $io[2]) {
            $Writer.WriteStartElement('command', $io[1], $script:CommandNs)
            Write-MamlType -Writer $Writer -TypeName $t.TypeName
            Write-MamlDescription -Writer $Writer -Block $t.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if (@($Page.Notes).Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNs)
        Write-MamlPara -Writer $Writer -Block $Page.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($ex in $Page.Examples) {
        $title = $ex.Title
        if ($title -notmatch '^Example\s+\d+') { $title = "Example $($ex.Number): $title" }
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        $Writer.WriteElementString('maml', 'title', $script:MamlNs, "---------- $title ----------")
        $Writer.WriteElementString('dev', 'code', $script:DevNs, $ex.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNs)
        Write-MamlPara -Writer $Writer -Block $ex.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
    $links = [System.Collections.Generic.List[object]]::new()
    $online = [string]$Page.FrontMatter['online version']
    if ($online.Trim().Length -gt 0) { $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $online.Trim() }) }
    foreach ($l in $Page.RelatedLinks) { $links.Add($l) }
    foreach ($l in $links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNs, $l.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNs, $l.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement() # command:command
}

#endregion

#region About text rendering (private)

function Format-WrappedText {
    # Greedy word wrap; words longer than the room (URLs) get a line of their own.
    param([string]$Text, [int]$Indent, [int]$HangingIndent = -1, [int]$Width = $script:AboutWidth)
    if ($HangingIndent -lt 0) { $HangingIndent = $Indent }
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($hardLine in ($Text -split "`n")) {
        $words = @($hardLine -split '\s+' | Where-Object { $_.Length -gt 0 })
        $line = ''
        $pad = ' ' * $Indent
        foreach ($w in $words) {
            if ($line.Length -eq 0) { $line = $pad + $w; continue }
            if ($line.Length + 1 + $w.Length -le $Width) { $line += ' ' + $w }
            else {
                $out.Add($line)
                $pad = ' ' * $HangingIndent
                $line = $pad + $w
            }
        }
        if ($line.Length -gt 0) { $out.Add($line) }
        $Indent = $HangingIndent
    }
    , $out
}

function Format-AboutBlock {
    param([object[]]$Block, [int]$Indent)
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($b in $Block) {
        if ($out.Count -gt 0) { $out.Add('') }
        switch ($b.Kind) {
            'Para' { $out.AddRange([string[]](Format-WrappedText -Text (ConvertFrom-MarkdownInline -Text $b.Text) -Indent $Indent)) }
            'List' {
                $n = 0
                foreach ($item in $b.Items) {
                    $n++
                    $bullet = $(if ($b.Ordered) { "$n. " } else { '- ' })
                    $text = $bullet + (ConvertFrom-MarkdownInline -Text $item)
                    $out.AddRange([string[]](Format-WrappedText -Text $text -Indent $Indent -HangingIndent ($Indent + $bullet.Length)))
                }
            }
            'Code' {
                foreach ($l in ($b.Text -split "`n")) {
                    if ($l.Length -eq 0) { $out.Add('') } else { $out.Add((' ' * ($Indent + 4)) + $l.TrimEnd()) }
                }
            }
            default {
                foreach ($l in ($b.Text -split "`n")) { $out.Add((' ' * $Indent) + $l.TrimEnd()) }
            }
        }
    }
    , $out
}

function Format-AboutTopic {
    param([Parameter(Mandatory)]$Topic)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('TOPIC')
    $lines.Add('    ' + $Topic.Name)
    foreach ($section in $Topic.Sections) {
        $lines.Add('')
        $lines.Add($section.Title)
        # Split the section into runs of content separated by subtopic headings.
        $chunk = [System.Collections.Generic.List[object]]::new()
        $heading = $null
        $first = $true
        $emit = {
            param($h, $tokens)
            if ($null -ne $h) {
                if (-not $first -or $lines[$lines.Count - 1] -ne $section.Title) { $lines.Add('') }
                $hIndent = $(if ($h.Level -le 2) { 2 } else { 4 })
                $lines.Add((' ' * $hIndent) + (ConvertFrom-MarkdownInline -Text $h.Text))
            }
            $blocks = @(ConvertTo-MarkdownBlock -Token $tokens)
            if ($blocks.Count -gt 0) {
                if ($null -eq $h -and -not $first) { $lines.Add('') }
                $lines.AddRange([string[]](Format-AboutBlock -Block $blocks -Indent 4))
            }
        }
        foreach ($t in $section.Tokens) {
            if ($t.Kind -eq 'Heading') {
                if ($chunk.Count -gt 0 -or $null -ne $heading) {
                    $before = $lines.Count
                    & $emit $heading $chunk.ToArray()
                    if ($lines.Count -gt $before) { $first = $false }
                }
                $heading = $t
                $chunk.Clear()
                continue
            }
            $chunk.Add($t)
        }
        if ($chunk.Count -gt 0 -or $null -ne $heading) { & $emit $heading $chunk.ToArray() }
    }
    # Collapse runs of blank lines and trailing blanks.
    $final = [System.Collections.Generic.List[string]]::new()
    foreach ($l in $lines) {
        if ($l.Length -eq 0 -and $final.Count -gt 0 -and $final[$final.Count - 1].Length -eq 0) { continue }
        $final.Add($l)
    }
    while ($final.Count -gt 0 -and $final[$final.Count - 1].Length -eq 0) { $final.RemoveAt($final.Count - 1) }
    ($final -join "`n") + "`n"
}

#endregion

#region Public commands

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Compiles PlatyPS schema 2.0.0 command pages into MAML help files.
    .DESCRIPTION
    Reads every command page in MarkdownPath (about_*.md and the module page are skipped), takes syntax
    and parameter metadata from Get-Command of the imported module ModuleName, and writes one MAML file
    per distinct "external help file" front-matter value into OutputPath. Returns the written files.
    .EXAMPLE
    Import-Module ./out/GeminiRealtime/GeminiRealtime.psd1
    ConvertTo-MamlHelp -MarkdownPath ./docs/en-US -ModuleName GeminiRealtime -OutputPath ./out/GeminiRealtime/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)][string]$MarkdownPath,
        [Parameter(Mandatory)][string]$ModuleName,
        [Parameter(Mandatory)][string]$OutputPath
    )
    $MarkdownPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($MarkdownPath)
    $OutputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
    $commands = @{}
    foreach ($c in (Get-ModuleHelpCommand -ModuleName $ModuleName)) { $commands[$c.Name] = $c }
    $files = Get-HelpMarkdownFile -MarkdownPath $MarkdownPath

    $groups = [ordered]@{}
    foreach ($f in $files.Command) {
        $page = Read-CommandHelpMarkdown -Path $f.FullName
        $name = $(if ($page.Name) { $page.Name } else { $f.BaseName })
        if (-not $commands.ContainsKey($name)) {
            Write-Warning "Skipping '$($f.Name)': module '$ModuleName' exports no command '$name'."
            continue
        }
        $helpFile = [string]$page.FrontMatter['external help file']
        if ($helpFile.Trim().Length -eq 0) {
            $helpFile = Get-CommandHelpFileName -Command $commands[$name]
            if (-not $helpFile) { $helpFile = "$ModuleName-help.xml" }
            Write-Warning "'$($f.Name)' has no 'external help file' front matter; using '$helpFile'."
        }
        if (-not $groups.Contains($helpFile)) { $groups[$helpFile] = [System.Collections.Generic.List[object]]::new() }
        $groups[$helpFile].Add(@{ Page = $page; Model = (Get-CommandHelpModel -Command $commands[$name]) })
    }

    if ($groups.Count -eq 0) { Write-Warning "No command page in '$MarkdownPath' matched a command of '$ModuleName'; no MAML written." }
    if (-not (Test-Path -LiteralPath $OutputPath)) { [void](New-Item -ItemType Directory -Path $OutputPath -Force) }
    foreach ($helpFile in $groups.Keys) {
        $target = [System.IO.Path]::Combine($OutputPath, $helpFile)
        $settings = [System.Xml.XmlWriterSettings]::new()
        $settings.Indent = $true
        $settings.IndentChars = '  '
        $settings.NewLineChars = "`n"
        $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
        $writer = [System.Xml.XmlWriter]::Create($target, $settings)
        try {
            $writer.WriteStartDocument()
            $writer.WriteStartElement('helpItems', $script:MshNs)
            $writer.WriteAttributeString('schema', 'maml')
            foreach ($entry in ($groups[$helpFile] | Sort-Object { $_.Model.Command.Name })) {
                Write-Verbose "MAML: $($entry.Model.Command.Name) -> $helpFile"
                Write-MamlCommand -Writer $writer -Page $entry.Page -Model $entry.Model
            }
            $writer.WriteEndElement()
            $writer.WriteEndDocument()
        }
        finally {
            $writer.Dispose()
        }
        Get-Item -LiteralPath $target
    }
}

function ConvertTo-AboutHelpText {
    <#
    .SYNOPSIS
    Renders platyPS about_*.md topics as 80-column about_*.help.txt files.
    .EXAMPLE
    ConvertTo-AboutHelpText -MarkdownPath ./docs/en-US -OutputPath ./out/GeminiRealtime/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)][string]$MarkdownPath,
        [Parameter(Mandatory)][string]$OutputPath
    )
    $MarkdownPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($MarkdownPath)
    $OutputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
    $files = Get-HelpMarkdownFile -MarkdownPath $MarkdownPath
    if (-not (Test-Path -LiteralPath $OutputPath)) { [void](New-Item -ItemType Directory -Path $OutputPath -Force) }
    foreach ($f in $files.About) {
        $topic = Read-AboutHelpMarkdown -Path $f.FullName
        if ($null -eq $topic.Name) { Write-Warning "Skipping '$($f.Name)': no '## about_<Name>' line."; continue }
        $target = [System.IO.Path]::Combine($OutputPath, "$($topic.Name).help.txt")
        Write-Verbose "About: $($f.Name) -> $target"
        [System.IO.File]::WriteAllText($target, (Format-AboutTopic -Topic $topic), [System.Text.UTF8Encoding]::new($false))
        Get-Item -LiteralPath $target
    }
}

function Test-MarkdownHelp {
    <#
    .SYNOPSIS
    Reports every completeness or consistency problem of a module's markdown help.
    .DESCRIPTION
    Returns one object (Command, Problem, Path) per problem; no output means the help is complete.
    The module must be imported: pages are checked against Get-Command metadata.
    .EXAMPLE
    Test-MarkdownHelp -MarkdownPath ./docs/en-US -ModuleName GeminiRealtime | Format-Table
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)][string]$MarkdownPath,
        [Parameter(Mandatory)][string]$ModuleName
    )
    $MarkdownPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($MarkdownPath)
    $commands = @{}
    foreach ($c in (Get-ModuleHelpCommand -ModuleName $ModuleName)) { $commands[$c.Name] = $c }
    $files = Get-HelpMarkdownFile -MarkdownPath $MarkdownPath

    $problem = {
        param([string]$Command, [string]$Text, [string]$Path)
        [pscustomobject]@{ PSTypeName = 'HelpCompiler.HelpProblem'; Command = $Command; Problem = $Text; Path = $Path }
    }

    $documented = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($f in $files.Command) {
        $page = Read-CommandHelpMarkdown -Path $f.FullName
        $name = $(if ($page.Name) { $page.Name } else { $f.BaseName })
        $path = $f.FullName
        if (-not $page.Name) { & $problem $name "The page has no '# $($f.BaseName)' title." $path }
        elseif ($page.Name -cne $f.BaseName) { & $problem $name "The title '# $($page.Name)' does not match the file name '$($f.Name)'." $path }
        [void]$documented.Add($name)

        foreach ($key in 'external help file', 'Module Name', 'schema') {
            if (-not $page.FrontMatter.Contains($key) -or ([string]$page.FrontMatter[$key]).Trim().Length -eq 0) {
                & $problem $name "The front matter has no '$key' value." $path
            }
        }
        if ($page.FrontMatter.Contains('schema') -and $page.FrontMatter['schema'] -ne '2.0.0') {
            & $problem $name "The front matter says 'schema: $($page.FrontMatter['schema'])'; expected 2.0.0." $path
        }
        if ($page.FrontMatter.Contains('Module Name') -and $page.FrontMatter['Module Name'] -and $page.FrontMatter['Module Name'] -ne $ModuleName) {
            & $problem $name "The front matter says 'Module Name: $($page.FrontMatter['Module Name'])'; expected $ModuleName." $path
        }
        foreach ($ph in $page.Placeholders) {
            & $problem $name "Line $($ph.Line) still has placeholder text '$($ph.Text)'." $path
        }

        foreach ($section in $script:RequiredSections) {
            if (-not $page.Sections.Contains($section)) {
                & $problem $name "The required section '## $section' is missing." $path
                continue
            }
            $hasContent = @($page.Sections[$section] | Where-Object { $_.Kind -ne 'Line' -or $_.Text.Trim().Length -gt 0 }).Count -gt 0
            if (-not $hasContent) { & $problem $name "The section '## $section' is empty." $path }
        }
        if ($page.Sections.Contains('EXAMPLES')) {
            if ($page.Examples.Count -lt 2) {
                & $problem $name "EXAMPLES has $($page.Examples.Count) example(s); at least 2 are required." $path
            }
            foreach ($ex in $page.Examples) {
                if (-not $ex.HasCode) { & $problem $name "Example '$($ex.Title)' (line $($ex.Line)) has no fenced powershell code block." $path }
            }
        }
        foreach ($pair in @(@('INPUTS', $page.Inputs), @('OUTPUTS', $page.Outputs))) {
            if ($page.Sections.Contains($pair[0]) -and $pair[1].Count -eq 0) {
                & $problem $name "The section '## $($pair[0])' names no type ('### <TypeName>', or '### None')." $path
            }
        }

        if (-not $commands.ContainsKey($name)) {
            & $problem $name "The page documents '$name', but module '$ModuleName' exports no such command." $path
            continue
        }
        $cmd = $commands[$name]
        $model = Get-CommandHelpModel -Command $cmd

        # The page must land in the file Get-Help looks for.
        $expectedHelpFile = Get-CommandHelpFileName -Command $cmd
        if (-not $expectedHelpFile) {
            & $problem $name "The command has no help file name (a function needs a '# .ExternalHelp <file>' comment), so Get-Help cannot find compiled help." $path
        }
        elseif ($page.FrontMatter.Contains('external help file') -and $page.FrontMatter['external help file'] -and $page.FrontMatter['external help file'] -ne $expectedHelpFile) {
            & $problem $name "The front matter says 'external help file: $($page.FrontMatter['external help file'])', but Get-Help reads '$expectedHelpFile'." $path
        }

        if ($page.Sections.Contains('PARAMETERS') -and -not $page.HasCommonParameters -and
            (Test-HasCommonParameter -Command $cmd)) {
            & $problem $name "PARAMETERS has no '### CommonParameters' entry." $path
        }

        $seen = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
        foreach ($doc in $page.Parameters) {
            if (-not $seen.Add($doc.Name)) { & $problem $name "Parameter -$($doc.Name) is documented twice." $path; continue }
            if (-not $model.Parameters.Contains($doc.Name)) {
                if ($script:CommonParameterNames.Contains($doc.Name)) {
                    & $problem $name "Parameter -$($doc.Name) is a common parameter; document it with '### CommonParameters' only." $path
                }
                else {
                    & $problem $name "Parameter -$($doc.Name) is documented but the command has no such parameter." $path
                }
                continue
            }
            $meta = $model.Parameters[$doc.Name]
            if ($meta.Name -cne $doc.Name) { & $problem $name "Parameter heading '-$($doc.Name)' differs in case from the parameter name -$($meta.Name)." $path }
            if (@($doc.Description).Count -eq 0) { & $problem $name "Parameter -$($doc.Name) has no description." $path }
            if ($doc.Yaml.Count -eq 0) { & $problem $name "Parameter -$($doc.Name) has no yaml metadata block." $path; continue }

            $perSet = @{}
            foreach ($s in $meta.PerSet) { $perSet[$s.SetName] = $s }
            $covered = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
            foreach ($y in $doc.Yaml) {
                $v = $y.Values
                $where = "Parameter -$($doc.Name) (yaml at line $($y.Line))"
                $setsText = Get-YamlValue -Yaml $v -Key 'Parameter Sets'
                $targets = @()
                if (-not $setsText -or $setsText.Trim() -eq '(All)') { $targets = @($meta.PerSet) }
                else {
                    foreach ($sn in @($setsText -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
                        if ($perSet.ContainsKey($sn)) { $targets += $perSet[$sn] }
                        else { & $problem $name "$where lists parameter set '$sn', but the parameter is not in that set (its sets: $(@($perSet.Keys | Sort-Object) -join ', '))." $path }
                    }
                }
                foreach ($t in $targets) { [void]$covered.Add($t.SetName) }

                $typeText = Get-YamlValue -Yaml $v -Key 'Type'
                if ($typeText) {
                    $yt = $typeText.Trim()
                    $resolved = $yt -as [type]
                    $ok = ($yt -eq $meta.TypeName) -or ($yt -eq $meta.Type.Name) -or ($yt -eq $meta.Type.FullName) -or
                        ($null -ne $resolved -and ($resolved -eq $meta.Type -or $resolved -eq [Nullable]::GetUnderlyingType($meta.Type)))
                    if (-not $ok) { & $problem $name "$where says 'Type: $yt', but the parameter type is $($meta.TypeName)." $path }
                }

                foreach ($t in $targets) {
                    $setLabel = $(if ($t.SetName -eq '__AllParameterSets') { '' } else { " in parameter set '$($t.SetName)'" })
                    $req = Get-YamlValue -Yaml $v -Key 'Required'
                    if ($null -eq $req) { & $problem $name "$where has no 'Required' value." $path }
                    elseif (($req.Trim() -match '^true$') -ne $t.Mandatory) {
                        & $problem $name "$where says 'Required: $req', but the parameter is $(if ($t.Mandatory) { 'mandatory' } else { 'optional' })$setLabel." $path
                    }
                    $pos = Get-YamlValue -Yaml $v -Key 'Position'
                    if ($null -eq $pos) { & $problem $name "$where has no 'Position' value." $path }
                    elseif ($pos.Trim() -ne $t.Position) {
                        & $problem $name "$where says 'Position: $pos', but the parameter position is $($t.Position)$setLabel." $path
                    }
                    $pipe = Get-YamlValue -Yaml $v -Key 'Accept pipeline input'
                    if ($null -eq $pipe) { & $problem $name "$where has no 'Accept pipeline input' value." $path }
                    else {
                        $yTrue = $pipe -match '^\s*true'
                        $yByValue = $pipe -match 'ByValue'
                        $yByProp = $pipe -match 'ByPropertyName'
                        $metaAny = $t.ByValue -or $t.ByPropertyName
                        $bad = ($yTrue -ne $metaAny)
                        if (-not $bad -and $yTrue -and ($yByValue -or $yByProp)) { $bad = ($yByValue -ne $t.ByValue) -or ($yByProp -ne $t.ByPropertyName) }
                        if ($bad) { & $problem $name "$where says 'Accept pipeline input: $pipe', but the metadata says '$($t.PipelineInput)'$setLabel." $path }
                    }
                }

                $aliasText = Get-YamlValue -Yaml $v -Key 'Aliases'
                if ($null -ne $aliasText) {
                    $yAliases = @($aliasText -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ -and $_ -ne 'None' } | Sort-Object)
                    $mAliases = @($meta.Aliases | Sort-Object)
                    if (($yAliases -join ',') -ne ($mAliases -join ',')) {
                        & $problem $name "$where says 'Aliases: $aliasText', but the parameter aliases are '$($mAliases -join ', ')'." $path
                    }
                }
                $avText = Get-YamlValue -Yaml $v -Key 'Accepted values'
                if ($avText -and $meta.AcceptedValues.Count -gt 0) {
                    $yAv = @($avText -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } | Sort-Object)
                    $mAv = @($meta.AcceptedValues | Sort-Object)
                    if (($yAv -join ',') -ne ($mAv -join ',')) {
                        & $problem $name "$where says 'Accepted values: $avText', but the command accepts '$($mAv -join ', ')'." $path
                    }
                }
            }
            $missingSets = @($perSet.Keys | Where-Object { -not $covered.Contains($_) } | Sort-Object)
            if ($missingSets.Count -gt 0) {
                & $problem $name "Parameter -$($doc.Name) has no yaml block for parameter set(s) $($missingSets -join ', ')." $path
            }
        }
        foreach ($pn in $model.Parameters.Keys) {
            if (-not $seen.Contains($pn)) { & $problem $name "Parameter -$pn is not documented." $path }
        }
    }

    foreach ($n in ($commands.Keys | Sort-Object)) {
        if (-not $documented.Contains($n)) {
            & $problem $n "Exported command '$n' has no help page ($n.md)." (Join-Path $MarkdownPath "$n.md")
        }
    }

    foreach ($f in $files.About) {
        $topic = Read-AboutHelpMarkdown -Path $f.FullName
        $tn = $(if ($topic.Name) { $topic.Name } else { $f.BaseName })
        if (-not $topic.Name) { & $problem $tn "The about page has no '## about_<Name>' line." $f.FullName }
        elseif ($topic.Name -ne $f.BaseName) { & $problem $tn "The about name '$($topic.Name)' does not match the file name '$($f.Name)'." $f.FullName }
        foreach ($s in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
            $sec = @($topic.Sections | Where-Object Title -EQ $s)
            if ($sec.Count -eq 0) { & $problem $tn "The about page has no '# $s' section." $f.FullName }
            elseif (@($sec[0].Tokens | Where-Object { $_.Kind -ne 'Line' -or $_.Text.Trim().Length -gt 0 }).Count -eq 0) {
                & $problem $tn "The about section '# $s' is empty." $f.FullName
            }
        }
        foreach ($ph in $topic.Placeholders) {
            & $problem $tn "Line $($ph.Line) still has placeholder text '$($ph.Text)'." $f.FullName
        }
    }
}

function New-MarkdownHelpPage {
    <#
    .SYNOPSIS
    Scaffolds a PlatyPS schema 2.0.0 page for a command from its Get-Command metadata.
    .DESCRIPTION
    Writes <OutputPath>/<CommandName>.md with SYNTAX and parameter yaml generated from the command and
    "{{ Fill ... }}" placeholders for the prose (Test-MarkdownHelp reports them until replaced).
    .EXAMPLE
    Get-Command -Module GeminiRealtime | New-MarkdownHelpPage -OutputPath ./docs/en-US
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('Name')]
        [string[]]$CommandName,
        [Parameter(Mandatory)][string]$OutputPath,
        [switch]$Force
    )
    begin {
        $OutputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
    }
    process {
        foreach ($cn in $CommandName) {
            $cmd = Get-Command -Name $cn -CommandType Cmdlet, Function -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -eq $cmd) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.ItemNotFoundException]::new("Command '$cn' was not found; import its module first."),
                        'CommandNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $cn))
                continue
            }
            $target = [System.IO.Path]::Combine($OutputPath, "$($cmd.Name).md")
            if ((Test-Path -LiteralPath $target) -and -not $Force) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.IO.IOException]::new("'$target' already exists; use -Force to overwrite it."),
                        'PageExists', [System.Management.Automation.ErrorCategory]::ResourceExists, $target))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($target, 'Write help page')) { continue }
            $text = Format-MarkdownHelpPage -Command $cmd
            if (-not (Test-Path -LiteralPath $OutputPath)) { [void](New-Item -ItemType Directory -Path $OutputPath -Force) }
            [System.IO.File]::WriteAllText($target, $text, [System.Text.UTF8Encoding]::new($false))
            Get-Item -LiteralPath $target
        }
    }
}

function Format-MarkdownHelpPage {
    # Builds the text of a scaffolded page (private helper of New-MarkdownHelpPage).
    param([Parameter(Mandatory)][System.Management.Automation.CommandInfo]$Command)
    $model = Get-CommandHelpModel -Command $Command
    $helpFile = Get-CommandHelpFileName -Command $Command
    if (-not $helpFile -and $Command.ModuleName) { $helpFile = "$($Command.ModuleName)-help.xml" }
    $sb = [System.Text.StringBuilder]::new()
    $nl = "`n"
    $add = { param($s) [void]$sb.Append($s).Append($nl) }

    & $add '---'
    & $add "external help file: $helpFile"
    & $add "Module Name: $($Command.ModuleName)"
    & $add 'online version:'
    & $add 'schema: 2.0.0'
    & $add '---'
    & $add ''
    & $add "# $($Command.Name)"
    & $add ''
    & $add '## SYNOPSIS'
    & $add '{{ Fill in the Synopsis }}'
    & $add ''
    & $add '## SYNTAX'
    foreach ($set in $model.Sets) {
        & $add ''
        $title = $set.Name
        if ($set.IsDefault -and $model.Sets.Count -gt 1) { $title += ' (Default)' }
        & $add "### $title"
        & $add '```'
        $parts = [System.Collections.Generic.List[string]]::new()
        $parts.Add($Command.Name)
        foreach ($p in $set.Parameters) {
            $nameText = "-$($p.Name)"
            if ($p.Position -ne 'named') { $nameText = "[$nameText]" }
            if ($p.IsSwitch) { $piece = $nameText }
            elseif ($p.AcceptedValues.Count -gt 0) { $piece = "$nameText {$(@($p.AcceptedValues) -join ' | ')}" }
            else { $piece = "$nameText <$($p.TypeName)>" }
            if (-not $p.Mandatory) { $piece = "[$piece]" }
            $parts.Add($piece)
        }
        if (Test-HasCommonParameter -Command $Command) { $parts.Add('[<CommonParameters>]') }
        & $add ($parts -join ' ')
        & $add '```'
    }
    & $add ''
    & $add '## DESCRIPTION'
    & $add '{{ Fill in the Description }}'
    & $add ''
    & $add '## EXAMPLES'
    foreach ($n in 1, 2) {
        & $add ''
        & $add "### Example ${n}: {{ Add example title here }}"
        & $add '```powershell'
        & $add '{{ Add example code here }}'
        & $add '```'
        & $add ''
        & $add '{{ Add example description here }}'
    }
    & $add ''
    & $add '## PARAMETERS'
    $order = @($model.Parameters.Values | Where-Object { $_.Name -notin 'WhatIf', 'Confirm' } | Sort-Object Name) +
        @($model.Parameters.Values | Where-Object { $_.Name -in 'Confirm', 'WhatIf' } | Sort-Object Name)
    $allSetNames = @($model.Sets | ForEach-Object Name)
    foreach ($p in $order) {
        & $add ''
        & $add "### -$($p.Name)"
        switch ($p.Name) {
            'WhatIf' { & $add 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
            'Confirm' { & $add 'Prompts you for confirmation before running the cmdlet.' }
            default { & $add "{{ Fill $($p.Name) Description }}" }
        }
        & $add ''
        # One yaml block per distinct per-set metadata, like PlatyPS.
        $groups = [ordered]@{}
        foreach ($s in $p.PerSet) {
            $key = "$($s.Mandatory)|$($s.Position)|$($s.PipelineInput)"
            if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[object]]::new() }
            $groups[$key].Add($s)
        }
        foreach ($g in $groups.Values) {
            $s = $g[0]
            $setNames = @($g | ForEach-Object SetName)
            $setsText = $(if ($setNames -contains '__AllParameterSets' -or ($groups.Count -eq 1 -and $setNames.Count -eq $allSetNames.Count)) { '(All)' } else { $setNames -join ', ' })
            & $add '```yaml'
            & $add "Type: $($p.TypeName)"
            & $add "Parameter Sets: $setsText"
            & $add "Aliases: $(@($p.Aliases) -join ', ')".TrimEnd()
            if ($p.AcceptedValues.Count -gt 0) { & $add "Accepted values: $(@($p.AcceptedValues) -join ', ')" }
            & $add ''
            & $add "Required: $($s.Mandatory)"
            & $add "Position: $(if ($s.Position -eq 'named') { 'Named' } else { $s.Position })"
            & $add "Default value: $(if ($p.IsSwitch) { 'False' } else { 'None' })"
            & $add "Accept pipeline input: $($s.PipelineInput)"
            & $add "Accept wildcard characters: $($p.Globbing)"
            & $add '```'
        }
    }
    if (Test-HasCommonParameter -Command $Command) {
        & $add ''
        & $add '### CommonParameters'
        & $add ('This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, ' +
            '-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, ' +
            'and -WarningVariable. For more information, see ' +
            '[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).')
    }
    & $add ''
    & $add '## INPUTS'
    $inputTypes = @($model.Parameters.Values | Where-Object { $_.ByValue -or $_.ByPropertyName } | ForEach-Object { $_.Type.FullName } | Select-Object -Unique)
    if ($inputTypes.Count -eq 0) { $inputTypes = @('None') }
    foreach ($t in $inputTypes) {
        & $add ''
        & $add "### $t"
        & $add '{{ Fill in the input description }}'
    }
    & $add ''
    & $add '## OUTPUTS'
    $outputTypes = @($Command.OutputType | ForEach-Object { $_.Name } | Select-Object -Unique)
    if ($outputTypes.Count -eq 0) { $outputTypes = @('System.Object') }
    foreach ($t in $outputTypes) {
        & $add ''
        & $add "### $t"
        & $add '{{ Fill in the output description }}'
    }
    & $add ''
    & $add '## NOTES'
    & $add ''
    & $add '## RELATED LINKS'
    $sb.ToString()
}

#endregion

Export-ModuleMember -Function ConvertTo-MamlHelp, ConvertTo-AboutHelpText, Test-MarkdownHelp, New-MarkdownHelpPage
