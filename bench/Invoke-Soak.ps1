#Requires -Version 7.0
<#
.SYNOPSIS
    The long version of the conversation soak test (tests/GeminiRealtime.Tests/Session/ConversationSoakTests.cs):
    many text and tool turns through an emulator injecting drops (1006), 1011 closes and goAway lifetimes, asserting
    every user turn answered exactly once and in order (a tool turn may instead be reported lost once its tool started),
    no tool run twice, every call answered or cut with its connection, and every reconnect resumed with the newest
    handle. CI runs 120 turns.
.DESCRIPTION
    Every -ToolEvery-th turn names a tool, alternately a BLOCKING one and a NON_BLOCKING one (answered WHEN_IDLE: the
    model speaks the result in a turn of its own, which the next turn's reader skips as Send-GeminiText does).
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Soak.ps1 -Turns 1000 -ToolEvery 2
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 100000)]
    [int] $Turns = 600,

    [ValidateRange(1, 100000)]
    [int] $ToolEvery = 3
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $PSScriptRoot '../tests/GeminiRealtime.Tests/GeminiRealtime.Tests.csproj'
$env:GEMINIREALTIME_SOAK_TURNS = "$Turns"
$env:GEMINIREALTIME_SOAK_TOOL_EVERY = "$ToolEvery"
try {
    # Detailed: the test writes its numbers (turns, tool calls, reconnects, faults, time) to the test output.
    & dotnet test $project -c Release --nologo --filter 'FullyQualifiedName~ConversationSoakTests' --logger 'console;verbosity=detailed'
    if ($LASTEXITCODE -ne 0) { throw "The long soak run failed (exit code $LASTEXITCODE)." }
}
finally {
    Remove-Item Env:GEMINIREALTIME_SOAK_TURNS, Env:GEMINIREALTIME_SOAK_TOOL_EVERY -ErrorAction SilentlyContinue
}
