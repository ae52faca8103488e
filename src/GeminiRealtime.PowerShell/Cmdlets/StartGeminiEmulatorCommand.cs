using System;
using System.Management.Automation;
using System.Security;
using GeminiRealtime.Emulator;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Starts the offline emulator of the Live API on 127.0.0.1 and returns it (its Endpoint is the base URL to connect to).</summary>
    [Cmdlet(VerbsLifecycle.Start, "GeminiEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiEmulator))]
    public sealed class StartGeminiEmulatorCommand : PSCmdlet
    {
        /// <summary>TCP port on 127.0.0.1; 0 (default) picks a free one.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        /// <summary>The one API key the emulator accepts; default: any non-empty key.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>Model ids it serves; default: every served model of the table. Unknown ids get gemini-3.8-live's rules.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Model { get; set; }

        /// <summary>Pacing of turnComplete after reply audio: 1 = real time (as the service), 0 = no waiting (tests).</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double TimeScale { get; set; } = 1.0;

        /// <summary>Concurrent sessions before the quota close (1011); 0 = unlimited.</summary>
        [Parameter]
        [ValidateRange(0, 100000)]
        public int MaxSessions { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"127.0.0.1:{(Port == 0 ? "(any free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}", "Start the Gemini Live emulator")) return;
            var options = new EmulatorOptions
            {
                Port = Port,
                ApiKey = Secrets.ToPlainText(ApiKey),
                TimeScale = TimeScale,
                MaxConcurrentSessions = MaxSessions,
            };
            if (Model != null) foreach (string id in Model) options.Models.Add(id);
            GeminiEmulator emulator;
            try
            {
                emulator = GeminiEmulator.Start(options);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"Could not listen on 127.0.0.1:{Port}: {ex.Message}. Choose another -Port, or 0 for any free port.", ex),
                    "GeminiEmulatorPortInUse", ErrorCategory.ResourceUnavailable, Port));
                return;
            }
            EmulatorRegistry.Add(emulator);
            WriteVerbose($"Emulator listening on {emulator.Endpoint} ({(options.ApiKey == null ? "any non-empty key" : "one key")} accepted).");
            WriteObject(emulator);
        }
    }
}
