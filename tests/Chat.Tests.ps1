#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Start-GeminiChat: the interactive text chat, driven here through the pipeline and through a real pwsh whose
# standard input is the keyboard.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
    $script:manifest = Join-Path (Get-Module GeminiRealtime).ModuleBase 'GeminiRealtime.psd1'
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Start-GeminiChat' {
    It 'chats line by line from the pipeline and stops at exit' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        try {
            $replies = 'first line', 'second line', 'exit', 'never sent' | Start-GeminiChat -Session $s -PassThru 6>$null
            $replies.Text | Should -Be @('You said: first line', 'You said: second line')
        }
        finally { $s | Disconnect-GeminiRealtime }
    }

    It 'uses the bundled emulator and says so when no key is set' {
        $saved = $env:GEMINI_API_KEY, $env:GOOGLE_API_KEY
        try {
            $env:GEMINI_API_KEY = $null; $env:GOOGLE_API_KEY = $null
            Disconnect-GeminiRealtime -All
            $warnings = $null
            $replies = 'offline please' | Start-GeminiChat -PassThru -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
            $replies.Text | Should -Be 'You said: offline please'
            "$warnings" | Should -Match 'No GEMINI_API_KEY or GOOGLE_API_KEY'
            # The chat's own session and emulator are gone afterwards.
            Get-GeminiSession | Should -BeNullOrEmpty
        }
        finally { $env:GEMINI_API_KEY, $env:GOOGLE_API_KEY = $saved }
    }

    It 'reads the keyboard in a real pwsh and leaves on exit' {
        $pwsh = (Get-Process -Id $PID).Path
        $prefix = @(if ($pwsh -match 'dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
        $script = "Import-Module '$manifest'; Start-GeminiChat -Offline"
        $output = "hello keyboard`nexit`n" | & $pwsh @prefix -NoProfile -Command $script 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $output | Should -Match 'You said: hello keyboard'
        $output | Should -Match 'emulator'
    }
}
