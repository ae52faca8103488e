#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Send-GeminiImage, Start-/Stop-GeminiScreenShare and Connect-GeminiRealtime -ShareScreen/-MediaResolution as users run
# them: the built module, the emulator over a real socket, and (when Xvfb is installed) a real X server started here.
# The emulator answers a question about a frame with "I see a <W>x<H> image, mostly <colour>.", which proves which
# frame arrived and at what size.

BeforeDiscovery {
    $script:HasXvfb = [bool](Get-Command Xvfb -ErrorAction SilentlyContinue) -and [bool](Get-Command xsetroot -ErrorAction SilentlyContinue)
    $script:HasXlogo = [bool](Get-Command xlogo -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-GeminiModule
    $script:key = Get-FakeKey
    $script:emulator = Start-GeminiEmulator -ApiKey $script:key -TimeScale 0
    $moduleDir = Split-Path (Get-Module GeminiRealtime).Path
    Add-Type -Path (Join-Path $moduleDir 'SixLabors.ImageSharp.dll')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("gemini-vision-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:work

    function script:New-TestImage([string] $Name, [int] $Width, [int] $Height, [byte[]] $Rgb, [ValidateSet('png', 'jpg')] [string] $Format = 'png') {
        $pixel = [SixLabors.ImageSharp.PixelFormats.Rgb24]::new($Rgb[0], $Rgb[1], $Rgb[2])
        $image = [SixLabors.ImageSharp.Image[SixLabors.ImageSharp.PixelFormats.Rgb24]]::new($Width, $Height, $pixel)
        try {
            $path = Join-Path $script:work $Name
            if ($Format -eq 'png') { [SixLabors.ImageSharp.ImageExtensions]::SaveAsPng($image, $path) }
            else { [SixLabors.ImageSharp.ImageExtensions]::SaveAsJpeg($image, $path) }
            Get-Item $path
        }
        finally { $image.Dispose() }
    }

    # The realtimeInput.video frames the emulator received on the latest connection.
    function script:Get-VideoFrames {
        $last = ($script:emulator.Traffic | Where-Object Direction -eq 'ClientToServer' | Select-Object -Last 1).ConnectionId
        $script:emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.ConnectionId -eq $last -and $_.Text -match '"video"' } |
            ForEach-Object { ($_.Text | ConvertFrom-Json).realtimeInput.video }
    }
}

AfterAll {
    Stop-GeminiScreenShare -All -ErrorAction SilentlyContinue
    Disconnect-GeminiRealtime -All -ErrorAction SilentlyContinue
    Stop-GeminiEmulator -ErrorAction SilentlyContinue
    if ($script:work) { Remove-Item $script:work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Send-GeminiImage' {
    BeforeEach { $script:session = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key }
    AfterEach { Disconnect-GeminiRealtime -All }

    It 'sends a PNG as one JPEG realtimeInput.video and returns the reply to the default prompt' {
        $png = New-TestImage red.png 640 480 255, 0, 0
        $reply = Send-GeminiImage -Path $png.FullName
        $reply | Should -BeOfType ([GeminiRealtime.Session.GeminiReply])
        $reply.Text | Should -Be 'I see a 640x480 image, mostly red.'
        $frames = @(Get-VideoFrames)
        $frames.Count | Should -Be 1
        $frames[0].mimeType | Should -Be 'image/jpeg'
        $bytes = [Convert]::FromBase64String($frames[0].data)
        $bytes[0..2] | Should -Be @(0xFF, 0xD8, 0xFF)
    }

    It 'passes a JPEG that already fits through byte for byte, from a FileInfo on the pipeline' {
        $jpg = New-TestImage green.jpg 320 200 0, 200, 0 -Format jpg
        $reply = Get-Item $jpg.FullName | Send-GeminiImage -Prompt 'What is in the picture?'
        $reply.Text | Should -Be 'I see a 320x200 image, mostly green.'
        [Convert]::FromBase64String((Get-VideoFrames).data) | Should -Be ([IO.File]::ReadAllBytes($jpg.FullName))
    }

    It 'scales a huge image to 1024 px on the long side by default, and to -MaxSize when given' {
        $huge = New-TestImage huge.png 4000 3000 0, 0, 255
        (Send-GeminiImage $huge.FullName).Text | Should -Be 'I see a 1024x768 image, mostly blue.'
        Start-Sleep -Milliseconds 1100   # the emulator sees at most 2 frames a second
        (Send-GeminiImage $huge.FullName -MaxSize 512).Text | Should -Be 'I see a 512x384 image, mostly blue.'
        $sizes = Get-VideoFrames | ForEach-Object { [Convert]::FromBase64String($_.data).Length }
        $sizes | ForEach-Object { $_ | Should -BeLessOrEqual (100KB) }
    }

    It 'takes bytes with -Bytes' {
        $png = New-TestImage white.png 200 100 250, 250, 250
        (Send-GeminiImage -Bytes ([IO.File]::ReadAllBytes($png.FullName)) -Prompt 'Can you see it?').Text | Should -Be 'I see a 200x100 image, mostly white.'
    }

    It 'keeps plain text turns unchanged after a frame' {
        $png = New-TestImage red2.png 64 64 255, 0, 0
        $null = Send-GeminiImage $png.FullName -NoWait
        ('hello' | Send-GeminiText).Text | Should -Be 'You said: hello'
    }

    It 'reports a corrupt file as InvalidData, sends nothing, and leaves the session working' {
        $bad = Join-Path $work 'corrupt.png'
        [IO.File]::WriteAllBytes($bad, [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]](1..100))
        $errors = $null
        $out = Send-GeminiImage $bad -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GeminiImageInvalid,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -Match 'corrupt\.png'
        @(Get-VideoFrames).Count | Should -Be 0
        $session.State | Should -Be 'Open'
        ('still there?' | Send-GeminiText).Text | Should -Be 'You said: still there?'
    }

    It 'reports a missing file as ObjectNotFound' {
        $errors = $null
        Send-GeminiImage (Join-Path $work 'nope.png') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GeminiImageNotFound,*'
    }

    It 'sends nothing under -WhatIf' {
        $png = New-TestImage whatif.png 64 64 1, 2, 3
        Send-GeminiImage $png.FullName -WhatIf | Should -BeNullOrEmpty
        @(Get-VideoFrames).Count | Should -Be 0
    }
}

Describe 'Connect-GeminiRealtime vision options' {
    AfterEach { Disconnect-GeminiRealtime -All }

    It 'sends generationConfig.mediaResolution' {
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -MediaResolution Low
        $s.Setup.GenerationConfig.MediaResolution | Should -Be 'MEDIA_RESOLUTION_LOW'
        $s.State | Should -Be 'Open'
    }
}

Describe 'Screen sharing without a display' {
    It 'fails with a clear message when DISPLAY is not set' {
        $saved = $env:DISPLAY; $savedWayland = $env:WAYLAND_DISPLAY
        try {
            $env:DISPLAY = $null; $env:WAYLAND_DISPLAY = $null
            $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
            $errors = $null
            Start-GeminiScreenShare -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'GeminiScreenCaptureUnavailable,*'
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $errors[0].Exception.Message | Should -Be 'No X display: set DISPLAY or run under Xvfb.'
            $s.State | Should -Be 'Open'
        }
        finally {
            $env:DISPLAY = $saved; $env:WAYLAND_DISPLAY = $savedWayland
            Disconnect-GeminiRealtime -All
        }
    }
}

Describe 'Screen sharing under Xvfb' -Skip:(-not $HasXvfb) {
    BeforeAll {
        $script:savedDisplay = $env:DISPLAY
        $script:savedWayland = $env:WAYLAND_DISPLAY
        $env:WAYLAND_DISPLAY = $null
        $number = 99
        while ((Test-Path "/tmp/.X11-unix/X$number") -or (Test-Path "/tmp/.X$number-lock")) { $number++ }
        $script:xvfb = Start-Process Xvfb -ArgumentList ":$number", '-screen', '0', '1280x720x24', '-nolisten', 'tcp', '-noreset' -PassThru `
            -RedirectStandardOutput (Join-Path $work 'xvfb.out') -RedirectStandardError (Join-Path $work 'xvfb.err')
        $env:DISPLAY = ":$number"
        $ready = Wait-Until { xsetroot -solid black 2>$null; $LASTEXITCODE -eq 0 } -TimeoutSec 15 -IntervalMilliseconds 100
        if (-not $ready) { throw "Xvfb :$number did not start: $(Get-Content -Raw (Join-Path $work 'xvfb.err'))" }
    }
    AfterAll {
        Stop-GeminiScreenShare -All -ErrorAction SilentlyContinue
        if ($script:xvfb -and -not $script:xvfb.HasExited) { Stop-Process -Id $script:xvfb.Id; $script:xvfb.WaitForExit(5000) }
        $env:DISPLAY = $script:savedDisplay
        $env:WAYLAND_DISPLAY = $script:savedWayland
    }
    AfterEach {
        Stop-GeminiScreenShare -All
        Disconnect-GeminiRealtime -All
    }

    It 'captures the root window, sends it scaled, and the model sees its size and colour' {
        xsetroot -solid red
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $share = Start-GeminiScreenShare -WarningAction SilentlyContinue
        $share | Should -BeOfType ([GeminiRealtime.Vision.ScreenShare])
        $share.State | Should -Be 'Running'
        $share.Description | Should -Match 'X11 .* 1280x720'
        ('What is on my screen?' | Send-GeminiText).Text | Should -Be 'I see a 1024x576 image, mostly red.'
    }

    It 'skips unchanged frames and sends a changed one' {
        xsetroot -solid green
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $share = Start-GeminiScreenShare -WarningAction SilentlyContinue
        Wait-Until { $share.FramesSkipped -ge 2 } -TimeoutSec 6 | Should -BeTrue
        $share.FramesSent | Should -Be 1
        @(Get-VideoFrames).Count | Should -Be 1

        xsetroot -solid blue
        Wait-Until { $share.FramesSent -ge 2 } -TimeoutSec 6 | Should -BeTrue
        ('What do you see now?' | Send-GeminiText).Text | Should -Be 'I see a 1024x576 image, mostly blue.'
        @(Get-VideoFrames).Count | Should -Be 2
    }

    It 'captures a region' {
        xsetroot -solid yellow
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $share = Start-GeminiScreenShare -Region 100, 50, 320, 200 -WarningAction SilentlyContinue
        $share.LastFrameSize | Should -Be '320x200'
        ('look' | Send-GeminiText).Text | Should -Be 'I see a 320x200 image, mostly yellow.'
    }

    It 'captures a window found by title' -Skip:(-not $HasXlogo) {
        xsetroot -solid blue
        $logo = Start-Process xlogo -ArgumentList '-geometry 300x200+10+10 -title "Vision Test Window"' -PassThru
        try {
            $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
            Wait-Until { xwininfo -name 'Vision Test Window' *> $null; $LASTEXITCODE -eq 0 } -TimeoutSec 10 -IntervalMilliseconds 100 | Should -BeTrue
            $share = Start-GeminiScreenShare -Window 'vision test' -WarningAction SilentlyContinue
            $share.Description | Should -BeLike "*window 'vision test'*"
            $share.LastFrameSize | Should -Be '300x200'
            ('what is it?' | Send-GeminiText).Text | Should -Be 'I see a 300x200 image, mostly white.'
        }
        finally { Stop-Process -Id $logo.Id -ErrorAction SilentlyContinue }
    }

    It 'reports a window that does not exist' {
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $errors = $null
        Start-GeminiScreenShare -Window 'no such window 4711' -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GeminiScreenCaptureFailed,*'
        $errors[0].Exception.Message | Should -Match 'no such window 4711'
    }

    It 'warns without context compression; -ShareScreen turns it on and starts sharing' {
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -ContextCompression:$false
        $warnings = $null
        $null = Start-GeminiScreenShare -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match '2 minutes'
        Stop-GeminiScreenShare
        Disconnect-GeminiRealtime

        $warnings = $null
        $s = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key -ShareScreen -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $s.Setup.ContextWindowCompression.SlidingWindow | Should -Not -BeNullOrEmpty
        Wait-Until { @(Get-VideoFrames).Count -ge 1 } -TimeoutSec 5 | Should -BeTrue
        $setup = $emulator.Traffic | Where-Object { $_.Direction -eq 'ClientToServer' -and $_.Text -match '"setup"' } | Select-Object -Last 1
        ($setup.Text | ConvertFrom-Json).setup.contextWindowCompression.PSObject.Properties.Name | Should -Contain 'slidingWindow'
        @(Get-VideoFrames).Count | Should -Be 1
    }

    It 'refuses a second share on the same session' {
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $null = Start-GeminiScreenShare -WarningAction SilentlyContinue
        $errors = $null
        Start-GeminiScreenShare -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GeminiScreenShareActive,*'
    }

    It 'leaks no threads over 20 start/stop cycles' {
        $null = Connect-GeminiRealtime -Endpoint $emulator.Endpoint -ApiKey $key
        $null = Start-GeminiScreenShare -WarningAction SilentlyContinue; Stop-GeminiScreenShare   # warm up
        $before = [Diagnostics.Process]::GetCurrentProcess().Threads.Count
        $shares = foreach ($i in 1..20) {
            Start-GeminiScreenShare -WarningAction SilentlyContinue
            Stop-GeminiScreenShare
        }
        $after = [Diagnostics.Process]::GetCurrentProcess().Threads.Count
        $shares.Count | Should -Be 20
        $shares | ForEach-Object { $_.State | Should -Be 'Stopped'; $_.WhenEnded().IsCompleted | Should -BeTrue }
        # A leak is one thread per cycle (+20); the runtime's own pools may move by a few.
        $after - $before | Should -BeLessOrEqual 4
    }
}
