#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Google's official JavaScript SDK (@google/genai, from npm) talks to the emulator unchanged: its URL (v1, double
# slash, ?key= not URL-encoded), its headers and its camelCase messages are all accepted.

BeforeDiscovery {
    $script:node = Get-Command node -ErrorAction SilentlyContinue
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
    $script:jsFolder = Join-Path $PSScriptRoot 'js'
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) { throw 'Node.js is required for the official SDK test (the machine image ships it).' }
    if (-not (Test-Path (Join-Path $jsFolder 'node_modules/@google/genai'))) {
        Push-Location $jsFolder
        try { npm ci --no-audit --no-fund --loglevel=error | Out-Host; if ($LASTEXITCODE) { throw "npm ci failed ($LASTEXITCODE)" } }
        finally { Pop-Location }
    }
    function Invoke-SdkTurn([string] $Model, [string] $Text, [string] $Path = 'realtimeText', [string] $ApiKey = $script:key) {
        $json = node (Join-Path $jsFolder 'live-turn.mjs') $emulator.Endpoint.ToString() $ApiKey $Model $Text $Path
        $json | Select-Object -Last 1 | ConvertFrom-Json
    }
}

AfterAll {
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'The official @google/genai SDK against the emulator' {
    It 'completes a realtime text turn with audio and transcription' {
        $result = Invoke-SdkTurn 'gemini-3.8-live' 'hello from javascript'
        $result.error | Should -BeNullOrEmpty
        $result.setupComplete | Should -BeTrue
        $result.transcript | Should -Be 'You said: hello from javascript'
        $result.audioBytes | Should -BeGreaterThan 9600
        $result.turnComplete | Should -BeTrue
        $result.usage.totalTokenCount | Should -BeGreaterThan 0
    }

    It 'completes a clientContent turn' {
        $result = Invoke-SdkTurn 'gemini-3.8-live' 'a client content turn' 'clientContent'
        $result.error | Should -BeNullOrEmpty
        $result.transcript | Should -Be 'You said: a client content turn'
    }

    It 'sees the service''s 1007 close for a wrong key' {
        $result = Invoke-SdkTurn 'gemini-3.8-live' 'hello' -ApiKey 'not-the-key'
        $result.error | Should -Match '1007'
        $result.error | Should -Match 'API key not valid'
    }

    It 'connected the way the SDK does: v1 path with a double slash, key in the query' {
        $http = $emulator.Traffic | Where-Object { $_.Direction -eq 'Http' -and $_.Path -like '//ws/*' } | Select-Object -First 1
        $http | Should -Not -BeNullOrEmpty
        $http.Path | Should -BeLike '//ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent?key=***'
        ($emulator.Traffic.Text -join "`n") | Should -Not -Match ([regex]::Escape($key))
    }
}
