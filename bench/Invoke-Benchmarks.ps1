#Requires -Version 7.0
<#
.SYNOPSIS
    Runs the benchmarks and measured scenarios side by side and writes bench/results.md.
.DESCRIPTION
    Builds bench/GeminiRealtime.Benchmarks (Release), makes sure the official JavaScript SDK is installed in bench/js
    (npm ci), then runs everything in one go: BenchmarkDotNet micro benchmarks (receive and send path, ShortRun,
    in-process), the duplex CPU minute (our client and the JS SDK against the same emulator), the tool round trip
    (C# handler, JS SDK and a PowerShell scriptblock tool through the cmdlets in a pwsh child), cold start-up
    (PowerShell + this module vs. node + the SDK), the 60-minute memory run, and barge-in + capture latency through
    the real Linux audio path (a headless PulseAudio with null sinks that the run starts and stops itself, like
    tests/audio/pulse-null-sink.sh; without pulseaudio/pulseaudio-utils installed those rows say so). Called by
    `./build.ps1 Bench`, which builds the module first and passes its manifest. Takes about 5-10 minutes on 2 cores.
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench
.EXAMPLE
    ./bench/Invoke-Benchmarks.ps1 -ModulePath ./out/GeminiRealtime/GeminiRealtime.psd1 -Quick -OutFile /tmp/results.md
#>
[CmdletBinding()]
param(
    # The built module manifest (out/GeminiRealtime/GeminiRealtime.psd1) for the start-up measurement.
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Where the results go (default: bench/results.md, the committed copy).
    [string] $OutFile = (Join-Path $PSScriptRoot 'results.md'),

    # Fewer rounds and a 5-minute memory run: for checking the harness, not for results.md.
    [switch] $Quick,

    # Skip the BenchmarkDotNet part.
    [switch] $SkipMicro
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$project = Join-Path $PSScriptRoot 'GeminiRealtime.Benchmarks/GeminiRealtime.Benchmarks.csproj'
$binary = Join-Path $PSScriptRoot 'GeminiRealtime.Benchmarks/bin/Release/net10.0/GeminiRealtime.Benchmarks.dll'
$js = Join-Path $PSScriptRoot 'js'

Write-Host 'Building the benchmarks (Release)...' -ForegroundColor Cyan
& dotnet build $project -c Release --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "Building $project failed (exit code $LASTEXITCODE)." }

$node = Get-Command node -ErrorAction SilentlyContinue
if ($node -and -not (Test-Path (Join-Path $js 'node_modules/@google/genai'))) {
    Write-Host 'Installing the official JavaScript SDK into bench/js (npm ci)...' -ForegroundColor Cyan
    Push-Location $js
    try {
        & npm ci --no-audit --no-fund --loglevel=error
        if ($LASTEXITCODE -ne 0) { Write-Warning 'npm ci failed: the JS SDK comparisons will be missing from the results.' }
    }
    finally { Pop-Location }
}
if (-not $node) { Write-Warning 'node is not on PATH: the JS SDK comparisons will be missing from the results.' }

# The PowerShell that runs this script (under 'dotnet pwsh': the dotnet host + pwsh.dll) measures the module's start-up.
$pwshHost = (Get-Process -Id $PID).Path
$arguments = @(
    $binary, 'run',
    '--out', $OutFile,
    '--artifacts', (Join-Path $PSScriptRoot 'BenchmarkDotNet.Artifacts'),
    '--module', (Resolve-Path $ModulePath).Path,
    '--pwsh', $pwshHost,
    '--pwsh-version', $PSVersionTable.PSVersion.ToString(),
    '--js', $js
)
if ($pwshHost -match 'dotnet(\.exe)?$') { $arguments += @('--pwsh-dll', (Join-Path $PSHOME 'pwsh.dll')) }
if ($node) { $arguments += @('--node', $node.Source) }
if ($Quick) { $arguments += '--quick' }
if ($SkipMicro) { $arguments += '--skip-micro' }

$watch = [Diagnostics.Stopwatch]::StartNew()
& dotnet @arguments
if ($LASTEXITCODE -ne 0) { throw "The benchmark run failed (exit code $LASTEXITCODE)." }

# Screen capture + encode cost adds its own section to the same results file; it needs an X server (Xvfb).
if (Get-Command Xvfb -ErrorAction SilentlyContinue) {
    & (Join-Path $PSScriptRoot 'Vision.Bench.ps1') -ModulePath $ModulePath -ResultsPath $OutFile
}
else { Write-Warning 'Xvfb is not installed (apt-get install xvfb x11-apps): the vision benchmark is missing from the results.' }
Write-Host ("Benchmarks done in {0:0.0} min: {1}" -f $watch.Elapsed.TotalMinutes, $OutFile) -ForegroundColor Green
