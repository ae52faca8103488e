using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.PowerShell.Supervision
{
    /// <summary>
    /// Runs a user's supervisor scriptblock on the pipeline thread: the parameters it declares among Transcript,
    /// Question and Session are bound by name (undeclared ones are still there as variables), and its output becomes
    /// one text (objects in their string form, one per line).
    /// </summary>
    internal static class SupervisorScript
    {
        public static string Invoke(ScriptBlock supervisor, GeminiTranscript transcript, string? question, IGeminiSession session)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Transcript"] = transcript,
                ["Question"] = question,
                ["Session"] = session,
            };
            var named = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var variables = new List<PSVariable>();
            ParamBlockAst? declared = (supervisor.Ast as ScriptBlockAst)?.ParamBlock;
            foreach (KeyValuePair<string, object?> value in values)
            {
                variables.Add(new PSVariable(value.Key, value.Value));
                if (declared == null) continue;
                foreach (ParameterAst parameter in declared.Parameters)
                {
                    if (string.Equals(parameter.Name.VariablePath.UserPath, value.Key, StringComparison.OrdinalIgnoreCase)) named[value.Key] = value.Value;
                }
            }
            // No param block: the transcript is also the first argument ($args[0]).
            Collection<PSObject> output = declared == null
                ? supervisor.InvokeWithContext(null, variables, transcript)
                : CommandSplat.Invoke(supervisor, named, variables);
            var text = new StringBuilder();
            foreach (PSObject item in output)
            {
                if (item?.BaseObject == null) continue;
                if (text.Length > 0) text.Append('\n');
                text.Append(item.ToString());
            }
            return text.ToString().Trim();
        }
    }
}
