using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiRealtime.Models
{
    /// <summary>The Live models of the Gemini API (November 2026) and lookups by id.</summary>
    public static class ModelCatalog
    {
        public const string DefaultModelId = "gemini-3.8-live";

        public static readonly IReadOnlyList<LiveModel> All = new[]
        {
            new LiveModel("gemini-3.8-live", ModelFamily.Live38, ModelStatus.Current, "GA, default, audio out only"),
            new LiveModel("gemini-3.8-live-extended-thinking", ModelFamily.Live38, ModelStatus.Current, "GA, takes thinkingLevel"),
            new LiveModel("gemini-3.1-flash-live-preview", ModelFamily.Live31, ModelStatus.Legacy, "legacy preview"),
            new LiveModel("gemini-3.5-transcribe-live", ModelFamily.Transcribe35, ModelStatus.Current, "speech to text, TEXT out"),
            new LiveModel("gemini-2.5-flash-native-audio-preview-12-2025", ModelFamily.NativeAudio25, ModelStatus.Deprecated, "deprecated, still served"),
            new LiveModel("gemini-2.5-flash-native-audio-preview-09-2025", ModelFamily.NativeAudio25, ModelStatus.Deprecated, "deprecated, still served"),
            new LiveModel("gemini-2.5-flash-native-audio-latest", ModelFamily.NativeAudio25, ModelStatus.Deprecated, "deprecated, still served"),
            new LiveModel("gemini-live-2.5-flash-preview", ModelFamily.HalfCascade, ModelStatus.Retired, "retired"),
            new LiveModel("gemini-2.0-flash-live-001", ModelFamily.HalfCascade, ModelStatus.Retired, "retired 2025-12-09"),
            new LiveModel("gemini-2.0-flash-exp", ModelFamily.HalfCascade, ModelStatus.Retired, "retired"),
            new LiveModel("gemini-2.5-flash-preview-native-audio-dialog", ModelFamily.NativeAudio25, ModelStatus.Retired, "retired"),
            new LiveModel("gemini-2.5-flash-exp-native-audio-thinking-dialog", ModelFamily.NativeAudio25, ModelStatus.Retired, "retired"),
        };

        /// <summary>The ids a user can connect to today, current ones first.</summary>
        public static IEnumerable<string> ServedIds => All.Where(m => m.IsServed).Select(m => m.Id);

        /// <summary>Strips an optional <c>models/</c> prefix.</summary>
        public static string NormalizeId(string model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            string trimmed = model.Trim();
            return trimmed.StartsWith("models/", StringComparison.Ordinal) ? trimmed.Substring("models/".Length) : trimmed;
        }

        /// <summary>The row for an id (with or without <c>models/</c>), or null for an id this table does not know.</summary>
        public static LiveModel? Find(string model)
        {
            string id = NormalizeId(model);
            return All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));
        }
    }
}
