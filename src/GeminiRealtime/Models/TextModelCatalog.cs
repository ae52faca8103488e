using System;
using System.Collections.Generic;
using System.Linq;

namespace GeminiRealtime.Models
{
    /// <summary>
    /// The text models served by REST <c>models/{id}:generateContent</c> (the emulator serves exactly these; the
    /// client offers them). Live models (<see cref="ModelCatalog"/>) are not served by <c>generateContent</c>.
    /// </summary>
    public static class TextModelCatalog
    {
        public static readonly IReadOnlyList<TextModel> All = new[]
        {
            new TextModel("gemini-3-pro-preview", ThinkingSupport.Level, thinkingCanBeOff: false, "most capable, preview"),
            new TextModel("gemini-3-flash-preview", ThinkingSupport.Level, thinkingCanBeOff: false, "fast, preview"),
            new TextModel("gemini-2.5-pro", ThinkingSupport.Budget, thinkingCanBeOff: false, "GA, always thinks"),
            new TextModel("gemini-2.5-flash", ThinkingSupport.Budget, thinkingCanBeOff: true, "GA, fast"),
            new TextModel("gemini-2.5-flash-lite", ThinkingSupport.Budget, thinkingCanBeOff: true, "GA, fastest and cheapest"),
        };

        /// <summary>The row for an id (with or without <c>models/</c>, see <see cref="ModelCatalog.NormalizeId"/>), or null.</summary>
        public static TextModel? Find(string model)
        {
            string id = ModelCatalog.NormalizeId(model);
            return All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));
        }
    }
}
