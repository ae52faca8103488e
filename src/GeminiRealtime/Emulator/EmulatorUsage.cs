using System.Collections.Generic;
using System.Text;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The deterministic model's token counts: prompt = UTF-8 bytes of the prompt text / 4 + 1; TEXT reply = UTF-16
    /// units / 4 + 1; AUDIO reply = 25 tokens per second of audio, rounded up. Zero counts are left out, as the
    /// service leaves out proto defaults.
    /// </summary>
    internal static class EmulatorUsage
    {
        public const int AudioTokensPerSecond = 25;

        public static int PromptTokens(string promptText) => Encoding.UTF8.GetByteCount(promptText) / 4 + 1;

        public static int TextTokens(int characters) => characters / 4 + 1;

        public static int AudioTokens(double milliseconds) => (int)System.Math.Ceiling(milliseconds * AudioTokensPerSecond / 1000.0);

        public static UsageMetadata Build(int promptTokens, int responseTokens, string responseModality)
        {
            var usage = new UsageMetadata
            {
                PromptTokenCount = NullIfZero(promptTokens),
                ResponseTokenCount = NullIfZero(responseTokens),
                TotalTokenCount = NullIfZero(promptTokens + responseTokens),
            };
            if (promptTokens > 0)
            {
                usage.PromptTokensDetails = new List<ModalityTokenCount> { new ModalityTokenCount { Modality = Modality.Text, TokenCount = promptTokens } };
            }
            if (responseTokens > 0)
            {
                usage.ResponseTokensDetails = new List<ModalityTokenCount> { new ModalityTokenCount { Modality = responseModality, TokenCount = responseTokens } };
            }
            return usage;
        }

        private static int? NullIfZero(int value) => value == 0 ? (int?)null : value;
    }
}
