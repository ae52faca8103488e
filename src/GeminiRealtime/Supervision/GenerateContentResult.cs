namespace GeminiRealtime.Supervision
{
    /// <summary>The first candidate of a <c>generateContent</c> answer: its text and how it ended.</summary>
    public sealed class GenerateContentResult
    {
        public GenerateContentResult(string text, string? finishReason, string? modelVersion, int? promptTokens, int? responseTokens)
        {
            Text = text;
            FinishReason = finishReason;
            ModelVersion = modelVersion;
            PromptTokens = promptTokens;
            ResponseTokens = responseTokens;
        }

        /// <summary>The candidate's text parts joined (thought parts left out).</summary>
        public string Text { get; }

        /// <summary><c>STOP</c>, <c>MAX_TOKENS</c>, <c>SAFETY</c>…</summary>
        public string? FinishReason { get; }

        public string? ModelVersion { get; }

        public int? PromptTokens { get; }

        public int? ResponseTokens { get; }
    }
}
