using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// The tools a session declared in its <c>setup</c> (a snapshot taken at Connect: later registrations do not change
    /// what the model knows), the behaviour each was declared with, and the session's own policy.
    /// </summary>
    internal sealed class SessionTools
    {
        private static readonly ConditionalWeakTable<IGeminiSession, SessionTools> BySession = new ConditionalWeakTable<IGeminiSession, SessionTools>();

        private readonly Dictionary<string, GeminiTool> _tools = new Dictionary<string, GeminiTool>(StringComparer.Ordinal);
        private readonly Dictionary<string, GeminiToolBehavior> _declaredBehavior = new Dictionary<string, GeminiToolBehavior>(StringComparer.Ordinal);

        public SessionTools(ToolRegistry registry, GeminiToolPolicy? policy)
        {
            Registry = registry;
            Policy = policy;
        }

        /// <summary>The registry whose default policy applies when <see cref="Policy"/> is null.</summary>
        public ToolRegistry Registry { get; }

        /// <summary>The session's own policy (-ToolPolicy, Set-GeminiToolPolicy -Session); null = the runspace default.</summary>
        public GeminiToolPolicy? Policy { get; set; }

        public GeminiToolPolicy EffectivePolicy => Policy ?? Registry.DefaultPolicy;

        public IReadOnlyCollection<GeminiTool> Tools => _tools.Values;

        public void Add(GeminiTool tool, GeminiToolBehavior declaredAs)
        {
            _tools[tool.Name] = tool;
            _declaredBehavior[tool.Name] = declaredAs;
        }

        public GeminiTool? Find(string name) => _tools.TryGetValue(name, out GeminiTool? tool) ? tool : null;

        public GeminiToolBehavior DeclaredBehavior(string name) =>
            _declaredBehavior.TryGetValue(name, out GeminiToolBehavior behavior) ? behavior : GeminiToolBehavior.Blocking;

        public static void Attach(IGeminiSession session, SessionTools tools)
        {
            BySession.Remove(session);
            BySession.Add(session, tools);
        }

        /// <summary>The session's tools; a session made outside Connect-GeminiRealtime gets an empty set (every call: unknown tool).</summary>
        public static SessionTools For(IGeminiSession session) =>
            BySession.GetValue(session, _ => new SessionTools(ToolRegistry.Current, null));
    }
}
