#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# New-GeminiEphemeralToken against the emulator's POST /v1alpha/auth_tokens, and Connect-GeminiRealtime with the token
# on the …Constrained path. Refusals follow protocol.md §9: an unknown or expired token is a credential error (1007,
# "API key not valid…" / "API key expired…"); a token with no uses left, or past newSessionExpireTime, cannot start a
# new session (1008, PERMISSION_DENIED; emulator wording — the service's words are UNCERTAIN); a setup that changes a
# locked field is 1007 "Request contains an invalid argument.".

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0

    function Get-ConnectError([scriptblock] $Connect) {
        $err = $null
        try { & $Connect } catch { $err = $_ }
        $err
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'New-GeminiEphemeralToken' {
    AfterEach { Disconnect-GeminiRealtime -All }

    It 'issues a one-use token as a SecureString, with the service defaults' {
        $before = [DateTimeOffset]::UtcNow
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key
        $token | Should -BeOfType ([GeminiRealtime.PowerShell.GeminiEphemeralToken])
        $token.Token | Should -BeOfType ([securestring])
        $token.Uses | Should -Be 1
        ($token.ExpireTime - $before).TotalMinutes | Should -BeGreaterThan 29
        ($token.ExpireTime - $before).TotalMinutes | Should -BeLessThan 31
        ($token.NewSessionExpireTime - $before).TotalSeconds | Should -BeGreaterThan 55
        [pscredential]::new('t', $token.Token).GetNetworkCredential().Password | Should -Match '^auth_tokens/[A-Za-z0-9_-]{20,}$'
    }

    It 'connects with the token on the v1alpha Constrained path' {
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key
        $session = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token.Token
        $session.State | Should -Be 'Open'
        $session.Url.AbsolutePath | Should -Be '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained'
        $reply = 'hello' | Send-GeminiText
        $reply.Text | Should -Not -BeNullOrEmpty
    }

    It 'refuses a second session with a one-use token (1008), as a new session needs a use' {
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -Uses 1
        $first = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token
        $first.State | Should -Be 'Open'
        $err = Get-ConnectError { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token -NoReconnect -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.CloseCode | Should -Be 1008
        $err.Exception.Reason | Should -Be 'The ephemeral token has no uses left to start a new session.'
    }

    It 'lets an unlimited token (-Uses 0) start several sessions' {
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -Uses 0
        $token.Uses | Should -Be 0
        1..3 | ForEach-Object { (Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token).State | Should -Be 'Open' }
    }

    It 'refuses an expired token with the service''s 1007 "API key expired"' {
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -ExpireTime (Get-Date).AddSeconds(1.5)
        Start-Sleep -Milliseconds 2000
        $err = Get-ConnectError { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token -NoReconnect -ErrorAction Stop }
        $err.Exception.CloseCode | Should -Be 1007
        $err.Exception.Reason | Should -Be 'API key expired. Please renew the API key.'
    }

    It 'refuses a token the emulator never issued (1007 "API key not valid")' {
        $err = Get-ConnectError { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey 'auth_tokens/made-up-token-1234' -NoReconnect -ErrorAction Stop }
        $err.Exception.CloseCode | Should -Be 1007
        $err.Exception.Reason | Should -Be 'API key not valid. Please pass a valid API key.'
    }

    It 'enforces a locked setup: a changed locked field is 1007, the same value is accepted' {
        $locked = @{ model = 'models/gemini-3.8-live'; generationConfig = @{ temperature = 0.2 } }
        $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -Uses 0 -LockedSetup $locked -LockedField 'generationConfig.temperature'
        $token.LockedFields | Should -Be @('generationConfig.temperature')
        $err = Get-ConnectError { Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token -Temperature 0.9 -NoReconnect -ErrorAction Stop }
        $err.Exception.CloseCode | Should -Be 1007
        (Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $token -Temperature 0.2).State | Should -Be 'Open'
    }

    It 'fails with an authentication error for a wrong key (the service''s 400 message)' {
        $err = $null
        try { New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GeminiTokenRequestFailed*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.StatusCode | Should -Be 400
        $err.Exception.Message | Should -Be 'API key not valid. Please pass a valid API key.'
    }

    It 'refuses times in the past before calling the service' {
        { New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -ExpireTime (Get-Date).AddMinutes(-1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'GeminiTokenTimeOutOfRange*'
    }

    It 'creates nothing under -WhatIf' {
        New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -WhatIf | Should -BeNullOrEmpty
    }

    It 'never shows the API key (or the token) in its output, views, verbose text or errors' {
        $everything = & {
            $token = New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey $key -Verbose
            $token | Format-Table | Out-String
            $token | Format-List * | Out-String
            $token | ConvertTo-Json -Depth 5
            "$token"
            try { New-GeminiEphemeralToken -Endpoint $emulator.Endpoint -ApiKey "$key-wrong" -ErrorAction Stop } catch { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }
            $emulator.Traffic | Format-List * | Out-String
        } *>&1 | Out-String
        $everything | Should -Not -BeNullOrEmpty
        $everything | Should -Not -Match ([regex]::Escape($key))
        $everything | Should -Not -Match 'auth_tokens/[A-Za-z0-9_-]{20,}'
    }
}
