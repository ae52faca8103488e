using System;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Vision;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Shares the screen (or a monitor, a region or a window) with a session in the background: captures at most once a
    /// second, skips frames that did not change, sends the rest as JPEG realtimeInput.video. Returns the share object.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "GeminiScreenShare", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ScreenSet)]
    [OutputType(typeof(ScreenShare))]
    public sealed class StartGeminiScreenShareCommand : SessionCmdlet
    {
        private const string ScreenSet = "Screen";
        private const string MonitorSet = "Monitor";
        private const string WindowSet = "Window";
        private const string RegionSet = "Region";

        /// <summary>Time between captures: 1s or more (e.g. 1s, 2.5s, 1m, or a TimeSpan).</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan Interval { get; set; } = ScreenShareOptions.MinimumInterval;

        /// <summary>Share one monitor (0-based).</summary>
        [Parameter(ParameterSetName = MonitorSet, Mandatory = true)]
        [ValidateRange(0, 63)]
        public int Monitor { get; set; }

        /// <summary>Share the first visible window whose title contains this text (case-insensitive).</summary>
        [Parameter(ParameterSetName = WindowSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Window { get; set; }

        /// <summary>Share a rectangle of the screen: x, y, width, height in pixels.</summary>
        [Parameter(ParameterSetName = RegionSet, Mandatory = true)]
        [ValidateCount(4, 4)]
        public int[]? Region { get; set; }

        /// <summary>The longest side of a sent frame in pixels.</summary>
        [Parameter]
        [ValidateRange(64, 4096)]
        public int MaxSize { get; set; } = ImageEncoderOptions.DefaultMaxSize;

        protected override void ProcessRecord()
        {
            IGeminiSession session = ResolveSession();
            if (Interval < ScreenShareOptions.MinimumInterval)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be at least 1 second: the Live API takes about one frame a second."),
                    "GeminiScreenShareIntervalTooShort", ErrorCategory.InvalidArgument, Interval));
            }
            var target = new ScreenCaptureTarget();
            switch (ParameterSetName)
            {
                case MonitorSet: target.Monitor = Monitor; break;
                case WindowSet: target.WindowTitle = Window; break;
                case RegionSet:
                    try
                    {
                        target.Region = new CaptureRegion(Region![0], Region[1], Region[2], Region[3]);
                    }
                    catch (ArgumentOutOfRangeException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "GeminiScreenShareInvalidRegion", ErrorCategory.InvalidArgument, Region));
                    }
                    break;
            }
            var options = new ScreenShareOptions { Interval = Interval, Target = target, Encoder = new ImageEncoderOptions { MaxSize = MaxSize } };
            if (!ShouldProcess($"session {session.Id} ({session.Model})", $"Share the {target} every {Interval.TotalSeconds:0.###} s")) return;

            ScreenShare? share = Start(this, session, options);
            if (share != null) WriteObject(share);
        }

        /// <summary>Starts a share for Start-GeminiScreenShare and Connect-GeminiRealtime -ShareScreen; writes a non-terminating error and returns null when it cannot.</summary>
        internal static ScreenShare? Start(GeminiCmdlet cmdlet, IGeminiSession session, ScreenShareOptions options)
        {
            ScreenShare? existing = ScreenShareRegistry.For(session);
            if (existing != null)
            {
                if (existing.State == ScreenShareState.Running || existing.State == ScreenShareState.Starting)
                {
                    cmdlet.WriteError(ScreenShareErrors.AlreadySharing(existing));
                    return null;
                }
                ScreenShareRegistry.Remove(existing);   // ended by itself earlier: forget it
            }
            if (!session.HasContextCompression()) cmdlet.WriteWarning(ScreenShareErrors.NoCompressionWarning);

            ScreenShare share;
            try
            {
                share = cmdlet.WaitFor(ScreenShare.StartAsync(session, options, cmdlet.StoppingToken));
            }
            catch (ScreenCaptureException ex)
            {
                cmdlet.WriteError(ScreenShareErrors.CaptureFailed(ex, options.Target));
                return null;
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is InvalidOperationException)
            {
                cmdlet.WriteError(ErrorRecords.From(ex, session));
                return null;
            }
            ScreenShareRegistry.Add(share);
            cmdlet.WriteVerbose($"Session {session.Id}: sharing {share.Description} every {share.Interval.TotalSeconds:0.###} s; first frame {share.LastFrameSize} sent as realtimeInput.video.");
            return share;
        }
    }
}
