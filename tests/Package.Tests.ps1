#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
<#
    Packaging as users get it: the BUILT module folder is packed with tools/Publish-ModulePackage.ps1 (what
    build.ps1 Package runs; no second compile, so CI stays fast), the .nupkg goes into a temporary local file
    repository, and a FRESH pwsh whose module path is only a temp folder + $PSHOME/Modules installs it with
    Install-PSResource, imports it by name and runs a text turn against the emulator.
    Every child pwsh gets XDG_DATA_HOME (and the installing one HOME) = a TestDrive folder, so neither PSResourceGet's
    repository list nor the CurrentUser module path of the machine is touched (Linux/macOS).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = if ($env:GEMINIREALTIME_MODULE) { $env:GEMINIREALTIME_MODULE } else { Join-Path $PSScriptRoot '../out/GeminiRealtime/GeminiRealtime.psd1' }
    if (-not (Test-Path -LiteralPath $script:Manifest)) { throw "The module is not built: run 'dotnet pwsh ./build.ps1 Build' first (looked for $script:Manifest)." }
    $script:ModuleDir = Split-Path -Parent (Resolve-Path -LiteralPath $script:Manifest).Path
    $script:Version = (Import-PowerShellDataFile -LiteralPath $script:Manifest).ModuleVersion
    $script:Packer = Join-Path $PSScriptRoot '../tools/Publish-ModulePackage.ps1'
    $script:Repo = Join-Path $TestDrive 'repository'

    # Runs a script in a new pwsh (the one running these tests) with extra environment; kills it after the timeout.
    function Invoke-FreshPwsh {
        param([string] $Script, [hashtable] $Environment = @{}, [int] $TimeoutSec = 60)
        $self = (Get-Process -Id $PID).Path
        $info = [System.Diagnostics.ProcessStartInfo]::new($self)
        if ($self -match 'dotnet(\.exe)?$') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Script) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        foreach ($k in $Environment.Keys) { $info.Environment[$k] = [string]$Environment[$k] }
        # .NET answers LocalApplicationData with '' when XDG_DATA_HOME does not exist yet, and PSResourceGet then writes
        # its repository list relative to the current directory: create the folders first.
        foreach ($k in 'HOME', 'XDG_DATA_HOME') { if ($Environment.ContainsKey($k)) { $null = New-Item -ItemType Directory -Force -Path $Environment[$k] } }
        $info.WorkingDirectory = $TestDrive
        $info.Environment['NO_COLOR'] = '1'
        $p = [System.Diagnostics.Process]::Start($info)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSec * 1000)) {
            $p.Kill($true)
            throw "The child pwsh did not finish within $TimeoutSec s. Output so far: $($stdout.Result) $($stderr.Result)"
        }
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Out = $stdout.Result; Err = $stderr.Result }
    }
}

Describe 'Packaging (Publish-PSResource / Install-PSResource)' {
    It 'packs the built module into GeminiRealtime.<version>.nupkg with the manifest metadata' {
        $packData = Join-Path $TestDrive 'pack-data'
        $r = Invoke-FreshPwsh -Script "& '$script:Packer' -ModulePath '$script:ModuleDir' -OutputPath '$script:Repo' | ForEach-Object FullName" -Environment @{ XDG_DATA_HOME = $packData } -TimeoutSec 60
        $r.ExitCode | Should -Be 0 -Because "packing must succeed: $($r.Err)"
        $nupkg = Join-Path $script:Repo "GeminiRealtime.$script:Version.nupkg"
        Test-Path -LiteralPath $nupkg | Should -BeTrue

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName)
            $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'GeminiRealtime.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        foreach ($f in 'GeminiRealtime.psd1', 'GeminiRealtime.PowerShell.dll', 'GeminiRealtime.dll', 'GeminiRealtime.format.ps1xml',
            'GeminiRealtime.types.ps1xml', 'en-US/GeminiRealtime.PowerShell.dll-Help.xml', 'en-US/about_GeminiRealtime.help.txt', 'System.Text.Json.dll') {
            $entries | Should -Contain $f
        }
        $entries | Should -Not -Contain 'System.Management.Automation.dll' -Because 'the PowerShell reference assembly must never ship'
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'GeminiRealtime'
        $meta.version | Should -Be $script:Version
        $meta.tags | Should -Match 'PSModule'
        $meta.tags | Should -Match 'PSEdition_Core'
        $meta.tags | Should -Match 'PSEdition_Desktop'
        $meta.projectUrl | Should -Not -BeNullOrEmpty
        "$($meta.licenseUrl)$($meta.license.'#text')" | Should -Not -BeNullOrEmpty
        $meta.releaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'installs from a local repository into a clean module path of a fresh pwsh, imports by name and runs a text turn' {
        $nupkg = Join-Path $script:Repo "GeminiRealtime.$script:Version.nupkg"
        if (-not (Test-Path -LiteralPath $nupkg)) { throw 'The packing test did not produce the package.' }
        # PSResourceGet's CurrentUser install path on Linux/macOS is $HOME/.local/share/powershell/Modules (it reads
        # HOME, not XDG_DATA_HOME), so the child gets a scratch HOME as well.
        $home_ = Join-Path $TestDrive 'home'
        $data = Join-Path $home_ '.local/share'
        $modules = Join-Path $data 'powershell/Modules'
        $sep = [IO.Path]::PathSeparator
        $script = @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$modules' + '$sep' + (Join-Path `$PSHOME 'Modules')
Register-PSResourceRepository -Name LocalTest -Uri '$script:Repo' -Trusted
Install-PSResource -Name GeminiRealtime -Repository LocalTest -Scope CurrentUser -TrustRepository -Quiet
`$m = Import-Module GeminiRealtime -PassThru
`$e = Start-GeminiEmulator -TimeScale 0
`$s = Connect-GeminiRealtime -Endpoint `$e.Endpoint -ApiKey 'package-test-key'
`$reply = 'hello from the package' | Send-GeminiText
Disconnect-GeminiRealtime -All
Stop-GeminiEmulator
[pscustomobject]@{
    ModuleBase = `$m.ModuleBase; Version = `$m.Version.ToString(); Commands = @(`$m.ExportedCmdlets.Keys)
    Reply = `$reply.Text; ReplyType = `$reply.GetType().FullName; ListAvailable = @(Get-Module GeminiRealtime -ListAvailable | ForEach-Object ModuleBase)
} | ConvertTo-Json -Compress
"@
        $r = Invoke-FreshPwsh -Script $script -Environment @{ HOME = $home_; XDG_DATA_HOME = $data; PSModulePath = "$modules$sep$PSHOME/Modules" } -TimeoutSec 90
        $r.ExitCode | Should -Be 0 -Because "install, import and turn must succeed: $($r.Err) $($r.Out)"
        $result = ($r.Out -split "`n" | Where-Object { $_ -match '^\{' } | Select-Object -Last 1) | ConvertFrom-Json
        $expectedBase = Join-Path $modules "GeminiRealtime/$script:Version"
        $result.ModuleBase | Should -Be $expectedBase -Because 'Install-PSResource lays modules out as <Name>/<Version>/ in the CurrentUser path'
        @($result.ListAvailable) | Should -Be @($expectedBase) -Because 'only the freshly installed copy may be visible'
        $result.Version | Should -Be $script:Version
        $result.Commands | Should -Contain 'Send-GeminiText'
        $result.ReplyType | Should -Be 'GeminiRealtime.Session.GeminiReply'
        $result.Reply | Should -Be 'You said: hello from the package'
    }
}
