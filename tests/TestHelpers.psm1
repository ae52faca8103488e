# Shared set-up for the Pester suites: every test imports the BUILT module, as users do.
# build.ps1 Test sets GEMINIREALTIME_MODULE to the module it just built (it may build outside out/).
$script:ModuleManifest = if ($env:GEMINIREALTIME_MODULE) { $env:GEMINIREALTIME_MODULE } else { Join-Path $PSScriptRoot '../out/GeminiRealtime/GeminiRealtime.psd1' }

function Import-GeminiModule {
    if (-not (Test-Path $script:ModuleManifest)) {
        throw "The module is not built: run 'dotnet pwsh ./build.ps1 Build' first (looked for $script:ModuleManifest)."
    }
    Import-Module $script:ModuleManifest -Force -Global
}

# A key that must never show up in any output, error, verbose text or file.
$script:FakeKey = 'AIzaSyFAKE-KEY-9f8e7d6c5b4a3210-never-print-me'
function Get-FakeKey { $script:FakeKey }

# Bounded wait for something that happens in the background: $true once -Condition holds, $false at the deadline.
function Wait-Until {
    param([Parameter(Mandatory)][scriptblock] $Condition, [double] $TimeoutSec = 10, [int] $IntervalMilliseconds = 20)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($clock.Elapsed.TotalSeconds -ge $TimeoutSec) { return $false }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    $true
}

Export-ModuleMember -Function Import-GeminiModule, Get-FakeKey, Wait-Until
