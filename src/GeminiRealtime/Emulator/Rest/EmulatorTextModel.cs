using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace GeminiRealtime.Emulator.Rest
{
    // ============================================================================================================
    // THE EMULATOR'S DETERMINISTIC REST TEXT MODEL  (generateContent; the user docs are written from this block)
    // ============================================================================================================
    // Served for every id of TextModelCatalog on POST /{v1beta|v1|v1alpha}/models/{id}:generateContent (the request
    // checks are in EmulatorGenerateContentRequest.cs, the route in EmulatorRestRouter.cs). No randomness except the
    // responseId.
    //
    // INPUT: the text of the LAST content whose role is "user" (no role = user): its parts' text joined with "\n".
    //   Lines are split at "\n"; a line "starts with X" when, trimmed of surrounding whitespace, it begins with X
    //   (ordinal, case-sensitive: "Question:", "User:", "Model:").
    //
    // REPLY TEXT (first rule that matches wins):
    //   a. a line starts with "Question:" (the LAST such line counts) ->
    //        Answer from <model id> to "<that line after 'Question:', trimmed>" (context: <N> conversation line(s)).
    //      N = the lines of the input that start with "User:" or "Model:". "line(s)" is written as is.
    //   b. else, the LAST line that starts with "User:" contains the whole word "supervisor" (any case; the neighbours
    //      are not letters, digits or "_") ->
    //        Guidance: the user asked the supervisor: <that line after 'User:', trimmed>
    //   c. else -> NONE
    //
    // RESPONSE (200, pretty-printed like the service):
    //   {"candidates":[{"content":{"parts":[{"text":T}],"role":"model"},"finishReason":F,"index":0}],
    //    "usageMetadata":{"promptTokenCount":P,"candidatesTokenCount":C,"totalTokenCount":P+C},
    //    "modelVersion":"<model id>","responseId":"<22 random base64url characters>"}
    //   Tokens = ceil(UTF-16 units / 4): P over every text part of systemInstruction and contents (all roles, no
    //   separators), C over T. F = "STOP"; but when generationConfig.maxOutputTokens (> 0) is smaller than C, T is cut
    //   to maxOutputTokens x 4 UTF-16 units (one less rather than split a surrogate pair), C is recounted and
    //   F = "MAX_TOKENS". The reply is plain text whatever responseMimeType asks; stopSequences, thinking and
    //   temperature change nothing.
    // ============================================================================================================

    /// <summary>The deterministic text model behind the emulator's <c>generateContent</c> (see the block above).</summary>
    internal static class EmulatorTextModel
    {
        public const string QuestionPrefix = "Question:";
        public const string UserPrefix = "User:";
        public const string ModelPrefix = "Model:";
        public const string NoAnswer = "NONE";

        private static readonly Regex SupervisorWord = new Regex(@"(?<![\p{L}\p{N}_])supervisor(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Answers a checked request for <paramref name="modelId"/>.</summary>
        public static EmulatorTextReply Answer(string modelId, EmulatorGenerateContentRequest request)
        {
            string text = ReplyText(modelId, request.LastUserText);
            string finishReason = EmulatorTextReply.Stop;
            int limit = request.MaxOutputTokens;
            if (limit > 0 && Tokens(text.Length) > limit)
            {
                int cut = (int)Math.Min(text.Length, (long)limit * 4);
                if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
                text = text.Substring(0, cut);
                finishReason = EmulatorTextReply.MaxTokens;
            }
            return new EmulatorTextReply(text, finishReason, Tokens(request.PromptCharacters), Tokens(text.Length));
        }

        /// <summary>The reply text for the last user text <paramref name="input"/> (rules a, b, c).</summary>
        public static string ReplyText(string modelId, string input)
        {
            string[] lines = input.Split('\n').Select(l => l.Trim()).ToArray();
            string? question = lines.LastOrDefault(l => l.StartsWith(QuestionPrefix, StringComparison.Ordinal));
            if (question != null)
            {
                int conversation = lines.Count(l => l.StartsWith(UserPrefix, StringComparison.Ordinal) || l.StartsWith(ModelPrefix, StringComparison.Ordinal));
                return $"Answer from {modelId} to \"{question.Substring(QuestionPrefix.Length).Trim()}\" (context: {conversation} conversation line(s)).";
            }

            string? user = lines.LastOrDefault(l => l.StartsWith(UserPrefix, StringComparison.Ordinal));
            if (user != null && SupervisorWord.IsMatch(user))
            {
                return "Guidance: the user asked the supervisor: " + user.Substring(UserPrefix.Length).Trim();
            }
            return NoAnswer;
        }

        /// <summary>ceil(<paramref name="characters"/> / 4).</summary>
        public static int Tokens(int characters) => (int)(((long)characters + 3) / 4);
    }
}
