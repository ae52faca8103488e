using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Vision;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Stops screen sharing: the capture thread ends, no further frames are sent. The session stays open.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "GeminiScreenShare", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(ScreenShare))]
    public sealed class StopGeminiScreenShareCommand : GeminiCmdlet
    {
        private const string SessionSet = "Session";
        private const string ShareSet = "InputObject";
        private const string AllSet = "All";

        /// <summary>The session whose share to stop; default: the default session.</summary>
        [Parameter(ParameterSetName = SessionSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        /// <summary>Share objects from Start-GeminiScreenShare.</summary>
        [Parameter(ParameterSetName = ShareSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ScreenShare[]? InputObject { get; set; }

        /// <summary>Stop every screen share of this process.</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Return the stopped share objects (with their final counters).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var targets = new List<ScreenShare>();
            switch (ParameterSetName)
            {
                case ShareSet:
                    targets.AddRange(InputObject!);
                    break;
                case AllSet:
                    targets.AddRange(ScreenShareRegistry.All);
                    break;
                default:
                    IGeminiSession? session = Session ?? SessionRegistry.Default;
                    ScreenShare? share = session == null ? null : ScreenShareRegistry.For(session);
                    if (share == null)
                    {
                        WriteVerbose(session == null ? "There is no session, so no screen share to stop." : $"Session {session.Id} is not sharing its screen.");
                        return;
                    }
                    targets.Add(share);
                    break;
            }
            foreach (ScreenShare share in targets)
            {
                if (!ShouldProcess($"screen share {share.Id} of session {share.SessionId} ({share.Description})", "Stop sharing")) continue;
                try
                {
                    WaitFor(share.DisposeAsync().AsTask());
                }
                finally
                {
                    ScreenShareRegistry.Remove(share);
                }
                if (share.State == ScreenShareState.Failed && share.Error != null)
                    WriteWarning($"Screen share {share.Id} had already ended by itself: {share.Error.Message}");
                WriteVerbose($"Screen share {share.Id} stopped: {share.FramesCaptured} captured, {share.FramesSent} sent, {share.FramesSkipped} unchanged and skipped, {share.BytesSent} bytes.");
                if (PassThru) WriteObject(share);
            }
        }
    }
}
