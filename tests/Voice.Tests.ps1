#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Voice: Send-GeminiAudio and Start-GeminiVoice on WAV files (any machine), and on real devices: a headless PulseAudio
# with two null sinks (tests/audio/pulse-null-sink.sh). espeak-ng speech is played into "room"; the module captures
# room.monitor and plays into "speaker"; the tests record speaker.monitor with an independent stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key
    $script:manifest = Join-Path (Get-Module GeminiRealtime).ModuleBase 'GeminiRealtime.psd1'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("gemini-voice-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:work | Out-Null

    # The emulator's voice: one tone per word at 220 + 12.5 * (FNV-1a(lower-case UTF-8) mod 48) Hz (EmulatorSpeech).
    function script:Get-WordFrequency([string] $Word) {
        [uint64] $hash = 2166136261
        foreach ($b in [Text.Encoding]::UTF8.GetBytes($Word.ToLowerInvariant())) {
            $hash = ($hash -bxor $b)
            $hash = ($hash * 16777619) % 4294967296
        }
        220.0 + 12.5 * ($hash % 48)
    }
    # Goertzel power of one frequency in s16le mono PCM.
    function script:Get-TonePower([byte[]] $Pcm, [int] $Rate, [double] $Frequency, [int] $Offset, [int] $Count) {
        $w = 2 * [Math]::PI * $Frequency / $Rate; $c = 2 * [Math]::Cos($w); $s1 = 0.0; $s2 = 0.0
        for ($i = 0; $i -lt $Count; $i++) {
            $x = [BitConverter]::ToInt16($Pcm, $Offset + 2 * $i) / 32768.0
            $s0 = $x + $c * $s1 - $s2; $s2 = $s1; $s1 = $s0
        }
        $s1 * $s1 + $s2 * $s2 - $c * $s1 * $s2
    }
    # A -RecordPath file: its header checked (24 kHz stereo s16, sizes matching the bytes), its channels as mono s16le.
    function script:Read-RecordedWav([string] $Path) {
        $bytes = [IO.File]::ReadAllBytes($Path)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'RIFF'
        [BitConverter]::ToInt32($bytes, 4) | Should -Be ($bytes.Length - 8)
        [BitConverter]::ToInt16($bytes, 22) | Should -Be 2
        [BitConverter]::ToInt32($bytes, 24) | Should -Be 24000
        [BitConverter]::ToInt16($bytes, 34) | Should -Be 16
        [BitConverter]::ToInt32($bytes, 40) | Should -Be ($bytes.Length - 44)
        $frames = ($bytes.Length - 44) / 4
        $left = [byte[]]::new($frames * 2); $right = [byte[]]::new($frames * 2)
        for ($i = 0; $i -lt $frames; $i++) {
            $at = 44 + 4 * $i
            $left[2 * $i] = $bytes[$at]; $left[2 * $i + 1] = $bytes[$at + 1]
            $right[2 * $i] = $bytes[$at + 2]; $right[2 * $i + 1] = $bytes[$at + 3]
        }
        [pscustomobject]@{ Left = $left; Right = $right; Seconds = $frames / 24000 }
    }
    # RMS level (dBFS) of 24 kHz mono s16le between two times in seconds.
    function script:Get-Level([byte[]] $Pcm, [double] $From, [double] $To) {
        $a = [int]($From * 24000); $b = [Math]::Min($Pcm.Length / 2, [int]($To * 24000))
        if ($b -le $a) { return -120 }
        $sum = 0.0
        for ($i = $a; $i -lt $b; $i++) { $x = [BitConverter]::ToInt16($Pcm, 2 * $i) / 32768.0; $sum += $x * $x }
        $rms = [Math]::Sqrt($sum / ($b - $a))
        if ($rms -le 1e-6) { -120 } else { 20 * [Math]::Log10($rms) }
    }
    # The first frame that is not silence (-1 when there is none).
    function script:Get-FirstSound([byte[]] $Pcm) {
        for ($i = 0; $i -lt $Pcm.Length / 2; $i++) { if ([Math]::Abs([BitConverter]::ToInt16($Pcm, 2 * $i)) -gt 100) { return $i } }
        -1
    }
    # The strongest candidate among the emulator's 48 tone frequencies.
    function script:Get-DominantToneFrequency([byte[]] $Pcm, [int] $Rate, [int] $Offset, [int] $Count) {
        $best = 0; $bestPower = -1
        foreach ($k in 0..47) {
            $f = 220.0 + 12.5 * $k
            $p = Get-TonePower $Pcm $Rate $f $Offset $Count
            if ($p -gt $bestPower) { $best = $f; $bestPower = $p }
        }
        $best
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $script:work -ErrorAction SilentlyContinue
}

Describe 'Voice on WAV files (no audio device)' {
    BeforeAll {
        # 1.2 s of a 300 Hz tone at 44.1 kHz stereo float: the file path resamples and mixes down.
        $rate = 44100; $n = [int]($rate * 1.2)
        $ms = [IO.MemoryStream]::new(); $bw = [IO.BinaryWriter]::new($ms)
        $data = $n * 2 * 4
        $bw.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $bw.Write([int](36 + $data)); $bw.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
        $bw.Write([int]16); $bw.Write([int16]3); $bw.Write([int16]2); $bw.Write([int]$rate); $bw.Write([int]($rate * 8)); $bw.Write([int16]8); $bw.Write([int16]32)
        $bw.Write([Text.Encoding]::ASCII.GetBytes('data')); $bw.Write([int]$data)
        for ($i = 0; $i -lt $n; $i++) { $v = [single](0.3 * [Math]::Sin(2 * [Math]::PI * 300 * $i / $rate)); $bw.Write($v); $bw.Write($v) }
        $bw.Flush()
        $script:toneWav = Join-Path $work 'tone44k-stereo-float.wav'
        [IO.File]::WriteAllBytes($script:toneWav, $ms.ToArray())
    }

    It 'Send-GeminiAudio sends a WAV of any format as one turn and saves the reply audio' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -InputTranscription
        try {
            $out = Join-Path $work 'reply.wav'
            $reply = Send-GeminiAudio -Session $s -Path $toneWav -OutFile $out
            $reply.InputTranscript | Should -Be '[speech 1.2 s]'
            $reply.Text | Should -Be 'You said: [speech 1.2 s]'
            $reply.Interrupted | Should -BeFalse
            $bytes = [IO.File]::ReadAllBytes($out)
            [BitConverter]::ToInt32($bytes, 24) | Should -Be 24000
            ($bytes.Length - 44) | Should -Be $reply.AudioBytes
            # The first word of the reply is "You": its tone must be what was saved.
            Get-DominantToneFrequency $bytes 24000 (44 + 2 * 240) 2400 | Should -Be (Get-WordFrequency 'You')
        }
        finally { $s | Disconnect-GeminiRealtime }
    }

    It 'Start-GeminiVoice runs the whole loop on files: <Mode>' -ForEach @(
        @{ Mode = 'Server'; Extra = @{} }
        @{ Mode = 'Client'; Extra = @{ ActivityDetection = 'Client' } }
    ) {
        $out = Join-Path $work "voice-$Mode.wav"
        $extra = $Extra
        $summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputFile $toneWav -OutputFile $out -Quiet -Duration 20 @extra
        $summary.StopReason | Should -Be 'InputEnded'
        $summary.TurnCount | Should -Be 1
        $summary.Turns[0].InputTranscript | Should -Match '^\[speech 1\.[12] s\]$'
        $summary.Turns[0].OutputTranscript | Should -Be "You said: $($summary.Turns[0].InputTranscript)"
        $summary.Turns[0].TimeToFirstAudio | Should -Not -BeNullOrEmpty
        $bytes = [IO.File]::ReadAllBytes($out)
        ($bytes.Length - 44) / 48000 | Should -BeGreaterThan 1.3
        Get-DominantToneFrequency $bytes 24000 (44 + 2 * 240) 2400 | Should -Be (Get-WordFrequency 'You')
    }

    It 'Start-GeminiVoice without -Session talks on the session Connect-GeminiRealtime opened last' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -InputTranscription
        try {
            $setups = @($emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '^\s*\{\s*"setup"' }).Count
            $summary = Start-GeminiVoice -InputFile $toneWav -OutputFile (Join-Path $work 'voice-default.wav') -Quiet -Duration 20
            $summary.SessionId | Should -Be $s.Id
            $summary.TurnCount | Should -Be 1
            @($emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '^\s*\{\s*"setup"' }).Count | Should -Be $setups
            $s.State | Should -Be 'Open'   # the session is the user's: Start-GeminiVoice leaves it open
        }
        finally { $s | Disconnect-GeminiRealtime }
    }

    It 'Start-GeminiVoice''s own session resumes on goAway while the audio goes on, with context compression on' {
        # 0.3 s of tone, then 4 s of silence (16 kHz mono s16): one turn, then the goAway of a 3 s connection mid-silence.
        $rate = 16000; $tone = [int]($rate * 0.3); $n = $tone + $rate * 4
        $ms = [IO.MemoryStream]::new(); $bw = [IO.BinaryWriter]::new($ms)
        $bw.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $bw.Write([int](36 + 2 * $n)); $bw.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
        $bw.Write([int]16); $bw.Write([int16]1); $bw.Write([int16]1); $bw.Write([int]$rate); $bw.Write([int]($rate * 2)); $bw.Write([int16]2); $bw.Write([int16]16)
        $bw.Write([Text.Encoding]::ASCII.GetBytes('data')); $bw.Write([int](2 * $n))
        for ($i = 0; $i -lt $n; $i++) { $bw.Write([int16]($(if ($i -lt $tone) { 9000 * [Math]::Sin(2 * [Math]::PI * 300 * $i / $rate) } else { 0 }))) }
        $bw.Flush()
        $wav = Join-Path $work 'tone-then-silence.wav'
        [IO.File]::WriteAllBytes($wav, $ms.ToArray())
        $short = Start-GeminiEmulator -ApiKey $key -TimeScale 0 -LifetimeSeconds 3 -GoAwaySeconds 1
        try {
            $out = Start-GeminiVoice -Endpoint $short.Endpoint -ApiKey $key -InputFile $wav -OutputFile (Join-Path $work 'voice-goaway.wav') -Quiet -Duration 30 -Verbose 4>&1
            $summary = $out | Where-Object { $_ -is [GeminiRealtime.Voice.VoiceSummary] }
            ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Reconnected: connection \d+ \(resumed with the newest handle\)'
            $summary.StopReason | Should -Be 'InputEnded'
            $summary.TurnCount | Should -Be 1
            $setups = @($short.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '^\s*\{\s*"setup"' } | ForEach-Object { ($_.Text | ConvertFrom-Json).setup })
            $setups.Count | Should -BeGreaterOrEqual 2
            $setups[0].contextWindowCompression.PSObject.Properties.Name | Should -Contain 'slidingWindow'
            $setups[1].sessionResumption.handle | Should -Not -BeNullOrEmpty
            # Audio kept flowing on the new connection.
            @($short.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.ConnectionId -eq 2 -and $_.Text -match '"audio"' }).Count | Should -BeGreaterThan 10
        }
        finally { $short | Stop-GeminiEmulator }
    }

    It 'Start-GeminiVoice -RecordPath records both directions in one time-aligned stereo WAV' {
        $rec = Join-Path $work 'record' 'voice.wav'   # its folder does not exist yet
        $summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputFile $toneWav -OutputFile (Join-Path $work 'voice-record-out.wav') -RecordPath $rec -Quiet -Duration 20
        $summary.StopReason | Should -Be 'InputEnded'
        $summary.RecordPath | Should -Be $rec
        $wav = Read-RecordedWav $rec
        # Paced like a microphone: 1.2 s of speech, the file's 1.5 s of trailing silence, and the 1.44 s reply after it.
        $wav.Seconds | Should -BeGreaterThan 2.6
        $wav.Seconds | Should -BeLessThan 15
        # Left (the user, as sent): the 300 Hz tone from time zero; the right is silent meanwhile.
        Get-Level $wav.Left 0.1 1.1 | Should -BeGreaterThan -20
        Get-TonePower $wav.Left 24000 300 (2 * 2400) 4800 | Should -BeGreaterThan (100 * (Get-TonePower $wav.Left 24000 600 (2 * 2400) 4800))
        Get-Level $wav.Right 0 1.2 | Should -BeLessThan -60
        # Right (Gemini, as received): the reply starts after the speech ended, with the tone of its first word.
        $start = Get-FirstSound $wav.Right
        $start / 24000 | Should -BeGreaterThan 1.2
        Get-DominantToneFrequency $wav.Right 24000 (2 * ($start + 240)) 2400 | Should -Be (Get-WordFrequency 'You')
        # Meanwhile the user was silent (the file's trailing silence went out as zeros).
        Get-Level $wav.Left ($start / 24000 + 0.1) ($start / 24000 + 1.0) | Should -BeLessThan -60
    }

    It 'Connect-GeminiRealtime -RecordPath records what was sent and received until Disconnect-GeminiRealtime' {
        $rec = Join-Path $work 'connect-record.wav'
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -RecordPath $rec
        try {
            $s.RecordPath | Should -Be $rec
            $reply = Send-GeminiAudio -Session $s -Path $toneWav -RealTime
            $reply.Text | Should -Be 'You said: [speech 1.2 s]'
        }
        finally { $verbose = $s | Disconnect-GeminiRealtime -Verbose 4>&1 }
        ($verbose | Out-String) | Should -Match 'recorded \d+\.\d s to .*connect-record\.wav \(left: you, 1\.2 s of audio; right: Gemini, 1\.4 s\)'
        $s.Recorder.IsRecording | Should -BeFalse
        $s.Recorder.ModelAudio | Should -Be $reply.AudioDuration
        $s.Recorder.DroppedChunks | Should -Be 0
        $wav = Read-RecordedWav $rec
        Get-Level $wav.Left 0.1 1.1 | Should -BeGreaterThan -20
        $start = Get-FirstSound $wav.Right
        $start / 24000 | Should -BeGreaterThan 1.0
        Get-DominantToneFrequency $wav.Right 24000 (2 * ($start + 240)) 2400 | Should -Be (Get-WordFrequency 'You')
        $wav.Seconds | Should -BeGreaterOrEqual ($start / 24000 + $reply.AudioDuration.TotalSeconds - 0.01)
        [IO.File]::ReadAllText($rec) | Should -Not -Match ([regex]::Escape($key))
    }

    It 'refuses a -RecordPath it cannot record to, with the right error, and -WhatIf creates nothing' {
        $err = { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -RecordPath $work } | Should -Throw -ErrorId 'GeminiRecordPathInvalid*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'is a folder'
        { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -RecordPath 'Env:\GeminiNoSuchVariable' } | Should -Throw -ErrorId 'GeminiRecordPathInvalid*'
        # A folder that cannot be made (a file is in the way): nothing is connected, the error says why.
        $err = { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -RecordPath (Join-Path $toneWav 'talk.wav') } | Should -Throw -ErrorId 'GeminiRecordPathUnusable*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $err.Exception.Message | Should -Match 'Cannot record to'
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        try {
            $err = { Start-GeminiVoice -Session $s -RecordPath (Join-Path $work 'x.wav') -InputFile $toneWav -OutputFile (Join-Path $work 'x-out.wav') -Quiet } |
                Should -Throw -ErrorId 'GeminiRecordPathWithSession*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match 'Connect-GeminiRealtime -RecordPath'
        }
        finally { $s | Disconnect-GeminiRealtime }
        $none = Join-Path $work 'whatif.wav'
        Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -RecordPath $none -WhatIf
        Test-Path $none | Should -BeFalse
    }

    It 'says clearly when a backend is missing instead of crashing' {
        { Get-GeminiAudioDevice -AudioBackend WinMM -ErrorAction Stop } | Should -Throw '*Windows only*'
    }
}

Describe 'Push-to-talk (a host with a scripted keyboard)' {
    BeforeAll {
        # A PSHost whose RawUI delivers keys at set times, like a console: Start-GeminiVoice polls KeyAvailable/ReadKey.
        if (-not ('GeminiVoiceTests.KeyScriptHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'fixtures/KeyScriptHost.cs') }
    }

    It 'sends activityStart on the first Space and activityEnd on the second; other keys do nothing' {
        $emu = Start-GeminiEmulator -ApiKey $key
        $keyHost = [GeminiVoiceTests.KeyScriptHost]::new()
        $keyHost.Keys.Press(1.0, ' '); $keyHost.Keys.Press(1.6, 'x'); $keyHost.Keys.Press(2.2, ' ')
        $rs = [runspacefactory]::CreateRunspace($keyHost); $rs.Open()
        try {
            $init = [powershell]::Create(); $init.Runspace = $rs
            $null = $init.AddScript({ param($m) Import-Module $m }).AddArgument($manifest).Invoke(); $init.Dispose()
            $ps = [powershell]::Create(); $ps.Runspace = $rs
            # Null backend: the mic is real-time silence, so only the keys decide what is sent.
            $null = $ps.AddCommand('Start-GeminiVoice').AddParameter('Endpoint', $emu.Endpoint).AddParameter('ApiKey', $key).
                AddParameter('PushToTalk').AddParameter('AudioBackend', 'Null').AddParameter('Duration', 3.5)
            $keyHost.Keys.Start()
            $summary = $ps.Invoke() | Select-Object -Last 1
            $ps.Streams.Error | Should -BeNullOrEmpty
            $ps.Dispose()
        }
        finally { $rs.Dispose() }
        $traffic = @($emu.Traffic | Where-Object Direction -EQ 'ClientToServer')
        $emu | Stop-GeminiEmulator

        $summary.StopReason | Should -Be 'Duration'
        $summary.Activity | Should -Be 'PushToTalk'
        # All three keys were read (the "x" too) and the host showed both toggles.
        $keyHost.Keys.Read.Item2 | Should -Be @([char]' ', [char]'x', [char]' ')
        $keyHost.Lines | Should -Contain '[talking: press Space to stop]'
        $keyHost.Lines | Should -Contain '[listening stopped: press Space to talk]'
        # The session was set up for manual activity.
        ($traffic | Where-Object { $_.Text.StartsWith('{"setup"') } | Select-Object -First 1).Text | ConvertFrom-Json |
            ForEach-Object { $_.setup.realtimeInputConfig.automaticActivityDetection.disabled } | Should -BeTrue
        # Exactly one activityStart, after the first Space; exactly one activityEnd, after the second; audio only between them.
        $realtime = @($traffic | Where-Object { $_.Text -match '"realtimeInput"' })
        $kinds = @($realtime | ForEach-Object { if ($_.Text -match '"activityStart"') { 'start' } elseif ($_.Text -match '"activityEnd"') { 'end' } elseif ($_.Text -match '"audio"') { 'audio' } else { 'other' } })
        @($kinds | Where-Object { $_ -eq 'start' }).Count | Should -Be 1
        @($kinds | Where-Object { $_ -eq 'end' }).Count | Should -Be 1
        $start = [Array]::IndexOf($kinds, 'start'); $end = [Array]::IndexOf($kinds, 'end')
        $start | Should -BeLessThan $end
        @($kinds[0..$start] | Where-Object { $_ -eq 'audio' }).Count | Should -Be 0 -Because 'nothing is sent before Space'
        @($kinds[$end..($kinds.Count - 1)] | Where-Object { $_ -eq 'audio' }).Count | Should -Be 0 -Because 'nothing is sent after the second Space'
        # About 1.2 s of 20 ms chunks between the presses.
        ($end - $start - 1) | Should -BeGreaterThan 30
        $pressed1 = $keyHost.Keys.Read[0].Item1; $pressed2 = $keyHost.Keys.Read[2].Item1
        ($realtime[$start].Time - $pressed1).TotalMilliseconds | Should -BeGreaterOrEqual 0
        ($realtime[$start].Time - $pressed1).TotalMilliseconds | Should -BeLessThan 500
        ($realtime[$end].Time - $pressed2).TotalMilliseconds | Should -BeGreaterOrEqual 0
        ($realtime[$end].Time - $pressed2).TotalMilliseconds | Should -BeLessThan 500
    }
}

Describe 'Voice on PulseAudio null sinks (real devices)' -Skip:(-not $IsLinux) {
    BeforeAll {
        $script:setup = Join-Path $PSScriptRoot 'audio/pulse-null-sink.sh'
        $server = (& bash $script:setup start | Select-Object -Last 1)
        if ($LASTEXITCODE -ne 0) { throw "PulseAudio null-sink setup failed ($LASTEXITCODE)." }
        $env:PULSE_SERVER = $server
        $script:speech = Join-Path $work 'hello.wav'
        & espeak-ng -w $script:speech 'Hello there, how are you today'
        if ($LASTEXITCODE -ne 0) { throw 'espeak-ng failed.' }

        # Records a PulseAudio source for $Seconds with wall-clock stamps (UTC ticks) per 10 ms frame, in a runspace.
        function script:Start-MonitorRecording([string] $Source, [double] $Seconds) {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($Manifest, $Source, $Seconds)
                Import-Module $Manifest
                $opts = [GeminiRealtime.Audio.AudioStreamOptions]::new(); $opts.CaptureChunk = [TimeSpan]::FromMilliseconds(10)
                $in = [GeminiRealtime.Audio.Backends.PulseBackend]::new().OpenInput($Source, $opts)
                try {
                    $buf = [byte[]]::new($opts.CaptureChunkBytes); $pcm = [IO.MemoryStream]::new()
                    $stamps = [Collections.Generic.List[long]]::new(); $levels = [Collections.Generic.List[double]]::new()
                    $end = [DateTime]::UtcNow.AddSeconds($Seconds)
                    while ([DateTime]::UtcNow -lt $end) {
                        $null = $in.Read($buf, 0, $buf.Length, [Threading.CancellationToken]::None)
                        $stamps.Add([DateTimeOffset]::UtcNow.UtcTicks); $levels.Add([GeminiRealtime.Audio.Pcm16]::LevelDbfs($buf)); $pcm.Write($buf, 0, $buf.Length)
                    }
                    [pscustomobject]@{ Stamps = $stamps.ToArray(); Levels = $levels.ToArray(); Pcm = $pcm.ToArray() }
                }
                finally { $in.Dispose() }
            }).AddArgument($script:manifest).AddArgument($Source).AddArgument($Seconds)
            [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        function script:Stop-MonitorRecording($Recording) {
            try { $Recording.PowerShell.EndInvoke($Recording.Handle) | Select-Object -Last 1 } finally { $Recording.PowerShell.Dispose() }
        }
        function script:Invoke-Later([double] $Seconds, [string] $Command) {
            Start-Process -FilePath bash -ArgumentList "-c `"sleep $Seconds; $Command`"" -PassThru
        }
        function script:Get-PulseModules { @(& pactl list modules short) }
        # A pactl in front of the real one that logs every call and fails "load-module ... aec_method=<FAKE_PACTL_FAIL>*".
        $script:fakeBin = Join-Path $work 'fake-pactl'
        New-Item -ItemType Directory -Path $fakeBin -Force | Out-Null
        $realPactl = (Get-Command pactl -CommandType Application | Select-Object -First 1).Source
        Set-Content -Path (Join-Path $fakeBin 'pactl') -Value @"
#!/bin/sh
echo "`$*" >> "`$FAKE_PACTL_LOG"
if [ "`$1" = load-module ]; then
  case "`$*" in *aec_method=`$FAKE_PACTL_FAIL*) echo "Failure: Module initialization failed" >&2; exit 1;; esac
fi
exec '$realPactl' "`$@"
"@
        & chmod +x (Join-Path $fakeBin 'pactl')
        function script:Use-FakePactl([string] $FailMethod, [scriptblock] $Body) {
            $path = $env:PATH
            $env:FAKE_PACTL_LOG = Join-Path $work ("pactl-" + [guid]::NewGuid().ToString('n') + '.log'); $env:FAKE_PACTL_FAIL = $FailMethod
            $env:PATH = "$fakeBin$([IO.Path]::PathSeparator)$path"
            try { & $Body } finally { $env:PATH = $path; Remove-Item Env:FAKE_PACTL_FAIL -ErrorAction SilentlyContinue }
        }
    }

    AfterAll {
        Remove-Item Env:PULSE_SERVER -ErrorAction SilentlyContinue
        & bash $script:setup stop
    }

    It 'lists the null sinks and their monitors' {
        $devices = Get-GeminiAudioDevice
        ($devices | Where-Object Kind -EQ 'Output').Name | Should -Contain 'speaker'
        ($devices | Where-Object Kind -EQ 'Input').Name | Should -Contain 'room.monitor'
    }

    It 'hears a spoken turn from the mic and plays the reply to the speaker' {
        $rec = Start-MonitorRecording 'speaker.monitor' 7
        $player = Invoke-Later 0.8 "paplay -d room '$speech'"
        $summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputDevice room.monitor -OutputDevice speaker -EchoMode FullDuplex -Duration 6 -Quiet
        $player.WaitForExit(10000) | Should -BeTrue
        $recording = Stop-MonitorRecording $rec

        $summary.StopReason | Should -Be 'Duration'
        $summary.TurnCount | Should -Be 1
        $turn = $summary.Turns[0]
        $turn.InputTranscript | Should -Match '^\[speech \d+\.\d s\]$'
        $turn.OutputTranscript | Should -Be "You said: $($turn.InputTranscript)"
        $turn.Interrupted | Should -BeFalse
        $turn.TimeToFirstAudio.TotalMilliseconds | Should -BeLessThan 2000
        # What reached the speaker: the reply's first tone is the word "You".
        $first = [Array]::FindIndex($recording.Levels, [Predicate[double]] { param($l) $l -gt -30 })
        $first | Should -BeGreaterThan -1
        $offset = ($first + 5) * 320
        Get-DominantToneFrequency $recording.Pcm 16000 $offset 1600 | Should -Be (Get-WordFrequency 'You')
        Write-Host ("    time to first audio {0:0} ms; played {1:0.00} s" -f $turn.TimeToFirstAudio.TotalMilliseconds, $summary.AudioPlayed.TotalSeconds)
    }

    It 'EchoCancel loads module-echo-cancel around the devices, runs a turn through the pair and unloads it' {
        $modulesBefore = Get-PulseModules
        $volumeBefore = (& pactl get-source-volume room.monitor | Select-Object -First 1)
        $during = Join-Path $work 'modules-during.txt'
        $rec = Start-MonitorRecording 'speaker.monitor' 7
        $probe = Invoke-Later 2.5 "pactl list modules short > '$during'; pactl list short sources >> '$during'; pactl list short sink-inputs >> '$during'"
        $player = Invoke-Later 0.8 "paplay -d room '$speech'"
        $summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputDevice room.monitor -OutputDevice speaker -EchoMode EchoCancel -Duration 6 -Quiet
        $player.WaitForExit(10000) | Should -BeTrue
        $probe.WaitForExit(10000) | Should -BeTrue
        $recording = Stop-MonitorRecording $rec

        # While it ran: one module-echo-cancel with the requested arguments, and its echo-cancelled source.
        $seen = Get-Content $during
        $ec = @($seen | Where-Object { $_ -match '\tmodule-echo-cancel\t' })
        $ec.Count | Should -Be 1
        $ec[0] | Should -Match 'source_master=room\.monitor sink_master=speaker source_name=gemini_ec_source sink_name=gemini_ec_sink aec_method=webrtc'
        ($seen -join "`n") | Should -Match '\tgemini_ec_source\tmodule-echo-cancel'
        # The conversation captured from and played to the pair, full duplex.
        $summary.Echo | Should -Be 'EchoCancel'
        $summary.InputDevice | Should -Be 'Pulse: gemini_ec_source'
        $summary.OutputDevice | Should -Be 'Pulse: gemini_ec_sink'
        $summary.StopReason | Should -Be 'Duration'
        $summary.TurnCount | Should -Be 1
        $turn = $summary.Turns[0]
        $turn.InputTranscript | Should -Match '^\[speech \d+\.\d s\]$'
        $turn.OutputTranscript | Should -Be "You said: $($turn.InputTranscript)"
        # The reply went through gemini_ec_sink to the real speaker: its first tone is the word "You".
        $first = [Array]::FindIndex($recording.Levels, [Predicate[double]] { param($l) $l -gt -30 })
        $first | Should -BeGreaterThan -1
        Get-DominantToneFrequency $recording.Pcm 16000 (($first + 5) * 320) 1600 | Should -Be (Get-WordFrequency 'You')
        # Afterwards: nothing left behind, and the microphone's volume untouched (WebRTC's analog AGC is off).
        (Get-PulseModules) -join "`n" | Should -Be ($modulesBefore -join "`n")
        (& pactl list short sources) -join "`n" | Should -Not -Match 'gemini_ec'
        (& pactl get-source-volume room.monitor | Select-Object -First 1) | Should -Be $volumeBefore
    }

    It 'EchoCancel falls back to half duplex with a warning saying why when the module cannot be loaded' {
        $modulesBefore = Get-PulseModules
        Use-FakePactl '' {
            $player = Invoke-Later 0.8 "paplay -d room '$speech'"
            $script:summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputDevice room.monitor -OutputDevice speaker -EchoMode EchoCancel -Duration 5 -Quiet -WarningVariable w -WarningAction SilentlyContinue
            $script:warnings = $w
            $player.WaitForExit(10000) | Should -BeTrue
            $script:calls = Get-Content $env:FAKE_PACTL_LOG
        }
        @($warnings).Count | Should -Be 1
        $text = "$warnings"
        $text | Should -Match 'using half duplex'
        $text | Should -Match 'aec_method=webrtc: Failure: Module initialization failed'
        $text | Should -Match 'aec_method=speex: Failure: Module initialization failed'
        @($calls | Where-Object { $_ -like 'load-module module-echo-cancel *' }).Count | Should -Be 2
        $summary.Echo | Should -Be 'HalfDuplex'
        $summary.InputDevice | Should -Be 'Pulse: room.monitor'
        $summary.OutputDevice | Should -Be 'Pulse: speaker'
        # The conversation still works, on the devices as given.
        $summary.TurnCount | Should -Be 1
        (Get-PulseModules) -join "`n" | Should -Be ($modulesBefore -join "`n")
    }

    It 'EchoCancel uses speex when webrtc cannot be loaded, and unloads it' {
        $modulesBefore = Get-PulseModules
        Use-FakePactl 'webrtc' {
            $script:summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputDevice room.monitor -OutputDevice speaker -EchoMode EchoCancel -Duration 1.5 -Quiet -WarningVariable w
            $script:warnings = $w
            $script:calls = Get-Content $env:FAKE_PACTL_LOG
        }
        $warnings | Should -BeNullOrEmpty
        $summary.Echo | Should -Be 'EchoCancel'
        $summary.InputDevice | Should -Be 'Pulse: gemini_ec_source'
        $loads = @($calls | Where-Object { $_ -like 'load-module module-echo-cancel *' })
        $loads.Count | Should -Be 2
        $loads[0] | Should -Match 'aec_method=webrtc'
        $loads[1] | Should -Match 'aec_method=speex'
        @($calls | Where-Object { $_ -match '^unload-module \d+$' }).Count | Should -Be 1
        (Get-PulseModules) -join "`n" | Should -Be ($modulesBefore -join "`n")
    }

    It 'Auto picks echo cancellation on Linux with PulseAudio' {
        $summary = Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey $key -InputDevice room.monitor -OutputDevice speaker -Duration 1 -Quiet
        $summary.Echo | Should -Be 'EchoCancel'
        (Get-PulseModules) -join "`n" | Should -Not -Match 'module-echo-cancel'
    }

    It 'stops playback within one device buffer when the user barges in' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -InputTranscription
        try {
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($Manifest, $Session)
                Import-Module $Manifest
                Start-GeminiVoice -Session $Session -InputDevice room.monitor -OutputDevice speaker -EchoMode FullDuplex -Duration 9 -Quiet
            }).AddArgument($manifest).AddArgument($s)
            $handle = $ps.BeginInvoke()
            $rec = Start-MonitorRecording 'speaker.monitor' 9
            Start-Sleep -Milliseconds 800
            # A long reply (about 9 s of audio) through the voice loop; then speech while it plays.
            Send-GeminiText -Session $s -NoWait -Text ('please keep talking for a good while ' * 4)
            $player = Invoke-Later 2.5 "paplay -d room '$speech'"
            $summary = $ps.EndInvoke($handle) | Select-Object -Last 1
            $ps.Dispose()
            $recording = Stop-MonitorRecording $rec
            $player.WaitForExit(5000) | Should -BeTrue

            $cut = $summary.Turns | Where-Object Interrupted | Select-Object -First 1
            $cut | Should -Not -BeNullOrEmpty
            $cut.InterruptedAt | Should -Not -BeNullOrEmpty
            $cut.BargeInStopLatency | Should -Not -BeNullOrEmpty
            # Independent measure at the monitor: from interrupted's arrival to the start of lasting silence.
            $t0 = $cut.InterruptedAt.UtcTicks
            $i = [Array]::FindIndex($recording.Stamps, [Predicate[long]] { param($t) $t -ge $t0 })
            $i | Should -BeGreaterThan 0
            $silentFrom = $null
            for ($j = $i; $j -lt $recording.Levels.Length; $j++) {
                if ($recording.Levels[$j] -lt -50) { if ($null -eq $silentFrom) { $silentFrom = $j } }
                else { $silentFrom = $null }
                if ($null -ne $silentFrom -and $j - $silentFrom -ge 30) { break } # 300 ms of silence
            }
            $silentFrom | Should -Not -BeNullOrEmpty
            $latencyMs = ($recording.Stamps[$silentFrom] - $t0) / 10000.0
            Write-Host ("    barge-in: interrupted -> silence at the monitor {0:0} ms (flush returned after {1:0} ms)" -f $latencyMs, $cut.BargeInStopLatency.TotalMilliseconds)
            # One device buffer is 60 ms; the bound is generous for a loaded CI machine.
            $latencyMs | Should -BeLessThan 300
            # The reply really was playing before the cut.
            ($recording.Levels[0..($i - 1)] | Where-Object { $_ -gt -30 }).Count | Should -BeGreaterThan 10
        }
        finally { $s | Disconnect-GeminiRealtime }
    }

    It 'leaves no thread or file descriptor behind after 100 Ctrl+C stops' {
        function Get-GeminiThreadCount { @(Get-ChildItem /proc/self/task | Where-Object { (Get-Content "$($_.FullName)/comm" -ErrorAction SilentlyContinue) -like 'GeminiRealtime*' }).Count }
        function Get-FdCount { @(Get-ChildItem /proc/self/fd).Count }
        $fdBefore = Get-FdCount
        $rs = [runspacefactory]::CreateRunspace(); $rs.Open()
        try {
            $init = [powershell]::Create(); $init.Runspace = $rs
            $null = $init.AddScript({ param($m) Import-Module $m }).AddArgument($manifest).Invoke(); $init.Dispose()
            foreach ($cycle in 1..100) {
                $ps = [powershell]::Create(); $ps.Runspace = $rs
                $null = $ps.AddCommand('Start-GeminiVoice').AddParameter('Endpoint', $emulator.Endpoint).AddParameter('ApiKey', $key).
                    AddParameter('InputDevice', 'room.monitor').AddParameter('OutputDevice', 'speaker').AddParameter('Quiet')
                $handle = $ps.BeginInvoke()
                Start-Sleep -Milliseconds 250
                $ps.Stop()   # what Ctrl+C does: StopProcessing
                $ps.InvocationStateInfo.State | Should -BeIn 'Stopped', 'Completed'
                $ps.Dispose()
                Get-GeminiThreadCount | Should -Be 0 -Because "cycle $cycle must join its capture and playback threads"
            }
        }
        finally { $rs.Dispose() }
        # Auto loaded module-echo-cancel in every cycle: Ctrl+C unloaded it each time.
        (Get-PulseModules) -join "`n" | Should -Not -Match 'module-echo-cancel'
        $fdAfter = Get-FdCount
        ($fdAfter - $fdBefore) | Should -BeLessOrEqual 8
        Write-Host "    file descriptors before $fdBefore, after $fdAfter"
    }
}
