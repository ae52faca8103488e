using System;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Closes sessions normally (close code 1000) and forgets them.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "GeminiRealtime", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Session")]
    [OutputType(typeof(GeminiConversation), typeof(GeminiSession))]
    public sealed class DisconnectGeminiRealtimeCommand : GeminiCmdlet
    {
        /// <summary>Sessions to close; default: the default (last connected) session.</summary>
        [Parameter(ParameterSetName = "Session", Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(GeminiRealtime.PowerShell.Completers.SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession[]? Session { get; set; }

        /// <summary>Close every session of this process.</summary>
        [Parameter(ParameterSetName = "All", Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>Return the closed session objects.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            IGeminiSession[] targets;
            if (All) targets = new System.Collections.Generic.List<IGeminiSession>(SessionRegistry.All).ToArray();
            else if (Session != null) targets = Session;
            else if (SessionRegistry.Default is IGeminiSession current) targets = new[] { current };
            else
            {
                WriteVerbose("There is no session to disconnect.");
                return;
            }
            foreach (IGeminiSession session in targets)
            {
                if (!ShouldProcess($"session {session.Id} ({session.Model})", "Close the Gemini Live session")) continue;
                try
                {
                    WriteVerbose($"Session {session.Id}: sending close 1000 (normal closure).");
                    Wait(session.DisposeAsync().AsTask());
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    WriteError(ErrorRecords.From(ex, session));
                }
                finally
                {
                    SessionRegistry.Remove(session);
                }
                WriteVerbose($"Session {session.Id}: closed ({session.Statistics}).");
                if (session is GeminiConversation conversation && conversation.Recorder is GeminiRealtime.Audio.ConversationRecorder recorder)
                {
                    string summary = $"Session {session.Id}: recorded {recorder.Duration.TotalSeconds:0.0} s to {recorder.Path} (left: you, {recorder.UserAudio.TotalSeconds:0.0} s of audio; right: Gemini, {recorder.ModelAudio.TotalSeconds:0.0} s)";
                    // An incomplete recording is said as a warning: the notice of the moment may never have been read.
                    if (recorder.Failure != null) WriteWarning($"{summary}; the recording stopped early: {recorder.Failure.Message}");
                    else if (recorder.DroppedChunks > 0) WriteWarning($"{summary}; {recorder.DroppedChunks} audio chunk(s) were left out because the disk did not keep up.");
                    else WriteVerbose(summary + ".");
                }
                if (PassThru) WriteObject(session);
            }
        }
    }
}
