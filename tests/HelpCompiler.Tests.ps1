#Requires -Version 7.0
<#
    Self-check of tools/HelpCompiler.psm1 against tests/fixtures/help:
    HelpFixture.psm1 (two advanced functions, parameter sets, pipeline input, ValidateSet),
    en-US/Get-FixtureItem.md, en-US/Set-FixtureItem.md, en-US/about_HelpFixture.md.
    The fixture module is copied to $TestDrive/HelpFixture/ and its help compiled into
    $TestDrive/HelpFixture/en-US/, where Get-Help looks for it.

    Run: Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester ./tests/HelpCompiler.Tests.ps1
#>

BeforeAll {
    $script:RepoRoot = Split-Path -Parent $PSScriptRoot
    $script:FixtureRoot = Join-Path $PSScriptRoot 'fixtures' 'help'
    $script:FixtureDocs = Join-Path $script:FixtureRoot 'en-US'
    Import-Module (Join-Path $script:RepoRoot 'tools' 'HelpCompiler.psm1') -Force

    $script:ModuleDir = Join-Path $TestDrive 'HelpFixture'
    $script:HelpDir = Join-Path $script:ModuleDir 'en-US'
    New-Item -ItemType Directory -Path $script:ModuleDir -Force | Out-Null
    Copy-Item -LiteralPath (Join-Path $script:FixtureRoot 'HelpFixture.psm1') -Destination $script:ModuleDir
    Get-Module HelpFixture | Remove-Module -Force
    Import-Module (Join-Path $script:ModuleDir 'HelpFixture.psm1') -Force

    $script:MamlFiles = @(ConvertTo-MamlHelp -MarkdownPath $script:FixtureDocs -ModuleName HelpFixture -OutputPath $script:HelpDir)
    $script:AboutFiles = @(ConvertTo-AboutHelpText -MarkdownPath $script:FixtureDocs -OutputPath $script:HelpDir)

    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters

    # Copies the fixture pages to $TestDrive/<Name>, applies exact-text edits (failing loudly when the
    # text to edit is not in the fixture, so a stale test can't pass by editing nothing), removes/adds files.
    function New-MutatedDocs {
        param(
            [Parameter(Mandatory)][string]$Name,
            [hashtable[]]$Edit = @(),
            [string[]]$RemoveFile = @(),
            [hashtable]$AddFile = @{}
        )
        $dir = Join-Path $TestDrive "docs-$Name"
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
        Copy-Item -LiteralPath $script:FixtureDocs -Destination $dir -Recurse
        foreach ($e in $Edit) {
            $path = Join-Path $dir $e.File
            $text = [IO.File]::ReadAllText($path).Replace("`r`n", "`n")
            if (-not $text.Contains($e.Find)) { throw "Test setup: '$($e.Find)' is not in $($e.File); update the test to match the fixture." }
            [IO.File]::WriteAllText($path, $text.Replace($e.Find, $e.Replace))
        }
        foreach ($f in $RemoveFile) { Remove-Item -LiteralPath (Join-Path $dir $f) }
        foreach ($k in $AddFile.Keys) { [IO.File]::WriteAllText((Join-Path $dir $k), $AddFile[$k]) }
        $dir
    }

    function Get-MamlDocument {
        $xml = [xml][IO.File]::ReadAllText($script:MamlFiles[0].FullName)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        @{ Xml = $xml; Ns = $ns }
    }
}

AfterAll {
    Get-Module HelpFixture, HelpCompiler | Remove-Module -Force -ErrorAction SilentlyContinue
}

Describe 'Test-MarkdownHelp' {
    It 'finds no problem in the fixture pages' {
        $problems = @(Test-MarkdownHelp -MarkdownPath $script:FixtureDocs -ModuleName HelpFixture)
        ($problems | ForEach-Object { "$($_.Command): $($_.Problem)" }) -join "`n" | Should -BeNullOrEmpty
    }

    It 'fails when the module is not imported' {
        { Test-MarkdownHelp -MarkdownPath $script:FixtureDocs -ModuleName NoSuchModule123 } | Should -Throw '*is not imported*'
    }

    It 'reports: <Case>' -ForEach @(
        @{ Case = 'missing SYNOPSIS'; Command = 'Get-FixtureItem'; Expect = "*required section '## SYNOPSIS' is missing*"
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = "## SYNOPSIS`nGets fixture items by name or by id.`n"; Replace = '' }) }
        @{ Case = 'missing INPUTS'; Command = 'Set-FixtureItem'; Expect = "*required section '## INPUTS' is missing*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "## INPUTS`n`n### System.Management.Automation.PSObject`nItems from Get-FixtureItem.`n"; Replace = '' }) }
        @{ Case = 'empty DESCRIPTION'; Command = 'Set-FixtureItem'; Expect = "*'## DESCRIPTION' is empty*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "The ``Set-FixtureItem`` function adds a Value property to each piped item, or clears it with`n**-Clear**.`n"; Replace = '' }) }
        @{ Case = 'fewer than two examples'; Command = 'Get-FixtureItem'; Expect = '*has 1 example(s); at least 2 are required*'
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = '### Example 2: Pipe ids'; Replace = 'Piping ids:' }) }
        @{ Case = 'example without code'; Command = 'Set-FixtureItem'; Expect = "*Example 'Example 2: Clear a value'*has no fenced powershell code block*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "``````powershell`nGet-FixtureItem -Id 3 | Set-FixtureItem -Clear -Priority High`n``````"; Replace = 'Run it with -Clear.' }) }
        @{ Case = 'placeholder text'; Command = 'Set-FixtureItem'; Expect = "*placeholder text '{{ Fill Value Description }}'*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "### -Value`nThe new value."; Replace = "### -Value`n{{ Fill Value Description }}" }) }
        @{ Case = 'parameter without description'; Command = 'Set-FixtureItem'; Expect = '*Parameter -Value has no description*'
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "### -Value`nThe new value.`n"; Replace = "### -Value`n" }) }
        @{ Case = 'documented parameter the command lacks'; Command = 'Get-FixtureItem'; Expect = '*Parameter -Bogus is documented but the command has no such parameter*'
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = '### CommonParameters'; Replace = "### -Bogus`nNot a parameter.`n`n``````yaml`nType: String`nParameter Sets: (All)`nAliases:`n`nRequired: False`nPosition: Named`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n```````n`n### CommonParameters" }) }
        @{ Case = 'undocumented parameter'; Command = 'Get-FixtureItem'; Expect = '*Parameter -Color is not documented*'
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = "### -Color`nColour stamped on each returned item.`n`n``````yaml`nType: String`nParameter Sets: (All)`nAliases:`nAccepted values: Red, Green, Blue`n`nRequired: False`nPosition: Named`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n```````n"; Replace = '' }) }
        @{ Case = 'Required contradicting Mandatory'; Command = 'Get-FixtureItem'; Expect = "*Parameter -Id*says 'Required: False', but the parameter is mandatory in parameter set 'ById'*"
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = "Parameter Sets: ById`nAliases:`n`nRequired: True"; Replace = "Parameter Sets: ById`nAliases:`n`nRequired: False" }) }
        @{ Case = 'Position contradicting metadata'; Command = 'Set-FixtureItem'; Expect = "*Parameter -Value*says 'Position: 2', but the parameter position is 1*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = "Required: True`nPosition: 1"; Replace = "Required: True`nPosition: 2" }) }
        @{ Case = 'pipeline input contradicting metadata'; Command = 'Set-FixtureItem'; Expect = "*Parameter -InputObject*says 'Accept pipeline input: False', but the metadata says 'True (ByValue)'*"
            Edit = @(@{ File = 'Set-FixtureItem.md'; Find = 'Accept pipeline input: True (ByValue)'; Replace = 'Accept pipeline input: False' }) }
        @{ Case = 'pipeline kind contradicting metadata'; Command = 'Get-FixtureItem'; Expect = "*Parameter -Id*says 'Accept pipeline input: True (ByValue)', but the metadata says 'True (ByPropertyName)'*"
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = "Default value: None`nAccept pipeline input: True (ByPropertyName)"; Replace = "Default value: None`nAccept pipeline input: True (ByValue)" }) }
        @{ Case = 'unknown parameter set'; Command = 'Get-FixtureItem'; Expect = "*lists parameter set 'ByName', but the parameter is not in that set*"
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = "Type: Int32`nParameter Sets: ById"; Replace = "Type: Int32`nParameter Sets: ByName" }) }
        @{ Case = 'wrong external help file'; Command = 'Get-FixtureItem'; Expect = "*'external help file: Other-help.xml', but Get-Help reads 'HelpFixture-help.xml'*"
            Edit = @(@{ File = 'Get-FixtureItem.md'; Find = 'external help file: HelpFixture-help.xml'; Replace = 'external help file: Other-help.xml' }) }
        @{ Case = 'exported command without a page'; Command = 'Set-FixtureItem'; Expect = "*Exported command 'Set-FixtureItem' has no help page*"
            RemoveFile = @('Set-FixtureItem.md') }
        @{ Case = 'page without a command'; Command = 'Get-Nothing'; Expect = "*module 'HelpFixture' exports no such command*"
            AddFile = @{ 'Get-Nothing.md' = "---`nexternal help file: HelpFixture-help.xml`nModule Name: HelpFixture`nonline version:`nschema: 2.0.0`n---`n`n# Get-Nothing`n`n## SYNOPSIS`nNothing.`n" } }
        @{ Case = 'about page without SHORT DESCRIPTION'; Command = 'about_HelpFixture'; Expect = "*no '# SHORT DESCRIPTION' section*"
            Edit = @(@{ File = 'about_HelpFixture.md'; Find = "# SHORT DESCRIPTION`nExplains the HelpFixture module that the help compiler tests build help for.`n"; Replace = '' }) }
    ) {
        $p = @{ Name = ($Case -replace '\W', '-') }
        if ($Edit) { $p.Edit = $Edit }
        if ($RemoveFile) { $p.RemoveFile = $RemoveFile }
        if ($AddFile) { $p.AddFile = $AddFile }
        $dir = New-MutatedDocs @p
        $problems = @(Test-MarkdownHelp -MarkdownPath $dir -ModuleName HelpFixture)
        $matching = @($problems | Where-Object { $_.Command -eq $Command -and $_.Problem -like $Expect })
        $all = ($problems | ForEach-Object { "$($_.Command): $($_.Problem)" }) -join "`n"
        $matching.Count | Should -BeGreaterThan 0 -Because "a problem like '$Expect' for $Command is expected; got:`n$all"
    }
}

Describe 'ConvertTo-MamlHelp' {
    It 'writes one MAML file named by the pages'' external help file, in en-US' {
        $script:MamlFiles.Count | Should -Be 1
        $script:MamlFiles[0].Name | Should -BeExactly 'HelpFixture-help.xml'
        $script:MamlFiles[0].Directory.Name | Should -BeExactly 'en-US'
    }

    It 'writes UTF-8 MAML with the helpItems root and namespaces Get-Help reads' {
        $bytes = [IO.File]::ReadAllBytes($script:MamlFiles[0].FullName)
        { [System.Text.UTF8Encoding]::new($false, $true).GetString($bytes) } | Should -Not -Throw
        $d = Get-MamlDocument
        $d.Xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $d.Xml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $d.Xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        $names = @($d.Xml.SelectNodes('/msh:helpItems/command:command/command:details/command:name', $d.Ns) | ForEach-Object InnerText)
        $names | Should -Be @('Get-FixtureItem', 'Set-FixtureItem')
        [IO.File]::ReadAllText($script:MamlFiles[0].FullName) | Should -Match "`n    <command:details>"
    }

    It '<_> has one syntaxItem per parameter set, default set first, parameters from metadata' -ForEach 'Get-FixtureItem', 'Set-FixtureItem' {
        $d = Get-MamlDocument
        $cmd = Get-Command $_
        $items = @($d.Xml.SelectNodes("//command:command[command:details/command:name='$_']/command:syntax/command:syntaxItem", $d.Ns))
        $items.Count | Should -Be $cmd.ParameterSets.Count
        $sets = @($cmd.ParameterSets | Where-Object IsDefault) + @($cmd.ParameterSets | Where-Object { -not $_.IsDefault })
        for ($i = 0; $i -lt $sets.Count; $i++) {
            $expected = @($sets[$i].Parameters | Where-Object { $_.Name -notin $script:Common } | ForEach-Object Name | Sort-Object)
            $actual = @($items[$i].SelectNodes('command:parameter/maml:name', $d.Ns) | ForEach-Object InnerText | Sort-Object)
            $actual | Should -Be $expected -Because "syntax item $i should be parameter set '$($sets[$i].Name)'"
            foreach ($p in ($sets[$i].Parameters | Where-Object { $_.Name -notin $script:Common })) {
                $node = $items[$i].SelectSingleNode("command:parameter[maml:name='$($p.Name)']", $d.Ns)
                $node.GetAttribute('required') | Should -Be $p.IsMandatory.ToString().ToLowerInvariant() -Because "-$($p.Name) in set $($sets[$i].Name)"
                $node.GetAttribute('position') | Should -Be $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' })
            }
        }
    }

    It 'takes pipeline input, aliases, wildcards and ValidateSet values from metadata, defaults from markdown' {
        $d = Get-MamlDocument
        $name = $d.Xml.SelectSingleNode("//command:command[command:details/command:name='Get-FixtureItem']/command:parameters/command:parameter[maml:name='Name']", $d.Ns)
        $name.GetAttribute('pipelineInput') | Should -Be 'True (ByPropertyName, ByValue)'
        $name.GetAttribute('aliases') | Should -Be 'ItemName'
        $name.GetAttribute('globbing') | Should -Be 'true'
        $name.SelectSingleNode('dev:defaultValue', $d.Ns).InnerText | Should -Be '*'
        $name.SelectSingleNode('command:parameterValue', $d.Ns).InnerText | Should -Be 'String[]'
        $color = $d.Xml.SelectSingleNode("//command:command[command:details/command:name='Get-FixtureItem']/command:parameters/command:parameter[maml:name='Color']", $d.Ns)
        @($color.SelectNodes('command:parameterValueGroup/command:parameterValue', $d.Ns) | ForEach-Object InnerText) | Should -Be @('Red', 'Green', 'Blue')
        $prio = $d.Xml.SelectSingleNode("//command:command[command:details/command:name='Set-FixtureItem']/command:parameters/command:parameter[maml:name='Priority']", $d.Ns)
        $prio.SelectSingleNode('dev:defaultValue', $d.Ns).InnerText | Should -Be 'Low'
    }

    It 'writes examples with the banner title, code and remarks' {
        $d = Get-MamlDocument
        $ex = @($d.Xml.SelectNodes("//command:command[command:details/command:name='Get-FixtureItem']/command:examples/command:example", $d.Ns))
        $ex.Count | Should -Be 2
        $ex[0].SelectSingleNode('maml:title', $d.Ns).InnerText | Should -BeExactly '---------- Example 1: Get items by name ----------'
        $ex[0].SelectSingleNode('dev:code', $d.Ns).InnerText | Should -BeExactly 'Get-FixtureItem -Name alpha, beta'
        ($ex[0].SelectNodes('dev:remarks/maml:para', $d.Ns) | ForEach-Object InnerText) -join '|' | Should -Match 'Gets two items by name\.'
    }

    It 'writes inputs, outputs, notes and related links' {
        $d = Get-MamlDocument
        $c = $d.Xml.SelectSingleNode("//command:command[command:details/command:name='Get-FixtureItem']", $d.Ns)
        @($c.SelectNodes('command:inputTypes/command:inputType/dev:type/maml:name', $d.Ns) | ForEach-Object InnerText) | Should -Be @('System.String[]', 'System.Int32')
        $c.SelectSingleNode('command:returnValues/command:returnValue/dev:type/maml:name', $d.Ns).InnerText | Should -Be 'System.Management.Automation.PSObject'
        $c.SelectSingleNode('maml:alertSet/maml:alert/maml:para', $d.Ns).InnerText | Should -Be 'Fixture items are not stored anywhere.'
        $links = @($c.SelectNodes('command:relatedLinks/maml:navigationLink', $d.Ns))
        $links[0].SelectSingleNode('maml:uri', $d.Ns).InnerText | Should -Be 'https://example.invalid/helpfixture/get-fixtureitem'
        @($links | ForEach-Object { $_.SelectSingleNode('maml:linkText', $d.Ns).InnerText }) | Should -Contain 'Set-FixtureItem'
    }
}

Describe 'Get-Help reads the compiled MAML' {
    It '<_> shows the synopsis and description from markdown, not auto-generated help' -ForEach 'Get-FixtureItem', 'Set-FixtureItem' {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike '*`[<CommonParameters>`]*'
        $page = [IO.File]::ReadAllText((Join-Path $script:FixtureDocs "$_.md"))
        $page -match '(?s)## SYNOPSIS\r?\n(.+?)\r?\n' | Should -BeTrue
        $help.Synopsis | Should -BeExactly $Matches[1].Trim()
        ($help.description | ForEach-Object Text) -join ' ' | Should -Match "The ``$_`` function"
    }

    It 'Get-FixtureItem -Full shows parameter descriptions, metadata and examples' {
        $help = Get-Help Get-FixtureItem -Full
        $params = @{}
        foreach ($p in $help.parameters.parameter) { $params[$p.name] = $p }
        @($params.Keys | Sort-Object) | Should -Be @('Color', 'Id', 'Name')
        ($params['Name'].description | ForEach-Object Text) -join ' ' | Should -Be 'Names of the items to get. Wildcard characters are permitted.'
        ($params['Id'].description | ForEach-Object Text) -join ' ' | Should -Be 'Numeric id of the item to get.'
        $params['Id'].required | Should -Be 'true'
        $params['Name'].position | Should -Be '0'
        $params['Name'].defaultValue | Should -Be '*'
        @($help.examples.example).Count | Should -Be 2
        $help.examples.example[1].code | Should -BeExactly '[pscustomobject]@{ Id = 7 } | Get-FixtureItem -Color Red'
        $text = $help | Out-String -Width 200
        $text | Should -Match ([regex]::Escape('Get-FixtureItem [[-Name] <String[]>] [-Color {Red | Green | Blue}] [<CommonParameters>]'))
        $text | Should -Match ([regex]::Escape('Get-FixtureItem -Id <Int32> [-Color {Red | Green | Blue}] [<CommonParameters>]'))
        $text | Should -Match '---------- Example 1: Get items by name ----------'
    }

    It '<_>: every help parameter has a description and required = mandatory in some set' -ForEach 'Get-FixtureItem', 'Set-FixtureItem' {
        $cmd = Get-Command $_
        foreach ($p in (Get-Help $_ -Full).parameters.parameter) {
            $cmd.Parameters.ContainsKey($p.name) | Should -BeTrue -Because "help lists -$($p.name)"
            ($p.description | ForEach-Object Text) -join '' | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description"
            $mandatory = @($cmd.Parameters[$p.name].ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
            $p.required | Should -Be $mandatory.ToString().ToLowerInvariant() -Because "-$($p.name) required"
        }
    }

    It 'Get-Help -Parameter shows one parameter''s description' {
        (Get-Help Set-FixtureItem -Parameter Priority | Out-String) | Should -Match 'How urgently to apply the change\.'
    }
}

Describe 'ConvertTo-AboutHelpText' {
    BeforeAll {
        $script:AboutPath = Join-Path $script:HelpDir 'about_HelpFixture.help.txt'
        $script:AboutText = [IO.File]::ReadAllText($script:AboutPath)
        $script:AboutLines = $script:AboutText -split "`n"
    }

    It 'writes about_HelpFixture.help.txt into en-US' {
        @($script:AboutFiles | ForEach-Object Name) | Should -Be @('about_HelpFixture.help.txt')
        Test-Path -LiteralPath $script:AboutPath | Should -BeTrue
    }

    It 'uses the TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION layout' {
        $script:AboutLines[0] | Should -BeExactly 'TOPIC'
        $script:AboutLines[1] | Should -BeExactly '    about_HelpFixture'
        $i = [array]::IndexOf($script:AboutLines, 'SHORT DESCRIPTION')
        $i | Should -BeGreaterThan 1
        $script:AboutLines[$i + 1] | Should -BeExactly '    Explains the HelpFixture module that the help compiler tests build help for.'
        $script:AboutLines | Should -Contain 'LONG DESCRIPTION'
        $script:AboutLines | Should -Contain 'SEE ALSO'
        $script:AboutLines | Should -Contain '  Getting items'
        $script:AboutText | Should -Not -Match '\*\*|\]\('
    }

    It 'wraps prose at 80 columns' {
        foreach ($l in $script:AboutLines) {
            if ($l.StartsWith('        ')) { continue } # code
            if ($l.Trim() -notmatch '\s') { continue }  # a single unbreakable word
            $l.Length | Should -BeLessOrEqual 80 -Because "line '$l'"
        }
        $script:AboutText | Should -Match '(?m)^    HelpFixture is a tiny script module with two advanced functions,$'
    }

    It 'keeps every item of a numbered list, in order' {
        $first = [array]::IndexOf($script:AboutLines, '    1. get the items first')
        $first | Should -BeGreaterThan 0
        $script:AboutLines[$first + 1] | Should -BeExactly '    2. pipe them to Set-FixtureItem'
    }

    It 'keeps code blocks verbatim and indented' {
        $script:AboutLines | Should -Contain "        Get-FixtureItem -Name alpha, beta | Set-FixtureItem -Value 'this code line is deliberately longer than eighty columns'"
        $script:AboutLines | Should -Contain '        Get-FixtureItem -Id 3 | Set-FixtureItem -Clear'
    }

    It 'is found by Get-Help about_HelpFixture' {
        $topic = Get-Help about_HelpFixture | Out-String
        $topic | Should -Match 'SHORT DESCRIPTION'
        $topic | Should -Match 'Explains the HelpFixture module'
    }
}

Describe 'New-MarkdownHelpPage' {
    BeforeAll {
        $script:ScaffoldDir = Join-Path $TestDrive 'scaffold'
        $script:Scaffolded = @(Get-Command -Module HelpFixture | New-MarkdownHelpPage -OutputPath $script:ScaffoldDir)
    }

    It 'writes one schema 2.0.0 page per command' {
        @($script:Scaffolded | ForEach-Object Name | Sort-Object) | Should -Be @('Get-FixtureItem.md', 'Set-FixtureItem.md')
        $text = [IO.File]::ReadAllText((Join-Path $script:ScaffoldDir 'Get-FixtureItem.md'))
        $text | Should -Match '(?m)^schema: 2\.0\.0$'
        $text | Should -Match '(?m)^external help file: HelpFixture-help\.xml$'
        $text | Should -Match '(?m)^### ByName \(Default\)$'
        $text | Should -Match ([regex]::Escape('Get-FixtureItem -Id <Int32> [-Color {Red | Green | Blue}] [<CommonParameters>]'))
        $text | Should -Match "(?s)### -Id\n.*?Parameter Sets: ById\n.*?Required: True\n.*?Accept pipeline input: True \(ByPropertyName\)"
    }

    It 'leaves only placeholder problems: the generated metadata agrees with the command' {
        $problems = @(Test-MarkdownHelp -MarkdownPath $script:ScaffoldDir -ModuleName HelpFixture)
        @($problems | Where-Object Problem -Like '*placeholder*').Count | Should -BeGreaterThan 0
        $other = @($problems | Where-Object { $_.Problem -notlike '*placeholder*' })
        ($other | ForEach-Object { "$($_.Command): $($_.Problem)" }) -join "`n" | Should -BeNullOrEmpty
    }

    It 'compiles to MAML that Get-Help can list parameters from' {
        $out = Join-Path $TestDrive 'scaffold-out'
        $files = @(ConvertTo-MamlHelp -MarkdownPath $script:ScaffoldDir -ModuleName HelpFixture -OutputPath $out)
        $files.Count | Should -Be 1
        $xml = [xml][IO.File]::ReadAllText($files[0].FullName)
        $xml.helpItems.command.Count | Should -Be 2
    }

    It 'does not overwrite an existing page without -Force' {
        $err = $null
        $r = New-MarkdownHelpPage -CommandName Get-FixtureItem -OutputPath $script:ScaffoldDir -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PageExists*'
        New-MarkdownHelpPage -CommandName Get-FixtureItem -OutputPath $script:ScaffoldDir -Force | Should -Not -BeNullOrEmpty
    }
}
