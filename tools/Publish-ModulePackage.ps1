#Requires -Version 7.2
<#
.SYNOPSIS
    Packs a laid-out module folder into a .nupkg with Publish-PSResource (PSResourceGet, shipped with pwsh 7.4+).
.DESCRIPTION
    Publish-PSResource wants the module folder itself: named like the module, manifest inside (no version folder;
    Install-PSResource creates <Name>/<Version>/ when it installs). It publishes to a *repository*, so this script
    registers a temporary local file repository at -OutputPath, publishes, and unregisters it again.

    Run it in a process whose PSResourceGet settings may be touched: build.ps1 Package and tests/Package.Tests.ps1
    run it in a fresh pwsh with XDG_DATA_HOME pointed at a scratch folder, so the user's repository list
    (PSResourceRepository.xml) is never changed on Linux/macOS.
.OUTPUTS
    System.IO.FileInfo - the .nupkg.
.EXAMPLE
    ./tools/Publish-ModulePackage.ps1 -ModulePath ./out/GeminiRealtime -OutputPath ./out/repository
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$name = Split-Path -Leaf $ModulePath
$manifestPath = Join-Path $ModulePath "$name.psd1"
if (-not (Test-Path -LiteralPath $manifestPath)) { throw "Publish-PSResource needs a folder named like the module with its manifest: $manifestPath is missing." }
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
    if ($manifest.ContainsKey($key) -and @($manifest[$key]) -match '\*') { throw "$key in $manifestPath uses a wildcard; list the exports explicitly." }
}
$version = $manifest.ModuleVersion
if ($version -match '\{\{') { throw "$manifestPath still has the placeholder ModuleVersion '$version'; build the module first." }

$null = New-Item -ItemType Directory -Force -Path $OutputPath
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).Path
$package = Join-Path $OutputPath "$name.$version.nupkg"
if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package -Force }

Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
$repository = "GeminiRealtimePack$PID"
Register-PSResourceRepository -Name $repository -Uri $OutputPath -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $repository -SkipDependenciesCheck
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource did not produce $package." }
Get-Item -LiteralPath $package
