using System;
using System.Management.Automation;
using System.Threading.Tasks;
using GeminiRealtime.Emulator;
using GeminiRealtime.PowerShell.Internal;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Blocks until the emulator stops, the timeout passes, or Ctrl+C (which stops it): for running it standalone.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "GeminiEmulator")]
    [OutputType(typeof(GeminiEmulator))]
    public sealed class WaitGeminiEmulatorCommand : GeminiCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GeminiEmulator? InputObject { get; set; }

        /// <summary>Seconds to wait; default: until stopped.</summary>
        [Parameter]
        [ValidateRange(1, 2147483)]
        public int? TimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            GeminiEmulator? emulator = InputObject;
            if (emulator == null)
            {
                var all = EmulatorRegistry.All;
                if (all.Count == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("No emulator is running: start one with Start-GeminiEmulator."),
                        "GeminiNoEmulator", ErrorCategory.ObjectNotFound, null));
                    return;
                }
                emulator = all[all.Count - 1];
            }
            Host.UI.WriteLine($"Gemini Live emulator listening on {emulator.Endpoint}  (Ctrl+C stops it)");
            try
            {
                Task timeout = TimeoutSec.HasValue ? Task.Delay(TimeSpan.FromSeconds(TimeoutSec.Value), StopToken) : Task.Delay(-1, StopToken);
                Wait(Task.WhenAny(emulator.Completion, timeout));
                if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            }
            catch (PipelineStoppedException)
            {
                emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
                EmulatorRegistry.Remove(emulator);
                throw;
            }
            WriteObject(emulator);
        }
    }
}
