using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// The tools registered in one runspace (scriptblocks belong to the runspace that made them, so registries are per
    /// runspace, never process-wide) and that runspace's default tool policy.
    /// </summary>
    internal sealed class ToolRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, ToolRegistry> Registries = new ConditionalWeakTable<Runspace, ToolRegistry>();
        private static readonly ToolRegistry Detached = new ToolRegistry();

        private readonly object _gate = new object();
        private readonly List<GeminiTool> _tools = new List<GeminiTool>();

        /// <summary>The registry of the runspace running on this thread.</summary>
        public static ToolRegistry Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                return runspace == null ? Detached : Registries.GetValue(runspace, _ => new ToolRegistry());
            }
        }

        /// <summary>The policy of sessions connected without -ToolPolicy (Set-GeminiToolPolicy changes it).</summary>
        public GeminiToolPolicy DefaultPolicy { get; set; } = GeminiToolPolicy.Auto;

        public IReadOnlyList<GeminiTool> All
        {
            get { lock (_gate) return _tools.ToArray(); }
        }

        /// <summary>Adds or replaces (by name, case-insensitive); returns the replaced tool, if any.</summary>
        public GeminiTool? Set(GeminiTool tool)
        {
            lock (_gate)
            {
                int index = _tools.FindIndex(t => string.Equals(t.Name, tool.Name, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    _tools.Add(tool);
                    return null;
                }
                GeminiTool old = _tools[index];
                _tools[index] = tool;
                return old;
            }
        }

        public bool Remove(GeminiTool tool)
        {
            lock (_gate) return _tools.Remove(tool);
        }

        public List<GeminiTool> Match(string? pattern)
        {
            var matcher = string.IsNullOrEmpty(pattern) ? null : WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            lock (_gate) return _tools.FindAll(t => matcher == null || matcher.IsMatch(t.Name));
        }
    }
}
