using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Completers
{
    /// <summary>
    /// Completes -Session with this process's sessions (the default one first) as <c>(Get-GeminiSession -Id N)</c>:
    /// type the id or part of the model name, Tab; the list shows id, model and state. The completion is an
    /// expression rather than a bare id so that -Session can take sessions from the pipeline without ever
    /// reinterpreting piped numbers or text as session ids.
    /// </summary>
    public sealed class SessionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            IGeminiSession? current = SessionRegistry.Default;
            var ordered = new List<IGeminiSession>();
            if (current != null) ordered.Add(current);
            foreach (IGeminiSession session in SessionRegistry.All) if (!ReferenceEquals(session, current)) ordered.Add(session);
            foreach (IGeminiSession session in ordered)
            {
                string id = session.Id.ToString(CultureInfo.InvariantCulture);
                if (!pattern.IsMatch(id) && !pattern.IsMatch(session.Model) && !pattern.IsMatch("(Get-GeminiSession -Id " + id + ")")) continue;
                string tip = $"Session {id}: {session.Model}, {session.State}{(ReferenceEquals(session, current) ? " (default)" : string.Empty)}";
                yield return new CompletionResult($"(Get-GeminiSession -Id {id})", $"{id} {session.Model} {session.State}", CompletionResultType.ParameterValue, tip);
            }
        }
    }
}
