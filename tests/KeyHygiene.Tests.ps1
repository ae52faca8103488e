#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# The API key never appears in any output stream, error, verbose or debug text, formatted object, transcript or URL.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Key hygiene' {
    It 'keeps the key out of every stream, error, format view and transcript' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
        Start-Transcript -Path $transcript | Out-Null
        try {
            $everything = & {
                $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Verbose
                $s | Format-List * | Out-String
                $s.Setup | ConvertTo-Json -Depth 10
                $reply = 'hello' | Send-GeminiText -Verbose -Stream
                $reply | Format-List * | Out-String
                Get-GeminiSession | Format-Table | Out-String
                Send-GeminiText 'x' -NoWait -Verbose
                Receive-GeminiMessage -UntilTurnComplete -TimeoutSec 5 | Format-List * | Out-String
                try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" -ErrorAction Stop } catch { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }
                try { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Model 'no-such-model' -ErrorAction Stop -WarningAction Continue } catch { $_ | Format-List * -Force | Out-String }
                $emulator | Format-List * | Out-String
                $emulator.Traffic | Format-List * | Out-String
                $s | Disconnect-GeminiRealtime -PassThru -Verbose | Format-List * | Out-String
            } *>&1 | Out-String
        }
        finally {
            Stop-Transcript | Out-Null
            $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'
        }
        $everything.Length | Should -BeGreaterThan 1000
        $everything | Should -Not -Match ([regex]::Escape($key))
        $everything | Should -Match 'You said: hello'
        (Get-Content -Raw $transcript) | Should -Not -Match ([regex]::Escape($key))
        ($Error | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($key))
    }
}

Describe 'Key hygiene on error paths, with -Debug, of every exported cmdlet' {
    BeforeAll {
        # 0.1 s of 16 kHz mono silence: a microphone for Start-GeminiVoice -InputFile.
        $script:silenceWav = Join-Path $TestDrive 'silence.wav'
        $n = 3200
        $ms = [IO.MemoryStream]::new(); $bw = [IO.BinaryWriter]::new($ms)
        $bw.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $bw.Write([int](36 + $n)); $bw.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
        $bw.Write([int]16); $bw.Write([int16]1); $bw.Write([int16]1); $bw.Write([int]16000); $bw.Write([int]32000); $bw.Write([int16]2); $bw.Write([int16]16)
        $bw.Write([Text.Encoding]::ASCII.GetBytes('data')); $bw.Write([int]$n); $bw.Write([byte[]]::new($n)); $bw.Flush()
        [IO.File]::WriteAllBytes($script:silenceWav, $ms.ToArray())
        # A backend that cannot work on this OS: WinMM off Windows, PulseAudio (no sound server) on Windows.
        $script:missingBackend = if ([Environment]::OSVersion.Platform -eq 'Win32NT') { 'Pulse' } else { 'WinMM' }

        # Each case makes the cmdlet fail (or refuse) while the key is in play: passed as -ApiKey, or in $env:GEMINI_API_KEY
        # (cases that need a session connect one with the key from $env:GEMINI_API_KEY and close it again).
        $script:ErrorCases = [ordered]@{
            'Connect-GeminiRealtime'    = { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" -TimeoutSec 5 }
            'Disconnect-GeminiRealtime' = { Disconnect-GeminiRealtime -Session $null }
            'New-GeminiEphemeralToken'  = { New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" }
            'Get-GeminiSession'         = { Get-GeminiSession -Id 424242 }
            'Receive-GeminiMessage'     = { Receive-GeminiMessage -Session $null }
            'Send-GeminiText'           = { Send-GeminiText -Text '   ' }
            'Start-GeminiChat'          = { 'hi' | Start-GeminiChat -Endpoint 'http://127.0.0.1:1/' -ApiKey $key -TimeoutSec 2 }
            'Start-GeminiEmulator'      = { Start-GeminiEmulator -Port $emulator.Endpoint.Port -ApiKey $key }
            'Stop-GeminiEmulator'       = { Stop-GeminiEmulator -InputObject $null }
            'Wait-GeminiEmulator'       = { Wait-GeminiEmulator -TimeoutSec 0 }
            'Get-GeminiTranscript'      = { Get-GeminiTranscript -Session $null }
            'Export-GeminiTranscript'   = { Export-GeminiTranscript -Path (Join-Path $TestDrive 'k.json') -InputObject 42 }
            'Import-GeminiTranscript'   = { Import-GeminiTranscript -Path (Join-Path $TestDrive 'missing.json') }
            'Get-GeminiAudioDevice'     = { Get-GeminiAudioDevice -AudioBackend $missingBackend }
            'Get-GeminiTool'            = { Get-GeminiTool -Name 'no-such-tool' }
            'Register-GeminiTool'       = { Register-GeminiTool -Name 'not a valid name!' -ScriptBlock { 'x' } }
            'Unregister-GeminiTool'     = { Unregister-GeminiTool -Name 'no-such-tool' -PassThru }
            'Set-GeminiToolPolicy'      = { Set-GeminiToolPolicy -Policy Deny -Session $null -PassThru }
            'Send-GeminiAudio'          = { $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint; try { $s | Send-GeminiAudio -Path (Join-Path $TestDrive 'missing.wav') } finally { $s | Disconnect-GeminiRealtime } }
            'Send-GeminiImage'          = { $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint; try { $s | Send-GeminiImage -Bytes ([byte[]](1, 2, 3)) } finally { $s | Disconnect-GeminiRealtime } }
            'Start-GeminiScreenShare'   = { $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint; try { $s | Start-GeminiScreenShare -Interval 0.2 } finally { $s | Disconnect-GeminiRealtime } }
            'Stop-GeminiScreenShare'    = { Stop-GeminiScreenShare -InputObject $null }
            'Start-GeminiVoice'         = { Start-GeminiVoice -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" -InputFile $silenceWav -OutputFile (Join-Path $TestDrive 'voice.wav') -Quiet -Duration 5 }
            'Wait-GeminiTurn'           = { $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint; try { $s | Wait-GeminiTurn -TimeoutSec 1 } finally { $s | Disconnect-GeminiRealtime } }
        }
    }

    It 'has an error-path case for every exported cmdlet' {
        @((Get-Module GeminiRealtime).ExportedCmdlets.Keys | Where-Object { -not $script:ErrorCases.Contains($_) }) |
            Should -BeNullOrEmpty -Because 'every new cmdlet needs a key-hygiene error case here'
    }

    It 'keeps the key out of errors, debug, verbose and warnings when every cmdlet fails' {
        $saved = $env:GEMINI_API_KEY
        $env:GEMINI_API_KEY = $key
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
        $errors = 0
        try {
            $everything = foreach ($name in $script:ErrorCases.Keys) {
                try { $ErrorActionPreference = 'Stop'; & $script:ErrorCases[$name] *>&1 | Out-String; "NO ERROR: $name" }
                catch { $errors++; $_ | Format-List * -Force | Out-String; $_.Exception.ToString(); $_.ScriptStackTrace }
            }
        }
        finally {
            $env:GEMINI_API_KEY = $saved
            $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'
        }
        @($everything | Where-Object { $_ -like 'NO ERROR:*' }) | Should -BeNullOrEmpty -Because 'each case must actually reach an error path'
        $errors | Should -Be $script:ErrorCases.Count
        ($everything | Out-String) | Should -Not -Match ([regex]::Escape($key))
        ($Error | Format-List * -Force | Out-String) | Should -Not -Match ([regex]::Escape($key))
    }

    It 'takes the key from Get-Secret, piped or as -ApiKey (SecureString or PSCredential), and never shows it' {
        # SecretManagement is not served here: a stand-in with its shape (returns a SecureString by default).
        function Get-Secret { param([string] $Name, [switch] $AsPlainText) ConvertTo-SecureString $key -AsPlainText -Force }
        $out = & {
            $a = Get-Secret -Name Gemini | Connect-GeminiRealtime -Endpoint $emulator.Endpoint -Verbose -Debug
            $a.State
            $b = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey (Get-Secret -Name Gemini) -Verbose -Debug
            $b.State
            $c = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey ([pscredential]::new('gemini', (Get-Secret -Name Gemini)))
            $c.State
            ($a, $b, $c) | Format-List * | Out-String
            ($a, $b, $c) | Disconnect-GeminiRealtime
        } *>&1 | Out-String
        ([regex]::Matches($out, 'Open')).Count | Should -BeGreaterOrEqual 3 -Because 'the emulator accepts only this key'
        $out | Should -Not -Match ([regex]::Escape($key))
    }
}
