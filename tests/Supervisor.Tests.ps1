#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# The supervisor agent as users run it: Connect-GeminiRealtime -SupervisorModel (REST generateContent on the emulator)
# and -Supervisor { scriptblock }: the ask_supervisor tool end to end, guidance pushed into the live session after
# turns (clientContent, turnComplete false) and recorded in the transcript, and the errors a person can act on.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0

    function Connect-Supervised {
        param([hashtable] $Extra = @{})
        Connect-GeminiRealtime -Endpoint $script:emulator.Endpoint -ApiKey $script:key @Extra
    }

    function Get-ClientFrames([string] $Pattern) {
        @($script:emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match $Pattern })
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Supervisor' {
    AfterEach {
        Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
        Get-GeminiTool | Unregister-GeminiTool
    }

    It 'declares ask_supervisor, and a supervisor model answers it through REST generateContent' {
        $before = $script:emulator.GenerateContentRequests
        $s = Connect-Supervised @{ SupervisorModel = 'gemini-2.5-pro' }
        $setup = ((Get-ClientFrames '^\s*\{\s*"setup"' | Select-Object -Last 1).Text | ConvertFrom-Json).setup
        $declaration = $setup.tools.functionDeclarations | Where-Object name -EQ 'ask_supervisor'
        $declaration | Should -Not -BeNullOrEmpty
        $declaration.parameters.required | Should -Contain 'Question'
        $reply = 'Please ask_supervisor Question="Which plan is cheaper?"' | Send-GeminiText -Session $s
        $call = $reply.ToolCalls | Where-Object Name -EQ 'ask_supervisor'
        $call.Outcome | Should -Be 'Completed'
        $answer = ($call.ResponseJson | ConvertFrom-Json).output
        $answer | Should -Be 'Answer from gemini-2.5-pro to "Which plan is cheaper?" (context: 1 conversation line(s)).'
        $reply.Text | Should -BeLike 'The ask_supervisor tool returned*Answer from gemini-2.5-pro*'
        $script:emulator.GenerateContentRequests | Should -BeGreaterThan $before
    }

    It 'pushes the supervisor model''s guidance after a turn, records it, and sends nothing when it has none' {
        $s = Connect-Supervised @{ SupervisorModel = 'gemini-2.5-pro' }
        'hello' | Send-GeminiText -Session $s | Out-Null
        Wait-Until { $s.SupervisorReviews -ge 1 } | Should -BeTrue
        @(Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance').Count | Should -Be 0

        'Supervisor, remind the assistant that my name is Ada.' | Send-GeminiText -Session $s | Out-Null
        Wait-Until { @(Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance').Count -ge 1 } | Should -BeTrue
        $entry = Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance'
        $entry.Role | Should -Be 'Supervisor'
        $entry.Text | Should -Be 'Guidance: the user asked the supervisor: Supervisor, remind the assistant that my name is Ada.'
        Wait-Until { (Get-ClientFrames '"clientContent"' | Where-Object { $_.Text -match 'my name is Ada' }).Count -ge 1 } | Should -BeTrue
        $frame = (Get-ClientFrames '"clientContent"' | Where-Object { $_.Text -match 'my name is Ada' } | Select-Object -Last 1).Text | ConvertFrom-Json
        $frame.clientContent.turnComplete | Should -Not -BeTrue
        $frame.clientContent.turns[0].role | Should -Be 'user'
        # The live model has it in its history: the emulator recalls the last user entry before this question.
        (Send-GeminiText 'what did I say before?' -Session $s).Text | Should -BeLike 'You said before: *Guidance from your supervisor*my name is Ada*'
        # Markdown export shows it too.
        $markdown = Join-Path ([IO.Path]::GetTempPath()) ("supervised-" + [guid]::NewGuid().ToString('n') + '.md')
        try {
            Export-GeminiTranscript -Session $s -Path $markdown -Format Markdown
            Get-Content -Raw $markdown | Should -Match 'Guidance.*my name is Ada'
        }
        finally { Remove-Item $markdown -ErrorAction SilentlyContinue }
    }

    It 'runs a supervisor scriptblock on the pipeline thread for asks ($Question) and reviews ($Question = $null)' {
        $script:seen = [System.Collections.Generic.List[object]]::new()
        $pipelineThread = [Threading.Thread]::CurrentThread.ManagedThreadId
        $s = Connect-Supervised @{ Supervisor = {
                param($Transcript, $Question)
                $script:seen.Add([pscustomobject]@{ Question = $Question; Entries = $Transcript.Count; Thread = [Threading.Thread]::CurrentThread.ManagedThreadId })
                if ($Question) { "42, says the scriptblock about: $Question" }
                elseif ($Transcript.Entries[-1].Text -match 'prefer tea') { 'The user prefers tea.' }
            } }
        $reply = 'ask_supervisor Question="What is six times seven?"' | Send-GeminiText -Session $s
        ($reply.ToolCalls[0].ResponseJson | ConvertFrom-Json).output | Should -Be '42, says the scriptblock about: What is six times seven?'
        $script:seen[0].Question | Should -Be 'What is six times seven?'
        $script:seen.Thread | Sort-Object -Unique | Should -Be $pipelineThread
        # The review after that turn ran with $Question = $null and returned nothing: no guidance.
        ($script:seen | Where-Object { $null -eq $_.Question }).Count | Should -BeGreaterOrEqual 1
        @(Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance').Count | Should -Be 0

        'I prefer tea' | Send-GeminiText -Session $s | Out-Null
        $entry = Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance'
        $entry.Text | Should -Be 'The user prefers tea.'
        $entry.Source | Should -Be 'scriptblock'
        (Get-ClientFrames '"clientContent"' | Where-Object { $_.Text -match 'prefers tea' }).Count | Should -Be 1
    }

    It 'reports a supervisor scriptblock that throws while reviewing as a warning and goes on' {
        $s = Connect-Supervised @{ Supervisor = { param($Transcript, $Question) if (-not $Question) { throw 'review broke' } } }
        $warnings = $null
        $reply = 'hello' | Send-GeminiText -Session $s -WarningVariable warnings -WarningAction SilentlyContinue
        $reply.Text | Should -Be 'You said: hello'
        ($warnings -join "`n") | Should -Match 'supervisor scriptblock failed.*review broke'
    }

    It 'tells the live model when the supervisor model is unknown (404) and warns the user' {
        $s = Connect-Supervised @{ SupervisorModel = 'gemini-0-nonexistent'; WarningAction = 'SilentlyContinue' }
        $reply = 'ask_supervisor Question="anything"' | Send-GeminiText -Session $s -WarningAction SilentlyContinue
        $call = $reply.ToolCalls[0]
        $call.Outcome | Should -Be 'Failed'
        $call.Error | Should -Match 'is not found for API version v1beta, or is not supported for generateContent'
    }

    It 'warns on a model that takes no guidance mid-session, and still answers ask_supervisor there' {
        $warnings = $null
        $s = Connect-GeminiRealtime -Endpoint $script:emulator.Endpoint -ApiKey $script:key -Model 'gemini-3.1-flash-live-preview' -WarningVariable warnings -WarningAction SilentlyContinue `
            -Supervisor { param($Transcript, $Question) if ($Question) { 'fine' } else { 'never pushed' } }
        ($warnings -join "`n") | Should -Match 'initial history'
        $reply = 'ask_supervisor Question="ok?"' | Send-GeminiText -Session $s
        ($reply.ToolCalls[0].ResponseJson | ConvertFrom-Json).output | Should -Be 'fine'
        @(Get-GeminiTranscript -Session $s | Where-Object Kind -EQ 'Guidance').Count | Should -Be 0
    }

    Context 'bad input' {
        It 'refuses -Supervisor together with -SupervisorModel (InvalidArgument) before connecting' {
            $connections = $script:emulator.TotalConnections
            { Connect-Supervised @{ Supervisor = { 'x' }; SupervisorModel = 'gemini-2.5-pro' } } | Should -Throw -ErrorId 'GeminiSupervisorAmbiguous,GeminiRealtime.PowerShell.Cmdlets.ConnectGeminiRealtimeCommand'
            try { Connect-Supervised @{ Supervisor = { 'x' }; SupervisorModel = 'gemini-2.5-pro' } } catch { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
            $script:emulator.TotalConnections | Should -Be $connections
        }

        It 'refuses a supervisor model with an ephemeral token (REST needs a key)' {
            $token = New-GeminiEphemeralToken -Endpoint $script:emulator.Endpoint -ApiKey $script:key
            $err = { Connect-GeminiRealtime -Endpoint $script:emulator.Endpoint -ApiKey $token -SupervisorModel 'gemini-2.5-pro' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'GeminiSupervisorModelInvalid,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match 'needs an API key'
        }

        It 'refuses a registered tool that is already named ask_supervisor (ResourceExists)' {
            Register-GeminiTool -Name ask_supervisor -ScriptBlock { 'mine' }
            $err = { Connect-Supervised @{ SupervisorModel = 'gemini-2.5-pro' } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'GeminiSupervisorToolNameTaken,*'
            $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        }

        It 'completes supervisor model names from the table' {
            $line = 'Connect-GeminiRealtime -SupervisorModel gemini-2.5-p'
            $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completions.CompletionMatches.CompletionText | Should -Contain 'gemini-2.5-pro'
            $completions.CompletionMatches.CompletionText | Should -Not -Contain 'gemini-3.8-live'
        }

        It 'never shows the key, also not in the supervisor''s verbose story or errors' {
            $out = Connect-Supervised @{ SupervisorModel = 'gemini-0-nonexistent'; Verbose = $true } 4>&1 3>&1 2>&1
            $more = 'ask_supervisor Question="x"' | Send-GeminiText -Verbose 4>&1 3>&1 2>&1
            (($out + $more) | Out-String) | Should -Not -Match ([regex]::Escape($script:key))
        }
    }
}
