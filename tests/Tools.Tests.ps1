#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Tools as scriptblocks, end to end through the emulator: schema inference (what Get-GeminiTool shows AND what reached
# the emulator's setup), where handlers run (the waiting command's pipeline thread, the caller's scope), every way a
# call ends (output, throw, timeout, cancellation, unknown tool, policy, no waiter), NON_BLOCKING scheduling, several
# calls per message, output caps and Google Search grounding.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
    $script:marks = Join-Path ([IO.Path]::GetTempPath()) ("gemini-tools-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $script:marks

    function Connect-ToolSession {
        param([hashtable] $Extra = @{})
        Connect-GeminiRealtime -Endpoint $script:emulator.Endpoint -ApiKey $script:key @Extra
    }

    # The last setup the emulator received (the session just connected), parsed.
    function Get-LastSetup {
        $frame = $script:emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '^\s*\{\s*"setup"' } | Select-Object -Last 1
        ($frame.Text | ConvertFrom-Json).setup
    }

    # Every toolResponse the emulator received for a call id on the newest connection (ids repeat per session), parsed.
    # The client's send completes when the frame is on the socket; the emulator logs it when its read loop takes it,
    # which can be later on a loaded machine: poll the traffic (bounded) until the frame is there. -WaitSec is how long
    # a missing response is waited for (short where the test expects none).
    function Get-ToolResponse([string] $Id, [double] $WaitSec = 5) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while ($true) {
            $traffic = $script:emulator.Traffic
            $connection = ($traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '^\s*\{\s*"setup"' } | Select-Object -Last 1).ConnectionId
            $found = @($traffic |
                Where-Object { $_.ConnectionId -eq $connection -and $_.Direction -eq 'ClientToServer' -and $_.Text -match '"toolResponse"' -and $_.Text.Contains($Id) } |
                ForEach-Object { ($_.Text | ConvertFrom-Json).toolResponse.functionResponses } |
                Where-Object id -EQ $Id)
            if ($found.Count -gt 0 -or $clock.Elapsed.TotalSeconds -ge $WaitSec) { return $found }
            Start-Sleep -Milliseconds 20
        }
    }
}

AfterAll {
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    $script:emulator | Stop-GeminiEmulator -ErrorAction SilentlyContinue
    Remove-Item $script:marks -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Gemini tools' {
    AfterEach {
        Get-GeminiTool | Unregister-GeminiTool
        Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
        Set-GeminiToolPolicy Auto
    }

    Describe 'Schema inference' {
        It 'maps every parameter kind, and the same schema reaches the service in setup' {
            Register-GeminiTool -Name Kinds -ScriptBlock {
                <#
                .SYNOPSIS
                Exercises every parameter kind.
                .PARAMETER Count
                How many results.
                #>
                param(
                    [Parameter(Mandatory, HelpMessage = 'The city name')][string] $City,
                    [int] $Count = 3,
                    [double] $Ratio,
                    [switch] $Loud,
                    [bool] $Flag,
                    [string[]] $Tags,
                    [ValidateSet('C', 'F')][string] $Unit = 'C',
                    [System.DayOfWeek] $Day,
                    [hashtable] $Options = @{ Mode = 'fast'; Limits = @{ Max = 5 } },
                    [datetime] $When,
                    $Untyped
                )
            }
            $tool = Get-GeminiTool -Name Kinds
            $tool.Description | Should -Be 'Exercises every parameter kind.'
            $p = $tool.Parameters.Properties
            $tool.Parameters.Required | Should -Be @('City')
            $p['City'].Type | Should -Be 'STRING'
            $p['City'].Description | Should -Be 'The city name'
            $p['Count'].Type | Should -Be 'INTEGER'
            $p['Count'].Description | Should -Be 'How many results.'
            $p['Count'].Default.GetRawText() | Should -Be '3'
            $p['Ratio'].Type | Should -Be 'NUMBER'
            $p['Loud'].Type | Should -Be 'BOOLEAN'
            $p['Flag'].Type | Should -Be 'BOOLEAN'
            $p['Tags'].Type | Should -Be 'ARRAY'
            $p['Tags'].Items.Type | Should -Be 'STRING'
            $p['Unit'].Enum | Should -Be @('C', 'F')
            $p['Unit'].Default.GetString() | Should -Be 'C'
            $p['Day'].Enum | Should -Contain 'Monday'
            $p['Options'].Type | Should -Be 'OBJECT'
            $p['Options'].Properties['Mode'].Type | Should -Be 'STRING'
            $p['Options'].Properties['Limits'].Properties['Max'].Type | Should -Be 'INTEGER'
            $p['When'].Format | Should -Be 'date-time'
            $p['Untyped'].Type | Should -Be 'STRING'
            $tool.ParameterNames | Should -Contain 'City*'

            $null = Connect-ToolSession
            $declared = (Get-LastSetup).tools[0].functionDeclarations[0]
            $declared.name | Should -Be 'Kinds'
            $declared.description | Should -Be 'Exercises every parameter kind.'
            $declared.parameters.required | Should -Be @('City')
            $declared.parameters.properties.Unit.enum | Should -Be @('C', 'F')
            $declared.parameters.properties.Tags.items.type | Should -Be 'STRING'
            $declared.parameters.properties.Options.properties.Limits.properties.Max.type | Should -Be 'INTEGER'
            $declared.parameters.properties.Count.default | Should -Be 3
            # Only keys the service accepts.
            $allowed = 'type', 'format', 'description', 'enum', 'items', 'properties', 'required', 'default'
            foreach ($property in $declared.parameters.properties.PSObject.Properties) {
                $property.Value.PSObject.Properties.Name | Where-Object { $_ -notin $allowed } | Should -BeNullOrEmpty
            }
        }

        It 'builds tools from existing commands (cmdlets and functions)' {
            function global:Get-Greeting {
                <#
                .SYNOPSIS
                Greets a person.
                #>
                param([Parameter(Mandatory)][string] $Person, [ValidateSet('Hi', 'Hello')][string] $Word = 'Hello')
                "$Word, $Person"
            }
            try {
                Register-GeminiTool -Command Get-Date, Get-Greeting
                (Get-GeminiTool Get-Date).Source | Should -Be 'Cmdlet Get-Date'
                (Get-GeminiTool Get-Date).Parameters.Properties.Keys | Should -Contain 'Format'
                $greeting = Get-GeminiTool Get-Greeting
                $greeting.Description | Should -Be 'Greets a person.'
                $greeting.Parameters.Required | Should -Be @('Person')
                $greeting.Parameters.Properties['Word'].Enum | Should -Be @('Hi', 'Hello')

                $s = Connect-ToolSession
                (Get-LastSetup).tools[0].functionDeclarations.name | Should -Be @('Get-Date', 'Get-Greeting')
                $reply = 'Call Get-Greeting Ada' | Send-GeminiText -Session $s
                $reply.ToolCalls[0].Outcome | Should -Be 'Completed'
                $reply.ToolCalls[0].ResponseJson | Should -Be '{"output":"Hi, Ada"}'
            }
            finally { Remove-Item function:Get-Greeting }
        }

        It 'takes a -Parameters JSON-schema override and refuses keys the service rejects' {
            $schema = '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"q":{"type":"string","description":"Query","maxLength":40}},"required":["q"]}'
            Register-GeminiTool -Name Find -ScriptBlock { param($q) $q } -Parameters $schema -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match '\$schema'
            $tool = Get-GeminiTool Find
            $tool.ParametersOverridden | Should -BeTrue
            $tool.Parameters.Properties['q'].MaxLength | Should -Be 40

            { Register-GeminiTool -Name Bad -ScriptBlock { } -Parameters '{"type":"object","properties":{"a":{"type":"string","readOnly":true}}}' -ErrorAction Stop } |
                Should -Throw -ErrorId 'GeminiToolSchemaError,GeminiRealtime.PowerShell.Cmdlets.RegisterGeminiToolCommand' -ExpectedMessage '*readOnly*'
            Get-GeminiTool -Name Bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'validates names against the service rules' {
            { Register-GeminiTool -Name 'get weather!' -ScriptBlock { } -ErrorAction Stop } |
                Should -Throw -ErrorId 'GeminiInvalidToolName,GeminiRealtime.PowerShell.Cmdlets.RegisterGeminiToolCommand'
            { Register-GeminiTool -Name ('x' * 65) -ScriptBlock { } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*at most 64*'
            Register-GeminiTool -Name 'ns:Get-Weather.v2_x' -ScriptBlock { }
            Get-GeminiTool 'ns:*' | Should -Not -BeNullOrEmpty
        }

        It 'refuses a hashtable parameter whose keys it cannot know' {
            { Register-GeminiTool -Name Opaque -ScriptBlock { param([hashtable] $Bag) } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Bag*default*'
        }

        It 'unregisters tools' {
            Register-GeminiTool -Name One -ScriptBlock { 1 }
            Unregister-GeminiTool -Name One
            Get-GeminiTool | Should -BeNullOrEmpty
            { Unregister-GeminiTool -Name One -ErrorAction Stop } | Should -Throw -ErrorId 'GeminiToolNotFound,GeminiRealtime.PowerShell.Cmdlets.UnregisterGeminiToolCommand'
        }
    }

    Describe 'Running handlers' {
        It 'runs on the waiting pipeline thread in the caller''s scope (user variables and functions)' {
            $greeting = 'Hej'
            function Format-Reply([string] $City) { "$greeting from $City" }
            $pipelineThread = [Threading.Thread]::CurrentThread.ManagedThreadId
            Register-GeminiTool -Name Get-Weather -Description 'Current weather' -ScriptBlock {
                param([Parameter(Mandatory)][string] $City, [ValidateSet('C', 'F')][string] $Unit = 'C')
                [pscustomobject]@{ Text = (Format-Reply $City); Unit = $Unit; Thread = [Threading.Thread]::CurrentThread.ManagedThreadId; Id = $ToolCall.Id }
            }
            $s = Connect-ToolSession
            $reply = 'Is it warm? Call Get-Weather Oslo' | Send-GeminiText -Session $s
            $call = $reply.ToolCalls[0]
            $call.Outcome | Should -Be 'Completed'
            $output = ($call.ResponseJson | ConvertFrom-Json).output
            $output.Text | Should -Be 'Hej from Oslo'
            $output.Unit | Should -Be 'C'
            $output.Thread | Should -Be $pipelineThread
            $output.Id | Should -Be $call.Id
            (Get-ToolResponse $call.Id).response.output.Text | Should -Be 'Hej from Oslo'
            $reply.Text | Should -BeLike 'The Get-Weather tool returned*Hej from Oslo*'
        }

        It 'answers a handler that throws with the error message' {
            Register-GeminiTool -Name Explode -ScriptBlock { throw 'the disk is on fire' }
            $s = Connect-ToolSession
            $reply = 'please Explode' | Send-GeminiText -Session $s -WarningAction SilentlyContinue
            $reply.ToolCalls[0].Outcome | Should -Be 'Failed'
            (Get-ToolResponse $reply.ToolCalls[0].Id).response.error | Should -Be 'the disk is on fire'
        }

        It 'reports errors the handler wrote next to its output' {
            $ErrorActionPreference = 'Continue'   # the caller's preference reaches the handler: Stop would make Write-Error terminating
            Register-GeminiTool -Name Mixed -ScriptBlock { Write-Error 'half broken'; 'partial' }
            $s = Connect-ToolSession
            $reply = 'Mixed please' | Send-GeminiText -Session $s
            $response = (Get-ToolResponse $reply.ToolCalls[0].Id).response
            $response.output | Should -Be 'partial'
            $response.errors | Should -BeLike '*half broken*'
        }

        It 'stops a handler that exceeds -TimeoutSec and tells the model' {
            $marker = Join-Path $marks 'timeout-after.txt'
            $global:GeminiTimeoutMarker = $marker
            Register-GeminiTool -Name Slow -TimeoutSec 1 -ScriptBlock { Start-Sleep -Seconds 30; Set-Content $global:GeminiTimeoutMarker 'ran on' }
            $s = Connect-ToolSession
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $reply = 'run Slow now' | Send-GeminiText -Session $s -WarningAction SilentlyContinue
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $reply.ToolCalls[0].Outcome | Should -Be 'TimedOut'
            (Get-ToolResponse $reply.ToolCalls[0].Id).response.error | Should -BeLike '*did not finish within 1 s*'
            Test-Path $marker | Should -BeFalse
        }

        It 'stops a handler the service cancels: its finally runs within 100 ms, the rest never runs, nothing is answered' {
            $global:GeminiMarks = $marks
            Register-GeminiTool -Name Long-Task -ScriptBlock {
                try {
                    Set-Content (Join-Path $global:GeminiMarks 'started.txt') 'started'
                    # A scripted barge-in: new user text while the model waits for this call.
                    $null = $ToolCall.Session.SendTextAsync('never mind')
                    Start-Sleep -Seconds 20
                    Set-Content (Join-Path $global:GeminiMarks 'after.txt') 'after the cancel point'
                }
                finally {
                    Set-Content (Join-Path $global:GeminiMarks 'finally.txt') ([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds())
                }
            }
            $s = Connect-ToolSession
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $reply = 'start Long-Task' | Send-GeminiText -Session $s
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $reply.Interrupted | Should -BeTrue
            $call = $reply.ToolCalls[0]
            $call.Cancelled | Should -BeTrue
            $call.Outcome | Should -Be 'Cancelled'
            Test-Path (Join-Path $marks 'started.txt') | Should -BeTrue
            Test-Path (Join-Path $marks 'after.txt') | Should -BeFalse
            $finallyAt = [long](Get-Content (Join-Path $marks 'finally.txt'))
            $cancel = $emulator.Traffic | Where-Object { $_.Direction -eq 'ServerToClient' -and $_.Text -match 'toolCallCancellation' -and $_.Text.Contains($call.Id) } | Select-Object -Last 1
            $cancel | Should -Not -BeNullOrEmpty
            ($finallyAt - $cancel.Time.ToUnixTimeMilliseconds()) | Should -BeLessThan 100
            Get-ToolResponse $call.Id -WaitSec 0.5 | Should -BeNullOrEmpty
        }

        It 'answers a call for a tool nobody declared in this session' {
            $options = [GeminiRealtime.Session.GeminiSessionOptions]::new([GeminiRealtime.Session.ApiCredential]::FromSecret($key))
            $options.Endpoint = $emulator.Endpoint
            $declaration = [GeminiRealtime.Protocol.FunctionDeclaration]@{ Name = 'Ghost'; Description = 'Not a PowerShell tool' }
            $tool = [GeminiRealtime.Protocol.Tool]::new()
            $tool.FunctionDeclarations = [Collections.Generic.List[GeminiRealtime.Protocol.FunctionDeclaration]]::new()
            $tool.FunctionDeclarations.Add($declaration)
            $options.Tools.Add($tool)
            $s = [GeminiRealtime.Session.GeminiSession]::ConnectAsync($options, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
            try {
                $reply = 'call Ghost' | Send-GeminiText -Session $s -WarningVariable warned -WarningAction SilentlyContinue
                $reply.ToolCalls[0].Outcome | Should -Be 'UnknownTool'
                (Get-ToolResponse $reply.ToolCalls[0].Id).response.error | Should -BeLike "No PowerShell tool named 'Ghost'*"
                "$warned" | Should -Match 'Ghost'
            }
            finally { $s.Dispose() }
        }

        It 'declines calls under the Deny policy and never runs the handler' {
            $global:GeminiDenied = $false
            Register-GeminiTool -Name Remove-Everything -ScriptBlock { $global:GeminiDenied = $true }
            $s = Connect-ToolSession @{ ToolPolicy = 'Deny' }
            $reply = 'Remove-Everything now' | Send-GeminiText -Session $s -WarningAction SilentlyContinue
            $reply.ToolCalls[0].Outcome | Should -Be 'Declined'
            (Get-ToolResponse $reply.ToolCalls[0].Id).response.error | Should -BeLike '*policy (Deny)*'
            $global:GeminiDenied | Should -BeFalse
        }

        It 'declines a -RequireApproval tool when nobody can approve it (non-interactive), and Set-GeminiToolPolicy applies to a live session' {
            $global:GeminiApproved = $false
            Register-GeminiTool -Name Stop-Server -RequireApproval -ScriptBlock { $global:GeminiApproved = $true }
            Register-GeminiTool -Name Get-Time -ScriptBlock { 'noon' }
            $ps = [powershell]::Create()
            try {
                # A runspace without an interactive host: ShouldContinue cannot ask, so the call is declined.
                $null = $ps.AddScript({
                    param($manifest, $endpoint, $key)
                    Import-Module $manifest
                    Register-GeminiTool -Name Stop-Server -RequireApproval -ScriptBlock { 'stopped' }
                    $s = Connect-GeminiRealtime -Endpoint $endpoint -ApiKey $key
                    ('Stop-Server please' | Send-GeminiText -Session $s -WarningAction SilentlyContinue).ToolCalls[0]
                    $s | Disconnect-GeminiRealtime
                }).AddArgument((Join-Path (Get-Module GeminiRealtime).ModuleBase 'GeminiRealtime.psd1')).AddArgument($emulator.Endpoint).AddArgument($key)
                $record = $ps.Invoke() | Select-Object -First 1
                $record.Outcome | Should -Be 'Declined'
                $record.ResponseJson | Should -BeLike '*could not ask*'
            }
            finally { $ps.Dispose() }

            $s = Connect-ToolSession
            Set-GeminiToolPolicy Deny -Session $s
            ('Get-Time?' | Send-GeminiText -Session $s -WarningAction SilentlyContinue).ToolCalls[0].Outcome | Should -Be 'Declined'
            Set-GeminiToolPolicy Auto -Session $s
            ('Get-Time?' | Send-GeminiText -Session $s).ToolCalls[0].Outcome | Should -Be 'Completed'
        }

        It 'runs several calls of one message in order and answers each' {
            $global:GeminiOrder = [Collections.Generic.List[string]]::new()
            Register-GeminiTool -Name First -ScriptBlock { $global:GeminiOrder.Add('First'); 1 }
            Register-GeminiTool -Name Second -ScriptBlock { $global:GeminiOrder.Add('Second'); 2 }
            $s = Connect-ToolSession
            $reply = 'use Second and First' | Send-GeminiText -Session $s
            $reply.ToolCalls.Name | Should -Be @('First', 'Second')
            $reply.ToolCalls.Outcome | Should -Be @('Completed', 'Completed')
            @($global:GeminiOrder) | Should -Be @('First', 'Second')
            $reply.Text | Should -Be 'The First tool returned {"output":1}. The Second tool returned {"output":2}.'
            $toolCallFrame = $emulator.Traffic | Where-Object { $_.Direction -eq 'ServerToClient' -and $_.Text -match '"toolCall"' } | Select-Object -Last 1
            @(($toolCallFrame.Text | ConvertFrom-Json).toolCall.functionCalls).Count | Should -Be 2
        }

        It 'caps 10 MB of handler output and still answers' {
            # A small cap keeps the emulator's spoken echo of the answer short; the default cap is 32 KiB.
            Register-GeminiTool -Name Flood -MaxResponseBytes 1024 -ScriptBlock { 'x' * 10MB; 1..100000 }
            $s = Connect-ToolSession
            $reply = 'Flood me' | Send-GeminiText -Session $s -TimeoutSec 60
            $call = $reply.ToolCalls[0]
            $call.Outcome | Should -Be 'Completed'
            [Text.Encoding]::UTF8.GetByteCount($call.ResponseJson) | Should -BeLessOrEqual 1024
            ($call.ResponseJson | ConvertFrom-Json).truncated | Should -BeTrue
            (Get-ToolResponse $call.Id) | Should -Not -BeNullOrEmpty
            $s.State | Should -Be 'Open'
        }

        It 'answers calls that arrive while nothing waits once the deadline passes' {
            $global:GeminiIdleRan = $false
            Register-GeminiTool -Name Idle-Tool -ScriptBlock { $global:GeminiIdleRan = $true; 'ran' }
            $s = Connect-ToolSession @{ ToolDeadlineSec = 1 }
            'Idle-Tool please' | Send-GeminiText -Session $s -NoWait
            # At the prompt: no command waits on the session.
            $response = $null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while (-not $response -and $clock.Elapsed.TotalSeconds -lt 10) {
                Start-Sleep -Milliseconds 100
                $call = $emulator.Traffic | Where-Object { $_.Direction -eq 'ServerToClient' -and $_.Text -match '"toolCall"' } | Select-Object -Last 1
                if ($call) { $response = Get-ToolResponse (($call.Text | ConvertFrom-Json).toolCall.functionCalls[0].id) -WaitSec 0 }
            }
            $response.response.error | Should -BeLike '*no PowerShell command was waiting*'
            $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 0.9
            $global:GeminiIdleRan | Should -BeFalse
            $reply = Wait-GeminiTurn -Session $s -TimeoutSec 10
            $reply.ToolCalls[0].Outcome | Should -Be 'NoWaiter'
            $reply.Text | Should -BeLike '*no PowerShell command was waiting*'
        }
    }

    Describe 'NON_BLOCKING tools' {
        It 'declares NON_BLOCKING and answers with scheduling <Scheduling>' -ForEach @(
            @{ Scheduling = 'WhenIdle'; Wire = 'WHEN_IDLE'; Spoken = $true }
            @{ Scheduling = 'Interrupt'; Wire = 'INTERRUPT'; Spoken = $true }
            @{ Scheduling = 'Silent'; Wire = 'SILENT'; Spoken = $false }
        ) {
            Register-GeminiTool -Name Notify -Behavior NonBlocking -Scheduling $Scheduling -ScriptBlock { 'queued' }
            $s = Connect-ToolSession
            (Get-LastSetup).tools[0].functionDeclarations[0].behavior | Should -Be 'NON_BLOCKING'
            $first = 'Notify the team' | Send-GeminiText -Session $s
            $first.ToolCalls[0].Outcome | Should -Be 'Completed'
            (Get-ToolResponse $first.ToolCalls[0].Id).scheduling | Should -Be $Wire
            if ($Spoken) {
                $next = Wait-GeminiTurn -Session $s -TimeoutSec 10
                $next.Text | Should -Be 'The Notify tool returned {"output":"queued"}.'
            }
            else {
                Wait-GeminiTurn -Session $s -TimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable waited | Should -BeNullOrEmpty
                "$waited" | Should -Match 'No turnComplete'
            }
        }

        It 'never takes the turn a NON_BLOCKING result makes the model speak for the next reply (<Case>)' -ForEach @(
            @{ Case = 'after Send-GeminiText'; NoWait = $false }
            @{ Case = 'after Send-GeminiText -NoWait, whose call the next command runs'; NoWait = $true }
        ) {
            # Paced: the model is still speaking the result when the next question goes out (and it interrupts that).
            $paced = Start-GeminiEmulator -ApiKey $key -TimeScale 0.2
            try {
                $global:GeminiNotifyRuns = 0
                Register-GeminiTool -Name Notify -Behavior NonBlocking -Scheduling WhenIdle -ScriptBlock { $global:GeminiNotifyRuns++; 'queued' }
                $s = Connect-GeminiRealtime -Endpoint $paced.Endpoint -ApiKey $key
                if ($NoWait) {
                    'Notify the team' | Send-GeminiText -Session $s -NoWait
                    # The call is in (nobody has run it): the next command finds it unread and runs it first.
                    $deadline = [DateTime]::UtcNow.AddSeconds(10)
                    while ($s.ToolCalls.Open.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
                    $s.ToolCalls.Open.Count | Should -Be 1
                }
                else {
                    ('Notify the team' | Send-GeminiText -Session $s).Text | Should -Be 'You said: Notify the team'
                }
                $next = 'second question' | Send-GeminiText -Session $s -TimeoutSec 10
                $next.Text | Should -Be 'You said: second question'
                $next.Interrupted | Should -BeFalse
                $global:GeminiNotifyRuns | Should -Be 1
            }
            finally {
                $paced | Stop-GeminiEmulator
            }
        }

        It 'declares NON_BLOCKING tools as BLOCKING on a model that only supports blocking tools' {
            Register-GeminiTool -Name Notify -Behavior NonBlocking -ScriptBlock { 'ok' }
            $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -Model 'gemini-3.1-flash-live-preview' -WarningVariable warned -WarningAction SilentlyContinue
            (Get-LastSetup).tools[0].functionDeclarations[0].PSObject.Properties.Name | Should -Not -Contain 'behavior'
            "$warned" | Should -Match 'BLOCKING'
        }
    }

    Describe 'Built-in tools' {
        It 'declares Google Search and puts grounding on the reply and in the chat' {
            $s = Connect-ToolSession @{ GoogleSearch = $true }
            (Get-LastSetup).tools[0].PSObject.Properties.Name | Should -Be 'googleSearch'
            $reply = 'search for gemini live api' | Send-GeminiText -Session $s
            $reply.Grounding.WebSearchQueries | Should -Be @('gemini live api')
            $reply.Grounding.GroundingChunks.Web.Title | Should -Be @('Result 1: gemini live api', 'Result 2: gemini live api')
            $reply.Grounding.GroundingChunks[0].Web.Uri | Should -Be 'https://example.com/search/1?q=gemini%20live%20api'

            # The chat writes to the host: run it in a real pwsh and read its console output.
            $pwsh = (Get-Process -Id $PID).Path
            $prefix = @(if ($pwsh -match 'dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
            $manifest = Join-Path (Get-Module GeminiRealtime).ModuleBase 'GeminiRealtime.psd1'
            $script = "Import-Module '$manifest'; `$s = Connect-GeminiRealtime -Endpoint '$($emulator.Endpoint)' -ApiKey '$key' -GoogleSearch; 'search the web' | Start-GeminiChat -Session `$s"
            $chat = & $pwsh @prefix -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
            $chat | Should -Match 'Sources:'
            $chat | Should -Match '\[1\] Result 1: the web - https://example.com/search/1\?q=the%20web'
        }

        It 'refuses -CodeExecution where the model does not allow it' {
            { Connect-ToolSession @{ CodeExecution = $true } } | Should -Throw -ErrorId 'GeminiToolSetupInvalid,GeminiRealtime.PowerShell.Cmdlets.ConnectGeminiRealtimeCommand'
        }
    }
}
