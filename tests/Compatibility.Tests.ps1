#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
<#
    What can be checked on Linux for the hosts we cannot run here: PowerShell 7.4 (.NET 8) and Windows PowerShell 5.1
    (.NET Framework 4.x). Every shipped DLL must reference framework assemblies at 8.0.0.0 or lower (PS 7.4 ships
    8.0.x; a 9.x/10.x reference fails to load there), our assemblies must target netstandard2.0, and the .NET
    Framework-only AssemblyResolve hook must answer only for our own dependency DLLs (binding-redirect rules).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:Base = (Get-Module GeminiRealtime).ModuleBase
    $script:Dlls = @(Get-ChildItem -LiteralPath $script:Base -Filter *.dll)

    function Get-AssemblyFacts([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $refs = foreach ($h in $md.AssemblyReferences) {
                $r = $md.GetAssemblyReference($h)
                [pscustomobject]@{ Name = $md.GetString($r.Name); Version = $r.Version }
            }
            $tfm = $null
            foreach ($h in $md.GetAssemblyDefinition().GetCustomAttributes()) {
                $a = $md.GetCustomAttribute($h)
                $ctor = $md.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$a.Constructor)
                $type = $md.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$ctor.Parent)
                if ($md.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                    $blob = $md.GetBlobReader($a.Value); $null = $blob.ReadUInt16(); $tfm = $blob.ReadSerializedString()
                }
            }
            [pscustomobject]@{ References = @($refs); TargetFramework = $tfm; Version = $md.GetAssemblyDefinition().Version }
        }
        finally { $stream.Dispose() }
    }
}

Describe 'Windows PowerShell 5.1 and PowerShell 7.4 compatibility of the shipped assemblies' {
    It 'ships our two assemblies plus only netstandard2.0-compatible dependencies' {
        @($script:Dlls.Name) | Should -Contain 'GeminiRealtime.dll'
        @($script:Dlls.Name) | Should -Contain 'GeminiRealtime.PowerShell.dll'
        @($script:Dlls.Name) | Should -Not -Contain 'System.Management.Automation.dll'
        foreach ($ours in 'GeminiRealtime.dll', 'GeminiRealtime.PowerShell.dll') {
            (Get-AssemblyFacts (Join-Path $script:Base $ours)).TargetFramework | Should -Be '.NETStandard,Version=v2.0'
        }
    }

    It 'references framework assemblies at 8.0.0.0 or lower from every shipped DLL (PowerShell 7.4 runs on .NET 8)' {
        $limit = [version]'8.0.0.0'
        $bad = foreach ($dll in $script:Dlls) {
            $facts = Get-AssemblyFacts $dll.FullName
            foreach ($r in $facts.References) {
                if ($r.Name -match '^(System|Microsoft\.Bcl|Microsoft\.Extensions|Microsoft\.Win32|netstandard|mscorlib)(\.|$)' -and $r.Version -gt $limit) { "$($dll.Name) -> $($r.Name) $($r.Version)" }
            }
            if ($dll.BaseName -match '^(System|Microsoft\.Bcl)\.' -and $facts.Version -gt $limit) { "$($dll.Name) is itself $($facts.Version)" }
        }
        @($bad) | Should -BeNullOrEmpty
    }

    It 'has a module initializer that hooks AssemblyResolve only on .NET Framework' {
        $type = [GeminiRealtime.PowerShell.Internal.ModuleAssemblyResolver]
        $type.GetInterfaces().Name | Should -Contain 'IModuleAssemblyInitializer'
        $type.GetInterfaces().Name | Should -Contain 'IModuleAssemblyCleanup'
        $isFx = $type.GetProperty('IsNetFramework', [System.Reflection.BindingFlags]'Static,NonPublic').GetValue($null)
        $isFx | Should -BeFalse -Because 'this is PowerShell 7 on .NET; the hook must stay off here'
    }

    It 'resolves requests only for our dependency DLLs, with the same key token and a version at least the one asked for' {
        $type = [GeminiRealtime.PowerShell.Internal.ModuleAssemblyResolver]
        $flags = [System.Reflection.BindingFlags]'Static,NonPublic'
        $catalog = $type.GetMethod('Catalog', $flags).Invoke($null, @($script:Base))
        $catalog.Keys | Should -Contain 'System.Memory'
        $catalog.Keys | Should -Not -Contain 'GeminiRealtime'
        $find = $type.GetMethod('FindCandidate', $flags)
        $memory = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:Base 'System.Memory.dll'))
        $older = [Reflection.AssemblyName]::new($memory.FullName); $older.Version = [version]'4.0.0.0'
        $find.Invoke($null, @($catalog, $older)) | Should -Be (Join-Path $script:Base 'System.Memory.dll')
        $newer = [Reflection.AssemblyName]::new($memory.FullName); $newer.Version = [version]'99.0.0.0'
        $find.Invoke($null, @($catalog, $newer)) | Should -BeNullOrEmpty -Because 'a binding redirect never goes down'
        $foreign = [Reflection.AssemblyName]::new('System.Memory, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef')
        $find.Invoke($null, @($catalog, $foreign)) | Should -BeNullOrEmpty -Because 'another publisher''s assembly of the same name is not ours'
        $find.Invoke($null, @($catalog, [Reflection.AssemblyName]::new('Newtonsoft.Json'))) | Should -BeNullOrEmpty
    }
}
