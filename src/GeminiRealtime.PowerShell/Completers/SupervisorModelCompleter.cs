using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.Models;

namespace GeminiRealtime.PowerShell.Completers
{
    /// <summary>Completes the text models a supervisor can use (REST generateContent), from the table (offline, instant).</summary>
    public sealed class SupervisorModelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            foreach (TextModel model in TextModelCatalog.All)
            {
                if (pattern.IsMatch(model.Id)) yield return new CompletionResult(model.Id, model.Id, CompletionResultType.ParameterValue, $"{model.Id} — {model.Description}");
            }
        }
    }
}
