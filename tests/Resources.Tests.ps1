#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Resource hygiene through the cmdlets: 100 Connect-GeminiRealtime / Disconnect-GeminiRealtime cycles against the
# emulator leave no sessions, threads, file descriptors or sockets behind (generous bounds: the thread pool and the
# runtime may keep a few). The engine-level twin is tests/GeminiRealtime.Tests/Reliability/ResourceHygieneTests.cs.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0

    function Get-ResourceSnapshot {
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $fds = 0; $sockets = 0
        if ($IsLinux) {
            foreach ($fd in [System.IO.Directory]::GetFiles('/proc/self/fd')) {
                $fds++
                try { if ("$(([System.IO.FileInfo]::new($fd)).LinkTarget)".StartsWith('socket:')) { $sockets++ } } catch { }
            }
        }
        [pscustomobject]@{ Threads = $process.Threads.Count; Fds = $fds; Sockets = $sockets; Handles = $process.HandleCount }
    }

    function Wait-Settled($Baseline) {
        $now = Get-ResourceSnapshot
        for ($i = 0; $i -lt 25; $i++) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            Start-Sleep -Milliseconds 200
            $now = Get-ResourceSnapshot
            if ($null -eq $Baseline) { if ($i -ge 2) { break } }
            elseif ($now.Fds -le $Baseline.Fds -and $now.Sockets -le $Baseline.Sockets) { break }
        }
        $now
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    Stop-GeminiEmulator -ErrorAction SilentlyContinue
}

Describe 'Resource hygiene through the cmdlets' {
    It '100 connect/disconnect cycles leak no sessions, threads, file descriptors or sockets' {
        for ($i = 0; $i -lt 3; $i++) {
            $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -TimeoutSec 10
            Disconnect-GeminiRealtime
        }
        $before = Wait-Settled $null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt 100; $i++) {
            $session = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -TimeoutSec 10
            $session.State | Should -Be 'Open'
            Disconnect-GeminiRealtime
            $session.State | Should -Be 'Closed'
            if ($watch.Elapsed.TotalSeconds -gt 60) { throw "100 cycles did not finish within 60 s (cycle $i)." }
        }
        $after = Wait-Settled $before
        $report = "before: $($before | Out-String -Width 200) after: $($after | Out-String -Width 200) in $($watch.ElapsedMilliseconds) ms"

        @(Get-GeminiSession -All -ErrorAction SilentlyContinue | Where-Object { "$($_.State)" -ne 'Closed' }).Count | Should -Be 0 -Because 'no session stays open'
        ($after.Threads - $before.Threads) | Should -BeLessOrEqual 15 -Because "threads must not grow: $report"
        if ($IsLinux) {
            ($after.Fds - $before.Fds) | Should -BeLessOrEqual 10 -Because "file descriptors must not grow: $report"
            ($after.Sockets - $before.Sockets) | Should -BeLessOrEqual 4 -Because "sockets must not grow: $report"
        }
        ($after.Handles - $before.Handles) | Should -BeLessOrEqual 30 -Because "handles must not grow: $report"
        $emulator.ActiveSessions | Should -Be 0
    }
}
