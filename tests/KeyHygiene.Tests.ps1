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
