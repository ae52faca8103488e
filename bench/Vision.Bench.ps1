#Requires -Version 7.0
<#
.SYNOPSIS
    Vision benchmark: CPU cost of capture + change check + scale + JPEG per frame of a 1920x1080 X11 screen (Xvfb),
    reported as a fraction of one core at 1 frame a second. Writes the "Vision" section of bench/results.md.
.EXAMPLE
    dotnet pwsh ./bench/Vision.Bench.ps1 -ModulePath ./out/GeminiRealtime/GeminiRealtime.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Frames = 40,
    [string] $ResultsPath = (Join-Path $PSScriptRoot 'results.md')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
if (-not (Get-Command Xvfb -ErrorAction SilentlyContinue)) { throw 'Xvfb is not installed (apt-get install xvfb x11-apps).' }

$number = 90
while ((Test-Path "/tmp/.X11-unix/X$number") -or (Test-Path "/tmp/.X$number-lock")) { $number++ }
$xvfb = Start-Process Xvfb -ArgumentList ":$number -screen 0 1920x1080x24 -nolisten tcp -noreset" -PassThru -RedirectStandardOutput ([IO.Path]::GetTempFileName()) -RedirectStandardError ([IO.Path]::GetTempFileName())
$savedDisplay = $env:DISPLAY
try {
    $env:DISPLAY = ":$number"
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    do { Start-Sleep -Milliseconds 100; xsetroot -solid grey 2>$null } until ($LASTEXITCODE -eq 0 -or [DateTime]::UtcNow -gt $deadline)
    # A busy scene: a text-like pattern (xlogo windows) when available.
    $clients = @()
    if (Get-Command xlogo -ErrorAction SilentlyContinue) {
        foreach ($i in 0..5) { $clients += Start-Process xlogo -ArgumentList "-geometry 600x400+$($i * 220)+$($i * 110)" -PassThru }
        Start-Sleep 1
    }

    $capture = [GeminiRealtime.Vision.X11ScreenCapture]::Open([GeminiRealtime.Vision.ScreenCaptureTarget]::new())
    $policy = [GeminiRealtime.Vision.FrameChangePolicy]::new()
    $options = [GeminiRealtime.Vision.ImageEncoderOptions]::new()
    $process = [Diagnostics.Process]::GetCurrentProcess()
    # Warm up (JIT, first encode ~200 ms).
    foreach ($i in 1..3) { $f = $capture.Capture(); $null = [GeminiRealtime.Vision.ImageEncoder]::EncodeFrame($f, $options) }

    $wall = [Diagnostics.Stopwatch]::new(); $grab = [Diagnostics.Stopwatch]::new(); $diff = [Diagnostics.Stopwatch]::new(); $enc = [Diagnostics.Stopwatch]::new()
    $bytes = [long]0
    $cpu0 = $process.TotalProcessorTime
    $wall.Start()
    foreach ($i in 1..$Frames) {
        $grab.Start(); $frame = $capture.Capture(); $grab.Stop()
        $diff.Start(); $null = $policy.ShouldSend($frame, [TimeSpan]::FromSeconds($i)); $diff.Stop()
        $enc.Start(); $jpeg = [GeminiRealtime.Vision.ImageEncoder]::EncodeFrame($frame, $options); $enc.Stop()
        $bytes += $jpeg.Length
    }
    $wall.Stop()
    $process.Refresh()
    $cpu = ($process.TotalProcessorTime - $cpu0).TotalMilliseconds / $Frames
    $capture.Dispose()
    $clients | Stop-Process -ErrorAction SilentlyContinue

    $row = [ordered]@{
        'capture (XGetImage + BGRA copy), ms' = [math]::Round($grab.Elapsed.TotalMilliseconds / $Frames, 1)
        'tile change check, ms'               = [math]::Round($diff.Elapsed.TotalMilliseconds / $Frames, 1)
        'scale to 1024x576 + JPEG q75, ms'    = [math]::Round($enc.Elapsed.TotalMilliseconds / $Frames, 1)
        'wall time per frame, ms'             = [math]::Round($wall.Elapsed.TotalMilliseconds / $Frames, 1)
        'process CPU per frame, ms'           = [math]::Round($cpu, 1)
        'JPEG size, KB'                       = [math]::Round($bytes / $Frames / 1KB, 1)
    }
    $fraction = $cpu / 1000
    $lines = @('## Vision: screen capture + encode (bench/Vision.Bench.ps1)', '',
        "Measured $(Get-Date -Format 'yyyy-MM-dd') on $([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), Xvfb 1920x1080x24, $Frames frames, every frame encoded (worst case: no frame skipped as unchanged).", '',
        '| step | per frame |', '|---|---|')
    foreach ($k in $row.Keys) { $lines += "| $k | $($row[$k]) |" }
    $lines += ''
    $lines += "**At 1 frame a second: {0:P1} of one core** (process CPU per frame / 1000 ms). Unchanged frames cost only the capture and the tile check." -f $fraction
    $lines += ''
    $section = $lines -join "`n"

    $existing = if (Test-Path $ResultsPath) { Get-Content -Raw $ResultsPath } else { "# Benchmark results`n`n" }
    $pattern = '(?ms)^## Vision: screen capture.*?(?=^## |\z)'
    $updated = if ($existing -match $pattern) { [regex]::Replace($existing, $pattern, $section + "`n") } else { $existing.TrimEnd() + "`n`n" + $section + "`n" }
    Set-Content -Path $ResultsPath -Value $updated -Encoding utf8NoBOM
    $section
}
finally {
    $env:DISPLAY = $savedDisplay
    if (-not $xvfb.HasExited) { Stop-Process -Id $xvfb.Id; $xvfb.WaitForExit(5000) | Out-Null }
}
