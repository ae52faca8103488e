#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Conversations that never break, through the cmdlets: reconnect on goAway and on lost connections, the transcript
# (Get-, Export-, Import-GeminiTranscript, -TranscriptPath), -Resume, -Glossary/-Context, compression in setup.
# Every wait is bounded (Send-GeminiText -TimeoutSec, emulator lifetimes of a second or two).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    function script:SetupFrames($emulator) {
        @($emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text.StartsWith('{"setup"') } | ForEach-Object { $_.Text | ConvertFrom-Json })
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Reconnects' {
    AfterEach {
        Disconnect-GeminiRealtime -All
        Stop-GeminiEmulator -ErrorAction SilentlyContinue
    }

    It 'switches connections on goAway with the newest handle, tells the story in Verbose, and keeps the history' {
        $e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -LifetimeSeconds 2 -GoAwaySeconds 1.5
        $s = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        (Send-GeminiText 'remember the colour teal' -TimeoutSec 10).Text | Should -Be 'You said: remember the colour teal'
        # The handle follows the turnComplete in a message of its own: it may arrive just after Send-GeminiText returns.
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        while (-not $s.ResumptionHandle -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
        $handle = $s.ResumptionHandle
        $handle | Should -Not -BeNullOrEmpty
        # goAway comes 0.5 s into the connection; this turn waits for the switch and is answered on the new connection.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ($s.Reconnects -lt 1 -and [DateTime]::UtcNow -lt $deadline) {
            Receive-GeminiMessage -TimeoutSec 0.2 | Out-Null
        }
        $verbose = Send-GeminiText 'what did I say before?' -TimeoutSec 10 -Verbose 4>&1
        $reply = $verbose | Where-Object { $_ -is [GeminiRealtime.Session.GeminiReply] }
        $reply.Text | Should -Be 'You said before: remember the colour teal'
        $s.Reconnects | Should -BeGreaterOrEqual 1
        $s.HandlesUsed[0] | Should -Be $handle
        $setups = SetupFrames $e
        $setups.Count | Should -BeGreaterOrEqual 2
        $setups[1].setup.sessionResumption.handle | Should -Be $handle
        $all = (Get-GeminiTranscript | Where-Object Kind -eq 'Event').Text -join "`n"
        $all | Should -Match 'Reconnected on connection \d+ \(resumed with the newest handle\)'
    }

    It 'says "Reconnecting (goAway, N s left)" in Verbose' {
        $e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -LifetimeSeconds 1 -GoAwaySeconds 0.8
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        $story = @()
        while (-not ($story -match 'Reconnected') -and [DateTime]::UtcNow -lt $deadline) {
            $story += @(Receive-GeminiMessage -TimeoutSec 0.2 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        }
        ($story -join "`n") | Should -Match 'goAway received \(\d+ s left\)'
        ($story -join "`n") | Should -Match 'Reconnecting \(goAway, \d+ s left\)'
    }

    It 'answers every line exactly once across dropped connections and 1011 closes' {
        $e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -DropEvery 13 -FailEvery 31 -FailWith 1011
        $s = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        $lines = 1..12 | ForEach-Object { "line $_" }
        $replies = $lines | Send-GeminiText -TimeoutSec 10 -WarningAction SilentlyContinue
        $replies.Text | Should -Be ($lines | ForEach-Object { "You said: $_" })
        $s.Reconnects | Should -BeGreaterThan 1
        $e.InjectedDrops | Should -BeGreaterThan 0
        $e.InjectedFailures | Should -BeGreaterThan 0
    }

    It 'runs a scriptblock tool at most once per line across dropped connections and 1011 closes, and answers every line' {
        $e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -DropEvery 19 -FailEvery 43 -FailWith 1011
        $global:GeminiStampRuns = @{}
        Register-GeminiTool -Name Stamp -Description 'Stamps a line.' -ScriptBlock {
            param([string] $Line)
            $global:GeminiStampRuns[$Line] = 1 + [int] $global:GeminiStampRuns[$Line]
            $Line
        }
        try {
            $s = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
            $lines = 1..15 | ForEach-Object { if ($_ % 3 -eq 0) { "line $_ Stamp L$_" } else { "line $_" } }
            $replies = @($lines | Send-GeminiText -TimeoutSec 10 -WarningAction SilentlyContinue)
            $replies.Count | Should -Be 15
            for ($n = 1; $n -le 15; $n++) {
                $reply = $replies[$n - 1]
                if ($n % 3 -ne 0) {
                    $reply.Text | Should -Be "You said: line $n"
                    continue
                }
                # The tool's result, or (the connection died after the tool started) reported lost: never run twice.
                $runs = [int] $global:GeminiStampRuns["L$n"]
                if ($reply.Interrupted) {
                    $runs | Should -BeLessOrEqual 1
                }
                else {
                    $reply.Text | Should -Be "The Stamp tool returned {""output"":""L$n""}."
                    $runs | Should -Be 1
                }
            }
            ($global:GeminiStampRuns.Values | Measure-Object -Sum).Sum | Should -BeGreaterThan 0
            $s.ToolCalls.Open.Count | Should -Be 0
            $s.Reconnects | Should -BeGreaterThan 1
            $e.InjectedDrops | Should -BeGreaterThan 0
            $e.InjectedFailures | Should -BeGreaterThan 0
        }
        finally {
            Unregister-GeminiTool -Name Stamp
        }
    }

    It 'with -NoReconnect reports the lost connection as a terminating error of the right category' {
        $e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -FailEvery 3 -FailWith 1011
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -NoReconnect
        $err = $null
        try { 1..5 | ForEach-Object { "again $_" } | Send-GeminiText -TimeoutSec 10 | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Match '^GeminiSessionClosed1011'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        @(SetupFrames $e).Count | Should -Be 1
    }
}

Describe 'Transcript' {
    BeforeAll { $script:e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 }
    AfterAll { Stop-GeminiEmulator -InputObject $script:e -ErrorAction SilentlyContinue }
    AfterEach { Disconnect-GeminiRealtime -All }

    It 'records user and model text with usage, and round-trips through JSON export and import' {
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        'first question', 'second question' | Send-GeminiText -TimeoutSec 10 | Out-Null
        $entries = Get-GeminiTranscript -Kind Text
        $entries.Role | Should -Be 'User', 'Model', 'User', 'Model'
        $entries.Text | Should -Be 'first question', 'You said: first question', 'second question', 'You said: second question'
        ($entries | Where-Object Role -eq 'Model')[0].TotalTokens | Should -BeGreaterThan 0
        $path = Join-Path $TestDrive 'talk.json'
        Export-GeminiTranscript -Path $path
        $back = Import-GeminiTranscript -Path $path
        $original = Get-GeminiTranscript
        $back.Count | Should -Be $original.Count
        for ($i = 0; $i -lt $original.Count; $i++) {
            [GeminiRealtime.Transcripts.TranscriptJson]::ToJsonLine($back[$i]) | Should -Be ([GeminiRealtime.Transcripts.TranscriptJson]::ToJsonLine($original[$i]))
        }
        Get-Content -Raw $path | Should -Not -Match ([regex]::Escape($key))
    }

    It 'exports readable Markdown and takes entries from the pipeline' {
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        Send-GeminiText 'markdown please' -TimeoutSec 10 | Out-Null
        $md = Join-Path $TestDrive 'talk.md'
        $file = Get-GeminiTranscript | Export-GeminiTranscript -Path $md -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])
        $text = Get-Content -Raw $md
        $text | Should -Match '^# Gemini conversation'
        $text | Should -Match '\*\*User\*\* \('
        $text | Should -Match '> markdown please'
        $text | Should -Match '> You said: markdown please'
        { Export-GeminiTranscript -Path $md -NoClobber } | Should -Throw -ErrorId 'GeminiTranscriptFileExists*'
    }

    It 'streams to -TranscriptPath as JSON lines while the session is open' {
        $path = Join-Path $TestDrive 'live.jsonl'
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -TranscriptPath $path
        Send-GeminiText 'streamed' -TimeoutSec 10 | Out-Null
        $lines = @(Get-Content $path)
        $lines.Count | Should -BeGreaterOrEqual 2
        ($lines | ForEach-Object { ($_ | ConvertFrom-Json).text }) | Should -Contain 'You said: streamed'
        (Import-GeminiTranscript $path | Where-Object Kind -eq 'Text').Text | Should -Be 'streamed', 'You said: streamed'
    }

    It 'gives a clear error for a missing or broken transcript file' {
        { Import-GeminiTranscript -Path (Join-Path $TestDrive 'nope.json') } | Should -Throw -ErrorId 'GeminiTranscriptFileNotFound*'
        Set-Content (Join-Path $TestDrive 'bad.json') '{"entries": 5}'
        { Import-GeminiTranscript -Path (Join-Path $TestDrive 'bad.json') } | Should -Throw -ErrorId 'GeminiTranscriptInvalid*'
    }
}

Describe 'Resume, glossary, context, compression' {
    BeforeAll { $script:e = Start-GeminiEmulator -ApiKey $key -TimeScale 0 }
    AfterAll { Stop-GeminiEmulator -InputObject $script:e -ErrorAction SilentlyContinue }
    AfterEach { Disconnect-GeminiRealtime -All }

    It '-Resume continues an earlier conversation (the emulator recalls the seeded turn)' {
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        Send-GeminiText 'my locker is 42' -TimeoutSec 10 | Out-Null
        $path = Join-Path $TestDrive 'earlier.json'
        Export-GeminiTranscript -Path $path
        Disconnect-GeminiRealtime
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Resume $path
        (Send-GeminiText 'what did I say before?' -TimeoutSec 10).Text | Should -Be 'You said before: my locker is 42'
        $setup = (SetupFrames $e)[-1].setup
        $setup.historyConfig.initialHistoryInClientContent | Should -BeTrue
        # Also from a transcript object.
        Disconnect-GeminiRealtime
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Resume (Import-GeminiTranscript $path -AsTranscript)
        (Send-GeminiText 'what did I say before?' -TimeoutSec 10).Text | Should -Be 'You said before: my locker is 42'
    }

    It '-Glossary (hashtable or file) and -Context reach the setup system instruction' {
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -SystemInstruction 'Be brief.' -Glossary @{ 'PSRule' = 'a PowerShell rules engine' }
        $text = ((SetupFrames $e)[-1].setup.systemInstruction.parts.text) -join "`n"
        $text | Should -Match 'Be brief\.'
        $text | Should -Match '- PSRule: a PowerShell rules engine'
        Disconnect-GeminiRealtime

        $glossary = Join-Path $TestDrive 'terms.txt'
        Set-Content $glossary "# terms`nKubernetes: container orchestrator`nGeminiRealtime = this module"
        $doc = Join-Path $TestDrive 'notes.md'
        Set-Content $doc "Release date: 2026-12-01"
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Glossary $glossary -Context $doc
        $text = ((SetupFrames $e)[-1].setup.systemInstruction.parts.text) -join "`n"
        $text | Should -Match '- Kubernetes: container orchestrator'
        $text | Should -Match '- GeminiRealtime: this module'
        $text | Should -Match '--- notes.md ---'
        $text | Should -Match 'Release date: 2026-12-01'
    }

    It 'asks for context window compression by default, with configurable trigger and target, and lets it be turned off' {
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key
        (SetupFrames $e)[-1].setup.contextWindowCompression.PSObject.Properties.Name | Should -Contain 'slidingWindow'
        Disconnect-GeminiRealtime
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -CompressionTriggerTokens 20000 -CompressionTargetTokens 10000
        $c = (SetupFrames $e)[-1].setup.contextWindowCompression
        $c.triggerTokens | Should -Be '20000'
        $c.slidingWindow.targetTokens | Should -Be '10000'
        Disconnect-GeminiRealtime
        $null = Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -ContextCompression:$false
        (SetupFrames $e)[-1].setup.PSObject.Properties.Name | Should -Not -Contain 'contextWindowCompression'
        { Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -CompressionTriggerTokens 100 -CompressionTargetTokens 200 } | Should -Throw -ErrorId 'GeminiCompressionTargetTooLarge*'
    }

    It 'fails clearly for a missing glossary, context or resume file' {
        { Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Glossary (Join-Path $TestDrive 'none.txt') } | Should -Throw -ErrorId 'GeminiGlossaryFileNotFound*'
        { Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Context (Join-Path $TestDrive 'none.md') } | Should -Throw -ErrorId 'GeminiContextFileNotFound*'
        { Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey $key -Resume (Join-Path $TestDrive 'none.json') } | Should -Throw -ErrorId 'GeminiTranscriptFileNotFound*'
    }
}
