using System;
using System.Linq;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Returns the entries of a session's transcript (user and model text, tool calls and results, interruptions, reconnects).</summary>
    [Cmdlet(VerbsCommon.Get, "GeminiTranscript")]
    [OutputType(typeof(TranscriptEntry), typeof(GeminiTranscript))]
    public sealed class GetGeminiTranscriptCommand : SessionCmdlet
    {
        /// <summary>Only entries of these roles.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public TranscriptRole[]? Role { get; set; }

        /// <summary>Only entries of these kinds.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public TranscriptEntryKind[]? Kind { get; set; }

        /// <summary>Only the last N entries (after filtering).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        /// <summary>Return the transcript object itself (for Export-GeminiTranscript or Connect-GeminiRealtime -Resume).</summary>
        [Parameter]
        public SwitchParameter AsTranscript { get; set; }

        protected override void ProcessRecord()
        {
            IGeminiSession session = ResolveSession();
            if (!(session is GeminiConversation conversation))
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"Session {session.Id} keeps no transcript (only sessions from Connect-GeminiRealtime do)."),
                    "GeminiNoTranscript", ErrorCategory.InvalidOperation, session));
                return;
            }
            if (AsTranscript)
            {
                WriteObject(conversation.Transcript);
                return;
            }
            var entries = conversation.Transcript.Entries.Where(e => (Role == null || Role.Contains(e.Role)) && (Kind == null || Kind.Contains(e.Kind))).ToList();
            if (Last > 0 && entries.Count > Last) entries = entries.Skip(entries.Count - Last).ToList();
            WriteObject(entries, enumerateCollection: true);
        }
    }
}
