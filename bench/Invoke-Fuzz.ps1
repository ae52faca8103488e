#Requires -Version 7.0
<#
.SYNOPSIS
    The long version of the reliability suite: the fuzz tests of tests/GeminiRealtime.Tests/Reliability with many more
    cases (GEMINIREALTIME_FUZZ_SCALE times the CI count; same deterministic seeds, so a failure reproduces).
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Fuzz.ps1 -Scale 50
#>
[CmdletBinding()]
param(
    # Case-count multiplier (CI runs 1: ~3,000 decode cases, ~3,000 emulator reads, 1,000 frames over sockets).
    [ValidateRange(1, 10000)]
    [int] $Scale = 50
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $PSScriptRoot '../tests/GeminiRealtime.Tests/GeminiRealtime.Tests.csproj'
$env:GEMINIREALTIME_FUZZ_SCALE = "$Scale"
try {
    & dotnet test $project -c Release --nologo --filter 'FullyQualifiedName~Reliability' --logger 'console;verbosity=normal'
    if ($LASTEXITCODE -ne 0) { throw "The long fuzz run failed (exit code $LASTEXITCODE)." }
}
finally {
    Remove-Item Env:GEMINIREALTIME_FUZZ_SCALE -ErrorAction SilentlyContinue
}
