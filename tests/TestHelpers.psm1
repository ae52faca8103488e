# Shared set-up for the Pester suites: every test imports the BUILT module, as users do.
$script:ModuleManifest = Join-Path $PSScriptRoot '../out/GeminiRealtime/GeminiRealtime.psd1'

function Import-GeminiModule {
    if (-not (Test-Path $script:ModuleManifest)) {
        throw "The module is not built: run 'dotnet pwsh ./build.ps1 Build' first (looked for $script:ModuleManifest)."
    }
    Import-Module $script:ModuleManifest -Force -Global
}

# A key that must never show up in any output, error, verbose text or file.
$script:FakeKey = 'AIzaSyFAKE-KEY-9f8e7d6c5b4a3210-never-print-me'
function Get-FakeKey { $script:FakeKey }

Export-ModuleMember -Function Import-GeminiModule, Get-FakeKey
