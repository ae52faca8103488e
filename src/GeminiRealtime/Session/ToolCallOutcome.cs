namespace GeminiRealtime.Session
{
    /// <summary>How a function call of the model ended (see <see cref="ToolCallRecord.Outcome"/>).</summary>
    public enum ToolCallOutcome
    {
        /// <summary>Not answered yet.</summary>
        Pending,
        /// <summary>The handler ran and its output was sent as <c>{"output": …}</c>.</summary>
        Completed,
        /// <summary>The handler threw (or wrote only errors); <c>{"error": …}</c> was sent.</summary>
        Failed,
        /// <summary>The handler ran past its timeout and was stopped; <c>{"error": …}</c> was sent.</summary>
        TimedOut,
        /// <summary>The tool policy or the user declined the call; <c>{"error": …}</c> was sent.</summary>
        Declined,
        /// <summary>No tool of that name is declared for the session; <c>{"error": …}</c> was sent.</summary>
        UnknownTool,
        /// <summary>The service cancelled the call (<c>toolCallCancellation</c>); nothing was sent.</summary>
        Cancelled,
        /// <summary>No PowerShell command was waiting on the session before the deadline; the engine sent <c>{"error": …}</c>.</summary>
        NoWaiter,
        /// <summary>The user stopped the waiting command (Ctrl+C) before the call ran or finished; <c>{"error": …}</c> was sent.</summary>
        Stopped,
    }
}
