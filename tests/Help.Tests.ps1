#Requires -Version 7.0
<#
    Help completeness of the BUILT module, as users see it (Get-Help), plus the markdown sources.

    Needs out/GeminiRealtime/GeminiRealtime.psd1 with its compiled help in out/GeminiRealtime/en-US
    (build.ps1 builds it: ConvertTo-MamlHelp + ConvertTo-AboutHelpText from tools/HelpCompiler.psm1).
    Without the build every test fails with a message saying so.

    Run: Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester ./tests/Help.Tests.ps1
#>

BeforeDiscovery {
    $repoRoot = Split-Path -Parent $PSScriptRoot
    $manifest = if ($env:GEMINIREALTIME_MODULE) { $env:GEMINIREALTIME_MODULE } else { [IO.Path]::Combine($repoRoot, 'out', 'GeminiRealtime', 'GeminiRealtime.psd1') }
    $commandCases = @()
    if (Test-Path -LiteralPath $manifest) {
        $imported = Import-Module $manifest -Force -PassThru -ErrorAction SilentlyContinue
        if ($imported) {
            $commandCases = @(Get-Command -Module GeminiRealtime -CommandType Cmdlet, Function |
                    Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
        }
    }
    if ($commandCases.Count -eq 0) {
        # Keep the per-command tests visible (and failing) instead of letting them vanish.
        $commandCases = @(@{ Name = '(no exported commands: build out/GeminiRealtime first)' })
    }
    $aboutCases = @(@{ Topic = 'about_GeminiRealtime' }, @{ Topic = 'about_GeminiRealtime_Emulator' })
}

BeforeAll {
    $script:RepoRoot = Split-Path -Parent $PSScriptRoot
    $script:Manifest = if ($env:GEMINIREALTIME_MODULE) { $env:GEMINIREALTIME_MODULE } else { [IO.Path]::Combine($script:RepoRoot, 'out', 'GeminiRealtime', 'GeminiRealtime.psd1') }
    $script:Docs = [IO.Path]::Combine($script:RepoRoot, 'docs', 'en-US')
    if (-not (Test-Path -LiteralPath $script:Manifest)) {
        throw "The built module was not found at '$script:Manifest'. Build it first (dotnet pwsh ./build.ps1); these tests check the built layout and its compiled en-US help."
    }
    $script:Module = Import-Module $script:Manifest -Force -PassThru -ErrorAction Stop
    Import-Module ([IO.Path]::Combine($script:RepoRoot, 'tools', 'HelpCompiler.psm1')) -Force
    $script:Commands = @(Get-Command -Module GeminiRealtime -CommandType Cmdlet, Function | Sort-Object Name)
    $script:CommandNames = @($script:Commands | ForEach-Object Name)
    $script:Problems = @(Test-MarkdownHelp -MarkdownPath $script:Docs -ModuleName GeminiRealtime)
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters
    $script:HelpDir = Join-Path $script:Module.ModuleBase 'en-US'

    function Format-Problem([object[]]$Problem) {
        ($Problem | ForEach-Object { "$($_.Command): $($_.Problem)" }) -join "`n"
    }
}

AfterAll {
    Get-Module GeminiRealtime, HelpCompiler | Remove-Module -Force -ErrorAction SilentlyContinue
}

Describe 'GeminiRealtime module help' {
    It 'is tested against the built module in out/GeminiRealtime' {
        $script:Module | Should -Not -BeNullOrEmpty
        $script:Module.Name | Should -Be 'GeminiRealtime'
        $script:Commands.Count | Should -BeGreaterThan 0 -Because 'the module must export its commands'
    }

    Context 'Markdown pages (docs/en-US)' {
        It '<Name> has a complete page that agrees with its metadata' -ForEach $commandCases {
            $script:CommandNames | Should -Contain $Name
            Format-Problem @($script:Problems | Where-Object Command -EQ $Name) | Should -BeNullOrEmpty
        }

        It 'has no page without a command and no incomplete about topic' {
            Format-Problem @($script:Problems | Where-Object { $_.Command -notin $script:CommandNames }) | Should -BeNullOrEmpty
        }
    }

    Context 'Get-Help <Name>' -ForEach $commandCases {
        BeforeAll {
            $script:Help = $null
            if ($Name -in $script:CommandNames) { $script:Help = Get-Help $Name -Full -ErrorAction Stop }
            $script:Cmd = Get-Command $Name -ErrorAction SilentlyContinue
        }

        It 'is compiled help, not auto-generated (synopsis and description)' {
            $script:Help | Should -Not -BeNullOrEmpty -Because "$Name must be an exported command"
            $script:Help.Synopsis | Should -Not -BeNullOrEmpty
            $script:Help.Synopsis | Should -Not -BeLike '*`[<CommonParameters>`]*' -Because 'auto-generated help repeats the syntax as synopsis'
            $script:Help.Synopsis.Trim() | Should -Not -Be $Name
            (@($script:Help.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least two examples with code' {
            $examples = @($script:Help.examples.example)
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($e in $examples) { ([string]$e.code).Trim() | Should -Not -BeNullOrEmpty -Because "$($e.title) needs code" }
        }

        It 'describes every parameter; required matches IsMandatory; lists no parameter the command lacks' {
            $helpParams = @($script:Help.parameters.parameter | Where-Object { $_ })
            $helpNames = @($helpParams | ForEach-Object name)
            foreach ($p in $helpParams) {
                $script:Cmd.Parameters.ContainsKey($p.name) | Should -BeTrue -Because "help lists -$($p.name), which $Name does not have"
                (@($p.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description"
                # Mandatory in any parameter set => required (the compiler's merged view).
                $mandatory = @($script:Cmd.Parameters[$p.name].ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
                $p.required | Should -Be $mandatory.ToString().ToLowerInvariant() -Because "-$($p.name) IsMandatory is $mandatory"
            }
            foreach ($name in $script:Cmd.Parameters.Keys) {
                if ($name -in $script:Common) { continue }
                $helpNames | Should -Contain $name -Because "help must document -$name"
            }
        }

        It 'uses an approved verb' {
            $verb = ($Name -split '-', 2)[0]
            @(Get-Verb | ForEach-Object Verb) | Should -Contain $verb -Because "$Name must use an approved verb (Get-Verb)"
        }
    }

    Context 'Help files in the built module' {
        It 'ships MAML named after the cmdlet DLL (DLL name + -Help.xml) in a folder named exactly en-US' {
            $cmdlets = @($script:Commands | Where-Object CommandType -EQ 'Cmdlet')
            $cmdlets.Count | Should -BeGreaterThan 0
            $cultureDirs = @(Get-ChildItem -LiteralPath $script:Module.ModuleBase -Directory | Where-Object Name -EQ 'en-US')
            @($cultureDirs | ForEach-Object Name) | Should -BeExactly @('en-US') -Because 'Get-Help on Linux only finds help in en-US with this exact casing'
            $present = @(Get-ChildItem -LiteralPath $script:HelpDir -File | ForEach-Object Name)
            $dlls = @($cmdlets | ForEach-Object { [IO.Path]::GetFileName($_.ImplementingType.Assembly.Location) } | Sort-Object -Unique)
            foreach ($dll in $dlls) {
                $present | Should -Contain "$dll-Help.xml" -Because "cmdlets in $dll read their help from en-US/$dll-Help.xml (case-sensitive)"
                $present -ccontains "$dll-Help.xml" | Should -BeTrue -Because "the file name must match '$dll-Help.xml' exactly"
            }
            foreach ($c in $cmdlets) {
                # HelpFile is the bare name before Get-Help resolves it and a full path afterwards.
                $expected = [IO.Path]::GetFileName($c.ImplementingType.Assembly.Location) + '-Help.xml'
                [IO.Path]::GetFileName($c.HelpFile) | Should -BeExactly $expected -Because "$($c.Name) reads its help from $expected"
            }
        }

        It 'Get-Help <Topic> returns the topic' -ForEach $aboutCases {
            Test-Path -LiteralPath (Join-Path $script:HelpDir "$Topic.help.txt") | Should -BeTrue -Because "en-US/$Topic.help.txt must ship"
            $text = Get-Help $Topic -ErrorAction Stop | Out-String
            $text | Should -Match "(?m)^\s+$Topic\s*$"
            $text | Should -Match 'SHORT DESCRIPTION'
            $text | Should -Match 'LONG DESCRIPTION'
        }
    }
}
