#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, documents, tests, packages and benchmarks the GeminiRealtime module.
.DESCRIPTION
    Tasks (first positional argument):
      Build    (default) compile and lay the importable module out at out/GeminiRealtime/ (assemblies, manifest,
               format file and compiled help).
      Docs     compile docs/en-US (PlatyPS markdown) to MAML and about_*.help.txt inside the built module.
      Test     Build, then every xunit test and every Pester test (tests/*.Tests.ps1, run in a fresh pwsh against
               the built module); prints 'N passed, N failed' and exits non-zero on any failure.
      Chat     Build, then talk: with GEMINI_API_KEY/GOOGLE_API_KEY and audio devices a spoken conversation
               (Start-GeminiVoice); otherwise a text chat (Start-GeminiChat), against the bundled emulator when no
               key is set.
      Package  Build, then produce out/repository/GeminiRealtime.<version>.nupkg (a local file repository) for
               Install-PSResource (tools/Publish-ModulePackage.ps1).
      Bench    Run the benchmarks in bench/ and write bench/results.md.
      Clean    Remove out/ and the bin/obj folders.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Docs', 'Test', 'Chat', 'Package', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester files or folders to run (Test task); default: every tests/*.Tests.ps1.
    [string[]] $PesterPath,

    # Skip the xunit part of the Test task (quicker Pester iterations).
    [switch] $SkipXunit,

    # Where the module and test results go (default: out/). Lets several checkouts or engineers build side by side.
    [string] $OutputRoot
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = if ($OutputRoot) { [IO.Path]::GetFullPath($OutputRoot) } else { Join-Path $Root 'out' }
$ModuleName = 'GeminiRealtime'
$ModuleOut = Join-Path $Out $ModuleName
$Solution = Join-Path $Root 'GeminiRealtime.PowerShell.sln'
$CmdletProject = Join-Path $Root 'src/GeminiRealtime.PowerShell/GeminiRealtime.PowerShell.csproj'
$TestProject = Join-Path $Root 'tests/GeminiRealtime.Tests/GeminiRealtime.Tests.csproj'

# What the module folder holds: our assemblies, plus (for Windows PowerShell 5.1 only; PowerShell 7.4+ binds
# its own runtime copies) the netstandard2.0 closure of System.Text.Json and friends.
$ModuleAssemblies = @('GeminiRealtime.dll', 'GeminiRealtime.PowerShell.dll')
$DependencyAssemblies = @(
    'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'System.Threading.Channels.dll',
    'Microsoft.Bcl.AsyncInterfaces.dll', 'System.Memory.dll', 'System.Buffers.dll',
    'System.Runtime.CompilerServices.Unsafe.dll', 'System.Threading.Tasks.Extensions.dll', 'System.Numerics.Vectors.dll',
    # Audio (Voice): NAudio 2.2.1, netstandard2.0. Core = resampler (every OS); WinMM = Windows devices (loaded on Windows only).
    'NAudio.Core.dll', 'NAudio.WinMM.dll',
    # Vision: ImageSharp 2.1.13 (managed; every PowerShell) and, for Windows PowerShell 5.1, its CodePages dependency.
    'SixLabors.ImageSharp.dll', 'System.Text.Encoding.CodePages.dll'
)

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -Raw (Join-Path $Root 'Directory.Build.props')
    $props.Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
}

function Get-NuGetPackageRoot {
    $line = & dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

# A fresh pwsh - the same PowerShell that runs this build (under 'dotnet pwsh': dotnet + pwsh.dll) - for work that
# must not load the built DLLs into the build's own process: help compilation, Pester, the chat.
function Invoke-Pwsh {
    $process = Get-Process -Id $PID
    if ($process.Path -match 'dotnet(\.exe)?$') { & $process.Path (Join-Path $PSHOME 'pwsh.dll') @args }
    else { & $process.Path @args }
}

function Invoke-Build {
    Write-Host "Building $ModuleName ($Configuration)..." -ForegroundColor Cyan
    $publish = Join-Path $Out 'publish'
    Invoke-Native dotnet @('publish', $CmdletProject, '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut
    foreach ($name in $ModuleAssemblies + $DependencyAssemblies) {
        $source = Join-Path $publish $name
        if (-not (Test-Path $source)) { throw "The build did not produce $name (expected in $publish)." }
        Copy-Item $source $ModuleOut
    }
    foreach ($name in $ModuleAssemblies) {
        $pdb = [IO.Path]::ChangeExtension((Join-Path $publish $name), '.pdb')
        if (Test-Path $pdb) { Copy-Item $pdb $ModuleOut }
    }
    Copy-Item (Join-Path $Root 'module/*.ps1xml') $ModuleOut
    $version = Get-ModuleVersion
    (Get-Content -Raw (Join-Path $Root 'module/GeminiRealtime.psd1')).Replace('{{ModuleVersion}}', $version) |
        Set-Content -Path (Join-Path $ModuleOut 'GeminiRealtime.psd1') -Encoding utf8NoBOM
    Invoke-Docs
    Write-Host "Module laid out at $ModuleOut (version $version)." -ForegroundColor Green
}

function Invoke-Docs {
    $helpOut = Join-Path $ModuleOut 'en-US'
    if (-not (Test-Path (Join-Path $ModuleOut 'GeminiRealtime.psd1'))) { throw 'Build the module first (./build.ps1 Build).' }
    $compiler = Join-Path $Root 'tools/HelpCompiler.psm1'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($ModuleOut)/GeminiRealtime.psd1'
Import-Module '$compiler'
`$null = New-Item -ItemType Directory -Force -Path '$helpOut'
ConvertTo-MamlHelp -MarkdownPath '$Root/docs/en-US' -ModuleName '$ModuleName' -OutputPath '$helpOut' | Out-Null
ConvertTo-AboutHelpText -MarkdownPath '$Root/docs/en-US' -OutputPath '$helpOut' | Out-Null
"@
    Invoke-Pwsh -NoProfile -NonInteractive -Command $script | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Compiling help failed (exit code $LASTEXITCODE)." }
}

function Invoke-XunitTests {
    $results = Join-Path $Out 'test-results'
    $null = New-Item -ItemType Directory -Force -Path $results
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test $TestProject -c $Configuration --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Name = 'xunit (no results: the test run did not start)' } }
    [xml] $report = Get-Content -Raw $trx
    $counters = $report.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Name = 'xunit' }
}

function Invoke-PesterTests {
    $pester = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) {
        # PackageDownload in the test project puts Pester into the NuGet cache.
        Invoke-Native dotnet @('restore', $TestProject, '--nologo', '-v', 'quiet')
    }
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not found at $pester." }
    $paths = if ($PesterPath) { $PesterPath -split ',' | ForEach-Object { (Resolve-Path $_).Path } } else { @(Get-ChildItem (Join-Path $Root 'tests') -Filter '*.Tests.ps1' | ForEach-Object FullName) }
    $summary = Join-Path $Out 'test-results/pester-summary.json'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $summary)
    if (Test-Path $summary) { Remove-Item $summary }
    $pathList = ($paths | ForEach-Object { "'$_'" }) -join ','
    $script = @"
`$ErrorActionPreference = 'Stop'
`$env:GEMINIREALTIME_MODULE = '$ModuleOut/GeminiRealtime.psd1'
Import-Module '$pester' -RequiredVersion 5.7.1
`$config = New-PesterConfiguration
`$config.Run.Path = @($pathList)
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$Out/test-results/pester.xml'
`$result = Invoke-Pester -Configuration `$config
[pscustomobject]@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount } |
    ConvertTo-Json | Set-Content '$summary'
"@
    Invoke-Pwsh -NoProfile -NonInteractive -Command $script | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Name = 'Pester (no results: the run did not finish)' } }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Name = 'Pester' }
}

function Invoke-Test {
    Invoke-Build
    $parts = @()
    if (-not $SkipXunit) { $parts += Invoke-XunitTests }
    $parts += Invoke-PesterTests
    $passed = ($parts | Measure-Object Passed -Sum).Sum
    $failed = ($parts | Measure-Object Failed -Sum).Sum
    foreach ($part in $parts) { Write-Host ('{0}: {1} passed, {2} failed' -f $part.Name, $part.Passed, $part.Failed) }
    $line = '{0} passed, {1} failed' -f $passed, $failed
    Set-Content -Path (Join-Path $Out 'test-results/summary.txt') -Value $line
    Write-Host $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Chat {
    Invoke-Build
    # With a key, a microphone and a speaker: a spoken conversation. Otherwise a text chat (against the bundled
    # emulator when no key is set; Start-GeminiChat says so).
    $script = @"
Import-Module '$ModuleOut/GeminiRealtime.psd1'
`$key = if (`$env:GEMINI_API_KEY) { `$env:GEMINI_API_KEY } else { `$env:GOOGLE_API_KEY }
`$devices = if (`$key) { @(Get-GeminiAudioDevice -ErrorAction SilentlyContinue) } else { @() }
if (`$key -and (`$devices | Where-Object Kind -eq 'Input') -and (`$devices | Where-Object Kind -eq 'Output')) {
    Write-Host 'Voice conversation: speak after the prompt; say "stop listening" or press Ctrl+C to leave. (Start-GeminiChat for text.)'
    Start-GeminiVoice
}
else {
    if (`$key) { Write-Host 'No microphone and speaker found: text chat instead (Get-GeminiAudioDevice lists devices).' }
    Start-GeminiChat
}
"@
    Invoke-Pwsh -NoProfile -NoExit -Command $script
}

function Invoke-Package {
    Invoke-Build
    # out/repository is a local file repository: Register-PSResourceRepository -Uri <it>; Install-PSResource GeminiRealtime.
    # Packing runs in a fresh pwsh whose PSResourceGet settings live in a scratch folder (XDG_DATA_HOME), so the
    # temporary repository never touches the user's repository list (Linux/macOS; on Windows it is unregistered again).
    $repo = Join-Path $Out 'repository'
    $scratch = Join-Path $Out 'psresourceget'
    $null = New-Item -ItemType Directory -Force -Path $scratch
    $packer = Join-Path $Root 'tools/Publish-ModulePackage.ps1'
    $saved = $env:XDG_DATA_HOME
    $env:XDG_DATA_HOME = $scratch
    try {
        Invoke-Pwsh -NoProfile -NonInteractive -Command "& '$packer' -ModulePath '$ModuleOut' -OutputPath '$repo' | ForEach-Object FullName" | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Packing failed (exit code $LASTEXITCODE)." }
    }
    finally {
        $env:XDG_DATA_HOME = $saved
    }
    Get-ChildItem $repo -Filter "$ModuleName.*.nupkg" | ForEach-Object { Write-Host "Package: $($_.FullName)" -ForegroundColor Green }
}

function Invoke-Bench {
    $benchScript = Join-Path $Root 'bench/Invoke-Benchmarks.ps1'
    if (-not (Test-Path $benchScript)) { throw 'No benchmarks yet: bench/Invoke-Benchmarks.ps1 is missing.' }
    Invoke-Build
    & $benchScript -ModulePath (Join-Path $ModuleOut 'GeminiRealtime.psd1')
}

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]node_modules[\\/]' } |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Docs' { Invoke-Docs }
    'Test' { Invoke-Test }
    'Chat' { Invoke-Chat }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
}
