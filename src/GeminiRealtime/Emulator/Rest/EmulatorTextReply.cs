namespace GeminiRealtime.Emulator.Rest
{
    /// <summary>What <see cref="EmulatorTextModel"/> answers to one <c>generateContent</c>: the text, why it ended, token counts.</summary>
    internal sealed class EmulatorTextReply
    {
        public const string Stop = "STOP";
        public const string MaxTokens = "MAX_TOKENS";

        public EmulatorTextReply(string text, string finishReason, int promptTokens, int candidatesTokens)
        {
            Text = text;
            FinishReason = finishReason;
            PromptTokens = promptTokens;
            CandidatesTokens = candidatesTokens;
        }

        public string Text { get; }

        /// <summary><see cref="Stop"/> or <see cref="MaxTokens"/>.</summary>
        public string FinishReason { get; }

        public int PromptTokens { get; }

        public int CandidatesTokens { get; }

        public int TotalTokens => PromptTokens + CandidatesTokens;
    }
}
