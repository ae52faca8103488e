#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Connect-GeminiRealtime, Send-GeminiText, Receive-GeminiMessage, Get-GeminiSession and Disconnect-GeminiRealtime
# as users run them: real pwsh, the built module, the emulator over a real socket.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Connect-GeminiRealtime' {
    AfterEach { Disconnect-GeminiRealtime -All }

    It 'opens a session that waits for setupComplete and becomes the default' {
        $session = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $session | Should -BeOfType ([GeminiRealtime.Session.GeminiConversation])
        $session.State | Should -Be 'Open'
        $session.Model | Should -Be 'gemini-3.8-live'
        $session.ResponseModality | Should -Be 'AUDIO'
        (Get-GeminiSession -Default).Id | Should -Be $session.Id
        $session.Url.AbsolutePath | Should -Be '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent'
    }

    It 'takes the endpoint from an emulator object on the pipeline' {
        $session = $emulator | Connect-GeminiRealtime -ApiKey $key
        $session.State | Should -Be 'Open'
    }

    It 'surfaces a wrong key as the service''s 1007 close, with its reason' {
        $err = $null
        try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey 'wrong-key-123456789' -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.CloseCode | Should -Be 1007
        $err.Exception.Reason | Should -Be 'API key not valid. Please pass a valid API key.'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.FullyQualifiedErrorId | Should -BeLike 'GeminiSessionClosed1007*'
        $err.Exception.Message | Should -Match 'GEMINI_API_KEY'
    }

    It 'surfaces an unknown model as 1008 and lists the current models' {
        $err = $null
        try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Model 'gemini-9.9-imaginary' -ErrorAction Stop -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.Exception.CloseCode | Should -Be 1008
        $err.Exception.Reason | Should -BeLike 'models/gemini-9.9-imaginary is not found for API version v1beta*'
        [Text.Encoding]::UTF8.GetByteCount($err.Exception.Reason) | Should -BeLessOrEqual 123
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'gemini-3\.8-live'
    }

    It 'warns before connecting to a retired model, which the service refuses with 1008' {
        $err = $null
        $warnings = $null
        try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Model 'gemini-2.0-flash-live-001' -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        "$warnings" | Should -Match 'retired'
        $err.Exception.CloseCode | Should -Be 1008
    }

    It 'surfaces TEXT modality on gemini-3.8-live as 1007 with advice' {
        $err = $null
        try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -ResponseModality Text -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.CloseCode | Should -Be 1007
        $err.Exception.Reason | Should -BeLike 'The requested combination of response modalities (TEXT) is not supported*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'gemini-3\.5-transcribe-live'
    }

    It 'refuses to connect without any key, saying where a key can come from' {
        $saved = $env:GEMINI_API_KEY, $env:GOOGLE_API_KEY
        try {
            $env:GEMINI_API_KEY = $null; $env:GOOGLE_API_KEY = $null
            $err = $null
            try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'GeminiNoApiKey*'
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        }
        finally { $env:GEMINI_API_KEY, $env:GOOGLE_API_KEY = $saved }
    }

    It 'reads the key from GEMINI_API_KEY' {
        $saved = $env:GEMINI_API_KEY
        try {
            $env:GEMINI_API_KEY = $key
            (Connect-GeminiRealtime -Endpoint $emulator.Endpoint).State | Should -Be 'Open'
        }
        finally { $env:GEMINI_API_KEY = $saved }
    }

    It 'says clearly when nothing listens at the endpoint' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = $null
        try { Connect-GeminiRealtime -Endpoint "http://127.0.0.1:$port/" -ApiKey $key -TimeoutSec 5 -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GeminiConnectionFailed*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'rejects an endpoint with an unsupported scheme before connecting' {
        { Connect-GeminiRealtime -Endpoint 'ftp://127.0.0.1/' -ApiKey $key -ErrorAction Stop } | Should -Throw -ErrorId 'GeminiInvalidArgument*'
    }

    It 'supports -WhatIf without opening anything' {
        $before = @(Get-GeminiSession -All).Count
        Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -WhatIf | Should -BeNullOrEmpty
        @(Get-GeminiSession -All).Count | Should -Be $before
    }
}

Describe 'Send-GeminiText' {
    BeforeAll { $script:session = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key }
    AfterAll { Disconnect-GeminiRealtime -All }

    It 'returns a reply whose text comes from the output transcription, with the audio' {
        $reply = 'hello there' | Send-GeminiText
        $reply | Should -BeOfType ([GeminiRealtime.Session.GeminiReply])
        $reply.Text | Should -Be 'You said: hello there'
        $reply.Interrupted | Should -BeFalse
        $reply.HasAudio | Should -BeTrue
        $reply.AudioFormat.SampleRate | Should -Be 24000
        $reply.AudioDuration.TotalMilliseconds | Should -BeGreaterThan 400
        $reply.Usage.TotalTokenCount | Should -BeGreaterThan 0
        $reply.GenerationComplete | Should -BeTrue
    }

    It 'saves the reply audio as a 24 kHz mono WAV' {
        $reply = Send-GeminiText 'save me'
        $path = Join-Path $TestDrive 'reply.wav'
        $reply.SaveAudio($path)
        $bytes = [IO.File]::ReadAllBytes($path)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'RIFF'
        [BitConverter]::ToInt32($bytes, 24) | Should -Be 24000
        $bytes.Length | Should -Be (44 + $reply.AudioBytes)
    }

    It 'returns one reply per pipeline line, in order' {
        $replies = 'one', 'two', 'three' | Send-GeminiText
        $replies.Count | Should -Be 3
        $replies.Text | Should -Be @('You said: one', 'You said: two', 'You said: three')
    }

    It 'keeps non-ASCII text intact end to end' {
        (Send-GeminiText 'Grüße, 世界 😀').Text | Should -Be 'You said: Grüße, 世界 😀'
    }

    It 'writes text to the host as it streams with -Stream' {
        $reply = Send-GeminiText 'stream this' -Stream 6>$null
        $reply.Text | Should -Be 'You said: stream this'
    }

    It 'tells the protocol story with -Verbose' {
        $verbose = Send-GeminiText 'story' -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'realtimeInput\.text'
        ($verbose.Message -join "`n") | Should -Match 'turnComplete'
    }

    It 'writes a non-terminating InvalidArgument error for empty text and goes on' {
        $errors = $null
        $replies = '', 'after empty' | Send-GeminiText -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $replies.Text | Should -Be 'You said: after empty'
    }

    It 'returns at once with -NoWait; Receive-GeminiMessage then reads the turn in order' {
        Send-GeminiText 'later' -NoWait | Should -BeNullOrEmpty
        $messages = Receive-GeminiMessage -UntilTurnComplete -TimeoutSec 10
        $messages[0] | Should -BeOfType ([GeminiRealtime.Protocol.ServerMessage])
        $messages[-1].ServerContent.TurnComplete | Should -BeTrue
        ($messages | ForEach-Object { $_.ServerContent.OutputTranscription.Text }) -join '' | Should -Be 'You said: later'
        $kinds = $messages | ForEach-Object Kind
        $kinds | Should -Contain 'serverContent'
        $generationAt = [array]::IndexOf(@($messages | ForEach-Object { [bool]$_.ServerContent.GenerationComplete }), $true)
        $generationAt | Should -BeLessThan ($messages.Count - 1)
    }

    It 'keeps the newest resumption handle sent between turns, then has nothing left to read' {
        $rest = @(Receive-GeminiMessage -TimeoutSec 1)
        $rest.Kind | Should -Contain 'sessionResumptionUpdate'
        $session.ResumptionHandle | Should -Not -BeNullOrEmpty
        Receive-GeminiMessage -TimeoutSec 0 | Should -BeNullOrEmpty
    }

    It 'supports -WhatIf' {
        Send-GeminiText 'not sent' -WhatIf | Should -BeNullOrEmpty
        Receive-GeminiMessage -TimeoutSec 1 | Should -BeNullOrEmpty
    }

    It 'returns its own reply after -NoWait turns still in flight (real-time emulator)' {
        # At -TimeScale 1 the first reply is still being generated when the second question goes out: the first turn
        # ends interrupted, and that interruption is not the second command's reply.
        $slow = Start-GeminiEmulator -ApiKey $key -TimeScale 1
        try {
            $s = Connect-GeminiRealtime -Endpoint $slow.Endpoint -ApiKey $key
            Send-GeminiText 'first question' -Session $s -NoWait | Should -BeNullOrEmpty
            $reply = Send-GeminiText 'second question' -Session $s -TimeoutSec 30
            $reply.Interrupted | Should -BeFalse
            $reply.Text | Should -Be 'You said: second question'
            # Nothing of the second turn is left behind for the next command.
            Receive-GeminiMessage -Session $s -TimeoutSec 0 | Where-Object { $_.ServerContent.TurnComplete } | Should -BeNullOrEmpty
            $next = Send-GeminiText 'third question' -Session $s -TimeoutSec 30
            $next.Text | Should -Be 'You said: third question'
        }
        finally {
            if ($s) { Disconnect-GeminiRealtime -Session $s -ErrorAction SilentlyContinue }
            $slow | Stop-GeminiEmulator -ErrorAction SilentlyContinue
        }
    }
}

Describe 'TEXT modality on a model whose row allows it' {
    It 'returns text fragments joined into the reply, and no audio' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Model 'gemini-3.5-transcribe-live' -ResponseModality Text
        try {
            $reply = Send-GeminiText 'a text turn with several words' -Session $s
            $reply.Text | Should -Be 'You said: a text turn with several words'
            $reply.HasAudio | Should -BeFalse
            { $reply.SaveAudio((Join-Path $TestDrive 'none.wav')) } | Should -Throw '*no audio*'
        }
        finally { $s | Disconnect-GeminiRealtime }
    }
}

Describe 'Disconnect-GeminiRealtime and Get-GeminiSession' {
    It 'closes the session normally and forgets it' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $closed = $s | Disconnect-GeminiRealtime -PassThru
        $closed.State | Should -Be 'Closed'
        $closed.CloseError | Should -BeNullOrEmpty
        Get-GeminiSession | Where-Object Id -eq $s.Id | Should -BeNullOrEmpty
    }

    It 'gives a clear error when sending on a closed session' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $s | Disconnect-GeminiRealtime
        { Send-GeminiText 'anyone?' -Session $s -ErrorAction Stop } | Should -Throw '*closed*'
    }

    It 'gives a clear error when there is no session at all' {
        Disconnect-GeminiRealtime -All
        $err = $null
        try { Send-GeminiText 'hello' -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GeminiNoSession*'
    }

    It 'finds sessions by id and reports unknown ids' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        (Get-GeminiSession -Id $s.Id).Id | Should -Be $s.Id
        $errors = $null
        Get-GeminiSession -Id 99999 -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Disconnect-GeminiRealtime -All
    }
}

Describe 'Ctrl+C' {
    It 'stops a waiting Send-GeminiText at once and leaves the runspace usable' {
        $slow = Start-GeminiEmulator -ApiKey $key -TimeScale 50
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($manifest, $endpoint, $key)
                Import-Module $manifest
                $s = Connect-GeminiRealtime -Endpoint $endpoint -ApiKey $key
                Send-GeminiText 'a long reply that keeps the turn open for a while' -Session $s
            }).AddArgument((Join-Path (Get-Module GeminiRealtime).ModuleBase 'GeminiRealtime.psd1')).AddArgument($slow.Endpoint).AddArgument($key)
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The module still works in this runspace afterwards.
            $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
            (Send-GeminiText 'still here' -Session $s).Text | Should -Be 'You said: still here'
        }
        finally {
            $ps.Dispose()
            $slow | Stop-GeminiEmulator
            Disconnect-GeminiRealtime -All
        }
    }
}
