using System.Management.Automation;
using GeminiRealtime.Audio;
using GeminiRealtime.PowerShell.Internal;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Lists the audio devices Start-GeminiVoice can use (-InputDevice / -OutputDevice take their Name).</summary>
    [Cmdlet(VerbsCommon.Get, "GeminiAudioDevice")]
    [OutputType(typeof(AudioDeviceInfo))]
    public sealed class GetGeminiAudioDeviceCommand : GeminiCmdlet
    {
        /// <summary>Only capture (Input) or playback (Output) devices.</summary>
        [Parameter(Position = 0)]
        public AudioDeviceKind? Kind { get; set; }

        /// <summary>Auto (Pulse on Linux, WinMM on Windows, Sox on macOS), or a backend by name.</summary>
        [Parameter]
        [ValidateSet("Auto", "Pulse", "WinMM", "Sox", "Null")]
        public string AudioBackend { get; set; } = "Auto";

        protected override void ProcessRecord()
        {
            IAudioBackend backend = AudioBackends.Create(AudioBackend);
            WriteVerbose($"Listing devices of the {backend.Name} backend.");
            try
            {
                foreach (AudioDeviceInfo device in backend.GetDevices())
                {
                    if (Kind == null || device.Kind == Kind) WriteObject(device);
                }
            }
            catch (AudioUnavailableException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiAudioUnavailable", ErrorCategory.ResourceUnavailable, backend.Name));
            }
        }
    }
}
