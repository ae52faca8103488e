using System;
using System.Collections.Generic;
using System.Management.Automation;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>What Connect-GeminiRealtime (and Start-GeminiChat) put into <c>setup.tools</c>, checked against the model's rules (protocol.md §4.1.2, §10.2).</summary>
    internal static class ToolSetup
    {
        public const int MaxDeclarations = 512;

        /// <summary>Adds the declarations to <paramref name="options"/> and returns the session's tool set (attach it once connected).</summary>
        /// <exception cref="ArgumentException">A built-in tool the model does not allow, or too many declarations.</exception>
        public static SessionTools Apply(PSCmdlet cmdlet, GeminiSessionOptions options, IEnumerable<GeminiTool>? tools, bool googleSearch, bool codeExecution, GeminiToolPolicy? policy)
        {
            ToolRegistry registry = ToolRegistry.Current;
            var set = new SessionTools(registry, policy);
            LiveModel? model = ModelCatalog.Find(options.Model);
            var declarations = new List<FunctionDeclaration>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (GeminiTool tool in tools ?? registry.All)
            {
                if (!names.Add(tool.Name)) continue;
                GeminiToolBehavior behavior = tool.Behavior;
                if (behavior == GeminiToolBehavior.NonBlocking && model != null && !model.SupportsNonBlockingTools)
                {
                    cmdlet.WriteWarning($"{model.Id} supports only blocking tools: '{tool.Name}' is declared BLOCKING in this session (its -Scheduling is not used).");
                    behavior = GeminiToolBehavior.Blocking;
                }
                declarations.Add(tool.ToDeclaration(behavior));
                set.Add(tool, behavior);
            }
            if (declarations.Count > MaxDeclarations)
                throw new ArgumentException($"{declarations.Count} tools are registered; the service accepts at most {MaxDeclarations}. Pass -Tool with the ones this session needs.");
            if (declarations.Count > 0) options.Tools.Add(new Tool { FunctionDeclarations = declarations });
            if (googleSearch)
            {
                if (model != null && !model.SupportsGoogleSearch)
                    throw new ArgumentException($"{model.Id} does not support Google Search in the Live API; leave out -GoogleSearch or pick another model.");
                options.Tools.Add(new Tool { GoogleSearch = new GoogleSearch() });
            }
            if (codeExecution)
            {
                if (model != null && !model.SupportsCodeExecution)
                    throw new ArgumentException($"{model.Id} does not allow code execution in the Live API (only the retired half-cascade models did); leave out -CodeExecution.");
                options.Tools.Add(new Tool { CodeExecution = new CodeExecution() });
            }
            var described = new List<string>();
            foreach (FunctionDeclaration declaration in declarations)
                described.Add(declaration.Name + (declaration.Behavior == FunctionBehavior.NonBlocking ? " (NON_BLOCKING)" : string.Empty));
            if (googleSearch) described.Add("googleSearch");
            if (codeExecution) described.Add("codeExecution");
            cmdlet.WriteVerbose(described.Count == 0
                ? "Declaring no tools."
                : $"Declaring tools: {string.Join(", ", described)}; tool policy {set.EffectivePolicy}; calls nobody waits for are answered with an error after {options.UnattendedToolCallTimeout.TotalSeconds:0.###} s.");
            return set;
        }
    }
}
