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

        /// <summary>Connection lifetime in seconds (goAway, then 1011 "Deadline expired…"); 0 = unlimited. Default 600.</summary>
        [Parameter]
        [ValidateRange(0.0, 86400.0)]
        public double LifetimeSeconds { get; set; } = 600;

        /// <summary>Seconds before the end of a lifetime that goAway {timeLeft} is sent; 0 = none. Default 50.</summary>
        [Parameter]
        [ValidateRange(0.0, 86400.0)]
        public double GoAwaySeconds { get; set; } = 50;

        /// <summary>Drop the connection without a close frame (client sees 1006) after every n-th server message.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int DropEvery { get; set; }

        /// <summary>Close with -FailWith after every n-th server message.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int FailEvery { get; set; }

        /// <summary>The close code of -FailEvery (default 1011); 1000, 1007 and 1008 get the service's reason too.</summary>
        [Parameter]
        [ValidateSet("1000", "1007", "1008", "1011")]
        public int FailWith { get; set; } = 1011;

        /// <summary>Leave every n-th user turn unanswered on an open socket (a stall).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int StallEvery { get; set; }

        /// <summary>Seconds a resumption handle stays valid (default 7200, as the service); older handles get 1008 session not found.</summary>
        [Parameter]
        [ValidateRange(0.001, 1000000.0)]
        public double HandleLifetimeSeconds { get; set; } = 7200;

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"127.0.0.1:{(Port == 0 ? "(any free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}", "Start the Gemini Live emulator")) return;
            if (ApiKey != null && string.IsNullOrWhiteSpace(Secrets.ToPlainText(ApiKey)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-ApiKey is empty. Give the one key the emulator should accept, or leave -ApiKey out to accept any non-empty key."),
                    "GeminiEmulatorEmptyApiKey", ErrorCategory.InvalidArgument, null));
                return;
            }
            var options = new EmulatorOptions
            {
                Port = Port,
                ApiKey = Secrets.ToPlainText(ApiKey),
                TimeScale = TimeScale,
                MaxConcurrentSessions = MaxSessions,
                LifetimeSeconds = LifetimeSeconds,
                GoAwaySeconds = GoAwaySeconds,
                DropEvery = DropEvery,
                FailEvery = FailEvery,
                FailWith = FailWith,
                StallEvery = StallEvery,
                HandleLifetimeSeconds = HandleLifetimeSeconds,
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
            catch (ArgumentException ex)
            {
                // Bad options, e.g. a retired model in -Model: the engine says which.
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiEmulatorInvalidOption", ErrorCategory.InvalidArgument, null));
                return;
            }
            EmulatorRegistry.Add(emulator);
            WriteVerbose($"Emulator listening on {emulator.Endpoint} ({(options.ApiKey == null ? "any non-empty key" : "one key")} accepted).");
            WriteObject(emulator);
        }
    }
}
