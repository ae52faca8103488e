namespace GeminiRealtime.Emulator
{
    /// <summary>One text turn of a session's conversation (role <c>user</c> or <c>model</c>), kept for resumption.</summary>
    public sealed class EmulatorHistoryEntry
    {
        public EmulatorHistoryEntry(string role, string text)
        {
            Role = role;
            Text = text;
        }

        public string Role { get; }

        public string Text { get; }

        public override string ToString() => Role + ": " + Text;
    }
}
