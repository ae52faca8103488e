using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.Audio;

namespace GeminiRealtime.PowerShell.Completers
{
    /// <summary>Completes -InputDevice / -OutputDevice from the backend's device list (Get-GeminiAudioDevice).</summary>
    public sealed class AudioDeviceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            AudioDeviceKind kind = parameterName.StartsWith("Output", StringComparison.OrdinalIgnoreCase) ? AudioDeviceKind.Output : AudioDeviceKind.Input;
            string? backendName = fakeBoundParameters != null && fakeBoundParameters.Contains("AudioBackend") ? fakeBoundParameters["AudioBackend"] as string : null;
            IReadOnlyList<AudioDeviceInfo> devices;
            try
            {
                devices = AudioBackends.Create(backendName).GetDevices();
            }
            catch (Exception ex) when (ex is AudioUnavailableException || ex is ArgumentException)
            {
                yield break; // completion offers nothing rather than failing
            }
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            foreach (AudioDeviceInfo device in devices)
            {
                if (device.Kind != kind || device.Name.Length == 0 || !pattern.IsMatch(device.Name)) continue;
                string text = device.Name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',' }) >= 0 ? "'" + device.Name.Replace("'", "''") + "'" : device.Name;
                yield return new CompletionResult(text, device.Name, CompletionResultType.ParameterValue, device.Description.Length > 0 ? device.Description : device.Name);
            }
        }
    }
}
