namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>Whether the model waits for the tool's answer (BLOCKING) or keeps talking (NON_BLOCKING, where the model supports it).</summary>
    public enum GeminiToolBehavior
    {
        Blocking,
        NonBlocking,
    }

    /// <summary>How a NON_BLOCKING tool's answer is used: WhenIdle (spoken after the current turn), Interrupt (cuts current output), Silent (context only).</summary>
    public enum GeminiToolScheduling
    {
        WhenIdle,
        Interrupt,
        Silent,
    }

    /// <summary>
    /// Which model-requested tool calls run: Auto (run, except tools registered with -RequireApproval, which ask),
    /// Confirm (ask before every call), Deny (run nothing; the model is told the user's policy declined it).
    /// </summary>
    public enum GeminiToolPolicy
    {
        Auto,
        Confirm,
        Deny,
    }
}
