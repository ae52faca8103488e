#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
<#
    PowerShell conventions over EVERY exported cmdlet of the built module (new cmdlets are checked automatically):
    approved verbs, [OutputType], -WhatIf/-Confirm exactly on cmdlets that send or change something, -PassThru
    consistency, -Session from the pipeline, completers, format views for what cmdlets return, an explicit manifest.
#>

BeforeDiscovery {
    $manifest = if ($env:GEMINIREALTIME_MODULE) { $env:GEMINIREALTIME_MODULE } else { Join-Path $PSScriptRoot '../out/GeminiRealtime/GeminiRealtime.psd1' }
    $cases = @()
    if (Test-Path -LiteralPath $manifest) {
        $m = Import-Module $manifest -Force -PassThru -ErrorAction SilentlyContinue
        if ($m) { $cases = @($m.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } }) }
    }
    if ($cases.Count -eq 0) { $cases = @(@{ Name = '(module not built)' }) }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:Module = Get-Module GeminiRealtime
    # Verbs whose cmdlets only read or wait: never -WhatIf/-Confirm, never -PassThru.
    $script:ReadVerbs = 'Get', 'Receive', 'Wait', 'Test', 'Find', 'Measure', 'Read', 'Search', 'Show', 'Watch', 'Resolve', 'Compare'
    # Cmdlets that send or change something but deliberately have no ShouldProcess, with the reason.
    $script:NoShouldProcess = @{
        'Start-GeminiChat' = 'interactive: the user types every line that is sent; a confirmation per line would be noise'
        'Import-GeminiTranscript' = 'reads a file and returns objects; it sends and changes nothing'
    }
    # Verbs that usually return nothing: with ShouldProcess they must offer -PassThru.
    $script:QuietVerbs = 'Disconnect', 'Stop', 'Remove', 'Unregister', 'Set', 'Clear', 'Reset', 'Close', 'Save', 'Add', 'Register'
}

Describe 'Cmdlet conventions: <Name>' -ForEach $cases {
    BeforeAll {
        $script:Cmd = Get-Command $Name -Module GeminiRealtime -ErrorAction SilentlyContinue
        $script:Verb = ($Name -split '-', 2)[0]
        $script:Type = $script:Cmd.ImplementingType
        $script:Attr = if ($script:Type) { [System.Management.Automation.CmdletAttribute]::GetCustomAttribute($script:Type, [System.Management.Automation.CmdletAttribute]) }
    }

    It 'is an exported cmdlet with an approved verb' {
        $script:Cmd | Should -Not -BeNullOrEmpty
        @(Get-Verb | ForEach-Object Verb) | Should -Contain $script:Verb
    }

    It 'declares [OutputType]' {
        @($script:Cmd.OutputType).Count | Should -BeGreaterThan 0 -Because "$Name must say what it returns"
    }

    It 'has -WhatIf/-Confirm exactly when it sends or changes something' {
        $supports = [bool]$script:Attr.SupportsShouldProcess
        if ($script:Verb -in $script:ReadVerbs) {
            $supports | Should -BeFalse -Because "$Name only reads or waits"
        }
        elseif ($script:NoShouldProcess.ContainsKey($Name)) {
            $supports | Should -BeFalse -Because $script:NoShouldProcess[$Name]
        }
        else {
            $supports | Should -BeTrue -Because "$Name sends or changes something ($($script:Verb)): add SupportsShouldProcess, or list it with a reason in `$NoShouldProcess"
            $script:Attr.ConfirmImpact | Should -Not -Be 'None'
        }
    }

    It 'uses -PassThru consistently' {
        $hasPassThru = $script:Cmd.Parameters.ContainsKey('PassThru')
        if ($script:Verb -in $script:ReadVerbs) { $hasPassThru | Should -BeFalse -Because 'reading cmdlets return their objects anyway' }
        if ($hasPassThru) { $script:Cmd.Parameters['PassThru'].ParameterType | Should -Be ([switch]) }
        if ($script:Attr.SupportsShouldProcess -and $script:Verb -in $script:QuietVerbs) {
            $hasPassThru | Should -BeTrue -Because "$Name returns nothing by default, so -PassThru must be available"
        }
    }

    It 'takes -Session from the pipeline and completes it' {
        $p = $script:Cmd.Parameters['Session']
        if (-not $p -or $p.ParameterType -notin [GeminiRealtime.Session.IGeminiSession], [GeminiRealtime.Session.IGeminiSession[]]) {
            return # no -Session: nothing to check
        }
        $pipeline = @($p.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
        $pipeline.Count | Should -BeGreaterThan 0 -Because '-Session must bind from the pipeline'
        @($p.Attributes | Where-Object { $_ -is [ArgumentCompleter] -and $_.Type.Name -eq 'SessionCompleter' }).Count | Should -Be 1
    }

    It 'has a default format view for every type it returns' {
        foreach ($t in @($script:Cmd.OutputType)) {
            $name = if ($t.Type) { $t.Type.FullName } else { $t.Name }
            if ($name -notlike 'GeminiRealtime.*') { continue }
            @(Get-FormatData -TypeName $name).Count | Should -BeGreaterThan 0 -Because "$name needs a view in GeminiRealtime.format.ps1xml"
        }
    }
}

Describe 'Manifest' {
    BeforeAll { $script:Data = Import-PowerShellDataFile -LiteralPath (Join-Path $script:Module.ModuleBase 'GeminiRealtime.psd1') }

    It 'lists exactly what the module exports, without wildcards' {
        foreach ($k in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $script:Data.ContainsKey($k) | Should -BeTrue -Because "$k must be explicit (an absent key means everything)"
            @($script:Data[$k]) -join ',' | Should -Not -Match '\*'
        }
        @($script:Data.CmdletsToExport | Sort-Object) | Should -Be @($script:Module.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'loads on Windows PowerShell 5.1 and PowerShell 7 and carries gallery metadata' {
        $script:Data.PowerShellVersion | Should -Be '5.1'
        $script:Data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $psData = $script:Data.PrivateData.PSData
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $psData.LicenseUri | Should -Not -BeNullOrEmpty
        $psData.ProjectUri | Should -Not -BeNullOrEmpty
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
        foreach ($f in @($script:Data.FormatsToProcess) + @($script:Data.TypesToProcess)) { Join-Path $script:Module.ModuleBase $f | Should -Exist }
    }
}

Describe 'Completion, colour and pipeline behaviour' {
    BeforeAll {
        $script:Emulator = Start-GeminiEmulator -TimeScale 0
        $script:S1 = Connect-GeminiRealtime -Endpoint $script:Emulator.Endpoint -ApiKey 'conventions-key'
        $script:S2 = Connect-GeminiRealtime -Endpoint $script:Emulator.Endpoint -ApiKey 'conventions-key'
    }
    AfterAll {
        Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
        $script:Emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
    }

    It 'completes -Session with the open sessions, default first, as (Get-GeminiSession -Id N)' {
        $line = 'Send-GeminiText hi -Session '
        $matches_ = @((TabExpansion2 $line $line.Length).CompletionMatches)
        $matches_[0].CompletionText | Should -Be "(Get-GeminiSession -Id $($script:S2.Id))"
        @($matches_.CompletionText) | Should -Contain "(Get-GeminiSession -Id $($script:S1.Id))"
        $matches_[0].ToolTip | Should -Match 'default'
        (Invoke-Expression $matches_[1].CompletionText).Id | Should -Be $script:S1.Id
    }

    It 'binds a piped session to -Session and never sends it as text; piped numbers stay text' {
        ($script:S1 | Send-GeminiText -Text 'via pipe').SessionId | Should -Be "$($script:S1.Id)"
        { $script:S1 | Send-GeminiText -ErrorAction Stop } | Should -Throw -ExpectedMessage '*session is not text*'
        $replies = @(1, 2 | Send-GeminiText)
        @($replies.Text) | Should -Be @('You said: 1', 'You said: 2')
        @($replies.SessionId | Sort-Object -Unique) | Should -Be @("$($script:S2.Id)")
        @($script:S1 | Send-GeminiText 'x' -NoWait)
        @($script:S1 | Receive-GeminiMessage -UntilTurnComplete -TimeoutSec 5).Count | Should -BeGreaterThan 0
    }

    It 'honours -ErrorAction and -WhatIf' {
        Get-GeminiSession -Id 9999 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-GeminiSession -Id 9999 -ErrorAction Stop } | Should -Throw -ErrorId 'GeminiSessionNotFound*'
        $before = @(Get-GeminiSession).Count
        Connect-GeminiRealtime -Endpoint $script:Emulator.Endpoint -ApiKey 'k' -WhatIf | Should -BeNullOrEmpty
        Disconnect-GeminiRealtime -All -WhatIf
        @(Get-GeminiSession).Count | Should -Be $before
    }

    It 'colours host text only when $PSStyle is present, rendering is not PlainText, output is not redirected and NO_COLOR is unset' {
        $hostStyle = [GeminiRealtime.PowerShell.Cmdlets.StartGeminiChatCommand].Assembly.GetType('GeminiRealtime.PowerShell.Internal.HostStyle', $true)
        $decide = $hostStyle.GetMethod('Decide', [System.Reflection.BindingFlags]'Static,NonPublic')
        $style = [pscustomobject]@{ OutputRendering = 'Host'; Reset = "`e[0m"; Foreground = [pscustomobject]@{ BrightCyan = "`e[96m"; BrightGreen = "`e[92m"; BrightBlack = "`e[90m" } }
        $decide.Invoke($null, @($style, $false, $null)).Enabled | Should -BeTrue
        $decide.Invoke($null, @($style, $false, '1')).Enabled | Should -BeFalse -Because 'NO_COLOR is set'
        $decide.Invoke($null, @($style, $true, $null)).Enabled | Should -BeFalse -Because 'output is redirected'
        $decide.Invoke($null, @($null, $false, $null)).Enabled | Should -BeFalse -Because 'no $PSStyle (Windows PowerShell 5.1)'
        $plain = [pscustomobject]@{ OutputRendering = 'PlainText'; Reset = "`e[0m"; Foreground = $style.Foreground }
        $decide.Invoke($null, @($plain, $false, $null)).Enabled | Should -BeFalse
        if ($PSStyle) { $decide.Invoke($null, @($PSStyle, $false, $null)).Paint("`e[96m", 'You>') | Should -Match 'You>' }
    }

    It 'Start-GeminiChat writes plain prompts when output is redirected' {
        $text = 'hello' | Start-GeminiChat -Session $script:S1 6>&1 *>&1 | Out-String
        $text | Should -Not -Match "`e\["
    }
}
