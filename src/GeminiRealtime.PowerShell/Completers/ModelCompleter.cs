using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.Models;

namespace GeminiRealtime.PowerShell.Completers
{
    /// <summary>Completes Live model ids from the model table (offline, instant).</summary>
    public sealed class ModelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            foreach (LiveModel model in ModelCatalog.All)
            {
                if (!model.IsServed || !pattern.IsMatch(model.Id)) continue;
                yield return new CompletionResult(model.Id, model.Id, CompletionResultType.ParameterValue, $"{model.Id} — {model.Description}");
            }
        }
    }

    /// <summary>Completes voice names; narrows to the model's voices when -Model is already given.</summary>
    public sealed class VoiceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            IReadOnlyList<string> voices = VoiceCatalog.NativeAudioVoices;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Model") && fakeBoundParameters["Model"] is string id)
            {
                LiveModel? model = ModelCatalog.Find(id);
                if (model != null) voices = model.Voices;
            }
            foreach (string voice in voices)
            {
                if (pattern.IsMatch(voice)) yield return new CompletionResult(voice, voice, CompletionResultType.ParameterValue, voice);
            }
        }
    }

    internal static class CompletionText
    {
        public static WildcardPattern Pattern(string? word)
        {
            string trimmed = (word ?? string.Empty).Trim('\'', '"');
            return WildcardPattern.Get(trimmed + "*", WildcardOptions.IgnoreCase);
        }
    }
}
