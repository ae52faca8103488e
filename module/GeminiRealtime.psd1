@{
    RootModule           = 'GeminiRealtime.PowerShell.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '5b0f7c1e-2f4a-4c1b-9d55-6e2b8a7c3f10'
    Author               = 'GeminiRealtime.PowerShell contributors'
    CompanyName          = 'GeminiRealtime.PowerShell'
    Copyright            = '(c) GeminiRealtime.PowerShell contributors. MIT License.'
    Description          = "Google's Gemini Live API (realtime BidiGenerateContent WebSocket) from PowerShell: text and voice chat, replies as objects, scriptblock tools, and an offline emulator of the service."
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('GeminiRealtime.format.ps1xml')
    TypesToProcess       = @('GeminiRealtime.types.ps1xml')
    CmdletsToExport      = @(
        'Send-GeminiAudio'
        'Get-GeminiAudioDevice'
        'Start-GeminiChat'
        'Start-GeminiEmulator'
        'Stop-GeminiEmulator'
        'Wait-GeminiEmulator'
        'Send-GeminiImage'
        'Receive-GeminiMessage'
        'Connect-GeminiRealtime'
        'Disconnect-GeminiRealtime'
        'New-GeminiEphemeralToken'
        'Start-GeminiScreenShare'
        'Stop-GeminiScreenShare'
        'Get-GeminiSession'
        'Send-GeminiText'
        'Get-GeminiTool'
        'Register-GeminiTool'
        'Unregister-GeminiTool'
        'Set-GeminiToolPolicy'
        'Wait-GeminiTurn'
        'Start-GeminiVoice'
        'Get-GeminiTranscript'
        'Export-GeminiTranscript'
        'Import-GeminiTranscript'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Gemini', 'GeminiLive', 'Realtime', 'WebSocket', 'AI', 'Voice', 'LLM', 'Google', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/GeminiRealtime/GeminiRealtime.PowerShell'
            ReleaseNotes = 'Foundation: Live protocol engine, text chat, replies as objects, strict offline emulator.'
        }
    }
}
