#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Bad input on every parameter of every exported cmdlet: wrong types, out-of-range numbers, empty strings, $null.
# Each must end in an ErrorRecord (terminating or not) with a FullyQualifiedErrorId, a sensible category and a message
# without stack frames ("   at ..."), never a crash, a NullReferenceException-style bug or a hang.
# Each case runs in its own pipeline on a side runspace (module imported, an emulator and a connected default session),
# bounded by a timeout, so a cmdlet that accepts bad input and then waits is caught and stopped.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    # Parameters that take an object on purpose (any value is valid), and cases where a value is fine by design.
    $script:cases = foreach ($command in Get-Command -Module GeminiRealtime -CommandType Cmdlet | Sort-Object Name) {
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name) {
            $type = $parameter.ParameterType
            $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
            $underlying = [Nullable]::GetUnderlyingType($element)
            if ($underlying) { $element = $underlying }
            $range = $parameter.Attributes | Where-Object { $_ -is [ValidateRange] } | Select-Object -First 1
            $set = $parameter.Attributes | Where-Object { $_ -is [ValidateSet] } | Select-Object -First 1
            $values = [ordered]@{}
            switch ($element) {
                ([string]) {
                    $values['empty string'] = ''
                    $values['$null'] = $null
                    if ($type.IsArray) { $values['empty array'] = [string[]]@() }
                    if ($set) { $values['a value outside the set'] = 'no-such-value' }
                }
                ({ $_ -in [int], [long], [double], [float] }) {
                    $values['a word'] = 'not-a-number'
                    if ($range) {
                        $values['below the range'] = [double]$range.MinRange - 1
                        $values['above the range'] = [double]$range.MaxRange + 1
                    }
                    else {
                        $values['-1'] = -1
                        $values['Int32.MinValue'] = [int]::MinValue
                    }
                    if ($element -in [double], [float]) { $values['NaN'] = [double]::NaN }
                }
                ([System.Management.Automation.SwitchParameter]) { $values['a word'] = 'not-a-bool' }
                ([uri]) { $values['not a URI'] = 'not a uri ::'; $values['empty string'] = ''; $values['$null'] = $null; $values['ftp URI'] = 'ftp://127.0.0.1/' }
                ([securestring]) { $values['empty string'] = ''; $values['$null'] = $null }
                ([timespan]) { $values['a word'] = 'not-a-timespan'; $values['negative'] = [timespan]::FromSeconds(-1); $values['zero'] = [timespan]::Zero }
                ([byte]) { $values['$null'] = $null; $values['empty array'] = [byte[]]@(); $values['not an image'] = [byte[]](1, 2, 3) }
                default { $values['a wrong type (string)'] = 'wrong-type'; $values['a wrong type (number)'] = 42; $values['$null'] = $null }
            }
            foreach ($label in $values.Keys) {
                @{ Command = $command.Name; Parameter = $parameter.Name; Label = $label; Value = $values[$label]; Type = $type.Name }
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    # Values a cmdlet accepts on purpose (the test passes when they are accepted).
    $script:AcceptedByDesign = @{
        'Start-GeminiChat -InputObject <empty string>' = 'an empty chat line is skipped, as at the interactive prompt'
        'Start-GeminiChat -InputObject <$null>'        = 'no line: nothing to send'
        'Start-GeminiEmulator -ApiKey <$null>'         = 'no key: the emulator accepts any key (documented)'
    }
    # Cmdlet behaviour found by this suite that needs a fix in the cmdlet layer (reported, owned by the cmdlet authors).
    # A case listed here that fails is reported as Skipped with the reason; once fixed it simply passes: remove it then.
    $script:KnownIssues = @{}

    $iss = [initialsessionstate]::CreateDefault2()
    $iss.ImportPSModule((Get-Module GeminiRealtime).Path)
    $script:side = [runspacefactory]::CreateRunspace($iss)
    $script:side.Open()

    function Invoke-Side([scriptblock] $Script, [hashtable] $Arguments = @{}) {
        $ps = [powershell]::Create()
        $ps.Runspace = $script:side
        try { $null = $ps.AddScript($Script.ToString()); foreach ($k in $Arguments.Keys) { $null = $ps.AddParameter($k, $Arguments[$k]) }; $ps.Invoke() }
        finally { $ps.Dispose() }
    }

    Invoke-Side {
        param($Key)
        $global:BadInputEmulator = Start-GeminiEmulator -ApiKey $Key -TimeScale 0
        $global:BadInputKey = $Key
    } @{ Key = $script:key }
    $script:endpoint = (Invoke-Side { $global:BadInputEmulator.Endpoint })[0]

    # Valid values for the other parameters, so that the bad one is what gets judged (and nothing reaches Google).
    $script:base = @{
        'Connect-GeminiRealtime' = @{ Endpoint = $script:endpoint; ApiKey = $script:key; TimeoutSec = 5 }
        'Start-GeminiChat'       = @{ Endpoint = $script:endpoint; ApiKey = $script:key; TimeoutSec = 5; InputObject = 'hello' }
        'Send-GeminiText'        = @{ Text = 'hello'; TimeoutSec = 5 }
        'Send-GeminiImage'       = @{ Bytes = [byte[]](1, 2, 3); TimeoutSec = 5 }
        'Receive-GeminiMessage'  = @{ TimeoutSec = 1 }
        'Wait-GeminiEmulator'    = @{ TimeoutSec = 1 }
    }

    function Invoke-BadInput([string] $Command, [string] $Parameter, $Value) {
        # An open default session for every case (a previous case may have closed or replaced it).
        if (-not $script:defaultSession -or "$($script:defaultSession.State)" -ne 'Open' -or $script:lastCommand -match 'Connect|Disconnect|Chat|Voice') {
            $script:defaultSession = Invoke-Side {
            $s = Get-GeminiSession -Default -ErrorAction SilentlyContinue
            if (-not $s -or "$($s.State)" -ne 'Open') {
                Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
                $null = Connect-GeminiRealtime -Endpoint $global:BadInputEmulator.Endpoint -ApiKey $global:BadInputKey -TimeoutSec 5
            }
            Get-GeminiSession -Default
            } | Select-Object -First 1
        }
        $script:lastCommand = $Command
        $arguments = @{}
        if ($script:base.ContainsKey($Command)) { foreach ($k in $script:base[$Command].Keys) { $arguments[$k] = $script:base[$Command][$k] } }
        # Parameters of another parameter set than the bad one would only produce an ambiguity error.
        $meta = (Get-Command $Command).Parameters
        foreach ($k in @($arguments.Keys)) {
            if ($k -eq $Parameter) { continue }
            $badSets = $meta[$Parameter].ParameterSets.Keys
            $sets = $meta[$k].ParameterSets.Keys
            if ('__AllParameterSets' -notin $badSets -and '__AllParameterSets' -notin $sets -and -not ($sets | Where-Object { $_ -in $badSets })) { $arguments.Remove($k) }
        }
        $arguments[$Parameter] = $Value

        $ps = [powershell]::Create()
        $ps.Runspace = $script:side
        $null = $ps.AddCommand($Command)
        foreach ($k in $arguments.Keys) { $null = $ps.AddParameter($k, $arguments[$k]) }
        $result = [pscustomobject]@{ Errors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new(); Hung = $false; Output = $null; Thrown = $null }
        try {
            $handle = $ps.BeginInvoke()
            if (-not $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(15))) {
                $result.Hung = $true
                $ps.Stop()
            }
            else {
                try { $result.Output = $ps.EndInvoke($handle) }
                catch {
                    $thrown = $_.Exception
                    while ($thrown -is [System.Management.Automation.MethodInvocationException] -and $thrown.InnerException) { $thrown = $thrown.InnerException }
                    $result.Thrown = $thrown
                    if ($thrown -is [System.Management.Automation.IContainsErrorRecord]) { $result.Errors.Add($thrown.ErrorRecord) }
                }
            }
            foreach ($e in $ps.Streams.Error) { $result.Errors.Add($e) }
        }
        finally {
            $ps.Dispose()
            # Stop whatever a case may have started besides the shared emulator and session.
            if ($Command -like 'Start-*') { Invoke-Side {
                Get-Command Stop-GeminiScreenShare -ErrorAction SilentlyContinue | ForEach-Object { Stop-GeminiScreenShare -All -ErrorAction SilentlyContinue }
                Stop-GeminiEmulator -ErrorAction SilentlyContinue -InputObject @(Get-Variable -Scope Global -ValueOnly -ErrorAction SilentlyContinue | Where-Object { $_ -is [GeminiRealtime.Emulator.GeminiEmulator] -and $_ -ne $global:BadInputEmulator })
            } | Out-Null }
        }
        $result
    }
}

AfterAll {
    if ($script:side) {
        $ps = [powershell]::Create(); $ps.Runspace = $script:side
        $null = $ps.AddScript('Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue; Stop-GeminiEmulator -ErrorAction SilentlyContinue')
        try { $null = $ps.Invoke() } catch { }
        $ps.Dispose()
        $script:side.Dispose()
    }
}

Describe 'Bad input on <Command>' -ForEach @($cases | Group-Object { $_.Command } | ForEach-Object { @{ Command = $_.Name; Cases = $_.Group } }) {
    It '-<Parameter> <Label> gives an actionable ErrorRecord' -ForEach $Cases {
        $r = Invoke-BadInput -Command $Command -Parameter $Parameter -Value $Value
        $id = "$Command -$Parameter <$Label>"
        $what = "$id ($Type)"
        $r.Hung | Should -BeFalse -Because "$what must fail fast, not wait"
        if ($AcceptedByDesign.ContainsKey($id) -and $r.Errors.Count -eq 0 -and -not $r.Thrown) { return }
        try {
            if ($r.Thrown -and $r.Thrown -isnot [System.Management.Automation.IContainsErrorRecord]) {
                throw "$what threw a raw $($r.Thrown.GetType().FullName) instead of an ErrorRecord: $($r.Thrown.Message)"
            }
            $r.Errors.Count | Should -BeGreaterThan 0 -Because "$what must be refused with an ErrorRecord (it was accepted; output: $($r.Output | Out-String))"
            foreach ($record in $r.Errors) {
                $record.FullyQualifiedErrorId | Should -Not -BeNullOrEmpty -Because $what
                $record.CategoryInfo.Category | Should -Not -Be 'NotSpecified' -Because "$what ($($record.FullyQualifiedErrorId): $($record.Exception.Message))"
                $text = "$record`n$($record.Exception.Message)"
                $text | Should -Not -Match '(?m)^\s+at \S+' -Because "$what must not show a stack trace"
                for ($e = $record.Exception; $e; $e = $e.InnerException) {
                    $e.GetType().FullName | Should -Not -BeIn @('System.NullReferenceException', 'System.IndexOutOfRangeException', 'System.InvalidCastException',
                        'System.Collections.Generic.KeyNotFoundException', 'System.ObjectDisposedException', 'System.NotImplementedException', 'System.AggregateException') -Because "$what ($($e.Message))"
                }
            }
        }
        catch {
            if ($KnownIssues.ContainsKey($id)) { Set-ItResult -Skipped -Because $KnownIssues[$id]; return }
            throw
        }
    }
}
