namespace GeminiRealtime.Transcripts
{
    /// <summary>What an entry of a transcript records.</summary>
    public enum TranscriptEntryKind
    {
        /// <summary>User or model text (typed, a text part, or a transcription).</summary>
        Text,
        /// <summary>The model called a function (<see cref="TranscriptEntry.Name"/>, <see cref="TranscriptEntry.CallId"/>, arguments in <see cref="TranscriptEntry.Json"/>).</summary>
        ToolCall,
        /// <summary>The client answered a function call (the response in <see cref="TranscriptEntry.Json"/>).</summary>
        ToolResult,
        /// <summary>The service cancelled pending calls (barge-in).</summary>
        ToolCancelled,
        /// <summary>The model's turn was cut by new input (or by a lost connection).</summary>
        Interrupted,
        /// <summary>The client reconnected, resumed, re-sent a turn, or detected a stall.</summary>
        Event,
        /// <summary>The supervisor's guidance, pushed into the live session (role <see cref="TranscriptRole.Supervisor"/>).</summary>
        Guidance,
    }
}
