using System.Management.Automation;
using GeminiRealtime.Emulator;
using GeminiRealtime.PowerShell.Internal;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Stops emulators: their sessions are closed and the port is released.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "GeminiEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiEmulator))]
    public sealed class StopGeminiEmulatorCommand : GeminiCmdlet
    {
        /// <summary>The emulators to stop; default: every emulator started in this process.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GeminiEmulator[]? InputObject { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            GeminiEmulator[] targets = InputObject ?? new System.Collections.Generic.List<GeminiEmulator>(EmulatorRegistry.All).ToArray();
            foreach (GeminiEmulator emulator in targets)
            {
                if (!ShouldProcess(emulator.Endpoint.ToString(), "Stop the Gemini Live emulator")) continue;
                Wait(emulator.DisposeAsync().AsTask());
                EmulatorRegistry.Remove(emulator);
                WriteVerbose($"Emulator {emulator.Endpoint} stopped.");
                if (PassThru) WriteObject(emulator);
            }
        }
    }
}
