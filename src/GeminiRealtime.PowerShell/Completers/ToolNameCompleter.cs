using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.PowerShell.Tools;

namespace GeminiRealtime.PowerShell.Completers
{
    /// <summary>Completes the names of the tools registered in this runspace (wildcard match, quoted when needed).</summary>
    public sealed class ToolNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            foreach (GeminiTool tool in ToolRegistry.Current.All)
            {
                if (!pattern.IsMatch(tool.Name)) continue;
                string text = tool.Name.IndexOfAny(new[] { ' ', ':', '\'' }) >= 0 ? "'" + tool.Name.Replace("'", "''") + "'" : tool.Name;
                yield return new CompletionResult(text, tool.Name, CompletionResultType.ParameterValue, $"{tool.Name} — {tool.Description}");
            }
        }
    }
}
