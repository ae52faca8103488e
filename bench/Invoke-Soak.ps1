#Requires -Version 7.0
<#
.SYNOPSIS
    The long version of the conversation soak test (tests/GeminiRealtime.Tests/Session/ConversationSoakTests.cs):
    many text turns through an emulator injecting drops (1006), 1011 closes and goAway lifetimes, asserting every turn
    answered exactly once, in order, and every reconnect resumed with the newest handle. CI runs 40 turns.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Soak.ps1 -Turns 1000
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 100000)]
    [int] $Turns = 600
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $PSScriptRoot '../tests/GeminiRealtime.Tests/GeminiRealtime.Tests.csproj'
$env:GEMINIREALTIME_SOAK_TURNS = "$Turns"
try {
    & dotnet test $project -c Release --nologo --filter 'FullyQualifiedName~ConversationSoakTests' --logger 'console;verbosity=normal'
    if ($LASTEXITCODE -ne 0) { throw "The long soak run failed (exit code $LASTEXITCODE)." }
}
finally {
    Remove-Item Env:GEMINIREALTIME_SOAK_TURNS -ErrorAction SilentlyContinue
}
